//! Arms at the border: small-arms transfer authorisations, their verification, impoundments and custody
//! (`salw_*`, use cases in `limes_app::salw`).
pub mod salw_api;
pub mod salw_pages;

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
