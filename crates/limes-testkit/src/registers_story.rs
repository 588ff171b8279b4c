//! The streamed register import every backend runs: staged batches invisible until the commit, a failed or
//! refused import leaving the register whole, change files applied only to the version they name, a replacement
//! swapped in atomically for a reader, and (sync) the centre's delta computed in the database reaching a node.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::ev;
use chrono::NaiveDate;
use limes_domain::{AlertStatus, DocumentAlert};
use limes_store::sync::{kind, DownDelta, NodeRole, SyncStore};
use limes_store::*;
use std::sync::Arc;

fn alert(number: &str) -> DocumentAlert {
    DocumentAlert {
        issuing_state: "ATL".into(),
        document_number: number.into(),
        document_type: "P".into(),
        status: AlertStatus::Stolen,
        source: "INTERPOL SLTD".into(),
        reason: "reported".into(),
        reported_on: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
    }
}

fn rows(action: RowAction, first_line: u64, numbers: &[&str]) -> Vec<StagedRow<DocumentAlert>> {
    numbers
        .iter()
        .zip(first_line..)
        .map(|(n, line)| StagedRow {
            line,
            action,
            record: alert(n),
        })
        .collect()
}

async fn held(store: &dyn Store, number: &str) -> bool {
    !store
        .find_document_alerts(Some("ATL"), number)
        .await
        .unwrap()
        .is_empty()
}

/// Staging, commit, refusal and change files on one store (run by [`crate::story::run_all`], after the other
/// document-alert stories: it replaces the register).
pub async fn streamed_import_story(store: &dyn Store) {
    let v0 = store.document_register_version().await.unwrap();
    // A replacement staged in two batches, the same document twice (kept once).
    store
        .stage_document_alerts("s-1", rows(RowAction::Add, 2, &["SR1", "SR2"]))
        .await
        .unwrap();
    store
        .stage_document_alerts("s-1", rows(RowAction::Add, 4, &["SR3", "S R1"]))
        .await
        .unwrap();
    let done = store
        .commit_document_alert_import("s-1", ImportMode::Replace, ev("documents.import"))
        .await
        .unwrap();
    assert_eq!((done.added, done.version), (3, v0 + 1));
    assert_eq!(store.document_alert_count().await.unwrap(), 3);
    assert_eq!(store.document_register_version().await.unwrap(), v0 + 1);

    // Staged rows are not in the register; a discarded import leaves it whole.
    store
        .stage_document_alerts("s-2", rows(RowAction::Add, 2, &["SR9"]))
        .await
        .unwrap();
    assert!(!held(store, "SR9").await);
    store.discard_document_alert_import("s-2").await.unwrap();
    assert_eq!(store.document_alert_count().await.unwrap(), 3);

    // A change file for another version is refused and changes nothing.
    store
        .stage_document_alerts("s-3", rows(RowAction::Remove, 3, &["SR1"]))
        .await
        .unwrap();
    let refused = store
        .commit_document_alert_import(
            "s-3",
            ImportMode::Changes {
                base_version: v0 + 7,
            },
            ev("documents.import"),
        )
        .await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("version")),
        "{refused:?}"
    );
    store.discard_document_alert_import("s-3").await.unwrap();
    assert!(held(store, "SR1").await);
    assert_eq!(store.document_register_version().await.unwrap(), v0 + 1);

    // The right base: one removed, one added, one already held not stored twice.
    store
        .stage_document_alerts("s-4", rows(RowAction::Remove, 3, &["SR1"]))
        .await
        .unwrap();
    store
        .stage_document_alerts("s-4", rows(RowAction::Add, 4, &["SR4", "SR2"]))
        .await
        .unwrap();
    let done = store
        .commit_document_alert_import(
            "s-4",
            ImportMode::Changes {
                base_version: v0 + 1,
            },
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!((done.added, done.removed, done.version), (1, 1, v0 + 2));
    assert!(!held(store, "SR1").await);
    assert!(held(store, "SR4").await);
    assert_eq!(store.document_alert_count().await.unwrap(), 3);

    // Adding: what the register holds is not stored again.
    store
        .stage_document_alerts("s-5", rows(RowAction::Add, 2, &["SR4", "SR5"]))
        .await
        .unwrap();
    let done = store
        .commit_document_alert_import("s-5", ImportMode::Add, ev("documents.import"))
        .await
        .unwrap();
    assert_eq!((done.added, done.removed), (1, 0));
    assert_eq!(store.document_alert_count().await.unwrap(), 4);
}

