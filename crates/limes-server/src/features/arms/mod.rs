//! Small arms and light weapons: the firearm register's look-up and import, and trace requests (ISACS 05.31).
//! Use cases in `limes_app::firearms`.
pub mod firearms_api;
pub mod firearms_pages;
pub mod traces_api;
pub mod traces_pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};

/// The firearm register's and the trace requests' endpoints with the roles that may use them.
pub fn firearms_routes() -> Vec<Route> {
    use Access::*;
    vec![
        (
            Method::GET,
            "/arms/firearms",
            Roles(FIREARM_READERS),
            get(firearms_pages::firearms_page),
        ),
        (
            Method::POST,
            "/arms/firearms",
            Roles(FIREARM_READERS),
            post(firearms_pages::submit_firearm_search),
        ),
        (
            Method::POST,
            "/api/v1/firearms/search",
            Roles(FIREARM_READERS),
            post(firearms_api::search_firearms),
        ),
        (
            Method::POST,
            "/api/v1/firearms",
            Roles(ADMINS),
            post(firearms_api::import_firearms),
        ),
        (
            Method::GET,
            "/arms/traces",
            Roles(FIREARM_READERS),
            get(traces_pages::traces_page),
        ),
        (
            Method::POST,
            "/arms/traces",
            Roles(FIREARM_READERS),
            post(traces_pages::submit_new_trace),
        ),
        (
            Method::POST,
            "/arms/traces/{id}",
            Roles(FIREARM_READERS),
            post(traces_pages::submit_trace_action),
        ),
        (
            Method::GET,
            "/api/v1/firearms/traces",
            Roles(FIREARM_READERS),
            get(traces_api::list_traces),
        ),
        (
            Method::POST,
            "/api/v1/firearms/traces",
            Roles(FIREARM_READERS),
            post(traces_api::create_trace),
        ),
        (
            Method::GET,
            "/api/v1/firearms/traces/{id}",
            Roles(FIREARM_READERS),
            get(traces_api::get_trace),
        ),
        (
            Method::POST,
            "/api/v1/firearms/traces/{id}/actions",
            Roles(FIREARM_READERS),
            post(traces_api::change_trace),
        ),
    ]
}
