//! The stolen-vehicle register (imported in batches into a staging area, swapped in whole) and the vehicle
//! crossings recorded at land BCPs.
use async_trait::async_trait;
use limes_domain::audit::AuditEvent;
use limes_domain::vehicle::{StolenMatch, StolenVehicle, VehicleCrossing};

use crate::StoreResult;

/// One staged record of an import, with the line of the file it came from (for errors by line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedStolenVehicle {
    pub line: u64,
    pub record: StolenVehicle,
}

#[async_trait]
pub trait StolenVehicleStore: Send + Sync + 'static {
    /// Keep one batch of the import `import` aside: nothing reaches the register before
    /// [`StolenVehicleStore::commit_stolen_vehicle_import`], so a file is read in batches and never held whole.
    async fn stage_stolen_vehicles(
        &self,
        import: &str,
        batch: Vec<StagedStolenVehicle>,
    ) -> StoreResult<()>;
    /// Move every staged record of `import` into the register (emptying it first when `replace`), with the
    /// audit entry, in one transaction; all or nothing. An alert reference staged twice, or (when appending)
    /// already in the register, is a conflict naming its line. The staging rows are dropped either way.
    async fn commit_stolen_vehicle_import(
        &self,
        import: &str,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64>;
    /// Drop what an abandoned import staged.
    async fn discard_stolen_vehicle_import(&self, import: &str) -> StoreResult<()>;
    /// Register records for a VIN (after [`limes_domain::vehicle::normalize_vin`]) and for a plate in its
    /// registration country (after [`limes_domain::vehicle::normalize_plate`], look-alike matches labelled
    /// apart); VIN hits first.
    async fn find_stolen_vehicles(
        &self,
        vin: Option<&str>,
        plate: Option<(&str, &str)>,
    ) -> StoreResult<Vec<(StolenVehicle, StolenMatch)>>;
    async fn stolen_vehicle_count(&self) -> StoreResult<u64>;
    /// Keep a vehicle crossing with its audit entry (and at a BCP node queue it for the centre) in one
    /// transaction.
    async fn record_vehicle_crossing(
        &self,
        crossing: VehicleCrossing,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// The latest crossings at `bcp` of the plate (normalised, exact), newest first, at most `limit`.
    async fn vehicle_crossings_by_plate(
        &self,
        bcp: &str,
        plate: &str,
        limit: usize,
    ) -> StoreResult<Vec<VehicleCrossing>>;
}

/// Vehicle crossings go up from the BCP nodes and are kept at the centre in the generic table.
pub struct VehicleCrossings;

impl crate::sync::RecordKind for VehicleCrossings {
    const KIND: &'static str = "vehicle_crossing";
    type Record = VehicleCrossing;
    fn key(record: &VehicleCrossing) -> String {
        record.id.clone()
    }
}

/// Stolen-vehicle records per downward message.
pub const STOLEN_VEHICLES_PER_DELTA: usize = 5000;

/// One register change as downward messages of at most [`STOLEN_VEHICLES_PER_DELTA`] records each (removals in
/// the first part).
pub fn register_parts(
    version: i64,
    base_version: Option<i64>,
    add: Vec<StolenVehicle>,
    remove: Vec<String>,
) -> Vec<crate::sync::DownDelta> {
    let mut chunks: Vec<Vec<StolenVehicle>> = add
        .chunks(STOLEN_VEHICLES_PER_DELTA)
        .map(<[StolenVehicle]>::to_vec)
        .collect();
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    let parts = chunks.len() as u32;
    let mut remove = Some(remove);
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, add)| crate::sync::DownDelta::StolenVehicles {
            version,
            base_version,
            part: i as u32 + 1,
            parts,
            add,
            remove: remove.take().unwrap_or_default(),
        })
        .collect()
}
