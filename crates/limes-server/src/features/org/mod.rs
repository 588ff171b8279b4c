//! Organisation and users: agencies, BCPs, user accounts (editing, password reset codes) and API tokens. Use cases in `limes_app::org` and
//! `limes_app::users`.
pub mod api;
pub mod pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (
            Method::GET,
            "/api/v1/bcps",
            Authenticated,
            get(api::list_bcps),
        ),
        (
            Method::POST,
            "/api/v1/bcps",
            Roles(ADMINS),
            post(api::upsert_bcp),
        ),
        (
            Method::GET,
            "/api/v1/agencies",
            Authenticated,
            get(api::list_agencies),
        ),
        (
            Method::POST,
            "/api/v1/agencies",
            Roles(ADMINS),
            post(api::upsert_agency),
        ),
        (
            Method::GET,
            "/api/v1/users",
            Roles(ADMINS),
            get(api::list_users),
        ),
        (
            Method::POST,
            "/api/v1/users",
            Roles(ADMINS),
            post(api::create_user),
        ),
        (
            Method::POST,
            "/api/v1/users/{id}/active",
            Roles(ADMINS),
            post(api::set_user_active),
        ),
        (
            Method::POST,
            "/api/v1/users/{id}",
            Roles(ADMINS),
            post(api::update_user),
        ),
        (
            Method::POST,
            "/api/v1/users/{id}/password-reset",
            Roles(ADMINS),
            post(api::issue_password_reset),
        ),
        (
            Method::POST,
            "/api/v1/api-tokens",
            Roles(ADMINS),
            post(api::create_api_token),
        ),
        (
            Method::GET,
            "/api/v1/api-tokens",
            Roles(ADMINS),
            get(api::list_api_tokens),
        ),
        (
            Method::POST,
            "/api/v1/api-tokens/{id}/revoke",
            Roles(ADMINS),
            post(api::revoke_api_token),
        ),
        (Method::GET, "/admin", Roles(ADMINS), get(pages::admin_page)),
        (
            Method::POST,
            "/admin/bcps",
            Roles(ADMINS),
            post(pages::admin_bcp_submit),
        ),
        (
            Method::POST,
            "/admin/users",
            Roles(ADMINS),
            post(pages::admin_user_submit),
        ),
        (
            Method::POST,
            "/admin/users/{id}/active",
            Roles(ADMINS),
            post(pages::admin_user_active_submit),
        ),
        (
            Method::GET,
            "/admin/users/{id}",
            Roles(ADMINS),
            get(pages::user_edit),
        ),
        (
            Method::POST,
            "/admin/users/{id}",
            Roles(ADMINS),
            post(pages::user_edit_submit),
        ),
        (
            Method::POST,
            "/admin/users/{id}/password-reset",
            Roles(ADMINS),
            post(pages::user_reset_submit),
        ),
        (
            Method::GET,
            "/password-reset",
            Public,
            get(pages::password_reset_page),
        ),
        (
            Method::POST,
            "/password-reset",
            Public,
            post(pages::password_reset_submit),
        ),
    ]
}
