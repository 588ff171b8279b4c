//! `limes bench sync`: real nats-server processes on loopback (a JetStream hub and a leaf node, as at a BCP).
//! 1. A BCP node's backlog, built while it was cut off, drains to the centre: records per second.
//! 2. A watchlist change at the centre reaches every BCP node: time until the last one holds it.
//! 3. A change inside a much larger list goes down as a delta: time until the last node holds it.
//!
//! The centre runs on SQLite in a temporary directory, or on the PostgreSQL database given with `--database`
//! (the node ids are new each run, so the same database can take several runs).
use crate::tasks::BackgroundTasks;
use anyhow::Context;
use limes_domain::{AuditEvent, Clock, Direction, RecommendationLevel, SystemClock};
use limes_store::sync::{NodeRole, SyncIdentity, SyncStore};
use limes_store::{CrossingStore, NewCrossing, Store, TravelDocument};
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use limes_sync::local_nats::{nats_server_binary, NatsServer};
use limes_sync::SyncOptions;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the sync tasks get to stop once the benchmark is done.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// What every phase works with: the two NATS servers, the centre and the sync tasks started so far.
struct Bench {
    hub: NatsServer,
    leaf: NatsServer,
    centre: Arc<dyn Store>,
    centre_sync: Arc<dyn SyncStore>,
    clock: Arc<dyn Clock>,
    options: SyncOptions,
    /// New node ids and list ids each run: a centre database that took earlier runs keeps them apart.
    run_id: String,
    tasks: BackgroundTasks,
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
    let (centre, centre_sync) = open_centre(database.as_deref(), d).await?;
    centre_sync
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await?;
    let run_id = limes_store::new_id();
    let bench = Bench {
        hub,
        leaf,
        centre,
        centre_sync,
        clock: Arc::new(SystemClock),
        options: SyncOptions::default(),
        run_id: run_id.rsplit('-').next().unwrap_or("run").to_string(),
        tasks: BackgroundTasks::default(),
    };
    bench.backlog_drain(d, records).await?;
    let edges = bench.start_nodes(d, nodes).await?;
    bench.fan_out(&edges, entries).await?;
    bench.delta(&edges, entries).await?;
    bench.tasks.shutdown(STOP_GRACE).await;
    Ok(())
}

/// The centre's store: PostgreSQL when `--database` names it, else SQLite in the temporary directory.
async fn open_centre(
    database: Option<&str>,
    dir: &Path,
) -> anyhow::Result<(Arc<dyn Store>, Arc<dyn SyncStore>)> {
    match database {
        Some(url) if limes_store_postgres::is_postgres_url(url) => {
            let pg = Arc::new(PgStore::open(url).await.with_context(|| {
                format!("opening {}", limes_store_postgres::redact_url(url))
            })?);
            Ok((pg.clone(), pg))
        }
        Some(other) => anyhow::bail!(
            "--database takes a postgres:// URL, not '{other}' (without it the centre runs on SQLite in a temporary directory)"
        ),
        None => {
            let s = Arc::new(SqliteStore::open(dir.join("centre.db"))?);
            Ok((s.clone(), s))
        }
    }
}

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

/// Checks recorded at a node from 32 writers at once, as many as make `checks` in all.
async fn record_checks(
    edge: &SqliteStore,
    clock: &Arc<dyn Clock>,
    checks: usize,
) -> anyhow::Result<()> {
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
    Ok(())
}

impl Bench {
    /// Start a BCP node's sync tasks on the leaf node; they are stopped when the benchmark ends.
    async fn start_edge(
        &self,
        store: &SqliteStore,
        identity: &SyncIdentity,
        client_name: &str,
    ) -> anyhow::Result<()> {
        let client = limes_sync::connect(&self.leaf.url(), client_name).await?;
        let store: Arc<dyn SyncStore> = Arc::new(store.clone());
        let handles = limes_sync::edge::spawn(
            store,
            client,
            identity,
            self.clock.clone(),
            self.options.clone(),
        )?;
        for task in handles {
            self.tasks.adopt(task);
        }
        Ok(())
    }

    /// Phase 1, the backlog: crossings and their audit entries, two outbox rows per check, made while cut off, then
    /// drained to the centre through the leaf node.
    async fn backlog_drain(&self, dir: &Path, records: usize) -> anyhow::Result<()> {
        let edge = SqliteStore::open(dir.join("edge.db"))?;
        let identity = edge
            .set_sync_identity(
                NodeRole::Bcp,
                &format!("LAND1-bench-{}", self.run_id),
                Some("LAND1"),
            )
            .await?;
        let checks = records.div_ceil(2);
        let made = Instant::now();
        record_checks(&edge, &self.clock, checks).await?;
        let backlog = edge.outbox_backlog().await?;
        println!(
            "bench sync: the centre on {}; backlog of {backlog} outbox rows ({checks} checks with their audit entries) made in {:.1} s",
            self.centre.backend(),
            made.elapsed().as_secs_f64()
        );
        let centre_client = limes_sync::connect(&self.hub.url(), "bench-centre").await?;
        let handles = limes_sync::centre::spawn(
            self.centre_sync.clone(),
            centre_client,
            "centre".into(),
            self.clock.clone(),
            self.options.clone(),
        )
        .await?;
        for task in handles {
            self.tasks.adopt(task);
        }
        let started = Instant::now();
        self.start_edge(&edge, &identity, "bench-edge").await?;
        let target = backlog;
        wait_until("backlog drain", Duration::from_secs(600), || async {
            let n = self.centre_sync.nodes().await?;
            Ok(n.iter()
                .any(|n| n.node == identity.node && n.records >= target))
        })
        .await?;
        let took = started.elapsed().as_secs_f64();
        println!(
            "  drained {target} records to the centre through the leaf node in {took:.2} s: {:.0} records/s (target >= 5000)",
            target as f64 / took
        );
        Ok(())
    }

