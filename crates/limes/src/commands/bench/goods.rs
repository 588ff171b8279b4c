//! `limes bench goods`: declarations of 20 items routed, selected against 1,000 selectivity rules and stored on
//! a fresh SQLite database; latency one at a time, then sustained lodging by concurrent brokers. Target:
//! ≥ 500 declarations/s sustained, p99 ≤ 20 ms.
use super::measure::percentile;
use crate::commands::demo;
use limes_app::{Actor, App};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::time::Instant;

/// Declarations lodged one at a time for the latency.
const LATENCY_DECLARATIONS: usize = 50;
const COUNTRIES: &[&str] = &["TR", "DE", "CN", "PL", "RO", "BG", "GR", "IT", "AE", "IR"];

/// `count` synthetic rules: each on a 4-digit heading and an origin, most matching rarely.
fn rules(count: usize) -> Vec<serde_json::Value> {
    let mut rng = StdRng::seed_from_u64(7);
    (0..count)
        .map(|i| {
            let heading = format!("{:04}", rng.gen_range(100..9700));
            let origin = COUNTRIES[rng.gen_range(0..COUNTRIES.len())];
            let lane = ["red", "yellow", "blue"][i % 3];
            serde_json::json!({"id": format!("BENCH-{i:04}"), "version": 1, "name": format!("bench rule {i}"),
                "lane": lane, "weight": rng.gen_range(20..101), "valid_from": "2020-01-01T00:00:00Z",
                "when": [{"hs_prefix": [heading]}, {"origin_country": [origin]}]})
        })
        .collect()
}

pub async fn run(
    seconds: u64,
    count_rules: usize,
    brokers: usize,
    items: usize,
) -> anyhow::Result<()> {
    crate::init_logging("text");
    let dir = tempfile::tempdir()?;
    let cfg = limes_server::config::Config {
        database: dir.path().join("limes.db").display().to_string().into(),
        goods: demo::goods::demo_config(),
        ..Default::default()
    };
    let state = crate::common::app_for(cfg).await?;
    let analyst = Actor::Operator("bench");
    for rule in rules(count_rules) {
        limes_app::goods::rules::save_rule(&state, analyst, rule).await?;
    }
    println!("goods: declarations of {items} items against {count_rules} rules, SQLite in a temporary directory");
    let mut rng = StdRng::seed_from_u64(state.clock.now().timestamp() as u64);
    let mut n = 0usize;
    let mut next = |rng: &mut StdRng| {
        n += 1;
        demo::goods::truck(rng, n, "UTO-LND-N1", items)
    };
    let mut lat = Vec::with_capacity(LATENCY_DECLARATIONS);
    for _ in 0..LATENCY_DECLARATIONS {
        let d = next(&mut rng);
        let t = Instant::now();
        lodge(&state, "bench-latency", d).await?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    println!(
        "latency: {} declarations: p50_ms={:.2} p99_ms={:.2} max_ms={:.2} (target p99 ≤ 20)",
        lat.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0)
    );
    let pool: Arc<Vec<_>> = Arc::new((0..brokers * 2000).map(|_| next(&mut rng)).collect());
    let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for b in 0..brokers {
        let (state, pool) = (state.clone(), pool.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            let mut i = b;
            while Instant::now() < deadline && i < pool.len() {
                if lodge(&state, &format!("bench-broker-{b}"), pool[i].clone())
                    .await
                    .is_ok()
                {
                    done += 1;
                }
                i += brokers;
            }
            done
        }));
    }
    let mut done = 0;
    for t in tasks {
        done += t.await?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "sustained: declarations_per_s={:.1} ({done} in {secs:.1} s, {brokers} brokers; target ≥ 500)",
        done as f64 / secs
    );
    Ok(())
}

async fn lodge(
    state: &App,
    broker: &str,
    d: limes_domain::goods::Declaration,
) -> anyhow::Result<()> {
    let report =
        limes_app::goods::intake::lodge(state, Actor::Operator(broker), "bench", vec![d]).await?;
    anyhow::ensure!(
        report.accepted() == 1,
        "declaration not accepted: {:?}",
        report.declarations
    );
    Ok(())
}
