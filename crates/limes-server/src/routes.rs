//! Every endpoint with the roles that may use it, in one table: the role groups here, each feature's
//! endpoints in its `routes()`. The router is built from it and the endpoint × role test walks it.
use crate::auth::{authorize, Access};
use crate::state::AppState;
use axum::http::Method;
use axum::routing::MethodRouter;
use axum::Router;
use limes_domain::Role::{self, *};

pub const OFFICERS: &[Role] = &[FirstLineOfficer, SecondLineOfficer, Supervisor];
/// Who may submit a check: the officers, and e-gates and kiosks (machine accounts) whose referrals officers decide.
pub const CHECKERS: &[Role] = &[FirstLineOfficer, SecondLineOfficer, Supervisor, Gate];
pub const SECOND_LINE: &[Role] = &[SecondLineOfficer, Supervisor];
/// Who watches over the officers' work (the overstayers list).
pub const SUPERVISORS: &[Role] = &[Supervisor];
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
/// Who may hand in PAXLST messages: the carriers' machine accounts (API tokens) only. Not an administrator, nor
/// an analyst: the intake's answer tells whether a name is on a watchlist, and manifests come from carriers.
pub const API_SENDERS: &[Role] = &[Sender];
/// The arrivals board carries no personal data: everyone who works on travellers sees it.
pub const BOARD_READERS: &[Role] = &[
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
    LiaisonOfficer,
];

/// Who may lodge goods declarations: brokers' and carriers' machine accounts, and customs officers for the small
/// traders at a land BCP.
pub const DECLARANTS: &[Role] = &[Declarant, CustomsOfficer];
/// Who reads goods declarations (a partner agency only those routed to it).
pub const GOODS_READERS: &[Role] = &[CustomsOfficer, AgencyOfficer, Supervisor, Analyst];
/// Who reads one declaration: the readers, and the declarant its own answer.
pub const DECLARATION_READERS: &[Role] = &[
    Declarant,
    CustomsOfficer,
    AgencyOfficer,
    Supervisor,
    Analyst,
];
/// Who records an agency's decision on a declaration.
pub const GOODS_DECIDERS: &[Role] = &[CustomsOfficer, AgencyOfficer];
/// Who works the inspection queue at the BCP.
pub const INSPECTORS: &[Role] = &[CustomsOfficer, Supervisor];
/// Who reads the selectivity rules and their hit rates.
pub const GOODS_ANALYSTS: &[Role] = &[Analyst, Supervisor];
/// Who records incidents and patrols on the green and blue border (at their BCP's area).
pub const SURVEILLANCE_RECORDERS: &[Role] = &[
    PatrolOfficer,
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
];
/// Who sees the situational picture: the recorders and the analysts.
pub const SURVEILLANCE_READERS: &[Role] = &[
    PatrolOfficer,
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
];

/// Small arms: the small-arms authority (an agency's officers) registers issuers and transfer authorisations.
pub const SALW_AUTHORITY: &[Role] = &[AgencyOfficer, Administrator];
/// Who reads the authorisations and issuers: the authority, and customs who verify against them.
pub const SALW_READERS: &[Role] = &[AgencyOfficer, Administrator, CustomsOfficer, Supervisor];
/// Who verifies consignments, impounds and takes the inventory: customs at the BCP.
pub const SALW_CUSTOMS: &[Role] = &[CustomsOfficer, Supervisor];
/// Who hands impounded weapons over and receives them: customs, the authority, the police.
pub const SALW_CUSTODIANS: &[Role] = &[CustomsOfficer, Supervisor, AgencyOfficer, PatrolOfficer];

/// Who records seizures: the officers at the BCP (customs, first and second line).
pub const SEIZURE_RECORDERS: &[Role] = &[CustomsOfficer, FirstLineOfficer, SecondLineOfficer];
/// Who reads seizure records and their statistics (the nominal part and restricted records are narrower still,
/// decided in `limes_domain::seizure`).
pub const SEIZURE_READERS: &[Role] = &[
    CustomsOfficer,
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
    LiaisonOfficer,
    Auditor,
];
/// Who reads the risk indicators and dashboards: analysts nationally, supervisors for their BCPs.
pub const RISK_ANALYSTS: &[Role] = &[Analyst, Supervisor];

