//! What an officer decides. Limes recommends; a person decides every case.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Entry,
    Exit,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Entry => "entry",
            Direction::Exit => "exit",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "entry" | "in" => Some(Self::Entry),
            "exit" | "out" => Some(Self::Exit),
            _ => None,
        }
    }
}

/// The decision an officer records. A request for international protection is its own outcome and is never
/// stored or counted as a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Admitted,
    Refused,
    ReferredSecondLine,
    InternationalProtection,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Admitted,
        Outcome::Refused,
        Outcome::ReferredSecondLine,
        Outcome::InternationalProtection,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Admitted => "admitted",
            Outcome::Refused => "refused",
            Outcome::ReferredSecondLine => "referred_second_line",
            Outcome::InternationalProtection => "international_protection",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Admitted => "Admitted",
            Outcome::Refused => "Refused",
            Outcome::ReferredSecondLine => "Referred to second line",
            Outcome::InternationalProtection => "Request for international protection",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
    /// Whether this outcome closes the case; a referral waits for second line.
    pub fn is_final(self) -> bool {
        !matches!(self, Outcome::ReferredSecondLine)
    }
}

/// A reason for refusal of entry. The default set is the Schengen Borders Code Annex V Part B list;
/// a state configures its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefusalReason {
    pub code: String,
    pub text: String,
}

pub fn schengen_refusal_reasons() -> Vec<RefusalReason> {
    [
        ("A", "Has no valid travel document(s)"),
        ("B", "Has a false, counterfeit or forged travel document"),
        ("C", "Has no valid visa or residence permit"),
        ("D", "Has a false, counterfeit or forged visa or residence permit"),
        ("E", "Has no appropriate documentation justifying the purpose and conditions of stay"),
        ("F", "Has already stayed for 90 days during a 180-day period"),
        ("G", "Does not have sufficient means of subsistence"),
        ("H", "Is a person for whom an alert has been issued for the purposes of refusing entry"),
        ("I", "Is considered to be a threat to public policy, internal security, public health or the international relations of one or more Member States"),
        ("J", "Has no valid travel authorisation"),
    ]
    .into_iter()
    .map(|(code, text)| RefusalReason { code: code.into(), text: text.into() })
    .collect()
}

/// The grounds on which an exit is stopped (the traveller does not leave and is handed to second line or
/// another authority). Not the entry refusal reasons of Annex V.
pub fn exit_stop_reasons() -> Vec<RefusalReason> {
    [
        ("W", "Wanted: arrest warrant or alert for arrest"),
        ("T", "Travel ban or court order prohibiting departure"),
        ("D", "Document invalid, false or to be seized"),
        ("M", "Minor travelling without the required consent"),
        ("O", "Other legal ground, stated in the note"),
    ]
    .into_iter()
    .map(|(code, text)| RefusalReason {
        code: code.into(),
        text: text.into(),
    })
    .collect()
}

/// The reasons a refusal (or, at exit, a stop) takes in this direction: the configured entry reasons, or the
/// exit grounds.
pub fn reasons_for(direction: Direction, configured_entry: &[RefusalReason]) -> Vec<RefusalReason> {
    match direction {
        Direction::Entry => configured_entry.to_vec(),
        Direction::Exit => exit_stop_reasons(),
    }
}

/// The outcomes an officer may choose for this traveller: an own national is never refused entry and asks
/// no protection; at exit a traveller is let through, stopped or referred, never offered protection.
pub fn offered_outcomes(direction: Direction, own_national: bool) -> Vec<Outcome> {
    Outcome::ALL
        .into_iter()
        .filter(|o| match (direction, o) {
            (Direction::Exit, Outcome::InternationalProtection) => false,
            (Direction::Entry, Outcome::Refused | Outcome::InternationalProtection) => {
                !own_national
            }
            _ => true,
        })
        .collect()
}

