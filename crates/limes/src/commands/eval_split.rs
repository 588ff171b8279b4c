//! `limes eval screening`, the harder part: the engine over the lists plus a synthetic culture-matched list, and
//! the development and held-out parts printed per kind of writing.
use limes_screen::eval_split::{OperatingPoint, PartReport, SplitReport};
use limes_screen::{Engine, WatchList};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

/// The seed of the synthetic list `--list-size` adds (the same list at every run).
pub const SYNTHETIC_LIST_SEED: u64 = 7;

/// The engine over `lists` and `synthetic` generated culture-matched people, and the name keys of every indexed
/// name (no innocent traveller may carry one).
pub fn engine_with_synthetic(lists: &[WatchList], synthetic: usize) -> (Engine, HashSet<u64>) {
    let mut keys = limes_screen::synthetic::listed_name_keys(lists);
    let mut all: Vec<Arc<WatchList>> = lists.iter().cloned().map(Arc::new).collect();
    if synthetic > 0 {
        let started = Instant::now();
        let list =
            limes_screen::synthetic::culture_matched_list(synthetic, SYNTHETIC_LIST_SEED, &keys);
        keys.extend(
            list.entries
                .iter()
                .map(|e| limes_screen::synthetic::name_key_hash(e.primary_name())),
        );
        println!(
            "synthetic culture-matched list: {} person names generated in {:.2} s",
            list.entries.len(),
            started.elapsed().as_secs_f64()
        );
        all.push(Arc::new(list));
    }
    let engine = Engine::build(all);
    println!("engine: {} name forms indexed", engine.name_count());
    (engine, keys)
}

fn point(p: &OperatingPoint) -> String {
    if p.threshold > 1.0 {
        return "no threshold reaches it: more innocents than that score 1.000".to_string();
    }
    format!(
        "recall {:.4} at threshold {:.3} (false alerts {:.3}%)",
        p.recall,
        p.threshold,
        p.false_alert_rate * 100.0
    )
}

fn print_part(part: &PartReport, verbose: bool) {
    println!(
        "{} part: {} listed travellers, {} innocent travellers; retrieval {:.4}",
        part.part.label(),
        part.positives,
        part.negatives,
        part.retrieval_recall
    );
    println!("  at <= 1% false alerts:   {}", point(&part.at_1_percent));
    println!("  at <= 0.1% false alerts: {}", point(&part.at_01_percent));
    println!("  kind                     cases  retrieval  caught@1%  caught@0.1%");
    for k in part.kinds.iter().filter(|k| k.listed) {
        println!(
            "  {:<24} {:>5}  {:>9.4}  {:>9.4}  {:>11.4}",
            k.kind,
            k.cases,
            k.rate(k.retrieved),
            k.rate(k.at_1_percent),
            k.rate(k.at_01_percent)
        );
    }
    println!("  innocent kind            cases             alerted@1%  alerted@0.1%");
    for k in part.kinds.iter().filter(|k| !k.listed) {
        println!(
            "  {:<24} {:>5}             {:>9.4}  {:>11.4}",
            k.kind,
            k.cases,
            k.rate(k.at_1_percent),
            k.rate(k.at_01_percent)
        );
    }
    if verbose {
        println!("  missed at the 0.1% threshold:");
        for m in &part.misses {
            println!("    {m}");
        }
        println!("  lost by the retrieval stage:");
        for m in &part.retrieval_misses {
            println!("    {m}");
        }
        println!("  highest-scoring innocent travellers:");
        for m in &part.false_alerts {
            println!("    {m}");
        }
    }
}

/// The harder evaluation's two parts, and the held-out part at the development part's thresholds.
pub fn print_split(report: &SplitReport, list_size: usize, verbose: bool) {
    println!(
        "harder evaluation (partial names, original script, other transliterations, MRZ-truncated, reordered with a \
         typo; culture-matched innocents), lists + {list_size} synthetic culture-matched names; held-out: one \
         listed person in {}, by entry id",
        limes_screen::eval_split::HELD_OUT_ONE_IN
    );
    print_part(&report.development, verbose);
    print_part(&report.held_out, verbose);
    let (at1, at01) = &report.held_out_at_development_thresholds;
    println!(
        "held-out at the development thresholds: {}; {}",
        point(at1),
        point(at01)
    );
}
