//! The audit trail on SQLite: appends go through the writer ([`crate::writer::WriteCtx::audit`]), reads page by seq.
use crate::{parse_ts, SqliteStore};
use async_trait::async_trait;
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_store::{AuditStore, StoreResult};
use rusqlite::{params, Row};

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
}
