//! The officers' web UI: server-rendered HTML (askama), every asset embedded in the binary.
use crate::api::{self, DecisionRequest};
use crate::auth::{self, Principal, SESSION_COOKIE};
use crate::check::{self, CheckRequest, CheckResponse, ManualDocument};
use crate::error::AppError;
use crate::imports::WatchlistFormat;
use crate::state::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use limes_domain::{Bcp, Direction, Outcome, Role};
use limes_i18n::{AsArg, Language};
use limes_store::{Crossing, CrossingFilter, CrossingStatus, Session, User};
use serde::Deserialize;
use std::net::SocketAddr;

/// Navigation, identity and language of every page. Templates take their words from the catalogue through it:
/// `{{ layout.t("key") }}`, `{{ layout.t1("key", "name", value) }}`, `{{ layout.t_of("role", code) }}`.
pub struct Layout {
    pub title: String,
    pub installation: String,
    pub user: Option<User>,
    pub bcp: Option<String>,
    pub csrf: String,
    /// (href, translated label, whether it is the current page).
    pub links: Vec<(&'static str, String, bool)>,
    pub lang: Language,
}

/// The language of the pages `user` sees (None: someone not signed in): the one place that decides it. For now
/// the installation's; the user's own setting will come first. Signed-in users carry it in `Principal::language`.
pub(crate) fn page_language(st: &AppState, user: Option<&User>) -> Language {
    let _ = user;
    st.config.language
}

/// The catalogue key of a page title handlers pass in English; None leaves the title as given.
fn title_key(title: &str) -> Option<&'static str> {
    Some(match title {
        "Sign in" => "title-sign-in",
        "Border check" => "title-check",
        "Check result" => "title-crossing",
        "Purpose of access" => "title-purpose",
        "Second line" => "title-second-line",
        "Crossing history" => "title-history",
        "Administration" => "title-admin",
        "Audit trail" => "title-audit",
        "Arrivals" => "title-arrivals",
        "PIU worklist" => "title-piu-worklist",
        "Flight" => "title-flight",
        "Targeting rules" => "title-rules",
        "BCP nodes" => "title-sync",
        _ => return None,
    })
}

impl Layout {
    pub fn new(st: &AppState, who: Option<&Principal>, title: &str, current: &str) -> Layout {
        let lang = who.map_or_else(|| page_language(st, None), |p| p.language);
        let role = who.map(|p| p.user.role);
        let mut links = Vec::new();
        let mut add = |href: &'static str, key: &str, roles: &[Role]| {
            if role.is_some_and(|r| roles.contains(&r)) {
                links.push((href, limes_i18n::t(lang, key), href == current));
            }
        };
        add("/check", "nav-check", crate::routes::OFFICERS);
        add("/pax", "nav-arrivals", crate::routes::BOARD_READERS);
        add("/pax/worklist", "nav-piu-worklist", crate::routes::PIU);
        add("/pax/rules", "nav-targeting-rules", crate::routes::PIU);
        add(
            "/second-line",
            "nav-second-line",
            crate::routes::SECOND_LINE,
        );
        add("/history", "nav-history", crate::routes::PERSON_READERS);
        add("/admin", "nav-admin", crate::routes::ADMINS);
        add("/audit", "nav-audit", crate::routes::AUDITORS);
        add("/sync", "nav-sync", crate::routes::NODE_WATCHERS);
        Layout {
            title: title_key(title).map_or_else(|| title.to_string(), |k| limes_i18n::t(lang, k)),
            installation: st.config.installation_name.clone(),
            user: who.map(|p| p.user.clone()),
            bcp: who.and_then(|p| p.session_bcp().map(str::to_string)),
            csrf: who.map(|p| p.csrf.clone()).unwrap_or_default(),
            links,
            lang,
        }
    }

    /// The writing direction of the page's language: "ltr" or "rtl".
    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }

    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.t_of("role", u.role.as_str()))
            .unwrap_or_default()
    }

    /// A message without placeables.
    pub fn t(&self, key: &str) -> String {
        limes_i18n::t(self.lang, key)
    }

    /// A message with one placeable.
    pub fn t1(&self, key: &str, name: &str, value: impl AsArg) -> String {
        limes_i18n::tr(self.lang, key, &[(name, value.as_arg())])
    }

    /// A message with two placeables (templates pass arguments by reference).
    pub fn t2(
        &self,
        key: &str,
        (n1, v1): &(&str, impl AsArg),
        (n2, v2): &(&str, impl AsArg),
    ) -> String {
        limes_i18n::tr(self.lang, key, &[(n1, v1.as_arg()), (n2, v2.as_arg())])
    }

    /// A message with any number of placeables of one kind (all text or all numbers).
    pub fn t_args(&self, key: &str, args: &[(&str, impl AsArg)]) -> String {
        let args: Vec<_> = args
            .iter()
            .map(|(name, value)| (*name, value.as_arg()))
            .collect();
        limes_i18n::tr(self.lang, key, &args)
    }

    /// The name of a code (a role, an outcome, a state…): the message `prefix-code`, or the code itself when the
    /// catalogue does not know it. "silent, behind" looks up `prefix-silent-behind`.
    pub fn t_of(&self, prefix: &str, code: &str) -> String {
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        let key = format!("{prefix}-{}", words.join("-"));
        if limes_i18n::has(Language::English, &key) {
            self.t(&key)
        } else {
            code.to_string()
        }
    }

    /// An outcome given by its English label (as some handlers still pass it), in the page's language.
    pub fn outcome_label(&self, label: &str) -> String {
        Outcome::ALL
            .into_iter()
            .find(|o| o.label() == label)
            .map_or_else(|| label.to_string(), |o| self.t_of("outcome", o.as_str()))
    }

    /// A message whose placeable `name` is shown as `<code>value</code>`, as HTML: the template marks it `|safe`,
    /// so the message and the value are escaped here.
    pub fn t_code(&self, key: &str, name: &str, value: &str) -> String {
        // A private-use character stands in for the value, so no translation can contain it by accident.
        const MARK: &str = "\u{E000}";
        let text = limes_i18n::tr(self.lang, key, &[(name, MARK.into())]);
        escape_html(&text).replace(MARK, &format!("<code>{}</code>", escape_html(value)))
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: template",
            )
                .into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    message: String,
    details: Vec<String>,
}

