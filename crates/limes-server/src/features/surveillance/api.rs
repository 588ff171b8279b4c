//! Surveillance as JSON (GeoJSON for the map and the exports), the CSV export, the embedded atlas and map
//! script, and the server-sent events that tell an open map something changed.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::NaiveDate;
use limes_app::surveillance::{
    self as uc, AreaFilter, Feature, FeatureCollection, FollowUpRequest, IncidentRequest,
    PatrolReport, PatrolRequest,
};
use limes_app::surveillance_atlas::WORLD_ATLAS_TOPOJSON;
use limes_domain::surveillance::*;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(
        list_incidents,
        create_incident,
        incidents_csv,
        get_incident,
        create_follow_up,
        list_patrols,
        create_patrol,
        create_patrol_report,
        get_coverage,
        list_border_sections,
        create_border_section,
        put_territory
    ),
    components(schemas(
        AreaFilter,
        IncidentRequest,
        FollowUpRequest,
        PatrolRequest,
        PatrolReport,
        FeatureCollection,
        Feature,
        Incident,
        IncidentWarning,
        Geometry,
        BorderType,
        BorderSection,
        Territory,
        EventClass,
        PersonCounts,
        NominalPerson,
        FollowUp,
        FollowUpOutcome,
        Patrol,
        PatrolType,
        PatrolStatus,
        EngagementTerms,
        TrackPoint,
        Observation,
        SpeedFlag,
        SectionCoverage,
        Configuration
    ))
)]
pub struct ApiDoc;

