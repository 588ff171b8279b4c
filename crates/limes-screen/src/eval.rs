//! The accuracy harness: a labelled evaluation set generated (deterministically) from real lists — listed people
//! written the ways travellers' documents write them — and innocent travellers, namesakes among them; then recall
//! and false-alert rate across thresholds, and the recall of the retrieval stage alone.
use crate::engine::{Engine, Query};
use crate::model::{BirthDate, EntryKind, NameQuality, WatchList};
use crate::text::ascii_variants;
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// A small deterministic generator (xorshift): the same seed gives the same evaluation set everywhere.
/// The false-alert rate under which the default threshold is chosen: 0.8%, a margin under the 1% target.
pub const DEFAULT_FALSE_ALERT_LIMIT: f64 = 0.008;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() % 10_000) as f64 / 10_000.0 < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Debug, Clone)]
pub struct Case {
    pub query: Query,
    /// (list id, entry id) of the listed person this traveller is; None for an innocent traveller.
    pub expected: Option<(String, String)>,
    pub kind: &'static str,
}

// Name pools for innocent travellers, from many naming cultures (transliterated as passports print them).
const GIVEN: &[&str] = &[
    "ANNA", "MARIA", "JOHN", "PETER", "LUCAS", "SOFIA", "EMMA", "NOAH", "OLIVIA", "LIAM",
    "MOHAMMED", "AHMED", "ALI", "OMAR", "FATIMA", "AISHA", "HASSAN", "HUSSEIN", "YUSUF", "IBRAHIM",
    "KHALID", "MARIAM", "ZAINAB", "ABDULLAH", "IVAN", "OLGA", "DMITRY", "NATALIA", "SERGEI",
    "TATIANA", "WEI", "LI", "JING", "HUI", "MING", "HIROSHI", "YUKI", "SAKURA", "KENJI", "PRIYA",
    "ARJUN", "RAHUL", "ANANYA", "DEEPAK", "CHIDI", "NGOZI", "KOFI", "AMA", "KWAME", "THABO",
    "ZANELE", "JOSE", "CARMEN", "LUIS", "ROSA", "PEDRO", "ANA", "JUAN", "ELIF", "MEHMET", "AYSE",
    "MUSTAFA", "NGUYEN", "LINH", "MINH", "THANH", "DAVID", "SARAH", "RACHEL", "MOSHE", "LEILA",
    "REZA", "DARIUS", "NASRIN",
];
const SURNAMES: &[&str] = &[
    "SMITH",
    "JOHNSON",
    "GARCIA",
    "MARTINEZ",
    "MUELLER",
    "SCHMIDT",
    "ROSSI",
    "RUSSO",
    "DUBOIS",
    "MARTIN",
    "KHAN",
    "RAHMAN",
    "HADDAD",
    "HUSSAIN",
    "ABDULLAH",
    "SALEH",
    "NASSER",
    "MANSOUR",
    "YILMAZ",
    "KAYA",
    "DEMIR",
    "IVANOV",
    "PETROV",
    "SMIRNOVA",
    "KOVALENKO",
    "NOVAK",
    "KOWALSKI",
    "NAGY",
    "WANG",
    "LI",
    "ZHANG",
    "LIU",
    "CHEN",
    "TANAKA",
    "SUZUKI",
    "SATO",
    "SHARMA",
    "PATEL",
    "SINGH",
    "GUPTA",
    "OKAFOR",
    "ADEYEMI",
    "MENSAH",
    "OWUSU",
    "DLAMINI",
    "NKOSI",
    "SILVA",
    "SANTOS",
    "PEREIRA",
    "FERNANDEZ",
    "LOPEZ",
    "GONZALEZ",
    "NGUYEN",
    "TRAN",
    "PHAM",
    "COHEN",
    "LEVI",
    "HOSSEINI",
    "AHMADI",
    "KARIMI",
    "OMAROV",
    "ALIYEV",
    "HASANOV",
    "BAKR",
    "JABER",
    "SAID",
    "OSMAN",
];
pub(crate) const NATIONALITIES: &[&str] = &[
    "UTO", "DEU", "FRA", "GBR", "USA", "ITA", "ESP", "TUR", "RUS", "UKR", "POL", "CHN", "JPN",
    "IND", "PAK", "EGY", "SAU", "ARE", "IRN", "IRQ", "SYR", "AFG", "NGA", "GHA", "ZAF", "BRA",
    "MEX", "VNM", "ISR", "SOM", "YEM", "LBY",
];

