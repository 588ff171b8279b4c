//! PAXLST as carriers really send it, through intake over HTTP: a traveller whose document has no number is
//! kept, warned about and screened on the name; a sea voyage is stored with its vessel; the leg arriving at a
//! BCP decides where a manifest with a stop belongs; and each shows on the pax pages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::config::Config;
use serde_json::Value;

/// An interchange of one PAXLST message with the given segments between BGM and UNT.
fn interchange(control_ref: &str, body: &[&str]) -> String {
    let mut segs: Vec<String> = vec!["UNH+M1+PAXLST:D:05B:UN:IATA".into(), "BGM+745".into()];
    segs.extend(body.iter().map(|s| s.to_string()));
    let n = segs.len() + 1;
    segs.push(format!("UNT+{n}+M1"));
    format!(
        "UNA:+.? '\nUNB+UNOA:4+UTCARRIER+UTOPIU+260301:0800+{control_ref}'\n{}'\nUNZ+1+{control_ref}'\n",
        segs.join("'\n")
    )
}

fn config() -> Config {
    let mut config = Config::default();
    config
        .api_arrival_bcps
        .insert("UTC".into(), "UTO-AIR-1".into());
    config
        .api_arrival_bcps
        .insert("UTHRB".into(), "UTO-SEA-1".into());
    config
}

async fn intake(srv: &TestServer, edi: &str) -> Value {
    let res = srv
        .post_raw(
            Role::Sender,
            "/api/v1/api-messages",
            "application/edifact",
            edi,
        )
        .await;
    let (status, report) = json_of(res).await;
    assert_eq!(status, 200, "{report}");
    report
}

async fn flight(srv: &TestServer, key: &str) -> Value {
    let (status, flight) = srv
        .get_json(
            Role::Analyst,
            &format!("/api/v1/flights/{key}?purpose=pre-arrival+assessment"),
        )
        .await;
    assert_eq!(status, 200, "{flight}");
    flight
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_traveller_whose_document_has_no_number_is_kept_warned_about_and_screened() {
    let srv = TestServer::start_with(config()).await;
    // KATANGA, Germain (CDi.006 on the UN list) sent with a passport without a number (DOC+P+).
    let edi = interchange(
        "IC0001",
        &[
            "TDT+20+UT101+++UT",
            "LOC+125+ATH",
            "DTM+189:2603011000:201",
            "LOC+87+UTC",
            "DTM+232:2603011330:201",
            "NAD+FL+++KATANGA:GERMAIN",
            "ATT+2++M",
            "DTM+329:780428",
            "NAT+2+COD",
            "DOC+P+",
            "LOC+91+COD",
            "NAD+FL+++OKAFOR:CHIDI",
            "DTM+329:900202",
            "DOC+P:110:111+A01234567",
            "LOC+91+NGA",
        ],
    );
    let report = intake(&srv, &edi).await;
    let message = &report["messages"][0];
    assert_eq!(message["status"], "accepted", "{report}");
    assert_eq!(message["persons"], 2, "{report}");
    assert!(
        message["warnings"].as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("traveller 1: segment 13 (DOC), element 2")),
        "{report}"
    );
    assert!(
        report["acknowledgement"]
            .as_str()
            .unwrap()
            .contains("UCM+M1+PAXLST:D:05B:UN+7"),
        "accepted: {report}"
    );
    let f = flight(&srv, "UT101-2026-03-01").await;
    let katanga = f["travellers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["surname"] == "KATANGA")
        .unwrap();
    let warnings = katanga["details"]["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{katanga}");
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("expected the document number"),
        "{katanga}"
    );
    // Screened on the name: the UN entry is found without a document number.
    let hit = f["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["traveller_id"] == katanga["id"] && h["kind"] == "watchlist")
        .unwrap_or_else(|| panic!("no watchlist hit: {}", f["hits"]));
    assert_eq!(hit["source"], "un:CDi.006", "{hit}");
    // The flight page shows the warning on the traveller.
    let client = srv.login(Role::Analyst, None).await;
    let page = srv
        .page(
            &client,
            "/pax/flights/UT101-2026-03-01?purpose=pre-arrival+assessment",
        )
        .await;
    assert!(page.contains("expected the document number"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sea_voyage_is_stored_with_its_vessel_and_a_stop_at_our_port_decides_its_bcp() {
    let srv = TestServer::start_with(config()).await;
    // A ferry from UTPRT calling at our harbour UTHRB and going on to GRPIR: one TDT, LOC+92 stops.
    let edi = interchange(
        "IC0002",
        &[
            "TDT+20+V2603+1++UTFERRY:172+++9074729:146:11:MV UTOPIA STAR",
            "LOC+92+UTPRT",
            "DTM+189:2603010600:201",
            "LOC+92+UTHRB",
            "DTM+232:2603011800:201",
            "LOC+125+UTHRB",
            "DTM+189:2603012000:201",
            "LOC+87+GRPIR",
            "DTM+232:2603020800:201",
            "NAD+FL+++SAILOR:SAM",
            "DTM+329:800101",
            "DOC+P:110:111+UTO765432",
            "LOC+91+UTO",
        ],
    );
    let report = intake(&srv, &edi).await;
    let key = report["messages"][0]["flight_key"].as_str().unwrap();
    assert_eq!(key, "SEA-UTFERRY-V2603-2026-03-01", "{report}");
    let f = flight(&srv, key).await;
    let voyage = &f["flight"];
    assert_eq!(voyage["arrival_airport"], "UTHRB", "{voyage}");
    assert_eq!(voyage["arrival_bcp"], "UTO-SEA-1", "{voyage}");
    assert_eq!(voyage["arrival_time"], "2026-03-01T18:00:00", "{voyage}");
    let legs = voyage["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 2, "{voyage}");
    assert_eq!(legs[0]["mode"], "sea");
    assert_eq!(legs[0]["vessel_name"], "MV UTOPIA STAR");
    assert_eq!(legs[0]["imo_number"], "9074729");
    assert_eq!(
        (
            legs[1]["departure_airport"].as_str(),
            legs[1]["arrival_airport"].as_str()
        ),
        (Some("UTHRB"), Some("GRPIR"))
    );
    // The pages show the vessel.
    let client = srv.login(Role::Analyst, None).await;
    let page = srv
        .page(
            &client,
            &format!("/pax/flights/{key}?purpose=pre-arrival+assessment"),
        )
        .await;
    assert!(
        page.contains("MV UTOPIA STAR") && page.contains("9074729"),
        "{page}"
    );
    // A truck naming only its carrier is taken in too, on its own.
    let edi = interchange(
        "IC0003",
        &[
            "TDT+11++++CARRIER:172",
            "LOC+92+UTBOR",
            "DTM+189:2603010800:201",
            "LOC+92+UTC",
            "NAD+FL+++DRIVER:DAN",
        ],
    );
    let report = intake(&srv, &edi).await;
    assert_eq!(report["messages"][0]["status"], "accepted", "{report}");
    assert_eq!(
        report["messages"][0]["flight_key"], "ROAD-CARRIER-MSGM1-2026-03-01",
        "{report}"
    );
}
