//! Failed sign-ins remembered per key (an account from one source address, or a source address across
//! accounts), so the progressive login delay survives a restart and holds across processes.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;

use crate::StoreResult;

/// Failures counted under one key, and when the latest happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginCounter {
    pub key: String,
    pub failures: u32,
    pub last_failure: DateTime<Utc>,
}

#[async_trait]
pub trait LoginAttemptStore: Send + Sync + 'static {
    /// The counters held for these keys (a key without failures has none).
    async fn login_counters(&self, keys: &[String]) -> StoreResult<Vec<LoginCounter>>;
    /// Set the given counters, forget the `cleared` keys and write the attempt's audit entry, in one
    /// transaction.
    async fn record_login_attempt(
        &self,
        set: Vec<LoginCounter>,
        cleared: Vec<String>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
}
