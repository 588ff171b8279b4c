//! The harder evaluation, in a development part and a held-out part: listed people written the ways that fail in
//! the world (partial names, original script, other transliterations, MRZ-truncated fields, reordered with a
//! typo) against culture-matched innocents (namesakes, names sharing a listed person's parts, names of the same
//! cultures); recall at ≤ 1 % and ≤ 0.1 % false alerts per part and per kind of writing.
//!
//! The split is fixed: a listed person belongs to the held-out part when the hash of their entry id is 0 modulo
//! 5 (`is_held_out`), and the held-out cases are drawn with `seed ^ HELD_OUT_SEED_MIX`. Tune on the development
//! part only; the held-out part tells whether the tuning holds for people and draws it never saw.

use crate::blocking_keys::key_hash;
use crate::engine::{Engine, Query};
use crate::eval::{ascii_tokens, birth_for_query, random_birth, respell, typo, Case, Rng};
use crate::model::{BirthDate, Entry, EntryKind, NameQuality, WatchList};
use crate::synthetic::{culture_name, name_key_hash, name_parts, nationality_of, CULTURES};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Mixed into the seed of the held-out part, so its draws differ from the development part's.
pub const HELD_OUT_SEED_MIX: u64 = 0x0005_eed0_f0ff;
/// One listed person in this many is held out.
pub const HELD_OUT_ONE_IN: u64 = 5;

/// Which part of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Part {
    Development,
    HeldOut,
}

impl Part {
    pub fn label(self) -> &'static str {
        match self {
            Part::Development => "development",
            Part::HeldOut => "held-out",
        }
    }
}

/// Whether a listed person is in the held-out part (a fixed fifth, by the hash of the entry id).
pub fn is_held_out(list: &str, entry_id: &str) -> bool {
    key_hash(7, &[list.as_bytes(), b"/", entry_id.as_bytes()]).is_multiple_of(HELD_OUT_ONE_IN)
}

/// The kinds of writing of a listed traveller, in the order the report prints them.
pub const LISTED_KINDS: &[&str] = &[
    "exact",
    "partial",
    "original script",
    "transliteration",
    "mrz truncated",
    "reordered, typo",
];
/// The kinds of innocent traveller.
pub const INNOCENT_KINDS: &[&str] = &["namesake", "shares parts", "same culture"];

/// Names written differently by the common romanisations of one name (Arabic and Persian given names).
const NAME_GROUPS: &[&[&str]] = &[
    &[
        "MOHAMMED",
        "MUHAMMAD",
        "MOHAMED",
        "MOKHAMMED",
        "MUHAMMED",
        "MOHAMMAD",
        "MOUHAMED",
        "MAGOMED",
        "MOHAMAD",
    ],
    &[
        "YUSUF", "YOUSSEF", "YOUSEF", "YUSSUF", "JUSUF", "YOUSOF", "YOSUF",
    ],
    &[
        "HUSSEIN", "HUSAYN", "HUSSAIN", "HOSSEIN", "HUSEYN", "HUSEIN",
    ],
    &["HASAN", "HASSAN", "KHASAN", "HASSANE"],
    &["AHMAD", "AHMED", "AKHMED", "AHMET", "AKHMAD"],
    &["ABDUL", "ABDEL", "ABDOUL", "ABDOL"],
    &["OMAR", "UMAR", "OUMAR", "UMER"],
    &["OSAMA", "USAMA", "OUSSAMA", "USSAMA"],
    &["KHALID", "KHALED", "HALID", "CHALID"],
    &["IBRAHIM", "EBRAHIM", "IBRAGIM", "IBRAHEEM"],
    &["SULEIMAN", "SULAYMAN", "SOULEYMANE", "SULEYMAN", "SULAIMAN"],
    &["MAHMUD", "MAHMOUD", "MAKHMUD", "MEHMUD"],
    &["JAMAL", "DJAMAL", "GAMAL", "DZHAMAL", "JAMAAL"],
    &["SAID", "SAEED", "SAYED", "SAYID"],
    &["MUSTAFA", "MOUSTAFA", "MOSTAFA", "MUSTAPHA"],
    &["ISMAIL", "ISMAEL", "ISMAYIL", "ISMAIEL"],
    &["YAHYA", "YAHIA", "YEHIA", "YAHIYA"],
    &["ABDULLAH", "ABDALLAH", "ABDOULLAH", "ABDULLA"],
    &["ABU", "ABOU"],
    &["ALI", "ALY"],
    &["ABDULRAHMAN", "ABDERRAHMANE", "ABDURAKHMAN", "ABDURRAHMAN"],
    &["ZAKARIA", "ZAKARIYA", "ZAKARIYYA", "ZAKARIJA"],
];

