//! The overstayers page for the supervisor.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::State;
use axum::Extension;
use limes_app::stay::Overstayer;

#[derive(Template)]
#[template(path = "stay/overstayers.html")]
struct OverstayersPage {
    layout: Layout,
    rows: Vec<Overstayer>,
}

pub async fn overstayers_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let rows = limes_app::stay::overstayers(&st, who.actor())
        .await
        .map_err(with(&who))?;
    Ok(render(&OverstayersPage {
        layout: Layout::new(&st, Some(&who), "Overstayers", "/overstayers"),
        rows,
    }))
}
