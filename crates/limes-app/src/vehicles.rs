//! Vehicles at land BCPs: the stolen-vehicle register's CSV import (read as a stream in batches, staged, swapped
//! in whole; bad rows named by line) and the vehicle check (VIN read, register lookup, the plate's history at the
//! BCP), recorded with its audit entry.
use crate::check::{resolve_bcp, CheckError};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::NaiveDate;
use limes_domain::vehicle::{
    normalize_plate, validate_vin, StolenMatch, StolenVehicle, Vehicle, VehicleCategory,
    VehicleCrossing, VinReport,
};
use limes_domain::{AuditEvent, BcpKind, Direction};
use limes_store::{StagedStolenVehicle, Store, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Rows per staged batch: the file is never held whole.
pub const IMPORT_BATCH: usize = 5000;
/// Largest number of bad rows listed in an error.
const MAX_REPORTED: usize = 20;
/// Crossings of the plate at the BCP shown with a check.
const HISTORY_SHOWN: usize = 10;
/// Most passengers, declarations and characters per field a vehicle check takes.
const MAX_LINKS: usize = 100;
const MAX_FIELD_CHARS: usize = 64;

/// Why a vehicle use case failed.
#[derive(Debug, thiserror::Error)]
pub enum VehicleError {
    /// The input is wrong: `field` names the field, the line or the file; `details` lists bad rows.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    /// The BCP is unknown, inactive, or not the officer's.
    #[error(transparent)]
    Bcp(#[from] CheckError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl VehicleError {
    fn invalid(field: &str, message: impl Into<String>) -> VehicleError {
        VehicleError::Invalid {
            field: field.to_string(),
            message: message.into(),
            details: None,
        }
    }
}

impl UseCaseError for VehicleError {
    fn class(&self) -> ErrorClass {
        match self {
            VehicleError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            VehicleError::Bcp(e) => e.class(),
            // A clash found when the import is committed names its line: the file is wrong.
            VehicleError::Store(StoreError::Conflict(_)) => invalid("file"),
            VehicleError::Store(e) => store_class(e),
        }
    }
}

/// The 3-letter code of a country written as ISO 3166 alpha-2 or alpha-3 (or an ICAO code such as UTO).
pub fn country_code(raw: &str) -> Option<&'static str> {
    let t = raw.trim();
    match t.len() {
        2 => limes_countries::by_alpha2(t).map(|c| c.code),
        3 => limes_countries::by_icao(t).map(|c| c.code),
        _ => None,
    }
}

/// Columns of the stolen-vehicle CSV (docs/formats.md): these three are required, `vin`, `plate`, `country`,
/// `make`, `model`, `colour` optional; any order, header names in any case.
const REQUIRED_COLUMNS: [&str; 3] = ["alert_reference", "stolen_on", "reporting_authority"];

struct Columns {
    reference: usize,
    stolen_on: usize,
    authority: usize,
    vin: Option<usize>,
    plate: Option<usize>,
    country: Option<usize>,
    make: Option<usize>,
    model: Option<usize>,
    colour: Option<usize>,
}

impl Columns {
    fn of(headers: &csv::StringRecord) -> Result<Columns, VehicleError> {
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let missing: Vec<&str> = REQUIRED_COLUMNS
            .iter()
            .copied()
            .filter(|c| col(c).is_none())
            .collect();
        if !missing.is_empty() || (col("vin").is_none() && col("plate").is_none()) {
            let mut missing = missing;
            if col("vin").is_none() && col("plate").is_none() {
                missing.push("vin or plate");
            }
            return Err(VehicleError::invalid(
                "line 1",
                format!("header lacks the column(s): {}", missing.join(", ")),
            ));
        }
        Ok(Columns {
            reference: col("alert_reference").unwrap_or(usize::MAX),
            stolen_on: col("stolen_on").unwrap_or(usize::MAX),
            authority: col("reporting_authority").unwrap_or(usize::MAX),
            vin: col("vin"),
            plate: col("plate"),
            country: col("country"),
            make: col("make"),
            model: col("model"),
            colour: col("colour").or_else(|| col("color")),
        })
    }

    /// One row read, or what is wrong with it.
    fn read(&self, record: &csv::StringRecord) -> Result<StolenVehicle, String> {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let optional = |i: Option<usize>| i.map(field).filter(|s| !s.is_empty());
        let mut problems = Vec::new();
        let vin = optional(self.vin).map(str::to_string);
        if let Some(v) = &vin {
            if let Err(e) = validate_vin(v) {
                problems.push(format!("vin {v}: {e}"));
            }
        }
        let country = match optional(self.country) {
            Some(c) => match country_code(c) {
                Some(code) => Some(code.to_string()),
                None => {
                    problems.push(format!("country '{c}' is not an ISO 3166 code"));
                    None
                }
            },
            None => None,
        };
        let stolen_on = NaiveDate::parse_from_str(field(self.stolen_on), "%Y-%m-%d").ok();
        if stolen_on.is_none() {
            problems.push(format!(
                "stolen_on '{}' is not a YYYY-MM-DD date",
                field(self.stolen_on)
            ));
        }
        let record = StolenVehicle {
            alert_reference: field(self.reference).to_string(),
            vin,
            plate: optional(self.plate).map(str::to_string),
            country,
            make: optional(self.make).unwrap_or("").to_string(),
            model: optional(self.model).unwrap_or("").to_string(),
            colour: optional(self.colour).unwrap_or("").to_string(),
            stolen_on: stolen_on.unwrap_or_default(),
            reporting_authority: field(self.authority).to_string(),
        };
        if let Err(e) = record.validate() {
            problems.push(e.to_string());
        }
        if problems.is_empty() {
            Ok(record)
        } else {
            Err(problems.join("; "))
        }
    }
}

/// Import the stolen-vehicle register from CSV read from `reader` as a stream: rows are staged in batches and
/// moved into the register (added, or replacing it) in one transaction at the end. All or nothing: a bad row
/// (every one is read and the first few named by line), a reference twice or (when adding) already held, stores
/// nothing. Returns how many records the register gained.
#[tracing::instrument(skip_all, fields(replace = replace))]
pub async fn import_stolen_vehicles<R: std::io::Read>(
    store: &dyn Store,
    mut audit: AuditEvent,
    reader: R,
    replace: bool,
) -> Result<u64, VehicleError> {
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| VehicleError::invalid("line 1", format!("cannot read the header: {e}")))?
        .clone();
    let columns = Columns::of(&headers)?;
    let import = limes_store::new_id();
    let result = stage_rows(store, &import, &columns, csv.records()).await;
    let staged = match result {
        Ok(n) => n,
        Err(e) => {
            store.discard_stolen_vehicle_import(&import).await?;
            return Err(e);
        }
    };
    audit.subject = Some("register:stolen_vehicles".into());
    audit.detail = format!(
        "{staged} stolen-vehicle records {}",
        if replace {
            "replacing the register"
        } else {
            "added"
        }
    );
    match store
        .commit_stolen_vehicle_import(&import, replace, audit)
        .await
    {
        Ok(n) => Ok(n),
        Err(e) => {
            store.discard_stolen_vehicle_import(&import).await?;
            Err(e.into())
        }
    }
}