/// Render an error readably for a person; the status code stays right.
pub fn error_page(err: AppError, who: Option<&Principal>) -> Response {
    // No application state at hand here: a stranger's error page is in English, a user's in their language.
    let lang = who.map_or_else(Language::default, |p| p.language);
    error_page_in(err, who, lang)
}

fn error_page_in(err: AppError, who: Option<&Principal>, lang: Language) -> Response {
    let status = err.status();
    let body = err.body();
    let details = body
        .details
        .as_ref()
        .and_then(|d| d.get("bad_rows").or_else(|| d.get("errors")))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let layout = Layout {
        title: limes_i18n::tr(lang, "error-title", &[("status", status.as_u16().into())]),
        installation: "Limes".into(),
        user: who.map(|p| p.user.clone()),
        bcp: who.and_then(|p| p.session_bcp().map(str::to_string)),
        csrf: who.map(|p| p.csrf.clone()).unwrap_or_default(),
        links: vec![],
        lang,
    };
    let mut res = render(&ErrorPage {
        layout,
        status: status.as_u16(),
        message: match &body.field {
            Some(f) => format!(
                "{f}: {}",
                body.message.trim_start_matches(&format!("{f}: "))
            ),
            None => body.message,
        },
        details,
    });
    *res.status_mut() = status;
    res
}

/// UI handler result: errors become pages.
pub struct PageError(AppError, Option<Principal>);
impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0, self.1.as_ref())
    }
}
pub(crate) type PageResult = Result<Response, PageError>;
pub(crate) fn with(who: &Principal) -> impl Fn(AppError) -> PageError + '_ {
    move |e| PageError(e, Some(who.clone()))
}

pub async fn not_found(State(st): State<AppState>) -> Response {
    error_page_in(
        AppError::NotFound("no such page".into()),
        None,
        page_language(&st, None),
    )
}

// --- assets -------------------------------------------------------------------------------------

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "logo.svg",
        "image/svg+xml",
        include_bytes!("../assets/logo.svg"),
    ),
];

pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

