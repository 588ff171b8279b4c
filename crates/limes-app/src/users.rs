//! Users and their passwords (API tokens: [`crate::tokens`]). Password hashing (argon2id, deliberately slow) runs on the blocking
//! pool, never on the async executor that serves checks.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine as _;
use limes_domain::Role;
use limes_store::{NewUser, StoreError, User};
use rand::RngCore;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("username: 2-64 characters: a-z, 0-9, '.', '-' or '_'")]
    InvalidUsername,
    #[error("password: {0}")]
    WeakPassword(&'static str),
    #[error("agency: unknown agency '{0}'")]
    UnknownAgency(String),
    #[error("bcps: unknown BCP '{0}'")]
    UnknownBcp(String),
    #[error("you cannot deactivate yourself")]
    SelfDeactivation,
    #[error("user_id: no such user")]
    NoSuchUser,
    #[error("language: '{0}' is not a language Limes ships (en, fr, ar, ru)")]
    UnknownLanguage(String),
    #[error("you cannot remove the administrator role from your own account")]
    SelfDemotion,
    #[error("the installation would have no active administrator left")]
    LastAdministrator,
    #[error("role: a person's account cannot become a machine account, nor a machine account a person's")]
    RoleKindChange,
    #[error("display_name: 1 to 100 characters")]
    InvalidDisplayName,
    #[error("a machine account signs in with API tokens only; it has no password to reset")]
    MachineAccount,
    #[error(
        "code: the reset code is unknown, used or expired; ask an administrator for a new one"
    )]
    InvalidResetCode,
    #[error("not found: user {0}")]
    UnknownUser(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for UserError {
    fn class(&self) -> ErrorClass {
        match self {
            UserError::InvalidUsername => invalid("username"),
            UserError::WeakPassword(_) => invalid("password"),
            UserError::UnknownAgency(_) => invalid("agency"),
            UserError::UnknownBcp(_) => invalid("bcps"),
            UserError::NoSuchUser => invalid("user_id"),
            UserError::UnknownLanguage(_) => invalid("language"),
            UserError::SelfDeactivation
            | UserError::SelfDemotion
            | UserError::LastAdministrator
            | UserError::MachineAccount => ErrorClass::Conflict,
            UserError::RoleKindChange => invalid("role"),
            UserError::InvalidDisplayName => invalid("display_name"),
            UserError::InvalidResetCode => invalid("code"),
            UserError::UnknownUser(_) => ErrorClass::NotFound,
            UserError::Internal(_) => ErrorClass::Internal,
            UserError::Store(e) => store_class(e),
        }
    }
}

/// Password policy: long enough, not a common password (the rule: [`crate::password_policy`]).
pub fn check_password_policy(password: &str) -> Result<(), UserError> {
    crate::password_policy::check(password).map_err(|rule| UserError::WeakPassword(rule.message()))
}

/// Hash a password with argon2id on the blocking pool.
#[tracing::instrument(skip_all)]
pub async fn hash_password(password: &str) -> Result<String, UserError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password_now(&password))
        .await
        .map_err(|e| UserError::Internal(format!("password hashing stopped: {e}")))?
}

fn hash_password_now(password: &str) -> Result<String, UserError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UserError::Internal(format!("password hashing failed: {e}")))
}

/// Whether `password` matches the stored hash, verified on the blocking pool. Without a stored hash (no such
/// user) a dummy hash is verified, so the time taken does not tell whether a username exists.
#[tracing::instrument(skip_all)]
pub async fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let password = password.to_string();
    let stored = stored.map(str::to_string);
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => verify_password_now(&password, &hash),
        None => {
            verify_password_now(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

fn verify_password_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password_now("no such user, no such password").unwrap_or_default())
}

/// A new random secret: 32 bytes, URL-safe base64 (session cookies, API tokens).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tracing::instrument(skip_all)]
pub async fn users(app: &App) -> Result<Vec<User>, UserError> {
    Ok(app.store.users().await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    #[serde(default)]
    pub bcps: Vec<String>,
    pub password: String,
}

/// Create a user (the API, the web UI and `limes user add` / `limes init` share this).
#[tracing::instrument(skip_all, fields(role = r.role.as_str(), agency = %r.agency))]
pub async fn add_user(app: &App, who: Actor<'_>, r: NewUserRequest) -> Result<User, UserError> {
    let username = r.username.trim().to_string();
    if !limes_store::valid_username(&username) {
        return Err(UserError::InvalidUsername);
    }
    check_password_policy(&r.password)?;
    if !app
        .store
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == r.agency)
    {
        return Err(UserError::UnknownAgency(r.agency));
    }
    let known: Vec<String> = app
        .store
        .bcps()
        .await?
        .into_iter()
        .map(|b| b.code)
        .collect();
    if let Some(b) = r.bcps.iter().find(|b| !known.contains(b)) {
        return Err(UserError::UnknownBcp(b.clone()));
    }
    let now = app.clock.now();
    let mut e = who.audit(now, "user.create");
    e.subject = Some(format!("user:{username}"));
    e.detail = format!(
        "role {} agency {} bcps [{}]",
        r.role,
        r.agency,
        r.bcps.join(",")
    );
    let new = NewUser {
        username,
        display_name: r.display_name.trim().to_string(),
        role: r.role,
        agency: r.agency,
        bcps: r.bcps,
        password_hash: hash_password(&r.password).await?,
        created_at: now,
        // The installation's language until the user chooses one.
        language: None,
    };
    Ok(app.store.create_user(new, e).await?)
}

