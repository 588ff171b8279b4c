//! Advance passenger information end to end over HTTP: intake (idempotent, superseding, per-message errors),
//! pre-arrival screening (document alerts, watchlists, targeting rules), the PIU review, the confirmed hit at
//! the arrival BCP's first-line check, rule statistics, audit and the retention purge.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::config::Config;
use serde_json::{json, Value};

/// One traveller of a hand-written PAXLST message.
struct Pax<'a> {
    surname: &'a str,
    given: &'a str,
    gender: &'a str,
    /// YYMMDD.
    birth: &'a str,
    nationality: &'a str,
    booking: &'a str,
    documents: &'a [(&'a str, &'a str, &'a str)],
}

/// A D02B passenger list for flight UT101 Athens → Utopia City on 2026-03-01, written per the WCO/IATA/ICAO
/// guidelines; `break_second` adds a second message with a broken DTM (a warning) and a segment of the legacy US
/// format (which rejects the message).
fn paxlst(control_ref: &str, persons: &[Pax<'_>], break_second: bool) -> String {
    let mut segs: Vec<String> = vec![
        "UNH+M1+PAXLST:D:02B:UN:IATA".into(),
        "BGM+745".into(),
        "NAD+MS+++UTAIR OPERATIONS".into(),
        "TDT+20+UT101+++UT".into(),
        "LOC+125+ATH".into(),
        "DTM+189:2603011000:201".into(),
        "LOC+87+UTC".into(),
        "DTM+232:2603011330:201".into(),
    ];
    for p in persons {
        segs.push(format!("NAD+FL+++{}:{}", p.surname, p.given));
        segs.push(format!("ATT+2++{}", p.gender));
        segs.push(format!("DTM+329:{}", p.birth));
        segs.push(format!("NAT+2+{}", p.nationality));
        segs.push(format!("RFF+AVF:{}", p.booking));
        for (kind, number, issuer) in p.documents {
            segs.push(format!("DOC+{kind}:110:111+{number}"));
            segs.push("DTM+36:300101".into());
            segs.push(format!("LOC+91+{issuer}"));
        }
    }
    segs.push(format!("CNT+42:{}", persons.len()));
    let n = segs.len() + 1;
    segs.push(format!("UNT+{n}+M1"));
    let mut messages = 1;
    if break_second {
        messages = 2;
        segs.extend([
            "UNH+M2+PAXLST:D:02B:UN:IATA".to_string(),
            "BGM+745".into(),
            "TDT+20+UT555+++UT".into(),
            "LOC+125+ATH".into(),
            "DTM+189:26XX011000:201".into(),
            "LOC+87+UTC".into(),
            "DTM+232:2603011330:201".into(),
            "UNS+D".into(),
            "NAD+FL+++DOE:JANE".into(),
            "CNT+42:1".into(),
            "UNT+11+M2".into(),
        ]);
    }
    format!(
        "UNA:+.? '\nUNB+UNOA:4+UTAIR+UTOPIU+260301:0800+{control_ref}'\n{}'\nUNZ+{messages}+{control_ref}'\n",
        segs.join("'\n")
    )
}

const KATANGA: Pax<'static> = Pax {
    // CDi.006 on the UN list: KATANGA, Germain, born 1978-04-28, Democratic Republic of the Congo.
    surname: "KATANGA",
    given: "GERMAIN",
    gender: "M",
    birth: "780428",
    nationality: "COD",
    booking: "KAT001",
    documents: &[("P", "OB0193544", "COD")],
};
const STOLEN: Pax<'static> = Pax {
    surname: "LINDQVIST",
    given: "ERIK",
    gender: "M",
    birth: "850101",
    nationality: "UTO",
    booking: "LIN001",
    // Travels on an identity card and a passport; only the passport is reported stolen.
    documents: &[("I", "ID7700001", "UTO"), ("P", "X12345670", "UTO")],
};
const YOUNG: Pax<'static> = Pax {
    surname: "MORENO",
    given: "LUCIA",
    gender: "F",
    birth: "100315",
    nationality: "ESP",
    booking: "MOR001",
    documents: &[("P", "PAA123456", "ESP")],
};
const OTHER: Pax<'static> = Pax {
    surname: "OKAFOR",
    given: "CHIDI",
    gender: "M",
    birth: "900202",
    nationality: "NGA",
    booking: "OKA001",
    documents: &[("P", "A01234567", "NGA")],
};