pub(crate) fn typo(token: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() < 4 {
        return token.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    let mut c = chars.clone();
    match rng.below(3) {
        0 => {
            c.swap(i, i + 1);
        }
        1 => {
            c.remove(i);
        }
        _ => {
            c[i] = *rng.pick(&['A', 'E', 'I', 'O', 'U', 'N', 'R', 'S', 'T', 'L']);
        }
    }
    c.into_iter().collect()
}

/// Other ways a transliterated name is commonly written.
pub(crate) fn respell(token: &str, rng: &mut Rng) -> String {
    const RULES: &[(&str, &str)] = &[
        ("MOHAMMED", "MUHAMMAD"),
        ("MOHAMMAD", "MOHAMED"),
        ("MUHAMMAD", "MOHAMMED"),
        ("OU", "U"),
        ("U", "OU"),
        ("KH", "H"),
        ("J", "DJ"),
        ("Y", "I"),
        ("I", "Y"),
        ("EE", "I"),
        ("SH", "CH"),
        ("Q", "K"),
        ("K", "Q"),
        ("AI", "AY"),
        ("EI", "EY"),
        ("V", "W"),
        ("W", "V"),
        ("PH", "F"),
        ("TH", "T"),
        ("DH", "D"),
        ("GH", "G"),
        ("IA", "YA"),
        ("IU", "YU"),
        ("KS", "X"),
    ];
    let applicable: Vec<&(&str, &str)> = RULES.iter().filter(|(a, _)| token.contains(a)).collect();
    if applicable.is_empty() {
        return token.to_string();
    }
    let (from, to) = **rng.pick(&applicable);
    token.replacen(from, to, 1)
}

pub(crate) fn birth_for_query(dates: &[BirthDate], rng: &mut Rng) -> Option<BirthDate> {
    let d = *dates.first()?;
    Some(match d {
        BirthDate::Exact(date) => match rng.below(10) {
            0 => BirthDate::Year(date.year()),
            1 if date.day() <= 12 && date.day() != date.month() => {
                NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())
                    .map(BirthDate::Exact)
                    .unwrap_or(d)
            }
            _ => d,
        },
        BirthDate::YearMonth(y, m) => NaiveDate::from_ymd_opt(y, m, 1 + rng.below(28) as u32)
            .map(BirthDate::Exact)
            .unwrap_or(d),
        BirthDate::Year(y) => {
            NaiveDate::from_ymd_opt(y, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                .map(BirthDate::Exact)
                .unwrap_or(d)
        }
        BirthDate::YearRange(a, b) => {
            let y = a + rng.below((b - a + 1).max(1) as usize) as i32;
            NaiveDate::from_ymd_opt(y, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                .map(BirthDate::Exact)
                .unwrap_or(d)
        }
    })
}

pub(crate) fn random_birth(rng: &mut Rng) -> BirthDate {
    let y = 1940 + rng.below(65) as i32;
    NaiveDate::from_ymd_opt(y, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .map(BirthDate::Exact)
        .unwrap_or(BirthDate::Year(y))
}

/// Name tokens as a passport prints them (the plain transliteration; apostrophes omitted, as ICAO Doc 9303 has
/// it).
pub(crate) fn ascii_tokens(name: &str) -> Vec<String> {
    let ascii = ascii_variants(name);
    let base = ascii
        .last()
        .cloned()
        .unwrap_or_default()
        .replace(['\'', '`'], "");
    base.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// An MRZ name field: SURNAME<<GIVEN<NAMES, cut at `width` characters as ICAO Doc 9303 truncates it.
fn mrz_name(tokens: &[String], width: usize) -> String {
    let Some((surname, given)) = tokens.split_last() else {
        return String::new();
    };
    let mut field = format!("{surname}<<{}", given.join("<"));
    field.truncate(width);
    field.trim_end_matches('<').to_string()
}

/// A listed person's name as a traveller's document would carry it.
fn variant_name(
    name: &str,
    original_script: Option<&str>,
    rng: &mut Rng,
) -> (String, &'static str) {
    let mut tokens = ascii_tokens(name);
    if tokens.is_empty() {
        return (name.to_string(), "exact");
    }
    let kind = match rng.below(12) {
        0 => "exact",
        1 => {
            let i = rng.below(tokens.len());
            tokens[i] = typo(&tokens[i], rng);
            "typo"
        }
        2 => {
            tokens.rotate_left(1);
            "reordered"
        }
        3 if tokens.len() >= 3 => {
            tokens.remove(1 + rng.below(tokens.len() - 2));
            "middle name dropped"
        }
        4 => {
            let extra = rng.pick(GIVEN).to_string();
            tokens.insert(1.min(tokens.len()), extra);
            "extra middle name"
        }
        5 => {
            let i = rng.below(tokens.len());
            tokens[i] = respell(&tokens[i], rng);
            "transliteration"
        }
        6 if tokens.len() >= 2 => {
            let i = rng.below(tokens.len() - 1);
            let joined = format!("{}{}", tokens[i], tokens[i + 1]);
            tokens.splice(i..i + 2, [joined]);
            "joined parts"
        }
        7 if tokens.len() >= 2 => {
            // As a TD1 card (30 characters) or a passport (39) writes it, long names cut.
            let width = if rng.chance(0.5) { 30 } else { 39 };
            return (mrz_name(&tokens, width), "mrz");
        }
        8 if tokens.len() >= 3 => {
            // Only the first and the last name part, as many documents carry long names.
            let last = tokens.len() - 1;
            tokens = vec![tokens[0].clone(), tokens[last].clone()];
            "partial"
        }
        9 if original_script.is_some() => {
            let mut parts: Vec<&str> = original_script
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            if parts.len() >= 3 && rng.chance(0.5) {
                parts.pop();
            }
            return (parts.join(" "), "original script");
        }
        10 if tokens.len() >= 2 => {
            tokens.rotate_left(1);
            let i = rng.below(tokens.len());
            tokens[i] = typo(&tokens[i], rng);
            "reordered, typo"
        }
        _ => {
            let i = rng.below(tokens.len());
            tokens[i] = respell(&tokens[i], rng);
            tokens.rotate_right(1);
            "transliteration, reordered"
        }
    };
    (tokens.join(" "), kind)
}

/// A name's tokens, sorted: two names with the same key are the same name in another order.
fn name_key(name: &str) -> Vec<String> {
    let mut t = ascii_tokens(name);
    t.sort();
    t
}

/// The evaluation set: `positives` listed people (variants of their names, with birth date and nationality as
/// they travel), `negatives` innocent travellers: a tenth namesakes of listed people with a birth date (same
/// name, born decades apart, another nationality), three tenths from the listed people's own naming cultures (given names of one
/// listed person with the family name of another, the nationality of the first), the rest from name pools of many
/// cultures. No innocent traveller carries a name that is on the lists.
pub fn generate(lists: &[WatchList], positives: usize, negatives: usize, seed: u64) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let people: Vec<(&WatchList, &crate::model::Entry)> = lists
        .iter()
        .flat_map(|l| l.entries.iter().map(move |e| (l, e)))
        .filter(|(_, e)| {
            e.kind == EntryKind::Person
                && e.names
                    .iter()
                    .any(|n| n.quality != NameQuality::OriginalScript)
        })
        .collect();
    let mut cases = Vec::with_capacity(positives + negatives);
    if people.is_empty() {
        return cases;
    }
    let listed_names: std::collections::HashSet<Vec<String>> = people
        .iter()
        .flat_map(|(_, e)| e.names.iter().map(|n| name_key(&n.full)))
        .collect();
    // Name parts by nationality of the listed people: given names (all parts but the last) and family names.
    let mut cultures: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (_, e) in &people {
        let Some(nat) = e.nationalities.first() else {
            continue;
        };
        let t = ascii_tokens(e.primary_name());
        let Some((last, rest)) = t.split_last() else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let i = match cultures.iter().position(|c| &c.0 == nat) {
            Some(i) => i,
            None => {
                cultures.push((nat.clone(), Vec::new(), Vec::new()));
                cultures.len() - 1
            }
        };
        if let Some(c) = cultures.get_mut(i) {
            c.1.extend(rest.iter().cloned());
            c.2.push(last.clone());
        }
    }
    // A culture needs variety to draw innocent names from: from a handful of listed people, the draws would give
    // back the listed names themselves.
    cultures.retain(|c| c.2.len() >= 30);
    if cultures.is_empty() {
        cultures.push((
            "UTO".into(),
            GIVEN.iter().map(|s| s.to_string()).collect(),
            SURNAMES.iter().map(|s| s.to_string()).collect(),
        ));
    }
    for _ in 0..positives {
        let (list, entry) = *rng.pick(&people);
        let names: Vec<&str> = entry
            .names
            .iter()
            .filter(|n| n.quality != NameQuality::OriginalScript && n.quality != NameQuality::Weak)
            .map(|n| n.full.as_str())
            .collect();
        let name = if names.is_empty() {
            entry.primary_name()
        } else {
            *rng.pick(&names)
        };
        let original = entry
            .names
            .iter()
            .find(|n| n.quality == NameQuality::OriginalScript)
            .map(|n| n.full.as_str());
        let (name, kind) = variant_name(name, original, &mut rng);
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
                name,
                birth_date,
                nationality,
                ..Default::default()
            },
            expected: Some((list.id.clone(), entry.entry_id.clone())),
            kind,
        });
    }
    let mut i = 0usize;
    let mut attempts = 0usize;
    while cases.len() < positives + negatives && attempts < 20 * negatives.max(1) {
        attempts += 1;
        if i.is_multiple_of(10) {
            // A namesake: a listed name, born decades apart, of another nationality. Only of listed people with
            // a birth date: without one on the list, nothing tells the two apart and the alert is right.
            let (_, entry) = *rng.pick(&people);
            if entry.birth_dates.is_empty() {
                continue;
            }
            let listed_year = entry
                .birth_dates
                .first()
                .map(|d| d.year_range().0)
                .unwrap_or(1970);
            let year = if listed_year > 1975 {
                listed_year - 25 - rng.below(15) as i32
            } else {
                listed_year + 25 + rng.below(10) as i32
            };
            let birth =
                NaiveDate::from_ymd_opt(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                    .map(BirthDate::Exact);
            let nat = loop {
                let n = rng.pick(NATIONALITIES).to_string();
                if !entry.nationalities.contains(&n) {
                    break n;
                }
            };
            let name = ascii_variants(entry.primary_name())
                .last()
                .cloned()
                .unwrap_or_default();
            cases.push(Case {
                query: Query {
                    name,
                    birth_date: birth,
                    nationality: Some(nat),
                    ..Default::default()
                },
                expected: None,
                kind: "namesake",
            });
            i += 1;
            continue;
        }
        let (name, nationality, kind) = if i % 10 <= 3 {
            // Same naming culture: the name parts of a nationality's listed people, drawn one by one with their
            // frequencies (so ABDUL and MOHAMMAD often, a rare name part rarely), with that nationality.
            let Some((nat, given, family)) = cultures.get(rng.below(cultures.len())) else {
                continue;
            };
            let mut parts: Vec<String> = (0..1 + rng.below(2))
                .map(|_| rng.pick(given).clone())
                .collect();
            parts.push(rng.pick(family).clone());
            parts.dedup();
            (parts.join(" "), nat.clone(), "same culture")
        } else {
            let mut parts = vec![rng.pick(GIVEN).to_string()];
            if rng.chance(0.3) {
                parts.push(rng.pick(GIVEN).to_string());
            }
            parts.push(rng.pick(SURNAMES).to_string());
            if rng.chance(0.2) {
                parts.push(rng.pick(SURNAMES).to_string());
            }
            (
                parts.join(" "),
                rng.pick(NATIONALITIES).to_string(),
                "innocent",
            )
        };
        if listed_names.contains(&name_key(&name)) {
            continue;
        }
        cases.push(Case {
            query: Query {
                name,
                birth_date: Some(random_birth(&mut rng)),
                nationality: Some(nationality),
                ..Default::default()
            },
            expected: None,
            kind,
        });
        i += 1;
    }
    cases
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ThresholdRow {
    pub threshold: f64,
    pub recall: f64,
    pub false_alert_rate: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EvalReport {
    pub positives: usize,
    pub negatives: usize,
    pub retrieval_recall: f64,
    pub rows: Vec<ThresholdRow>,
    /// The highest-recall threshold with false alerts on at most 1% of innocent travellers.
    pub chosen_threshold: f64,
    /// The highest-recall threshold with false alerts on at most 0.1% of innocent travellers.
    pub strict_threshold: f64,
    /// Per kind of case: (kind, cases, caught or rightly passed at the chosen threshold).
    pub by_kind: Vec<(String, usize, usize)>,
    pub misses: Vec<String>,
    /// The highest-scoring innocent travellers, with what they matched.
    pub false_alerts: Vec<String>,
    /// Listed travellers the retrieval stage lost.
    pub retrieval_misses: Vec<String>,
}

struct Scored {
    positive: bool,
    score: f64,
    retrieved: bool,
    kind: &'static str,
    line: String,
}

/// Score every case and tabulate recall and false alerts per threshold.
pub fn evaluate(engine: &Engine, cases: &[Case]) -> EvalReport {
    use rayon::prelude::*;
    let scored: Vec<Scored> = cases
        .par_iter()
        .map(|c| {
            let hits = engine.screen(&c.query, 0.3, 10);
            match &c.expected {
                Some((list, id)) => {
                    let score = hits
                        .iter()
                        .find(|h| &h.list == list && &h.entry_id == id)
                        .map(|h| h.score)
                        .unwrap_or(0.0);
                    let retrieved = engine.retrieves(&c.query, list, id);
                    let listed = engine
                        .lists()
                        .iter()
                        .find(|l| &l.id == list)
                        .and_then(|l| l.entries.iter().find(|e| &e.entry_id == id))
                        .map(|e| {
                            format!(
                                "{} {:?} {:?}",
                                e.primary_name(),
                                e.birth_dates.first().map(|d| d.to_string()),
                                e.nationalities.first()
                            )
                        })
                        .unwrap_or_default();
                    Scored {
                        positive: true,
                        score,
                        retrieved,
                        kind: c.kind,
                        line: format!(
                            "{} {:?} {:?} [{}] → {list} {id} ({listed}): {score:.2}",
                            c.query.name,
                            c.query.birth_date.map(|d| d.to_string()),
                            c.query.nationality,
                            c.kind
                        ),
                    }
                }
                None => {
                    let top = hits.first();
                    Scored {
                        positive: false,
                        score: top.map(|h| h.score).unwrap_or(0.0),
                        retrieved: true,
                        kind: c.kind,
                        line: format!(
                            "{} {:?} {:?} [{}] → {}: {:.2}",
                            c.query.name,
                            c.query.birth_date.map(|d| d.to_string()),
                            c.query.nationality,
                            c.kind,
                            top.map(|h| format!(
                                "{} {} ({}; {} / {})",
                                h.list,
                                h.entry_id,
                                h.name,
                                h.explain.birth_date.detail,
                                h.explain.nationality.detail
                            ))
                            .unwrap_or_default(),
                            top.map(|h| h.score).unwrap_or(0.0)
                        ),
                    }
                }
            }
        })
        .collect();
    let positives = scored.iter().filter(|s| s.positive).count();
    let negatives = scored.len() - positives;
    let retrieved = scored.iter().filter(|s| s.positive && s.retrieved).count();
    let mut rows = Vec::new();
    for step in 0..=45 {
        let t = 0.50 + f64::from(step) * 0.01;
        let caught = scored.iter().filter(|s| s.positive && s.score >= t).count();
        let false_alerts = scored
            .iter()
            .filter(|s| !s.positive && s.score >= t)
            .count();
        rows.push(ThresholdRow {
            threshold: (t * 100.0).round() / 100.0,
            recall: caught as f64 / positives.max(1) as f64,
            false_alert_rate: false_alerts as f64 / negatives.max(1) as f64,
        });
    }
    let best_under = |limit: f64| {
        rows.iter()
            // 20 of 20,000 is 0.1%: compare with a little room for the floating-point quotient.
            .filter(|r| r.false_alert_rate <= limit + 1e-9)
            .max_by(|a, b| {
                a.recall
                    .total_cmp(&b.recall)
                    .then(b.threshold.total_cmp(&a.threshold))
            })
            .map(|r| r.threshold)
    };
    // The default keeps a margin under the 1% target: this set is one draw, and travellers it does not hold
    // (held-out names, another season's traffic) must not tip the false alerts over.
    let chosen_threshold = best_under(DEFAULT_FALSE_ALERT_LIMIT).unwrap_or(0.95);
    let strict_threshold = best_under(0.001).unwrap_or(0.95);
    let mut by_kind: Vec<(String, usize, usize)> = Vec::new();
    for s in &scored {
        let right = if s.positive {
            s.score >= chosen_threshold
        } else {
            s.score < chosen_threshold
        };
        match by_kind.iter_mut().find(|k| k.0 == s.kind) {
            Some(k) => {
                k.1 += 1;
                k.2 += usize::from(right);
            }
            None => by_kind.push((s.kind.to_string(), 1, usize::from(right))),
        }
    }
    let mut misses: Vec<String> = scored
        .iter()
        .filter(|s| s.positive && s.score < chosen_threshold)
        .map(|s| s.line.clone())
        .collect();
    misses.truncate(40);
    let mut negs: Vec<&Scored> = scored.iter().filter(|s| !s.positive).collect();
    negs.sort_by(|a, b| b.score.total_cmp(&a.score));
    let false_alerts = negs.iter().take(40).map(|s| s.line.clone()).collect();
    let mut retrieval_misses: Vec<String> = scored
        .iter()
        .filter(|s| s.positive && !s.retrieved)
        .map(|s| s.line.clone())
        .collect();
    retrieval_misses.truncate(40);
    EvalReport {
        positives,
        negatives,
        retrieval_recall: retrieved as f64 / positives.max(1) as f64,
        rows,
        chosen_threshold,
        strict_threshold,
        by_kind,
        misses,
        false_alerts,
        retrieval_misses,
    }
}

/// Run the harness on lists: generate, evaluate, return the report (the CLI prints it).
pub fn run_eval(
    lists: Vec<WatchList>,
    positives: usize,
    negatives: usize,
    seed: u64,
) -> EvalReport {
    let cases = generate(&lists, positives, negatives, seed);
    let engine = Engine::build(lists.into_iter().map(Arc::new).collect());
    evaluate(&engine, &cases)
}

/// The labelled name pairs of nomenklatura's benchmark (persons only): how often the engine agrees at `threshold`.
pub fn name_pairs_agreement(
    csv_text: &str,
    threshold: f64,
) -> Option<(usize, usize, usize, usize)> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let (mut tp, mut fp, mut tn, mut fneg) = (0, 0, 0, 0);
    for rec in reader.records() {
        let rec = rec.ok()?;
        if rec.get(1) != Some("Person") {
            continue;
        }
        let (a, b, is_match) = (rec.get(2)?, rec.get(3)?, rec.get(4)? == "true");
        let list = WatchList {
            id: "pair".into(),
            name: "pair".into(),
            source: String::new(),
            published: None,
            entries: vec![crate::model::Entry {
                entry_id: "1".into(),
                kind: EntryKind::Person,
                names: vec![crate::model::EntryName {
                    full: b.to_string(),
                    quality: NameQuality::Primary,
                }],
                birth_dates: vec![],
                birth_places: vec![],
                nationalities: vec![],
                gender: None,
                documents: vec![],
                reason: String::new(),
                listed_on: None,
                program: None,
            }],
        };
        let engine = Engine::build(vec![Arc::new(list)]);
        let score = engine
            .screen(
                &Query {
                    name: a.to_string(),
                    ..Default::default()
                },
                0.0,
                1,
            )
            .first()
            .map(|h| h.score)
            .unwrap_or(0.0);
        match (is_match, score >= threshold) {
            (true, true) => tp += 1,
            (true, false) => fneg += 1,
            (false, true) => fp += 1,
            (false, false) => tn += 1,
        }
    }
    Some((tp, fp, tn, fneg))
}

/// A large synthetic person list for scale tests, shaped like real lists: given names and family names drawn
/// from the real lists' own name parts with their frequencies (so MOHAMMED and ALI are as common as on the lists,
/// and their posting lists grow with the list), half the family names new made-up words, birth dates and
/// nationalities as lists carry them.
pub fn synthetic_list(real: &[WatchList], n: usize, seed: u64) -> WatchList {
    use crate::model::{Entry, EntryName};
    let mut rng = Rng::new(seed);
    let mut given: Vec<String> = Vec::new();
    let mut family: Vec<String> = Vec::new();
    let mut nationalities: Vec<String> = Vec::new();
    for e in real.iter().flat_map(|l| &l.entries) {
        if e.kind != EntryKind::Person {
            continue;
        }
        let t = ascii_tokens(e.primary_name());
        if let Some((last, rest)) = t.split_last() {
            family.push(last.clone());
            given.extend(rest.iter().cloned());
        }
        nationalities.extend(e.nationalities.iter().cloned());
    }
    for pool in [&mut given, &mut family] {
        if pool.is_empty() {
            pool.extend(GIVEN.iter().map(|s| s.to_string()));
        }
    }
    if nationalities.is_empty() {
        nationalities.extend(NATIONALITIES.iter().map(|s| s.to_string()));
    }
    const SYLLABLES: &[&str] = &[
        "AL", "BA", "KA", "RI", "MO", "HA", "SE", "NA", "DI", "LU", "TO", "ZA", "VI", "EN", "OR",
        "SHA", "KHA", "MU", "NI", "GO", "BER", "TAN", "JO", "WEN", "KOV", "SKI", "EZ", "DA",
    ];
    let entries = (0..n)
        .map(|i| {
            let mut parts: Vec<String> = (0..1 + rng.below(3))
                .map(|_| rng.pick(&given).clone())
                .collect();
            if rng.chance(0.5) {
                parts.push(rng.pick(&family).clone());
            } else {
                parts.push(
                    (0..2 + rng.below(3))
                        .map(|_| *rng.pick(SYLLABLES))
                        .collect(),
                );
            }
            let birth_dates = if rng.chance(0.8) {
                vec![random_birth(&mut rng)]
            } else {
                let y = 1940 + rng.below(65) as i32;
                vec![BirthDate::Year(y)]
            };
            Entry {
                entry_id: format!("SYN-{i}"),
                kind: EntryKind::Person,
                names: vec![EntryName {
                    full: parts.join(" "),
                    quality: NameQuality::Primary,
                }],
                birth_dates,
                birth_places: vec![],
                nationalities: vec![rng.pick(&nationalities).clone()],
                gender: None,
                documents: vec![],
                reason: String::new(),
                listed_on: None,
                program: None,
            }
        })
        .collect();
    WatchList {
        id: "synthetic".into(),
        name: "synthetic".into(),
        source: "generated for scale tests".into(),
        published: None,
        entries,
    }
}