/// A reader counting the register while a staged replacement is committed sees the old register or the new one,
/// never a mixture or an empty register.
pub async fn swap_is_atomic_story(store: Arc<dyn Store>) {
    let old: Vec<String> = (0..2000).map(|i| format!("OLD{i}")).collect();
    let new: Vec<String> = (0..2000).map(|i| format!("NEW{i}")).collect();
    for (import, numbers) in [("a-1", &old), ("a-2", &new)] {
        let refs: Vec<&str> = numbers.iter().map(String::as_str).collect();
        store
            .stage_document_alerts(import, rows(RowAction::Add, 2, &refs))
            .await
            .unwrap();
    }
    store
        .commit_document_alert_import("a-1", ImportMode::Replace, ev("documents.import"))
        .await
        .unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (store, stop) = (store.clone(), stop.clone());
        tokio::spawn(async move {
            let mut reads = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || reads == 0 {
                assert_eq!(store.document_alert_count().await.unwrap(), 2000);
                reads += 1;
            }
            reads
        })
    };
    store
        .commit_document_alert_import("a-2", ImportMode::Replace, ev("documents.import"))
        .await
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.await.unwrap() > 0);
    assert!(held(store.as_ref(), "NEW1999").await);
    assert!(!held(store.as_ref(), "OLD0").await);
}

async fn register_messages<C: SyncStore>(centre: &C, after: i64) -> Vec<(i64, DownDelta)> {
    centre
        .outbox_pending(100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.seq > after && r.kind == kind::DOCUMENTS)
        .map(|r| (r.seq, serde_json::from_str(&r.payload).unwrap()))
        .collect()
}

/// Deliver the centre's register messages after outbox seq `after` to the node, in order; returns each part's
/// (additions, removals).
async fn deliver<C: SyncStore, E: SyncStore>(
    centre: &C,
    edge: &E,
    after: &mut i64,
    down_seq: &mut u64,
) -> Vec<(usize, usize)> {
    let mut sizes = Vec::new();
    for (seq, message) in register_messages(centre, *after).await {
        *after = seq;
        *down_seq += 1;
        if let DownDelta::Documents { add, remove, .. } = &message {
            sizes.push((add.len(), remove.len()));
        }
        edge.apply_down(*down_seq, message, ev("sync.apply"))
            .await
            .unwrap();
    }
    sizes
}

/// The centre's streamed imports go down as deltas computed in its database: a replacement as the alerts
/// removed and added (not the whole register), a change file as its removals and additions; a node applies them.
pub async fn streamed_delta_down_story<C: Store + SyncStore, E: Store + SyncStore>(
    centre: &C,
    edge: &E,
) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "node-1", Some("UTO-N1"))
        .await
        .unwrap();
    let numbers: Vec<String> = (0..7500).map(|i| format!("DD{i:05}")).collect();
    let refs: Vec<&str> = numbers.iter().map(String::as_str).collect();
    let (mut after, mut down_seq) = (0i64, 0u64);
    // The first register: 7,500 alerts in two parts.
    for (i, chunk) in refs.chunks(3000).enumerate() {
        centre
            .stage_document_alerts("d-1", rows(RowAction::Add, 2 + 3000 * i as u64, chunk))
            .await
            .unwrap();
    }
    centre
        .commit_document_alert_import("d-1", ImportMode::Replace, ev("documents.import"))
        .await
        .unwrap();
    let sizes = deliver(centre, edge, &mut after, &mut down_seq).await;
    assert_eq!(
        sizes,
        [(5000, 0), (2500, 0)],
        "7,500 additions in two parts"
    );
    assert_eq!(edge.document_alert_count().await.unwrap(), 7500);
    // A replacement that drops one alert and adds one: two small parts, not the whole register again.
    let mut next = refs[1..].to_vec();
    next.push("DDNEW");
    centre
        .stage_document_alerts("d-2", rows(RowAction::Add, 2, &next))
        .await
        .unwrap();
    centre
        .commit_document_alert_import("d-2", ImportMode::Replace, ev("documents.import"))
        .await
        .unwrap();
    let sizes = deliver(centre, edge, &mut after, &mut down_seq).await;
    assert_eq!(sizes, [(0, 1), (1, 0)]);
    assert!(held(edge, "DDNEW").await);
    assert!(!held(edge, "DD00000").await);
    assert_eq!(edge.document_alert_count().await.unwrap(), 7500);
    // A change file: two removals, one addition.
    let base = centre.document_register_version().await.unwrap();
    let mut change = rows(RowAction::Remove, 2, &["DD00001", "DD00002"]);
    change.extend(rows(RowAction::Add, 4, &["DDCHANGED"]));
    centre.stage_document_alerts("d-3", change).await.unwrap();
    centre
        .commit_document_alert_import(
            "d-3",
            ImportMode::Changes { base_version: base },
            ev("documents.import"),
        )
        .await
        .unwrap();
    let sizes = deliver(centre, edge, &mut after, &mut down_seq).await;
    assert_eq!(sizes, [(0, 2), (1, 0)]);
    assert!(held(edge, "DDCHANGED").await);
    assert!(!held(edge, "DD00001").await && !held(edge, "DD00002").await);
    assert_eq!(edge.document_alert_count().await.unwrap(), 7499);
}
