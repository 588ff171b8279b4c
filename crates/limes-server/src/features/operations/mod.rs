//! Operations: liveness, Prometheus metrics, the OpenAPI document, the caller, the embedded assets; and what every
//! request leaves for the operators (its span and latency, in [`telemetry`]).

mod handlers;
pub mod telemetry;

pub use handlers::ApiDoc;
pub use telemetry::{record_request, trace_layer};

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::get;

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (Method::GET, "/healthz", Public, get(handlers::healthz)),
        (Method::GET, "/metrics", Public, get(handlers::metrics)),
        (Method::GET, "/api/v1/me", Authenticated, get(handlers::me)),
        (
            Method::GET,
            "/api/v1/openapi.json",
            Public,
            get(handlers::openapi),
        ),
        (Method::GET, "/assets/{file}", Public, get(crate::ui::asset)),
    ]
}
