//! Cooperation between agencies and states (issue 18): community hotline and integrity reports with sealed
//! reporters, exchange agreements and the check every item travelling under one passes, requests for assistance
//! with their mandatory contents (ISACS 05.60 10.5.5), hot-pursuit and observation notifications, alerts, the
//! liaison directory. Pure rules: time is passed in.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// --- community hotline and integrity channel -------------------------------------------------------

/// Who made a report, when they chose to say: sealed (encrypted) before it is stored, readable only by a
/// hotline handler (or internal affairs, for the integrity channel) who gives a reason.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReporterIdentity {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub telephone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
}

/// Never printed: a reporter in a log line or a trace would undo the seal.
impl std::fmt::Debug for ReporterIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReporterIdentity(sealed)")
    }
}

impl ReporterIdentity {
    /// Whether the reporter said nothing at all about themselves (then nothing is sealed).
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.telephone, &self.email, &self.address]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// How a report came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportChannel {
    /// Typed in by an operator taking a call.
    Operator,
    /// The public web form.
    WebForm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportPriority {
    Low,
    Normal,
    High,
    Urgent,
}

impl ReportPriority {
    pub const ALL: [ReportPriority; 4] = [
        ReportPriority::Low,
        ReportPriority::Normal,
        ReportPriority::High,
        ReportPriority::Urgent,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReportPriority::Low => "low",
            ReportPriority::Normal => "normal",
            ReportPriority::High => "high",
            ReportPriority::Urgent => "urgent",
        }
    }
    pub fn parse(s: &str) -> Option<ReportPriority> {
        ReportPriority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// What a hotline report is about (triage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportCategory {
    Smuggling,
    Trafficking,
    IrregularCrossing,
    Weapons,
    Corruption,
    Other,
}

impl ReportCategory {
    pub const ALL: [ReportCategory; 6] = [
        ReportCategory::Smuggling,
        ReportCategory::Trafficking,
        ReportCategory::IrregularCrossing,
        ReportCategory::Weapons,
        ReportCategory::Corruption,
        ReportCategory::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReportCategory::Smuggling => "smuggling",
            ReportCategory::Trafficking => "trafficking",
            ReportCategory::IrregularCrossing => "irregular_crossing",
            ReportCategory::Weapons => "weapons",
            ReportCategory::Corruption => "corruption",
            ReportCategory::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<ReportCategory> {
        ReportCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Received,
    Triaged,
    Routed,
    Closed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Received => "received",
            ReportStatus::Triaged => "triaged",
            ReportStatus::Routed => "routed",
            ReportStatus::Closed => "closed",
        }
    }
}

/// The handler's assessment of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Triage {
    pub priority: ReportPriority,
    pub category: ReportCategory,
    #[serde(default)]
    pub area: String,
    pub actionable: bool,
}

/// One step of a report's follow-up; `feedback` steps are what the reporter reads with their reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
    /// Shown to the reporter at the status page.
    #[serde(default)]
    pub feedback: bool,
}

/// Which channel a sealed report belongs to: the community hotline, or the integrity channel (staff
/// misconduct, seen by internal affairs only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SealedChannel {
    Hotline,
    Integrity,
}

/// A report from the community (or, on the integrity channel, on staff misconduct). The reporter's identity is
/// not here: it is sealed and kept beside the report; `protected_source` says whether there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CommunityReport {
    pub id: String,
    pub channel: SealedChannel,
    pub received_via: ReportChannel,
    pub received_at: DateTime<Utc>,
    pub account: String,
    #[serde(default)]
    pub location: String,
    /// The language the reporter wrote in.
    #[serde(default)]
    pub language: String,
    /// Whether a sealed reporter identity is kept with the report ("protected source").
    pub protected_source: bool,
    pub status: ReportStatus,
    #[serde(default)]
    pub triage: Option<Triage>,
    /// The agency the report was routed to.
    #[serde(default)]
    pub routed_to: Option<String>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// Ids of related reports.
    #[serde(default)]
    pub linked: Vec<String>,
}

