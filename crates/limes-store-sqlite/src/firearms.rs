//! The firearm register and trace requests on SQLite: imports staged by id and moved in by one `INSERT … SELECT`
//! (queued down to the nodes at the centre), a node applying the centre's register changes, trace requests kept
//! as JSON and queued up from a node.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, sync, ts, SqliteStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use limes_domain::audit::AuditEvent;
use limes_domain::firearm::{FirearmRecord, FirearmStatus, FirearmType, TraceRequest};
use limes_store::firearms::TraceRequests;
use limes_store::sync::{DownDelta, NodeRole, RecordKind};
use limes_store::{FirearmStore, StagedFirearm, StoreError, StoreResult};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "record_id, serial, make, model, calibre, firearm_type, country_of_manufacture, status, \
                       reported_by, reported_on";

fn firearm_from_row(r: &Row<'_>) -> rusqlite::Result<FirearmRecord> {
    let firearm_type: String = r.get(5)?;
    let status: String = r.get(7)?;
    let reported_on: String = r.get(9)?;
    Ok(FirearmRecord {
        record_id: r.get(0)?,
        serial: r.get(1)?,
        make: r.get(2)?,
        model: r.get(3)?,
        calibre: r.get(4)?,
        firearm_type: FirearmType::parse(&firearm_type)
            .ok_or_else(|| bad_value("firearm type", &firearm_type))?,
        country_of_manufacture: r.get(6)?,
        status: FirearmStatus::parse(&status)
            .ok_or_else(|| bad_value("firearm status", &status))?,
        reported_by: r.get(8)?,
        reported_on: NaiveDate::parse_from_str(&reported_on, "%Y-%m-%d")
            .map_err(|_| bad_value("date", &reported_on))?,
    })
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

#[async_trait]
impl FirearmStore for SqliteStore {
    async fn stage_firearms(&self, import: &str, batch: Vec<StagedFirearm>) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached(&format!(
                    "INSERT INTO firearms_staging (import_id, line, {COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                ))
                .map_err(backend)?;
            for s in &batch {
                let f = &s.record;
                st.execute(params![
                    import,
                    s.line as i64,
                    f.record_id.trim(),
                    f.serial,
                    f.make,
                    f.model,
                    f.calibre,
                    f.firearm_type.as_str(),
                    f.country_of_manufacture,
                    f.status.as_str(),
                    f.reported_by,
                    f.reported_on.format("%Y-%m-%d").to_string(),
                ])
                .map_err(backend)?;
            }
            Ok(())
        })
        .await
    }

    async fn commit_firearm_import(
        &self,
        import: &str,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        let import = import.to_string();
        self.write(move |ctx| {
            let twice: Option<(i64, String)> = ctx
                .tx
                .query_row(
                    "SELECT s.line, s.record_id FROM firearms_staging s
                     WHERE s.import_id = ?1 AND EXISTS (SELECT 1 FROM firearms_staging t
                       WHERE t.import_id = ?1 AND t.record_id = s.record_id AND t.line < s.line)
                     ORDER BY s.line LIMIT 1",
                    [&import],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            if let Some((line, id)) = twice {
                return Err(StoreError::Conflict(format!(
                    "line {line}: record_id {id} appears twice in the file"
                )));
            }
            if replace {
                ctx.tx
                    .execute("DELETE FROM firearms", [])
                    .map_err(backend)?;
            } else {
                let known: Option<(i64, String)> = ctx
                    .tx
                    .query_row(
                        "SELECT s.line, s.record_id FROM firearms_staging s
                         JOIN firearms r ON r.record_id = s.record_id
                         WHERE s.import_id = ?1 ORDER BY s.line LIMIT 1",
                        [&import],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(backend)?;
                if let Some((line, id)) = known {
                    return Err(StoreError::Conflict(format!(
                        "line {line}: record_id {id} is in the register already"
                    )));
                }
            }
            // At the centre the import goes down to the nodes: what it adds, or the whole new register.
            let added = if ctx.role == NodeRole::Centre && !replace {
                Some(records(
                    ctx.tx,
                    &format!(
                        "SELECT {COLUMNS} FROM firearms_staging WHERE import_id = ?1 ORDER BY line"
                    ),
                    Some(&import),
                )?)
            } else {
                None
            };
            let n = ctx
                .tx
                .execute(
                    &format!(
                        "INSERT INTO firearms ({COLUMNS}) SELECT {COLUMNS} FROM firearms_staging
                         WHERE import_id = ?1 ORDER BY line"
                    ),
                    [&import],
                )
                .map_err(backend)?;
            ctx.tx
                .execute(
                    "DELETE FROM firearms_staging WHERE import_id = ?1",
                    [&import],
                )
                .map_err(backend)?;
            bump_generation(ctx)?;
            ctx.audit(&audit)?;
            if ctx.role == NodeRole::Centre {
                let base = register_version(ctx.tx)?;
                let (base_version, add) = match added {
                    Some(added) => (Some(base), added),
                    None => (None, all_records(ctx.tx)?),
                };
                push_register(ctx, base + 1, base_version, add)?;
            }
            Ok(n as u64)
        })
        .await
    }

    async fn discard_firearm_import(&self, import: &str) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "DELETE FROM firearms_staging WHERE import_id = ?1",
                    [&import],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn firearm_register_generation(&self) -> StoreResult<i64> {
        self.read(|c| c.query_row("SELECT generation FROM firearms_version", [], |r| r.get(0)))
            .await
    }

    async fn firearm_count(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM firearms", [], |r| r.get(0)))
            .await
    }

    async fn all_firearms(&self) -> StoreResult<Vec<FirearmRecord>> {
        self.read(|c| {
            let mut st = c.prepare(&format!(
                "SELECT {COLUMNS} FROM firearms ORDER BY record_id"
            ))?;
            let rows = st.query_map([], firearm_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn firearms_by_id(&self, ids: &[String]) -> StoreResult<Vec<FirearmRecord>> {
        let ids = ids.to_vec();
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM firearms WHERE record_id = ?1"
            ))?;
            let mut out = Vec::new();
            for id in &ids {
                if let Some(f) = st.query_row([id], firearm_from_row).optional()? {
                    out.push(f);
                }
            }
            Ok(out)
        })
        .await
    }

    async fn save_trace_request(&self, trace: TraceRequest, audit: AuditEvent) -> StoreResult<()> {
        let record = json(&trace)?;
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO firearm_traces (id, updated_at, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, record = excluded.record",
                    params![trace.id, ts(&trace.updated_at), record],
                )
                .map_err(backend)?;
            sync::queue_up(ctx, TraceRequests::KIND, &trace.id, &record)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn trace_request(&self, id: &str) -> StoreResult<Option<TraceRequest>> {
        let id = id.to_string();
        let row: Option<String> = self
            .read(move |c| {
                c.query_row(
                    "SELECT record FROM firearm_traces WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()
            })
            .await?;
        row.map(|r| read_trace(&r)).transpose()
    }

    async fn trace_requests(&self, limit: usize) -> StoreResult<Vec<TraceRequest>> {
        let rows: Vec<String> = self
            .read(move |c| {
                let mut st = c.prepare_cached(
                    "SELECT record FROM firearm_traces ORDER BY updated_at DESC, id LIMIT ?1",
                )?;
                let rows = st.query_map([limit as i64], |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter().map(|r| read_trace(r)).collect()
    }
}

fn read_trace(json: &str) -> StoreResult<TraceRequest> {
    serde_json::from_str(json).map_err(|e| StoreError::Backend(format!("trace request json: {e}")))
}

fn records(conn: &Connection, sql: &str, import: Option<&str>) -> StoreResult<Vec<FirearmRecord>> {
    let mut st = conn.prepare(sql).map_err(backend)?;
    let rows = match import {
        Some(i) => st.query_map([i], firearm_from_row),
        None => st.query_map([], firearm_from_row),
    }
    .map_err(backend)?;
    rows.collect::<rusqlite::Result<_>>().map_err(backend)
}

fn all_records(conn: &Connection) -> StoreResult<Vec<FirearmRecord>> {
    records(
        conn,
        &format!("SELECT {COLUMNS} FROM firearms ORDER BY record_id"),
        None,
    )
}

fn register_version(conn: &Connection) -> StoreResult<i64> {
    conn.query_row("SELECT version FROM firearms_version", [], |r| r.get(0))
        .map_err(backend)
}

fn bump_generation(ctx: &WriteCtx<'_>) -> StoreResult<()> {
    ctx.tx
        .execute(
            "UPDATE firearms_version SET generation = generation + 1",
            [],
        )
        .map_err(backend)?;
    Ok(())
}

/// Queue a new register version for the nodes and keep it as the centre's version.
fn push_register(
    ctx: &WriteCtx<'_>,
    version: i64,
    base_version: Option<i64>,
    add: Vec<FirearmRecord>,
) -> StoreResult<u64> {
    ctx.tx
        .execute("UPDATE firearms_version SET version = ?1", [version])
        .map_err(backend)?;
    let messages =
        limes_store::firearms::firearm_register_parts(version, base_version, add, Vec::new())
            .iter()
            .map(DownDelta::message)
            .collect::<StoreResult<Vec<_>>>()?;
    sync::push_messages(ctx, messages)
}

/// The whole register at its current version, for nodes to repair from (see `SyncStore::queue_full_copy`).
pub(crate) fn full_copy(ctx: &WriteCtx<'_>) -> StoreResult<u64> {
    let version = register_version(ctx.tx)?;
    if version == 0 {
        return Ok(0);
    }
    let messages = limes_store::firearms::firearm_register_parts(
        version,
        None,
        all_records(ctx.tx)?,
        Vec::new(),
    )
    .iter()
    .map(DownDelta::message)
    .collect::<StoreResult<Vec<_>>>()?;
    sync::push_messages(ctx, messages)
}

/// The register's version as a node reports it (0: never received).
pub(crate) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT version FROM firearms_version", [], |r| r.get(0))
}

/// At a BCP node: keep a part of a register change until its last part is in, then change the register in this
/// transaction, audited. A version held already is skipped; a change from a version the node does not hold is
/// refused (the centre must send the register whole).
pub(crate) fn apply_down(
    ctx: &mut WriteCtx<'_>,
    down_seq: u64,
    change: crate::vehicles::RegisterPart,
    add: Vec<FirearmRecord>,
    remove: Vec<String>,
    mut audit: AuditEvent,
) -> StoreResult<()> {
    let held = register_version(ctx.tx)?;
    if change.version <= held {
        return Ok(());
    }
    let target = match change.base_version {
        Some(b) => format!("firearms:from:{b}"),
        None => "firearms:whole".to_string(),
    };
    if change.part < change.parts {
        let payload = json(&(add, remove))?;
        return sync::stage(ctx, &target, change.version, change.part, &payload);
    }
    let staged = sync::take_staged(ctx, &target, change.version)?;
    let have: Vec<u32> = staged.iter().map(|(p, _)| *p).collect();
    let want: Vec<u32> = (1..change.parts).collect();
    if have != want {
        return Err(StoreError::Conflict(format!(
            "firearm register version {}: parts {want:?} expected before the last, found {have:?}; the \
             register is unchanged and the centre must send it again (limes sync resend)",
            change.version
        )));
    }
    if let Some(base) = change.base_version {
        if base != held {
            return Err(StoreError::Conflict(format!(
                "firearm register version {} is a change from version {base}, but this node holds version \
                 {held}; the register is unchanged and the centre must send it whole (limes sync resend)",
                change.version
            )));
        }
    }
    let (mut all_add, mut all_remove) = (Vec::new(), Vec::new());
    for (part, payload) in staged {
        let (a, r): (Vec<FirearmRecord>, Vec<String>) = serde_json::from_str(&payload)
            .map_err(|e| StoreError::Backend(format!("staged register part {part}: {e}")))?;
        all_add.extend(a);
        all_remove.extend(r);
    }
    all_add.extend(add);
    all_remove.extend(remove);
    if change.base_version.is_none() {
        ctx.tx
            .execute("DELETE FROM firearms", [])
            .map_err(backend)?;
    }
    for id in &all_remove {
        ctx.tx
            .execute("DELETE FROM firearms WHERE record_id = ?1", [id])
            .map_err(backend)?;
    }
    let mut st = ctx
        .tx
        .prepare_cached(&format!(
            "INSERT OR REPLACE INTO firearms ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ))
        .map_err(backend)?;
    for f in &all_add {
        st.execute(params![
            f.record_id,
            f.serial,
            f.make,
            f.model,
            f.calibre,
            f.firearm_type.as_str(),
            f.country_of_manufacture,
            f.status.as_str(),
            f.reported_by,
            f.reported_on.format("%Y-%m-%d").to_string(),
        ])
        .map_err(backend)?;
    }
    drop(st);
    ctx.tx
        .execute("UPDATE firearms_version SET version = ?1", [change.version])
        .map_err(backend)?;
    bump_generation(ctx)?;
    audit.subject = Some("register:firearms".into());
    audit.detail = format!(
        "delta {down_seq}: firearm register version {} ({})",
        change.version,
        match change.base_version {
            Some(b) => format!(
                "{} records added, {} removed since version {b}",
                all_add.len(),
                all_remove.len()
            ),
            None => format!("whole register, {} records", all_add.len()),
        }
    );
    ctx.audit(&audit)?;
    Ok(())
}
