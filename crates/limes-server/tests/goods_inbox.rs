//! The goods inbox: files brokers drop are lodged through the same intake as the API and moved to `done/` or
//! `rejected/` (with the reason naming the line or segment); a file still being written is left alone; a file
//! lodged before a crash kept it in the inbox is not lodged twice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_app::goods::inbox::{process_inbox, DONE, REJECTED};
use limes_server::config::Config;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../limes-customs/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Drop `bytes` as `name`, written two seconds ago (settled).
fn drop_settled(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(2))
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_files_are_lodged_once_and_moved_with_their_reason() {
    let mut config = Config::default();
    config.goods.routing.customs = "UCA".into();
    let srv = TestServer::start_with(config).await;
    let inbox = tempfile::tempdir().unwrap();
    let dir = inbox.path();

    let good = fixture("hmrc-customs-declarations_TT_IM001d.xml");
    drop_settled(dir, "a-import.xml", &good);
    drop_settled(
        dir,
        "b-broken.xml",
        &fixture("hmrc-customs-declarations_TT_IM084a_NOT_WELL_FORMED.xml"),
    );
    drop_settled(
        dir,
        "c-cargo.edi",
        &fixture("indice-EDI.Net_edifact.D95B.CUSCAR.EDI"),
    );
    // Still being written: a `.part` file, and one changed just now.
    drop_settled(dir, "d-later.xml.part", &good);
    std::fs::write(dir.join("e-fresh.xml"), &good).unwrap();

    let taken = process_inbox(&srv.state, dir).await.unwrap();
    let names: Vec<(&str, bool)> = taken
        .iter()
        .map(|t| (t.file.as_str(), t.accepted))
        .collect();
    assert_eq!(
        names,
        [
            ("a-import.xml", true),
            ("b-broken.xml", false),
            ("c-cargo.edi", true)
        ]
    );
    assert!(dir.join(DONE).join("a-import.xml").exists());
    assert!(dir.join(DONE).join("a-import.xml.report.json").exists());
    assert!(dir.join(DONE).join("c-cargo.edi").exists());
    let reason =
        std::fs::read_to_string(dir.join(REJECTED).join("b-broken.xml.reason.txt")).unwrap();
    assert!(reason.contains("line 157"), "{reason}");
    assert!(dir.join(REJECTED).join("b-broken.xml").exists());
    assert!(dir.join("d-later.xml.part").exists());
    assert!(dir.join("e-fresh.xml").exists());
    let lodged = srv
        .state
        .store
        .declarations(&limes_store::DeclarationFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        lodged.len(),
        3,
        "one from the XML, two consignments from the CUSCAR"
    );
    assert!(lodged.iter().all(|d| d.channel == "inbox"));

    // A crash after lodging, before the move: the same file again is answered from its first lodging.
    drop_settled(dir, "a-import-again.xml", &good);
    let taken = process_inbox(&srv.state, dir).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert!(taken[0].accepted);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(DONE).join("a-import-again.xml.report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        report["declarations"][0]["id"],
        lodged
            .iter()
            .find(|d| d.reference == "TT_IM01d_v1.6_230322_1")
            .unwrap()
            .id
            .as_str(),
        "{report}"
    );
    let after = srv
        .state
        .store
        .declarations(&limes_store::DeclarationFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(after.len(), 3, "nothing lodged twice");

    // The sender renames its `.part` file when done: taken at the next round once settled.
    std::fs::rename(dir.join("d-later.xml.part"), dir.join("d-later.xml")).unwrap();
    let file = std::fs::File::options()
        .write(true)
        .open(dir.join("d-later.xml"))
        .unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(2))
        .unwrap();
    let taken = process_inbox(&srv.state, dir).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].file, "d-later.xml");
}
