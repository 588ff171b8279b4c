//! [`App`]: what every use case works with — the store, the screening engine with the lists loaded, the clock,
//! the configuration, the compiled targeting rules — cheap to clone.
use crate::config::Config;
use crate::lookups::Lookups;
use crate::metrics::Metrics;
use limes_domain::Clock;
use limes_screen::{Screener, WatchList};
use limes_store::sync::SyncStore;
use limes_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub screener: Arc<Screener>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    /// The targeting rules in force, compiled; rebuilt whenever the stored rules change.
    pub rules: Arc<arc_swap::ArcSwap<RulesInForce>>,
    /// The sync tables of the same database (the centre's view of its BCP nodes), when the backend has them.
    pub sync: Option<Arc<dyn SyncStore>>,
    /// Short-lived cache of token, session and BCP lookups (see [`crate::lookups`]).
    pub lookups: Arc<Lookups>,
    /// The list versions loaded into the screener, so the refresher swaps in only what changed.
    pub(crate) loaded_lists: Arc<parking_lot::Mutex<HashMap<String, i64>>>,
    /// What is wrong with this node's NATS link, when it syncs (see [`crate::nodes::SyncLink`]).
    pub sync_link: Option<crate::nodes::SyncLink>,
    /// Notified when lists were changed in the database by this process (a BCP node applying the centre's
    /// change): the refresher swaps them in at once instead of at its next poll.
    pub lists_changed: Arc<tokio::sync::Notify>,
    /// The firearm register's index in memory (see [`crate::firearms::current_index`]).
    pub firearm_index: Arc<crate::firearms::IndexCache>,
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

/// Why the application could not start on this database.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("stored watchlist '{list}' cannot be read: {reason}")]
    UnreadableList { list: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The watchlists as stored, parsed for screening, with their versions.
pub async fn load_watchlists(
    store: &dyn Store,
) -> Result<(Vec<WatchList>, HashMap<String, i64>), StartError> {
    let mut lists = Vec::new();
    let mut versions = HashMap::new();
    for (meta, json) in store.watchlists().await? {
        let list: WatchList =
            serde_json::from_str(&json).map_err(|e| StartError::UnreadableList {
                list: meta.id.clone(),
                reason: e.to_string(),
            })?;
        versions.insert(meta.id.clone(), meta.version);
        lists.push(list);
    }
    Ok((lists, versions))
}

impl App {
    /// The application on a store: the stored watchlists are loaded into the screening engine.
    pub async fn open(
        store: Arc<dyn Store>,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<App, StartError> {
        let (lists, versions) = load_watchlists(store.as_ref()).await?;
        let screener = Arc::new(Screener::new(lists));
        Ok(App {
            store,
            screener,
            clock: clock.clone(),
            config: Arc::new(config),
            metrics: Arc::default(),
            rules: Arc::new(arc_swap::ArcSwap::from_pointee(RulesInForce::empty(
                clock.now(),
            ))),
            sync: None,
            lookups: Arc::default(),
            loaded_lists: Arc::new(parking_lot::Mutex::new(versions)),
            sync_link: None,
            lists_changed: Arc::default(),
            firearm_index: Arc::default(),
        })
    }

    /// The application with the sync tables of its database, for the operations view of the BCP nodes.
    pub fn with_sync(mut self, sync: Arc<dyn SyncStore>) -> App {
        self.sync = Some(sync);
        self
    }

    /// The application with the reader of its NATS link's problem (a syncing node).
    pub fn with_sync_link(mut self, link: crate::nodes::SyncLink) -> App {
        self.sync_link = Some(link);
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
