//! Culture-matched synthetic person names: real people's name parts (given names, middle names, patronymics,
//! family names) of the naming cultures on the sanctions lists, recombined as each culture writes a name.
//! Deterministic by seed; never random strings. The parts are in `data/name-parts/name-parts.tsv`, extracted from
//! the UK HM Treasury consolidated list (2014) and the US OFAC SDN list (about 2021) — see the README beside it.

use crate::eval::Rng;
use crate::model::{BirthDate, Entry, EntryKind, EntryName, NameQuality, WatchList};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::sync::OnceLock;

const NAME_PARTS_TSV: &str = include_str!("../data/name-parts/name-parts.tsv");

/// A part counted this many times is drawn at most this often: the commonest parts stay common without one
/// part (MOHAMMAD) crowding out the rest.
const MAX_PART_MULTIPLICITY: usize = 40;

/// The naming cultures of the lists, with the share of a generated list each takes (roughly the lists' mix)
/// and the nationalities its people carry.
pub const CULTURES: &[(&str, u32, &[&str])] = &[
    (
        "arabic",
        28,
        &[
            "IRQ", "SYR", "SAU", "YEM", "EGY", "TUN", "LBY", "JOR", "LBN", "DZA", "MAR", "SDN",
            "KWT",
        ],
    ),
    ("persian_afghan", 16, &["AFG", "IRN", "PAK"]),
    ("slavic", 12, &["RUS", "BLR", "UKR", "SRB"]),
    ("korean", 6, &["PRK", "KOR"]),
    ("chinese", 6, &["CHN"]),
    (
        "west_african",
        6,
        &["LBR", "CIV", "GIN", "GNB", "MLI", "NGA", "GHA", "SEN"],
    ),
    (
        "central_east_african",
        5,
        &["COD", "RWA", "BDI", "UGA", "CAF", "SSD", "KEN"],
    ),
    ("somali", 5, &["SOM"]),
    ("malay", 5, &["IDN", "MYS", "PHL"]),
    ("latin", 11, &["MEX", "COL", "VEN", "NIC", "CUB", "GTM"]),
];

/// One culture's name parts, each repeated as often as it is drawn (its count on the lists, capped).
#[derive(Debug, Default)]
pub struct CultureParts {
    pub culture: &'static str,
    pub given: Vec<String>,
    pub middle: Vec<String>,
    pub patronymic: Vec<String>,
    pub family: Vec<String>,
}

impl CultureParts {
    /// Every distinct part of this culture, of any role.
    pub fn contains(&self, part: &str) -> bool {
        [&self.given, &self.middle, &self.patronymic, &self.family]
            .iter()
            .any(|pool| pool.iter().any(|p| p == part))
    }
}

/// The name parts of every culture, parsed once from the fixture.
pub fn name_parts() -> &'static [CultureParts] {
    static PARTS: OnceLock<Vec<CultureParts>> = OnceLock::new();
    PARTS.get_or_init(|| parse_name_parts(NAME_PARTS_TSV))
}

fn parse_name_parts(tsv: &str) -> Vec<CultureParts> {
    let mut cultures: Vec<CultureParts> = CULTURES
        .iter()
        .map(|&(culture, _, _)| CultureParts {
            culture,
            ..Default::default()
        })
        .collect();
    for line in tsv.lines().skip(1) {
        let mut fields = line.split('\t');
        let (Some(culture), Some(role), Some(part), Some(count)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Some(parts) = cultures.iter_mut().find(|c| c.culture == culture) else {
            continue;
        };
        let pool = match role {
            "given" => &mut parts.given,
            "middle" => &mut parts.middle,
            "patronymic" => &mut parts.patronymic,
            "family" => &mut parts.family,
            _ => continue,
        };
        let times = count
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, MAX_PART_MULTIPLICITY);
        pool.extend(std::iter::repeat_n(part.to_string(), times));
    }
    // A culture without middle names of its own takes its given names as middle names (Somali, Arabic: the
    // father's and grandfather's given names).
    for c in &mut cultures {
        if c.middle.is_empty() {
            c.middle = c.given.clone();
        }
    }
    cultures.retain(|c| !c.given.is_empty() && !c.family.is_empty());
    cultures
}

/// A culture drawn with the shares of `CULTURES`.
pub fn pick_culture(rng: &mut Rng) -> &'static CultureParts {
    let parts = name_parts();
    let total: u32 = CULTURES
        .iter()
        .filter(|c| parts.iter().any(|p| p.culture == c.0))
        .map(|c| c.1)
        .sum();
    let mut draw = rng.below(total.max(1) as usize) as u32;
    for &(culture, share, _) in CULTURES {
        let Some(p) = parts.iter().find(|p| p.culture == culture) else {
            continue;
        };
        if draw < share {
            return p;
        }
        draw -= share;
    }
    // Only reached when the fixture holds no culture of CULTURES; the first parsed culture then serves.
    static EMPTY: CultureParts = CultureParts {
        culture: "",
        given: Vec::new(),
        middle: Vec::new(),
        patronymic: Vec::new(),
        family: Vec::new(),
    };
    parts.first().unwrap_or(&EMPTY)
}

