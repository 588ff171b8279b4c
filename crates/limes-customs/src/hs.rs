//! The Harmonized System nomenclature (chapters, headings, subheadings with their sections), embedded from
//! `data/hs-codes.csv` and `data/hs-sections.csv` (datasets/harmonized-system, ODC PDDL; see `data/README.md`),
//! and the check a declared commodity code must pass.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const HS_CODES: &str = include_str!("../data/hs-codes.csv");
const HS_SECTIONS: &str = include_str!("../data/hs-sections.csv");

/// One chapter (2 digits), heading (4) or subheading (6) of the Harmonized System.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HsEntry {
    pub code: String,
    pub description: String,
    /// The section in Roman numerals (I … XXI) and its name.
    pub section: String,
    pub section_name: String,
    /// The code one level up (`0101` for `010121`); none for a chapter.
    pub parent: Option<String>,
}

impl HsEntry {
    /// The chapter: the first two digits.
    pub fn chapter(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }
}

/// Why a declared commodity code is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("commodity code '{0}' is not a number")]
    NotDigits(String),
    #[error("commodity code {0} has {1} digits: 6 (HS subheading), 8 or 10 (national extension) expected")]
    WrongLength(String, usize),
    #[error("commodity code {0} is not in the Harmonized System")]
    Unknown(String),
}

/// The Harmonized System: every chapter, heading and subheading by code.
#[derive(Debug, Clone, Default)]
pub struct Nomenclature {
    by_code: HashMap<String, HsEntry>,
}

#[derive(serde::Deserialize)]
struct CodeRow {
    section: String,
    hscode: String,
    description: String,
    parent: String,
}

#[derive(serde::Deserialize)]
struct SectionRow {
    section: String,
    name: String,
}

impl Nomenclature {
    /// The nomenclature from the CSV texts (`section,hscode,description,parent,level` and `section,name`).
    pub fn from_csv(codes: &str, sections: &str) -> Result<Nomenclature, csv::Error> {
        let sections_text = sections.strip_prefix('\u{feff}').unwrap_or(sections);
        let mut names = HashMap::new();
        for row in csv::Reader::from_reader(sections_text.as_bytes()).deserialize() {
            let row: SectionRow = row?;
            names.insert(row.section, row.name);
        }
        let mut by_code = HashMap::new();
        for row in csv::Reader::from_reader(codes.as_bytes()).deserialize() {
            let row: CodeRow = row?;
            // Chapter 99 ("commodities not specified according to kind", section TOTAL) is the statistics'
            // bucket, not a heading of the Harmonized System: no declaration may use it.
            if row.section == "TOTAL" {
                continue;
            }
            let section_name = names.get(&row.section).cloned().unwrap_or_default();
            let parent = (row.parent != "TOTAL" && !row.parent.is_empty()).then_some(row.parent);
            by_code.insert(
                row.hscode.clone(),
                HsEntry {
                    code: row.hscode,
                    description: row.description,
                    section: row.section,
                    section_name,
                    parent,
                },
            );
        }
        Ok(Nomenclature { by_code })
    }

    /// The nomenclature embedded in this crate, read once (empty only if the embedded files were broken, which
    /// the tests rule out).
    pub fn embedded() -> &'static Nomenclature {
        static EMBEDDED: OnceLock<Nomenclature> = OnceLock::new();
        EMBEDDED.get_or_init(|| Nomenclature::from_csv(HS_CODES, HS_SECTIONS).unwrap_or_default())
    }

    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// A chapter, heading or subheading by its 2, 4 or 6 digits (dots and spaces ignored: `8510.90`).
    pub fn lookup(&self, code: &str) -> Option<&HsEntry> {
        self.by_code.get(&digits_only(code))
    }

    /// A declared commodity code: a known 6-digit HS subheading, or an 8/10-digit national extension of one.
    /// The entry returned is the HS subheading.
    pub fn check(&self, code: &str) -> Result<HsEntry, CodeError> {
        let digits = digits_only(code);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::NotDigits(code.trim().to_string()));
        }
        if !matches!(digits.len(), 6 | 8 | 10) {
            let length = digits.len();
            return Err(CodeError::WrongLength(digits, length));
        }
        digits
            .get(..6)
            .and_then(|hs6| self.by_code.get(hs6))
            .cloned()
            .ok_or(CodeError::Unknown(digits))
    }
}

/// A code without the dots and spaces people write in it.
fn digits_only(code: &str) -> String {
    code.chars().filter(|c| !matches!(c, '.' | ' ')).collect()
}

/// [`Nomenclature::check`] on the embedded nomenclature.
pub fn check_commodity_code(code: &str) -> Result<HsEntry, CodeError> {
    Nomenclature::embedded().check(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_nomenclature_is_whole() {
        let hs = Nomenclature::embedded();
        // 6,940 rows less the four of section TOTAL (chapter 99 and its parts: not HS).
        assert_eq!(hs.len(), 6936);
        assert!(hs.lookup("999999").is_none());
        let horses = hs.lookup("0101").unwrap();
        assert_eq!(horses.section, "I");
        assert_eq!(horses.section_name, "live animals; animal products");
        assert_eq!(horses.parent.as_deref(), Some("01"));
        assert_eq!(hs.lookup("01").unwrap().parent, None);
        assert_eq!(hs.lookup("01").unwrap().chapter(), "01");
        assert!(hs.lookup("8510.90").is_some());
    }

    #[test]
    fn six_digit_codes_must_exist_and_extensions_need_a_known_subheading() {
        let entry = check_commodity_code("851090").unwrap();
        assert_eq!(entry.code, "851090");
        assert_eq!(check_commodity_code("85109000").unwrap().code, "851090");
        assert_eq!(check_commodity_code("8510900010").unwrap().code, "851090");
        assert_eq!(
            check_commodity_code("99999999"),
            Err(CodeError::Unknown("99999999".into()))
        );
        assert_eq!(
            check_commodity_code("99999999").unwrap_err().to_string(),
            "commodity code 99999999 is not in the Harmonized System"
        );
        assert!(matches!(
            check_commodity_code("8510"),
            Err(CodeError::WrongLength(_, 4))
        ));
        assert!(matches!(
            check_commodity_code("8510900"),
            Err(CodeError::WrongLength(_, 7))
        ));
        assert!(matches!(
            check_commodity_code("85A090"),
            Err(CodeError::NotDigits(_))
        ));
        // A subheading of HS 2002 that later editions deleted (haddock, 0302.62).
        assert!(matches!(
            check_commodity_code("03026200"),
            Err(CodeError::Unknown(_))
        ));
    }
}
