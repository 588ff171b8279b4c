//! Synthetic inputs of realistic shape for benchmarks (`examples/bench_rules.rs`, and `limes bench` when it
//! screens whole manifests): a PAXLST manifest written as EDIFACT text and a set of targeting rules mixing
//! every kind of predicate. Deterministic: the same arguments give the same data.
use crate::compile::{parse_rule, ValidationError};
use crate::rule::Rule;

const NATIONALITIES: &[&str] = &[
    "FRA", "DEU", "GBR", "USA", "SYR", "IRQ", "TUR", "NGA", "IND", "CHN", "BRA", "PAK", "EGY",
    "ITA", "ESP", "AFG", "YEM", "SOM", "LBY", "UKR",
];
const AIRPORTS: &[&str] = &[
    "IST", "DOH", "DXB", "AMM", "CAI", "BEY", "ATH", "FRA", "AMS", "LHR", "JED", "RUH", "TUN",
    "ADD", "KBL",
];

fn pick(list: &[&'static str], i: usize) -> &'static str {
    list.get(i % list.len().max(1)).copied().unwrap_or("")
}

/// A passenger manifest of `persons` travellers on two legs (IST–ATH–CDG), as UN/EDIFACT PAXLST D05B text:
/// bookings of one to five travellers, one or two documents each, seats, references, mixed nationalities.
pub fn sample_manifest(persons: usize) -> String {
    let mut seg: Vec<String> = vec![
        "UNH+1+PAXLST:D:05B:UN:IATA".into(),
        "BGM+745".into(),
        "NAD+MS+++LIMES BENCH".into(),
        "TDT+20+QQ877+++QQ".into(),
        "LOC+125+IST".into(),
        "DTM+189:202612010600:203".into(),
        "LOC+87+ATH".into(),
        "DTM+232:202612010800:203".into(),
        "TDT+20+QQ878+++QQ".into(),
        "LOC+125+ATH".into(),
        "DTM+189:202612010900:203".into(),
        "LOC+87+CDG".into(),
        "DTM+232:202612011130:203".into(),
    ];
    let mut booking = 0usize;
    let mut left_in_booking = 0usize;
    for i in 0..persons {
        if left_in_booking == 0 {
            booking += 1;
            left_in_booking = 1 + (booking * 7) % 5;
        }
        left_in_booking -= 1;
        let nat = pick(NATIONALITIES, i);
        let gender = if i % 3 == 0 { "F" } else { "M" };
        let year = 1940 + (i * 13) % 80;
        let month = 1 + (i * 5) % 12;
        let day = 1 + (i * 11) % 28;
        seg.push(format!("NAD+FL+++TRAVELLER{i}:GIVEN{}", i % 97));
        seg.push(format!("ATT+2++{gender}"));
        seg.push(format!("DTM+329:{year:04}{month:02}{day:02}"));
        seg.push("LOC+178+IST".into());
        seg.push("LOC+179+CDG".into());
        seg.push(format!("LOC+174+{nat}"));
        seg.push(format!("NAT+2+{nat}"));
        seg.push(format!("RFF+AVF:PNR{booking:05}"));
        seg.push(format!(
            "RFF+SEA:{}{}",
            1 + i % 40,
            pick(&["A", "B", "C", "D", "E", "F"], i)
        ));
        seg.push(format!("RFF+ABO:ABO{i:06}"));
        seg.push(format!("DOC+P+{nat}{i:07}"));
        seg.push(format!("DTM+36:{:04}{month:02}{day:02}", 2026 + i % 10));
        seg.push(format!("LOC+91+{nat}"));
        if i % 4 == 0 {
            seg.push(format!("DOC+V+V{i:08}"));
            seg.push("DTM+36:20270301".into());
            seg.push("LOC+91+FRA".into());
        }
    }
    seg.push(format!("CNT+42:{persons}"));
    seg.push(format!("UNT+{}+1", seg.len() + 1));
    let mut out = String::with_capacity(seg.len() * 24 + 128);
    out.push_str("UNA:+.? 'UNB+UNOA:4+BENCHAIR+LIMES+261201:0500+BENCH1'");
    for s in &seg {
        out.push_str(s);
        out.push('\'');
    }
    out.push_str("UNZ+1+BENCH1'");
    out
}

/// `n` valid targeting rules, cycling through ten realistic shapes (route, nationality and age, expiring
/// documents, groups, companions, seats, references, issuing states, document numbers), with varying codes.
pub fn sample_rules(n: usize) -> Result<Vec<Rule>, Vec<ValidationError>> {
    (0..n)
        .map(|i| {
            let (a, b, c) = (pick(AIRPORTS, i), pick(AIRPORTS, i + 3), pick(AIRPORTS, i + 7));
            let (x, y) = (pick(NATIONALITIES, i), pick(NATIONALITIES, i + 5));
            let condition = match i % 10 {
                0 => format!(
                    r#"{{"all": [{{"nationality": {{"in": ["{x}", "{y}"]}}}}, {{"age": {{"min": 18, "max": 35}}}},
                       {{"gender": {{"in": ["M"]}}}}, {{"group_size": {{"max": 1}}}}]}}"#
                ),
                1 => format!(r#"{{"transit": {{"in": ["{b}", "{c}"]}}}}"#),
                2 => format!(
                    r#"{{"document": {{"type": {{"in": ["P"]}}, "expires_within_days": {}}}}}"#,
                    30 + i
                ),
                3 => format!(
                    r#"{{"all": [{{"group_size": {{"min": 4}}}}, {{"any_airport": {{"in": ["{a}", "{b}"]}}}}]}}"#
                ),
                4 => format!(r#"{{"booked_with": {{"nationality": {{"in": ["{x}"]}}}}}}"#),
                5 => format!(
                    r#"{{"all": [{{"field": {{"path": "person.seat", "prefix": "{}"}}}}, {{"carrier": {{"in": ["QQ"]}}}}]}}"#,
                    1 + i % 9
                ),
                6 => format!(
                    r#"{{"field": {{"path": "person.references.ABO", "in": ["ABO{:06}", "ABO{:06}"]}}}}"#,
                    i * 7,
                    i * 11
                ),
                7 => format!(
                    r#"{{"all": [{{"origin": {{"in": ["{a}", "IST"]}}}}, {{"destination": {{"in": ["CDG"]}}}},
                       {{"age": {{"min": 60}}}}, {{"not": {{"nationality": {{"in": ["FRA", "DEU", "ITA", "ESP"]}}}}}}]}}"#
                ),
                8 => format!(
                    r#"{{"document": {{"issuing_state": {{"in": ["{x}", "{y}"]}}, "type": {{"not_in": ["V"]}}}}}}"#
                ),
                _ => format!(
                    r#"{{"any": [{{"field": {{"path": "document.number", "prefix": "{x}00"}}}},
                       {{"field": {{"path": "person.birth_date", "between": {{"from": "1990-01-01", "to": "1990-12-31"}}}}}}]}}"#
                ),
            };
            let severity = pick(&["low", "medium", "high", "critical"], i);
            parse_rule(&format!(
                r#"{{"id": "BENCH-{i:03}", "version": 1, "name": "Benchmark rule {i}", "owner": "bench",
                    "severity": "{severity}", "valid_from": "2026-01-01T00:00:00Z", "condition": {condition}}}"#
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_parse_and_compile() {
        let rules = sample_rules(50).unwrap();
        assert_eq!(rules.len(), 50);
        let now = "2026-12-01T05:00:00Z".parse().unwrap();
        let set = crate::RuleSet::compile(&rules, now);
        assert_eq!(set.len(), 50);
        let ic = limes_edifact::paxlst::parse(sample_manifest(400).as_bytes()).unwrap();
        let msg = ic.messages.into_iter().next().unwrap().unwrap();
        assert_eq!(msg.persons.len(), 400);
        assert_eq!(msg.legs.len(), 2);
        let matches = crate::evaluate(&set, &msg, now);
        // Some but not all travellers are hit, and several rule shapes fire.
        let people: std::collections::BTreeSet<usize> =
            matches.iter().map(|m| m.person_index).collect();
        let mut per_rule: std::collections::BTreeMap<&str, usize> = Default::default();
        for m in &matches {
            *per_rule.entry(m.rule_id.as_str()).or_default() += 1;
        }
        assert!(
            people.len() > 20 && people.len() < 400,
            "{} {per_rule:?}",
            people.len()
        );
        let rules_fired: std::collections::BTreeSet<&str> =
            matches.iter().map(|m| m.rule_id.as_str()).collect();
        assert!(rules_fired.len() >= 10, "{rules_fired:?}");
    }
}
