//! The JSON API of advance passenger information: intake, the arrivals board, the flight view, the passenger
//! information unit's worklist and reviews, and the targeting rules. The UI uses the same functions.
use crate::api::{require_purpose, PurposeQuery};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::pax::IntakeReport;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use chrono::{NaiveDate, NaiveTime};
use limes_store::{ApiHit, FlightDetail, FlightSummary, HitStatus, RuleStats, StoredRule};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

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
pub struct PaxApiDoc;

/// Receive a UN/EDIFACT PAXLST interchange (the raw text as the body). Every traveller and document is screened
/// before the answer; resending the same interchange stores nothing twice. A broken message is rejected with
/// its segment, element and component while the other messages of the interchange are taken in.
#[utoipa::path(post, path = "/api/v1/api-messages", request_body(content = String, content_type = "application/edifact"),
    responses((status = 200, body = IntakeReport), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn receive_api_message(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    body: Bytes,
) -> AppResult<Json<IntakeReport>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest(
            "the body is empty: send the EDIFACT interchange as the request body".into(),
        ));
    }
    let base = who.audit(st.clock.now(), "api.intake");
    Ok(Json(crate::pax::intake(&st, &body, "api", base).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct BoardQuery {
    /// The day (YYYY-MM-DD, UTC) whose arrivals are listed; default today.
    pub date: Option<String>,
}

/// The flights arriving on a day (else departing, when the message gives no arrival time), soonest first.
pub async fn board(
    st: &AppState,
    date: Option<&str>,
) -> AppResult<(NaiveDate, Vec<FlightSummary>)> {
    let day = match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => st.clock.today(),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", format!("'{d}' is not a date (YYYY-MM-DD)")))?,
    };
    let from = day.and_time(NaiveTime::MIN);
    let to = from + chrono::Duration::days(1);
    Ok((day, st.store.api_flights(from, to).await?))
}

/// The arrivals board: flights of the day with their manifests and hit counts (no personal data).
#[utoipa::path(get, path = "/api/v1/flights", params(BoardQuery),
    responses((status = 200, body = [FlightSummary]), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn list_flights(
    State(st): State<AppState>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<Vec<FlightSummary>>> {
    Ok(Json(board(&st, q.date.as_deref()).await?.1))
}

/// A flight with its manifests, travellers and hits, for a stated purpose (audited).
pub async fn view_flight(
    st: &AppState,
    who: &Principal,
    key: &str,
    purpose: &str,
) -> AppResult<FlightDetail> {
    let detail = st
        .store
        .api_flight(key)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("flight {key}")))?;
    if let Some(bcp) = &detail.flight.arrival_bcp {
        if !who.user.may_use_bcp(bcp) {
            return Err(AppError::Forbidden(format!(
                "flight {key} arrives at BCP {bcp}, which is not yours"
            )));
        }
    }
    let mut e = who.audit(st.clock.now(), "person.view");
    e.subject = Some(format!("flight:{key}"));
    e.purpose = Some(purpose.to_string());
    e.detail = format!(
        "manifest of {} travellers, {} hits",
        detail.travellers.len(),
        detail.hits.len()
    );
    st.store.append_audit(e).await?;
    Ok(detail)
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
    Ok(Json(view_flight(&st, &who, &key, &purpose).await?))
}

/// The passenger information unit's worklist: flights with open hits, most serious first.
#[utoipa::path(get, path = "/api/v1/api-worklist",
    responses((status = 200, body = [FlightSummary])), security(("bearer" = []), ("session" = [])))]
pub async fn worklist(State(st): State<AppState>) -> AppResult<Json<Vec<FlightSummary>>> {
    Ok(Json(st.store.api_worklist(200).await?))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ReviewRequest {
    /// confirmed (a true match: an alert at the arrival BCP) or dismissed (a false match).
    pub status: HitStatus,
    /// Why: what the analyst compared (required).
    pub reason: String,
}

pub async fn review(
    st: &AppState,
    who: &Principal,
    id: &str,
    req: ReviewRequest,
) -> AppResult<ApiHit> {
    if req.status == HitStatus::Open {
        return Err(AppError::invalid(
            "status",
            "a review confirms or dismisses: 'confirmed' or 'dismissed'",
        ));
    }
    let reason = req.reason.trim();
    if reason.len() < 3 {
        return Err(AppError::invalid(
            "reason",
            "say why the hit is confirmed or dismissed (at least 3 characters)",
        ));
    }
    let hit = st
        .store
        .api_hit(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("hit {id}")))?;
    let now = st.clock.now();
    let mut e = who.audit(now, "api.hit.review");
    e.subject = Some(format!("api-hit:{id}"));
    e.purpose = Some("pre-arrival risk assessment".into());
    e.detail = format!("{} {}: {reason}", req.status.as_str(), hit.summary);
    Ok(st
        .store
        .review_api_hit(id, req.status, reason, &who.user.username, now, e)
        .await?)
}

