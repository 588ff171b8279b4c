//! Goods at the border: declarations lodged at the single window, each agency's decision, the inspection queue
//! and its result form, the selectivity rules with their expected rates and hit rates. Use cases in
//! `limes_app::goods`.
pub mod api;
pub mod pages;
pub mod rules_page;

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
            "/api/v1/declarations",
            Roles(DECLARANTS),
            post(api::lodge_declarations),
        ),
        (
            Method::GET,
            "/api/v1/declarations",
            Roles(GOODS_READERS),
            get(api::list_declarations),
        ),
        (
            Method::GET,
            "/api/v1/declarations/{id}",
            Roles(DECLARATION_READERS),
            get(api::get_declaration),
        ),
        (
            Method::POST,
            "/api/v1/declarations/{id}/decision",
            Roles(GOODS_DECIDERS),
            post(api::decide),
        ),
        (
            Method::GET,
            "/api/v1/inspections",
            Roles(INSPECTORS),
            get(api::inspection_queue),
        ),
        (
            Method::POST,
            "/api/v1/inspections/{id}/result",
            Roles(&[CustomsOfficer]),
            post(api::record_result),
        ),
        (
            Method::GET,
            "/api/v1/goods-rules",
            Roles(GOODS_ANALYSTS),
            get(api::list_rules),
        ),
        (
            Method::POST,
            "/api/v1/goods-rules",
            Roles(&[Analyst]),
            post(api::save_rule),
        ),
        (
            Method::POST,
            "/api/v1/goods-rules/preview",
            Roles(&[Analyst]),
            post(api::preview_rule),
        ),
        (
            Method::GET,
            "/goods/rules",
            Roles(GOODS_ANALYSTS),
            get(rules_page::rules_page),
        ),
        (
            Method::POST,
            "/goods/rules",
            Roles(&[Analyst]),
            post(rules_page::rule_submit),
        ),
        (
            Method::POST,
            "/goods/rules/{id}/retire",
            Roles(&[Analyst]),
            post(rules_page::retire_submit),
        ),
        (
            Method::GET,
            "/goods/declarations",
            Roles(GOODS_READERS),
            get(pages::declarations_page),
        ),
        (
            Method::GET,
            "/goods/declarations/{id}",
            Roles(GOODS_READERS),
            get(pages::declaration_page),
        ),
        (
            Method::POST,
            "/goods/declarations/{id}/decision",
            Roles(GOODS_DECIDERS),
            post(pages::decision_submit),
        ),
        (
            Method::GET,
            "/goods/inspections",
            Roles(INSPECTORS),
            get(pages::queue_page),
        ),
        (
            Method::GET,
            "/goods/inspections/{id}",
            Roles(INSPECTORS),
            get(pages::inspection_page),
        ),
        (
            Method::POST,
            "/goods/inspections/{id}",
            Roles(&[CustomsOfficer]),
            post(pages::result_submit),
        ),
    ]
}
