//! A BCP node that crashed after the PubAck but before deleting its outbox rows publishes them again on
//! restart: JetStream drops them as duplicates (same `Nats-Msg-Id`) and the centre stores each record once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::{Clock, Direction, RecommendationLevel, SystemClock};
use limes_store::prelude::*;
use limes_store::sync::*;
use limes_store::{NewCrossing, StoreResult, TravelDocument};
use limes_store_sqlite::SqliteStore;
mod common;
use common::hub_with_streams;
use limes_sync::relay::{Relay, Target};
use std::sync::Arc;
use std::time::Duration;

/// The node's store, but the deletion of acknowledged rows is lost (the process died before it).
struct CrashBeforeDelete(SqliteStore);

#[async_trait]
impl SyncStore for CrashBeforeDelete {
    async fn sync_identity(&self) -> StoreResult<Option<SyncIdentity>> {
        self.0.sync_identity().await
    }
    async fn set_sync_identity(
        &self,
        r: NodeRole,
        n: &str,
        b: Option<&str>,
    ) -> StoreResult<SyncIdentity> {
        self.0.set_sync_identity(r, n, b).await
    }
    async fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<OutboxRow>> {
        self.0.outbox_pending(limit).await
    }
    async fn outbox_sent(&self, _seqs: Vec<i64>) -> StoreResult<()> {
        Ok(())
    }
    async fn outbox_backlog(&self) -> StoreResult<u64> {
        self.0.outbox_backlog().await
    }
    async fn ingest_up(&self, r: Vec<UpRecord>, at: DateTime<Utc>) -> StoreResult<Vec<Ingested>> {
        self.0.ingest_up(r, at).await
    }
    async fn node_audit_entries(
        &self,
        n: &str,
        from: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        self.0.node_audit_entries(n, from, limit).await
    }
    async fn record_heartbeat(&self, h: Heartbeat, at: DateTime<Utc>) -> StoreResult<()> {
        self.0.record_heartbeat(h, at).await
    }
    async fn nodes(&self) -> StoreResult<Vec<NodeRecord>> {
        self.0.nodes().await
    }
    async fn apply_down(&self, s: u64, d: DownDelta, a: AuditEvent) -> StoreResult<bool> {
        self.0.apply_down(s, d, a).await
    }
    async fn list_versions(&self) -> StoreResult<ListVersions> {
        self.0.list_versions().await
    }
    async fn queue_full_copy(&self) -> StoreResult<u64> {
        self.0.queue_full_copy().await
    }
    async fn put_up_record(&self, k: &str, j: String, a: AuditEvent) -> StoreResult<String> {
        self.0.put_up_record(k, j, a).await
    }
    async fn put_down_record(
        &self,
        k: &str,
        key: &str,
        j: Option<String>,
        a: AuditEvent,
    ) -> StoreResult<i64> {
        self.0.put_down_record(k, key, j, a).await
    }
    async fn synced_records(
        &self,
        k: &str,
        after: RecordCursor,
        limit: usize,
    ) -> StoreResult<Vec<SyncedRecord>> {
        self.0.synced_records(k, after, limit).await
    }
}

fn check(n: usize) -> NewCrossing {
    NewCrossing {
        bcp: "SEA2".into(),
        direction: Direction::Entry,
        at: SystemClock.now(),
        officer: "ana".into(),
        document: TravelDocument {
            document_code: "P".into(),
            document_number: format!("R{n:05}"),
            issuing_state: "UTO".into(),
            surname: "LARSEN".into(),
            given_names: "IDA".into(),
            nationality: "UTO".into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 1, 1),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn republish_after_a_crash_stores_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_hub, js)) = hub_with_streams(dir.path(), "test").await else {
        return;
    };

    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "SEA2-r", Some("SEA2"))
        .await
        .unwrap();
    for n in 0..10 {
        edge.record_check(
            check(n),
            AuditEvent::new(SystemClock.now(), "ana", "check.run"),
        )
        .await
        .unwrap();
    }
    let relay = |store: Arc<dyn SyncStore>| Relay {
        store,
        js: js.clone(),
        node: "SEA2-r".into(),
        target: Target::Up { bcp: "SEA2".into() },
        options: limes_sync::SyncOptions::default(),
    };
    // Published and acknowledged, but the rows stay (the crash).
    assert_eq!(
        relay(Arc::new(CrashBeforeDelete(edge.clone())))
            .relay_once()
            .await
            .unwrap(),
        20
    );
    assert_eq!(edge.outbox_backlog().await.unwrap(), 20);
    // After the restart: published again, acknowledged as duplicates, deleted.
    assert_eq!(
        relay(Arc::new(edge.clone())).relay_once().await.unwrap(),
        20
    );
    assert_eq!(edge.outbox_backlog().await.unwrap(), 0);
    let mut stream = js.get_stream(limes_sync::UP_STREAM).await.unwrap();
    assert_eq!(
        stream.info().await.unwrap().state.messages,
        20,
        "the stream dropped the republished rows"
    );

    let centre = SqliteStore::open(dir.path().join("centre.db")).unwrap();
    let consumer = limes_sync::centre::up_consumer(&js).await.unwrap();
    let ingest = limes_sync::centre::Ingest {
        store: Arc::new(centre.clone()),
        clock: Arc::new(SystemClock),
        batch: 7,
    };
    let mut handled = 0;
    while handled < 20 {
        handled += ingest
            .ingest_once(&consumer, Duration::from_millis(500))
            .await
            .unwrap();
    }
    assert_eq!(
        ingest
            .ingest_once(&consumer, Duration::from_millis(300))
            .await
            .unwrap(),
        0,
        "all acknowledged"
    );
    let nodes = centre.nodes().await.unwrap();
    assert_eq!(
        (
            nodes[0].node.as_str(),
            nodes[0].bcp.as_str(),
            nodes[0].records
        ),
        ("SEA2-r", "SEA2", 20)
    );
    let since = DateTime::<Utc>::UNIX_EPOCH;
    assert_eq!(
        centre
            .crossing_stats(Some("SEA2"), since)
            .await
            .unwrap()
            .total,
        10
    );
}
