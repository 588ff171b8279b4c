//! `limes eval`: the screening engine's accuracy on a generated, labelled evaluation set.
use anyhow::Context;
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Recall and false-alert rate across thresholds; retrieval recall; the chosen default threshold.
    Screening {
        /// List files (default: the UN list built into the binary).
        #[arg(long = "watchlist")]
        watchlists: Vec<PathBuf>,
        #[arg(long, default_value_t = 3000)]
        positives: usize,
        #[arg(long, default_value_t = 20000)]
        negatives: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// nomenklatura-name-bench-cases.csv, to report agreement on labelled name pairs.
        #[arg(long)]
        name_pairs: Option<PathBuf>,
        /// Print the misses, the highest-scoring innocent travellers and the retrieval stage's losses.
        #[arg(long)]
        verbose: bool,
        /// Add this many synthetic culture-matched person names to the lists (national list sizes).
        #[arg(long, default_value_t = 0)]
        list_size: usize,
        /// Listed travellers in each part (development, held-out) of the harder evaluation.
        #[arg(long, default_value_t = 3000)]
        split_positives: usize,
        /// Innocent travellers in each part of the harder evaluation.
        #[arg(long, default_value_t = 20000)]
        split_negatives: usize,
    },
}

pub async fn run(command: EvalCommand) -> anyhow::Result<()> {
    match command {
        EvalCommand::Screening {
            watchlists,
            positives,
            negatives,
            seed,
            name_pairs,
            verbose,
            list_size,
            split_positives,
            split_negatives,
        } => {
            let lists = super::bench::load_lists(&watchlists)?;
            let (engine, listed_keys) = super::eval_split::engine_with_synthetic(&lists, list_size);
            let cases = limes_screen::eval::generate(&lists, positives, negatives, seed);
            let report = limes_screen::eval::evaluate(&engine, &cases);
            print_report(&report, seed);
            if verbose {
                print_losses(&report);
            }
            let split = limes_screen::eval_split::run_split(
                &engine,
                &lists,
                split_positives,
                split_negatives,
                seed,
                &listed_keys,
            );
            super::eval_split::print_split(&split, list_size, verbose);
            print_evasion(&limes_screen::evasion::evaluate_evasion(
                &engine, &cases, seed,
            ));
            if let Some(path) = name_pairs {
                print_name_pairs(&path, report.chosen_threshold)?;
            }
            Ok(())
        }
    }
}

/// The same cases with their names disguised (hidden characters, reversal, look-alike letters …): recall and false
/// alerts at the default threshold per way of writing, beside the clean names'.
fn print_evasion(rows: &[limes_screen::evasion::EvasionRow]) {
    println!();
    println!("evasion: the same travellers, names disguised, at the default alert threshold");
    println!("{:<36} {:>8} {:>14}", "writing", "recall", "false alerts");
    for r in rows {
        println!(
            "{:<36} {:>8.4} {:>14.4}",
            r.writing, r.recall, r.false_alert_rate
        );
    }
}

/// Recall and false alerts per threshold, the thresholds chosen and the results per kind of case.
fn print_report(report: &limes_screen::eval::EvalReport, seed: u64) {
    println!(
        "evaluation set: {} listed travellers (variants), {} innocent travellers (a tenth of them namesakes); seed {seed}",
        report.positives, report.negatives
    );
    println!("retrieval stage recall: {:.4}", report.retrieval_recall);
    println!("threshold  recall   false alerts");
    for r in &report.rows {
        println!(
            "   {:.3}    {:.4}   {:.4}",
            r.threshold, r.recall, r.false_alert_rate
        );
    }
    println!(
        "chosen default threshold (best recall with false alerts <= 0.8%, a margin under the 1% target): {:.3}",
        report.chosen_threshold
    );
    println!(
        "strict threshold (best recall with false alerts <= 0.1%): {:.3}",
        report.strict_threshold
    );
    println!("per kind at the chosen threshold (listed: caught; innocent: passed):");
    for (kind, n, right) in &report.by_kind {
        println!(
            "  {kind:<28} {right:>6} / {n:<6} {:.4}",
            *right as f64 / (*n).max(1) as f64
        );
    }
}

/// The cases the engine got wrong: misses, the highest-scoring innocents and the retrieval stage's losses.
fn print_losses(report: &limes_screen::eval::EvalReport) {
    println!("misses at the chosen threshold:");
    for m in &report.misses {
        println!("  {m}");
    }
    println!("highest-scoring innocent travellers:");
    for m in &report.false_alerts {
        println!("  {m}");
    }
    println!("lost by the retrieval stage:");
    for m in &report.retrieval_misses {
        println!("  {m}");
    }
}

/// Agreement with a file of labelled name pairs at the chosen threshold.
fn print_name_pairs(path: &Path, threshold: f64) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let t = threshold;
    if let Some((tp, fp, tn, fneg)) = limes_screen::eval::name_pairs_agreement(&text, t) {
        println!(
            "name pairs (persons, names only, threshold {t:.3}): {tp} matches found, {fneg} missed, {fp} false, {tn} rightly apart; accuracy {:.3}",
            (tp + tn) as f64 / (tp + tn + fp + fneg).max(1) as f64
        );
    }
    Ok(())
}