// --- login --------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "login.html")]
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
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
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
    let user = match auth::login(&st, &f.username, &f.password, &addr.ip().to_string()).await {
        Ok(u) => u,
        Err(AppError::Unauthenticated) => {
            return fail(
                "Wrong username or password.".into(),
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(e) => return fail(e.to_string(), e.status()),
    };
    let bcp = f
        .bcp
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string);
    let bcp = match bcp {
        Some(b) if !user.may_use_bcp(&b) => {
            return fail(
                format!("You are not assigned to BCP {b}."),
                StatusCode::FORBIDDEN,
            )
        }
        Some(b) => Some(b),
        None if user.bcps.len() == 1 => user.bcps.first().cloned(),
        None => None,
    };
    let token = auth::new_secret();
    let now = st.clock.now();
    let session = Session {
        token_hash: limes_store::token_hash(&token),
        user_id: user.id.clone(),
        bcp: bcp.clone(),
        created_at: now,
        expires_at: now + chrono::Duration::hours(st.config.session_hours),
    };
    if let Err(e) = st.store.create_session(session).await {
        return fail(
            AppError::from(e).body().message,
            StatusCode::INTERNAL_SERVER_ERROR,
        );
    }
    let mut e = limes_domain::AuditEvent::new(now, &user.username, "login");
    e.role = Some(user.role.as_str().into());
    e.agency = Some(user.agency.clone());
    e.bcp = bcp;
    e.detail = format!("from {}", addr.ip());
    if let Err(err) = st.store.append_audit(e).await {
        return fail(
            AppError::from(err).body().message,
            StatusCode::INTERNAL_SERVER_ERROR,
        );
    }
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        st.config.session_hours * 3600,
        if st.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let mut res = Redirect::to(&safe_next(f.next.as_deref())).into_response();
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
    })
}

// --- the check ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    layout: Layout,
    bcps: Vec<Bcp>,
    done: Option<(String, String)>,
    error: Option<String>,
    mrz: String,
}

#[derive(Deserialize)]
pub struct CheckPageQuery {
    done: Option<String>,
}

pub async fn check_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CheckPageQuery>,
) -> PageResult {
    let bcps = my_bcps(&st, &who).await.map_err(with(&who))?;
    let done = match q.done {
        Some(id) => st
            .store
            .crossing(&id)
            .await
            .map_err(|e| with(&who)(e.into()))?
            .filter(|c| {
                c.check.officer == who.user.username
                    || c.decided_by.as_deref() == Some(&who.user.username)
            })
            .map(|c| {
                (
                    c.check.document.full_name(),
                    c.outcome
                        .or(c.first_outcome)
                        .map(|o| o.label())
                        .unwrap_or("")
                        .to_string(),
                )
            }),
        None => None,
    };
    Ok(render(&CheckPage {
        layout: Layout::new(&st, Some(&who), "Border check", "/check"),
        bcps,
        done,
        error: None,
        mrz: String::new(),
    }))
}

async fn my_bcps(st: &AppState, who: &Principal) -> Result<Vec<Bcp>, AppError> {
    Ok(st
        .store
        .bcps()
        .await?
        .into_iter()
        .filter(|b| b.active && who.user.may_use_bcp(&b.code))
        .collect())
}

#[derive(Deserialize, Default)]
pub struct CheckForm {
    #[serde(default)]
    mrz: String,
    direction: String,
    bcp: Option<String>,
    #[serde(default)]
    document_code: String,
    #[serde(default)]
    issuing_state: String,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    given_names: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    expiry_date: String,
}

pub async fn check_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<CheckForm>,
) -> PageResult {
    let direction = Direction::parse(&f.direction)
        .ok_or_else(|| with(&who)(AppError::invalid("direction", "choose entry or exit")))?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let req = if f.mrz.trim().is_empty() {
        CheckRequest {
            mrz: None,
            document: Some(ManualDocument {
                document_code: f.document_code.clone(),
                issuing_state: f.issuing_state.clone(),
                document_number: f.document_number.clone(),
                surname: f.surname.clone(),
                given_names: f.given_names.clone(),
                nationality: f.nationality.clone(),
                birth_date: opt(&f.birth_date),
                sex: opt(&f.sex),
                expiry_date: opt(&f.expiry_date),
            }),
            bcp: f.bcp.clone().filter(|b| !b.is_empty()),
            direction,
        }
    } else {
        CheckRequest {
            mrz: Some(f.mrz.clone()),
            document: None,
            bcp: f.bcp.clone().filter(|b| !b.is_empty()),
            direction,
        }
    };
    match check::run_check(&st, &who, req).await {
        Ok(r) => Ok(Redirect::to(&format!(
            "/crossings/{}?purpose=border+check",
            r.crossing_id
        ))
        .into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::BadRequest(_))) => {
            // Keep what the officer scanned so a typo can be fixed in place.
            let bcps = my_bcps(&st, &who).await.map_err(with(&who))?;
            let mut res = render(&CheckPage {
                layout: Layout::new(&st, Some(&who), "Border check", "/check"),
                bcps,
                done: None,
                error: Some(e.to_string()),
                mrz: f.mrz,
            });
            *res.status_mut() = e.status();
            Ok(res)
        }
        Err(e) => Err(with(&who)(e)),
    }
}

