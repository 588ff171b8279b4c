//! The real server on the PostgreSQL backend: a check through the HTTP API (UN-list hit and document alert),
//! committed with its audit entry, then a decision, and the audit chain verified.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::config::Config;
use limes_testkit::postgres::database_for_test;
use serde_json::json;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_through_the_api_on_postgres() {
    let Some(db) = database_for_test("a_check_through_the_api_on_postgres")
        .await
        .unwrap()
    else {
        return;
    };
    let store = Arc::new(limes_store_postgres::PgStore::open(db.url()).await.unwrap());
    let config = Config {
        database: db.url().into(),
        ..Config::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unused.db");
    let srv = TestServer::start_on(store, config, dir, path).await;
    assert_eq!(srv.state.store.backend(), "postgres");

    let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\nCOD,OB0193544,P,stolen,2025-01-02,national,theft\n";
    let res = srv
        .api()
        .post(srv.url("/api/v1/document-alerts"))
        .bearer_auth(srv.token(Role::Administrator))
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // CDi.006 on the UN list (KATANGA, Germain, born 1978-04-28), with a document reported stolen.
    let mrz = td3(
        "COD",
        "KATANGA",
        "GERMAIN",
        "OB0193544",
        "COD",
        "780428",
        'M',
        "300101",
    );
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recommendation"]["level"], "refer", "{body}");
    assert_eq!(body["document_alerts"][0]["status"], "stolen", "{body}");
    assert_eq!(body["document_alerts"][0]["match_kind"], "exact");
    assert!(body["recommendation"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap_or("").contains("CDi.006")));
    let id = body["crossing_id"].as_str().unwrap().to_string();

    // Committed in PostgreSQL before the answer, with its audit entry.
    let c = srv.state.store.crossing(&id).await.unwrap().unwrap();
    assert_eq!(c.status, limes_store::CrossingStatus::Pending);
    assert_eq!(c.check.document.surname, "KATANGA");
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    assert!(audit.iter().any(|e| e.event.action == "check.run"
        && e.event.subject.as_deref() == Some(&format!("crossing:{id}"))));

    let res = srv
        .api()
        .post(srv.url(&format!("/api/v1/crossings/{id}/decision")))
        .bearer_auth(srv.token(Role::FirstLineOfficer))
        .json(&json!({"outcome": "referred_second_line"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let c = srv.state.store.crossing(&id).await.unwrap().unwrap();
    assert_eq!(c.status, limes_store::CrossingStatus::Referred);

    // The next check of the same traveller shows this crossing in the history.
    let (_, again) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"mrz": mrz, "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(again["history"]["total"], 1, "{again}");
    assert_eq!(again["history"]["recent"][0]["id"], id.as_str());

    let verified = limes_store::verify_audit_chain(srv.state.store.as_ref())
        .await
        .unwrap()
        .unwrap();
    assert!(
        verified > 10,
        "setup, import, checks and decision audited: {verified}"
    );
}