/// A reporter's reference: 20 characters from an alphabet without look-alikes (about 100 bits), grouped for
/// reading aloud; from 15 random bytes.
pub fn reporter_reference(random: [u8; 15]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let chars: Vec<char> = (0..20)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A reference as typed by a person: upper case, spaces and dashes regrouped.
pub fn normalize_reference(s: &str) -> String {
    let compact: Vec<char> = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    compact
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

// --- exchange agreements ----------------------------------------------------------------------------

/// Who an agreement is with: an agency at home (by code) or a neighbouring state (ISO 3166 alpha-2/3 code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Partner {
    Agency(String),
    State(String),
}

impl Partner {
    pub fn label(&self) -> String {
        match self {
            Partner::Agency(c) => format!("agency {c}"),
            Partner::State(c) => format!("state {c}"),
        }
    }
}

/// Which way an item travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeDirection {
    Outgoing,
    Incoming,
}

/// How a received item may be handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HandlingCodes {
    /// "unclassified", "restricted", "confidential".
    pub classification: String,
    /// The receiver passes nothing on without the sender's consent.
    pub no_onward_sharing_without_consent: bool,
}

/// One record type an agreement covers, with the fields the partner may receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgreementScope {
    pub record_type: String,
    pub fields: Vec<String>,
}

/// An exchange agreement as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExchangeAgreement {
    pub id: String,
    pub title: String,
    pub partner: Partner,
    pub scopes: Vec<AgreementScope>,
    pub purposes: Vec<String>,
    /// How long the receiver may keep an item.
    pub retention_days: u32,
    pub handling: HandlingCodes,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

impl ExchangeAgreement {
    pub fn in_force(&self, today: NaiveDate) -> bool {
        today >= self.valid_from && self.valid_until.is_none_or(|u| today <= u)
    }
}

/// One item travelling to or from a partner: a record of a type, its fields, the purpose it is sent for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExchangeItem {
    pub record_type: String,
    pub purpose: String,
    #[schema(value_type = Object)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// What the check of an item against an agreement let through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PermittedItem {
    pub item: ExchangeItem,
    /// Fields outside the agreement, removed before the item travelled.
    pub removed_fields: Vec<String>,
    pub handling: HandlingCodes,
    pub retention_days: u32,
}

/// Why an item may not travel under an agreement.
#[derive(
    Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExchangeRefusal {
    #[error("no agreement with {partner} covers record type {record_type}")]
    NoAgreement {
        partner: String,
        record_type: String,
    },
    #[error("agreement {agreement} is not in force on {date}")]
    NotInForce { agreement: String, date: NaiveDate },
    #[error("agreement {agreement} does not cover record type {record_type}")]
    RecordTypeNotCovered {
        agreement: String,
        record_type: String,
    },
    #[error("agreement {agreement} does not cover the purpose {purpose}")]
    PurposeNotCovered { agreement: String, purpose: String },
    #[error("agreement {agreement} lets none of the item's fields travel")]
    NoFieldPermitted { agreement: String },
}

/// Check one item against the agreement it travels under (either way). Fields the agreement does not list are
/// removed (the rest travels) — the agreement names what the partner may know, so extra fields are the sender's
/// excess, not a reason to withhold what is agreed. The item is **refused** whole when the agreement is not in
/// force, does not cover its record type or its purpose, or when no field of it is covered.
pub fn apply_agreement(
    agreement: &ExchangeAgreement,
    item: &ExchangeItem,
    today: NaiveDate,
) -> Result<PermittedItem, ExchangeRefusal> {
    if !agreement.in_force(today) {
        return Err(ExchangeRefusal::NotInForce {
            agreement: agreement.id.clone(),
            date: today,
        });
    }
    let Some(scope) = agreement
        .scopes
        .iter()
        .find(|s| s.record_type == item.record_type)
    else {
        return Err(ExchangeRefusal::RecordTypeNotCovered {
            agreement: agreement.id.clone(),
            record_type: item.record_type.clone(),
        });
    };
    if !agreement.purposes.iter().any(|p| p == &item.purpose) {
        return Err(ExchangeRefusal::PurposeNotCovered {
            agreement: agreement.id.clone(),
            purpose: item.purpose.clone(),
        });
    }
    let mut kept = BTreeMap::new();
    let mut removed = Vec::new();
    for (name, value) in &item.fields {
        if scope.fields.iter().any(|f| f == name) {
            kept.insert(name.clone(), value.clone());
        } else {
            removed.push(name.clone());
        }
    }
    if kept.is_empty() {
        return Err(ExchangeRefusal::NoFieldPermitted {
            agreement: agreement.id.clone(),
        });
    }
    Ok(PermittedItem {
        item: ExchangeItem {
            record_type: item.record_type.clone(),
            purpose: item.purpose.clone(),
            fields: kept,
        },
        removed_fields: removed,
        handling: agreement.handling.clone(),
        retention_days: agreement.retention_days,
    })
}

