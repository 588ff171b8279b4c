//! Document alerts (the national equivalent of INTERPOL's SLTD) and the normalisation used to look them up.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    Lost,
    Stolen,
    Revoked,
    Invalidated,
    StolenBlank,
}

impl AlertStatus {
    pub const ALL: [AlertStatus; 5] = [
        AlertStatus::Lost,
        AlertStatus::Stolen,
        AlertStatus::Revoked,
        AlertStatus::Invalidated,
        AlertStatus::StolenBlank,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Lost => "lost",
            AlertStatus::Stolen => "stolen",
            AlertStatus::Revoked => "revoked",
            AlertStatus::Invalidated => "invalidated",
            AlertStatus::StolenBlank => "stolen_blank",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        AlertStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One record of the document-alert register.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentAlert {
    /// ICAO code of the issuing state.
    pub issuing_state: String,
    /// Document number as reported (display form).
    pub document_number: String,
    /// Document type: P (passport), I/ID (identity card), V (visa), AC (crew), or other ICAO codes.
    pub document_type: String,
    pub status: AlertStatus,
    pub source: String,
    pub reason: String,
    pub reported_on: NaiveDate,
}

/// Normalise a document number for exact lookup: upper case, without spaces, dashes and `<` fillers.
pub fn normalize_document_number(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Key of a travel document across records (crossings, advance passenger data): the issuing state and the
/// normalised number, so that a check finds what was recorded under another spelling of the same document.
pub fn document_key(issuing_state: &str, document_number: &str) -> String {
    format!(
        "{}:{}",
        issuing_state.trim().to_ascii_uppercase(),
        normalize_document_number(document_number)
    )
}

/// A key under which O/0 and I/1 confusions collide: the weaker, clearly labelled lookup.
pub fn confusable_key(normalized: &str) -> String {
    normalized
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' => '1',
            other => other,
        })
        .collect()
}

/// How a register record was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertMatch {
    /// Same issuing state and document number after normalisation.
    Exact,
    /// Same number only when O/0 and I/1 are treated as the same character: verify by eye.
    PossibleOcrConfusion,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn normalisation_drops_case_spaces_and_fillers() {
        assert_eq!(normalize_document_number(" l898902c<3 "), "L898902C3");
        assert_eq!(normalize_document_number("AB-12 34<<"), "AB1234");
    }
    #[test]
    fn document_key_ignores_case_spacing_and_fillers() {
        assert_eq!(document_key(" uto", "l898902c<3"), "UTO:L898902C3");
        assert_eq!(
            document_key("UTO", "L898 902C3"),
            document_key("uto ", "l898902c3")
        );
    }
    #[test]
    fn confusable_key_merges_o_zero_and_i_one() {
        assert_eq!(confusable_key("AO1I0"), confusable_key("A0110"));
        assert_ne!(confusable_key("AB12"), confusable_key("AB13"));
    }
}
