//! Arms at the border: small-arms transfer authorisations, their verification, impoundments and custody
//! (`salw_*`, use cases in `limes_app::salw`); the firearm register's look-up and import, and trace requests
//! (ISACS 05.31; `firearms_*`, `traces_*`, use cases in `limes_app::firearms`).
pub mod firearms_api;
pub mod firearms_pages;
pub mod salw_api;
pub mod salw_pages;
pub mod traces_api;
pub mod traces_pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};

/// The small-arms endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn salw_routes() -> Vec<Route> {
    use salw_api as api;
    use salw_pages as pages;
    use Access::*;
    vec![
        (
            Method::GET,
            "/arms/salw/verify",
            Roles(SALW_CUSTOMS),
            get(pages::verify_page),
        ),
        (
            Method::POST,
            "/arms/salw/verify",
            Roles(SALW_CUSTOMS),
            post(pages::submit_verification),
        ),
        (
            Method::GET,
            "/arms/salw/impoundments",
            Roles(SALW_CUSTODIANS),
            get(pages::impoundments_page),
        ),
        (
            Method::GET,
            "/arms/salw/impoundments/{id}",
            Roles(SALW_CUSTODIANS),
            get(pages::impoundment_page),
        ),
        (
            Method::GET,
            "/arms/salw/authorisations",
            Roles(SALW_READERS),
            get(pages::authorisations_page),
        ),
        (
            Method::GET,
            "/api/v1/salw/issuers",
            Roles(SALW_READERS),
            get(api::list_issuers),
        ),
        (
            Method::POST,
            "/api/v1/salw/issuers",
            Roles(SALW_AUTHORITY),
            post(api::put_issuer),
        ),
        (
            Method::POST,
            "/api/v1/salw/issuers/{code}/specimens",
            Roles(SALW_AUTHORITY),
            post(api::add_specimen),
        ),
        (
            Method::GET,
            "/api/v1/salw/authorisations",
            Roles(SALW_READERS),
            get(api::list_authorisations),
        ),
        (
            Method::POST,
            "/api/v1/salw/authorisations",
            Roles(SALW_AUTHORITY),
            post(api::register_authorisation),
        ),
        (
            Method::GET,
            "/api/v1/salw/authorisations/{key}",
            Roles(SALW_READERS),
            get(api::get_authorisation),
        ),
        (
            Method::POST,
            "/api/v1/salw/verifications",
            Roles(SALW_CUSTOMS),
            post(api::verify_consignment),
        ),
        (
            Method::GET,
            "/api/v1/salw/impoundments",
            Roles(SALW_CUSTODIANS),
            get(api::list_impoundments),
        ),
        (
            Method::GET,
            "/api/v1/salw/impoundments/{id}",
            Roles(SALW_CUSTODIANS),
            get(api::get_impoundment),
        ),
        (
            Method::POST,
            "/api/v1/salw/impoundments/{id}/inventory",
            Roles(SALW_CUSTOMS),
            post(api::take_inventory),
        ),
        (
            Method::POST,
            "/api/v1/salw/impoundments/{id}/handovers",
            Roles(SALW_CUSTODIANS),
            post(api::start_handover),
        ),
        (
            Method::POST,
            "/api/v1/salw/impoundments/{id}/handovers/{handover}/confirm",
            Roles(SALW_CUSTODIANS),
            post(api::confirm_handover),
        ),
        (
            Method::POST,
            "/api/v1/salw/impoundments/{id}/seizure",
            Roles(SALW_CUSTOMS),
            post(api::link_seizure),
        ),
    ]
}

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
