//! Real nats-server processes on 127.0.0.1: a hub with JetStream (the centre's cluster) and a leaf node (the
//! BCP's). The BCP node is cut off, records checks, comes back: every record reaches the centre exactly once,
//! and a list change made during the cut reaches the node within 5 s of the link coming back.
//!
//! The centre runs on PostgreSQL, as in production (a throwaway cluster from `limes_testkit::postgres`);
//! only when no PostgreSQL server can be had and `REQUIRE_POSTGRES` is unset does it fall back to SQLite.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use chrono::{NaiveDate, Utc};
use limes_domain::{AuditEvent, Clock, Direction, Outcome, RecommendationLevel, SystemClock};
use limes_store::prelude::*;
use limes_store::sync::{NodeRole, SyncStore};
use limes_store::{Decision, NewCrossing, TravelDocument, WatchlistMeta};
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use limes_sync::SyncOptions;
use limes_testkit::nats::{require_nats_server, NatsServer};
use limes_testkit::postgres::{database_for_test, postgres_required, TestDatabase};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Checks run at the BCP while it is cut off (the figure).
const CHECKS_WHILE_CUT_OFF: usize = 10_000;
/// Of those, how many also get a decision while cut off.
const DECISIONS_WHILE_CUT_OFF: usize = 500;

fn check(n: usize) -> NewCrossing {
    NewCrossing {
        bcp: "LAND1".into(),
        direction: if n.is_multiple_of(2) {
            Direction::Entry
        } else {
            Direction::Exit
        },
        at: SystemClock.now(),
        officer: "ana".into(),
        document: TravelDocument {
            document_code: "P".into(),
            document_number: format!("X{n:08}"),
            issuing_state: "UTO".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA".into(),
            nationality: "UTO".into(),
            birth_date: NaiveDate::from_ymd_opt(1974, 8, 12),
            sex: Some("F".into()),
            expiry_date: NaiveDate::from_ymd_opt(2032, 4, 15),
        },
        input_method: "mrz".into(),
        recommendation: RecommendationLevel::Clear,
        reasons: vec![],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    }
}

fn ev(action: &str) -> AuditEvent {
    let mut e = AuditEvent::new(SystemClock.now(), "ana", action);
    e.bcp = Some("LAND1".into());
    e
}

async fn wait_for<F, Fut>(what: &str, limit: Duration, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    start.elapsed()
}

/// The centre's store on PostgreSQL (with the database, dropped at the end of the test), or on SQLite in `dir`
/// when no PostgreSQL server can be had and `REQUIRE_POSTGRES` is unset.
async fn centre_store(
    test: &str,
    dir: &std::path::Path,
) -> (Arc<dyn Store>, Arc<dyn SyncStore>, Option<TestDatabase>) {
    match database_for_test(test).await.unwrap() {
        Some(db) => {
            let pg = Arc::new(PgStore::open(db.url()).await.unwrap());
            eprintln!("the centre runs on PostgreSQL");
            (pg.clone(), pg, Some(db))
        }
        None => {
            assert!(!postgres_required());
            eprintln!("the centre runs on SQLite (no PostgreSQL server)");
            let s = Arc::new(SqliteStore::open(dir.join("centre.db")).unwrap());
            (s.clone(), s, None)
        }
    }
}

/// A national list in the screening crate's shape.
fn national(entries: &[(&str, &str)]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(id, name)| {
            serde_json::json!({"entry_id": id, "kind": "person", "names": [{"full": name, "quality": "good"}],
                "birth_dates": [], "birth_places": [], "nationalities": [], "gender": null, "documents": [],
                "reason": "test", "listed_on": null, "program": null})
        })
        .collect();
    serde_json::json!({"id": "national", "name": "National list", "source": "test", "published": null,
        "entries": entries})
    .to_string()
}

async fn centre_count(centre: &dyn Store) -> usize {
    let since = chrono::DateTime::<Utc>::UNIX_EPOCH;
    centre
        .crossing_stats(Some("LAND1"), since)
        .await
        .unwrap()
        .total as usize
}

