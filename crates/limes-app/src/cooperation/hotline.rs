//! The community hotline and the integrity channel: reports taken in by an operator or the public web form,
//! the reporter sealed (`super::seal`) before anything is stored, triage, routing, follow-up with feedback the
//! reporter reads by reference, links between reports, and the audited unsealing by the one role allowed to.
//! Integrity reports (staff misconduct) are read and worked by internal affairs only.
use super::seal::{SealError, SealKey};
use super::{from_body, to_body};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::{DateTime, Duration, Utc};
use limes_domain::cooperation::{
    normalize_reference, reporter_reference, CommunityReport, FollowUp, ReportChannel,
    ReportStatus, ReporterIdentity, SealedChannel, Triage,
};
use limes_domain::Role;
use limes_store::{CooperationKind, CooperationRecord, StoreError};
use serde::{Deserialize, Serialize};

/// At most this many reports an hour from one source address through the public form; what is over is refused
/// (429) before it is stored, and what was stored before stays.
pub const PUBLIC_REPORTS_PER_HOUR: u64 = 5;
/// The longest account a report may carry, in characters.
pub const MAX_ACCOUNT_CHARS: usize = 8000;
/// The longest short field (name, telephone, location …), in characters.
pub const MAX_FIELD_CHARS: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum HotlineError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("too many reports from this address; try again in {minutes} minutes (reports already sent are kept)")]
    Throttled { minutes: i64 },
    #[error("this role may not do that with {channel} reports")]
    Forbidden { channel: &'static str },
    #[error("no such report: {0}")]
    NotFound(String),
    #[error("reason: unsealing a reporter needs a reason")]
    NeedsReason,
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for HotlineError {
    fn class(&self) -> ErrorClass {
        match self {
            HotlineError::Invalid { field, .. } => invalid(field),
            HotlineError::NeedsReason => invalid("reason"),
            HotlineError::Throttled { .. } => ErrorClass::Conflict,
            HotlineError::Forbidden { .. } => ErrorClass::Forbidden,
            HotlineError::NotFound(_) => ErrorClass::NotFound,
            HotlineError::Seal(_) => ErrorClass::Internal,
            HotlineError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> HotlineError {
    HotlineError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

fn kind(channel: SealedChannel) -> CooperationKind {
    match channel {
        SealedChannel::Hotline => CooperationKind::HotlineReport,
        SealedChannel::Integrity => CooperationKind::IntegrityReport,
    }
}

fn channel_name(channel: SealedChannel) -> &'static str {
    match channel {
        SealedChannel::Hotline => "hotline",
        SealedChannel::Integrity => "integrity",
    }
}

/// Who may read a channel's reports (with "protected source" in place of the reporter).
pub fn may_read(role: Role, channel: SealedChannel) -> bool {
    match channel {
        SealedChannel::Hotline => matches!(
            role,
            Role::HotlineHandler | Role::Supervisor | Role::LiaisonOfficer
        ),
        // Out of sight of every chain of command: supervisors and administrators included.
        SealedChannel::Integrity => role == Role::InternalAffairs,
    }
}

/// Who triages, routes, follows up, links and unseals: the hotline handlers; internal affairs for integrity.
pub fn may_work(role: Role, channel: SealedChannel) -> bool {
    match channel {
        SealedChannel::Hotline => role == Role::HotlineHandler,
        SealedChannel::Integrity => role == Role::InternalAffairs,
    }
}

fn check_role(
    actor: Actor<'_>,
    channel: SealedChannel,
    rule: fn(Role, SealedChannel) -> bool,
) -> Result<(), HotlineError> {
    match actor.as_user() {
        Some(user) if !rule(user.role, channel) => Err(HotlineError::Forbidden {
            channel: channel_name(channel),
        }),
        _ => Ok(()),
    }
}

pub(crate) fn seal_key(app: &App) -> Result<SealKey, SealError> {
    SealKey::load_or_create(&crate::checkpoints::key_dir(&app.config))
}

/// A report as it comes in.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ReportSubmission {
    pub account: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub language: String,
    /// Who is reporting, if they say: sealed before it is stored.
    #[serde(default)]
    pub reporter: Option<ReporterIdentity>,
}

/// What the reporter keeps: the reference to read feedback with.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportReceipt {
    pub id: String,
    pub reference: String,
    pub channel: SealedChannel,
    pub protected_source: bool,
}

fn check_lengths(s: &ReportSubmission) -> Result<(), HotlineError> {
    if s.account.trim().is_empty() {
        return Err(bad("account", "say what you saw or know"));
    }
    if s.account.chars().count() > MAX_ACCOUNT_CHARS {
        return Err(bad(
            "account",
            format!("at most {MAX_ACCOUNT_CHARS} characters"),
        ));
    }
    let mut short = vec![("location", &s.location), ("language", &s.language)];
    if let Some(r) = &s.reporter {
        short.extend([
            ("reporter.name", &r.name),
            ("reporter.telephone", &r.telephone),
            ("reporter.email", &r.email),
            ("reporter.address", &r.address),
        ]);
    }
    for (field, value) in short {
        if value.chars().count() > MAX_FIELD_CHARS {
            return Err(bad(field, format!("at most {MAX_FIELD_CHARS} characters")));
        }
    }
    Ok(())
}

/// Take in a report on `channel`. From the public form, `source` is the sender's address: only its keyed hash
/// is kept, to refuse a flood ([`PUBLIC_REPORTS_PER_HOUR`]) — the refused report is not stored, every earlier one
/// stays. The reporter, if any, is sealed before the record is written; the audit entry names no one.
#[tracing::instrument(skip_all, fields(channel = channel_name(channel)))]
pub async fn submit_report(
    app: &App,
    actor: Actor<'_>,
    channel: SealedChannel,
    submission: ReportSubmission,
    source: Option<&str>,
) -> Result<ReportReceipt, HotlineError> {
    check_lengths(&submission)?;
    let key = seal_key(app)?;
    let now = app.clock.now();
    let source_key = source.map(|s| key.source_key(s));
    if let Some(source_key) = &source_key {
        let recent = app
            .store
            .count_cooperation_records_from(kind(channel), source_key, now - Duration::hours(1))
            .await?;
        if recent >= PUBLIC_REPORTS_PER_HOUR {
            tracing::warn!("public report refused: too many from one source");
            return Err(HotlineError::Throttled { minutes: 60 });
        }
    }
    let id = limes_store::new_id();
    let reference = reporter_reference(rand::random());
    let reporter = submission.reporter.filter(|r| !r.is_empty());
    let sealed = reporter.as_ref().map(|r| key.seal(&id, r)).transpose()?;
    let report = CommunityReport {
        id: id.clone(),
        channel,
        received_via: if source.is_some() {
            ReportChannel::WebForm
        } else {
            ReportChannel::Operator
        },
        received_at: now,
        account: submission.account.trim().to_string(),
        location: submission.location.trim().to_string(),
        language: submission.language.trim().to_string(),
        protected_source: sealed.is_some(),
        status: ReportStatus::Received,
        triage: None,
        routed_to: None,
        follow_ups: vec![],
        linked: vec![],
    };
    let mut audit = actor.audit(now, &format!("{}.report", channel_name(channel)));
    audit.subject = Some(format!("{}:{id}", kind(channel).as_str()));
    audit.detail = format!(
        "received via {}{}",
        if source.is_some() {
            "the web form"
        } else {
            "an operator"
        },
        if report.protected_source {
            ", reporter sealed"
        } else {
            ""
        }
    );
    app.store
        .insert_cooperation_record(
            CooperationRecord {
                kind: kind(channel),
                id: id.clone(),
                reference: Some(reference.clone()),
                source_key,
                body: to_body(&report)?,
                sealed,
                version: 1,
                created_at: now,
                updated_at: now,
            },
            audit,
        )
        .await?;
    Ok(ReportReceipt {
        id,
        reference,
        channel,
        protected_source: report.protected_source,
    })
}

/// What a reporter reads with their reference: the state and the feedback given, nothing else.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportFeedback {
    pub received_at: DateTime<Utc>,
    pub status: ReportStatus,
    pub feedback: Vec<FeedbackLine>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FeedbackLine {
    pub at: DateTime<Utc>,
    pub note: String,
}

/// The feedback on the report with this reference (either channel); `None` when no report has it.
pub async fn feedback_by_reference(
    app: &App,
    reference: &str,
) -> Result<Option<ReportFeedback>, HotlineError> {
    let reference = normalize_reference(reference);
    if reference.is_empty() {
        return Ok(None);
    }
    for kind in [
        CooperationKind::HotlineReport,
        CooperationKind::IntegrityReport,
    ] {
        if let Some(record) = app
            .store
            .cooperation_record_by_reference(kind, &reference)
            .await?
        {
            let report: CommunityReport = from_body(&record.body)?;
            return Ok(Some(ReportFeedback {
                received_at: report.received_at,
                status: report.status,
                feedback: report
                    .follow_ups
                    .into_iter()
                    .filter(|f| f.feedback)
                    .map(|f| FeedbackLine {
                        at: f.at,
                        note: f.note,
                    })
                    .collect(),
            }));
        }
    }
    Ok(None)
}

/// The channel's reports, newest first (the reporter never in them: "protected source" only).
pub async fn list_reports(
    app: &App,
    actor: Actor<'_>,
    channel: SealedChannel,
    limit: usize,
) -> Result<Vec<CommunityReport>, HotlineError> {
    check_role(actor, channel, may_read)?;
    app.store
        .cooperation_records(kind(channel), limit)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(HotlineError::from))
        .collect()
}

async fn load(
    app: &App,
    channel: SealedChannel,
    id: &str,
) -> Result<(CooperationRecord, CommunityReport), HotlineError> {
    let record = app
        .store
        .cooperation_record(kind(channel), id)
        .await?
        .ok_or_else(|| HotlineError::NotFound(id.to_string()))?;
    let report = from_body(&record.body)?;
    Ok((record, report))
}

/// One report of the channel.
pub async fn get_report(
    app: &App,
    actor: Actor<'_>,
    channel: SealedChannel,
    id: &str,
) -> Result<CommunityReport, HotlineError> {
    check_role(actor, channel, may_read)?;
    Ok(load(app, channel, id).await?.1)
}

/// A handler's step on a report.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReportChange {
    Triage(Triage),
    /// Route to the responsible agency (by code).
    Route {
        agency: String,
    },
    /// A note; with `feedback` the reporter reads it at the status page.
    FollowUp {
        note: String,
        #[serde(default)]
        feedback: bool,
    },
    /// Link a related report of the same channel.
    Link {
        other: String,
    },
    Close,
}

