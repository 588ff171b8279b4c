//! Surveillance use cases: record an incident (checked, placed on its border section and BCP area, warned about
//! — never moved — when outside the territory, at sea for a land incident or from a device whose clock is off),
//! follow it up, plan a patrol and record what it did (its track checked for impossible speeds), read both by box
//! and time within the reader's need-to-know, the coverage of each section per day, the configuration of the
//! territory and the border sections; and the GeoJSON and CSV the exports answer.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::scope::Scope;
use crate::{Actor, App};
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::surveillance::*;
use limes_store::surveillance::AreaQuery;
use limes_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most records one query answers.
pub const MAX_RESULTS: usize = 20_000;
/// Most entries in a list field (goods, vehicles, links, named persons, track points).
const MAX_ITEMS: usize = 200;
const MAX_TRACK_POINTS: usize = 20_000;
const MAX_TEXT: usize = 2000;

/// Why a surveillance use case failed.
#[derive(Debug, thiserror::Error)]
pub enum SurveillanceError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The record is in an area the actor is not assigned to.
    #[error("not assigned to the area of {0}")]
    OutOfScope(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SurveillanceError {
    fn invalid(field: &str, message: impl std::fmt::Display) -> SurveillanceError {
        SurveillanceError::Invalid {
            field: field.to_string(),
            message: message.to_string(),
        }
    }
}

impl UseCaseError for SurveillanceError {
    fn class(&self) -> ErrorClass {
        match self {
            SurveillanceError::Invalid { field, .. } => invalid(field),
            SurveillanceError::OutOfScope(_) => ErrorClass::Forbidden,
            SurveillanceError::NotFound(_) => ErrorClass::NotFound,
            SurveillanceError::Store(e) => store_class(e),
        }
    }
}

fn text_ok(field: &str, v: &str, max: usize) -> Result<(), SurveillanceError> {
    if v.chars().count() > max {
        return Err(SurveillanceError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(())
}

fn list_ok(field: &str, v: &[String]) -> Result<(), SurveillanceError> {
    if v.len() > MAX_ITEMS {
        return Err(SurveillanceError::invalid(
            field,
            format!("at most {MAX_ITEMS} entries"),
        ));
    }
    v.iter().try_for_each(|s| text_ok(field, s, 200))
}

/// An incident as the API, the page and the field unit send it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct IncidentRequest {
    /// A client-made id (UUID) so that a field unit sending the same record twice stores it once; made here
    /// when absent.
    pub id: Option<String>,
    pub class: EventClass,
    pub incident_type: String,
    pub occurred_at: DateTime<Utc>,
    pub location: Geometry,
    /// Land unless the incident is on water.
    pub border_type: Option<BorderType>,
    /// The border section (else the nearest one).
    pub section: Option<String>,
    /// The BCP whose area it is in (else the section's, the session's, or the officer's only one).
    pub bcp: Option<String>,
    #[serde(default)]
    pub persons: PersonCounts,
    #[serde(default)]
    pub nominal: Vec<NominalPerson>,
    #[serde(default)]
    pub goods: Vec<String>,
    #[serde(default)]
    pub vehicles: Vec<String>,
    #[serde(default)]
    pub vessels: Vec<String>,
    #[serde(default)]
    pub description: String,
    /// The reporting unit (else the officer).
    pub reporting_unit: Option<String>,
    pub patrol: Option<String>,
    #[serde(default)]
    pub seizures: Vec<String>,
    #[serde(default)]
    pub crossings: Vec<String>,
    /// The recording device's clock when it sent the record (field units); compared with the node's.
    pub device_time: Option<DateTime<Utc>>,
}

/// A follow-up as it is sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FollowUpRequest {
    /// The officer or unit (else the actor).
    pub by: Option<String>,
    pub action: String,
    pub outcome: FollowUpOutcome,
    /// Seizure records and crossings the follow-up links.
    #[serde(default)]
    pub seizures: Vec<String>,
    #[serde(default)]
    pub crossings: Vec<String>,
}

/// Which incidents or patrols to read.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
pub struct AreaFilter {
    /// `min_lon,min_lat,max_lon,max_lat`.
    pub bbox: Option<String>,
    /// From this time (inclusive), RFC 3339.
    pub from: Option<DateTime<Utc>>,
    /// To this time (exclusive), RFC 3339.
    pub to: Option<DateTime<Utc>>,
    /// One event class (incidents).
    pub class: Option<EventClass>,
    /// One BCP's area (within the reader's).
    pub bcp: Option<String>,
    /// At most this many (default and ceiling 20,000).
    pub limit: Option<usize>,
}

fn area_query(who: Actor<'_>, filter: &AreaFilter) -> Result<AreaQuery, SurveillanceError> {
    let bbox = filter
        .bbox
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(BBox::parse)
        .transpose()
        .map_err(|e| SurveillanceError::invalid("bbox", e))?;
    if let (Some(f), Some(t)) = (filter.from, filter.to) {
        if t <= f {
            return Err(SurveillanceError::invalid("to", "must be after from"));
        }
    }
    let bcps = Scope::of(who)
        .narrow(filter.bcp.as_deref())
        .map_err(|e| SurveillanceError::OutOfScope(e.0))?;
    Ok(AreaQuery {
        bbox,
        from: filter.from,
        to: filter.to,
        bcps,
        class: filter.class,
        limit: filter.limit.unwrap_or(MAX_RESULTS).clamp(1, MAX_RESULTS),
    })
}

/// The BCP whose area a record falls in: the one asked for, else the section's, the session's, the officer's
/// only BCP; checked against the actor's scope (a record of no BCP is national business).
fn area_bcp(
    who: Actor<'_>,
    requested: Option<&str>,
    section: Option<&BorderSection>,
) -> Result<Option<String>, SurveillanceError> {
    let scope = Scope::of(who);
    let only = match &scope {
        Scope::Bcps(b) if b.len() == 1 => b.first().map(String::as_str),
        _ => None,
    };
    let bcp = requested
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_ascii_uppercase)
        .or_else(|| section.and_then(|s| s.bcp.clone()))
        .or_else(|| who.session_bcp().map(str::to_string))
        .or_else(|| only.map(str::to_string));
    if !scope.allows_record_of(bcp.as_deref()) {
        return Err(SurveillanceError::OutOfScope(
            bcp.unwrap_or_else(|| "the national centre".into()),
        ));
    }
    Ok(bcp)
}

