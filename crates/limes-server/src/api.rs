//! The JSON API under /api/v1. Every handler here is in the OpenAPI document.
use crate::auth::{check_password_policy, hash_password, new_secret, Principal};
use crate::check::{self, CheckRequest, CheckResponse};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::imports::{parse_document_alerts_csv, parse_watchlist, WatchlistFormat};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use limes_domain::decision::{validate_decision, RefusalReason};
use limes_domain::document::AlertMatch;
use limes_domain::{Agency, Bcp, DocumentAlert, Outcome, Role};
use limes_store::{
    Crossing, CrossingFilter, CrossingStats, CrossingStatus, Decision, NewApiToken, NewUser, User,
    WatchlistMeta,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// JSON body extractor whose rejections are JSON errors that say what is wrong.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(AppError::BadRequest(format!(
                "request body: {}",
                rejection.body_text()
            ))),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Limes API", description = "Integrated border management: border checks, crossings, watchlists, document alerts, audit."),
    paths(healthz, me, create_check, parse_mrz, list_crossings, get_crossing, decide, second_line_queue, refusal_reasons,
          list_bcps, upsert_bcp, list_agencies, upsert_agency, list_users, create_user, set_user_active, create_api_token,
          list_watchlists, import_watchlist, find_document_alerts, import_document_alerts, stats, audit_entries, audit_verify),
    components(schemas(ErrorBody, CheckRequest, CheckResponse, Crossing, User, Bcp, Agency, DocumentAlert, WatchlistMeta,
                        CrossingStats, RefusalReason, DecisionRequest, NewUserRequest, ActiveRequest, TokenRequest, TokenResponse,
                        ImportResult, AuditVerifyResult, Health)),
    modifiers(&SecurityAddon)
)]
pub struct ApiDoc;

struct SecurityAddon;
impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

pub async fn openapi() -> impl IntoResponse {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::pax_api::PaxApiDoc::openapi());
    doc.merge(crate::nodes::NodesApiDoc::openapi());
    Json(doc)
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub backend: String,
    pub watchlist_entries: usize,
}

/// Liveness and readiness: the database answers and the watchlists are loaded.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = ErrorBody)))]
pub async fn healthz(State(st): State<AppState>) -> Response {
    match st.store.document_alert_count().await {
        Ok(_) => Json(Health {
            status: "ok".into(),
            backend: st.store.backend().into(),
            watchlist_entries: st.screener.list_infos().iter().map(|l| l.entries).sum(),
        })
        .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(AppError::from(e).body()),
        )
            .into_response(),
    }
}

pub async fn metrics(State(st): State<AppState>) -> Response {
    let alerts = st.store.document_alert_count().await.unwrap_or(0) as f64;
    let entries: usize = st.screener.list_infos().iter().map(|l| l.entries).sum();
    let body = st.metrics.render(&[
        (
            "limes_document_alerts",
            "Records in the document-alert register",
            alerts,
        ),
        (
            "limes_watchlist_entries",
            "Watchlist entries loaded for screening",
            entries as f64,
        ),
        (
            "limes_alert_threshold",
            "Watchlist score that refers to second line",
            st.alert_threshold(),
        ),
    ]);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = User)), security(("bearer" = []), ("session" = [])))]
pub async fn me(Extension(who): Extension<Principal>) -> Json<User> {
    Json(who.user)
}

