//! Two `limes serve` processes synced through real nats-server processes on 127.0.0.1 (a hub with JetStream
//! for the centre, a leaf node for the BCP): the BCP node is killed with SIGKILL in the middle of checks and
//! of its sync, started again, and every check it had acknowledged reaches the centre exactly once, with the
//! node's audit chain whole. Then `limes sync status` reports the node.
//!
//! The centre runs on PostgreSQL, started as the issue shows (`limes serve --role centre --database
//! postgres://… --nats nats://…`), on a throwaway cluster from `limes_testkit::postgres`. Only when no
//! PostgreSQL server can be had and `REQUIRE_POSTGRES` is unset does it fall back to SQLite.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_domain::{AuditEvent, Bcp, BcpKind, Clock, SystemClock};
use limes_store::prelude::*;
use limes_store::NewApiToken;
use limes_store_sqlite::SqliteStore;
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
use limes_testkit::postgres::{database_for_test, postgres_required, TestDatabase};
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Child;

mod common;
use common::{limes_command, run_ok, spawn_listening, user_add};
use std::time::{Duration, Instant};

/// Checks sent to the BCP node; it is killed after about half of them were acknowledged.
const CHECKS: usize = 2_000;
const CLIENTS: usize = 8;
const PASSWORD: &str = "a-long-enough-password";

/// A `limes` process, killed with SIGKILL on drop.
struct Limes(Option<Child>);

impl Limes {
    fn kill9(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill(); // SIGKILL on Unix
            let _ = c.wait();
        }
    }
}

impl Drop for Limes {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The centre's database: PostgreSQL, or SQLite when no PostgreSQL server can be had (and it is not required).
enum CentreDb {
    Postgres(TestDatabase),
    Sqlite(PathBuf),
}

impl CentreDb {
    async fn new(test: &str, dir: &Path) -> CentreDb {
        match database_for_test(test).await.unwrap() {
            Some(db) => {
                eprintln!("the centre runs on PostgreSQL");
                CentreDb::Postgres(db)
            }
            None => {
                assert!(!postgres_required());
                eprintln!("the centre runs on SQLite (no PostgreSQL server)");
                CentreDb::Sqlite(dir.join("centre.db"))
            }
        }
    }

    /// What `--database` is given.
    fn arg(&self) -> OsString {
        match self {
            CentreDb::Postgres(db) => db.url().into(),
            CentreDb::Sqlite(path) => path.clone().into_os_string(),
        }
    }

    /// The first column of a query (the same SQL on both backends), behind the server's back.
    async fn column(&self, sql: &str) -> Vec<String> {
        match self {
            CentreDb::Postgres(db) => db.query_column(sql).await.unwrap(),
            CentreDb::Sqlite(path) => {
                let c = rusqlite::Connection::open_with_flags(
                    path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )
                .unwrap();
                c.busy_timeout(Duration::from_secs(5)).unwrap();
                let mut st = c.prepare(sql).unwrap();
                let rows = st
                    .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
                    .unwrap()
                    .map(|v| match v.unwrap() {
                        rusqlite::types::Value::Integer(i) => i.to_string(),
                        rusqlite::types::Value::Text(t) => t,
                        other => format!("{other:?}"),
                    })
                    .collect();
                rows
            }
        }
    }

