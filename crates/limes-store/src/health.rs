//! Whether the store still takes writes: a tiny write through the same path as every change, so a full disk or a
//! database turned read-only shows in `/healthz` before the next check fails.
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreResult;

#[async_trait]
pub trait HealthStore: Send + Sync + 'static {
    /// Write (and commit) one small row through the writer; an error says why writes fail.
    async fn probe_write(&self, at: DateTime<Utc>) -> StoreResult<()>;
}