fn check_incident_request(req: &IncidentRequest) -> Result<(), SurveillanceError> {
    for (field, list) in [
        ("goods", &req.goods),
        ("vehicles", &req.vehicles),
        ("vessels", &req.vessels),
        ("seizures", &req.seizures),
        ("crossings", &req.crossings),
    ] {
        list_ok(field, list)?;
    }
    if req.nominal.len() > MAX_ITEMS {
        return Err(SurveillanceError::invalid("nominal", "too many persons"));
    }
    text_ok("description", &req.description, MAX_TEXT)?;
    text_ok("incident_type", &req.incident_type, 64)?;
    if let Some(id) = &req.id {
        if id.is_empty()
            || id.len() > 64
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(SurveillanceError::invalid(
                "id",
                "1–64 letters, digits, '-' or '_'",
            ));
        }
    }
    Ok(())
}

/// Record an incident. The same client-made id sent again answers the incident stored the first time (a field
/// unit retrying); warnings (outside the territory, at sea, far from the border, the device's clock) are kept
/// with it and returned, never corrected.
#[tracing::instrument(skip_all, fields(class = req.class.as_str()))]
pub async fn record_incident(
    app: &App,
    who: Actor<'_>,
    req: IncidentRequest,
) -> Result<Incident, SurveillanceError> {
    check_incident_request(&req)?;
    let store = app.store.as_ref();
    if let Some(id) = &req.id {
        if let Some(existing) = store.incident(id).await? {
            if Scope::of(who).allows_record_of(existing.bcp.as_deref()) {
                return Ok(existing);
            }
            return Err(SurveillanceError::invalid("id", "already used"));
        }
    }
    req.location
        .validate()
        .map_err(|e| SurveillanceError::invalid("location", e))?;
    let (sections, territory) = tokio::try_join!(store.border_sections(), store.territory())?;
    let anchor = req.location.anchor();
    let section = match req
        .section
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => Some(sections.iter().find(|s| s.code == code).ok_or_else(|| {
            SurveillanceError::invalid("section", format!("'{code}' is not a border section"))
        })?),
        None => nearest_section(&sections, anchor).map(|(s, _)| s),
    };
    let bcp = area_bcp(who, req.bcp.as_deref(), section)?;
    let now = app.clock.now();
    let border_type = req
        .border_type
        .or(section.map(|s| s.border_type))
        .unwrap_or(BorderType::Land);
    let warnings = assess_incident(
        &req.location,
        border_type,
        territory.as_ref(),
        &sections,
        &crate::surveillance_atlas::on_land,
        req.device_time,
        now,
    );
    let incident = Incident {
        id: req.id.unwrap_or_else(limes_store::new_id),
        class: req.class,
        incident_type: req.incident_type.trim().to_string(),
        occurred_at: req.occurred_at,
        recorded_at: now,
        location: req.location,
        section: section.map(|s| s.code.clone()),
        bcp,
        border_type,
        persons: req.persons,
        nominal: req.nominal,
        goods: req.goods,
        vehicles: req.vehicles,
        vessels: req.vessels,
        description: req.description.trim().to_string(),
        reporting_unit: req
            .reporting_unit
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| who.name().to_string()),
        recorded_by: who.name().to_string(),
        patrol: req.patrol.filter(|p| !p.trim().is_empty()),
        follow_ups: Vec::new(),
        seizures: req.seizures,
        crossings: req.crossings,
        warnings,
    };
    text_ok("reporting_unit", &incident.reporting_unit, 100)?;
    validate_incident(&incident, &default_incident_types())
        .map_err(|e| SurveillanceError::invalid(incident_field(&e), e))?;
    let mut audit = who.audit(now, "incident.record");
    audit.bcp = incident.bcp.clone();
    audit.subject = Some(format!("incident:{}", incident.id));
    audit.detail = format!(
        "{} {} on {}; {} person(s); warnings: {}",
        incident.class.as_str(),
        incident.incident_type,
        incident.section.as_deref().unwrap_or("no section"),
        incident.persons.total(),
        if incident.warnings.is_empty() {
            "none".to_string()
        } else {
            incident
                .warnings
                .iter()
                .map(IncidentWarning::key)
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    match store.record_incident(incident.clone(), audit).await {
        Ok(()) => Ok(incident),
        // Two sends of one field record racing: the second answers the first.
        Err(StoreError::Conflict(_)) => store
            .incident(&incident.id)
            .await?
            .ok_or_else(|| SurveillanceError::NotFound(format!("incident {}", incident.id))),
        Err(e) => Err(e.into()),
    }
}

fn incident_field(e: &IncidentError) -> &'static str {
    match e {
        IncidentError::Type(_) => "incident_type",
        IncidentError::Location(_) => "location",
        IncidentError::Minors { .. } => "persons",
        IncidentError::Nominal => "nominal",
        IncidentError::Future => "occurred_at",
    }
}

