//! Vehicles through the real server: the stolen-vehicle register imported (all or nothing, bad lines named), a
//! stolen VIN stopping the vehicle, a wrong check digit shown as such, the plate's history, need-to-know by BCP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

const LAND: &str = "UTO-LND-N1";

const REGISTER: &str =
    "alert_reference,vin,plate,country,make,model,colour,stolen_on,reporting_authority
UTO-SMV-2026-0001,WVWZZZ1KZAW123456,,,Volkswagen,Golf,grey,2026-01-10,Utopia National Police
UTO-SMV-2026-0002,,UT 4711 X,UTO,Scania,R450,white,2026-02-01,Utopia National Police
";

fn vehicle(plate: &str, vin: &str) -> Value {
    json!({"bcp": LAND, "plate": plate, "country": "UTO", "vin": vin, "make": "Volkswagen", "model": "Golf",
           "category": "car", "direction": "entry", "driver": "check-driver-1", "passengers": ["check-p-1"]})
}

async fn import(srv: &TestServer, csv: &str) -> (u16, Value) {
    json_of(
        srv.post_raw(
            Role::Administrator,
            "/api/v1/stolen-vehicles",
            "text/csv",
            csv,
        )
        .await,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stolen_vin_stops_the_vehicle_and_a_bad_check_digit_is_shown() {
    let srv = TestServer::start().await;
    let (status, body) = import(&srv, REGISTER).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["imported"], 2);

    // The stolen VIN (read with a space) is a critical hit: stop.
    let (status, hit) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/vehicle-checks",
            &vehicle("UT 1234 A", "WVWZZZ1KZ AW123456"),
        )
        .await;
    assert_eq!(status, 200, "{hit}");
    assert_eq!(hit["verdict"], "stop", "{hit}");
    assert_eq!(hit["stolen_hits"][0]["match"], "vin");
    assert_eq!(hit["stolen_hits"][0]["critical"], true);
    assert_eq!(
        hit["stolen_hits"][0]["record"]["alert_reference"],
        "UTO-SMV-2026-0001"
    );
    assert_eq!(hit["vin"]["region"], "europe");
    assert_eq!(hit["vin"]["check_digit"]["state"], "not_checked");
    let id = hit["id"].as_str().unwrap();
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    assert!(
        audit.iter().any(|e| e.event.action == "vehicle.check"
            && e.event.subject.as_deref() == Some(&format!("vehicle_crossing:{id}"))
            && e.event.bcp.as_deref() == Some(LAND)),
        "{audit:?}"
    );

    // A North American VIN with one serial digit changed: the check digit is wrong, shown as such.
    let (status, bad) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/vehicle-checks",
            &vehicle("UT 99 B", "1HGCM82633A004353"),
        )
        .await;
    assert_eq!(status, 200, "{bad}");
    assert_eq!(bad["verdict"], "inspect", "{bad}");
    assert_eq!(bad["vin"]["check_digit"]["state"], "wrong");
    assert_eq!(bad["vin"]["check_digit"]["found"], "3");
    assert!(bad["stolen_hits"].as_array().unwrap().is_empty());

    // The stolen truck by its plate; its second crossing shows the first in the plate's history.
    let truck = json!({"bcp": LAND, "plate": "UT-4711-X", "country": "uto", "vin": "YS2R4X20005399401",
        "category": "truck", "direction": "exit", "declarations": ["UTO-DEC-1"]});
    let (status, first) = srv
        .post_json(Role::FirstLineOfficer, "/api/v1/vehicle-checks", &truck)
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["verdict"], "stop");
    assert_eq!(first["stolen_hits"][0]["match"], "plate");
    assert!(first["history"].as_array().unwrap().is_empty());
    let (_, second) = srv
        .post_json(Role::FirstLineOfficer, "/api/v1/vehicle-checks", &truck)
        .await;
    assert_eq!(second["history"][0]["id"], first["id"], "{second}");
    assert_eq!(second["crossing"]["declarations"][0], "UTO-DEC-1");

    // The page shows the same at a glance.
    let officer = srv.login(Role::FirstLineOfficer, Some(LAND)).await;
    let form = srv.page(&officer, "/vehicles").await;
    let res = officer
        .post(srv.url("/vehicles"))
        .form(&[
            ("csrf", csrf_from(&form).as_str()),
            ("plate", "UT 1234 A"),
            ("country", "UTO"),
            ("vin", "WVWZZZ1KZAW123456"),
            ("category", "car"),
            ("direction", "entry"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("UTO-SMV-2026-0001"), "{page}");
    assert!(page.contains("Stop: stolen-vehicle hit"), "{page}");
    assert!(
        page.contains("class=\"red\" id=\"vehicle-verdict\""),
        "{page}"
    );
    let res = officer
        .post(srv.url("/vehicles"))
        .form(&[
            ("csrf", csrf_from(&form).as_str()),
            ("plate", "UT 99 B"),
            ("country", "UTO"),
            ("vin", "1HGCM82633A004353"),
            ("category", "car"),
            ("direction", "entry"),
        ])
        .send()
        .await
        .unwrap();
    let page = res.text().await.unwrap();
    assert!(page.contains("check digit WRONG"), "{page}");

    // A clean car: clear.
    let (_, clean) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/vehicle-checks",
            &vehicle("UT 1 C", "1HGCM82633A004352"),
        )
        .await;
    assert_eq!(clean["verdict"], "clear", "{clean}");
    assert_eq!(clean["vin"]["check_digit"]["state"], "valid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_with_a_bad_line_stores_nothing_and_names_the_line() {
    let srv = TestServer::start().await;
    let csv = format!("{REGISTER}UTO-SMV-2026-0003,WVWZZZ1KZAW12345O,,,VW,Polo,red,2026-02-30,Utopia National Police\n");
    let (status, body) = import(&srv, &csv).await;
    assert_eq!(status, 422, "{body}");
    let message = body.to_string();
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("vin"), "{message}");
    assert!(message.contains("stolen_on"), "{message}");
    assert_eq!(srv.state.store.stolen_vehicle_count().await.unwrap(), 0);
    // The same reference twice: nothing stored either, the second line named.
    let csv = format!("{REGISTER}UTO-SMV-2026-0001,WBA00000000000000,,,BMW,X5,black,2026-02-03,Utopia National Police\n");
    let (status, body) = import(&srv, &csv).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("line 4"), "{body}");
    assert_eq!(srv.state.store.stolen_vehicle_count().await.unwrap(), 0);
    // And the stolen VIN is not found: nothing of the refused files went in.
    let (_, check) = srv
        .post_json(
            Role::FirstLineOfficer,
            "/api/v1/vehicle-checks",
            &vehicle("UT 1234 A", "WVWZZZ1KZAW123456"),
        )
        .await;
    assert_eq!(check["verdict"], "clear", "{check}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vehicles_are_checked_at_land_bcps_by_officers_assigned_there() {
    let srv = TestServer::start().await;
    // An officer assigned to the airport only may not check at the land BCP.
    let req = limes_app::users::NewUserRequest {
        username: "officer-air".into(),
        display_name: "officer-air".into(),
        role: Role::FirstLineOfficer,
        agency: "UBP".into(),
        bcps: vec!["UTO-AIR-1".into()],
        password: PASSWORD.into(),
    };
    let user = limes_app::users::add_user(&srv.state, limes_app::Actor::Operator("setup"), req)
        .await
        .unwrap();
    let token = "token-officer-air";
    srv.state
        .store
        .create_api_token(
            limes_store::NewApiToken {
                token_hash: limes_store::token_hash(token),
                user_id: user.id,
                name: "vehicles test".into(),
                created_at: srv.state.clock.now(),
            },
            limes_domain::AuditEvent::new(srv.state.clock.now(), "setup", "api_token.create"),
        )
        .await
        .unwrap();
    let res = srv
        .api()
        .post(srv.url("/api/v1/vehicle-checks"))
        .bearer_auth(token)
        .json(&vehicle("UT 5 D", "WVWZZZ1KZAW123456"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "{}", res.text().await.unwrap());
    // At an airport, no vehicle check.
    let mut at_air = vehicle("UT 5 D", "WVWZZZ1KZAW123456");
    at_air["bcp"] = json!("UTO-AIR-1");
    let (status, body) = srv
        .post_json(Role::FirstLineOfficer, "/api/v1/vehicle-checks", &at_air)
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("not a land BCP"), "{body}");
    assert_eq!(
        srv.state
            .store
            .vehicle_crossings_by_plate(LAND, "UT5D", 5)
            .await
            .unwrap()
            .len(),
        0
    );
}
