//! The `Idempotency-Key` header through the real server: a retried check or decision gets the first answer
//! without doing the work again, another body is refused, keys are per caller, the API document names it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

fn check_body(direction: &str) -> Value {
    json!({"mrz": clear_mrz(), "bcp": "UTO-AIR-1", "direction": direction})
}

/// POST `body` to `path` as `role` with an `Idempotency-Key`: the status, the replay marker and the JSON body.
async fn post_with_key(
    srv: &TestServer,
    role: Role,
    path: &str,
    key: &str,
    body: &Value,
) -> (u16, bool, Value) {
    let res = srv
        .api()
        .post(srv.url(path))
        .bearer_auth(srv.token(role))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    let (status, body) = json_of(res).await;
    (status, replayed, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_check_gets_the_first_answer_and_records_one_crossing() {
    let srv = TestServer::start().await;
    let body = check_body("entry");
    let officer = Role::FirstLineOfficer;
    let (status, replayed, first) =
        post_with_key(&srv, officer, "/api/v1/checks", "gate-7-0001", &body).await;
    assert_eq!(status, 200, "{first}");
    assert!(!replayed);
    let (status, replayed, retry) =
        post_with_key(&srv, officer, "/api/v1/checks", "gate-7-0001", &body).await;
    assert_eq!(status, 200, "{retry}");
    assert!(replayed, "the retry is marked as a replay");
    assert_eq!(
        retry, first,
        "the retry gets the first answer, body and all"
    );
    // One crossing only: the next check of the traveller sees exactly one in the history.
    let (_, next) = srv.check_at_air(&clear_mrz(), "exit").await;
    assert_eq!(next["history"]["total"], 1, "{next}");
    assert_eq!(next["history"]["recent"][0]["id"], first["crossing_id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_key_with_another_body_is_refused_naming_the_header() {
    let srv = TestServer::start().await;
    let officer = Role::FirstLineOfficer;
    let (status, _, first) =
        post_with_key(&srv, officer, "/api/v1/checks", "k-1", &check_body("entry")).await;
    assert_eq!(status, 200, "{first}");
    let (status, _, refused) =
        post_with_key(&srv, officer, "/api/v1/checks", "k-1", &check_body("exit")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["field"], "Idempotency-Key", "{refused}");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("Idempotency-Key"));
    // Nothing was recorded for the refused request.
    let (_, next) = srv.check_at_air(&clear_mrz(), "exit").await;
    assert_eq!(next["history"]["total"], 1, "{next}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_per_caller_and_bad_keys_are_refused() {
    let srv = TestServer::start().await;
    let body = check_body("entry");
    let (_, _, first) = post_with_key(
        &srv,
        Role::FirstLineOfficer,
        "/api/v1/checks",
        "shared",
        &body,
    )
    .await;
    let (status, replayed, other) = post_with_key(
        &srv,
        Role::SecondLineOfficer,
        "/api/v1/checks",
        "shared",
        &body,
    )
    .await;
    assert_eq!(status, 200, "{other}");
    assert!(
        !replayed,
        "another caller's key of the same name is independent"
    );
    assert_ne!(other["crossing_id"], first["crossing_id"]);
    for bad in ["k".repeat(201), "with space".to_string()] {
        let (status, _, refused) =
            post_with_key(&srv, Role::FirstLineOfficer, "/api/v1/checks", &bad, &body).await;
        assert_eq!(status, 400, "{refused}");
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("Idempotency-Key"),
            "{refused}"
        );
    }
    let (status, _, longest) = post_with_key(
        &srv,
        Role::FirstLineOfficer,
        "/api/v1/checks",
        &"k".repeat(200),
        &body,
    )
    .await;
    assert_eq!(status, 200, "{longest}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_requests_with_one_key_do_the_work_once() {
    let srv = TestServer::start().await;
    let body = check_body("entry");
    let send = || {
        post_with_key(
            &srv,
            Role::FirstLineOfficer,
            "/api/v1/checks",
            "burst",
            &body,
        )
    };
    let (a, b, c, d) = tokio::join!(send(), send(), send(), send());
    let answers = [a, b, c, d];
    let ids: Vec<&Value> = answers
        .iter()
        .filter(|(status, _, _)| *status == 200)
        .map(|(_, _, body)| &body["crossing_id"])
        .collect();
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| *id == ids[0]), "{answers:?}");
    for (status, _, body) in &answers {
        assert!(*status == 200 || *status == 409, "{status} {body}");
    }
    let (_, next) = srv.check_at_air(&clear_mrz(), "exit").await;
    assert_eq!(next["history"]["total"], 1, "{next}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_decision_gets_the_first_answer() {
    let srv = TestServer::start().await;
    let (_, checked) = srv.check_at_air(&clear_mrz(), "entry").await;
    let id = checked["crossing_id"].as_str().unwrap();
    let path = format!("/api/v1/crossings/{id}/decision");
    let admit = json!({"outcome": "admitted"});
    let officer = Role::FirstLineOfficer;
    let (status, _, first) = post_with_key(&srv, officer, &path, "d-1", &admit).await;
    assert_eq!(status, 200, "{first}");
    // Without the key the same decision again is a conflict (already decided); with it, the first answer.
    let (status, replayed, retry) = post_with_key(&srv, officer, &path, "d-1", &admit).await;
    assert_eq!((status, replayed), (200, true), "{retry}");
    assert_eq!(retry, first);
    let (status, plain) = srv.decide(id, officer, admit.clone()).await;
    assert_eq!(status, 409, "{plain}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_document_names_the_header_on_each_route() {
    let srv = TestServer::start().await;
    let res = srv.get_anonymous("/api/v1/openapi.json").await;
    let (status, doc) = json_of(res).await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/checks",
        "/api/v1/crossings/{id}/decision",
        "/api/v1/api-messages",
    ] {
        let params = doc["paths"][path]["post"]["parameters"].as_array().unwrap();
        assert!(
            params
                .iter()
                .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"),
            "{path}: {params:?}"
        );
    }
}

/// A one-traveller PAXLST interchange with control reference `control_ref`.
fn paxlst(control_ref: &str) -> String {
    let segs = [
        "UNH+M1+PAXLST:D:02B:UN:IATA",
        "BGM+745",
        "NAD+MS+++UTAIR OPERATIONS",
        "TDT+20+UT101+++UT",
        "LOC+125+ATH",
        "DTM+189:2603011000:201",
        "LOC+87+UTC",
        "DTM+232:2603011330:201",
        "NAD+FL+++ERIKSSON:ANNA",
        "ATT+2++F",
        "DTM+329:740812",
        "NAT+2+UTO",
        "RFF+AVF:ABC123",
        "DOC+P:110:111+L898902C3",
        "DTM+36:300101",
        "LOC+91+UTO",
        "CNT+42:1",
        "UNT+18+M1",
    ];
    format!(
        "UNA:+.? '\nUNB+UNOA:4+UTAIR+UTOPIU+260301:0800+{control_ref}'\n{}'\nUNZ+1+{control_ref}'\n",
        segs.join("'\n")
    )
}

async fn post_manifest(srv: &TestServer, key: &str, body: String) -> (u16, bool, Value) {
    let res = srv
        .api()
        .post(srv.url("/api/v1/api-messages"))
        .bearer_auth(srv.token(Role::Sender))
        .header("content-type", "application/edifact")
        .header("Idempotency-Key", key)
        .body(body)
        .send()
        .await
        .unwrap();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    let (status, body) = json_of(res).await;
    (status, replayed, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_manifest_gets_the_first_report() {
    let srv = TestServer::start().await;
    let (status, replayed, first) = post_manifest(&srv, "m-1", paxlst("REF1")).await;
    assert_eq!((status, replayed), (200, false), "{first}");
    let (status, replayed, retry) = post_manifest(&srv, "m-1", paxlst("REF1")).await;
    assert_eq!((status, replayed), (200, true), "{retry}");
    assert_eq!(retry, first);
    let (status, _, refused) = post_manifest(&srv, "m-1", paxlst("REF2")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["field"], "Idempotency-Key", "{refused}");
}
