//! The PDF downloads: each calls the use case for its form and answers with the PDF (or the error page).
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{with, PageResult};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Extension;
use limes_app::forms::{crossing_form, FormKind};
use serde::Deserialize;

pub async fn refusal_pdf(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    form(&st, &who, &id, FormKind::Refusal, None).await
}

pub async fn stamp_pdf(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    form(&st, &who, &id, FormKind::Stamp, None).await
}

#[derive(Deserialize)]
pub struct HandOver {
    /// The authority the person is handed to, printed on the record (else a line to fill in).
    authority: Option<String>,
}

pub async fn protection_pdf(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<HandOver>,
) -> PageResult {
    form(&st, &who, &id, FormKind::Protection, q.authority.as_deref()).await
}

async fn form(
    st: &AppState,
    who: &Principal,
    id: &str,
    kind: FormKind,
    authority: Option<&str>,
) -> PageResult {
    let pdf = crossing_form(st, who.actor(), id, kind, who.language, authority)
        .await
        .map_err(with(who))?;
    // A download, not shown inline: the page's Content-Security-Policy (object-src 'none') keeps some browsers'
    // PDF viewers from showing it in the tab; the officer opens the file and prints it.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", pdf.file_name))
        .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        pdf.bytes,
    )
        .into_response())
}
