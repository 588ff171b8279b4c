//! Two stores open on one database file, as a running server and a command (`limes user add`, `limes sync enrol`)
//! are: each extends the one audit chain where the other left it, and the chain still verifies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_store::prelude::*;

fn event(action: &str) -> limes_domain::AuditEvent {
    limes_domain::AuditEvent::new(
        chrono::DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .unwrap()
            .into(),
        "test",
        action,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_writer_on_the_same_file_extends_the_chain_the_first_sees() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("limes.db");
    let server = limes_store_sqlite::SqliteStore::open(&db).unwrap();
    assert_eq!(server.append_audit(event("a.1")).await.unwrap(), 1);
    let command = limes_store_sqlite::SqliteStore::open(&db).unwrap();
    assert_eq!(command.append_audit(event("b.1")).await.unwrap(), 2);
    assert_eq!(command.append_audit(event("b.2")).await.unwrap(), 3);
    // The server's writer started before the command wrote: it must not reuse seq 2.
    assert_eq!(server.append_audit(event("a.2")).await.unwrap(), 4);
    assert_eq!(command.append_audit(event("b.3")).await.unwrap(), 5);
    let verified = limes_store::verify_audit_chain(&server)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verified, 5);
}