// --- a crossing (check result, decision) ---------------------------------------------------------

#[derive(Template)]
#[template(path = "crossing.html")]
struct CrossingPage {
    layout: Layout,
    c: Crossing,
    r: Option<CheckResponse>,
    can_decide: bool,
    reasons: Vec<limes_domain::RefusalReason>,
    hits: Vec<(check::WatchlistHit, String)>,
}

#[derive(Template)]
#[template(path = "purpose.html")]
pub(crate) struct PurposePage {
    pub(crate) layout: Layout,
    pub(crate) action: String,
}

#[derive(Deserialize)]
pub struct PurposeParam {
    purpose: Option<String>,
}

pub async fn crossing_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeParam>,
) -> PageResult {
    let Some(purpose) = q.purpose.as_deref().map(str::trim).filter(|p| p.len() >= 3) else {
        // Viewing a person's data needs a stated purpose: ask for it.
        return Ok(render(&PurposePage {
            layout: Layout::new(&st, Some(&who), "Purpose of access", ""),
            action: format!("/crossings/{id}"),
        }));
    };
    let c = api::view_crossing(&st, &who, &id, purpose)
        .await
        .map_err(with(&who))?;
    let r: Option<CheckResponse> = serde_json::from_str(&c.check.result_json).ok();
    let can_decide = match c.status {
        CrossingStatus::Pending => matches!(
            who.user.role,
            Role::FirstLineOfficer | Role::SecondLineOfficer | Role::Supervisor
        ),
        CrossingStatus::Referred => {
            matches!(who.user.role, Role::SecondLineOfficer | Role::Supervisor)
        }
        CrossingStatus::Decided => false,
    };
    let hits = r
        .as_ref()
        .map(|r| {
            r.watchlist_hits
                .iter()
                .map(|h| (h.clone(), explain_text(&h.explain)))
                .collect()
        })
        .unwrap_or_default();
    Ok(render(&CrossingPage {
        layout: Layout::new(&st, Some(&who), "Check result", ""),
        c,
        r,
        can_decide,
        reasons: st.config.refusal_reasons.clone(),
        hits,
    }))
}

/// A readable line from the engine's explanation, whatever its exact shape.
pub(crate) fn explain_text(v: &serde_json::Value) -> String {
    fn walk(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(v, &key, out);
                }
            }
            serde_json::Value::Array(a) => {
                let items: Vec<String> = a
                    .iter()
                    .map(|x| match x {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                out.push(format!("{prefix}: {}", items.join(", ")));
            }
            serde_json::Value::Number(n) => {
                let s = n
                    .as_f64()
                    .map(|f| {
                        if f.fract() == 0.0 {
                            format!("{f}")
                        } else {
                            format!("{f:.2}")
                        }
                    })
                    .unwrap_or_default();
                out.push(format!("{prefix}: {s}"));
            }
            serde_json::Value::String(s) => out.push(format!("{prefix}: {s}")),
            serde_json::Value::Bool(b) => out.push(format!("{prefix}: {b}")),
            serde_json::Value::Null => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out.join(" · ")
}

#[derive(Deserialize)]
pub struct DecisionForm {
    outcome: String,
    refusal_reason: Option<String>,
    note: Option<String>,
}

pub async fn decide_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let outcome = Outcome::parse(&f.outcome)
        .ok_or_else(|| with(&who)(AppError::invalid("outcome", "choose a decision")))?;
    let reason = f
        .refusal_reason
        .filter(|r| !r.trim().is_empty() && outcome == Outcome::Refused);
    let c = api::record_decision(
        &st,
        &who,
        &id,
        DecisionRequest {
            outcome,
            refusal_reason: reason,
            note: f.note,
        },
    )
    .await
    .map_err(with(&who))?;
    let target = if c.first_outcome == Some(Outcome::ReferredSecondLine)
        && c.status == CrossingStatus::Decided
    {
        "/second-line".to_string()
    } else {
        format!("/check?done={}", c.id)
    };
    Ok(Redirect::to(&target).into_response())
}

