//! A BCP node applies the centre's list changes in stream order even when a write fails half-way through a
//! batch (or the process dies there): the messages it had received but not acknowledged come again at once, in
//! order, instead of after the ack wait behind later ones — which a node that applies in order would skip as
//! already held.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::{Clock, SystemClock};
use limes_store::prelude::*;
use limes_store::sync::*;
use limes_store::{StoreError, StoreResult, StoredRule};
use limes_store_sqlite::SqliteStore;
mod common;
use common::hub_with_streams;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The node's store, whose write of one delta fails once (a full disk, a locked file).
struct FailsOnce {
    inner: SqliteStore,
    at_seq: u64,
    failed: AtomicBool,
}

#[async_trait]
impl SyncStore for FailsOnce {
    async fn sync_identity(&self) -> StoreResult<Option<SyncIdentity>> {
        self.inner.sync_identity().await
    }
    async fn set_sync_identity(
        &self,
        r: NodeRole,
        n: &str,
        b: Option<&str>,
    ) -> StoreResult<SyncIdentity> {
        self.inner.set_sync_identity(r, n, b).await
    }
    async fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<OutboxRow>> {
        self.inner.outbox_pending(limit).await
    }
    async fn outbox_sent(&self, seqs: Vec<i64>) -> StoreResult<()> {
        self.inner.outbox_sent(seqs).await
    }
    async fn outbox_backlog(&self) -> StoreResult<u64> {
        self.inner.outbox_backlog().await
    }
    async fn ingest_up(&self, r: Vec<UpRecord>, at: DateTime<Utc>) -> StoreResult<Vec<Ingested>> {
        self.inner.ingest_up(r, at).await
    }
    async fn node_audit_entries(
        &self,
        n: &str,
        from: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        self.inner.node_audit_entries(n, from, limit).await
    }
    async fn record_heartbeat(&self, h: Heartbeat, at: DateTime<Utc>) -> StoreResult<()> {
        self.inner.record_heartbeat(h, at).await
    }
    async fn nodes(&self) -> StoreResult<Vec<NodeRecord>> {
        self.inner.nodes().await
    }
    async fn apply_down(&self, s: u64, d: DownDelta, a: AuditEvent) -> StoreResult<bool> {
        if s == self.at_seq && !self.failed.swap(true, Ordering::SeqCst) {
            return Err(StoreError::Backend("disk I/O error".into()));
        }
        self.inner.apply_down(s, d, a).await
    }
    async fn list_versions(&self) -> StoreResult<ListVersions> {
        self.inner.list_versions().await
    }
    async fn queue_full_copy(&self) -> StoreResult<u64> {
        self.inner.queue_full_copy().await
    }
    async fn put_up_record(&self, k: &str, j: String, a: AuditEvent) -> StoreResult<String> {
        self.inner.put_up_record(k, j, a).await
    }
    async fn put_down_record(
        &self,
        k: &str,
        key: &str,
        j: Option<String>,
        a: AuditEvent,
    ) -> StoreResult<i64> {
        self.inner.put_down_record(k, key, j, a).await
    }
    async fn synced_records(
        &self,
        k: &str,
        after: RecordCursor,
        limit: usize,
    ) -> StoreResult<Vec<SyncedRecord>> {
        self.inner.synced_records(k, after, limit).await
    }
}

const CHANGES: usize = 250;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_mid_batch_loses_no_list_change() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_hub, js)) = hub_with_streams(dir.path(), "test").await else {
        return;
    };
    // More changes than one fetch takes (100), so that later ones are waiting when the write fails.
    for i in 0..CHANGES {
        let delta = DownDelta::Rule {
            rule: StoredRule {
                id: format!("r{i:03}"),
                version: 1,
                owner: "piu".into(),
                saved_by: "analyst".into(),
                saved_at: SystemClock.now(),
                rule: serde_json::json!({"name": format!("rule {i}")}),
            },
        };
        js.publish(
            limes_sync::down_subject(delta.kind()),
            serde_json::to_vec(&delta).unwrap().into(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    }

    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "SEA2-o", Some("SEA2"))
        .await
        .unwrap();
    let store = Arc::new(FailsOnce {
        inner: edge.clone(),
        at_seq: 40,
        failed: AtomicBool::new(false),
    });
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let task = tokio::spawn(limes_sync::edge::run_down(
        store.clone(),
        js.clone(),
        "SEA2-o".into(),
        clock,
        limes_sync::SyncOptions::default(),
    ));
    // Well inside the consumer's 60-second ack wait: what arrives comes from the restart, not a redelivery.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = edge.list_versions().await.unwrap();
        if v.down_seq == CHANGES as u64 && v.rules.len() == CHANGES {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "node at stream sequence {} with {} of {CHANGES} rules",
            v.down_seq,
            v.rules.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        store.failed.load(Ordering::SeqCst),
        "the write did fail once"
    );
    assert_eq!(edge.rules().await.unwrap().len(), CHANGES);
    task.abort();
}
