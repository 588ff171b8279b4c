//! The audit trail: reading it and verifying its hash chain.
use crate::App;
use limes_domain::AuditEntry;
use limes_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// Entries from `from_seq` in order, at most `limit` (capped at 10,000).
#[tracing::instrument(skip_all, fields(from_seq = from_seq, limit = limit))]
pub async fn entries(
    app: &App,
    from_seq: Option<i64>,
    limit: Option<usize>,
) -> Result<Vec<AuditEntry>, StoreError> {
    app.store
        .audit_entries(from_seq.unwrap_or(1), limit.unwrap_or(500).min(10_000))
        .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerifyResult {
    pub intact: bool,
    pub verified_entries: u64,
    /// The first broken link, when the chain is broken.
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

/// Verify the whole hash chain.
#[tracing::instrument(skip_all)]
pub async fn verify(app: &App) -> Result<AuditVerifyResult, StoreError> {
    Ok(
        match limes_store::verify_audit_chain(app.store.as_ref()).await? {
            Ok(n) => AuditVerifyResult {
                intact: true,
                verified_entries: n,
                broken_at: None,
                reason: None,
            },
            Err(b) => AuditVerifyResult {
                intact: false,
                verified_entries: 0,
                broken_at: Some(b.seq),
                reason: Some(b.reason),
            },
        },
    )
}
