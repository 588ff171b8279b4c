//! The audit log and its hash chain. The chain head (last seq and hash) is one row of `audit_chain_head`; every
//! transaction that appends locks it first with `SELECT ... FOR UPDATE`, so appends are serialised across
//! connections and processes, and the head moves in the same transaction as the entries.
use crate::PgStore;
use crate::{backend, col, ts};
use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Transaction};
use limes_domain::audit::{entry_hash, AuditEntry, AuditEvent};
use limes_domain::audit_checkpoint::AuditCheckpoint;
use limes_store::StoreResult;
use limes_store::{AuditFilter, AuditStore, StoreError};
use tokio_postgres::Row;

const COLUMNS: &str =
    "seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash";

/// Lock the chain head for the rest of the transaction and read it.
pub async fn lock_head(tx: &Transaction<'_>) -> StoreResult<(i64, String)> {
    let st = tx
        .prepare_cached("SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE")
        .await
        .map_err(backend)?;
    let row = tx.query_one(&st, &[]).await.map_err(backend)?;
    Ok((col(&row, 0)?, col(&row, 1)?))
}

/// Move the (locked) chain head.
pub async fn store_head(tx: &Transaction<'_>, head: &(i64, String)) -> StoreResult<()> {
    let st = tx
        .prepare_cached("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1")
        .await
        .map_err(backend)?;
    tx.execute(&st, &[&head.0, &head.1])
        .await
        .map_err(backend)?;
    Ok(())
}

/// Insert the entry that follows `head`; returns the new head. The caller holds the head lock.
pub async fn insert_entry(
    tx: &Transaction<'_>,
    head: &(i64, String),
    event: &AuditEvent,
) -> StoreResult<(i64, String)> {
    let seq = head.0 + 1;
    let hash = entry_hash(seq, &head.1, event);
    let st = tx
        .prepare_cached(
            "INSERT INTO audit_log (seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .await
        .map_err(backend)?;
    tx.execute(
        &st,
        &[
            &seq,
            &ts(&event.at),
            &event.actor,
            &event.role,
            &event.agency,
            &event.bcp,
            &event.action,
            &event.subject,
            &event.purpose,
            &event.detail,
            &head.1,
            &hash,
        ],
    )
    .await
    .map_err(backend)?;
    Ok((seq, hash))
}

/// Lock the head, append one entry and move the head: for transactions outside the writer (imports).
pub async fn append_locked(tx: &Transaction<'_>, event: &AuditEvent) -> StoreResult<i64> {
    let head = lock_head(tx).await?;
    let new_head = insert_entry(tx, &head, event).await?;
    store_head(tx, &new_head).await?;
    Ok(new_head.0)
}

fn entry_from_row(r: &Row) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        seq: col(r, 0)?,
        event: AuditEvent {
            at: col(r, 1)?,
            actor: col(r, 2)?,
            role: col(r, 3)?,
            agency: col(r, 4)?,
            bcp: col(r, 5)?,
            action: col(r, 6)?,
            subject: col(r, 7)?,
            purpose: col(r, 8)?,
            detail: col(r, 9)?,
        },
        prev_hash: col(r, 10)?,
        hash: col(r, 11)?,
    })
}

fn limit_param(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// Entries with `seq >= from_seq` in order, at most `limit`.
pub async fn entries(
    c: &impl GenericClient,
    from_seq: i64,
    limit: usize,
) -> StoreResult<Vec<AuditEntry>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2"
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[&from_seq, &limit_param(limit)])
        .await
        .map_err(backend)?
        .iter()
        .map(entry_from_row)
        .collect()
}

/// Newest first.
pub async fn recent(c: &impl GenericClient, limit: usize) -> StoreResult<Vec<AuditEntry>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT $1"
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[&limit_param(limit)])
        .await
        .map_err(backend)?
        .iter()
        .map(entry_from_row)
        .collect()
}

const CHECKPOINT_COLUMNS: &str = "node, seq, head_hash, at, cut, public_key, signature";