/// A nationality of a culture's people.
pub fn nationality_of(culture: &str, rng: &mut Rng) -> String {
    CULTURES
        .iter()
        .find(|c| c.0 == culture)
        .map(|c| rng.pick(c.2).to_string())
        .unwrap_or_else(|| "UTO".to_string())
}

fn draw(pool: &[String], rng: &mut Rng) -> String {
    if pool.is_empty() {
        return String::new();
    }
    rng.pick(pool).clone()
}

/// A person's name as the culture writes it on a list, from its real name parts: at least two distinct parts
/// (redrawn a few times when a draw repeats one part).
pub fn culture_name(parts: &CultureParts, rng: &mut Rng) -> String {
    let mut name = String::new();
    for _ in 0..4 {
        name = culture_name_once(parts, rng);
        if name.contains(' ') {
            break;
        }
    }
    name
}

fn culture_name_once(parts: &CultureParts, rng: &mut Rng) -> String {
    let mut name: Vec<String> = Vec::with_capacity(5);
    match parts.culture {
        // Family name first, then a given name of one or two syllables.
        "korean" | "chinese" => {
            name.push(draw(&parts.family, rng));
            name.push(draw(&parts.given, rng));
            if rng.chance(0.35) {
                name.push(draw(&parts.middle, rng));
            }
        }
        // Given name, patronymic, family name.
        "slavic" => {
            name.push(draw(&parts.given, rng));
            if rng.chance(0.7) && !parts.patronymic.is_empty() {
                name.push(draw(&parts.patronymic, rng));
            }
            name.push(draw(&parts.family, rng));
        }
        // Given name(s), then the father's and the mother's family names.
        "latin" => {
            name.push(draw(&parts.given, rng));
            if rng.chance(0.35) {
                name.push(draw(&parts.middle, rng));
            }
            name.push(draw(&parts.family, rng));
            if rng.chance(0.5) {
                name.push(draw(&parts.family, rng));
            }
        }
        // Given name, father's and grandfather's names; a family name on a minority of documents.
        "somali" => {
            name.push(draw(&parts.given, rng));
            name.push(draw(&parts.middle, rng));
            if rng.chance(0.5) {
                name.push(draw(&parts.middle, rng));
            }
            if rng.chance(0.4) {
                name.push(draw(&parts.family, rng));
            }
        }
        // Given name, zero to two middle names (father's, grandfather's), family or tribal name.
        _ => {
            name.push(draw(&parts.given, rng));
            let middles = match rng.below(10) {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            for _ in 0..middles {
                name.push(draw(&parts.middle, rng));
            }
            name.push(draw(&parts.family, rng));
        }
    }
    name.dedup();
    name.retain(|p| !p.is_empty());
    name.join(" ")
}

/// A hash of a name's parts in sorted order: two names with the same key are one name written in another order.
pub fn name_key_hash(name: &str) -> u64 {
    // An apostrophe marks a sound inside a part (NU'AYMI), it does not separate parts: as `text::tokens` reads it.
    let mut tokens: Vec<String> = name
        .replace(['\'', '`', '\u{2018}', '\u{2019}'], "")
        .to_ascii_uppercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    tokens.sort();
    let joined = tokens.join(" ");
    crate::blocking_keys::key_hash(0, &[joined.as_bytes()])
}

/// The sorted-part keys of every name on the lists (to keep generated people from carrying a listed name).
pub fn listed_name_keys(lists: &[WatchList]) -> HashSet<u64> {
    lists
        .iter()
        .flat_map(|l| &l.entries)
        .flat_map(|e| &e.names)
        .flat_map(|n| crate::text::ascii_variants(&n.full))
        .map(|a| name_key_hash(&a))
        .collect()
}

fn birth_date(rng: &mut Rng) -> BirthDate {
    let year = 1940 + rng.below(65) as i32;
    if rng.chance(0.2) {
        return BirthDate::Year(year);
    }
    NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .map(BirthDate::Exact)
        .unwrap_or(BirthDate::Year(year))
}

/// A list of `n` generated people of the lists' naming cultures (each with a birth date and a nationality of
/// the culture), none of whom carries a name in `exclude` (the real lists' names, by `listed_name_keys`).
pub fn culture_matched_list(n: usize, seed: u64, exclude: &HashSet<u64>) -> WatchList {
    let mut rng = Rng::new(seed);
    let mut entries = Vec::with_capacity(n);
    let mut attempts = 0usize;
    while entries.len() < n && attempts < n.saturating_mul(4).max(16) {
        attempts += 1;
        let parts = pick_culture(&mut rng);
        let name = culture_name(parts, &mut rng);
        if name.is_empty() || exclude.contains(&name_key_hash(&name)) {
            continue;
        }
        let birth = birth_date(&mut rng);
        let nationality = nationality_of(parts.culture, &mut rng);
        entries.push(Entry {
            entry_id: format!("SYN-{}", entries.len()),
            kind: EntryKind::Person,
            names: vec![EntryName {
                full: name,
                quality: NameQuality::Primary,
            }],
            birth_dates: vec![birth],
            birth_places: vec![],
            nationalities: vec![nationality],
            gender: None,
            documents: vec![],
            reason: String::new(),
            listed_on: None,
            program: Some(format!("synthetic:{}", parts.culture)),
        });
    }
    WatchList {
        id: "synthetic".into(),
        name: "synthetic culture-matched list".into(),
        source: "generated from real name parts (limes-screen data/name-parts)".into(),
        published: None,
        entries,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
    use super::*;

    #[test]
    fn every_culture_of_the_lists_has_parts() {
        let parts = name_parts();
        for (culture, _, _) in CULTURES {
            let p = parts.iter().find(|p| &p.culture == culture).unwrap();
            assert!(p.given.len() >= 50, "{culture}: {} given", p.given.len());
            assert!(p.family.len() >= 50, "{culture}: {} family", p.family.len());
        }
        let slavic = parts.iter().find(|p| p.culture == "slavic").unwrap();
        assert!(slavic.patronymic.iter().any(|p| p.ends_with("OVICH")));
    }

    #[test]
    fn generated_names_are_made_of_their_cultures_parts() {
        let mut rng = Rng::new(42);
        let parts = name_parts();
        let arabic = parts.iter().find(|p| p.culture == "arabic").unwrap();
        let korean = parts.iter().find(|p| p.culture == "korean").unwrap();
        for _ in 0..200 {
            let name = culture_name(arabic, &mut rng);
            // A part may itself hold spaces (ABD AL RAHMAN): the name is a sequence of whole parts.
            assert!(
                covered_by_parts(&name, arabic),
                "{name} is not Arabic parts"
            );
            let k = culture_name(korean, &mut rng);
            assert!(covered_by_parts(&k, korean), "{k} is not Korean parts");
            assert!(k.split(' ').count() >= 2, "{k}");
        }
        // And the cultures are apart: Arabic names are rarely made of Korean parts alone.
        let korean_looking = (0..200)
            .filter(|_| covered_by_parts(&culture_name(arabic, &mut rng), korean))
            .count();
        assert!(korean_looking < 10, "{korean_looking} of 200");
    }

    /// Whether `name` splits into a sequence of `parts`'s parts.
    fn covered_by_parts(name: &str, parts: &CultureParts) -> bool {
        let words: Vec<&str> = name.split(' ').collect();
        let mut reach = vec![false; words.len() + 1];
        reach[0] = true;
        for i in 0..words.len() {
            if !reach[i] {
                continue;
            }
            for j in i + 1..=words.len() {
                if parts.contains(&words[i..j].join(" ")) {
                    reach[j] = true;
                }
            }
        }
        reach[words.len()]
    }

    #[test]
    fn a_generated_list_is_deterministic_varied_and_free_of_listed_names() {
        let mut exclude = HashSet::new();
        let a = culture_matched_list(2000, 9, &exclude);
        let b = culture_matched_list(2000, 9, &exclude);
        assert_eq!(a, b);
        assert_eq!(a.entries.len(), 2000);
        let distinct: HashSet<&str> = a.entries.iter().map(|e| e.primary_name()).collect();
        assert!(distinct.len() > 1800, "{} distinct", distinct.len());
        // Names are words of real parts, no made-up strings: every letter run is a known part's word.
        let cultures: HashSet<&str> = a
            .entries
            .iter()
            .filter_map(|e| e.program.as_deref())
            .collect();
        assert!(cultures.len() >= 8, "{cultures:?}");
        // An apostrophe inside a part does not split it.
        assert_eq!(
            name_key_hash("AL-NU'AYMI ABD"),
            name_key_hash("ABD AL NUAYMI")
        );
        // Excluding a name keeps it (in any order) off the list.
        let first = a.entries[0].primary_name().to_string();
        let reversed: Vec<&str> = first.split(' ').rev().collect();
        exclude.insert(name_key_hash(&reversed.join(" ")));
        let c = culture_matched_list(2000, 9, &exclude);
        assert!(c.entries.iter().all(|e| e.primary_name() != first));
    }
}
