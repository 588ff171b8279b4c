//! Advance passenger information as JSON: PAXLST in, the board, flights, the worklist, reviews, rules.
use crate::auth::Principal;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::features::check::api::PurposeQuery;
use crate::idempotency;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use limes_app::crossings::require_purpose;
use limes_app::pax::flights::{self, ReviewRequest};
use limes_app::pax::rules::{self, RuleWithStats};
use limes_app::pax::{intake, IntakeReport};
use limes_store::{ApiHit, FlightDetail, FlightSummary, RuleStats, StoredRule};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(
        receive_api_message,
        list_flights,
        get_flight,
        worklist,
        review_hit,
        list_rules,
        save_rule,
        rule_versions
    ),
    components(schemas(
        IntakeReport,
        FlightSummary,
        FlightDetail,
        ApiHit,
        ReviewRequest,
        RuleWithStats,
        StoredRule,
        RuleStats
    ))
)]
pub struct ApiDoc;

/// Receive a UN/EDIFACT PAXLST interchange (the raw text as the body). Every traveller and document is screened
/// before the answer; resending the same interchange stores nothing twice. A broken message is rejected with
/// its segment, element and component while the other messages of the interchange are taken in.
#[utoipa::path(post, path = "/api/v1/api-messages", request_body(content = String, content_type = "application/edifact"),
    params(("Idempotency-Key" = Option<String>, Header, description = "As for POST /api/v1/checks: a retry with the same key and body gets the first answer")),
    responses((status = 200, body = IntakeReport), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn receive_api_message(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    // A carrier's machine account learns what was taken in, not whom the lists caught.
    let machine = who.user.role.is_machine();
    idempotency::once_for_file(
        &st,
        &who,
        &headers,
        "POST /api/v1/api-messages",
        &body,
        "the body is empty: send the EDIFACT interchange as the request body",
        || async {
            intake(&st, who.actor(), &body, "api").await.map(|report| {
                if machine {
                    report.for_carrier()
                } else {
                    report
                }
            })
        },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BoardQuery {
    /// The day (YYYY-MM-DD, UTC) whose arrivals are listed; default today.
    pub date: Option<String>,
}

/// The arrivals board: flights of the day with their manifests and hit counts (no personal data).
#[utoipa::path(get, path = "/api/v1/flights", params(BoardQuery),
    responses((status = 200, body = [FlightSummary]), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn list_flights(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<Vec<FlightSummary>>> {
    Ok(Json(
        flights::board(&st, who.actor(), q.date.as_deref()).await?.1,
    ))
}

/// One flight: every manifest received (superseded ones too), the current travellers and their hits.
#[utoipa::path(get, path = "/api/v1/flights/{key}", params(("key" = String, Path), PurposeQuery),
    responses((status = 200, body = FlightDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_flight(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(key): Path<String>,
    Query(q): Query<PurposeQuery>,
) -> AppResult<Json<FlightDetail>> {
    let purpose = require_purpose(q.purpose.as_deref())?;
    Ok(Json(
        flights::view_flight(&st, who.actor(), &key, &purpose).await?,
    ))
}

/// The passenger information unit's worklist: flights with open hits, most serious first.
#[utoipa::path(get, path = "/api/v1/api-worklist",
    responses((status = 200, body = [FlightSummary])), security(("bearer" = []), ("session" = [])))]
pub async fn worklist(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> AppResult<Json<Vec<FlightSummary>>> {
    Ok(Json(flights::worklist(&st, who.actor()).await?))
}

/// Confirm or dismiss a pre-arrival hit. A confirmed hit is shown to the officer who checks the traveller.
#[utoipa::path(post, path = "/api/v1/api-hits/{id}/review", params(("id" = String, Path)), request_body = ReviewRequest,
    responses((status = 200, body = ApiHit), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn review_hit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ReviewRequest>,
) -> AppResult<Json<ApiHit>> {
    Ok(Json(flights::review(&st, who.actor(), &id, req).await?))
}

/// The targeting rules (latest versions) with how often each fired and how its hits were reviewed.
#[utoipa::path(get, path = "/api/v1/rules",
    responses((status = 200, body = [RuleWithStats])), security(("bearer" = []), ("session" = [])))]
pub async fn list_rules(State(st): State<AppState>) -> AppResult<Json<Vec<RuleWithStats>>> {
    Ok(Json(rules::rules_with_stats(&st).await?))
}

/// Create a rule, or change one by saving its next version (`version` one more than the latest). The rule is
/// checked first: every problem is named with its path in the rule JSON.
#[utoipa::path(post, path = "/api/v1/rules", request_body(content = Object, description = "The rule JSON (see limes-rules RULES.md)"),
    responses((status = 200, body = StoredRule), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn save_rule(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    body: Bytes,
) -> AppResult<Json<StoredRule>> {
    let text = std::str::from_utf8(&body)
        .map_err(|_| AppError::BadRequest("the rule must be UTF-8 JSON".into()))?;
    Ok(Json(rules::save_rule(&st, who.actor(), text).await?))
}

/// Every version of one rule, newest first.
#[utoipa::path(get, path = "/api/v1/rules/{id}", params(("id" = String, Path)),
    responses((status = 200, body = [StoredRule]), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn rule_versions(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<StoredRule>>> {
    Ok(Json(rules::rule_versions(&st, &id).await?))
}