/// Who looks weapons up in the firearm register and raises trace requests.
pub const FIREARM_READERS: &[Role] = &[
    FirstLineOfficer,
    SecondLineOfficer,
    Supervisor,
    Analyst,
    CustomsOfficer,
];

/// Cooperation (issue 18). Who takes a community report on the hotline (operators with a session or token).
pub const REPORT_TAKERS: &[Role] = &[HotlineHandler, Supervisor, FirstLineOfficer, PatrolOfficer];
/// Who reads the hotline's reports ("protected source" in place of the reporter).
pub const HOTLINE_READERS: &[Role] = &[HotlineHandler, Supervisor, LiaisonOfficer];
/// Who works the hotline's reports and alone unseals a reporter.
pub const HOTLINE_HANDLERS: &[Role] = &[HotlineHandler];
/// The integrity channel's only readers: internal affairs (no supervisor, no administrator).
pub const INTERNAL_AFFAIRS: &[Role] = &[InternalAffairs];
/// The central contact unit: agreements, exchanges, requests for assistance, the partners' answers.
pub const CONTACT_UNIT: &[Role] = &[LiaisonOfficer, Supervisor];
/// Who keeps the exchange agreements.
pub const AGREEMENT_KEEPERS: &[Role] = &[LiaisonOfficer, Administrator];
/// Who notifies a hot pursuit or an observation and polls for the partner's answer.
pub const NOTIFIERS: &[Role] = &[LiaisonOfficer, Supervisor, PatrolOfficer, FirstLineOfficer];
/// Who receives and acknowledges alerts (a BCP's officers for their BCP).
pub const ALERT_RECEIVERS: &[Role] = &[
    LiaisonOfficer,
    Supervisor,
    FirstLineOfficer,
    SecondLineOfficer,
    PatrolOfficer,
];
/// Who reads the liaison directory.
pub const DIRECTORY_READERS: &[Role] = &[
    LiaisonOfficer,
    Supervisor,
    FirstLineOfficer,
    SecondLineOfficer,
    PatrolOfficer,
    Analyst,
];

pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    /// Whether the endpoint is part of the JSON API (and so of the OpenAPI document).
    pub api: bool,
}

/// One endpoint: method, path, who may use it, handler.
pub type Route = (Method, &'static str, Access, MethodRouter<AppState>);

/// The table: every feature's endpoints.
fn table() -> Vec<Route> {
    use crate::features::*;
    [
        operations::routes(),
        session::routes(),
        check::routes(),
        examination::routes(),
        forms::routes(),
        pax::routes(),
        lists::routes(),
        org::routes(),
        audit::routes(),
        nodes::routes(),
        stay::routes(),
        goods::routes(),
        vehicles::routes(),
        arms::salw_routes(),
        arms::firearms_routes(),
        cooperation::routes(),
        surveillance::routes(),
        seizures::routes(),
        risk::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
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
        let limit = crate::limits::configured_body_limit(path, &state.config);
        let guarded = handler
            .layer::<_, std::convert::Infallible>(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| {
                    authorize(st.clone(), access, req, next)
                },
            ))
            .layer::<_, std::convert::Infallible>(axum::extract::DefaultBodyLimit::max(limit))
            .layer::<_, std::convert::Infallible>(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| {
                    crate::limits::enforce(limit, req, next)
                },
            ));
        router = router.route(path, guarded);
    }
    router
        .fallback(crate::ui::not_found)
        .layer(axum::middleware::from_fn(crate::security_headers))
        // Each route holds bodies to its own limit (`crate::limits`), set on the route above.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::features::operations::record_request,
        ))
        .layer(crate::features::operations::trace_layer())
        .with_state(state)
}
