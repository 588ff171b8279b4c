//! Reading declarations within the reader's need-to-know — the declarant its own, a partner agency what is
//! routed to it (without customs' risk reasons), customs and the national roles by BCP (`crate::scope`) — and
//! recording each agency's decision.
use super::intake::{lodger, DeclarationAnswer};
use super::GoodsError;
use crate::{Actor, App, Scope};
use limes_domain::goods_flow::{record_decision, DecisionRejected, Verdict};
use limes_domain::Role;
use limes_store::{DeclarationFilter, DeclarationVersion, Inspection, StoredDeclaration};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A declaration as an officer reads it: as it stands, its history and its inspections.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeclarationDetail {
    pub declaration: StoredDeclaration,
    pub versions: Vec<DeclarationVersion>,
    pub inspections: Vec<Inspection>,
}

/// What a reader gets: the declarant's answer always; the detail for officers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeclarationView {
    pub answer: DeclarationAnswer,
    pub detail: Option<DeclarationDetail>,
}

/// How much of a declaration the actor may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sight {
    /// The declarant: the answer only.
    Answer,
    /// A partner agency: the declaration without customs' risk reasons and inspections.
    Agency,
    /// Customs and the national roles.
    Full,
}

fn sight(who: Actor<'_>, d: &StoredDeclaration) -> Option<Sight> {
    let Some(user) = who.as_user() else {
        return Some(Sight::Full);
    };
    let in_scope = Scope::of(who).allows_record_of(d.bcp.as_deref());
    match user.role {
        Role::Declarant => (d.lodged_by == user.id).then_some(Sight::Answer),
        Role::AgencyOfficer => (in_scope && d.routed_to(&user.agency)).then_some(Sight::Agency),
        _ => in_scope.then_some(Sight::Full),
    }
}

/// A declaration the actor may see, else not found (a declaration outside one's need-to-know does not exist).
async fn readable(
    app: &App,
    who: Actor<'_>,
    id: &str,
) -> Result<(StoredDeclaration, Sight), GoodsError> {
    let not_found = || GoodsError::NotFound(format!("declaration {id}"));
    let d = app.store.declaration(id).await?.ok_or_else(not_found)?;
    let sight = sight(who, &d).ok_or_else(not_found)?;
    Ok((d, sight))
}

/// What a partner agency sees: not customs' selectivity (the lane's reasons, the parties' screening).
fn for_agency(mut d: StoredDeclaration) -> StoredDeclaration {
    d.lane_reasons.clear();
    d.parties_screened.clear();
    d
}

#[tracing::instrument(skip_all, fields(declaration = id))]
pub async fn declaration(
    app: &App,
    who: Actor<'_>,
    id: &str,
) -> Result<DeclarationView, GoodsError> {
    let (d, sight) = readable(app, who, id).await?;
    let answer = DeclarationAnswer::of(&d, "lodged");
    let detail = match sight {
        Sight::Answer => None,
        Sight::Agency => Some(DeclarationDetail {
            versions: app.store.declaration_versions(id).await?,
            inspections: Vec::new(),
            declaration: for_agency(d),
        }),
        Sight::Full => Some(DeclarationDetail {
            versions: app.store.declaration_versions(id).await?,
            inspections: app.store.inspections_of(id).await?,
            declaration: d,
        }),
    };
    Ok(DeclarationView { answer, detail })
}

/// The newest declarations the actor may see, at one BCP when asked.
#[tracing::instrument(skip_all)]
pub async fn declarations(
    app: &App,
    who: Actor<'_>,
    bcp: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredDeclaration>, GoodsError> {
    let bcps = Scope::of(who)
        .narrow(bcp)
        .map_err(|e| GoodsError::Forbidden(e.to_string()))?;
    let mut filter = DeclarationFilter {
        bcps,
        agency: None,
        lodged_by: None,
        limit: limit.clamp(1, 500),
    };
    let mut agency_view = false;
    if let Some(user) = who.as_user() {
        match user.role {
            Role::Declarant => filter.lodged_by = Some(lodger(who)),
            Role::AgencyOfficer => {
                filter.agency = Some(user.agency.clone());
                agency_view = true;
            }
            _ => {}
        }
    }
    let list = app.store.declarations(&filter).await?;
    // A national reader also sees declarations for no BCP; a BCP-bound one never does (the filter says so).
    Ok(if agency_view {
        list.into_iter().map(for_agency).collect()
    } else {
        list
    })
}

/// The agency an officer decides for: customs officers for customs, a partner agency's officer for theirs.
pub fn deciding_agency(app: &App, who: Actor<'_>) -> Result<String, GoodsError> {
    match who.as_user() {
        Some(u) if u.role == Role::CustomsOfficer => Ok(app.config.goods.routing.customs.clone()),
        Some(u) if u.role == Role::AgencyOfficer => Ok(u.agency.clone()),
        Some(u) => Err(GoodsError::Forbidden(format!(
            "a {} does not decide on goods",
            u.role.label()
        ))),
        None => Err(GoodsError::Forbidden(
            "decisions are taken by an agency's officer".into(),
        )),
    }
}

/// Record the actor's agency's decision (release, hold or refuse with a reason). Customs cannot release while
/// an inspection of the declaration is waiting for its result.
#[tracing::instrument(skip_all, fields(declaration = id, verdict = verdict.as_str()))]
pub async fn decide(
    app: &App,
    who: Actor<'_>,
    id: &str,
    verdict: Verdict,
    reason: Option<&str>,
) -> Result<StoredDeclaration, GoodsError> {
    let agency = deciding_agency(app, who)?;
    let (mut d, _) = readable(app, who, id).await?;
    if verdict == Verdict::Released && agency == app.config.goods.routing.customs {
        let open = app
            .store
            .inspections_of(id)
            .await?
            .into_iter()
            .any(|i| i.result.is_none());
        if open {
            return Err(GoodsError::Conflict(format!(
                "declaration {} waits for its inspection: record the result first",
                d.reference
            )));
        }
    }
    let now = app.clock.now();
    let status = record_decision(
        &mut d.agencies,
        d.status,
        &agency,
        verdict,
        reason,
        who.name(),
        now,
    )
    .map_err(|e| match e {
        DecisionRejected::ReasonRequired | DecisionRejected::PendingIsNoDecision => {
            GoodsError::invalid("reason", e.to_string())
        }
        DecisionRejected::NotRouted(_) => GoodsError::Forbidden(e.to_string()),
        DecisionRejected::Closed(_) | DecisionRejected::AlreadyFinal(..) => {
            GoodsError::Conflict(e.to_string())
        }
    })?;
    d.status = status;
    d.revision += 1;
    d.updated_at = now;
    let mut audit = who.audit(now, "goods.decide");
    audit.subject = Some(format!("declaration:{}", d.id));
    audit.bcp = d.bcp.clone().or(audit.bcp);
    audit.detail = format!(
        "agency {agency}: {}, now {}",
        verdict.as_str(),
        status.as_str()
    );
    app.store.update_declaration(d.clone(), None, audit).await?;
    let agency_view = who.as_user().is_some_and(|u| u.role == Role::AgencyOfficer);
    Ok(if agency_view { for_agency(d) } else { d })
}
