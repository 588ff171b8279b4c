//! The stolen-vehicle register and vehicle crossings on PostgreSQL: batches staged by import id, moved into the
//! register by one `INSERT … SELECT` in the transaction that audits the import; lookups on indexed keys.
use crate::{backend, col, is_unique_violation, ts, PgStore};
use async_trait::async_trait;
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::vehicle::{
    normalize_plate, normalize_vin, StolenMatch, StolenVehicle, VehicleCrossing,
};
use limes_store::sync::{DownDelta, NodeRole};
use limes_store::{StagedStolenVehicle, StolenVehicleStore, StoreError, StoreResult};
use tokio_postgres::Row;

const COLUMNS: &str =
    "alert_reference, vin, plate, country, make, model, colour, stolen_on, reporting_authority";

fn stolen_from_row(r: &Row) -> StoreResult<StolenVehicle> {
    Ok(StolenVehicle {
        alert_reference: col(r, 0)?,
        vin: col(r, 1)?,
        plate: col(r, 2)?,
        country: col(r, 3)?,
        make: col(r, 4)?,
        model: col(r, 5)?,
        colour: col(r, 6)?,
        stolen_on: col(r, 7)?,
        reporting_authority: col(r, 8)?,
    })
}

/// The first line (and reference) of the staged import that clashes, by `sql` taking the import id.
async fn first_clash(
    c: &impl GenericClient,
    sql: &str,
    import: &str,
) -> StoreResult<Option<(i64, String)>> {
    let row = c.query_opt(sql, &[&import]).await.map_err(backend)?;
    row.map(|r| Ok((col(&r, 0)?, col(&r, 1)?))).transpose()
}

