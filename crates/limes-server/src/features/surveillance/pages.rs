//! The surveillance pages: the incidents list with the record form (the patrol officer's home), one incident with
//! its follow-up form, the patrols with the plan form and today's coverage, and the map (drawn in the page by
//! `assets/surveillance/map.js` from the embedded atlas and the GeoJSON endpoints).
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use limes_app::surveillance::{
    self as uc, AreaFilter, FollowUpRequest, IncidentRequest, PatrolRequest,
};
use limes_app::Scope;
use limes_domain::surveillance::*;
use serde::Deserialize;

/// Incidents shown on the list page.
const LISTED: usize = 200;

fn title(who: &Principal, key: &str) -> String {
    limes_i18n::t(who.language, key)
}

fn recorder(who: &Principal) -> bool {
    crate::routes::SURVEILLANCE_RECORDERS.contains(&who.user.role)
}

#[derive(Template)]
#[template(path = "surveillance/incidents.html")]
struct IncidentsPage {
    layout: Layout,
    incidents: Vec<Incident>,
    types: Vec<IncidentType>,
    sections: Vec<BorderSection>,
    can_record: bool,
    /// The incident just recorded, with its warnings.
    recorded: Option<Incident>,
    now: String,
}

async fn incidents_view(st: &AppState, who: &Principal, recorded: Option<Incident>) -> PageResult {
    let filter = AreaFilter {
        limit: Some(LISTED),
        ..AreaFilter::default()
    };
    let incidents = uc::list_incidents(st, who.actor(), &filter)
        .await
        .map_err(with(who))?;
    let (sections, _) = uc::configuration(st).await.map_err(with(who))?;
    Ok(render(&IncidentsPage {
        layout: Layout::new(
            st,
            Some(who),
            &title(who, "surveillance-incidents-title"),
            "/surveillance/incidents",
        ),
        incidents,
        types: default_incident_types(),
        sections,
        can_record: recorder(who),
        recorded,
        now: st.clock.now().format("%Y-%m-%dT%H:%M").to_string(),
    }))
}

pub async fn incidents_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    incidents_view(&st, &who, None).await
}

/// The record form as the page posts it.
#[derive(Deserialize)]
pub struct IncidentForm {
    pub incident_type: String,
    /// `YYYY-MM-DDTHH:MM` (UTC), as a datetime-local input sends it.
    pub occurred_at: String,
    pub longitude: String,
    pub latitude: String,
    #[serde(default)]
    pub border_type: String,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub male: String,
    #[serde(default)]
    pub female: String,
    #[serde(default)]
    pub unknown: String,
    #[serde(default)]
    pub minors: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub reporting_unit: String,
}

fn number(s: &str) -> u32 {
    s.trim().parse().unwrap_or(0)
}

fn form_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(|t| t.and_utc())
}

fn invalid(field: &str, message: &str) -> uc::SurveillanceError {
    uc::SurveillanceError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

pub async fn submit_incident(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<IncidentForm>,
) -> PageResult {
    let types = default_incident_types();
    let class = types
        .iter()
        .find(|t| t.code == f.incident_type)
        .map(|t| t.class)
        .ok_or_else(|| invalid("incident_type", "choose a type"))
        .map_err(with(&who))?;
    let occurred_at = form_time(&f.occurred_at)
        .ok_or_else(|| invalid("occurred_at", "a date and time"))
        .map_err(with(&who))?;
    let (lon, lat) = match (
        f.longitude.trim().parse::<f64>(),
        f.latitude.trim().parse::<f64>(),
    ) {
        (Ok(lon), Ok(lat)) => (lon, lat),
        _ => {
            return Err(with(&who)(invalid(
                "location",
                "longitude and latitude in decimal degrees",
            )))
        }
    };
    let req = IncidentRequest {
        id: None,
        class,
        incident_type: f.incident_type,
        occurred_at,
        location: Geometry::point(lon, lat),
        border_type: BorderType::parse(&f.border_type),
        section: Some(f.section).filter(|s| !s.trim().is_empty()),
        bcp: None,
        persons: PersonCounts {
            male: number(&f.male),
            female: number(&f.female),
            unknown: number(&f.unknown),
            minors: number(&f.minors),
        },
        nominal: Vec::new(),
        goods: Vec::new(),
        vehicles: Vec::new(),
        vessels: Vec::new(),
        description: f.description,
        reporting_unit: Some(f.reporting_unit),
        patrol: None,
        seizures: Vec::new(),
        crossings: Vec::new(),
        device_time: None,
    };
    let incident = uc::record_incident(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    incidents_view(&st, &who, Some(incident)).await
}

#[derive(Template)]
#[template(path = "surveillance/incident.html")]
struct IncidentPage {
    layout: Layout,
    i: Incident,
    outcomes: Vec<&'static str>,
    can_record: bool,
}

pub async fn incident_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let i = uc::incident(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    Ok(render(&IncidentPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "surveillance-incident-title"),
            "/surveillance/incidents",
        ),
        i,
        outcomes: FollowUpOutcome::ALL.iter().map(|o| o.as_str()).collect(),
        can_record: recorder(&who),
    }))
}

