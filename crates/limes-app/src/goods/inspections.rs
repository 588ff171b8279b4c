//! The customs officer's inspection queue at the BCP (the consignments selected red or yellow, with the reasons,
//! the documents and the containers and seals to verify) and the result form. A find leaves the door open to the
//! seizure record ([`super::SEIZURE_FROM_INSPECTION`]).
use super::GoodsError;
use crate::{Actor, App, Scope};
use limes_domain::goods::{Container, ItemDocument};
use limes_domain::goods_flow::{check_inspection_result, InspectionResult};
use limes_store::{Inspection, StoredDeclaration};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One consignment waiting for the officer, with what to verify.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueueEntry {
    pub inspection: Inspection,
    pub reference: String,
    pub declaration_id: String,
    /// The means of transport (a truck's plate at a land BCP).
    pub transport: Option<String>,
    pub containers: Vec<Container>,
    /// The documents produced, item by item: (item sequence, document).
    pub documents: Vec<(u32, ItemDocument)>,
    pub items: usize,
}

impl QueueEntry {
    pub fn of(inspection: Inspection, d: &StoredDeclaration) -> QueueEntry {
        QueueEntry {
            reference: d.reference.clone(),
            declaration_id: d.id.clone(),
            transport: d.declaration.transport.identity.clone(),
            containers: d.declaration.containers.clone(),
            documents: d
                .declaration
                .items
                .iter()
                .flat_map(|i| i.documents.iter().map(|doc| (i.sequence, doc.clone())))
                .collect(),
            items: d.declaration.items.len(),
            inspection,
        }
    }
}

/// The open inspections at the actor's BCPs (or the one asked for), oldest first.
#[tracing::instrument(skip_all)]
pub async fn queue(
    app: &App,
    who: Actor<'_>,
    bcp: Option<&str>,
) -> Result<Vec<QueueEntry>, GoodsError> {
    let scope = Scope::of(who);
    let bcps = scope
        .narrow(bcp)
        .map_err(|e| GoodsError::Forbidden(e.to_string()))?;
    let mut entries = Vec::new();
    for inspection in app.store.inspections(&bcps, true).await? {
        if !scope.allows_record_of(inspection.bcp.as_deref()) {
            continue;
        }
        if let Some(d) = app.store.declaration(&inspection.declaration_id).await? {
            entries.push(QueueEntry::of(inspection, &d));
        }
    }
    Ok(entries)
}

/// One inspection with its declaration, within the actor's scope.
pub async fn inspection(
    app: &App,
    who: Actor<'_>,
    id: &str,
) -> Result<(Inspection, StoredDeclaration), GoodsError> {
    let not_found = || GoodsError::NotFound(format!("inspection {id}"));
    let inspection = app.store.inspection(id).await?.ok_or_else(not_found)?;
    if !Scope::of(who).allows_record_of(inspection.bcp.as_deref()) {
        return Err(not_found());
    }
    let d = app
        .store
        .declaration(&inspection.declaration_id)
        .await?
        .ok_or_else(not_found)?;
    Ok((inspection, d))
}

/// What the officer writes on the result form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultForm {
    pub found: bool,
    #[serde(default)]
    pub what: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub seals_intact: Option<bool>,
}

/// The recorded result, and where a find's seizure record opens.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordedResult {
    pub inspection: Inspection,
    /// For a find: the link that opens the seizure record from this inspection.
    pub seizure_link: Option<String>,
}

fn clean(s: Option<String>, field: &str, max: usize) -> Result<Option<String>, GoodsError> {
    let s = s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if s.as_ref().is_some_and(|s| s.chars().count() > max) {
        return Err(GoodsError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(s)
}

/// Record the result of an open inspection: a find must say what and where.
#[tracing::instrument(skip_all, fields(inspection = id, found = form.found))]
pub async fn record_result(
    app: &App,
    who: Actor<'_>,
    id: &str,
    form: ResultForm,
) -> Result<RecordedResult, GoodsError> {
    let (inspection, d) = inspection(app, who, id).await?;
    if inspection.result.is_some() {
        return Err(GoodsError::Conflict(format!(
            "inspection {id} already has its result"
        )));
    }
    let now = app.clock.now();
    let result = InspectionResult {
        found: form.found,
        what: clean(form.what, "what", 500)?,
        location: clean(form.location, "location", 500)?,
        note: clean(form.note, "note", 2000)?,
        seals_intact: form.seals_intact,
        inspected_by: who.name().to_string(),
        inspected_at: now,
    };
    check_inspection_result(&result).map_err(|e| {
        let field = e
            .to_string()
            .split(':')
            .next()
            .unwrap_or("result")
            .to_string();
        GoodsError::invalid(field, e.to_string())
    })?;
    let mut audit = who.audit(now, "goods.inspect");
    audit.subject = Some(format!("inspection:{id}"));
    audit.bcp = inspection.bcp.clone().or(audit.bcp);
    audit.detail = format!(
        "declaration {} ({}): {}",
        d.reference,
        inspection.lane.as_str(),
        if result.found {
            "found"
        } else {
            "nothing found"
        }
    );
    let found = result.found;
    let inspection = app
        .store
        .record_inspection_result(id, result, audit)
        .await?;
    Ok(RecordedResult {
        seizure_link: found.then(|| format!("{}{}", super::SEIZURE_FROM_INSPECTION, inspection.id)),
        inspection,
    })
}
