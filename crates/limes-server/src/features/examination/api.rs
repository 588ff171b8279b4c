//! The examination record as JSON.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::features::check::api::PurposeQuery;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use limes_app::examination;
use limes_domain::examination::{
    DocumentExamined, DocumentFinding, Examination, ExaminationDetails, ExaminationMethod,
    ExaminationOutcome,
};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(record_examination, list_examinations),
    components(schemas(
        Examination,
        ExaminationDetails,
        DocumentExamined,
        DocumentFinding,
        ExaminationMethod,
        ExaminationOutcome
    ))
)]
pub struct ApiDoc;

/// Record the second line's examination of a referred traveller: interview notes, documents examined (how, and
/// what was found), outcome (refused with reasons, handed over to the police with the unit and officer, further
/// checks …) and the minutes it took. Second-line officers and supervisors of the crossing's BCP.
#[utoipa::path(post, path = "/api/v1/crossings/{id}/examinations", params(("id" = String, Path)), request_body = ExaminationDetails,
    responses((status = 200, body = Examination), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn record_examination(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(details): ApiJson<ExaminationDetails>,
) -> AppResult<Json<Examination>> {
    Ok(Json(
        examination::record_examination(&st, who.actor(), &id, details).await?,
    ))
}

/// The examinations of a crossing, oldest first. Audited with its purpose.
#[utoipa::path(get, path = "/api/v1/crossings/{id}/examinations", params(("id" = String, Path), PurposeQuery),
    responses((status = 200, body = [Examination]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_examinations(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeQuery>,
) -> AppResult<Json<Vec<Examination>>> {
    Ok(Json(
        examination::examinations(&st, who.actor(), &id, q.purpose.as_deref()).await?,
    ))
}
