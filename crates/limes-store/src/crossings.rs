//! Checks and crossings: the record of each check, the officers' decisions, a traveller's history and the
//! counts for the dashboard. The records and the decision rules are the domain's ([`limes_domain::crossing`]).
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use serde::{Deserialize, Serialize};

use crate::StoreResult;
pub use limes_domain::crossing::{
    apply_decision, close_unfinished, AdmissionOverride, Crossing, CrossingStatus, Decision,
    DecisionRefused, HitGravity, NewCrossing, OverrideReason,
};
pub use limes_domain::traveller::TravelDocument;

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CrossingFilter {
    pub bcp: Option<String>,
    /// Crossings at any of these BCPs (a user's scope); empty: no such restriction.
    pub bcps: Vec<String>,
    /// The final outcome.
    pub outcome: Option<limes_domain::Outcome>,
    /// The officer who checked or decided.
    pub officer: Option<String>,
    pub status: Option<CrossingStatus>,
    pub document_key: Option<String>,
    pub person_key: Option<String>,
    /// Crossings of either key: the history of one traveller.
    pub traveller: Option<(String, String)>,
    pub since: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    /// Free-text on surname or document number (prefix, case-insensitive).
    pub search: Option<String>,
    /// Name search, alternatives to `search`: a crossing matches when every token of one of these lists starts
    /// a word of its stored name search key (tokens as the app's name normalisation makes them).
    pub name_tokens: Vec<Vec<String>>,
    pub limit: usize,
    /// Skip this many of the newest first (paging).
    pub offset: usize,
    /// Leave out the stored check result (`result_json` comes back empty): for summaries on the hot path.
    pub without_result: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TravellerHistory {
    pub total: u64,
    pub entries: u64,
    pub exits: u64,
    pub refusals: u64,
    pub referrals: u64,
    /// Newest first.
    pub recent: Vec<Crossing>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CrossingStats {
    pub total: u64,
    pub entries: u64,
    pub exits: u64,
    pub admitted: u64,
    pub refused: u64,
    pub protection_requests: u64,
    pub referred_open: u64,
    pub pending: u64,
}

#[async_trait]
pub trait CrossingStore: Send + Sync + 'static {
    /// A check creates a pending crossing record and its audit entry, committed before this returns.
    async fn record_check(&self, crossing: NewCrossing, audit: AuditEvent)
        -> StoreResult<Crossing>;
    /// Record an officer's decision; the state rules are the domain's [`apply_decision`].
    async fn record_decision(
        &self,
        crossing_id: &str,
        decision: Decision,
        audit: AuditEvent,
    ) -> StoreResult<Crossing>;
    /// Close a check that got no decision, as abandoned or superseded by a rescan (the domain's
    /// [`close_unfinished`]): kept with its state for audit, no longer counted as a crossing.
    async fn close_check(
        &self,
        crossing_id: &str,
        status: CrossingStatus,
        by: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<Crossing>;
    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>>;
    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>>;
    /// A traveller's crossings by document or by person: the counts, and the most recent `recent` (without their
    /// stored check results). Reads only what the check shows, however long the history. Checks closed without a
    /// decision (abandoned, superseded) are not crossings: neither counted nor listed.
    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory>;
    /// The counts leave out checks closed without a decision (abandoned, superseded).
    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: DateTime<Utc>,
    ) -> StoreResult<CrossingStats>;
    /// Crossings whose name search key is not made yet (recorded before it existed, or arrived from a node):
    /// (id, surname, given names), at most `limit`.
    async fn crossings_without_search_key(
        &self,
        limit: usize,
    ) -> StoreResult<Vec<(String, String, String)>>;
    /// Store name search keys: (crossing id, key).
    async fn set_crossing_search_keys(&self, keys: Vec<(String, String)>) -> StoreResult<()>;
}