/// Run a border check. The check and its audit entry are committed before the response.
#[utoipa::path(post, path = "/api/v1/checks", request_body = CheckRequest,
    responses((status = 200, body = CheckResponse), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_check(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(req): ApiJson<CheckRequest>,
) -> AppResult<Json<CheckResponse>> {
    Ok(Json(check::run_check(&st, &who, req).await?))
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

pub fn require_purpose(p: Option<&str>) -> AppResult<String> {
    match p.map(str::trim).filter(|p| p.len() >= 3) {
        Some(p) => Ok(p.chars().take(200).collect()),
        None => Err(AppError::invalid(
            "purpose",
            "say why you view this person data (at least 3 characters)",
        )),
    }
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
    let status = match q.status.as_deref() {
        Some(s) => Some(CrossingStatus::parse(s).ok_or_else(|| {
            AppError::invalid(
                "status",
                format!("'{s}' is not pending, referred or decided"),
            )
        })?),
        None => None,
    };
    let filter = CrossingFilter {
        bcp: visible_bcp(&who, q.bcp.as_deref())?,
        status,
        search: q.search.clone(),
        limit: q.limit.unwrap_or(100).min(1000),
        ..Default::default()
    };
    let found = st.store.crossings(&filter).await?;
    let mut e = who.audit(st.clock.now(), "person.search");
    e.purpose = Some(purpose);
    e.detail = format!(
        "search {:?} bcp {:?}: {} crossings",
        q.search,
        filter.bcp,
        found.len()
    );
    st.store.append_audit(e).await?;
    Ok(Json(found))
}

/// A user limited to some BCPs sees only theirs.
pub fn visible_bcp(who: &Principal, requested: Option<&str>) -> AppResult<Option<String>> {
    match requested.map(str::trim).filter(|s| !s.is_empty()) {
        Some(b) if !who.user.may_use_bcp(b) => {
            Err(AppError::Forbidden(format!("not assigned to BCP {b}")))
        }
        Some(b) => Ok(Some(b.to_string())),
        None if who.user.bcps.len() == 1 => Ok(who.user.bcps.first().cloned()),
        None if who.user.bcps.is_empty() => Ok(None),
        None => Err(AppError::invalid("bcp", "choose one of your BCPs")),
    }
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
    let c = view_crossing(&st, &who, &id, &purpose).await?;
    Ok(Json(c))
}

/// Load a crossing for viewing: BCP need-to-know, then the audit entry.
pub async fn view_crossing(
    st: &AppState,
    who: &Principal,
    id: &str,
    purpose: &str,
) -> AppResult<Crossing> {
    let c = st
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("crossing {id}")))?;
    if !who.user.may_use_bcp(&c.check.bcp) {
        return Err(AppError::Forbidden(format!(
            "crossing {id} is at BCP {}, which is not yours",
            c.check.bcp
        )));
    }
    let mut e = who.audit(st.clock.now(), "person.view");
    e.subject = Some(format!("crossing:{id}"));
    e.purpose = Some(purpose.to_string());
    st.store.append_audit(e).await?;
    Ok(c)
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DecisionRequest {
    pub outcome: Outcome,
    /// Required for a refusal: a code from /api/v1/refusal-reasons.
    pub refusal_reason: Option<String>,
    pub note: Option<String>,
}

/// Record the officer's decision on a checked traveller. Second line decides referred ones.
#[utoipa::path(post, path = "/api/v1/crossings/{id}/decision", params(("id" = String, Path)), request_body = DecisionRequest,
    responses((status = 200, body = Crossing), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn decide(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> AppResult<Json<Crossing>> {
    Ok(Json(record_decision(&st, &who, &id, req).await?))
}

pub async fn record_decision(
    st: &AppState,
    who: &Principal,
    id: &str,
    req: DecisionRequest,
) -> AppResult<Crossing> {
    let reason = validate_decision(
        req.outcome,
        req.refusal_reason.as_deref(),
        &st.config.refusal_reasons,
    )
    .map_err(|e| AppError::invalid("refusal_reason", e.to_string()))?;
    let existing = st
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("crossing {id}")))?;
    if !who.user.may_use_bcp(&existing.check.bcp) {
        return Err(AppError::Forbidden(format!(
            "crossing {id} is at BCP {}, which is not yours",
            existing.check.bcp
        )));
    }
    let second_line = existing.status == CrossingStatus::Referred;
    if second_line && !matches!(who.user.role, Role::SecondLineOfficer | Role::Supervisor) {
        return Err(AppError::Forbidden(
            "this traveller is with second line; a second-line officer decides".into(),
        ));
    }
    let note = req
        .note
        .map(|n| n.trim().chars().take(2000).collect::<String>())
        .filter(|n| !n.is_empty());
    let now = st.clock.now();
    let decision = Decision {
        outcome: req.outcome,
        refusal_reason: reason.map(|r| r.code),
        note,
        officer: who.user.username.clone(),
        second_line,
        at: now,
    };
    let mut e = who.audit(
        now,
        if second_line {
            "check.second_line_decision"
        } else {
            "check.decision"
        },
    );
    e.subject = Some(format!("crossing:{id}"));
    e.bcp = Some(existing.check.bcp.clone());
    e.detail = format!(
        "{}{}",
        req.outcome.as_str(),
        decision
            .refusal_reason
            .as_deref()
            .map(|r| format!(" (reason {r})"))
            .unwrap_or_default()
    );
    let c = st.store.record_decision(id, decision, e).await?;
    crate::metrics::Metrics::inc(&st.metrics.decisions);
    Ok(c)
}

/// Travellers referred to second line and not yet decided, oldest first.
#[utoipa::path(get, path = "/api/v1/second-line/queue", params(("bcp" = Option<String>, Query)),
    responses((status = 200, body = [Crossing])), security(("bearer" = []), ("session" = [])))]
