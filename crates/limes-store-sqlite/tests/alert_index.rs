//! The document-alert fingerprint index on SQLite: misses answered from memory, never a missed alert — this
//! process's changes are seen at once, another process's within a second or two.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use chrono::NaiveDate;
use limes_domain::{AlertStatus, AuditEvent, DocumentAlert};
use limes_store::DocumentAlertStore;
use limes_store_sqlite::SqliteStore;
use std::time::{Duration, Instant};

fn alert(number: &str) -> DocumentAlert {
    DocumentAlert {
        issuing_state: "UTO".into(),
        document_number: number.into(),
        document_type: "P".into(),
        status: AlertStatus::Stolen,
        source: "national".into(),
        reason: String::new(),
        reported_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    }
}

fn ev() -> AuditEvent {
    AuditEvent::new(chrono::DateTime::UNIX_EPOCH, "tester", "documents.import")
}

async fn hits(store: &SqliteStore, number: &str) -> usize {
    store
        .find_document_alerts(Some("UTO"), number)
        .await
        .unwrap()
        .len()
}

/// Look `number` up until `want` hits come back (the index is checked and rebuilt in the background).
async fn eventually(store: &SqliteStore, number: &str, want: usize) {
    let until = Instant::now() + Duration::from_secs(10);
    while hits(store, number).await != want {
        assert!(Instant::now() < until, "{number}: never {want} hits");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_answers_misses_and_never_hides_an_alert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limes.db");
    let store = SqliteStore::open(&path).unwrap();
    let alerts: Vec<DocumentAlert> = (0..1000).map(|i| alert(&format!("FI{i:05}"))).collect();
    store
        .import_document_alerts(alerts, true, ev())
        .await
        .unwrap();
    assert_eq!(
        hits(&store, "FI00001").await,
        1,
        "at once, before any index"
    );
    // The index is built in the background from the register: 1,000 keys, 8 bytes each.
    let until = Instant::now() + Duration::from_secs(10);
    while store.alert_index_stats().is_none_or(|(n, _, _)| n != 1000) {
        assert!(Instant::now() < until, "no index built");
        hits(&store, "NOPE").await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(store.alert_index_stats().unwrap().1, 8000);
    assert_eq!(hits(&store, "FI00999").await, 1);
    assert_eq!(
        hits(&store, "F100999").await,
        1,
        "the O/0-I/1 look-alike still found"
    );
    assert_eq!(hits(&store, "ZZ12345").await, 0);
    // This process's import: found at once.
    store
        .import_document_alerts(vec![alert("NOW0001")], false, ev())
        .await
        .unwrap();
    assert_eq!(hits(&store, "NOW0001").await, 1);
    // Another process's import (another store on the same file): found once the index is checked again.
    let other = SqliteStore::open(&path).unwrap();
    other
        .import_document_alerts(vec![alert("LATE001")], false, ev())
        .await
        .unwrap();
    eventually(&store, "LATE001", 1).await;
    // … and its removal too.
    other
        .import_document_alerts(vec![alert("ONLY001")], true, ev())
        .await
        .unwrap();
    eventually(&store, "ONLY001", 1).await;
    assert_eq!(hits(&store, "FI00001").await, 0);
}