/// Apply a handler's step, with its audit entry.
#[tracing::instrument(skip_all, fields(channel = channel_name(channel)))]
pub async fn change_report(
    app: &App,
    actor: Actor<'_>,
    channel: SealedChannel,
    id: &str,
    change: ReportChange,
) -> Result<CommunityReport, HotlineError> {
    check_role(actor, channel, may_work)?;
    let (record, mut report) = load(app, channel, id).await?;
    let now = app.clock.now();
    let verb = match change {
        ReportChange::Triage(triage) => {
            if triage.area.chars().count() > MAX_FIELD_CHARS {
                return Err(bad("area", format!("at most {MAX_FIELD_CHARS} characters")));
            }
            report.triage = Some(triage);
            if report.status == ReportStatus::Received {
                report.status = ReportStatus::Triaged;
            }
            "triage"
        }
        ReportChange::Route { agency } => {
            let agency = agency.trim().to_string();
            if !app.store.agencies().await?.iter().any(|a| a.code == agency) {
                return Err(bad("agency", format!("no agency {agency}")));
            }
            report.routed_to = Some(agency);
            report.status = ReportStatus::Routed;
            "route"
        }
        ReportChange::FollowUp { note, feedback } => {
            if note.trim().is_empty() || note.chars().count() > MAX_ACCOUNT_CHARS {
                return Err(bad("note", "a note of 1 to 8000 characters"));
            }
            report.follow_ups.push(FollowUp {
                at: now,
                by: actor.name().to_string(),
                note: note.trim().to_string(),
                feedback,
            });
            "follow_up"
        }
        ReportChange::Link { other } => {
            if other == report.id {
                return Err(bad("other", "a report is not related to itself"));
            }
            let (mut other_record, mut other_report) = load(app, channel, &other).await?;
            if !report.linked.contains(&other) {
                report.linked.push(other.clone());
            }
            if !other_report.linked.contains(&report.id) {
                other_report.linked.push(report.id.clone());
                other_record.body = to_body(&other_report)?;
                other_record.version += 1;
                other_record.updated_at = now;
                let mut audit = actor.audit(now, &format!("{}.link", channel_name(channel)));
                audit.subject = Some(format!("{}:{}", kind(channel).as_str(), other));
                audit.detail = format!("linked to {}", report.id);
                app.store
                    .update_cooperation_record(other_record, audit)
                    .await?;
            }
            "link"
        }
        ReportChange::Close => {
            report.status = ReportStatus::Closed;
            "close"
        }
    };
    let mut updated = record;
    updated.body = to_body(&report)?;
    updated.version += 1;
    updated.updated_at = now;
    let mut audit = actor.audit(now, &format!("{}.{verb}", channel_name(channel)));
    audit.subject = Some(format!("{}:{id}", kind(channel).as_str()));
    app.store.update_cooperation_record(updated, audit).await?;
    Ok(report)
}

