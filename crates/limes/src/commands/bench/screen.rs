//! `limes bench screen`: name screening, batch throughput on all cores and per-traveller latency on one, and
//! whether the listed travellers are still found at the list size measured.
use super::load_lists;
use super::measure::{percentile, process_cpu_s, resident_mb, thread_cpu_s};
use limes_screen::eval::Case;
use limes_screen::{Engine, WatchList};
use rayon::prelude::*;
use rayon::ThreadPool;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub fn run(
    paths: &[PathBuf],
    travellers: usize,
    synthetic_names: usize,
    threads: Option<usize>,
) -> anyhow::Result<()> {
    let lists = load_lists(paths)?;
    let cases =
        limes_screen::eval::generate(&lists, travellers / 10, travellers - travellers / 10, 11);
    let (engine, build_s) = build_engine(lists, synthetic_names);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or_else(rayon::current_num_threads))
        .build()?;
    let secs = batch(&pool, &engine, &cases);
    let (lat, cpu) = one_core(&engine, &cases);
    listed_found(&pool, &engine, &cases);
    println!(
        "travellers_per_s={:.0} threads={} one_core_p50_ms={:.3} p99_ms={:.3} max_ms={:.3} cpu_p50_ms={:.3} cpu_p99_ms={:.3} names={} build_s={build_s:.2} rss_mb={:.0}",
        cases.len() as f64 / secs,
        pool.current_num_threads(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0),
        percentile(&cpu, 0.5),
        percentile(&cpu, 0.99),
        engine.name_count(),
        resident_mb()
    );
    Ok(())
}

/// The engine over the lists (and a synthetic list of `synthetic_names` person names, if any), its build time
/// in seconds and the memory the lists and the index take.
fn build_engine(lists: Vec<WatchList>, synthetic_names: usize) -> (Engine, f64) {
    let mut all = lists;
    let rss_before = resident_mb();
    if synthetic_names > 0 {
        let started = Instant::now();
        // Culture-matched: real people's name parts of the lists' naming cultures, recombined; none carries a
        // listed name.
        let listed = limes_screen::synthetic::listed_name_keys(&all);
        let synthetic = limes_screen::synthetic::culture_matched_list(
            synthetic_names,
            crate::commands::eval_split::SYNTHETIC_LIST_SEED,
            &listed,
        );
        println!(
            "synthetic culture-matched list: {synthetic_names} person names generated in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        all.push(synthetic);
    }
    let rss_lists = resident_mb();
    let started = Instant::now();
    let engine = Engine::build(all.into_iter().map(Arc::new).collect());
    let build_s = started.elapsed().as_secs_f64();
    let rss_index = resident_mb();
    println!(
        "screen: {} name forms, {} distinct tokens indexed in {build_s:.2} s; resident memory {rss_index:.0} MB \
         (lists {:.0} MB, index {:.0} MB)",
        engine.name_count(),
        engine.token_count(),
        rss_lists - rss_before,
        rss_index - rss_lists
    );
    (engine, build_s)
}

/// Every case screened on the pool's threads; the wall-clock seconds it took.
fn batch(pool: &ThreadPool, engine: &Engine, cases: &[Case]) -> f64 {
    // Warm the per-thread scratch space and the caches once, as a serving process would be.
    pool.install(|| {
        cases
            .par_iter()
            .take(200)
            .for_each(|c| drop(engine.screen(&c.query, 0.5, 10)))
    });
    let cpu_before = process_cpu_s();
    let started = Instant::now();
    let hits: usize = pool.install(|| {
        cases
            .par_iter()
            .map(|c| engine.screen(&c.query, 0.5, 10).len())
            .sum()
    });
    let secs = started.elapsed().as_secs_f64();
    let cpu_s = process_cpu_s() - cpu_before;
    println!(
        "batch: {} travellers in {secs:.2} s on {} threads, {cpu_s:.2} CPU-seconds ({:.0} travellers per CPU-second; \
         {hits} hits >= 0.5)",
        cases.len(),
        pool.current_num_threads(),
        cases.len() as f64 / cpu_s.max(1e-9)
    );
    secs
}

/// Per traveller on one core, sorted, in ms: wall time (a busy machine inflates it with the wait for the CPU)
/// and the thread's own CPU time (the work, honest under load; only cache contention from others still shows).
fn one_core(engine: &Engine, cases: &[Case]) -> (Vec<f64>, Vec<f64>) {
    let (mut lat, mut cpu): (Vec<f64>, Vec<f64>) = cases
        .iter()
        .take(5000)
        .map(|c| {
            let t = Instant::now();
            let c0 = thread_cpu_s();
            let _ = engine.screen(&c.query, 0.5, 10);
            let c1 = thread_cpu_s();
            (t.elapsed().as_secs_f64() * 1000.0, (c1 - c0) * 1000.0)
        })
        .unzip();
    lat.sort_by(|a, b| a.total_cmp(b));
    cpu.sort_by(|a, b| a.total_cmp(b));
    println!(
        "one core, CPU time per traveller: mean {:.3} ms, p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        cpu.iter().sum::<f64>() / cpu.len().max(1) as f64,
        percentile(&cpu, 0.5),
        percentile(&cpu, 0.9),
        percentile(&cpu, 0.99),
        cpu.last().copied().unwrap_or(0.0),
    );
    (lat, cpu)
}

/// The listed travellers among the cases: does the engine still find them at this list size?
fn listed_found(pool: &ThreadPool, engine: &Engine, cases: &[Case]) {
    let listed: Vec<&Case> = cases.iter().filter(|c| c.expected.is_some()).collect();
    let threshold = limes_screen::DEFAULT_ALERT_THRESHOLD;
    let (retrieved, caught) = pool.install(|| {
        listed
            .par_iter()
            .map(|c| {
                let Some((list, id)) = &c.expected else {
                    return (0, 0);
                };
                let retrieved = usize::from(engine.retrieves(&c.query, list, id));
                let caught = usize::from(
                    engine
                        .screen(&c.query, threshold, 10)
                        .iter()
                        .any(|h| &h.list == list && &h.entry_id == id),
                );
                (retrieved, caught)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    println!(
        "listed travellers: {retrieved} of {} retrieved ({:.4}), {caught} caught at the default threshold {threshold} ({:.4})",
        listed.len(),
        retrieved as f64 / listed.len().max(1) as f64,
        caught as f64 / listed.len().max(1) as f64,
    );
}
