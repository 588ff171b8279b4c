//! The overstayers as JSON.
use crate::auth::Principal;
use crate::error::AppResult;
use crate::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use limes_app::stay::Overstayer;
use limes_domain::stay::{StayAssessment, StayRule};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(overstayers),
    components(schemas(Overstayer, StayAssessment, StayRule))
)]
pub struct ApiDoc;

/// Travellers whose current or last stay exceeds the allowed stay, at the caller's BCPs, most days over first
/// (audited).
#[utoipa::path(get, path = "/api/v1/overstayers",
    responses((status = 200, body = [Overstayer])), security(("bearer" = []), ("session" = [])))]
pub async fn overstayers(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> AppResult<Json<Vec<Overstayer>>> {
    Ok(Json(limes_app::stay::overstayers(&st, who.actor()).await?))
}
