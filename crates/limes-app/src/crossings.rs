//! Crossings after the check: the officer's decision, the second-line queue, searching and viewing crossings
//! (each view audited with its purpose), and the statistics.
use crate::check_workflow;
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App, Scope};
use limes_domain::decision::{check_offered, reasons_for, validate_decision};
use limes_domain::{HitGravity, Outcome, OverrideReason, Role};
use limes_store::{Crossing, CrossingFilter, CrossingStats, CrossingStatus, Decision, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum CrossingError {
    #[error("purpose: say why you view this person data (at least 3 characters)")]
    PurposeMissing,
    #[error("status: '{0}' is not pending, referred or decided")]
    UnknownStatus(String),
    #[error("not assigned to BCP {0}")]
    NotYourBcp(String),
    #[error("bcp: choose one of your BCPs")]
    ChooseBcp,
    #[error("not found: crossing {0}")]
    NotFound(String),
    #[error("crossing {id} is not at one of your BCPs")]
    CrossingElsewhere { id: String, bcp: String },
    #[error("this traveller is with second line; a second-line officer decides")]
    SecondLineDecides,
    #[error("refusal_reason: {0}")]
    RefusalReason(String),
    #[error("{0}")]
    NotOffered(String),
    #[error("override_reason: admitting a traveller with an open hit needs a reason code and a typed reason (at least 3 characters)")]
    OverrideNeedsReason,
    #[error("the override must be confirmed by another person (supervisor or second line), not by the officer who made it")]
    OwnOverride,
    #[error(
        "this admission on override waits for a supervisor or second-line officer to confirm it"
    )]
    AwaitsConfirmation,
    #[error("only the officer who ran the check, or a supervisor, abandons it")]
    NotYourCheck,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for CrossingError {
    fn class(&self) -> ErrorClass {
        match self {
            CrossingError::PurposeMissing => invalid("purpose"),
            CrossingError::UnknownStatus(_) => invalid("status"),
            CrossingError::ChooseBcp => invalid("bcp"),
            CrossingError::RefusalReason(_) => invalid("refusal_reason"),
            CrossingError::NotOffered(_) => invalid("outcome"),
            CrossingError::OverrideNeedsReason => invalid("override_reason"),
            CrossingError::OwnOverride
            | CrossingError::AwaitsConfirmation
            | CrossingError::NotYourCheck => ErrorClass::Forbidden,
            CrossingError::NotYourBcp(_)
            | CrossingError::CrossingElsewhere { .. }
            | CrossingError::SecondLineDecides => ErrorClass::Forbidden,
            CrossingError::NotFound(_) => ErrorClass::NotFound,
            CrossingError::Store(e) => store_class(e),
        }
    }
}

/// The purpose a person-data view must state: at least three characters, at most 200 kept.
pub fn require_purpose(p: Option<&str>) -> Result<String, CrossingError> {
    match p.map(str::trim).filter(|p| p.len() >= 3) {
        Some(p) => Ok(p.chars().take(200).collect()),
        None => Err(CrossingError::PurposeMissing),
    }
}

/// The BCPs whose records a listing reads ([`Scope::narrow`]): the one asked for, else all of the actor's.
pub fn visible_bcps(who: Actor<'_>, requested: Option<&str>) -> Result<Vec<String>, CrossingError> {
    Scope::of(who)
        .narrow(requested)
        .map_err(|e| CrossingError::NotYourBcp(e.0))
}

/// What a search of crossings asks for.
#[derive(Debug, Default, Clone)]
pub struct CrossingSearch {
    pub bcp: Option<String>,
    /// pending, referred or decided.
    pub status: Option<String>,
    /// Surname or document number prefix.
    pub search: Option<String>,
    pub limit: Option<usize>,
}

