//! The audit trail as stored: appends, pages in sequence order, searches for the auditor, the signed checkpoints
//! of the chain and the retention cut; the chain verified through the trait.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::audit_checkpoint::{AnchoredReport, AnchoredVerifier, AuditCheckpoint};

use crate::StoreResult;

/// What the auditor looks for; every field left empty matches everything. Newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// The actor's username, exactly.
    pub actor: Option<String>,
    /// The action or its beginning (`check.` finds every check action).
    pub action: Option<String>,
    /// Part of the subject (`crossing:0190`).
    pub subject: Option<String>,
    /// Only entries before this sequence number: the next page after one ending at it.
    pub before_seq: Option<i64>,
    pub limit: usize,
}

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64>;
    /// Entries with `seq >= from_seq` in order, at most `limit`.
    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>>;
    /// Recent entries, newest first, for the auditor's screen.
    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>>;
    /// Entries matching the filter, newest first.
    async fn search_audit(&self, filter: AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Keep a signed checkpoint of the chain. Not audited itself: it is the anchor of the audit trail, and an
    /// entry for it would move the head it signs.
    async fn add_audit_checkpoint(&self, checkpoint: AuditCheckpoint) -> StoreResult<()>;
    /// The `limit` checkpoints of the highest sequence numbers, highest first, and every retention cut.
    async fn audit_checkpoints(&self, limit: usize) -> StoreResult<Vec<AuditCheckpoint>>;
    /// Retention: remove the entries up to and including `cut.seq`, keep the signed cut from which the rest of
    /// the chain is verified, and audit the removal, in one transaction. Refused (nothing changed) when the
    /// entry at `cut.seq` is not the one the cut signs. Returns how many entries were removed.
    async fn cut_audit(&self, cut: AuditCheckpoint, audit: AuditEvent) -> StoreResult<u64>;
    /// At the centre: the audit public key registered for a BCP node (`audit_node_keys`), registering
    /// `public_key` first when the node has none yet. Returns the registered key: a checkpoint signed by another
    /// one is not the node's.
    async fn pin_node_key(
        &self,
        node: &str,
        public_key: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<String>;
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

/// How many stored checkpoints verification reads (besides every cut): the latest proves everything before it,
/// the others name a rewrite more precisely.
const CHECKPOINTS_VERIFIED: usize = 100;

/// Verify the audit chain against the checkpoints signed by `key`: those stored in the database and `more`
/// (those kept outside it).
pub async fn verify_audit_anchored<S: AuditStore + ?Sized>(
    store: &S,
    key: &ed25519_dalek::VerifyingKey,
    more: Vec<AuditCheckpoint>,
) -> StoreResult<AnchoredReport> {
    let mut checkpoints = store.audit_checkpoints(CHECKPOINTS_VERIFIED).await?;
    checkpoints.extend(more);
    // The same checkpoint kept in the database and in the file is one anchor.
    checkpoints.sort_by(|a, b| a.signature.cmp(&b.signature));
    checkpoints.dedup_by(|a, b| a == b);
    let mut verifier = AnchoredVerifier::new(key, checkpoints);
    let mut from = 1;
    loop {
        let page = store.audit_entries(from, 5000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        page.iter().for_each(|entry| verifier.feed(entry));
    }
    Ok(verifier.finish())
}
