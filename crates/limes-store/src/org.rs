//! The organisation: agencies and their border crossing points.
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::{Agency, Bcp};

use crate::StoreResult;

#[async_trait]
pub trait OrgStore: Send + Sync + 'static {
    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()>;
    async fn agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()>;
    async fn bcps(&self) -> StoreResult<Vec<Bcp>>;
    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>>;
}
