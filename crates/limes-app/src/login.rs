//! Signing in: the password check behind a progressive delay, persisted in the store. Failures are counted per
//! account from one source address and per source address across accounts: a guesser (or a sprayer trying one
//! password on many accounts) is slowed down, while the account's owner, signing in from elsewhere, is not —
//! nobody can lock a named officer out by typing wrong passwords for them. Every attempt is audited:
//! `session.login`, `session.login_failed`, `session.throttled` (the source address, never the password).
use crate::error::{ErrorClass, UseCaseError};
use crate::metrics::Metrics;
use crate::App;
use chrono::{DateTime, Duration, Utc};
use limes_domain::AuditEvent;
use limes_store::{LoginCounter, Session, StoreError, User};

/// Characters of a typed username kept in the audit log and in the counters' keys.
pub const MAX_LOGGED_USERNAME_CHARS: usize = 64;

/// How failures turn into waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelayPolicy {
    /// Failures of one account from one source before any delay.
    pub free_failures: u32,
    /// The first delay; each further failure doubles it.
    pub first_delay: Duration,
    /// The longest delay. Also the quiet time after which one counted failure is forgotten.
    pub max_delay: Duration,
}

/// Several officers may share one post's NAT address: a source address across accounts is allowed this many
/// times the free failures of one account.
const SOURCE_FREE_FACTOR: u32 = 4;

impl DelayPolicy {
    pub fn from_config(cfg: &crate::Config) -> DelayPolicy {
        DelayPolicy {
            free_failures: cfg.login_max_failures,
            first_delay: Duration::seconds(1),
            max_delay: Duration::minutes(cfg.login_lockout_minutes.max(1)),
        }
    }

    /// The failures still counted at `now`: one is forgotten for every `max_delay` of quiet since the last.
    pub fn failures_at(&self, counter: &LoginCounter, now: DateTime<Utc>) -> u32 {
        let quiet = (now - counter.last_failure).num_seconds().max(0);
        let step = self.max_delay.num_seconds().max(1);
        let forgotten = u32::try_from(quiet / step).unwrap_or(u32::MAX);
        counter.failures.saturating_sub(forgotten)
    }

    /// The wait after the last of `failures` failures, with `free` failures allowed before any.
    pub fn delay_after(&self, failures: u32, free: u32) -> Duration {
        if failures < free.max(1) {
            return Duration::zero();
        }
        let doublings = (failures - free.max(1)).min(30);
        let seconds = self
            .first_delay
            .num_seconds()
            .saturating_mul(1i64 << doublings);
        Duration::seconds(seconds).min(self.max_delay)
    }

    /// How long an attempt at `now` must still wait under this counter (None: it may go ahead).
    pub fn wait(&self, counter: &LoginCounter, free: u32, now: DateTime<Utc>) -> Option<Duration> {
        let until = counter.last_failure + self.delay_after(self.failures_at(counter, now), free);
        (until > now).then(|| until - now)
    }
}

/// The counter key of one account from one source address.
pub fn account_source_key(username: &str, source: &str) -> String {
    format!("account:{username}|source:{source}")
}

/// The counter key of one source address across accounts.
pub fn source_key(source: &str) -> String {
    format!("source:{source}")
}

