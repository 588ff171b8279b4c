//! Parsing speed on one core without building the whole `limes` binary:
//! `cargo run --release -p limes-edifact --example paxlst_speed [SECONDS] [FILE]` (default: the 260-passenger
//! GTAS manifest). `SCAN_ONLY=1` measures the syntax layer alone. `limes bench paxlst` measures the
//! same loop; its numbers are the ones recorded in docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use std::time::Instant;

const PAXLST_260: &[u8] = include_bytes!("../tests/fixtures/gtas_Test3_D02B.txt");

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let input: Vec<u8> = match std::env::args().nth(2) {
        Some(f) => std::fs::read(&f).unwrap_or_else(|e| panic!("{f}: {e}")),
        None => PAXLST_260.to_vec(),
    };
    let input = input.as_slice();
    let started = Instant::now();
    let (mut bytes, mut persons, mut n) = (0usize, 0usize, 0usize);
    let scan_only = std::env::var_os("SCAN_ONLY").is_some();
    while started.elapsed().as_secs_f64() < seconds {
        if scan_only {
            let ic = limes_edifact::syntax::scan(input, limes_edifact::Mode::Lenient)
                .expect("the fixture scans");
            persons += ic.segments.len();
            bytes += input.len();
            n += 1;
            continue;
        }
        let ic = limes_edifact::paxlst::parse(input).expect("the fixture parses");
        persons += ic
            .messages
            .iter()
            .filter_map(|m| m.as_ref().ok())
            .map(|m| m.persons.len())
            .sum::<usize>();
        bytes += input.len();
        n += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "mb_per_s={:.1} manifests_per_s={:.0} persons={persons}",
        bytes as f64 / 1e6 / secs,
        n as f64 / secs
    );
}
