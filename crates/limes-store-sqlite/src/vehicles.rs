//! The stolen-vehicle register and vehicle crossings on SQLite: imports staged by id and moved in by one
//! `INSERT … SELECT`; lookups on the indexed VIN and plate keys.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, sync, ts, SqliteStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use limes_domain::audit::AuditEvent;
use limes_domain::vehicle::{
    normalize_plate, normalize_vin, StolenMatch, StolenVehicle, VehicleCrossing,
};
use limes_store::sync::{DownDelta, NodeRole, RecordKind};
use limes_store::vehicles::VehicleCrossings;
use limes_store::{StagedStolenVehicle, StolenVehicleStore, StoreError, StoreResult};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str =
    "alert_reference, vin, plate, country, make, model, colour, stolen_on, reporting_authority";

fn stolen_from_row(r: &Row<'_>) -> rusqlite::Result<StolenVehicle> {
    let stolen_on: String = r.get(7)?;
    Ok(StolenVehicle {
        alert_reference: r.get(0)?,
        vin: r.get(1)?,
        plate: r.get(2)?,
        country: r.get(3)?,
        make: r.get(4)?,
        model: r.get(5)?,
        colour: r.get(6)?,
        stolen_on: NaiveDate::parse_from_str(&stolen_on, "%Y-%m-%d")
            .map_err(|_| bad_value("date", &stolen_on))?,
        reporting_authority: r.get(8)?,
    })
}

/// The register's keys of a record: normalised VIN, exact and look-alike plate, upper-case country.
pub(crate) fn keys(
    v: &StolenVehicle,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let vin = v
        .vin
        .as_deref()
        .map(normalize_vin)
        .filter(|s| !s.is_empty());
    let plate = v
        .plate
        .as_deref()
        .map(normalize_plate)
        .filter(|p| !p.exact.is_empty());
    let country = v
        .country
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    (
        vin,
        plate.as_ref().map(|p| p.exact.clone()),
        plate.map(|p| p.lookalike),
        country,
    )
}

