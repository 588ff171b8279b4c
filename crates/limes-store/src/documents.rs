//! The document-alert register (lost, stolen and revoked documents), imported whole or streamed in batches.
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::document::AlertMatch;
use limes_domain::DocumentAlert;

use crate::registers::{ImportCommit, ImportMode, StagedRow};
use crate::StoreResult;

#[async_trait]
pub trait DocumentAlertStore: Send + Sync + 'static {
    /// All or nothing: either every alert is stored or none is. `replace` empties the register first. An alert
    /// the register already holds (same issuing state, document number and type) is not stored again; the
    /// count is of the alerts stored.
    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64>;
    /// Exact hits (after normalisation) and, labelled apart, hits that only match when O/0 and I/1 are merged.
    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        document_number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>>;
    async fn document_alert_count(&self) -> StoreResult<u64>;
    /// Keep one batch of the streamed import `import` aside (normalised keys computed here): nothing reaches the
    /// register before [`DocumentAlertStore::commit_document_alert_import`], so a file is never held whole.
    async fn stage_document_alerts(
        &self,
        import: &str,
        batch: Vec<StagedRow<DocumentAlert>>,
    ) -> StoreResult<()>;
    /// Move the staged rows of `import` into the register in one transaction with the audit entry, all or
    /// nothing; lookups see the old register until the commit. An alert staged twice (same identity) is kept
    /// once, the first; when adding, one already held is not stored again. A change file for another version of
    /// the register is refused (a conflict) and changes nothing. At the centre the change goes down to the nodes
    /// as a delta computed in the database. The staged rows are dropped when it succeeds.
    async fn commit_document_alert_import(
        &self,
        import: &str,
        mode: ImportMode,
        audit: AuditEvent,
    ) -> StoreResult<ImportCommit>;
    /// Drop what an abandoned (failed or cancelled) import staged.
    async fn discard_document_alert_import(&self, import: &str) -> StoreResult<()>;
    /// The register's own version: one more with every import committed (the base a change file names).
    async fn document_register_version(&self) -> StoreResult<i64>;
}

/// What makes two alerts the same: the issuing state, the normalised document number and the document type.
pub type AlertIdentity = (String, String, String);

/// The identity of an alert.
pub fn alert_identity(a: &DocumentAlert) -> AlertIdentity {
    (
        a.issuing_state.clone(),
        limes_domain::document::normalize_document_number(&a.document_number),
        a.document_type.clone(),
    )
}

/// The alerts of an import that are new: one repeated within the import, or already held (`held`), is kept once
/// — importing the same alerts twice stores them once.
pub fn new_alerts(
    alerts: Vec<DocumentAlert>,
    mut held: impl FnMut(&AlertIdentity) -> bool,
) -> Vec<DocumentAlert> {
    let mut seen = std::collections::HashSet::new();
    alerts
        .into_iter()
        .filter(|a| {
            let id = alert_identity(a);
            !held(&id) && seen.insert(id)
        })
        .collect()
}
