//! Seizure and offence records (issue 15 item 4): recording at the officer's BCP (also opened from a goods
//! inspection that found something, prefilled from its declaration), reading within need-to-know (the nominal
//! part apart, each read audited with its purpose; a CSAM record only for its recorder, supervisors and
//! auditors, every access audited), photographs (checked, stripped, hashed: [`crate::seizures_photos`]), the
//! gallery by concealment method, and statistics by heading, BCP or route per period, exported as CSV.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::seizures_photos::{clean_photo, PhotoRefused};
use crate::{Actor, App, Scope};
use chrono::{DateTime, Utc};
use limes_domain::seizure::{
    check_nominal, check_seizure, may_read_nominal, may_read_record, shown_in_gallery, statistics,
    CenHeading, ConcealmentMethod, DetectionMethod, NominalPart, Period, PhotoRef, Quantity,
    QuantityUnit, Reader, Route, Seizure, StatsBy, StatsRow, Transport, TransportMode,
};
use limes_domain::Role;
use limes_store::{SeizureFilter, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `[seizures]` in the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeizuresConfig {
    /// The largest photograph taken in, in bytes (10 MiB unless set).
    pub max_photo_bytes: u64,
}

impl Default for SeizuresConfig {
    fn default() -> Self {
        SeizuresConfig {
            max_photo_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The one error enum of the seizure use cases.
#[derive(Debug, thiserror::Error)]
pub enum SeizureError {
    /// The input is wrong; `field` names the field (`quantity.unit`, `nominal.parties[0].name`, `photo`).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SeizureError {
    fn invalid(field: impl Into<String>, message: impl Into<String>) -> SeizureError {
        SeizureError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl UseCaseError for SeizureError {
    fn class(&self) -> ErrorClass {
        match self {
            SeizureError::Invalid { field, .. } => invalid(field),
            SeizureError::Forbidden(_) => ErrorClass::Forbidden,
            SeizureError::NotFound(_) => ErrorClass::NotFound,
            SeizureError::Conflict(_) => ErrorClass::Conflict,
            SeizureError::Store(e) => store_class(e),
        }
    }
}

impl From<limes_domain::seizure::SeizureRejected> for SeizureError {
    fn from(e: limes_domain::seizure::SeizureRejected) -> Self {
        SeizureError::invalid(e.field, e.message)
    }
}

/// What an officer records: the non-nominal record, and optionally the persons and companies involved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeizureForm {
    /// The recording BCP; else the session's, else the officer's only BCP.
    #[serde(default)]
    pub bcp: Option<String>,
    pub heading: CenHeading,
    pub commodity: String,
    #[serde(default)]
    pub hs_code: Option<String>,
    pub quantity: Quantity,
    pub concealment: ConcealmentMethod,
    #[serde(default)]
    pub concealment_place: Option<String>,
    #[serde(default)]
    pub route: Route,
    pub transport: Transport,
    #[serde(default)]
    pub modus_operandi: Option<String>,
    pub detection: DetectionMethod,
    /// When the goods were seized; now when not given.
    #[serde(default)]
    pub seized_at: Option<DateTime<Utc>>,
    /// The goods inspection (with a find) the seizure comes from; links the record to its declaration.
    #[serde(default)]
    pub inspection_id: Option<String>,
    #[serde(default)]
    pub nominal: Option<NominalPart>,
}

/// The roles that record seizures (at their BCPs).
fn is_recorder(role: Role) -> bool {
    matches!(
        role,
        Role::CustomsOfficer | Role::FirstLineOfficer | Role::SecondLineOfficer
    )
}

/// The reader as the domain's need-to-know rules see it; the operator of the server reads as a supervisor.
fn reader<'a>(who: Actor<'a>, bcp: &str) -> Reader<'a> {
    match who.as_user() {
        Some(u) => Reader {
            username: &u.username,
            role: u.role,
            bcp_in_scope: Scope::of(who).allows(bcp),
        },
        None => Reader {
            username: who.name(),
            role: Role::Supervisor,
            bcp_in_scope: true,
        },
    }
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn upper(s: Option<String>) -> Option<String> {
    clean(s).map(|s| s.to_ascii_uppercase())
}

/// The recording BCP: the one asked for (within the officer's BCPs), else the session's, else their only one.
fn recording_bcp(who: Actor<'_>, asked: Option<String>) -> Result<String, SeizureError> {
    let bcp = match clean(asked).or_else(|| who.session_bcp().map(str::to_string)) {
        Some(b) => b,
        None => match who.as_user().map(|u| u.bcps.as_slice()) {
            Some([only]) => only.clone(),
            _ => return Err(SeizureError::invalid("bcp", "say at which BCP")),
        },
    };
    if !who.may_use_bcp(&bcp) || !Scope::of(who).allows(&bcp) {
        return Err(SeizureError::Forbidden(format!(
            "not assigned to BCP {bcp}"
        )));
    }
    Ok(bcp)
}

/// A seizure form prefilled from a goods inspection with a find: commodity, HS code and origin of the first item,
/// route, transport and BCP from the declaration. The inspection must be within the officer's BCPs.
pub async fn prefill_from_inspection(
    app: &App,
    who: Actor<'_>,
    inspection_id: &str,
) -> Result<SeizureForm, SeizureError> {
    let (inspection, d) = crate::goods::inspections::inspection(app, who, inspection_id)
        .await
        .map_err(|e| match e {
            crate::goods::GoodsError::Store(s) => SeizureError::Store(s),
            _ => SeizureError::NotFound(format!("inspection {inspection_id}")),
        })?;
    let Some(result) = inspection.result.as_ref().filter(|r| r.found) else {
        return Err(SeizureError::invalid(
            "inspection_id",
            "the inspection has no find recorded",
        ));
    };
    let decl = &d.declaration;
    let item = decl.items.first();
    let commodity = result
        .what
        .clone()
        .or_else(|| item.and_then(|i| i.description.clone()))
        .unwrap_or_default();
    Ok(SeizureForm {
        bcp: inspection.bcp.clone(),
        heading: CenHeading::Other,
        commodity,
        hs_code: item.and_then(|i| i.commodity_code.clone()),
        quantity: Quantity {
            amount: item.and_then(|i| i.packages.map(f64::from)).unwrap_or(1.0),
            unit: QuantityUnit::Pieces,
            currency: None,
        },
        concealment: ConcealmentMethod::InGoods,
        concealment_place: result.location.clone(),
        route: Route {
            origin: decl
                .export_country
                .clone()
                .or_else(|| item.and_then(|i| i.origin_country.clone())),
            transit: decl.routing_countries.clone(),
            destination: decl.destination_country.clone(),
        },
        transport: Transport {
            mode: transport_mode(decl.transport.mode.as_deref()),
            identity: decl.transport.identity.clone(),
        },
        modus_operandi: None,
        detection: DetectionMethod::RiskProfile,
        seized_at: Some(result.inspected_at),
        inspection_id: Some(inspection.id.clone()),
        nominal: None,
    })
}

/// The mode of a declaration's transport (WCO/UN Rec 19 code or a word), road when unknown.
fn transport_mode(mode: Option<&str>) -> TransportMode {
    match mode.map(|m| m.trim().to_ascii_lowercase()).as_deref() {
        Some("1" | "sea" | "maritime") => TransportMode::Sea,
        Some("2" | "rail") => TransportMode::Rail,
        Some("4" | "air") => TransportMode::Air,
        Some("5" | "post" | "postal" | "mail") => TransportMode::Postal,
        _ => TransportMode::Road,
    }
}

/// Record a seizure at the officer's BCP (checked field by field), with its nominal part when given; opened from
/// an inspection it carries the inspection's and declaration's ids (one seizure per inspection).
#[tracing::instrument(skip_all, fields(heading = ?form.heading))]
pub async fn record(app: &App, who: Actor<'_>, form: SeizureForm) -> Result<Seizure, SeizureError> {
    if let Some(u) = who.as_user() {
        if !is_recorder(u.role) {
            return Err(SeizureError::Forbidden(
                "seizures are recorded by the officers at the BCP".into(),
            ));
        }
    }
    let now = app.clock.now();
    let bcp = recording_bcp(who, form.bcp.clone())?;
    let (inspection_id, declaration_id) = match clean(form.inspection_id.clone()) {
        None => (None, None),
        Some(id) => {
            let from = prefill_from_inspection(app, who, &id).await?;
            if from.bcp.as_deref().is_some_and(|b| b != bcp) {
                return Err(SeizureError::invalid(
                    "bcp",
                    "the inspection was at another BCP",
                ));
            }
            let decl = app.store.inspection(&id).await?.map(|i| i.declaration_id);
            (Some(id), decl)
        }
    };
    let seizure = Seizure {
        id: limes_store::new_id(),
        bcp: bcp.clone(),
        heading: form.heading,
        commodity: form.commodity.trim().to_string(),
        hs_code: clean(form.hs_code).map(|h| h.replace(['.', ' '], "")),
        quantity: Quantity {
            currency: upper(form.quantity.currency),
            ..form.quantity
        },
        concealment: form.concealment,
        concealment_place: clean(form.concealment_place),
        route: Route {
            origin: upper(form.route.origin),
            transit: form
                .route
                .transit
                .into_iter()
                .filter_map(|t| upper(Some(t)))
                .collect(),
            destination: upper(form.route.destination),
        },
        transport: Transport {
            mode: form.transport.mode,
            identity: clean(form.transport.identity),
        },
        modus_operandi: clean(form.modus_operandi),
        detection: form.detection,
        seized_at: form.seized_at.unwrap_or(now),
        declaration_id,
        inspection_id,
        photos: Vec::new(),
        has_nominal: form.nominal.as_ref().is_some_and(|n| !n.parties.is_empty()),
        recorded_by: who.name().to_string(),
        recorded_at: now,
    };
    check_seizure(&seizure, now)?;
    for (field, code) in std::iter::once(("route.origin".to_string(), &seizure.route.origin)).chain(
        std::iter::once(("route.destination".to_string(), &seizure.route.destination)),
    ) {
        if let Some(c) = code {
            if limes_countries::by_alpha2(c).is_none() {
                return Err(SeizureError::invalid(
                    field,
                    format!("unknown country '{c}'"),
                ));
            }
        }
    }
    let nominal = form.nominal.filter(|n| !n.parties.is_empty());
    if let Some(n) = &nominal {
        check_nominal(n, now.date_naive())?;
    }
    let mut e = who.audit(now, "seizure.record");
    e.bcp = Some(bcp);
    e.subject = Some(format!("seizure:{}", seizure.id));
    e.detail = format!(
        "{} {} {}{}",
        seizure.heading.as_str(),
        seizure.quantity.amount,
        seizure.quantity.sum_key(),
        seizure
            .inspection_id
            .as_ref()
            .map(|i| format!(" from inspection {i}"))
            .unwrap_or_default()
    );
    app.store
        .record_seizure(seizure.clone(), nominal, e)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => SeizureError::Conflict(m),
            other => SeizureError::Store(other),
        })?;
    Ok(seizure)
}

/// Audit an access to a restricted (CSAM) record.
async fn audit_restricted(
    app: &App,
    who: Actor<'_>,
    s: &Seizure,
    what: &str,
) -> Result<(), SeizureError> {
    if s.heading.is_restricted() {
        let mut e = who.audit(app.clock.now(), "seizure.view");
        e.subject = Some(format!("seizure:{}", s.id));
        e.bcp = Some(s.bcp.clone());
        e.detail = format!("restricted record: {what}");
        app.store.append_audit(e).await?;
    }
    Ok(())
}

/// One seizure record (non-nominal), if the reader may see it; a record they may not see is not found.
pub async fn seizure(app: &App, who: Actor<'_>, id: &str) -> Result<Seizure, SeizureError> {
    let not_found = || SeizureError::NotFound(format!("seizure {id}"));
    let s = app.store.seizure(id).await?.ok_or_else(not_found)?;
    if !may_read_record(&s, &reader(who, &s.bcp)) {
        return Err(not_found());
    }
    audit_restricted(app, who, &s, "record").await?;
    Ok(s)
}

/// Whether the reader may see the nominal part of this record (to offer it on the page).
pub fn may_see_nominal(who: Actor<'_>, s: &Seizure) -> bool {
    may_read_nominal(s, &reader(who, &s.bcp))
}

/// The nominal part of a seizure, for a stated purpose, to those with need-to-know; audited as a `person.view`.
#[tracing::instrument(skip_all, fields(seizure = id))]
pub async fn nominal(
    app: &App,
    who: Actor<'_>,
    id: &str,
    purpose: Option<&str>,
) -> Result<NominalPart, SeizureError> {
    let s = seizure(app, who, id).await?;
    if !may_see_nominal(who, &s) {
        return Err(SeizureError::Forbidden(
            "the persons involved are read only by the recording BCP's officers, supervisors and analysts"
                .into(),
        ));
    }
    let purpose = crate::crossings::require_purpose(purpose)
        .map_err(|_| SeizureError::invalid("purpose", "say why you read the persons involved"))?;
    let mut e = who.audit(app.clock.now(), "person.view");
    e.subject = Some(format!("seizure:{id}"));
    e.bcp = Some(s.bcp.clone());
    e.purpose = Some(purpose);
    e.detail = "seizure nominal part".into();
    app.store.append_audit(e).await?;
    Ok(app.store.seizure_nominal(id).await?.unwrap_or_default())
}

/// What a listing asks for.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct SeizureQuery {
    pub bcp: Option<String>,
    pub heading: Option<CenHeading>,
    pub concealment: Option<ConcealmentMethod>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
}

fn filter_of(who: Actor<'_>, q: &SeizureQuery) -> Result<SeizureFilter, SeizureError> {
    let scope = Scope::of(who);
    // Officers at a BCP read their BCPs' records; the national readers read all.
    let officer = who.as_user().is_some_and(|u| is_recorder(u.role));
    let bcps = if officer || q.bcp.is_some() {
        scope
            .narrow(q.bcp.as_deref())
            .map_err(|e| SeizureError::Forbidden(e.to_string()))?
    } else {
        Vec::new()
    };
    Ok(SeizureFilter {
        bcps,
        heading: q.heading,
        concealment: q.concealment,
        from: q.from,
        to: q.to,
        limit: q.limit.unwrap_or(200).min(1000),
    })
}

/// Seizures the reader may see, newest first. A restricted record appears only to those who may read it, and
/// listing it is audited.
pub async fn list(
    app: &App,
    who: Actor<'_>,
    q: &SeizureQuery,
) -> Result<Vec<Seizure>, SeizureError> {
    let filter = filter_of(who, q)?;
    let mut out = Vec::new();
    for s in app.store.seizures(&filter).await? {
        if may_read_record(&s, &reader(who, &s.bcp)) {
            audit_restricted(app, who, &s, "listed").await?;
            out.push(s);
        }
    }
    Ok(out)
}

/// One photograph in the gallery, with what it teaches.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GalleryItem {
    pub seizure_id: String,
    pub bcp: String,
    pub heading: CenHeading,
    pub concealment: ConcealmentMethod,
    pub concealment_place: Option<String>,
    pub commodity: String,
    pub photo: PhotoRef,
}