fn json(crossing: &VehicleCrossing) -> StoreResult<String> {
    serde_json::to_string(crossing).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

#[async_trait]
impl StolenVehicleStore for SqliteStore {
    async fn stage_stolen_vehicles(
        &self,
        import: &str,
        batch: Vec<StagedStolenVehicle>,
    ) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached(
                    "INSERT INTO stolen_vehicles_staging (import_id, line, alert_reference, vin_norm, plate_norm,
                       plate_lookalike, country, vin, plate, make, model, colour, stolen_on, reporting_authority)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )
                .map_err(backend)?;
            for s in &batch {
                let v = &s.record;
                let (vin_norm, plate_norm, plate_lookalike, country) = keys(v);
                st.execute(params![
                    import,
                    s.line as i64,
                    v.alert_reference.trim(),
                    vin_norm,
                    plate_norm,
                    plate_lookalike,
                    country,
                    v.vin,
                    v.plate,
                    v.make,
                    v.model,
                    v.colour,
                    v.stolen_on.format("%Y-%m-%d").to_string(),
                    v.reporting_authority
                ])
                .map_err(backend)?;
            }
            Ok(())
        })
        .await
    }

    async fn commit_stolen_vehicle_import(
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
                    "SELECT s.line, s.alert_reference FROM stolen_vehicles_staging s
                     WHERE s.import_id = ?1 AND EXISTS (SELECT 1 FROM stolen_vehicles_staging t
                       WHERE t.import_id = ?1 AND t.alert_reference = s.alert_reference AND t.line < s.line)
                     ORDER BY s.line LIMIT 1",
                    [&import],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(backend)?;
            if let Some((line, reference)) = twice {
                return Err(StoreError::Conflict(format!(
                    "line {line}: alert_reference {reference} appears twice in the file"
                )));
            }
            if replace {
                ctx.tx
                    .execute("DELETE FROM stolen_vehicles", [])
                    .map_err(backend)?;
            } else {
                let known: Option<(i64, String)> = ctx
                    .tx
                    .query_row(
                        "SELECT s.line, s.alert_reference FROM stolen_vehicles_staging s
                         JOIN stolen_vehicles r ON r.alert_reference = s.alert_reference
                         WHERE s.import_id = ?1 ORDER BY s.line LIMIT 1",
                        [&import],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(backend)?;
                if let Some((line, reference)) = known {
                    return Err(StoreError::Conflict(format!(
                        "line {line}: alert_reference {reference} is in the register already"
                    )));
                }
            }
            // At the centre the import goes down to the nodes: what it adds, or the whole new register.
            let added = if ctx.role == NodeRole::Centre && !replace {
                Some(staged_records(ctx.tx, &import)?)
            } else {
                None
            };
            let n = ctx
                .tx
                .execute(
                    "INSERT INTO stolen_vehicles (alert_reference, vin_norm, plate_norm, plate_lookalike, country,
                       vin, plate, make, model, colour, stolen_on, reporting_authority)
                     SELECT alert_reference, vin_norm, plate_norm, plate_lookalike, country, vin, plate, make,
                       model, colour, stolen_on, reporting_authority
                     FROM stolen_vehicles_staging WHERE import_id = ?1 ORDER BY line",
                    [&import],
                )
                .map_err(backend)?;
            ctx.tx
                .execute(
                    "DELETE FROM stolen_vehicles_staging WHERE import_id = ?1",
                    [&import],
                )
                .map_err(backend)?;
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

    async fn discard_stolen_vehicle_import(&self, import: &str) -> StoreResult<()> {
        let import = import.to_string();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "DELETE FROM stolen_vehicles_staging WHERE import_id = ?1",
                    [&import],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn find_stolen_vehicles(
        &self,
        vin: Option<&str>,
        plate: Option<(&str, &str)>,
    ) -> StoreResult<Vec<(StolenVehicle, StolenMatch)>> {
        let vin = vin.map(normalize_vin).filter(|v| !v.is_empty());
        let plate = plate
            .map(|(p, c)| (normalize_plate(p), c.trim().to_ascii_uppercase()))
            .filter(|(p, _)| !p.exact.is_empty());
        self.read(move |c| {
            let mut out: Vec<(StolenVehicle, StolenMatch)> = Vec::new();
            if let Some(vin) = vin {
                let mut st = c.prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM stolen_vehicles WHERE vin_norm = ?1"
                ))?;
                for v in st.query_map([&vin], stolen_from_row)? {
                    out.push((v?, StolenMatch::Vin));
                }
            }
            if let Some((plate, country)) = plate {
                let mut st = c.prepare_cached(&format!(
                    "SELECT {COLUMNS}, plate_norm FROM stolen_vehicles
                     WHERE plate_lookalike = ?1 AND country = ?2"
                ))?;
                let rows = st.query_map(params![plate.lookalike, country], |r| {
                    Ok((stolen_from_row(r)?, r.get::<_, String>(9)?))
                })?;
                let mut lookalikes = Vec::new();
                for row in rows {
                    let (v, norm) = row?;
                    if out
                        .iter()
                        .any(|(o, _)| o.alert_reference == v.alert_reference)
                    {
                        continue;
                    }
                    if norm == plate.exact {
                        out.push((v, StolenMatch::Plate));
                    } else {
                        lookalikes.push((v, StolenMatch::PlateLookalike));
                    }
                }
                out.extend(lookalikes);
            }
            Ok(out)
        })
        .await
    }

    async fn stolen_vehicle_count(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM stolen_vehicles", [], |r| r.get(0)))
            .await
    }

    async fn record_vehicle_crossing(
        &self,
        crossing: VehicleCrossing,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let record = json(&crossing)?;
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO vehicle_crossings (id, bcp, plate_norm, at, record) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        crossing.id,
                        crossing.bcp,
                        normalize_plate(&crossing.vehicle.plate).exact,
                        ts(&crossing.at),
                        record
                    ],
                )
                .map_err(|e| match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(format!(
                        "vehicle crossing {} exists already",
                        crossing.id
                    )),
                    _ => backend(e),
                })?;
            sync::queue_up(ctx, VehicleCrossings::KIND, &crossing.id, &record)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn vehicle_crossings_by_plate(
        &self,
        bcp: &str,
        plate: &str,
        limit: usize,
    ) -> StoreResult<Vec<VehicleCrossing>> {
        let (bcp, plate) = (bcp.to_string(), normalize_plate(plate).exact);
        let rows: Vec<String> = self
            .read(move |c| {
                let mut st = c.prepare_cached(
                    "SELECT record FROM vehicle_crossings WHERE bcp = ?1 AND plate_norm = ?2
                     ORDER BY at DESC LIMIT ?3",
                )?;
                let rows = st.query_map(params![bcp, plate, limit as i64], |r| r.get(0))?;
                rows.collect()
            })
            .await?;
        rows.iter()
            .map(|r| {
                serde_json::from_str(r)
                    .map_err(|e| StoreError::Backend(format!("vehicle crossing json: {e}")))
            })
            .collect()
    }
}

fn all_records(conn: &Connection) -> StoreResult<Vec<StolenVehicle>> {
    let mut st = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM stolen_vehicles ORDER BY alert_reference"
        ))
        .map_err(backend)?;
    let rows = st.query_map([], stolen_from_row).map_err(backend)?;
    rows.collect::<rusqlite::Result<_>>().map_err(backend)
}

fn staged_records(conn: &Connection, import: &str) -> StoreResult<Vec<StolenVehicle>> {
    let mut st = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM stolen_vehicles_staging WHERE import_id = ?1 ORDER BY line"
        ))
        .map_err(backend)?;
    let rows = st.query_map([import], stolen_from_row).map_err(backend)?;
    rows.collect::<rusqlite::Result<_>>().map_err(backend)
}

fn register_version(conn: &Connection) -> StoreResult<i64> {
    conn.query_row("SELECT version FROM stolen_vehicles_version", [], |r| {
        r.get(0)
    })
    .map_err(backend)
}