pub async fn second_line_queue(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CrossingQuery>,
) -> AppResult<Json<Vec<Crossing>>> {
    Ok(Json(queue(&st, &who, q.bcp.as_deref()).await?))
}

pub async fn queue(st: &AppState, who: &Principal, bcp: Option<&str>) -> AppResult<Vec<Crossing>> {
    let bcp = bcp
        .map(str::to_string)
        .or_else(|| who.session_bcp().map(str::to_string));
    let filter = CrossingFilter {
        bcp: visible_bcp(who, bcp.as_deref())?,
        status: Some(CrossingStatus::Referred),
        limit: 500,
        ..Default::default()
    };
    let mut list = st.store.crossings(&filter).await?;
    list.reverse();
    if !list.is_empty() {
        let mut e = who.audit(st.clock.now(), "person.list");
        e.purpose = Some("second-line queue".into());
        e.detail = format!("{} referred travellers listed", list.len());
        st.store.append_audit(e).await?;
    }
    Ok(list)
}

/// The refusal reasons officers choose from (configurable per state).
#[utoipa::path(get, path = "/api/v1/refusal-reasons", responses((status = 200, body = [RefusalReason])), security(("bearer" = []), ("session" = [])))]
pub async fn refusal_reasons(State(st): State<AppState>) -> Json<Vec<RefusalReason>> {
    Json(st.config.refusal_reasons.clone())
}

#[utoipa::path(get, path = "/api/v1/bcps", responses((status = 200, body = [Bcp])), security(("bearer" = []), ("session" = [])))]
pub async fn list_bcps(State(st): State<AppState>) -> AppResult<Json<Vec<Bcp>>> {
    Ok(Json(st.store.bcps().await?))
}

/// Create or update a BCP.
#[utoipa::path(post, path = "/api/v1/bcps", request_body = Bcp, responses((status = 200, body = Bcp), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upsert_bcp(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(b): ApiJson<Bcp>,
) -> AppResult<Json<Bcp>> {
    save_bcp(&st, &who, b).await.map(Json)
}

pub async fn save_bcp(st: &AppState, who: &Principal, mut b: Bcp) -> AppResult<Bcp> {
    b.code = b.code.trim().to_ascii_uppercase();
    if !limes_domain::org::valid_code(&b.code) {
        return Err(AppError::invalid(
            "code",
            "1-32 characters: A-Z, 0-9, '-' or '_'",
        ));
    }
    if b.name.trim().is_empty() {
        return Err(AppError::invalid("name", "is required"));
    }
    if !st
        .store
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == b.agency)
    {
        return Err(AppError::invalid(
            "agency",
            format!("unknown agency '{}'", b.agency),
        ));
    }
    if let Some(n) = &b.neighbour {
        if limes_countries::by_icao(n).is_none() {
            return Err(AppError::invalid(
                "neighbour",
                format!("'{n}' is not an ICAO state code"),
            ));
        }
    }
    let mut e = who.audit(st.clock.now(), "bcp.upsert");
    e.subject = Some(format!("bcp:{}", b.code));
    e.detail = serde_json::to_string(&b).unwrap_or_default();
    st.store.upsert_bcp(&b, e).await?;
    st.lookups.bcps_changed();
    Ok(b)
}

