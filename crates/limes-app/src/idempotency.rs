//! The `Idempotency-Key` of the JSON API: a retry with the same key, from the same caller and with the same
//! request gets the first answer without the work being done again. Keys are claimed before the work runs, so
//! of two simultaneous requests only one does it; the other waits briefly for the answer, then gets a conflict.
use crate::{Actor, App, ErrorClass, UseCaseError};
use chrono::Duration;
use limes_store::{ClaimCutoffs, IdempotencyClaim, RememberedAnswer, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::future::Future;

/// The request header, as it is named in messages and the API document.
pub const HEADER: &str = "Idempotency-Key";
/// The longest key accepted, in characters.
pub const MAX_KEY_LEN: usize = 200;
/// How long an answer is kept for a retry.
pub const KEPT_HOURS: i64 = 24;
/// A pending claim older than this belongs to a request that died; its key is claimed afresh.
const PENDING_ABANDONED_SECS: i64 = 60;
/// How long a request waits for a simultaneous one with the same key before answering "in progress".
const WAIT_FOR_FIRST: std::time::Duration = std::time::Duration::from_secs(2);
const WAIT_STEP: std::time::Duration = std::time::Duration::from_millis(25);

#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError<E> {
    #[error("{HEADER}: a key is 1 to {MAX_KEY_LEN} visible ASCII characters")]
    BadKey,
    #[error("{HEADER}: this key was already used with a different request")]
    DifferentRequest,
    #[error("{HEADER}: a request with this key is still in progress; retry later")]
    InProgress,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Work(E),
}

impl<E: UseCaseError> UseCaseError for IdempotencyError<E> {
    fn class(&self) -> ErrorClass {
        match self {
            IdempotencyError::BadKey => ErrorClass::BadRequest,
            IdempotencyError::DifferentRequest => crate::error::invalid(HEADER),
            IdempotencyError::InProgress => ErrorClass::Conflict,
            IdempotencyError::Store(e) => e.class(),
            IdempotencyError::Work(e) => e.class(),
        }
    }
}

/// The answer to a request: freshly worked out, or the one remembered for its key.
#[derive(Debug)]
pub enum Answer<T> {
    Fresh(T),
    Replayed(RememberedAnswer),
}

/// Whether `key` is acceptable: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Whose key it is: the API token a machine calls with, else the user, else the operator process.
fn caller(actor: &Actor<'_>) -> String {
    match actor {
        Actor::User {
            token: Some(token), ..
        } => format!("token:{token}"),
        Actor::User { user, .. } => format!("user:{}", user.id),
        Actor::Operator(name) => format!("operator:{name}"),
    }
}

/// A digest of the route and the request, to tell a retry from another request under the same key.
fn request_hash(route: &str, request: &impl Serialize) -> Result<String, StoreError> {
    let body = serde_json::to_vec(request)
        .map_err(|e| StoreError::Backend(format!("cannot serialise the request: {e}")))?;
    let mut digest = Sha256::new();
    digest.update(route.as_bytes());
    digest.update([0]);
    digest.update(&body);
    Ok(hex::encode(digest.finalize()))
}

/// Run `work` on `request` once per key: without a key it simply runs; with one, a retry of the same `route` and `request`
/// gets the remembered answer. Only a successful answer (200) is remembered: a failed request did nothing, its
/// claim is released and a retry runs again.
pub async fn once<R, T, E, Fut>(
    app: &App,
    actor: &Actor<'_>,
    key: Option<&str>,
    route: &str,
    request: R,
    work: impl FnOnce(R) -> Fut,
) -> Result<Answer<T>, IdempotencyError<E>>
where
    R: Serialize,
    T: Serialize,
    Fut: Future<Output = Result<T, E>>,
{
    let Some(key) = key else {
        return work(request)
            .await
            .map(Answer::Fresh)
            .map_err(IdempotencyError::Work);
    };
    if !valid_key(key) {
        return Err(IdempotencyError::BadKey);
    }
    let caller = caller(actor);
    let hash = request_hash(route, &request).map_err(IdempotencyError::Store)?;
    let waited_since = std::time::Instant::now();
    loop {
        let now = app.clock.now();
        let cutoffs = ClaimCutoffs {
            answered_before: now - Duration::hours(KEPT_HOURS),
            pending_before: now - Duration::seconds(PENDING_ABANDONED_SECS),
        };
        let claim = app
            .store
            .claim(&caller, key, &hash, now, cutoffs)
            .await
            .map_err(IdempotencyError::Store)?;
        match claim {
            IdempotencyClaim::Claimed => break,
            IdempotencyClaim::Taken(record) if record.request_hash != hash => {
                return Err(IdempotencyError::DifferentRequest)
            }
            IdempotencyClaim::Taken(record) => match record.answer {
                Some(answer) => return Ok(Answer::Replayed(answer)),
                None if waited_since.elapsed() >= WAIT_FOR_FIRST => {
                    return Err(IdempotencyError::InProgress)
                }
                None => tokio::time::sleep(WAIT_STEP).await,
            },
        }
    }
    match work(request).await {
        Ok(value) => {
            let remembered = serde_json::to_string(&value)
                .map_err(|e| StoreError::Backend(format!("cannot serialise the answer: {e}")));
            let kept = match remembered {
                Ok(body) => {
                    let answer = RememberedAnswer { status: 200, body };
                    app.store.remember(&caller, key, &answer).await
                }
                Err(e) => Err(e),
            };
            // The work is done and committed: its answer goes out even if it could not be kept.
            if let Err(e) = kept {
                tracing::error!(error = %e, "could not keep the answer for an idempotency key");
                let _ = app.store.release(&caller, key).await;
            }
            Ok(Answer::Fresh(value))
        }
        Err(e) => {
            if let Err(release) = app.store.release(&caller, key).await {
                tracing::error!(error = %release, "could not release an idempotency key");
            }
            Err(IdempotencyError::Work(e))
        }
    }
}

/// Forget answers older than [`KEPT_HOURS`]; run by the retention loop.
pub async fn purge(app: &App) -> Result<u64, StoreError> {
    let before = app.clock.now() - Duration::hours(KEPT_HOURS);
    app.store.purge_idempotency(before).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_one_to_two_hundred_visible_ascii_characters() {
        assert!(valid_key("gate-7:2026-03-01T08:00:00Z#1"));
        assert!(valid_key(&"k".repeat(MAX_KEY_LEN)));
        assert!(!valid_key(&"k".repeat(MAX_KEY_LEN + 1)));
        assert!(!valid_key(""));
        assert!(!valid_key("with space"));
        assert!(!valid_key("é"));
    }

    #[test]
    fn the_hash_tells_routes_and_bodies_apart() {
        let a = request_hash("checks", &serde_json::json!({"mrz": "A"})).unwrap();
        assert_eq!(
            a,
            request_hash("checks", &serde_json::json!({"mrz": "A"})).unwrap()
        );
        assert_ne!(
            a,
            request_hash("checks", &serde_json::json!({"mrz": "B"})).unwrap()
        );
        assert_ne!(
            a,
            request_hash("decision", &serde_json::json!({"mrz": "A"})).unwrap()
        );
    }
}
