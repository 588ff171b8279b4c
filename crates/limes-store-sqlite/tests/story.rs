//! The shared storage stories (`limes-testkit`), run against the SQLite backend, each on a fresh temporary
//! database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

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

fn fresh_store(dir: &tempfile::TempDir) -> limes_store_sqlite::SqliteStore {
    limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_job_in_a_group_does_not_undo_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(fresh_store(&dir));
    limes_testkit::write_story::failing_job_in_a_group_story(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_go_on_while_the_register_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(fresh_store(&dir));
    limes_testkit::write_story::register_replacement_story(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_manifest_round_trips_and_its_update_carries_the_reviews_over() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::pax_story::full_manifest_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sea_voyage_keeps_its_vessel_on_every_leg() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::pax_story::sea_voyage_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_intake_leaves_nothing_behind_and_the_next_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::pax_story::failing_intake_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_racing_itself_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(fresh_store(&dir));
    limes_testkit::pax_story::concurrent_resend_story(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auditor_searches_by_time_actor_action_and_subject_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::audit_story::audit_search_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_tampering_is_reported_against_the_signed_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(&dir);
    let path = dir.path().join("limes.db");
    limes_testkit::audit_story::audit_tampering_story(&store, |sql| {
        let path = path.clone();
        async move {
            rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(&sql)
                .unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goods_declarations_are_lodged_once_versioned_and_inspected() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::goods_story::goods_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incidents_and_patrols_are_found_by_box_and_time() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::surveillance_story::surveillance_story(&fresh_store(&dir)).await;
    let node = tempfile::tempdir().unwrap();
    limes_testkit::surveillance_story::node_story(&fresh_store(&node)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seizures_are_recorded_listed_and_photographed() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::seizures_story::seizures_story(&fresh_store(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staged_register_replacement_is_swapped_in_atomically_for_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(fresh_store(&dir));
    limes_testkit::registers_story::swap_is_atomic_story(store).await;
}
