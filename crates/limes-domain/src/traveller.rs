//! The traveller as a check reads them: the travel document, and the keys that recognise the same document and
//! the same person across crossings and advance passenger data.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The travel document as read at the check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema, Default)]
pub struct TravelDocument {
    pub document_code: String,
    pub document_number: String,
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<String>,
    pub expiry_date: Option<NaiveDate>,
}

impl TravelDocument {
    /// Key of the document across crossings: issuing state and normalised number.
    pub fn document_key(&self) -> String {
        crate::document::document_key(&self.issuing_state, &self.document_number)
    }
    /// Key of the person across documents: name, birth date and nationality. Catches a traveller who
    /// renewed the passport.
    pub fn person_key(&self) -> String {
        person_key(
            &self.surname,
            &self.given_names,
            self.birth_date,
            &self.nationality,
        )
    }
    pub fn full_name(&self) -> String {
        match (self.surname.is_empty(), self.given_names.is_empty()) {
            (false, false) => format!("{}, {}", self.surname, self.given_names),
            (false, true) => self.surname.clone(),
            _ => self.given_names.clone(),
        }
    }
}

/// The person key: the same for the same name (letters and digits only, any case), birth date and nationality,
/// whichever document or passenger list they come from. Hashed, so that the key itself names nobody.
pub fn person_key(
    surname: &str,
    given_names: &str,
    birth_date: Option<NaiveDate>,
    nationality: &str,
) -> String {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect::<String>()
    };
    let raw = format!(
        "{}|{}|{}|{}",
        norm(surname),
        norm(given_names),
        birth_date.map(|d| d.to_string()).unwrap_or_default(),
        nationality.trim().to_ascii_uppercase()
    );
    hex::encode(&Sha256::digest(raw.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_person_key_ignores_spelling_noise_but_not_the_person() {
        let born = NaiveDate::from_ymd_opt(1980, 5, 17);
        let a = person_key("O'Brien", "Mary-Ann", born, "irl");
        assert_eq!(a, person_key("OBRIEN", "MARY ANN", born, " IRL "));
        assert_ne!(a, person_key("OBRIEN", "MARY ANN", None, "IRL"));
        assert_ne!(a, person_key("OBRIEN", "MARY", born, "IRL"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn a_document_gives_both_keys() {
        let d = TravelDocument {
            document_number: "l898902c<3".into(),
            issuing_state: "uto".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            nationality: "UTO".into(),
            ..Default::default()
        };
        assert_eq!(d.document_key(), "UTO:L898902C3");
        assert_eq!(
            d.person_key(),
            person_key("Eriksson", "Anna Maria", None, "UTO")
        );
        assert_eq!(d.full_name(), "ERIKSSON, ANNA MARIA");
    }
}
