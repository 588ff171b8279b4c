//! The analysts' selectivity-rule editor over HTTP (`/goods/rules`): the expected rate per lane over the last
//! declarations before a rule goes live, saving it (live at once) and a new version of it, the hit rate and the
//! rule that never finds anything, retiring, errors named by field; who may see and edit. And the parties of a
//! declaration screened at lodging: a name on a watchlist and a party's earlier finds, shown to customs and
//! usable by rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::config::Config;
use serde_json::{json, Value};

fn config() -> Config {
    let mut config = Config::default();
    config.goods.routing.customs = "UCA".into();
    config.goods.selectivity.random_red = 0.0;
    config.goods.selectivity.random_yellow = 0.0;
    config.goods.selectivity.random_blue = 0.0;
    config
}

fn declaration(reference: &str, code: &str, exporter: &str) -> Value {
    json!({
        "format": "json", "type": "IMA", "function": "original", "reference": reference,
        "declarant": {"id": "UT-BROKER-1", "name": "Border Brokers Ltd", "country": "UT"},
        "exporter": {"id": null, "name": exporter, "country": "CD"},
        "importer": {"id": "UT123456", "name": "Acme Imports", "country": "UT"},
        "consignor": null, "consignee": null, "carrier": null,
        "transport": {"mode": "road", "identity": "UT-482-KX", "nationality": "UT"},
        "export_country": "TR", "destination_country": "UT", "routing_countries": [],
        "office": "UTO-LND-N1",
        "containers": [], "amends": null, "amendments": [], "warnings": [],
        "items": [{"sequence": 1, "commodity_code": code, "description": "goods", "origin_country": "TR",
                   "packages": 1, "package_type": "CT", "gross_mass_kg": 10.0, "net_mass_kg": 9.0,
                   "procedure": "4000", "value": null, "consignee": null, "documents": []}],
        "totals": {"items": 1, "packages": 1, "gross_mass_kg": 10.0}
    })
}

