//! Firearms: the register's CSV import (read as a stream in batches, staged, swapped in whole; bad rows named by
//! line and field), the look-up of a weapon as an officer reads it off the weapon (the `limes-arms` index, held in
//! memory and rebuilt when the register changed; each search audited), and trace requests (ISACS 05.31) raised
//! from a register hit or a described weapon and tracked until answered.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::vehicles::country_code;
use crate::{Actor, App};
use chrono::NaiveDate;
use limes_arms::{FirearmIndex, Query, RegisterEntry};
use limes_domain::firearm::{
    FirearmRecord, FirearmStatus, FirearmType, TraceAction, TraceAddressee, TraceError,
    TraceRequest, TraceState, TraceStatus, WeaponDescription,
};
use limes_domain::AuditEvent;
use limes_store::{StagedFirearm, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// Rows per staged batch: the file is never held whole.
pub const IMPORT_BATCH: usize = 5000;
/// Largest number of bad rows listed in an error.
const MAX_REPORTED: usize = 20;
/// Most candidates a search returns.
pub const MAX_CANDIDATES: usize = 50;
/// Candidates a search returns unless asked otherwise.
pub const DEFAULT_CANDIDATES: usize = 10;
/// Longest field a search or a trace request takes.
const MAX_FIELD_CHARS: usize = 128;
/// Longest free text (circumstances, markings, answer).
const MAX_TEXT_CHARS: usize = 4000;
/// Trace requests listed.
pub const TRACES_LISTED: usize = 200;

/// The columns of `limes import firearms` (docs/formats.md), all required, in any order.
pub const COLUMNS: [&str; 10] = [
    "record_id",
    "serial",
    "make",
    "model",
    "calibre",
    "type",
    "country_of_manufacture",
    "status",
    "reported_by",
    "reported_on",
];

/// Why a firearm use case failed.
#[derive(Debug, thiserror::Error)]
pub enum FirearmError {
    /// The input is wrong: `field` names the field, the line or the file; `details` lists bad rows.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error("no trace request {0}")]
    TraceNotFound(String),
    #[error("no register record {0}")]
    RecordNotFound(String),
    /// The trace request's state does not allow the change.
    #[error("{0}")]
    Trace(TraceError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl FirearmError {
    fn invalid(field: &str, message: impl Into<String>) -> FirearmError {
        FirearmError::Invalid {
            field: field.to_string(),
            message: message.into(),
            details: None,
        }
    }
}

impl UseCaseError for FirearmError {
    fn class(&self) -> ErrorClass {
        match self {
            FirearmError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            FirearmError::TraceNotFound(_) | FirearmError::RecordNotFound(_) => {
                ErrorClass::NotFound
            }
            FirearmError::Trace(TraceError::Transition { .. }) => ErrorClass::Conflict,
            FirearmError::Trace(TraceError::DueBeforeSent { .. }) => invalid("due_on"),
            FirearmError::Trace(TraceError::EmptyAnswer) => invalid("answer"),
            // A clash found when the import is committed names its line: the file is wrong.
            FirearmError::Store(StoreError::Conflict(_)) => invalid("file"),
            FirearmError::Store(e) => store_class(e),
        }
    }
}

struct Columns([usize; 10]);

impl Columns {
    fn of(headers: &csv::StringRecord) -> Result<Columns, FirearmError> {
        let names: Vec<String> = headers
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let missing: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| !names.iter().any(|n| n == c))
            .collect();
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !COLUMNS.contains(n))
            .collect();
        if !missing.is_empty() || !unknown.is_empty() {
            let mut problems = Vec::new();
            if !missing.is_empty() {
                problems.push(format!("lacks the column(s) {}", missing.join(", ")));
            }
            if !unknown.is_empty() {
                problems.push(format!("has unknown column(s) {}", unknown.join(", ")));
            }
            return Err(FirearmError::invalid(
                "line 1",
                format!(
                    "the header {}; the columns are {}",
                    problems.join(" and "),
                    COLUMNS.join(",")
                ),
            ));
        }
        let mut at = [0usize; 10];
        for (slot, column) in at.iter_mut().zip(COLUMNS) {
            *slot = names.iter().position(|n| n == column).unwrap_or(usize::MAX);
        }
        Ok(Columns(at))
    }

    /// One row read, or what is wrong with it (each problem naming its field).
    fn read(&self, record: &csv::StringRecord) -> Result<FirearmRecord, String> {
        let field = |i: usize| record.get(self.0[i]).unwrap_or("").trim();
        let mut problems = Vec::new();
        let firearm_type = FirearmType::parse(field(5)).unwrap_or_else(|| {
            problems.push(format!(
                "type '{}' is not one of {}",
                field(5),
                FirearmType::ALL.map(FirearmType::as_str).join(", ")
            ));
            FirearmType::Other
        });
        let country = country_code(field(6)).unwrap_or_else(|| {
            problems.push(format!(
                "country_of_manufacture '{}' is not an ISO 3166 code",
                field(6)
            ));
            ""
        });
        let status = FirearmStatus::parse(field(7)).unwrap_or_else(|| {
            problems.push(format!(
                "status '{}' is not one of lost, stolen, smuggled, trafficked",
                field(7)
            ));
            FirearmStatus::Lost
        });
        let reported_on = NaiveDate::parse_from_str(field(9), "%Y-%m-%d").unwrap_or_else(|_| {
            problems.push(format!(
                "reported_on '{}' is not a YYYY-MM-DD date",
                field(9)
            ));
            NaiveDate::default()
        });
        let record = FirearmRecord {
            record_id: field(0).to_string(),
            serial: field(1).to_string(),
            make: field(2).to_string(),
            model: field(3).to_string(),
            calibre: field(4).to_string(),
            firearm_type,
            country_of_manufacture: country.to_string(),
            status,
            reported_by: field(8).to_string(),
            reported_on,
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

/// Import the firearm register from CSV read from `reader` as a stream: rows are staged in batches and moved
/// into the register (added, or replacing it) in one transaction at the end. All or nothing: a bad row (every
/// one is read and the first few named by line and field), a record id twice or (when adding) already held,
/// stores nothing. Returns how many records the register gained.
#[tracing::instrument(skip_all, fields(replace = replace))]
pub async fn import_firearms<R: std::io::Read>(
    store: &dyn Store,
    mut audit: AuditEvent,
    reader: R,
    replace: bool,
) -> Result<u64, FirearmError> {
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| FirearmError::invalid("line 1", format!("cannot read the header: {e}")))?
        .clone();
    let columns = Columns::of(&headers)?;
    let import = limes_store::new_id();
    let staged = match stage_rows(store, &import, &columns, csv.records()).await {
        Ok(n) => n,
        Err(e) => {
            store.discard_firearm_import(&import).await?;
            return Err(e);
        }
    };
    audit.subject = Some("register:firearms".into());
    audit.detail = format!(
        "{staged} firearm records {}",
        if replace {
            "replacing the register"
        } else {
            "added"
        }
    );
    match store.commit_firearm_import(&import, replace, audit).await {
        Ok(n) => Ok(n),
        Err(e) => {
            store.discard_firearm_import(&import).await?;
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
) -> Result<u64, FirearmError> {
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
            Ok(record) if bad_count == 0 => batch.push(StagedFirearm { line, record }),
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
                .stage_firearms(import, std::mem::take(&mut batch))
                .await?;
        }
    }
    if bad_count > 0 {
        return Err(FirearmError::Invalid {
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
        store.stage_firearms(import, batch).await?;
    }
    if staged == 0 {
        return Err(FirearmError::invalid(
            "file",
            "no rows after the header; nothing was imported",
        ));
    }
    Ok(staged)
}

/// The register's index in memory, with the register generation it was built from.
pub struct LoadedIndex {
    pub generation: i64,
    pub index: FirearmIndex,
}

/// The in-memory index of the register, swapped whole when the register changed (see [`current_index`]).
#[derive(Default)]
pub struct IndexCache {
    loaded: arc_swap::ArcSwapOption<LoadedIndex>,
    /// One rebuild at a time: searches arriving during a rebuild wait for it instead of building their own.
    rebuilding: tokio::sync::Mutex<()>,
}

fn entry_of(f: FirearmRecord) -> RegisterEntry {
    RegisterEntry {
        record_id: f.record_id,
        serial: f.serial,
        make: f.make,
        model: f.model,
        calibre: f.calibre,
    }
}

/// The index of the register as it is now: the cached one while the register's generation has not moved, else
/// rebuilt from the store (off the async executor) and swapped in.
pub async fn current_index(app: &App) -> Result<Arc<LoadedIndex>, FirearmError> {
    let store = app.store.as_ref();
    let generation = store.firearm_register_generation().await?;
    let cache = &app.firearm_index;
    if let Some(loaded) = cache.loaded.load_full() {
        if loaded.generation == generation {
            return Ok(loaded);
        }
    }
    let _guard = cache.rebuilding.lock().await;
    if let Some(loaded) = cache.loaded.load_full() {
        if loaded.generation == generation {
            return Ok(loaded);
        }
    }
    let records = store.all_firearms().await?;
    let index =
        tokio::task::spawn_blocking(move || FirearmIndex::build(records.into_iter().map(entry_of)))
            .await
            .map_err(|e| StoreError::Backend(format!("index build failed: {e}")))?;
    let loaded = Arc::new(LoadedIndex { generation, index });
    cache.loaded.store(Some(loaded.clone()));
    tracing::info!(
        generation,
        records = loaded.index.len(),
        "firearm index built"
    );
    Ok(loaded)
}

/// What an officer reads off a weapon (the API's, the page's and the command line's search).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FirearmSearchRequest {
    pub serial: String,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub calibre: String,
    /// Most candidates returned (default 10, at most 50).
    pub limit: Option<usize>,
}

/// One reason a candidate scored as it did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonView {
    /// serial_exact, serial_lookalike, serial_one_edit, serial_contains, prefix_ignored, make_same,
    /// make_different, model_same, model_related, model_different, calibre_same, calibre_related,
    /// calibre_different.
    pub code: String,
    pub detail: String,
    /// What the reason added to (or took from) the score.
    pub effect: f32,
}

/// One ranked candidate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FirearmCandidate {
    pub record_id: String,
    /// 0 to 1.
    pub score: f32,
    /// exact, lookalike, one_edit or contains.
    pub serial_match: String,
    /// The reasons in one English line.
    pub explain: String,
    pub reasons: Vec<ReasonView>,
    /// The register record.
    pub record: Option<FirearmRecord>,
}

/// The ranked candidates, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FirearmSearchResponse {
    pub candidates: Vec<FirearmCandidate>,
    /// Records in the register searched.
    pub register_size: usize,
}

fn check_length(field: &str, value: &str, max: usize) -> Result<(), FirearmError> {
    if value.chars().count() > max {
        return Err(FirearmError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(())
}

fn serial_match_str(m: limes_arms::SerialMatch) -> &'static str {
    match m {
        limes_arms::SerialMatch::Exact => "exact",
        limes_arms::SerialMatch::Lookalike => "lookalike",
        limes_arms::SerialMatch::OneEdit => "one_edit",
        limes_arms::SerialMatch::Contains => "contains",
    }
}

/// Look a weapon up in the register: the ranked, explained candidates with their records. Audited
/// (`firearms.search`, with what was searched and what was found).
#[tracing::instrument(skip_all)]
pub async fn search_firearms(
    app: &App,
    who: Actor<'_>,
    req: FirearmSearchRequest,
) -> Result<FirearmSearchResponse, FirearmError> {
    for (field, value) in [
        ("serial", &req.serial),
        ("make", &req.make),
        ("model", &req.model),
        ("calibre", &req.calibre),
    ] {
        check_length(field, value, MAX_FIELD_CHARS)?;
    }
    if limes_arms::normalize_serial(&req.serial).exact.is_empty() {
        return Err(FirearmError::invalid(
            "serial",
            "a serial number with at least one letter or digit",
        ));
    }
    let limit = req
        .limit
        .unwrap_or(DEFAULT_CANDIDATES)
        .clamp(1, MAX_CANDIDATES);
    let loaded = current_index(app).await?;
    let query = Query {
        serial: req.serial.clone(),
        make: req.make.clone(),
        model: req.model.clone(),
        calibre: req.calibre.clone(),
    };
    let found = loaded
        .index
        .search(&query, limit, limes_arms::index::DEFAULT_MIN_SCORE);
    let ids: Vec<String> = found.iter().map(|c| c.record_id.clone()).collect();
    let records = app.store.firearms_by_id(&ids).await?;
    let candidates: Vec<FirearmCandidate> = found
        .into_iter()
        .map(|c| FirearmCandidate {
            explain: c.explain(),
            record: records.iter().find(|r| r.record_id == c.record_id).cloned(),
            serial_match: serial_match_str(c.serial_match).to_string(),
            reasons: c
                .reasons
                .iter()
                .map(|r| ReasonView {
                    code: r.code.as_str().to_string(),
                    detail: r.detail.clone(),
                    effect: r.effect,
                })
                .collect(),
            record_id: c.record_id,
            score: c.score,
        })
        .collect();
    let mut audit = who.audit(app.clock.now(), "firearms.search");
    audit.bcp = who.session_bcp().map(str::to_string);
    audit.subject = Some("register:firearms".into());
    audit.detail = format!(
        "serial {:?} make {:?} model {:?} calibre {:?}: {} candidate(s){}",
        req.serial.trim(),
        req.make.trim(),
        req.model.trim(),
        req.calibre.trim(),
        candidates.len(),
        candidates
            .first()
            .map(|c| format!(", first {} ({})", c.record_id, c.score))
            .unwrap_or_default()
    );
    app.store.append_audit(audit).await?;
    Ok(FirearmSearchResponse {
        candidates,
        register_size: loaded.index.len(),
    })
}

/// A new trace request: from a register record (`record_id`: the weapon's description taken from it) or a
/// weapon the officer describes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NewTraceRequest {
    /// The register record the weapon was found as.
    pub record_id: Option<String>,
    /// The weapon as described (required without `record_id`; with it, fills what the record lacks).
    #[serde(default)]
    pub weapon: WeaponDescription,
    #[serde(default)]
    pub circumstances: String,
    /// The seizure or record reference (default: the record id).
    #[serde(default)]
    pub reference: String,
    /// The country asked, ISO 3166 (default: the country of manufacture, else of last import).
    pub country_asked: Option<String>,
    /// Whom the country asked is: of manufacture (default) or of last import.
    pub addressee: Option<TraceAddressee>,
    /// The requesting authority (default: the installation's name).
    pub requesting_authority: Option<String>,
}

/// A trace request as the officer sees it: with its state today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraceView {
    #[serde(flatten)]
    pub trace: TraceRequest,
    /// draft, sent, acknowledged, answered or overdue.
    pub state: TraceState,
}