/// An incident the actor may see.
pub async fn incident(app: &App, who: Actor<'_>, id: &str) -> Result<Incident, SurveillanceError> {
    let found = app
        .store
        .incident(id)
        .await?
        .ok_or_else(|| SurveillanceError::NotFound(format!("incident {id}")))?;
    if !Scope::of(who).allows_record_of(found.bcp.as_deref()) {
        return Err(SurveillanceError::NotFound(format!("incident {id}")));
    }
    Ok(found)
}

/// Add a follow-up to an incident: who, what, the outcome, and the seizures and crossings it links.
#[tracing::instrument(skip_all, fields(outcome = req.outcome.as_str()))]
pub async fn follow_up(
    app: &App,
    who: Actor<'_>,
    id: &str,
    req: FollowUpRequest,
) -> Result<Incident, SurveillanceError> {
    let mut found = incident(app, who, id).await?;
    if req.action.trim().is_empty() {
        return Err(SurveillanceError::invalid("action", "say what was done"));
    }
    text_ok("action", &req.action, MAX_TEXT)?;
    list_ok("seizures", &req.seizures)?;
    list_ok("crossings", &req.crossings)?;
    let now = app.clock.now();
    found.follow_ups.push(FollowUp {
        at: now,
        by: req
            .by
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| who.name().to_string()),
        action: req.action.trim().to_string(),
        outcome: req.outcome,
    });
    for s in req.seizures {
        if !found.seizures.contains(&s) {
            found.seizures.push(s);
        }
    }
    for c in req.crossings {
        if !found.crossings.contains(&c) {
            found.crossings.push(c);
        }
    }
    if found.follow_ups.len() > MAX_ITEMS {
        return Err(SurveillanceError::invalid("action", "too many follow-ups"));
    }
    let mut audit = who.audit(now, "incident.follow_up");
    audit.bcp = found.bcp.clone();
    audit.subject = Some(format!("incident:{}", found.id));
    audit.detail = format!("outcome {}", req.outcome.as_str());
    app.store.update_incident(found.clone(), audit).await?;
    Ok(found)
}

