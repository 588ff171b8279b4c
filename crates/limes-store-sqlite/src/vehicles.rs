//! The stolen-vehicle register and vehicle crossings on SQLite: imports staged by id and moved in by one
//! `INSERT … SELECT`; lookups on the indexed VIN and plate keys.
use crate::{backend, bad_value, sync, ts, SqliteStore};
use async_trait::async_trait;
use chrono::NaiveDate;
use limes_domain::audit::AuditEvent;
use limes_domain::vehicle::{
    normalize_plate, normalize_vin, StolenMatch, StolenVehicle, VehicleCrossing,
};
use limes_store::sync::RecordKind;
use limes_store::vehicles::VehicleCrossings;
use limes_store::{StagedStolenVehicle, StolenVehicleStore, StoreError, StoreResult};
use rusqlite::{params, OptionalExtension, Row};

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
