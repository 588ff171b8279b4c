//! What an operator and an uploader are told at the limits: `/healthz` answers 503 with the reason when the
//! database refuses writes, a list upload over the configured cap is refused with 413 naming it, and a list id
//! that is a path is refused at the API door.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_app::Config;
use limes_domain::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_503_with_the_reason_when_writes_fail() {
    let srv = TestServer::start().await;
    let res = srv.get_anonymous("/healthz").await;
    assert_eq!(res.status(), 200);
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "ok", "{health}");
    // Reads still work, but every write fails as on a full disk.
    let db = rusqlite::Connection::open(&srv.db_path).unwrap();
    db.execute_batch(
        "CREATE TRIGGER full_disk_insert BEFORE INSERT ON health_probe
           BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;
         CREATE TRIGGER full_disk_update BEFORE UPDATE ON health_probe
           BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;",
    )
    .unwrap();
    let res = srv.get_anonymous("/healthz").await;
    assert_eq!(res.status(), 503);
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "failing", "{health}");
    assert!(
        health["write_problem"]
            .as_str()
            .unwrap()
            .contains("database or disk is full"),
        "{health}"
    );
    // Once writes work again, so does the health check.
    db.execute_batch("DROP TRIGGER full_disk_insert; DROP TRIGGER full_disk_update;")
        .unwrap();
    assert_eq!(srv.get_anonymous("/healthz").await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_upload_over_the_configured_cap_is_refused_with_413_naming_it() {
    let srv = TestServer::start_with(Config {
        list_upload_max_mib: 1,
        ..Config::default()
    })
    .await;
    let before = srv.state.store.document_alert_count().await.unwrap();
    let mut csv = String::from("issuing_state,document_number,document_type,status,reported_on\n");
    while csv.len() <= 1024 * 1024 {
        csv.push_str("UTO,L898902C3,P,stolen,2025-01-02\n");
    }
    let res = srv
        .post_raw(
            Role::Administrator,
            "/api/v1/document-alerts",
            "text/csv",
            &csv,
        )
        .await;
    assert_eq!(res.status(), 413);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("(1 MiB)"),
        "{body}"
    );
    assert_eq!(
        srv.state.store.document_alert_count().await.unwrap(),
        before
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_id_that_is_a_path_is_refused() {
    let srv = TestServer::start().await;
    let csv = "entry_id,name\nN1,Ivan Petrov\n";
    let res = srv
        .post_raw(
            Role::Analyst,
            "/api/v1/watchlists/..%2F..%2Fetc?format=limes-csv",
            "text/csv",
            csv,
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["field"], "id", "{body}");
}
