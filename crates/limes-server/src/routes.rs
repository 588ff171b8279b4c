//! Every endpoint with the roles that may use it, in one table. The router is built from it and the
//! endpoint × role test walks it.
use crate::auth::{authorize, Access};
use crate::state::AppState;
use crate::{api, nodes, pax_api, pax_ui, ui};
use axum::http::Method;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use limes_domain::Role::{self, *};

pub const OFFICERS: &[Role] = &[FirstLineOfficer, SecondLineOfficer, Supervisor];
pub const SECOND_LINE: &[Role] = &[SecondLineOfficer, Supervisor];
pub const PERSON_READERS: &[Role] = &[
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
    LiaisonOfficer,
];
pub const ADMINS: &[Role] = &[Administrator];
pub const LIST_MANAGERS: &[Role] = &[Administrator, Analyst];
pub const AUDITORS: &[Role] = &[Auditor];
pub const OVERSIGHT: &[Role] = &[Supervisor, Analyst, Administrator, Auditor];
/// Who watches the BCP nodes from the national centre.
pub const NODE_WATCHERS: &[Role] = &[Supervisor, Administrator];
/// The passenger information unit: analysts, with supervisors.
pub const PIU: &[Role] = &[Analyst, Supervisor];
/// Who may hand in PAXLST messages: the PIU and the administrators' interface accounts (API tokens).
pub const API_SENDERS: &[Role] = &[Analyst, Administrator];
/// The arrivals board carries no personal data: everyone who works on travellers sees it.
pub const BOARD_READERS: &[Role] = &[
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
    LiaisonOfficer,
];

pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    /// Whether the endpoint is part of the JSON API (and so of the OpenAPI document).
    pub api: bool,
}

type Handler = MethodRouter<AppState>;