/// Incidents by box, time and class within the reader's need-to-know, newest first.
pub async fn list_incidents(
    app: &App,
    who: Actor<'_>,
    filter: &AreaFilter,
) -> Result<Vec<Incident>, SurveillanceError> {
    let q = area_query(who, filter)?;
    Ok(app.store.incidents(&q).await?)
}

/// A patrol as it is planned.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PatrolRequest {
    pub patrol_type: PatrolType,
    pub unit: String,
    pub bcp: Option<String>,
    #[serde(default)]
    pub sections: Vec<String>,
    pub area: Option<Geometry>,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    pub terms: Option<EngagementTerms>,
}

/// What a patrol did, as the unit reports it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PatrolReport {
    #[serde(default)]
    pub track: Vec<TrackPoint>,
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// Incidents reported from it.
    #[serde(default)]
    pub incidents: Vec<String>,
}

fn patrol_field(e: &PatrolError) -> &'static str {
    match e {
        PatrolError::Window => "planned_end",
        PatrolError::NoArea | PatrolError::UnknownSection(_) => "sections",
        PatrolError::Terms(_) => "terms",
        PatrolError::Area(_) => "area",
        PatrolError::Unit => "unit",
    }
}

/// Plan a patrol (a cross-border one with its terms of engagement).
#[tracing::instrument(skip_all, fields(patrol_type = req.patrol_type.as_str()))]
pub async fn plan_patrol(
    app: &App,
    who: Actor<'_>,
    req: PatrolRequest,
) -> Result<Patrol, SurveillanceError> {
    list_ok("sections", &req.sections)?;
    let sections = app.store.border_sections().await?;
    let first_section = req
        .sections
        .first()
        .and_then(|c| sections.iter().find(|s| &s.code == c));
    let bcp = area_bcp(who, req.bcp.as_deref(), first_section)?;
    let patrol = Patrol {
        id: limes_store::new_id(),
        patrol_type: req.patrol_type,
        unit: req.unit.trim().to_string(),
        bcp,
        sections: req.sections,
        area: req.area,
        planned_start: req.planned_start,
        planned_end: req.planned_end,
        terms: req.terms.filter(|_| req.patrol_type.is_cross_border()),
        status: PatrolStatus::Planned,
        track: Vec::new(),
        observations: Vec::new(),
        incidents: Vec::new(),
        speed_flags: Vec::new(),
        planned_by: who.name().to_string(),
    };
    validate_patrol(&patrol, &sections)
        .map_err(|e| SurveillanceError::invalid(patrol_field(&e), e))?;
    let now = app.clock.now();
    let mut audit = who.audit(now, "patrol.plan");
    audit.bcp = patrol.bcp.clone();
    audit.subject = Some(format!("patrol:{}", patrol.id));
    audit.detail = format!(
        "{} patrol of {} on {}",
        patrol.patrol_type.as_str(),
        patrol.unit,
        patrol.sections.join(", ")
    );
    let bbox = patrol.bbox(&sections);
    app.store.record_patrol(patrol.clone(), bbox, audit).await?;
    Ok(patrol)
}

/// A patrol the actor may see.
pub async fn patrol(app: &App, who: Actor<'_>, id: &str) -> Result<Patrol, SurveillanceError> {
    let found = app
        .store
        .patrol(id)
        .await?
        .ok_or_else(|| SurveillanceError::NotFound(format!("patrol {id}")))?;
    if !Scope::of(who).allows_record_of(found.bcp.as_deref()) {
        return Err(SurveillanceError::NotFound(format!("patrol {id}")));
    }
    Ok(found)
}