fn view(trace: TraceRequest, today: NaiveDate) -> TraceView {
    TraceView {
        state: trace.state_on(today),
        trace,
    }
}

fn optional_country(field: &str, raw: Option<&str>) -> Result<Option<String>, FirearmError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(c) => country_code(c)
            .map(|code| Some(code.to_string()))
            .ok_or_else(|| FirearmError::invalid(field, format!("'{c}' is not an ISO 3166 code"))),
    }
}

/// Raise a trace request (a draft): the weapon from the register record or as described, the country asked
/// read from it unless given. Audited; at a BCP node queued for the centre.
#[tracing::instrument(skip_all)]
pub async fn create_trace(
    app: &App,
    who: Actor<'_>,
    req: NewTraceRequest,
) -> Result<TraceView, FirearmError> {
    let mut weapon = req.weapon;
    for (field, value, max) in [
        ("weapon.serial", &weapon.serial, MAX_FIELD_CHARS),
        ("weapon.make", &weapon.make, MAX_FIELD_CHARS),
        ("weapon.model", &weapon.model, MAX_FIELD_CHARS),
        ("weapon.calibre", &weapon.calibre, MAX_FIELD_CHARS),
        ("weapon.markings", &weapon.markings, MAX_TEXT_CHARS),
        ("circumstances", &req.circumstances, MAX_TEXT_CHARS),
        ("reference", &req.reference, MAX_FIELD_CHARS),
    ] {
        check_length(field, value, max)?;
    }
    let mut reference = req.reference.trim().to_string();
    if let Some(id) = req
        .record_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let record = app
            .store
            .firearms_by_id(&[id.to_string()])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| FirearmError::RecordNotFound(id.to_string()))?;
        weapon.serial = record.serial;
        weapon.make = record.make;
        weapon.model = record.model;
        weapon.calibre = record.calibre;
        weapon.firearm_type = Some(record.firearm_type);
        weapon.country_of_manufacture = Some(record.country_of_manufacture);
        if reference.is_empty() {
            reference = record.record_id;
        }
    }
    if !weapon.serial.chars().any(char::is_alphanumeric) {
        return Err(FirearmError::invalid("weapon.serial", "empty"));
    }
    if weapon.make.trim().is_empty() {
        return Err(FirearmError::invalid("weapon.make", "empty"));
    }
    weapon.country_of_manufacture = optional_country(
        "weapon.country_of_manufacture",
        weapon.country_of_manufacture.as_deref(),
    )?;
    weapon.country_of_last_import = optional_country(
        "weapon.country_of_last_import",
        weapon.country_of_last_import.as_deref(),
    )?;
    let addressee = req.addressee.unwrap_or(TraceAddressee::Manufacture);
    let read_from_weapon = match addressee {
        TraceAddressee::Manufacture => weapon.country_of_manufacture.clone(),
        TraceAddressee::LastImport => weapon.country_of_last_import.clone(),
    };
    let country_asked = optional_country("country_asked", req.country_asked.as_deref())?
        .or(read_from_weapon)
        .ok_or_else(|| {
            FirearmError::invalid(
                "country_asked",
                "the country asked: of manufacture or of last import",
            )
        })?;
    let now = app.clock.now();
    let trace = TraceRequest {
        id: limes_store::new_id(),
        requesting_state: app.config.state_code.clone(),
        requesting_authority: req
            .requesting_authority
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| app.config.installation_name.clone()),
        weapon,
        circumstances: req.circumstances.trim().to_string(),
        reference,
        country_asked,
        addressee,
        status: TraceStatus::Draft,
        sent_on: None,
        due_on: None,
        acknowledged_on: None,
        answered_on: None,
        answer: None,
        raised_at: who.session_bcp().map(str::to_string),
        created_by: who.name().to_string(),
        created_at: now,
        updated_at: now,
    };
    let mut audit = who.audit(now, "firearms.trace.create");
    audit.bcp = trace.raised_at.clone();
    audit.subject = Some(format!("trace:{}", trace.id));
    audit.detail = format!(
        "trace of {} {} to {}",
        trace.weapon.make, trace.weapon.serial, trace.country_asked
    );
    app.store.save_trace_request(trace.clone(), audit).await?;
    Ok(view(trace, now.date_naive()))
}