#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = [Agency])), security(("bearer" = []), ("session" = [])))]
pub async fn list_agencies(State(st): State<AppState>) -> AppResult<Json<Vec<Agency>>> {
    Ok(Json(st.store.agencies().await?))
}

#[utoipa::path(post, path = "/api/v1/agencies", request_body = Agency, responses((status = 200, body = Agency), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upsert_agency(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(a): ApiJson<Agency>,
) -> AppResult<Json<Agency>> {
    if !limes_domain::org::valid_code(&a.code) {
        return Err(AppError::invalid(
            "code",
            "1-32 characters: A-Z, 0-9, '-' or '_'",
        ));
    }
    let mut e = who.audit(st.clock.now(), "agency.upsert");
    e.subject = Some(format!("agency:{}", a.code));
    st.store.upsert_agency(&a, e).await?;
    Ok(Json(a))
}

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [User])), security(("bearer" = []), ("session" = [])))]
pub async fn list_users(State(st): State<AppState>) -> AppResult<Json<Vec<User>>> {
    Ok(Json(st.store.users().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    #[serde(default)]
    pub bcps: Vec<String>,
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserRequest, responses((status = 200, body = User), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(r): ApiJson<NewUserRequest>,
) -> AppResult<Json<User>> {
    add_user(&st, &who.user.username, Some(&who), r)
        .await
        .map(Json)
}

/// Create a user (API, web UI and `limes user add` share this).
pub async fn add_user(
    st: &AppState,
    actor: &str,
    who: Option<&Principal>,
    r: NewUserRequest,
) -> AppResult<User> {
    let username = r.username.trim().to_string();
    if !limes_store::valid_username(&username) {
        return Err(AppError::invalid(
            "username",
            "2-64 characters: a-z, 0-9, '.', '-' or '_'",
        ));
    }
    check_password_policy(&r.password)?;
    if !st
        .store
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == r.agency)
    {
        return Err(AppError::invalid(
            "agency",
            format!("unknown agency '{}'", r.agency),
        ));
    }
    let known: Vec<String> = st.store.bcps().await?.into_iter().map(|b| b.code).collect();
    if let Some(b) = r.bcps.iter().find(|b| !known.contains(b)) {
        return Err(AppError::invalid("bcps", format!("unknown BCP '{b}'")));
    }
    let now = st.clock.now();
    let mut e = match who {
        Some(p) => p.audit(now, "user.create"),
        None => limes_domain::AuditEvent::new(now, actor, "user.create"),
    };
    e.subject = Some(format!("user:{username}"));
    e.detail = format!(
        "role {} agency {} bcps [{}]",
        r.role,
        r.agency,
        r.bcps.join(",")
    );
    let new = NewUser {
        username,
        display_name: r.display_name.trim().to_string(),
        role: r.role,
        agency: r.agency,
        bcps: r.bcps,
        password_hash: hash_password(&r.password)?,
        created_at: now,
        language: None,
    };
    Ok(st.store.create_user(new, e).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActiveRequest {
    pub active: bool,
}

/// Activate or deactivate a user; deactivation ends their sessions and API tokens.
#[utoipa::path(post, path = "/api/v1/users/{id}/active", params(("id" = String, Path)), request_body = ActiveRequest,
    responses((status = 200), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn set_user_active(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<ActiveRequest>,
) -> AppResult<StatusCode> {
    change_user_active(&st, &who, &id, r.active).await?;
    Ok(StatusCode::OK)
}

pub async fn change_user_active(
    st: &AppState,
    who: &Principal,
    id: &str,
    active: bool,
) -> AppResult<()> {
    if id == who.user.id && !active {
        return Err(AppError::Conflict("you cannot deactivate yourself".into()));
    }
    let mut e = who.audit(
        st.clock.now(),
        if active {
            "user.activate"
        } else {
            "user.deactivate"
        },
    );
    e.subject = Some(format!("user:{id}"));
    st.store.set_user_active(id, active, e).await?;
    st.lookups.users_changed();
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The machine user (e.g. an e-gate's account) the token acts as.
    pub user_id: String,
    /// What the token is for, e.g. "e-gate 3, terminal 2".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Shown once; only its hash is stored.
    pub token: String,
}

/// Create an API token for a machine client. The token is shown once and stored hashed.
#[utoipa::path(post, path = "/api/v1/api-tokens", request_body = TokenRequest, responses((status = 200, body = TokenResponse), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_api_token(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(r): ApiJson<TokenRequest>,
) -> AppResult<Json<TokenResponse>> {
    let user = st
        .store
        .user(&r.user_id)
        .await?
        .ok_or_else(|| AppError::invalid("user_id", "no such user"))?;
    if r.name.trim().is_empty() {
        return Err(AppError::invalid("name", "is required"));
    }
    let token = new_secret();
    let now = st.clock.now();
    let mut e = who.audit(now, "api_token.create");
    e.subject = Some(format!("user:{}", user.username));
    e.detail = r.name.clone();
    st.store
        .create_api_token(
            NewApiToken {
                token_hash: limes_store::token_hash(&token),
                user_id: user.id,
                name: r.name,
                created_at: now,
            },
            e,
        )
        .await?;
    Ok(Json(TokenResponse { token }))
}

#[utoipa::path(get, path = "/api/v1/watchlists", responses((status = 200, body = [WatchlistMeta])), security(("bearer" = []), ("session" = [])))]
pub async fn list_watchlists(State(st): State<AppState>) -> AppResult<Json<Vec<WatchlistMeta>>> {
    Ok(Json(st.store.watchlist_metas().await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// un-xml, ofac-csv, uk-hmt, limes-csv or limes-json; guessed from the content when absent (not for OFAC).
    pub format: Option<String>,
    /// For document alerts: replace the whole register (true) or add to it (false, default).
    pub replace: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub imported: u64,
    pub message: String,
}

/// Import (or replace) a watchlist. The new list is used by the next check; none sees half a list.
#[utoipa::path(post, path = "/api/v1/watchlists/{id}", params(("id" = String, Path), ImportQuery), request_body(content = String, description = "the list file"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_watchlist(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let format = match q.format.as_deref() {
        Some(f) => WatchlistFormat::parse(f)
            .ok_or_else(|| AppError::invalid("format", format!("unknown format '{f}'")))?,
        None => WatchlistFormat::sniff(&body)
            .ok_or_else(|| AppError::invalid("format", "cannot tell the format; give ?format="))?,
    };
    let n = store_watchlist(
        &st,
        &who.audit(st.clock.now(), "watchlist.import"),
        &body,
        format,
        &id,
        "upload",
    )
    .await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("watchlist '{id}' now has {n} entries"),
    }))
}

/// Parse, persist and swap in a watchlist; used by the API, the web UI and the command line.
pub async fn store_watchlist(
    st: &AppState,
    audit: &limes_domain::AuditEvent,
    bytes: &[u8],
    format: WatchlistFormat,
    id: &str,
    source: &str,
) -> AppResult<u64> {
    if !limes_domain::org::valid_code(&id.to_ascii_uppercase()) {
        return Err(AppError::invalid(
            "id",
            "list id: 1-32 characters a-z, 0-9, '-' or '_'",
        ));
    }
    let list = parse_watchlist(bytes, format, Some(id))?;
    let n = persist_watchlist(st.store.as_ref(), audit.clone(), &list, source).await?;
    st.screener.replace_list(list);
    Ok(n)
}

pub async fn persist_watchlist(
    store: &dyn limes_store::Store,
    mut audit: limes_domain::AuditEvent,
    list: &limes_screen::WatchList,
    source: &str,
) -> AppResult<u64> {
    let json = serde_json::to_string(list).map_err(|e| AppError::Internal(e.to_string()))?;
    let n = list.entries.len() as u64;
    audit.subject = Some(format!("watchlist:{}", list.id));
    audit.detail = format!("{} entries from {source}", n);
    let meta = WatchlistMeta {
        id: list.id.clone(),
        name: list.name.clone(),
        source: source.to_string(),
        published: list.published.clone(),
        entries: n,
        imported_at: audit.at,
        imported_by: audit.actor.clone(),
        version: 0,
    };
    store.save_watchlist(meta, json, audit).await?;
    Ok(n)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AlertQuery {
    pub issuing_state: Option<String>,
    pub document_number: String,
    /// Why the lookup is made (audited). Required.
    pub purpose: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertLookup {
    pub alert: DocumentAlert,
    pub match_kind: AlertMatch,
}

/// Look a document up in the alert register. Audited with its purpose.
#[utoipa::path(get, path = "/api/v1/document-alerts", params(AlertQuery), responses((status = 200, body = [AlertLookup])),
    security(("bearer" = []), ("session" = [])))]
pub async fn find_document_alerts(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<AlertQuery>,
) -> AppResult<Json<Vec<AlertLookup>>> {
    let purpose = require_purpose(q.purpose.as_deref())?;
    let hits = st
        .store
        .find_document_alerts(q.issuing_state.as_deref(), &q.document_number)
        .await?;
    let mut e = who.audit(st.clock.now(), "document.lookup");
    e.purpose = Some(purpose);
    e.subject = Some(format!(
        "document:{}:{}",
        q.issuing_state.as_deref().unwrap_or("*"),
        q.document_number
    ));
    e.detail = format!("{} hits", hits.len());
    st.store.append_audit(e).await?;
    Ok(Json(
        hits.into_iter()
            .map(|(alert, match_kind)| AlertLookup { alert, match_kind })
            .collect(),
    ))
}

/// Import document alerts from CSV (see docs/formats.md). All rows or none; bad rows are named by line.
#[utoipa::path(post, path = "/api/v1/document-alerts", params(ImportQuery), request_body(content = String, description = "CSV"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_document_alerts(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let n = store_document_alerts(
        &st,
        who.audit(st.clock.now(), "documents.import"),
        &body,
        q.replace.unwrap_or(false),
        "upload",
    )
    .await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("{n} document alerts imported"),
    }))
}

