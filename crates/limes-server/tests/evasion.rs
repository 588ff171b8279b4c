//! Names written to slip past screening, and requests sized to stall the server, through the check's doors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

/// A typed-document check at UTO-AIR-1 of KATANGA, Germain (CDi.006 on the UN list) with the name written as
/// given, on a document number the list does not have (so only the name can find him).
fn typed_katanga(surname: &str, given: &str) -> Value {
    json!({
        "document": {
            "document_code": "P", "issuing_state": "COD", "document_number": "ZX7730412",
            "surname": surname, "given_names": given, "nationality": "COD",
            "birth_date": "1978-04-28", "sex": "M", "expiry_date": "2030-01-01"
        },
        "bcp": "UTO-AIR-1",
        "direction": "entry"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listed_name_with_zero_width_spaces_is_a_hit_and_the_hidden_characters_are_named() {
    let srv = TestServer::start().await;
    // As written plainly, the name is a hit: the baseline the hidden characters must not change.
    let (status, plain) = srv
        .post_check(Role::FirstLineOfficer, typed_katanga("KATANGA", "GERMAIN"))
        .await;
    assert_eq!(status, 200, "{plain}");
    assert_eq!(plain["watchlist_hits"][0]["entry_id"], "CDi.006", "{plain}");
    assert_eq!(plain["watchlist_hits"][0]["alert"], true);

    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            typed_katanga("KA\u{200B}TA\u{200B}NGA", "GER\u{200B}MAIN"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["recommendation"]["level"], "refer", "{body}");
    let top = &body["watchlist_hits"][0];
    assert_eq!(top["entry_id"], "CDi.006", "{body}");
    assert_eq!(top["alert"], true, "{body}");
    // The explanation and the problems say how the name was written.
    let writing = top["explain"]["writing"].to_string();
    assert!(writing.contains("U+200B at 3"), "{writing}");
    let problems = body["validity"]["problems"].to_string();
    assert!(
        problems.contains("surname: hidden characters in the name: U+200B at 3, U+200B at 6"),
        "{problems}"
    );
    assert!(problems.contains("given_names"), "{problems}");

    // The officer's screen shows the name with the hidden characters made visible.
    let id = body["crossing_id"].as_str().unwrap();
    let officer = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;
    let page = srv
        .page(&officer, &format!("/crossings/{id}?purpose=border+check"))
        .await;
    assert!(
        page.contains("KA⟨U+200B⟩TA⟨U+200B⟩NGA, GER⟨U+200B⟩MAIN"),
        "{page}"
    );
    assert!(page.contains("id=\"name-as-written\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_character_in_a_name_on_no_list_is_a_finding_not_a_clear() {
    let srv = TestServer::start().await;
    let body = json!({
        "document": {
            "document_code": "P", "issuing_state": "UTO", "document_number": "L898902C3",
            "surname": "ERIK\u{2060}SSON", "given_names": "ANNA", "nationality": "UTO",
            "birth_date": "1974-08-12", "sex": "F", "expiry_date": "2032-04-15"
        },
        "bcp": "UTO-AIR-1",
        "direction": "entry"
    });
    let (status, body) = srv.post_check(Role::FirstLineOfficer, body).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["watchlist_hits"].as_array().unwrap().is_empty(),
        "{body}"
    );
    assert_eq!(body["recommendation"]["level"], "caution", "{body}");
    assert!(
        body["validity"]["problems"]
            .to_string()
            .contains("U+2060 at 5"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_30000_character_surname_is_refused_naming_the_field() {
    let srv = TestServer::start().await;
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            typed_katanga(&"K".repeat(30_000), "GERMAIN"),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "document.surname", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("longer than"),
        "{body}"
    );
    // Nothing was recorded for it.
    let (_, crossings) = srv
        .get_json(
            Role::Supervisor,
            "/api/v1/crossings?purpose=border+check+review",
        )
        .await;
    assert!(
        !crossings.to_string().contains("KKKKKKKKKK"),
        "a refused check is not recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_60000_character_checks_at_once_leave_the_server_answering() {
    let srv = TestServer::start().await;
    let long = "A".repeat(60_000);
    let check = |b: Value| srv.post_check(Role::FirstLineOfficer, b);
    let health = async {
        tokio::time::timeout(
            std::time::Duration::from_secs(5),
            srv.get_anonymous("/healthz"),
        )
        .await
    };
    let (surname, given, mrz, health) = tokio::join!(
        check(typed_katanga(&long, "GERMAIN")),
        check(typed_katanga("KATANGA", &long)),
        check(json!({"mrz": long, "bcp": "UTO-AIR-1", "direction": "entry"})),
        health
    );
    let results = [surname, given, mrz];
    let health = health.expect("/healthz answers within seconds while the checks run");
    assert_eq!(health.status().as_u16(), 200);
    let fields: Vec<String> = results
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 422, "{body}");
            body["field"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        fields,
        vec!["document.surname", "document.given_names", "mrz"]
    );
    // And a normal check still runs after them.
    let (status, _) = srv.check_at_air(&clear_mrz(), "entry").await;
    assert_eq!(status, 200);
}

/// A UTF-8 (UNOW) PAXLST for flight UT101 Athens → Utopia City with one traveller named as given.
fn paxlst_of(surname: &str, given: &str) -> String {
    let segs = [
        "UNH+M1+PAXLST:D:02B:UN:IATA".to_string(),
        "BGM+745".into(),
        "NAD+MS+++UTAIR OPERATIONS".into(),
        "TDT+20+UT101+++UT".into(),
        "LOC+125+ATH".into(),
        "DTM+189:2603011000:201".into(),
        "LOC+87+UTC".into(),
        "DTM+232:2603011330:201".into(),
        format!("NAD+FL+++{surname}:{given}"),
        "ATT+2++M".into(),
        "DTM+329:780428".into(),
        "NAT+2+COD".into(),
        "DOC+P:110:111+ZX7730412".into(),
        "DTM+36:300101".into(),
        "LOC+91+COD".into(),
        "CNT+42:1".into(),
        "UNT+17+M1".into(),
    ];
    format!(
        "UNA:+.? '\nUNB+UNOW:4+UTAIR+UTOPIU+260301:0800+EV0001'\n{}'\nUNZ+1+EV0001'\n",
        segs.join("'\n")
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listed_name_with_zero_width_spaces_in_a_passenger_list_is_a_hit() {
    let mut config = limes_server::config::Config::default();
    config
        .api_arrival_bcps
        .insert("UTC".into(), "UTO-AIR-1".into());
    let srv = TestServer::start_with(config).await;
    let res = srv
        .post_raw(
            Role::Sender,
            "/api/v1/api-messages",
            "application/edifact",
            &paxlst_of("KA\u{200B}TA\u{200B}NGA", "GER\u{200B}MAIN"),
        )
        .await;
    let (status, report) = json_of(res).await;
    assert_eq!(status, 200, "{report}");
    let message = &report["messages"][0];
    assert_eq!(message["status"], "accepted", "{report}");
    assert_eq!(message["persons"], 1, "{report}");
    assert!(
        message.get("hits").is_none(),
        "the carrier is not told: {report}"
    );
    let key = message["flight_key"].as_str().unwrap();
    let (status, flight) = srv
        .get_json(
            Role::Analyst,
            &format!("/api/v1/flights/{key}?purpose=pre-arrival+assessment"),
        )
        .await;
    assert_eq!(status, 200, "{flight}");
    let un_hits = flight["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "watchlist" && h["source"] == "un:CDi.006")
        .count();
    assert_eq!(un_hits, 1, "the UN list's KATANGA: {flight}");
}
