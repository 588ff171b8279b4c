//! The shared storage story, run against the SQLite backend on a fresh temporary database.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backend_passes_the_store_story() {
    let dir = tempfile::tempdir().unwrap();
    let store = limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap();
    limes_testkit::story::run_all(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_survives_reopening() {
    use limes_store::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limes.db");
    {
        let store = limes_store_sqlite::SqliteStore::open(&path).unwrap();
        limes_testkit::story::organisation_story(&store).await;
    }
    let store = limes_store_sqlite::SqliteStore::open(&path).unwrap();
    assert_eq!(store.bcps().await.unwrap().len(), 1);
    // The chain continues across restarts.
    store
        .append_audit(limes_domain::AuditEvent::new(
            chrono::DateTime::UNIX_EPOCH,
            "t",
            "x",
        ))
        .await
        .unwrap();
    assert_eq!(
        limes_store::verify_audit_chain(&store)
            .await
            .unwrap()
            .unwrap(),
        4,
        "three entries before the restart, one after"
    );
}