/// A typed username as the audit log and the counters keep it: trimmed, lower-cased, at most
/// [`MAX_LOGGED_USERNAME_CHARS`] characters, control and invisible characters escaped.
pub fn loggable_username(typed: &str) -> String {
    let trimmed = typed.trim();
    let mut out = String::new();
    for c in trimmed.chars().take(MAX_LOGGED_USERNAME_CHARS) {
        if c.is_control() || limes_screen::sanitize::hidden_kind(c).is_some() {
            out.extend(c.escape_unicode());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if trimmed.chars().nth(MAX_LOGGED_USERNAME_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// A sign-in as typed, with the source address it came from and the BCP of the shift (if chosen).
#[derive(Debug, Clone)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    pub bcp: Option<String>,
    pub source: String,
}

/// A session opened: the secret for the cookie (only its hash is stored).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub session_secret: String,
    pub bcp: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("Wrong username or password.")]
    WrongCredentials,
    /// Too many failures from this source (for this account, or across accounts): the attempt was not tried.
    #[error("too many failed logins; try again in {seconds} seconds")]
    Throttled { seconds: i64 },
    #[error("bcp: you are not assigned to BCP {0}")]
    NotAssigned(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for LoginError {
    fn class(&self) -> ErrorClass {
        match self {
            LoginError::WrongCredentials | LoginError::NotAssigned(_) => ErrorClass::Forbidden,
            LoginError::Throttled { .. } => ErrorClass::Conflict,
            LoginError::Store(e) => e.class(),
        }
    }
}

/// Check a username and password behind the progressive delay, and open a session on success.
#[tracing::instrument(skip_all)]
pub async fn sign_in(app: &App, r: LoginRequest) -> Result<SignedIn, LoginError> {
    let now = app.clock.now();
    let policy = DelayPolicy::from_config(&app.config);
    let typed = loggable_username(&r.username);
    let source: String = r.source.chars().take(64).collect();
    let pair_key = account_source_key(&typed, &source);
    let src_key = source_key(&source);
    let counters = app
        .store
        .login_counters(&[pair_key.clone(), src_key.clone()])
        .await?;
    let counter_of = |key: &str| counters.iter().find(|c| c.key == key);
    let pair_free = policy.free_failures;
    let src_free = policy.free_failures.saturating_mul(SOURCE_FREE_FACTOR);
    let wait = [
        counter_of(&pair_key).and_then(|c| policy.wait(c, pair_free, now)),
        counter_of(&src_key).and_then(|c| policy.wait(c, src_free, now)),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(wait) = wait {
        // Refused before the password is looked at: the delay tells nothing about it, and does not grow.
        let seconds = (wait.num_milliseconds() + 999) / 1000;
        let mut e = AuditEvent::new(now, &typed, "session.throttled");
        e.detail = format!("from {source}: wait {seconds} s");
        app.store.append_audit(e).await?;
        Metrics::inc(&app.metrics.logins_failed);
        return Err(LoginError::Throttled { seconds });
    }
    let found = app.store.user_credentials(r.username.trim()).await?;
    // Verified against a dummy hash when the user does not exist, so timing does not reveal usernames.
    let stored = found.as_ref().map(|(_, hash)| hash.as_str());
    let password_ok = crate::users::verify_password(&r.password, stored).await;
    let refusal = match &found {
        None => Some("unknown user"),
        Some(_) if !password_ok => Some("wrong password"),
        Some((user, _)) if !user.active => Some("account inactive"),
        // A machine account acts only through its API tokens, never through the sign-in page.
        Some((user, _)) if user.role.is_machine() => Some("machine account"),
        Some(_) => None,
    };
    let user = match (refusal, found) {
        (None, Some((user, _))) => user,
        (reason, _) => {
            let reason = reason.unwrap_or("unknown user");
            let next = |key: &str| LoginCounter {
                key: key.to_string(),
                failures: counter_of(key)
                    .map_or(0, |c| policy.failures_at(c, now))
                    .saturating_add(1),
                last_failure: now,
            };
            let mut e = AuditEvent::new(now, &typed, "session.login_failed");
            e.detail = format!("from {source}: {reason}");
            app.store
                .record_login_attempt(vec![next(&pair_key), next(&src_key)], vec![], e)
                .await?;
            Metrics::inc(&app.metrics.logins_failed);
            return Err(LoginError::WrongCredentials);
        }
    };
    let chosen = r
        .bcp
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string);
    let bcp = match chosen {
        Some(b) if !user.may_use_bcp(&b) => {
            let mut e = AuditEvent::new(now, &user.username, "session.login_failed");
            e.detail = format!("from {source}: not assigned to BCP {b}");
            app.store.append_audit(e).await?;
            return Err(LoginError::NotAssigned(b));
        }
        Some(b) => Some(b),
        None if user.bcps.len() == 1 => user.bcps.first().cloned(),
        None => None,
    };
    let secret = crate::users::new_secret();
    app.store
        .create_session(Session {
            token_hash: limes_store::token_hash(&secret),
            user_id: user.id.clone(),
            bcp: bcp.clone(),
            created_at: now,
            expires_at: now + Duration::hours(app.config.session_hours),
        })
        .await?;
    let mut e = AuditEvent::new(now, &user.username, "session.login");
    e.role = Some(user.role.as_str().into());
    e.agency = Some(user.agency.clone());
    e.bcp = bcp.clone();
    e.detail = format!("from {source}");
    // The owner's success from this source forgets this source's failures on the account (not the source's
    // failures across accounts: a sprayer's own account must not reset them).
    app.store
        .record_login_attempt(vec![], vec![pair_key], e)
        .await?;
    Metrics::inc(&app.metrics.logins_ok);
    Ok(SignedIn {
        user,
        session_secret: secret,
        bcp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> DelayPolicy {
        DelayPolicy {
            free_failures: 3,
            first_delay: Duration::seconds(1),
            max_delay: Duration::minutes(15),
        }
    }

    #[test]
    fn the_delay_starts_after_the_free_failures_doubles_and_is_capped() {
        let p = policy();
        assert_eq!(p.delay_after(2, 3), Duration::zero());
        assert_eq!(p.delay_after(3, 3), Duration::seconds(1));
        assert_eq!(p.delay_after(4, 3), Duration::seconds(2));
        assert_eq!(p.delay_after(6, 3), Duration::seconds(8));
        assert_eq!(p.delay_after(40, 3), Duration::minutes(15));
        assert_eq!(p.delay_after(u32::MAX, 3), Duration::minutes(15));
    }

    #[test]
    fn failures_are_forgotten_with_quiet_time() {
        let p = policy();
        let t = DateTime::UNIX_EPOCH;
        let c = LoginCounter {
            key: "k".into(),
            failures: 5,
            last_failure: t,
        };
        assert_eq!(p.failures_at(&c, t), 5);
        assert_eq!(p.failures_at(&c, t + Duration::minutes(31)), 3);
        assert_eq!(p.failures_at(&c, t + Duration::hours(3)), 0);
        assert_eq!(p.wait(&c, 3, t), Some(Duration::seconds(4)));
        assert_eq!(p.wait(&c, 3, t + Duration::seconds(4)), None);
    }

    #[test]
    fn a_typed_username_is_bounded_and_escaped_for_the_log() {
        assert_eq!(loggable_username("  Duty.Officer "), "duty.officer");
        let long = loggable_username(&"a".repeat(50_000));
        assert_eq!(long.chars().count(), MAX_LOGGED_USERNAME_CHARS + 1);
        assert!(long.ends_with('…'));
        assert_eq!(loggable_username("eve\nadmin"), "eve\\u{a}admin");
    }
}
