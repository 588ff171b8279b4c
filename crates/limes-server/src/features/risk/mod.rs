//! Risk analysis: the analyst's indicator page and dashboard with charts drawn on the server, the CSV export, the
//! indicators and flagged weeks as JSON. Use cases in `limes_app::risk`.
pub mod api;
pub mod chart;
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
            "/risk/indicators",
            Roles(RISK_ANALYSTS),
            get(pages::indicators_page),
        ),
        (
            Method::GET,
            "/risk/dashboard",
            Roles(RISK_ANALYSTS),
            get(pages::indicators_page),
        ),
        (
            Method::GET,
            "/risk/indicators.csv",
            Roles(RISK_ANALYSTS),
            get(pages::indicators_csv),
        ),
        (
            Method::GET,
            "/api/v1/indicators",
            Roles(RISK_ANALYSTS),
            get(api::indicators),
        ),
        (
            Method::GET,
            "/api/v1/indicators/anomalies",
            Roles(RISK_ANALYSTS),
            get(api::anomalies),
        ),
        (
            Method::GET,
            "/api/v1/indicators/effectiveness",
            Roles(RISK_ANALYSTS),
            get(api::rule_effectiveness),
        ),
    ]
}
