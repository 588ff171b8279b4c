//! The examples of RULES.md are valid and do what the text says; its sample validation errors and its sample
//! match are exactly what the crate produces.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_rules::{evaluate, parse_rule, Rule, RuleSet};

const DOC: &str = include_str!("../RULES.md");

/// The fenced blocks of RULES.md with the given info string.
fn blocks(lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = DOC;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("closed block");
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

fn example(id: &str) -> Rule {
    blocks("json")
        .iter()
        .filter_map(|b| parse_rule(b).ok())
        .filter(|r| r.id == id)
        .max_by_key(|r| r.description.len() + r.name.len())
        .unwrap_or_else(|| panic!("example {id}"))
}

fn who(rule: &Rule, msg: &limes_edifact::paxlst::PaxlstMessage) -> Vec<usize> {
    let set = RuleSet::compile(std::slice::from_ref(rule), now());
    assert_eq!(set.len(), 1, "{:?}", set.skipped());
    evaluate(&set, msg, now())
        .into_iter()
        .map(|m| m.person_index)
        .collect()
}

#[test]
fn every_json_block_is_a_valid_rule() {
    let blocks = blocks("json");
    assert_eq!(blocks.len(), 4);
    for b in &blocks {
        if let Err(e) = parse_rule(b) {
            panic!("RULES.md example does not validate: {e:?}\n{b}");
        }
    }
}

fn person(
    surname: &'static str,
    gender: &'static str,
    birth: &'static str,
    booking: &'static str,
) -> P {
    let mut p = pax(surname);
    p.gender = gender;
    p.birth = birth;
    p.booking = booking;
    p
}

fn bgw_ist_ath_cdg(persons: &[P]) -> limes_edifact::paxlst::PaxlstMessage {
    message(
        &[
            leg("QQ101", "BGW", "IST"),
            leg("QQ102", "IST", "ATH"),
            leg("QQ103", "ATH", "CDG"),
        ],
        persons,
    )
}

#[test]
fn young_men_travelling_alone() {
    let rule = example("PIU-2026-021");
    let msg = bgw_ist_ath_cdg(&[
        person("ALONE", "M", "20020309", ""),
        person("OWNBOOKING", "M", "20000101", "SOLO01"),
        person("WITHFRIEND", "M", "20000101", "PAIR01"),
        person("FRIEND", "F", "20000101", "PAIR01"),
        person("WOMAN", "F", "20000101", ""),
        person("OLDER", "M", "19900101", ""),
        person("NOBIRTHDATE", "M", "", ""),
    ]);
    assert_eq!(who(&rule, &msg), [0, 1]);
    // Not from Baghdad: no match.
    let other = message(
        &[leg("QQ1", "AMM", "IST"), leg("QQ2", "IST", "CDG")],
        &[person("A", "M", "20020309", "")],
    );
    assert!(who(&rule, &other).is_empty());
    // Crew are left out.
    let mut crew = person("CREW", "M", "20020309", "");
    crew.role = "FM";
    assert!(who(&rule, &bgw_ist_ath_cdg(&[crew])).is_empty());
}

#[test]
fn passport_expiring_within_30_days() {
    let rule = example("PIU-2026-014");
    let mut soon = pax("SOON");
    soon.docs = vec![doc("P", "1", "20261215", "FRA")];
    let mut visa_soon = pax("VISASOON");
    visa_soon.docs = vec![
        doc("P", "2", "20300101", "FRA"),
        doc("V", "3", "20261202", "FRA"),
    ];
    let mut expired = pax("EXPIRED");
    expired.docs = vec![doc("P", "4", "20250101", "FRA")];
    assert_eq!(
        who(&rule, &simple(&[soon, visa_soon, expired, pax("FINE")])),
        [0, 2]
    );
}

#[test]
fn group_via_doha_with_a_stateless_or_refugee_document() {
    let rule = example("PIU-2026-030");
    let member = |surname: &'static str, booking: &'static str, state: &'static str| {
        let mut p = pax(surname);
        p.booking = booking;
        p.docs = vec![doc("P", "N1", "20300101", state)];
        p
    };
    let persons = [
        member("A", "GRP001", "SYR"),
        member("B", "GRP001", "XXA"),
        member("C", "GRP001", "SYR"),
        member("D", "GRP001", "SYR"),
        member("E", "GRP002", "XXB"),
        member("F", "GRP002", "SYR"),
        member("G", "GRP002", "SYR"),
        member("H", "GRP003", "SYR"),
        member("I", "GRP003", "SYR"),
        member("J", "GRP003", "SYR"),
        member("K", "GRP003", "SYR"),
    ];
    let via_doha = message(
        &[leg("QQ1", "KBL", "DOH"), leg("QQ2", "DOH", "CDG")],
        &persons,
    );
    // GRP001: four, one on an XXA document; GRP002 has only three; GRP003 has no such document.
    assert_eq!(who(&rule, &via_doha), [0, 1, 2, 3]);
    let direct = message(&[leg("QQ3", "KBL", "CDG")], &persons);
    assert!(who(&rule, &direct).is_empty());
}

fn text_block(containing: &str) -> serde_json::Value {
    let b = blocks("text")
        .into_iter()
        .find(|b| b.contains(containing))
        .expect("block");
    serde_json::from_str(&b).unwrap_or_else(|e| panic!("{e}: {b}"))
}

#[test]
fn the_validation_sample_is_what_limes_says() {
    let json = r#"{"id": "R", "version": 1, "name": "n", "owner": "o", "severity": "low",
        "valid_from": "2026-12-01T00:00:00Z", "valid_to": "2026-11-30T00:00:00Z",
        "condition": {"all": [
            {"gender": {"in": ["M"]}},
            {"origin": {"in": ["BGW"]}},
            {"nationality": {"in": ["SYR", "XQZ"]}},
            {"age": {"min": 40, "max": 30}},
            {"field": {"path": "person.birth_date", "prefix": "1990"}}]}}"#;
    let errors = parse_rule(json).unwrap_err();
    assert_eq!(
        serde_json::to_value(&errors).unwrap(),
        text_block("unknown country code")
    );
}

#[test]
fn the_match_sample_is_what_limes_says() {
    let rule = example("PIU-2026-021");
    let mut persons: Vec<P> = (0..17)
        .map(|_| person("OTHER", "F", "19800101", ""))
        .collect();
    persons.push(person("TARGET", "M", "20020309", "K7Q2LM"));
    let msg = bgw_ist_ath_cdg(&persons);
    let set = RuleSet::compile(&[rule], now());
    let matches = evaluate(&set, &msg, now());
    assert_eq!(matches.len(), 1);
    assert_eq!(
        serde_json::to_value(&matches[0]).unwrap(),
        text_block("\"explanation\"")
    );
}

#[test]
fn the_serde_error_sample_is_what_limes_says() {
    let json = r#"{"id": "PIU-2026-014", "version": 4, "name": "Passport expiring soon",
 "owner": "PIU duty analyst", "severity": "low",
 "valid_from": "2026-11-01T00:00:00Z",
 "condition": {"document": {"type": {"in": ["P"]}, "expires_in": 30}}}"#;
    let errors = parse_rule(json).unwrap_err();
    assert_eq!(
        serde_json::to_value(&errors).unwrap(),
        text_block("expires_in")
    );
}