/// Russian Cyrillic letters in three romanisations a document or list may use besides ICAO Doc 9303's:
/// BGN/PCGN, German (Duden) and French.
fn cyrillic_letter(c: char, system: usize) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let (bgn, german, french) = match lower {
        'а' => ("A", "A", "A"),
        'б' => ("B", "B", "B"),
        'в' => ("V", "W", "V"),
        'г' => ("G", "G", "G"),
        'д' => ("D", "D", "D"),
        'е' => ("E", "E", "E"),
        'ё' => ("YE", "JO", "IO"),
        'ж' => ("ZH", "SCH", "J"),
        'з' => ("Z", "S", "Z"),
        'и' => ("I", "I", "I"),
        'й' => ("Y", "J", "I"),
        'к' => ("K", "K", "K"),
        'л' => ("L", "L", "L"),
        'м' => ("M", "M", "M"),
        'н' => ("N", "N", "N"),
        'о' => ("O", "O", "O"),
        'п' => ("P", "P", "P"),
        'р' => ("R", "R", "R"),
        'с' => ("S", "S", "S"),
        'т' => ("T", "T", "T"),
        'у' => ("U", "U", "OU"),
        'ф' => ("F", "F", "F"),
        'х' => ("KH", "CH", "KH"),
        'ц' => ("TS", "Z", "TS"),
        'ч' => ("CH", "TSCH", "TCH"),
        'ш' => ("SH", "SCH", "CH"),
        'щ' => ("SHCH", "SCHTSCH", "CHTCH"),
        'ъ' | 'ь' => ("", "", ""),
        'ы' => ("Y", "Y", "Y"),
        'э' => ("E", "E", "E"),
        'ю' => ("YU", "JU", "IOU"),
        'я' => ("YA", "JA", "IA"),
        _ => return None,
    };
    Some(match system % 3 {
        0 => bgn,
        1 => german,
        _ => french,
    })
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// A Cyrillic name romanised in `system` (0 BGN/PCGN, 1 German, 2 French).
pub fn romanise_cyrillic(name: &str, system: usize) -> String {
    name.chars()
        .map(|c| match cyrillic_letter(c, system) {
            Some(s) => s.to_string(),
            None if c.is_alphabetic() => c.to_uppercase().collect(),
            None => " ".to_string(),
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name part in another common romanisation: another member of its group, else a letter-level respelling.
fn other_romanisation(token: &str, rng: &mut Rng) -> String {
    if let Some(group) = NAME_GROUPS.iter().find(|g| g.contains(&token)) {
        let others: Vec<&&str> = group.iter().filter(|t| **t != token).collect();
        if !others.is_empty() {
            return rng.pick(&others).to_string();
        }
    }
    respell(token, rng)
}

/// An ICAO Doc 9303 name field: primary identifier (the family name, here the last part), `<<`, the secondary
/// identifier's parts joined by `<`, cut at `width` characters when longer and filled with `<` when shorter.
pub fn mrz_field(tokens: &[String], width: usize) -> String {
    let Some((surname, given)) = tokens.split_last() else {
        return String::new();
    };
    let mut field = format!("{surname}<<{}", given.join("<"));
    field.truncate(width);
    while field.len() < width {
        field.push('<');
    }
    field
}

fn original_script(entry: &Entry) -> Option<&str> {
    entry
        .names
        .iter()
        .find(|n| n.quality == NameQuality::OriginalScript)
        .map(|n| n.full.as_str())
}

/// A listed person's name written one hard way; the kind says which. None when the kind does not apply.
fn hard_variant(name: &str, entry: &Entry, kind: &str, rng: &mut Rng) -> Option<String> {
    let mut tokens = ascii_tokens(name);
    if tokens.is_empty() {
        return None;
    }
    Some(match kind {
        "exact" => tokens.join(" "),
        "partial" => {
            if tokens.len() < 3 {
                return None;
            }
            let last = tokens.len() - 1;
            format!("{} {}", tokens[0], tokens[last])
        }
        "original script" => {
            let original = original_script(entry)?;
            let mut parts: Vec<&str> = original.split_whitespace().collect();
            if parts.len() >= 3 && rng.chance(0.4) {
                parts.pop();
            }
            parts.join(" ")
        }
        "transliteration" => {
            if let Some(cyrillic) = original_script(entry).filter(|o| is_cyrillic(o)) {
                if rng.chance(0.7) {
                    return Some(romanise_cyrillic(cyrillic, rng.below(3)));
                }
            }
            // Every part of a known group respelt, then one more part at the letter level.
            let mut changed = false;
            for t in tokens.iter_mut() {
                if NAME_GROUPS.iter().any(|g| g.contains(&t.as_str())) {
                    *t = other_romanisation(t, rng);
                    changed = true;
                }
            }
            let i = rng.below(tokens.len());
            let respelt = respell(&tokens[i], rng);
            changed |= respelt != tokens[i];
            tokens[i] = respelt;
            if !changed {
                return None;
            }
            if rng.chance(0.3) {
                tokens.rotate_right(1);
            }
            tokens.join(" ")
        }
        "mrz truncated" => {
            // TD3 passports hold 39 characters of name, TD1 cards 30: long names are cut, short ones filled.
            let width = if rng.chance(0.6) { 39 } else { 30 };
            let joined_len: usize = tokens.iter().map(|t| t.len() + 1).sum::<usize>() + 1;
            if joined_len <= width && tokens.len() < 3 {
                return None;
            }
            mrz_field(&tokens, width)
        }
        "reordered, typo" => {
            if tokens.len() < 2 {
                return None;
            }
            let shift = 1 + rng.below(tokens.len() - 1);
            tokens.rotate_left(shift);
            let i = rng.below(tokens.len());
            tokens[i] = typo(&tokens[i], rng);
            tokens.join(" ")
        }
        _ => return None,
    })
}

/// The culture of a listed person's name parts, by their nationality.
fn culture_of(entry: &Entry) -> Option<&'static str> {
    entry.nationalities.iter().find_map(|n| {
        CULTURES
            .iter()
            .find(|c| c.2.contains(&n.as_str()))
            .map(|c| c.0)
    })
}

/// The evaluation cases of one part: `positives` listed travellers of that part's listed people, written the
/// hard ways in equal shares (a kind that does not apply to a person is drawn again), and `negatives` innocent
/// travellers: a tenth namesakes (a listed name, born decades apart, another nationality), four tenths sharing
/// parts with a listed person of the part who has a birth date (one or two parts, not particles, replaced by
/// other names of the same culture, not respellings of the part replaced), half of the
/// same cultures (`synthetic::culture_name`). No innocent carries a name in `listed_keys` (the lists' names in
/// any order, the synthetic list's included).
pub fn generate_part(
    lists: &[WatchList],
    part: Part,
    positives: usize,
    negatives: usize,
    seed: u64,
    listed_keys: &HashSet<u64>,
) -> Vec<Case> {
    let mut rng = Rng::new(match part {
        Part::Development => seed,
        Part::HeldOut => seed ^ HELD_OUT_SEED_MIX,
    });
    let people: Vec<(&WatchList, &Entry)> = lists
        .iter()
        .flat_map(|l| l.entries.iter().map(move |e| (l, e)))
        .filter(|(l, e)| {
            e.kind == EntryKind::Person
                && e.names
                    .iter()
                    .any(|n| n.quality != NameQuality::OriginalScript)
                && is_held_out(&l.id, &e.entry_id) == (part == Part::HeldOut)
        })
        .collect();
    let mut cases = Vec::with_capacity(positives + negatives);
    if people.is_empty() {
        return cases;
    }
    let mut attempts = 0usize;
    let mut positives_made = 0usize;
    while positives_made < positives && attempts < positives.saturating_mul(50).max(50) {
        attempts += 1;
        let kind = LISTED_KINDS[positives_made % LISTED_KINDS.len()];
        let (list, entry) = *rng.pick(&people);
        let names: Vec<&str> = entry
            .names
            .iter()
            .filter(|n| n.quality == NameQuality::Primary || n.quality == NameQuality::Strong)
            .map(|n| n.full.as_str())
            .collect();
        let name = if names.is_empty() {
            entry.primary_name()
        } else {
            *rng.pick(&names)
        };
        let Some(written) = hard_variant(name, entry, kind, &mut rng) else {
            continue;
        };
        let birth_date = if rng.chance(0.1) {
            None
        } else {
            birth_for_query(&entry.birth_dates, &mut rng)
        };
        let nationality = entry
            .nationalities
            .first()
            .cloned()
            .filter(|_| !rng.chance(0.1));
        cases.push(Case {
            query: Query {
                name: written,
                birth_date,
                nationality,
                ..Default::default()
            },
            expected: Some((list.id.clone(), entry.entry_id.clone())),
            kind,
        });
        positives_made += 1;
    }
    let cultures = name_parts();
    let mut made = 0usize;
    attempts = 0;
    while made < negatives && attempts < negatives.saturating_mul(20).max(20) {
        attempts += 1;
        let slot = made % 10;
        let (name, nationality, birth, kind) = if slot == 0 {
            let (_, entry) = *rng.pick(&people);
            let Some(listed) = entry.birth_dates.first() else {
                continue;
            };
            let listed_year = listed.year_range().0;
            let year = if listed_year > 1975 {
                listed_year - 25 - rng.below(15) as i32
            } else {
                listed_year + 25 + rng.below(10) as i32
            };
            let birth =
                NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                    .map(BirthDate::Exact);
            let nationality = rng.pick(crate::eval::NATIONALITIES).to_string();
            if entry.nationalities.contains(&nationality) {
                continue;
            }
            let name = ascii_tokens(entry.primary_name()).join(" ");
            // A namesake carries the listed name itself: it is kept out of the key check below.
            cases.push(Case {
                query: Query {
                    name,
                    birth_date: birth,
                    nationality: Some(nationality),
                    ..Default::default()
                },
                expected: None,
                kind: "namesake",
            });
            made += 1;
            continue;
        } else if slot <= 4 {
            let (_, entry) = *rng.pick(&people);
            // Of listed people with a birth date only: without one, a name that differs from the listed one in
            // a part is a fair alert, nothing tells the two apart.
            if entry.birth_dates.is_empty() {
                continue;
            }
            let mut tokens = ascii_tokens(entry.primary_name());
            if tokens.len() < 2 {
                continue;
            }
            let culture = culture_of(entry)
                .and_then(|c| cultures.iter().find(|p| p.culture == c))
                .or_else(|| cultures.first());
            let Some(culture) = culture else {
                continue;
            };
            let replace = if tokens.len() >= 3 && rng.chance(0.5) {
                2
            } else {
                1
            };
            for _ in 0..replace {
                let i = rng.below(tokens.len());
                let pool = if i + 1 == tokens.len() {
                    &culture.family
                } else {
                    &culture.given
                };
                if pool.is_empty() || crate::text::is_particle(&tokens[i]) {
                    // Replacing a particle (AL, BIN) would add a name, not replace one.
                    continue;
                }
                let other = rng.pick(pool).clone();
                // Another name, not the same one in another romanisation (MOHAMED for MUHAMMAD).
                if crate::text::phonetic_key(&other) == crate::text::phonetic_key(&tokens[i])
                    || crate::text::jaro_winkler(&other, &tokens[i]) >= 0.85
                {
                    continue;
                }
                tokens[i] = other;
            }
            let nationality = if rng.chance(0.5) {
                entry.nationalities.first().cloned()
            } else {
                None
            }
            .unwrap_or_else(|| nationality_of(culture.culture, &mut rng));
            (
                tokens.join(" "),
                nationality,
                random_birth(&mut rng),
                "shares parts",
            )
        } else {
            let culture = crate::synthetic::pick_culture(&mut rng);
            let name = culture_name(culture, &mut rng);
            let nationality = nationality_of(culture.culture, &mut rng);
            (name, nationality, random_birth(&mut rng), "same culture")
        };
        if name.is_empty() || listed_keys.contains(&name_key_hash(&name)) {
            continue;
        }
        cases.push(Case {
            query: Query {
                name,
                birth_date: Some(birth),
                nationality: Some(nationality),
                ..Default::default()
            },
            expected: None,
            kind,
        });
        made += 1;
    }
    cases
}

/// One kind of writing (or of innocent) in one part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KindRow {
    pub kind: String,
    pub listed: bool,
    pub cases: usize,
    /// Listed: the true entry among the candidates. Innocent: not counted.
    pub retrieved: usize,
    /// Listed: caught at the part's ≤ 1 % threshold. Innocent: alerted at it.
    pub at_1_percent: usize,
    /// The same at the ≤ 0.1 % threshold.
    pub at_01_percent: usize,
}

impl KindRow {
    pub fn rate(&self, n: usize) -> f64 {
        n as f64 / self.cases.max(1) as f64
    }
}

/// Recall and false alerts at one threshold.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct OperatingPoint {
    pub threshold: f64,
    pub recall: f64,
    pub false_alert_rate: f64,
}

