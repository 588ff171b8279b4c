//! Benchmarks run as commands. Numbers go to docs/benchmarks.md with the machine they ran on.
use crate::demo;
use anyhow::Context;
use chrono::{Duration, NaiveDate};
use clap::Subcommand;
use limes_domain::{AuditEvent, Clock};
use limes_store::NewApiToken;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Border checks through the HTTP API on loopback against the demo data, each durably recorded.
    Checks {
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Concurrent clients (officers' terminals and e-gates checking at once).
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Demo data directory (created when missing).
        #[arg(long, default_value = "limes-demo-data")]
        dir: PathBuf,
    },
    /// MRZ parsing and validation, one core.
    Mrz {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// PAXLST parsing, one core: MB/s over a manifest of repeated real messages.
    Paxlst {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Sync through real nats-server processes on loopback: a BCP node's backlog draining to the centre, and a
    /// watchlist change reaching many BCP nodes.
    Sync {
        /// Outbox records in the backlog (two per check: the crossing and its audit entry).
        #[arg(long, default_value_t = 100_000)]
        records: usize,
        /// BCP nodes the watchlist change goes to.
        #[arg(long, default_value_t = 10)]
        nodes: usize,
        /// Entries of the changed watchlist.
        #[arg(long, default_value_t = 1000)]
        entries: usize,
    },
    /// Name screening: batch throughput (all cores) and per-traveller latency (one core).
    Screen {
        /// List files (default: the UN list built into the binary).
        #[arg(long = "watchlist")]
        watchlists: Vec<PathBuf>,
        /// Travellers to screen.
        #[arg(long, default_value_t = 20_000)]
        travellers: usize,
        /// Add a synthetic list of this many person names (to measure scale).
        #[arg(long, default_value_t = 0)]
        synthetic_names: usize,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Checks {
            seconds,
            clients,
            dir,
        } => bench_checks(seconds, clients, dir).await,
        BenchCommand::Mrz { seconds } => bench_mrz(seconds),
        BenchCommand::Paxlst { seconds } => bench_paxlst(seconds),
        BenchCommand::Screen {
            watchlists,
            travellers,
            synthetic_names,
        } => bench_screen(&watchlists, travellers, synthetic_names),
        BenchCommand::Sync {
            records,
            nodes,
            entries,
        } => crate::bench_sync::run(records, nodes, entries).await,
    }
}

/// The lists given, or the embedded UN list.
pub fn load_lists(paths: &[PathBuf]) -> anyhow::Result<Vec<limes_screen::WatchList>> {
    if paths.is_empty() {
        return Ok(vec![limes_screen::import::un_xml(demo::UN_LIST_XML)
            .map_err(|e| anyhow::anyhow!("UN list: {e}"))?]);
    }
    paths
        .iter()
        .map(|p| {
            limes_screen::import::detect_and_load(p)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
        })
        .collect()
}

fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// A synthetic list of person names built from name pools, for scale tests.
pub(crate) fn synthetic_list(n: usize) -> limes_screen::WatchList {
    use limes_screen::{Entry, EntryKind, EntryName, NameQuality};
    let mut rng = limes_screen::eval::Rng::new(7);
    const SYLLABLES: &[&str] = &[
        "AL", "BA", "KA", "RI", "MO", "HA", "SE", "NA", "DI", "LU", "TO", "ZA", "VI", "EN", "OR",
        "SHA", "KHA", "MU", "NI", "GO",
    ];
    let word = |rng: &mut limes_screen::eval::Rng| -> String {
        (0..2 + rng.below(3))
            .map(|_| *rng.pick(SYLLABLES))
            .collect()
    };
    let entries = (0..n)
        .map(|i| Entry {
            entry_id: format!("SYN-{i}"),
            kind: EntryKind::Person,
            names: vec![EntryName {
                full: format!("{} {} {}", word(&mut rng), word(&mut rng), word(&mut rng)),
                quality: NameQuality::Primary,
            }],
            birth_dates: vec![limes_screen::BirthDate::Year(1940 + rng.below(60) as i32)],
            birth_places: vec![],
            nationalities: vec![],
            gender: None,
            documents: vec![],
            reason: String::new(),
            listed_on: None,
            program: None,
        })
        .collect();
    limes_screen::WatchList {
        id: "synthetic".into(),
        name: "synthetic".into(),
        source: "bench".into(),
        published: None,
        entries,
    }
}

fn bench_screen(
    paths: &[PathBuf],
    travellers: usize,
    synthetic_names: usize,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let lists = load_lists(paths)?;
    let cases =
        limes_screen::eval::generate(&lists, travellers / 10, travellers - travellers / 10, 11);
    let mut all = lists;
    if synthetic_names > 0 {
        all.push(synthetic_list(synthetic_names));
    }
    let rss_before = resident_mb();
    let started = Instant::now();
    let engine = limes_screen::Engine::build(all.into_iter().map(Arc::new).collect());
    let build_s = started.elapsed().as_secs_f64();
    println!(
        "screen: {} names indexed in {build_s:.2} s, resident memory {:.0} MB (+{:.0} MB for the index)",
        engine.name_count(),
        resident_mb(),
        resident_mb() - rss_before
    );
    let started = Instant::now();
    let hits: usize = cases
        .par_iter()
        .map(|c| engine.screen(&c.query, 0.5, 10).len())
        .sum();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "batch: {} travellers in {secs:.2} s on {} threads ({hits} hits)",
        cases.len(),
        rayon::current_num_threads()
    );
    let mut lat: Vec<f64> = cases
        .iter()
        .take(5000)
        .map(|c| {
            let t = Instant::now();
            let _ = engine.screen(&c.query, 0.5, 10);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    lat.sort_by(|a, b| a.total_cmp(b));
    println!(
        "travellers_per_s={:.0} p50_ms={:.3} p99_ms={:.3} names={}",
        cases.len() as f64 / secs,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        engine.name_count()
    );
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// A pool of checkable travellers: mostly clean, some with document alerts, one UN-listed.
fn mrz_pool(today: NaiveDate) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(42);
    let alerts = demo::synthetic_alerts(2000);
    let given = [
        "ANNA", "JONAS", "FATIMA", "IVAN", "MEI", "KOFI", "SOFIA", "OMAR", "PRIYA", "LARS",
    ];
    let surnames = [
        "NOVAK", "GARCIA", "RAHMAN", "PETROVA", "CHEN", "OKAFOR", "ROSSI", "YILMAZ", "TANAKA",
        "HANSEN",
    ];
    let mut pool: Vec<String> = (0..2000)
        .map(|i| {
            let number = if i % 20 == 0 {
                // One in twenty carries a document from the alert register.
                alerts[(i / 20) % alerts.len()].document_number.clone()
            } else {
                format!("B{:08}", rng.gen_range(0..99_999_999))
            };
            let birth = NaiveDate::from_ymd_opt(
                rng.gen_range(1950..2006),
                rng.gen_range(1..13),
                rng.gen_range(1..29),
            )
            .unwrap_or_default();
            demo::td3(&demo::Passport {
                issuer: "UTO",
                surname: surnames[rng.gen_range(0..surnames.len())],
                given: given[rng.gen_range(0..given.len())],
                number: &number,
                nationality: "UTO",
                birth,
                sex: if rng.gen_bool(0.5) { 'F' } else { 'M' },
                expiry: today + Duration::days(rng.gen_range(100..3000)),
            })
        })
        .collect();
    pool.push(demo::samples(today).un_hit);
    pool
}

async fn bench_checks(seconds: u64, clients: usize, dir: PathBuf) -> anyhow::Result<()> {
    crate::init_logging("text");
    if !dir.join("limes.db").exists() {
        println!("demo data missing in {}: creating it first", dir.display());
    }
    demo::run(&dir, "127.0.0.1:0", true, demo::DOCUMENT_ALERTS).await?;
    let cfg = limes_server::config::Config {
        database: dir.join("limes.db").display().to_string(),
        ..Default::default()
    };
    let state = crate::state_for(cfg).await?;
    let officer = state
        .store
        .user_credentials("officer")
        .await?
        .map(|(u, _)| u)
        .context("the demo user 'officer' is missing")?;
    let token = limes_server::auth::new_secret();
    let now = state.clock.now();
    let mut ev = AuditEvent::new(now, "bench", "api_token.create");
    ev.subject = Some("user:officer".into());
    ev.detail = "benchmark client".into();
    state
        .store
        .create_api_token(
            NewApiToken {
                token_hash: limes_store::token_hash(&token),
                user_id: officer.id,
                name: "bench checks".into(),
                created_at: now,
            },
            ev,
        )
        .await?;
    let alerts = state.store.document_alert_count().await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server_state = state.clone();
    let server = tokio::spawn(async move { limes_server::serve(server_state, listener).await });

    let pool = Arc::new(mrz_pool(state.clock.today()));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let url = format!("http://{addr}/api/v1/checks");
    println!(
        "bench checks: {clients} clients for {seconds} s against http://{addr} ({alerts} document alerts, {} watchlist entries, SQLite synchronous=FULL)",
        state.screener.list_infos().iter().map(|l| l.entries).sum::<usize>()
    );
    // Warm-up: a few checks so the first connections and caches are not measured.
    for mrz in pool.iter().take(20) {
        let _ = client
            .post(&url)
            .bearer_auth(&token)
            .json(&serde_json::json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": "entry"}))
            .send()
            .await?;
    }
    let started = Instant::now();
    let deadline = started + std::time::Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let (client, url, token, pool) = (client.clone(), url.clone(), token.clone(), pool.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut i = worker * 7919;
            while Instant::now() < deadline {
                let mrz = &pool[i % pool.len()];
                i += 1;
                let t = Instant::now();
                let res = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": if i % 2 == 0 { "entry" } else { "exit" }}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await?;
        all.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    server.abort();
    all.sort_by(|a, b| a.total_cmp(b));
    let rate = all.len() as f64 / elapsed;
    println!(
        "checks: {} ok, {errors} failed in {elapsed:.1} s",
        all.len()
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&all, 0.5),
        percentile(&all, 0.9),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(0.0)
    );
    println!(
        "checks_per_s={:.0} p50_ms={:.2} p99_ms={:.2}",
        rate,
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
    if errors > 0 {
        anyhow::bail!("{errors} checks failed");
    }
    Ok(())
}

fn bench_mrz(seconds: u64) -> anyhow::Result<()> {
    let today = limes_domain::SystemClock.today();
    let mut inputs = mrz_pool(today);
    // TD1 and a broken one, so the error paths are measured too.
    inputs.push("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<".into());
    inputs.push("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1O".into());
    let started = Instant::now();
    let deadline = std::time::Duration::from_secs(seconds);
    let mut n = 0u64;
    let mut valid = 0u64;
    while started.elapsed() < deadline {
        for m in &inputs {
            if limes_mrz::parse(m, today).valid {
                valid += 1;
            }
        }
        n += inputs.len() as u64;
    }
    let secs = started.elapsed().as_secs_f64();
    println!("mrz: {n} parsed ({valid} valid) in {secs:.2} s on one core");
    println!(
        "mrz_per_s={:.0} us_per_mrz={:.3}",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
    Ok(())
}

/// The 260-passenger GTAS test message, embedded for the benchmark.
const PAXLST_260: &[u8] = include_bytes!("../../limes-edifact/tests/fixtures/gtas_Test3_D02B.txt");

fn bench_paxlst(seconds: u64) -> anyhow::Result<()> {
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
