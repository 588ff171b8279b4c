//! The administration page (watchlists, the register, BCPs, users), editing a user, issuing a password reset
//! code, and the public page where a user sets a new password with that code. Form errors are shown in the form
//! with what was typed kept.
use crate::auth::{self, Principal};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use limes_app::users::{EditUserRequest, NewUserRequest, UserError};
use limes_app::{org, users};
use limes_domain::{Agency, Bcp, Role};
use limes_i18n::Language;
use limes_store::User;
use serde::Deserialize;

// --- administration -----------------------------------------------------------------------------

/// What was typed into the new-user form (never the password).
#[derive(Debug, Clone, Default)]
struct UserFormValues {
    username: String,
    display_name: String,
    role: String,
    agency: String,
    bcps: String,
}

/// What was typed into the BCP form.
#[derive(Debug, Clone, Default)]
struct BcpFormValues {
    code: String,
    name: String,
    kind: String,
    border_section: String,
    neighbour: String,
    agency: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "org/admin.html")]
struct AdminPage {
    layout: Layout,
    bcps: Vec<Bcp>,
    users: Vec<User>,
    agencies: Vec<Agency>,
    watchlists: Vec<limes_store::WatchlistMeta>,
    alert_count: u64,
    roles: Vec<Role>,
    message: Option<String>,
    /// The new-user form's error and what was typed.
    user_error: Option<String>,
    user_form: UserFormValues,
    /// The BCP form's error and what was typed.
    bcp_error: Option<String>,
    bcp_form: BcpFormValues,
    /// A refused action on the list (deactivating oneself or the last administrator).
    refusal: Option<String>,
}

