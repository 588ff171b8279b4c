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
    async fn create_api_token(&self, token: NewApiToken, audit: AuditEvent) -> StoreResult<()>;
    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>>;
}
