//! ISO 3166-1 countries and the ICAO Doc 9303 codes that are not in ISO 3166 (D for Germany, GBD…GBS, UNO, UNA,
//! UNK, XOM, XPO, XXA…XXX, EUE, RKS in practice, the UTO specimen), with English names, alternative names and
//! adjectives so that "Iran (Islamic Republic of)", "Syrian" and "SY" all find their country.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// An ISO 3166-1 country or territory; its ICAO code is the alpha-3 code.
    Iso3166,
    /// A code ICAO Doc 9303 defines outside ISO 3166 (organisations, British nationality classes, stateless…).
    IcaoOnly,
    /// The Doc 9303 specimen state Utopia.
    Specimen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub alpha2: Option<&'static str>,
    /// The ICAO 3-letter code: the ISO alpha-3 code where there is one ("DEU" for Germany, not "D").
    pub code: &'static str,
    pub numeric: Option<u16>,
    pub name: &'static str,
    pub kind: CodeKind,
    /// Other names and adjectives this country is written as.
    pub aliases: Vec<&'static str>,
}

struct Index {
    all: Vec<Country>,
    by_code: HashMap<&'static str, usize>,
    by_alpha2: HashMap<&'static str, usize>,
    by_numeric: HashMap<u16, usize>,
    by_name: HashMap<String, usize>,
}

const TABLE: &str = include_str!("table.txt");

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut all = Vec::new();
        for line in TABLE.lines().filter(|l| !l.trim().is_empty()) {
            let mut parts = line.split('|');
            let (Some(a2), Some(code), Some(num), Some(name), aliases) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next().unwrap_or(""),
            ) else {
                continue;
            };
            let kind = match (a2.is_empty(), code) {
                (_, "UTO") => CodeKind::Specimen,
                (true, _) => CodeKind::IcaoOnly,
                (false, _) => CodeKind::Iso3166,
            };
            all.push(Country {
                alpha2: Some(a2).filter(|s| !s.is_empty()),
                code,
                numeric: num.parse().ok(),
                name,
                kind,
                aliases: aliases.split(';').filter(|s| !s.is_empty()).collect(),
            });
        }
        let mut idx = Index {
            by_code: HashMap::new(),
            by_alpha2: HashMap::new(),
            by_numeric: HashMap::new(),
            by_name: HashMap::new(),
            all: Vec::new(),
        };
        for (i, c) in all.iter().enumerate() {
            idx.by_code.insert(c.code, i);
            if let Some(a2) = c.alpha2 {
                idx.by_alpha2.insert(a2, i);
            }
            if let Some(n) = c.numeric {
                idx.by_numeric.insert(n, i);
            }
            idx.by_name.entry(fold(c.name)).or_insert(i);
        }
        // Aliases never shadow a country's own name.
        for (i, c) in all.iter().enumerate() {
            for a in &c.aliases {
                idx.by_name.entry(fold(a)).or_insert(i);
            }
        }
        idx.all = all;
        idx
    })
}

/// Fold a name for comparison: lower case, common Latin diacritics removed, punctuation to spaces, single spaces.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        let base = match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            '\'' | '’' | '.' => continue,
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if base == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(base);
    }
    out.trim_end().to_string()
}

pub fn all() -> &'static [Country] {
    &index().all
}

/// By ICAO code, as written in an MRZ: "DEU", "D", "D<<", "GBD", "UTO"; case-insensitive, `<` fillers trimmed.
pub fn by_icao(code: &str) -> Option<&'static Country> {
    let code = code.trim().trim_end_matches('<').to_ascii_uppercase();
    let code = if code == "D" { "DEU".to_string() } else { code };
    let idx = index();
    idx.by_code.get(code.as_str()).map(|&i| &idx.all[i])
}

pub fn by_alpha2(code: &str) -> Option<&'static Country> {
    let idx = index();
    idx.by_alpha2
        .get(code.trim().to_ascii_uppercase().as_str())
        .map(|&i| &idx.all[i])
}

pub fn by_numeric(n: u16) -> Option<&'static Country> {
    let idx = index();
    idx.by_numeric.get(&n).map(|&i| &idx.all[i])
}

/// Any way a country is written: alpha-2, alpha-3/ICAO code, numeric code, English name, alternative name or
/// adjective; case, diacritics and punctuation do not matter.
pub fn lookup(any: &str) -> Option<&'static Country> {
    let t = any.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() <= 3 && t.chars().all(|c| c.is_ascii_alphabetic() || c == '<') {
        let found = if t.trim_end_matches('<').len() == 2 {
            by_alpha2(t)
        } else {
            by_icao(t)
        };
        if found.is_some() {
            return found;
        }
    }
    if let Ok(n) = t.parse::<u16>() {
        return by_numeric(n);
    }
    let idx = index();
    let folded = fold(t);
    if let Some(&i) = idx.by_name.get(&folded) {
        return Some(&idx.all[i]);
    }
    // "Korea, Republic of" written without its comma part, or with a leading article.
    let without_article = folded.strip_prefix("the ").unwrap_or(&folded);
    idx.by_name.get(without_article).map(|&i| &idx.all[i])
}