/// Lodge one declaration; its id and lane.
async fn lodge(srv: &TestServer, reference: &str, code: &str, exporter: &str) -> (String, String) {
    let (status, report) = srv
        .post_json(
            Role::Declarant,
            "/api/v1/declarations",
            &json!({ "declarations": [declaration(reference, code, exporter)] }),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    let d = &report["declarations"][0];
    (
        d["id"].as_str().unwrap().to_string(),
        d["lane"].as_str().unwrap().to_string(),
    )
}

fn rule_form<'a>(
    csrf: &'a str,
    action: &'a str,
    hs: &'a str,
    weight: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("id", "R-ARMS"),
        ("name", "Arms and ammunition"),
        ("description", ""),
        ("lane", "red"),
        ("weight", weight),
        ("valid_from", "2020-01-01"),
        ("valid_to", ""),
        ("enabled", "on"),
        ("kind_0", "hs_prefix"),
        ("value_0", hs),
        ("kind_1", ""),
        ("value_1", ""),
        ("kind_2", ""),
        ("value_2", ""),
        ("kind_3", ""),
        ("value_3", ""),
        ("action", action),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_sees_the_expected_rate_saves_edits_and_retires_a_rule() {
    let srv = TestServer::start_with(config()).await;
    lodge(&srv, "LRN-1", "930200", "Ankara Exports").await;
    lodge(&srv, "LRN-2", "847130", "Ankara Exports").await;

    let analyst = srv.login(Role::Analyst, None).await;
    let page = srv.page(&analyst, "/goods/rules").await;
    assert!(page.contains("id=\"rules-empty\""), "{page}");
    assert!(page.contains("id=\"rule-form\""));
    assert!(page.contains("id=\"selectivity-policy\""));
    let csrf = csrf_from(&page);

    // The expected rate before the rule goes live: one of the two past declarations to red. Nothing saved.
    let res = srv
        .submit(
            &analyst,
            "/goods/rules",
            &rule_form(&csrf, "preview", "93", "100"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"rule-expected\""), "{page}");
    assert!(page.contains("id=\"rule-matched\""), "{page}");
    let red_row = page
        .split("data-lane=\"red\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(red_row.contains("0 (0.0 %)"), "{red_row}");
    assert!(red_row.contains("1 (50.0 %)"), "{red_row}");
    // The form keeps what the analyst typed.
    assert!(page.contains("value=\"R-ARMS\""));
    assert!(srv.state.store.goods_rules().await.unwrap().is_empty());

    // A wrong field is named, nothing saved.
    let res = srv
        .submit(
            &analyst,
            "/goods/rules",
            &rule_form(&csrf, "save", "93", "heavy"),
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"rule-errors\""), "{page}");
    assert!(page.contains("weight"), "{page}");
    let res = srv
        .submit(
            &analyst,
            "/goods/rules",
            &rule_form(&csrf, "save", "9x", "100"),
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(page.contains("when[0].hs_prefix[0]"), "{page}");
    assert!(srv.state.store.goods_rules().await.unwrap().is_empty());

    // Saved: live at once.
    let res = srv
        .submit(
            &analyst,
            "/goods/rules",
            &rule_form(&csrf, "save", "93", "100"),
        )
        .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/goods/rules?saved=R-ARMS&version=1");
    let page = srv.page(&analyst, &to).await;
    assert!(page.contains("id=\"rule-saved\""), "{page}");
    assert!(page.contains("data-rule=\"R-ARMS\""), "{page}");
    let (id, lane) = lodge(&srv, "LRN-3", "930200", "Ankara Exports").await;
    assert_eq!(lane, "red");

    // Edited: the form filled with the latest version; saved as version 2.
    let page = srv.page(&analyst, "/goods/rules?edit=R-ARMS").await;
    assert!(page.contains("value=\"93\""), "{page}");
    assert!(
        page.contains("<option value=\"hs_prefix\" selected>"),
        "{page}"
    );
    let res = srv
        .submit(
            &analyst,
            "/goods/rules",
            &rule_form(&csrf, "save", "9302", "100"),
        )
        .await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/goods/rules?saved=R-ARMS&version=2"
    );

    // Inspected and nothing found: the rule shows as never finding anything.
    let (_, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    let inspection = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["inspection"]["declaration_id"] == id.as_str())
        .unwrap()["inspection"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/inspections/{inspection}/result"),
            &json!({"found": false}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let page = srv.page(&analyst, "/goods/rules").await;
    let row = page
        .split("data-rule=\"R-ARMS\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap();
    assert!(row.contains("never-found-note"), "{row}");
    assert!(row.contains("0 %"), "{row}");

    // Retired: a new version out of force; arms go green again.
    let res = srv
        .submit(
            &analyst,
            "/goods/rules/R-ARMS/retire",
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/goods/rules?saved=R-ARMS&version=3"
    );
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(
        lodge(&srv, "LRN-4", "930200", "Ankara Exports").await.1,
        "green"
    );
    let page = srv.page(&analyst, "/goods/rules").await;
    assert!(page.contains("not in force"), "{page}");
    let audit = srv.state.store.recent_audit(50).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.event.action == "goods.rule.save")
            .count(),
        3
    );

    // A supervisor reads the list without the form; a customs officer does not see the page.
    let supervisor = srv.login(Role::Supervisor, None).await;
    let page = srv.page(&supervisor, "/goods/rules").await;
    assert!(page.contains("id=\"rules-list\""), "{page}");
    assert!(!page.contains("id=\"rule-form\""));
    let res = srv.get_as(Role::CustomsOfficer, "/goods/rules").await;
    assert_eq!(res.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parties_are_screened_against_the_watchlists_and_their_history() {
    let srv = TestServer::start_with(config()).await;
    // A rule on listed parties, and one on a party's earlier finds.
    for (id, when) in [
        ("R-LISTED", json!(["watchlist_hit"])),
        ("R-FINDS", json!([{"previous_finds": {"at_least": 1}}])),
    ] {
        let (status, body) = srv
            .post_json(
                Role::Analyst,
                "/api/v1/goods-rules",
                &json!({"id": id, "version": 1, "name": id, "lane": "red", "weight": 100,
                        "valid_from": "2020-01-01T00:00:00Z", "when": when}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    // An exporter named on the UN list (CDi.006) goes red, with the hit as the reason.
    let (listed, lane) = lodge(&srv, "LRN-L", "847130", "Germain Katanga").await;
    assert_eq!(lane, "red");
    let (_, view) = srv
        .get_json(
            Role::CustomsOfficer,
            &format!("/api/v1/declarations/{listed}"),
        )
        .await;
    let d = &view["detail"]["declaration"];
    assert_eq!(d["lane_reasons"][0]["rule_id"], "R-LISTED", "{view}");
    let exporter = d["parties_screened"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "exporter")
        .unwrap();
    assert_eq!(exporter["hits"][0]["list"], "un", "{exporter}");
    let importer = d["parties_screened"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "importer")
        .unwrap();
    assert!(importer["hits"].as_array().unwrap().is_empty());
    assert_eq!(importer["previous_finds"], 0);

    // Customs finds something: the importer's next declaration carries the history and goes red for it.
    let (_, queue) = srv
        .get_json(Role::CustomsOfficer, "/api/v1/inspections")
        .await;
    let inspection = queue[0]["inspection"]["id"].as_str().unwrap().to_string();
    let (status, body) = srv
        .post_json(
            Role::CustomsOfficer,
            &format!("/api/v1/inspections/{inspection}/result"),
            &json!({"found": true, "what": "undeclared cash", "location": "cab"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (next, lane) = lodge(&srv, "LRN-N", "847130", "Ankara Exports").await;
    assert_eq!(lane, "red");
    let (_, view) = srv
        .get_json(
            Role::CustomsOfficer,
            &format!("/api/v1/declarations/{next}"),
        )
        .await;
    let d = &view["detail"]["declaration"];
    assert_eq!(d["lane_reasons"][0]["rule_id"], "R-FINDS", "{view}");
    let importer = d["parties_screened"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "importer")
        .unwrap();
    assert_eq!(importer["previous_finds"], 1, "{importer}");

    // The officer sees the evidence on the declaration's page.
    let customs = srv.login(Role::CustomsOfficer, None).await;
    let page = srv
        .page(&customs, &format!("/goods/declarations/{listed}"))
        .await;
    assert!(page.contains("id=\"parties-screened\""), "{page}");
    assert!(page.contains("class=\"party-hit\""), "{page}");
    // The trader never sees it.
    let (_, trader) = srv
        .get_json(Role::Declarant, &format!("/api/v1/declarations/{listed}"))
        .await;
    assert!(!trader.to_string().contains("parties_screened"), "{trader}");
}