/// Record what a patrol did: its track (legs at impossible speeds flagged, kept as sent), observations and the
/// incidents reported from it. Reports add to what the patrol holds (a unit sends its track in pieces).
#[tracing::instrument(skip_all)]
pub async fn report_patrol(
    app: &App,
    who: Actor<'_>,
    id: &str,
    report: PatrolReport,
) -> Result<Patrol, SurveillanceError> {
    let mut found = patrol(app, who, id).await?;
    if found.status == PatrolStatus::Cancelled {
        return Err(SurveillanceError::invalid(
            "status",
            "the patrol was cancelled",
        ));
    }
    if found.track.len() + report.track.len() > MAX_TRACK_POINTS {
        return Err(SurveillanceError::invalid(
            "track",
            format!("at most {MAX_TRACK_POINTS} positions"),
        ));
    }
    for p in &report.track {
        Geometry::Point {
            coordinates: p.position,
        }
        .validate()
        .map_err(|e| SurveillanceError::invalid("track", e))?;
    }
    list_ok("incidents", &report.incidents)?;
    if found.observations.len() + report.observations.len() > MAX_ITEMS {
        return Err(SurveillanceError::invalid("observations", "too many"));
    }
    for o in &report.observations {
        text_ok("observations", &o.text, MAX_TEXT)?;
    }
    found.track.extend(report.track);
    found.track.sort_by_key(|p| p.at);
    found.observations.extend(report.observations);
    for i in report.incidents {
        if !found.incidents.contains(&i) {
            found.incidents.push(i);
        }
    }
    found.speed_flags = impossible_speeds(&found.track, MAX_PATROL_KM_PER_HOUR);
    found.status = PatrolStatus::CarriedOut;
    let sections = app.store.border_sections().await?;
    let now = app.clock.now();
    let mut audit = who.audit(now, "patrol.report");
    audit.bcp = found.bcp.clone();
    audit.subject = Some(format!("patrol:{}", found.id));
    audit.detail = format!(
        "{} positions, {} observations, {} speed flag(s)",
        found.track.len(),
        found.observations.len(),
        found.speed_flags.len()
    );
    let bbox = found.bbox(&sections);
    app.store.update_patrol(found.clone(), bbox, audit).await?;
    Ok(found)
}

/// Patrols by box and time within the reader's need-to-know.
pub async fn list_patrols(
    app: &App,
    who: Actor<'_>,
    filter: &AreaFilter,
) -> Result<Vec<Patrol>, SurveillanceError> {
    let q = area_query(who, filter)?;
    Ok(app.store.patrols(&q).await?)
}

/// The coverage of each border section (in the reader's area) on a day.
pub async fn coverage_on(
    app: &App,
    who: Actor<'_>,
    day: NaiveDate,
) -> Result<Vec<SectionCoverage>, SurveillanceError> {
    let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
    let filter = AreaFilter {
        from: Some(start),
        to: Some(start + chrono::Duration::days(1)),
        ..AreaFilter::default()
    };
    let patrols = list_patrols(app, who, &filter).await?;
    let scope = Scope::of(who);
    let sections: Vec<BorderSection> = app
        .store
        .border_sections()
        .await?
        .into_iter()
        .filter(|s| scope.allows_record_of(s.bcp.as_deref()) || scope.is_national())
        .collect();
    Ok(coverage(&sections, &patrols, day))
}

/// The border sections and the territory (configuration, read by every map).
pub async fn configuration(
    app: &App,
) -> Result<(Vec<BorderSection>, Option<Territory>), SurveillanceError> {
    let (sections, territory) =
        tokio::try_join!(app.store.border_sections(), app.store.territory())?;
    Ok((sections, territory))
}

/// Configure a border section (at the centre; it goes down to the nodes).
pub async fn configure_section(
    app: &App,
    who: Actor<'_>,
    section: BorderSection,
) -> Result<(), SurveillanceError> {
    section
        .validate()
        .map_err(|e| SurveillanceError::invalid("section", e))?;
    let mut audit = who.audit(app.clock.now(), "surveillance.section");
    audit.subject = Some(format!("border_section:{}", section.code));
    audit.detail = format!(
        "{} border with {}",
        section.border_type.as_str(),
        section.neighbour
    );
    Ok(app.store.put_border_section(section, audit).await?)
}

/// Configure the state's territory.
pub async fn configure_territory(
    app: &App,
    who: Actor<'_>,
    territory: Territory,
) -> Result<(), SurveillanceError> {
    for poly in territory.outline.iter().chain(&territory.waters) {
        Geometry::Polygon {
            coordinates: poly.clone(),
        }
        .validate()
        .map_err(|e| SurveillanceError::invalid("territory", e))?;
    }
    if territory.outline.is_empty() {
        return Err(SurveillanceError::invalid("territory", "no outline"));
    }
    let mut audit = who.audit(app.clock.now(), "surveillance.territory");
    audit.subject = Some(format!("territory:{}", territory.state));
    audit.detail = format!("{} polygon(s)", territory.outline.len());
    Ok(app.store.put_territory(territory, audit).await?)
}

