//! Seizure records through the real server: a bad unit named by its field, a photograph with GPS EXIF coming back
//! without it, a non-image refused, the nominal part refused without need-to-know and its read audited, a CSAM
//! record hidden from the gallery and from readers without the right, the statistics and their audited CSV
//! export, and the door from a goods inspection's find (prefilled, linked both ways).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_testkit::seizures_story::{jpeg_with_gps_exif, png, GPS_LATITUDE_BYTES};
use serde_json::{json, Value};

const LAND: &str = "UTO-LND-N1";

fn cigarettes() -> Value {
    json!({
        "bcp": LAND,
        "heading": "tobacco",
        "commodity": "Cigarettes",
        "hs_code": "2402.20",
        "quantity": {"amount": 240000, "unit": "cigarettes"},
        "concealment": "false_compartment",
        "concealment_place": "false floor of the trailer",
        "route": {"origin": "ae", "transit": ["TR"], "destination": "PL"},
        "transport": {"mode": "road", "identity": "TR 34 ABC 812"},
        "detection": "x_ray",
        "nominal": {"parties": [{"kind": "person", "name": "Ivan Petrov", "birth_date": "1975-03-02",
            "nationality": "BG", "document": "382716354", "role": "driver"}]}
    })
}

async fn upload(srv: &TestServer, role: Role, id: &str, bytes: Vec<u8>) -> (u16, Value) {
    json_of(
        srv.api()
            .post(srv.url(&format!("/api/v1/seizures/{id}/photos")))
            .bearer_auth(srv.token(role))
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn audited(srv: &TestServer, action: &str, subject: &str) -> Vec<limes_domain::AuditEvent> {
    srv.state
        .store
        .recent_audit(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .filter(|e| e.action == action && e.subject.as_deref() == Some(subject))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seizure_is_recorded_checked_by_field_and_photographed_without_metadata() {
    let srv = TestServer::start().await;

    // A unit that does not fit the heading: refused, naming the field.
    let mut bad = cigarettes();
    bad["quantity"]["unit"] = json!("l");
    let (status, body) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &bad)
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "quantity.unit", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("tobacco"),
        "{body}"
    );
    // Money without its currency: the currency field.
    let mut cash = cigarettes();
    cash["heading"] = json!("currency");
    cash["quantity"] = json!({"amount": 48500, "unit": "currency"});
    let (status, body) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &cash)
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "quantity.currency", "{body}");
    assert!(srv
        .get_json(Role::Supervisor, "/api/v1/seizures")
        .await
        .1
        .as_array()
        .unwrap()
        .is_empty());

    // Recorded: normalised (HS code digits, country codes upper case), audited.
    let (status, s) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &cigarettes())
        .await;
    assert_eq!(status, 201, "{s}");
    let id = s["id"].as_str().unwrap().to_string();
    assert_eq!(s["hs_code"], "240220");
    assert_eq!(s["route"]["origin"], "AE");
    assert_eq!(s["has_nominal"], true);
    assert!(
        s.get("nominal").is_none(),
        "the nominal part is not in the record: {s}"
    );
    assert_eq!(
        audited(&srv, "seizure.record", &format!("seizure:{id}"))
            .await
            .len(),
        1
    );

    // A photograph carrying GPS EXIF comes back without it, hashed.
    let dirty = jpeg_with_gps_exif();
    assert!(dirty
        .windows(GPS_LATITUDE_BYTES.len())
        .any(|w| w == GPS_LATITUDE_BYTES));
    let (status, photo) = upload(&srv, Role::CustomsOfficer, &id, dirty).await;
    assert_eq!(status, 201, "{photo}");
    assert_eq!(photo["media_type"], "image/jpeg");
    let res = srv
        .get_as(
            Role::Analyst,
            &format!(
                "/api/v1/seizures/{id}/photos/{}",
                photo["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let back = res.bytes().await.unwrap();
    assert_eq!(&back[..2], &[0xFF, 0xD8]);
    assert!(!back.windows(4).any(|w| w == b"Exif"), "EXIF survived");
    assert!(
        !back
            .windows(GPS_LATITUDE_BYTES.len())
            .any(|w| w == GPS_LATITUDE_BYTES),
        "the GPS position survived"
    );
    use sha2::Digest;
    assert_eq!(photo["sha256"], hex::encode(sha2::Sha256::digest(&back)));

    // Not an image (whatever it is called), or too large: refused, nothing added.
    let (status, body) = upload(&srv, Role::CustomsOfficer, &id, b"%PDF-1.7\n...".to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "photo");
    let (_, record) = srv
        .get_json(Role::Supervisor, &format!("/api/v1/seizures/{id}"))
        .await;
    assert_eq!(record["photos"].as_array().unwrap().len(), 1, "{record}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photograph_over_the_configured_size_is_refused() {
    let config = limes_app::Config {
        seizures: limes_app::seizures::SeizuresConfig {
            max_photo_bytes: 64,
        },
        ..Default::default()
    };
    let srv = TestServer::start_with(config).await;
    let (_, s) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &cigarettes())
        .await;
    let photo = jpeg_with_gps_exif();
    assert!(photo.len() > 64);
    let (status, body) = upload(&srv, Role::CustomsOfficer, s["id"].as_str().unwrap(), photo).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "photo");
    assert!(body["message"].as_str().unwrap().contains("64"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nominal_part_is_need_to_know_and_each_read_audited() {
    let srv = TestServer::start().await;
    let (_, s) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &cigarettes())
        .await;
    let id = s["id"].as_str().unwrap();
    let path = format!("/api/v1/seizures/{id}/nominal?purpose=case%20file%2042");

    // The liaison officer reads the non-nominal record (what the CEN exchanges), never the persons.
    let (status, _) = srv
        .get_json(Role::LiaisonOfficer, &format!("/api/v1/seizures/{id}"))
        .await;
    assert_eq!(status, 200);
    let (status, body) = srv.get_json(Role::LiaisonOfficer, &path).await;
    assert_eq!(status, 403, "{body}");
    // Roles outside the seizure readers do not reach it at all.
    let (status, _) = srv.get_json(Role::Administrator, &path).await;
    assert_eq!(status, 403);
    assert!(audited(&srv, "person.view", &format!("seizure:{id}"))
        .await
        .is_empty());

    // An analyst reads it, with a purpose, audited; without a purpose not.
    let (status, body) = srv
        .get_json(Role::Analyst, &format!("/api/v1/seizures/{id}/nominal"))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "purpose");
    let (status, body) = srv.get_json(Role::Analyst, &path).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["parties"][0]["name"], "Ivan Petrov");
    let reads = audited(&srv, "person.view", &format!("seizure:{id}")).await;
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(reads[0].purpose.as_deref(), Some("case file 42"));
    assert!(
        reads[0]
            .actor
            .starts_with(&format!("{}/token:", username(Role::Analyst))),
        "{reads:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csam_record_is_hidden_from_the_gallery_and_from_readers_without_the_right() {
    let srv = TestServer::start().await;
    let (_, tobacco) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &cigarettes())
        .await;
    let tobacco = tobacco["id"].as_str().unwrap().to_string();
    assert_eq!(
        upload(&srv, Role::CustomsOfficer, &tobacco, png()).await.0,
        201
    );
    let csam = json!({
        "bcp": LAND, "heading": "csam", "commodity": "Storage media", "quantity": {"amount": 2, "unit": "pieces"},
        "concealment": "luggage", "transport": {"mode": "road"}, "detection": "physical_search"
    });
    let (status, c) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &csam)
        .await;
    assert_eq!(status, 201, "{c}");
    let csam_id = c["id"].as_str().unwrap().to_string();
    assert_eq!(
        upload(&srv, Role::CustomsOfficer, &csam_id, png()).await.0,
        201
    );

    // The gallery, for anyone, even asked by concealment method or by the heading itself: never its photographs.
    for path in [
        "/api/v1/seizure-gallery",
        "/api/v1/seizure-gallery?concealment=luggage",
        "/api/v1/seizure-gallery?heading=csam",
    ] {
        for role in [Role::Analyst, Role::Supervisor, Role::CustomsOfficer] {
            let (status, items) = srv.get_json(role, path).await;
            assert_eq!(status, 200, "{items}");
            assert!(
                items
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|i| i["seizure_id"] != csam_id.as_str()),
                "{path} as {role:?}: {items}"
            );
        }
    }
    let (_, items) = srv.get_json(Role::Analyst, "/api/v1/seizure-gallery").await;
    assert_eq!(items[0]["seizure_id"], tobacco.as_str(), "{items}");
    let page = srv
        .page(&srv.login(Role::Analyst, None).await, "/seizures/gallery")
        .await;
    assert!(page.contains(&tobacco) && !page.contains(&csam_id));

    // Readers without the right: not found, not listed; the photograph neither.
    for role in [Role::Analyst, Role::LiaisonOfficer, Role::FirstLineOfficer] {
        let (status, _) = srv
            .get_json(role, &format!("/api/v1/seizures/{csam_id}"))
            .await;
        assert_eq!(status, 404, "{role:?}");
        let (_, list) = srv.get_json(role, "/api/v1/seizures").await;
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != csam_id.as_str()));
    }
    let photo = c["id"].as_str().unwrap();
    let (_, rec) = srv
        .get_json(Role::Supervisor, &format!("/api/v1/seizures/{photo}"))
        .await;
    let photo_id = rec["photos"][0]["id"].as_str().unwrap();
    let res = srv
        .get_as(
            Role::Analyst,
            &format!("/api/v1/seizures/{csam_id}/photos/{photo_id}"),
        )
        .await;
    assert_eq!(res.status(), 404);

    // The recorder, supervisors and auditors read it; every access is audited.
    let before = audited(&srv, "seizure.view", &format!("seizure:{csam_id}"))
        .await
        .len();
    for role in [Role::CustomsOfficer, Role::Supervisor, Role::Auditor] {
        let (status, _) = srv
            .get_json(role, &format!("/api/v1/seizures/{csam_id}"))
            .await;
        assert_eq!(status, 200, "{role:?}");
    }
    let views = audited(&srv, "seizure.view", &format!("seizure:{csam_id}")).await;
    assert_eq!(views.len(), before + 3, "{views:?}");
    // The supervisor and auditor still never read the persons (the auditor has no need-to-know).
    let (status, _) = srv
        .get_json(
            Role::Auditor,
            &format!("/api/v1/seizures/{csam_id}/nominal?purpose=audit"),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_count_and_export_as_csv_audited() {
    let srv = TestServer::start().await;
    for _ in 0..2 {
        srv.post_json(Role::CustomsOfficer, "/api/v1/seizures", &cigarettes())
            .await;
    }
    let (status, rows) = srv
        .get_json(
            Role::Analyst,
            "/api/v1/seizure-stats?by=heading&period=month",
        )
        .await;
    assert_eq!(status, 200, "{rows}");
    assert_eq!(
        rows,
        json!([{"period": "2026-03", "group": "tobacco", "unit": "cigarettes", "seizures": 2, "quantity": 480000.0}])
    );
    let res = srv
        .get_as(
            Role::LiaisonOfficer,
            "/api/v1/seizure-stats?by=route&period=year&format=csv",
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap(),
        "period,group,unit,seizures,quantity\n2026,AE>TR>PL,cigarettes,2,480000\n"
    );
    let exports: Vec<_> = srv
        .state
        .store
        .recent_audit(10)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.action == "seizure.export")
        .collect();
    assert_eq!(exports.len(), 1);
    assert!(exports[0]
        .event
        .actor
        .starts_with(&format!("{}/token:", username(Role::LiaisonOfficer))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_goods_inspection_find_opens_a_prefilled_seizure_linked_both_ways() {
    // Total inspection for furniture (HS chapter 94), no random selection.
    let mut config = limes_app::Config::default();
    config.goods.selectivity.total_codes = vec!["94".into()];
    config.goods.selectivity.random_red = 0.0;
    config.goods.selectivity.random_yellow = 0.0;
    config.goods.selectivity.random_blue = 0.0;
    let srv = TestServer::start_with(config).await;
    let declaration = json!({"declarations": [{
        "format": "json", "type": "IMA", "function": "original", "reference": "SZ-DOOR-1",
        "declarant": {"id": "UT-BROKER-1", "name": "Border Brokers Ltd", "country": "UT"},
        "exporter": null, "importer": null, "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "3", "identity": "TR 34 XYZ 77", "nationality": "TR"},
        "export_country": "TR", "destination_country": "DE", "routing_countries": ["BG"], "office": LAND,
        "containers": [], "items": [{"sequence": 1, "commodity_code": "940360", "description": "Wooden furniture",
            "origin_country": "TR", "packages": 40, "package_type": "CT", "gross_mass_kg": 1200.0,
            "net_mass_kg": 1100.0, "procedure": "4000", "value": null, "consignee": null, "documents": []}],
        "totals": {"items": 1, "packages": 40, "gross_mass_kg": 1200.0},
        "amends": null, "amendments": [], "warnings": []
    }]});
    let inspection = lodge_and_select(&srv, &declaration).await;
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/inspections/{inspection}/result"),
            &json!({"found": true, "what": "Cigarettes in the furniture", "location": "inside two cartons"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // The form opened from the find is prefilled from the declaration.
    let officer = srv.login(Role::CustomsOfficer, Some(LAND)).await;
    let html = srv
        .page(&officer, &format!("/seizures/new?inspection={inspection}"))
        .await;
    for expected in [
        "Cigarettes in the furniture",
        "940360",
        "TR 34 XYZ 77",
        "inside two cartons",
        "BG",
    ] {
        assert!(html.contains(expected), "{expected} missing from the form");
    }
    let mut s = cigarettes();
    s["inspection_id"] = json!(inspection);
    s["nominal"] = Value::Null;
    let (status, seizure) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &s)
        .await;
    assert_eq!(status, 201, "{seizure}");
    let sid = seizure["id"].as_str().unwrap();
    let decl_id = seizure["declaration_id"].as_str().unwrap();
    // The seizure shows the declaration; the inspection shows the seizure.
    let page = srv.page(&officer, &format!("/seizures/{sid}")).await;
    assert!(page.contains(&format!("/goods/declarations/{decl_id}")));
    let page = srv
        .page(&officer, &format!("/goods/inspections/{inspection}"))
        .await;
    assert!(page.contains(&format!("/seizures/{sid}")), "{page}");
    // One seizure per inspection.
    let (status, _) = srv
        .post_json(Role::CustomsOfficer, "/api/v1/seizures", &s)
        .await;
    assert_eq!(status, 409);
}

/// Lodge a declaration as the declarant, make the customs officer's inspection queue hold it, and return the
/// inspection's id.
async fn lodge_and_select(srv: &TestServer, declaration: &Value) -> String {
    let (status, body) = srv
        .post_json(Role::Declarant, "/api/v1/declarations", declaration)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    assert_eq!(status, 200, "{queue}");
    queue[0]["inspection"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no inspection selected: {body} {queue}"))
        .to_string()
}