/// One part's results.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PartReport {
    pub part: Part,
    pub positives: usize,
    pub negatives: usize,
    pub retrieval_recall: f64,
    /// The lowest threshold with false alerts on at most 1 % of this part's innocents.
    pub at_1_percent: OperatingPoint,
    /// The lowest threshold with false alerts on at most 0.1 %.
    pub at_01_percent: OperatingPoint,
    pub kinds: Vec<KindRow>,
    pub misses: Vec<String>,
    pub false_alerts: Vec<String>,
    /// Listed travellers whose true entry the retrieval stage lost.
    pub retrieval_misses: Vec<String>,
}

impl PartReport {
    pub fn kind(&self, kind: &str) -> Option<&KindRow> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// Recall and false alerts of this part at another part's threshold.
    pub fn at_threshold(&self, scored: &[ScoredCase], threshold: f64) -> OperatingPoint {
        operating_point(scored, threshold)
    }
}

/// A case with the score the engine gave it.
#[derive(Debug, Clone)]
pub struct ScoredCase {
    pub listed: bool,
    pub kind: &'static str,
    pub score: f64,
    pub retrieved: bool,
    pub line: String,
}

/// Screen every case (in parallel).
pub fn score(engine: &Engine, cases: &[Case]) -> Vec<ScoredCase> {
    use rayon::prelude::*;
    cases
        .par_iter()
        .map(|c| {
            let hits = engine.screen(&c.query, 0.3, 10);
            match &c.expected {
                Some((list, id)) => {
                    let score = hits
                        .iter()
                        .find(|h| &h.list == list && &h.entry_id == id)
                        .map_or(0.0, |h| h.score);
                    ScoredCase {
                        listed: true,
                        kind: c.kind,
                        score,
                        retrieved: engine.retrieves(&c.query, list, id),
                        line: format!(
                            "{} {:?} {:?} [{}] → {list} {id}: {score:.3}",
                            c.query.name,
                            c.query.birth_date.map(|d| d.to_string()),
                            c.query.nationality,
                            c.kind
                        ),
                    }
                }
                None => {
                    let top = hits.first();
                    let score = top.map_or(0.0, |h| h.score);
                    ScoredCase {
                        listed: false,
                        kind: c.kind,
                        score,
                        retrieved: true,
                        line: format!(
                            "{} {:?} {:?} [{}] → {}: {score:.3}",
                            c.query.name,
                            c.query.birth_date.map(|d| d.to_string()),
                            c.query.nationality,
                            c.kind,
                            top.map(|h| format!("{} {} ({})", h.list, h.entry_id, h.name))
                                .unwrap_or_default(),
                        ),
                    }
                }
            }
        })
        .collect()
}

