//! Watchlists, stored as the screening crate's JSON: the store does not interpret them.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use serde::{Deserialize, Serialize};

use crate::StoreResult;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WatchlistMeta {
    pub id: String,
    pub name: String,
    pub source: String,
    pub published: Option<String>,
    pub entries: u64,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
    /// Incremented on each import of the list.
    pub version: i64,
}

#[async_trait]
pub trait WatchlistStore: Send + Sync + 'static {
    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>>;
    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>>;
}
