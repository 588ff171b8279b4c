//! `limes audit verify --node CODE` at the centre: a BCP node's audit chain, received with its signed checkpoint,
//! verifies; the same chain altered in the centre's copy is reported and the command fails; an unknown node is
//! named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::{limes_command, text};
use limes_domain::audit_checkpoint::AuditCheckpoint;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::prelude::*;
use limes_store::sync::{NodeRole, SyncStore, UpRecord};
use limes_store_sqlite::SqliteStore;

fn verify_node(db: &std::path::Path, node: &str) -> std::process::Output {
    limes_command()
        .args(["audit", "verify", "--node", node, "--database"])
        .arg(db)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centre_verifies_a_nodes_chain_against_its_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let now = SystemClock.now();
    let node = SqliteStore::open(dir.path().join("node.db")).unwrap();
    node.set_sync_identity(NodeRole::Bcp, "AIR1-a", Some("AIR1"))
        .await
        .unwrap();
    for n in 0..4 {
        node.append_audit(AuditEvent::new(now, "ana", &format!("check.run.{n}")))
            .await
            .unwrap();
    }
    let key = limes_app::checkpoints::load_or_create_key(&dir.path().join("node-keys")).unwrap();
    let head = node.recent_audit(1).await.unwrap().remove(0);
    node.add_audit_checkpoint(AuditCheckpoint::sign(
        &key, "AIR1-a", head.seq, &head.hash, now, false,
    ))
    .await
    .unwrap();

    let centre_db = dir.path().join("centre.db");
    {
        let centre = SqliteStore::open(&centre_db).unwrap();
        centre
            .set_sync_identity(NodeRole::Centre, "centre", None)
            .await
            .unwrap();
        let records = node
            .outbox_pending(100)
            .await
            .unwrap()
            .into_iter()
            .map(|r| UpRecord {
                node: "AIR1-a".into(),
                bcp: "AIR1".into(),
                seq: r.seq,
                kind: r.kind,
                payload: r.payload,
            })
            .collect();
        centre.ingest_up(records, now).await.unwrap();
    }

    // By node id and by BCP code.
    for code in ["AIR1-a", "AIR1"] {
        let o = verify_node(&centre_db, code);
        assert!(o.status.success(), "{}", text(&o));
        assert!(
            text(&o).contains("node AIR1-a: audit chain as received intact"),
            "{}",
            text(&o)
        );
        assert!(
            text(&o).contains(&format!("up to entry {}", head.seq)),
            "{}",
            text(&o)
        );
    }

    // The centre's copy of entry 2 altered: the node's signed head no longer matches.
    rusqlite::Connection::open(&centre_db)
        .unwrap()
        .execute(
            "UPDATE sync_node_audit SET detail = 'nothing' WHERE node = 'AIR1-a' AND seq = 2",
            [],
        )
        .unwrap();
    let o = verify_node(&centre_db, "AIR1-a");
    assert!(!o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("node AIR1-a: audit log truncated, rewritten"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("entry 2"), "{}", text(&o));

    let o = verify_node(&centre_db, "SEA9");
    assert!(!o.status.success());
    assert!(text(&o).contains("no BCP node SEA9"), "{}", text(&o));
}