fn rule_json(version: u32, max_age: u32) -> Value {
    json!({
        "id": "minors-from-ath",
        "version": version,
        "name": "Minors arriving from Athens",
        "owner": "PIU duty analyst",
        "severity": "medium",
        "valid_from": "2026-01-01T00:00:00Z",
        "applies_to": "passengers",
        "condition": {"all": [
            {"origin": {"in": ["ATH"]}},
            {"age": {"max": max_age}}
        ]}
    })
}

async fn post_message(srv: &TestServer, role: Role, body: &str) -> (u16, Value) {
    let res = srv
        .post_raw(role, "/api/v1/api-messages", "application/edifact", body)
        .await;
    json_of(res).await
}

fn pax_config() -> Config {
    let mut config = Config::default();
    config
        .api_arrival_bcps
        .insert("UTC".into(), "UTO-AIR-1".into());
    config
}

async fn start() -> TestServer {
    seed(TestServer::start_with(pax_config()).await).await
}

/// The document-alert register the flow's screening finds.
async fn seed(srv: TestServer) -> TestServer {
    let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\n\
               UTO,X12345670,P,stolen,2025-01-02,national,theft\n";
    srv.import_document_alerts(csv).await;
    srv
}

fn hit_of<'a>(flight: &'a Value, surname: &str, kind: &str) -> &'a Value {
    let traveller = flight["travellers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["surname"] == surname)
        .unwrap_or_else(|| panic!("no traveller {surname}"));
    flight["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["traveller_id"] == traveller["id"] && h["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} hit on {surname}: {}", flight["hits"]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manifest_is_screened_reviewed_and_the_confirmed_hit_reaches_the_arrival_bcp() {
    manifest_flow(start().await).await;
}

/// The same flow on the PostgreSQL backend (a throwaway database; skipped without a server unless
/// REQUIRE_POSTGRES=1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manifest_flow_on_postgres() {
    let Some(srv) =
        TestServer::start_on_postgres("the_manifest_flow_on_postgres", pax_config()).await
    else {
        return;
    };
    let srv = seed(srv).await;
    manifest_flow(srv).await;
}

