//! Cooperation through the real server: sealed reporters absent from the raw database files, unsealing audited,
//! integrity reports visible to internal affairs only, the public form (CSRF, throttled without losing what was
//! stored, feedback by reference), a request missing contents refused with the list, an outgoing item outside
//! every agreement refused and logged, a hot pursuit's "stop" seen by the pursuing unit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::{Clock, Role};
use serde_json::{json, Value};

const NAME: &str = "Zebulon Quartermaine";
const PHONE: &str = "+999 7733 118822";

fn report_with_reporter(account: &str) -> Value {
    json!({"account": account, "location": "Old quarry road, km 12",
           "reporter": {"name": NAME, "telephone": PHONE, "email": "zq@example.org", "address": "7 Mill Lane"}})
}

fn raw_files_contain(srv: &TestServer, needle: &str) -> Vec<String> {
    let mut found = vec![];
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = format!("{}{suffix}", srv.db_path.display());
        if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(path);
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sealed_reporter_never_reaches_the_database_files_and_unsealing_is_audited() {
    let srv = TestServer::start().await;
    let (status, receipt) = srv
        .post_json(
            Role::HotlineHandler,
            "/api/v1/community-reports",
            &report_with_reporter("Two vans unload crates at night"),
        )
        .await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["protected_source"], true);
    let id = receipt["id"].as_str().unwrap().to_string();
    let reference = receipt["reference"].as_str().unwrap();
    assert_eq!(reference.len(), 23, "{reference}");

    // The account is stored (it is what the report is), the reporter is not, in clear, anywhere.
    assert!(!raw_files_contain(&srv, "Two vans unload").is_empty());
    for needle in [NAME, "Quartermaine", PHONE, "7733 118822", "zq@example.org"] {
        assert!(
            raw_files_contain(&srv, needle).is_empty(),
            "{needle} found in {:?}",
            raw_files_contain(&srv, needle)
        );
    }

    // Every other role sees "protected source" only.
    let (status, list) = srv
        .get_json(Role::Supervisor, "/api/v1/community-reports")
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["protected_source"], true);
    assert!(!list.to_string().contains("Quartermaine"));
    let supervisor = srv.login(Role::Supervisor, None).await;
    let page = srv
        .page(&supervisor, &format!("/cooperation/hotline/{id}"))
        .await;
    assert!(page.contains("protected source"), "{page}");
    assert!(!page.contains("Quartermaine"));
    assert!(
        !page.contains("unseal-form"),
        "no unsealing form for a supervisor"
    );

    // Only the handler unseals, and only with a reason.
    let path = format!("/api/v1/community-reports/{id}/unseal");
    let (status, _) = srv
        .post_json(Role::Supervisor, &path, &json!({"reason": "curious"}))
        .await;
    assert_eq!(status, 403);
    let (status, body) = srv
        .post_json(Role::HotlineHandler, &path, &json!({"reason": "  "}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "reason");
    let before = srv.state.store.recent_audit(1).await.unwrap()[0].seq;
    let (status, body) = srv
        .post_json(
            Role::HotlineHandler,
            &path,
            &json!({"reason": "call back to arrange a meeting with the patrol"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["reporter"]["name"], NAME);
    assert_eq!(body["reporter"]["telephone"], PHONE);
    let audit = srv.state.store.recent_audit(3).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.seq > before && e.event.action == "hotline.unseal")
        .expect("unsealing audited");
    assert!(
        entry.event.actor.starts_with("hotline-handler"),
        "{}",
        entry.event.actor
    );
    assert_eq!(
        entry.event.purpose.as_deref(),
        Some("call back to arrange a meeting with the patrol")
    );
    assert_eq!(
        entry.event.subject.as_deref(),
        Some(format!("hotline_report:{id}").as_str())
    );
    // Nor does the audit trail or the unsealing leave the reporter in the files.
    assert!(raw_files_contain(&srv, "Quartermaine").is_empty());

    // The handler's page: protected source until unsealed with a reason, then the reporter in that answer.
    let handler = srv.login(Role::HotlineHandler, None).await;
    let page = srv
        .page(&handler, &format!("/cooperation/hotline/{id}"))
        .await;
    assert!(page.contains("protected source") && page.contains("unseal-form"));
    assert!(!page.contains("Quartermaine"));
    let res = srv
        .submit(
            &handler,
            &format!("/cooperation/hotline/{id}/unseal"),
            &[
                ("csrf", csrf_from(&page)),
                ("reason", "verify the caller".to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.text().await.unwrap().contains(NAME));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn integrity_reports_are_seen_by_internal_affairs_only() {
    let srv = TestServer::start().await;
    // Any member of staff may report; the report is sealed the same way.
    let (status, receipt) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/integrity-reports",
            &report_with_reporter("A shift leader waves trucks through for cash"),
        )
        .await;
    assert_eq!(status, 200, "{receipt}");
    let id = receipt["id"].as_str().unwrap();
    assert!(raw_files_contain(&srv, "Quartermaine").is_empty());
    for role in Role::ALL {
        let allowed = role == Role::InternalAffairs;
        for path in [
            "/api/v1/integrity-reports".to_string(),
            format!("/api/v1/integrity-reports/{id}"),
            "/cooperation/integrity".to_string(),
            format!("/cooperation/integrity/{id}"),
        ] {
            let status = srv.get_as(role, &path).await.status().as_u16();
            if allowed {
                assert_eq!(status, 200, "{role} {path}");
            } else {
                assert_eq!(status, 403, "{role} must not see {path}");
            }
        }
        // Nor does it show among the hotline's reports, to anyone.
        let res = srv.get_as(role, "/api/v1/community-reports").await;
        if res.status() == 200 {
            assert!(!res.text().await.unwrap().contains("shift leader"));
        }
    }
    let (status, list) = srv
        .get_json(Role::InternalAffairs, "/api/v1/integrity-reports")
        .await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["protected_source"], true);
    // Internal affairs unseals with a reason; the hotline handler cannot.
    let path = format!("/api/v1/integrity-reports/{id}/unseal");
    let (status, _) = srv
        .post_json(Role::HotlineHandler, &path, &json!({"reason": "x"}))
        .await;
    assert_eq!(status, 403);
    let (status, body) = srv
        .post_json(
            Role::InternalAffairs,
            &path,
            &json!({"reason": "interview the witness"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["reporter"]["name"], NAME);
}

async fn public_form(srv: &TestServer, client: &reqwest::Client) -> String {
    let res = client
        .get(srv.url("/cooperation/report?lang=fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Dites-nous ce que vous avez vu"), "{page}");
    csrf_from(&page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_form_takes_reports_throttles_a_flood_and_keeps_what_it_took() {
    let srv = TestServer::start().await;
    let client = srv.browser();
    let token = public_form(&srv, &client).await;
    let form = |n: usize| {
        vec![
            ("csrf", token.clone()),
            ("lang", "fr".to_string()),
            ("about", "community".to_string()),
            ("account", format!("Report number {n} about a boat")),
            ("location", "Harbour".to_string()),
            ("name", NAME.to_string()),
            ("telephone", PHONE.to_string()),
        ]
    };
    // A form without the cookie it was served with is refused.
    let res = srv
        .api()
        .post(srv.url("/cooperation/report"))
        .form(&form(0))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    let mut first_reference = String::new();
    for n in 1..=5 {
        let res = srv.submit(&client, "/cooperation/report", &form(n)).await;
        assert_eq!(res.status(), 200, "report {n}");
        let page = res.text().await.unwrap();
        assert!(page.contains("report-reference"), "{page}");
        if n == 1 {
            let marker = "id=\"report-reference\">";
            let start = page.find(marker).unwrap() + marker.len();
            first_reference = page[start..].split('<').next().unwrap().to_string();
        }
    }
    // The sixth from the same address this hour: 429, the text given back, nothing stored.
    let res = srv.submit(&client, "/cooperation/report", &form(6)).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.unwrap();
    assert!(page.contains("Report number 6 about a boat"), "{page}");
    assert!(page.contains("Réessayez"), "{page}");
    let (_, list) = srv
        .get_json(Role::HotlineHandler, "/api/v1/community-reports")
        .await;
    let accounts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["account"].as_str().unwrap())
        .collect();
    assert_eq!(
        accounts.len(),
        5,
        "the five taken are all kept: {accounts:?}"
    );
    assert!(accounts.contains(&"Report number 1 about a boat"));
    assert!(!accounts.iter().any(|a| a.contains("number 6")));
    assert_eq!(list[0]["received_via"], "web_form");
    assert_eq!(list[0]["language"], "fr");
    for needle in [NAME, PHONE] {
        assert!(raw_files_contain(&srv, needle).is_empty(), "{needle}");
    }
    // The source address itself is not kept either.
    assert!(raw_files_contain(&srv, "127.0.0.1").is_empty());

    // Feedback given by the handler reaches the reporter by reference, and nothing else does.
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account"] == "Report number 1 about a boat")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let change = format!("/api/v1/community-reports/{id}/changes");
    for body in [
        json!({"action": "triage", "priority": "high", "category": "smuggling", "area": "harbour", "actionable": true}),
        json!({"action": "route", "agency": "UBP"}),
        json!({"action": "follow_up", "note": "internal: patrol briefed", "feedback": false}),
        json!({"action": "follow_up", "note": "Merci, une patrouille a été envoyée.", "feedback": true}),
    ] {
        let (status, r) = srv.post_json(Role::HotlineHandler, &change, &body).await;
        assert_eq!(status, 200, "{r}");
    }
    let status_page = client
        .get(srv.url("/cooperation/report/status?lang=fr"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = srv
        .submit(
            &client,
            "/cooperation/report/status",
            &[
                ("csrf", csrf_from(&status_page)),
                ("lang", "fr".to_string()),
                ("reference", first_reference.to_lowercase()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("une patrouille a été envoyée"), "{page}");
    assert!(page.contains("transmis au service compétent"), "{page}");
    assert!(
        !page.contains("patrol briefed"),
        "internal notes stay internal"
    );
    // A guessed reference finds nothing.
    let res = srv
        .submit(
            &client,
            "/cooperation/report/status",
            &[
                ("csrf", csrf_from(&status_page)),
                ("lang", "fr".to_string()),
                ("reference", "AAAAA-BBBBB-CCCCC-DDDDD".to_string()),
            ],
        )
        .await;
    assert!(res.text().await.unwrap().contains("status-unknown"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_reports_are_linked_both_ways() {
    let srv = TestServer::start().await;
    let mut ids = vec![];
    for account in ["Boat at the north cove", "Same boat seen again"] {
        let (_, r) = srv
            .post_json(
                Role::HotlineHandler,
                "/api/v1/community-reports",
                &json!({"account": account}),
            )
            .await;
        assert_eq!(r["protected_source"], false);
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    let (status, r) = srv
        .post_json(
            Role::HotlineHandler,
            &format!("/api/v1/community-reports/{}/changes", ids[0]),
            &json!({"action": "link", "other": ids[1]}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let (_, other) = srv
        .get_json(
            Role::HotlineHandler,
            &format!("/api/v1/community-reports/{}", ids[1]),
        )
        .await;
    assert_eq!(other["linked"][0], ids[0].as_str());
    // Only the handler works reports.
    let (status, _) = srv
        .post_json(
            Role::Supervisor,
            &format!("/api/v1/community-reports/{}/changes", ids[0]),
            &json!({"action": "close"}),
        )
        .await;
    assert_eq!(status, 403);
}

fn agreement(id: &str, partner: &str, record_type: &str, fields: &[&str]) -> Value {
    json!({"id": id, "title": format!("Agreement {id}"), "partner": {"kind": "state", "code": partner},
           "scopes": [{"record_type": record_type, "fields": fields}], "purposes": ["border_control"],
           "retention_days": 90, "handling": {"classification": "restricted", "no_onward_sharing_without_consent": true},
           "valid_from": "2026-01-01", "valid_until": null})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_travel_only_under_an_agreement_and_every_attempt_is_logged() {
    let srv = TestServer::start().await;
    let (status, a) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/agreements",
            &agreement("DEU-1", "DEU", "stolen_vehicle", &["vin", "plate"]),
        )
        .await;
    assert_eq!(status, 200, "{a}");
    let (status, bad) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/agreements",
            &agreement("XX-1", "XX9", "stolen_vehicle", &["vin"]),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["field"], "partner");

    let send = |partner: &str, record_type: &str| {
        json!({"partner": {"kind": "state", "code": partner}, "direction": "outgoing",
               "item": {"record_type": record_type, "purpose": "border_control",
                        "fields": {"vin": "WVWZZZ1KZAW123456", "plate": "UT 4711 X", "owner_name": "Jane Roe"}}})
    };
    // Covered: the field outside the agreement is removed, the rest passes.
    let (status, out) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/exchanges",
            &send("DEU", "stolen_vehicle"),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["agreement"], "DEU-1");
    assert!(out["permitted"]["item"]["fields"]
        .get("owner_name")
        .is_none());
    assert_eq!(out["permitted"]["removed_fields"][0], "owner_name");
    // Outside every agreement: a record type not covered, and a partner with none.
    for (partner, record_type) in [("DEU", "person"), ("POL", "stolen_vehicle")] {
        let (status, refused) = srv
            .post_json(
                Role::LiaisonOfficer,
                "/api/v1/exchanges",
                &send(partner, record_type),
            )
            .await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["field"], "item");
        assert!(refused["message"].as_str().unwrap().contains("refused"));
    }
    let (status, log) = srv
        .get_json(Role::LiaisonOfficer, "/api/v1/exchanges")
        .await;
    assert_eq!(status, 200);
    let outcomes: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "refused").count(), 2);
    assert_eq!(outcomes.iter().filter(|o| **o == "passed").count(), 1);
    assert!(
        !log.to_string().contains("Jane Roe"),
        "the log keeps no values"
    );
    let audit = srv.state.store.recent_audit(10).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.event.action == "cooperation.exchange_refused")
            .count(),
        2
    );
    // An agreement change takes effect at once: with "person" added, the item passes.
    let (status, _) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/agreements",
            &json!({"id": "DEU-1", "title": "Agreement DEU-1", "partner": {"kind": "state", "code": "DEU"},
                    "scopes": [{"record_type": "stolen_vehicle", "fields": ["vin"]}, {"record_type": "person", "fields": ["vin"]}],
                    "purposes": ["border_control"], "retention_days": 30,
                    "handling": {"classification": "restricted", "no_onward_sharing_without_consent": true},
                    "valid_from": "2026-01-01"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, out) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/exchanges",
            &send("DEU", "person"),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    let liaison = srv.login(Role::LiaisonOfficer, None).await;
    let desk = srv.page(&liaison, "/cooperation").await;
    assert!(
        desk.contains("Agreement DEU-1") && desk.contains("refused"),
        "{desk}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_missing_contents_is_refused_with_the_list_and_a_full_one_is_tracked() {
    let srv = TestServer::start().await;
    let (status, body) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/assistance-requests",
            &json!({"request_type": "controlled_delivery", "partner": {"kind": "state", "code": "POL"},
                    "contents": {"requesting_authority": "Utopia Border Police", "facts": "A container"},
                    "deadline": "2026-03-05T12:00:00Z"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "contents");
    assert_eq!(
        body["details"]["missing"],
        json!([
            "measure_requested",
            "object_and_reason",
            "legal_provisions",
            "persons_or_objects"
        ])
    );
    let (status, r) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/assistance-requests",
            &json!({"request_type": "joint_investigation_team", "partner": {"kind": "state", "code": "POL"},
                    "contents": {"requesting_authority": "Utopia Border Police", "measure_requested": "Joint team",
                                 "object_and_reason": "Arms trafficking ring", "legal_provisions": "Bilateral treaty art. 4",
                                 "persons_or_objects": "Three trucks", "facts": "Seen at Eastbridge"},
                    "deadline": "2026-03-02T09:00:00Z"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let id = r["id"].as_str().unwrap();
    // Past the deadline without an answer: overdue; answered: no longer.
    srv.clock.advance(chrono::Duration::days(2));
    let (_, list) = srv
        .get_json(Role::LiaisonOfficer, "/api/v1/assistance-requests")
        .await;
    assert_eq!(list[0]["overdue"], true, "{list}");
    let step = format!("/api/v1/assistance-requests/{id}/steps");
    let (status, _) = srv
        .post_json(
            Role::LiaisonOfficer,
            &step,
            &json!({"action": "escalate", "note": "no answer"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, r) = srv
        .post_json(
            Role::LiaisonOfficer,
            &step,
            &json!({"action": "answer", "text": "Team agreed"}),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    let whats: Vec<&str> = r["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["what"].as_str().unwrap())
        .collect();
    assert_eq!(whats, vec!["registered", "escalated", "answered"]);
    let (_, list) = srv
        .get_json(Role::LiaisonOfficer, "/api/v1/assistance-requests")
        .await;
    assert_eq!(list[0]["overdue"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hot_pursuit_is_notified_before_the_crossing_and_its_stop_is_seen_at_once() {
    let srv = TestServer::start().await;
    let now = srv.clock.now();
    let pursuit = |crossing: chrono::DateTime<chrono::Utc>| {
        json!({"kind": "hot_pursuit", "partner": {"kind": "state", "code": "DEU"}, "unit": "Patrol N-3",
               "description": "Grey van, UT 1234 A", "crossing_at": crossing.to_rfc3339()})
    };
    let (status, late) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/notifications",
            &pursuit(now - chrono::Duration::minutes(1)),
        )
        .await;
    assert_eq!(status, 422, "{late}");
    assert_eq!(late["field"], "crossing_at");
    let (status, n) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/notifications",
            &pursuit(now + chrono::Duration::minutes(5)),
        )
        .await;
    assert_eq!(status, 200, "{n}");
    let id = n["id"].as_str().unwrap();
    let (status, observation) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/notifications",
            &json!({"kind": "cross_border_observation", "partner": {"kind": "state", "code": "DEU"},
                    "unit": "Team O-1", "description": "Courier", "crossing_at": now.to_rfc3339()}),
        )
        .await;
    assert_eq!(status, 422, "{observation}");
    assert_eq!(observation["field"], "authorisation_reference");

    for step in ["acknowledge", "stop"] {
        let (status, r) = srv
            .post_json(
                Role::LiaisonOfficer,
                &format!("/api/v1/notifications/{id}/steps"),
                &json!({"step": step}),
            )
            .await;
        assert_eq!(status, 200, "{r}");
    }
    // The pursuing unit polls its notification and sees the stop.
    let (status, polled) = srv
        .get_json(Role::PatrolOfficer, &format!("/api/v1/notifications/{id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(polled["status"], "stop_requested");
    let liaison = srv.login(Role::LiaisonOfficer, None).await;
    assert!(srv
        .page(&liaison, "/cooperation")
        .await
        .contains("stop-banner"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_lists_the_counterparts_facing_a_bcp() {
    let srv = TestServer::start().await;
    for (name, country, facing) in [
        ("Kommissarin Berg", "DEU", "UTO-LND-N1"),
        ("Komisarz Nowak", "PL", "UTO-LND-E1"),
    ] {
        let (status, c) = srv
            .post_json(
                Role::LiaisonOfficer,
                "/api/v1/liaison-contacts",
                &json!({"id": "", "name": name, "agency": "Border police", "country": country,
                        "facing_bcp": facing, "rank": "Inspector", "languages": ["de", "en"],
                        "hours": "06:00-22:00", "channels": ["telephone: +49 000 0000"]}),
            )
            .await;
        assert_eq!(status, 200, "{c}");
    }
    let (status, list) = srv
        .get_json(
            Role::FirstLineOfficer,
            "/api/v1/liaison-contacts?facing_bcp=UTO-LND-E1",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["country"], "POL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_unacknowledged_past_the_configured_time_is_escalated() {
    let srv = TestServer::start().await;
    let (status, alert) = srv
        .post_json(
            Role::LiaisonOfficer,
            "/api/v1/cooperation-alerts",
            &json!({"topic": "smuggling", "area": "northern border", "message": "Grey vans with crates",
                    "receivers": ["UTO-LND-N1", "UTO-AIR-1", "DEU"]}),
        )
        .await;
    assert_eq!(status, 200, "{alert}");
    let id = alert["id"].as_str().unwrap();
    let ack = format!("/api/v1/cooperation-alerts/{id}/acknowledgements");
    // An officer acknowledges for a BCP of theirs only.
    let (status, _) = srv
        .post_json(
            Role::FirstLineOfficer,
            &ack,
            &json!({"receiver": "UTO-SEA-1"}),
        )
        .await;
    assert_eq!(status, 422, "not a receiver");
    for receiver in ["UTO-LND-N1", "UTO-AIR-1"] {
        let (status, r) = srv
            .post_json(Role::FirstLineOfficer, &ack, &json!({"receiver": receiver}))
            .await;
        assert_eq!(status, 200, "{r}");
    }
    assert_eq!(
        limes_app::cooperation::alerts::escalate_due(&srv.state)
            .await
            .unwrap(),
        0,
        "not yet due"
    );
    srv.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(
        limes_app::cooperation::alerts::escalate_due(&srv.state)
            .await
            .unwrap(),
        1,
        "Germany has not acknowledged"
    );
    let (_, list) = srv
        .get_json(Role::LiaisonOfficer, "/api/v1/cooperation-alerts")
        .await;
    assert!(list[0]["escalated_at"].is_string(), "{list}");
    assert_eq!(
        limes_app::cooperation::alerts::escalate_due(&srv.state)
            .await
            .unwrap(),
        0,
        "escalated once"
    );
}
