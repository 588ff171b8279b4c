//! The server caches who a token or session belongs to and the BCPs for a few seconds; a change made through
//! the server takes effect at the very next request all the same: a deactivated user is locked out, a BCP
//! made inactive refuses checks, an ended session is gone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_through_the_server_pass_the_lookup_cache_at_once() {
    let srv = TestServer::start().await;
    let check = json!({"mrz": clear_mrz(), "bcp": "UTO-AIR-1", "direction": "entry"});
    // Token, user and BCP are now cached.
    let (status, body) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 200, "{body}");

    // The BCP is closed: the next check there is refused, naming the field.
    let (_, bcps) = srv.get_json(Role::Administrator, "/api/v1/bcps").await;
    let mut bcp = bcps
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "UTO-AIR-1")
        .unwrap()
        .clone();
    bcp["active"] = json!(false);
    let (status, body) = srv
        .post_json(Role::Administrator, "/api/v1/bcps", &bcp)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("not active"), "{body}");
    bcp["active"] = json!(true);
    srv.post_json(Role::Administrator, "/api/v1/bcps", &bcp)
        .await;
    let (status, _) = srv.post_check(Role::FirstLineOfficer, check.clone()).await;
    assert_eq!(status, 200);

    // A session in use (cached), then the user is deactivated: token and session stop at once.
    let browser = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;
    let res = browser.get(srv.url("/check")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (_, officer) = srv.get_json(Role::FirstLineOfficer, "/api/v1/me").await;
    let id = officer["id"].as_str().unwrap().to_string();
    let (status, body) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{id}/active"),
            &json!({"active": false}),
        )
        .await;
    assert!((200..300).contains(&status), "{body}");
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
    let history_with = |cookie: &str| c.get(srv.url("/history")).header("cookie", cookie).send();
    let res = srv
        .submit(
            &c,
            "/login",
            &[
                ("username", username(Role::Supervisor)),
                ("password", PASSWORD.to_string()),
            ],
        )
        .await;
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
    let res = history_with(&cookie).await.unwrap();
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
    let res = history_with(&cookie).await.unwrap();
    assert_eq!(
        res.status(),
        303,
        "the ended session is not served from the cache"
    );
}