/// Open the sealed reporter of a report: the handler role only, with a reason, audited before the identity is
/// returned. `None` when the reporter stayed anonymous.
#[tracing::instrument(skip_all, fields(channel = channel_name(channel)))]
pub async fn unseal_reporter(
    app: &App,
    actor: Actor<'_>,
    channel: SealedChannel,
    id: &str,
    reason: &str,
) -> Result<Option<ReporterIdentity>, HotlineError> {
    // Only a person in the handler role: not the server's operator either.
    match actor.as_user() {
        Some(user) if may_work(user.role, channel) => {}
        _ => {
            return Err(HotlineError::Forbidden {
                channel: channel_name(channel),
            })
        }
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(HotlineError::NeedsReason);
    }
    if reason.chars().count() > MAX_FIELD_CHARS {
        return Err(bad(
            "reason",
            format!("at most {MAX_FIELD_CHARS} characters"),
        ));
    }
    let (record, _) = load(app, channel, id).await?;
    let Some(sealed) = record.sealed else {
        return Ok(None);
    };
    let who = seal_key(app)?.open(id, &sealed)?;
    let mut audit = actor.audit(
        app.clock.now(),
        &format!("{}.unseal", channel_name(channel)),
    );
    audit.subject = Some(format!("{}:{id}", kind(channel).as_str()));
    audit.purpose = Some(reason.to_string());
    audit.detail = "reporter unsealed".into();
    app.store.append_audit(audit).await?;
    Ok(Some(who))
}
