//! Requests for assistance (ISACS 05.60 10.5.5) through the central contact unit — refused with the missing
//! contents listed, with deadlines, answers, escalation and a full history — and the notifications of hot
//! pursuit (no later than the crossing, acknowledged, with the partner's "stop" the pursuing unit polls for) and
//! of cross-border observation (on a prior authorisation).
use super::agreements::check_partner;
use super::{from_body, to_body};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::{DateTime, Utc};
use limes_domain::cooperation::{
    check_notification, missing_contents, AssistanceRequest, HistoryEntry, Notification,
    NotificationKind, NotificationRefusal, NotificationStatus, Partner, RequestContents,
    RequestStatus, RequestType,
};
use limes_store::{CooperationKind, CooperationRecord, StoreError};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("the request lacks mandatory contents: {}", .0.join(", "))]
    MissingContents(Vec<&'static str>),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Notification(#[from] NotificationRefusal),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Agreement(#[from] super::agreements::AgreementError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for RequestError {
    fn class(&self) -> ErrorClass {
        match self {
            RequestError::MissingContents(missing) => ErrorClass::Invalid {
                field: "contents".into(),
                details: Some(serde_json::json!({ "missing": missing })),
            },
            RequestError::Invalid { field, .. } => invalid(field),
            RequestError::Notification(NotificationRefusal::AfterCrossing { .. }) => {
                invalid("crossing_at")
            }
            RequestError::Notification(NotificationRefusal::NoAuthorisation) => {
                invalid("authorisation_reference")
            }
            RequestError::NotFound(_) => ErrorClass::NotFound,
            RequestError::Conflict(_) => ErrorClass::Conflict,
            RequestError::Agreement(e) => e.class(),
            RequestError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> RequestError {
    RequestError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

const MAX_TEXT: usize = 8000;

/// A new request for assistance.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewRequest {
    pub request_type: RequestType,
    pub partner: Partner,
    pub contents: RequestContents,
    pub deadline: DateTime<Utc>,
}

fn history(actor: Actor<'_>, at: DateTime<Utc>, what: &str, note: &str) -> HistoryEntry {
    HistoryEntry {
        at,
        by: actor.name().to_string(),
        what: what.to_string(),
        note: note.to_string(),
    }
}

async fn insert(
    app: &App,
    actor: Actor<'_>,
    kind: CooperationKind,
    id: &str,
    body: String,
    action: &str,
    detail: String,
) -> Result<(), RequestError> {
    let now = app.clock.now();
    let mut audit = actor.audit(now, action);
    audit.subject = Some(format!("{}:{id}", kind.as_str()));
    audit.detail = detail;
    app.store
        .insert_cooperation_record(
            CooperationRecord {
                kind,
                id: id.to_string(),
                reference: None,
                source_key: None,
                body,
                sealed: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
            audit,
        )
        .await?;
    Ok(())
}

async fn update(
    app: &App,
    actor: Actor<'_>,
    mut record: CooperationRecord,
    body: String,
    action: &str,
) -> Result<(), RequestError> {
    let now = app.clock.now();
    let mut audit = actor.audit(now, action);
    audit.subject = Some(format!("{}:{}", record.kind.as_str(), record.id));
    record.body = body;
    record.version += 1;
    record.updated_at = now;
    app.store.update_cooperation_record(record, audit).await?;
    Ok(())
}

/// Register a request at the central contact unit; one lacking any of the 10.5.5 contents is refused with the
/// missing items listed.
#[tracing::instrument(skip_all)]
pub async fn create_request(
    app: &App,
    actor: Actor<'_>,
    new: NewRequest,
) -> Result<AssistanceRequest, RequestError> {
    let missing = missing_contents(&new.contents);
    if !missing.is_empty() {
        return Err(RequestError::MissingContents(missing));
    }
    let c = &new.contents;
    for (field, value) in [
        ("contents.requesting_authority", &c.requesting_authority),
        ("contents.measure_requested", &c.measure_requested),
        ("contents.object_and_reason", &c.object_and_reason),
        ("contents.legal_provisions", &c.legal_provisions),
        ("contents.persons_or_objects", &c.persons_or_objects),
        ("contents.facts", &c.facts),
    ] {
        if value.chars().count() > MAX_TEXT {
            return Err(bad(field, format!("at most {MAX_TEXT} characters")));
        }
    }
    let partner = check_partner(app, &new.partner).await?;
    let now = app.clock.now();
    if new.deadline <= now {
        return Err(bad("deadline", "the deadline has passed already"));
    }
    let request = AssistanceRequest {
        id: limes_store::new_id(),
        request_type: new.request_type,
        partner,
        contents: new.contents,
        deadline: new.deadline,
        status: RequestStatus::Open,
        created_at: now,
        answers: vec![],
        attachments: vec![],
        history: vec![history(
            actor,
            now,
            "registered",
            "by the central contact unit",
        )],
    };
    insert(
        app,
        actor,
        CooperationKind::AssistanceRequest,
        &request.id,
        to_body(&request)?,
        "cooperation.request",
        format!(
            "{} to {}",
            request.request_type.as_str(),
            request.partner.label()
        ),
    )
    .await?;
    Ok(request)
}

/// Every request, newest first.
pub async fn list_requests(app: &App) -> Result<Vec<AssistanceRequest>, RequestError> {
    app.store
        .cooperation_records(CooperationKind::AssistanceRequest, 500)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(RequestError::from))
        .collect()
}

/// A step on a request.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RequestStep {
    /// The partner's answer.
    Answer {
        text: String,
    },
    /// A reminder sent to the partner.
    Remind,
    /// Escalated to the next level.
    Escalate {
        note: String,
    },
    Close,
}

pub async fn step_request(
    app: &App,
    actor: Actor<'_>,
    id: &str,
    step: RequestStep,
) -> Result<AssistanceRequest, RequestError> {
    let record = app
        .store
        .cooperation_record(CooperationKind::AssistanceRequest, id)
        .await?
        .ok_or_else(|| RequestError::NotFound(format!("request {id}")))?;
    let mut request: AssistanceRequest = from_body(&record.body)?;
    if request.status == RequestStatus::Closed {
        return Err(RequestError::Conflict(format!("request {id} is closed")));
    }
    let now = app.clock.now();
    let (what, note) = match step {
        RequestStep::Answer { text } => {
            if text.trim().is_empty() || text.chars().count() > MAX_TEXT {
                return Err(bad("text", "an answer of 1 to 8000 characters"));
            }
            request
                .answers
                .push(history(actor, now, "answer", text.trim()));
            request.status = RequestStatus::Answered;
            ("answered", String::new())
        }
        RequestStep::Remind => ("reminded", String::new()),
        RequestStep::Escalate { note } => {
            request.status = RequestStatus::Escalated;
            ("escalated", note.trim().to_string())
        }
        RequestStep::Close => {
            request.status = RequestStatus::Closed;
            ("closed", String::new())
        }
    };
    request.history.push(history(actor, now, what, &note));
    update(
        app,
        actor,
        record,
        to_body(&request)?,
        &format!("cooperation.request_{what}"),
    )
    .await?;
    Ok(request)
}

/// A new notification of hot pursuit or cross-border observation.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewNotification {
    pub kind: NotificationKind,
    pub partner: Partner,
    pub unit: String,
    pub description: String,
    pub crossing_at: DateTime<Utc>,
    #[serde(default)]
    pub authorisation_reference: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn notify(
    app: &App,
    actor: Actor<'_>,
    new: NewNotification,
) -> Result<Notification, RequestError> {
    let now = app.clock.now();
    check_notification(
        new.kind,
        new.crossing_at,
        new.authorisation_reference.as_deref(),
        now,
    )?;
    if new.unit.trim().is_empty() {
        return Err(bad("unit", "the pursuing or observing unit"));
    }
    if new.description.chars().count() > MAX_TEXT {
        return Err(bad("description", format!("at most {MAX_TEXT} characters")));
    }
    let partner = check_partner(app, &new.partner).await?;
    let n = Notification {
        id: limes_store::new_id(),
        kind: new.kind,
        partner,
        unit: new.unit.trim().to_string(),
        description: new.description.trim().to_string(),
        crossing_at: new.crossing_at,
        sent_at: now,
        authorisation_reference: new.authorisation_reference,
        status: NotificationStatus::Sent,
        history: vec![history(actor, now, "sent", "")],
    };
    insert(
        app,
        actor,
        CooperationKind::Notification,
        &n.id,
        to_body(&n)?,
        "cooperation.notify",
        format!("{:?} to {}", n.kind, n.partner.label()),
    )
    .await?;
    Ok(n)
}

/// One notification (the pursuing unit polls it for a "stop").
pub async fn get_notification(app: &App, id: &str) -> Result<Notification, RequestError> {
    let record = app
        .store
        .cooperation_record(CooperationKind::Notification, id)
        .await?
        .ok_or_else(|| RequestError::NotFound(format!("notification {id}")))?;
    Ok(from_body(&record.body)?)
}

pub async fn list_notifications(app: &App) -> Result<Vec<Notification>, RequestError> {
    app.store
        .cooperation_records(CooperationKind::Notification, 500)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(RequestError::from))
        .collect()
}

/// The partner's answer to a notification.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationStep {
    Acknowledge,
    /// The partner asks the pursuing unit to stop: shown to the unit at once.
    Stop,
    End,
}

