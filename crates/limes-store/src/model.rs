//! Records the store keeps. Shared by every backend.
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::{Direction, Outcome, RecommendationLevel, Role};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    /// BCP codes the user may work at; empty means every BCP.
    pub bcps: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn may_use_bcp(&self, bcp: &str) -> bool {
        self.bcps.is_empty() || self.bcps.iter().any(|b| b == bcp)
    }
}

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

/// Usernames: 2-64 characters of lower-case letters, digits, dot, dash and underscore.
pub fn valid_username(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
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

/// The travel document as read at the check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema, Default)]
pub struct TravelDocument {
    pub document_code: String,
    pub document_number: String,
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<String>,
    pub expiry_date: Option<NaiveDate>,
}

impl TravelDocument {
    /// Key of the document across crossings: issuing state and normalised number.
    pub fn document_key(&self) -> String {
        format!(
            "{}:{}",
            self.issuing_state.trim().to_ascii_uppercase(),
            limes_domain::document::normalize_document_number(&self.document_number)
        )
    }
    /// Key of the person across documents: name, birth date and nationality. Catches a traveller who
    /// renewed the passport.
    pub fn person_key(&self) -> String {
        crate::pax::person_key(
            &self.surname,
            &self.given_names,
            self.birth_date,
            &self.nationality,
        )
    }
    pub fn full_name(&self) -> String {
        match (self.surname.is_empty(), self.given_names.is_empty()) {
            (false, false) => format!("{}, {}", self.surname, self.given_names),
            (false, true) => self.surname.clone(),
            _ => self.given_names.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrossingStatus {
    /// Checked, no decision yet.
    Pending,
    /// Referred to second line, waiting for its decision.
    Referred,
    /// Final decision recorded.
    Decided,
}

impl CrossingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CrossingStatus::Pending => "pending",
            CrossingStatus::Referred => "referred",
            CrossingStatus::Decided => "decided",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "referred" => Some(Self::Referred),
            "decided" => Some(Self::Decided),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewCrossing {
    pub bcp: String,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub officer: String,
    pub document: TravelDocument,
    /// "mrz" or "manual".
    pub input_method: String,
    pub recommendation: RecommendationLevel,
    pub reasons: Vec<String>,
    /// Number of watchlist hits at or above the alert threshold, and of document alerts.
    pub hit_count: u32,
    pub alert_count: u32,
    /// The full check result as JSON, kept for second line and audit.
    pub result_json: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Crossing {
    pub id: String,
    #[serde(flatten)]
    pub check: NewCrossing,
    pub status: CrossingStatus,
    /// First-line decision.
    pub first_outcome: Option<Outcome>,
    pub first_officer: Option<String>,
    /// Final decision (first line's when it was final, else second line's).
    pub outcome: Option<Outcome>,
    pub refusal_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub outcome: Outcome,
    pub refusal_reason: Option<String>,
    pub note: Option<String>,
    pub officer: String,
    /// True when taken by second line (the officer has the second-line role).
    pub second_line: bool,
    pub at: DateTime<Utc>,
}

/// The decision rules, the same for every backend: first line decides a pending check (or refers it);
/// second line decides a referred one; a decided crossing is never changed.
pub fn apply_decision(c: &mut Crossing, d: &Decision) -> Result<(), StoreError> {
    match (c.status, d.second_line) {
        (CrossingStatus::Decided, _) => {
            return Err(StoreError::Conflict(format!(
                "crossing {} is already decided",
                c.id
            )))
        }
        (CrossingStatus::Pending, _) => {
            c.first_outcome = Some(d.outcome);
            c.first_officer = Some(d.officer.clone());
            if d.outcome == Outcome::ReferredSecondLine {
                c.status = CrossingStatus::Referred;
            } else {
                c.status = CrossingStatus::Decided;
                c.outcome = Some(d.outcome);
            }
        }
        (CrossingStatus::Referred, false) => {
            return Err(StoreError::Conflict(format!(
                "crossing {} is with second line; only a second-line officer decides it",
                c.id
            )))
        }
        (CrossingStatus::Referred, true) => {
            if d.outcome == Outcome::ReferredSecondLine {
                return Err(StoreError::Invalid(
                    "second line must decide, not refer again".into(),
                ));
            }
            c.status = CrossingStatus::Decided;
            c.outcome = Some(d.outcome);
        }
    }
    c.refusal_reason = d.refusal_reason.clone();
    c.decided_by = Some(d.officer.clone());
    c.decided_at = Some(d.at);
    if d.note.is_some() {
        c.note = d.note.clone();
    }
    Ok(())
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
