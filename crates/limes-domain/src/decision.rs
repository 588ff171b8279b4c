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

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
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
