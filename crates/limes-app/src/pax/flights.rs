//! The arrivals board, a flight's manifests for a stated purpose, the worklist, and an analyst's review of a hit.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App, Scope};
use chrono::{NaiveDate, NaiveTime};
use limes_store::{ApiHit, FlightDetail, FlightSummary, HitStatus, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum FlightError {
    #[error("date: '{0}' is not a date (YYYY-MM-DD)")]
    InvalidDate(String),
    #[error("not found: flight {0}")]
    FlightNotFound(String),
    #[error("flight {flight} does not arrive at one of your BCPs")]
    NotYourBcp { flight: String, bcp: String },
    #[error("status: a review confirms or dismisses: 'confirmed' or 'dismissed'")]
    ReviewNeedsVerdict,
    #[error("reason: say why the hit is confirmed or dismissed (at least 3 characters)")]
    ReasonMissing,
    #[error("not found: hit {0}")]
    HitNotFound(String),
    #[error("hit {0} is not on a flight to one of your BCPs")]
    HitElsewhere(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for FlightError {
    fn class(&self) -> ErrorClass {
        match self {
            FlightError::InvalidDate(_) => invalid("date"),
            FlightError::ReviewNeedsVerdict => invalid("status"),
            FlightError::ReasonMissing => invalid("reason"),
            FlightError::FlightNotFound(_) | FlightError::HitNotFound(_) => ErrorClass::NotFound,
            FlightError::NotYourBcp { .. } | FlightError::HitElsewhere(_) => ErrorClass::Forbidden,
            FlightError::Store(e) => store_class(e),
        }
    }
}

/// The flights arriving on a day (else departing, when the message gives no arrival time), soonest first.
#[tracing::instrument(skip_all, fields(date = date))]
pub async fn board(
    app: &App,
    who: Actor<'_>,
    date: Option<&str>,
) -> Result<(NaiveDate, Vec<FlightSummary>), FlightError> {
    let day = match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => app.clock.today(),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| FlightError::InvalidDate(d.to_string()))?,
    };
    let from = day.and_time(NaiveTime::MIN);
    let to = from + chrono::Duration::days(1);
    let mut flights = app.store.api_flights(from, to).await?;
    in_scope(who, &mut flights);
    Ok((day, flights))
}

/// Keep the flights arriving at the actor's BCPs (all for national roles).
fn in_scope(who: Actor<'_>, flights: &mut Vec<FlightSummary>) {
    let scope = Scope::of(who);
    flights.retain(|f| scope.allows_record_of(f.flight.arrival_bcp.as_deref()));
}

/// The longest worklist shown.
const WORKLIST_LENGTH: usize = 200;

/// The passenger information unit's worklist: flights with open hits, most serious first.
#[tracing::instrument(skip_all)]
pub async fn worklist(app: &App, who: Actor<'_>) -> Result<Vec<FlightSummary>, FlightError> {
    // A scoped analyst's flights may lie behind other BCPs' in the national order: read deeper, then keep theirs.
    let depth = if Scope::of(who).is_national() {
        WORKLIST_LENGTH
    } else {
        WORKLIST_LENGTH * 20
    };
    let mut flights = app.store.api_worklist(depth).await?;
    in_scope(who, &mut flights);
    flights.truncate(WORKLIST_LENGTH);
    Ok(flights)
}

/// A flight with its manifests, travellers and hits, for a stated purpose (audited).
#[tracing::instrument(skip_all, fields(flight = key))]
pub async fn view_flight(
    app: &App,
    who: Actor<'_>,
    key: &str,
    purpose: &str,
) -> Result<FlightDetail, FlightError> {
    let detail = app
        .store
        .api_flight(key)
        .await?
        .ok_or_else(|| FlightError::FlightNotFound(key.to_string()))?;
    check_scope(who, &detail.flight)?;
    let mut e = who.audit(app.clock.now(), "person.view");
    e.subject = Some(format!("flight:{key}"));
    e.purpose = Some(purpose.to_string());
    e.detail = format!(
        "manifest of {} travellers, {} hits",
        detail.travellers.len(),
        detail.hits.len()
    );
    app.store.append_audit(e).await?;
    Ok(detail)
}

/// A flight's records are its arrival BCP's: outside the actor's scope, refused (a flight to no BCP is national).
fn check_scope(who: Actor<'_>, flight: &limes_store::ApiFlight) -> Result<(), FlightError> {
    if Scope::of(who).allows_record_of(flight.arrival_bcp.as_deref()) {
        return Ok(());
    }
    Err(FlightError::NotYourBcp {
        flight: flight.key.clone(),
        bcp: flight.arrival_bcp.clone().unwrap_or_else(|| "-".into()),
    })
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ReviewRequest {
    /// confirmed (a true match: an alert at the arrival BCP) or dismissed (a false match).
    pub status: HitStatus,
    /// Why: what the analyst compared (required).
    pub reason: String,
}

/// An analyst confirms or dismisses a pre-arrival hit. A confirmed hit is shown to the officer who checks the
/// traveller.
#[tracing::instrument(skip_all, fields(hit_id = id, status = req.status.as_str()))]
pub async fn review(
    app: &App,
    who: Actor<'_>,
    id: &str,
    req: ReviewRequest,
) -> Result<ApiHit, FlightError> {
    if req.status == HitStatus::Open {
        return Err(FlightError::ReviewNeedsVerdict);
    }
    let reason = req.reason.trim();
    if reason.len() < 3 {
        return Err(FlightError::ReasonMissing);
    }
    let hit = app
        .store
        .api_hit(id)
        .await?
        .ok_or_else(|| FlightError::HitNotFound(id.to_string()))?;
    // The hit belongs to the flight's arrival BCP: an analyst of another BCP may not confirm or dismiss it.
    if !Scope::of(who).is_national() {
        let flight = app
            .store
            .api_flight(&hit.flight_key)
            .await?
            .ok_or_else(|| FlightError::HitNotFound(id.to_string()))?;
        check_scope(who, &flight.flight).map_err(|_| FlightError::HitElsewhere(id.to_string()))?;
    }
    let now = app.clock.now();
    let mut e = who.audit(now, "api.hit.review");
    e.subject = Some(format!("api-hit:{id}"));
    e.purpose = Some("pre-arrival risk assessment".into());
    e.detail = format!("{} {}: {reason}", req.status.as_str(), hit.summary);
    let reviewed = app
        .store
        .review_api_hit(id, req.status, reason, who.name(), now, e)
        .await?;
    // The review stands either way: a failure to queue the alert for the BCP is logged for the operator.
    if let Err(err) = super::downlink::publish_hit(app, &reviewed).await {
        tracing::error!(hit_id = id, error = %err, "confirmed hit not queued for the arrival BCP");
    }
    Ok(reviewed)
}
