//! Lodging goods declarations, from any door: each original is routed to every agency with a stake, given its
//! lane (with its reasons; an inspection at the BCP when the lane needs one) and stored with its audit entry; an
//! amendment or invalidation is applied to the declaration it names, keeping the history. The same reference
//! from the same declarant again is answered with the first result and stored nothing.
use super::rules::goods_rules_in_force;
use super::GoodsError;
use crate::{Actor, App};
use limes_domain::goods::{Declaration, DeclarationFunction};
use limes_domain::goods_flow::{apply_amendment, trader_answer, AgencyDecision, GoodsStatus, Lane};
use limes_rules::goods::{draw_for, select, BcpCount};
use limes_store::{new_id, DeclarationVersion, Inspection, StoreError, StoredDeclaration};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most declarations in one lodgement, and items in one declaration.
pub const MAX_DECLARATIONS: usize = 100;
pub const MAX_ITEMS: usize = 999;

/// What the declarant is told about one declaration: never why it is in its lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeclarationAnswer {
    /// `accepted`, `duplicate` (lodged before: this is the first answer, nothing stored again) or `rejected`.
    pub outcome: String,
    pub reference: String,
    /// The Limes id, when stored.
    pub id: Option<String>,
    pub status: Option<GoodsStatus>,
    /// The one answer: released, under review by whom, held or refused with each agency's reason.
    pub answer: Option<String>,
    pub lane: Option<Lane>,
    pub version: Option<u32>,
    /// Why the declaration was rejected, naming the field.
    pub error: Option<String>,
    /// What the reader or the totals check noticed, for the officer.
    pub warnings: Vec<String>,
}

impl DeclarationAnswer {
    pub fn of(d: &StoredDeclaration, outcome: &str) -> DeclarationAnswer {
        DeclarationAnswer {
            outcome: outcome.into(),
            reference: d.reference.clone(),
            id: Some(d.id.clone()),
            status: Some(d.status),
            answer: Some(trader_answer(d.status, &d.agencies)),
            lane: Some(d.lane),
            version: Some(d.version),
            error: None,
            warnings: d.declaration.warnings.clone(),
        }
    }

