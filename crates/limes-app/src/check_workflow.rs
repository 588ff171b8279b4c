//! The officer's workflow around a check: how serious its open hits are (for the override rule), abandoning a
//! check, closing the checks a rescan supersedes, the decisions offered for the traveller, and the second-line
//! queue's order.
use crate::check::CheckResponse;
use crate::crossings::CrossingError;
use crate::{Actor, App};
use limes_domain::decision::{offered_outcomes, reasons_for};
use limes_domain::document::AlertMatch;
use limes_domain::{is_rescan_of, Direction};
use limes_domain::{HitGravity, Outcome, RefusalReason, Role};
use limes_store::{Crossing, CrossingStatus, TravelDocument, TravellerHistory};

/// The watchlists whose hits are critical: sanctions of the UN Security Council (binding on every state).
const SANCTIONS_LISTS: [&str; 1] = ["un"];

/// How serious the open hits of a check are. Critical: a UN sanctions hit at or above the alert threshold, an
/// exact document alert or a pre-arrival hit an analyst confirmed. Open: any other watchlist hit at or above the
/// alert threshold, or a possible document alert. Weak hits below the threshold are not open hits.
pub fn hit_gravity(r: &CheckResponse) -> HitGravity {
    let critical = r
        .watchlist_hits
        .iter()
        .any(|h| h.alert && SANCTIONS_LISTS.contains(&h.list.as_str()))
        || r.document_alerts
            .iter()
            .any(|a| a.match_kind == AlertMatch::Exact)
        || !r.pre_arrival_alerts.is_empty();
    if critical {
        HitGravity::Critical
    } else if r.watchlist_hits.iter().any(|h| h.alert) || !r.document_alerts.is_empty() {
        HitGravity::Open
    } else {
        HitGravity::None
    }
}

/// The hit gravity of a stored crossing, from the check result kept with it (none when it cannot be read back,
/// as for a crossing recorded without one: then its counts decide).
pub fn crossing_gravity(c: &Crossing) -> HitGravity {
    match serde_json::from_str::<CheckResponse>(&c.check.result_json) {
        Ok(r) => hit_gravity(&r),
        Err(_) if c.check.hit_count + c.check.alert_count > 0 => HitGravity::Open,
        Err(_) => HitGravity::None,
    }
}

/// Whether the traveller is a national of the installation's state (never refused entry, never a protection
/// request).
pub fn own_national(app: &App, c: &Crossing) -> bool {
    c.check
        .document
        .nationality
        .eq_ignore_ascii_case(&app.config.state_code)
}

/// The decisions offered for this crossing, and the reasons a refusal (at exit: a stop) takes.
pub fn offered(app: &App, c: &Crossing) -> (Vec<Outcome>, Vec<RefusalReason>) {
    let direction = c.check.direction;
    let mut outcomes = offered_outcomes(direction, own_national(app, c));
    if c.status != CrossingStatus::Pending {
        outcomes.retain(|o| *o != Outcome::ReferredSecondLine);
    }
    (
        outcomes,
        reasons_for(direction, &app.config.refusal_reasons),
    )
}

/// The earlier checks a new one supersedes (a rescan of the same traveller by the same officer at the same BCP,
/// still without a decision), among the traveller's recent history; the history then leaves them out.
pub fn take_superseded(
    who: Actor<'_>,
    bcp: &str,
    direction: Direction,
    document: &TravelDocument,
    history: &mut TravellerHistory,
) -> Vec<String> {
    let (superseded, kept): (Vec<Crossing>, Vec<Crossing>) = std::mem::take(&mut history.recent)
        .into_iter()
        .partition(|c| is_rescan_of(who.name(), bcp, direction, document, c));
    history.recent = kept;
    for c in &superseded {
        history.total = history.total.saturating_sub(1);
        match c.check.direction {
            Direction::Entry => history.entries = history.entries.saturating_sub(1),
            Direction::Exit => history.exits = history.exits.saturating_sub(1),
        }
    }
    superseded.into_iter().map(|c| c.id).collect()
}

/// Close the superseded checks, each with its own audit entry. A failure is logged, not returned: the new check
/// is recorded already, and a left-over pending check only overcounts until it is abandoned.
pub async fn close_superseded(app: &App, who: Actor<'_>, ids: &[String], by_check: &str) {
    for id in ids {
        let now = app.clock.now();
        let mut e = who.audit(now, "check.supersede");
        e.subject = Some(format!("crossing:{id}"));
        e.detail = format!("rescanned: superseded by crossing {by_check}");
        if let Err(err) = app
            .store
            .close_check(id, CrossingStatus::Superseded, who.name(), now, e)
            .await
        {
            tracing::warn!(crossing_id = %id, error = %err, "could not close a superseded check");
        }
    }
}

/// Abandon a check without a decision (the traveller walked away, the scan was wrong): kept with its state for
/// audit, no longer a crossing. The officer who ran it, or a supervisor, abandons it.
#[tracing::instrument(skip_all, fields(crossing_id = id))]
pub async fn abandon_check(app: &App, who: Actor<'_>, id: &str) -> Result<Crossing, CrossingError> {
    let c = app
        .store
        .crossing(id)
        .await?
        .ok_or_else(|| CrossingError::NotFound(id.to_string()))?;
    if !who.may_use_bcp(&c.check.bcp) {
        return Err(CrossingError::CrossingElsewhere {
            id: id.to_string(),
            bcp: c.check.bcp.clone(),
        });
    }
    let supervisor = who.as_user().is_some_and(|u| u.role == Role::Supervisor);
    if c.check.officer != who.name() && !supervisor {
        return Err(CrossingError::NotYourCheck);
    }
    let now = app.clock.now();
    let mut e = who.audit(now, "check.abandon");
    e.subject = Some(format!("crossing:{id}"));
    e.bcp = Some(c.check.bcp.clone());
    e.detail = "abandoned without a decision".into();
    Ok(app
        .store
        .close_check(id, CrossingStatus::Abandoned, who.name(), now, e)
        .await?)
}

/// The second-line queue's order: the most serious first (critical hits, then other open hits, then the
/// recommendation), and among equals the longest waiting first.
pub fn queue_order(list: &mut [Crossing]) {
    list.sort_by_cached_key(|c| {
        (
            std::cmp::Reverse(crossing_gravity(c)),
            std::cmp::Reverse(c.check.recommendation),
            c.decided_at.unwrap_or(c.check.at),
        )
    });
}

/// How long a crossing in the queue has waited, in minutes: since its referral (or override), else its check.
pub fn waiting_minutes(app: &App, c: &Crossing) -> i64 {
    (app.clock.now() - c.decided_at.unwrap_or(c.check.at))
        .num_minutes()
        .max(0)
}
