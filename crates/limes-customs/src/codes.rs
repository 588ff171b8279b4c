//! The code lists a declaration is checked against besides the Harmonized System: UN/ECE Recommendation 21
//! package types (embedded from `data/`, see `data/README.md`) and countries (ISO 3166-1 via `limes-countries`,
//! with the customs pseudo-codes that are not ISO named as such).

use std::collections::HashMap;
use std::sync::OnceLock;

const REC21: &str = include_str!("../data/edi3-codelists_unece-rec21-package-codes.csv");

#[derive(serde::Deserialize)]
struct Rec21Row {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Name")]
    name: String,
}

fn package_types() -> &'static HashMap<String, String> {
    static TYPES: OnceLock<HashMap<String, String>> = OnceLock::new();
    TYPES.get_or_init(|| {
        csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(REC21.as_bytes())
            .deserialize::<Rec21Row>()
            .filter_map(Result::ok)
            .map(|row| (row.code.trim().to_string(), row.name.trim().to_string()))
            .collect()
    })
}

/// The name of a UN/ECE Rec 21 package type code (`BX` → "Box"), `None` when the code is not in the list.
pub fn package_type(code: &str) -> Option<&'static str> {
    package_types()
        .get(code.trim().to_ascii_uppercase().as_str())
        .map(String::as_str)
}

/// How many package type codes the embedded list holds.
pub fn package_type_count() -> usize {
    package_types().len()
}

/// What a two-letter country code in a declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryCode {
    /// An ISO 3166-1 alpha-2 code, with the country's name.
    Iso(&'static str),
    /// A code customs administrations use that is not ISO 3166 (a warning, not an error), with what it stands
    /// for.
    CustomsOnly(&'static str),
    /// Not a country code at all.
    Unknown,
}

/// Codes in customs use that ISO 3166-1 does not assign (EU/UK customs practice).
const CUSTOMS_ONLY: &[(&str, &str)] = &[
    ("XI", "United Kingdom (Northern Ireland)"),
    ("XU", "United Kingdom (excluding Northern Ireland)"),
    ("XK", "Kosovo"),
    ("XC", "Ceuta"),
    ("XL", "Melilla"),
    ("XS", "Serbia (former code)"),
    ("EU", "European Union"),
    ("ZG", "German continental shelf"),
    ("ZB", "Belgian continental shelf"),
    ("ZN", "Netherlands continental shelf"),
    ("ZU", "United Kingdom continental shelf"),
    ("QP", "High seas"),
    ("QQ", "Stores and provisions"),
    ("QR", "Stores and provisions within intra-EU trade"),
    (
        "QS",
        "Stores and provisions within trade with third countries",
    ),
    ("QU", "Countries and territories not specified"),
    (
        "QV",
        "Countries and territories not specified within intra-EU trade",
    ),
    (
        "QW",
        "Countries and territories not specified within trade with third countries",
    ),
    (
        "QX",
        "Countries and territories not specified for commercial or military reasons",
    ),
    (
        "QY",
        "Not specified for commercial or military reasons in intra-EU trade",
    ),
    (
        "QZ",
        "Not specified for commercial or military reasons in trade with third countries",
    ),
    // The ICAO Doc 9303 specimen state (UTO) has no alpha-2 code; the Limes demo writes it UT.
    ("UT", "Utopia, the ICAO specimen state"),
];

/// What `code` is: ISO 3166-1 alpha-2, a customs-only code, or unknown.
pub fn country(code: &str) -> CountryCode {
    let upper = code.trim().to_ascii_uppercase();
    if upper.len() != 2 || !upper.bytes().all(|b| b.is_ascii_uppercase()) {
        return CountryCode::Unknown;
    }
    if let Some(c) = limes_countries::by_alpha2(&upper) {
        if c.kind == limes_countries::CodeKind::Iso3166 {
            return CountryCode::Iso(c.name);
        }
    }
    CUSTOMS_ONLY
        .iter()
        .find(|(c, _)| *c == upper)
        .map_or(CountryCode::Unknown, |(_, name)| {
            CountryCode::CustomsOnly(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec21_package_types_are_all_there() {
        assert_eq!(package_type_count(), 378);
        assert_eq!(package_type("BX"), Some("Box"));
        assert_eq!(package_type("ct"), Some("Carton"));
        assert_eq!(package_type("ZZZ"), None);
    }

    #[test]
    fn countries_iso_customs_only_and_unknown() {
        assert_eq!(country("JE"), CountryCode::Iso("Jersey"));
        assert!(matches!(country("us"), CountryCode::Iso(_)));
        assert_eq!(
            country("ZG"),
            CountryCode::CustomsOnly("German continental shelf")
        );
        assert!(matches!(country("XI"), CountryCode::CustomsOnly(_)));
        assert_eq!(country("QA"), CountryCode::Iso("Qatar"));
        assert_eq!(country("XX"), CountryCode::Unknown);
        assert_eq!(country("USA"), CountryCode::Unknown);
        assert_eq!(country(""), CountryCode::Unknown);
    }
}