/// Activate or deactivate a user; deactivation ends their sessions and API tokens at their next request.
#[tracing::instrument(skip_all, fields(user_id = id, active = active))]
pub async fn set_user_active(
    app: &App,
    who: Actor<'_>,
    id: &str,
    active: bool,
) -> Result<(), UserError> {
    if who.as_user().is_some_and(|u| u.id == id) && !active {
        return Err(UserError::SelfDeactivation);
    }
    if !active {
        refuse_losing_last_administrator(app, id).await?;
    }
    let mut e = who.audit(
        app.clock.now(),
        if active {
            "user.activate"
        } else {
            "user.deactivate"
        },
    );
    e.subject = Some(format!("user:{id}"));
    app.store.set_user_active(id, active, e).await?;
    app.lookups.users_changed();
    Ok(())
}

/// A user's own choice of the language of their pages (`None`: the installation's language). Takes effect at
/// their next page.
pub async fn set_own_language(
    app: &App,
    who: Actor<'_>,
    language: Option<&str>,
) -> Result<(), UserError> {
    let Some(user) = who.as_user() else {
        return Err(UserError::NoSuchUser);
    };
    let language = language.map(str::trim).filter(|l| !l.is_empty());
    if let Some(tag) = language {
        if limes_i18n::Language::from_tag(tag).is_none() {
            return Err(UserError::UnknownLanguage(tag.to_string()));
        }
    }
    let mut e = who.audit(app.clock.now(), "user.language");
    e.subject = Some(format!("user:{}", user.username));
    e.detail = language.unwrap_or("installation default").to_string();
    app.store.set_user_language(&user.id, language, e).await?;
    app.lookups.users_changed();
    Ok(())
}

/// Refuse to take away the only active administrator (deactivation): an installation must keep one.
async fn refuse_losing_last_administrator(app: &App, id: &str) -> Result<(), UserError> {
    let admins: Vec<User> = app
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.role == Role::Administrator)
        .collect();
    if admins.len() == 1 && admins.iter().any(|u| u.id == id) {
        return Err(UserError::LastAdministrator);
    }
    Ok(())
}

/// An administrator's change of a user's account (the username and password stay; see
/// [`issue_password_reset`]).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EditUserRequest {
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    /// BCP codes; empty for every BCP.
    #[serde(default)]
    pub bcps: Vec<String>,
    /// "en", "fr", "ar" or "ru"; none for the installation's language.
    #[serde(default)]
    pub language: Option<String>,
    pub active: bool,
}

