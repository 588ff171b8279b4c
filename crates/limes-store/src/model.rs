//! Records the store keeps. Shared by every backend.
use chrono::{DateTime, Utc};
use limes_domain::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

// The domain's records and rules, under the paths callers have always used.
pub use limes_domain::crossing::{
    apply_decision, Crossing, CrossingStatus, Decision, DecisionRefused, NewCrossing,
};
pub use limes_domain::traveller::TravelDocument;
pub use limes_domain::user::{valid_username, User};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    pub bcps: Vec<String>,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WatchlistMeta {
    pub id: String,
    pub name: String,
    pub source: String,
    pub published: Option<String>,
    pub entries: u64,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
    /// Incremented on each import of the list.
    pub version: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CrossingFilter {
    pub bcp: Option<String>,
    pub status: Option<CrossingStatus>,
    pub document_key: Option<String>,
    pub person_key: Option<String>,
    /// Crossings of either key: the history of one traveller.
    pub traveller: Option<(String, String)>,
    pub since: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    /// Free-text on surname or document number (prefix, case-insensitive).
    pub search: Option<String>,
    pub limit: usize,
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

/// A new globally unique, time-ordered id (UUID v7): ids made on different nodes never collide.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