#[async_trait]
impl StolenVehicleStore for PgStore {
    async fn stage_stolen_vehicles(
        &self,
        import: &str,
        batch: Vec<StagedStolenVehicle>,
    ) -> StoreResult<()> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        let st = tx
            .prepare_cached(
                "INSERT INTO stolen_vehicles_staging (import_id, line, alert_reference, vin_norm, plate_norm,
                   plate_lookalike, country, vin, plate, make, model, colour, stolen_on, reporting_authority)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .await
            .map_err(backend)?;
        for s in &batch {
            let v = &s.record;
            let vin_norm = v
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
            let line = s.line as i64;
            tx.execute(
                &st,
                &[
                    &import,
                    &line,
                    &v.alert_reference.trim(),
                    &vin_norm,
                    &plate.as_ref().map(|p| p.exact.clone()),
                    &plate.map(|p| p.lookalike),
                    &country,
                    &v.vin,
                    &v.plate,
                    &v.make,
                    &v.model,
                    &v.colour,
                    &v.stolen_on,
                    &v.reporting_authority,
                ],
            )
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn commit_stolen_vehicle_import(
        &self,
        import: &str,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        // Imports one at a time, as the document register's.
        crate::documents::lock_imports(&tx).await?;
        if let Some((line, reference)) = first_clash(
            &tx,
            "SELECT s.line, s.alert_reference FROM stolen_vehicles_staging s
             WHERE s.import_id = $1 AND EXISTS (SELECT 1 FROM stolen_vehicles_staging t
               WHERE t.import_id = $1 AND t.alert_reference = s.alert_reference AND t.line < s.line)
             ORDER BY s.line LIMIT 1",
            import,
        )
        .await?
        {
            return Err(StoreError::Conflict(format!(
                "line {line}: alert_reference {reference} appears twice in the file"
            )));
        }
        if replace {
            tx.execute("DELETE FROM stolen_vehicles", &[])
                .await
                .map_err(backend)?;
        } else if let Some((line, reference)) = first_clash(
            &tx,
            "SELECT s.line, s.alert_reference FROM stolen_vehicles_staging s
             JOIN stolen_vehicles r ON r.alert_reference = s.alert_reference
             WHERE s.import_id = $1 ORDER BY s.line LIMIT 1",
            import,
        )
        .await?
        {
            return Err(StoreError::Conflict(format!(
                "line {line}: alert_reference {reference} is in the register already"
            )));
        }
        // At the centre the import goes down to the nodes: what it adds, or the whole new register.
        let centre = crate::sync::stored_role(&tx).await? == NodeRole::Centre;
        let added = if centre && !replace {
            Some(records(&tx, STAGED, Some(import)).await?)
        } else {
            None
        };
        let n = tx
            .execute(
                "INSERT INTO stolen_vehicles (alert_reference, vin_norm, plate_norm, plate_lookalike, country,
                   vin, plate, make, model, colour, stolen_on, reporting_authority)
                 SELECT alert_reference, vin_norm, plate_norm, plate_lookalike, country, vin, plate, make,
                   model, colour, stolen_on, reporting_authority
                 FROM stolen_vehicles_staging WHERE import_id = $1 ORDER BY line",
                &[&import],
            )
            .await
            .map_err(backend)?;
        tx.execute(
            "DELETE FROM stolen_vehicles_staging WHERE import_id = $1",
            &[&import],
        )
        .await
        .map_err(backend)?;
        crate::audit::append_locked(&tx, &audit).await?;
        if centre {
            // Written while the chain-head lock is held (outbox order).
            let base = register_version(&tx).await?;
            let (base_version, add) = match added {
                Some(added) => (Some(base), added),
                None => (None, records(&tx, ALL, None).await?),
            };
            push_register(&tx, base + 1, base_version, add).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(n)
    }

    async fn discard_stolen_vehicle_import(&self, import: &str) -> StoreResult<()> {
        self.conn()
            .await?
            .execute(
                "DELETE FROM stolen_vehicles_staging WHERE import_id = $1",
                &[&import],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn find_stolen_vehicles(
        &self,
        vin: Option<&str>,
        plate: Option<(&str, &str)>,
    ) -> StoreResult<Vec<(StolenVehicle, StolenMatch)>> {
        let c = self.conn().await?;
        let mut out: Vec<(StolenVehicle, StolenMatch)> = Vec::new();
        if let Some(vin) = vin.map(normalize_vin).filter(|v| !v.is_empty()) {
            let st = c
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM stolen_vehicles WHERE vin_norm = $1"
                ))
                .await
                .map_err(backend)?;
            for r in c.query(&st, &[&vin]).await.map_err(backend)? {
                out.push((stolen_from_row(&r)?, StolenMatch::Vin));
            }
        }
        if let Some((plate, country)) = plate {
            let plate = normalize_plate(plate);
            if !plate.exact.is_empty() {
                let country = country.trim().to_ascii_uppercase();
                let st = c
                    .prepare_cached(&format!(
                        "SELECT {COLUMNS}, plate_norm FROM stolen_vehicles
                         WHERE plate_lookalike = $1 AND country = $2"
                    ))
                    .await
                    .map_err(backend)?;
                let mut lookalikes = Vec::new();
                for r in c
                    .query(&st, &[&plate.lookalike, &country])
                    .await
                    .map_err(backend)?
                {
                    let v = stolen_from_row(&r)?;
                    let norm: String = col(&r, 9)?;
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
        }
        Ok(out)
    }

    async fn stolen_vehicle_count(&self) -> StoreResult<u64> {
        let row = self
            .conn()
            .await?
            .query_one("SELECT count(*) FROM stolen_vehicles", &[])
            .await
            .map_err(backend)?;
        crate::count(&row, 0)
    }

    async fn record_vehicle_crossing(
        &self,
        crossing: VehicleCrossing,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        // Kept here (a BCP node runs on SQLite: nothing goes up from this database).
        let record = serde_json::to_string(&crossing)
            .map_err(|e| StoreError::Backend(format!("json: {e}")))?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let plate = normalize_plate(&crossing.vehicle.plate).exact;
                    ctx.tx
                        .execute(
                            "INSERT INTO vehicle_crossings (id, bcp, plate_norm, at, record)
                             VALUES ($1, $2, $3, $4, $5)",
                            &[
                                &crossing.id,
                                &crossing.bcp,
                                &plate,
                                &ts(&crossing.at),
                                &record,
                            ],
                        )
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                StoreError::Conflict(format!(
                                    "vehicle crossing {} exists already",
                                    crossing.id
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

    async fn vehicle_crossings_by_plate(
        &self,
        bcp: &str,
        plate: &str,
        limit: usize,
    ) -> StoreResult<Vec<VehicleCrossing>> {
        let plate = normalize_plate(plate).exact;
        let limit = limit as i64;
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT record FROM vehicle_crossings WHERE bcp = $1 AND plate_norm = $2
                 ORDER BY at DESC LIMIT $3",
                &[&bcp, &plate, &limit],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let json: String = col(r, 0)?;
                serde_json::from_str(&json)
                    .map_err(|e| StoreError::Backend(format!("vehicle crossing json: {e}")))
            })
            .collect()
    }
}

const STAGED: &str = "SELECT alert_reference, vin, plate, country, make, model, colour, stolen_on, reporting_authority
     FROM stolen_vehicles_staging WHERE import_id = $1 ORDER BY line";
const ALL: &str = "SELECT alert_reference, vin, plate, country, make, model, colour, stolen_on, reporting_authority
     FROM stolen_vehicles ORDER BY alert_reference";

async fn records(
    c: &impl GenericClient,
    sql: &str,
    import: Option<&str>,
) -> StoreResult<Vec<StolenVehicle>> {
    let rows = match import {
        Some(i) => c.query(sql, &[&i]).await,
        None => c.query(sql, &[]).await,
    }
    .map_err(backend)?;
    rows.iter().map(stolen_from_row).collect()
}

async fn register_version(c: &impl GenericClient) -> StoreResult<i64> {
    let row = c
        .query_one("SELECT version FROM stolen_vehicles_version", &[])
        .await
        .map_err(backend)?;
    col(&row, 0)
}

/// Queue a new register version for the nodes and keep it as the centre's version.
async fn push_register(
    c: &impl GenericClient,
    version: i64,
    base_version: Option<i64>,
    add: Vec<StolenVehicle>,
) -> StoreResult<u64> {
    c.execute(
        "UPDATE stolen_vehicles_version SET version = $1",
        &[&version],
    )
    .await
    .map_err(backend)?;
    let messages = limes_store::vehicles::register_parts(version, base_version, add, Vec::new())
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
    let messages = limes_store::vehicles::register_parts(
        version,
        None,
        records(c, ALL, None).await?,
        Vec::new(),
    )
    .iter()
    .map(DownDelta::message)
    .collect::<StoreResult<Vec<_>>>()?;
    crate::sync::push_messages(c, messages).await
}
