//! Real nats-server processes on 127.0.0.1 (a hub with JetStream and a BCP's leaf node): record kinds this test
//! declares travel through the relay, the streams, the centre's ingest and the node's consumer like the
//! built-in ones, with no code of their own in the sync crate. (The shared store story checks the same on
//! both backends without NATS; here the centre runs on SQLite.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::sync::*;
use limes_store_sqlite::SqliteStore;
use limes_sync::SyncOptions;
use limes_testkit::nats::{require_nats_server, NatsServer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An incident a patrol records at a BCP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Incident {
    id: String,
    what: String,
}

struct Incidents;

impl RecordKind for Incidents {
    const KIND: &'static str = "test_incident";
    type Record = Incident;
    fn key(record: &Incident) -> String {
        record.id.clone()
    }
}

/// An alert the centre sends to every BCP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BcpAlert {
    id: String,
    text: String,
}

struct BcpAlerts;

impl RecordKind for BcpAlerts {
    const KIND: &'static str = "test_bcp_alert";
    type Record = BcpAlert;
    fn key(record: &BcpAlert) -> String {
        record.id.clone()
    }
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(SystemClock.now(), "ana", action)
}

async fn wait_for<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_kind_goes_up_and_down_through_nats() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    registry::declare(SyncedKind::up::<Incidents>("incidents (test)")).unwrap();
    registry::declare(SyncedKind::down::<BcpAlerts>("alerts to the BCPs (test)")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let hub = NatsServer::hub(&bin, &dir.path().join("hub")).unwrap();
    let leaf = NatsServer::leaf(&bin, &dir.path().join("leaf"), &hub, "land1").unwrap();

    let centre = Arc::new(SqliteStore::open(dir.path().join("centre.db")).unwrap());
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let edge = Arc::new(SqliteStore::open(dir.path().join("edge.db")).unwrap());
    let id = edge
        .set_sync_identity(NodeRole::Bcp, "LAND1-k", Some("LAND1"))
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = SyncOptions {
        heartbeat: Duration::from_millis(200),
        ..SyncOptions::default()
    };
    let centre_client = limes_sync::connect(&hub.url(), "centre").await.unwrap();
    let centre_tasks = limes_sync::centre::spawn(
        centre.clone(),
        centre_client,
        "centre".into(),
        clock.clone(),
        options.clone(),
    )
    .await
    .unwrap();
    let edge_client = limes_sync::connect(&leaf.url(), "edge").await.unwrap();
    let edge_tasks =
        limes_sync::edge::spawn(edge.clone(), edge_client, &id, clock, options).unwrap();

    // Up: two incidents, one corrected; the centre holds each once, at its newest version.
    for (n, what) in [
        ("I1", "fence cut"),
        ("I2", "abandoned car"),
        ("I1", "fence cut at km 12"),
    ] {
        let incident = Incident {
            id: n.into(),
            what: what.into(),
        };
        send_up::<Incidents>(edge.as_ref(), &incident, ev("incident.record"))
            .await
            .unwrap();
    }
    let centre_view = centre.clone();
    wait_for("the incidents at the centre", || {
        let centre = centre_view.clone();
        async move {
            read_records::<Incidents>(centre.as_ref(), None, 10)
                .await
                .unwrap()
                .iter()
                .any(|(_, i)| i.what == "fence cut at km 12")
        }
    })
    .await;
    let held = read_records::<Incidents>(centre.as_ref(), None, 10)
        .await
        .unwrap();
    assert_eq!(held.len(), 2);
    assert!(held.iter().all(|(origin, _)| origin == "LAND1-k"));
    let nodes = centre.nodes().await.unwrap();
    assert_eq!(nodes[0].records_by_kind.get("test_incident"), Some(&3));

    // Down: an alert made at the centre reaches the node, and the node reports the kind's version.
    let alert = BcpAlert {
        id: "A1".into(),
        text: "watch for forged stamps".into(),
    };
    let version = send_down::<BcpAlerts>(centre.as_ref(), &alert, ev("alert.send"))
        .await
        .unwrap();
    let edge_view = edge.clone();
    wait_for("the alert at the BCP", || {
        let edge = edge_view.clone();
        async move {
            !read_records::<BcpAlerts>(edge.as_ref(), None, 10)
                .await
                .unwrap()
                .is_empty()
        }
    })
    .await;
    assert_eq!(
        read_records::<BcpAlerts>(edge.as_ref(), None, 10)
            .await
            .unwrap(),
        [(String::new(), alert)]
    );
    let centre_view = centre.clone();
    wait_for("a heartbeat with the alert's version", || {
        let centre = centre_view.clone();
        async move {
            centre.nodes().await.unwrap().iter().any(|n| {
                n.heartbeat
                    .as_ref()
                    .is_some_and(|h| h.versions.records.get("test_bcp_alert") == Some(&version))
            })
        }
    })
    .await;

    for t in centre_tasks.into_iter().chain(edge_tasks) {
        t.abort();
    }
}
