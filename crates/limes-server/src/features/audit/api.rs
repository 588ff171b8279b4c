//! The audit trail, as JSON.
use crate::error::AppResult;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use limes_app::audit::{self, AuditVerifyResult};
use limes_domain::AuditEntry;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(audit_entries, audit_verify),
    components(schemas(AuditVerifyResult))
)]
pub struct ApiDoc;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    pub from_seq: Option<i64>,
    pub limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery), responses((status = 200, body = [limes_domain::AuditEntry])), security(("bearer" = []), ("session" = [])))]
pub async fn audit_entries(
    State(st): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    Ok(Json(audit::entries(&st, q.from_seq, q.limit).await?))
}

/// Verify the audit hash chain.
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, body = AuditVerifyResult)), security(("bearer" = []), ("session" = [])))]
pub async fn audit_verify(State(st): State<AppState>) -> AppResult<Json<AuditVerifyResult>> {
    Ok(Json(audit::verify(&st).await?))
}
