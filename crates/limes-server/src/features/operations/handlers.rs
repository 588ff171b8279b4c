//! Operations: liveness, Prometheus metrics, the OpenAPI document, and who the caller is.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use limes_store::User;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(paths(healthz, me), components(schemas(Health, User)))]
pub struct ApiDoc;

/// The OpenAPI document of every JSON route.
pub async fn openapi() -> impl IntoResponse {
    Json(crate::openapi::document())
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub backend: String,
    pub watchlist_entries: usize,
    /// Present when this node syncs and its NATS link has a problem (then `status` is "degraded"): what is
    /// wrong and what to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_problem: Option<String>,
    /// Present when the database refuses writes (then `status` is "failing" and the answer 503): why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_problem: Option<String>,
}

/// Liveness and readiness: the database answers reads and takes a write (a one-row probe through the writer) and
/// the watchlists are loaded; "failing" (503) with the reason when writes fail (a full disk, a read-only
/// database); "degraded" (still 200: the node serves checks offline) with the reason when its NATS link has a
/// problem.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(st): State<AppState>) -> Response {
    match st.store.document_alert_count().await {
        Ok(_) => {
            let sync_problem = limes_app::nodes::link_problem(&st.app);
            let write_problem = st
                .store
                .probe_write(st.clock.now())
                .await
                .err()
                .map(|e| format!("the database refuses writes: {e}"));
            if let Some(problem) = &write_problem {
                tracing::error!(%problem, "health: writes fail");
            }
            let status = match (&write_problem, &sync_problem) {
                (Some(_), _) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::OK,
            };
            let health = Health {
                status: if write_problem.is_some() {
                    "failing"
                } else if sync_problem.is_some() {
                    "degraded"
                } else {
                    "ok"
                }
                .into(),
                backend: st.store.backend().into(),
                watchlist_entries: st.screener.list_infos().iter().map(|l| l.entries).sum(),
                sync_problem,
                write_problem,
            };
            (status, Json(health)).into_response()
        }
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(AppError::from(e).body()),
        )
            .into_response(),
    }
}

/// Metrics that show configuration (how the screening is tuned): only for signed-in callers or tokens.
const CONFIGURATION_METRICS: &[&str] = &["limes_alert_threshold"];

/// The Prometheus text without the configuration metrics (their HELP, TYPE and sample lines).
fn without_configuration(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let name = line
                .strip_prefix("# HELP ")
                .or_else(|| line.strip_prefix("# TYPE "))
                .unwrap_or(line);
            !CONFIGURATION_METRICS.iter().any(|m| {
                name.strip_prefix(m)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '{']))
            })
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Every metric in the Prometheus text format; the gauges are read from the store and the engine first. An
/// anonymous caller gets the counts but no configuration (the alert threshold).
pub async fn metrics(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let signed_in = matches!(
        crate::auth::resolve_principal(&st, &headers).await,
        Ok(Some(_))
    );
    let alerts = st.store.document_alert_count().await.unwrap_or(0) as f64;
    let entries: usize = st.screener.list_infos().iter().map(|l| l.entries).sum();
    st.metrics.document_alerts.set(alerts);
    st.metrics.watchlist_entries.set(entries as f64);
    st.metrics.alert_threshold.set(st.alert_threshold());
    let text = st.metrics.render();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        if signed_in {
            text
        } else {
            without_configuration(&text)
        },
    )
        .into_response()
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = User)), security(("bearer" = []), ("session" = [])))]
pub async fn me(Extension(who): Extension<Principal>) -> Json<User> {
    Json(who.user)
}
