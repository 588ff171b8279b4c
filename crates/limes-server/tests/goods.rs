//! Goods at the single window over HTTP: a broker lodges declarations once, an analyst previews and saves a
//! selectivity rule, the rule sends arms to the red lane, customs records the find and releases, the
//! small-arms authority holds and releases, the trader reads one answer; amendments keep the history and an
//! amendment for an unknown declaration is rejected; each role sees only what it needs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::goods_flow::{RoutingEntry, RoutingTable};
use limes_domain::{Agency, AgencyKind, AuditEvent, Clock, Role};
use limes_server::config::Config;
use serde_json::{json, Value};

fn config() -> Config {
    let mut config = Config::default();
    config.goods.routing = RoutingTable {
        customs: "UCA".into(),
        entries: vec![RoutingEntry {
            agency: "SALW".into(),
            hs_prefixes: vec!["93".into()],
            procedures: vec![],
        }],
    };
    // No random selection: the lanes of this story come from the rule alone.
    config.goods.selectivity.random_red = 0.0;
    config.goods.selectivity.random_yellow = 0.0;
    config.goods.selectivity.random_blue = 0.0;
    config
}

fn declaration(reference: &str, code: &str, description: &str) -> Value {
    json!({
        "format": "json", "type": "IMA", "function": "original", "reference": reference,
        "declarant": {"id": "UT-BROKER-1", "name": "Border Brokers Ltd", "country": "UT"},
        "exporter": null, "importer": {"id": "UT123456", "name": "Acme Imports", "country": "UT"},
        "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "road", "identity": "UT-482-KX", "nationality": "UT"},
        "export_country": "TR", "destination_country": "UT", "routing_countries": [],
        "office": "UTO-LND-N1",
        "containers": [{"id": "CSQU3054383", "seals": ["SEAL-1"]}],
        "items": [{"sequence": 1, "commodity_code": code, "description": description, "origin_country": "TR",
                   "packages": 4, "package_type": "CT", "gross_mass_kg": 80.0, "net_mass_kg": 70.0,
                   "procedure": "4000", "value": null, "consignee": null,
                   "documents": [{"type_code": "N935", "id": "INV-1"}]}],
        "totals": {"items": 1, "packages": 4, "gross_mass_kg": 80.0},
        "amends": null, "amendments": [], "warnings": []
    })
}

async fn lodge(srv: &TestServer, declarations: Vec<Value>) -> (u16, Value) {
    srv.post_json(
        Role::Declarant,
        "/api/v1/declarations",
        &json!({ "declarations": declarations }),
    )
    .await
}

/// An agency officer of `agency` with an API token.
async fn agency_officer(srv: &TestServer, agency: &str) -> String {
    officer(srv, Role::AgencyOfficer, agency, &[]).await
}

/// A user of `role` in `agency` at `bcps`, with an API token.
async fn officer(srv: &TestServer, role: Role, agency: &str, bcps: &[&str]) -> String {
    let store = srv.state.store.clone();
    let ev = |a: &str| AuditEvent::new(srv.clock.now(), "setup", a);
    store
        .upsert_agency(
            &Agency {
                code: agency.into(),
                name: format!("{agency} authority"),
                kind: AgencyKind::Other,
            },
            ev("agency.upsert"),
        )
        .await
        .unwrap();
    let user = limes_app::users::add_user(
        &srv.state,
        limes_app::Actor::Operator("setup"),
        limes_app::users::NewUserRequest {
            username: format!(
                "{}-{}-{}",
                username(role),
                agency.to_lowercase(),
                bcps.join("-").to_lowercase()
            ),
            display_name: format!("{agency} officer"),
            role,
            agency: agency.into(),
            bcps: bcps.iter().map(|b| b.to_string()).collect(),
            password: PASSWORD.into(),
        },
    )
    .await
    .unwrap();
    let token = format!("token-{}-{agency}-{}", role.as_str(), bcps.join("-"));
    store
        .create_api_token(
            limes_store::NewApiToken {
                token_hash: limes_store::token_hash(&token),
                user_id: user.id,
                name: "test".into(),
                created_at: srv.clock.now(),
            },
            ev("api_token.create"),
        )
        .await
        .unwrap();
    token
}