/// Read every row, staging the good ones in batches while no row was bad; the bad ones named by line.
async fn stage_rows<R: std::io::Read>(
    store: &dyn Store,
    import: &str,
    columns: &Columns,
    records: csv::StringRecordsIter<'_, R>,
) -> Result<u64, VehicleError> {
    let mut batch = Vec::with_capacity(IMPORT_BATCH);
    let (mut staged, mut bad_count) = (0u64, 0usize);
    let mut bad: Vec<String> = Vec::new();
    for (n, record) in records.enumerate() {
        let line = n as u64 + 2;
        let read = match record {
            Ok(r) => columns.read(&r),
            Err(e) => Err(e.to_string()),
        };
        match read {
            Ok(record) if bad_count == 0 => batch.push(StagedStolenVehicle { line, record }),
            Ok(_) => {}
            Err(problem) => {
                bad_count += 1;
                batch.clear();
                if bad.len() < MAX_REPORTED {
                    bad.push(format!("line {line}: {problem}"));
                }
            }
        }
        if batch.len() >= IMPORT_BATCH {
            staged += batch.len() as u64;
            store
                .stage_stolen_vehicles(import, std::mem::take(&mut batch))
                .await?;
        }
    }
    if bad_count > 0 {
        return Err(VehicleError::Invalid {
            field: "file".into(),
            message: format!(
                "{bad_count} bad row(s); nothing was imported. {}{}",
                bad.join(" | "),
                if bad_count > bad.len() { " | …" } else { "" }
            ),
            details: Some(serde_json::json!({ "bad_rows": bad, "bad_row_count": bad_count })),
        });
    }
    if !batch.is_empty() {
        staged += batch.len() as u64;
        store.stage_stolen_vehicles(import, batch).await?;
    }
    if staged == 0 {
        return Err(VehicleError::invalid(
            "file",
            "no rows after the header; nothing was imported",
        ));
    }
    Ok(staged)
}

