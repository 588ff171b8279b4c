//! The import forms of the administration page: a watchlist, the document-alert register.
use crate::auth::Principal;
use crate::error::AppError;
use crate::features::org::pages::back_to_admin;
use crate::state::AppState;
use crate::ui::{read_upload, with, PageResult};
use axum::extract::{Multipart, State};
use axum::Extension;
use limes_app::lists::{self, WatchlistFormat};

pub async fn admin_import_watchlist(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    mp: Multipart,
) -> PageResult {
    let (bytes, fields) = read_upload(mp).await.map_err(with(&who))?;
    let id = fields
        .get("id")
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "national".into());
    let format = match fields
        .get("format")
        .map(String::as_str)
        .filter(|f| !f.is_empty() && *f != "auto")
    {
        Some(f) => WatchlistFormat::parse(f),
        None => WatchlistFormat::sniff(&bytes),
    }
    .ok_or_else(|| {
        with(&who)(AppError::invalid(
            "format",
            "cannot tell the list format; choose it",
        ))
    })?;
    let n = lists::import_watchlist(&st, who.actor(), &bytes, format, &id, "upload")
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(&format!(
        "Watchlist '{id}' imported: {n} entries, in force for the next check."
    )))
}

pub async fn admin_import_documents(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    mp: Multipart,
) -> PageResult {
    let (bytes, fields) = read_upload(mp).await.map_err(with(&who))?;
    let replace = fields
        .get("replace")
        .is_some_and(|v| v == "on" || v == "true");
    let n = lists::import_document_alerts(&st, who.actor(), &bytes, replace, "upload")
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(&format!(
        "{n} document alerts imported{}.",
        if replace { " (register replaced)" } else { "" }
    )))
}
