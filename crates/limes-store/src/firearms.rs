//! The firearm register (imported in batches into a staging area, swapped in whole, synced down to the BCP
//! nodes) and the trace requests raised from it (kept, and sent up from the nodes).
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::firearm::{FirearmRecord, TraceRequest};

use crate::StoreResult;

/// One staged record of an import, with the line of the file it came from (for errors by line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedFirearm {
    pub line: u64,
    pub record: FirearmRecord,
}

#[async_trait]
pub trait FirearmStore: Send + Sync + 'static {
    /// Keep one batch of the import `import` aside: nothing reaches the register before
    /// [`FirearmStore::commit_firearm_import`], so a file is read in batches and never held whole.
    async fn stage_firearms(&self, import: &str, batch: Vec<StagedFirearm>) -> StoreResult<()>;
    /// Move every staged record of `import` into the register (emptying it first when `replace`), with the
    /// audit entry, in one transaction; all or nothing. A record id staged twice, or (when appending) already in
    /// the register, is a conflict naming its line. The staging rows are dropped either way. At the centre the
    /// change is queued down to the nodes in the same transaction.
    async fn commit_firearm_import(
        &self,
        import: &str,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64>;
    /// Drop what an abandoned import staged.
    async fn discard_firearm_import(&self, import: &str) -> StoreResult<()>;
    /// A number that changes whenever the register changes (an import, a change from the centre): the in-memory
    /// index is rebuilt when it moved.
    async fn firearm_register_generation(&self) -> StoreResult<i64>;
    async fn firearm_count(&self) -> StoreResult<u64>;
    /// Every record of the register (to build the index), in record id order.
    async fn all_firearms(&self) -> StoreResult<Vec<FirearmRecord>>;
    /// The records with these ids (any order; unknown ids left out).
    async fn firearms_by_id(&self, ids: &[String]) -> StoreResult<Vec<FirearmRecord>>;
    /// Keep a trace request (new, or a new state of one) with its audit entry, and at a BCP node queue it for the
    /// centre, in one transaction.
    async fn save_trace_request(&self, trace: TraceRequest, audit: AuditEvent) -> StoreResult<()>;
    async fn trace_request(&self, id: &str) -> StoreResult<Option<TraceRequest>>;
    /// The latest trace requests, last changed first, at most `limit`.
    async fn trace_requests(&self, limit: usize) -> StoreResult<Vec<TraceRequest>>;
}

/// Trace requests go up from the BCP nodes and are kept at the centre in the generic table.
pub struct TraceRequests;

impl crate::sync::RecordKind for TraceRequests {
    const KIND: &'static str = "firearm_trace";
    type Record = TraceRequest;
    fn key(record: &TraceRequest) -> String {
        record.id.clone()
    }
}

/// Firearm records per downward message.
pub const FIREARMS_PER_DELTA: usize = 5000;

/// One register change as downward messages of at most [`FIREARMS_PER_DELTA`] records each (removals in the
/// first part).
pub fn firearm_register_parts(
    version: i64,
    base_version: Option<i64>,
    add: Vec<FirearmRecord>,
    remove: Vec<String>,
) -> Vec<crate::sync::DownDelta> {
    let mut chunks: Vec<Vec<FirearmRecord>> = add
        .chunks(FIREARMS_PER_DELTA)
        .map(<[FirearmRecord]>::to_vec)
        .collect();
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    let parts = chunks.len() as u32;
    let mut remove = Some(remove);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, add)| crate::sync::DownDelta::Firearms {
            version,
            base_version,
            part: i as u32 + 1,
            parts,
            add,
            remove: remove.take().unwrap_or_default(),
        })
        .collect()
}
