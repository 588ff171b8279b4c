//! The Doc 9303 check digit.

/// Numeric value of an MRZ character for check digits: digits, A=10 … Z=35, `<` = 0. None for anything else.
fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The Doc 9303 check digit (weights 7, 3, 1) of a string of MRZ characters; None if a character is not one.
pub fn check_digit(s: &str) -> Option<u8> {
    check_digit_bytes(s.as_bytes())
}

pub(crate) fn check_digit_bytes(s: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, &c) in s.iter().enumerate() {
        sum += char_value(c)? * [7, 3, 1][i % 3];
    }
    Some((sum % 10) as u8)
}
