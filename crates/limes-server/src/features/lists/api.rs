//! Watchlists and the document-alert register, as JSON.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use limes_app::crossings::require_purpose;
use limes_app::lists::{self, AlertLookup};
use limes_domain::DocumentAlert;
use limes_store::WatchlistMeta;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        list_watchlists,
        import_watchlist,
        find_document_alerts,
        import_document_alerts
    ),
    components(schemas(WatchlistMeta, DocumentAlert, ImportResult))
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/v1/watchlists", responses((status = 200, body = [WatchlistMeta])), security(("bearer" = []), ("session" = [])))]
pub async fn list_watchlists(State(st): State<AppState>) -> AppResult<Json<Vec<WatchlistMeta>>> {
    Ok(Json(lists::watchlists(&st).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// un-xml, ofac-csv, uk-hmt, limes-csv or limes-json; guessed from the content when absent (not for OFAC).
    pub format: Option<String>,
    /// For document alerts: replace the whole register (true) or add to it (false, default).
    pub replace: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub imported: u64,
    pub message: String,
}

/// Import (or replace) a watchlist. The new list is used by the next check; none sees half a list.
#[utoipa::path(post, path = "/api/v1/watchlists/{id}", params(("id" = String, Path), ImportQuery), request_body(content = String, description = "the list file"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_watchlist(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let format = lists::watchlist_format(q.format.as_deref(), &body)?;
    let n = lists::import_watchlist(&st, who.actor(), &body, format, &id, "upload").await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("watchlist '{id}' now has {n} entries"),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AlertQuery {
    pub issuing_state: Option<String>,
    pub document_number: String,
    /// Why the lookup is made (audited). Required.
    pub purpose: Option<String>,
}

/// Look a document up in the alert register. Audited with its purpose.
#[utoipa::path(get, path = "/api/v1/document-alerts", params(AlertQuery), responses((status = 200, body = [AlertLookup])),
    security(("bearer" = []), ("session" = [])))]
pub async fn find_document_alerts(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<AlertQuery>,
) -> AppResult<Json<Vec<AlertLookup>>> {
    let purpose = require_purpose(q.purpose.as_deref())?;
    let hits = lists::find_document_alerts(
        &st,
        who.actor(),
        q.issuing_state.as_deref(),
        &q.document_number,
        purpose,
    )
    .await?;
    Ok(Json(hits))
}

/// Import document alerts from CSV (see docs/formats.md). All rows or none; bad rows are named by line.
#[utoipa::path(post, path = "/api/v1/document-alerts", params(ImportQuery), request_body(content = String, description = "CSV"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn import_document_alerts(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<Json<ImportResult>> {
    let n = lists::import_document_alerts(
        &st,
        who.actor(),
        &body,
        q.replace.unwrap_or(false),
        "upload",
    )
    .await?;
    Ok(Json(ImportResult {
        imported: n,
        message: format!("{n} document alerts imported"),
    }))
}
