//! The firearm register as JSON: the look-up of a weapon and the register's CSV import.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::features::lists::api::{ImportQuery, ImportResult};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use limes_app::firearms::{
    FirearmCandidate, FirearmSearchRequest, FirearmSearchResponse, ReasonView,
};
use limes_domain::firearm::{FirearmRecord, FirearmStatus, FirearmType};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(search_firearms, import_firearms),
    components(schemas(
        FirearmSearchRequest,
        FirearmSearchResponse,
        FirearmCandidate,
        ReasonView,
        FirearmRecord,
        FirearmStatus,
        FirearmType
    ))
)]
pub struct ApiDoc;

/// Look a weapon up in the firearm register as the officer reads it off the weapon: the serial number (look-alike
/// characters, separators and prefixes are fine), make, model and calibre under any of their names. The ranked
/// candidates, best first, each with its reasons. Audited.
#[utoipa::path(post, path = "/api/v1/firearms/search", request_body = FirearmSearchRequest,
    responses((status = 200, body = FirearmSearchResponse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn search_firearms(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<FirearmSearchRequest>,
) -> AppResult<Json<FirearmSearchResponse>> {
    Ok(Json(
        limes_app::firearms::search_firearms(&st, who.actor(), req).await?,
    ))
}

/// Import the firearm register from CSV with the columns record_id, serial, make, model, calibre, type,
/// country_of_manufacture, status, reported_by, reported_on: added to the register, or replacing it with
/// `?replace=true`. All rows or none; bad rows are named by line and field.
#[utoipa::path(post, path = "/api/v1/firearms", params(ImportQuery), request_body(content = String, description = "CSV"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_firearms(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let audit = who.actor().audit(st.clock.now(), "firearms.import");
    let n = limes_app::firearms::import_firearms(
        st.store.as_ref(),
        audit,
        body.as_ref(),
        q.replace.unwrap_or(false),
    )
    .await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("{n} firearm records imported"),
    }))
}
