//! The federation's NATS configuration as an operator makes it: `limes sync config --hub` and `--bcp CODE` write
//! the files, real nats-server processes start with them unchanged, the centre logs in with the generated
//! password and a BCP node with the generated key through its leaf node, and the node's record reaches the
//! centre's stream. `limes sync status` on a database that is not the centre's says so and fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, run_ok, text};
use limes_domain::{AuditEvent, Bcp, BcpKind, Clock, SystemClock};
use limes_store::prelude::*;
use limes_sync::access::{connect_with, LinkHealth, NatsAccess};
use limes_testkit::nats::{free_port, require_nats_server, NatsServer};
use std::time::{Duration, Instant};

#[test]
fn sync_status_refuses_a_database_that_is_not_the_centre() {
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let out = limes_command()
        .args(["sync", "status", "--database"])
        .arg(dir.path().join("limes.db"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("not the national centre"),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn generated_configuration_runs_and_carries_a_bcp_record() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let db = dir.path().join("centre.db");
    {
        // The centre knows the BCP (the hub's configuration lists the BCPs of the centre's database).
        let store = limes_store_sqlite::SqliteStore::open(&db).unwrap();
        let ev = |a: &str| AuditEvent::new(SystemClock.now(), "setup", a);
        store
            .upsert_bcp(
                &Bcp {
                    code: "LAND1".into(),
                    name: "Land 1".into(),
                    kind: BcpKind::Land,
                    border_section: "north".into(),
                    neighbour: None,
                    agency: "UBP".into(),
                    latitude: None,
                    longitude: None,
                    active: true,
                },
                ev("bcp.upsert"),
            )
            .await
            .unwrap();
    }
    let (port, leaf_port, leaf_client) = (
        free_port().unwrap(),
        free_port().unwrap(),
        free_port().unwrap(),
    );
    let secret = dir.path().join("federation.key");
    let hub_dir = dir.path().join("hub");
    let leaf_dir = dir.path().join("leaf");
    run_ok(
        limes_command()
            .args(["sync", "config", "--hub", "--database"])
            .arg(&db)
            .arg("--secret")
            .arg(&secret)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--leaf-listen", &format!("127.0.0.1:{leaf_port}")])
            .arg("--store-dir")
            .arg(hub_dir.join("jetstream"))
            .arg("--out")
            .arg(&hub_dir),
        "",
    );
    run_ok(
        limes_command()
            .args(["sync", "config", "--bcp", "LAND1", "--database"])
            .arg(&db)
            .arg("--secret")
            .arg(&secret)
            .args(["--listen", &format!("127.0.0.1:{leaf_client}")])
            .args(["--leaf-listen", &format!("127.0.0.1:{leaf_port}")])
            .arg("--out")
            .arg(&leaf_dir),
        "",
    );
    let hub_conf = std::fs::read_to_string(hub_dir.join("hub.conf")).unwrap();
    assert!(hub_conf.contains("leaf-LAND1"), "{hub_conf}");
    let seed = std::fs::read_to_string(leaf_dir.join("node.nk")).unwrap();
    assert!(seed.starts_with("SU"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(leaf_dir.join("node.nk"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the node's key is readable by others");
    }
    let _hub = NatsServer::start(&bin, &hub_dir, "hub", hub_conf, port, Some(leaf_port)).unwrap();
    let leaf_conf = std::fs::read_to_string(leaf_dir.join("leaf.conf")).unwrap();
    let _leaf = NatsServer::start(&bin, &leaf_dir, "leaf", leaf_conf, leaf_client, None).unwrap();

    let centre = NatsAccess {
        user: Some("centre".into()),
        password: Some(std::fs::read_to_string(hub_dir.join("centre.password")).unwrap()),
        ..Default::default()
    };
    let centre = connect_with(
        &format!("nats://127.0.0.1:{port}"),
        "centre",
        &centre,
        &LinkHealth::default(),
    )
    .await
    .unwrap();
    let centre = limes_sync::jetstream(centre);
    limes_sync::ensure_streams(&centre).await.unwrap();

    let node = NatsAccess {
        nkey_seed_file: Some(leaf_dir.join("node.nk")),
        inbox_prefix: Some(limes_sync::accounts::inbox_prefix("LAND1")),
        ..Default::default()
    };
    let health = LinkHealth::default();
    let node = connect_with(
        &format!("nats://127.0.0.1:{leaf_client}"),
        "LAND1",
        &node,
        &health,
    )
    .await
    .unwrap();
    let node = limes_sync::jetstream(node);
    let start = Instant::now();
    loop {
        let sent = async {
            node.publish(limes_sync::up_subject("LAND1", "crossing"), "{}".into())
                .await?
                .await
        };
        match sent.await {
            Ok(_) => break,
            Err(e) => {
                assert!(
                    start.elapsed() < Duration::from_secs(15),
                    "the node's record was not accepted: {e}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    let messages = centre
        .get_stream(limes_sync::UP_STREAM)
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages;
    assert_eq!(messages, 1);
    assert_eq!(health.problem(), None);
}

/// A stand-alone installation adds and lists its BCPs; `limes user list` shows the id other commands take; a
/// BCP node started with a BCP its database does not know says what to do instead of failing every check.
#[test]
fn bcps_are_added_from_the_command_line_and_an_unknown_bcp_is_named_at_start() {
    let dir = tempfile::tempdir().unwrap();
    // `limes serve` refuses a data directory others can read.
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let db = dir.path().join("limes.db");
    let db = db.to_str().unwrap();
    run_ok(
        limes_command().args([
            "init",
            "--database",
            db,
            "--agency-code",
            "UBP",
            "--password-stdin",
        ]),
        "a-long-enough-password\n",
    );
    let out = run_ok(limes_command().args(["user", "list", "--database", db]), "");
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let id = line.trim_end().rsplit('\t').next().unwrap().to_string();
    assert!(line.starts_with("admin\t") && id.len() >= 8, "{line}");

    // At start, a BCP node whose database lacks its BCP is stopped with the way out.
    let out = limes_command()
        .args([
            "serve",
            "--database",
            db,
            "--role",
            "bcp",
            "--bcp",
            "LAND1",
            "--nats",
            "nats://127.0.0.1:1",
            "--listen",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("does not know BCP 'LAND1'") && text(&out).contains("limes bcp add"),
        "{}",
        text(&out)
    );

    run_ok(
        limes_command().args([
            "bcp",
            "add",
            "--database",
            db,
            "--code",
            "land1",
            "--name",
            "Land 1",
            "--kind",
            "land",
            "--agency",
            "UBP",
        ]),
        "",
    );
    let out = run_ok(limes_command().args(["bcp", "list", "--database", db]), "");
    let bcps: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(bcps[0]["code"], "LAND1");
    assert_eq!(bcps[0]["kind"], "land");
    let out = limes_command()
        .args([
            "bcp",
            "add",
            "--database",
            db,
            "--code",
            "SEA1",
            "--name",
            "Sea 1",
            "--kind",
            "sea",
            "--agency",
            "NOPE",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success(), "an unknown agency was accepted");
}