/// A GeoJSON Feature.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    pub geometry: Geometry,
    #[schema(value_type = Object)]
    pub properties: serde_json::Value,
}

/// A GeoJSON FeatureCollection (RFC 7946).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub features: Vec<Feature>,
}

/// Incidents as GeoJSON: each its location, with its class, type, time, section, persons, outcome and warnings.
pub fn incidents_geojson(incidents: &[Incident]) -> FeatureCollection {
    FeatureCollection {
        kind: "FeatureCollection",
        features: incidents
            .iter()
            .map(|i| Feature {
                kind: "Feature",
                id: i.id.clone(),
                geometry: i.location.clone(),
                properties: serde_json::json!({
                    "class": i.class,
                    "incident_type": i.incident_type,
                    "occurred_at": i.occurred_at,
                    "section": i.section,
                    "bcp": i.bcp,
                    "border_type": i.border_type,
                    "persons": i.persons.total(),
                    "minors": i.persons.minors,
                    "reporting_unit": i.reporting_unit,
                    "outcome": i.outcome(),
                    "warnings": i.warnings.iter().map(IncidentWarning::key).collect::<Vec<_>>(),
                }),
            })
            .collect(),
    }
}

/// Patrols as GeoJSON: the track as a line when there is one, else the area, else the first section's line.
pub fn patrols_geojson(patrols: &[Patrol], sections: &[BorderSection]) -> FeatureCollection {
    FeatureCollection {
        kind: "FeatureCollection",
        features: patrols
            .iter()
            .filter_map(|p| {
                let geometry = if p.track.len() >= 2 {
                    Geometry::LineString {
                        coordinates: p.track.iter().map(|t| t.position).collect(),
                    }
                } else if let Some(a) = &p.area {
                    a.clone()
                } else {
                    let s = sections.iter().find(|s| p.sections.contains(&s.code))?;
                    Geometry::LineString {
                        coordinates: s.line.clone(),
                    }
                };
                let (start, end) = p.window();
                Some(Feature {
                    kind: "Feature",
                    id: p.id.clone(),
                    geometry,
                    properties: serde_json::json!({
                        "patrol_type": p.patrol_type,
                        "unit": p.unit,
                        "status": p.status,
                        "bcp": p.bcp,
                        "sections": p.sections,
                        "start": start,
                        "end": end,
                        "terms": p.terms,
                        "speed_flags": p.speed_flags.len(),
                    }),
                })
            })
            .collect(),
    }
}

/// Incidents as CSV (one row each; the location as its anchor position).
pub fn incidents_csv(incidents: &[Incident]) -> Result<String, SurveillanceError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| SurveillanceError::Store(StoreError::Backend(format!("csv: {e}")));
    w.write_record([
        "id",
        "occurred_at",
        "class",
        "incident_type",
        "longitude",
        "latitude",
        "geometry",
        "section",
        "bcp",
        "border_type",
        "male",
        "female",
        "unknown",
        "minors",
        "reporting_unit",
        "outcome",
        "warnings",
    ])
    .map_err(fail)?;
    for i in incidents {
        let p = i.location.anchor();
        w.write_record([
            i.id.clone(),
            i.occurred_at.to_rfc3339(),
            i.class.as_str().to_string(),
            i.incident_type.clone(),
            format!("{:.6}", p[0]),
            format!("{:.6}", p[1]),
            i.location.kind().to_string(),
            i.section.clone().unwrap_or_default(),
            i.bcp.clone().unwrap_or_default(),
            i.border_type.as_str().to_string(),
            i.persons.male.to_string(),
            i.persons.female.to_string(),
            i.persons.unknown.to_string(),
            i.persons.minors.to_string(),
            i.reporting_unit.clone(),
            i.outcome().map(|o| o.as_str()).unwrap_or("").to_string(),
            i.warnings
                .iter()
                .map(IncidentWarning::key)
                .collect::<Vec<_>>()
                .join(" "),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| SurveillanceError::Store(StoreError::Backend(format!("csv: {e}"))))?;
    String::from_utf8(bytes)
        .map_err(|e| SurveillanceError::Store(StoreError::Backend(format!("csv: {e}"))))
}
