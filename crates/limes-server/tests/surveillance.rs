//! Surveillance through the real server: the GeoJSON box-and-time query answers exactly the incidents inside, a
//! land incident at sea and outside the territory carries its warnings, a field unit's retry stores once,
//! need-to-know by BCP area, the CSV export, cross-border patrols needing their terms, a track at impossible
//! speed flagged, and the map page with its embedded atlas.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

async fn put_json(srv: &TestServer, role: Role, path: &str, body: &Value) -> u16 {
    srv.api()
        .put(srv.url(path))
        .bearer_auth(srv.token(role))
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn configure(srv: &TestServer) {
    let territory = json!({"state": "UTO", "outline": [[[[11.2, 49.3], [15.1, 49.3], [15.1, 51.6], [11.2, 51.6], [11.2, 49.3]]]]});
    assert_eq!(
        put_json(srv, Role::Administrator, "/api/v1/territory", &territory).await,
        204
    );
    for (code, neighbour, bcp, line) in [
        (
            "UTO-N",
            "DEU",
            "UTO-LND-N1",
            json!([[11.6, 51.55], [13.5, 51.55]]),
        ),
        (
            "UTO-E",
            "POL",
            "UTO-SEA-1",
            json!([[15.0, 51.3], [15.0, 50.2]]),
        ),
    ] {
        let (status, body) = srv
            .post_json(
                Role::Administrator,
                "/api/v1/border-sections",
                &json!({"code": code, "name": code, "neighbour": neighbour, "border_type": "land",
                        "line": line, "bcp": bcp}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
}

fn incident(id: &str, lon: f64, lat: f64, at: &str) -> Value {
    json!({"id": id, "class": "unauthorised_border_crossing", "incident_type": "irregular_crossing_on_foot",
           "occurred_at": at, "location": {"type": "Point", "coordinates": [lon, lat]},
           "persons": {"male": 3, "female": 1, "minors": 1}, "reporting_unit": "Patrol N 1"})
}

fn feature_ids(fc: &Value) -> Vec<String> {
    assert_eq!(fc["type"], "FeatureCollection", "{fc}");
    let mut ids: Vec<String> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_geojson_query_answers_exactly_the_incidents_inside_and_warns_of_a_land_incident_at_sea(
) {
    let srv = TestServer::start().await;
    configure(&srv).await;
    for (id, lon, lat, at) in [
        ("in-north-1", 12.5, 51.4, "2026-03-01T02:00:00Z"),
        ("in-north-2", 13.0, 51.45, "2026-03-01T03:30:00Z"),
        ("east-out-of-box", 14.9, 50.9, "2026-03-01T03:00:00Z"),
        ("north-too-early", 12.6, 51.3, "2026-02-27T03:00:00Z"),
    ] {
        let (status, body) = srv
            .post_json(
                Role::PatrolOfficer,
                "/api/v1/incidents",
                &incident(id, lon, lat, at),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["warnings"], json!([]), "{id}: {body}");
    }
    let query =
        "/api/v1/incidents?bbox=12,51,13.5,51.5&from=2026-02-28T00:00:00Z&to=2026-03-01T09:00:00Z";
    let res = srv.get_as(Role::Analyst, query).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/geo+json"
    );
    let fc: Value = res.json().await.unwrap();
    assert_eq!(feature_ids(&fc), vec!["in-north-1", "in-north-2"]);
    let first = &fc["features"][0];
    assert_eq!(first["geometry"]["type"], "Point");
    assert_eq!(first["properties"]["persons"], 4);
    assert_eq!(first["properties"]["section"], "UTO-N");
    let (status, body) = srv
        .get_json(Role::Analyst, "/api/v1/incidents?bbox=13,50,12,51")
        .await;
    assert_eq!(status, 422, "a box the wrong way round: {body}");

    // A land incident in the Baltic: outside Utopia and at sea; kept where it was put, with its warnings.
    let (status, body) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/incidents",
            &incident("at-sea", 14.0, 54.9, "2026-03-01T04:00:00Z"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let kinds: Vec<&str> = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"outside_territory"), "{body}");
    assert!(kinds.contains(&"at_sea"), "{body}");
    assert_eq!(body["location"]["coordinates"], json!([14.0, 54.9]));
    // The same land incident on a boat is no "at sea" warning.
    let mut boat = incident("boat", 14.0, 54.9, "2026-03-01T04:00:00Z");
    boat["border_type"] = json!("sea");
    let (_, body) = srv
        .post_json(Role::PatrolOfficer, "/api/v1/incidents", &boat)
        .await;
    assert!(!body["warnings"].to_string().contains("at_sea"), "{body}");

    // A field unit sending the same record twice stores it once.
    let (status, again) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/incidents",
            &incident("in-north-1", 12.5, 51.4, "2026-03-01T02:00:00Z"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], "in-north-1");
    let all: Value = srv
        .get_as(Role::Analyst, "/api/v1/incidents")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["features"].as_array().unwrap().len(), 6);

    // A device clock two hours off: both times kept.
    let mut skewed = incident("skewed", 12.4, 51.3, "2026-03-01T02:00:00Z");
    skewed["device_time"] = json!("2026-03-01T07:00:00Z");
    let (_, body) = srv
        .post_json(Role::PatrolOfficer, "/api/v1/incidents", &skewed)
        .await;
    let w = body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "device_clock")
        .cloned()
        .unwrap_or_else(|| panic!("no clock warning: {body}"));
    assert_eq!(w["seconds"], -7200);
    assert_eq!(w["device_time"], "2026-03-01T07:00:00Z");

    // Need-to-know: the first-line officers of N1 (and the airport) see the northern section's incidents, not
    // the eastern one's (UTO-SEA-1's area).
    let mine: Value = srv
        .get_as(Role::FirstLineOfficer, "/api/v1/incidents")
        .await
        .json()
        .await
        .unwrap();
    let ids = feature_ids(&mine);
    assert!(ids.contains(&"in-north-1".to_string()), "{ids:?}");
    assert!(!ids.contains(&"east-out-of-box".to_string()), "{ids:?}");
    let (status, _) = srv
        .get_json(Role::FirstLineOfficer, "/api/v1/incidents/east-out-of-box")
        .await;
    assert_eq!(status, 404);
    let (status, _) = srv
        .get_json(Role::FirstLineOfficer, "/api/v1/incidents?bcp=UTO-SEA-1")
        .await;
    assert_eq!(status, 403);

    // CSV: a header and one row per incident in the box.
    let csv = srv
        .get_as(
            Role::Analyst,
            &query.replace("/api/v1/incidents", "/api/v1/incidents.csv"),
        )
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,occurred_at,class"), "{csv}");
    // in-north-1, in-north-2 and the one with the skewed device clock lie in the box.
    assert_eq!(lines.len(), 4, "{csv}");

    // Follow-up: the outcome shows in the GeoJSON.
    let (status, body) = srv
        .post_json(
            Role::PatrolOfficer,
            "/api/v1/incidents/in-north-1/follow-ups",
            &json!({"action": "group stopped at the forest road", "outcome": "apprehended", "seizures": ["SZ-1"]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["seizures"], json!(["SZ-1"]));
    let fc: Value = srv.get_as(Role::Analyst, query).await.json().await.unwrap();
    let north = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "in-north-1")
        .unwrap()
        .clone();
    assert_eq!(north["properties"]["outcome"], "apprehended");
    // Audited.
    let audit = srv.state.store.recent_audit(50).await.unwrap();
    assert!(audit.iter().any(|e| e.event.action == "incident.record"
        && e.event.subject.as_deref() == Some("incident:at-sea")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patrols_need_their_terms_and_a_track_at_impossible_speed_is_flagged() {
    let srv = TestServer::start().await;
    configure(&srv).await;
    let mut plan = json!({"patrol_type": "joint", "unit": "Joint patrol N", "sections": ["UTO-N"],
        "planned_start": "2026-03-01T20:00:00Z", "planned_end": "2026-03-02T04:00:00Z"});
    let (status, body) = srv
        .post_json(Role::PatrolOfficer, "/api/v1/patrols", &plan)
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("terms"), "{body}");
    plan["terms"] = json!({"neighbour": "DEU", "agreement": "UTO-DEU 2023/1", "permissible_distance_km": 10,
                           "lead_authority": "Utopia Border Police"});
    let (status, patrol) = srv
        .post_json(Role::PatrolOfficer, "/api/v1/patrols", &plan)
        .await;
    assert_eq!(status, 200, "{patrol}");
    assert_eq!(patrol["bcp"], "UTO-LND-N1", "the section's BCP");
    let id = patrol["id"].as_str().unwrap();
    let report = json!({"track": [
        {"at": "2026-03-01T20:00:00Z", "position": [12.0, 51.5]},
        {"at": "2026-03-01T20:30:00Z", "position": [12.05, 51.5]},
        {"at": "2026-03-01T20:35:00Z", "position": [13.2, 51.5]}
    ]});
    let (status, body) = srv
        .post_json(
            Role::PatrolOfficer,
            &format!("/api/v1/patrols/{id}/reports"),
            &report,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "carried_out");
    assert_eq!(body["speed_flags"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["speed_flags"][0]["index"], 2);
    let fc: Value = srv
        .get_as(
            Role::Supervisor,
            "/api/v1/patrols?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(feature_ids(&fc), vec![id.to_string()]);
    assert_eq!(fc["features"][0]["geometry"]["type"], "LineString");
    let (status, coverage) = srv
        .get_json(Role::Supervisor, "/api/v1/coverage?day=2026-03-01")
        .await;
    assert_eq!(status, 200);
    let north = coverage
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["section"] == "UTO-N")
        .unwrap();
    assert_eq!(north["minutes"], 35, "{coverage}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_page_carries_its_configuration_and_the_atlas_comes_from_the_binary() {
    let srv = TestServer::start().await;
    configure(&srv).await;
    let client = srv.login(Role::PatrolOfficer, None).await;
    let res = client.get(srv.url("/")).send().await.unwrap();
    assert_eq!(
        res.headers()["location"],
        "/surveillance/incidents",
        "the patrol officer's home is the incidents page"
    );
    let home = srv.page(&client, "/surveillance/incidents").await;
    assert!(home.contains("incident-form"), "{home}");
    let page = srv.page(&client, "/surveillance/map").await;
    assert!(page.contains("id=\"map-config\""), "{page}");
    assert!(page.contains("\"UTO-N\""), "{page}");
    assert!(page.contains("/surveillance/assets/map.js"));
    let atlas: Value = client
        .get(srv.url("/surveillance/atlas.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(atlas["type"], "Topology");
    assert!(
        atlas["objects"]["countries"]["geometries"]
            .as_array()
            .unwrap()
            .len()
            > 200
    );
    let events = client
        .get(srv.url("/surveillance/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        events.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    assert!(events.text().await.unwrap().contains("event: change"));
}
