//! The sync tables on SQLite: the shared sync stories (a BCP node and the centre both on SQLite), and what
//! only a BCP node does (SQLite is the store a BCP node runs on).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_store::sync::{NodeRole, SyncStore};
use limes_store::StoreError;
use limes_store_sqlite::SqliteStore;

fn open(dir: &tempfile::TempDir, name: &str) -> SqliteStore {
    SqliteStore::open(dir.path().join(name)).unwrap()
}

#[tokio::test]
async fn a_bcp_nodes_records_reach_the_centre_once() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_up_story(&open(&dir, "edge.db"), &open(&dir, "centre.db"))
        .await;
}

#[tokio::test]
async fn the_centres_list_changes_go_down_as_deltas_applied_whole() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_down_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
        &open(&dir, "edge2.db"),
    )
    .await;
}

#[tokio::test]
async fn a_large_list_goes_down_in_slices_applied_whole() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_large_list_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
    )
    .await;
}

#[tokio::test]
async fn a_bcp_node_keeps_its_identity() {
    let dir = tempfile::tempdir().unwrap();
    let edge = open(&dir, "edge.db");
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-a", Some("LAND1"))
        .await
        .unwrap();
    // A node id or BCP code that cannot be a subject token is refused, naming it.
    let e = edge
        .set_sync_identity(NodeRole::Bcp, "x", Some("LAND.1"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("BCP code 'LAND.1'"), "{e}");
    // The node keeps its id and BCP.
    let e = edge
        .set_sync_identity(NodeRole::Bcp, "other", Some("SEA2"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    let e = edge
        .set_sync_identity(NodeRole::Bcp, "LAND1-a", None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("needs its BCP code"), "{e}");
    // Only the centre sends lists down.
    let e = edge.queue_full_copy().await.unwrap_err();
    assert!(e.to_string().contains("only the centre"), "{e}");
}

#[tokio::test]
async fn a_declared_kind_travels_both_ways_with_no_sync_code() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_records_story(&open(&dir, "edge.db"), &open(&dir, "centre.db"))
        .await;
}

#[tokio::test]
async fn the_organisation_comes_down_into_the_nodes_own_tables() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_org_story(&open(&dir, "centre.db"), &open(&dir, "edge.db"))
        .await;
}

#[tokio::test]
async fn an_enrolment_token_is_good_once_until_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::enrolment_story(&open(&dir, "centre.db")).await;
}

#[tokio::test]
async fn pre_arrival_alerts_go_to_their_bcp_and_node_checkpoints_prove_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::sync_story::sync_federation_story(
        &open(&dir, "centre.db"),
        &open(&dir, "air.db"),
        &open(&dir, "land.db"),
    )
    .await;
}

#[tokio::test]
async fn the_stolen_vehicle_register_goes_down_to_the_nodes() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::vehicles_story::stolen_vehicles_down_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
        &open(&dir, "edge2.db"),
    )
    .await;
}

#[tokio::test]
async fn the_firearm_register_goes_down_to_the_nodes() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::firearms_story::firearms_down_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
    )
    .await;
}

#[tokio::test]
async fn vehicle_crossings_go_up_to_the_centre() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::vehicles_story::vehicle_crossings_up_story(
        &open(&dir, "edge.db"),
        &open(&dir, "centre.db"),
    )
    .await;
}

#[tokio::test]
async fn the_arms_register_goes_down_and_impoundments_go_up() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::salw_story::salw_sync_story(&open(&dir, "centre.db"), &open(&dir, "edge.db"))
        .await;
}

#[tokio::test]
async fn goods_rules_go_down_and_declarations_and_inspections_up() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::goods_sync_story::goods_sync_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
    )
    .await;
}

#[tokio::test]
async fn seizures_go_up_to_the_centre() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::seizures_story::seizures_up_story(
        &open(&dir, "edge.db"),
        &open(&dir, "centre.db"),
    )
    .await;
}

#[tokio::test]
async fn the_centres_streamed_imports_go_down_as_deltas_computed_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    limes_testkit::registers_story::streamed_delta_down_story(
        &open(&dir, "centre.db"),
        &open(&dir, "edge.db"),
    )
    .await;
}
