//! The bounds on what one request may ask of the system, in one place: the length of a name and of every other
//! field at each door (typed document, MRZ, passenger list, batch line, list import), and the screening engine's
//! own budget per name. A value past its bound is refused with the field named, before any work is done on it.

// The name bound and the engine's budget live beside the sanitising step, which the batch command and the list
// importers (in limes-screen) apply too.
pub use limes_screen::sanitize::{
    MAX_NAME_CHARS, MAX_NAME_TOKENS, MAX_SCREENED_NAME_CHARS, MAX_TOKEN_CHARS,
};
/// Characters of any other typed field (document number, codes, dates).
pub const MAX_FIELD_CHARS: usize = 64;
/// Characters of a machine-readable zone as a scanner sends it (the largest, TD1, is 3 × 30 plus line breaks;
/// room is left for spaces and carriage returns).
pub const MAX_MRZ_CHARS: usize = 400;

/// A value longer than its bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: longer than {max} characters")]
pub struct TooLong {
    pub field: String,
    pub max: usize,
}

/// Refuse a value of more than `max` characters, naming the field.
pub fn check_length(field: &str, value: &str, max: usize) -> Result<(), TooLong> {
    // A string has at least as many bytes as characters: most values are decided without counting.
    if value.len() <= max || value.chars().count() <= max {
        return Ok(());
    }
    Err(TooLong {
        field: field.to_string(),
        max,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_past_its_bound_is_refused_with_the_field_named() {
        assert!(check_length("document.surname", "NOVAK", MAX_NAME_CHARS).is_ok());
        // Characters, not bytes: 200 Cyrillic letters are 400 bytes and within the bound.
        assert!(check_length("document.surname", &"Ж".repeat(200), MAX_NAME_CHARS).is_ok());
        let e = check_length("document.surname", &"A".repeat(30_000), MAX_NAME_CHARS).unwrap_err();
        assert_eq!(e.field, "document.surname");
        assert_eq!(
            e.to_string(),
            format!("document.surname: longer than {MAX_NAME_CHARS} characters")
        );
    }
}
