//! Goods at a BCP node, over HTTP: the node selects with the selectivity rules the centre last sent it (with
//! no link to the centre at all), an analyst cannot write rules there, and what the node lodged and inspected
//! waits in its outbox for the centre.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::{AuditEvent, Clock, Role};
use limes_server::config::Config;
use limes_store::prelude::*;
use limes_store::sync::{DownDelta, NodeRole, RecordKind, SyncStore};
use limes_store::{GoodsDeclarations, GoodsInspections, GoodsRules, StoredGoodsRule};
use limes_store_sqlite::SqliteStore;
use serde_json::{json, Value};
use std::sync::Arc;

fn declaration(reference: &str, code: &str) -> Value {
    json!({
        "format": "json", "type": "IMA", "function": "original", "reference": reference,
        "declarant": {"id": "UT-BROKER-1", "name": "Border Brokers Ltd", "country": "UT"},
        "exporter": null, "importer": {"id": "UT123456", "name": "Acme Imports", "country": "UT"},
        "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "road", "identity": "UT-482-KX", "nationality": "UT"},
        "export_country": "TR", "destination_country": "UT", "routing_countries": [],
        "office": "UTO-LND-N1",
        "containers": [], "amends": null, "amendments": [], "warnings": [],
        "items": [{"sequence": 1, "commodity_code": code, "description": "goods", "origin_country": "TR",
                   "packages": 1, "package_type": "CT", "gross_mass_kg": 10.0, "net_mass_kg": 9.0,
                   "procedure": "4000", "value": null, "consignee": null, "documents": []}],
        "totals": {"items": 1, "packages": 1, "gross_mass_kg": 10.0}
    })
}

/// The centre's rule as it arrives at the node: a down record of the goods-rule kind at `down_seq`.
fn rule_from_centre(version: u32, hs_prefix: &str, at: chrono::DateTime<chrono::Utc>) -> DownDelta {
    let rule = StoredGoodsRule {
        id: "R-ARMS".into(),
        version,
        saved_by: "analyst".into(),
        saved_at: at,
        rule: json!({"id": "R-ARMS", "version": version, "name": "Arms", "lane": "red", "weight": 100,
                     "valid_from": "2020-01-01T00:00:00Z", "when": [{"hs_prefix": [hs_prefix]}]}),
    };
    DownDelta::Record {
        record_kind: GoodsRules::KIND.into(),
        key: "R-ARMS".into(),
        version: i64::from(version),
        record: Some(serde_json::to_value(&rule).unwrap()),
    }
}

async fn lane_of(srv: &TestServer, reference: &str, code: &str) -> String {
    let (status, report) = srv
        .post_json(
            Role::Declarant,
            "/api/v1/declarations",
            &json!({ "declarations": [declaration(reference, code)] }),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    report["declarations"][0]["lane"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_selects_with_the_rules_it_last_received_and_sends_its_results_up() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("limes.db");
    let mut config = Config {
        database: db_path.display().to_string().into(),
        ..Config::default()
    };
    config.goods.selectivity.random_red = 0.0;
    config.goods.selectivity.random_yellow = 0.0;
    config.goods.selectivity.random_blue = 0.0;
    let store = Arc::new(SqliteStore::open(&db_path).unwrap());
    let sync: Arc<dyn SyncStore> = store.clone();
    let srv = TestServer::start_on_with_sync(store.clone(), Some(sync), config, dir, db_path).await;
    store
        .set_sync_identity(NodeRole::Bcp, "UTO-LND-N1-a", Some("UTO-LND-N1"))
        .await
        .unwrap();
    let ev = |a: &str| AuditEvent::new(srv.clock.now(), "sync", a);

    // Nothing received yet: green.
    assert_eq!(lane_of(&srv, "LRN-0", "930200").await, "green");
    // The centre's rule arrives (the link is then cut: there is no NATS here at all); the node selects with it.
    assert!(store
        .apply_down(
            1,
            rule_from_centre(1, "93", srv.clock.now()),
            ev("sync.apply")
        )
        .await
        .unwrap());
    // Received rules are read again within a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(lane_of(&srv, "LRN-1", "930200").await, "red");
    assert_eq!(lane_of(&srv, "LRN-2", "847130").await, "green");
    // A newer version replaces it.
    assert!(store
        .apply_down(
            2,
            rule_from_centre(2, "8471", srv.clock.now()),
            ev("sync.apply")
        )
        .await
        .unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(lane_of(&srv, "LRN-3", "847130").await, "red");
    assert_eq!(lane_of(&srv, "LRN-4", "930200").await, "green");

    // The rules list shows what the node received; writing a rule here is refused.
    let (status, rules) = srv.get_json(Role::Analyst, "/api/v1/goods-rules").await;
    assert_eq!(status, 200, "{rules}");
    assert_eq!(rules[0]["rule"]["version"], 2, "{rules}");
    let (status, body) = srv
        .post_json(
            Role::Analyst,
            "/api/v1/goods-rules",
            &json!({"id": "R-LOCAL", "version": 1, "name": "Local", "lane": "red", "weight": 10,
                    "valid_from": "2020-01-01T00:00:00Z", "when": [{"hs_prefix": ["01"]}]}),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(store.goods_rules().await.unwrap().is_empty());

    // The officer records the inspection's result; declarations and inspections wait in the outbox.
    let (status, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    assert_eq!(status, 200, "{queue}");
    let inspection = queue[0]["inspection"]["id"].as_str().unwrap().to_string();
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/inspections/{inspection}/result"),
            &json!({"found": false}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let pending = store.outbox_pending(10_000).await.unwrap();
    let count = |kind: &str| pending.iter().filter(|r| r.kind == kind).count();
    assert_eq!(count(GoodsDeclarations::KIND), 5);
    // Two inspections selected (LRN-1, LRN-3), one of them sent again with its result.
    assert_eq!(count(GoodsInspections::KIND), 3);
    let with_result = pending
        .iter()
        .rev()
        .find(|r| r.kind == GoodsInspections::KIND)
        .unwrap();
    let sent: Value = serde_json::from_str(&with_result.payload).unwrap();
    assert_eq!(sent["id"], inspection.as_str());
    assert_eq!(sent["result"]["found"], false);
}
