//! Advance passenger information as the store keeps it: interchanges (for idempotent intake), flights, manifests
//! (each new manifest for a flight supersedes the earlier one; the history is kept), travellers, their
//! pre-arrival hits and the analyst's review, and the targeting rules with every version.
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use limes_domain::audit::AuditEvent;
use serde::{Deserialize, Serialize};

use crate::StoreResult;

pub use limes_domain::flight::{conveyance_key, flight_designator, flight_key, TransportMode};
pub use limes_domain::traveller::person_key;

/// One leg of a journey by air, sea, road or rail. The conveyance's details are kept with each leg (as each TDT
/// of a PAXLST gives them); legs stored before they were kept read as air legs without them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FlightLeg {
    pub carrier: String,
    /// The conveyance reference: a flight number, a voyage or trip number (may be empty on land).
    pub flight_number: String,
    #[serde(default)]
    pub mode: TransportMode,
    /// A vehicle's registration plate, a train's or a vessel's call sign, when sent.
    #[serde(default)]
    pub registration: String,
    #[serde(default)]
    pub vessel_name: String,
    #[serde(default)]
    pub imo_number: String,
    /// Departure place: an airport, a port, a road or rail crossing.
    pub departure_airport: String,
    pub departure_time: Option<NaiveDateTime>,
    pub arrival_airport: String,
    pub arrival_time: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiFlight {
    pub key: String,
    pub carrier: String,
    pub flight_number: String,
    /// First departure of the route.
    pub departure_airport: String,
    pub departure_time: Option<NaiveDateTime>,
    /// Last arrival of the route: where the travellers enter.
    pub arrival_airport: String,
    pub arrival_time: Option<NaiveDateTime>,
    /// The BCP at the arrival airport, when one is configured for it.
    pub arrival_bcp: Option<String>,
    pub legs: Vec<FlightLeg>,
}

