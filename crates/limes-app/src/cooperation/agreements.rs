//! Exchange agreements as data, and the gate every item passes going out or coming in: checked against the
//! agreement it travels under (`limes_domain::cooperation::apply_agreement`), fields outside it removed, an item
//! no agreement covers refused — and every attempt, let through or refused, logged with its audit entry (the
//! log names record type, purpose, partner and removed fields, never the values).
use super::{from_body, to_body};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use chrono::{DateTime, Utc};
use limes_domain::cooperation::{
    agreement_for, apply_agreement, ExchangeAgreement, ExchangeDirection, ExchangeItem,
    ExchangeRefusal, Partner, PermittedItem,
};
use limes_store::{CooperationKind, CooperationRecord, StoreError};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The item did not travel; the refusal is logged.
    #[error("refused and logged: {0}")]
    Refused(ExchangeRefusal),
    #[error("no such agreement: {0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for AgreementError {
    fn class(&self) -> ErrorClass {
        match self {
            AgreementError::Invalid { field, .. } => invalid(field),
            AgreementError::Refused(r) => ErrorClass::Invalid {
                field: "item".into(),
                details: serde_json::to_value(r).ok(),
            },
            AgreementError::NotFound(_) => ErrorClass::NotFound,
            AgreementError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> AgreementError {
    AgreementError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// A partner with its code checked: an agency of this installation, or a state by ISO 3166 code (alpha-2 or
/// alpha-3, stored as alpha-3).
pub async fn check_partner(app: &App, partner: &Partner) -> Result<Partner, AgreementError> {
    match partner {
        Partner::Agency(code) => {
            let code = code.trim();
            if app.store.agencies().await?.iter().any(|a| a.code == code) {
                Ok(Partner::Agency(code.to_string()))
            } else {
                Err(bad("partner", format!("no agency {code}")))
            }
        }
        Partner::State(code) => {
            let code = code.trim();
            let valid = code.len() <= 3 && code.chars().all(|c| c.is_ascii_alphabetic());
            match limes_countries::lookup(code).filter(|_| valid) {
                Some(country) => Ok(Partner::State(country.code.to_string())),
                None => Err(bad(
                    "partner",
                    format!("{code} is not an ISO 3166 country code"),
                )),
            }
        }
    }
}

/// Keep a new agreement (or a new version of one with the same id), audited.
#[tracing::instrument(skip_all)]
pub async fn save_agreement(
    app: &App,
    actor: Actor<'_>,
    agreement: ExchangeAgreement,
) -> Result<ExchangeAgreement, AgreementError> {
    let mut agreement = agreement;
    agreement.id = agreement.id.trim().to_string();
    if agreement.id.is_empty() || agreement.id.len() > 64 {
        return Err(bad("id", "an id of 1 to 64 characters"));
    }
    if agreement.title.trim().is_empty() {
        return Err(bad("title", "a title is needed"));
    }
    agreement.partner = check_partner(app, &agreement.partner).await?;
    if agreement.scopes.is_empty()
        || agreement
            .scopes
            .iter()
            .any(|s| s.record_type.trim().is_empty() || s.fields.is_empty())
    {
        return Err(bad(
            "scopes",
            "at least one record type, each with the fields the partner receives",
        ));
    }
    if agreement.purposes.iter().all(|p| p.trim().is_empty()) {
        return Err(bad("purposes", "at least one purpose"));
    }
    if agreement
        .valid_until
        .is_some_and(|u| u < agreement.valid_from)
    {
        return Err(bad("valid_until", "ends before it begins"));
    }
    let now = app.clock.now();
    let mut audit = actor.audit(now, "cooperation.agreement");
    audit.subject = Some(format!("agreement:{}", agreement.id));
    audit.detail = format!("with {}", agreement.partner.label());
    let body = to_body(&agreement)?;
    match app
        .store
        .cooperation_record(CooperationKind::Agreement, &agreement.id)
        .await?
    {
        Some(mut existing) => {
            existing.body = body;
            existing.version += 1;
            existing.updated_at = now;
            app.store.update_cooperation_record(existing, audit).await?;
        }
        None => {
            app.store
                .insert_cooperation_record(
                    CooperationRecord {
                        kind: CooperationKind::Agreement,
                        id: agreement.id.clone(),
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
        }
    }
    Ok(agreement)
}

/// Every agreement (in force or not).
pub async fn list_agreements(app: &App) -> Result<Vec<ExchangeAgreement>, AgreementError> {
    app.store
        .cooperation_records(CooperationKind::Agreement, 1000)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(AgreementError::from))
        .collect()
}

/// An item to send to (or received from) a partner.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExchangeRequest {
    pub partner: Partner,
    pub direction: ExchangeDirection,
    /// The agreement it travels under; else the one in force with the partner that covers the record type.
    #[serde(default)]
    pub agreement: Option<String>,
    pub item: ExchangeItem,
}

/// One line of the exchange log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExchangeLogEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub by: String,
    pub partner: Partner,
    pub direction: ExchangeDirection,
    pub agreement: Option<String>,
    pub record_type: String,
    pub purpose: String,
    /// "passed" or "refused".
    pub outcome: String,
    pub removed_fields: Vec<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// What passed, with its log line.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExchangeOutcome {
    pub agreement: String,
    pub permitted: PermittedItem,
    pub log: ExchangeLogEntry,
}

async fn log_exchange(
    app: &App,
    actor: Actor<'_>,
    entry: &ExchangeLogEntry,
) -> Result<(), AgreementError> {
    let mut audit = actor.audit(
        entry.at,
        if entry.outcome == "refused" {
            "cooperation.exchange_refused"
        } else {
            "cooperation.exchange"
        },
    );
    audit.subject = Some(format!("exchange:{}", entry.id));
    audit.detail = format!(
        "{:?} {} for {} with {}{}",
        entry.direction,
        entry.record_type,
        entry.purpose,
        entry.partner.label(),
        entry
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default()
    );
    app.store
        .insert_cooperation_record(
            CooperationRecord {
                kind: CooperationKind::ExchangeLog,
                id: entry.id.clone(),
                reference: None,
                source_key: None,
                body: to_body(entry)?,
                sealed: None,
                version: 1,
                created_at: entry.at,
                updated_at: entry.at,
            },
            audit,
        )
        .await?;
    Ok(())
}

/// Pass one item through the agreement it travels under: what is outside it removed or the whole item refused
/// (see `apply_agreement`), logged either way. The transport itself (NATS between installations) is not here.
#[tracing::instrument(skip_all)]
pub async fn exchange_item(
    app: &App,
    actor: Actor<'_>,
    request: ExchangeRequest,
) -> Result<ExchangeOutcome, AgreementError> {
    let partner = check_partner(app, &request.partner).await?;
    let now = app.clock.now();
    let today = now.date_naive();
    let agreements = list_agreements(app).await?;
    let chosen = match &request.agreement {
        Some(id) => Some(
            agreements
                .iter()
                .find(|a| &a.id == id && a.partner == partner)
                .ok_or_else(|| AgreementError::NotFound(id.clone()))?,
        ),
        None => agreement_for(&agreements, &partner, &request.item.record_type, today),
    };
    let result = match chosen {
        Some(agreement) => apply_agreement(agreement, &request.item, today),
        None => Err(ExchangeRefusal::NoAgreement {
            partner: partner.label(),
            record_type: request.item.record_type.clone(),
        }),
    };
    let mut entry = ExchangeLogEntry {
        id: limes_store::new_id(),
        at: now,
        by: actor.name().to_string(),
        partner,
        direction: request.direction,
        agreement: chosen.map(|a| a.id.clone()),
        record_type: request.item.record_type.clone(),
        purpose: request.item.purpose.clone(),
        outcome: "passed".into(),
        removed_fields: vec![],
        reason: None,
    };
    match result {
        Ok(permitted) => {
            entry.removed_fields = permitted.removed_fields.clone();
            log_exchange(app, actor, &entry).await?;
            Ok(ExchangeOutcome {
                agreement: entry.agreement.clone().unwrap_or_default(),
                permitted,
                log: entry,
            })
        }
        Err(refusal) => {
            entry.outcome = "refused".into();
            entry.reason = Some(refusal.to_string());
            log_exchange(app, actor, &entry).await?;
            tracing::warn!(reason = %refusal, "exchange refused");
            Err(AgreementError::Refused(refusal))
        }
    }
}

/// The exchange log, newest first.
pub async fn exchange_log(
    app: &App,
    limit: usize,
) -> Result<Vec<ExchangeLogEntry>, AgreementError> {
    app.store
        .cooperation_records(CooperationKind::ExchangeLog, limit)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(AgreementError::from))
        .collect()
}
