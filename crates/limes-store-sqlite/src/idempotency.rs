//! Idempotency keys on SQLite: the single writer makes a claim atomic.
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_store::{
    ClaimCutoffs, IdempotencyClaim, IdempotencyRecord, IdempotencyStore, RememberedAnswer,
    StoreResult,
};
use rusqlite::{params, Connection, OptionalExtension};

fn recall_on(
    c: &Connection,
    caller: &str,
    key: &str,
) -> rusqlite::Result<Option<IdempotencyRecord>> {
    c.prepare_cached(
        "SELECT request_hash, created_at, status, body FROM idempotency_keys WHERE caller = ?1 AND key = ?2",
    )?
    .query_row(params![caller, key], |r| {
        let created: String = r.get(1)?;
        let status: Option<u16> = r.get(2)?;
        let body: Option<String> = r.get(3)?;
        Ok(IdempotencyRecord {
            request_hash: r.get(0)?,
            created_at: parse_ts(&created)?,
            answer: status.zip(body).map(|(status, body)| RememberedAnswer { status, body }),
        })
    })
    .optional()
}

#[async_trait]
impl IdempotencyStore for SqliteStore {
    async fn claim(
        &self,
        caller: &str,
        key: &str,
        request_hash: &str,
        at: DateTime<Utc>,
        cutoffs: ClaimCutoffs,
    ) -> StoreResult<IdempotencyClaim> {
        let (caller, key, hash) = (
            caller.to_string(),
            key.to_string(),
            request_hash.to_string(),
        );
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "DELETE FROM idempotency_keys WHERE caller = ?1 AND key = ?2
                       AND ((status IS NOT NULL AND created_at < ?3) OR (status IS NULL AND created_at < ?4))",
                    params![caller, key, ts(&cutoffs.answered_before), ts(&cutoffs.pending_before)],
                )
                .map_err(backend)?;
            let inserted = ctx
                .tx
                .execute(
                    "INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (caller, key) DO NOTHING",
                    params![caller, key, hash, ts(&at)],
                )
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(IdempotencyClaim::Claimed);
            }
            match recall_on(ctx.tx, &caller, &key).map_err(backend)? {
                Some(record) => Ok(IdempotencyClaim::Taken(record)),
                None => Err(limes_store::StoreError::Backend(
                    "idempotency key neither inserted nor found".into(),
                )),
            }
        })
        .await
    }

    async fn remember(
        &self,
        caller: &str,
        key: &str,
        answer: &RememberedAnswer,
    ) -> StoreResult<()> {
        let (caller, key, answer) = (caller.to_string(), key.to_string(), answer.clone());
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "UPDATE idempotency_keys SET status = ?3, body = ?4 WHERE caller = ?1 AND key = ?2",
                    params![caller, key, answer.status, answer.body],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn recall(&self, caller: &str, key: &str) -> StoreResult<Option<IdempotencyRecord>> {
        let (caller, key) = (caller.to_string(), key.to_string());
        self.read(move |c| recall_on(c, &caller, &key)).await
    }

    async fn release(&self, caller: &str, key: &str) -> StoreResult<()> {
        let (caller, key) = (caller.to_string(), key.to_string());
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "DELETE FROM idempotency_keys WHERE caller = ?1 AND key = ?2 AND status IS NULL",
                    params![caller, key],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn purge_idempotency(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "DELETE FROM idempotency_keys WHERE created_at < ?1",
                    params![ts(&before)],
                )
                .map_err(backend)?;
            Ok(n as u64)
        })
        .await
    }
}
