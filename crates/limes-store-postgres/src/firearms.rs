//! The firearm register and trace requests on PostgreSQL: batches staged by import id, moved into the register
//! by one `INSERT … SELECT` in the transaction that audits the import (and queues it down to the nodes); trace
//! requests kept as JSON.
use crate::{backend, col, PgStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::firearm::{FirearmRecord, FirearmStatus, FirearmType, TraceRequest};
use limes_store::sync::{DownDelta, NodeRole};
use limes_store::{FirearmStore, StagedFirearm, StoreError, StoreResult};
use tokio_postgres::Row;

const COLUMNS: &str =
    "record_id, serial, make, model, calibre, firearm_type, country_of_manufacture, status, \
                       reported_by, reported_on";

fn firearm_from_row(r: &Row) -> StoreResult<FirearmRecord> {
    let firearm_type: String = col(r, 5)?;
    let status: String = col(r, 7)?;
    let reported_on: NaiveDate = col(r, 9)?;
    Ok(FirearmRecord {
        record_id: col(r, 0)?,
        serial: col(r, 1)?,
        make: col(r, 2)?,
        model: col(r, 3)?,
        calibre: col(r, 4)?,
        firearm_type: FirearmType::parse(&firearm_type)
            .ok_or_else(|| StoreError::Backend(format!("firearm type {firearm_type:?}")))?,
        country_of_manufacture: col(r, 6)?,
        status: FirearmStatus::parse(&status)
            .ok_or_else(|| StoreError::Backend(format!("firearm status {status:?}")))?,
        reported_by: col(r, 8)?,
        reported_on,
    })
}

/// The first line (and record id) of the staged import that clashes, by `sql` taking the import id.
async fn first_clash(
    c: &impl GenericClient,
    sql: &str,
    import: &str,
) -> StoreResult<Option<(i64, String)>> {
    let row = c.query_opt(sql, &[&import]).await.map_err(backend)?;
    row.map(|r| Ok((col(&r, 0)?, col(&r, 1)?))).transpose()
}

fn read_trace(json: &str) -> StoreResult<TraceRequest> {
    serde_json::from_str(json).map_err(|e| StoreError::Backend(format!("trace request json: {e}")))
}

#[async_trait]
impl FirearmStore for PgStore {
    async fn stage_firearms(&self, import: &str, batch: Vec<StagedFirearm>) -> StoreResult<()> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        let st = tx
            .prepare_cached(&format!(
                "INSERT INTO firearms_staging (import_id, line, {COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ))
            .await
            .map_err(backend)?;
        for s in &batch {
            let f = &s.record;
            let line = s.line as i64;
            tx.execute(
                &st,
                &[
                    &import,
                    &line,
                    &f.record_id.trim(),
                    &f.serial,
                    &f.make,
                    &f.model,
                    &f.calibre,
                    &f.firearm_type.as_str(),
                    &f.country_of_manufacture,
                    &f.status.as_str(),
                    &f.reported_by,
                    &f.reported_on,
                ],
            )
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn commit_firearm_import(
        &self,
        import: &str,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        // Imports one at a time, as the document register's.
        crate::documents::lock_imports(&tx).await?;
        if let Some((line, id)) = first_clash(
            &tx,
            "SELECT s.line, s.record_id FROM firearms_staging s
             WHERE s.import_id = $1 AND EXISTS (SELECT 1 FROM firearms_staging t
               WHERE t.import_id = $1 AND t.record_id = s.record_id AND t.line < s.line)
             ORDER BY s.line LIMIT 1",
            import,
        )
        .await?
        {
            return Err(StoreError::Conflict(format!(
                "line {line}: record_id {id} appears twice in the file"
            )));
        }
        if replace {
            tx.execute("DELETE FROM firearms", &[])
                .await
                .map_err(backend)?;
        } else if let Some((line, id)) = first_clash(
            &tx,
            "SELECT s.line, s.record_id FROM firearms_staging s
             JOIN firearms r ON r.record_id = s.record_id
             WHERE s.import_id = $1 ORDER BY s.line LIMIT 1",
            import,
        )
        .await?
        {
            return Err(StoreError::Conflict(format!(
                "line {line}: record_id {id} is in the register already"
            )));
        }
        let centre = crate::sync::stored_role(&tx).await? == NodeRole::Centre;
        let staged_sql =
            format!("SELECT {COLUMNS} FROM firearms_staging WHERE import_id = $1 ORDER BY line");
        let added = if centre && !replace {
            Some(records(&tx, &staged_sql, Some(import)).await?)
        } else {
            None
        };
        let n = tx
            .execute(
                &format!(
                    "INSERT INTO firearms ({COLUMNS}) SELECT {COLUMNS} FROM firearms_staging
                     WHERE import_id = $1 ORDER BY line"
                ),
                &[&import],
            )
            .await
            .map_err(backend)?;
        tx.execute(
            "DELETE FROM firearms_staging WHERE import_id = $1",
            &[&import],
        )
        .await
        .map_err(backend)?;
        tx.execute(
            "UPDATE firearms_version SET generation = generation + 1",
            &[],
        )
        .await
        .map_err(backend)?;
        crate::audit::append_locked(&tx, &audit).await?;
        if centre {
            let base = register_version(&tx).await?;
            let (base_version, add) = match added {
                Some(added) => (Some(base), added),
                None => (None, all_records(&tx).await?),
            };
            push_register(&tx, base + 1, base_version, add).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(n)
    }

    async fn discard_firearm_import(&self, import: &str) -> StoreResult<()> {
        self.conn()
            .await?
            .execute(
                "DELETE FROM firearms_staging WHERE import_id = $1",
                &[&import],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn firearm_register_generation(&self) -> StoreResult<i64> {
        let row = self
            .conn()
            .await?
            .query_one("SELECT generation FROM firearms_version", &[])
            .await
            .map_err(backend)?;
        col(&row, 0)
    }

    async fn firearm_count(&self) -> StoreResult<u64> {
        let row = self
            .conn()
            .await?
            .query_one("SELECT count(*) FROM firearms", &[])
            .await
            .map_err(backend)?;
        crate::count(&row, 0)
    }

    async fn all_firearms(&self) -> StoreResult<Vec<FirearmRecord>> {
        let c = self.conn().await?;
        all_records(&c).await
    }

    async fn firearms_by_id(&self, ids: &[String]) -> StoreResult<Vec<FirearmRecord>> {
        let rows = self
            .conn()
            .await?
            .query(
                &format!("SELECT {COLUMNS} FROM firearms WHERE record_id = ANY($1)"),
                &[&ids],
            )
            .await
            .map_err(backend)?;
        rows.iter().map(firearm_from_row).collect()
    }

    async fn save_trace_request(&self, trace: TraceRequest, audit: AuditEvent) -> StoreResult<()> {
        // Kept here (a BCP node runs on SQLite: nothing goes up from this database).
        let record =
            serde_json::to_string(&trace).map_err(|e| StoreError::Backend(format!("json: {e}")))?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    ctx.tx
                        .execute(
                            "INSERT INTO firearm_traces (id, updated_at, record) VALUES ($1, $2, $3)
                             ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at,
                               record = excluded.record",
                            &[&trace.id, &trace.updated_at, &record],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn trace_request(&self, id: &str) -> StoreResult<Option<TraceRequest>> {
        let row = self
            .conn()
            .await?
            .query_opt("SELECT record FROM firearm_traces WHERE id = $1", &[&id])
            .await
            .map_err(backend)?;
        row.map(|r| read_trace(&col::<String>(&r, 0)?)).transpose()
    }

    async fn trace_requests(&self, limit: usize) -> StoreResult<Vec<TraceRequest>> {
        let limit = limit as i64;
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT record FROM firearm_traces ORDER BY updated_at DESC, id LIMIT $1",
                &[&limit],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| read_trace(&col::<String>(r, 0)?))
            .collect()
    }
}

async fn records(
    c: &impl GenericClient,
    sql: &str,
    import: Option<&str>,
) -> StoreResult<Vec<FirearmRecord>> {
    let rows = match import {
        Some(i) => c.query(sql, &[&i]).await,
        None => c.query(sql, &[]).await,
    }
    .map_err(backend)?;
    rows.iter().map(firearm_from_row).collect()
}

async fn all_records(c: &impl GenericClient) -> StoreResult<Vec<FirearmRecord>> {
    records(
        c,
        &format!("SELECT {COLUMNS} FROM firearms ORDER BY record_id"),
        None,
    )
    .await
}

async fn register_version(c: &impl GenericClient) -> StoreResult<i64> {
    let row = c
        .query_one("SELECT version FROM firearms_version", &[])
        .await
        .map_err(backend)?;
    col(&row, 0)
}

/// Queue a new register version for the nodes and keep it as the centre's version.
async fn push_register(
    c: &impl GenericClient,
    version: i64,
    base_version: Option<i64>,
    add: Vec<FirearmRecord>,
) -> StoreResult<u64> {
    c.execute("UPDATE firearms_version SET version = $1", &[&version])
        .await
        .map_err(backend)?;
    let messages =
        limes_store::firearms::firearm_register_parts(version, base_version, add, Vec::new())
            .iter()
            .map(DownDelta::message)
            .collect::<StoreResult<Vec<_>>>()?;
    crate::sync::push_messages(c, messages).await
}

/// The whole register at its current version, for nodes to repair from (see `SyncStore::queue_full_copy`).
pub(crate) async fn full_copy(c: &impl GenericClient) -> StoreResult<u64> {
    let version = register_version(c).await?;
    if version == 0 {
        return Ok(0);
    }
    let messages = limes_store::firearms::firearm_register_parts(
        version,
        None,
        all_records(c).await?,
        Vec::new(),
    )
    .iter()
    .map(DownDelta::message)
    .collect::<StoreResult<Vec<_>>>()?;
    crate::sync::push_messages(c, messages).await
}

/// The register's version (0: never imported at the centre).
pub(crate) async fn version(c: &impl GenericClient) -> StoreResult<i64> {
    register_version(c).await
}
