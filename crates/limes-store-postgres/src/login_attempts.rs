//! Failed sign-ins per key on PostgreSQL: read from the pool, changed by the writer with the attempt's audit
//! entry, so every process on the database sees the same delay; and the write probe of `/healthz`.
use crate::{backend, col, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_store::{LoginAttemptStore, LoginCounter, StoreError, StoreResult};

#[async_trait]
impl LoginAttemptStore for PgStore {
    async fn login_counters(&self, keys: &[String]) -> StoreResult<Vec<LoginCounter>> {
        let c = self.conn().await?;
        let rows = c
            .query(
                "SELECT key, failures, last_failure FROM login_attempts WHERE key = ANY($1)",
                &[&keys],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let failures: i32 = col(r, 1)?;
                let last_failure: DateTime<Utc> = col(r, 2)?;
                Ok(LoginCounter {
                    key: col(r, 0)?,
                    failures: u32::try_from(failures).map_err(|_| {
                        StoreError::Backend(format!("bad failure count {failures}"))
                    })?,
                    last_failure,
                })
            })
            .collect()
    }

    async fn record_login_attempt(
        &self,
        set: Vec<LoginCounter>,
        cleared: Vec<String>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    for c in &set {
                        let failures = i32::try_from(c.failures).unwrap_or(i32::MAX);
                        ctx.tx
                            .execute(
                                "INSERT INTO login_attempts (key, failures, last_failure) VALUES ($1, $2, $3)
                                 ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                                   last_failure = excluded.last_failure",
                                &[&c.key, &failures, &ts(&c.last_failure)],
                            )
                            .await
                            .map_err(backend)?;
                    }
                    if !cleared.is_empty() {
                        ctx.tx
                            .execute(
                                "DELETE FROM login_attempts WHERE key = ANY($1)",
                                &[&cleared],
                            )
                            .await
                            .map_err(backend)?;
                    }
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }
}

#[async_trait]
impl limes_store::HealthStore for PgStore {
    async fn probe_write(&self, at: DateTime<Utc>) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            "INSERT INTO health_probe (id, at) VALUES (1, $1)
                             ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                            &[&ts(&at)],
                        )
                        .await
                        .map_err(backend)?;
                    Ok(())
                })
            })
            .await
    }
}
