//! Early warnings and alerts from the centre or a BCP to BCPs and neighbours, by area and topic, each
//! acknowledged by its receivers; the escalation loop marks (and logs) the ones still unacknowledged after
//! `alert_escalation_minutes`.
use super::{from_body, to_body};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use limes_domain::cooperation::{Acknowledgement, CooperationAlert};
use limes_store::{CooperationKind, CooperationRecord, StoreError};
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("you may not acknowledge for {0}")]
    Forbidden(String),
    #[error("not found: alert {0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for AlertError {
    fn class(&self) -> ErrorClass {
        match self {
            AlertError::Invalid { field, .. } => invalid(field),
            AlertError::Forbidden(_) => ErrorClass::Forbidden,
            AlertError::NotFound(_) => ErrorClass::NotFound,
            AlertError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> AlertError {
    AlertError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// A new alert.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewAlert {
    pub topic: String,
    pub area: String,
    pub message: String,
    /// BCP codes of this installation, or ISO 3166 codes of neighbours.
    pub receivers: Vec<String>,
}

/// Send an alert from the actor's BCP (or the centre).
pub async fn send_alert(
    app: &App,
    actor: Actor<'_>,
    new: NewAlert,
) -> Result<CooperationAlert, AlertError> {
    if new.topic.trim().is_empty() || new.message.trim().is_empty() {
        return Err(bad("message", "a topic and a message are needed"));
    }
    if new.message.chars().count() > 4000 {
        return Err(bad("message", "at most 4000 characters"));
    }
    let bcps = app.store.bcps().await?;
    let mut receivers = Vec::new();
    for r in &new.receivers {
        let r = r.trim();
        let known = bcps.iter().any(|b| b.code == r)
            || (r.len() == 3 && limes_countries::by_icao(r).is_some());
        if !known {
            return Err(bad(
                "receivers",
                format!("{r} is neither a BCP nor a country code"),
            ));
        }
        if !receivers.iter().any(|x| x == r) {
            receivers.push(r.to_string());
        }
    }
    if receivers.is_empty() {
        return Err(bad("receivers", "at least one receiver"));
    }
    let now = app.clock.now();
    let alert = CooperationAlert {
        id: limes_store::new_id(),
        from: actor.session_bcp().unwrap_or("CENTRE").to_string(),
        topic: new.topic.trim().to_string(),
        area: new.area.trim().to_string(),
        message: new.message.trim().to_string(),
        receivers,
        sent_at: now,
        acknowledgements: vec![],
        escalated_at: None,
    };
    let mut audit = actor.audit(now, "cooperation.alert");
    audit.subject = Some(format!("alert:{}", alert.id));
    audit.detail = format!("{} to {}", alert.topic, alert.receivers.join(" "));
    app.store
        .insert_cooperation_record(
            CooperationRecord {
                kind: CooperationKind::Alert,
                id: alert.id.clone(),
                reference: None,
                source_key: None,
                body: to_body(&alert)?,
                sealed: None,
                version: 1,
                created_at: now,
                updated_at: now,
            },
            audit,
        )
        .await?;
    Ok(alert)
}

pub async fn list_alerts(app: &App) -> Result<Vec<CooperationAlert>, AlertError> {
    app.store
        .cooperation_records(CooperationKind::Alert, 500)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(AlertError::from))
        .collect()
}

async fn save(
    app: &App,
    actor: Actor<'_>,
    mut record: CooperationRecord,
    alert: &CooperationAlert,
    action: &str,
) -> Result<(), AlertError> {
    let now = app.clock.now();
    let mut audit = actor.audit(now, action);
    audit.subject = Some(format!("alert:{}", alert.id));
    record.body = to_body(alert)?;
    record.version += 1;
    record.updated_at = now;
    app.store.update_cooperation_record(record, audit).await?;
    Ok(())
}

/// Acknowledge an alert for one receiver: a BCP's own officers for a BCP, anyone of the contact unit for a
/// neighbour (the route's roles decide who may call at all).
pub async fn acknowledge(
    app: &App,
    actor: Actor<'_>,
    id: &str,
    receiver: &str,
) -> Result<CooperationAlert, AlertError> {
    let record = app
        .store
        .cooperation_record(CooperationKind::Alert, id)
        .await?
        .ok_or_else(|| AlertError::NotFound(id.to_string()))?;
    let mut alert: CooperationAlert = from_body(&record.body)?;
    let receiver = receiver.trim();
    if !alert.receivers.iter().any(|r| r == receiver) {
        return Err(bad(
            "receiver",
            format!("{receiver} is not a receiver of this alert"),
        ));
    }
    let is_bcp = app.store.bcp(receiver).await?.is_some();
    if is_bcp && !actor.may_use_bcp(receiver) {
        return Err(AlertError::Forbidden(receiver.to_string()));
    }
    if alert
        .acknowledgements
        .iter()
        .any(|a| a.receiver == receiver)
    {
        return Ok(alert);
    }
    alert.acknowledgements.push(Acknowledgement {
        receiver: receiver.to_string(),
        at: app.clock.now(),
        by: actor.name().to_string(),
    });
    save(app, actor, record, &alert, "cooperation.alert_acknowledge").await?;
    Ok(alert)
}

/// Escalate every alert some receiver has not acknowledged within the configured minutes; how many.
pub async fn escalate_due(app: &App) -> Result<usize, AlertError> {
    let after = chrono::Duration::minutes(app.config.alert_escalation_minutes as i64);
    let now = app.clock.now();
    let mut n = 0;
    for record in app
        .store
        .cooperation_records(CooperationKind::Alert, 500)
        .await?
    {
        let mut alert: CooperationAlert = from_body(&record.body)?;
        if !alert.due_for_escalation(now, after) {
            continue;
        }
        alert.escalated_at = Some(now);
        tracing::warn!(alert = %alert.id, unacknowledged = alert.unacknowledged().len(), "alert escalated");
        save(
            app,
            Actor::Operator("alert-escalation"),
            record,
            &alert,
            "cooperation.alert_escalate",
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// The background loop: escalate what is due every minute until `stop`.
pub async fn escalation_loop(app: App, stop: CancellationToken) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {
                if let Err(e) = escalate_due(&app).await {
                    tracing::error!(error = %e, "alert escalation failed");
                }
            }
        }
    }
}
