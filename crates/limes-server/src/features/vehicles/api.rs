//! The vehicle check as JSON.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::features::lists::api::{ImportQuery, ImportResult};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use limes_app::vehicles::{
    check_vehicle, StolenHit, VehicleCheckRequest, VehicleCheckResponse, VehicleVerdict,
};
use limes_domain::vehicle::{
    CheckDigit, StolenMatch, StolenVehicle, Vehicle, VehicleCategory, VehicleCrossing, VinRegion,
    VinReport,
};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(create_vehicle_check, import_stolen_vehicles),
    components(schemas(
        VehicleCheckRequest,
        VehicleCheckResponse,
        VehicleVerdict,
        StolenHit,
        StolenVehicle,
        StolenMatch,
        Vehicle,
        VehicleCategory,
        VehicleCrossing,
        VinReport,
        VinRegion,
        CheckDigit
    ))
)]
pub struct ApiDoc;

/// Check a vehicle at a land BCP: its VIN (ISO 3779; the check digit where the region uses one), the
/// stolen-vehicle register by VIN and by plate, the plate's history at the BCP. Recorded with its audit entry
/// before the response.
#[utoipa::path(post, path = "/api/v1/vehicle-checks", request_body = VehicleCheckRequest,
    responses((status = 200, body = VehicleCheckResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_vehicle_check(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<VehicleCheckRequest>,
) -> AppResult<Json<VehicleCheckResponse>> {
    Ok(Json(check_vehicle(&st, who.actor(), req).await?))
}

/// Import the stolen-vehicle register from CSV (docs/formats.md): added to the register, or replacing it with
/// `?replace=true`. All rows or none; bad rows are named by line.
#[utoipa::path(post, path = "/api/v1/stolen-vehicles", params(ImportQuery), request_body(content = String, description = "CSV"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_stolen_vehicles(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let audit = who.actor().audit(st.clock.now(), "vehicles.import");
    let n = limes_app::vehicles::import_stolen_vehicles(
        st.store.as_ref(),
        audit,
        body.as_ref(),
        q.replace.unwrap_or(false),
    )
    .await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("{n} stolen-vehicle records imported"),
    }))
}
