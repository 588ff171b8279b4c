#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
//! The officer's check workflow over HTTP: the override of a hit (reason, four eyes), abandoned and rescanned
//! checks that are not crossings, exit outcomes, and the second-line queue's order.
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

fn id_of(b: &serde_json::Value) -> String {
    b["crossing_id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admitting_a_un_listed_traveller_needs_a_reason_and_a_second_person() {
    let srv = TestServer::start().await;
    let (_, b) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    let id = id_of(&b);
    // One click is not enough.
    let (s, e) = srv
        .decide(&id, Role::FirstLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["field"], "override_reason", "{e}");
    let (s, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "admitted", "override_code": "not_the_person", "override_reason": " "}),
        )
        .await;
    assert_eq!(s, 422, "a typed reason is needed");
    let (s, c) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "admitted", "override_code": "not_the_person",
                   "override_reason": "birth date and photo differ from the listing"}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["status"], "pending_override", "{c}");
    assert!(c["outcome"].is_null(), "not admitted until confirmed");
    assert_eq!(c["admission_override"]["by"], "first-line-officer");
    assert_eq!(c["admission_override"]["critical"], true);

    // First line cannot confirm; the second-line queue shows it.
    let (s, _) = srv
        .decide(&id, Role::FirstLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 403);
    let (_, queue) = srv
        .get_json(
            Role::SecondLineOfficer,
            "/api/v1/second-line/queue?bcp=UTO-AIR-1",
        )
        .await;
    assert_eq!(queue[0]["id"], id.as_str(), "{queue}");
    let (s, c) = srv
        .decide(&id, Role::Supervisor, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        (c["status"].as_str(), c["outcome"].as_str()),
        (Some("decided"), Some("admitted"))
    );
    assert_eq!(c["admission_override"]["confirmed_by"], "supervisor");
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    for action in ["check.override", "check.override_confirm"] {
        assert!(
            audit.iter().any(|e| e.event.action == action
                && e.event.subject.as_deref() == Some(&format!("crossing:{id}"))),
            "{action} audited"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overriding_officer_cannot_confirm_their_own_override() {
    let srv = TestServer::start().await;
    let (_, b) = srv
        .post_check(
            Role::SecondLineOfficer,
            json!({"mrz": un_listed_mrz(), "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    let id = id_of(&b);
    let (s, c) = srv
        .decide(
            &id,
            Role::SecondLineOfficer,
            json!({"outcome": "admitted", "override_code": "authorised", "override_reason": "ministry exemption 2026/14"}),
        )
        .await;
    assert_eq!(
        (s, c["status"].as_str()),
        (200, Some("pending_override")),
        "{c}"
    );
    let (s, e) = srv
        .decide(&id, Role::SecondLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 403, "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("another person"),
        "{e}"
    );
    // The crossing page puts the override first, as the headline.
    let browser = srv.login(Role::Supervisor, Some("UTO-AIR-1")).await;
    let page = srv
        .page(&browser, &format!("/crossings/{id}?purpose=four+eyes"))
        .await;
    let headline = page.find("id=\"override-headline\"").unwrap();
    assert!(
        headline < page.find("id=\"verdict\"").unwrap(),
        "the override leads"
    );
    assert!(page.contains("waiting for confirmation"), "{page}");
    assert!(page.contains("id=\"btn-confirm-override\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_and_rescanned_checks_are_not_crossings() {
    let srv = TestServer::start().await;
    let (_, first) = srv.check_at_air(&clear_mrz(), "entry").await;
    // A rescan of the same passport by the same officer supersedes the first check.
    let (_, second) = srv.check_at_air(&clear_mrz(), "entry").await;
    assert_eq!(second["history"]["total"], 0, "{second}");
    let first = srv
        .state
        .store
        .crossing(&id_of(&first))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.status.as_str(), "superseded");
    // Another officer cannot abandon it; the one who ran it can.
    let path = format!("/api/v1/crossings/{}/abandon", id_of(&second));
    let (s, _) = srv
        .post_json(Role::SecondLineOfficer, &path, &json!({}))
        .await;
    assert_eq!(s, 403);
    let (s, c) = srv
        .post_json(Role::FirstLineOfficer, &path, &json!({}))
        .await;
    assert_eq!((s, c["status"].as_str()), (200, Some("abandoned")), "{c}");
    let (s, _) = srv
        .post_json(Role::FirstLineOfficer, &path, &json!({}))
        .await;
    assert_eq!(s, 409, "closed once");
    let (_, third) = srv.check_at_air(&clear_mrz(), "entry").await;
    assert_eq!(third["history"]["total"], 0, "{third}");
    let (_, stats) = srv
        .get_json(Role::Supervisor, "/api/v1/stats?bcp=UTO-AIR-1")
        .await;
    assert_eq!(stats["total"], 1, "only the last check counts: {stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_checks_offer_exit_outcomes_and_keep_the_direction() {
    let srv = TestServer::start().await;
    let browser = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;
    let (_, b) = srv.check_at_air(&un_listed_mrz(), "exit").await;
    let id = id_of(&b);
    let page = srv
        .page(&browser, &format!("/crossings/{id}?purpose=border+check"))
        .await;
    assert!(
        page.contains("Stop exit") && !page.contains("Refuse entry"),
        "{page}"
    );
    assert!(
        !page.contains("id=\"btn-protect\""),
        "no protection request at exit"
    );
    assert!(
        page.contains("value=\"W\"") && !page.contains("value=\"H\""),
        "exit grounds, not Annex V"
    );
    // The hit as an officer reads it: name parts side by side, the qualifiers in words, the raw detail folded.
    assert!(page.contains("class=\"hit-reading"), "{page}");
    assert!(
        page.contains("<td>KATANGA</td><td>KATANGA</td><td>exact"),
        "{page}"
    );
    assert!(
        page.contains("birth date") && page.contains("<details"),
        "{page}"
    );
    assert!(!page.contains("tokens:"), "no key/value dump");
    let (s, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "refused", "refusal_reason": "H"}),
        )
        .await;
    assert_eq!(s, 422, "an entry reason at exit");
    let (s, c) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "refused", "refusal_reason": "W"}),
        )
        .await;
    assert_eq!((s, c["refusal_reason"].as_str()), (200, Some("W")), "{c}");
    let check = srv.page(&browser, &format!("/check?done={id}")).await;
    assert!(
        check.contains("value=\"exit\" id=\"direction-exit\" checked"),
        "the direction stays exit: {check}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_line_queue_puts_the_un_hit_first_with_the_note() {
    let srv = TestServer::start().await;
    let refer = |note: &'static str| json!({"outcome": "referred_second_line", "note": note});
    let (_, older) = srv
        .check_at_air(
            &td3(
                "FRA",
                "MARTIN",
                "CLAIRE",
                "14FR83021",
                "FRA",
                "850317",
                'F',
                "330101",
            ),
            "entry",
        )
        .await;
    srv.decide(
        &id_of(&older),
        Role::FirstLineOfficer,
        refer("visa doubtful"),
    )
    .await;
    srv.clock.advance(chrono::Duration::minutes(30));
    let (_, un) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    srv.decide(
        &id_of(&un),
        Role::FirstLineOfficer,
        refer("UN hit, passport genuine"),
    )
    .await;
    let (_, queue) = srv
        .get_json(
            Role::SecondLineOfficer,
            "/api/v1/second-line/queue?bcp=UTO-AIR-1",
        )
        .await;
    let ids: Vec<&str> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![id_of(&un).as_str(), id_of(&older).as_str()]);
    let browser = srv.login(Role::SecondLineOfficer, Some("UTO-AIR-1")).await;
    let page = srv.page(&browser, "/second-line").await;
    assert!(
        page.contains("UN hit, passport genuine"),
        "the first line's note"
    );
    assert!(page.contains("30 min"), "the waiting time: {page}");
    // Signed in "as assigned" (no BCP chosen, two BCPs): the queue of both, not an error page.
    let as_assigned = srv.login(Role::SecondLineOfficer, None).await;
    let res = as_assigned
        .get(srv.url("/second-line"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("UN hit, passport genuine"));
}
