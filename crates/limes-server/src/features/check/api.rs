//! The border check and the crossings it records, as JSON.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::idempotency;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use limes_app::check::{run_check, CheckRequest, CheckResponse};
use limes_app::crossings::{self, require_purpose, CrossingSearch, DecisionRequest};
use limes_app::idempotency::once;
use limes_domain::decision::RefusalReason;
use limes_store::{Crossing, CrossingStats};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        create_check,
        parse_mrz,
        list_crossings,
        get_crossing,
        decide,
        abandon,
        second_line_queue,
        refusal_reasons,
        stats
    ),
    components(schemas(
        CheckRequest,
        CheckResponse,
        Crossing,
        CrossingStats,
        RefusalReason,
        DecisionRequest,
        MrzRequest
    ))
)]
pub struct ApiDoc;

/// Run a border check. The check and its audit entry are committed before the response.
#[utoipa::path(post, path = "/api/v1/checks", request_body = CheckRequest, params(("Idempotency-Key" = Option<String>, Header, description = "A key of the caller's choice (at most 200 visible ASCII characters, kept 24 h): a retry with the same key and body gets the first answer; another body gets 422, a request still running 409")),
    responses((status = 200, body = CheckResponse), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_check(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CheckRequest>,
) -> AppResult<Response> {
    let key = idempotency::key(&headers)?;
    let actor = who.actor();
    let answer = once(&st, &actor, key, "POST /api/v1/checks", req, |req| {
        run_check(&st, who.actor(), req)
    })
    .await?;
    Ok(idempotency::respond(answer))
}

#[derive(Deserialize, ToSchema)]
pub struct MrzRequest {
    pub mrz: String,
}

/// Parse and validate an MRZ without checking anyone (no personal data is stored).
#[utoipa::path(post, path = "/api/v1/mrz", request_body = MrzRequest, responses((status = 200, description = "the parsed MRZ: format, valid, errors, warnings, fields")),
    security(("bearer" = []), ("session" = [])))]
pub async fn parse_mrz(
    State(st): State<AppState>,
    ApiJson(req): ApiJson<MrzRequest>,
) -> Json<serde_json::Value> {
    Json(limes_mrz::to_output_json(&limes_mrz::parse(
        &req.mrz,
        st.clock.today(),
    )))
}

#[derive(Deserialize, IntoParams)]
pub struct CrossingQuery {
    /// Why the person data is viewed (recorded in the audit trail). Required.
    pub purpose: Option<String>,
    pub bcp: Option<String>,
    /// pending, referred or decided.
    pub status: Option<String>,
    /// Surname or document number prefix.
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// Crossings, newest first. Viewing them is audited with its purpose.
#[utoipa::path(get, path = "/api/v1/crossings", params(CrossingQuery), responses((status = 200, body = [Crossing]), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_crossings(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CrossingQuery>,
) -> AppResult<Json<Vec<Crossing>>> {
    let purpose = require_purpose(q.purpose.as_deref())?;
    let search = CrossingSearch {
        bcp: q.bcp,
        status: q.status,
        search: q.search,
        limit: q.limit,
    };
    let found = crossings::search_crossings(&st, who.actor(), search, purpose).await?;
    Ok(Json(found))
}

#[derive(Deserialize, IntoParams)]
pub struct PurposeQuery {
    /// Why the person data is viewed (recorded in the audit trail). Required.
    pub purpose: Option<String>,
}

/// One crossing with the full check result. Audited with its purpose.
#[utoipa::path(get, path = "/api/v1/crossings/{id}", params(("id" = String, Path), PurposeQuery),
    responses((status = 200, body = Crossing), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_crossing(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeQuery>,
) -> AppResult<Json<Crossing>> {
    let purpose = require_purpose(q.purpose.as_deref())?;
    let c = crossings::view_crossing(&st, who.actor(), &id, &purpose).await?;
    Ok(Json(c))
}

/// Record the officer's decision on a checked traveller. Second line decides referred ones.
#[utoipa::path(post, path = "/api/v1/crossings/{id}/decision", params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "As for POST /api/v1/checks: a retry with the same key and body gets the first answer")), request_body = DecisionRequest,
    responses((status = 200, body = Crossing), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn decide(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> AppResult<Response> {
    let key = idempotency::key(&headers)?;
    let actor = who.actor();
    let route = format!("POST /api/v1/crossings/{id}/decision");
    let answer = once(&st, &actor, key, &route, req, |req| {
        crossings::decide(&st, who.actor(), &id, req)
    })
    .await?;
    Ok(idempotency::respond(answer))
}

/// Abandon a check without a decision: kept with its state for audit, no longer a crossing. The officer who ran
/// it, or a supervisor.
#[utoipa::path(post, path = "/api/v1/crossings/{id}/abandon", params(("id" = String, Path)),
    responses((status = 200, body = Crossing), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn abandon(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<Crossing>> {
    Ok(Json(
        limes_app::check_workflow::abandon_check(&st, who.actor(), &id).await?,
    ))
}

/// Travellers referred to second line and admissions on override waiting for confirmation: the most serious
/// first, then the longest waiting.
#[utoipa::path(get, path = "/api/v1/second-line/queue", params(("bcp" = Option<String>, Query)),
    responses((status = 200, body = [Crossing])), security(("bearer" = []), ("session" = [])))]
pub async fn second_line_queue(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CrossingQuery>,
) -> AppResult<Json<Vec<Crossing>>> {
    Ok(Json(
        crossings::second_line_queue(&st, who.actor(), q.bcp.as_deref()).await?,
    ))
}

/// The refusal reasons officers choose from (configurable per state).
#[utoipa::path(get, path = "/api/v1/refusal-reasons", responses((status = 200, body = [RefusalReason])), security(("bearer" = []), ("session" = [])))]
pub async fn refusal_reasons(State(st): State<AppState>) -> Json<Vec<RefusalReason>> {
    Json(st.config.refusal_reasons.clone())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatsQuery {
    pub bcp: Option<String>,
    /// Days back from now (default 1).
    pub days: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/stats", params(StatsQuery), responses((status = 200, body = CrossingStats)), security(("bearer" = []), ("session" = [])))]
pub async fn stats(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<StatsQuery>,
) -> AppResult<Json<CrossingStats>> {
    Ok(Json(
        crossings::stats(&st, who.actor(), q.bcp.as_deref(), q.days).await?,
    ))
}