/// The agreement with `partner` in force today that covers the item's record type, if any.
pub fn agreement_for<'a>(
    agreements: &'a [ExchangeAgreement],
    partner: &Partner,
    record_type: &str,
    today: NaiveDate,
) -> Option<&'a ExchangeAgreement> {
    agreements.iter().find(|a| {
        &a.partner == partner
            && a.in_force(today)
            && a.scopes.iter().any(|s| s.record_type == record_type)
    })
}

// --- requests for assistance -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    Information,
    Search,
    Hearing,
    ControlledDelivery,
    JointInvestigationTeam,
}

impl RequestType {
    pub const ALL: [RequestType; 5] = [
        RequestType::Information,
        RequestType::Search,
        RequestType::Hearing,
        RequestType::ControlledDelivery,
        RequestType::JointInvestigationTeam,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestType::Information => "information",
            RequestType::Search => "search",
            RequestType::Hearing => "hearing",
            RequestType::ControlledDelivery => "controlled_delivery",
            RequestType::JointInvestigationTeam => "joint_investigation_team",
        }
    }
}

/// The contents of a request for assistance as ISACS 05.60 10.5.5 lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequestContents {
    #[serde(default)]
    pub requesting_authority: String,
    #[serde(default)]
    pub measure_requested: String,
    #[serde(default)]
    pub object_and_reason: String,
    #[serde(default)]
    pub legal_provisions: String,
    #[serde(default)]
    pub persons_or_objects: String,
    #[serde(default)]
    pub facts: String,
}

/// The mandatory contents a request lacks, by field name, in the order of 10.5.5.
pub fn missing_contents(c: &RequestContents) -> Vec<&'static str> {
    [
        ("requesting_authority", &c.requesting_authority),
        ("measure_requested", &c.measure_requested),
        ("object_and_reason", &c.object_and_reason),
        ("legal_provisions", &c.legal_provisions),
        ("persons_or_objects", &c.persons_or_objects),
        ("facts", &c.facts),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(k, _)| k)
    .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Registered by the central contact unit, waiting for the answer.
    Open,
    Escalated,
    Answered,
    Closed,
}

/// One line of a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub what: String,
    #[serde(default)]
    pub note: String,
}

/// An attachment's description (its bytes are kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attachment {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AssistanceRequest {
    pub id: String,
    pub request_type: RequestType,
    pub partner: Partner,
    pub contents: RequestContents,
    pub deadline: DateTime<Utc>,
    pub status: RequestStatus,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub answers: Vec<HistoryEntry>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub history: Vec<HistoryEntry>,
}

impl AssistanceRequest {
    /// Past its deadline without an answer.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, RequestStatus::Open | RequestStatus::Escalated) && now > self.deadline
    }
}

// --- notifications --------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    HotPursuit,
    CrossBorderObservation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationStatus {
    Sent,
    Acknowledged,
    /// The partner asked the pursuing unit to stop.
    StopRequested,
    Ended,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: String,
    pub kind: NotificationKind,
    pub partner: Partner,
    /// The unit pursuing or observing.
    pub unit: String,
    pub description: String,
    /// When the border is (or was) crossed.
    pub crossing_at: DateTime<Utc>,
    pub sent_at: DateTime<Utc>,
    /// The prior authorisation of a cross-border observation.
    #[serde(default)]
    pub authorisation_reference: Option<String>,
    pub status: NotificationStatus,
    pub history: Vec<HistoryEntry>,
}

/// Why a notification may not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationRefusal {
    #[error(
        "a hot pursuit is notified no later than the crossing: the crossing was at {crossing_at}"
    )]
    AfterCrossing { crossing_at: DateTime<Utc> },
    #[error("a cross-border observation needs the reference of its prior authorisation")]
    NoAuthorisation,
}

