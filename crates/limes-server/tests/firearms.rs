//! The firearm register through the real server: imported all or nothing (a bad line named, with its field), a
//! weapon written with look-alike characters and other names found first with its reasons, each search audited;
//! trace requests raised from a hit, sent, answered; roles kept out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

const REGISTER: &str =
    "record_id,serial,make,model,calibre,type,country_of_manufacture,status,reported_by,reported_on
UTO-FA-0001,1975 AK 104233,Izhmash,AK-47,7.62x39,rifle,RUS,stolen,Utopia National Police,2025-11-03
UTO-FA-0002,BER015872Z,Pietro Beretta,92FS,9x19,pistol,ITA,lost,Utopia National Police,2025-12-01
UTO-FA-0003,ABC123,Glock,17,9x19,pistol,AT,trafficked,INTERPOL NCB Utopia,2026-01-20
";

async fn import(srv: &TestServer, csv: &str) -> (u16, Value) {
    json_of(
        srv.post_raw(Role::Administrator, "/api/v1/firearms", "text/csv", csv)
            .await,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_with_a_bad_line_stores_nothing_and_names_the_line() {
    let srv = TestServer::start().await;
    let csv = format!(
        "{REGISTER}UTO-FA-0004,X77,Colt,M4,5.56x45,blaster,USA,misplaced,Police,2026-02-30\n"
    );
    let (status, body) = import(&srv, &csv).await;
    assert_eq!(status, 422, "{body}");
    let message = body.to_string();
    assert!(message.contains("line 5"), "{message}");
    for field in ["type", "status", "reported_on"] {
        assert!(message.contains(field), "{field}: {message}");
    }
    assert_eq!(srv.state.store.firearm_count().await.unwrap(), 0);
    // A header without the register's columns is refused on line 1.
    let (status, body) = import(&srv, "serial,make\nX1,Colt\n").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("line 1"), "{body}");
    // The same record twice: nothing stored, the second line named.
    let csv =
        format!("{REGISTER}UTO-FA-0001,Z1,Colt,M4,5.56x45,rifle,USA,stolen,Police,2026-02-03\n");
    let (status, body) = import(&srv, &csv).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("line 5"), "{body}");
    assert_eq!(srv.state.store.firearm_count().await.unwrap(), 0);
    // Only administrators import.
    let (status, _) = json_of(
        srv.post_raw(
            Role::FirstLineOfficer,
            "/api/v1/firearms",
            "text/csv",
            REGISTER,
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lookalike_serial_finds_the_record_first_with_its_reasons_and_a_trace_follows() {
    let srv = TestServer::start().await;
    let (status, body) = import(&srv, REGISTER).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["imported"], 3);

    // O for 0, dashes, the make under another name, the calibre written the French way.
    let (status, found) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/firearms/search",
            &json!({"serial": "1975-AK-1O4233", "make": "Kalashnikov Concern", "model": "AK47",
                    "calibre": "7,62 x 39 mm"}),
        )
        .await;
    assert_eq!(status, 200, "{found}");
    let first = &found["candidates"][0];
    assert_eq!(first["record_id"], "UTO-FA-0001", "{found}");
    assert_eq!(first["serial_match"], "lookalike", "{found}");
    let explain = first["explain"].as_str().unwrap();
    assert!(
        explain.contains("look-alike") && explain.contains("O→0"),
        "{explain}"
    );
    assert!(explain.contains("make agrees (Kalashnikov)"), "{explain}");
    assert!(explain.contains("calibre agrees"), "{explain}");
    assert_eq!(first["record"]["status"], "stolen");
    assert_eq!(found["register_size"], 3);
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.action == "firearms.search" && e.event.detail.contains("UTO-FA-0001")),
        "{audit:?}"
    );
    // An innocent weapon finds nothing.
    let (_, none) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/firearms/search",
            &json!({"serial": "XK 99 1234", "make": "Walther"}),
        )
        .await;
    assert_eq!(none["candidates"], json!([]), "{none}");
    // An empty serial is refused, naming the field.
    let (status, body) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/firearms/search",
            &json!({"serial": " - "}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("serial"), "{body}");

    // A trace request raised from the hit asks the country of manufacture; sent, then answered.
    let (status, trace) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/firearms/traces",
            &json!({"record_id": "UTO-FA-0001", "circumstances": "under the floor of a van",
                    "reference": "UTO-SEIZ-1"}),
        )
        .await;
    assert_eq!(status, 200, "{trace}");
    assert_eq!(trace["state"], "draft");
    assert_eq!(trace["country_asked"], "RUS");
    assert_eq!(trace["weapon"]["serial"], "1975 AK 104233");
    let id = trace["id"].as_str().unwrap();
    let (status, sent) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/firearms/traces/{id}/actions"),
            &json!({"action": "send"}),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["state"], "sent");
    assert!(sent["due_on"].is_string(), "{sent}");
    // Sending twice is a conflict.
    let (status, _) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/firearms/traces/{id}/actions"),
            &json!({"action": "send"}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, answered) = srv
        .post_json(
            Role::Supervisor,
            &format!("/api/v1/firearms/traces/{id}/actions"),
            &json!({"action": "answer", "answer": "Made 1975, exported 1991 to a state agency"}),
        )
        .await;
    assert_eq!(status, 200, "{answered}");
    assert_eq!(answered["state"], "answered");
    let (status, list) = srv.get_json(Role::Analyst, "/api/v1/firearms/traces").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["id"], id);
    // A role without the register is kept out.
    let (status, _) = srv
        .post_json(
            Role::Auditor,
            "/api/v1/firearms/search",
            &json!({"serial": "ABC123"}),
        )
        .await;
    assert_eq!(status, 403);
}
