//! The accuracy harness: a labelled evaluation set generated (deterministically) from real lists — listed people
//! written the ways travellers' documents write them — and innocent travellers, namesakes among them; then recall
//! and false-alert rate across thresholds, and the recall of the retrieval stage alone.
use crate::engine::{Engine, Query};
use crate::model::{BirthDate, EntryKind, NameQuality, WatchList};
use crate::text::ascii_variants;
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// A small deterministic generator (xorshift): the same seed gives the same evaluation set everywhere.
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
const NATIONALITIES: &[&str] = &[
    "UTO", "DEU", "FRA", "GBR", "USA", "ITA", "ESP", "TUR", "RUS", "UKR", "POL", "CHN", "JPN",
    "IND", "PAK", "EGY", "SAU", "ARE", "IRN", "IRQ", "SYR", "AFG", "NGA", "GHA", "ZAF", "BRA",
    "MEX", "VNM", "ISR", "SOM", "YEM", "LBY",
];

fn typo(token: &str, rng: &mut Rng) -> String {
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
fn respell(token: &str, rng: &mut Rng) -> String {
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

fn birth_for_query(dates: &[BirthDate], rng: &mut Rng) -> Option<BirthDate> {
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

fn random_birth(rng: &mut Rng) -> BirthDate {
    let y = 1940 + rng.below(65) as i32;
    NaiveDate::from_ymd_opt(y, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
        .map(BirthDate::Exact)
        .unwrap_or(BirthDate::Year(y))
}

/// A listed person's name as a traveller's document would carry it.
fn variant_name(name: &str, rng: &mut Rng) -> (String, &'static str) {
    let ascii = ascii_variants(name);
    let base = ascii.last().cloned().unwrap_or_default();
    let mut tokens: Vec<String> = base
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if tokens.is_empty() {
        return (base, "exact");
    }
    let kind = match rng.below(8) {
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
        _ => {
            let i = rng.below(tokens.len());
            tokens[i] = respell(&tokens[i], rng);
            tokens.rotate_right(1);
            "transliteration, reordered"
        }
    };
    (tokens.join(" "), kind)
}

/// The evaluation set: `positives` listed people (variants of their names, with birth date and nationality as
/// they travel), `negatives` innocent travellers, a tenth of them namesakes of listed people.
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
        let (name, kind) = variant_name(name, &mut rng);
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
    for i in 0..negatives {
        if i % 10 == 0 {
            // A namesake: a listed name, born decades apart, of another nationality.
            let (_, entry) = *rng.pick(&people);
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
        } else {
            let mut parts = vec![rng.pick(GIVEN).to_string()];
            if rng.chance(0.3) {
                parts.push(rng.pick(GIVEN).to_string());
            }
            parts.push(rng.pick(SURNAMES).to_string());
            if rng.chance(0.2) {
                parts.push(rng.pick(SURNAMES).to_string());
            }
            cases.push(Case {
                query: Query {
                    name: parts.join(" "),
                    birth_date: Some(random_birth(&mut rng)),
                    nationality: Some(rng.pick(NATIONALITIES).to_string()),
                    ..Default::default()
                },
                expected: None,
                kind: "innocent",
            });
        }
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
    pub misses: Vec<String>,
}

/// Score every case and tabulate recall and false alerts per threshold.
pub fn evaluate(engine: &Engine, cases: &[Case]) -> EvalReport {
    use rayon::prelude::*;
    let scored: Vec<(bool, f64, bool, String)> = cases
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
                    (
                        true,
                        score,
                        retrieved,
                        format!("{} [{}] → {list} {id}: {score:.2}", c.query.name, c.kind),
                    )
                }
                None => (
                    false,
                    hits.first().map(|h| h.score).unwrap_or(0.0),
                    true,
                    String::new(),
                ),
            }
        })
        .collect();
    let positives = scored.iter().filter(|s| s.0).count();
    let negatives = scored.len() - positives;
    let retrieved = scored.iter().filter(|s| s.0 && s.2).count();
    let mut rows = Vec::new();
    let mut t = 0.50;
    while t < 0.99 {
        let caught = scored.iter().filter(|s| s.0 && s.1 >= t).count();
        let false_alerts = scored.iter().filter(|s| !s.0 && s.1 >= t).count();
        rows.push(ThresholdRow {
            threshold: (t * 100.0).round() / 100.0,
            recall: caught as f64 / positives.max(1) as f64,
            false_alert_rate: false_alerts as f64 / negatives.max(1) as f64,
        });
        t += 0.025;
    }
    let chosen = rows
        .iter()
        .filter(|r| r.false_alert_rate <= 0.01)
        .max_by(|a, b| {
            a.recall
                .total_cmp(&b.recall)
                .then(b.threshold.total_cmp(&a.threshold))
        });
    let chosen_threshold = chosen.map(|r| r.threshold).unwrap_or(0.9);
    let mut misses: Vec<String> = scored
        .iter()
        .filter(|s| s.0 && s.1 < chosen_threshold)
        .map(|s| s.3.clone())
        .collect();
    misses.truncate(15);
    EvalReport {
        positives,
        negatives,
        retrieval_recall: retrieved as f64 / positives.max(1) as f64,
        rows,
        chosen_threshold,
        misses,
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