/// Hot pursuit: sent no later than the crossing. Observation: only with a prior authorisation reference.
pub fn check_notification(
    kind: NotificationKind,
    crossing_at: DateTime<Utc>,
    authorisation_reference: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), NotificationRefusal> {
    match kind {
        NotificationKind::HotPursuit if now > crossing_at => {
            Err(NotificationRefusal::AfterCrossing { crossing_at })
        }
        NotificationKind::CrossBorderObservation
            if authorisation_reference.is_none_or(|r| r.trim().is_empty()) =>
        {
            Err(NotificationRefusal::NoAuthorisation)
        }
        _ => Ok(()),
    }
}

// --- alerts -------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Acknowledgement {
    pub receiver: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// An early warning or alert from the centre or a BCP to receivers (BCP codes, partner states) by area and topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CooperationAlert {
    pub id: String,
    pub from: String,
    pub topic: String,
    pub area: String,
    pub message: String,
    pub receivers: Vec<String>,
    pub sent_at: DateTime<Utc>,
    #[serde(default)]
    pub acknowledgements: Vec<Acknowledgement>,
    #[serde(default)]
    pub escalated_at: Option<DateTime<Utc>>,
}

impl CooperationAlert {
    /// The receivers that have not acknowledged yet.
    pub fn unacknowledged(&self) -> Vec<&str> {
        self.receivers
            .iter()
            .filter(|r| !self.acknowledgements.iter().any(|a| &a.receiver == *r))
            .map(String::as_str)
            .collect()
    }

    /// Due for escalation: not escalated yet, someone has not acknowledged, and `after` has passed.
    pub fn due_for_escalation(&self, now: DateTime<Utc>, after: Duration) -> bool {
        self.escalated_at.is_none()
            && !self.unacknowledged().is_empty()
            && now - self.sent_at >= after
    }
}

// --- liaison directory -------------------------------------------------------------------------------

