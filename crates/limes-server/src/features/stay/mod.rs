//! The allowed stay: the supervisor's list of overstayers (page and JSON). The stay at each check is part of the
//! check's answer. Use cases in `limes_app::stay`.
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
            "/api/v1/overstayers",
            Roles(SUPERVISORS),
            get(api::overstayers),
        ),
        (
            Method::GET,
            "/overstayers",
            Roles(SUPERVISORS),
            get(pages::overstayers_page),
        ),
    ]
}
