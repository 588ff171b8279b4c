//! Signing in and out, and the home page that sends each role to its work.
use crate::auth::{self, Principal, SESSION_COOKIE};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, Layout};
use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use limes_app::login::LoginError;
use limes_domain::{Bcp, Role};
use serde::Deserialize;
use std::net::SocketAddr;

// --- login --------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "session/login.html")]
struct LoginPage {
    layout: Layout,
    error: Option<String>,
    next: String,
    bcps: Vec<Bcp>,
    username: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn safe_next(next: Option<&str>) -> String {
    // Only local paths: never redirect off-site after login.
    crate::redirect::after_login(next)
}

pub async fn login_page(State(st): State<AppState>, Query(q): Query<NextQuery>) -> Response {
    let bcps = st
        .store
        .bcps()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b.active)
        .collect();
    render(&LoginPage {
        layout: Layout::new(&st, None, "Sign in", "/login"),
        error: None,
        next: safe_next(q.next.as_deref()),
        bcps,
        username: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    bcp: Option<String>,
    next: Option<String>,
}

pub async fn login_submit(
    State(st): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Form(f): Form<LoginForm>,
) -> Response {
    let bcps: Vec<Bcp> = st
        .store
        .bcps()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b.active)
        .collect();
    // A next= with a line break or tab is an attack on the redirect: refused before anything is written.
    if let Some(next) = f.next.as_deref() {
        if let Err(e) = crate::redirect::header_safe("next", next) {
            return e.into_response();
        }
    }
    let fail = |msg: String, status: StatusCode| {
        let mut res = render(&LoginPage {
            layout: Layout::new(&st, None, "Sign in", "/login"),
            error: Some(msg),
            next: safe_next(f.next.as_deref()),
            bcps: bcps.clone(),
            username: f.username.clone(),
        });
        *res.status_mut() = status;
        res
    };
    let layout = Layout::new(&st, None, "Sign in", "/login");
    let request = limes_app::login::LoginRequest {
        username: f.username.clone(),
        password: f.password.clone(),
        bcp: f.bcp.clone(),
        source: addr.ip().to_string(),
    };
    let signed_in = match limes_app::login::sign_in(&st, request).await {
        Ok(s) => s,
        Err(LoginError::WrongCredentials) => {
            return fail(layout.t("login-wrong"), StatusCode::UNAUTHORIZED)
        }
        Err(LoginError::Throttled { seconds }) => {
            let mut res = fail(
                layout.t1("login-throttled", "seconds", seconds),
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(v) = header::HeaderValue::from_str(&seconds.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return res;
        }
        Err(LoginError::NotAssigned(bcp)) => {
            return fail(
                layout.t1("login-not-assigned", "bcp", bcp),
                StatusCode::FORBIDDEN,
            )
        }
        Err(e) => {
            let e = AppError::from(e);
            return fail(e.body().message, e.status());
        }
    };
    let token = signed_in.session_secret;
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        st.config.session_hours * 3600,
        if st.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let mut res = crate::redirect::see_other(&safe_next(f.next.as_deref()));
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

pub async fn logout(State(st): State<AppState>, Extension(who): Extension<Principal>) -> Response {
    if let auth::AuthVia::Session { token_hash, .. } = &who.via {
        let _ = st.store.delete_session(token_hash).await;
        st.lookups.session_ended(token_hash);
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        header::HeaderValue::from_static(
            "limes_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    res
}

pub async fn home(Extension(who): Extension<Principal>) -> Redirect {
    Redirect::to(match who.user.role {
        Role::FirstLineOfficer | Role::Supervisor => "/check",
        Role::SecondLineOfficer => "/second-line",
        Role::Analyst => "/pax/worklist",
        Role::LiaisonOfficer => "/history",
        Role::Administrator => "/admin",
        Role::Auditor => "/audit",
        Role::CustomsOfficer | Role::AgencyOfficer => "/goods/declarations",
        Role::PatrolOfficer => "/surveillance/incidents",
        Role::HotlineHandler => "/cooperation/hotline",
        Role::InternalAffairs => "/cooperation/integrity",
        // A machine account has no pages; it only ever calls the API.
        Role::Sender | Role::Gate | Role::Declarant => "/api/v1/me",
    })
}

#[derive(Deserialize)]
pub struct LanguageForm {
    language: String,
}

/// The signed-in user chooses the language of their pages; the home page then opens in it.
pub async fn language_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<LanguageForm>,
) -> Result<Response, crate::ui::PageError> {
    limes_app::users::set_own_language(&st, who.actor(), Some(&f.language))
        .await
        .map_err(crate::ui::with(&who))?;
    Ok(Redirect::to("/").into_response())
}
