//! The second line's examination record of a referred traveller: recorded by a second-line officer or a
//! supervisor of the crossing's BCP, read with the crossing.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App, Scope};
use limes_domain::decision::reasons_for;
use limes_domain::examination::{Examination, ExaminationDetails, ExaminationInvalid};
use limes_domain::{Outcome, Role};
use limes_store::{Crossing, CrossingStatus, NewExamination, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExaminationError {
    #[error("not found: crossing {0}")]
    NotFound(String),
    #[error("crossing {0} is not at one of your BCPs")]
    CrossingElsewhere(String),
    #[error("only a second-line officer or a supervisor records an examination")]
    NotSecondLine,
    #[error("this traveller was not referred to second line")]
    NotReferred,
    #[error("purpose: say why you view this person data (at least 3 characters)")]
    PurposeMissing,
    #[error("refusal_reasons: '{0}' is not a refusal reason here")]
    UnknownReason(String),
    #[error("{0}")]
    Invalid(#[from] ExaminationInvalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for ExaminationError {
    fn class(&self) -> ErrorClass {
        match self {
            ExaminationError::NotFound(_) => ErrorClass::NotFound,
            ExaminationError::CrossingElsewhere(_) | ExaminationError::NotSecondLine => {
                ErrorClass::Forbidden
            }
            ExaminationError::NotReferred => ErrorClass::Conflict,
            ExaminationError::PurposeMissing => invalid("purpose"),
            ExaminationError::UnknownReason(_) => invalid("refusal_reasons"),
            ExaminationError::Invalid(e) => invalid(e.field()),
            ExaminationError::Store(e) => store_class(e),
        }
    }
}

/// Whether the crossing went to second line (waiting there now, or decided there).
pub fn was_referred(c: &Crossing) -> bool {
    c.status == CrossingStatus::Referred || c.first_outcome == Some(Outcome::ReferredSecondLine)
}

async fn crossing_in_scope(
    app: &App,
    who: Actor<'_>,
    crossing_id: &str,
) -> Result<Crossing, ExaminationError> {
    let c = app
        .store
        .crossing(crossing_id)
        .await?
        .ok_or_else(|| ExaminationError::NotFound(crossing_id.to_string()))?;
    if !Scope::of(who).allows(&c.check.bcp) {
        return Err(ExaminationError::CrossingElsewhere(crossing_id.to_string()));
    }
    Ok(c)
}

/// Record the examination of a traveller referred to second line (audited as `examination.record`, without
/// personal data: the outcome, the number of documents and the time spent).
#[tracing::instrument(skip_all, fields(crossing_id = crossing_id, outcome = details.outcome.as_str()))]
pub async fn record_examination(
    app: &App,
    who: Actor<'_>,
    crossing_id: &str,
    details: ExaminationDetails,
) -> Result<Examination, ExaminationError> {
    if !who
        .as_user()
        .is_some_and(|u| matches!(u.role, Role::SecondLineOfficer | Role::Supervisor))
    {
        return Err(ExaminationError::NotSecondLine);
    }
    let c = crossing_in_scope(app, who, crossing_id).await?;
    if !was_referred(&c) {
        return Err(ExaminationError::NotReferred);
    }
    let details = details.validated()?;
    let offered = reasons_for(c.check.direction, &app.config.refusal_reasons);
    if let Some(r) = details
        .refusal_reasons
        .iter()
        .find(|r| !offered.iter().any(|o| &o.code == *r))
    {
        return Err(ExaminationError::UnknownReason(r.clone()));
    }
    let now = app.clock.now();
    let mut e = who.audit(now, "examination.record");
    e.subject = Some(format!("crossing:{crossing_id}"));
    e.bcp = Some(c.check.bcp.clone());
    e.detail = format!(
        "{}: {} documents examined{}, {} minutes",
        details.outcome.as_str(),
        details.documents.len(),
        if details.fraud_found() {
            " (fraud found)"
        } else {
            ""
        },
        details.minutes_spent
    );
    Ok(app
        .store
        .record_examination(
            NewExamination {
                crossing_id: crossing_id.to_string(),
                officer: who.name().to_string(),
                recorded_at: now,
                details,
            },
            e,
        )
        .await?)
}

/// The examinations of a crossing, for a stated purpose (audited as a `person.view`).
#[tracing::instrument(skip_all, fields(crossing_id = crossing_id))]
pub async fn examinations(
    app: &App,
    who: Actor<'_>,
    crossing_id: &str,
    purpose: Option<&str>,
) -> Result<Vec<Examination>, ExaminationError> {
    let purpose =
        crate::crossings::require_purpose(purpose).map_err(|_| ExaminationError::PurposeMissing)?;
    crossing_in_scope(app, who, crossing_id).await?;
    let mut e = who.audit(app.clock.now(), "person.view");
    e.subject = Some(format!("crossing:{crossing_id}"));
    e.purpose = Some(purpose);
    e.detail = "examinations".into();
    app.store.append_audit(e).await?;
    Ok(app.store.examinations_of(crossing_id).await?)
}

/// The examinations of a crossing the caller has just viewed (its view is audited already), for its page and
/// the second-line queue.
pub async fn examinations_of_viewed(
    app: &App,
    c: &Crossing,
) -> Result<Vec<Examination>, ExaminationError> {
    Ok(app.store.examinations_of(&c.id).await?)
}
