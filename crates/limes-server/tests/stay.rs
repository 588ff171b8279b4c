//! The allowed stay over HTTP: computed at each check, an overstay flagged at exit, and the supervisor's list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

/// A traveller subject to the 90-in-180 rule (not a Utopian national).
fn visitor_mrz() -> String {
    td3(
        "ESP",
        "GARCIA",
        "LUCIA",
        "PAB123456",
        "ESP",
        "850505",
        'F',
        "320101",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overstay_is_flagged_at_exit_and_listed_for_the_supervisor() {
    let srv = TestServer::start().await;
    let (status, entry) = srv.check_at_air(&visitor_mrz(), "entry").await;
    assert_eq!(status, 200, "{entry}");
    assert!(entry["stay"].is_null(), "no earlier stay: {entry}");
    let id = entry["crossing_id"].as_str().unwrap();
    let (status, _) = srv
        .decide(id, Role::FirstLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(status, 200);

    // Day 60 of the stay: a check shows 60 days used, 30 left, no problem.
    srv.clock.advance(chrono::Duration::days(59));
    let (_, mid) = srv.check_at_air(&visitor_mrz(), "entry").await;
    assert_eq!(mid["stay"]["days_used"], 60, "{mid}");
    assert_eq!(mid["stay"]["days_left"], 30, "{mid}");
    assert_eq!(mid["stay"]["overstay_days"], 0);

    // Day 95: the exit check says the traveller overstayed by five days.
    srv.clock.advance(chrono::Duration::days(35));
    let (status, exit) = srv.check_at_air(&visitor_mrz(), "exit").await;
    assert_eq!(status, 200, "{exit}");
    assert_eq!(exit["stay"]["overstay_days"], 5, "{exit}");
    let problems = exit["validity"]["problems"].to_string();
    assert!(problems.contains("overstay: 5 days"), "{problems}");

    // The supervisor's list (JSON and page) shows the traveller; an own national never counts.
    let (status, list) = srv.get_json(Role::Supervisor, "/api/v1/overstayers").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["surname"], "GARCIA");
    assert_eq!(list[0]["still_in"], true, "the exit is not decided yet");
    let page = srv.get_as(Role::Supervisor, "/overstayers").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("GARCIA"));
    let (status, _) = srv
        .get_json(Role::SecondLineOfficer, "/api/v1/overstayers")
        .await;
    assert_eq!(status, 403);

    // An own national's long stay is no overstay.
    let (_, own) = srv.check_at_air(&clear_mrz(), "exit").await;
    assert!(own["stay"].is_null(), "{own}");
}