fn set_register_version(ctx: &WriteCtx<'_>, version: i64) -> StoreResult<()> {
    ctx.tx
        .execute("UPDATE stolen_vehicles_version SET version = ?1", [version])
        .map_err(backend)?;
    Ok(())
}

/// Queue a new register version for the nodes and keep it as the centre's version.
fn push_register(
    ctx: &WriteCtx<'_>,
    version: i64,
    base_version: Option<i64>,
    add: Vec<StolenVehicle>,
) -> StoreResult<u64> {
    set_register_version(ctx, version)?;
    let messages = limes_store::vehicles::register_parts(version, base_version, add, Vec::new())
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
    let messages =
        limes_store::vehicles::register_parts(version, None, all_records(ctx.tx)?, Vec::new())
            .iter()
            .map(DownDelta::message)
            .collect::<StoreResult<Vec<_>>>()?;
    sync::push_messages(ctx, messages)
}

/// Which part of which register change a downward message is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RegisterPart {
    pub version: i64,
    pub base_version: Option<i64>,
    pub part: u32,
    pub parts: u32,
}

/// Insert (or replace, by alert reference) register records in the current transaction.
fn upsert_records(ctx: &WriteCtx<'_>, records: &[StolenVehicle]) -> StoreResult<u64> {
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT OR REPLACE INTO stolen_vehicles (alert_reference, vin_norm, plate_norm, plate_lookalike,
               country, vin, plate, make, model, colour, stolen_on, reporting_authority)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .map_err(backend)?;
    for v in records {
        let (vin_norm, plate_norm, plate_lookalike, country) = keys(v);
        st.execute(params![
            v.alert_reference,
            vin_norm,
            plate_norm,
            plate_lookalike,
            country,
            v.vin,
            v.plate,
            v.make,
            v.model,
            v.colour,
            v.stolen_on.format("%Y-%m-%d").to_string(),
            v.reporting_authority
        ])
        .map_err(backend)?;
    }
    Ok(records.len() as u64)
}

/// At a BCP node: keep a part of a register change until its last part is in, then change the register in this
/// transaction, audited. A version held already is skipped; a change from a version the node does not hold is
/// refused (the centre must send the register whole).
pub(crate) fn apply_down(
    ctx: &mut WriteCtx<'_>,
    down_seq: u64,
    change: RegisterPart,
    add: Vec<StolenVehicle>,
    remove: Vec<String>,
    mut audit: AuditEvent,
) -> StoreResult<()> {
    let held = register_version(ctx.tx)?;
    if change.version <= held {
        return Ok(());
    }
    let target = match change.base_version {
        Some(b) => format!("stolen_vehicles:from:{b}"),
        None => "stolen_vehicles:whole".to_string(),
    };
    if change.part < change.parts {
        let payload = serde_json::to_string(&(add, remove))
            .map_err(|e| StoreError::Backend(format!("json: {e}")))?;
        return sync::stage(ctx, &target, change.version, change.part, &payload);
    }
    let staged = sync::take_staged(ctx, &target, change.version)?;
    let have: Vec<u32> = staged.iter().map(|(p, _)| *p).collect();
    let want: Vec<u32> = (1..change.parts).collect();
    if have != want {
        return Err(StoreError::Conflict(format!(
            "stolen-vehicle register version {}: parts {want:?} expected before the last, found {have:?}; the \
             register is unchanged and the centre must send it again (limes sync resend)",
            change.version
        )));
    }
    if let Some(base) = change.base_version {
        if base != held {
            return Err(StoreError::Conflict(format!(
                "stolen-vehicle register version {} is a change from version {base}, but this node holds \
                 version {held}; the register is unchanged and the centre must send it whole (limes sync resend)",
                change.version
            )));
        }
    }
    let (mut all_add, mut all_remove) = (Vec::new(), Vec::new());
    for (part, payload) in staged {
        let (a, r): (Vec<StolenVehicle>, Vec<String>) = serde_json::from_str(&payload)
            .map_err(|e| StoreError::Backend(format!("staged register part {part}: {e}")))?;
        all_add.extend(a);
        all_remove.extend(r);
    }
    all_add.extend(add);
    all_remove.extend(remove);
    if change.base_version.is_none() {
        ctx.tx
            .execute("DELETE FROM stolen_vehicles", [])
            .map_err(backend)?;
    }
    for reference in &all_remove {
        ctx.tx
            .execute(
                "DELETE FROM stolen_vehicles WHERE alert_reference = ?1",
                [reference],
            )
            .map_err(backend)?;
    }
    let added = upsert_records(ctx, &all_add)?;
    set_register_version(ctx, change.version)?;
    audit.subject = Some("register:stolen_vehicles".into());
    audit.detail = format!(
        "delta {down_seq}: stolen-vehicle register version {} ({})",
        change.version,
        match change.base_version {
            Some(b) => format!(
                "{added} records added, {} removed since version {b}",
                all_remove.len()
            ),
            None => format!("whole register, {added} records"),
        }
    );
    ctx.audit(&audit)?;
    Ok(())
}
