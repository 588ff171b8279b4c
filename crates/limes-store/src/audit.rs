//! The audit trail as stored: appends, pages in sequence order, and the chain verified through the trait.
use async_trait::async_trait;
use limes_domain::audit::{AuditEntry, AuditEvent};

use crate::StoreResult;

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64>;
    /// Entries with `seq >= from_seq` in order, at most `limit`.
    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>>;
    /// Recent entries, newest first, for the auditor's screen.
    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>>;
}

/// Verify the whole audit chain through the trait, page by page.
pub async fn verify_audit_chain<S: AuditStore + ?Sized>(
    store: &S,
) -> StoreResult<Result<u64, limes_domain::ChainBreak>> {
    let mut verifier = limes_domain::audit::ChainVerifier::default();
    let mut from = 1;
    loop {
        let page = store.audit_entries(from, 5000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for entry in &page {
            if let Err(brk) = verifier.feed(entry) {
                return Ok(Err(brk));
            }
        }
    }
    Ok(Ok(verifier.verified))
}
