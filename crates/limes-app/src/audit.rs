//! The audit trail: reading it (each read itself audited, with its purpose), searching and exporting it, and
//! verifying its hash chain against the signed checkpoints (see [`crate::checkpoints`]).
use crate::checkpoints::{self, CheckpointError};
use crate::{Actor, App};
use chrono::{DateTime, Utc};
use limes_domain::AuditEntry;
use limes_store::{AuditFilter, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

/// The most entries one read returns.
pub const MAX_READ: usize = 10_000;
/// The purpose recorded when a reader gives none.
pub const DEFAULT_PURPOSE: &str = "audit review";

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Checkpoint(#[from] CheckpointError),
    #[error("the CSV export could not be written: {0}")]
    Export(String),
}

impl crate::UseCaseError for AuditError {
    fn class(&self) -> crate::ErrorClass {
        match self {
            AuditError::Store(e) => crate::error::store_class(e),
            AuditError::Checkpoint(e) => crate::UseCaseError::class(e),
            AuditError::Export(_) => crate::ErrorClass::Internal,
        }
    }
}

/// Record that `actor` read the audit trail (`audit.read`, or `audit.export`), why, and what they asked for.
async fn audit_read(
    app: &App,
    actor: Actor<'_>,
    action: &str,
    purpose: Option<&str>,
    what: String,
) -> Result<(), StoreError> {
    let mut event = actor.audit(app.clock.now(), action);
    event.purpose = Some(
        purpose
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .unwrap_or(DEFAULT_PURPOSE)
            .chars()
            .take(200)
            .collect(),
    );
    event.detail = what;
    app.store.append_audit(event).await?;
    Ok(())
}

fn describe(filter: &AuditFilter) -> String {
    let mut parts = Vec::new();
    if let Some(t) = filter.from {
        parts.push(format!("from {}", t.to_rfc3339()));
    }
    if let Some(t) = filter.to {
        parts.push(format!("to {}", t.to_rfc3339()));
    }
    for (name, v) in [
        ("user", &filter.actor),
        ("event", &filter.action),
        ("subject", &filter.subject),
    ] {
        if let Some(v) = v {
            parts.push(format!(
                "{name} {}",
                v.chars().take(100).collect::<String>()
            ));
        }
    }
    if let Some(seq) = filter.before_seq {
        parts.push(format!("before entry {seq}"));
    }
    if parts.is_empty() {
        "all entries".into()
    } else {
        parts.join(", ")
    }
}

/// Entries from `from_seq` in order, at most `limit` (capped at 10,000); the read is audited.
#[tracing::instrument(skip_all, fields(from_seq = from_seq, limit = limit))]
pub async fn entries(
    app: &App,
    actor: Actor<'_>,
    from_seq: Option<i64>,
    limit: Option<usize>,
    purpose: Option<&str>,
) -> Result<Vec<AuditEntry>, AuditError> {
    let from = from_seq.unwrap_or(1);
    let entries = app
        .store
        .audit_entries(from, limit.unwrap_or(500).min(MAX_READ))
        .await?;
    audit_read(
        app,
        actor,
        "audit.read",
        purpose,
        format!("entries from {from}"),
    )
    .await?;
    Ok(entries)
}

/// Entries matching the filter, newest first (at most 10,000 a page); the read is audited.
#[tracing::instrument(skip_all)]
pub async fn search(
    app: &App,
    actor: Actor<'_>,
    mut filter: AuditFilter,
    purpose: Option<&str>,
) -> Result<Vec<AuditEntry>, AuditError> {
    filter.limit = filter.limit.clamp(1, MAX_READ);
    let what = describe(&filter);
    let entries = app.store.search_audit(filter).await?;
    audit_read(app, actor, "audit.read", purpose, what).await?;
    Ok(entries)
}

/// Every entry matching the filter (newest first) as CSV; the export is audited as `audit.export`.
#[tracing::instrument(skip_all)]
pub async fn export_csv(
    app: &App,
    actor: Actor<'_>,
    filter: AuditFilter,
    purpose: Option<&str>,
) -> Result<String, AuditError> {
    let what = describe(&filter);
    let mut out = csv::Writer::from_writer(Vec::new());
    let export = |e: csv::Error| AuditError::Export(e.to_string());
    out.write_record([
        "seq", "at", "actor", "role", "agency", "bcp", "action", "subject", "purpose", "detail",
        "hash",
    ])
    .map_err(export)?;
    let mut page = AuditFilter {
        limit: 5000,
        ..filter
    };
    loop {
        let entries = app.store.search_audit(page.clone()).await?;
        let Some(last) = entries.last() else { break };
        page.before_seq = Some(last.seq);
        for e in &entries {
            let ev = &e.event;
            out.write_record([
                e.seq.to_string().as_str(),
                &ev.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                &ev.actor,
                ev.role.as_deref().unwrap_or(""),
                ev.agency.as_deref().unwrap_or(""),
                ev.bcp.as_deref().unwrap_or(""),
                &ev.action,
                ev.subject.as_deref().unwrap_or(""),
                ev.purpose.as_deref().unwrap_or(""),
                &ev.detail,
                &e.hash,
            ])
            .map_err(export)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AuditError::Export(e.to_string()))?;
    audit_read(app, actor, "audit.export", purpose, what).await?;
    String::from_utf8(bytes).map_err(|e| AuditError::Export(e.to_string()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerifyResult {
    /// Links and checkpoints hold (entries after the last checkpoint may still be unanchored).
    pub intact: bool,
    pub verified_entries: u64,
    /// The entries up to here match a checkpoint signed by this installation's audit key.
    pub anchored_through: Option<i64>,
    pub anchored_at: Option<DateTime<Utc>>,
    /// Entries after the last checkpoint, `[first, last]`: linked, but not yet proven by a signature.
    pub unanchored: Option<(i64, i64)>,
    /// The chain starts after a signed retention cut at this entry.
    pub starts_after_cut: Option<i64>,
    /// Everything found wrong; the first is also `reason`.
    pub problems: Vec<String>,
    pub reason: Option<String>,
}

/// Verify the hash chain against the signed checkpoints; the read is audited.
#[tracing::instrument(skip_all)]
pub async fn verify(
    app: &App,
    actor: Actor<'_>,
    purpose: Option<&str>,
) -> Result<AuditVerifyResult, AuditError> {
    let report = checkpoints::verify(app).await?;
    audit_read(
        app,
        actor,
        "audit.read",
        purpose,
        "chain verification".into(),
    )
    .await?;
    Ok(AuditVerifyResult {
        intact: report.intact(),
        verified_entries: report.verified_entries,
        anchored_through: report.anchored_through,
        anchored_at: report.anchored_at,
        unanchored: report.unanchored,
        starts_after_cut: report.starts_after_cut,
        reason: report.problems.first().cloned(),
        problems: report.problems,
    })
}
