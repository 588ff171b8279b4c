//! Storage traits. Domain and HTTP code talk to a `dyn Store`; each backend (`limes-store-sqlite`,
//! later `limes-store-postgres`) implements it with its own migrations, and runs [`testsuite`].

pub mod delta;
pub mod model;
pub mod node_status;
pub mod pax;
pub mod sync;
pub mod testsuite;
pub mod testsuite_sync;

use async_trait::async_trait;
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::document::AlertMatch;
use limes_domain::{Agency, Bcp, DocumentAlert};
pub use model::*;
pub use pax::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("storage backend error: {0}")]
    Backend(String),
}

impl From<limes_domain::DecisionRefused> for StoreError {
    fn from(e: limes_domain::DecisionRefused) -> Self {
        match e {
            limes_domain::DecisionRefused::ReferredAgain => StoreError::Invalid(e.to_string()),
            _ => StoreError::Conflict(e.to_string()),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Every state change that matters takes the audit event that describes it, and the backend writes both in
/// one transaction: no change without its audit entry, no audit entry for a change that did not happen.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Short backend name for logs and metrics ("sqlite", "postgres").
    fn backend(&self) -> &'static str;

    // --- organisation -------------------------------------------------------------------------
    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()>;
    async fn agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()>;
    async fn bcps(&self) -> StoreResult<Vec<Bcp>>;
    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>>;

    // --- users, sessions, API tokens ----------------------------------------------------------
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
    async fn create_session(&self, session: Session) -> StoreResult<()>;
    async fn session(&self, token_hash: &str) -> StoreResult<Option<(Session, User)>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn create_api_token(&self, token: NewApiToken, audit: AuditEvent) -> StoreResult<()>;
    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>>;

    // --- document-alert register --------------------------------------------------------------
    /// All or nothing: either every alert is stored or none is. `replace` empties the register first.
    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64>;
    /// Exact hits (after normalisation) and, labelled apart, hits that only match when O/0 and I/1 are merged.
    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        document_number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>>;
    async fn document_alert_count(&self) -> StoreResult<u64>;

    // --- watchlists (stored as the screening crate's JSON; the store does not interpret them) ---
    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>>;
    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>>;

    // --- checks and crossings -----------------------------------------------------------------
    /// A check creates a pending crossing record and its audit entry, committed before this returns.
    async fn record_check(&self, crossing: NewCrossing, audit: AuditEvent)
        -> StoreResult<Crossing>;
    /// Record an officer's decision; the state rules live in [`limes_domain::crossing::apply_decision`].
    async fn record_decision(
        &self,
        crossing_id: &str,
        decision: Decision,
        audit: AuditEvent,
    ) -> StoreResult<Crossing>;
    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>>;
    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>>;
    /// A traveller's crossings by document or by person: the counts, and the most recent `recent` (without their
    /// stored check results). Reads only what the check shows, however long the history.
    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory>;
    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<CrossingStats>;

    // --- advance passenger information -------------------------------------------------------
    /// The interchange already received from `sender` under `control_ref`, if any (intake is idempotent on it).
    async fn api_interchange(
        &self,
        sender: &str,
        control_ref: &str,
    ) -> StoreResult<Option<ApiInterchange>>;
    /// Store an interchange and its screened manifests in one transaction. A manifest supersedes the current
    /// one of the same flight and kind (kept as history); reviews of the same hit on the same person carry over.
    /// `Conflict` when the interchange was already stored (a concurrent resend).
    async fn record_api_intake(
        &self,
        interchange: ApiInterchange,
        manifests: Vec<NewManifest>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Flights whose arrival (else departure) falls in `[from, to)`, with their counts, soonest first.
    async fn api_flights(
        &self,
        from: chrono::NaiveDateTime,
        to: chrono::NaiveDateTime,
    ) -> StoreResult<Vec<FlightSummary>>;
    /// Flights with open hits, most serious first.
    async fn api_worklist(&self, limit: usize) -> StoreResult<Vec<FlightSummary>>;
    async fn api_flight(&self, key: &str) -> StoreResult<Option<FlightDetail>>;
    async fn api_hit(&self, id: &str) -> StoreResult<Option<ApiHit>>;
    /// An analyst's review of an open hit (confirmed or dismissed, with the reason).
    async fn review_api_hit(
        &self,
        id: &str,
        status: HitStatus,
        reason: &str,
        reviewer: &str,
        at: chrono::DateTime<chrono::Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ApiHit>;
    /// Confirmed pre-arrival hits on a traveller, found by any document key or the person key.
    async fn confirmed_api_alerts(
        &self,
        document_keys: &[String],
        person_key: &str,
    ) -> StoreResult<Vec<ConfirmedAlert>>;
    /// Save a new version of a targeting rule: `version` must be one more than the latest (1 for a new rule).
    async fn save_rule(&self, rule: StoredRule, audit: AuditEvent) -> StoreResult<()>;
    /// The latest version of every rule.
    async fn rules(&self) -> StoreResult<Vec<StoredRule>>;
    /// Every version of one rule, newest first.
    async fn rule_versions(&self, id: &str) -> StoreResult<Vec<StoredRule>>;
    /// How often each rule fired and how its hits were reviewed.
    async fn rule_stats(&self) -> StoreResult<Vec<RuleStats>>;
    /// Delete travellers of flights that arrived before `arrived_before`, unless a hit on them is confirmed;
    /// then the manifests left empty and the raw text of their interchanges.
    async fn purge_api_data(
        &self,
        arrived_before: chrono::NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport>;

    // --- audit --------------------------------------------------------------------------------
    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64>;
    /// Entries with `seq >= from_seq` in order, at most `limit`.
    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>>;
    /// Recent entries, newest first, for the auditor's screen.
    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>>;
}

/// Verify the whole audit chain through the trait, page by page.
pub async fn verify_audit_chain(
    store: &dyn Store,
) -> StoreResult<Result<u64, limes_domain::ChainBreak>> {
    let mut verifier = limes_domain::audit::ChainVerifier::default();
    let mut from = 1;
    loop {
        let page = store.audit_entries(from, 5000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for entry in &page {
            if let Err(brk) = verifier.feed(entry) {
                return Ok(Err(brk));
            }
        }
    }
    Ok(Ok(verifier.verified))
}
