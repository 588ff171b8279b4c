//! The cooperation records (issue 18): hotline and integrity reports, agreements, the exchange log, requests
//! for assistance, notifications, alerts, the liaison directory — each a JSON document of its kind with a
//! version, an optional reference the public may quote, an optional source key (for throttling) and, for
//! reports, the **sealed** reporter: ciphertext only, sealed and opened by `limes_app::cooperation::seal` with a
//! key kept outside the database.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;

use crate::StoreResult;

/// The kinds of cooperation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CooperationKind {
    HotlineReport,
    IntegrityReport,
    Agreement,
    ExchangeLog,
    AssistanceRequest,
    Notification,
    Alert,
    LiaisonContact,
}

impl CooperationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CooperationKind::HotlineReport => "hotline_report",
            CooperationKind::IntegrityReport => "integrity_report",
            CooperationKind::Agreement => "agreement",
            CooperationKind::ExchangeLog => "exchange_log",
            CooperationKind::AssistanceRequest => "assistance_request",
            CooperationKind::Notification => "notification",
            CooperationKind::Alert => "alert",
            CooperationKind::LiaisonContact => "liaison_contact",
        }
    }

    pub const ALL: [CooperationKind; 8] = [
        CooperationKind::HotlineReport,
        CooperationKind::IntegrityReport,
        CooperationKind::Agreement,
        CooperationKind::ExchangeLog,
        CooperationKind::AssistanceRequest,
        CooperationKind::Notification,
        CooperationKind::Alert,
        CooperationKind::LiaisonContact,
    ];

    pub fn parse(s: &str) -> Option<CooperationKind> {
        CooperationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperationRecord {
    pub kind: CooperationKind,
    pub id: String,
    /// A reference a person outside may quote (a reporter's feedback reference), unique per kind.
    pub reference: Option<String>,
    /// A keyed hash of where the record came from (never the address itself), for throttling.
    pub source_key: Option<String>,
    /// The record as JSON (never holds a sealed field in clear).
    pub body: String,
    /// The sealed reporter: nonce and ciphertext.
    pub sealed: Option<Vec<u8>>,
    /// 1 when inserted, +1 at each update.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait CooperationStore: Send + Sync + 'static {
    /// Keep a new record with its audit entry in one transaction; an id (or reference) of the kind taken is a
    /// conflict.
    async fn insert_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Replace a record's body (and `updated_at`) if its stored version is still `record.version - 1`, with the
    /// audit entry, in one transaction; a newer stored version is a conflict (someone changed it meanwhile). The
    /// sealed field and the reference never change.
    async fn update_cooperation_record(
        &self,
        record: CooperationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn cooperation_record(
        &self,
        kind: CooperationKind,
        id: &str,
    ) -> StoreResult<Option<CooperationRecord>>;
    async fn cooperation_record_by_reference(
        &self,
        kind: CooperationKind,
        reference: &str,
    ) -> StoreResult<Option<CooperationRecord>>;
    /// The records of a kind, newest first, at most `limit`.
    async fn cooperation_records(
        &self,
        kind: CooperationKind,
        limit: usize,
    ) -> StoreResult<Vec<CooperationRecord>>;
    /// How many records of the kind came from `source_key` since `since`.
    async fn count_cooperation_records_from(
        &self,
        kind: CooperationKind,
        source_key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<u64>;
}
