//! The printable forms of a crossing as PDF (refusal of entry, stamp data, protection hand-over record), for
//! whoever may read the crossing. Use case in `limes_app::forms`.
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
            "/crossings/{id}/refusal.pdf",
            Roles(PERSON_READERS),
            get(pages::refusal_pdf),
        ),
        (
            Method::GET,
            "/crossings/{id}/stamp.pdf",
            Roles(PERSON_READERS),
            get(pages::stamp_pdf),
        ),
        (
            Method::GET,
            "/crossings/{id}/protection.pdf",
            Roles(PERSON_READERS),
            get(pages::protection_pdf),
        ),
    ]
}