pub async fn step_notification(
    app: &App,
    actor: Actor<'_>,
    id: &str,
    step: NotificationStep,
) -> Result<Notification, RequestError> {
    let record = app
        .store
        .cooperation_record(CooperationKind::Notification, id)
        .await?
        .ok_or_else(|| RequestError::NotFound(format!("notification {id}")))?;
    let mut n: Notification = from_body(&record.body)?;
    if n.status == NotificationStatus::Ended {
        return Err(RequestError::Conflict(format!("notification {id} ended")));
    }
    let now = app.clock.now();
    let what = match step {
        NotificationStep::Acknowledge => {
            if n.status == NotificationStatus::Sent {
                n.status = NotificationStatus::Acknowledged;
            }
            "acknowledged"
        }
        NotificationStep::Stop => {
            if n.kind != NotificationKind::HotPursuit {
                return Err(bad("step", "only a hot pursuit is asked to stop"));
            }
            n.status = NotificationStatus::StopRequested;
            "stop_requested"
        }
        NotificationStep::End => {
            n.status = NotificationStatus::Ended;
            "ended"
        }
    };
    n.history.push(history(actor, now, what, ""));
    update(
        app,
        actor,
        record,
        to_body(&n)?,
        &format!("cooperation.notification_{what}"),
    )
    .await?;
    Ok(n)
}
