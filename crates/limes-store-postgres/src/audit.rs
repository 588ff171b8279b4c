//! The audit log and its hash chain. The chain head (last seq and hash) is one row of `audit_chain_head`; every
//! transaction that appends locks it first with `SELECT ... FOR UPDATE`, so appends are serialised across
//! connections and processes, and the head moves in the same transaction as the entries.
use crate::PgStore;
use crate::{backend, col, ts};
use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Transaction};
use limes_domain::audit::{entry_hash, AuditEntry, AuditEvent};
use limes_store::AuditStore;
use limes_store::StoreResult;
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
}