/// Crossings, newest first, for a stated purpose (audited).
#[tracing::instrument(skip_all, fields(bcp = q.bcp.as_deref(), status = q.status.as_deref()))]
pub async fn search_crossings(
    app: &App,
    who: Actor<'_>,
    q: CrossingSearch,
    purpose: String,
) -> Result<Vec<Crossing>, CrossingError> {
    let status = match q.status.as_deref() {
        Some(s) => Some(
            CrossingStatus::parse(s).ok_or_else(|| CrossingError::UnknownStatus(s.to_string()))?,
        ),
        None => None,
    };
    let filter = CrossingFilter {
        bcps: visible_bcps(who, q.bcp.as_deref())?,
        status,
        search: q.search.clone(),
        limit: q.limit.unwrap_or(100).min(1000),
        ..Default::default()
    };
    let found = app.store.crossings(&filter).await?;
    let mut e = who.audit(app.clock.now(), "person.search");
    e.purpose = Some(purpose);
    e.detail = format!(
        "search {:?} bcp {:?}: {} crossings",
        q.search,
        filter.bcps,
        found.len()
    );
    app.store.append_audit(e).await?;
    Ok(found)
}

/// Load a crossing for viewing: BCP need-to-know, then the audit entry with its purpose.
#[tracing::instrument(skip_all, fields(crossing_id = id))]
pub async fn view_crossing(
    app: &App,
    who: Actor<'_>,
    id: &str,
    purpose: &str,
) -> Result<Crossing, CrossingError> {
    let c = app
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| CrossingError::NotFound(id.to_string()))?;
    if !Scope::of(who).allows(&c.check.bcp) {
        return Err(CrossingError::CrossingElsewhere {
            id: id.to_string(),
            bcp: c.check.bcp.clone(),
        });
    }
    let mut e = who.audit(app.clock.now(), "person.view");
    e.subject = Some(format!("crossing:{id}"));
    e.purpose = Some(purpose.to_string());
    app.store.append_audit(e).await?;
    Ok(c)
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DecisionRequest {
    pub outcome: Outcome,
    /// Required for a refusal: a code from /api/v1/refusal-reasons.
    pub refusal_reason: Option<String>,
    pub note: Option<String>,
    /// Admitting over an open hit: why the hit does not stop the traveller (not_the_person, no_longer_applies,
    /// authorised, cleared_by_examination, other) …
    #[serde(default)]
    pub override_code: Option<String>,
    /// … and the officer's own words.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Record the officer's decision on a checked traveller; second line decides referred ones. The state rules
/// (what may follow what) are the domain's, applied by the store in the same transaction.
#[tracing::instrument(
    skip_all,
    fields(
        crossing_id = id,
        outcome = req.outcome.as_str(),
        refusal_reason = req.refusal_reason.as_deref(),
    )
)]
pub async fn decide(
    app: &App,
    who: Actor<'_>,
    id: &str,
    req: DecisionRequest,
) -> Result<Crossing, CrossingError> {
    let existing = app
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| CrossingError::NotFound(id.to_string()))?;
    if !Scope::of(who).allows(&existing.check.bcp) {
        return Err(CrossingError::CrossingElsewhere {
            id: id.to_string(),
            bcp: existing.check.bcp.clone(),
        });
    }
    let direction = existing.check.direction;
    check_offered(
        req.outcome,
        direction,
        check_workflow::own_national(app, &existing),
    )
    .map_err(|e| CrossingError::NotOffered(e.to_string()))?;
    let reason = validate_decision(
        req.outcome,
        req.refusal_reason.as_deref(),
        &reasons_for(direction, &app.config.refusal_reasons),
    )
    .map_err(|e| CrossingError::RefusalReason(e.to_string()))?;
    let second_line = matches!(
        existing.status,
        CrossingStatus::Referred | CrossingStatus::PendingOverride
    );
    let may_decide_second_line = who
        .as_user()
        .is_some_and(|u| matches!(u.role, Role::SecondLineOfficer | Role::Supervisor));
    if second_line && !may_decide_second_line {
        return Err(if existing.status == CrossingStatus::PendingOverride {
            CrossingError::AwaitsConfirmation
        } else {
            CrossingError::SecondLineDecides
        });
    }
    let hits = check_workflow::crossing_gravity(&existing);
    let override_reason = match (&req.override_code, &req.override_reason) {
        (Some(code), Some(text)) if req.outcome == Outcome::Admitted => Some(
            OverrideReason::validate(code, text).map_err(|_| CrossingError::OverrideNeedsReason)?,
        ),
        _ => None,
    };
    let confirming =
        existing.status == CrossingStatus::PendingOverride && req.outcome == Outcome::Admitted;
    let note = req
        .note
        .map(|n| n.trim().chars().take(2000).collect::<String>())
        .filter(|n| !n.is_empty());
    let now = app.clock.now();
    let decision = Decision {
        outcome: req.outcome,
        refusal_reason: reason.map(|r| r.code),
        note,
        officer: who.name().to_string(),
        second_line,
        at: now,
        hits,
        override_reason,
    };
    let overriding = !confirming && req.outcome == Outcome::Admitted && hits != HitGravity::None;
    let mut e = who.audit(
        now,
        if confirming {
            "check.override_confirm"
        } else if overriding {
            "check.override"
        } else if second_line {
            "check.second_line_decision"
        } else {
            "check.decision"
        },
    );
    e.subject = Some(format!("crossing:{id}"));
    e.bcp = Some(existing.check.bcp.clone());
    e.detail = format!(
        "{}{}",
        req.outcome.as_str(),
        decision
            .refusal_reason
            .as_deref()
            .map(|r| format!(" (reason {r})"))
            .unwrap_or_default()
    );
    if overriding {
        if let Some(r) = &decision.override_reason {
            e.detail = format!("{} over {:?} hit (override {})", e.detail, hits, r.code);
        }
    }
    let c = app
        .store
        .record_decision(id, decision, e)
        .await
        .map_err(|err| match err {
            StoreError::Invalid(m) if m.starts_with("override_reason") => {
                CrossingError::OverrideNeedsReason
            }
            StoreError::Conflict(m) if m.contains("not by the officer who made it") => {
                CrossingError::OwnOverride
            }
            other => CrossingError::Store(other),
        })?;
    crate::metrics::Metrics::inc(&app.metrics.decisions);
    Ok(c)
}