/// Incidents inside a box and a time window as a GeoJSON FeatureCollection (RFC 7946), newest first, within the
/// caller's need-to-know (a BCP's officers see their BCP's area).
#[utoipa::path(get, path = "/api/v1/incidents", params(AreaFilter),
    responses((status = 200, body = FeatureCollection, content_type = "application/geo+json"), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_incidents(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(filter): Query<AreaFilter>,
) -> AppResult<Response> {
    let incidents = uc::list_incidents(&st, who.actor(), &filter).await?;
    Ok(geojson(&uc::incidents_geojson(&incidents)))
}

fn geojson<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/geo+json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The same incidents as CSV (one row each, the location as its anchor position).
#[utoipa::path(get, path = "/api/v1/incidents.csv", params(AreaFilter),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn incidents_csv(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(filter): Query<AreaFilter>,
) -> AppResult<Response> {
    let incidents = uc::list_incidents(&st, who.actor(), &filter).await?;
    let csv = uc::incidents_csv(&incidents)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"incidents.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// Record an incident. Send a client-made `id` to make a retry safe; the answer carries the warnings (outside the
/// territory, at sea for a land incident, far from the border, the device's clock off), kept with the record.
#[utoipa::path(post, path = "/api/v1/incidents", request_body = IncidentRequest,
    responses((status = 200, body = Incident), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_incident(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<IncidentRequest>,
) -> AppResult<Json<Incident>> {
    Ok(Json(uc::record_incident(&st, who.actor(), req).await?))
}

/// One incident with its follow-up.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Incident), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_incident(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<Incident>> {
    Ok(Json(uc::incident(&st, who.actor(), &id).await?))
}

/// Add a follow-up (who, what, outcome; linked seizures and crossings).
#[utoipa::path(post, path = "/api/v1/incidents/{id}/follow-ups", params(("id" = String, Path)),
    request_body = FollowUpRequest,
    responses((status = 200, body = Incident), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_follow_up(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<FollowUpRequest>,
) -> AppResult<Json<Incident>> {
    Ok(Json(uc::follow_up(&st, who.actor(), &id, req).await?))
}

/// Patrols whose box meets `bbox` and whose window overlaps the time given, as GeoJSON (the track, else the area,
/// else the section's line).
#[utoipa::path(get, path = "/api/v1/patrols", params(AreaFilter),
    responses((status = 200, body = FeatureCollection, content_type = "application/geo+json"), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_patrols(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(filter): Query<AreaFilter>,
) -> AppResult<Response> {
    let patrols = uc::list_patrols(&st, who.actor(), &filter).await?;
    let (sections, _) = uc::configuration(&st).await?;
    Ok(geojson(&uc::patrols_geojson(&patrols, &sections)))
}

/// Plan a patrol; a joint, coordinated or mixed one with its terms (agreement, permissible distance, lead
/// authority).
#[utoipa::path(post, path = "/api/v1/patrols", request_body = PatrolRequest,
    responses((status = 200, body = Patrol), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_patrol(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<PatrolRequest>,
) -> AppResult<Json<Patrol>> {
    Ok(Json(uc::plan_patrol(&st, who.actor(), req).await?))
}

/// Report what a patrol did: track positions (impossible speeds flagged), observations, incidents.
#[utoipa::path(post, path = "/api/v1/patrols/{id}/reports", params(("id" = String, Path)),
    request_body = PatrolReport,
    responses((status = 200, body = Patrol), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_patrol_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(report): ApiJson<PatrolReport>,
) -> AppResult<Json<Patrol>> {
    Ok(Json(
        uc::report_patrol(&st, who.actor(), &id, report).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CoverageQuery {
    /// The day (YYYY-MM-DD, UTC); today when absent.
    pub day: Option<NaiveDate>,
}

/// How long each border section was patrolled on a day.
#[utoipa::path(get, path = "/api/v1/coverage", params(CoverageQuery),
    responses((status = 200, body = Vec<SectionCoverage>)), security(("bearer" = []), ("session" = [])))]
pub async fn get_coverage(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Json<Vec<SectionCoverage>>> {
    let day = q.day.unwrap_or_else(|| st.clock.now().date_naive());
    Ok(Json(uc::coverage_on(&st, who.actor(), day).await?))
}

/// The border sections and the territory.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Configuration {
    pub sections: Vec<BorderSection>,
    pub territory: Option<Territory>,
}

/// The border sections and the state's territory, as configured.
#[utoipa::path(get, path = "/api/v1/border-sections",
    responses((status = 200, body = Configuration)), security(("bearer" = []), ("session" = [])))]
pub async fn list_border_sections(State(st): State<AppState>) -> AppResult<Json<Configuration>> {
    let (sections, territory) = uc::configuration(&st).await?;
    Ok(Json(Configuration {
        sections,
        territory,
    }))
}

/// Configure a border section (replacing the one of its code); at the centre it goes down to the nodes.
#[utoipa::path(post, path = "/api/v1/border-sections", request_body = BorderSection,
    responses((status = 204), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn create_border_section(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(section): ApiJson<BorderSection>,
) -> AppResult<StatusCode> {
    uc::configure_section(&st, who.actor(), section).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Configure the state's territory (outline and waters).
#[utoipa::path(put, path = "/api/v1/territory", request_body = Territory,
    responses((status = 204), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn put_territory(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(territory): ApiJson<Territory>,
) -> AppResult<StatusCode> {
    uc::configure_territory(&st, who.actor(), territory).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The embedded world atlas (TopoJSON), for the map page.
pub async fn atlas() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        WORLD_ATLAS_TOPOJSON,
    )
        .into_response()
}

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/surveillance/map.js"),
    ),
    (
        "map.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/surveillance/map.css"),
    ),
];

/// The map's script and style, from the binary.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// How long a reconnected event stream waits for a change before it answers anyway.
const EVENT_HOLD: std::time::Duration = std::time::Duration::from_secs(20);
const EVENT_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Server-sent events for an open map: each connection answers one `change` event carrying the incident count
/// as its id, then closes; the browser reconnects (sending `Last-Event-ID`), and a reconnection waits until the
/// count moves (or [`EVENT_HOLD`] passes) before it answers. The map reloads its layers on each new id.
pub async fn events(State(st): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let last: Option<u64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let mut count = st.store.incident_count().await?;
    if let Some(last) = last {
        let started = tokio::time::Instant::now();
        while count == last && started.elapsed() < EVENT_HOLD {
            tokio::time::sleep(EVENT_POLL).await;
            count = st.store.incident_count().await?;
        }
    }
    let body =
        format!("retry: 1000\nid: {count}\nevent: change\ndata: {{\"incidents\":{count}}}\n\n");
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
