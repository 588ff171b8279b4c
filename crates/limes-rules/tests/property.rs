//! Property-style: thousands of messages with missing, blank and odd data (made by mutating parsed messages,
//! with a fixed-seed generator so a failure reproduces) against a rule for every predicate and every field
//! path. Evaluation never panics, every match names a real person, and each rule and its `not` split the
//! travellers exactly in two.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_edifact::paxlst::PaxlstMessage;
use limes_rules::{evaluate, field_paths, field_type, FieldType, RuleSet};
use std::collections::BTreeSet;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ODD: &[&str] = &[
    "",
    " ",
    "  syr ",
    "SYR",
    "FRA",
    "D",
    "XXA",
    "ZZZ",
    "ÅLAND",
    "İSTANBUL",
    "12A",
    "ABC123",
    "abc123",
    "\t",
    "CDG",
    "IST",
    "ist",
    "Q",
    "QQ877",
    "M",
    "F",
    "X",
    "🙂",
    "a very long value with spaces in it",
];

fn odd(rng: &mut Rng) -> String {
    rng.pick(ODD).to_string()
}

fn date(rng: &mut Rng) -> Option<chrono::NaiveDate> {
    if rng.chance(25) {
        return None;
    }
    let days = rng.below(60_000) as i64 - 20_000; // about 1915 to 2079
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
}

fn template() -> PaxlstMessage {
    let mut a = pax("BASE");
    a.booking = "ABC123";
    a.seat = "12A";
    a.abo = "X1";
    a.docs = vec![
        doc("P", "N1", "20270101", "FRA"),
        doc("V", "N2", "20261201", "GBR"),
    ];
    message(
        &[leg("QQ877", "BGW", "IST"), leg("QQ878", "IST", "CDG")],
        &[a, pax("OTHER")],
    )
}

fn mutate(base: &PaxlstMessage, rng: &mut Rng) -> PaxlstMessage {
    let mut m = base.clone();
    m.kind = rng.pick(&["passengers", "crew", "", "CREW "]).to_string();
    if rng.chance(20) {
        m.reporting_party = odd(rng);
    }
    let legs = rng.below(4);
    let template_legs = m.legs.clone();
    m.legs = (0..legs)
        .map(|i| {
            let mut l = template_legs[i % template_legs.len()].clone();
            if rng.chance(30) {
                l.departure_airport = odd(rng);
            }
            if rng.chance(30) {
                l.arrival_airport = odd(rng);
            }
            if rng.chance(20) {
                l.carrier = odd(rng);
            }
            if rng.chance(20) {
                l.flight_number = odd(rng);
            }
            if rng.chance(30) {
                l.departure_time = None;
            }
            if rng.chance(30) {
                l.arrival_time = date(rng).and_then(|d| d.and_hms_opt(23, 59, 0));
            }
            l
        })
        .collect();
    let template_persons = m.persons.clone();
    let persons = rng.below(9);
    m.persons = (0..persons)
        .map(|_| {
            let mut p = template_persons[rng.below(template_persons.len())].clone();
            p.role = rng
                .pick(&["FL", "FM", "DDT", "DDU", "COT", "ZZZ", "", "fl"])
                .to_string();
            p.gender = if rng.chance(20) { None } else { Some(odd(rng)) };
            p.birth_date = date(rng);
            for field in [
                &mut p.surname,
                &mut p.given_names,
                &mut p.nationality,
                &mut p.residence,
                &mut p.birth_place,
                &mut p.departure_port,
                &mut p.arrival_port,
                &mut p.clearance_port,
                &mut p.booking_reference,
                &mut p.seat,
            ] {
                if rng.chance(35) {
                    *field = odd(rng);
                }
            }
            if rng.chance(30) {
                p.references.clear();
            }
            if rng.chance(20) {
                p.references.push((odd(rng), odd(rng)));
            }
            if rng.chance(20) {
                p.notes.push(odd(rng));
            }
            let docs = p.documents.clone();
            let n = rng.below(4);
            p.documents = (0..n)
                .map(|i| {
                    let mut d = docs[i % docs.len()].clone();
                    if rng.chance(30) {
                        d.doc_type = odd(rng);
                    }
                    if rng.chance(30) {
                        d.number = odd(rng);
                    }
                    if rng.chance(30) {
                        d.issuing_state = odd(rng);
                    }
                    d.expiry_date = date(rng);
                    d.issue_date = date(rng);
                    d
                })
                .collect();
            p
        })
        .collect();
    m
}