    fn rejected(reference: &str, error: &GoodsError) -> DeclarationAnswer {
        DeclarationAnswer {
            outcome: "rejected".into(),
            reference: reference.into(),
            id: None,
            status: None,
            answer: None,
            lane: None,
            version: None,
            error: Some(error.to_string()),
            warnings: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LodgeReport {
    pub declarations: Vec<DeclarationAnswer>,
}

impl LodgeReport {
    pub fn accepted(&self) -> usize {
        self.declarations
            .iter()
            .filter(|d| d.outcome != "rejected")
            .count()
    }
}

/// The account a declaration belongs to: the user's id, or the operator's name.
pub fn lodger(who: Actor<'_>) -> String {
    match who.as_user() {
        Some(u) => u.id.clone(),
        None => who.name().to_string(),
    }
}

/// Lodge `declarations` for `who` through `channel` (`api`, `form`, `inbox`, `cli`). Each declaration gets its
/// own answer; one rejected does not stop the others. Fails only when the whole lodgement is unusable.
#[tracing::instrument(skip_all, fields(channel, count = declarations.len()))]
pub async fn lodge(
    app: &App,
    who: Actor<'_>,
    channel: &str,
    declarations: Vec<Declaration>,
) -> Result<LodgeReport, GoodsError> {
    if declarations.is_empty() {
        return Err(GoodsError::invalid("declarations", "no declaration given"));
    }
    if declarations.len() > MAX_DECLARATIONS {
        return Err(GoodsError::invalid(
            "declarations",
            format!("at most {MAX_DECLARATIONS} declarations at once"),
        ));
    }
    let mut answers = Vec::with_capacity(declarations.len());
    for (i, declaration) in declarations.into_iter().enumerate() {
        let reference = declaration.reference.clone();
        let answer = match lodge_one(app, who, channel, i, declaration).await {
            Ok(answer) => answer,
            Err(GoodsError::Store(e)) if !matches!(e, StoreError::Conflict(_)) => {
                return Err(GoodsError::Store(e))
            }
            Err(e) => DeclarationAnswer::rejected(&reference, &e),
        };
        answers.push(answer);
    }
    Ok(LodgeReport {
        declarations: answers,
    })
}

/// Lodge what a file or a request body holds, in any format customs uses (WCO Data Model XML, UN/EDIFACT CUSDEC
/// or CUSCAR, or the JSON shape `limes declaration` prints), told from its first bytes. A broken file is refused
/// whole, naming the line and column or the segment; nothing of it is stored.
#[tracing::instrument(skip_all, fields(channel, bytes = bytes.len()))]
pub async fn lodge_document(
    app: &App,
    who: Actor<'_>,
    channel: &str,
    bytes: &[u8],
) -> Result<LodgeReport, GoodsError> {
    match limes_customs::read(bytes) {
        Ok(limes_customs::Document::Declarations { declarations }) => {
            lodge(app, who, channel, declarations).await
        }
        Ok(limes_customs::Document::Notifications { .. }) => Err(GoodsError::invalid(
            "body",
            "this is a customs notification (an answer to a declaration), not a declaration to lodge",
        )),
        Err(e) => Err(GoodsError::invalid("body", e.to_string())),
    }
}

/// The declaration against the code lists (the Harmonized System, countries, package types): an error names
/// the item and the field; a warning goes to the officer with the declaration (`keep_warnings`: not for an
/// amendment, whose partial items would make the totals look wrong).
fn check_codes(i: usize, d: &mut Declaration, keep_warnings: bool) -> Result<(), GoodsError> {
    let problems = limes_customs::validate(d, limes_customs::hs::Nomenclature::embedded());
    if let Some(error) = problems
        .iter()
        .find(|p| p.severity == limes_customs::Severity::Error)
    {
        let field = match error
            .item
            .and_then(|seq| d.items.iter().position(|it| it.sequence == seq))
        {
            Some(j) => format!("declarations[{i}].items[{j}].{}", error.field),
            None => format!("declarations[{i}].{}", error.field),
        };
        return Err(GoodsError::invalid(field, error.to_string()));
    }
    if !keep_warnings {
        return Ok(());
    }
    for warning in problems {
        let text = warning.to_string();
        if !d.warnings.contains(&text) {
            d.warnings.push(text);
        }
    }
    Ok(())
}

fn check_shape(i: usize, d: &Declaration) -> Result<(), GoodsError> {
    let field = |f: &str| format!("declarations[{i}].{f}");
    let reference = d.reference.trim();
    if reference.is_empty() || reference.len() > 70 {
        return Err(GoodsError::invalid(
            field("reference"),
            "a reference of 1 to 70 characters",
        ));
    }
    if d.items.len() > MAX_ITEMS {
        return Err(GoodsError::invalid(
            field("items"),
            format!("at most {MAX_ITEMS} goods items"),
        ));
    }
    if d.function == DeclarationFunction::Original && d.items.is_empty() {
        return Err(GoodsError::invalid(
            field("items"),
            "a declaration needs at least one goods item",
        ));
    }
    for (j, item) in d.items.iter().enumerate() {
        if let Some(code) = &item.commodity_code {
            if code.len() < 6 || code.len() > 10 || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(GoodsError::invalid(
                    field(&format!("items[{j}].commodity_code")),
                    format!(
                        "item {}: '{code}' is not a commodity code of 6 to 10 digits",
                        item.sequence
                    ),
                ));
            }
        }
        if let Some(country) = &item.origin_country {
            if limes_countries::by_alpha2(country).is_none() {
                return Err(GoodsError::invalid(
                    field(&format!("items[{j}].origin_country")),
                    format!("item {}: unknown country '{country}'", item.sequence),
                ));
            }
        }
    }
    Ok(())
}

async fn lodge_one(
    app: &App,
    who: Actor<'_>,
    channel: &str,
    i: usize,
    mut declaration: Declaration,
) -> Result<DeclarationAnswer, GoodsError> {
    check_shape(i, &declaration)?;
    match declaration.function {
        DeclarationFunction::Original => check_codes(i, &mut declaration, true)?,
        // An amendment's new or changed items are held to the same code lists.
        DeclarationFunction::Amendment => check_codes(i, &mut declaration, false)?,
        DeclarationFunction::Invalidation => {}
    }
    declaration.reference = declaration.reference.trim().to_string();
    for w in declaration.totals_warnings() {
        if !declaration.warnings.contains(&w) {
            declaration.warnings.push(w);
        }
    }
    let by = lodger(who);
    match declaration.function {
        DeclarationFunction::Original => lodge_original(app, who, channel, &by, declaration).await,
        DeclarationFunction::Amendment | DeclarationFunction::Invalidation => {
            change(app, who, i, &by, declaration).await
        }
    }
}

/// The BCP a declaration is for: the office when it names a known BCP.
async fn bcp_of(app: &App, d: &Declaration) -> Result<Option<String>, GoodsError> {
    let Some(office) = d.office.as_deref().map(str::trim).filter(|o| !o.is_empty()) else {
        return Ok(None);
    };
    Ok(app.store.bcp(office).await?.map(|b| b.code))
}

async fn lodge_original(
    app: &App,
    who: Actor<'_>,
    channel: &str,
    by: &str,
    declaration: Declaration,
) -> Result<DeclarationAnswer, GoodsError> {
    if let Some(first) = app
        .store
        .declaration_by_reference(by, &declaration.reference)
        .await?
    {
        return Ok(DeclarationAnswer::of(&first, "duplicate"));
    }
    let now = app.clock.now();
    let id = new_id();
    let bcp = bcp_of(app, &declaration).await?;
    let config = &app.config.goods;
    let agencies = config.routing.route(&declaration);
    let rules = goods_rules_in_force(app, now).await?;
    let screened = super::parties::screen_parties(app, &declaration).await?;
    let context = screened.context(app);
    let nth = match &bcp {
        Some(b) => Some(app.store.declarations_at_bcp(b).await? + 1),
        None => None,
    };
    let count = bcp
        .as_deref()
        .zip(nth)
        .map(|(bcp, nth)| BcpCount { bcp, nth });
    let selection = select(
        &declaration,
        &rules,
        &context,
        &config.selectivity,
        count,
        draw_for(&id),
    );
    let stored = StoredDeclaration {
        id: id.clone(),
        lodged_by: by.to_string(),
        channel: channel.to_string(),
        reference: declaration.reference.clone(),
        bcp: bcp.clone(),
        status: GoodsStatus::UnderReview,
        lane: selection.lane,
        lane_reasons: selection.reasons.clone(),
        version: 1,
        revision: 1,
        declaration: declaration.clone(),
        agencies,
        lodged_at: now,
        updated_at: now,
        parties_screened: screened.evidence,
    };
    let first = DeclarationVersion {
        declaration_id: id.clone(),
        version: 1,
        function: DeclarationFunction::Original,
        message_reference: declaration.reference.clone(),
        by: by.to_string(),
        at: now,
        declaration,
    };
    let inspection = selection.lane.needs_inspection().then(|| Inspection {
        id: new_id(),
        declaration_id: id.clone(),
        bcp: bcp.clone(),
        lane: selection.lane,
        reasons: selection.reasons,
        created_at: now,
        result: None,
    });
    let mut audit = who.audit(now, "goods.lodge");
    audit.subject = Some(format!("declaration:{id}"));
    audit.bcp = bcp.clone().or(audit.bcp);
    audit.detail = format!(
        "reference {} via {channel}, lane {}, agencies {}",
        stored.reference,
        stored.lane.as_str(),
        stored
            .agencies
            .iter()
            .map(|a| a.agency.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    match app
        .store
        .lodge_declaration(stored.clone(), first, inspection, audit)
        .await
    {
        Ok(()) => Ok(DeclarationAnswer::of(&stored, "accepted")),
        // The same reference lodged at the same moment by a retry: answer with the one that was stored.
        Err(StoreError::Conflict(_)) => match app
            .store
            .declaration_by_reference(by, &stored.reference)
            .await?
        {
            Some(first) => Ok(DeclarationAnswer::of(&first, "duplicate")),
            None => Err(GoodsError::Conflict(format!(
                "declaration {} could not be stored: try again",
                stored.reference
            ))),
        },
        Err(e) => Err(e.into()),
    }
}

/// An amendment or invalidation request, applied to the declaration it names.
async fn change(
    app: &App,
    who: Actor<'_>,
    i: usize,
    by: &str,
    message: Declaration,
) -> Result<DeclarationAnswer, GoodsError> {
    let target = message
        .amends
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| message.reference.clone());
    let Some(mut current) = app
        .store
        .declaration_by_reference(by, target.trim())
        .await?
    else {
        return Err(GoodsError::invalid(
            format!("declarations[{i}].amends"),
            format!(
                "{} for unknown declaration {target}: nothing was lodged under that reference",
                message.function.as_str()
            ),
        ));
    };
    if current.status.is_final() {
        return Err(GoodsError::Conflict(format!(
            "declaration {} is {}: it cannot be changed",
            current.reference,
            current.status.as_str()
        )));
    }
    let now = app.clock.now();
    let action = match message.function {
        DeclarationFunction::Invalidation => {
            if current.status == GoodsStatus::Released {
                return Err(GoodsError::Conflict(format!(
                    "declaration {} was released: ask customs to invalidate it",
                    current.reference
                )));
            }
            current.status = GoodsStatus::Invalidated;
            "goods.invalidate"
        }
        _ => {
            current.declaration = apply_amendment(&current.declaration, &message);
            // Re-routed on the amended content: agencies still concerned keep their decisions.
            let routed = app.config.goods.routing.route(&current.declaration);
            current.agencies = routed
                .into_iter()
                .map(|fresh| {
                    current
                        .agencies
                        .iter()
                        .find(|old| old.agency == fresh.agency)
                        .cloned()
                        .unwrap_or(fresh)
                })
                .collect::<Vec<AgencyDecision>>();
            current.status = limes_domain::goods_flow::overall_status(&current.agencies);
            "goods.amend"
        }
    };
    current.version += 1;
    current.revision += 1;
    current.updated_at = now;
    let version = DeclarationVersion {
        declaration_id: current.id.clone(),
        version: current.version,
        function: message.function,
        message_reference: message.reference.clone(),
        by: by.to_string(),
        at: now,
        declaration: current.declaration.clone(),
    };
    let mut audit = who.audit(now, action);
    audit.subject = Some(format!("declaration:{}", current.id));
    audit.bcp = current.bcp.clone().or(audit.bcp);
    audit.detail = format!(
        "reference {} version {} by message {}",
        current.reference, current.version, message.reference
    );
    app.store
        .update_declaration(current.clone(), Some(version), audit)
        .await?;
    Ok(DeclarationAnswer::of(&current, "accepted"))
}
