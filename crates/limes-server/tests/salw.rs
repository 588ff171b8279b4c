//! Small arms through the real server: the authority registers an issuer of this installation and a transfer
//! authorisation (signed with the installation's key; a bad one refused naming its lines); customs verify a
//! matching consignment (released) and a mismatching one (impounded, the missing serial and the wrong calibre
//! both named); the inventory is taken and a custody hand-over whose count differs is recorded and raised.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

const LAND: &str = "UTO-LND-N1";

fn authorisation(number: &str) -> Value {
    json!({
        "kind": "export", "issuer": "UTO-MOD", "number": number,
        "valid_from": "2026-01-01", "valid_until": "2026-12-31",
        "exporter": {"name": "Utopia Arms Works Ltd", "country": "UTO"},
        "consignee": {"name": "Ruritania Police Logistics", "country": "FRA"},
        "end_user": {"name": "Ruritania National Police", "country": "FRA"},
        "end_use_certificate": "EUC-2026-118",
        "route": {"export_country": "UTO", "import_country": "FR", "bcps": [LAND]},
        "lines": [
            {"weapon_type": "assault rifle", "make": "Kalashnikov", "model": "AK-103", "calibre": "7.62x39",
             "quantity": 3, "serials": ["AK1001", "AK1002", "AK1003"]},
            {"weapon_type": "pistol", "make": "Glock", "model": "17", "calibre": "9x19",
             "quantity": 2, "serials": ["GL77", "GL78"]}
        ]
    })
}

fn weapon(t: &str, make: &str, model: &str, calibre: &str, serial: &str) -> Value {
    json!({"weapon_type": t, "make": make, "model": model, "calibre": calibre, "serial": serial})
}

fn consignment(number: &str, weapons: Vec<Value>) -> Value {
    json!({
        "authorisation_issuer": "UTO-MOD", "authorisation_number": number, "bcp": LAND,
        "exporter": "UTOPIA ARMS WORKS LTD.", "consignee": "Ruritania Police Logistics",
        "end_user": "Ruritania National Police", "export_country": "UTO", "import_country": "FRA",
        "weapons": weapons
    })
}

fn all_weapons() -> Vec<Value> {
    vec![
        weapon(
            "assault rifle",
            "Kalashnikov",
            "AK 103",
            "7,62 × 39 mm",
            "AK1001",
        ),
        weapon("assault rifle", "Kalashnikov", "AK103", "7.62x39", "AK1002"),
        weapon(
            "assault rifle",
            "Kalashnikov",
            "AK-103",
            "7.62x39",
            "AK1003",
        ),
        weapon("pistol", "Glock", "17", "9x19", "GL77"),
        weapon("pistol", "Glock", "17", "9x19", "GL78"),
    ]
}

