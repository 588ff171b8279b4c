//! Failed sign-ins per key on SQLite (read from the pool, changed by the writer with the attempt's audit entry),
//! and the write probe of `/healthz`.
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_store::{LoginAttemptStore, LoginCounter, StoreResult};
use rusqlite::{params, OptionalExtension};

#[async_trait]
impl LoginAttemptStore for SqliteStore {
    async fn login_counters(&self, keys: &[String]) -> StoreResult<Vec<LoginCounter>> {
        let keys = keys.to_vec();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT failures, last_failure FROM login_attempts WHERE key = ?1",
            )?;
            let mut out = Vec::new();
            for key in keys {
                let row = st
                    .query_row([&key], |r| {
                        let last: String = r.get(1)?;
                        Ok((r.get::<_, u32>(0)?, parse_ts(&last)?))
                    })
                    .optional()?;
                if let Some((failures, last_failure)) = row {
                    out.push(LoginCounter {
                        key,
                        failures,
                        last_failure,
                    });
                }
            }
            Ok(out)
        })
        .await
    }

    async fn record_login_attempt(
        &self,
        set: Vec<LoginCounter>,
        cleared: Vec<String>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            for c in &set {
                ctx.tx
                    .execute(
                        "INSERT INTO login_attempts (key, failures, last_failure) VALUES (?1, ?2, ?3)
                         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
                           last_failure = excluded.last_failure",
                        params![c.key, c.failures, ts(&c.last_failure)],
                    )
                    .map_err(backend)?;
            }
            for key in &cleared {
                ctx.tx
                    .execute("DELETE FROM login_attempts WHERE key = ?1", [key])
                    .map_err(backend)?;
            }
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl limes_store::HealthStore for SqliteStore {
    async fn probe_write(&self, at: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO health_probe (id, at) VALUES (1, ?1)
                     ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                    [ts(&at)],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }
}
