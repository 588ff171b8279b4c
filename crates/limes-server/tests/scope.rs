//! Need-to-know by BCP as a matrix: every endpoint of the role table × every role, asked by a user assigned to
//! another BCP for one BCP's records (crossings, the second-line queue, statistics, flights, hits, manifests,
//! history). The answer is refused or carries nothing of that BCP, and nothing of it changes; the same requests
//! by a user of that BCP do see the records (so the sweep is not vacuous).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::auth::Access;
use limes_server::config::Config;
use limes_server::routes::endpoints;
use serde_json::{json, Value};

/// The BCP whose records are asked for, and another.
const B: &str = "UTO-AIR-1";
const OTHER: &str = "UTO-SEA-1";

/// A PAXLST for flight UT101 Athens → Utopia City (UTC, the airport of BCP B) with the UN-listed KATANGA.
fn manifest() -> String {
    let segs = [
        "UNH+M1+PAXLST:D:02B:UN:IATA",
        "BGM+745",
        "NAD+MS+++UTAIR OPERATIONS",
        "TDT+20+UT101+++UT",
        "LOC+125+ATH",
        "DTM+189:2603011000:201",
        "LOC+87+UTC",
        "DTM+232:2603011330:201",
        "NAD+FL+++KATANGA:GERMAIN",
        "ATT+2++M",
        "DTM+329:780428",
        "NAT+2+COD",
        "DOC+P:110:111+OB0193544",
        "DTM+36:300101",
        "LOC+91+COD",
        "CNT+42:1",
        "UNT+17+M1",
    ];
    format!(
        "UNA:+.? '\nUNB+UNOA:4+UTAIR+UTOPIU+260301:0800+SCOPE1'\n{}'\nUNZ+1+SCOPE1'\n",
        segs.join("'\n")
    )
}

/// A user of `role` assigned to `bcp`, with an API token; returns the token.
async fn scoped_user(srv: &TestServer, role: Role, bcp: &str) -> String {
    let name = format!("{}-{}", username(role), bcp.to_ascii_lowercase());
    let req = limes_app::users::NewUserRequest {
        username: name.clone(),
        display_name: name.clone(),
        role,
        agency: "UBP".into(),
        bcps: vec![bcp.to_string()],
        password: PASSWORD.into(),
    };
    let user = limes_app::users::add_user(&srv.state, limes_app::Actor::Operator("setup"), req)
        .await
        .unwrap();
    let token = format!("token-{name}");
    srv.state
        .store
        .create_api_token(
            limes_store::NewApiToken {
                token_hash: limes_store::token_hash(&token),
                user_id: user.id,
                name: "scope test".into(),
                created_at: srv.state.clock.now(),
            },
            limes_domain::AuditEvent::new(srv.state.clock.now(), "setup", "api_token.create"),
        )
        .await
        .unwrap();
    token
}

/// B's records the sweep asks for.
struct Records {
    pending: String,
    referred: String,
    flight: String,
    hit: String,
}

impl Records {
    /// The strings that would show one of B's records in an answer.
    fn markers(&self) -> Vec<&str> {
        vec![
            &self.pending,
            &self.referred,
            &self.hit,
            "KATANGA",
            "ERIKSSON",
            "UT101",
        ]
    }

    /// The endpoint's path with B's record in it.
    fn path(&self, template: &str) -> String {
        let id = if template.contains("hits") {
            &self.hit
        } else if template.contains("crossings") {
            &self.pending
        } else {
            "no-such-id"
        };
        let path = template
            .replace("{id}", id)
            .replace("{key}", &self.flight)
            .replace("{file}", "app.css");
        format!("{path}?bcp={B}&purpose=matrix+test&date=2026-03-01&search=KATANGA")
    }
}

async fn seed(srv: &TestServer) -> Records {
    let (status, c) = srv.check_at_air(&clear_mrz(), "entry").await;
    assert_eq!(status, 200, "{c}");
    let pending = c["crossing_id"].as_str().unwrap().to_string();
    let (status, c) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    assert_eq!(status, 200, "{c}");
    let referred = c["crossing_id"].as_str().unwrap().to_string();
    let (status, body) = srv
        .decide(
            &referred,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let res = srv
        .post_raw(
            Role::Sender,
            "/api/v1/api-messages",
            "application/edifact",
            &manifest(),
        )
        .await;
    let (status, report) = json_of(res).await;
    assert_eq!(status, 200, "{report}");
    let flight = report["messages"][0]["flight_key"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, detail) = srv
        .get_json(
            Role::Analyst,
            &format!("/api/v1/flights/{flight}?purpose=setup"),
        )
        .await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["flight"]["arrival_bcp"], B);
    let hit = detail["hits"][0]["id"].as_str().unwrap().to_string();
    Records {
        pending,
        referred,
        flight,
        hit,
    }
}

