//! The server caches who a token or session belongs to and the BCPs for a few seconds; a change made through
//! the server takes effect at the very next request all the same: a deactivated user is locked out, a BCP
//! made inactive refuses checks, an ended session is gone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

fn mrz() -> String {
    td3(
        "UTO",
        "ERIKSSON",
        "ANNA",
        "L898902C3",
        "UTO",
        "740812",
        'F',
        "320415",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_through_the_server_pass_the_lookup_cache_at_once() {
    let srv = TestServer::start().await;
    let check = json!({"mrz": mrz(), "bcp": "UTO-AIR-1", "direction": "entry"});
    // Token, user and BCP are now cached.
    let (status, body) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 200, "{body}");

    // The BCP is closed: the next check there is refused, naming the field.
    let mut bcp: serde_json::Value = srv
        .api()
        .get(srv.url("/api/v1/bcps"))
        .bearer_auth(srv.token(Role::Administrator))
        .send()
        .await
        .unwrap()
        .json::<Vec<serde_json::Value>>()
        .await
        .unwrap()
        .into_iter()
        .find(|b| b["code"] == "UTO-AIR-1")
        .unwrap();
    bcp["active"] = json!(false);
    let res = srv
        .api()
        .post(srv.url("/api/v1/bcps"))
        .bearer_auth(srv.token(Role::Administrator))
        .json(&bcp)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (status, body) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("not active"), "{body}");
    bcp["active"] = json!(true);
    srv.api()
        .post(srv.url("/api/v1/bcps"))
        .bearer_auth(srv.token(Role::Administrator))
        .json(&bcp)
        .send()
        .await
        .unwrap();
    let (status, _) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 200);

    // A session in use (cached), then the user is deactivated: token and session stop at once.
    let browser = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;
    let res = browser.get(srv.url("/check")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let officer = srv
        .api()
        .get(srv.url("/api/v1/me"))
        .bearer_auth(srv.token(Role::FirstLineOfficer))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let id = officer["id"].as_str().unwrap().to_string();
    let res = srv
        .api()
        .post(srv.url(&format!("/api/v1/users/{id}/active")))
        .bearer_auth(srv.token(Role::Administrator))
        .json(&json!({"active": false}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let (status, _) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 401, "a deactivated user's token stops at once");
    let res = browser.get(srv.url("/check")).send().await.unwrap();
    assert_eq!(
        res.status(),
        303,
        "and so does the session: back to the login"
    );

    // Logout ends a cached session at once: the old cookie, sent again by hand, is refused.
    let c = srv.api();
    let res = c
        .post(srv.url("/login"))
        .form(&[
            ("username", username(Role::Supervisor)),
            ("password", PASSWORD.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("limes_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let res = c
        .get(srv.url("/history"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csrf = csrf_from(&res.text().await.unwrap());
    let res = c
        .post(srv.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = c
        .get(srv.url("/history"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        303,
        "the ended session is not served from the cache"
    );
}
