//! `limes bench api`: advance passenger information, 400-passenger manifests parsed, screened (watchlists,
//! document-alert register, targeting rules) and committed; latency one at a time, then sustained intake.
use super::measure::percentile;
use crate::commands::demo;
use chrono::{DateTime, Utc};
use limes_app::App;
use limes_domain::AuditEvent;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Manifests sent one at a time for the latency.
const LATENCY_MANIFESTS: usize = 30;

pub async fn run(
    seconds: u64,
    passengers: usize,
    rules: usize,
    senders: usize,
    dir: PathBuf,
    database: Option<String>,
) -> anyhow::Result<()> {
    crate::init_logging("text");
    let state = prepare(&dir, database.as_deref(), rules).await?;
    let now = state.clock.now();
    let in_force = limes_app::pax::rules::rules_in_force(&state)
        .await?
        .set
        .len();
    let alerts = state.store.document_alert_count().await?;
    println!(
        "api: {passengers}-passenger manifests; {} watchlist entries, {alerts} document alerts, {in_force} rules in force",
        state.screener.list_infos().iter().map(|l| l.entries).sum::<usize>()
    );
    let today = state.clock.today();
    let mut rng = StdRng::seed_from_u64(now.timestamp() as u64);
    let run_id = now.format("%H%M%S").to_string();
    let mut make = |i: usize| {
        demo::api::manifest(
            &mut rng,
            today,
            ("BM900", "BM", "IST", "", "UTC", 12),
            passengers,
            format!("B{run_id}{i:06}"),
        )
        .to_edifact()
        .into_bytes()
    };
    let one_at_a_time: Vec<Vec<u8>> = (0..LATENCY_MANIFESTS).map(&mut make).collect();
    latency(&state, one_at_a_time, now).await?;
    let pool: Vec<Vec<u8>> = (0..senders * 50).map(|i| make(1000 + i)).collect();
    sustained(&state, Arc::new(pool), seconds, senders, passengers, now).await
}

/// The demo's data (made when missing) plus `rules` benchmark rules, and the state over them.
async fn prepare(dir: &Path, database: Option<&str>, rules: usize) -> anyhow::Result<App> {
    demo::start(dir, database, "127.0.0.1:0", true, demo::DOCUMENT_ALERTS).await?;
    let cfg = limes_server::config::Config {
        database: demo::database_url(dir, database).into(),
        api_arrival_bcps: demo::api::ARRIVAL_AIRPORTS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        ..Default::default()
    };
    let state = crate::common::app_for(cfg).await?;
    let now = state.clock.now();
    let have: std::collections::HashSet<String> = state
        .store
        .rules()
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let sample = limes_rules::bench::sample_rules(rules)
        .map_err(|e| anyhow::anyhow!("benchmark rules: {e:?}"))?;
    for rule in sample.into_iter().filter(|r| !have.contains(&r.id)) {
        let stored = limes_store::StoredRule {
            id: rule.id.clone(),
            version: rule.version,
            owner: rule.owner.clone(),
            saved_by: "bench".into(),
            saved_at: now,
            rule: serde_json::to_value(&rule)?,
        };
        state
            .store
            .save_rule(stored, AuditEvent::new(now, "bench", "rule.save"))
            .await?;
    }
    Ok(state)
}

/// The application's PAXLST intake service, as the benchmark's sender.
async fn intake(
    state: &App,
    edi: &[u8],
    now: DateTime<Utc>,
) -> anyhow::Result<limes_app::pax::IntakeReport> {
    let _ = now;
    Ok(limes_app::pax::intake(state, limes_app::Actor::Operator("bench"), edi, "bench").await?)
}

/// Latency: one manifest at a time, bytes in to screened manifest committed; and the mean of each stage.
async fn latency(state: &App, manifests: Vec<Vec<u8>>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut lat = Vec::new();
    let mut stages = limes_app::pax::Stages::default();
    let mut bytes_total = 0usize;
    for (i, edi) in manifests.iter().enumerate() {
        bytes_total += edi.len();
        let t = Instant::now();
        let report = intake(state, edi, now).await?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        stages.parse += report.stages_ms.parse;
        stages.screen += report.stages_ms.screen;
        stages.store += report.stages_ms.store;
        anyhow::ensure!(
            report.accepted() == 1,
            "manifest {i} not accepted: {:?}",
            report.messages
        );
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    println!(
        "latency: {} manifests of {:.0} KB: p50_ms={:.1} p99_ms={:.1} max_ms={:.1}",
        lat.len(),
        bytes_total as f64 / lat.len() as f64 / 1024.0,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0)
    );
    let n = lat.len().max(1) as f64;
    println!(
        "stages (mean): parse_ms={:.1} screen_ms={:.1} store_ms={:.1}",
        stages.parse / n,
        stages.screen / n,
        stages.store / n
    );
    Ok(())
}

/// Sustained: `senders` carriers at once for `seconds`, each sending every `senders`-th manifest of the pool.
async fn sustained(
    state: &App,
    pool: Arc<Vec<Vec<u8>>>,
    seconds: u64,
    senders: usize,
    passengers: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for s in 0..senders {
        let state = state.clone();
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            let mut i = s;
            while Instant::now() < deadline && i < pool.len() {
                let ok = intake(&state, &pool[i], now)
                    .await
                    .map(|r| r.accepted() == 1)
                    .unwrap_or(false);
                if ok {
                    done += 1;
                }
                i += senders;
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
        "sustained: manifests_per_s={:.1} travellers_per_s={:.0} ({done} manifests in {secs:.1} s, {senders} senders)",
        done as f64 / secs,
        (done * passengers) as f64 / secs
    );
    Ok(())
}
