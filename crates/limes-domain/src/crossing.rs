//! A crossing: the record of one check at a BCP, and the rules by which officers decide it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Direction, Outcome, RecommendationLevel, TravelDocument};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrossingStatus {
    /// Checked, no decision yet.
    Pending,
    /// Referred to second line, waiting for its decision.
    Referred,
    /// Final decision recorded.
    Decided,
}

impl CrossingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CrossingStatus::Pending => "pending",
            CrossingStatus::Referred => "referred",
            CrossingStatus::Decided => "decided",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "referred" => Some(Self::Referred),
            "decided" => Some(Self::Decided),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewCrossing {
    pub bcp: String,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub officer: String,
    pub document: TravelDocument,
    /// "mrz" or "manual".
    pub input_method: String,
    pub recommendation: RecommendationLevel,
    pub reasons: Vec<String>,
    /// Number of watchlist hits at or above the alert threshold, and of document alerts.
    pub hit_count: u32,
    pub alert_count: u32,
    /// The full check result as JSON, kept for second line and audit.
    pub result_json: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Crossing {
    pub id: String,
    #[serde(flatten)]
    pub check: NewCrossing,
    pub status: CrossingStatus,
    /// First-line decision.
    pub first_outcome: Option<Outcome>,
    pub first_officer: Option<String>,
    /// Final decision (first line's when it was final, else second line's).
    pub outcome: Option<Outcome>,
    pub refusal_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

impl Crossing {
    /// A crossing as its check records it: pending, no decision yet.
    pub fn pending(id: String, check: NewCrossing) -> Crossing {
        Crossing {
            id,
            check,
            status: CrossingStatus::Pending,
            first_outcome: None,
            first_officer: None,
            outcome: None,
            refusal_reason: None,
            decided_by: None,
            decided_at: None,
            note: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub outcome: Outcome,
    pub refusal_reason: Option<String>,
    pub note: Option<String>,
    pub officer: String,
    /// True when taken by second line (the officer has the second-line role).
    pub second_line: bool,
    pub at: DateTime<Utc>,
}

/// Why a decision cannot be applied to a crossing in its current state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionRefused {
    #[error("crossing {0} is already decided")]
    AlreadyDecided(String),
    #[error("crossing {0} is with second line; only a second-line officer decides it")]
    WithSecondLine(String),
    #[error("second line must decide, not refer again")]
    ReferredAgain,
}

/// The decision rules, the same for every backend: first line decides a pending check (or refers it);
/// second line decides a referred one; a decided crossing is never changed. The decision carries its own time.
pub fn apply_decision(c: &mut Crossing, d: &Decision) -> Result<(), DecisionRefused> {
    match (c.status, d.second_line) {
        (CrossingStatus::Decided, _) => return Err(DecisionRefused::AlreadyDecided(c.id.clone())),
        (CrossingStatus::Pending, _) => {
            c.first_outcome = Some(d.outcome);
            c.first_officer = Some(d.officer.clone());
            if d.outcome == Outcome::ReferredSecondLine {
                c.status = CrossingStatus::Referred;
            } else {
                c.status = CrossingStatus::Decided;
                c.outcome = Some(d.outcome);
            }
        }
        (CrossingStatus::Referred, false) => {
            return Err(DecisionRefused::WithSecondLine(c.id.clone()))
        }
        (CrossingStatus::Referred, true) => {
            if d.outcome == Outcome::ReferredSecondLine {
                return Err(DecisionRefused::ReferredAgain);
            }
            c.status = CrossingStatus::Decided;
            c.outcome = Some(d.outcome);
        }
    }
    c.refusal_reason = d.refusal_reason.clone();
    c.decided_by = Some(d.officer.clone());
    c.decided_at = Some(d.at);
    if d.note.is_some() {
        c.note = d.note.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, minute, 0).unwrap()
    }

    fn pending() -> Crossing {
        Crossing {
            id: "c1".into(),
            check: NewCrossing {
                bcp: "UTO-N1".into(),
                direction: Direction::Entry,
                at: at(0),
                officer: "ana".into(),
                document: TravelDocument::default(),
                input_method: "mrz".into(),
                recommendation: RecommendationLevel::Clear,
                reasons: vec![],
                hit_count: 0,
                alert_count: 0,
                result_json: "{}".into(),
            },
            status: CrossingStatus::Pending,
            first_outcome: None,
            first_officer: None,
            outcome: None,
            refusal_reason: None,
            decided_by: None,
            decided_at: None,
            note: None,
        }
    }

    fn decision(outcome: Outcome, officer: &str, second_line: bool, minute: u32) -> Decision {
        Decision {
            outcome,
            refusal_reason: None,
            note: None,
            officer: officer.into(),
            second_line,
            at: at(minute),
        }
    }

    #[test]
    fn first_line_decides_a_pending_check_once() {
        let mut c = pending();
        apply_decision(&mut c, &decision(Outcome::Admitted, "ana", false, 1)).unwrap();
        assert_eq!(c.status, CrossingStatus::Decided);
        assert_eq!(
            (c.first_outcome, c.outcome),
            (Some(Outcome::Admitted), Some(Outcome::Admitted))
        );
        assert_eq!(
            (c.decided_by.as_deref(), c.decided_at),
            (Some("ana"), Some(at(1)))
        );
        let again = apply_decision(&mut c, &decision(Outcome::Refused, "ana", true, 2));
        assert_eq!(again, Err(DecisionRefused::AlreadyDecided("c1".into())));
        assert_eq!(
            c.outcome,
            Some(Outcome::Admitted),
            "a decided crossing is never changed"
        );
    }

    #[test]
    fn a_referral_waits_for_second_line_which_must_decide() {
        let mut c = pending();
        let mut refer = decision(Outcome::ReferredSecondLine, "ana", false, 1);
        refer.note = Some("check the visa".into());
        apply_decision(&mut c, &refer).unwrap();
        assert_eq!((c.status, c.outcome), (CrossingStatus::Referred, None));
        assert_eq!(
            apply_decision(&mut c, &decision(Outcome::Admitted, "ana", false, 2)),
            Err(DecisionRefused::WithSecondLine("c1".into()))
        );
        assert_eq!(
            apply_decision(
                &mut c,
                &decision(Outcome::ReferredSecondLine, "sam", true, 2)
            ),
            Err(DecisionRefused::ReferredAgain)
        );
        let mut refuse = decision(Outcome::Refused, "sam", true, 3);
        refuse.refusal_reason = Some("C".into());
        apply_decision(&mut c, &refuse).unwrap();
        assert_eq!(c.status, CrossingStatus::Decided);
        assert_eq!(c.first_outcome, Some(Outcome::ReferredSecondLine));
        assert_eq!(c.first_officer.as_deref(), Some("ana"));
        assert_eq!(
            (c.outcome, c.refusal_reason.as_deref()),
            (Some(Outcome::Refused), Some("C"))
        );
        assert_eq!(
            c.note.as_deref(),
            Some("check the visa"),
            "a decision without a note keeps the earlier one"
        );
    }
}
