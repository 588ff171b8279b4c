//! How values are compared: text is trimmed, inner runs of whitespace become one space, and letters are upper
//! case; countries become their ICAO 3-letter code; flights lose spaces and leading zeros of the number.

use std::borrow::Cow;

/// As `text`, borrowing the input when it is already in normal form (as most EDIFACT values are: upper-case
/// ASCII without stray spaces), so preparing a message allocates little.
pub fn text_cow(raw: &str) -> Cow<'_, str> {
    let b = raw.as_bytes();
    let normal = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !raw.contains("  ")
        && b.iter().all(|&c| {
            c.is_ascii() && !c.is_ascii_lowercase() && (c == b' ' || !c.is_ascii_whitespace())
        });
    if normal {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(text(raw))
    }
}

/// As `country`, borrowing where it can.
pub fn country_cow(raw: &str) -> Cow<'_, str> {
    match limes_countries::normalize_code(raw) {
        Some(code) => Cow::Borrowed(code),
        None => text_cow(raw),
    }
}

/// Trim, single spaces, upper case. Returns an empty string for blank input.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_uppercase());
        }
    }
    out
}

/// The ICAO 3-letter code for a country however written, or the normalised text when it is not a country
/// Limes knows (so that a message's odd value is still comparable, and never matches a real code by chance).
pub fn country(raw: &str) -> String {
    match limes_countries::normalize_code(raw) {
        Some(code) => code.to_string(),
        None => text(raw),
    }
}

/// A country code as a rule writes it: the canonical code, or `None` when unknown.
pub fn rule_country(raw: &str) -> Option<&'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    limes_countries::normalize_code(t)
}

/// An airport code as a rule writes it: three letters (IATA location code).
pub fn rule_airport(raw: &str) -> Option<String> {
    let t = text(raw);
    (t.len() == 3 && t.chars().all(|c| c.is_ascii_uppercase())).then_some(t)
}

/// "QQ 0877" and "qq877" are the same flight: the designator (three letters, else two characters) and the
/// number without leading zeros, with an operational suffix letter kept. Other shapes are compared as text.
pub fn flight(raw: &str) -> String {
    let compact: String = text(raw).chars().filter(|c| !c.is_whitespace()).collect();
    let designator_len = if compact
        .chars()
        .take(3)
        .filter(char::is_ascii_alphabetic)
        .count()
        == 3
    {
        3
    } else {
        2
    };
    let (Some(designator), Some(rest)) =
        (compact.get(..designator_len), compact.get(designator_len..))
    else {
        return compact;
    };
    let (digits, suffix) = match rest.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    let suffix_ok =
        suffix.is_empty() || (suffix.len() == 1 && suffix.chars().all(|c| c.is_ascii_uppercase()));
    if digits.is_empty() || !suffix_ok || !designator.chars().all(|c| c.is_ascii_alphanumeric()) {
        return compact;
    }
    let number = digits.trim_start_matches('0');
    let number = if number.is_empty() { "0" } else { number };
    format!("{designator}{number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_single_spaced_upper_case() {
        assert_eq!(text("  van der\t berg "), "VAN DER BERG");
        assert_eq!(text("müller"), "MÜLLER");
        assert_eq!(text("   "), "");
    }

    #[test]
    fn the_borrowing_forms_agree_with_the_owning_ones() {
        for s in [
            "",
            " ",
            "ABC",
            "abc",
            " ABC",
            "ABC ",
            "A  B",
            "A B",
            "A\tB",
            "MÜLLER",
            "müller",
            "12A",
            "\u{1F642}",
            "A\nB",
            "O'NEIL",
            "\u{0007}X",
        ] {
            assert_eq!(text_cow(s), text(s), "{s:?}");
            assert_eq!(country_cow(s), country(s), "{s:?}");
        }
        assert!(matches!(text_cow("FRA"), Cow::Borrowed(_)));
        assert!(matches!(country_cow("sy"), Cow::Borrowed("SYR")));
    }

    #[test]
    fn countries_and_airports() {
        assert_eq!(country(" sy "), "SYR");
        assert_eq!(country("D"), "DEU");
        assert_eq!(country("Nowhere land"), "NOWHERE LAND");
        assert_eq!(rule_country("Syria"), Some("SYR"));
        assert_eq!(rule_country("QQQ"), None);
        assert_eq!(rule_airport(" ist "), Some("IST".to_string()));
        assert_eq!(rule_airport("ISTA"), None);
        assert_eq!(rule_airport("I5T"), None);
    }

    #[test]
    fn flights_compare_without_spaces_and_leading_zeros() {
        assert_eq!(flight("QQ 0877"), "QQ877");
        assert_eq!(flight("qq877"), "QQ877");
        assert_eq!(flight("BAW0012A"), "BAW12A");
        assert_eq!(flight("U2 1234"), "U21234");
        assert_eq!(flight("XY"), "XY");
        assert_eq!(flight("CHARTER-7"), "CHARTER-7");
        assert_eq!(flight(""), "");
    }
}
