//! The second line's examination record of a referred traveller: the interview, the documents examined (how, and
//! what was found), the outcome (with its reasons, the police unit a person is handed over to, or the further
//! checks) and the time it took; the rules a complete record follows.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a document was examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExaminationMethod {
    /// Under ultraviolet light.
    Uv,
    /// Under infrared light.
    Ir,
    Magnification,
    /// Checked against a database (stolen and lost documents, specimens).
    Database,
}

impl ExaminationMethod {
    pub const ALL: [ExaminationMethod; 4] = [
        ExaminationMethod::Uv,
        ExaminationMethod::Ir,
        ExaminationMethod::Magnification,
        ExaminationMethod::Database,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ExaminationMethod::Uv => "uv",
            ExaminationMethod::Ir => "ir",
            ExaminationMethod::Magnification => "magnification",
            ExaminationMethod::Database => "database",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What the examination of a document found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFinding {
    Genuine,
    /// A genuine document altered.
    Forged,
    /// A document made to look like a genuine one.
    Counterfeit,
    /// A genuine document obtained by deceit.
    FraudulentlyObtained,
    /// A genuine document used by someone it was not issued to.
    Impostor,
}

impl DocumentFinding {
    pub const ALL: [DocumentFinding; 5] = [
        DocumentFinding::Genuine,
        DocumentFinding::Forged,
        DocumentFinding::Counterfeit,
        DocumentFinding::FraudulentlyObtained,
        DocumentFinding::Impostor,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFinding::Genuine => "genuine",
            DocumentFinding::Forged => "forged",
            DocumentFinding::Counterfeit => "counterfeit",
            DocumentFinding::FraudulentlyObtained => "fraudulently_obtained",
            DocumentFinding::Impostor => "impostor",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// What the examination ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExaminationOutcome {
    Admitted,
    /// Refused, with the reasons.
    Refused,
    /// The person asked for international protection (never a refusal).
    ProtectionRequest,
    /// Handed over to the police, with the unit and the officer who took over.
    HandedToPolice,
    /// Further checks are needed, as described.
    FurtherChecks,
}

impl ExaminationOutcome {
    pub const ALL: [ExaminationOutcome; 5] = [
        ExaminationOutcome::Admitted,
        ExaminationOutcome::Refused,
        ExaminationOutcome::ProtectionRequest,
        ExaminationOutcome::HandedToPolice,
        ExaminationOutcome::FurtherChecks,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ExaminationOutcome::Admitted => "admitted",
            ExaminationOutcome::Refused => "refused",
            ExaminationOutcome::ProtectionRequest => "protection_request",
            ExaminationOutcome::HandedToPolice => "handed_to_police",
            ExaminationOutcome::FurtherChecks => "further_checks",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// One document examined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentExamined {
    /// Which document, e.g. "passport UTO L898902C3" or "residence permit".
    pub document: String,
    pub methods: Vec<ExaminationMethod>,
    pub finding: DocumentFinding,
}

/// What the officer records (the examination's record without its id, crossing and officer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExaminationDetails {
    pub interview_notes: String,
    #[serde(default)]
    pub documents: Vec<DocumentExamined>,
    pub outcome: ExaminationOutcome,
    /// Refusal reason codes (A–J), for a refusal.
    #[serde(default)]
    pub refusal_reasons: Vec<String>,
    /// The police unit the person was handed over to.
    #[serde(default)]
    pub police_unit: Option<String>,
    /// The police officer who took over.
    #[serde(default)]
    pub police_officer: Option<String>,
    /// What further checks are needed.
    #[serde(default)]
    pub further_checks: Option<String>,
    /// Minutes the examination took.
    pub minutes_spent: u32,
}

/// A recorded examination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Examination {
    pub id: String,
    pub crossing_id: String,
    pub bcp: String,
    /// Username of the second-line officer.
    pub officer: String,
    pub recorded_at: DateTime<Utc>,
    #[serde(flatten)]
    pub details: ExaminationDetails,
}

/// Why an examination record is incomplete; each names its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExaminationInvalid {
    #[error("interview_notes: write what the interview found (3 to 8000 characters)")]
    Notes,
    #[error("documents: at most 10, each named (1 to 200 characters) and examined by at least one method")]
    Documents,
    #[error("refusal_reasons: a refusal needs at least one reason")]
    RefusalReasons,
    #[error("police_unit: a hand-over to the police needs the unit and the officer who took over (1 to 200 characters each)")]
    Police,
    #[error("further_checks: say which further checks are needed (3 to 2000 characters)")]
    FurtherChecks,
    #[error("minutes_spent: between 1 and 1440 minutes")]
    Minutes,
}

impl ExaminationInvalid {
    /// The field the problem is in.
    pub fn field(&self) -> &'static str {
        match self {
            ExaminationInvalid::Notes => "interview_notes",
            ExaminationInvalid::Documents => "documents",
            ExaminationInvalid::RefusalReasons => "refusal_reasons",
            ExaminationInvalid::Police => "police_unit",
            ExaminationInvalid::FurtherChecks => "further_checks",
            ExaminationInvalid::Minutes => "minutes_spent",
        }
    }
}

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

fn within(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.chars().count())
}

