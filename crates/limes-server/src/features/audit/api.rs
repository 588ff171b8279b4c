//! The audit trail, as JSON. Every read is itself audited (`audit.read`) with its purpose.
use crate::auth::Principal;
use crate::error::AppResult;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};
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
    /// Why the audit trail is read (recorded in the `audit.read` entry); "audit review" when absent.
    pub purpose: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PurposeQuery {
    /// Why the audit trail is read (recorded in the `audit.read` entry); "audit review" when absent.
    pub purpose: Option<String>,
}

/// Entries from `from_seq` in order; the read is audited.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery), responses((status = 200, body = [limes_domain::AuditEntry])), security(("bearer" = []), ("session" = [])))]
pub async fn audit_entries(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    Ok(Json(
        audit::entries(&st, who.actor(), q.from_seq, q.limit, q.purpose.as_deref()).await?,
    ))
}

/// Verify the audit hash chain against the signed checkpoints; the read is audited.
#[utoipa::path(get, path = "/api/v1/audit/verify", params(PurposeQuery), responses((status = 200, body = AuditVerifyResult)), security(("bearer" = []), ("session" = [])))]
pub async fn audit_verify(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<PurposeQuery>,
) -> AppResult<Json<AuditVerifyResult>> {
    Ok(Json(
        audit::verify(&st, who.actor(), q.purpose.as_deref()).await?,
    ))
}