async fn setup(srv: &TestServer) {
    let (status, issuer) = srv
        .post_json(
            Role::AgencyOfficer,
            "/api/v1/salw/issuers",
            &json!({"code": "uto-mod", "name": "Ministry of Defence of Utopia", "country": "UTO",
                    "issued_in_limes": true}),
        )
        .await;
    assert_eq!(status, 200, "{issuer}");
    assert_eq!(issuer["code"], "UTO-MOD");
    assert_eq!(issuer["public_key"].as_str().unwrap().len(), 64);
    let (status, registered) = srv
        .post_json(
            Role::AgencyOfficer,
            "/api/v1/salw/authorisations",
            &authorisation("EX-2026-0042"),
        )
        .await;
    assert_eq!(status, 200, "{registered}");
    // Issued here: signed with the installation's key, countries read as codes.
    assert!(registered["authorisation"]["signature"].is_string());
    assert_eq!(
        registered["authorisation"]["route"]["import_country"],
        "FRA"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_authorisation_is_refused_naming_its_lines() {
    let srv = TestServer::start().await;
    setup(&srv).await;
    let mut bad = authorisation("EX-2026-0043");
    bad["lines"][1]["serials"] = json!(["GL77", "AK1002"]);
    bad["lines"][0]["quantity"] = json!(4);
    let (status, body) = srv
        .post_json(Role::AgencyOfficer, "/api/v1/salw/authorisations", &bad)
        .await;
    assert_eq!(status, 422, "{body}");
    let text = body.to_string();
    assert!(
        text.contains("quantity 4 but 3 serial numbers listed"),
        "{text}"
    );
    assert!(
        text.contains("serial AK1002 is also listed on line 1"),
        "{text}"
    );
    // Unknown issuer.
    let mut unknown = authorisation("EX-2026-0044");
    unknown["issuer"] = json!("NOBODY");
    let (status, body) = srv
        .post_json(Role::AgencyOfficer, "/api/v1/salw/authorisations", &unknown)
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string().contains("unknown issuing authority"),
        "{body}"
    );
    // The same number twice.
    let (status, body) = srv
        .post_json(
            Role::AgencyOfficer,
            "/api/v1/salw/authorisations",
            &authorisation("EX-2026-0042"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    // Customs read the register; they do not write it.
    let (status, list) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/salw/authorisations")
        .await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, _) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/salw/authorisations",
            &authorisation("EX-2026-0045"),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mismatching_consignment_is_impounded_and_a_short_count_is_raised() {
    let srv = TestServer::start().await;
    setup(&srv).await;

    // The matching consignment, as the officer writes it: released, and audited.
    let (status, ok) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/salw/verifications",
            &consignment("EX-2026-0042", all_weapons()),
        )
        .await;
    assert_eq!(status, 200, "{ok}");
    assert_eq!(ok["verification"]["outcome"], "release", "{ok}");
    assert!(ok["impoundment"].is_null());

    // A serial missing and a calibre wrong: impounded, both grounds named.
    let mut weapons = all_weapons();
    weapons.remove(2);
    weapons[3]["calibre"] = json!("9x21");
    let (status, bad) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/salw/verifications",
            &consignment("EX-2026-0042", weapons),
        )
        .await;
    assert_eq!(status, 200, "{bad}");
    assert_eq!(bad["verification"]["outcome"], "impound", "{bad}");
    let grounds = bad["verification"]["grounds"].as_array().unwrap();
    assert!(
        grounds
            .iter()
            .any(|g| g["code"] == "serial_missing" && g["subject"] == "AK1003" && g["line"] == 1),
        "{grounds:?}"
    );
    assert!(
        grounds.iter().any(|g| g["code"] == "goods_mismatch"
            && g["line"] == 2
            && g["expected"] == "9x19"
            && g["found"] == "9x21"),
        "{grounds:?}"
    );
    let id = bad["impoundment"].as_str().unwrap().to_string();
    let audit = srv.state.store.recent_audit(10).await.unwrap();
    assert!(audit.iter().any(|e| e.event.action == "salw.impound"
        && e.event.subject.as_deref() == Some(&format!("salw_impoundment:{id}"))));
    assert!(audit.iter().any(|e| e.event.action == "salw.release"));

    // No authorisation at all: impounded too.
    let (_, none) = srv
        .post_json(
            Role::CustomsOfficer,
            "/api/v1/salw/verifications",
            &consignment("EX-0000", all_weapons()),
        )
        .await;
    assert_eq!(none["verification"]["outcome"], "impound");
    assert_eq!(
        none["verification"]["grounds"][0]["code"],
        "no_authorisation"
    );

    // The customs inventory, counted independently: it differs from the documents as the goods did.
    let item = |t: &str, make: &str, model: &str, calibre: &str, serial: &str| {
        json!({"weapon_type": t, "make": make, "model": model, "calibre": calibre, "serial": serial,
               "country_of_manufacture": "RUS", "country_of_last_import": "UTO",
               "import_marking": {"country": "UTO", "year": 2019}})
    };
    let items = vec![
        item(
            "assault rifle",
            "Kalashnikov",
            "AK-103",
            "7.62x39",
            "AK1001",
        ),
        item(
            "assault rifle",
            "Kalashnikov",
            "AK-103",
            "7.62x39",
            "AK1002",
        ),
        item("pistol", "Glock", "17", "9x19", "GL77"),
        item("pistol", "Glock", "17", "9x21", "GL78"),
    ];
    let path = format!("/api/v1/salw/impoundments/{id}");
    let (status, inv) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("{path}/inventory"),
            &json!({"items": items}),
        )
        .await;
    assert_eq!(status, 200, "{inv}");
    assert_eq!(inv["version"], 2);
    let diffs = inv["impoundment"]["inventory_differences"]
        .as_array()
        .unwrap();
    assert!(
        diffs.iter().any(|g| g["code"] == "serial_missing"),
        "{diffs:?}"
    );
    assert!(
        diffs.iter().any(|g| g["code"] == "goods_mismatch"),
        "{diffs:?}"
    );

    // Hand-over to the most secure store with the full count; the receiver counts one rifle short.
    let counted = json!(["AK1001", "AK1002", "GL77", "GL78"]);
    let (status, handed) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("{path}/handovers"),
            &json!({"to_kind": "secure_store", "to_place": "Customs secure store, Utopia City", "counted": counted}),
        )
        .await;
    assert_eq!(status, 200, "{handed}");
    let handover = handed["impoundment"]["custody"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The officer handing over cannot confirm it.
    let confirm = format!("{path}/handovers/{handover}/confirm");
    let (status, same) = srv
        .post_json(Role::CustomsOfficer, &confirm, &json!({"counted": counted}))
        .await;
    assert_eq!(status, 409, "{same}");
    let (status, received) = srv
        .post_json(
            Role::AgencyOfficer,
            &confirm,
            &json!({"counted": ["AK1001", "GL77", "GL78"]}),
        )
        .await;
    assert_eq!(status, 200, "{received}");
    let record = &received["impoundment"]["custody"][0];
    assert_eq!(record["received_by"], username(Role::AgencyOfficer));
    assert_eq!(
        record["differences"],
        json!([{"count": "received", "serial": "AK1002", "difference": "missing"}])
    );
    // Raised: in the audit trail as an incident, and kept with the record.
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.action == "salw.custody.incident"
                && e.event.subject.as_deref() == Some(&format!("salw_impoundment:{id}"))),
        "{audit:?}"
    );
    let (status, read) = srv.get_json(Role::Supervisor, &path).await;
    assert_eq!(status, 200);
    assert_eq!(
        read["impoundment"]["custody"][0]["differences"][0]["serial"],
        "AK1002"
    );
    // The next movement goes to police or military storage, not to the secure store again.
    let (status, again) = srv
        .post_json(
            Role::AgencyOfficer,
            &format!("{path}/handovers"),
            &json!({"to_kind": "secure_store", "to_place": "x", "counted": []}),
        )
        .await;
    assert_eq!(status, 409, "{again}");
}