/// Edit a user: name, role, agency, BCPs, language, active. Nobody deactivates themselves or removes their own
/// administrator role, a person's account does not become a machine account (nor the reverse: tokens belong to
/// machines), and the last active administrator stays one.
#[tracing::instrument(skip_all, fields(user_id = id, role = r.role.as_str()))]
pub async fn update_user(
    app: &App,
    who: Actor<'_>,
    id: &str,
    r: EditUserRequest,
) -> Result<User, UserError> {
    let existing = app
        .store
        .user(id)
        .await?
        .ok_or_else(|| UserError::UnknownUser(id.to_string()))?;
    if who.as_user().is_some_and(|u| u.id == id) {
        if !r.active {
            return Err(UserError::SelfDeactivation);
        }
        if existing.role == Role::Administrator && r.role != Role::Administrator {
            return Err(UserError::SelfDemotion);
        }
    }
    if existing.role.is_machine() != r.role.is_machine() {
        return Err(UserError::RoleKindChange);
    }
    let display_name = r.display_name.trim().to_string();
    if !(1..=100).contains(&display_name.chars().count()) {
        return Err(UserError::InvalidDisplayName);
    }
    let language = r
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    if let Some(tag) = &language {
        if limes_i18n::Language::from_tag(tag).is_none() {
            return Err(UserError::UnknownLanguage(tag.clone()));
        }
    }
    if !app
        .store
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == r.agency)
    {
        return Err(UserError::UnknownAgency(r.agency));
    }
    let known: Vec<String> = app
        .store
        .bcps()
        .await?
        .into_iter()
        .map(|b| b.code)
        .collect();
    let mut bcps: Vec<String> = r.bcps.iter().map(|b| b.trim().to_string()).collect();
    bcps.retain(|b| !b.is_empty());
    bcps.sort();
    bcps.dedup();
    if let Some(b) = bcps.iter().find(|b| !known.contains(b)) {
        return Err(UserError::UnknownBcp(b.clone()));
    }
    let mut e = who.audit(app.clock.now(), "user.update");
    e.subject = Some(format!("user:{}", existing.username));
    e.detail = format!(
        "role {} agency {} bcps [{}] language {} active {}",
        r.role,
        r.agency,
        bcps.join(","),
        language.as_deref().unwrap_or("default"),
        r.active
    );
    let update = limes_store::UserUpdate {
        display_name,
        role: r.role,
        agency: r.agency,
        bcps,
        language,
        active: r.active,
    };
    let user = app
        .store
        .update_user(id, update, e)
        .await
        .map_err(|err| match err {
            StoreError::Conflict(_) => UserError::LastAdministrator,
            StoreError::NotFound(_) => UserError::UnknownUser(id.to_string()),
            other => UserError::Store(other),
        })?;
    app.lookups.users_changed();
    Ok(user)
}

/// How long a password reset code works.
pub const RESET_CODE_VALID_HOURS: i64 = 24;

/// A one-time password reset code, shown once to the administrator who asked for it, who hands it to the user.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct IssuedReset {
    pub username: String,
    /// The code; only its hash is kept.
    pub code: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Issue a one-time password reset code for a person's account (audited; the code itself is neither logged nor
/// kept). The user sets a new password with it at `/password-reset`; the current password works until then, and
/// a newer code replaces an unused older one.
#[tracing::instrument(skip_all, fields(user_id = id))]
pub async fn issue_password_reset(
    app: &App,
    who: Actor<'_>,
    id: &str,
) -> Result<IssuedReset, UserError> {
    let user = app
        .store
        .user(id)
        .await?
        .ok_or_else(|| UserError::UnknownUser(id.to_string()))?;
    if user.role.is_machine() {
        return Err(UserError::MachineAccount);
    }
    let now = app.clock.now();
    let code = new_secret();
    let expires_at = now + chrono::Duration::hours(RESET_CODE_VALID_HOURS);
    let mut e = who.audit(now, "user.password_reset_issue");
    e.subject = Some(format!("user:{}", user.username));
    e.detail = format!("valid until {}", expires_at.to_rfc3339());
    app.store
        .create_password_reset(
            limes_store::NewPasswordReset {
                code_hash: limes_store::token_hash(&code),
                user_id: user.id.clone(),
                issued_by: who.name().to_string(),
                issued_at: now,
                expires_at,
            },
            e,
        )
        .await?;
    Ok(IssuedReset {
        username: user.username,
        code,
        expires_at,
    })
}

/// Set a new password with a reset code: the code is used up, the user's sessions end (audited as the user).
#[tracing::instrument(skip_all)]
pub async fn reset_password_with_code(
    app: &App,
    code: &str,
    new_password: &str,
) -> Result<User, UserError> {
    let code = code.trim();
    if code.is_empty() || code.len() > 128 {
        return Err(UserError::InvalidResetCode);
    }
    let now = app.clock.now();
    let hash_of_code = limes_store::token_hash(code);
    let user = app
        .store
        .password_reset_user(&hash_of_code, now)
        .await?
        .ok_or(UserError::InvalidResetCode)?;
    check_password_policy(new_password)?;
    let password_hash = hash_password(new_password).await?;
    let mut e = limes_domain::AuditEvent::new(now, &user.username, "user.password_reset");
    e.subject = Some(format!("user:{}", user.username));
    app.store
        .use_password_reset(&hash_of_code, &password_hash, now, e)
        .await
        .map_err(|err| match err {
            StoreError::NotFound(_) => UserError::InvalidResetCode,
            other => UserError::Store(other),
        })?;
    app.lookups.users_changed();
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_and_verify_off_the_executor() {
        let h = hash_password("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&h)).await);
        assert!(!verify_password("wrong", Some(&h)).await);
        assert!(!verify_password("x", Some("not a hash")).await);
        assert!(!verify_password("x", None).await);
    }

    #[test]
    fn the_policy_asks_for_length_only() {
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("ten chars!").is_ok());
        assert!(check_password_policy(&"x".repeat(1025)).is_err());
    }
}