/// Send, acknowledge or answer a trace request. Audited; at a BCP node queued for the centre.
#[tracing::instrument(skip_all, fields(trace = id))]
pub async fn change_trace(
    app: &App,
    who: Actor<'_>,
    id: &str,
    action: TraceAction,
) -> Result<TraceView, FirearmError> {
    if let TraceAction::Answer { answer } = &action {
        check_length("answer", answer, MAX_TEXT_CHARS)?;
    }
    let mut trace = app
        .store
        .trace_request(id)
        .await?
        .ok_or_else(|| FirearmError::TraceNotFound(id.to_string()))?;
    let now = app.clock.now();
    let today = now.date_naive();
    trace.apply(&action, today).map_err(FirearmError::Trace)?;
    trace.updated_at = now;
    let verb = match action {
        TraceAction::Send { .. } => "send",
        TraceAction::Acknowledge => "acknowledge",
        TraceAction::Answer { .. } => "answer",
    };
    let mut audit = who.audit(now, &format!("firearms.trace.{verb}"));
    audit.subject = Some(format!("trace:{}", trace.id));
    audit.detail = format!("trace to {}: {verb}", trace.country_asked);
    app.store.save_trace_request(trace.clone(), audit).await?;
    Ok(view(trace, today))
}

/// The trace requests, last changed first, each with its state today (overdue ones shown as such).
pub async fn list_traces(app: &App) -> Result<Vec<TraceView>, FirearmError> {
    let today = app.clock.now().date_naive();
    Ok(app
        .store
        .trace_requests(TRACES_LISTED)
        .await?
        .into_iter()
        .map(|t| view(t, today))
        .collect())
}

/// One trace request with its state today.
pub async fn get_trace(app: &App, id: &str) -> Result<TraceView, FirearmError> {
    let trace = app
        .store
        .trace_request(id)
        .await?
        .ok_or_else(|| FirearmError::TraceNotFound(id.to_string()))?;
    Ok(view(trace, app.clock.now().date_naive()))
}