/// A counterpart in the liaison directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LiaisonContact {
    pub id: String,
    pub name: String,
    pub agency: String,
    /// ISO 3166 code of the counterpart's state.
    pub country: String,
    /// The BCP on the other side, where the counterpart works at one.
    #[serde(default)]
    pub bcp: Option<String>,
    /// The home BCP this counterpart faces across the border.
    #[serde(default)]
    pub facing_bcp: Option<String>,
    #[serde(default)]
    pub rank: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub hours: String,
    /// Telephone, radio channel, e-mail … as "kind: value".
    #[serde(default)]
    pub channels: Vec<String>,
    /// A liaison or border liaison officer posting ("posted to X until …").
    #[serde(default)]
    pub posting: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn agreement() -> ExchangeAgreement {
        ExchangeAgreement {
            id: "AGR-1".into(),
            title: "Alpha".into(),
            partner: Partner::State("ALP".into()),
            scopes: vec![AgreementScope {
                record_type: "stolen_vehicle".into(),
                fields: vec!["vin".into(), "plate".into()],
            }],
            purposes: vec!["border_control".into()],
            retention_days: 90,
            handling: HandlingCodes {
                classification: "restricted".into(),
                no_onward_sharing_without_consent: true,
            },
            valid_from: day("2026-01-01"),
            valid_until: Some(day("2026-12-31")),
        }
    }

    fn item(fields: &[(&str, &str)]) -> ExchangeItem {
        ExchangeItem {
            record_type: "stolen_vehicle".into(),
            purpose: "border_control".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect(),
        }
    }

    #[test]
    fn fields_outside_the_agreement_are_removed() {
        let out = apply_agreement(
            &agreement(),
            &item(&[("vin", "X"), ("owner_name", "Jane")]),
            day("2026-06-01"),
        )
        .unwrap();
        assert_eq!(out.item.fields.len(), 1);
        assert!(out.item.fields.contains_key("vin"));
        assert_eq!(out.removed_fields, vec!["owner_name".to_string()]);
        assert!(out.handling.no_onward_sharing_without_consent);
    }

    #[test]
    fn an_item_the_agreement_does_not_cover_is_refused() {
        let a = agreement();
        let mut other = item(&[("vin", "X")]);
        other.record_type = "person".into();
        assert!(matches!(
            apply_agreement(&a, &other, day("2026-06-01")),
            Err(ExchangeRefusal::RecordTypeNotCovered { .. })
        ));
        let mut wrong_purpose = item(&[("vin", "X")]);
        wrong_purpose.purpose = "taxation".into();
        assert!(matches!(
            apply_agreement(&a, &wrong_purpose, day("2026-06-01")),
            Err(ExchangeRefusal::PurposeNotCovered { .. })
        ));
        assert!(matches!(
            apply_agreement(&a, &item(&[("owner_name", "Jane")]), day("2026-06-01")),
            Err(ExchangeRefusal::NoFieldPermitted { .. })
        ));
        assert!(matches!(
            apply_agreement(&a, &item(&[("vin", "X")]), day("2027-01-01")),
            Err(ExchangeRefusal::NotInForce { .. })
        ));
    }

    #[test]
    fn the_agreement_is_chosen_by_partner_type_and_date() {
        let list = vec![agreement()];
        let alp = Partner::State("ALP".into());
        assert!(agreement_for(&list, &alp, "stolen_vehicle", day("2026-06-01")).is_some());
        assert!(agreement_for(&list, &alp, "person", day("2026-06-01")).is_none());
        assert!(agreement_for(
            &list,
            &Partner::State("BET".into()),
            "stolen_vehicle",
            day("2026-06-01")
        )
        .is_none());
        assert!(agreement_for(&list, &alp, "stolen_vehicle", day("2025-06-01")).is_none());
    }

    #[test]
    fn missing_contents_are_named_in_order() {
        let c = RequestContents {
            requesting_authority: "Utopia Border Police".into(),
            measure_requested: " ".into(),
            facts: "A truck".into(),
            ..Default::default()
        };
        assert_eq!(
            missing_contents(&c),
            vec![
                "measure_requested",
                "object_and_reason",
                "legal_provisions",
                "persons_or_objects"
            ]
        );
        let full = RequestContents {
            requesting_authority: "a".into(),
            measure_requested: "b".into(),
            object_and_reason: "c".into(),
            legal_provisions: "d".into(),
            persons_or_objects: "e".into(),
            facts: "f".into(),
        };
        assert!(missing_contents(&full).is_empty());
    }

    #[test]
    fn hot_pursuit_no_later_than_the_crossing_and_observation_on_authorisation() {
        let t = DateTime::parse_from_rfc3339("2026-06-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let hp = NotificationKind::HotPursuit;
        assert!(check_notification(hp, t, None, t).is_ok());
        assert!(check_notification(hp, t, None, t + Duration::seconds(1)).is_err());
        let obs = NotificationKind::CrossBorderObservation;
        assert_eq!(
            check_notification(obs, t, None, t),
            Err(NotificationRefusal::NoAuthorisation)
        );
        assert!(check_notification(obs, t, Some("AUTH-7"), t + Duration::hours(2)).is_ok());
    }

    #[test]
    fn a_reporter_is_never_printed() {
        let who = ReporterIdentity {
            name: "Amira Haddad".into(),
            telephone: "+999 555 0101".into(),
            ..Default::default()
        };
        let printed = format!("{who:?} {:?}", Some(&who));
        assert!(
            !printed.contains("Amira") && !printed.contains("555"),
            "{printed}"
        );
    }

    #[test]
    fn references_are_grouped_and_read_back() {
        let r = reporter_reference([7; 15]);
        assert_eq!(r.len(), 23);
        assert_eq!(normalize_reference(&r.to_lowercase().replace('-', " ")), r);
        assert_ne!(r, reporter_reference([8; 15]));
    }

    #[test]
    fn alerts_escalate_only_when_unacknowledged_after_the_delay() {
        let t = DateTime::parse_from_rfc3339("2026-06-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut a = CooperationAlert {
            id: "A".into(),
            from: "CENTRE".into(),
            topic: "smuggling".into(),
            area: "north".into(),
            message: "m".into(),
            receivers: vec!["B1".into(), "B2".into()],
            sent_at: t,
            acknowledgements: vec![],
            escalated_at: None,
        };
        let after = Duration::minutes(30);
        assert!(!a.due_for_escalation(t + Duration::minutes(10), after));
        assert!(a.due_for_escalation(t + Duration::minutes(31), after));
        for r in ["B1", "B2"] {
            a.acknowledgements.push(Acknowledgement {
                receiver: r.into(),
                at: t,
                by: "x".into(),
            });
        }
        assert!(!a.due_for_escalation(t + Duration::minutes(31), after));
    }
}