#[derive(Deserialize)]
pub struct FollowUpForm {
    pub action: String,
    pub outcome: String,
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub seizures: String,
}

pub async fn submit_follow_up(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<FollowUpForm>,
) -> PageResult {
    let outcome = FollowUpOutcome::parse(&f.outcome)
        .ok_or_else(|| invalid("outcome", "choose an outcome"))
        .map_err(with(&who))?;
    let req = FollowUpRequest {
        by: Some(f.by),
        action: f.action,
        outcome,
        seizures: f
            .seizures
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        crossings: Vec::new(),
    };
    uc::follow_up(&st, who.actor(), &id, req)
        .await
        .map_err(with(&who))?;
    Ok(Redirect::to(&format!("/surveillance/incidents/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "surveillance/patrols.html")]
struct PatrolsPage {
    layout: Layout,
    patrols: Vec<Patrol>,
    coverage: Vec<SectionCoverage>,
    sections: Vec<BorderSection>,
    types: Vec<&'static str>,
    can_record: bool,
    now: String,
}

pub async fn patrols_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let now = st.clock.now();
    let filter = AreaFilter {
        from: Some(now - Duration::days(31)),
        limit: Some(LISTED),
        ..AreaFilter::default()
    };
    let patrols = uc::list_patrols(&st, who.actor(), &filter)
        .await
        .map_err(with(&who))?;
    let coverage = uc::coverage_on(&st, who.actor(), now.date_naive())
        .await
        .map_err(with(&who))?;
    let (sections, _) = uc::configuration(&st).await.map_err(with(&who))?;
    Ok(render(&PatrolsPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "surveillance-patrols-title"),
            "/surveillance/patrols",
        ),
        patrols,
        coverage,
        sections,
        types: PatrolType::ALL.iter().map(|t| t.as_str()).collect(),
        can_record: recorder(&who),
        now: now.format("%Y-%m-%dT%H:%M").to_string(),
    }))
}

#[derive(Deserialize)]
pub struct PatrolForm {
    pub patrol_type: String,
    pub unit: String,
    pub section: String,
    pub planned_start: String,
    pub hours: String,
    #[serde(default)]
    pub agreement: String,
    #[serde(default)]
    pub neighbour: String,
    #[serde(default)]
    pub permissible_distance_km: String,
    #[serde(default)]
    pub lead_authority: String,
    #[serde(default)]
    pub contact_point: String,
}

