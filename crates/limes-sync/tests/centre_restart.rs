//! The centre crashes after fetching records it had not acknowledged: on restart they come back within seconds,
//! not after JetStream's former 30-s ack wait. The centre's consumer is first made as an older centre made it
//! (ack wait 30 s), so the test also shows that a running federation is brought to the short ack wait.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use async_nats::jetstream::{self, consumer::pull};
use futures::StreamExt;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::sync::*;
use limes_store_sqlite::SqliteStore;
use limes_sync::relay::{Relay, Target};
use limes_sync::SyncOptions;
use limes_testkit::nats::{require_nats_server, NatsServer};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

const RECORDS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Patrol {
    id: String,
}

struct Patrols;

impl RecordKind for Patrols {
    const KIND: &'static str = "test_patrol";
    type Record = Patrol;
    fn key(record: &Patrol) -> String {
        record.id.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_fetched_before_a_centre_crash_come_back_at_once() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    registry::declare(SyncedKind::up::<Patrols>("patrols (test)")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let hub = NatsServer::hub(&bin, &dir.path().join("hub")).unwrap();
    let client = limes_sync::connect(&hub.url(), "test").await.unwrap();
    let js = limes_sync::jetstream(client);
    limes_sync::ensure_streams(&js).await.unwrap();
    // The consumer as an older centre made it.
    js.get_stream(limes_sync::UP_STREAM)
        .await
        .unwrap()
        .create_consumer(pull::Config {
            durable_name: Some(limes_sync::CENTRE_CONSUMER.to_string()),
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ack_wait: Duration::from_secs(30),
            ..Default::default()
        })
        .await
        .unwrap();

    // A BCP node's records, relayed up.
    let edge = Arc::new(SqliteStore::open(dir.path().join("edge.db")).unwrap());
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-r", Some("LAND1"))
        .await
        .unwrap();
    for n in 0..RECORDS {
        send_up::<Patrols>(
            edge.as_ref(),
            &Patrol {
                id: format!("P{n}"),
            },
            AuditEvent::new(SystemClock.now(), "ana", "patrol.record"),
        )
        .await
        .unwrap();
    }
    let relay = Relay {
        store: edge.clone(),
        js: js.clone(),
        node: "LAND1-r".into(),
        target: Target::Up {
            bcp: "LAND1".into(),
        },
        options: SyncOptions::default(),
    };
    while relay.relay_once().await.unwrap() > 0 {}

    // The centre (restarted on the new code) fetches everything, then crashes before its commit and acks.
    let consumer = limes_sync::centre::up_consumer(&js).await.unwrap();
    let mut fetched = consumer
        .batch()
        .max_messages(RECORDS * 2)
        .expires(Duration::from_secs(2))
        .messages()
        .await
        .unwrap();
    let mut held = 0;
    while let Some(m) = fetched.next().await {
        m.unwrap();
        held += 1;
    }
    assert!(held > 0, "the first centre fetched nothing");
    drop(fetched);
    drop(consumer);

    // Restarted: the rest arrives well under the former ack wait.
    let centre = Arc::new(SqliteStore::open(dir.path().join("centre.db")).unwrap());
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let ingest = limes_sync::centre::Ingest {
        store: centre.clone(),
        clock: Arc::new(SystemClock) as Arc<dyn Clock>,
        batch: 1000,
    };
    let start = Instant::now();
    let consumer = limes_sync::centre::up_consumer(&js).await.unwrap();
    assert_eq!(
        consumer.cached_info().config.ack_wait,
        limes_sync::centre::CENTRE_ACK_WAIT
    );
    loop {
        ingest
            .ingest_once(&consumer, Duration::from_millis(500))
            .await
            .unwrap();
        let at_centre = read_records::<Patrols>(centre.as_ref(), None, RECORDS * 2)
            .await
            .unwrap()
            .len();
        if at_centre == RECORDS {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "after {:?} the centre holds {at_centre} of {RECORDS} records",
            start.elapsed()
        );
    }
    eprintln!(
        "{held} fetched before the crash; all {RECORDS} at the centre {:?} after the restart",
        start.elapsed()
    );
}