/// Travellers referred to second line and admissions on override waiting for confirmation, the most serious
/// first and among equals the longest waiting: at the BCP named, else the session's, else every BCP of the
/// actor's (so signing in "as assigned" shows the queue of all of them). Listing them is audited.
#[tracing::instrument(skip_all, fields(bcp = bcp))]
pub async fn second_line_queue(
    app: &App,
    who: Actor<'_>,
    bcp: Option<&str>,
) -> Result<Vec<Crossing>, CrossingError> {
    let bcp = bcp.or(who.session_bcp());
    let filter = CrossingFilter {
        bcps: visible_bcps(who, bcp)?,
        status: Some(CrossingStatus::Referred),
        limit: 500,
        ..Default::default()
    };
    let mut list = app.store.crossings(&filter).await?;
    list.extend(
        app.store
            .crossings(&CrossingFilter {
                status: Some(CrossingStatus::PendingOverride),
                ..filter
            })
            .await?,
    );
    list.retain(|c| who.may_use_bcp(&c.check.bcp));
    check_workflow::queue_order(&mut list);
    if !list.is_empty() {
        let mut e = who.audit(app.clock.now(), "person.list");
        e.purpose = Some("second-line queue".into());
        e.detail = format!("{} referred travellers listed", list.len());
        app.store.append_audit(e).await?;
    }
    Ok(list)
}

/// Crossing counts over the last `days` days (1 to 3660): at the BCP named, else over every BCP the actor sees.
#[tracing::instrument(skip_all, fields(bcp = bcp, days = days))]
pub async fn stats(
    app: &App,
    who: Actor<'_>,
    bcp: Option<&str>,
    days: Option<i64>,
) -> Result<CrossingStats, CrossingError> {
    let since = app.clock.now() - chrono::Duration::days(days.unwrap_or(1).clamp(1, 3660));
    let bcps = visible_bcps(who, bcp)?;
    if bcps.is_empty() {
        return Ok(app.store.crossing_stats(None, since).await?);
    }
    let mut total = CrossingStats::default();
    for b in &bcps {
        let s = app.store.crossing_stats(Some(b), since).await?;
        total.total += s.total;
        total.entries += s.entries;
        total.exits += s.exits;
        total.admitted += s.admitted;
        total.refused += s.refused;
        total.protection_requests += s.protection_requests;
        total.referred_open += s.referred_open;
        total.pending += s.pending;
    }
    Ok(total)
}
