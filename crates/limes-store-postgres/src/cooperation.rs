//! Cooperation records on PostgreSQL: one table of JSON documents by kind, versioned, with the sealed reporter
//! as opaque bytes.
use crate::{backend, col, is_unique_violation, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_store::{CooperationKind, CooperationRecord, CooperationStore, StoreError, StoreResult};
use tokio_postgres::Row;

const COLUMNS: &str =
    "kind, id, reference, source_key, body, sealed, version, created_at, updated_at";

fn from_row(r: &Row) -> StoreResult<CooperationRecord> {
    let kind: String = col(r, 0)?;
    Ok(CooperationRecord {
        kind: CooperationKind::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("unexpected kind '{kind}' in database")))?,
        id: col(r, 1)?,
        reference: col(r, 2)?,
        source_key: col(r, 3)?,
        body: col(r, 4)?,
        sealed: col(r, 5)?,
        version: col(r, 6)?,
        created_at: col(r, 7)?,
        updated_at: col(r, 8)?,
    })
}

#[async_trait]
impl CooperationStore for PgStore {
    async fn insert_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            &format!(
                                "INSERT INTO cooperation_records ({COLUMNS})
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                            ),
                            &[
                                &record.kind.as_str(),
                                &record.id,
                                &record.reference,
                                &record.source_key,
                                &record.body,
                                &record.sealed,
                                &record.version,
                                &ts(&record.created_at),
                                &ts(&record.updated_at),
                            ],
                        )
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                StoreError::Conflict(format!(
                                    "{} {} exists already",
                                    record.kind.as_str(),
                                    record.id
                                ))
                            } else {
                                backend(e)
                            }
                        })?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn update_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let previous = record.version - 1;
                    let n = ctx
                        .tx
                        .execute(
                            "UPDATE cooperation_records SET body = $1, version = $2, updated_at = $3
                             WHERE kind = $4 AND id = $5 AND version = $6",
                            &[
                                &record.body,
                                &record.version,
                                &ts(&record.updated_at),
                                &record.kind.as_str(),
                                &record.id,
                                &previous,
                            ],
                        )
                        .await
                        .map_err(backend)?;
                    if n == 0 {
                        return Err(StoreError::Conflict(format!(
                            "{} {} was changed meanwhile (or does not exist)",
                            record.kind.as_str(),
                            record.id
                        )));
                    }
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn cooperation_record(
        &self,
        kind: CooperationKind,
        id: &str,
    ) -> StoreResult<Option<CooperationRecord>> {
        let row = self
            .conn()
            .await?
            .query_opt(
                &format!("SELECT {COLUMNS} FROM cooperation_records WHERE kind = $1 AND id = $2"),
                &[&kind.as_str(), &id],
            )
            .await
            .map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn cooperation_record_by_reference(
        &self,
        kind: CooperationKind,
        reference: &str,
    ) -> StoreResult<Option<CooperationRecord>> {
        let row = self
            .conn()
            .await?
            .query_opt(
                &format!(
                    "SELECT {COLUMNS} FROM cooperation_records WHERE kind = $1 AND reference = $2"
                ),
                &[&kind.as_str(), &reference],
            )
            .await
            .map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn cooperation_records(
        &self,
        kind: CooperationKind,
        limit: usize,
    ) -> StoreResult<Vec<CooperationRecord>> {
        let limit = limit as i64;
        let rows = self
            .conn()
            .await?
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM cooperation_records WHERE kind = $1
                     ORDER BY created_at DESC, id DESC LIMIT $2"
                ),
                &[&kind.as_str(), &limit],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(from_row).collect()
    }

    async fn count_cooperation_records_from(
        &self,
        kind: CooperationKind,
        source_key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let row = self
            .conn()
            .await?
            .query_one(
                "SELECT COUNT(*) FROM cooperation_records
                 WHERE kind = $1 AND source_key = $2 AND created_at >= $3",
                &[&kind.as_str(), &source_key, &ts(&since)],
            )
            .await
            .map_err(backend)?;
        let n: i64 = col(&row, 0)?;
        Ok(n as u64)
    }
}
