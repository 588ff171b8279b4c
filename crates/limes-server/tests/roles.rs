//! Every endpoint × every role: allowed or denied exactly as the endpoint table says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use limes_server::auth::Access;
use limes_server::routes::endpoints;

fn concrete(path: &str) -> String {
    path.replace("{id}", "no-such-id")
        .replace("{file}", "app.css")
        .replace("{code}", "no-such-code")
        .replace("{key}", "no-such-key")
        .replace("{handover}", "no-such-handover")
        .replace("{photo}", "no-such-photo")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_allows_and_denies_every_role_as_declared() {
    let srv = TestServer::start().await;
    let client = srv.api();
    let mut checked = 0;
    for ep in endpoints() {
        let path = concrete(ep.path);
        // Anonymous callers: public endpoints answer, the others want a login.
        let res = client
            .request(ep.method.clone(), srv.url(&path))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        match ep.access {
            Access::Public => assert!(
                status != 401 && status != 403,
                "{} {path} is public but gave {status}",
                ep.method
            ),
            _ => assert!(
                status == 401 || (status == 303 && !ep.api),
                "{} {path} answered {status} to an anonymous caller",
                ep.method
            ),
        }
        for role in Role::ALL {
            if ep.path == "/logout" {
                continue; // would end nothing (bearer), but keep the matrix about access only
            }
            let res = client
                .request(ep.method.clone(), srv.url(&path))
                .bearer_auth(srv.token(role))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            if ep.access.allows(role) {
                assert!(
                    status != 401 && status != 403,
                    "{role} should be allowed {} {path}, got {status}: {body}",
                    ep.method
                );
            } else {
                assert_eq!(
                    status, 403,
                    "{role} should be denied {} {path}, got {status}: {body}",
                    ep.method
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 40 * 7, "walked {checked} endpoint × role pairs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_covers_every_json_endpoint() {
    let srv = TestServer::start().await;
    let doc: serde_json::Value = srv
        .get_anonymous("/api/v1/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for ep in endpoints()
        .into_iter()
        .filter(|e| e.api && e.path != "/api/v1/openapi.json")
    {
        let item = paths
            .get(ep.path)
            .unwrap_or_else(|| panic!("{} missing from the OpenAPI document", ep.path));
        let method = ep.method.as_str().to_ascii_lowercase();
        assert!(
            item.get(&method).is_some(),
            "{} {} missing from the OpenAPI document",
            ep.method,
            ep.path
        );
    }
    assert!(doc["components"]["schemas"]["CheckResponse"].is_object());
}