fn checkpoint_from_row(r: &Row) -> StoreResult<AuditCheckpoint> {
    Ok(AuditCheckpoint {
        node: col(r, 0)?,
        seq: col(r, 1)?,
        head_hash: col(r, 2)?,
        at: col(r, 3)?,
        cut: col(r, 4)?,
        public_key: col(r, 5)?,
        signature: col(r, 6)?,
    })
}

async fn insert_checkpoint(c: &impl GenericClient, cp: &AuditCheckpoint) -> StoreResult<()> {
    let st = c
        .prepare_cached(&format!(
            "INSERT INTO audit_checkpoints ({CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &cp.node,
            &cp.seq,
            &cp.head_hash,
            &ts(&cp.at),
            &cp.cut,
            &cp.public_key,
            &cp.signature,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl AuditStore for PgStore {
    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64> {
        self.inner
            .writer
            .write(move |ctx| Box::pin(async move { ctx.audit(&event).await }))
            .await
    }

    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        entries(&self.conn().await?, from_seq, limit).await
    }

    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        recent(&self.conn().await?, limit).await
    }

    async fn search_audit(&self, filter: AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM audit_log
                 WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
                   AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR starts_with(action, $4))
                   AND ($5::text IS NULL OR strpos(subject, $5) > 0) AND ($6::bigint IS NULL OR seq < $6)
                 ORDER BY seq DESC LIMIT $7"
            ))
            .await
            .map_err(backend)?;
        c.query(
            &st,
            &[
                &filter.from.as_ref().map(ts),
                &filter.to.as_ref().map(ts),
                &filter.actor,
                &filter.action,
                &filter.subject,
                &filter.before_seq,
                &limit_param(filter.limit),
            ],
        )
        .await
        .map_err(backend)?
        .iter()
        .map(entry_from_row)
        .collect()
    }

    async fn add_audit_checkpoint(&self, checkpoint: AuditCheckpoint) -> StoreResult<()> {
        insert_checkpoint(&self.conn().await?, &checkpoint).await
    }

    async fn audit_checkpoints(&self, limit: usize) -> StoreResult<Vec<AuditCheckpoint>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints
                 WHERE cut OR id IN (SELECT id FROM audit_checkpoints ORDER BY seq DESC, id DESC LIMIT $1)
                 ORDER BY seq DESC, id DESC"
            ))
            .await
            .map_err(backend)?;
        c.query(&st, &[&limit_param(limit)])
            .await
            .map_err(backend)?
            .iter()
            .map(checkpoint_from_row)
            .collect()
    }

    async fn cut_audit(&self, cut: AuditCheckpoint, audit: AuditEvent) -> StoreResult<u64> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let row = ctx
                        .tx
                        .query_opt("SELECT hash FROM audit_log WHERE seq = $1", &[&cut.seq])
                        .await
                        .map_err(backend)?;
                    let hash: Option<String> = row.map(|r| col(&r, 0)).transpose()?;
                    if hash.as_deref() != Some(cut.head_hash.as_str()) {
                        return Err(StoreError::Conflict(format!(
                            "audit entry {} is not the one the retention cut signs",
                            cut.seq
                        )));
                    }
                    let removed = ctx
                        .tx
                        .execute("DELETE FROM audit_log WHERE seq <= $1", &[&cut.seq])
                        .await
                        .map_err(backend)?;
                    insert_checkpoint(ctx.tx, &cut).await?;
                    ctx.audit(&audit).await?;
                    Ok(removed)
                })
            })
            .await
    }
    async fn pin_node_key(
        &self,
        node: &str,
        public_key: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<String> {
        let c = self.conn().await?;
        c.execute(
            "INSERT INTO audit_node_keys (node, public_key, pinned_at) VALUES ($1, $2, $3)
             ON CONFLICT (node) DO NOTHING",
            &[&node, &public_key, &ts(&at)],
        )
        .await
        .map_err(backend)?;
        let row = c
            .query_one(
                "SELECT public_key FROM audit_node_keys WHERE node = $1",
                &[&node],
            )
            .await
            .map_err(backend)?;
        col(&row, 0)
    }
}
