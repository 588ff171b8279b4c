//! Idempotency keys on PostgreSQL: a claim is an `INSERT … ON CONFLICT DO NOTHING` on the primary key, atomic
//! without the writer (these rows carry no audit entry).
use crate::{backend, col, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_store::{
    ClaimCutoffs, IdempotencyClaim, IdempotencyRecord, IdempotencyStore, RememberedAnswer,
    StoreError, StoreResult,
};

async fn recall_on(
    c: &impl GenericClient,
    caller: &str,
    key: &str,
) -> StoreResult<Option<IdempotencyRecord>> {
    let row = c
        .query_opt(
            "SELECT request_hash, created_at, status, body FROM idempotency_keys WHERE caller = $1 AND key = $2",
            &[&caller, &key],
        )
        .await
        .map_err(backend)?;
    let Some(row) = row else { return Ok(None) };
    let status: Option<i32> = col(&row, 2)?;
    let body: Option<String> = col(&row, 3)?;
    let answer = match (status, body) {
        (Some(status), Some(body)) => Some(RememberedAnswer {
            status: u16::try_from(status).map_err(|_| {
                StoreError::Backend(format!("bad status {status} in idempotency_keys"))
            })?,
            body,
        }),
        _ => None,
    };
    Ok(Some(IdempotencyRecord {
        request_hash: col(&row, 0)?,
        created_at: col(&row, 1)?,
        answer,
    }))
}

#[async_trait]
impl IdempotencyStore for PgStore {
    async fn claim(
        &self,
        caller: &str,
        key: &str,
        request_hash: &str,
        at: DateTime<Utc>,
        cutoffs: ClaimCutoffs,
    ) -> StoreResult<IdempotencyClaim> {
        let c = self.conn().await?;
        c.execute(
            "DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2
               AND ((status IS NOT NULL AND created_at < $3) OR (status IS NULL AND created_at < $4))",
            &[&caller, &key, &ts(&cutoffs.answered_before), &ts(&cutoffs.pending_before)],
        )
        .await
        .map_err(backend)?;
        // A record released between our failed insert and our read makes us try again.
        for _ in 0..3 {
            let inserted = c
                .execute(
                    "INSERT INTO idempotency_keys (caller, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (caller, key) DO NOTHING",
                    &[&caller, &key, &request_hash, &ts(&at)],
                )
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(IdempotencyClaim::Claimed);
            }
            if let Some(record) = recall_on(&c, caller, key).await? {
                return Ok(IdempotencyClaim::Taken(record));
            }
        }
        Err(StoreError::Backend(
            "idempotency key neither claimed nor found".into(),
        ))
    }

    async fn remember(
        &self,
        caller: &str,
        key: &str,
        answer: &RememberedAnswer,
    ) -> StoreResult<()> {
        self.conn()
            .await?
            .execute(
                "UPDATE idempotency_keys SET status = $3, body = $4 WHERE caller = $1 AND key = $2",
                &[&caller, &key, &i32::from(answer.status), &answer.body],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn recall(&self, caller: &str, key: &str) -> StoreResult<Option<IdempotencyRecord>> {
        recall_on(&self.conn().await?, caller, key).await
    }

    async fn release(&self, caller: &str, key: &str) -> StoreResult<()> {
        self.conn()
            .await?
            .execute(
                "DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND status IS NULL",
                &[&caller, &key],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn purge_idempotency(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        self.conn()
            .await?
            .execute(
                "DELETE FROM idempotency_keys WHERE created_at < $1",
                &[&ts(&before)],
            )
            .await
            .map_err(backend)
    }
}
