//! `limes bench sync`: real nats-server processes on loopback (a JetStream hub and a leaf node, as at a BCP).
//! 1. A BCP node's backlog, built while it was cut off, drains to the centre: records per second.
//! 2. A watchlist change at the centre reaches every BCP node: time until the last one holds it.
//!
//! The centre runs on SQLite in a temporary directory, or on the PostgreSQL database given with `--database`
//! (the node ids are new each run, so the same database can take several runs).
use anyhow::Context;
use limes_domain::{AuditEvent, Clock, Direction, RecommendationLevel, SystemClock};
use limes_store::sync::{NodeRole, SyncStore};
use limes_store::{CrossingStore, NewCrossing, Store, TravelDocument};
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use limes_sync::local_nats::{nats_server_binary, NatsServer};
use limes_sync::SyncOptions;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn check(n: usize, clock: &dyn Clock) -> NewCrossing {
    NewCrossing {
        bcp: "LAND1".into(),
        direction: if n.is_multiple_of(2) {
            Direction::Entry
        } else {
            Direction::Exit
        },
        at: clock.now(),
        officer: "bench".into(),
        document: TravelDocument {
            document_code: "P".into(),
            document_number: format!("B{n:08}"),
            issuing_state: "UTO".into(),
            surname: "BENCH".into(),
            given_names: "MARK".into(),
            nationality: "UTO".into(),
            birth_date: None,
            sex: None,
            expiry_date: None,
        },
        input_method: "manual".into(),
        recommendation: RecommendationLevel::Clear,
        reasons: vec![],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    }
}

