//! The BCP nodes' status at the national centre, as JSON.
use crate::error::AppResult;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use limes_app::nodes::centre_report;
use limes_store::node_status::{NodeStatus, StatusReport};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(paths(sync_nodes), components(schemas(StatusReport, NodeStatus)))]
pub struct ApiDoc;

#[derive(Debug, Deserialize, IntoParams)]
pub struct NodesQuery {
    /// A node is silent after this many seconds without contact (default 60, at most 604800).
    pub silent_after: Option<i64>,
}

/// Every BCP node's last contact, backlog, list versions and records received; silent and behind nodes in
/// `alarms`. The national centre only: elsewhere 409.
#[utoipa::path(get, path = "/api/v1/sync/nodes", params(NodesQuery),
    responses((status = 200, body = StatusReport), (status = 409, description = "this node is not the national centre", body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn sync_nodes(
    State(st): State<AppState>,
    Query(q): Query<NodesQuery>,
) -> AppResult<Json<StatusReport>> {
    Ok(Json(centre_report(&st, q.silent_after).await?))
}
