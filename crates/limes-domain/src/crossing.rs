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
    /// Admitted on override of a critical hit, waiting for a second person (supervisor or second line) to confirm.
    PendingOverride,
    /// Closed without a decision: the officer abandoned the check. Kept for audit; not a crossing.
    Abandoned,
    /// Closed without a decision: the same document was scanned again at the desk. Kept for audit; not a crossing.
    Superseded,
}

impl CrossingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CrossingStatus::Pending => "pending",
            CrossingStatus::Referred => "referred",
            CrossingStatus::Decided => "decided",
            CrossingStatus::PendingOverride => "pending_override",
            CrossingStatus::Abandoned => "abandoned",
            CrossingStatus::Superseded => "superseded",
        }
    }
    /// Whether the record counts as a crossing in a traveller's history and the statistics: a check closed
    /// without a decision (abandoned, rescanned) does not.
    pub fn counts_as_crossing(self) -> bool {
        !matches!(self, CrossingStatus::Abandoned | CrossingStatus::Superseded)
    }
    /// The statuses that are not crossings, for the stores' queries.
    pub const NOT_CROSSINGS: [CrossingStatus; 2] =
        [CrossingStatus::Abandoned, CrossingStatus::Superseded];
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "referred" => Some(Self::Referred),
            "decided" => Some(Self::Decided),
            "pending_override" => Some(Self::PendingOverride),
            "abandoned" => Some(Self::Abandoned),
            "superseded" => Some(Self::Superseded),
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
    /// The admission despite an open hit: who overrode it, why, and who confirmed it (four eyes).
    #[serde(default)]
    pub admission_override: Option<AdmissionOverride>,
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
            admission_override: None,
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
    /// The open hits of the crossing that an admission would override.
    #[serde(default)]
    pub hits: HitGravity,
    /// Why the officer admits despite an open hit (required then).
    #[serde(default)]
    pub override_reason: Option<OverrideReason>,
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
    #[error("override_reason: admitting a traveller with an open hit needs a reason code and a typed reason")]
    OverrideNeedsReason,
    #[error("the override must be confirmed by another person (supervisor or second line), not by the officer who made it")]
    OwnOverride,
    #[error("crossing {0} waits for a supervisor or second-line officer to confirm the override")]
    AwaitsConfirmation(String),
    #[error("crossing {0} was closed without a decision")]
    Closed(String),
    #[error("only a pending check without a decision can be abandoned")]
    NotAbandonable,
}

/// How serious the open hits of a crossing are, for the rule on admitting over them.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum HitGravity {
    /// Nothing at or above the alert threshold.
    #[default]
    None,
    /// A watchlist hit at or above the alert threshold, or a possible document alert: admitting needs a reason.
    Open,
    /// A UN sanctions hit, an exact document alert or a confirmed pre-arrival hit: admitting needs a reason and a
    /// second person's confirmation.
    Critical,
}

/// The reason an officer gives for admitting despite an open hit: a code from [`override_reason_codes`] and
/// the officer's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OverrideReason {
    pub code: String,
    pub text: String,
}

/// The codes of an override reason: why the hit does not stop this traveller.
pub const OVERRIDE_REASON_CODES: [&str; 5] = [
    // The traveller is not the listed person: identity established by other means.
    "not_the_person",
    // The listing or alert no longer applies (delisted, document recovered, alert withdrawn).
    "no_longer_applies",
    // A competent authority authorised the entry (exemption, humanitarian, national interest).
    "authorised",
    // The hit was examined by second line and cleared.
    "cleared_by_examination",
    // Any other ground, stated in the typed reason.
    "other",
];

/// The admission over a hit: who overrode it and why, and (for a critical hit) who confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AdmissionOverride {
    pub code: String,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
    /// A critical hit: the admission holds only once another person confirmed it.
    pub critical: bool,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

impl OverrideReason {
    /// A known code and a typed reason of at least three characters (at most 2000 kept).
    pub fn validate(code: &str, text: &str) -> Result<OverrideReason, DecisionRefused> {
        let code = code.trim();
        let text = text.trim();
        if !OVERRIDE_REASON_CODES.contains(&code) || text.chars().count() < 3 {
            return Err(DecisionRefused::OverrideNeedsReason);
        }
        Ok(OverrideReason {
            code: code.to_string(),
            text: text.chars().take(2000).collect(),
        })
    }
}

