//! The database and its WAL and SHM files are private to the service's user (0600), its new directory 0700,
//! whatever the umask; files left readable by an older version are narrowed at open.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
#![cfg(unix)]
use limes_store::prelude::*;
use std::os::unix::fs::PermissionsExt;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_files_are_created_private_and_narrowed_when_found_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("limes.db");
    {
        let store = limes_store_sqlite::SqliteStore::open(&db).unwrap();
        store
            .append_audit(limes_domain::AuditEvent::new(
                chrono::DateTime::UNIX_EPOCH,
                "t",
                "x",
            ))
            .await
            .unwrap();
        assert_eq!(mode(&data), 0o700, "the new data directory");
        for file in ["limes.db", "limes.db-wal", "limes.db-shm"] {
            assert_eq!(mode(&data.join(file)), 0o600, "{file}");
        }
    }
    // An older installation left them world-readable: opening narrows them.
    for file in ["limes.db", "limes.db-wal", "limes.db-shm"] {
        let path = data.join(file);
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let _store = limes_store_sqlite::SqliteStore::open(&db).unwrap();
    for file in ["limes.db", "limes.db-wal", "limes.db-shm"] {
        let path = data.join(file);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{file} after reopening");
        }
    }
}
