//! ICAO Doc 9303 machine-readable zones: TD1 (3×30), TD2 (2×36), TD3 (2×44), MRV-A (2×44) and MRV-B (2×36).
//!
//! `valid` means the structure and every check digit are right. Problems are never silently corrected: an OCR-like
//! confusion (O for 0, I for 1, S for 5 …) is reported with the field, the position, what was expected and what
//! was found. An unknown issuing state or nationality is a warning, not an error.
//!
//! Conventions:
//! - Positions are `line:column`, both 1-based, on the trimmed input line (a whole-line problem points at column 1).
//! - Sex `<` (and `X`) is output as `"X"` (unspecified); any other letter is an error and gives `null`.
//! - A date with any `<` is unknown: `null` (the raw text stays in `*_raw`); its check digit still decides validity.
//! - Birth year: the latest century that does not put the date after `today`. Expiry year: `00..=45` → 20YY,
//!   `70..=99` → 19YY, `46..=69` → the century nearer to `today` (20YY until 2058) with a warning.
//! - Lower-case letters are read upper-cased so the fields can be shown, but they are an error.
//! - Expiry relative to today is not part of validity: see [`Mrz::is_expired`].

mod check_digit;
mod cli;
mod fields;
mod format;
mod output;
mod parse;
#[cfg(test)]
mod test_support;

pub use check_digit::check_digit;
pub use cli::{run_cli, split_batch};
pub use format::Format;
pub use output::to_output_json;
pub use parse::parse;

use chrono::NaiveDate;
use serde::Serialize;

/// One error or warning, named: the field, where (`line:column`), what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrzIssue {
    pub field: String,
    pub position: String,
    pub expected: String,
    pub found: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MrzFields {
    pub document_code: String,
    /// As written, fillers removed: "UTO", "D" (Germany).
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    /// The whole number, including a TD1/TD2 long number's continuation.
    pub document_number: String,
    pub nationality: String,
    /// None when the date is unknown (filled with `<`) or impossible.
    pub birth_date: Option<NaiveDate>,
    pub birth_date_raw: String,
    /// "M", "F" or "X" (unspecified, written `<` or `X`).
    pub sex: Option<String>,
    pub expiry_date: Option<NaiveDate>,
    pub expiry_date_raw: String,
    /// TD1 upper-line optional data (after a long number's continuation), TD3 personal number, TD2/MRV optional data.
    pub optional_data: String,
    /// TD1 middle-line optional data.
    pub optional_data_2: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: Option<Format>,
    pub valid: bool,
    /// False when the lines could not be cut into fields (wrong count or length): `fields` is then empty.
    pub fields_read: bool,
    pub errors: Vec<MrzIssue>,
    pub warnings: Vec<MrzIssue>,
    pub fields: MrzFields,
    /// The non-blank input lines, trimmed, as given (before any upper-casing).
    pub raw_lines: Vec<String>,
}

impl Mrz {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.fields.expiry_date.is_some_and(|d| d < today)
    }
}