    /// `nodes` BCP nodes, each with its own database and durable consumer, caught up with the stream.
    async fn start_nodes(&self, dir: &Path, nodes: usize) -> anyhow::Result<Vec<SqliteStore>> {
        let run_id = &self.run_id;
        let mut edges = Vec::new();
        for i in 0..nodes {
            let store = SqliteStore::open(dir.join(format!("node{i}.db")))?;
            let id = store
                .set_sync_identity(
                    NodeRole::Bcp,
                    &format!("SEA{i}-bench-{run_id}"),
                    Some(&format!("SEA{i}")),
                )
                .await?;
            self.start_edge(&store, &id, &format!("bench-node{i}"))
                .await?;
            edges.push(store);
        }
        // Every node has caught up with the stream: its durable consumer exists and has nothing pending (a node
        // that is still starting would otherwise count its start-up in the fan-out).
        let observer =
            limes_sync::jetstream(limes_sync::connect(&self.hub.url(), "bench-observer").await?);
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
        Ok(edges)
    }

    /// Phase 2: a watchlist change fanned out to every BCP node.
    async fn fan_out(&self, edges: &[SqliteStore], entries: usize) -> anyhow::Result<()> {
        let mut list = limes_screen::eval::synthetic_list(&super::load_lists(&[])?, entries, 7);
        list.id = "national".into();
        let first_version = self
            .centre_sync
            .list_versions()
            .await?
            .watchlists
            .get("national")
            .copied()
            .unwrap_or(0);
        let t = Instant::now();
        persist_watchlist(self.centre.as_ref(), &list, self.clock.as_ref()).await?;
        let want = first_version + 1;
        let json_len = serde_json::to_string(&list)?.len();
        wait_until("watchlist fan-out", Duration::from_secs(60), || async {
            for e in edges {
                if e.list_versions().await?.watchlists.get("national") != Some(&want) {
                    return Ok(false);
                }
            }
            Ok(true)
        })
        .await?;
        println!(
            "  watchlist change of {entries} entries ({:.0} KB) stored at the centre and held by all {} BCP nodes in {:.3} s (target <= 2 s)",
            json_len as f64 / 1024.0,
            edges.len(),
            t.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Phase 3: a change of the same number of entries inside a list twenty times larger goes down as a delta: the
    /// larger list first (whole), then the change (half the entries renamed, a quarter removed, a quarter new).
    async fn delta(&self, edges: &[SqliteStore], entries: usize) -> anyhow::Result<()> {
        let nodes = edges.len();
        let mut big =
            limes_screen::eval::synthetic_list(&super::load_lists(&[])?, entries * 20, 11);
        // A list of its own per run: a centre database used again must not send a delta of a version these new
        // nodes never had (a real node would have it from the stream's history).
        big.id = format!("national-large-{}", self.run_id);
        let t = Instant::now();
        let version = self.store_and_wait(edges, &big).await?;
        println!(
            "  a list of {} entries ({:.0} KB) sent whole to all {nodes} BCP nodes in {:.3} s (version {version})",
            big.entries.len(),
            serde_json::to_string(&big)?.len() as f64 / 1024.0,
            t.elapsed().as_secs_f64()
        );
        let (renamed, removed) = (entries / 2, entries / 4);
        let added = entries - renamed - removed;
        change_entries(&mut big, renamed, removed, added);
        let t = Instant::now();
        let version = self.store_and_wait(edges, &big).await?;
        println!(
            "  watchlist change of {entries} entries ({renamed} changed, {removed} removed, {added} added) in a list of \
             {} entries, sent as a delta, held by all {nodes} BCP nodes in {:.3} s (version {version}; target <= 2 s)",
            big.entries.len(),
            t.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Store a list at the centre and wait until every node holds its new version.
    async fn store_and_wait(
        &self,
        edges: &[SqliteStore],
        list: &limes_screen::WatchList,
    ) -> anyhow::Result<i64> {
        persist_watchlist(self.centre.as_ref(), list, self.clock.as_ref()).await?;
        let want = self
            .centre_sync
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
}

/// Rename the first `renamed` entries, remove the next `removed` and add `added` new ones.
fn change_entries(
    list: &mut limes_screen::WatchList,
    renamed: usize,
    removed: usize,
    added: usize,
) {
    for e in list.entries.iter_mut().take(renamed) {
        if let Some(n) = e.names.first_mut() {
            n.full.push_str(" JUNIOR");
        }
    }
    let fresh: Vec<limes_screen::Entry> = list
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
    list.entries.drain(renamed..renamed + removed);
    list.entries.extend(fresh);
}

/// The application's watchlist-import service, as the benchmark.
async fn persist_watchlist(
    centre: &dyn Store,
    list: &limes_screen::WatchList,
    clock: &dyn Clock,
) -> anyhow::Result<u64> {
    let audit = AuditEvent::new(clock.now(), "bench", "watchlist.import");
    Ok(limes_app::lists::save_watchlist(centre, audit, list, "bench").await?)
}