/// Confirm or dismiss a pre-arrival hit. A confirmed hit is shown to the officer who checks the traveller.
#[utoipa::path(post, path = "/api/v1/api-hits/{id}/review", params(("id" = String, Path)), request_body = ReviewRequest,
    responses((status = 200, body = ApiHit), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn review_hit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    crate::api::ApiJson(req): crate::api::ApiJson<ReviewRequest>,
) -> AppResult<Json<ApiHit>> {
    Ok(Json(review(&st, &who, &id, req).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleWithStats {
    pub rule: StoredRule,
    /// In force now (enabled and within its validity period).
    pub in_force: bool,
    pub stats: RuleStats,
}

pub async fn rules_with_stats(st: &AppState) -> AppResult<Vec<RuleWithStats>> {
    let force = crate::pax::rules_in_force(st).await?;
    let in_force: std::collections::HashSet<(String, u32)> = force
        .set
        .rules()
        .map(|(id, v)| (id.to_string(), v))
        .collect();
    let stats = st.store.rule_stats().await?;
    Ok(st
        .store
        .rules()
        .await?
        .into_iter()
        .map(|rule| RuleWithStats {
            in_force: in_force.contains(&(rule.id.clone(), rule.version)),
            stats: stats
                .iter()
                .find(|s| s.rule_id == rule.id)
                .cloned()
                .unwrap_or_else(|| RuleStats {
                    rule_id: rule.id.clone(),
                    ..RuleStats::default()
                }),
            rule,
        })
        .collect())
}

/// The targeting rules (latest versions) with how often each fired and how its hits were reviewed.
#[utoipa::path(get, path = "/api/v1/rules",
    responses((status = 200, body = [RuleWithStats])), security(("bearer" = []), ("session" = [])))]
pub async fn list_rules(State(st): State<AppState>) -> AppResult<Json<Vec<RuleWithStats>>> {
    Ok(Json(rules_with_stats(&st).await?))
}

/// Validate and save a rule as its next version; the rule applies to the next message at once.
pub async fn store_rule(st: &AppState, who: &Principal, json: &str) -> AppResult<StoredRule> {
    let rule = limes_rules::parse_rule(json).map_err(|errors| AppError::Invalid {
        field: errors
            .first()
            .map(|e| format!("rule.{}", e.path).trim_end_matches('.').to_string())
            .unwrap_or_else(|| "rule".into()),
        message: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        details: serde_json::to_value(&errors).ok(),
    })?;
    let latest = st
        .store
        .rule_versions(rule.id.trim())
        .await?
        .first()
        .map_or(0, |r| r.version);
    if rule.version != latest + 1 {
        return Err(AppError::invalid(
            "rule.version",
            format!(
                "rule '{}' is at version {latest}: save this change as version {}",
                rule.id.trim(),
                latest + 1
            ),
        ));
    }
    let now = st.clock.now();
    let stored = StoredRule {
        id: rule.id.trim().to_string(),
        version: rule.version,
        owner: rule.owner.clone(),
        saved_by: who.user.username.clone(),
        saved_at: now,
        rule: serde_json::to_value(&rule).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let mut e = who.audit(now, "rule.save");
    e.subject = Some(format!("rule:{}@{}", stored.id, stored.version));
    e.detail = format!(
        "{} (owner {}, severity {})",
        rule.name,
        rule.owner,
        rule.severity.as_str()
    );
    st.store.save_rule(stored.clone(), e).await?;
    // Compile now, so the next message sees it even before anyone reads the list.
    crate::pax::rules_in_force(st).await?;
    Ok(stored)
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
    Ok(Json(store_rule(&st, &who, text).await?))
}

/// Every version of one rule, newest first.
#[utoipa::path(get, path = "/api/v1/rules/{id}", params(("id" = String, Path)),
    responses((status = 200, body = [StoredRule]), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn rule_versions(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<StoredRule>>> {
    let versions = st.store.rule_versions(&id).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound(format!("rule {id}")));
    }
    Ok(Json(versions))
}
