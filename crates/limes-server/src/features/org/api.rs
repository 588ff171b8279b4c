//! Agencies, BCPs, users and API tokens, as JSON.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use limes_app::tokens::{self, TokenListing, TokenRequest, TokenResponse};
use limes_app::users::{EditUserRequest, IssuedReset, NewUserRequest};
use limes_app::{org, users};
use limes_domain::{Agency, Bcp};
use limes_store::User;
use serde::Deserialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        list_bcps,
        upsert_bcp,
        list_agencies,
        upsert_agency,
        list_users,
        create_user,
        set_user_active,
        update_user,
        issue_password_reset,
        create_api_token,
        list_api_tokens,
        revoke_api_token
    ),
    components(schemas(
        User,
        Bcp,
        Agency,
        NewUserRequest,
        EditUserRequest,
        IssuedReset,
        ActiveRequest,
        TokenRequest,
        TokenResponse,
        TokenListing
    ))
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/v1/bcps", responses((status = 200, body = [Bcp])), security(("bearer" = []), ("session" = [])))]
pub async fn list_bcps(State(st): State<AppState>) -> AppResult<Json<Vec<Bcp>>> {
    Ok(Json(org::bcps(&st).await?))
}

/// Create or update a BCP.
#[utoipa::path(post, path = "/api/v1/bcps", request_body = Bcp, responses((status = 200, body = Bcp), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upsert_bcp(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(b): ApiJson<Bcp>,
) -> AppResult<Json<Bcp>> {
    Ok(Json(org::save_bcp(&st, who.actor(), b).await?))
}

#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = [Agency])), security(("bearer" = []), ("session" = [])))]
pub async fn list_agencies(State(st): State<AppState>) -> AppResult<Json<Vec<Agency>>> {
    Ok(Json(org::agencies(&st).await?))
}

#[utoipa::path(post, path = "/api/v1/agencies", request_body = Agency, responses((status = 200, body = Agency), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upsert_agency(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(a): ApiJson<Agency>,
) -> AppResult<Json<Agency>> {
    Ok(Json(org::save_agency(&st, who.actor(), a).await?))
}

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [User])), security(("bearer" = []), ("session" = [])))]
pub async fn list_users(State(st): State<AppState>) -> AppResult<Json<Vec<User>>> {
    Ok(Json(users::users(&st).await?))
}

#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserRequest, responses((status = 200, body = User), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_user(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(r): ApiJson<NewUserRequest>,
) -> AppResult<Json<User>> {
    Ok(Json(users::add_user(&st, who.actor(), r).await?))
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
    users::set_user_active(&st, who.actor(), &id, r.active).await?;
    Ok(StatusCode::OK)
}

/// Edit a user: name, role, agency, BCPs, language, active. Nobody deactivates themselves or removes their own
/// administrator role; the last active administrator stays one (409).
#[utoipa::path(post, path = "/api/v1/users/{id}", params(("id" = String, Path)), request_body = EditUserRequest,
    responses((status = 200, body = User), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_user(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<EditUserRequest>,
) -> AppResult<Json<User>> {
    Ok(Json(users::update_user(&st, who.actor(), &id, r).await?))
}

/// Issue a one-time password reset code for a person's account (valid 24 hours, shown once, stored hashed). The
/// user sets a new password with it at `/password-reset`.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-reset", params(("id" = String, Path)),
    responses((status = 200, body = IssuedReset), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn issue_password_reset(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<IssuedReset>> {
    Ok(Json(
        users::issue_password_reset(&st, who.actor(), &id).await?,
    ))
}

/// Create an API token for a machine account (role `sender`; never a person's account). The token is shown
/// once and stored hashed; it expires after `valid_days` (default 90, at most 366).
#[utoipa::path(post, path = "/api/v1/api-tokens", request_body = TokenRequest, responses((status = 200, body = TokenResponse), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_api_token(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(r): ApiJson<TokenRequest>,
) -> AppResult<Json<TokenResponse>> {
    Ok(Json(tokens::create_token(&st, who.actor(), r).await?))
}

/// Every API token with its state (active, expired, revoked) and last use; never the secret.
#[utoipa::path(get, path = "/api/v1/api-tokens", responses((status = 200, body = [TokenListing])),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_api_tokens(State(st): State<AppState>) -> AppResult<Json<Vec<TokenListing>>> {
    Ok(Json(tokens::list_tokens(&st).await?))
}

/// Revoke one API token by its id: it stops at the next request.
#[utoipa::path(post, path = "/api/v1/api-tokens/{id}/revoke", params(("id" = String, Path)),
    responses((status = 200), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn revoke_api_token(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    tokens::revoke_token(&st, who.actor(), &id).await?;
    Ok(StatusCode::OK)
}