/// The lowest threshold at which at most `limit` of the innocents score at or above it.
pub fn threshold_for(scored: &[ScoredCase], limit: f64) -> f64 {
    let mut innocent: Vec<f64> = scored
        .iter()
        .filter(|s| !s.listed)
        .map(|s| s.score)
        .collect();
    innocent.sort_by(|a, b| b.total_cmp(a));
    let allowed = (limit * innocent.len() as f64 + 1e-9).floor() as usize;
    // Scores are rounded to 0.001: just above the first innocent beyond the allowance.
    innocent.get(allowed).map_or(0.0, |s| s + 0.0005)
}

fn operating_point(scored: &[ScoredCase], threshold: f64) -> OperatingPoint {
    let listed = scored.iter().filter(|s| s.listed).count();
    let innocent = scored.len() - listed;
    let caught = scored
        .iter()
        .filter(|s| s.listed && s.score >= threshold)
        .count();
    let alerted = scored
        .iter()
        .filter(|s| !s.listed && s.score >= threshold)
        .count();
    OperatingPoint {
        threshold,
        recall: caught as f64 / listed.max(1) as f64,
        false_alert_rate: alerted as f64 / innocent.max(1) as f64,
    }
}

/// Tabulate one part's scored cases.
pub fn report(part: Part, scored: &[ScoredCase]) -> PartReport {
    let t1 = threshold_for(scored, 0.01);
    let t01 = threshold_for(scored, 0.001);
    let mut kinds: Vec<KindRow> = LISTED_KINDS
        .iter()
        .map(|k| (k, true))
        .chain(INNOCENT_KINDS.iter().map(|k| (k, false)))
        .map(|(k, listed)| KindRow {
            kind: k.to_string(),
            listed,
            cases: 0,
            retrieved: 0,
            at_1_percent: 0,
            at_01_percent: 0,
        })
        .collect();
    for s in scored {
        if let Some(row) = kinds.iter_mut().find(|k| k.kind == s.kind) {
            row.cases += 1;
            row.retrieved += usize::from(s.listed && s.retrieved);
            row.at_1_percent += usize::from(s.score >= t1);
            row.at_01_percent += usize::from(s.score >= t01);
        }
    }
    let positives = scored.iter().filter(|s| s.listed).count();
    let retrieved = scored.iter().filter(|s| s.listed && s.retrieved).count();
    let mut misses: Vec<String> = scored
        .iter()
        .filter(|s| s.listed && s.score < t01)
        .map(|s| s.line.clone())
        .collect();
    misses.truncate(60);
    let mut retrieval_misses: Vec<String> = scored
        .iter()
        .filter(|s| s.listed && !s.retrieved)
        .map(|s| s.line.clone())
        .collect();
    retrieval_misses.truncate(60);
    let mut innocents: Vec<&ScoredCase> = scored.iter().filter(|s| !s.listed).collect();
    innocents.sort_by(|a, b| b.score.total_cmp(&a.score));
    PartReport {
        part,
        positives,
        negatives: scored.len() - positives,
        retrieval_recall: retrieved as f64 / positives.max(1) as f64,
        at_1_percent: operating_point(scored, t1),
        at_01_percent: operating_point(scored, t01),
        kinds,
        misses,
        false_alerts: innocents.iter().take(40).map(|s| s.line.clone()).collect(),
        retrieval_misses,
    }
}