async fn wait_until<F, Fut>(what: &str, limit: Duration, mut f: F) -> anyhow::Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<bool>>,
{
    let start = Instant::now();
    while !f().await? {
        if start.elapsed() > limit {
            anyhow::bail!("{what}: not done after {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(start.elapsed())
}

pub async fn run(
    records: usize,
    nodes: usize,
    entries: usize,
    database: Option<String>,
) -> anyhow::Result<()> {
    let bin = nats_server_binary()
        .context("nats-server not found (apt-get install nats-server, or set NATS_SERVER)")?;
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let hub = NatsServer::hub(&bin, &d.join("hub"))?;
    let leaf = NatsServer::leaf(&bin, &d.join("leaf"), &hub, "bench")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = SyncOptions::default();

    // 1. The backlog: crossings and their audit entries, two outbox rows per check, made while cut off.
    let (centre, centre_sync): (Arc<dyn Store>, Arc<dyn SyncStore>) = match database.as_deref() {
        Some(url) if limes_store_postgres::is_postgres_url(url) => {
            let pg = Arc::new(PgStore::open(url).await.with_context(|| {
                format!("opening {}", limes_store_postgres::redact_url(url))
            })?);
            (pg.clone(), pg)
        }
        Some(other) => anyhow::bail!(
            "--database takes a postgres:// URL, not '{other}' (without it the centre runs on SQLite in a temporary directory)"
        ),
        None => {
            let s = Arc::new(SqliteStore::open(d.join("centre.db"))?);
            (s.clone(), s)
        }
    };
    centre_sync
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await?;
    // New node ids each run: a centre database that took earlier runs keeps their nodes apart.
    let run_id = limes_store::new_id();
    let run_id = run_id.rsplit('-').next().unwrap_or("run").to_string();
    let edge = SqliteStore::open(d.join("edge.db"))?;
    let identity = edge
        .set_sync_identity(
            NodeRole::Bcp,
            &format!("LAND1-bench-{run_id}"),
            Some("LAND1"),
        )
        .await?;
    let checks = records.div_ceil(2);
    let made = Instant::now();
    let mut workers = Vec::new();
    for w in 0..32 {
        let (edge, clock) = (edge.clone(), clock.clone());
        workers.push(tokio::spawn(async move {
            for n in (w..checks).step_by(32) {
                let mut ev = AuditEvent::new(clock.now(), "bench", "check.run");
                ev.bcp = Some("LAND1".into());
                edge.record_check(check(n, clock.as_ref()), ev).await?;
            }
            anyhow::Ok(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let backlog = edge.outbox_backlog().await?;
    println!(
        "bench sync: the centre on {}; backlog of {backlog} outbox rows ({checks} checks with their audit entries) made in {:.1} s",
        centre.backend(),
        made.elapsed().as_secs_f64()
    );
    let centre_client = limes_sync::connect(&hub.url(), "bench-centre").await?;
    let mut tasks = limes_sync::centre::spawn(
        centre_sync.clone(),
        centre_client,
        "centre".into(),
        clock.clone(),
        options.clone(),
    )
    .await?;
    let started = Instant::now();
    let edge_client = limes_sync::connect(&leaf.url(), "bench-edge").await?;
    tasks.extend(limes_sync::edge::spawn(
        Arc::new(edge.clone()),
        edge_client,
        &identity,
        clock.clone(),
        options.clone(),
    )?);
    let target = backlog;
    wait_until("backlog drain", Duration::from_secs(600), || async {
        let n = centre_sync.nodes().await?;
        Ok(n.iter()
            .any(|n| n.node == identity.node && n.records >= target))
    })
    .await?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "  drained {target} records to the centre through the leaf node in {took:.2} s: {:.0} records/s (target >= 5000)",
        target as f64 / took
    );

    // 2. A watchlist change fanned out to `nodes` BCP nodes, each with its own database and durable consumer.
    let mut edges = Vec::new();
    for i in 0..nodes {
        let store = SqliteStore::open(d.join(format!("node{i}.db")))?;
        let id = store
            .set_sync_identity(
                NodeRole::Bcp,
                &format!("SEA{i}-bench-{run_id}"),
                Some(&format!("SEA{i}")),
            )
            .await?;
        let client = limes_sync::connect(&leaf.url(), &format!("bench-node{i}")).await?;
        tasks.extend(limes_sync::edge::spawn(
            Arc::new(store.clone()),
            client,
            &id,
            clock.clone(),
            options.clone(),
        )?);
        edges.push(store);
    }
    // Every node has caught up with the stream: its durable consumer exists and has nothing pending (a node
    // that is still starting would otherwise count its start-up in the fan-out).
    let observer = limes_sync::jetstream(limes_sync::connect(&hub.url(), "bench-observer").await?);
    let consumers: Vec<String> = (0..nodes)
        .map(|i| limes_sync::edge::down_consumer_name(&format!("SEA{i}-bench-{run_id}")))
        .collect();
    wait_until("every node's consumer", Duration::from_secs(60), || async {
        let stream = observer
            .get_stream(limes_sync::DOWN_STREAM)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for name in &consumers {
            match stream.consumer_info(name).await {
                Ok(info) if info.num_pending == 0 && info.num_ack_pending == 0 => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    })
    .await?;
    let mut list = limes_screen::eval::synthetic_list(&crate::bench::load_lists(&[])?, entries, 7);
    list.id = "national".into();
    let first_version = centre_sync
        .list_versions()
        .await?
        .watchlists
        .get("national")
        .copied()
        .unwrap_or(0);
    let t = Instant::now();
    let audit = AuditEvent::new(clock.now(), "bench", "watchlist.import");
    limes_server::api::persist_watchlist(centre.as_ref(), audit, &list, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let want = first_version + 1;
    let json_len = serde_json::to_string(&list)?.len();
    wait_until("watchlist fan-out", Duration::from_secs(60), || async {
        for e in &edges {
            if e.list_versions().await?.watchlists.get("national") != Some(&want) {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    println!(
        "  watchlist change of {entries} entries ({:.0} KB) stored at the centre and held by all {nodes} BCP nodes in {:.3} s (target <= 2 s)",
        json_len as f64 / 1024.0,
        t.elapsed().as_secs_f64()
    );

    // 3. A change of the same number of entries inside a list twenty times larger goes down as a delta: the
    // larger list first (whole), then the change (half the entries renamed, a quarter removed, a quarter new).
    let mut big =
        limes_screen::eval::synthetic_list(&crate::bench::load_lists(&[])?, entries * 20, 11);
    // A list of its own per run: a centre database used again must not send a delta of a version these new
    // nodes never had (a real node would have it from the stream's history).
    big.id = format!("national-large-{run_id}");
    let t = Instant::now();
    let version = store_and_wait(
        centre.as_ref(),
        centre_sync.as_ref(),
        &edges,
        &big,
        clock.as_ref(),
    )
    .await?;
    println!(
        "  a list of {} entries ({:.0} KB) sent whole to all {nodes} BCP nodes in {:.3} s (version {version})",
        big.entries.len(),
        serde_json::to_string(&big)?.len() as f64 / 1024.0,
        t.elapsed().as_secs_f64()
    );
    let (renamed, removed) = (entries / 2, entries / 4);
    let added = entries - renamed - removed;
    for e in big.entries.iter_mut().take(renamed) {
        if let Some(n) = e.names.first_mut() {
            n.full.push_str(" JUNIOR");
        }
    }
    let fresh: Vec<limes_screen::Entry> = big
        .entries
        .iter()
        .skip(renamed + removed)
        .take(added)
        .enumerate()
        .map(|(i, e)| limes_screen::Entry {
            entry_id: format!("NEW-{i}"),
            ..e.clone()
        })
        .collect();
    big.entries.drain(renamed..renamed + removed);
    big.entries.extend(fresh);
    let t = Instant::now();
    let version = store_and_wait(
        centre.as_ref(),
        centre_sync.as_ref(),
        &edges,
        &big,
        clock.as_ref(),
    )
    .await?;
    println!(
        "  watchlist change of {entries} entries ({renamed} changed, {removed} removed, {added} added) in a list of \
         {} entries, sent as a delta, held by all {nodes} BCP nodes in {:.3} s (version {version}; target <= 2 s)",
        big.entries.len(),
        t.elapsed().as_secs_f64()
    );
    for t in tasks {
        t.abort();
    }
    Ok(())
}

/// Store a list at the centre and wait until every node holds its new version.
async fn store_and_wait(
    centre: &dyn Store,
    centre_sync: &dyn SyncStore,
    edges: &[SqliteStore],
    list: &limes_screen::WatchList,
    clock: &dyn Clock,
) -> anyhow::Result<i64> {
    let audit = AuditEvent::new(clock.now(), "bench", "watchlist.import");
    limes_server::api::persist_watchlist(centre, audit, list, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let want = centre_sync
        .list_versions()
        .await?
        .watchlists
        .get(&list.id)
        .copied()
        .unwrap_or(0);
    wait_until("watchlist fan-out", Duration::from_secs(120), || async {
        for e in edges {
            if e.list_versions().await?.watchlists.get(&list.id) != Some(&want) {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    Ok(want)
}