/// The table: (method, path, access, handler).
fn table() -> Vec<(Method, &'static str, Access, Handler)> {
    use Access::*;
    vec![
        // Operations.
        (Method::GET, "/healthz", Public, get(api::healthz)),
        (Method::GET, "/metrics", Public, get(api::metrics)),
        (
            Method::GET,
            "/api/v1/openapi.json",
            Public,
            get(api::openapi),
        ),
        // JSON API.
        (Method::GET, "/api/v1/me", Authenticated, get(api::me)),
        (
            Method::POST,
            "/api/v1/checks",
            Roles(OFFICERS),
            post(api::create_check),
        ),
        (
            Method::POST,
            "/api/v1/mrz",
            Roles(OFFICERS),
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
            "/api/v1/bcps",
            Authenticated,
            get(api::list_bcps),
        ),
        (
            Method::POST,
            "/api/v1/bcps",
            Roles(ADMINS),
            post(api::upsert_bcp),
        ),
        (
            Method::GET,
            "/api/v1/agencies",
            Authenticated,
            get(api::list_agencies),
        ),
        (
            Method::POST,
            "/api/v1/agencies",
            Roles(ADMINS),
            post(api::upsert_agency),
        ),
        (
            Method::GET,
            "/api/v1/users",
            Roles(ADMINS),
            get(api::list_users),
        ),
        (
            Method::POST,
            "/api/v1/users",
            Roles(ADMINS),
            post(api::create_user),
        ),
        (
            Method::POST,
            "/api/v1/users/{id}/active",
            Roles(ADMINS),
            post(api::set_user_active),
        ),
        (
            Method::POST,
            "/api/v1/api-tokens",
            Roles(ADMINS),
            post(api::create_api_token),
        ),
        (
            Method::GET,
            "/api/v1/watchlists",
            Roles(OVERSIGHT),
            get(api::list_watchlists),
        ),
        (
            Method::POST,
            "/api/v1/watchlists/{id}",
            Roles(LIST_MANAGERS),
            post(api::import_watchlist),
        ),
        (
            Method::GET,
            "/api/v1/document-alerts",
            Roles(PERSON_READERS),
            get(api::find_document_alerts),
        ),
        (
            Method::POST,
            "/api/v1/document-alerts",
            Roles(ADMINS),
            post(api::import_document_alerts),
        ),
        (
            Method::GET,
            "/api/v1/stats",
            Roles(OVERSIGHT),
            get(api::stats),
        ),
        (
            Method::GET,
            "/api/v1/audit",
            Roles(AUDITORS),
            get(api::audit_entries),
        ),
        (
            Method::GET,
            "/api/v1/audit/verify",
            Roles(AUDITORS),
            get(api::audit_verify),
        ),
        // The national centre's view of its BCP nodes.
        (
            Method::GET,
            "/api/v1/sync/nodes",
            Roles(NODE_WATCHERS),
            get(nodes::sync_nodes),
        ),
        // Advance passenger information.
        (
            Method::POST,
            "/api/v1/api-messages",
            Roles(API_SENDERS),
            post(pax_api::receive_api_message),
        ),
        (
            Method::GET,
            "/api/v1/flights",
            Roles(BOARD_READERS),
            get(pax_api::list_flights),
        ),
        (
            Method::GET,
            "/api/v1/flights/{key}",
            Roles(PIU),
            get(pax_api::get_flight),
        ),
        (
            Method::GET,
            "/api/v1/api-worklist",
            Roles(PIU),
            get(pax_api::worklist),
        ),
        (
            Method::POST,
            "/api/v1/api-hits/{id}/review",
            Roles(PIU),
            post(pax_api::review_hit),
        ),
        (
            Method::GET,
            "/api/v1/rules",
            Roles(PIU),
            get(pax_api::list_rules),
        ),
        (
            Method::POST,
            "/api/v1/rules",
            Roles(&[Analyst]),
            post(pax_api::save_rule),
        ),
        (
            Method::GET,
            "/api/v1/rules/{id}",
            Roles(PIU),
            get(pax_api::rule_versions),
        ),
        // Web UI.
        (Method::GET, "/assets/{file}", Public, get(ui::asset)),
        (Method::GET, "/login", Public, get(ui::login_page)),
        (Method::POST, "/login", Public, post(ui::login_submit)),
        (Method::POST, "/logout", Authenticated, post(ui::logout)),
        (Method::GET, "/", Authenticated, get(ui::home)),
        (Method::GET, "/check", Roles(OFFICERS), get(ui::check_page)),
        (
            Method::POST,
            "/check",
            Roles(OFFICERS),
            post(ui::check_submit),
        ),
        (
            Method::GET,
            "/crossings/{id}",
            Roles(PERSON_READERS),
            get(ui::crossing_page),
        ),
        (
            Method::POST,
            "/crossings/{id}/decision",
            Roles(OFFICERS),
            post(ui::decide_submit),
        ),
        (
            Method::GET,
            "/second-line",
            Roles(SECOND_LINE),
            get(ui::second_line_page),
        ),
        (
            Method::GET,
            "/history",
            Roles(PERSON_READERS),
            get(ui::history_page),
        ),
        (Method::GET, "/admin", Roles(ADMINS), get(ui::admin_page)),
        (
            Method::POST,
            "/admin/bcps",
            Roles(ADMINS),
            post(ui::admin_bcp_submit),
        ),
        (
            Method::POST,
            "/admin/users",
            Roles(ADMINS),
            post(ui::admin_user_submit),
        ),
        (
            Method::POST,
            "/admin/users/{id}/active",
            Roles(ADMINS),
            post(ui::admin_user_active_submit),
        ),
        (
            Method::POST,
            "/admin/import/watchlist",
            Roles(LIST_MANAGERS),
            post(ui::admin_import_watchlist),
        ),
        (
            Method::POST,
            "/admin/import/documents",
            Roles(ADMINS),
            post(ui::admin_import_documents),
        ),
        (Method::GET, "/audit", Roles(AUDITORS), get(ui::audit_page)),
        (
            Method::GET,
            "/sync",
            Roles(NODE_WATCHERS),
            get(nodes::nodes_page),
        ),
        (
            Method::GET,
            "/pax",
            Roles(BOARD_READERS),
            get(pax_ui::board_page),
        ),
        (
            Method::GET,
            "/pax/worklist",
            Roles(PIU),
            get(pax_ui::worklist_page),
        ),
        (
            Method::GET,
            "/pax/flights/{key}",
            Roles(PIU),
            get(pax_ui::flight_page),
        ),
        (
            Method::POST,
            "/pax/hits/{id}/review",
            Roles(PIU),
            post(pax_ui::review_submit),
        ),
        (
            Method::POST,
            "/pax/upload",
            Roles(API_SENDERS),
            post(pax_ui::upload_submit),
        ),
        (
            Method::GET,
            "/pax/rules",
            Roles(PIU),
            get(pax_ui::rules_page),
        ),
        (
            Method::POST,
            "/pax/rules",
            Roles(&[Analyst]),
            post(pax_ui::rule_submit),
        ),
    ]
}

/// The endpoint table, for documentation and the role test.
pub fn endpoints() -> Vec<Endpoint> {
    table()
        .into_iter()
        .map(|(method, path, access, _)| Endpoint {
            method,
            path,
            access,
            api: path.starts_with("/api/"),
        })
        .collect()
}

pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for (_, path, access, handler) in table() {
        let st = state.clone();
        let guarded = handler.layer(axum::middleware::from_fn(move |req, next| {
            authorize(st.clone(), access, req, next)
        }));
        router = router.route(path, guarded);
    }
    router
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security_headers,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            512 * 1024 * 1024,
        ))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(state)
}
