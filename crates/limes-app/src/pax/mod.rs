//! Advance passenger information: take in a PAXLST interchange (API, CLI or inbox), screen every traveller and
//! every document of each traveller the moment it arrives — document-alert register, watchlists (name with birth
//! date and nationality) and the analysts' targeting rules — and store it all in one transaction. Resending an
//! interchange stores nothing twice; an updated manifest supersedes the earlier one.
//!
//! `intake` takes interchanges in; `downlink` sends confirmed hits to the arrival BCP's node; `flights` serves the arrivals board, the worklist and the review of hits;
//! `rules` the analysts' targeting rules; `retention` the purge; `inbox` the directory a carrier's files land in.
pub mod downlink;
pub mod flights;
pub mod inbox;
pub mod intake;
pub mod retention;
pub mod rules;

pub use intake::{intake, IntakeError};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What intake says about one interchange; returned to the sender and kept for a resend.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IntakeReport {
    pub sender: String,
    pub control_reference: String,
    /// True when this interchange had been received before: nothing was stored again.
    pub duplicate: bool,
    pub received_at: DateTime<Utc>,
    pub messages: Vec<MessageReport>,
    /// Interchange-level warnings (wrong UNZ count and the like).
    pub warnings: Vec<String>,
    /// Milliseconds from receipt to the committed, screened manifests.
    pub elapsed_ms: f64,
    /// Where the time went: parsing, screening (watchlists, document alerts and rules), storing.
    #[serde(default)]
    pub stages_ms: Stages,
    /// The UN/EDIFACT CONTRL acknowledgement to return to the carrier: each message accepted or rejected with
    /// its segment, element, component and ISO 9735 error code.
    #[serde(default)]
    pub acknowledgement: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Stages {
    pub parse: f64,
    pub screen: f64,
    pub store: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageReport {
    /// UNH message reference.
    pub reference: String,
    /// accepted or rejected.
    pub status: String,
    /// Why the message was rejected: segment number, tag, element, component, expected and found.
    #[schema(value_type = Object)]
    pub error: Option<serde_json::Value>,
    pub flight_key: Option<String>,
    /// passengers or crew.
    pub kind: Option<String>,
    pub persons: usize,
    /// Hits found in the message, for the passenger information unit; withheld from a carrier's machine account
    /// (see [`IntakeReport::for_carrier`]): a carrier is never told that a passenger is on a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hits: Option<usize>,
    pub warnings: Vec<String>,
}

impl IntakeReport {
    /// The report as a carrier may read it: what was accepted or rejected and why, never the screening results.
    pub fn for_carrier(mut self) -> Self {
        for m in &mut self.messages {
            m.hits = None;
        }
        self
    }

    pub fn accepted(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.status == "accepted")
            .count()
    }
}
