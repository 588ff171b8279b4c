//! The BCP nodes as the national centre sees them. Use case in `limes_app::nodes`.
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
            "/api/v1/sync/nodes",
            Roles(NODE_WATCHERS),
            get(api::sync_nodes),
        ),
        (
            Method::GET,
            "/sync",
            Roles(NODE_WATCHERS),
            get(pages::nodes_page),
        ),
    ]
}