impl AdminPage {
    fn agency_name(&self, code: &str) -> String {
        agency_label(&self.agencies, code)
    }
    /// A user's BCPs by name (with the code), or "all".
    fn bcps_of(&self, u: &User) -> String {
        if u.bcps.is_empty() {
            return self.layout.t("common-all");
        }
        u.bcps
            .iter()
            .map(|code| bcp_label(&self.bcps, code))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn is_me(&self, u: &User) -> bool {
        self.layout.user.as_ref().is_some_and(|me| me.id == u.id)
    }
}

fn agency_label(agencies: &[Agency], code: &str) -> String {
    agencies
        .iter()
        .find(|a| a.code == code)
        .map_or_else(|| code.to_string(), |a| format!("{} ({})", a.name, a.code))
}

fn bcp_label(bcps: &[Bcp], code: &str) -> String {
    bcps.iter()
        .find(|b| b.code == code)
        .map_or_else(|| code.to_string(), |b| format!("{} ({})", b.name, b.code))
}

#[derive(Deserialize)]
pub struct MessageQuery {
    msg: Option<String>,
}

async fn admin_page_with(
    st: &AppState,
    who: &Principal,
    message: Option<String>,
    user_error: Option<(String, UserFormValues)>,
    bcp_error: Option<(String, BcpFormValues)>,
) -> PageResult {
    admin_page_full(st, who, message, user_error, bcp_error, None).await
}

async fn admin_page_full(
    st: &AppState,
    who: &Principal,
    message: Option<String>,
    user_error: Option<(String, UserFormValues)>,
    bcp_error: Option<(String, BcpFormValues)>,
    refusal: Option<String>,
) -> PageResult {
    let e = |e: limes_store::StoreError| with(who)(e);
    let has_error = user_error.is_some() || bcp_error.is_some();
    let refused = refusal.is_some();
    let (user_error, user_form) =
        user_error.map_or((None, UserFormValues::default()), |(m, v)| (Some(m), v));
    let (bcp_error, bcp_form) = bcp_error.map_or(
        (
            None,
            BcpFormValues {
                active: true,
                ..Default::default()
            },
        ),
        |(m, v)| (Some(m), v),
    );
    let mut res = render(&AdminPage {
        layout: Layout::new(st, Some(who), "Administration", "/admin"),
        bcps: st.store.bcps().await.map_err(e)?,
        users: st.store.users().await.map_err(e)?,
        agencies: st.store.agencies().await.map_err(e)?,
        watchlists: st.store.watchlist_metas().await.map_err(e)?,
        alert_count: st.store.document_alert_count().await.map_err(e)?,
        roles: Role::ALL.to_vec(),
        message,
        user_error,
        user_form,
        bcp_error,
        bcp_form,
        refusal,
    });
    if has_error {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    if refused {
        *res.status_mut() = StatusCode::CONFLICT;
    }
    Ok(res)
}

pub async fn admin_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<MessageQuery>,
) -> PageResult {
    admin_page_with(&st, &who, q.msg, None, None).await
}

pub(crate) fn back_to_admin(msg: &str) -> Response {
    Redirect::to(&format!("/admin?msg={}", auth::urlencode(msg))).into_response()
}

/// An error of a form, in the page's language where the catalogue has words for it, else as the use case says.
fn form_error(layout_lang: Language, err: AppError) -> String {
    let body = err.body();
    match &body.field {
        Some(f) => format!(
            "{}: {}",
            limes_i18n::tr(
                layout_lang,
                "admin-error-field",
                &[("field", f.clone().into())]
            ),
            body.message.trim_start_matches(&format!("{f}: "))
        ),
        None => body.message,
    }
}

/// A user error in the page's language: the catalogue's words for the cases a person meets in the forms.
fn user_error_text(lang: Language, err: UserError) -> String {
    let key = match &err {
        UserError::SelfDeactivation => "admin-error-self-deactivation",
        UserError::SelfDemotion => "admin-error-self-demotion",
        UserError::LastAdministrator => "admin-error-last-administrator",
        UserError::RoleKindChange => "admin-error-role-kind",
        UserError::InvalidUsername => "admin-error-username",
        UserError::InvalidDisplayName => "admin-error-display-name",
        UserError::InvalidResetCode => "admin-error-reset-code",
        UserError::Store(limes_store::StoreError::Conflict(_)) => "admin-error-username-taken",
        _ => return form_error(lang, err.into()),
    };
    limes_i18n::t(lang, key)
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
    let typed = BcpFormValues {
        code: f.code.clone(),
        name: f.name.clone(),
        kind: f.kind.clone(),
        border_section: f.border_section.clone(),
        neighbour: f.neighbour.clone().unwrap_or_default(),
        agency: f.agency.clone(),
        active: f.active.is_some(),
    };
    let Some(kind) = limes_domain::BcpKind::parse(&f.kind) else {
        let msg = form_error(who.language, AppError::invalid("kind", "land, air or sea"));
        return admin_page_with(&st, &who, None, None, Some((msg, typed))).await;
    };
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
    match org::save_bcp(&st, who.actor(), bcp).await {
        Ok(b) => Ok(back_to_admin(&format!("BCP {} saved.", b.code))),
        Err(err) => {
            let msg = form_error(who.language, err.into());
            admin_page_with(&st, &who, None, None, Some((msg, typed))).await
        }
    }
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

fn bcp_codes(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub async fn admin_user_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<UserForm>,
) -> PageResult {
    let typed = UserFormValues {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        role: f.role.clone(),
        agency: f.agency.clone(),
        bcps: f.bcps.clone(),
    };
    let role: Role = match f.role.parse::<Role>() {
        Ok(r) => r,
        Err(e) => {
            let msg = form_error(who.language, AppError::invalid("role", e.to_string()));
            return admin_page_with(&st, &who, None, Some((msg, typed)), None).await;
        }
    };
    let req = NewUserRequest {
        username: f.username,
        display_name: f.display_name,
        role,
        agency: f.agency,
        bcps: bcp_codes(&f.bcps),
        password: f.password,
    };
    match users::add_user(&st, who.actor(), req).await {
        Ok(u) => Ok(back_to_admin(&format!("User {} created.", u.username))),
        Err(err) => {
            let msg = user_error_text(who.language, err);
            admin_page_with(&st, &who, None, Some((msg, typed)), None).await
        }
    }
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
    if let Err(err) = users::set_user_active(&st, who.actor(), &id, active).await {
        // The refusal is shown above the list, not on a separate page.
        let msg = user_error_text(who.language, err);
        return admin_page_full(&st, &who, None, None, None, Some(msg)).await;
    }
    Ok(back_to_admin(if active {
        "User activated."
    } else {
        "User deactivated; their sessions ended."
    }))
}

// --- editing a user -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "org/user_edit.html")]
struct UserEditPage {
    layout: Layout,
    user: User,
    agencies: Vec<Agency>,
    bcps: Vec<Bcp>,
    roles: Vec<Role>,
    languages: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    /// What the form shows: the stored account, or what was typed when it was refused.
    form: EditValues,
}

impl UserEditPage {
    fn is_me(&self) -> bool {
        self.layout
            .user
            .as_ref()
            .is_some_and(|me| me.id == self.user.id)
    }
    fn has_bcp(&self, code: &str) -> bool {
        self.form.bcps.iter().any(|b| b == code)
    }
}

#[derive(Debug, Clone)]
struct EditValues {
    display_name: String,
    role: String,
    agency: String,
    bcps: Vec<String>,
    language: String,
    active: bool,
}

impl EditValues {
    fn of(u: &User) -> EditValues {
        EditValues {
            display_name: u.display_name.clone(),
            role: u.role.as_str().to_string(),
            agency: u.agency.clone(),
            bcps: u.bcps.clone(),
            language: u.language.clone().unwrap_or_default(),
            active: u.active,
        }
    }
}

async fn user_edit_page(
    st: &AppState,
    who: &Principal,
    id: &str,
    refused: Option<(String, EditValues)>,
) -> PageResult {
    let user = st
        .store
        .user(id)
        .await
        .map_err(with(who))?
        .ok_or_else(|| with(who)(AppError::NotFound(format!("user {id}"))))?;
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (error, form) = match refused {
        Some((m, v)) => (Some(m), v),
        None => (None, EditValues::of(&user)),
    };
    let mut res = render(&UserEditPage {
        layout: Layout::new(st, Some(who), "Edit user", "/admin"),
        agencies: st.store.agencies().await.map_err(with(who))?,
        bcps: st.store.bcps().await.map_err(with(who))?,
        roles: Role::ALL
            .into_iter()
            .filter(|r| r.is_machine() == user.role.is_machine())
            .collect(),
        languages: Language::ALL
            .into_iter()
            .map(|l| (l.code(), l.native_name()))
            .collect(),
        user,
        error,
        form,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn user_edit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    user_edit_page(&st, &who, &id, None).await
}

/// The edit form as sent: the BCPs are checkboxes, so the field repeats.
fn edit_values(fields: &[(String, String)]) -> EditValues {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    EditValues {
        display_name: one("display_name"),
        role: one("role"),
        agency: one("agency"),
        bcps: fields
            .iter()
            .filter(|(k, _)| k == "bcps")
            .map(|(_, v)| v.clone())
            .collect(),
        language: one("language"),
        active: fields.iter().any(|(k, _)| k == "active"),
    }
}

pub async fn user_edit_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let typed = edit_values(&fields);
    let role: Role = match typed.role.parse::<Role>() {
        Ok(r) => r,
        Err(e) => {
            let msg = form_error(who.language, AppError::invalid("role", e.to_string()));
            return user_edit_page(&st, &who, &id, Some((msg, typed))).await;
        }
    };
    let req = EditUserRequest {
        display_name: typed.display_name.clone(),
        role,
        agency: typed.agency.clone(),
        bcps: typed.bcps.clone(),
        language: Some(typed.language.clone()).filter(|l| !l.is_empty()),
        active: typed.active,
    };
    match users::update_user(&st, who.actor(), &id, req).await {
        Ok(u) => Ok(back_to_admin(&format!("User {} saved.", u.username))),
        Err(UserError::UnknownUser(_)) => Err(with(&who)(AppError::NotFound(format!("user {id}")))),
        Err(err) => {
            let msg = user_error_text(who.language, err);
            user_edit_page(&st, &who, &id, Some((msg, typed))).await
        }
    }
}

// --- password reset -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "org/reset_issued.html")]
struct ResetIssuedPage {
    layout: Layout,
    issued: limes_app::users::IssuedReset,
}

/// Issue a reset code and show it once; the page is not cached.
pub async fn user_reset_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let issued = users::issue_password_reset(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    let mut res = render(&ResetIssuedPage {
        layout: Layout::new(&st, Some(&who), "Password reset", "/admin"),
        issued,
    });
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "org/password_reset.html")]
struct PasswordResetPage {
    layout: Layout,
    error: Option<String>,
    done: bool,
}

pub async fn password_reset_page(State(st): State<AppState>) -> Response {
    render(&PasswordResetPage {
        layout: Layout::new(&st, None, "Password reset", ""),
        error: None,
        done: false,
    })
}

#[derive(Deserialize)]
pub struct PasswordResetForm {
    code: String,
    password: String,
    confirm: String,
}

/// Set a new password with a reset code (public: the code is the proof). Nothing typed is shown back.
pub async fn password_reset_submit(
    State(st): State<AppState>,
    Form(f): Form<PasswordResetForm>,
) -> Response {
    let layout = Layout::new(&st, None, "Password reset", "");
    let lang = layout.lang;
    let result = if f.password != f.confirm {
        Err(limes_i18n::t(lang, "reset-error-mismatch"))
    } else {
        users::reset_password_with_code(&st, &f.code, &f.password)
            .await
            .map_err(|e| user_error_text(lang, e))
    };
    let failed = result.is_err();
    let mut res = render(&PasswordResetPage {
        layout,
        error: result.err(),
        done: !failed,
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}
