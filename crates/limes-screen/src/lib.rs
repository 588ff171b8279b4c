//! Watchlists and screening: the list model, importers, and the matching engine behind the [`Matcher`] trait
//! that the border check and passenger screening call.

pub mod batch;
mod blocking_keys;
pub mod engine;
pub mod eval;
pub mod eval_split;
pub mod import;
pub mod model;
pub mod synthetic;
pub mod sanitize;
pub mod text;

use arc_swap::ArcSwap;
pub use batch::{run_screen_batch, BatchSummary};
pub use engine::{Engine, Explanation, Hit, Query, QueryDocument, DEFAULT_ALERT_THRESHOLD};
pub use model::*;
use std::sync::Arc;

/// The seam: whoever screens a traveller asks a `Matcher`.
pub trait Matcher: Send + Sync {
    /// Hits with a score of at least `min_score`, best first, at most `limit`.
    fn screen(&self, query: &Query, min_score: f64, limit: usize) -> Vec<Hit>;
    /// The score at or above which a hit is an alert.
    fn alert_threshold(&self) -> f64;
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ListInfo {
    pub id: String,
    pub name: String,
    pub entries: usize,
    pub published: Option<String>,
}

/// The lists in force, swapped whole on every change: a check sees the old lists or the new, never half of one.
pub struct Screener {
    engine: ArcSwap<Engine>,
    /// Serialises writers so two concurrent imports cannot lose each other's list.
    write: std::sync::Mutex<()>,
}

impl Screener {
    pub fn new(lists: Vec<WatchList>) -> Screener {
        Screener {
            engine: ArcSwap::from_pointee(Engine::build(lists.into_iter().map(Arc::new).collect())),
            write: std::sync::Mutex::new(()),
        }
    }

    fn rebuild(&self, change: impl FnOnce(&mut Vec<Arc<WatchList>>)) {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let mut lists: Vec<Arc<WatchList>> = self.engine.load().lists().to_vec();
        change(&mut lists);
        self.engine.store(Arc::new(Engine::build(lists)));
    }

    /// Add a list, or replace the list with the same id.
    pub fn replace_list(&self, list: WatchList) {
        self.rebuild(|lists| {
            lists.retain(|l| l.id != list.id);
            lists.push(Arc::new(list));
        });
    }

    pub fn remove_list(&self, id: &str) {
        self.rebuild(|lists| lists.retain(|l| l.id != id));
    }

    pub fn entry(&self, list: &str, entry_id: &str) -> Option<Arc<Entry>> {
        let engine = self.engine.load();
        let l = engine.lists().iter().find(|l| l.id == list)?;
        l.entries
            .iter()
            .find(|e| e.entry_id == entry_id)
            .map(|e| Arc::new(e.clone()))
    }

    pub fn list_infos(&self) -> Vec<ListInfo> {
        self.engine
            .load()
            .lists()
            .iter()
            .map(|l| ListInfo {
                id: l.id.clone(),
                name: l.name.clone(),
                entries: l.entries.len(),
                published: l.published.clone(),
            })
            .collect()
    }
}

impl Matcher for Screener {
    fn screen(&self, query: &Query, min_score: f64, limit: usize) -> Vec<Hit> {
        self.engine.load().screen(query, min_score, limit)
    }
    fn alert_threshold(&self) -> f64 {
        DEFAULT_ALERT_THRESHOLD
    }
}