/// The canonical 3-letter code for any way of writing a country.
pub fn normalize_code(any: &str) -> Option<&'static str> {
    lookup(any).map(|c| c.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_country_is_there_once() {
        let iso: Vec<_> = all()
            .iter()
            .filter(|c| c.kind == CodeKind::Iso3166)
            .collect();
        assert_eq!(iso.len(), 249);
        let mut codes: Vec<_> = all().iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all().len(), "no duplicate codes");
        assert!(all()
            .iter()
            .all(|c| c.code.len() == 3 && c.code.chars().all(|ch| ch.is_ascii_uppercase())));
    }

    #[test]
    fn icao_codes_outside_iso_are_known() {
        for code in [
            "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XOM", "XPO", "XXA", "XXB",
            "XXC", "XXX", "EUE", "RKS",
        ] {
            assert_eq!(
                by_icao(code).map(|c| c.kind),
                Some(CodeKind::IcaoOnly),
                "{code}"
            );
        }
        assert_eq!(by_icao("UTO").map(|c| c.kind), Some(CodeKind::Specimen));
        assert_eq!(by_icao("D<<").map(|c| c.code), Some("DEU"));
        assert_eq!(by_icao("D").map(|c| c.code), Some("DEU"));
        assert!(by_icao("ZZZ").is_none());
    }

    #[test]
    fn names_from_sanctions_lists_and_traveller_records() {
        for (text, code) in [
            ("USA", "USA"),
            ("Russia", "RUS"),
            ("Iran", "IRN"),
            ("Syria", "SYR"),
            ("North Korea", "PRK"),
            ("DPRK", "PRK"),
            ("South Korea", "KOR"),
            ("Republic of Korea", "KOR"),
            ("UK", "GBR"),
            ("Great Britain", "GBR"),
            ("Britain", "GBR"),
            ("Ivory Coast", "CIV"),
            ("Czechia", "CZE"),
            ("Czech Republic", "CZE"),
            ("Turkey", "TUR"),
            ("Viet Nam", "VNM"),
            ("Vietnam", "VNM"),
            ("Laos", "LAO"),
            ("Bolivia", "BOL"),
            ("Venezuela", "VEN"),
            ("Tanzania", "TZA"),
            ("Moldova", "MDA"),
            ("Palestine", "PSE"),
            ("State of Palestine", "PSE"),
            ("Burma", "MMR"),
            ("Myanmar", "MMR"),
            ("Congo", "COG"),
            ("DR Congo", "COD"),
            ("Eswatini", "SWZ"),
            ("Swaziland", "SWZ"),
            ("Macedonia", "MKD"),
            ("North Macedonia", "MKD"),
            ("Iraqi", "IRQ"),
            ("Yemeni", "YEM"),
            ("Somali", "SOM"),
            ("Pakistani", "PAK"),
            ("Russian", "RUS"),
            ("Iranian", "IRN"),
            ("British", "GBR"),
            ("American", "USA"),
            ("German", "DEU"),
            ("French", "FRA"),
            ("  germany ", "DEU"),
            ("D<<", "DEU"),
            ("de", "DEU"),
            ("Utopia", "UTO"),
            ("Stateless", "XXA"),
        ] {
            assert_eq!(normalize_code(text), Some(code), "{text}");
        }
        assert_eq!(by_alpha2("gb").map(|c| c.code), Some("GBR"));
        assert_eq!(by_numeric(826).map(|c| c.code), Some("GBR"));
        assert_eq!(by_icao("deu").and_then(|c| c.alpha2), Some("DE"));
    }

    #[test]
    fn countries_are_found_however_written() {
        for (text, code) in [
            ("SY", "SYR"),
            ("syr", "SYR"),
            ("Syrian Arab Republic", "SYR"),
            ("Syrian", "SYR"),
            ("Iran (Islamic Republic of)", "IRN"),
            ("Côte d'Ivoire", "CIV"),
            ("cote divoire", "CIV"),
            ("Democratic People's Republic of Korea", "PRK"),
            ("Russian Federation", "RUS"),
            ("United States of America", "USA"),
            ("Türkiye", "TUR"),
            ("the Gambia", "GMB"),
            ("Afghan", "AFG"),
            ("276", "DEU"),
            ("Democratic Republic of the Congo", "COD"),
            ("Kosovo", "RKS"),
        ] {
            assert_eq!(normalize_code(text), Some(code), "{text}");
        }
        assert_eq!(normalize_code("Atlantis"), None);
        assert_eq!(normalize_code(""), None);
    }
}
