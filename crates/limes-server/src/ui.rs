//! What every page shares: the layout (navigation, identity), rendering, the error page, the purpose prompt, uploads
//! and the embedded assets. The pages themselves are in `crate::features`.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use limes_domain::Role;
use limes_store::User;

/// Navigation and identity shown on every page.
pub struct Layout {
    pub title: String,
    pub installation: String,
    pub user: Option<User>,
    pub bcp: Option<String>,
    pub csrf: String,
    pub links: Vec<(&'static str, &'static str, bool)>,
}

impl Layout {
    pub fn new(st: &AppState, who: Option<&Principal>, title: &str, current: &str) -> Layout {
        let role = who.map(|p| p.user.role);
        let mut links = Vec::new();
        let mut add = |href: &'static str, label: &'static str, roles: &[Role]| {
            if role.is_some_and(|r| roles.contains(&r)) {
                links.push((href, label, href == current));
            }
        };
        add("/check", "Check", crate::routes::OFFICERS);
        add("/pax", "Arrivals", crate::routes::BOARD_READERS);
        add("/pax/worklist", "PIU worklist", crate::routes::PIU);
        add("/pax/rules", "Targeting rules", crate::routes::PIU);
        add("/second-line", "Second line", crate::routes::SECOND_LINE);
        add(
            "/history",
            "Crossing history",
            crate::routes::PERSON_READERS,
        );
        add("/admin", "Administration", crate::routes::ADMINS);
        add("/audit", "Audit", crate::routes::AUDITORS);
        add("/sync", "BCP nodes", crate::routes::NODE_WATCHERS);
        Layout {
            title: title.to_string(),
            installation: st.config.installation_name.clone(),
            user: who.map(|p| p.user.clone()),
            bcp: who.and_then(|p| p.session_bcp().map(str::to_string)),
            csrf: who.map(|p| p.csrf.clone()).unwrap_or_default(),
            links,
        }
    }
    pub fn role_label(&self) -> &'static str {
        self.user.as_ref().map(|u| u.role.label()).unwrap_or("")
    }
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
        title: format!("Error {}", status.as_u16()),
        installation: "Limes".into(),
        user: who.map(|p| p.user.clone()),
        bcp: who.and_then(|p| p.session_bcp().map(str::to_string)),
        csrf: who.map(|p| p.csrf.clone()).unwrap_or_default(),
        links: vec![],
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

pub async fn not_found() -> Response {
    error_page(AppError::NotFound("no such page".into()), None)
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
#[template(path = "purpose.html")]
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
