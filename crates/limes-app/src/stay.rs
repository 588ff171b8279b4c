//! The allowed stay at each check and the supervisor's list of overstayers. The rules (matching entries to exits,
//! the rolling window) are the domain's ([`limes_domain::stay`]); the allowance per nationality and visa type
//! comes from the configuration (`[stay]`). Own nationals have no limit.
use crate::crossings::visible_bcps;
use crate::{Actor, App};
use chrono::{DateTime, Duration, Utc};
use limes_domain::stay::{assess, match_stays, StayAssessment, StayRule};
use limes_domain::{Direction, Outcome};
use limes_store::{Crossing, CrossingFilter, StoreError, TravelDocument};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The allowed stay as configured: a default, and others per nationality (ICAO code) or visa type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StayConfig {
    pub default: StayRule,
    pub by_nationality: BTreeMap<String, StayRule>,
    pub by_visa: BTreeMap<String, StayRule>,
    /// Nationalities with no limit (besides the state's own), e.g. free movement.
    pub unlimited: Vec<String>,
}

impl StayConfig {
    /// The rule for a traveller: by visa type if one is given and configured, else by nationality, else the
    /// default; `None` for own nationals and unlimited nationalities.
    pub fn rule_for(
        &self,
        own_state: &str,
        nationality: &str,
        visa: Option<&str>,
    ) -> Option<StayRule> {
        if nationality == own_state || self.unlimited.iter().any(|n| n == nationality) {
            return None;
        }
        Some(
            visa.and_then(|v| self.by_visa.get(v))
                .or_else(|| self.by_nationality.get(nationality))
                .copied()
                .unwrap_or(self.default),
        )
    }

    /// The longest window any rule looks back over.
    fn longest_window(&self) -> u32 {
        self.by_nationality
            .values()
            .chain(self.by_visa.values())
            .map(|r| r.window_days)
            .chain([self.default.window_days])
            .max()
            .unwrap_or(180)
    }
}

/// Whether a crossing moved the traveller: an admitted entry or exit (a refused entry is no stay).
fn moved(c: &Crossing) -> Option<(DateTime<Utc>, Direction)> {
    (c.outcome == Some(Outcome::Admitted)).then_some((c.check.at, c.check.direction))
}

/// The traveller's stay as the check at `now` sees it; for an exit, the exit is counted as today's. `None`
/// for travellers without a limit.
pub async fn at_check(
    app: &App,
    doc: &TravelDocument,
    direction: Direction,
    now: DateTime<Utc>,
) -> Result<Option<StayAssessment>, StoreError> {
    let Some(rule) = app
        .config
        .stay
        .rule_for(&app.config.state_code, &doc.nationality, None)
    else {
        return Ok(None);
    };
    let filter = CrossingFilter {
        traveller: Some((doc.document_key(), doc.person_key())),
        since: Some(now - Duration::days(i64::from(rule.window_days) + 1)),
        without_result: true,
        limit: 2000,
        ..Default::default()
    };
    let mut movements: Vec<_> = app
        .store
        .crossings(&filter)
        .await?
        .iter()
        .filter_map(moved)
        .collect();
    if direction == Direction::Exit {
        movements.push((now, Direction::Exit));
    }
    if movements.is_empty() {
        return Ok(None);
    }
    Ok(Some(assess(
        &match_stays(&movements),
        now.date_naive(),
        rule,
    )))
}

/// The problem a check shows for an overstay, when there is one.
pub fn overstay_problem(stay: Option<&StayAssessment>, direction: Direction) -> Option<String> {
    let s = stay.filter(|s| s.overstayed())?;
    Some(match direction {
        Direction::Exit => format!(
            "overstay: {} days beyond the allowed {} days in any {}",
            s.overstay_days, s.rule.max_days, s.rule.window_days
        ),
        Direction::Entry => format!(
            "the last stay ran {} days beyond the allowed {} days in any {}",
            s.overstay_days, s.rule.max_days, s.rule.window_days
        ),
    })
}

/// A traveller over the allowed stay, for the supervisor.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Overstayer {
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub document_number: String,
    /// The traveller's latest crossing: where and when.
    pub last_bcp: String,
    pub last_at: DateTime<Utc>,
    pub last_direction: Direction,
    /// Still in the country (no exit after the last entry).
    pub still_in: bool,
    pub stay: StayAssessment,
}

/// Travellers whose current or last stay exceeds the allowance, as of today, at the actor's BCPs (the BCP of
/// their latest crossing), most days over first. Listing them is audited.
#[tracing::instrument(skip_all)]
pub async fn overstayers(
    app: &App,
    who: Actor<'_>,
) -> Result<Vec<Overstayer>, crate::crossings::CrossingError> {
    let bcps = visible_bcps(who, None)?;
    let now = app.clock.now();
    let window = i64::from(app.config.stay.longest_window());
    // Every movement in the window, everywhere: an entry at one BCP is matched to the exit at another.
    let filter = CrossingFilter {
        since: Some(now - Duration::days(window + 1)),
        outcome: Some(Outcome::Admitted),
        without_result: true,
        limit: 10_000,
        ..Default::default()
    };
    let crossings = app.store.crossings(&filter).await?;
    let mut by_person: BTreeMap<String, Vec<&Crossing>> = BTreeMap::new();
    for c in &crossings {
        by_person
            .entry(c.check.document.person_key())
            .or_default()
            .push(c);
    }
    let mut out = Vec::new();
    for list in by_person.values() {
        let Some(last) = list.iter().max_by_key(|c| c.check.at) else {
            continue;
        };
        if !bcps.is_empty() && !bcps.contains(&last.check.bcp) {
            continue;
        }
        let d = &last.check.document;
        let Some(rule) = app
            .config
            .stay
            .rule_for(&app.config.state_code, &d.nationality, None)
        else {
            continue;
        };
        let movements: Vec<_> = list.iter().filter_map(|c| moved(c)).collect();
        let stay = assess(&match_stays(&movements), now.date_naive(), rule);
        if stay.overstayed() {
            out.push(Overstayer {
                surname: d.surname.clone(),
                given_names: d.given_names.clone(),
                nationality: d.nationality.clone(),
                document_number: d.document_number.clone(),
                last_bcp: last.check.bcp.clone(),
                last_at: last.check.at,
                last_direction: last.check.direction,
                still_in: stay.in_since.is_some(),
                stay,
            });
        }
    }
    out.sort_by_key(|o| std::cmp::Reverse(o.stay.overstay_days));
    let mut e = who.audit(now, "person.list");
    e.purpose = Some("overstay supervision".into());
    e.detail = format!("{} overstayers listed", out.len());
    app.store.append_audit(e).await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_follows_visa_then_nationality_then_the_default() {
        let mut c = StayConfig::default();
        let short = StayRule {
            max_days: 30,
            window_days: 180,
        };
        let long = StayRule {
            max_days: 180,
            window_days: 360,
        };
        c.by_nationality.insert("XXA".into(), short);
        c.by_visa.insert("D".into(), long);
        c.unlimited.push("FRA".into());
        assert_eq!(c.rule_for("UTO", "UTO", None), None, "own nationals");
        assert_eq!(c.rule_for("UTO", "FRA", None), None);
        assert_eq!(c.rule_for("UTO", "XXA", None), Some(short));
        assert_eq!(c.rule_for("UTO", "XXA", Some("D")), Some(long));
        assert_eq!(c.rule_for("UTO", "USA", None), Some(StayRule::default()));
        assert_eq!(c.longest_window(), 360);
    }
}
