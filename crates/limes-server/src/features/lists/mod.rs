//! Lists and registers: watchlists and the document-alert register. Use cases in `limes_app::lists`.
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
            "/api/v1/watchlists",
            Roles(OVERSIGHT),
            get(api::list_watchlists),
        ),
        (
            Method::POST,
            "/api/v1/watchlists/{id}",
            Roles(LIST_MANAGERS),
            post(api::import_watchlist),
        ),
        (
            Method::GET,
            "/api/v1/document-alerts",
            Roles(PERSON_READERS),
            get(api::find_document_alerts),
        ),
        (
            Method::POST,
            "/api/v1/document-alerts",
            Roles(ADMINS),
            post(api::import_document_alerts),
        ),
        (
            Method::POST,
            "/admin/import/watchlist",
            Roles(LIST_MANAGERS),
            post(pages::admin_import_watchlist),
        ),
        (
            Method::POST,
            "/admin/import/documents",
            Roles(ADMINS),
            post(pages::admin_import_documents),
        ),
    ]
}