pub async fn store_document_alerts(
    st: &AppState,
    mut audit: limes_domain::AuditEvent,
    bytes: &[u8],
    replace: bool,
    source: &str,
) -> AppResult<u64> {
    let alerts = parse_document_alerts_csv(bytes, "national")?;
    audit.detail = format!(
        "{} alerts from {source}{}",
        alerts.len(),
        if replace {
            ", replacing the register"
        } else {
            ""
        }
    );
    Ok(st
        .store
        .import_document_alerts(alerts, replace, audit)
        .await?)
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
    Query(q): Query<StatsQuery>,
) -> AppResult<Json<CrossingStats>> {
    let since = st.clock.now() - chrono::Duration::days(q.days.unwrap_or(1).clamp(1, 3660));
    Ok(Json(
        st.store.crossing_stats(q.bcp.as_deref(), since).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    pub from_seq: Option<i64>,
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery), responses((status = 200, body = [limes_domain::AuditEntry])), security(("bearer" = []), ("session" = [])))]
pub async fn audit_entries(
    State(st): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<limes_domain::AuditEntry>>> {
    Ok(Json(
        st.store
            .audit_entries(q.from_seq.unwrap_or(1), q.limit.unwrap_or(500).min(10_000))
            .await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerifyResult {
    pub intact: bool,
    pub verified_entries: u64,
    /// The first broken link, when the chain is broken.
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

/// Verify the audit hash chain.
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, body = AuditVerifyResult)), security(("bearer" = []), ("session" = [])))]
pub async fn audit_verify(State(st): State<AppState>) -> AppResult<Json<AuditVerifyResult>> {
    Ok(Json(
        match limes_store::verify_audit_chain(st.store.as_ref()).await? {
            Ok(n) => AuditVerifyResult {
                intact: true,
                verified_entries: n,
                broken_at: None,
                reason: None,
            },
            Err(b) => AuditVerifyResult {
                intact: false,
                verified_entries: 0,
                broken_at: Some(b.seq),
                reason: Some(b.reason),
            },
        },
    ))
}