/// The photographs of seizures by concealment method and heading, so officers learn from each other: every
/// BCP's, never a restricted heading's.
pub async fn gallery(
    app: &App,
    _who: Actor<'_>,
    concealment: Option<ConcealmentMethod>,
    heading: Option<CenHeading>,
) -> Result<Vec<GalleryItem>, SeizureError> {
    if heading.is_some_and(CenHeading::is_restricted) {
        return Ok(Vec::new());
    }
    let filter = SeizureFilter {
        heading,
        concealment,
        limit: 500,
        ..Default::default()
    };
    Ok(app
        .store
        .seizures(&filter)
        .await?
        .into_iter()
        .filter(shown_in_gallery)
        .flat_map(|s| {
            s.photos
                .iter()
                .map(|p| GalleryItem {
                    seizure_id: s.id.clone(),
                    bcp: s.bcp.clone(),
                    heading: s.heading,
                    concealment: s.concealment,
                    concealment_place: s.concealment_place.clone(),
                    commodity: s.commodity.clone(),
                    photo: p.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect())
}

/// Add a photograph to a seizure: the officers of its BCP (and its recorder) may; the bytes are checked to be
/// an image within the configured size, stripped of metadata and hashed.
#[tracing::instrument(skip_all, fields(seizure = id, bytes = bytes.len()))]
pub async fn add_photo(
    app: &App,
    who: Actor<'_>,
    id: &str,
    bytes: &[u8],
    x_ray: bool,
) -> Result<PhotoRef, SeizureError> {
    let s = seizure(app, who, id).await?;
    let may_add = match who.as_user() {
        Some(u) => {
            u.username == s.recorded_by || (is_recorder(u.role) && Scope::of(who).allows(&s.bcp))
        }
        None => true,
    };
    if !may_add {
        return Err(SeizureError::Forbidden(
            "photographs are added by the officers of the recording BCP".into(),
        ));
    }
    let max = app.config.seizures.max_photo_bytes;
    let data = bytes.to_vec();
    let clean = tokio::task::spawn_blocking(move || clean_photo(&data, max))
        .await
        .map_err(|e| SeizureError::Store(StoreError::Backend(format!("photo task: {e}"))))?
        .map_err(|e: PhotoRefused| SeizureError::invalid("photo", e.to_string()))?;
    let now = app.clock.now();
    let photo = PhotoRef {
        id: limes_store::new_id(),
        media_type: clean.media_type.to_string(),
        sha256: clean.sha256.clone(),
        bytes: clean.data.len() as u64,
        width: clean.width,
        height: clean.height,
        x_ray,
        added_by: who.name().to_string(),
        added_at: now,
    };
    let mut e = who.audit(now, "seizure.photo");
    e.subject = Some(format!("seizure:{id}"));
    e.bcp = Some(s.bcp.clone());
    e.detail = format!("photo {} sha256 {}", photo.id, photo.sha256);
    app.store
        .add_seizure_photo(id, photo.clone(), clean.data, e)
        .await?;
    Ok(photo)
}

/// A photograph's bytes and reference, to a reader of its record (a restricted record's access audited).
pub async fn photo(
    app: &App,
    who: Actor<'_>,
    id: &str,
    photo_id: &str,
) -> Result<(PhotoRef, Vec<u8>), SeizureError> {
    let not_found = || SeizureError::NotFound(format!("photograph {photo_id}"));
    let s = app.store.seizure(id).await?.ok_or_else(not_found)?;
    if !may_read_record(&s, &reader(who, &s.bcp)) {
        return Err(not_found());
    }
    let p = s
        .photos
        .iter()
        .find(|p| p.id == photo_id)
        .cloned()
        .ok_or_else(not_found)?;
    audit_restricted(app, who, &s, &format!("photo {photo_id}")).await?;
    let data = app
        .store
        .seizure_photo(id, photo_id)
        .await?
        .ok_or_else(not_found)?;
    Ok((p, data))
}

/// What a statistic asks for.
#[derive(Debug, Clone, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct StatsQuery {
    /// `heading`, `bcp` or `route`.
    pub by: StatsBy,
    /// `week`, `month` or `year`.
    pub period: Period,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only this BCP (within the reader's scope).
    pub bcp: Option<String>,
}

/// Counts and quantities by heading, BCP or route per period, over the seizures within the reader's scope
/// (restricted records counted, never shown).
pub async fn stats(
    app: &App,
    who: Actor<'_>,
    q: &StatsQuery,
) -> Result<Vec<StatsRow>, SeizureError> {
    let bcps = Scope::of(who)
        .narrow(q.bcp.as_deref())
        .map_err(|e| SeizureError::Forbidden(e.to_string()))?;
    let all = app
        .store
        .seizures(&SeizureFilter {
            bcps,
            from: q.from,
            to: q.to,
            ..Default::default()
        })
        .await?;
    Ok(statistics(&all, q.by, q.period))
}

/// The statistic as CSV for the regional intelligence liaison offices (`period,group,unit,seizures,quantity`);
/// the export is audited.
pub async fn export_stats_csv(
    app: &App,
    who: Actor<'_>,
    q: &StatsQuery,
) -> Result<String, SeizureError> {
    let rows = stats(app, who, q).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| SeizureError::Store(StoreError::Backend(format!("csv: {e}")));
    w.write_record(["period", "group", "unit", "seizures", "quantity"])
        .map_err(io)?;
    for r in &rows {
        w.write_record([
            r.period.as_str(),
            r.group.as_str(),
            r.unit.as_str(),
            &r.seizures.to_string(),
            &r.quantity.to_string(),
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| SeizureError::Store(StoreError::Backend(format!("csv: {e}"))))?;
    let mut e = who.audit(app.clock.now(), "seizure.export");
    e.detail = format!(
        "statistics by {:?} per {:?}, {} rows",
        q.by,
        q.period,
        rows.len()
    )
    .to_lowercase();
    app.store.append_audit(e).await?;
    String::from_utf8(bytes).map_err(|e| SeizureError::Store(StoreError::Backend(e.to_string())))
}

/// The id of the seizure opened from a goods inspection (for the inspection's page: the door both ways).
pub async fn of_inspection(app: &App, inspection_id: &str) -> Result<Option<String>, SeizureError> {
    Ok(app
        .store
        .seizure_of_inspection(inspection_id)
        .await?
        .map(|s| s.id))
}