/// The version of the national list the BCP node holds.
async fn national_version(edge: &SqliteStore) -> Option<i64> {
    let versions = edge.list_versions().await.unwrap();
    versions.watchlists.get("national").copied()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cut_off_edge_catches_up_exactly_once_and_gets_list_changes() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(std::env::var("LIMES_LOG").unwrap_or_else(|_| "limes_sync=info".into()))
        .try_init();
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let hub = NatsServer::hub(&bin, &dir.path().join("hub")).unwrap();
    let mut leaf = NatsServer::leaf(&bin, &dir.path().join("leaf"), &hub, "land1").unwrap();

    let (centre, centre_sync, _centre_db) = centre_store(
        "cut_off_edge_catches_up_exactly_once_and_gets_list_changes",
        dir.path(),
    )
    .await;
    centre_sync
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let id = edge
        .set_sync_identity(NodeRole::Bcp, "LAND1-t1", Some("LAND1"))
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = SyncOptions {
        heartbeat: Duration::from_millis(200),
        ..SyncOptions::default()
    };

    let centre_client = limes_sync::connect(&hub.url(), "centre").await.unwrap();
    let centre_tasks = limes_sync::centre::spawn(
        centre_sync.clone(),
        centre_client,
        "centre".into(),
        clock.clone(),
        options.clone(),
    )
    .await
    .unwrap();
    let edge_client = limes_sync::connect(&leaf.url(), "edge").await.unwrap();
    let edge_tasks = limes_sync::edge::spawn(
        Arc::new(edge.clone()),
        edge_client,
        &id,
        clock.clone(),
        options,
    )
    .unwrap();

    // Connected: a first check reaches the centre.
    let first = edge.record_check(check(0), ev("check.run")).await.unwrap();
    wait_for(
        "the first crossing at the centre",
        Duration::from_secs(20),
        || async { centre.crossing(&first.id).await.unwrap().is_some() },
    )
    .await;

    // Connected: the first version of the national list reaches the BCP too.
    let meta = WatchlistMeta {
        id: "national".into(),
        name: "National list".into(),
        source: "test".into(),
        published: None,
        entries: 2,
        imported_at: SystemClock.now(),
        imported_by: "analyst".into(),
        version: 0,
    };
    let v1 = national(&[("N.1", "OMAR FAROUK"), ("N.2", "IVAN PETROV")]);
    centre
        .save_watchlist(meta.clone(), v1, ev("watchlist.import"))
        .await
        .unwrap();
    wait_for(
        "the list's first version at the BCP",
        Duration::from_secs(20),
        || async { national_version(&edge).await == Some(1) },
    )
    .await;
    // … and the audit entry of its application has gone up.
    wait_for("an empty outbox", Duration::from_secs(20), || async {
        edge.outbox_backlog().await.unwrap() == 0
    })
    .await;

    // Cut off: checks and decisions are answered from the local database alone.
    leaf.stop();
    let mut handles = Vec::new();
    for worker in 0..16 {
        let edge = edge.clone();
        handles.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for n in (worker..CHECKS_WHILE_CUT_OFF).step_by(16) {
                let c = edge
                    .record_check(check(n + 1), ev("check.run"))
                    .await
                    .unwrap();
                ids.push(c.id);
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for h in handles {
        ids.extend(h.await.unwrap());
    }
    for id in ids.iter().take(DECISIONS_WHILE_CUT_OFF) {
        let d = Decision {
            outcome: Outcome::Admitted,
            refusal_reason: None,
            note: None,
            officer: "ana".into(),
            second_line: false,
            at: SystemClock.now(),
            hits: limes_domain::HitGravity::None,
            override_reason: None,
        };
        edge.record_decision(id, d, ev("check.decide"))
            .await
            .unwrap();
    }
    // A list change at the centre while the BCP is cut off: one entry changed, one removed, one added, which
    // goes down as those entries only.
    let v2 = national(&[("N.1", "OMAR AL FAROUK"), ("N.3", "ANNA KOWALSKA")]);
    centre
        .save_watchlist(meta, v2.clone(), ev("watchlist.import"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let backlog = edge.outbox_backlog().await.unwrap() as usize;
    // Each check writes its crossing and its audit entry; each decision the same again.
    let expected_rows = 2 * (CHECKS_WHILE_CUT_OFF + DECISIONS_WHILE_CUT_OFF);
    assert_eq!(backlog, expected_rows, "nothing got through while cut off");
    assert_eq!(centre_count(centre.as_ref()).await, 1);
    assert_eq!(national_version(&edge).await, Some(1));

    // The link is back.
    leaf.restart().unwrap();
    let list_took = wait_for(
        "the list change at the BCP",
        Duration::from_secs(5),
        || async { national_version(&edge).await == Some(2) },
    )
    .await;
    eprintln!("list change reached the BCP {list_took:?} after the link came back");
    let (stored, json) = edge
        .watchlists()
        .await
        .unwrap()
        .into_iter()
        .find(|(m, _)| m.id == "national")
        .unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(
        limes_store::delta::list_digest(&json),
        limes_store::delta::list_digest(&v2),
        "the list rebuilt at the BCP from the delta is the centre's"
    );
    assert!(json.contains("OMAR AL FAROUK") && !json.contains("IVAN PETROV"));
    let drained = wait_for(
        "the backlog at the centre",
        Duration::from_secs(60),
        || async {
            edge.outbox_backlog().await.unwrap() == 0
                && centre_count(centre.as_ref()).await == CHECKS_WHILE_CUT_OFF + 1
        },
    )
    .await;
    eprintln!("{expected_rows} outbox rows drained {drained:?} after the link came back");

    // Exactly once: every crossing, each at its newest state; the node's audit chain whole and verifiable.
    let edge_audit = edge.audit_entries(1, 1_000_000).await.unwrap();
    wait_for(
        "the audit chain at the centre",
        Duration::from_secs(30),
        || async {
            centre_sync
                .node_audit_entries("LAND1-t1", 1, 1_000_000)
                .await
                .unwrap()
                .len()
                == edge_audit.len()
        },
    )
    .await;
    let centre_audit = centre_sync
        .node_audit_entries("LAND1-t1", 1, 1_000_000)
        .await
        .unwrap();
    assert_eq!(centre_audit, edge_audit);
    let verified = limes_store::sync::verify_node_chain(centre_sync.as_ref(), "LAND1-t1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verified as usize, edge_audit.len());
    // The centre's own chain is apart and intact.
    assert!(limes_store::verify_audit_chain(centre.as_ref())
        .await
        .unwrap()
        .is_ok());
    let stats = centre
        .crossing_stats(Some("LAND1"), chrono::DateTime::<Utc>::UNIX_EPOCH)
        .await
        .unwrap();
    assert_eq!(stats.admitted as usize, DECISIONS_WHILE_CUT_OFF);
    assert_eq!(
        stats.pending as usize,
        CHECKS_WHILE_CUT_OFF + 1 - DECISIONS_WHILE_CUT_OFF
    );
    for id in ids.iter().step_by(997) {
        assert_eq!(
            centre.crossing(id).await.unwrap(),
            edge.crossing(id).await.unwrap()
        );
    }
    let nodes = centre_sync.nodes().await.unwrap();
    assert_eq!(nodes.len(), 1);
    // The first check (crossing and audit entry) and the audit entries of the two list versions applied.
    assert_eq!(nodes[0].records as usize, expected_rows + 2 + 2);
    // The heartbeat reports the list version the node holds and an empty backlog.
    wait_for(
        "a heartbeat with the new list",
        Duration::from_secs(5),
        || async {
            centre_sync.nodes().await.unwrap()[0]
                .heartbeat
                .as_ref()
                .is_some_and(|h| {
                    h.backlog == 0 && h.versions.watchlists.get("national") == Some(&2)
                })
        },
    )
    .await;
    for t in centre_tasks.into_iter().chain(edge_tasks) {
        t.abort();
    }
}