/// The whole split evaluation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SplitReport {
    pub development: PartReport,
    pub held_out: PartReport,
    /// The held-out part at the development part's two thresholds: what an operator who calibrated on the
    /// development part would see.
    pub held_out_at_development_thresholds: (OperatingPoint, OperatingPoint),
}

/// Evaluate both parts on `engine`: `real` are the lists the listed travellers come from; `listed_keys` the name
/// keys no innocent may carry (`synthetic::listed_name_keys` of every list indexed).
pub fn run_split(
    engine: &Engine,
    real: &[WatchList],
    positives: usize,
    negatives: usize,
    seed: u64,
    listed_keys: &HashSet<u64>,
) -> SplitReport {
    let dev_cases = generate_part(
        real,
        Part::Development,
        positives,
        negatives,
        seed,
        listed_keys,
    );
    let held_cases = generate_part(real, Part::HeldOut, positives, negatives, seed, listed_keys);
    let dev_scored = score(engine, &dev_cases);
    let held_scored = score(engine, &held_cases);
    let development = report(Part::Development, &dev_scored);
    let held_out = report(Part::HeldOut, &held_scored);
    let at_dev = (
        operating_point(&held_scored, development.at_1_percent.threshold),
        operating_point(&held_scored, development.at_01_percent.threshold),
    );
    SplitReport {
        development,
        held_out,
        held_out_at_development_thresholds: at_dev,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
    use super::*;

    #[test]
    fn an_mrz_field_is_cut_at_its_width_or_filled() {
        let t: Vec<String> = [
            "ABD", "AL", "RAHMAN", "MUHAMMAD", "AL", "QAHTANI", "HASHIMI",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let f = mrz_field(&t, 39);
        assert_eq!(f.len(), 39);
        assert_eq!(f, "HASHIMI<<ABD<AL<RAHMAN<MUHAMMAD<AL<QAHT");
        let short = mrz_field(&["ANNA".to_string(), "NOVAK".to_string()], 30);
        assert_eq!(short, format!("NOVAK<<ANNA{}", "<".repeat(19)));
    }

    #[test]
    fn cyrillic_is_romanised_in_other_systems() {
        assert_eq!(romanise_cyrillic("Шамиль Измайлов", 0), "SHAMIL IZMAYLOV");
        assert_eq!(romanise_cyrillic("Шамиль Измайлов", 1), "SCHAMIL ISMAJLOW");
        assert_eq!(romanise_cyrillic("Шамиль Измайлов", 2), "CHAMIL IZMAILOV");
    }

    #[test]
    fn the_held_out_part_is_a_fixed_fifth() {
        let held = (0..5000)
            .filter(|i| is_held_out("un", &format!("QDi.{i}")))
            .count();
        assert!((800..1200).contains(&held), "{held}");
        assert!(is_held_out("un", "QDi.1") == is_held_out("un", "QDi.1"));
    }

    #[test]
    fn the_threshold_allows_exactly_the_limit() {
        let mut scored: Vec<ScoredCase> = (0..1000)
            .map(|i| ScoredCase {
                listed: false,
                kind: "same culture",
                score: f64::from(i) / 1000.0,
                retrieved: true,
                line: String::new(),
            })
            .collect();
        scored.push(ScoredCase {
            listed: true,
            kind: "exact",
            score: 0.995,
            retrieved: true,
            line: String::new(),
        });
        let t = threshold_for(&scored, 0.01);
        let p = operating_point(&scored, t);
        assert_eq!(p.false_alert_rate, 0.01);
        assert_eq!(p.recall, 1.0);
        let strict = operating_point(&scored, threshold_for(&scored, 0.001));
        assert_eq!(strict.false_alert_rate, 0.001);
        assert_eq!(strict.recall, 0.0);
    }
}
