//! A brand-new BCP node enrolled as an operator does it (issue 13), with real nats-server processes on
//! 127.0.0.1: the centre's hub from `limes sync config --hub`, the leaf node and the node's key from
//! `limes sync enrol --bcp LAND1`, the centre and the node as `limes serve` processes. The node starts from an
//! empty data directory with `--enrol TOKEN`, takes the organisation from the centre, and an officer made at the
//! centre signs in and checks a traveller there; deactivated at the centre, the officer is refused at the node
//! once the change has arrived. The token, used once, is refused the second time with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_ok, text, user_add, INIT_ARGS, INIT_PASSWORD};
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::prelude::*;
use limes_store::NewApiToken;
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

const PASSWORD: &str = "a-long-enough-password";

/// A `limes serve` process, killed on drop.
struct Limes(Child);

impl Drop for Limes {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn private_dir(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
}

fn serve(cwd: &Path, args: &[&str], port: u16, env: &[(&str, String)]) -> Limes {
    let log_path = cwd.join("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut cmd = limes_command();
    cmd.arg("serve")
        .args(args)
        .args([
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--heartbeat-secs",
            "1",
        ])
        .current_dir(cwd)
        .env("LIMES_LOG", "info")
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = Limes(cmd.spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        let ended = child.0.try_wait().unwrap();
        if ended.is_some() || Instant::now() > deadline {
            panic!(
                "limes serve {args:?} did not listen on {port} ({ended:?}):\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The status of a sign-in at the node (303: signed in).
async fn sign_in(port: u16, username: &str) -> u16 {
    browser()
        .post(format!("http://127.0.0.1:{port}/login"))
        .form(&[
            ("username", username),
            ("password", PASSWORD),
            ("bcp", "LAND1"),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The status of a check at the node with the API token.
async fn check(port: u16, token: &str, number: &str) -> (u16, String) {
    let body = serde_json::json!({
        "bcp": "LAND1",
        "direction": "entry",
        "document": {
            "document_code": "P", "issuing_state": "UTO", "document_number": number,
            "surname": "NILSSON", "given_names": "KARL", "nationality": "UTO",
            "birth_date": "1980-01-02", "sex": "M", "expiry_date": "2031-01-01"
        }
    });
    let res = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/checks"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_node_enrols_and_checks_with_an_officer_made_at_the_centre() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    private_dir(d);
    let (centre_dir, node_dir, hub_dir, leaf_dir) = (
        d.join("centre"),
        d.join("node"),
        d.join("hub"),
        d.join("leaf"),
    );
    for p in [&centre_dir, &node_dir] {
        private_dir(p);
    }
    let centre_db = centre_dir.join("limes.db");
    let db = centre_db.to_str().unwrap();
    let at_centre = |args: &[&str], stdin: &str| {
        run_ok(
            limes_command()
                .args(args)
                .args(["--database", db])
                .current_dir(&centre_dir),
            stdin,
        )
    };
    // The centre: its administrator, the BCP and an officer of it.
    at_centre(&INIT_ARGS, INIT_PASSWORD);
    at_centre(
        &[
            "bcp", "add", "--code", "LAND1", "--name", "Land 1", "--kind", "land", "--agency",
            "UBP",
        ],
        "",
    );
    let mut officer_add = user_add("ana", "first_line_officer", "UBP").to_vec();
    officer_add.extend(["--bcp", "LAND1"]);
    at_centre(&officer_add, &format!("{PASSWORD}\n"));

    // The hub as generated, and the centre on it.
    let (hub_port, leaf_port, leaf_client) = (
        free_port().unwrap(),
        free_port().unwrap(),
        free_port().unwrap(),
    );
    let secret = d.join("federation.key");
    let secret_arg = secret.to_str().unwrap();
    let store_dir = hub_dir.join("jetstream");
    at_centre(
        &[
            "sync",
            "config",
            "--hub",
            "--secret",
            secret_arg,
            "--listen",
            &format!("127.0.0.1:{hub_port}"),
            "--leaf-listen",
            &format!("127.0.0.1:{leaf_port}"),
            "--store-dir",
            store_dir.to_str().unwrap(),
            "--out",
            hub_dir.to_str().unwrap(),
        ],
        "",
    );
    let hub_conf = std::fs::read_to_string(hub_dir.join("hub.conf")).unwrap();
    let _hub =
        NatsServer::start(&bin, &hub_dir, "hub", hub_conf, hub_port, Some(leaf_port)).unwrap();
    let centre_password = std::fs::read_to_string(hub_dir.join("centre.password")).unwrap();
    let centre_port = free_port().unwrap();
    let hub_url = format!("nats://127.0.0.1:{hub_port}");
    let centre_args = [
        "--role",
        "centre",
        "--database",
        db,
        "--nats",
        &hub_url,
        "--nats-user",
        "centre",
    ];
    let centre_env = [("LIMES_NATS_PASSWORD", centre_password.trim().to_string())];
    // The embedded database takes one writing process: the centre is stopped while the operator's commands
    // (and this test, standing in for the admin pages) change it, and started again.
    let start_centre = || serve(&centre_dir, &centre_args, centre_port, &centre_env);
    // Its first start makes the database the centre's.
    drop(start_centre());

    // The enrolment, as the operator makes it at the centre: the token and the leaf's files.
    at_centre(
        &[
            "sync",
            "enrol",
            "--bcp",
            "LAND1",
            "--secret",
            secret_arg,
            "--listen",
            &format!("127.0.0.1:{leaf_client}"),
            "--leaf-listen",
            &format!("127.0.0.1:{leaf_port}"),
            "--out",
            leaf_dir.to_str().unwrap(),
        ],
        "",
    );
    let token = std::fs::read_to_string(leaf_dir.join("enrol.token")).unwrap();
    let token = token.trim().to_string();
    assert!(token.starts_with("limes-enrol.LAND1."), "{token}");
    // The centre keeps only its hash.
    let kept: String = rusqlite::Connection::open(&centre_db)
        .unwrap()
        .query_row("SELECT token_hash FROM sync_enrolments", [], |r| r.get(0))
        .unwrap();
    assert!(!token.contains(&kept));
    let leaf_conf = std::fs::read_to_string(leaf_dir.join("leaf.conf")).unwrap();
    let _leaf = NatsServer::start(&bin, &leaf_dir, "leaf", leaf_conf, leaf_client, None).unwrap();

    // An API token of the officer, made at the centre (through its store, as the admin pages do).
    let centre_store = limes_store_sqlite::SqliteStore::open(&centre_db).unwrap();
    let ana = centre_store
        .user_credentials("ana")
        .await
        .unwrap()
        .unwrap()
        .0;
    let api_token = "enrolment-test-token-0123456789abcdef";
    centre_store
        .create_api_token(
            NewApiToken {
                token_hash: limes_store::token_hash(api_token),
                user_id: ana.id.clone(),
                name: "ana's scanner".into(),
                created_at: SystemClock.now(),
            },
            AuditEvent::new(SystemClock.now(), "test", "api_token.create"),
        )
        .await
        .unwrap();
    drop(centre_store);

    let centre = start_centre();

    // The new node: an empty data directory, the token, the leaf and the node's key. It serves once the
    // organisation has arrived.
    let node_port = free_port().unwrap();
    let leaf_url = format!("nats://127.0.0.1:{leaf_client}");
    let node_db = node_dir.join("limes.db");
    let nkey = leaf_dir.join("node.nk");
    let node_args = [
        "--enrol",
        &token,
        "--database",
        node_db.to_str().unwrap(),
        "--nats",
        &leaf_url,
        "--nats-nkey",
        nkey.to_str().unwrap(),
    ];
    let _node = serve(&node_dir, &node_args, node_port, &[]);
    assert_eq!(
        sign_in(node_port, "ana").await,
        303,
        "the officer cannot sign in at the node"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = check(node_port, api_token, "K0000001").await;
        if status == 200 || status == 201 {
            assert!(body.contains("crossing_id"), "{body}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no check at the node: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // `limes sync status` at the node: its own link (from its /healthz), what waits to go up, the lists it holds.
    let out = run_ok(
        limes_command()
            .args(["sync", "status", "--database", node_db.to_str().unwrap()])
            .args(["--server", &format!("http://127.0.0.1:{node_port}")])
            .current_dir(&node_dir),
        "",
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (status["role"].as_str(), status["bcp"].as_str()),
        (Some("bcp"), Some("LAND1")),
        "{status}"
    );
    assert!(status["link_problem"].is_null(), "{status}");
    assert!(
        status["versions"]["records"]["user"].as_i64() > Some(0),
        "{status}"
    );

    // Deactivated at the centre: refused at the node once the change has arrived.
    drop(centre);
    let centre_store = limes_store_sqlite::SqliteStore::open(&centre_db).unwrap();
    centre_store
        .set_user_active(
            &ana.id,
            false,
            AuditEvent::new(SystemClock.now(), "test", "user.deactivate"),
        )
        .await
        .unwrap();
    drop(centre_store);
    let _centre = start_centre();
    // At the centre, the node with its link (once its heartbeat is in): no problem while it is in contact.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        let out = run_ok(
            limes_command()
                .args(["sync", "status", "--database", db])
                .args(["--server", &format!("http://127.0.0.1:{centre_port}")])
                .current_dir(&centre_dir),
            "",
        );
        let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        if status["nodes"][0]["node"] == "LAND1" || Instant::now() > deadline {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(status["link_problem"].is_null(), "{status}");
    assert_eq!(status["nodes"][0]["node"], "LAND1", "{status}");
    assert!(status["nodes"][0]["link_problem"].is_null(), "{status}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while sign_in(node_port, "ana").await == 303 {
        assert!(
            Instant::now() < deadline,
            "the deactivated officer still signs in at the node"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    loop {
        let (status, body) = check(node_port, api_token, "K0000002").await;
        if status == 401 || status == 403 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the deactivated officer's token still works: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // The token was used: a second node that presents it is refused, saying so.
    let second = d.join("second");
    private_dir(&second);
    let second_db = second.join("limes.db");
    let out = limes_command()
        .args([
            "serve",
            "--enrol",
            &token,
            "--database",
            second_db.to_str().unwrap(),
        ])
        .args(["--nats", &leaf_url, "--nats-nkey", nkey.to_str().unwrap()])
        .args(["--listen", &format!("127.0.0.1:{}", free_port().unwrap())])
        .current_dir(&second)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("used already"), "{}", text(&out));
}