/// The decision rules, the same for every backend: first line decides a pending check (or refers it);
/// second line decides a referred one; a decided crossing is never changed. The decision carries its own time.
/// Admitting over an open hit needs a reason; over a critical hit it also needs a second person: the crossing
/// waits as pending override until a second-line officer or supervisor other than the one who overrode confirms
/// (an admission), or decides otherwise.
pub fn apply_decision(c: &mut Crossing, d: &Decision) -> Result<(), DecisionRefused> {
    let admits_over_hit = d.outcome == Outcome::Admitted && d.hits != HitGravity::None;
    match (c.status, d.second_line) {
        (CrossingStatus::Decided, _) => return Err(DecisionRefused::AlreadyDecided(c.id.clone())),
        (CrossingStatus::Abandoned | CrossingStatus::Superseded, _) => {
            return Err(DecisionRefused::Closed(c.id.clone()))
        }
        (CrossingStatus::PendingOverride, false) => {
            return Err(DecisionRefused::AwaitsConfirmation(c.id.clone()))
        }
        (CrossingStatus::PendingOverride, true) => {
            if d.outcome == Outcome::ReferredSecondLine {
                return Err(DecisionRefused::ReferredAgain);
            }
            if d.outcome == Outcome::Admitted {
                let Some(o) = c.admission_override.as_mut() else {
                    return Err(DecisionRefused::OverrideNeedsReason);
                };
                if o.by == d.officer {
                    return Err(DecisionRefused::OwnOverride);
                }
                o.confirmed_by = Some(d.officer.clone());
                o.confirmed_at = Some(d.at);
            }
            c.status = CrossingStatus::Decided;
            c.outcome = Some(d.outcome);
        }
        (CrossingStatus::Referred, false) => {
            return Err(DecisionRefused::WithSecondLine(c.id.clone()))
        }
        (CrossingStatus::Pending, _) | (CrossingStatus::Referred, true) => {
            if c.status == CrossingStatus::Referred && d.outcome == Outcome::ReferredSecondLine {
                return Err(DecisionRefused::ReferredAgain);
            }
            let over = if admits_over_hit {
                let r = d
                    .override_reason
                    .as_ref()
                    .ok_or(DecisionRefused::OverrideNeedsReason)?;
                Some(AdmissionOverride {
                    code: r.code.clone(),
                    reason: r.text.clone(),
                    by: d.officer.clone(),
                    at: d.at,
                    critical: d.hits == HitGravity::Critical,
                    confirmed_by: None,
                    confirmed_at: None,
                })
            } else {
                None
            };
            if c.status == CrossingStatus::Pending {
                c.first_outcome = Some(d.outcome);
                c.first_officer = Some(d.officer.clone());
            }
            let needs_confirmation = over.as_ref().is_some_and(|o| o.critical);
            c.admission_override = over;
            if d.outcome == Outcome::ReferredSecondLine {
                c.status = CrossingStatus::Referred;
            } else if needs_confirmation {
                c.status = CrossingStatus::PendingOverride;
            } else {
                c.status = CrossingStatus::Decided;
                c.outcome = Some(d.outcome);
            }
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

/// Close a check that got no decision: only a pending one, as abandoned or superseded (a rescan). The record
/// stays, with who closed it and when, but no longer counts as a crossing.
pub fn close_unfinished(
    c: &mut Crossing,
    status: CrossingStatus,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), DecisionRefused> {
    if c.status != CrossingStatus::Pending || status.counts_as_crossing() {
        return Err(DecisionRefused::NotAbandonable);
    }
    c.status = status;
    c.decided_by = Some(by.to_string());
    c.decided_at = Some(at);
    Ok(())
}

/// Whether a new check supersedes an earlier one: the earlier is still pending and was made by the same officer
/// at the same BCP in the same direction for the same document or the same person (a rescan, or a typo
/// corrected). A check in the other direction is another crossing, not a rescan.
pub fn supersedes(new: &NewCrossing, earlier: &Crossing) -> bool {
    is_rescan_of(
        &new.officer,
        &new.bcp,
        new.direction,
        &new.document,
        earlier,
    )
}

/// [`supersedes`] for a check not yet put together: by its officer, BCP, direction and document.
pub fn is_rescan_of(
    officer: &str,
    bcp: &str,
    direction: Direction,
    document: &TravelDocument,
    earlier: &Crossing,
) -> bool {
    earlier.status == CrossingStatus::Pending
        && earlier.check.officer == officer
        && earlier.check.bcp == bcp
        && earlier.check.direction == direction
        && (earlier.check.document.document_key() == document.document_key()
            || earlier.check.document.person_key() == document.person_key())
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
            admission_override: None,
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
            hits: HitGravity::None,
            override_reason: None,
        }
    }

    fn admit_over(hits: HitGravity, officer: &str, second_line: bool, minute: u32) -> Decision {
        let mut d = decision(Outcome::Admitted, officer, second_line, minute);
        d.hits = hits;
        d.override_reason = Some(
            OverrideReason::validate("not_the_person", "other birth date, photo differs").unwrap(),
        );
        d
    }

    #[test]
    fn admitting_over_an_open_hit_needs_a_reason() {
        let mut c = pending();
        let mut bare = decision(Outcome::Admitted, "ana", false, 1);
        bare.hits = HitGravity::Open;
        assert_eq!(
            apply_decision(&mut c, &bare),
            Err(DecisionRefused::OverrideNeedsReason)
        );
        assert_eq!(c.status, CrossingStatus::Pending, "nothing changed");
        assert_eq!(
            OverrideReason::validate("because", "a reason"),
            Err(DecisionRefused::OverrideNeedsReason),
            "unknown code"
        );
        assert_eq!(
            OverrideReason::validate("other", " "),
            Err(DecisionRefused::OverrideNeedsReason),
            "no typed reason"
        );
        apply_decision(&mut c, &admit_over(HitGravity::Open, "ana", false, 1)).unwrap();
        assert_eq!(
            (c.status, c.outcome),
            (CrossingStatus::Decided, Some(Outcome::Admitted))
        );
        let o = c.admission_override.clone().unwrap();
        assert_eq!(
            (o.code.as_str(), o.by.as_str(), o.critical),
            ("not_the_person", "ana", false)
        );
        // Refusing over a hit needs no override.
        let mut c = pending();
        let mut refuse = decision(Outcome::Refused, "ana", false, 1);
        refuse.hits = HitGravity::Critical;
        refuse.refusal_reason = Some("H".into());
        apply_decision(&mut c, &refuse).unwrap();
        assert_eq!(
            (c.status, c.admission_override),
            (CrossingStatus::Decided, None)
        );
    }

    #[test]
    fn a_critical_override_waits_for_a_second_person() {
        let mut c = pending();
        apply_decision(&mut c, &admit_over(HitGravity::Critical, "ana", false, 1)).unwrap();
        assert_eq!(
            (c.status, c.outcome),
            (CrossingStatus::PendingOverride, None)
        );
        assert_eq!(c.first_outcome, Some(Outcome::Admitted));
        // First line cannot confirm, the officer who overrode cannot either (even with the second-line role).
        assert_eq!(
            apply_decision(&mut c, &decision(Outcome::Admitted, "bo", false, 2)),
            Err(DecisionRefused::AwaitsConfirmation("c1".into()))
        );
        assert_eq!(
            apply_decision(&mut c, &decision(Outcome::Admitted, "ana", true, 2)),
            Err(DecisionRefused::OwnOverride)
        );
        apply_decision(&mut c, &decision(Outcome::Admitted, "sam", true, 3)).unwrap();
        assert_eq!(
            (c.status, c.outcome),
            (CrossingStatus::Decided, Some(Outcome::Admitted))
        );
        let o = c.admission_override.clone().unwrap();
        assert_eq!(
            (o.by.as_str(), o.confirmed_by.as_deref(), o.confirmed_at),
            ("ana", Some("sam"), Some(at(3)))
        );
        assert_eq!(c.decided_by.as_deref(), Some("sam"));
    }

    #[test]
    fn a_supervisor_may_overrule_a_pending_override() {
        let mut c = pending();
        apply_decision(&mut c, &admit_over(HitGravity::Critical, "ana", false, 1)).unwrap();
        let mut refuse = decision(Outcome::Refused, "sam", true, 2);
        refuse.refusal_reason = Some("H".into());
        apply_decision(&mut c, &refuse).unwrap();
        assert_eq!(
            (c.status, c.outcome),
            (CrossingStatus::Decided, Some(Outcome::Refused))
        );
        assert_eq!(
            c.admission_override.unwrap().confirmed_by,
            None,
            "never confirmed"
        );
    }

    #[test]
    fn abandoned_and_rescanned_checks_close_without_a_decision() {
        let mut c = pending();
        let mut rescan = c.check.clone();
        assert!(supersedes(&rescan, &c));
        rescan.direction = Direction::Exit;
        assert!(
            !supersedes(&rescan, &c),
            "a check in the other direction is not a rescan"
        );
        rescan.direction = Direction::Entry;
        rescan.officer = "bo".into();
        assert!(
            !supersedes(&rescan, &c),
            "another officer's check is not a rescan"
        );
        close_unfinished(&mut c, CrossingStatus::Abandoned, "ana", at(2)).unwrap();
        assert_eq!(c.status, CrossingStatus::Abandoned);
        assert!(!c.status.counts_as_crossing());
        assert!(
            !supersedes(&c.check.clone(), &c),
            "only a pending check is superseded"
        );
        assert_eq!(
            apply_decision(&mut c, &decision(Outcome::Admitted, "ana", false, 3)),
            Err(DecisionRefused::Closed("c1".into()))
        );
        let mut decided = pending();
        apply_decision(&mut decided, &decision(Outcome::Admitted, "ana", false, 1)).unwrap();
        assert_eq!(
            close_unfinished(&mut decided, CrossingStatus::Superseded, "ana", at(2)),
            Err(DecisionRefused::NotAbandonable)
        );
        assert_eq!(
            close_unfinished(&mut pending(), CrossingStatus::Decided, "ana", at(2)),
            Err(DecisionRefused::NotAbandonable)
        );
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
