//! Accounts: API tokens belong to machine accounts only, expire, are revoked one by one and name themselves in
//! the audit entries they cause; only the sender role hands in PAXLST; sign-in goes to same-site pages only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::{json, Value};

async fn user_id(srv: &TestServer, role: Role) -> String {
    let (_, me) = srv.get_json(role, "/api/v1/me").await;
    me["id"].as_str().unwrap().to_string()
}

async fn me_with(srv: &TestServer, token: &str) -> u16 {
    srv.api()
        .get(srv.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_for_machine_accounts_expire_and_are_revoked_one_by_one() {
    let srv = TestServer::start().await;
    // No token in a person's name, not even an administrator's own.
    for person in [Role::FirstLineOfficer, Role::Administrator] {
        let id = user_id(&srv, person).await;
        let (status, body) = srv
            .post_json(
                Role::Administrator,
                "/api/v1/api-tokens",
                &json!({"user_id": id, "name": "sneaky"}),
            )
            .await;
        assert_eq!(status, 422, "{person}: {body}");
        assert_eq!(body["field"], "user_id", "{body}");
    }
    // Two tokens for the sender account, by username; a validity beyond a year is refused.
    let make = |name: &str, days: u32| json!({"user_id": username(Role::Sender), "name": name, "valid_days": days});
    let (status, body) = srv
        .post_json(Role::Administrator, "/api/v1/api-tokens", &make("x", 400))
        .await;
    assert_eq!((status, body["field"].clone()), (422, json!("valid_days")));
    let (status, gateway) = srv
        .post_json(
            Role::Administrator,
            "/api/v1/api-tokens",
            &make("gateway", 30),
        )
        .await;
    assert_eq!(status, 200, "{gateway}");
    let (_, spare) = srv
        .post_json(Role::Administrator, "/api/v1/api-tokens", &make("spare", 5))
        .await;
    let (gateway_secret, gateway_id) = (
        gateway["token"].as_str().unwrap().to_string(),
        gateway["id"].as_str().unwrap().to_string(),
    );
    let spare_secret = spare["token"].as_str().unwrap().to_string();
    assert_eq!(me_with(&srv, &gateway_secret).await, 200);
    assert_eq!(me_with(&srv, &spare_secret).await, 200);

    // What a token causes names the token in the audit trail.
    let res = srv
        .api()
        .post(srv.url("/api/v1/api-messages"))
        .bearer_auth(&gateway_secret)
        .header("content-type", "application/edifact")
        .body("UNB+UNOA:4+X")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        422,
        "the sender may hand in (a broken file here)"
    );
    let res = srv
        .api()
        .post(srv.url("/api/v1/api-tokens"))
        .bearer_auth(srv.token(Role::Administrator))
        .json(&json!({"user_id": username(Role::Sender), "name": "audited"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let audit = srv.state.store.recent_audit(20).await.unwrap();
    let created: Vec<_> = audit
        .iter()
        .filter(|e| e.event.action == "api_token.create" && e.event.actor != "setup")
        .collect();
    assert_eq!(created.len(), 3, "{created:?}");
    assert!(
        created
            .iter()
            .any(|e| e.event.subject.as_deref() == Some(&format!("api_token:{gateway_id}"))),
        "{created:?}"
    );
    assert!(
        created
            .iter()
            .all(|e| e.event.actor.starts_with("administrator/token:")),
        "the administrator's token is named in what it caused: {created:?}"
    );

    // Revoking one token stops it at the next request; the other goes on.
    let (status, _) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/api-tokens/{gateway_id}/revoke"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(me_with(&srv, &gateway_secret).await, 401);
    assert_eq!(me_with(&srv, &spare_secret).await, 200);
    let (status, _) = srv
        .post_json(
            Role::Administrator,
            "/api/v1/api-tokens/no-such-token/revoke",
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);

    // Listed with their state and last use.
    let (_, listed) = srv
        .get_json(Role::Administrator, "/api/v1/api-tokens")
        .await;
    let find = |id: &str| -> Value {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .cloned()
            .unwrap()
    };
    let gateway = find(&gateway_id);
    assert_eq!(gateway["state"], "revoked", "{gateway}");
    assert_eq!(gateway["username"], username(Role::Sender));
    assert!(gateway["last_used_at"].is_string(), "{gateway}");
    assert!(gateway.get("token").is_none() && gateway.get("token_hash").is_none());

    // Time passes: the five-day token expires.
    srv.clock.advance(chrono::Duration::days(6));
    assert_eq!(me_with(&srv, &spare_secret).await, 401);
    let (_, listed) = srv
        .get_json(Role::Administrator, "/api/v1/api-tokens")
        .await;
    let spare_id = spare["id"].as_str().unwrap();
    let spare = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == spare_id)
        .unwrap();
    assert_eq!(spare["state"], "expired", "{spare}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_sender_hands_in_paxlst() {
    let srv = TestServer::start().await;
    for role in [Role::Administrator, Role::Analyst, Role::Supervisor] {
        let res = srv
            .post_raw(
                role,
                "/api/v1/api-messages",
                "application/edifact",
                "UNB+UNOA:4+X",
            )
            .await;
        assert_eq!(res.status(), 403, "{role} may not hand in a PAXLST");
    }
    let res = srv
        .post_raw(
            Role::Sender,
            "/api/v1/api-messages",
            "application/edifact",
            "UNB+UNOA:4+X",
        )
        .await;
    assert_eq!(res.status(), 422, "the sender may (a broken file: 422)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_e_gate_submits_checks_and_officers_decide_them() {
    let srv = TestServer::start().await;
    let (status, clear) = srv
        .post_check(
            Role::Gate,
            json!({"mrz": clear_mrz(), "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 200, "{clear}");
    assert_eq!(clear["recommendation"]["level"], "clear", "{clear}");
    let (status, listed) = srv
        .post_check(
            Role::Gate,
            json!({"mrz": un_listed_mrz(), "bcp": "UTO-AIR-1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["recommendation"]["level"], "refer", "{listed}");
    let id = listed["crossing_id"].as_str().unwrap();
    let (status, _) = srv
        .decide(id, Role::Gate, json!({"outcome": "admitted"}))
        .await;
    assert_eq!(
        status, 403,
        "a machine never decides a hit: an officer does"
    );
    let (status, _) = srv
        .post_check(
            Role::Gate,
            json!({"mrz": clear_mrz(), "bcp": "UTO-LND-N1", "direction": "entry"}),
        )
        .await;
    assert_eq!(status, 403, "a gate checks only at the BCP it stands at");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_goes_to_same_site_pages_only() {
    let srv = TestServer::start().await;
    let sign_in = |next: &'static str| {
        let c = srv.browser();
        let url = srv.url("/login");
        async move {
            c.post(url)
                .form(&[
                    ("username", username(Role::Supervisor)),
                    ("password", PASSWORD.to_string()),
                    ("next", next.to_string()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // A machine account does not sign in to the pages, even with its password.
    let res = srv
        .submit(
            &srv.browser(),
            "/login",
            &[
                ("username", username(Role::Sender)),
                ("password", PASSWORD.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = sign_in("/history").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/history");
    for off_site in [
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
    ] {
        let res = sign_in(off_site).await;
        assert_eq!(res.status(), 303, "{off_site:?}");
        assert_eq!(res.headers()["location"], "/", "{off_site:?}");
    }
    // A tab or a line break in next= is refused before anything is written: no session, no sign-in audited.
    let before = srv.state.store.recent_audit(1).await.unwrap();
    for crafted in [
        "/\t/evil.example",
        "/x\r\nSet-Cookie: a=b",
        "/\n/evil.example",
    ] {
        let res = sign_in(crafted).await;
        assert_eq!(res.status(), 400, "{crafted:?}");
        assert!(res.headers().get("set-cookie").is_none(), "{crafted:?}");
    }
    let after = srv.state.store.recent_audit(1).await.unwrap();
    assert_eq!(before[0].seq, after[0].seq, "nothing was written");
    // The sign-in page itself never carries an off-site next= into its form.
    let page = srv.page(&srv.browser(), "/login?next=//evil.example").await;
    assert!(page.contains("name=\"next\" value=\"/\""), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_are_small_unless_the_route_takes_files() {
    let srv = TestServer::start().await;
    // A sign-in with a 70 KiB username: refused before anything is read or written, naming the limit.
    let before = srv.state.store.recent_audit(1).await.unwrap();
    let res = srv
        .submit(
            &srv.browser(),
            "/login",
            &[
                ("username", "a".repeat(70 * 1024)),
                ("password", "x".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "too_large", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("64 KiB"),
        "{body}"
    );
    let after = srv.state.store.recent_audit(1).await.unwrap();
    assert_eq!(before[0].seq, after[0].seq, "nothing was written");
    // The same size as a check's JSON body: 413 too.
    let (status, body) = srv
        .post_check(
            Role::FirstLineOfficer,
            json!({"mrz": "P".repeat(70 * 1024)}),
        )
        .await;
    assert_eq!(status, 413, "{body}");
    // A watchlist upload has its own, larger limit; over it: 413 naming it, answered from the declared length
    // before the body is read (sent by hand: a client writing the whole body would meet a closed connection).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(srv.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let request = format!(
        "POST /api/v1/watchlists/national HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        srv.token(Role::Analyst),
        limes_server::limits::LIST_UPLOAD_LIMIT + 1
    );
    conn.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("32 MiB"), "{answer}");
}
