//! The national centre's view of its BCP nodes, on a real server over loopback: heartbeats seeded through the
//! SyncStore; the page and `GET /api/v1/sync/nodes` raise the alarm for a silent node and for a node behind on a
//! list, and leave a node in contact alone; officers, analysts and auditors are refused; a node that is not the
//! centre says so plainly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::{Clock, Role};
use limes_server::config::Config;
use limes_store::prelude::*;
use limes_store::sync::{Heartbeat, ListVersions, NodeRole, SyncStore};
use limes_store_sqlite::SqliteStore;
use std::sync::Arc;

/// A server whose database has the sync role `role` (None: no sync tables given to the server).
async fn server(role: Option<NodeRole>) -> (TestServer, Arc<SqliteStore>) {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("limes.db");
    let config = Config {
        database: db_path.display().to_string().into(),
        ..Config::default()
    };
    let store = Arc::new(SqliteStore::open(&db_path).unwrap());
    let sync: Option<Arc<dyn SyncStore>> = role.map(|_| store.clone() as Arc<dyn SyncStore>);
    let srv = TestServer::start_on_with_sync(store.clone(), sync, config, dir, db_path).await;
    // The role after the test's users and BCP are made: a BCP node refuses organisation changes of its own (it
    // takes them from the centre).
    match role {
        Some(NodeRole::Bcp) => {
            store
                .set_sync_identity(NodeRole::Bcp, "UTO-AIR-1-x", Some("UTO-AIR-1"))
                .await
                .unwrap();
        }
        Some(r) => {
            store.set_sync_identity(r, "centre", None).await.unwrap();
        }
        None => {}
    }
    (srv, store)
}