/// A vehicle check as the API and the page send it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VehicleCheckRequest {
    /// The BCP (default: the session's).
    pub bcp: Option<String>,
    pub plate: String,
    /// Registration country, ISO 3166 alpha-2 or alpha-3.
    pub country: String,
    pub vin: Option<String>,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    pub category: VehicleCategory,
    pub direction: Direction,
    /// The driver's traveller check or crossing id.
    pub driver: Option<String>,
    #[serde(default)]
    pub passengers: Vec<String>,
    /// References of the declarations a truck carries.
    #[serde(default)]
    pub declarations: Vec<String>,
}

/// One register hit, as the officer sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StolenHit {
    pub record: StolenVehicle,
    #[serde(rename = "match")]
    pub matched: StolenMatch,
    /// A VIN or exact plate hit: the officer decides, as for a document hit.
    pub critical: bool,
}

/// What to do with the vehicle, at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VehicleVerdict {
    /// Nothing found.
    Clear,
    /// A possible look-alike plate hit, or a VIN that is malformed or whose check digit is wrong: look closer.
    Inspect,
    /// The vehicle is in the stolen-vehicle register: stop it; the officer decides.
    Stop,
}

impl VehicleVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            VehicleVerdict::Clear => "clear",
            VehicleVerdict::Inspect => "inspect",
            VehicleVerdict::Stop => "stop",
        }
    }
}

/// The answer to a vehicle check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VehicleCheckResponse {
    pub id: String,
    pub bcp: String,
    pub verdict: VehicleVerdict,
    pub vin: Option<VinReport>,
    /// Why the VIN is not one, when it is not.
    pub vin_problem: Option<String>,
    pub stolen_hits: Vec<StolenHit>,
    /// The plate's latest earlier crossings at this BCP, newest first.
    pub history: Vec<VehicleCrossing>,
    pub crossing: VehicleCrossing,
}

fn check_fields(req: &VehicleCheckRequest) -> Result<(), VehicleError> {
    let too_long = |field: &str, v: &str| v.chars().count() > MAX_FIELD_CHARS && !field.is_empty();
    for (field, value) in [
        ("plate", req.plate.as_str()),
        ("country", req.country.as_str()),
        ("vin", req.vin.as_deref().unwrap_or("")),
        ("make", req.make.as_str()),
        ("model", req.model.as_str()),
        ("driver", req.driver.as_deref().unwrap_or("")),
    ] {
        if too_long(field, value) {
            return Err(VehicleError::invalid(
                field,
                format!("at most {MAX_FIELD_CHARS} characters"),
            ));
        }
    }
    for (field, list) in [
        ("passengers", &req.passengers),
        ("declarations", &req.declarations),
    ] {
        if list.len() > MAX_LINKS || list.iter().any(|v| too_long(field, v)) {
            return Err(VehicleError::invalid(
                field,
                format!("at most {MAX_LINKS} of at most {MAX_FIELD_CHARS} characters each"),
            ));
        }
    }
    if normalize_plate(&req.plate).exact.is_empty() {
        return Err(VehicleError::invalid("plate", "empty"));
    }
    Ok(())
}

