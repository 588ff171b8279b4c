//! `limes bench checks`: border checks through the HTTP API on loopback against the demo data, each durably
//! recorded, from several clients at once.
use super::measure::percentile;
use super::mrz::mrz_pool;
use crate::commands::demo;
use anyhow::Context;
use limes_app::App;
use limes_domain::AuditEvent;
use limes_store::NewApiToken;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub async fn run(
    seconds: u64,
    clients: usize,
    dir: PathBuf,
    database: Option<String>,
) -> anyhow::Result<()> {
    crate::init_logging("text");
    if database.is_none() && !dir.join("limes.db").exists() {
        println!("demo data missing in {}: creating it first", dir.display());
    }
    demo::start(
        &dir,
        database.as_deref(),
        "127.0.0.1:0",
        true,
        demo::DOCUMENT_ALERTS,
    )
    .await?;
    let cfg = limes_server::config::Config {
        database: demo::database_url(&dir, database.as_deref()).into(),
        ..Default::default()
    };
    let key = limes_server::load_or_create_key(&crate::common::key_path(&cfg))?;
    let state = crate::common::app_for(cfg).await?;
    let token = officer_token(&state).await?;
    let alerts = state.store.document_alert_count().await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server_state = state.clone();
    let server = tokio::spawn(async move {
        limes_server::serve(limes_server::web_state(server_state, key), listener).await
    });

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
        let terminal = Terminal {
            client: client.clone(),
            url: url.clone(),
            token: token.clone(),
            pool: pool.clone(),
        };
        tasks.push(tokio::spawn(terminal.check_until(deadline, worker * 7919)));
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
    report(all, errors, elapsed)
}

/// A new API token of the demo's officer, for the benchmark's clients.
async fn officer_token(state: &App) -> anyhow::Result<String> {
    let officer = state
        .store
        .user_credentials("officer")
        .await?
        .map(|(u, _)| u)
        .context("the demo user 'officer' is missing")?;
    let token = limes_app::users::new_secret();
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
    Ok(token)
}

/// One client: an officer's terminal or an e-gate checking travellers from the pool.
struct Terminal {
    client: reqwest::Client,
    url: String,
    token: String,
    pool: Arc<Vec<String>>,
}

impl Terminal {
    /// Check one traveller after another until the deadline, from `first` in the pool on; the latency of each
    /// check that succeeded (ms) and the number that failed.
    async fn check_until(self, deadline: Instant, first: usize) -> (Vec<f64>, u64) {
        let mut latencies = Vec::new();
        let mut errors = 0u64;
        let mut i = first;
        while Instant::now() < deadline {
            let mrz = &self.pool[i % self.pool.len()];
            i += 1;
            let t = Instant::now();
            let res = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token)
                .json(&serde_json::json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": if i.is_multiple_of(2) { "entry" } else { "exit" }}))
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
    }
}

/// The rate and latency percentiles; an error when any check failed.
fn report(mut all: Vec<f64>, errors: u64, elapsed: f64) -> anyhow::Result<()> {
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
