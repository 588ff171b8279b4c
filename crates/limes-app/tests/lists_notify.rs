//! A list change this process committed (a BCP node applying the centre's change) is screened at once: the
//! refresher wakes on `App::lists_changed` instead of waiting for its three-second poll.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use limes_app::{App, Config};
use limes_domain::{AuditEvent, Clock, SystemClock};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn national() -> limes_screen::WatchList {
    serde_json::from_value(serde_json::json!({"id": "national", "name": "National list", "source": "test",
        "published": null, "entries": [{"entry_id": "N1", "kind": "person",
        "names": [{"full": "IVAN PETROV", "quality": "strong"}], "birth_dates": [], "birth_places": [],
        "nationalities": [], "gender": null, "documents": [], "reason": "test", "listed_on": null,
        "program": null}]}))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committed_list_change_is_screened_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        Arc::new(limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap());
    let app = App::open(store.clone(), Config::default(), Arc::new(SystemClock))
        .await
        .unwrap();
    let stop = tokio_util::sync::CancellationToken::new();
    let refresher = tokio::spawn(limes_app::background::watchlist_refresher(
        app.clone(),
        stop.clone(),
    ));
    // Let the refresher start and pass its first tick.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let held = || app.screener.list_infos().iter().any(|l| l.id == "national");
    assert!(!held());

    limes_app::lists::save_watchlist(
        store.as_ref(),
        AuditEvent::new(SystemClock.now(), "sync:centre", "sync.apply"),
        &national(),
        "centre",
    )
    .await
    .unwrap();
    let start = Instant::now();
    app.lists_changed.notify_one();
    while !held() {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the change was not screened within 1 s (the poll is every 3 s)"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.cancel();
    refresher.await.unwrap();
}
