//! Who is calling and what they may do: argon2id passwords, session cookies, API tokens for machine clients,
//! HMAC CSRF tokens and the per-endpoint role check (signing in, with its progressive delay: `limes_app::login`).
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use limes_domain::Role;
use limes_store::{token_hash, TokenState, User};
use sha2::Sha256;

pub const SESSION_COOKIE: &str = "limes_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";

pub fn csrf_token(key: &[u8; 32], session_hash: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(session_hash.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

pub(crate) fn csrf_ok(key: &[u8; 32], session_hash: &str, given: &str) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return false;
    };
    mac.update(session_hash.as_bytes());
    match hex::decode(given.trim()) {
        Ok(bytes) => mac.verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

#[derive(Debug, Clone)]
pub enum AuthVia {
    Session {
        token_hash: String,
        bcp: Option<String>,
    },
    /// An API token, by its public id.
    ApiToken { id: String },
}

/// The authenticated caller, put into request extensions by [`authorize`].
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub via: AuthVia,
    /// CSRF token to embed in this session's forms (empty for API tokens).
    pub csrf: String,
    /// The language of this user's pages, error pages included.
    pub language: limes_i18n::Language,
}

impl Principal {
    /// The caller as the use cases see it.
    pub fn actor(&self) -> limes_app::Actor<'_> {
        match &self.via {
            AuthVia::ApiToken { id } => limes_app::Actor::token(&self.user, id),
            AuthVia::Session { bcp, .. } => limes_app::Actor::user(&self.user, bcp.as_deref()),
        }
    }
    pub fn session_bcp(&self) -> Option<&str> {
        match &self.via {
            AuthVia::Session { bcp, .. } => bcp.as_deref(),
            AuthVia::ApiToken { .. } => None,
        }
    }
    /// An audit event stamped with who, in which role, agency and BCP.
    pub fn audit(&self, at: DateTime<Utc>, action: &str) -> limes_domain::AuditEvent {
        self.actor().audit(at, action)
    }
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub async fn resolve_principal(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Principal>, AppError> {
    let now = state.clock.now();
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return api_token_principal(state, bearer.trim(), now).await;
    }
    let Some(cookie) = cookie_value(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(&cookie);
    let Some((session, user)) = state.lookups.session(state.store.as_ref(), &hash).await? else {
        return Ok(None);
    };
    if session.expires_at <= now || !user.active {
        return Ok(None);
    }
    let csrf = csrf_token(&state.csrf_key, &hash);
    Ok(Some(Principal {
        language: crate::ui::page_language(state, Some(&user)),
        user,
        via: AuthVia::Session {
            token_hash: hash,
            bcp: session.bcp,
        },
        csrf,
    }))
}

/// The caller of an API token: a machine account's token that is neither revoked nor expired, of an active
/// account. Its use is recorded (at most once a minute) beside the request, not in its way.
async fn api_token_principal(
    state: &AppState,
    bearer: &str,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, AppError> {
    let hash = token_hash(bearer);
    let Some((token, user)) = state.lookups.api_token(state.store.as_ref(), &hash).await? else {
        return Ok(None);
    };
    if token.state(now) != TokenState::Active || !user.active {
        return Ok(None);
    }
    if limes_app::tokens::use_worth_recording(&token, now) {
        state.lookups.api_token_used(&hash, now);
        let store = state.store.clone();
        let id = token.id.clone();
        tokio::spawn(async move {
            if let Err(e) = store.touch_api_token(&id, now).await {
                tracing::warn!(error = %e, token = %id, "could not record the API token's last use");
            }
        });
    }
    Ok(Some(Principal {
        language: crate::ui::page_language(state, Some(&user)),
        user,
        via: AuthVia::ApiToken { id: token.id },
        csrf: String::new(),
    }))
}

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// Any logged-in user.
    Authenticated,
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Authenticated => true,
            Access::Roles(roles) => roles.contains(&role),
        }
    }
}

/// The middleware every non-public route runs: authenticate, check the role, check CSRF on cookie-authenticated
/// state changes, then hand the [`Principal`] to the handler.
pub async fn authorize(state: AppState, access: Access, mut req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    if access == Access::Public {
        return next.run(req).await;
    }
    let principal = match resolve_principal(&state, req.headers()).await {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let Some(principal) = principal else {
        if is_api || req.method() != Method::GET {
            return AppError::Unauthenticated.into_response();
        }
        let back = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!("/login?next={}", urlencode(back));
        return Redirect::to(&target).into_response();
    };
    if !access.allows(principal.user.role) {
        let err = AppError::Forbidden(format!(
            "the role {} may not use {} {}",
            principal.user.role,
            req.method(),
            req.uri().path()
        ));
        return if is_api {
            err.into_response()
        } else {
            crate::ui::error_page(err, Some(&principal))
        };
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if let AuthVia::Session { token_hash, .. } = &principal.via {
            let (ok, rebuilt) = csrf_check(&state.csrf_key, token_hash, req).await;
            req = rebuilt;
            if !ok {
                let err = AppError::Forbidden(
                    "missing or invalid CSRF token; reload the page and try again".into(),
                );
                return if is_api {
                    err.into_response()
                } else {
                    crate::ui::error_page(err, Some(&principal))
                };
            }
        }
    }
    req.extensions_mut().insert(principal);
    next.run(req).await
}

/// CSRF token from the header, the query string (multipart forms) or an urlencoded form body (buffered and put back).
async fn csrf_check(key: &[u8; 32], session_hash: &str, req: Request) -> (bool, Request) {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return (csrf_ok(key, session_hash, v), req);
    }
    if let Some(q) = req.uri().query() {
        let from_query = serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()
            .and_then(|pairs| {
                pairs
                    .into_iter()
                    .find(|(k, _)| k == CSRF_FIELD)
                    .map(|(_, v)| v)
            });
        if let Some(v) = from_query {
            return (csrf_ok(key, session_hash, &v), req);
        }
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (false, req);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return (false, Request::from_parts(parts, axum::body::Body::empty()));
    };
    let ok = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v)
        })
        .is_some_and(|v| csrf_ok(key, session_hash, &v));
    (
        ok,
        Request::from_parts(parts, axum::body::Body::from(bytes)),
    )
}

pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_tokens_are_bound_to_the_session() {
        let key = [7u8; 32];
        let t = csrf_token(&key, "session-a");
        assert!(csrf_ok(&key, "session-a", &t));
        assert!(!csrf_ok(&key, "session-b", &t));
        assert!(!csrf_ok(&key, "session-a", "zz"));
    }
}