fn heartbeat(node: &str, bcp: &str, versions: ListVersions, backlog: u64) -> Heartbeat {
    Heartbeat {
        link_problem: None,
        node: node.into(),
        bcp: bcp.into(),
        sent_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        backlog,
        versions,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centre_shows_its_nodes_and_raises_the_alarm_for_silent_and_behind_ones() {
    let (srv, store) = server(Some(NodeRole::Centre)).await;
    let now = srv.clock.now();
    let centre = store.list_versions().await.unwrap();
    let un = *centre.watchlists.get("un").expect("the UN list is seeded");
    assert!(un >= 1);
    let mut older = centre.clone();
    older.watchlists.insert("un".into(), un - 1);
    // In contact and up to date; silent for five minutes (same lists); in contact but a version behind.
    for (hb, ago) in [
        (heartbeat("LND-ok", "UTO-LND-N1", centre.clone(), 0), 5),
        (
            heartbeat("AIR-silent", "UTO-AIR-1", centre.clone(), 42),
            300,
        ),
        (heartbeat("SEA-behind", "UTO-SEA-1", older, 7), 2),
    ] {
        store
            .record_heartbeat(hb, now - chrono::Duration::seconds(ago))
            .await
            .unwrap();
    }

    // The JSON report, for supervisors and administrators.
    for role in [Role::Supervisor, Role::Administrator] {
        let res = srv.get_as(role, "/api/v1/sync/nodes").await;
        assert_eq!(res.status(), 200, "{role}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["silent_after_seconds"], 60);
        assert_eq!(v["centre"]["watchlists"]["un"], un);
        let nodes = v["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), 3);
        let by = |name: &str| {
            nodes
                .iter()
                .find(|n| n["node"] == name)
                .unwrap_or_else(|| panic!("{name} missing: {v}"))
        };
        assert_eq!(by("LND-ok")["silent"], false);
        assert_eq!(by("LND-ok")["behind"], false);
        assert_eq!(by("LND-ok")["seconds_since_contact"], 5);
        assert_eq!(by("AIR-silent")["silent"], true);
        assert_eq!(by("AIR-silent")["behind"], false);
        assert_eq!(by("AIR-silent")["backlog"], 42);
        assert_eq!(by("AIR-silent")["seconds_since_contact"], 300);
        assert_eq!(by("SEA-behind")["silent"], false);
        assert_eq!(by("SEA-behind")["behind"], true);
        let alarms: Vec<&str> = v["alarms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(alarms.len(), 2, "{alarms:?}");
        assert!(alarms
            .iter()
            .any(|a| a.contains("AIR-silent") && a.contains("silent for 300 s")));
        let behind = format!("watchlist:un ({} < {un})", un - 1);
        assert!(alarms
            .iter()
            .any(|a| a.contains("SEA-behind") && a.contains(&behind)));
    }
    // A longer silence limit: the quiet node is no longer silent.
    let (_, v) = srv
        .get_json(Role::Supervisor, "/api/v1/sync/nodes?silent_after=600")
        .await;
    assert_eq!(v["alarms"].as_array().unwrap().len(), 1, "{v}");
    // A nonsensical limit is named.
    let res = srv
        .get_as(Role::Supervisor, "/api/v1/sync/nodes?silent_after=0")
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("silent_after"));

    // The page, in a supervisor's session: the alarm banner names both nodes, the table shows all three.
    let c = srv.login(Role::Supervisor, None).await;
    let res = c.get(srv.url("/sync")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"href="/sync""#), "in the navigation");
    let banner = html
        .split(r#"id="sync-alarms""#)
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the alarm banner");
    assert!(banner.contains("2 alarms"), "{banner}");
    assert!(banner.contains("node AIR-silent (BCP UTO-AIR-1) silent for 300 s"));
    assert!(banner.contains("node SEA-behind (BCP UTO-SEA-1) behind"));
    assert!(!banner.contains("LND-ok"));
    let row = |node: &str| {
        html.split(&format!(r#"data-node="{node}""#))
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .unwrap_or_else(|| panic!("row of {node}"))
            .to_string()
    };
    assert!(row("LND-ok").contains("in contact"));
    assert!(row("AIR-silent").contains(">silent<"));
    assert!(row("AIR-silent").contains("<td>42</td>"), "backlog shown");
    assert!(row("SEA-behind").contains(">behind<"));
    assert!(row("SEA-behind").contains(&format!(
        r#"<li class="behind">watchlist un: {} / {un}</li>"#,
        un - 1
    )));
    assert!(html.contains(r#"<tr class="red" data-node="AIR-silent">"#));
    assert!(html.contains(r#"<tr class="green" data-node="LND-ok">"#));

    // Officers, analysts, auditors and liaison officers are refused, the page and the API alike.
    for role in [
        Role::FirstLineOfficer,
        Role::SecondLineOfficer,
        Role::Analyst,
        Role::LiaisonOfficer,
        Role::Auditor,
    ] {
        for path in ["/api/v1/sync/nodes", "/sync"] {
            let res = srv.get_as(role, path).await;
            assert_eq!(res.status(), 403, "{role} {path}");
        }
        let html = srv.get_as(role, "/history").await.text().await.unwrap();
        assert!(!html.contains(r#"href="/sync""#), "{role}: not in the nav");
    }
    // Anonymous: a login is wanted.
    let res = srv.get_anonymous("/api/v1/sync/nodes").await;
    assert_eq!(res.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_is_not_the_centre_says_so() {
    for (role, says) in [
        (None, "does not sync with BCP nodes"),
        (Some(NodeRole::Standalone), "sync role: standalone"),
        (Some(NodeRole::Bcp), "sync role: bcp"),
    ] {
        let (srv, _store) = server(role).await;
        let res = srv.get_as(Role::Supervisor, "/sync").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(r#"id="not-centre""#)
                && html.contains("this node is not the national centre"),
            "{role:?}: {html}"
        );
        assert!(html.contains(says), "{role:?}");
        assert!(!html.contains(r#"id="sync-alarms""#));
        let res = srv.get_as(Role::Administrator, "/api/v1/sync/nodes").await;
        assert_eq!(res.status(), 409, "{role:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(
            body.to_string().contains("not the national centre"),
            "{body}"
        );
    }
}

/// A syncing node whose NATS link has a problem says so in `/healthz`: degraded (still 200, it serves checks
/// offline) with the reason an operator can act on; without a problem it is "ok" and names none.
#[tokio::test]
async fn healthz_shows_the_sync_link_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("limes.db");
    let config = Config {
        database: db_path.display().to_string().into(),
        ..Config::default()
    };
    let store = Arc::new(SqliteStore::open(&db_path).unwrap());
    let problem = Arc::new(parking_lot::Mutex::new(Some(
        "NATS refused our credentials: check --nats-nkey".to_string(),
    )));
    let mut state = limes_server::build_state(
        store.clone(),
        config,
        Arc::new(limes_domain::SystemClock),
        [3u8; 32],
    )
    .await
    .unwrap();
    let shown = problem.clone();
    state.app = state
        .app
        .with_sync_link(Arc::new(move || shown.lock().clone()));
    // A supervisor with an API token, to open the nodes page.
    store
        .upsert_agency(
            &limes_domain::Agency {
                code: "UBP".into(),
                name: "Utopia Border Police".into(),
                kind: limes_domain::AgencyKind::BorderPolice,
            },
            limes_domain::AuditEvent::new(
                limes_domain::SystemClock.now(),
                "setup",
                "agency.upsert",
            ),
        )
        .await
        .unwrap();
    let supervisor = limes_app::users::add_user(
        &state,
        limes_app::Actor::Operator("setup"),
        limes_app::users::NewUserRequest {
            username: "sue".into(),
            display_name: "Sue".into(),
            role: Role::Supervisor,
            agency: "UBP".into(),
            bcps: vec![],
            password: "a-long-enough-password".into(),
        },
    )
    .await
    .unwrap();
    store
        .create_api_token(
            limes_store::NewApiToken {
                token_hash: limes_store::token_hash("token-sue"),
                user_id: supervisor.id,
                name: "test".into(),
                created_at: limes_domain::SystemClock.now(),
            },
            limes_domain::AuditEvent::new(
                limes_domain::SystemClock.now(),
                "setup",
                "api_token.create",
            ),
        )
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { limes_server::serve(state, listener).await });

    // The nodes page names the problem too.
    let html = reqwest::Client::new()
        .get(format!("{base}/sync"))
        .bearer_auth("token-sue")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let banner = html
        .split(r#"id="sync-link-problem""#)
        .nth(1)
        .expect("the link problem on the nodes page");
    assert!(
        banner.contains("NATS refused our credentials: check --nats-nkey"),
        "{html}"
    );

    let get = || async {
        let r = reqwest::get(format!("{base}/healthz")).await.unwrap();
        assert_eq!(r.status(), 200);
        r.json::<serde_json::Value>().await.unwrap()
    };
    let h = get().await;
    assert_eq!(h["status"], "degraded");
    assert_eq!(
        h["sync_problem"],
        "NATS refused our credentials: check --nats-nkey"
    );
    *problem.lock() = None;
    let h = get().await;
    assert_eq!(h["status"], "ok");
    assert!(h.get("sync_problem").is_none(), "{h}");
}