fn conditions() -> Vec<String> {
    let mut c: Vec<String> = [
        r#"{"origin": {"in": ["BGW", "IST"]}}"#,
        r#"{"origin": {"not_in": ["BGW"]}}"#,
        r#"{"transit": {"in": ["IST"]}}"#,
        r#"{"transit": {"not_in": ["CDG"]}}"#,
        r#"{"destination": {"in": ["CDG"]}}"#,
        r#"{"any_airport": {"not_in": ["IST"]}}"#,
        r#"{"nationality": {"in": ["SYR", "FRA", "DEU"]}}"#,
        r#"{"nationality": {"not_in": ["FRA"]}}"#,
        r#"{"document": {"type": {"in": ["P"]}, "issuing_state": {"not_in": ["GBR"]}}}"#,
        r#"{"document": {"expires_within_days": 30}}"#,
        r#"{"document": {"expires_within_days": 0, "type": {"not_in": ["V"]}}}"#,
        r#"{"age": {"min": 18, "max": 40}}"#,
        r#"{"age": {"max": 5}}"#,
        r#"{"gender": {"in": ["M", "X"]}}"#,
        r#"{"group_size": {"min": 2}}"#,
        r#"{"group_size": {"max": 1}}"#,
        r#"{"booked_with": {"nationality": {"in": ["SYR"]}}}"#,
        r#"{"booked_with": {"booked_with": {"gender": {"in": ["F"]}}}}"#,
        r#"{"carrier": {"in": ["QQ"]}}"#,
        r#"{"flight": {"not_in": ["QQ877"]}}"#,
        r#"{"all": [{"age": {"min": 18}}, {"any": [{"gender": {"in": ["M"]}}, {"not": {"transit": {"in": ["IST"]}}}]}]}"#,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for path in field_paths() {
        let path = path.replace("<QUALIFIER>", "ABO");
        c.push(format!(
            r#"{{"field": {{"path": "{path}", "exists": true}}}}"#
        ));
        let op = match field_type(&path).unwrap() {
            FieldType::Text => r#""contains": "A""#,
            FieldType::Country => r#""not_in": ["FRA"]"#,
            FieldType::Airport => r#""in": ["CDG", "IST"]"#,
            FieldType::Date => r#""between": {"from": "1990-01-01", "to": "2030-12-31"}"#,
            FieldType::DateTime => r#""between": {"to": "2026-12-01"}"#,
            FieldType::Number => r#""between": {"from": 1, "to": 3}"#,
        };
        c.push(format!(r#"{{"field": {{"path": "{path}", {op}}}}}"#));
    }
    c
}

#[test]
fn evaluation_never_panics_and_not_is_the_complement() {
    let conditions = conditions();
    let mut rules = Vec::new();
    for (i, c) in conditions.iter().enumerate() {
        rules.push(rule(&format!("P{i}"), c));
        rules.push(rule(&format!("N{i}"), &format!(r#"{{"not": {c}}}"#)));
    }
    let set = RuleSet::compile(&rules, now());
    assert_eq!(set.len(), rules.len(), "{:?}", set.skipped());
    let base = template();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut total_matches = 0usize;
    for round in 0..1000 {
        let msg = mutate(&base, &mut rng);
        let when = now() + chrono::Duration::hours(rng.below(48) as i64 - 24);
        let matches = evaluate(&set, &msg, when);
        total_matches += matches.len();
        let mut by_rule: std::collections::HashMap<&str, BTreeSet<usize>> = Default::default();
        for m in &matches {
            assert!(m.person_index < msg.persons.len(), "round {round}: {m:?}");
            assert!(!m.explanation.is_empty(), "round {round}: {m:?}");
            assert!(
                by_rule
                    .entry(m.rule_id.as_str())
                    .or_default()
                    .insert(m.person_index),
                "round {round}: a rule matched a person twice"
            );
        }
        for (i, condition) in conditions.iter().enumerate() {
            let p = by_rule
                .get(format!("P{i}").as_str())
                .cloned()
                .unwrap_or_default();
            let n = by_rule
                .get(format!("N{i}").as_str())
                .cloned()
                .unwrap_or_default();
            assert!(
                p.is_disjoint(&n),
                "round {round}: {} and its not both matched",
                condition
            );
            assert_eq!(
                p.len() + n.len(),
                msg.persons.len(),
                "round {round}: {} or its not must match every person",
                condition
            );
        }
    }
    // The generator reaches both outcomes often.
    assert!(total_matches > 5_000, "{total_matches}");
}
