//! The border check end to end over HTTP: API and web UI, decisions, second line, history, audit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_traveller_is_green_and_the_check_is_recorded() {
    let srv = TestServer::start().await;
    let (status, body) = srv.check_at_air(&clear_mrz(), "entry").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recommendation"]["level"], "clear", "{body}");
    assert_eq!(body["recommendation"]["colour"], "green");
    assert_eq!(body["document"]["surname"], "ERIKSSON");
    assert_eq!(body["document"]["birth_date"], "1974-08-12");
    assert_eq!(body["validity"]["mrz_valid"], true);
    assert_eq!(body["validity"]["expired"], false);
    assert_eq!(body["history"]["total"], 0);
    let id = body["crossing_id"].as_str().unwrap().to_string();
    // Committed before the response: it is there, pending a decision, with its audit entry.
    let c = srv.state.store.crossing(&id).await.unwrap().unwrap();
    assert_eq!(c.status, limes_store::CrossingStatus::Pending);
    srv.assert_check_audited(&id).await;
    // The next check of the same traveller sees this one in the history.
    let (_, again) = srv.check_at_air(&clear_mrz(), "exit").await;
    assert_eq!(again["history"]["total"], 1);
    assert_eq!(again["history"]["recent"][0]["id"], id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn un_listed_person_is_red_with_the_hit_explained() {
    let srv = TestServer::start().await;
    let (status, body) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recommendation"]["level"], "refer", "{body}");
    let hits = body["watchlist_hits"].as_array().unwrap();
    let top = &hits[0];
    assert_eq!(top["entry_id"], "CDi.006", "{body}");
    assert_eq!(top["alert"], true);
    assert!(top["score"].as_f64().unwrap() >= body["alert_threshold"].as_f64().unwrap());
    assert!(
        !top["explain"].is_null(),
        "every hit carries its explanation"
    );
    assert!(body["recommendation"]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("CDi.006"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stolen_document_is_red_and_ocr_confusion_is_amber() {
    let srv = TestServer::start().await;
    let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\nUTO,X12345670,P,stolen,2025-01-02,national,theft\nUTO,AB1000017,P,lost,2025-01-02,national,\n";
    srv.import_document_alerts(csv).await;
    // BERG, Jonas, on one passport number or another.
    let berg = |number: &str| {
        td3(
            "UTO", "BERG", "JONAS", number, "UTO", "880203", 'M', "300101",
        )
    };
    let (_, body) = srv.check_at_air(&berg("X12345670"), "entry").await;
    assert_eq!(body["recommendation"]["level"], "refer", "{body}");
    assert_eq!(body["document_alerts"][0]["status"], "stolen");
    assert_eq!(body["document_alerts"][0]["match_kind"], "exact");
    // Read with O for 0 and I for 1: only a weaker, labelled hit.
    let (_, body) = srv.check_at_air(&berg("ABIOOOOI7"), "entry").await;
    assert_eq!(
        body["document_alerts"][0]["match_kind"], "possible_ocr_confusion",
        "{body}"
    );
    assert_eq!(body["recommendation"]["level"], "caution", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_clear_error_naming_the_field() {
    let srv = TestServer::start().await;
    let (status, body) = srv.check_at_air("HELLO", "entry").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "mrz");
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"mrz": clear_mrz(), "bcp": "NOWHERE", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "bcp");
    assert!(body["message"].as_str().unwrap().contains("NOWHERE"));
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"mrz": clear_mrz(), "bcp": "UTO-SEA-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 403, "officer not assigned to UTO-SEA-1: {body}");
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"bcp": "UTO-AIR-1", "direction": "sideways"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("direction"),
        "{body}"
    );
    // A broken check digit is reported, the check still runs and says so.
    let mut broken = clear_mrz();
    broken.pop();
    broken.push('0');
    let (status, body) = srv.check_at_air(&broken, "entry").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["validity"]["mrz_valid"], false);
    assert_eq!(body["recommendation"]["level"], "refer");
    // Typed by hand, with a mistake in a date.
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"document": {"document_code": "P", "issuing_state": "UTO", "document_number": "L898902C3", "surname": "ERIKSSON",
                   "given_names": "ANNA", "nationality": "UTO", "birth_date": "1974-13-40"}, "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "document.birth_date");
}

/// A clean foreign traveller: MARTIN, Claire, French passport, on no list.
fn foreign_clear_mrz() -> String {
    td3(
        "FRA",
        "MARTIN",
        "CLAIRE",
        "14FR83021",
        "FRA",
        "850317",
        'F',
        "330101",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_follow_the_rules_and_protection_is_never_a_refusal() {
    let srv = TestServer::start().await;
    // An own national (UTO, the installation's state) is never refused entry nor asks protection.
    let (_, b) = srv.check_at_air(&clear_mrz(), "entry").await;
    let own = b["crossing_id"].as_str().unwrap().to_string();
    for outcome in [
        json!({"outcome": "refused", "refusal_reason": "C"}),
        json!({"outcome": "international_protection"}),
    ] {
        let (s, e) = srv.decide(&own, Role::FirstLineOfficer, outcome).await;
        assert_eq!(s, 422, "{e}");
        assert!(
            e["message"].as_str().unwrap().contains("own national"),
            "{e}"
        );
    }
    let (_, b) = srv.check_at_air(&foreign_clear_mrz(), "entry").await;
    let id = b["crossing_id"].as_str().unwrap().to_string();
    let (s, e) = srv
        .decide(&id, Role::FirstLineOfficer, json!({"outcome": "refused"}))
        .await;
    assert_eq!(s, 422, "a refusal needs a reason: {e}");
    let (s, e) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "refused", "refusal_reason": "Q"}),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("unknown refusal reason"));
    let (s, c) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "international_protection"}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["outcome"], "international_protection");
    assert!(c["refusal_reason"].is_null());
    let (s, _) = srv
        .decide(&id, Role::FirstLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 409, "a decided crossing stays decided");

    // Referral: the second-line queue has it; first line cannot close it; second line can.
    let (_, b) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    let id = b["crossing_id"].as_str().unwrap().to_string();
    let (s, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line"}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, queue) = srv
        .get_json(
            Role::SecondLineOfficer,
            "/api/v1/second-line/queue?bcp=UTO-AIR-1",
        )
        .await;
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str()),
        "{queue}"
    );
    let (s, _) = srv
        .decide(&id, Role::FirstLineOfficer, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(s, 403);
    let (s, c) = srv
        .decide(
            &id,
            Role::SecondLineOfficer,
            json!({"outcome": "refused", "refusal_reason": "H", "note": "UN sanctions list"}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(c["outcome"], "refused");
    assert_eq!(c["first_outcome"], "referred_second_line");
    assert_eq!(c["refusal_reason"], "H");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewing_person_data_needs_a_purpose_and_is_audited() {
    let srv = TestServer::start().await;
    let (_, b) = srv.check_at_air(&clear_mrz(), "entry").await;
    let id = b["crossing_id"].as_str().unwrap();
    let res = srv
        .get_as(Role::Analyst, &format!("/api/v1/crossings/{id}"))
        .await;
    assert_eq!(res.status(), 422);
    let res = srv
        .get_as(
            Role::Analyst,
            &format!("/api/v1/crossings/{id}?purpose=risk+analysis"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let audit = srv.state.store.recent_audit(3).await.unwrap();
    let view = audit
        .iter()
        .find(|e| e.event.action == "person.view")
        .unwrap();
    assert_eq!(view.event.purpose.as_deref(), Some("risk analysis"));
    // The analyst called with an API token: the entry names the token too.
    let token_id = limes_store::token_id(&limes_store::token_hash(srv.token(Role::Analyst)));
    assert_eq!(view.event.actor, format!("analyst/token:{token_id}"));
    assert_eq!(view.event.role.as_deref(), Some("analyst"));
    assert_eq!(view.event.agency.as_deref(), Some("UBP"));
    let (_, found) = srv
        .get_json(
            Role::Analyst,
            "/api/v1/crossings?search=ERIKS&purpose=risk+analysis",
        )
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_ui_check_refusal_and_history() {
    let srv = TestServer::start().await;
    let browser = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;
    let page = srv.page(&browser, "/check").await;
    let csrf = csrf_from(&page);
    // Without the CSRF token the form is refused.
    let res = srv
        .submit(
            &browser,
            "/check",
            &[("mrz", un_listed_mrz()), ("direction", "entry".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = srv
        .submit(
            &browser,
            "/check",
            &[
                ("csrf", csrf.clone()),
                ("mrz", un_listed_mrz()),
                ("direction", "entry".into()),
                ("bcp", "UTO-AIR-1".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let result = srv.page(&browser, &location).await;
    assert!(result.contains("verdict red"), "the verdict is red");
    assert!(result.contains("Refer to second line"));
    assert!(result.contains("CDi.006"));
    let id = location
        .trim_start_matches("/crossings/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let res = srv
        .submit(
            &browser,
            &format!("/crossings/{id}/decision"),
            &[
                ("csrf", csrf.clone()),
                ("outcome", "refused".into()),
                ("refusal_reason", "H".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let done = srv
        .page(&browser, res.headers()["location"].to_str().unwrap())
        .await;
    assert!(
        done.contains("Recorded: <strong>Refused</strong>"),
        "{done}"
    );
    let history = srv
        .page(&browser, "/history?search=KATANGA&purpose=border+check")
        .await;
    assert!(
        history.contains("KATANGA") && history.contains("Refused"),
        "{history}"
    );
    // Security headers and cookie flags.
    let res = browser.get(srv.url("/check")).send().await.unwrap();
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    assert_eq!(res.headers()["x-frame-options"], "DENY");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookie_is_httponly_strict_and_logins_are_throttled() {
    let srv = TestServer::start().await;
    let c = srv.browser();
    let res = srv
        .submit(
            &c,
            "/login",
            &[("username", "first-line-officer"), ("password", PASSWORD)],
        )
        .await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Max-Age="),
        "{cookie}"
    );
    for _ in 0..3 {
        let res = srv
            .submit(
                &c,
                "/login",
                &[("username", "auditor"), ("password", "wrong-password")],
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    let res = srv
        .submit(
            &c,
            "/login",
            &[("username", "auditor"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        res.status(),
        429,
        "after 3 failures from this address the next attempt waits, even with the right password"
    );
    assert_eq!(res.headers()["retry-after"], "1");
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Too many failed sign-ins from here"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_are_all_or_nothing_with_line_numbers() {
    let srv = TestServer::start().await;
    let before = srv.state.store.document_alert_count().await.unwrap();
    let bad = "issuing_state,document_number,document_type,status,reported_on\nUTO,A1,P,stolen,2025-01-01\nUTO,A2,P,gone,2025-01-01\n";
    let (status, body) = json_of(
        srv.post_raw(
            Role::Administrator,
            "/api/v1/document-alerts",
            "text/csv",
            bad,
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["message"].as_str().unwrap().contains("line 3"),
        "{body}"
    );
    assert_eq!(
        srv.state.store.document_alert_count().await.unwrap(),
        before
    );
    let res = srv
        .post_raw(
            Role::Analyst,
            "/api/v1/watchlists/national?format=un-xml",
            "application/xml",
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>",
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        srv.state.store.watchlist_metas().await.unwrap().len(),
        1,
        "the list in force stays"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_metrics_and_audit_verification() {
    let srv = TestServer::start().await;
    let h: serde_json::Value = srv.get_anonymous("/healthz").await.json().await.unwrap();
    assert_eq!(h["status"], "ok");
    assert!(h["watchlist_entries"].as_u64().unwrap() > 900);
    srv.check_at_air(&clear_mrz(), "entry").await;
    let m = srv.get_anonymous("/metrics").await.text().await.unwrap();
    assert!(m.contains("limes_checks_total 1"), "{m}");
    assert!(m.contains("limes_check_duration_seconds_count 1"));
    // No configuration for anonymous callers; a signed-in one (here a token) sees the threshold.
    assert!(!m.contains("limes_alert_threshold"), "{m}");
    let signed_in = srv
        .get_as(Role::Supervisor, "/metrics")
        .await
        .text()
        .await
        .unwrap();
    assert!(signed_in.contains("limes_alert_threshold "), "{signed_in}");
    // Request latency by route template and status class.
    assert!(
        m.contains("limes_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/checks\",status=\"2xx\"} 1"),
        "{m}"
    );
    let (_, v) = srv.get_json(Role::Auditor, "/api/v1/audit/verify").await;
    assert_eq!(v["intact"], true, "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_imported_by_another_process_is_in_force_within_seconds() {
    let srv = TestServer::start().await;
    let mrz = td3(
        "UTO",
        "SIDOROV",
        "IVAN",
        "751234567",
        "RUS",
        "710304",
        'M',
        "300101",
    );
    let (_, before) = srv.check_at_air(&mrz, "entry").await;
    assert_eq!(before["recommendation"]["level"], "clear", "{before}");
    // Written straight to the database, as `limes import watchlist` does next to a running server.
    let csv = "entry_id,name,birth_dates,nationalities\nUTO-1,Иван Сидоров,1971-03-04,RUS\n";
    let list = limes_screen::import::limes_csv("national", "Utopia national list", csv.as_bytes())
        .unwrap();
    let ev = limes_domain::AuditEvent::new(
        limes_domain::Clock::now(srv.clock.as_ref()),
        "cli:test",
        "watchlist.import",
    );
    limes_app::lists::save_watchlist(srv.state.store.as_ref(), ev, &list, "national.csv")
        .await
        .unwrap();
    let mut level = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let (_, after) = srv.check_at_air(&mrz, "entry").await;
        level = after["recommendation"]["level"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if level == "refer" {
            assert_eq!(after["watchlist_hits"][0]["entry_id"], "UTO-1");
            break;
        }
    }
    assert_eq!(level, "refer", "the new list was not picked up within 10 s");
}
