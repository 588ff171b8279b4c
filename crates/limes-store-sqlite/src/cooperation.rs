//! Cooperation records on SQLite: one table of JSON documents by kind, versioned, with the sealed reporter as
//! an opaque blob.
use crate::{backend, bad_value, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_store::{CooperationKind, CooperationRecord, CooperationStore, StoreError, StoreResult};
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str =
    "kind, id, reference, source_key, body, sealed, version, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CooperationRecord> {
    let kind: String = r.get(0)?;
    let created: String = r.get(7)?;
    let updated: String = r.get(8)?;
    Ok(CooperationRecord {
        kind: CooperationKind::parse(&kind).ok_or_else(|| bad_value("kind", &kind))?,
        id: r.get(1)?,
        reference: r.get(2)?,
        source_key: r.get(3)?,
        body: r.get(4)?,
        sealed: r.get(5)?,
        version: r.get(6)?,
        created_at: parse_ts(&created)?,
        updated_at: parse_ts(&updated)?,
    })
}

#[async_trait]
impl CooperationStore for SqliteStore {
    async fn insert_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    &format!("INSERT INTO cooperation_records ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                    params![
                        record.kind.as_str(),
                        record.id,
                        record.reference,
                        record.source_key,
                        record.body,
                        record.sealed,
                        record.version,
                        ts(&record.created_at),
                        ts(&record.updated_at)
                    ],
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(format!(
                        "{} {} exists already",
                        record.kind.as_str(),
                        record.id
                    )),
                    _ => backend(e),
                })?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn update_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE cooperation_records SET body = ?1, version = ?2, updated_at = ?3
                     WHERE kind = ?4 AND id = ?5 AND version = ?6",
                    params![
                        record.body,
                        record.version,
                        ts(&record.updated_at),
                        record.kind.as_str(),
                        record.id,
                        record.version - 1
                    ],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::Conflict(format!(
                    "{} {} was changed meanwhile (or does not exist)",
                    record.kind.as_str(),
                    record.id
                )));
            }
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn cooperation_record(
        &self,
        kind: CooperationKind,
        id: &str,
    ) -> StoreResult<Option<CooperationRecord>> {
        let id = id.to_string();
        self.read(move |c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM cooperation_records WHERE kind = ?1 AND id = ?2"),
                params![kind.as_str(), id],
                from_row,
            )
            .optional()
        })
        .await
    }

    async fn cooperation_record_by_reference(
        &self,
        kind: CooperationKind,
        reference: &str,
    ) -> StoreResult<Option<CooperationRecord>> {
        let reference = reference.to_string();
        self.read(move |c| {
            c.query_row(
                &format!(
                    "SELECT {COLUMNS} FROM cooperation_records WHERE kind = ?1 AND reference = ?2"
                ),
                params![kind.as_str(), reference],
                from_row,
            )
            .optional()
        })
        .await
    }

    async fn cooperation_records(
        &self,
        kind: CooperationKind,
        limit: usize,
    ) -> StoreResult<Vec<CooperationRecord>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cooperation_records WHERE kind = ?1
                 ORDER BY created_at DESC, id DESC LIMIT ?2"
            ))?;
            let rows = st.query_map(params![kind.as_str(), limit as i64], from_row)?;
            rows.collect()
        })
        .await
    }

    async fn count_cooperation_records_from(
        &self,
        kind: CooperationKind,
        source_key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let source_key = source_key.to_string();
        self.read(move |c| {
            c.query_row(
                "SELECT COUNT(*) FROM cooperation_records
                 WHERE kind = ?1 AND source_key = ?2 AND created_at >= ?3",
                params![kind.as_str(), source_key, ts(&since)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
        })
        .await
    }
}
