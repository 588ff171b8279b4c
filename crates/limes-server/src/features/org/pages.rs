//! The administration page: BCPs and users.
use crate::auth::{self, Principal};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use limes_app::users::NewUserRequest;
use limes_app::{org, users};
use limes_domain::{Bcp, Role};
use limes_store::User;
use serde::Deserialize;

// --- administration -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "org/admin.html")]
struct AdminPage {
    layout: Layout,
    bcps: Vec<Bcp>,
    users: Vec<User>,
    agencies: Vec<limes_domain::Agency>,
    watchlists: Vec<limes_store::WatchlistMeta>,
    alert_count: u64,
    roles: Vec<Role>,
    message: Option<String>,
}

#[derive(Deserialize)]
pub struct MessageQuery {
    msg: Option<String>,
}

pub async fn admin_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<MessageQuery>,
) -> PageResult {
    let e = |e: limes_store::StoreError| with(&who)(e);
    Ok(render(&AdminPage {
        layout: Layout::new(&st, Some(&who), "Administration", "/admin"),
        bcps: st.store.bcps().await.map_err(e)?,
        users: st.store.users().await.map_err(e)?,
        agencies: st.store.agencies().await.map_err(e)?,
        watchlists: st.store.watchlist_metas().await.map_err(e)?,
        alert_count: st.store.document_alert_count().await.map_err(e)?,
        roles: Role::ALL.to_vec(),
        message: q.msg,
    }))
}

pub(crate) fn back_to_admin(msg: &str) -> Response {
    Redirect::to(&format!("/admin?msg={}", auth::urlencode(msg))).into_response()
}

#[derive(Deserialize)]
pub struct BcpForm {
    code: String,
    name: String,
    kind: String,
    border_section: String,
    neighbour: Option<String>,
    agency: String,
    active: Option<String>,
}

pub async fn admin_bcp_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<BcpForm>,
) -> PageResult {
    let kind = limes_domain::BcpKind::parse(&f.kind)
        .ok_or_else(|| with(&who)(AppError::invalid("kind", "land, air or sea")))?;
    let previous = st.store.bcp(f.code.trim()).await.map_err(with(&who))?;
    let bcp = Bcp {
        code: f.code,
        name: f.name.trim().to_string(),
        kind,
        border_section: f.border_section.trim().to_string(),
        neighbour: f
            .neighbour
            .map(|n| n.trim().to_ascii_uppercase())
            .filter(|n| !n.is_empty()),
        agency: f.agency,
        latitude: previous.as_ref().and_then(|p| p.latitude),
        longitude: previous.as_ref().and_then(|p| p.longitude),
        active: f.active.is_some(),
    };
    let b = org::save_bcp(&st, who.actor(), bcp)
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(&format!("BCP {} saved.", b.code)))
}

#[derive(Deserialize)]
pub struct UserForm {
    username: String,
    display_name: String,
    role: String,
    agency: String,
    #[serde(default)]
    bcps: String,
    password: String,
}

pub async fn admin_user_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<UserForm>,
) -> PageResult {
    let role: Role = f
        .role
        .parse()
        .map_err(|e: limes_domain::role::UnknownRole| {
            with(&who)(AppError::invalid("role", e.to_string()))
        })?;
    let req = NewUserRequest {
        username: f.username,
        display_name: f.display_name,
        role,
        agency: f.agency,
        bcps: f
            .bcps
            .split([',', ' '])
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
            .collect(),
        password: f.password,
    };
    let u = users::add_user(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(&format!("User {} created.", u.username)))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn admin_user_active_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<ActiveForm>,
) -> PageResult {
    let active = f.active == "true";
    users::set_user_active(&st, who.actor(), &id, active)
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(if active {
        "User activated."
    } else {
        "User deactivated; their sessions ended."
    }))
}
