//! Advance passenger information: PAXLST intake, the arrivals board, the PIU worklist, reviews of hits and the
//! targeting rules. Use cases in `limes_app::pax`.
pub mod api;
pub mod pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};
use limes_domain::Role::*;

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (
            Method::POST,
            "/api/v1/api-messages",
            Roles(API_SENDERS),
            post(api::receive_api_message),
        ),
        (
            Method::GET,
            "/api/v1/flights",
            Roles(BOARD_READERS),
            get(api::list_flights),
        ),
        (
            Method::GET,
            "/api/v1/flights/{key}",
            Roles(PIU),
            get(api::get_flight),
        ),
        (
            Method::GET,
            "/api/v1/api-worklist",
            Roles(PIU),
            get(api::worklist),
        ),
        (
            Method::POST,
            "/api/v1/api-hits/{id}/review",
            Roles(PIU),
            post(api::review_hit),
        ),
        (
            Method::GET,
            "/api/v1/rules",
            Roles(PIU),
            get(api::list_rules),
        ),
        (
            Method::POST,
            "/api/v1/rules",
            Roles(&[Analyst]),
            post(api::save_rule),
        ),
        (
            Method::GET,
            "/api/v1/rules/{id}",
            Roles(PIU),
            get(api::rule_versions),
        ),
        (
            Method::GET,
            "/pax",
            Roles(BOARD_READERS),
            get(pages::board_page),
        ),
        (
            Method::GET,
            "/pax/worklist",
            Roles(PIU),
            get(pages::worklist_page),
        ),
        (
            Method::GET,
            "/pax/flights/{key}",
            Roles(PIU),
            get(pages::flight_page),
        ),
        (
            Method::POST,
            "/pax/hits/{id}/review",
            Roles(PIU),
            post(pages::review_submit),
        ),
        (
            Method::POST,
            "/pax/upload",
            Roles(API_SENDERS),
            post(pages::upload_submit),
        ),
        (
            Method::GET,
            "/pax/rules",
            Roles(PIU),
            get(pages::rules_page),
        ),
        (
            Method::POST,
            "/pax/rules",
            Roles(&[Analyst]),
            post(pages::rule_submit),
        ),
    ]
}