pub async fn submit_patrol(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<PatrolForm>,
) -> PageResult {
    let patrol_type = PatrolType::parse(&f.patrol_type)
        .ok_or_else(|| invalid("patrol_type", "choose a type"))
        .map_err(with(&who))?;
    let start = form_time(&f.planned_start)
        .ok_or_else(|| invalid("planned_start", "a date and time"))
        .map_err(with(&who))?;
    let hours: i64 = f.hours.trim().parse().unwrap_or(0);
    let terms = patrol_type.is_cross_border().then(|| EngagementTerms {
        neighbour: f.neighbour.trim().to_ascii_uppercase(),
        agreement: f.agreement.trim().to_string(),
        permissible_distance_km: f.permissible_distance_km.trim().parse().unwrap_or(f64::NAN),
        lead_authority: f.lead_authority.trim().to_string(),
        contact_point: f.contact_point.trim().to_string(),
        neighbour_officers: Vec::new(),
    });
    let req = PatrolRequest {
        patrol_type,
        unit: f.unit,
        bcp: None,
        sections: vec![f.section.trim().to_string()],
        area: None,
        planned_start: start,
        planned_end: start + Duration::hours(hours),
        terms,
    };
    uc::plan_patrol(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    Ok(Redirect::to("/surveillance/patrols").into_response())
}

#[derive(Template)]
#[template(path = "surveillance/map.html")]
struct MapPage {
    layout: Layout,
    /// The map's configuration as JSON (BCPs, the view's box, labels), read by the script.
    config: String,
    classes: Vec<&'static str>,
    print: bool,
}

#[derive(Deserialize)]
pub struct MapQuery {
    #[serde(default)]
    pub print: Option<String>,
}

pub async fn map_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<MapQuery>,
) -> PageResult {
    let scope = Scope::of(who.actor());
    let bcps = limes_app::org::bcps(&st).await.map_err(with(&who))?;
    let (sections, territory) = uc::configuration(&st).await.map_err(with(&who))?;
    let bcps: Vec<serde_json::Value> = bcps
        .iter()
        .filter(|b| b.active && scope.allows(&b.code))
        .filter_map(|b| {
            Some(serde_json::json!({
                "code": b.code, "name": b.name, "kind": b.kind.as_str(),
                "position": [b.longitude?, b.latitude?],
            }))
        })
        .collect();
    // The view: the territory at the centre, the BCPs' own sections and posts at a BCP.
    let mut positions: Vec<LonLat> = Vec::new();
    if scope.is_national() {
        if let Some(t) = &territory {
            let b = t.bbox();
            positions.extend([[b.min_lon, b.min_lat], [b.max_lon, b.max_lat]]);
        }
    } else {
        for s in sections
            .iter()
            .filter(|s| s.bcp.as_deref().is_some_and(|b| scope.allows(b)))
        {
            positions.extend(s.line.iter().copied());
        }
    }
    positions.extend(
        bcps.iter()
            .filter_map(|b| serde_json::from_value::<LonLat>(b["position"].clone()).ok()),
    );
    let view = if positions.is_empty() {
        BBox::WORLD
    } else {
        let b = BBox::around(&positions);
        let (dx, dy) = (
            ((b.max_lon - b.min_lon) * 0.15).max(0.3),
            ((b.max_lat - b.min_lat) * 0.15).max(0.2),
        );
        BBox {
            min_lon: b.min_lon - dx,
            min_lat: b.min_lat - dy,
            max_lon: b.max_lon + dx,
            max_lat: b.max_lat + dy,
        }
    };
    let lang = who.language;
    let labels: serde_json::Map<String, serde_json::Value> = EventClass::ALL
        .iter()
        .map(|c| {
            (
                c.as_str().to_string(),
                limes_i18n::t(lang, &format!("surveillance-class-{}", c.as_str())).into(),
            )
        })
        .collect();
    let config = serde_json::json!({
        "view": view,
        "bcps": bcps,
        "sections": sections,
        "territory": territory,
        "now": st.clock.now(),
        "labels": labels,
    });
    Ok(render(&MapPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "surveillance-map-title"),
            "/surveillance/map",
        ),
        // `</` cannot end the data block early: JSON allows `<\/`.
        config: config.to_string().replace("</", "<\\/"),
        classes: EventClass::ALL.iter().map(|c| c.as_str()).collect(),
        print: q.print.is_some(),
    }))
}
