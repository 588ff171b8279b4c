//! The document-alert register (lost, stolen and revoked documents).
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::document::AlertMatch;
use limes_domain::DocumentAlert;

use crate::StoreResult;

#[async_trait]
pub trait DocumentAlertStore: Send + Sync + 'static {
    /// All or nothing: either every alert is stored or none is. `replace` empties the register first.
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
}