impl ApiFlight {
    /// How the travellers come: the mode of the first leg (air when no leg is known).
    pub fn mode(&self) -> TransportMode {
        self.legs.first().map(|l| l.mode).unwrap_or_default()
    }
    /// The leg arriving where the travellers enter (at [`ApiFlight::arrival_airport`]), else the last.
    pub fn arriving_leg(&self) -> Option<&FlightLeg> {
        self.legs
            .iter()
            .find(|l| !l.arrival_airport.is_empty() && l.arrival_airport == self.arrival_airport)
            .or(self.legs.last())
    }
    /// When the data's retention clock starts: the scheduled arrival, else the departure.
    pub fn arrival_or_departure(&self) -> Option<NaiveDateTime> {
        self.arrival_time.or(self.departure_time)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiDocument {
    /// PAXLST DOC type code: P passport, I identity card, V visa, A/C/… others.
    pub doc_type: String,
    pub number: String,
    pub issuing_state: String,
    pub expiry_date: Option<NaiveDate>,
}

impl ApiDocument {
    /// The same key as [`crate::TravelDocument::document_key`], so a check finds pre-arrival alerts.
    pub fn document_key(&self) -> String {
        limes_domain::document::document_key(&self.issuing_state, &self.number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiTraveller {
    pub id: String,
    pub manifest_id: String,
    pub flight_key: String,
    /// Position in the manifest, from 0.
    pub position: u32,
    /// passenger, crew, transit_passenger, transit_crew, or the NAD qualifier as sent.
    pub role: String,
    pub surname: String,
    pub given_names: String,
    pub gender: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub nationality: String,
    pub booking_reference: String,
    pub seat: String,
    pub documents: Vec<ApiDocument>,
    /// Everything else the message said about the person (residence, birth place, ports, references, notes).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// The key the border check computes for the same person ([`crate::TravelDocument::person_key`]).
    pub person_key: String,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    DocumentAlert,
    Watchlist,
    Rule,
}

impl HitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::DocumentAlert => "document_alert",
            HitKind::Watchlist => "watchlist",
            HitKind::Rule => "rule",
        }
    }
    pub fn parse(s: &str) -> Option<HitKind> {
        match s {
            "document_alert" => Some(HitKind::DocumentAlert),
            "watchlist" => Some(HitKind::Watchlist),
            "rule" => Some(HitKind::Rule),
            _ => None,
        }
    }
}

pub use limes_domain::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitStatus {
    /// Waiting for an analyst.
    Open,
    /// A true match: an alert for the officer at the arrival BCP.
    Confirmed,
    /// A false match, with the reason.
    Dismissed,
}

impl HitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HitStatus::Open => "open",
            HitStatus::Confirmed => "confirmed",
            HitStatus::Dismissed => "dismissed",
        }
    }
    pub fn parse(s: &str) -> Option<HitStatus> {
        match s {
            "open" => Some(HitStatus::Open),
            "confirmed" => Some(HitStatus::Confirmed),
            "dismissed" => Some(HitStatus::Dismissed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiHit {
    pub id: String,
    pub traveller_id: String,
    pub flight_key: String,
    pub kind: HitKind,
    /// What fired: `LIST:ENTRY` for a watchlist, `STATE:NUMBER` for a document alert, the rule id for a rule.
    pub source: String,
    pub rule_version: Option<u32>,
    pub severity: Severity,
    /// Name score for watchlist hits.
    pub score: Option<f64>,
    /// One line for the worklist.
    pub summary: String,
    /// The full explanation (name alignment and components, alert record, rule predicates).
    #[schema(value_type = Object)]
    pub explain: serde_json::Value,
    pub status: HitStatus,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiManifest {
    pub id: String,
    pub flight_key: String,
    /// passengers (BGM 745) or crew (BGM 250).
    pub kind: String,
    pub sender: String,
    pub interchange_ref: String,
    pub message_ref: String,
    pub received_at: DateTime<Utc>,
    pub persons: u32,
    pub warnings: Vec<String>,
    /// Set when a later manifest for the same flight and kind replaced this one.
    pub superseded_by: Option<String>,
}

/// One message of an interchange, screened and ready to store.
#[derive(Debug, Clone)]
pub struct NewManifest {
    pub flight: ApiFlight,
    pub manifest: ApiManifest,
    pub travellers: Vec<(ApiTraveller, Vec<ApiHit>)>,
}

/// A received interchange: what came in, and the answer given (returned again, unchanged, on a resend).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiInterchange {
    pub sender: String,
    pub control_ref: String,
    pub received_at: DateTime<Utc>,
    /// api, cli or inbox.
    pub channel: String,
    /// The raw EDIFACT text; dropped by the retention purge.
    pub raw: Option<String>,
    /// The intake report as first returned.
    pub report_json: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FlightSummary {
    pub flight: ApiFlight,
    pub passengers: u32,
    pub crew: u32,
    pub open_hits: u32,
    pub confirmed_hits: u32,
    pub dismissed_hits: u32,
    /// The most serious open hit.
    pub top_open_severity: Option<Severity>,
    pub manifests: u32,
    pub last_received: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FlightDetail {
    pub flight: ApiFlight,
    /// Every manifest received for the flight, newest first (superseded ones included).
    pub manifests: Vec<ApiManifest>,
    /// Travellers of the current manifests.
    pub travellers: Vec<ApiTraveller>,
    /// Hits of those travellers.
    pub hits: Vec<ApiHit>,
}

/// A confirmed pre-arrival hit, as the first-line check shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConfirmedAlert {
    pub hit: ApiHit,
    pub flight: ApiFlight,
    pub traveller: ApiTraveller,
}

/// One version of a targeting rule as saved; the rule itself is the rules crate's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredRule {
    pub id: String,
    pub version: u32,
    pub owner: String,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
    #[schema(value_type = Object)]
    pub rule: serde_json::Value,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RuleStats {
    pub rule_id: String,
    pub fired: u64,
    pub confirmed: u64,
    pub dismissed: u64,
    pub open: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PurgeReport {
    pub travellers: u64,
    pub hits: u64,
    pub manifests: u64,
    pub interchanges_cleared: u64,
    /// Travellers kept past retention because a hit on them was confirmed.
    pub kept_for_confirmed_hits: u64,
}

#[async_trait]
pub trait PaxStore: Send + Sync + 'static {
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
        from: NaiveDateTime,
        to: NaiveDateTime,
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
        at: DateTime<Utc>,
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
        arrived_before: NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport>;
}