/// Refuse an outcome that is not offered for this direction and traveller.
pub fn check_offered(
    outcome: Outcome,
    direction: Direction,
    own_national: bool,
) -> Result<(), DecisionError> {
    if offered_outcomes(direction, own_national).contains(&outcome) {
        Ok(())
    } else {
        Err(DecisionError::NotOffered {
            outcome: outcome.as_str(),
            direction: direction.as_str(),
            own_national,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
    #[error("outcome: {outcome} is not a decision for this {direction} check{}", if *own_national { " of an own national" } else { "" })]
    NotOffered {
        outcome: &'static str,
        direction: &'static str,
        own_national: bool,
    },
    #[error("a refusal needs a reason code (one of: {0})")]
    MissingReason(String),
    #[error("unknown refusal reason '{given}' (one of: {allowed})")]
    UnknownReason { given: String, allowed: String },
    #[error("only a refusal takes a refusal reason")]
    ReasonWithoutRefusal,
}

/// Validate an outcome with its reason against the configured list.
pub fn validate_decision(
    outcome: Outcome,
    reason: Option<&str>,
    reasons: &[RefusalReason],
) -> Result<Option<RefusalReason>, DecisionError> {
    let allowed = || {
        reasons
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match (outcome, reason) {
        (Outcome::Refused, None) => Err(DecisionError::MissingReason(allowed())),
        (Outcome::Refused, Some(code)) => reasons
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
            .cloned()
            .map(Some)
            .ok_or_else(|| DecisionError::UnknownReason {
                given: code.into(),
                allowed: allowed(),
            }),
        (_, Some(_)) => Err(DecisionError::ReasonWithoutRefusal),
        (_, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_needs_a_known_reason() {
        let reasons = schengen_refusal_reasons();
        assert_eq!(reasons.len(), 10);
        assert!(matches!(
            validate_decision(Outcome::Refused, None, &reasons),
            Err(DecisionError::MissingReason(_))
        ));
        assert!(matches!(
            validate_decision(Outcome::Refused, Some("Z"), &reasons),
            Err(DecisionError::UnknownReason { .. })
        ));
        let r = validate_decision(Outcome::Refused, Some("h"), &reasons)
            .unwrap()
            .unwrap();
        assert_eq!(r.code, "H");
    }

    #[test]
    fn exit_and_own_nationals_offer_only_their_outcomes() {
        use Outcome::*;
        assert_eq!(
            offered_outcomes(Direction::Entry, false),
            Outcome::ALL.to_vec()
        );
        assert_eq!(
            offered_outcomes(Direction::Entry, true),
            vec![Admitted, ReferredSecondLine]
        );
        assert_eq!(
            offered_outcomes(Direction::Exit, false),
            vec![Admitted, Refused, ReferredSecondLine]
        );
        assert!(check_offered(Refused, Direction::Entry, true).is_err());
        assert!(check_offered(InternationalProtection, Direction::Exit, false).is_err());
        assert!(
            check_offered(Refused, Direction::Exit, true).is_ok(),
            "an own national may be stopped at exit"
        );
        let exit = reasons_for(Direction::Exit, &schengen_refusal_reasons());
        assert!(
            exit.iter().all(|r| r.code != "H"),
            "no entry reasons at exit"
        );
        assert!(validate_decision(Refused, Some("W"), &exit).is_ok());
        assert!(validate_decision(Refused, Some("C"), &exit).is_err());
    }

    #[test]
    fn protection_request_is_not_a_refusal_and_takes_no_reason() {
        assert_eq!(
            validate_decision(
                Outcome::InternationalProtection,
                Some("A"),
                &schengen_refusal_reasons()
            ),
            Err(DecisionError::ReasonWithoutRefusal)
        );
        assert_eq!(
            validate_decision(
                Outcome::InternationalProtection,
                None,
                &schengen_refusal_reasons()
            ),
            Ok(None)
        );
        assert_ne!(
            Outcome::InternationalProtection.as_str(),
            Outcome::Refused.as_str()
        );
        assert!(Outcome::InternationalProtection.is_final());
        assert!(!Outcome::ReferredSecondLine.is_final());
    }
}
