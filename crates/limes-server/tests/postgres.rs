//! The real server on the PostgreSQL backend: a check through the HTTP API (UN-list hit and document alert),
//! committed with its audit entry, then a decision, and the audit chain verified.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::config::Config;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_through_the_api_on_postgres() {
    let Some(srv) =
        TestServer::start_on_postgres("a_check_through_the_api_on_postgres", Config::default())
            .await
    else {
        return;
    };
    let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\nCOD,OB0193544,P,stolen,2025-01-02,national,theft\n";
    srv.import_document_alerts(csv).await;

    // CDi.006 on the UN list (KATANGA, Germain, born 1978-04-28), with a document reported stolen.
    let mrz = un_listed_mrz();
    let (status, body) = srv.check_at_air(&mrz, "entry").await;
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
    srv.assert_check_audited(&id).await;

    let (status, decided) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line"}),
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    let c = srv.state.store.crossing(&id).await.unwrap().unwrap();
    assert_eq!(c.status, limes_store::CrossingStatus::Referred);

    // The next check of the same traveller shows this crossing in the history.
    let (_, again) = srv.check_at_air(&mrz, "entry").await;
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
