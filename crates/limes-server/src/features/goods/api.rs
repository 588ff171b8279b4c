//! Goods declarations as JSON: lodging (with `Idempotency-Key`), the trader's answer, the lists, each agency's
//! decision, the inspection queue and results, the selectivity rules.
use crate::auth::Principal;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::idempotency;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use limes_app::goods::decisions::{self, DeclarationDetail, DeclarationView};
use limes_app::goods::inspections::{self, QueueEntry, RecordedResult, ResultForm};
use limes_app::goods::intake::{lodge_document, DeclarationAnswer, LodgeReport};
use limes_app::goods::rules::{self, GoodsRuleWithStats, RatePreview};
use limes_domain::goods::Declaration;
use limes_domain::goods_flow::Verdict;
use limes_store::{GoodsRuleStats, StoredDeclaration, StoredGoodsRule};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        lodge_declarations,
        list_declarations,
        get_declaration,
        decide,
        inspection_queue,
        record_result,
        list_rules,
        save_rule,
        preview_rule
    ),
    components(schemas(
        Lodgement,
        LodgeReport,
        DeclarationAnswer,
        DeclarationView,
        DeclarationDetail,
        StoredDeclaration,
        DecisionRequest,
        QueueEntry,
        ResultForm,
        RecordedResult,
        GoodsRuleWithStats,
        StoredGoodsRule,
        GoodsRuleStats,
        RatePreview
    ))
)]
pub struct ApiDoc;

/// Declarations to lodge, in the shape every reader fills (`limes declaration FILE` prints it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Lodgement {
    pub declarations: Vec<Declaration>,
}

/// Lodge goods declarations (originals, amendments, invalidation requests) in any format customs uses, told from
/// the body: the JSON shape below (`{"declarations":[…]}`), a WCO Data Model DEC-DMS declaration (XML, bare or in
/// HMRC's submitDeclarationRequest envelope), or a UN/EDIFACT CUSDEC or CUSCAR interchange. Each declaration is
/// checked against the Harmonized System and the code lists, routed to every agency with a stake and given its
/// lane before the answer; the same reference from the same declarant again is answered with the first result.
/// One rejected declaration does not stop the others; a broken file is refused whole, naming the line and column
/// or the segment.
#[utoipa::path(post, path = "/api/v1/declarations",
    request_body(content = Lodgement, description = "JSON as shown, or the XML / EDIFACT text of the declaration", content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, description = "As for POST /api/v1/checks: a retry with the same key and body gets the first answer")),
    responses((status = 200, body = LodgeReport), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn lodge_declarations(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    idempotency::once_for_file(
        &st,
        &who,
        &headers,
        "POST /api/v1/declarations",
        &body,
        "the body is empty: send the declarations as JSON, WCO XML or EDIFACT",
        || async { lodge_document(&st, who.actor(), "api", &body).await },
    )
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// One BCP only (within the caller's).
    pub bcp: Option<String>,
    /// How many, newest first (default 100, at most 500).
    pub limit: Option<usize>,
}

/// The newest declarations the caller may see: a partner agency those routed to it, a declarant its own.
#[utoipa::path(get, path = "/api/v1/declarations", params(ListQuery),
    responses((status = 200, body = [StoredDeclaration]), (status = 403, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn list_declarations(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<StoredDeclaration>>> {
    Ok(Json(
        decisions::declarations(&st, who.actor(), q.bcp.as_deref(), q.limit.unwrap_or(100)).await?,
    ))
}

/// One declaration: its status and the one answer for the declarant; for officers also the declaration, each
/// agency's decision, the lane and its reasons (customs only), the history and the inspections.
#[utoipa::path(get, path = "/api/v1/declarations/{id}", params(("id" = String, Path)),
    responses((status = 200, body = DeclarationView), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_declaration(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<DeclarationView>> {
    Ok(Json(decisions::declaration(&st, who.actor(), &id).await?))
}

/// An agency's decision: `released`, `held` or `refused` (the last two with a reason).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub verdict: Verdict,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Record the caller's agency's decision (customs officers decide for customs, a partner agency's officer for
/// theirs). The declaration is released only when every agency has released it.
#[utoipa::path(post, path = "/api/v1/declarations/{id}/decision", params(("id" = String, Path)), request_body = DecisionRequest,
    responses((status = 200, body = StoredDeclaration), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn decide(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionRequest>,
) -> AppResult<Json<StoredDeclaration>> {
    Ok(Json(
        decisions::decide(&st, who.actor(), &id, body.verdict, body.reason.as_deref()).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    /// One BCP only (within the caller's).
    pub bcp: Option<String>,
}

/// The open inspections at the caller's BCPs, oldest first, with the reasons, documents, containers and seals.
#[utoipa::path(get, path = "/api/v1/inspections", params(QueueQuery),
    responses((status = 200, body = [QueueEntry]), (status = 403, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn inspection_queue(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<QueueQuery>,
) -> AppResult<Json<Vec<QueueEntry>>> {
    Ok(Json(
        inspections::queue(&st, who.actor(), q.bcp.as_deref()).await?,
    ))
}

/// Record what an inspection found (a find says what and where). A find answers with the link that opens the
/// seizure record.
#[utoipa::path(post, path = "/api/v1/inspections/{id}/result", params(("id" = String, Path)), request_body = ResultForm,
    responses((status = 200, body = RecordedResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn record_result(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ResultForm>,
) -> AppResult<Json<RecordedResult>> {
    Ok(Json(
        inspections::record_result(&st, who.actor(), &id, body).await?,
    ))
}

/// The selectivity rules (latest versions), each with its hit rate: selected, inspected, found.
#[utoipa::path(get, path = "/api/v1/goods-rules",
    responses((status = 200, body = [GoodsRuleWithStats])), security(("bearer" = []), ("session" = [])))]
pub async fn list_rules(State(st): State<AppState>) -> AppResult<Json<Vec<GoodsRuleWithStats>>> {
    Ok(Json(rules::rules_with_stats(&st).await?))
}

fn rule_json(body: &axum::body::Bytes) -> Result<serde_json::Value, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the rule must be JSON: {e}")))
}

/// Save a selectivity rule as its next version (`version` one more than the latest); it is live at once.
#[utoipa::path(post, path = "/api/v1/goods-rules", request_body(content = Object, description = "The goods rule JSON"),
    responses((status = 200, body = StoredGoodsRule), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn save_rule(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    body: axum::body::Bytes,
) -> AppResult<Json<StoredGoodsRule>> {
    Ok(Json(
        rules::save_rule(&st, who.actor(), rule_json(&body)?).await?,
    ))
}

/// The expected rate per lane with this rule live, beside today's, over the last stored declarations.
#[utoipa::path(post, path = "/api/v1/goods-rules/preview", request_body(content = Object, description = "The goods rule JSON"),
    responses((status = 200, body = RatePreview), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn preview_rule(
    State(st): State<AppState>,
    body: axum::body::Bytes,
) -> AppResult<Json<RatePreview>> {
    Ok(Json(rules::preview(&st, rule_json(&body)?).await?))
}
