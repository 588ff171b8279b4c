//! Every door that imports a list checks its id: the command line's file import (`limes import watchlist
//! --id`) refuses a path as a list id before anything is stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use limes_app::lists::{import_watchlist_file, ListError};
use limes_domain::AuditEvent;
use limes_store::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_refuses_a_path_as_list_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap();
    let file = dir.path().join("national.csv");
    std::fs::write(&file, "entry_id,name\nN1,Ivan Petrov\n").unwrap();
    let audit = || AuditEvent::new(chrono::DateTime::UNIX_EPOCH, "cli", "watchlist.import");
    for id in ["../../etc", "a/b", "..", ""] {
        for format in [None, Some("limes-csv")] {
            let e = import_watchlist_file(&store, audit(), &file, Some(id), format)
                .await
                .unwrap_err();
            assert!(
                matches!(e, ListError::InvalidListId),
                "{id:?} {format:?}: {e}"
            );
        }
    }
    assert!(store.watchlist_metas().await.unwrap().is_empty());
    // A slug goes in.
    import_watchlist_file(&store, audit(), &file, Some("national"), None)
        .await
        .unwrap();
    assert_eq!(store.watchlist_metas().await.unwrap().len(), 1);
}