impl ExaminationDetails {
    /// The record trimmed, with the fields its outcome does not use dropped, or what is missing. Refusal reason
    /// codes are checked against the installation's list by the caller.
    pub fn validated(mut self) -> Result<ExaminationDetails, ExaminationInvalid> {
        self.interview_notes = trimmed(&self.interview_notes);
        if !within(&self.interview_notes, 3, 8000) {
            return Err(ExaminationInvalid::Notes);
        }
        for d in &mut self.documents {
            d.document = trimmed(&d.document);
            d.methods.sort_by_key(|m| m.as_str());
            d.methods.dedup();
        }
        if self.documents.len() > 10
            || self
                .documents
                .iter()
                .any(|d| !within(&d.document, 1, 200) || d.methods.is_empty())
        {
            return Err(ExaminationInvalid::Documents);
        }
        if !(1..=1440).contains(&self.minutes_spent) {
            return Err(ExaminationInvalid::Minutes);
        }
        let clean = |o: Option<String>| o.map(|s| trimmed(&s)).filter(|s| !s.is_empty());
        let (unit, officer, further) = (
            clean(self.police_unit.take()),
            clean(self.police_officer.take()),
            clean(self.further_checks.take()),
        );
        let reasons: Vec<String> = std::mem::take(&mut self.refusal_reasons)
            .into_iter()
            .map(|r| r.trim().to_ascii_uppercase())
            .filter(|r| !r.is_empty())
            .collect();
        match self.outcome {
            ExaminationOutcome::Refused if reasons.is_empty() => {
                return Err(ExaminationInvalid::RefusalReasons)
            }
            ExaminationOutcome::Refused => self.refusal_reasons = reasons,
            ExaminationOutcome::HandedToPolice => match (unit, officer) {
                (Some(u), Some(o)) if within(&u, 1, 200) && within(&o, 1, 200) => {
                    self.police_unit = Some(u);
                    self.police_officer = Some(o);
                }
                _ => return Err(ExaminationInvalid::Police),
            },
            ExaminationOutcome::FurtherChecks => match further {
                Some(f) if within(&f, 3, 2000) => self.further_checks = Some(f),
                _ => return Err(ExaminationInvalid::FurtherChecks),
            },
            ExaminationOutcome::Admitted | ExaminationOutcome::ProtectionRequest => {}
        }
        Ok(self)
    }

    /// Whether any document examined was found not genuine.
    pub fn fraud_found(&self) -> bool {
        self.documents
            .iter()
            .any(|d| d.finding != DocumentFinding::Genuine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(outcome: ExaminationOutcome) -> ExaminationDetails {
        ExaminationDetails {
            interview_notes: "  Says he visits his brother; no address.  ".into(),
            documents: vec![DocumentExamined {
                document: " passport UTO L898902C3 ".into(),
                methods: vec![ExaminationMethod::Uv, ExaminationMethod::Uv],
                finding: DocumentFinding::Forged,
            }],
            outcome,
            refusal_reasons: vec![" b ".into()],
            police_unit: Some("Border police, North district".into()),
            police_officer: Some("Insp. Lund".into()),
            further_checks: Some("  ".into()),
            minutes_spent: 40,
        }
    }

    #[test]
    fn a_refusal_keeps_its_reasons_and_drops_what_belongs_to_other_outcomes() {
        let d = details(ExaminationOutcome::Refused).validated().unwrap();
        assert_eq!(d.interview_notes, "Says he visits his brother; no address.");
        assert_eq!(d.refusal_reasons, vec!["B"]);
        assert_eq!(d.documents[0].document, "passport UTO L898902C3");
        assert_eq!(d.documents[0].methods, vec![ExaminationMethod::Uv]);
        assert_eq!((d.police_unit, d.further_checks), (None, None));
        assert!(details(ExaminationOutcome::Admitted)
            .validated()
            .unwrap()
            .refusal_reasons
            .is_empty());
    }

    #[test]
    fn each_outcome_asks_for_what_it_needs() {
        let mut d = details(ExaminationOutcome::Refused);
        d.refusal_reasons.clear();
        assert_eq!(d.validated(), Err(ExaminationInvalid::RefusalReasons));
        let mut d = details(ExaminationOutcome::HandedToPolice);
        d.police_officer = None;
        assert_eq!(d.validated(), Err(ExaminationInvalid::Police));
        assert_eq!(
            details(ExaminationOutcome::FurtherChecks).validated(),
            Err(ExaminationInvalid::FurtherChecks)
        );
        let handed = details(ExaminationOutcome::HandedToPolice)
            .validated()
            .unwrap();
        assert_eq!(handed.police_officer.as_deref(), Some("Insp. Lund"));
    }

    #[test]
    fn notes_documents_and_time_are_checked() {
        let mut d = details(ExaminationOutcome::Admitted);
        d.interview_notes = " x ".into();
        assert_eq!(d.validated(), Err(ExaminationInvalid::Notes));
        let mut d = details(ExaminationOutcome::Admitted);
        d.documents[0].methods.clear();
        assert_eq!(d.validated(), Err(ExaminationInvalid::Documents));
        let mut d = details(ExaminationOutcome::Admitted);
        d.minutes_spent = 0;
        assert_eq!(d.validated(), Err(ExaminationInvalid::Minutes));
    }

    #[test]
    fn codes_round_trip() {
        for o in ExaminationOutcome::ALL {
            assert_eq!(ExaminationOutcome::parse(o.as_str()), Some(o));
        }
        for f in DocumentFinding::ALL {
            assert_eq!(DocumentFinding::parse(f.as_str()), Some(f));
        }
        for m in ExaminationMethod::ALL {
            assert_eq!(ExaminationMethod::parse(m.as_str()), Some(m));
        }
        assert!(details(ExaminationOutcome::Admitted).fraud_found());
    }
}