/// A request to one endpoint with `token`: status and body.
async fn ask(
    srv: &TestServer,
    token: &str,
    method: &axum::http::Method,
    path: &str,
) -> (u16, String) {
    let fields = json!({
        "outcome": "admitted", "status": "dismissed", "reason": "matrix test", "purpose": "matrix test",
        "mrz": td3("UTO", "OUTSIDER", "ONE", "Q12345678", "UTO", "800101", 'M', "320101"), "bcp": B, "direction": "entry", "language": "en", "flight": "elsewhere"
    });
    let mut req = srv
        .api()
        .request(method.clone(), srv.url(path))
        .bearer_auth(token);
    if method == axum::http::Method::POST {
        req = if path.starts_with("/api/") {
            req.json(&fields)
        } else {
            let form: Vec<(String, String)> = fields
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect();
            req.form(&form)
        };
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

/// Where B's records are: each crossing's status and the hit's.
async fn state_of(srv: &TestServer, r: &Records) -> Vec<String> {
    let store = &srv.state.store;
    let mut out = Vec::new();
    for id in [&r.pending, &r.referred] {
        out.push(
            store
                .crossing(id)
                .await
                .unwrap()
                .unwrap()
                .status
                .as_str()
                .to_string(),
        );
    }
    out.push(
        store
            .api_hit(&r.hit)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str()
            .to_string(),
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_of_another_bcp_gets_nothing_of_this_bcp_from_any_endpoint() {
    let mut config = Config::default();
    config.api_arrival_bcps.insert("UTC".into(), B.into());
    let srv = TestServer::start_with(config).await;
    let records = seed(&srv).await;
    let before = state_of(&srv, &records).await;
    assert_eq!(before, ["pending", "referred", "open"]);

    // Every endpoint × every role that may use it, by a user assigned to another BCP.
    let mut asked = 0;
    for role in Role::ALL {
        let outsider = scoped_user(&srv, role, OTHER).await;
        for ep in endpoints() {
            if matches!(ep.access, Access::Public)
                || !ep.access.allows(role)
                || ep.path == "/logout"
            {
                continue;
            }
            // The audit trail is the national oversight of every BCP: the auditors read all of it.
            if ep.access == Access::Roles(limes_server::routes::AUDITORS) {
                continue;
            }
            let path = records.path(ep.path);
            let (status, body) = ask(&srv, &outsider, &ep.method, &path).await;
            // What the caller named in the request may come back (an error names the id asked for).
            for m in records.markers().into_iter().filter(|m| !path.contains(m)) {
                assert!(
                    !body.contains(m),
                    "{role} of {OTHER}: {} {path} ({status}) shows {m} of {B}: {body}",
                    ep.method
                );
            }
            asked += 1;
        }
    }
    assert!(asked >= 100, "asked {asked} role × endpoint pairs");
    assert_eq!(
        state_of(&srv, &records).await,
        before,
        "a user of another BCP changed B's records"
    );

    // The direct asks for B's records are refused outright.
    let analyst = scoped_user(&srv, Role::Analyst, "UTO-LND-N1").await;
    let supervisor = scoped_user(&srv, Role::Supervisor, "UTO-LND-N1").await;
    for (token, method, path) in [
        (
            &supervisor,
            "GET",
            format!("/api/v1/crossings/{}?purpose=x-check", records.pending),
        ),
        (
            &supervisor,
            "GET",
            format!("/api/v1/crossings?bcp={B}&purpose=x-check"),
        ),
        (
            &supervisor,
            "GET",
            format!("/api/v1/second-line/queue?bcp={B}"),
        ),
        (&supervisor, "GET", format!("/api/v1/stats?bcp={B}")),
        (
            &supervisor,
            "GET",
            format!("/history?bcp={B}&purpose=x-check"),
        ),
        (
            &supervisor,
            "GET",
            format!("/history.csv?bcp={B}&purpose=x-check"),
        ),
        (
            &supervisor,
            "POST",
            format!("/api/v1/crossings/{}/decision", records.pending),
        ),
        (
            &analyst,
            "GET",
            format!("/api/v1/flights/{}?purpose=x-check", records.flight),
        ),
        (
            &analyst,
            "POST",
            format!("/api/v1/api-hits/{}/review", records.hit),
        ),
        (
            &analyst,
            "POST",
            format!("/pax/hits/{}/review", records.hit),
        ),
    ] {
        let method = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
        let (status, body) = ask(&srv, token, &method, &path).await;
        assert_eq!(status, 403, "{method} {path}: {body}");
    }

    // Statistics, board and worklist of a user of another BCP count nothing of B's.
    let (_, stats) = json_of(
        srv.api()
            .get(srv.url("/api/v1/stats"))
            .bearer_auth(&supervisor)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(stats["total"], 0, "{stats}");
    for path in ["/api/v1/api-worklist", "/api/v1/flights?date=2026-03-01"] {
        let (status, list) = json_of(
            srv.api()
                .get(srv.url(path))
                .bearer_auth(&analyst)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(list, Value::Array(vec![]), "{path}");
    }

    // The same sweep by users of B finds B's records: the matrix above is not vacuous.
    let mut seen = std::collections::BTreeSet::new();
    for role in Role::ALL {
        let insider = scoped_user(&srv, role, B).await;
        for ep in endpoints() {
            if matches!(ep.access, Access::Public) || !ep.access.allows(role) || ep.method != "GET"
            {
                continue;
            }
            let (_, body) = ask(&srv, &insider, &ep.method, &records.path(ep.path)).await;
            if records.markers().iter().any(|m| body.contains(m)) {
                seen.insert(ep.path);
            }
        }
    }
    for path in [
        "/api/v1/crossings",
        "/api/v1/crossings/{id}",
        "/api/v1/second-line/queue",
        "/api/v1/flights",
        "/api/v1/flights/{key}",
        "/api/v1/api-worklist",
        "/history",
        "/history.csv",
        "/second-line",
        "/pax",
        "/pax/worklist",
        "/pax/flights/{key}",
    ] {
        assert!(
            seen.contains(path),
            "a user of {B} does not see B's records at {path}: {seen:?}"
        );
    }
}
