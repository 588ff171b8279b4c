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
        /// Run against this database instead of SQLite in --dir, e.g. postgres://limes@127.0.0.1:5432/limes
        /// (the demo data is created in it when it has no users yet).
        #[arg(long)]
        database: Option<String>,
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
    /// Advance passenger information: 400-passenger manifests parsed, screened (watchlists, document-alert
    /// register, targeting rules) and committed; latency one at a time, then sustained intake.
    Api {
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 400)]
        passengers: usize,
        #[arg(long, default_value_t = 50)]
        rules: usize,
        /// Concurrent senders during the sustained run.
        #[arg(long, default_value_t = 4)]
        senders: usize,
        /// Data directory (the demo's data plus the benchmark rules; created when missing).
        #[arg(long, default_value = "limes-bench-api-data")]
        dir: PathBuf,
        /// Run against this database instead of SQLite in --dir, e.g. postgres://limes@127.0.0.1:5432/limes
        /// (the demo data is created in it when it has no users yet).
        #[arg(long)]
        database: Option<String>,
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
        /// The centre on this PostgreSQL database (postgres://…) instead of SQLite in a temporary directory.
        #[arg(long)]
        database: Option<String>,
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
        /// Threads for the batch run (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Checks {
            seconds,
            clients,
            dir,
            database,
        } => bench_checks(seconds, clients, dir, database).await,
        BenchCommand::Mrz { seconds } => bench_mrz(seconds),
        BenchCommand::Api {
            seconds,
            passengers,
            rules,
            senders,
            dir,
            database,
        } => bench_api(seconds, passengers, rules, senders, dir, database).await,
        BenchCommand::Paxlst { seconds } => bench_paxlst(seconds),
        BenchCommand::Screen {
            watchlists,
            travellers,
            synthetic_names,
            threads,
        } => bench_screen(&watchlists, travellers, synthetic_names, threads),
        BenchCommand::Sync {
            records,
            nodes,
            entries,
            database,
        } => crate::bench_sync::run(records, nodes, entries, database).await,
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

fn bench_screen(
    paths: &[PathBuf],
    travellers: usize,
    synthetic_names: usize,
    threads: Option<usize>,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let lists = load_lists(paths)?;
    let cases =
        limes_screen::eval::generate(&lists, travellers / 10, travellers - travellers / 10, 11);
    let mut all = lists;
    let rss_before = resident_mb();
    if synthetic_names > 0 {
        let started = Instant::now();
        let synthetic = limes_screen::eval::synthetic_list(&all, synthetic_names, 7);
        println!(
            "synthetic list: {synthetic_names} person names generated in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        all.push(synthetic);
    }
    let rss_lists = resident_mb();
    let started = Instant::now();
    let engine = limes_screen::Engine::build(all.into_iter().map(Arc::new).collect());
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or_else(rayon::current_num_threads))
        .build()?;
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
    // Per traveller on one core: wall time (a busy machine inflates it with the wait for the CPU) and the
    // thread's own CPU time (the work, honest under load; only cache contention from others still shows).
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
    // The listed travellers among them: does the engine still find them at this list size?
    let listed: Vec<&limes_screen::eval::Case> =
        cases.iter().filter(|c| c.expected.is_some()).collect();
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

/// CPU time the calling thread has used, in seconds (its own clock: time spent waiting for a core is not in it).
fn thread_cpu_s() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid, exclusive pointer to a local.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// User and system CPU time of this process so far, in seconds (from /proc; 0 where there is none).
fn process_cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = f.get(11)?.parse().ok()?;
            let stime: f64 = f.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
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

async fn bench_checks(
    seconds: u64,
    clients: usize,
    dir: PathBuf,
    database: Option<String>,
) -> anyhow::Result<()> {
    crate::init_logging("text");
    if database.is_none() && !dir.join("limes.db").exists() {
        println!("demo data missing in {}: creating it first", dir.display());
    }
    demo::run(
        &dir,
        database.as_deref(),
        "127.0.0.1:0",
        true,
        demo::DOCUMENT_ALERTS,
    )
    .await?;
    let cfg = limes_server::config::Config {
        database: demo::database_url(&dir, database.as_deref()),
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
        "bench checks: {clients} clients for {seconds} s against http://{addr} ({alerts} document alerts, {} watchlist entries, {})",
        state.screener.list_infos().iter().map(|l| l.entries).sum::<usize>(),
        match state.store.backend() {
            "sqlite" => "SQLite synchronous=FULL".to_string(),
            other => format!("{other} backend"),
        }
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

async fn bench_api(
    seconds: u64,
    passengers: usize,
    rules: usize,
    senders: usize,
    dir: PathBuf,
    database: Option<String>,
) -> anyhow::Result<()> {
    crate::init_logging("text");
    demo::run(
        &dir,
        database.as_deref(),
        "127.0.0.1:0",
        true,
        demo::DOCUMENT_ALERTS,
    )
    .await?;
    let cfg = limes_server::config::Config {
        database: demo::database_url(&dir, database.as_deref()),
        api_arrival_bcps: crate::demo_api::ARRIVAL_AIRPORTS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        ..Default::default()
    };
    let state = crate::state_for(cfg).await?;
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
    let in_force = limes_server::pax::rules_in_force(&state).await?.set.len();
    let alerts = state.store.document_alert_count().await?;
    println!(
        "api: {passengers}-passenger manifests; {} watchlist entries, {alerts} document alerts, {in_force} rules in force",
        state.screener.list_infos().iter().map(|l| l.entries).sum::<usize>()
    );
    let today = state.clock.today();
    let mut rng = StdRng::seed_from_u64(now.timestamp() as u64);
    let run_id = now.format("%H%M%S").to_string();
    let make = |rng: &mut StdRng, i: usize| {
        crate::demo_api::manifest(
            rng,
            today,
            ("BM900", "BM", "IST", "", "UTC", 12),
            passengers,
            format!("B{run_id}{i:06}"),
        )
        .to_edifact()
        .into_bytes()
    };
    // Latency: one manifest at a time, bytes in to screened manifest committed.
    let mut lat = Vec::new();
    let mut stages = limes_server::pax::Stages::default();
    let mut bytes_total = 0usize;
    for i in 0..30 {
        let edi = make(&mut rng, i);
        bytes_total += edi.len();
        let t = Instant::now();
        let report = limes_server::pax::intake(
            &state,
            &edi,
            "bench",
            AuditEvent::new(now, "bench", "api.intake"),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
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
    // Sustained: `senders` carriers at once for `seconds`.
    let pool: Vec<Vec<u8>> = (0..senders * 50)
        .map(|i| make(&mut rng, 1000 + i))
        .collect();
    let pool = Arc::new(pool);
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
                let ok = limes_server::pax::intake(
                    &state,
                    &pool[i],
                    "bench",
                    AuditEvent::new(now, "bench", "api.intake"),
                )
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
