//! A short-lived cache of the lookups every request makes before its real work: who an API token or a session
//! belongs to, and the BCP a check is at. On PostgreSQL each is a round trip to the server; they change rarely.
//!
//! - An entry lives [`LOOKUP_TTL`] at most, so a change made by another process (`limes user …` beside the
//!   running server) takes effect within that time.
//! - A change made through this server drops the entries it concerns at once: a BCP upserted, a user
//!   (de)activated or a token revoked (every cached principal: an inactive user's tokens and sessions stop at the next request), a
//!   session ended.
//! - Only found entries are kept (an unknown token is asked again each time, so guessing cannot fill memory), and
//!   a map that reaches [`MAX_ENTRIES`] is emptied.
//!
//! The age is measured on the monotonic clock, not the injected wall clock: it is no business time, and a test's
//! clock that stands still must not make entries live for ever.
use limes_domain::Bcp;
use limes_store::{ApiToken, Session, Store, StoreResult, User};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a cached lookup is used before the store is asked again.
pub const LOOKUP_TTL: Duration = Duration::from_secs(5);
/// Entries per map before it is emptied.
pub const MAX_ENTRIES: usize = 10_000;

struct Map<V> {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, V)>>,
}

impl<V: Clone> Map<V> {
    fn new(ttl: Duration) -> Self {
        Map {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }
    fn get(&self, key: &str) -> Option<V> {
        if self.ttl.is_zero() {
            return None;
        }
        let mut m = self.entries.lock();
        match m.get(key) {
            Some((at, v)) if at.elapsed() < self.ttl => Some(v.clone()),
            Some(_) => {
                m.remove(key);
                None
            }
            None => None,
        }
    }
    fn put(&self, key: &str, value: V) {
        if self.ttl.is_zero() {
            return;
        }
        let mut m = self.entries.lock();
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key.to_string(), (Instant::now(), value));
    }
    fn update(&self, key: &str, change: impl FnOnce(&mut V)) {
        if let Some((_, v)) = self.entries.lock().get_mut(key) {
            change(v);
        }
    }
    fn remove(&self, key: &str) {
        self.entries.lock().remove(key);
    }
    fn clear(&self) {
        self.entries.lock().clear();
    }
}

/// The cached lookups of one server.
pub struct Lookups {
    tokens: Map<User>,
    api_tokens: Map<(ApiToken, User)>,
    sessions: Map<(Session, User)>,
    bcps: Map<Bcp>,
}

impl Default for Lookups {
    fn default() -> Self {
        Lookups::new(LOOKUP_TTL)
    }
}

impl Lookups {
    /// A cache keeping entries for `ttl` (zero: no caching).
    pub fn new(ttl: Duration) -> Lookups {
        Lookups {
            tokens: Map::new(ttl),
            api_tokens: Map::new(ttl),
            sessions: Map::new(ttl),
            bcps: Map::new(ttl),
        }
    }

    /// The active user of an API token (by its hash).
    pub async fn api_token_user(
        &self,
        store: &dyn Store,
        token_hash: &str,
    ) -> StoreResult<Option<User>> {
        if let Some(u) = self.tokens.get(token_hash) {
            return Ok(Some(u));
        }
        let found = store.api_token_user(token_hash).await?;
        if let Some(u) = &found {
            self.tokens.put(token_hash, u.clone());
        }
        Ok(found)
    }

    /// An API token (revoked and expired ones too: the caller decides) and its user, by the token's hash.
    pub async fn api_token(
        &self,
        store: &dyn Store,
        token_hash: &str,
    ) -> StoreResult<Option<(ApiToken, User)>> {
        if let Some(found) = self.api_tokens.get(token_hash) {
            return Ok(Some(found));
        }
        let found = store.api_token(token_hash).await?;
        if let Some(f) = &found {
            self.api_tokens.put(token_hash, f.clone());
        }
        Ok(found)
    }

    /// A token's use was recorded at `at`: the cached copy says so, so the next requests do not record it again.
    pub fn api_token_used(&self, token_hash: &str, at: chrono::DateTime<chrono::Utc>) {
        self.api_tokens
            .update(token_hash, |(token, _)| token.last_used_at = Some(at));
    }

    /// A session and its user (by the session token's hash). The caller checks expiry and activity.
    pub async fn session(
        &self,
        store: &dyn Store,
        token_hash: &str,
    ) -> StoreResult<Option<(Session, User)>> {
        if let Some(s) = self.sessions.get(token_hash) {
            return Ok(Some(s));
        }
        let found = store.session(token_hash).await?;
        if let Some(s) = &found {
            self.sessions.put(token_hash, s.clone());
        }
        Ok(found)
    }

    pub async fn bcp(&self, store: &dyn Store, code: &str) -> StoreResult<Option<Bcp>> {
        if let Some(b) = self.bcps.get(code) {
            return Ok(Some(b));
        }
        let found = store.bcp(code).await?;
        if let Some(b) = &found {
            self.bcps.put(code, b.clone());
        }
        Ok(found)
    }

    /// A session ended (logout).
    pub fn session_ended(&self, token_hash: &str) {
        self.sessions.remove(token_hash);
    }

    /// A user or a token changed (activated, deactivated, revoked): every cached principal goes.
    pub fn users_changed(&self) {
        self.tokens.clear();
        self.api_tokens.clear();
        self.sessions.clear();
    }

    /// A BCP was added or changed.
    pub fn bcps_changed(&self) {
        self.bcps.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_dropped() {
        let m: Map<u32> = Map::new(Duration::from_millis(50));
        m.put("a", 1);
        assert_eq!(m.get("a"), Some(1));
        m.remove("a");
        assert_eq!(m.get("a"), None);
        m.put("b", 2);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(m.get("b"), None, "expired");
        let off: Map<u32> = Map::new(Duration::ZERO);
        off.put("c", 3);
        assert_eq!(off.get("c"), None, "a zero TTL caches nothing");
    }

    #[test]
    fn a_full_map_is_emptied() {
        let m: Map<usize> = Map::new(Duration::from_secs(60));
        for i in 0..MAX_ENTRIES {
            m.put(&i.to_string(), i);
        }
        assert_eq!(m.get("7"), Some(7));
        m.put("one more", 0);
        assert_eq!(m.get("7"), None);
        assert_eq!(m.get("one more"), Some(0));
    }
}
