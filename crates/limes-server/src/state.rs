use crate::auth::LoginThrottle;
use crate::config::Config;
use crate::metrics::Metrics;
use limes_domain::Clock;
use limes_screen::Screener;
use limes_store::sync::SyncStore;
use limes_store::Store;
use std::sync::Arc;

/// Everything a handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub screener: Arc<Screener>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// Key for CSRF tokens (HMAC over the session).
    pub csrf_key: Arc<[u8; 32]>,
    pub throttle: Arc<LoginThrottle>,
    pub metrics: Arc<Metrics>,
    /// The targeting rules in force, compiled; rebuilt whenever the stored rules change.
    pub rules: Arc<arc_swap::ArcSwap<RulesInForce>>,
    /// The sync tables of the same database (the centre's view of its BCP nodes), when the backend has them.
    pub sync: Option<Arc<dyn SyncStore>>,
    /// Short-lived cache of token, session and BCP lookups (see [`crate::lookups`]).
    pub lookups: Arc<crate::lookups::Lookups>,
}

/// The stored rules (latest versions) and their compiled set.
pub struct RulesInForce {
    /// (id, version) of every stored rule: when the store says otherwise, recompile.
    pub fingerprint: Vec<(String, u32)>,
    pub rules: Vec<limes_rules::Rule>,
    pub set: limes_rules::RuleSet,
    pub compiled_at: chrono::DateTime<chrono::Utc>,
}

impl RulesInForce {
    pub fn empty(now: chrono::DateTime<chrono::Utc>) -> RulesInForce {
        RulesInForce {
            fingerprint: vec![],
            rules: vec![],
            set: limes_rules::RuleSet::compile(&[], now),
            compiled_at: now,
        }
    }
}

impl AppState {
    /// The state with the sync tables of its database, for the operations view of the BCP nodes.
    pub fn with_sync(mut self, sync: Arc<dyn SyncStore>) -> AppState {
        self.sync = Some(sync);
        self
    }

    /// The alert threshold in force: configuration, else the engine's calibrated default.
    pub fn alert_threshold(&self) -> f64 {
        use limes_screen::Matcher;
        self.config
            .alert_threshold
            .unwrap_or_else(|| self.screener.alert_threshold())
    }
}
