//! What every page shares: the layout (navigation, identity), rendering, the error page, the purpose prompt, uploads
//! and the embedded assets. The pages themselves are in `crate::features`.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::extract::{Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use limes_domain::{Outcome, Role};
use limes_i18n::{AsArg, Language};
use limes_store::User;

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
    user.and_then(|u| u.language.as_deref())
        .and_then(Language::from_tag)
        .unwrap_or(st.config.language)
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
        "Overstayers" => "title-overstayers",
        "Examination" => "title-examination",
        "Edit user" => "title-edit-user",
        "Password reset" => "title-password-reset",
        "Vehicle check" => "title-vehicle-check",
        "Seizures" | "Seizure" => "title-seizures",
        "New seizure" => "title-seizure-new",
        "Seizure gallery" => "title-seizure-gallery",
        "Seizure statistics" => "title-seizure-stats",
        "Risk indicators" => "title-risk-indicators",
        "Firearm look-up" => "title-firearms",
        "Trace requests" => "title-traces",
        _ => return None,
    })
}

/// The navigation a role sees (also on error pages, so that a user is never left without a way on).
fn nav_links(
    lang: Language,
    role: Option<Role>,
    current: &str,
) -> Vec<(&'static str, String, bool)> {
    let mut links = Vec::new();
    let mut add = |href: &'static str, key: &str, roles: &[Role]| {
        if role.is_some_and(|r| roles.contains(&r)) {
            links.push((href, limes_i18n::t(lang, key), href == current));
        }
    };
    add("/check", "nav-check", crate::routes::OFFICERS);
    add("/vehicles", "nav-vehicles", crate::routes::OFFICERS);
    add(
        "/arms/salw/verify",
        "nav-salw-verify",
        crate::routes::SALW_CUSTOMS,
    );
    add(
        "/arms/salw/impoundments",
        "nav-salw-impoundments",
        crate::routes::SALW_CUSTODIANS,
    );
    add(
        "/arms/salw/authorisations",
        "nav-salw-authorisations",
        crate::routes::SALW_AUTHORITY,
    );
    add(
        "/surveillance/incidents",
        "nav-surveillance",
        crate::routes::SURVEILLANCE_READERS,
    );
    add(
        "/arms/firearms",
        "nav-firearms",
        crate::routes::FIREARM_READERS,
    );
    add("/arms/traces", "nav-traces", crate::routes::FIREARM_READERS);
    add("/pax", "nav-arrivals", crate::routes::BOARD_READERS);
    add("/pax/worklist", "nav-piu-worklist", crate::routes::PIU);
    add("/pax/rules", "nav-targeting-rules", crate::routes::PIU);
    add(
        "/goods/declarations",
        "nav-goods-declarations",
        crate::routes::GOODS_READERS,
    );
    add(
        "/goods/inspections",
        "nav-goods-inspections",
        crate::routes::INSPECTORS,
    );
    add("/seizures", "nav-seizures", crate::routes::SEIZURE_READERS);
    add(
        "/goods/rules",
        "nav-goods-rules",
        crate::routes::GOODS_ANALYSTS,
    );
    add(
        "/second-line",
        "nav-second-line",
        crate::routes::SECOND_LINE,
    );
    add("/history", "nav-history", crate::routes::PERSON_READERS);
    add("/risk/indicators", "nav-risk", crate::routes::RISK_ANALYSTS);
    add(
        "/overstayers",
        "nav-overstayers",
        crate::routes::SUPERVISORS,
    );
    add("/admin", "nav-admin", crate::routes::ADMINS);
    add("/audit", "nav-audit", crate::routes::AUDITORS);
    add("/sync", "nav-sync", crate::routes::NODE_WATCHERS);
    add(
        "/cooperation/hotline",
        "nav-hotline",
        crate::routes::HOTLINE_READERS,
    );
    add(
        "/cooperation/integrity",
        "nav-integrity",
        crate::routes::INTERNAL_AFFAIRS,
    );
    add(
        "/cooperation",
        "nav-cooperation",
        crate::routes::CONTACT_UNIT,
    );
    links
}

impl Layout {
    pub fn new(st: &AppState, who: Option<&Principal>, title: &str, current: &str) -> Layout {
        let lang = who.map_or_else(|| page_language(st, None), |p| p.language);
        let links = nav_links(lang, who.map(|p| p.user.role), current);
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

    /// The languages a user may choose for their pages: (tag, name in that language).
    pub fn languages(&self) -> Vec<(&'static str, &'static str)> {
        Language::ALL
            .into_iter()
            .map(|l| (l.code(), l.native_name()))
            .collect()
    }
    /// Whether the page is in the language of this tag.
    pub fn is_lang(&self, tag: &str) -> bool {
        self.lang.code() == tag
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
#[template(path = "shared/error.html")]
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
        links: nav_links(lang, who.map(|p| p.user.role), ""),
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
/// Turn any use-case error into this user's error page: `.map_err(with(&who))`.
pub(crate) fn with<E: Into<AppError>>(who: &Principal) -> impl Fn(E) -> PageError + '_ {
    move |e| PageError(e.into(), Some(who.clone()))
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

#[derive(Template)]
#[template(path = "shared/purpose.html")]
pub(crate) struct PurposePage {
    pub(crate) layout: Layout,
    pub(crate) action: String,
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