async fn post_with(srv: &TestServer, token: &str, path: &str, body: Value) -> (u16, Value) {
    let res = srv
        .api()
        .post(srv.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get_with(srv: &TestServer, token: &str, path: &str) -> (u16, Value) {
    let res = srv
        .api()
        .get(srv.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn arms_rule(version: u32) -> Value {
    json!({"id": "R-ARMS", "version": version, "name": "Arms and ammunition", "lane": "red", "weight": 100,
           "valid_from": "2020-01-01T00:00:00Z", "when": [{"hs_prefix": ["93"]}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declaration_is_lodged_once_selected_inspected_and_released_by_every_agency() {
    let srv = TestServer::start_with(config()).await;

    // Before any rule: everything green; the lodgement answers each declaration.
    let (status, report) =
        lodge(&srv, vec![declaration("LRN-0", "930190", "Hunting rifles")]).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["declarations"][0]["outcome"], "accepted");
    assert_eq!(report["declarations"][0]["lane"], "green");

    // The analyst sees the expected rate before the rule goes live, then saves it.
    let (status, preview) = srv
        .post_json(Role::Analyst, "/api/v1/goods-rules/preview", &arms_rule(1))
        .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["now"]["red"], 0);
    assert_eq!(preview["with_candidate"]["red"], 1);
    assert_eq!(preview["with_candidate"]["declarations"], 1);
    let (status, body) = srv
        .post_json(
            Role::Analyst,
            "/api/v1/goods-rules",
            &json!({"id": "R-X", "version": 1}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, saved) = srv
        .post_json(Role::Analyst, "/api/v1/goods-rules", &arms_rule(1))
        .await;
    assert_eq!(status, 200, "{saved}");

    // Live at once: the arms go red, the laptops green.
    let (status, report) = lodge(
        &srv,
        vec![
            declaration("LRN-1", "930200", "Pistols"),
            declaration("LRN-2", "847130", "Laptops"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{report}");
    let arms = &report["declarations"][0];
    assert_eq!(arms["lane"], "red", "{report}");
    assert_eq!(arms["status"], "under_review");
    assert!(arms["answer"].as_str().unwrap().contains("UCA"), "{arms}");
    assert!(arms["answer"].as_str().unwrap().contains("SALW"), "{arms}");
    assert_eq!(report["declarations"][1]["lane"], "green");
    let arms_id = arms["id"].as_str().unwrap().to_string();

    // Nothing lodged twice: the same reference again gets the first answer.
    let (_, again) = lodge(&srv, vec![declaration("LRN-1", "930200", "Pistols")]).await;
    assert_eq!(again["declarations"][0]["outcome"], "duplicate");
    assert_eq!(again["declarations"][0]["id"], arms_id.as_str());
    assert_eq!(
        srv.state
            .store
            .declarations_at_bcp("UTO-LND-N1")
            .await
            .unwrap(),
        3
    );

    // The trader reads the answer, not the lane's reasons.
    let (status, view) = srv
        .get_json(Role::Declarant, &format!("/api/v1/declarations/{arms_id}"))
        .await;
    assert_eq!(status, 200, "{view}");
    assert!(view["detail"].is_null(), "{view}");
    assert_eq!(view["answer"]["status"], "under_review");
    // Customs sees the reasons; an agency with no stake sees nothing.
    let (_, full) = srv
        .get_json(
            Role::CustomsOfficer,
            &format!("/api/v1/declarations/{arms_id}"),
        )
        .await;
    assert_eq!(
        full["detail"]["declaration"]["lane_reasons"][0]["rule_id"],
        "R-ARMS"
    );
    let (status, _) = srv
        .get_json(
            Role::AgencyOfficer,
            &format!("/api/v1/declarations/{arms_id}"),
        )
        .await;
    assert_eq!(status, 404, "the UBP officer has no stake in arms");

    // Customs cannot release before the inspection's result.
    let decision =
        |verdict: &str, reason: Option<&str>| json!({"verdict": verdict, "reason": reason});
    let decide_path = format!("/api/v1/declarations/{arms_id}/decision");
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &decide_path,
            &decision("released", None),
        )
        .await;
    assert_eq!(status, 409, "{body}");

    // The queue, and the result form: a find says what and where, and opens the door to the seizure record.
    let (status, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["reference"], "LRN-1");
    assert_eq!(queue[0]["containers"][0]["seals"][0], "SEAL-1");
    assert_eq!(queue[0]["documents"][0][1]["type_code"], "N935");
    let inspection_id = queue[0]["inspection"]["id"].as_str().unwrap().to_string();
    let result_path = format!("/api/v1/inspections/{inspection_id}/result");
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &result_path,
            &json!({"found": true, "what": "12 undeclared pistols"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, recorded) = srv
        .post_json(
            Role::CustomsOfficer,
            &result_path,
            &json!({"found": true, "what": "12 undeclared pistols", "location": "behind the cartons", "seals_intact": true}),
        )
        .await;
    assert_eq!(status, 200, "{recorded}");
    assert!(recorded["seizure_link"]
        .as_str()
        .unwrap()
        .ends_with(&inspection_id));
    let (_, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    assert!(queue.as_array().unwrap().is_empty());

    // Customs releases; the small-arms authority holds (with a reason), then releases: one answer.
    let (status, d) = srv
        .post_json(
            Role::CustomsOfficer,
            &decide_path,
            &decision("released", None),
        )
        .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["status"], "under_review");
    let salw = agency_officer(&srv, "SALW").await;
    let (status, body) = post_with(&srv, &salw, &decide_path, decision("held", None)).await;
    assert_eq!(status, 422, "{body}");
    let (status, d) = post_with(
        &srv,
        &salw,
        &decide_path,
        decision("held", Some("import licence missing")),
    )
    .await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["status"], "held");
    assert!(
        d["lane_reasons"].as_array().unwrap().is_empty(),
        "customs' reasons are not the agency's to read: {d}"
    );
    let (_, view) = srv
        .get_json(Role::Declarant, &format!("/api/v1/declarations/{arms_id}"))
        .await;
    assert!(view["answer"]["answer"]
        .as_str()
        .unwrap()
        .contains("import licence missing"));
    // The authority sees what is routed to it, without customs' reasons.
    let (_, list) = get_with(&srv, &salw, "/api/v1/declarations").await;
    let refs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["LRN-1", "LRN-0"]);
    assert!(list[0]["lane_reasons"].as_array().unwrap().is_empty());
    let (status, d) = post_with(&srv, &salw, &decide_path, decision("released", None)).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["status"], "released");

    // The rule's hit rate: one selection, inspected, found.
    let (_, rules) = srv.get_json(Role::Analyst, "/api/v1/goods-rules").await;
    assert_eq!(rules[0]["stats"]["selected"], 1, "{rules}");
    assert_eq!(rules[0]["stats"]["found"], 1);
    assert_eq!(rules[0]["hit_rate"], 1.0);
    assert_eq!(rules[0]["never_found"], false);

    // Amendments keep the history; one for an unknown declaration is rejected.
    let mut amendment = declaration("LRN-2-A", "847150", "Laptops, corrected");
    amendment["function"] = json!("amendment");
    amendment["type"] = json!("COR");
    amendment["amends"] = json!("LRN-2");
    let mut unknown = amendment.clone();
    unknown["amends"] = json!("LRN-404");
    let (status, report) = lodge(&srv, vec![amendment, unknown]).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["declarations"][0]["outcome"], "accepted");
    assert_eq!(report["declarations"][0]["version"], 2);
    assert_eq!(report["declarations"][1]["outcome"], "rejected");
    assert!(report["declarations"][1]["error"]
        .as_str()
        .unwrap()
        .contains("unknown declaration LRN-404"));
    let laptops_id = report["declarations"][0]["id"].as_str().unwrap();
    let (_, full) = srv
        .get_json(
            Role::CustomsOfficer,
            &format!("/api/v1/declarations/{laptops_id}"),
        )
        .await;
    let versions = full["detail"]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[0]["declaration"]["items"][0]["commodity_code"],
        "847130"
    );
    assert_eq!(versions[1]["function"], "amendment");
    assert_eq!(full["detail"]["declaration"]["declaration"]["type"], "IMA");

    // The pages: the detail with its agencies' decisions and history, the queue.
    let page = srv
        .get_as(
            Role::CustomsOfficer,
            &format!("/goods/declarations/{arms_id}"),
        )
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("LRN-1") && html.contains("data-agency=\"SALW\"") && html.contains("R-ARMS"),
        "{html}"
    );
    let page = srv
        .get_as(
            Role::CustomsOfficer,
            &format!("/goods/inspections/{inspection_id}"),
        )
        .await;
    let html = page.text().await.unwrap();
    assert!(
        html.contains("12 undeclared pistols") && html.contains("seizure-link"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_with_the_same_key_gets_the_first_answer_and_bad_input_names_its_field() {
    let srv = TestServer::start_with(config()).await;
    let body = json!({"declarations": [declaration("LRN-9", "847130", "Laptops")]});
    let send = || {
        srv.api()
            .post(srv.url("/api/v1/declarations"))
            .bearer_auth(srv.token(Role::Declarant))
            .header("Idempotency-Key", "lodge-9-attempt")
            .json(&body)
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first["declarations"][0]["outcome"], "accepted");

    let mut bad = declaration("LRN-10", "84713", "Laptops");
    let (_, report) = lodge(&srv, vec![bad.clone()]).await;
    assert!(report["declarations"][0]["error"]
        .as_str()
        .unwrap()
        .contains("declarations[0].items[0].commodity_code"));
    bad["items"][0]["commodity_code"] = json!("847130");
    bad["items"][0]["origin_country"] = json!("XQ");
    let (_, report) = lodge(&srv, vec![bad]).await;
    assert!(report["declarations"][0]["error"]
        .as_str()
        .unwrap()
        .contains("unknown country 'XQ'"));
    let (status, _) = lodge(&srv, vec![]).await;
    assert_eq!(status, 422);
    // Totals that disagree with the items: a warning, not a refusal.
    let mut off = declaration("LRN-11", "847130", "Laptops");
    off["totals"]["packages"] = json!(40);
    let (_, report) = lodge(&srv, vec![off]).await;
    assert_eq!(report["declarations"][0]["outcome"], "accepted");
    let warnings = report["declarations"][0]["warnings"].to_string();
    assert!(warnings.contains("40 packages"), "{warnings}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customs_officer_of_another_bcp_gets_nothing_of_this_bcp() {
    let mut config = config();
    // Total inspection of arms: the declaration goes red whatever the rules say.
    config.goods.selectivity.total_codes = vec!["93".into()];
    let srv = TestServer::start_with(config).await;
    let (_, report) = lodge(&srv, vec![declaration("LRN-1", "930200", "Pistols")]).await;
    let d = &report["declarations"][0];
    assert_eq!(d["lane"], "red", "{report}");
    let id = d["id"].as_str().unwrap().to_string();
    let (_, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    let inspection = queue[0]["inspection"]["id"].as_str().unwrap().to_string();
    assert_eq!(queue[0]["inspection"]["reasons"][0]["kind"], "total");

    let airport = officer(&srv, Role::CustomsOfficer, "UCA", &["UTO-AIR-1"]).await;
    let (status, list) = get_with(&srv, &airport, "/api/v1/declarations").await;
    assert_eq!((status, list), (200, json!([])));
    let (status, _) = get_with(&srv, &airport, &format!("/api/v1/declarations/{id}")).await;
    assert_eq!(status, 404);
    let (status, queue) = get_with(&srv, &airport, "/api/v1/inspections").await;
    assert_eq!((status, queue), (200, json!([])));
    let (status, _) = get_with(&srv, &airport, "/api/v1/inspections?bcp=UTO-LND-N1").await;
    assert_eq!(status, 403);
    let (status, _) = post_with(
        &srv,
        &airport,
        &format!("/api/v1/declarations/{id}/decision"),
        json!({"verdict": "refused", "reason": "not mine to decide"}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = post_with(
        &srv,
        &airport,
        &format!("/api/v1/inspections/{inspection}/result"),
        json!({"found": false}),
    )
    .await;
    assert_eq!(status, 404);
    // The officer of the land BCP still has it all.
    let land = officer(&srv, Role::CustomsOfficer, "UCA", &["UTO-LND-N1"]).await;
    let (_, list) = get_with(&srv, &land, "/api/v1/declarations").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../limes-customs/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

async fn lodge_raw(srv: &TestServer, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let res = srv
        .api()
        .post(srv.url("/api/v1/declarations"))
        .bearer_auth(srv.token(Role::Declarant))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declarations_come_in_as_customs_sends_them_wco_xml_and_edifact_and_unknown_codes_name_the_item(
) {
    let srv = TestServer::start_with(config()).await;
    // A WCO Data Model import declaration as UK CDS publishes it (3 items of shavers and clippers).
    let (status, report) = lodge_raw(
        &srv,
        "application/xml",
        fixture("hmrc-customs-declarations_TT_IM001d.xml"),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    let answer = &report["declarations"][0];
    assert_eq!(answer["outcome"], "accepted", "{report}");
    let id = answer["id"].as_str().unwrap();
    let (_, stored) = srv
        .get_json(Role::Declarant, &format!("/api/v1/declarations/{id}"))
        .await;
    // The trader reads the one answer for the reference the file carried.
    assert_eq!(
        stored["answer"]["reference"], answer["reference"],
        "{stored}"
    );
    assert_eq!(answer["reference"], "TT_IM01d_v1.6_230322_1");
    // The same file again: the first answer, nothing stored twice.
    let (_, again) = lodge_raw(
        &srv,
        "application/xml",
        fixture("hmrc-customs-declarations_TT_IM001d.xml"),
    )
    .await;
    assert_eq!(again["declarations"][0]["outcome"], "duplicate", "{again}");
    assert_eq!(again["declarations"][0]["id"], answer["id"]);
    // A carrier's cargo report (CUSCAR): one declaration per consignment.
    let (status, report) = lodge_raw(
        &srv,
        "application/edifact",
        fixture("indice-EDI.Net_edifact.D95B.CUSCAR.EDI"),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        report["declarations"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    // Broken XML: refused whole, naming the line and column; a notification is not a declaration.
    let (status, err) = lodge_raw(
        &srv,
        "application/xml",
        fixture("hmrc-customs-declarations_TT_IM084a_NOT_WELL_FORMED.xml"),
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert!(err.to_string().contains("line 157"), "{err}");
    let (status, err) = lodge_raw(
        &srv,
        "application/xml",
        fixture("hmrc-customs-declarations_Example_DMS_notifications_01_DMSACC.xml"),
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert!(err.to_string().contains("notification"), "{err}");
    // A commodity code that is not in the Harmonized System: rejected, naming the item.
    let (_, report) = lodge(
        &srv,
        vec![declaration("LRN-HS-1", "99999999", "Mystery goods")],
    )
    .await;
    let error = report["declarations"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("items[0].commodity_code") && error.contains("item 1"),
        "{report}"
    );
    // An amendment that changes an item to a code outside the HS: rejected the same way.
    let mut amendment = declaration("LRN-HS-1-A", "99999999", "Mystery goods");
    amendment["function"] = json!("amendment");
    amendment["type"] = json!("COR");
    amendment["amends"] = json!("LRN-HS-2");
    let (_, report) = lodge(&srv, vec![amendment]).await;
    let error = report["declarations"][0]["error"].as_str().unwrap();
    assert!(error.contains("commodity_code"), "{report}");
    // A national extension of a known HS subheading is fine.
    let (_, report) = lodge(&srv, vec![declaration("LRN-HS-2", "8471300000", "Laptops")]).await;
    assert_eq!(report["declarations"][0]["outcome"], "accepted", "{report}");
}
