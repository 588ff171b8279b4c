//! The risk-indicator story (`limes-testkit`) on the SQLite backend, the store as its own centre for ingest.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_indicators_follow_late_and_corrected_records() {
    let dir = tempfile::tempdir().unwrap();
    let store = limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap();
    limes_testkit::risk_story::risk_story(&store, &store).await;
}
