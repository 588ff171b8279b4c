//! The border check: read the document, check it against the registers and lists, recommend, record; the
//! officer's decision; second line; the crossing history. Use cases in `limes_app::check` and
//! `limes_app::crossings`.
pub mod api;
pub mod history;
pub mod hit_reading;
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
            "/api/v1/checks",
            Roles(CHECKERS),
            post(api::create_check),
        ),
        (
            Method::POST,
            "/api/v1/mrz",
            Roles(CHECKERS),
            post(api::parse_mrz),
        ),
        (
            Method::GET,
            "/api/v1/crossings",
            Roles(PERSON_READERS),
            get(api::list_crossings),
        ),
        (
            Method::GET,
            "/api/v1/crossings/{id}",
            Roles(PERSON_READERS),
            get(api::get_crossing),
        ),
        (
            Method::POST,
            "/api/v1/crossings/{id}/decision",
            Roles(OFFICERS),
            post(api::decide),
        ),
        (
            Method::POST,
            "/api/v1/crossings/{id}/abandon",
            Roles(OFFICERS),
            post(api::abandon),
        ),
        (
            Method::GET,
            "/api/v1/second-line/queue",
            Roles(SECOND_LINE),
            get(api::second_line_queue),
        ),
        (
            Method::GET,
            "/api/v1/refusal-reasons",
            Authenticated,
            get(api::refusal_reasons),
        ),
        (
            Method::GET,
            "/api/v1/stats",
            Roles(OVERSIGHT),
            get(api::stats),
        ),
        (
            Method::GET,
            "/check",
            Roles(OFFICERS),
            get(pages::check_page),
        ),
        (
            Method::POST,
            "/check",
            Roles(OFFICERS),
            post(pages::check_submit),
        ),
        (
            Method::GET,
            "/crossings/{id}",
            Roles(PERSON_READERS),
            get(pages::crossing_page),
        ),
        (
            Method::POST,
            "/crossings/{id}/decision",
            Roles(OFFICERS),
            post(pages::decide_submit),
        ),
        (
            Method::POST,
            "/crossings/{id}/abandon",
            Roles(OFFICERS),
            post(pages::abandon_submit),
        ),
        (
            Method::GET,
            "/second-line",
            Roles(SECOND_LINE),
            get(pages::second_line_page),
        ),
        (
            Method::GET,
            "/history",
            Roles(PERSON_READERS),
            get(history::history_page),
        ),
        (
            Method::GET,
            "/history.csv",
            Roles(PERSON_READERS),
            get(history::history_csv),
        ),
    ]
}