async fn manifest_flow(srv: TestServer) {
    // A rule that does not validate is refused with the place of the error; a good one is saved.
    let mut bad = rule_json(1, 17);
    bad["condition"]["all"][1] = json!({"age": {"max": 17, "min": 30}});
    let (status, body) = srv.post_json(Role::Analyst, "/api/v1/rules", &bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["field"].as_str().unwrap().contains("condition.all[1]"),
        "{body}"
    );
    let (status, body) = srv
        .post_json(Role::Analyst, "/api/v1/rules", &rule_json(1, 17))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = srv
        .post_json(Role::Analyst, "/api/v1/rules", &rule_json(1, 17))
        .await;
    assert_eq!(
        status, 422,
        "version 1 exists: the change must be version 2"
    );
    let (status, _) = srv
        .post_json(Role::FirstLineOfficer, "/api/v1/rules", &rule_json(2, 17))
        .await;
    assert_eq!(status, 403);

    // Intake: every traveller and each of their documents screened at once.
    let edi = paxlst("IC0001", &[KATANGA, STOLEN, YOUNG, OTHER], true);
    let (status, report) = post_message(&srv, Role::Sender, &edi).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["duplicate"], false);
    let messages = report["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2, "{report}");
    assert_eq!(messages[0]["status"], "accepted");
    assert_eq!(messages[0]["persons"], 4);
    assert!(
        messages[0].get("hits").is_none(),
        "the carrier is not told whom the lists caught: {report}"
    );
    assert_eq!(messages[1]["status"], "rejected", "{report}");
    let error = &messages[1]["error"];
    // An unreadable flight time is a warning; the legacy US segment rejects the message.
    assert_eq!(error["tag"], "UNS", "the segment is named: {error}");
    assert!(error["segment_index"].as_u64().is_some(), "{error}");
    // The CONTRL acknowledgement for the carrier: message M1 accepted (UCM action 7), the second rejected (4)
    // with the segment and the data element named.
    let ack = report["acknowledgement"].as_str().unwrap();
    assert!(
        ack.contains("CONTRL") && ack.contains("UCI+IC0001"),
        "{ack}"
    );
    assert!(ack.contains("UCM+M1+PAXLST:D:02B:UN+7"), "{ack}");
    assert!(ack.contains("UCM+M2+PAXLST:D:02B:UN+4"), "{ack}");
    assert!(
        ack.contains("UCS+8+15"),
        "UNS, 8th segment of M2, not supported in this position: {ack}"
    );
    let key = messages[0]["flight_key"].as_str().unwrap().to_string();
    assert_eq!(key, "UT101-2026-03-01");

    // Resending duplicates nothing; reusing the reference for other content is refused.
    let (status, again) = post_message(&srv, Role::Sender, &edi).await;
    assert_eq!(status, 200);
    assert_eq!(again["duplicate"], true);
    let (status, body) = post_message(&srv, Role::Sender, &paxlst("IC0001", &[OTHER], false)).await;
    assert_eq!(status, 409, "{body}");
    // A first-line officer cannot hand in manifests; an unreadable interchange names its segment.
    let (status, _) = post_message(&srv, Role::FirstLineOfficer, &edi).await;
    assert_eq!(status, 403);
    let (status, body) = post_message(&srv, Role::Sender, "UNB+UNOA:4+X").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["details"]["acknowledgement"]
            .as_str()
            .unwrap()
            .contains("UCI+"),
        "a negative acknowledgement comes with the error: {body}"
    );

    // The board (no personal data) and the flight view (purpose required, audited).
    let (status, board) = srv
        .get_json(Role::FirstLineOfficer, "/api/v1/flights?date=2026-03-01")
        .await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board.as_array().unwrap().len(), 1, "{board}");
    assert_eq!(board[0]["passengers"], 4);
    assert_eq!(board[0]["open_hits"], 3);
    assert_eq!(board[0]["top_open_severity"], "critical");
    assert_eq!(board[0]["flight"]["arrival_bcp"], "UTO-AIR-1");
    let (status, _) = srv
        .get_json(Role::Analyst, "/api/v1/flights?date=2026-13-01")
        .await;
    assert_eq!(status, 422);
    let path = format!("/api/v1/flights/{key}");
    let (status, _) = srv.get_json(Role::Analyst, &path).await;
    assert_eq!(status, 422, "a purpose is required");
    let (status, _) = srv
        .get_json(Role::FirstLineOfficer, &format!("{path}?purpose=curious"))
        .await;
    assert_eq!(status, 403);
    let (status, flight) = srv
        .get_json(
            Role::Analyst,
            &format!("{path}?purpose=pre-arrival+assessment"),
        )
        .await;
    assert_eq!(status, 200, "{flight}");
    assert_eq!(flight["travellers"].as_array().unwrap().len(), 4);
    let un = hit_of(&flight, "KATANGA", "watchlist");
    assert_eq!(un["source"], "un:CDi.006", "{un}");
    assert!(
        un["explain"]["explain"]["tokens"].as_array().unwrap().len() >= 2,
        "{un}"
    );
    let stolen = hit_of(&flight, "LINDQVIST", "document_alert");
    assert_eq!(stolen["severity"], "critical");
    assert!(
        stolen["summary"].as_str().unwrap().contains("X12345670"),
        "{stolen}"
    );
    let rule = hit_of(&flight, "MORENO", "rule");
    assert_eq!(rule["source"], "minors-from-ath");
    assert_eq!(rule["rule_version"], 1);
    let (_, worklist) = srv.get_json(Role::Analyst, "/api/v1/api-worklist").await;
    assert_eq!(worklist[0]["flight"]["key"], key.as_str());

    // The analyst reviews: a reason is required; confirm the UN hit, dismiss the rule hit.
    let review = |id: &Value| format!("/api/v1/api-hits/{}/review", id.as_str().unwrap());
    let (status, _) = srv
        .post_json(
            Role::Analyst,
            &review(&un["id"]),
            &json!({"status": "confirmed", "reason": ""}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, body) = srv.post_json(Role::Analyst,
        &review(&un["id"]),
        &json!({"status": "confirmed", "reason": "name, birth date and nationality agree with CDi.006"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "confirmed");
    let (status, _) = srv
        .post_json(
            Role::Analyst,
            &review(&un["id"]),
            &json!({"status": "dismissed", "reason": "changed my mind"}),
        )
        .await;
    assert_eq!(status, 409, "a hit is reviewed once");
    let (status, _) = srv
        .post_json(
            Role::Analyst,
            &review(&rule["id"]),
            &json!({"status": "dismissed", "reason": "travelling with her parents"}),
        )
        .await;
    assert_eq!(status, 200);

    // The officer at the arrival BCP sees the confirmed pre-arrival hit at first line.
    let (status, check) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    assert_eq!(status, 200, "{check}");
    let alerts = check["pre_arrival_alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{check}");
    assert_eq!(alerts[0]["flight"], "UT101");
    assert_eq!(alerts[0]["arrival_bcp"], "UTO-AIR-1");
    assert_eq!(alerts[0]["confirmed_by"], username(Role::Analyst).as_str());
    assert_eq!(check["recommendation"]["level"], "refer");
    assert!(
        check["recommendation"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r
                .as_str()
                .unwrap()
                .starts_with("Confirmed alert: pre-arrival")),
        "{check}"
    );
    // A traveller whose hit was dismissed is not flagged by it.
    let mrz = td3(
        "ESP",
        "MORENO",
        "LUCIA",
        "PAA123456",
        "ESP",
        "070315",
        'F',
        "300101",
    );
    let (_, check) = srv.check_at_air(&mrz, "entry").await;
    assert!(
        check["pre_arrival_alerts"].as_array().unwrap().is_empty(),
        "{check}"
    );

    // A changed rule (version 2) applies to the next message at once; an updated manifest supersedes the
    // first, keeps its history and carries the reviews over.
    let (status, _) = srv
        .post_json(Role::Analyst, "/api/v1/rules", &rule_json(2, 38))
        .await;
    assert_eq!(status, 200);
    let (status, report) = post_message(
        &srv,
        Role::Sender,
        &paxlst("IC0002", &[KATANGA, STOLEN, YOUNG, OTHER], false),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    let (_, flight) = srv
        .get_json(
            Role::Analyst,
            &format!("{path}?purpose=pre-arrival+assessment"),
        )
        .await;
    let manifests = flight["manifests"].as_array().unwrap();
    assert_eq!(manifests.len(), 2);
    assert_eq!(
        manifests
            .iter()
            .filter(|m| m["superseded_by"].is_null())
            .count(),
        1
    );
    assert_eq!(flight["travellers"].as_array().unwrap().len(), 4);
    assert_eq!(
        hit_of(&flight, "KATANGA", "watchlist")["status"],
        "confirmed",
        "review carried over"
    );
    let rule_hits: Vec<&Value> = flight["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "rule")
        .collect();
    assert_eq!(
        rule_hits.len(),
        2,
        "38 and under now: MORENO (15) and OKAFOR (36): {rule_hits:?}"
    );
    assert!(rule_hits.iter().all(|h| h["rule_version"] == 2));

    // Rule statistics: fired on MORENO (once, the carried-over hit is not a new firing) and OKAFOR.
    let (_, rules) = srv.get_json(Role::Analyst, "/api/v1/rules").await;
    let r = &rules[0];
    assert_eq!(r["rule"]["version"], 2);
    assert_eq!(r["in_force"], true);
    assert_eq!(
        (
            r["stats"]["fired"].as_u64(),
            r["stats"]["dismissed"].as_u64(),
            r["stats"]["open"].as_u64()
        ),
        (Some(2), Some(1), Some(1)),
        "open: OKAFOR's hit in the current manifest only: {r}"
    );
    let (_, versions) = srv
        .get_json(Role::Analyst, "/api/v1/rules/minors-from-ath")
        .await;
    assert_eq!(versions.as_array().unwrap().len(), 2);

    // Every view of travellers was audited with its purpose.
    let (_, audit) = srv.get_json(Role::Auditor, "/api/v1/audit?limit=200").await;
    let entries: Vec<Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].clone())
        .collect();
    let views: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["action"] == "person.view"
                && e["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("flight:"))
        })
        .collect();
    assert_eq!(views.len(), 2, "{} audit entries", entries.len());
    assert!(views
        .iter()
        .all(|e| e["purpose"] == "pre-arrival assessment"));
    assert!(entries.iter().any(|e| e["action"] == "api.hit.review"));
    assert!(entries.iter().any(|e| e["action"] == "api.intake"));

    // Retention: a day after arrival, only the traveller with a confirmed hit is left.
    srv.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-03-02T13:29:00Z")
            .unwrap()
            .into(),
    );
    let report = limes_app::pax::retention::purge(&srv.state).await.unwrap();
    assert_eq!(
        report.travellers, 0,
        "arrived 13:30 yesterday: not yet 24 hours"
    );
    srv.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-03-02T13:30:01Z")
            .unwrap()
            .into(),
    );
    let report = limes_app::pax::retention::purge(&srv.state).await.unwrap();
    assert_eq!(report.travellers, 6, "{report:?}");
    let (_, flight) = srv
        .get_json(Role::Analyst, &format!("{path}?purpose=follow-up"))
        .await;
    let left: Vec<&str> = flight["travellers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["surname"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["KATANGA"]);
    // The statistics survive the purge.
    let (_, rules) = srv.get_json(Role::Analyst, "/api/v1/rules").await;
    assert_eq!(rules[0]["stats"]["fired"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_files_are_taken_in_and_filed() {
    let srv = start().await;
    let inbox = srv.dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("ut101.edi"),
        paxlst("IC0100", &[OTHER, YOUNG], false),
    )
    .unwrap();
    std::fs::write(inbox.join("broken.edi"), "UNB+UNOA:4+X").unwrap();
    // Files are left alone until they have settled for a second (the sender may still be writing).
    assert_eq!(
        limes_app::pax::inbox::process_inbox(&srv.state, &inbox)
            .await
            .unwrap(),
        0
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        limes_app::pax::inbox::process_inbox(&srv.state, &inbox)
            .await
            .unwrap(),
        2
    );
    assert!(inbox.join("processed/ut101.edi").exists());
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(inbox.join("processed/ut101.edi.report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["messages"][0]["persons"], 2, "{report}");
    assert!(inbox.join("rejected/broken.edi").exists());
    assert!(inbox.join("processed/ut101.edi.contrl.edi").exists());
    assert!(inbox.join("rejected/broken.edi.contrl.edi").exists());
    let rejected = std::fs::read_to_string(inbox.join("rejected/broken.edi.report.json")).unwrap();
    assert!(rejected.contains("error"), "{rejected}");
    let (_, board) = srv
        .get_json(Role::Analyst, "/api/v1/flights?date=2026-03-01")
        .await;
    assert_eq!(board[0]["passengers"], 2);
}
