//! Trace requests (ISACS 05.31) as JSON: raise, list, read, and send / acknowledge / answer.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use limes_app::firearms::{NewTraceRequest, TraceView};
use limes_domain::firearm::{
    FirearmType, TraceAction, TraceAddressee, TraceRequest, TraceState, TraceStatus,
    WeaponDescription,
};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(list_traces, create_trace, get_trace, change_trace),
    components(schemas(
        NewTraceRequest,
        TraceView,
        TraceRequest,
        TraceAction,
        TraceAddressee,
        TraceState,
        TraceStatus,
        WeaponDescription,
        FirearmType
    ))
)]
pub struct ApiDoc;

/// The trace requests, last changed first, each with its state today (`overdue` when the due date passed
/// unanswered).
#[utoipa::path(get, path = "/api/v1/firearms/traces",
    responses((status = 200, body = [TraceView]), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_traces(State(st): State<AppState>) -> AppResult<Json<Vec<TraceView>>> {
    Ok(Json(limes_app::firearms::list_traces(&st).await?))
}

/// Raise a trace request (a draft) from a register record (`record_id`) or a described weapon. Audited.
#[utoipa::path(post, path = "/api/v1/firearms/traces", request_body = NewTraceRequest,
    responses((status = 200, body = TraceView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_trace(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<NewTraceRequest>,
) -> AppResult<Json<TraceView>> {
    Ok(Json(
        limes_app::firearms::create_trace(&st, who.actor(), req).await?,
    ))
}

/// One trace request with its state today.
#[utoipa::path(get, path = "/api/v1/firearms/traces/{id}", params(("id" = String, Path)),
    responses((status = 200, body = TraceView), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_trace(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<TraceView>> {
    Ok(Json(limes_app::firearms::get_trace(&st, &id).await?))
}

/// Send (with a due date, default 30 days), acknowledge or answer a trace request. Audited.
#[utoipa::path(post, path = "/api/v1/firearms/traces/{id}/actions", params(("id" = String, Path)),
    request_body = TraceAction,
    responses((status = 200, body = TraceView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn change_trace(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(action): ApiJson<TraceAction>,
) -> AppResult<Json<TraceView>> {
    Ok(Json(
        limes_app::firearms::change_trace(&st, who.actor(), &id, action).await?,
    ))
}
