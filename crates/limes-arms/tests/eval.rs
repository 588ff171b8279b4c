#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
//! Evaluation of the look-up on a synthetic register: written variants of register serials (exact, look-alike,
//! separators and prefixes, one typo; make, model and calibre under other names) must find their record in the
//! top 3, and innocent weapons not in the register must rarely raise a candidate. One part of the queries is held
//! out: the engine's weights were set on the tuning part only, and the held-out part is asserted on its own.
use limes_arms::index::DEFAULT_MIN_SCORE;
use limes_arms::synthetic::{self, Rng, Variant};
use limes_arms::{normalize_serial, FirearmIndex, Query, RegisterEntry};
use std::collections::HashSet;

const REGISTER_SIZE: usize = 60_000;
const QUERIES_PER_VARIANT: usize = 400;
const INNOCENTS: usize = 2_000;

struct Outcome {
    found_top3: usize,
    total: usize,
}

fn entries(register: &[synthetic::SyntheticFirearm]) -> Vec<RegisterEntry> {
    register
        .iter()
        .map(|r| RegisterEntry {
            record_id: r.record_id.clone(),
            serial: r.serial.clone(),
            make: r.make.clone(),
            model: r.model.clone(),
            calibre: r.calibre.clone(),
        })
        .collect()
}

/// Whether a record is in the held-out part (by its position: a fixed fifth).
fn held_out(position: usize) -> bool {
    position.is_multiple_of(5)
}

#[test]
fn written_variants_find_their_record_and_innocents_stay_quiet() {
    let register = synthetic::register(7, REGISTER_SIZE, "EV");
    let index = FirearmIndex::build(entries(&register));
    let mut rng = Rng::new(99);
    let mut report = Vec::new();
    for part in [false, true] {
        for variant in Variant::ALL {
            let mut outcome = Outcome {
                found_top3: 0,
                total: 0,
            };
            while outcome.total < QUERIES_PER_VARIANT {
                let position = rng.below(register.len());
                if held_out(position) != part {
                    continue;
                }
                let record = &register[position];
                let query = Query {
                    serial: synthetic::write_serial(&record.serial, variant, &mut rng),
                    make: synthetic::write_make(&record.make, &mut rng),
                    model: synthetic::write_model(&record.model, &mut rng),
                    calibre: synthetic::write_calibre(&record.calibre, &mut rng),
                };
                let found = index.search(&query, 3, DEFAULT_MIN_SCORE);
                outcome.total += 1;
                if found.iter().any(|c| c.record_id == record.record_id) {
                    outcome.found_top3 += 1;
                }
            }
            let recall = outcome.found_top3 as f64 / outcome.total as f64;
            report.push(format!(
                "{} {}: recall@3 {:.3}",
                if part { "held-out" } else { "tuning" },
                variant.as_str(),
                recall
            ));
            let floor = match variant {
                Variant::Exact | Variant::Lookalike | Variant::Separators => 0.97,
                Variant::Typo => 0.85,
            };
            assert!(recall >= floor, "{}", report.join("\n"));
        }
    }
    // Innocent weapons: the same makers and formats, serials not in the register.
    let known: HashSet<String> = register
        .iter()
        .map(|r| normalize_serial(&r.serial).skeleton)
        .collect();
    let innocents: Vec<_> = synthetic::register(12_345, INNOCENTS * 2, "IN")
        .into_iter()
        .filter(|r| !known.contains(&normalize_serial(&r.serial).skeleton))
        .take(INNOCENTS)
        .collect();
    let mut false_hits = 0;
    for (n, innocent) in innocents.iter().enumerate() {
        let variant = Variant::ALL[n % Variant::ALL.len()];
        let query = Query {
            serial: synthetic::write_serial(&innocent.serial, variant, &mut rng),
            make: innocent.make.clone(),
            model: innocent.model.clone(),
            calibre: innocent.calibre.clone(),
        };
        if !index.search(&query, 3, DEFAULT_MIN_SCORE).is_empty() {
            false_hits += 1;
        }
    }
    let rate = false_hits as f64 / innocents.len() as f64;
    report.push(format!("innocents: false-hit rate {rate:.3}"));
    eprintln!("{}", report.join("\n"));
    assert!(rate <= 0.05, "{}", report.join("\n"));
}

#[test]
fn every_written_variant_of_a_serial_meets_it() {
    // Property-style: for many generated serials and each way of writing them, the serial match is found with
    // no make, model or calibre to help.
    let mut rng = Rng::new(3);
    for n in 0..2_000 {
        let record = synthetic::record(&mut rng, &format!("P-{n}"));
        let index = FirearmIndex::build(entries(std::slice::from_ref(&record)));
        for variant in Variant::ALL {
            let written = synthetic::write_serial(&record.serial, variant, &mut rng);
            let long_enough = normalize_serial(&record.serial).skeleton.len() >= 6;
            if variant == Variant::Typo && !long_enough {
                continue;
            }
            let found = index.search(
                &Query {
                    serial: written.clone(),
                    ..Query::default()
                },
                3,
                0.0,
            );
            assert_eq!(
                found.first().map(|c| c.record_id.as_str()),
                Some(record.record_id.as_str()),
                "{} written {:?} as {written:?}",
                variant.as_str(),
                record.serial
            );
        }
    }
}
