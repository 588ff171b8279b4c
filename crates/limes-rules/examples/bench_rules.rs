//! Targeting-rule throughput: a synthetic 400-passenger PAXLST manifest against 50 rules of mixed shape.
//!
//!     cargo run --release -p limes-rules --example bench_rules -- [PERSONS] [RULES] [ROUNDS]
//!
//! Prints the time to compile the rule set, and per manifest the time to evaluate every traveller against
//! every rule (median, 99th percentile, best), plus the matches found. Parsing is timed separately: it is
//! `limes-edifact`'s cost, not the rules'.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let persons = args.first().copied().unwrap_or(400);
    let rule_count = args.get(1).copied().unwrap_or(50);
    let rounds = args.get(2).copied().unwrap_or(500).max(1);
    let now: chrono::DateTime<chrono::Utc> = "2026-12-01T05:00:00Z".parse().expect("time");

    let text = limes_rules::bench::sample_manifest(persons);
    let t = Instant::now();
    let ic = limes_edifact::paxlst::parse(text.as_bytes()).expect("manifest parses");
    let parse_time = t.elapsed();
    let msg = ic
        .messages
        .into_iter()
        .next()
        .expect("one message")
        .expect("valid message");

    let rules = limes_rules::bench::sample_rules(rule_count).expect("sample rules validate");
    let t = Instant::now();
    let mut set = limes_rules::RuleSet::compile(&rules, now);
    for _ in 1..rounds.min(100) {
        set = limes_rules::RuleSet::compile(&rules, now);
    }
    let compile_time = t.elapsed() / rounds.min(100) as u32;

    let mut times = Vec::with_capacity(rounds);
    let mut matches = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let m = limes_rules::evaluate(&set, &msg, now);
        times.push(t.elapsed());
        matches = m.len();
        std::hint::black_box(m);
    }
    times.sort();
    let empty = limes_rules::RuleSet::compile(&[], now);
    let mut prep = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(limes_rules::evaluate(&empty, &msg, now));
        prep.push(t.elapsed());
    }
    prep.sort();
    let mut per_rule: std::collections::BTreeMap<String, usize> = Default::default();
    for m in limes_rules::evaluate(&set, &msg, now) {
        *per_rule.entry(m.rule_id).or_default() += 1;
    }
    let median = times[times.len() / 2];
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    let best = times[0];
    let checks = (persons * set.len()) as f64;
    println!(
        "persons {persons}, rules {} in force, rounds {rounds}",
        set.len()
    );
    println!("parse manifest ({} bytes): {:?}", text.len(), parse_time);
    println!("compile {rule_count} rules: {compile_time:?}");
    println!(
        "evaluate manifest: median {median:?}, p99 {p99:?}, best {best:?} ({:.0} ns per traveller-rule)",
        median.as_nanos() as f64 / checks
    );
    println!(
        "of which preparing the message (no rules): median {:?}",
        prep[prep.len() / 2]
    );
    println!("matches per manifest: {matches}; per rule: {per_rule:?}");
}