/// Check a vehicle at a land BCP: read the VIN, look the VIN and the plate up in the stolen-vehicle register,
/// fetch the plate's history at this BCP, and record the crossing with its audit entry (at a BCP node, queued
/// for the centre).
#[tracing::instrument(skip_all, fields(bcp = req.bcp.as_deref().or(who.session_bcp()), direction = req.direction.as_str()))]
pub async fn check_vehicle(
    app: &App,
    who: Actor<'_>,
    req: VehicleCheckRequest,
) -> Result<VehicleCheckResponse, VehicleError> {
    check_fields(&req)?;
    let bcp = resolve_bcp(app, who, req.bcp.as_deref()).await?;
    if bcp.kind != BcpKind::Land {
        return Err(VehicleError::invalid(
            "bcp",
            format!(
                "{} is not a land BCP: vehicles are checked at land BCPs",
                bcp.code
            ),
        ));
    }
    let country = country_code(&req.country).ok_or_else(|| {
        VehicleError::invalid(
            "country",
            format!("'{}' is not an ISO 3166 code", req.country.trim()),
        )
    })?;
    let vin_raw = req.vin.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let (vin_report, vin_problem) = match vin_raw.map(validate_vin) {
        None => (None, None),
        Some(Ok(report)) => (Some(report), None),
        Some(Err(e)) => (None, Some(e.to_string())),
    };
    let store = app.store.as_ref();
    let (hits, history) = tokio::try_join!(
        store.find_stolen_vehicles(vin_raw, Some((&req.plate, country))),
        store.vehicle_crossings_by_plate(&bcp.code, &req.plate, HISTORY_SHOWN),
    )?;
    let stolen_hits: Vec<StolenHit> = hits
        .into_iter()
        .map(|(record, matched)| StolenHit {
            critical: matches!(matched, StolenMatch::Vin | StolenMatch::Plate),
            record,
            matched,
        })
        .collect();
    let vin_doubtful = vin_problem.is_some() || vin_report.as_ref().is_some_and(|r| !r.is_valid());
    let verdict = if stolen_hits.iter().any(|h| h.critical) {
        VehicleVerdict::Stop
    } else if !stolen_hits.is_empty() || vin_doubtful {
        VehicleVerdict::Inspect
    } else {
        VehicleVerdict::Clear
    };
    let now = app.clock.now();
    let crossing = VehicleCrossing {
        id: limes_store::new_id(),
        bcp: bcp.code.clone(),
        officer: who.name().to_string(),
        at: now,
        direction: req.direction,
        vehicle: Vehicle {
            plate: req.plate.trim().to_string(),
            registration_country: country.to_string(),
            vin: vin_raw.map(str::to_string),
            make: req.make.trim().to_string(),
            model: req.model.trim().to_string(),
            category: req.category,
        },
        driver: req.driver.filter(|d| !d.trim().is_empty()),
        passengers: req.passengers,
        declarations: req.declarations,
        vin_report: vin_report.clone(),
        vin_problem: vin_problem.clone(),
        stolen_hits: stolen_hits
            .iter()
            .map(|h| (h.record.alert_reference.clone(), h.matched))
            .collect(),
    };
    let mut audit = who.audit(now, "vehicle.check");
    audit.bcp = Some(bcp.code.clone());
    audit.subject = Some(format!("vehicle_crossing:{}", crossing.id));
    audit.detail = format!(
        "{} {}; verdict {:?}; {} register hit(s)",
        crossing.vehicle.category.as_str(),
        req.direction.as_str(),
        verdict,
        stolen_hits.len()
    );
    store
        .record_vehicle_crossing(crossing.clone(), audit)
        .await?;
    Ok(VehicleCheckResponse {
        id: crossing.id.clone(),
        bcp: bcp.code,
        verdict,
        vin: vin_report,
        vin_problem,
        stolen_hits,
        history,
        crossing,
    })
}
