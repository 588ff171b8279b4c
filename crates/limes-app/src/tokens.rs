//! API tokens of machine accounts (e-gates, kiosks, carriers' PAXLST senders): made for a machine account only,
//! never for a person, valid for a bounded time, revoked one by one, listed with their state and last use.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::{DateTime, Duration, Utc};
use limes_store::{token_hash, token_id, ApiToken, NewApiToken, StoreError, TokenState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How long a token is valid when the request does not say.
pub const DEFAULT_VALID_DAYS: u32 = 90;
/// The longest a token may be valid: a forgotten token dies within a year.
pub const MAX_VALID_DAYS: u32 = 366;
/// The longest description of a token.
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("user_id: no such user")]
    NoSuchUser,
    #[error("user_id: '{0}' is a person's account; API tokens are only for machine accounts (role sender), so that no token acts in a person's name")]
    NotMachine(String),
    #[error("user_id: '{0}' is deactivated")]
    Inactive(String),
    #[error("name: is required, at most 100 characters, without control characters")]
    BadName,
    #[error("valid_days: between 1 and 366")]
    BadValidity,
    #[error("not found: API token {0}")]
    NoSuchToken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for TokenError {
    fn class(&self) -> ErrorClass {
        match self {
            TokenError::NoSuchUser | TokenError::NotMachine(_) | TokenError::Inactive(_) => {
                invalid("user_id")
            }
            TokenError::BadName => invalid("name"),
            TokenError::BadValidity => invalid("valid_days"),
            TokenError::NoSuchToken(_) => ErrorClass::NotFound,
            TokenError::Store(e) => store_class(e),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The machine account (role `sender`) the token acts as: its id or its username.
    pub user_id: String,
    /// What the token is for, e.g. "Utopia Air PAXLST gateway".
    pub name: String,
    /// Days until the token expires (1-366; default 90).
    #[serde(default)]
    pub valid_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Shown once; only its hash is stored.
    pub token: String,
    /// The token's public id: in every audit entry it causes, and what `revoke` takes.
    pub id: String,
    pub expires_at: DateTime<Utc>,
}

/// A token as listed, with its state now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenListing {
    #[serde(flatten)]
    pub token: ApiToken,
    pub state: TokenState,
}

/// Make a token for a machine account. The secret is returned once and stored hashed.
#[tracing::instrument(skip_all)]
pub async fn create_token(
    app: &App,
    who: Actor<'_>,
    r: TokenRequest,
) -> Result<TokenResponse, TokenError> {
    let wanted = r.user_id.trim();
    let user = match app.store.user(wanted).await? {
        Some(u) => u,
        None => app
            .store
            .users()
            .await?
            .into_iter()
            .find(|u| u.username == wanted)
            .ok_or(TokenError::NoSuchUser)?,
    };
    if !user.role.is_machine() {
        return Err(TokenError::NotMachine(user.username));
    }
    if !user.active {
        return Err(TokenError::Inactive(user.username));
    }
    let name = r.name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(TokenError::BadName);
    }
    let days = r.valid_days.unwrap_or(DEFAULT_VALID_DAYS);
    if !(1..=MAX_VALID_DAYS).contains(&days) {
        return Err(TokenError::BadValidity);
    }
    let token = crate::users::new_secret();
    let hash = token_hash(&token);
    let id = token_id(&hash);
    let now = app.clock.now();
    let expires_at = now + Duration::days(i64::from(days));
    let mut e = who.audit(now, "api_token.create");
    e.subject = Some(format!("api_token:{id}"));
    e.detail = format!(
        "for {} ({}), until {}",
        user.username,
        name,
        expires_at.format("%Y-%m-%d")
    );
    app.store
        .create_expiring_api_token(
            NewApiToken {
                token_hash: hash,
                user_id: user.id,
                name: name.to_string(),
                created_at: now,
            },
            Some(expires_at),
            e,
        )
        .await?;
    Ok(TokenResponse {
        token,
        id,
        expires_at,
    })
}

/// Revoke one token by its id; it stops at the very next request.
#[tracing::instrument(skip_all, fields(token = id))]
pub async fn revoke_token(app: &App, who: Actor<'_>, id: &str) -> Result<(), TokenError> {
    let id = id.trim();
    let now = app.clock.now();
    let mut e = who.audit(now, "api_token.revoke");
    e.subject = Some(format!("api_token:{id}"));
    match app.store.revoke_api_token(id, now, e).await {
        Err(StoreError::NotFound(_)) => return Err(TokenError::NoSuchToken(id.to_string())),
        other => other?,
    }
    app.lookups.users_changed();
    Ok(())
}

/// Every token with its state now, newest first.
#[tracing::instrument(skip_all)]
pub async fn list_tokens(app: &App) -> Result<Vec<TokenListing>, TokenError> {
    let now = app.clock.now();
    Ok(app
        .store
        .api_tokens()
        .await?
        .into_iter()
        .map(|token| TokenListing {
            state: token.state(now),
            token,
        })
        .collect())
}

/// The token's last use is written at most once per this interval, not at every request.
pub const LAST_USE_GRANULARITY: Duration = Duration::seconds(60);

/// Whether a request at `now` should record the token's use.
pub fn use_worth_recording(token: &ApiToken, now: DateTime<Utc>) -> bool {
    token
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USE_GRANULARITY)
}
