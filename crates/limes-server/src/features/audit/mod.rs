//! The audit trail for auditors. Use cases in `limes_app::audit`.
pub mod api;
pub mod pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::get;

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (
            Method::GET,
            "/api/v1/audit",
            Roles(AUDITORS),
            get(api::audit_entries),
        ),
        (
            Method::GET,
            "/api/v1/audit/verify",
            Roles(AUDITORS),
            get(api::audit_verify),
        ),
        (
            Method::GET,
            "/audit",
            Roles(AUDITORS),
            get(pages::audit_page),
        ),
        (
            Method::GET,
            "/audit/export.csv",
            Roles(AUDITORS),
            get(pages::audit_export),
        ),
    ]
}
