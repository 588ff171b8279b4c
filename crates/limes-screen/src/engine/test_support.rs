//! Lists and queries built in a line, for the engine's tests.

use super::{Engine, Hit, Query};
use crate::model::{BirthDate, Entry, EntryKind, EntryName, NameQuality, WatchList};
use std::sync::Arc;

pub(super) fn person(id: &str, names: &[&str], dob: Option<&str>, nat: Option<&str>) -> Entry {
    Entry {
        entry_id: id.into(),
        kind: EntryKind::Person,
        names: names
            .iter()
            .enumerate()
            .map(|(i, n)| EntryName {
                full: n.to_string(),
                quality: if i == 0 {
                    NameQuality::Primary
                } else {
                    NameQuality::Strong
                },
            })
            .collect(),
        birth_dates: dob.and_then(BirthDate::parse).into_iter().collect(),
        birth_places: vec![],
        nationalities: nat.map(str::to_string).into_iter().collect(),
        gender: None,
        documents: vec![],
        reason: String::new(),
        listed_on: None,
        program: None,
    }
}

pub(super) fn engine(entries: Vec<Entry>) -> Engine {
    Engine::build(vec![Arc::new(WatchList {
        id: "t".into(),
        name: "test".into(),
        source: String::new(),
        published: None,
        entries,
    })])
}

pub(super) fn q(name: &str, dob: Option<&str>, nat: Option<&str>) -> Query {
    Query {
        name: name.into(),
        birth_date: dob.and_then(BirthDate::parse),
        nationality: nat.map(str::to_string),
        ..Default::default()
    }
}

pub(super) fn score_of(e: &Engine, query: &Query, id: &str) -> f64 {
    e.screen(query, 0.0, 50)
        .into_iter()
        .find(|h| h.entry_id == id)
        .map_or(0.0, |h| h.score)
}

/// A list where ALI, MOHAMMED and HASSAN are everywhere, as on a national-scale list.
pub(super) fn flood(n: usize) -> Vec<Entry> {
    let mut rng = crate::eval::Rng::new(3);
    let syll = [
        "KA", "RI", "MO", "ZE", "TU", "BAN", "LO", "FI", "DEH", "SUR",
    ];
    (0..n)
        .map(|i| {
            let family: String = (0..3).map(|_| *rng.pick(&syll)).collect();
            let given = *rng.pick(&["MOHAMMED", "ALI", "HASSAN", "MOHAMMED ALI", "ALI HASSAN"]);
            person(
                &format!("F{i}"),
                &[&format!("{given} {family}")],
                Some("1970"),
                None,
            )
        })
        .collect()
}

pub(super) fn token_sim(h: &Hit, query_token: &str) -> Option<f64> {
    h.explain
        .tokens
        .iter()
        .find(|t| t.query == query_token)
        .map(|t| t.similarity)
}
