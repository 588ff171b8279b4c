//! `limes bench paxlst`: PAXLST parsing on one core, in MB/s over a manifest of repeated real messages.
use std::time::Instant;

/// The 260-passenger GTAS test message, embedded for the benchmark.
const PAXLST_260: &[u8] =
    include_bytes!("../../../../limes-edifact/tests/fixtures/gtas_Test3_D02B.txt");

pub fn run(seconds: u64) -> anyhow::Result<()> {
    let started = Instant::now();
    let (mut bytes, mut persons) = (0usize, 0usize);
    while started.elapsed().as_secs() < seconds {
        let ic = limes_edifact::paxlst::parse(PAXLST_260).map_err(|e| anyhow::anyhow!("{e}"))?;
        persons += ic
            .messages
            .iter()
            .filter_map(|m| m.as_ref().ok())
            .map(|m| m.persons.len())
            .sum::<usize>();
        bytes += PAXLST_260.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "paxlst: {persons} persons from {:.1} MB in {secs:.2} s on one core",
        bytes as f64 / 1e6
    );
    println!(
        "mb_per_s={:.1} manifests_per_s={:.0}",
        bytes as f64 / 1e6 / secs,
        (bytes / PAXLST_260.len()) as f64 / secs
    );
    Ok(())
}