// --- second line, history -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "second_line.html")]
struct SecondLinePage {
    layout: Layout,
    queue: Vec<Crossing>,
}

pub async fn second_line_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let queue = api::queue(&st, &who, None).await.map_err(with(&who))?;
    Ok(render(&SecondLinePage {
        layout: Layout::new(&st, Some(&who), "Second line", "/second-line"),
        queue,
    }))
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    search: String,
    purpose: String,
    results: Option<Vec<Crossing>>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    search: Option<String>,
    purpose: Option<String>,
}

pub async fn history_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<HistoryQuery>,
) -> PageResult {
    let search = q.search.unwrap_or_default().trim().to_string();
    let purpose = q.purpose.unwrap_or_default().trim().to_string();
    let mut page = HistoryPage {
        layout: Layout::new(&st, Some(&who), "Crossing history", "/history"),
        search: search.clone(),
        purpose: purpose.clone(),
        results: None,
        error: None,
    };
    if search.is_empty() {
        return Ok(render(&page));
    }
    if purpose.len() < 3 {
        page.error = Some("Say why you search (purpose), e.g. \"second-line examination\".".into());
        return Ok(render(&page));
    }
    let bcp = if who.user.bcps.is_empty() {
        None
    } else {
        who.session_bcp()
            .map(str::to_string)
            .or_else(|| who.user.bcps.first().cloned())
    };
    let filter = CrossingFilter {
        search: Some(search.clone()),
        bcp,
        limit: 200,
        ..Default::default()
    };
    let found = st
        .store
        .crossings(&filter)
        .await
        .map_err(|e| with(&who)(e.into()))?;
    let mut e = who.audit(st.clock.now(), "person.search");
    e.purpose = Some(purpose);
    e.detail = format!("search '{search}': {} crossings", found.len());
    st.store
        .append_audit(e)
        .await
        .map_err(|e| with(&who)(e.into()))?;
    page.results = Some(found);
    Ok(render(&page))
}

// --- administration -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin.html")]
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
    let e = |e: limes_store::StoreError| with(&who)(e.into());
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

fn back_to_admin(msg: &str) -> Response {
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
    let previous = st
        .store
        .bcp(f.code.trim())
        .await
        .map_err(|e| with(&who)(e.into()))?;
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
    let b = api::save_bcp(&st, &who, bcp).await.map_err(with(&who))?;
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
    let req = api::NewUserRequest {
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
    let u = api::add_user(&st, &who.user.username, Some(&who), req)
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
    api::change_user_active(&st, &who, &id, active)
        .await
        .map_err(with(&who))?;
    Ok(back_to_admin(if active {
        "User activated."
    } else {
        "User deactivated; their sessions ended."
    }))
}

/// Read the uploaded file and the text fields of a multipart form.
pub(crate) async fn read_upload(
    mut mp: Multipart,
) -> Result<(Vec<u8>, std::collections::HashMap<String, String>), AppError> {
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("upload: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(format!("upload: {e}")))?;
        if name == "file" {
            file = Some(bytes.to_vec());
        } else {
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    match file {
        Some(f) if !f.is_empty() => Ok((f, fields)),
        _ => Err(AppError::invalid("file", "choose a file to import")),
    }
}

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
    let n = api::store_watchlist(
        &st,
        &who.audit(st.clock.now(), "watchlist.import"),
        &bytes,
        format,
        &id,
        "upload",
    )
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
    let n = api::store_document_alerts(
        &st,
        who.audit(st.clock.now(), "documents.import"),
        &bytes,
        replace,
        "upload",
    )
    .await
    .map_err(with(&who))?;
    Ok(back_to_admin(&format!(
        "{n} document alerts imported{}.",
        if replace { " (register replaced)" } else { "" }
    )))
}

// --- audit --------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    entries: Vec<limes_domain::AuditEntry>,
    verified: Result<u64, limes_domain::ChainBreak>,
}

pub async fn audit_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let e = |e: limes_store::StoreError| with(&who)(e.into());
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
