//! The second line's examination record of a referred traveller: its page (reached from the crossing and the
//! second-line queue) and its JSON API. Use cases in `limes_app::examination`.
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
            Method::POST,
            "/api/v1/crossings/{id}/examinations",
            Roles(SECOND_LINE),
            post(api::record_examination),
        ),
        (
            Method::GET,
            "/api/v1/crossings/{id}/examinations",
            Roles(PERSON_READERS),
            get(api::list_examinations),
        ),
        (
            Method::GET,
            "/crossings/{id}/examination",
            Roles(SECOND_LINE),
            get(pages::examination_page),
        ),
        (
            Method::POST,
            "/crossings/{id}/examination",
            Roles(SECOND_LINE),
            post(pages::examination_submit),
        ),
    ]
}
