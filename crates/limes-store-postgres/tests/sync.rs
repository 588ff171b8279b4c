//! The centre's sync tables on PostgreSQL: the shared sync stories with a real BCP node (SQLite) feeding the
//! centre and taking its list changes, and what only this backend does. Each test runs on a fresh database
//! (see `limes_testkit::postgres`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_domain::AuditEvent;
use limes_store::sync::{DownDelta, NodeRole, SyncStore};
use limes_store::StoreError;
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use limes_testkit::postgres::database_for_test;

macro_rules! database {
    ($name:expr) => {
        match database_for_test($name).await.unwrap() {
            Some(db) => db,
            None => return,
        }
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bcp_nodes_records_reach_the_centre_once() {
    let db = database!("a_bcp_nodes_records_reach_the_centre_once");
    let dir = tempfile::tempdir().unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    limes_testkit::sync_story::sync_up_story(&edge, &centre).await;
    // A tampered entry of the node's chain is found.
    db.execute("UPDATE sync_node_audit SET actor = 'mallory' WHERE node = 'LAND1-a' AND seq = 2")
        .await
        .unwrap();
    let broken = limes_store::sync::verify_node_chain(&centre, "LAND1-a")
        .await
        .unwrap();
    assert!(broken.is_err(), "{broken:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centres_list_changes_go_down_as_deltas_applied_whole() {
    let db = database!("the_centres_list_changes_go_down_as_deltas_applied_whole");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let edge2 = SqliteStore::open(dir.path().join("edge2.db")).unwrap();
    limes_testkit::sync_story::sync_down_story(&centre, &edge, &edge2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_list_goes_down_in_slices_applied_whole() {
    let db = database!("a_large_list_goes_down_in_slices_applied_whole");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::sync_story::sync_large_list_story(&centre, &edge).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_kind_travels_both_ways_with_no_sync_code() {
    let db = database!("a_declared_kind_travels_both_ways_with_no_sync_code");
    let dir = tempfile::tempdir().unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    limes_testkit::sync_story::sync_records_story(&edge, &centre).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organisation_comes_down_into_the_nodes_own_tables() {
    let db = database!("the_organisation_comes_down_into_the_nodes_own_tables");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::sync_story::sync_org_story(&centre, &edge).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enrolment_token_is_good_once_until_it_expires() {
    let db = database!("an_enrolment_token_is_good_once_until_it_expires");
    let centre = PgStore::open(db.url()).await.unwrap();
    limes_testkit::sync_story::enrolment_story(&centre).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bcp_node_does_not_run_on_postgresql() {
    let db = database!("a_bcp_node_does_not_run_on_postgresql");
    let centre = PgStore::open(db.url()).await.unwrap();
    // Refused, saying where it runs.
    let e = centre
        .set_sync_identity(NodeRole::Bcp, "x", Some("LAND1"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(_)) && e.to_string().contains("SQLite"),
        "{e}"
    );
    // The centre does not apply deltas itself.
    let d = DownDelta::Rule {
        rule: limes_store::StoredRule {
            id: "r1".into(),
            version: 1,
            owner: "piu".into(),
            saved_by: "analyst".into(),
            saved_at: d_at(),
            rule: serde_json::json!({}),
        },
    };
    let ev = AuditEvent::new(d_at(), "ana", "sync.apply");
    let e = centre.apply_down(1, d, ev).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e}");
    // Only the centre sends lists down.
    let e = centre.queue_full_copy().await.unwrap_err();
    assert!(e.to_string().contains("only the centre"), "{e}");
}

fn d_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_arrival_alerts_go_to_their_bcp_and_node_checkpoints_prove_its_chain() {
    let db = database!("pre_arrival_alerts_go_to_their_bcp_and_node_checkpoints_prove_its_chain");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    limes_testkit::sync_story::sync_federation_story(
        &centre,
        &SqliteStore::open(dir.path().join("air.db")).unwrap(),
        &SqliteStore::open(dir.path().join("land.db")).unwrap(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stolen_vehicle_register_goes_down_to_the_nodes() {
    let db = database!("the_stolen_vehicle_register_goes_down_to_the_nodes");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let edge2 = SqliteStore::open(dir.path().join("edge2.db")).unwrap();
    limes_testkit::vehicles_story::stolen_vehicles_down_story(&centre, &edge, &edge2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_firearm_register_goes_down_to_the_nodes() {
    let db = database!("the_firearm_register_goes_down_to_the_nodes");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::firearms_story::firearms_down_story(&centre, &edge).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicle_crossings_go_up_to_the_centre() {
    let db = database!("vehicle_crossings_go_up_to_the_centre");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::vehicles_story::vehicle_crossings_up_story(&edge, &centre).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arms_register_goes_down_and_impoundments_go_up() {
    let db = database!("the_arms_register_goes_down_and_impoundments_go_up");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::salw_story::salw_sync_story(&centre, &edge).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goods_rules_go_down_and_declarations_and_inspections_up() {
    let db = database!("goods_rules_go_down_and_declarations_and_inspections_up");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::goods_sync_story::goods_sync_story(&centre, &edge).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seizures_go_up_to_the_centre() {
    let db = database!("seizures_go_up_to_the_centre");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::seizures_story::seizures_up_story(&edge, &centre).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centres_streamed_imports_go_down_as_deltas_computed_in_the_database() {
    let db = database!("the_centres_streamed_imports_go_down_as_deltas_computed_in_the_database");
    let dir = tempfile::tempdir().unwrap();
    let centre = PgStore::open(db.url()).await.unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    limes_testkit::registers_story::streamed_delta_down_story(&centre, &edge).await;
}
