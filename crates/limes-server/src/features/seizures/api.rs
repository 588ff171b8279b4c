//! Seizure records as JSON: recording, listing and reading (the nominal part apart, with a purpose), the
//! photographs (upload as the raw body, download), the gallery, and the statistics as JSON or CSV.
use crate::auth::Principal;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use limes_app::seizures::{self, GalleryItem, SeizureForm, SeizureQuery, StatsQuery};
use limes_domain::seizure::{
    CenHeading, ConcealmentMethod, DetectionMethod, NominalPart, OffenceRole, Party, PartyKind,
    Period, PhotoRef, Quantity, QuantityUnit, Route, Seizure, StatsBy, StatsRow, Transport,
    TransportMode,
};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(
        record_seizure,
        list_seizures,
        get_seizure,
        get_nominal,
        upload_photo,
        get_photo,
        gallery,
        stats
    ),
    components(schemas(
        SeizureForm,
        Seizure,
        NominalPart,
        Party,
        PartyKind,
        OffenceRole,
        CenHeading,
        Quantity,
        QuantityUnit,
        ConcealmentMethod,
        DetectionMethod,
        Route,
        Transport,
        TransportMode,
        PhotoRef,
        GalleryItem,
        StatsRow,
        StatsBy,
        Period
    ))
)]
pub struct ApiDoc;

/// Record a seizure at the officer's BCP (non-nominal record per the WCO CEN headings, and optionally the persons
/// and companies involved). With `inspection_id` it is linked to the goods inspection's find and declaration.
/// Validation names the field (`quantity.unit`, `route.origin` …).
#[utoipa::path(post, path = "/api/v1/seizures", request_body = SeizureForm,
    responses((status = 201, body = Seizure), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn record_seizure(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(form): ApiJson<SeizureForm>,
) -> AppResult<(StatusCode, Json<Seizure>)> {
    Ok((
        StatusCode::CREATED,
        Json(seizures::record(&st, who.actor(), form).await?),
    ))
}

/// Seizures the caller may read, newest first (officers: their BCPs'; a restricted record only to those who may
/// read it, its listing audited).
#[utoipa::path(get, path = "/api/v1/seizures", params(SeizureQuery),
    responses((status = 200, body = Vec<Seizure>), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_seizures(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<SeizureQuery>,
) -> AppResult<Json<Vec<Seizure>>> {
    Ok(Json(seizures::list(&st, who.actor(), &q).await?))
}

/// One seizure record (non-nominal); a record the caller may not read is not found.
#[utoipa::path(get, path = "/api/v1/seizures/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Seizure), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_seizure(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<Seizure>> {
    Ok(Json(seizures::seizure(&st, who.actor(), &id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PurposeQuery {
    /// Why the persons involved are read (audited).
    pub purpose: Option<String>,
}

/// The persons and companies involved: need-to-know (the recording BCP's officers, supervisors, analysts), for a
/// stated purpose, each read audited.
#[utoipa::path(get, path = "/api/v1/seizures/{id}/nominal", params(("id" = String, Path), PurposeQuery),
    responses((status = 200, body = NominalPart), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_nominal(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeQuery>,
) -> AppResult<Json<NominalPart>> {
    Ok(Json(
        seizures::nominal(&st, who.actor(), &id, q.purpose.as_deref()).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PhotoQuery {
    /// An X-ray image rather than a photograph.
    pub x_ray: Option<bool>,
}

/// Add a photograph (the raw body: JPEG, PNG or WebP, checked by content, within the configured size); its
/// metadata is stripped and its SHA-256 kept.
#[utoipa::path(post, path = "/api/v1/seizures/{id}/photos", params(("id" = String, Path), PhotoQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, body = PhotoRef), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upload_photo(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PhotoQuery>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<PhotoRef>)> {
    let photo = seizures::add_photo(&st, who.actor(), &id, &body, q.x_ray.unwrap_or(false)).await?;
    Ok((StatusCode::CREATED, Json(photo)))
}

/// A photograph's bytes (as stored: metadata stripped).
#[utoipa::path(get, path = "/api/v1/seizures/{id}/photos/{photo}",
    params(("id" = String, Path), ("photo" = String, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_photo(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path((id, photo)): Path<(String, String)>,
) -> AppResult<Response> {
    let (p, data) = seizures::photo(&st, who.actor(), &id, &photo).await?;
    Ok((
        [
            (header::CONTENT_TYPE, p.media_type),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        data,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct GalleryQuery {
    pub concealment: Option<ConcealmentMethod>,
    pub heading: Option<CenHeading>,
}

/// Photographs of seizures by concealment method and heading (never a restricted heading's).
#[utoipa::path(get, path = "/api/v1/seizure-gallery", params(GalleryQuery),
    responses((status = 200, body = Vec<GalleryItem>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn gallery(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<GalleryQuery>,
) -> AppResult<Json<Vec<GalleryItem>>> {
    Ok(Json(
        seizures::gallery(&st, who.actor(), q.concealment, q.heading).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatsParams {
    /// `heading`, `bcp` or `route`.
    pub by: StatsBy,
    /// `week`, `month` or `year`.
    pub period: Period,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    pub bcp: Option<String>,
    /// `json` (the default) or `csv` (the export for the regional intelligence liaison offices, audited).
    pub format: Option<String>,
}

/// Seizure statistics: counts and quantities by heading, BCP or route per week, month or year; as CSV for the
/// regional intelligence liaison offices (the export audited).
#[utoipa::path(get, path = "/api/v1/seizure-stats", params(StatsParams),
    responses((status = 200, body = Vec<StatsRow>), (status = 403, body = ErrorBody), (status = 400, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn stats(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(p): Query<StatsParams>,
) -> AppResult<Response> {
    let q = StatsQuery {
        by: p.by,
        period: p.period,
        from: p.from,
        to: p.to,
        bcp: p.bcp,
    };
    match p.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(seizures::stats(&st, who.actor(), &q).await?).into_response()),
        "csv" => {
            let csv = seizures::export_stats_csv(&st, who.actor(), &q).await?;
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"seizure-statistics.csv\"",
                    ),
                ],
                csv,
            )
                .into_response())
        }
        other => Err(AppError::BadRequest(format!(
            "format: '{other}' is neither json nor csv"
        ))),
    }
}
