//! Users, their sessions and API tokens.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::Role;
use sha2::{Digest, Sha256};

use crate::{StoreError, StoreResult};
pub use limes_domain::user::{valid_language_tag, valid_username, User};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    pub bcps: Vec<String>,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    /// BCP 47 tag of the user's language; `None` for the installation's default.
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the cookie value: a stolen database does not yield live sessions.
    pub token_hash: String,
    pub user_id: String,
    /// The BCP the officer is working at during this session, if chosen.
    pub bcp: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub token_hash: String,
    pub user_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// An API token as its administrators see it: never the secret, nor its hash.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    /// A short public name of the token (the start of its hash), stamped on every audit entry it causes.
    pub id: String,
    pub user_id: String,
    pub username: String,
    /// What the token is for, e.g. "e-gate 3, terminal 2".
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// `None` only for tokens made before tokens expired.
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Recorded at most about once a minute, not at every request.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Whether a token is accepted now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

impl TokenState {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Active => "active",
            TokenState::Expired => "expired",
            TokenState::Revoked => "revoked",
        }
    }
}

impl ApiToken {
    pub fn state(&self, now: DateTime<Utc>) -> TokenState {
        if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires_at.is_some_and(|until| until <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }
}

/// The public id of a token: the first 16 hex digits of its hash (the hash is not secret-equivalent, but the full
/// hash is what a stolen copy of the database would be matched against, so only a prefix is shown).
pub fn token_id(token_hash: &str) -> String {
    token_hash.get(..16).unwrap_or(token_hash).to_string()
}

/// Hash of a secret token (session cookie or API token) as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The language setting checked for every backend: a well-formed BCP 47 tag, or none.
pub fn checked_language(language: Option<&str>) -> StoreResult<Option<String>> {
    match language.map(str::trim) {
        None => Ok(None),
        Some(tag) if valid_language_tag(tag) => Ok(Some(tag.to_string())),
        Some(tag) => Err(StoreError::Invalid(format!(
            "'{tag}' is not a language tag (BCP 47, such as fr, ar or ru)"
        ))),
    }
}

#[async_trait]
pub trait UserStore: Send + Sync + 'static {
    async fn create_user(&self, user: NewUser, audit: AuditEvent) -> StoreResult<User>;
    async fn user(&self, id: &str) -> StoreResult<Option<User>>;
    /// The user with the password hash, for login.
    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>>;
    async fn users(&self) -> StoreResult<Vec<User>>;
    async fn set_user_active(&self, id: &str, active: bool, audit: AuditEvent) -> StoreResult<()>;
    async fn set_password(
        &self,
        id: &str,
        password_hash: &str,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Set the language the user reads Limes in (a BCP 47 tag; `None` returns to the installation's default).
    /// `Invalid` for a malformed tag, `NotFound` for an unknown user.
    async fn set_user_language(
        &self,
        id: &str,
        language: Option<&str>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn create_session(&self, session: Session) -> StoreResult<()>;
    async fn session(&self, token_hash: &str) -> StoreResult<Option<(Session, User)>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// A token that never expires (tests, benchmarks); people's tools use [`UserStore::create_expiring_api_token`].
    async fn create_api_token(&self, token: NewApiToken, audit: AuditEvent) -> StoreResult<()> {
        self.create_expiring_api_token(token, None, audit).await
    }
    /// A token valid until `expires_at`; its id is [`token_id`] of its hash.
    async fn create_expiring_api_token(
        &self,
        token: NewApiToken,
        expires_at: Option<DateTime<Utc>>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// The active user of a token that is not revoked (expiry is the caller's to check, with its clock).
    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>>;
    /// A token (revoked and expired ones too) with its user, by the token's hash.
    async fn api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>>;
    /// Every token, newest first.
    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>>;
    /// Revoke one token by its id; `NotFound` for an unknown id. Revoking twice keeps the first time.
    async fn revoke_api_token(
        &self,
        id: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Record that the token was used at `at` (not audited: the requests it makes are).
    async fn touch_api_token(&self, id: &str, at: DateTime<Utc>) -> StoreResult<()>;
}