    async fn count(&self, sql: &str) -> i64 {
        let col = self.column(sql).await;
        assert_eq!(col.len(), 1, "{sql}: one row expected");
        col[0].parse().unwrap()
    }
}

/// A `limes` command on the database `db` (a path or a URL), run in `cwd` (where a PostgreSQL node keeps
/// its key file); it must succeed.
fn limes_cmd(cwd: &Path, db: &OsStr, args: &[&str], stdin: &str) {
    run_ok(
        limes_command()
            .args(args)
            .current_dir(cwd)
            .env("LIMES_DATABASE", db),
        stdin,
    );
}

/// `limes serve ARGS --listen 127.0.0.1:PORT --heartbeat-secs 1`, run in `cwd`.
fn serve(cwd: &Path, args: &[OsString], port: u16, log: PathBuf) -> Limes {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let child = spawn_listening(
        limes_command()
            .arg("serve")
            .args(args)
            .args([
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--heartbeat-secs",
                "1",
            ])
            .current_dir(cwd)
            .env("LIMES_LOG", "info,limes_sync=debug"),
        port,
        log,
    );
    Limes(Some(child))
}

/// An officer with an API token and the BCP, written straight into the node's database before it serves.
async fn prepare_edge(cwd: &Path, db: &Path) -> String {
    limes_cmd(
        cwd,
        db.as_os_str(),
        &["init", "--agency-code", "BP", "--password-stdin"],
        PASSWORD,
    );
    limes_cmd(
        cwd,
        db.as_os_str(),
        &user_add("officer", "first_line_officer", "BP"),
        PASSWORD,
    );
    let store = SqliteStore::open(db).unwrap();
    let now = SystemClock.now();
    let bcp = Bcp {
        code: "LAND1".into(),
        name: "Land border 1".into(),
        kind: BcpKind::Land,
        border_section: "north".into(),
        neighbour: None,
        agency: "BP".into(),
        latitude: None,
        longitude: None,
        active: true,
    };
    store
        .upsert_bcp(&bcp, AuditEvent::new(now, "test", "bcp.upsert"))
        .await
        .unwrap();
    let officer = store.user_credentials("officer").await.unwrap().unwrap().0;
    let token = "sync-test-token-0123456789abcdef".to_string();
    store
        .create_api_token(
            NewApiToken {
                token_hash: limes_store::token_hash(&token),
                user_id: officer.id,
                name: "sync test".into(),
                created_at: now,
            },
            AuditEvent::new(now, "test", "api_token.create"),
        )
        .await
        .unwrap();
    token
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_of_the_bcp_node_loses_no_acknowledged_check() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let d = dir.path();
    let hub = NatsServer::hub(&bin, &d.join("hub")).unwrap();
    let leaf = NatsServer::leaf(&bin, &d.join("leaf"), &hub, "land1").unwrap();
    let centre_db = CentreDb::new("kill_9_of_the_bcp_node_loses_no_acknowledged_check", d).await;
    let edge_db = d.join("edge.db");
    let centre_dir = d.join("centre");
    std::fs::create_dir_all(&centre_dir).unwrap();

    limes_cmd(
        &centre_dir,
        &centre_db.arg(),
        &["init", "--password-stdin"],
        PASSWORD,
    );
    let (centre_port, edge_port) = (free_port().unwrap(), free_port().unwrap());
    // As the issue shows: limes serve --role centre --database postgres://… --nats nats://…
    let centre_args: Vec<OsString> = vec![
        "--role".into(),
        "centre".into(),
        "--database".into(),
        centre_db.arg(),
        "--nats".into(),
        hub.url().into(),
    ];
    let _centre = serve(&centre_dir, &centre_args, centre_port, d.join("centre.log"));
    let token = prepare_edge(d, &edge_db).await;
    let bcp_args: Vec<OsString> = [
        "--role",
        "bcp",
        "--bcp",
        "LAND1",
        "--node",
        "LAND1-k9",
        "--database",
    ]
    .iter()
    .map(OsString::from)
    .chain([
        edge_db.clone().into_os_string(),
        "--nats".into(),
        leaf.url().into(),
    ])
    .collect();
    let mut edge = serve(d, &bcp_args, edge_port, d.join("edge.log"));

    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{edge_port}/api/v1/checks");
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for w in 0..CLIENTS {
        let (client, url, token, acked) =
            (client.clone(), url.clone(), token.clone(), acked.clone());
        workers.push(tokio::spawn(async move {
            for n in (w..CHECKS).step_by(CLIENTS) {
                let body = serde_json::json!({
                    "bcp": "LAND1",
                    "direction": "entry",
                    "document": {
                        "document_code": "P", "issuing_state": "UTO", "document_number": format!("K{n:07}"),
                        "surname": "NILSSON", "given_names": "KARL", "nationality": "UTO",
                        "birth_date": "1980-01-02", "sex": "M", "expiry_date": "2031-01-01"
                    }
                });
                let Ok(res) = client.post(&url).bearer_auth(&token).json(&body).send().await else { break };
                if !res.status().is_success() {
                    let status = res.status();
                    panic!("check refused: {status} {}", res.text().await.unwrap_or_default());
                }
                let Ok(v) = res.json::<serde_json::Value>().await else { break };
                acked.lock().unwrap().push(v["crossing_id"].as_str().unwrap().to_string());
            }
        }));
    }
    // Kill -9 the node in the middle of the checks and of its relay.
    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.lock().unwrap().len() < CHECKS / 2 {
        assert!(Instant::now() < deadline, "checks too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // … once the sync is under way: the centre has taken in some of them already.
    while centre_db
        .count("SELECT count(*) FROM crossings WHERE bcp = 'LAND1'")
        .await
        == 0
    {
        assert!(Instant::now() < deadline, "no record reached the centre");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    edge.kill9();
    for w in workers {
        w.await.unwrap();
    }
    let acked: HashSet<String> = acked.lock().unwrap().iter().cloned().collect();
    assert!(
        acked.len() >= CHECKS / 2 && acked.len() < CHECKS,
        "{} acknowledged",
        acked.len()
    );
    let at_kill = centre_db
        .count("SELECT count(*) FROM crossings WHERE bcp = 'LAND1'")
        .await;
    eprintln!(
        "{} checks acknowledged before kill -9; {at_kill} at the centre then",
        acked.len()
    );
    assert!(at_kill > 0, "the kill came before the sync had started");

    // Start it again: its outbox still holds what was not acknowledged by the stream.
    let _edge = serve(d, &bcp_args, edge_port, d.join("edge.log"));
    let edge_crossings = count(&edge_db, "SELECT count(*) FROM crossings");
    assert!(edge_crossings as usize >= acked.len());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let centre_n = centre_db
            .count("SELECT count(*) FROM crossings WHERE bcp = 'LAND1'")
            .await;
        let backlog = count(&edge_db, "SELECT count(*) FROM sync_outbox");
        if centre_n == edge_crossings && backlog == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "centre has {centre_n} of {edge_crossings} crossings; backlog {backlog}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Every acknowledged check is at the centre, once (ids are keys; ingest is keyed by node and outbox seq).
    let at_centre: HashSet<String> = centre_db
        .column("SELECT id FROM crossings WHERE bcp = 'LAND1'")
        .await
        .into_iter()
        .collect();
    assert!(
        acked.is_subset(&at_centre),
        "acknowledged checks missing at the centre"
    );
    let edge_audit = count(&edge_db, "SELECT count(*) FROM audit_log");
    let edge_outbox_seq = count(
        &edge_db,
        "SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'",
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ingested = centre_db
            .count("SELECT count(*) FROM sync_ingested WHERE node = 'LAND1-k9'")
            .await;
        if ingested == edge_outbox_seq {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{ingested} of {edge_outbox_seq} outbox rows ingested"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The node's whole audit chain (from before it became a BCP node, too), kept apart and verifiable.
    let node_audit = centre_db
        .count("SELECT count(*) FROM sync_node_audit WHERE node = 'LAND1-k9'")
        .await;
    assert_eq!(node_audit, edge_audit);
    let out = limes_command()
        .args(["sync", "verify", "--node", "LAND1-k9", "--database"])
        .arg(centre_db.arg())
        .current_dir(&centre_dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains(&format!("{edge_audit} entries verified")),
        "{text}"
    );

    // The status shows the node, in contact, with nothing left to send.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = limes_command()
            .args(["sync", "status", "--database"])
            .arg(centre_db.arg())
            .current_dir(&centre_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let node = &v["nodes"][0];
        if node["backlog"] == 0 {
            assert_eq!(node["node"], "LAND1-k9");
            assert_eq!(node["bcp"], "LAND1");
            assert_eq!(node["silent"], false);
            assert_eq!(v["nodes"].as_array().unwrap().len(), 1);
            break;
        }
        assert!(Instant::now() < deadline, "status: {v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
