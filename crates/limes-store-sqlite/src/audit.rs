//! The audit trail on SQLite: appends go through the writer ([`crate::writer::WriteCtx::audit`]), reads page by seq.
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::audit_checkpoint::AuditCheckpoint;
use limes_store::{AuditFilter, AuditStore, StoreError, StoreResult};
use rusqlite::{params, OptionalExtension, Row};

pub(crate) fn audit_from_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        event: AuditEvent {
            at: parse_ts(&r.get::<_, String>(1)?)?,
            actor: r.get(2)?,
            role: r.get(3)?,
            agency: r.get(4)?,
            bcp: r.get(5)?,
            action: r.get(6)?,
            subject: r.get(7)?,
            purpose: r.get(8)?,
            detail: r.get(9)?,
        },
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

pub(crate) const AUDIT_COLUMNS: &str =
    "seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash";

const CHECKPOINT_COLUMNS: &str = "node, seq, head_hash, at, cut, public_key, signature";

fn checkpoint_from_row(r: &Row<'_>) -> rusqlite::Result<AuditCheckpoint> {
    Ok(AuditCheckpoint {
        node: r.get(0)?,
        seq: r.get(1)?,
        head_hash: r.get(2)?,
        at: parse_ts(&r.get::<_, String>(3)?)?,
        cut: r.get(4)?,
        public_key: r.get(5)?,
        signature: r.get(6)?,
    })
}

fn insert_checkpoint(c: &rusqlite::Connection, cp: &AuditCheckpoint) -> rusqlite::Result<()> {
    c.prepare_cached(&format!(
        "INSERT INTO audit_checkpoints ({CHECKPOINT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        cp.node,
        cp.seq,
        cp.head_hash,
        ts(&cp.at),
        cp.cut,
        cp.public_key,
        cp.signature
    ])?;
    Ok(())
}

/// Keep a checkpoint and, at a BCP node, queue it for the centre in the same transaction.
fn keep_checkpoint(ctx: &crate::writer::WriteCtx<'_>, cp: &AuditCheckpoint) -> StoreResult<()> {
    use limes_store::sync::kinds::{AuditCheckpoints, RecordKind};
    insert_checkpoint(ctx.tx, cp).map_err(backend)?;
    let json = serde_json::to_string(cp).map_err(backend)?;
    crate::sync::queue_up(
        ctx,
        AuditCheckpoints::KIND,
        &AuditCheckpoints::key(cp),
        &json,
    )
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64> {
        self.write(move |ctx| ctx.audit(&event)).await
    }

    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq >= ?1 ORDER BY seq LIMIT ?2"
            ))?;
            let rows = st.query_map(params![from_seq, limit as i64], audit_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?1"
            ))?;
            let rows = st.query_map([limit as i64], audit_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn search_audit(&self, filter: AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log
                 WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2) AND (?3 IS NULL OR actor = ?3)
                   AND (?4 IS NULL OR substr(action, 1, length(?4)) = ?4)
                   AND (?5 IS NULL OR instr(subject, ?5) > 0) AND (?6 IS NULL OR seq < ?6)
                 ORDER BY seq DESC LIMIT ?7"
            ))?;
            let rows = st.query_map(
                params![
                    filter.from.as_ref().map(ts),
                    filter.to.as_ref().map(ts),
                    filter.actor,
                    filter.action,
                    filter.subject,
                    filter.before_seq,
                    filter.limit as i64
                ],
                audit_from_row,
            )?;
            rows.collect()
        })
        .await
    }

    async fn add_audit_checkpoint(&self, checkpoint: AuditCheckpoint) -> StoreResult<()> {
        self.write(move |ctx| keep_checkpoint(ctx, &checkpoint))
            .await
    }

    async fn audit_checkpoints(&self, limit: usize) -> StoreResult<Vec<AuditCheckpoint>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints
                 WHERE cut OR id IN (SELECT id FROM audit_checkpoints ORDER BY seq DESC, id DESC LIMIT ?1)
                 ORDER BY seq DESC, id DESC"
            ))?;
            let rows = st.query_map([limit as i64], checkpoint_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn cut_audit(&self, cut: AuditCheckpoint, audit: AuditEvent) -> StoreResult<u64> {
        self.write(move |ctx| {
            let hash: Option<String> = ctx
                .tx
                .query_row(
                    "SELECT hash FROM audit_log WHERE seq = ?1",
                    [cut.seq],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            if hash.as_deref() != Some(cut.head_hash.as_str()) {
                return Err(StoreError::Conflict(format!(
                    "audit entry {} is not the one the retention cut signs",
                    cut.seq
                )));
            }
            let removed = ctx
                .tx
                .execute("DELETE FROM audit_log WHERE seq <= ?1", [cut.seq])
                .map_err(backend)?;
            keep_checkpoint(ctx, &cut)?;
            ctx.audit(&audit)?;
            Ok(removed as u64)
        })
        .await
    }

    async fn pin_node_key(
        &self,
        node: &str,
        public_key: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<String> {
        let (node, public_key) = (node.to_string(), public_key.to_string());
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO audit_node_keys (node, public_key, pinned_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(node) DO NOTHING",
                    params![node, public_key, ts(&at)],
                )
                .map_err(backend)?;
            ctx.tx
                .query_row(
                    "SELECT public_key FROM audit_node_keys WHERE node = ?1",
                    [&node],
                    |r| r.get(0),
                )
                .map_err(backend)
        })
        .await
    }
}
