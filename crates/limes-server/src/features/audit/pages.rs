//! The auditor's page.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::State;
use axum::Extension;

// --- audit --------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    layout: Layout,
    entries: Vec<limes_domain::AuditEntry>,
    verified: Result<u64, limes_domain::ChainBreak>,
}

pub async fn audit_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let e = |e: limes_store::StoreError| with(&who)(e);
    let verified = limes_store::verify_audit_chain(st.store.as_ref())
        .await
        .map_err(e)?;
    let entries = st.store.recent_audit(200).await.map_err(e)?;
    Ok(render(&AuditPage {
        layout: Layout::new(&st, Some(&who), "Audit trail", "/audit"),
        entries,
        verified,
    }))
}
