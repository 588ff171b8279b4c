//! The audit chain's anchor outside the database: the key file, the checkpoint file, the periodic and final
//! checkpoint of the background loop, verification that survives the database's checkpoints being deleted, the
//! retention cut, and reads of the audit trail audited.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use chrono::{Duration, TimeZone, Utc};
use limes_app::checkpoints::{self, CHECKPOINT_FILE, KEY_FILE};
use limes_app::{Actor, App, Config};
use limes_domain::{AuditEvent, FixedClock};
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

async fn app_in(dir: &tempfile::TempDir, clock: Arc<FixedClock>) -> App {
    let db = dir.path().join("limes.db");
    let store = Arc::new(limes_store_sqlite::SqliteStore::open(&db).unwrap());
    let config = Config {
        database: db.to_string_lossy().to_string().into(),
        audit_retention_days: Some(30),
        ..Config::default()
    };
    App::open(store, config, clock).await.unwrap()
}

fn sql(dir: &tempfile::TempDir, statement: &str) {
    rusqlite::Connection::open(dir.path().join("limes.db"))
        .unwrap()
        .execute_batch(statement)
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkpoints_are_signed_outside_the_database_and_catch_a_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(t0));
    let app = app_in(&dir, clock.clone()).await;
    for n in 0..5 {
        app.store
            .append_audit(AuditEvent::new(t0, "ana", &format!("check.run.{n}")))
            .await
            .unwrap();
    }
    // The background loop creates the key (0600) and signs at start; cancelled, it signs once more.
    let stop = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(limes_app::background::audit_checkpointer(
        app.clone(),
        stop.clone(),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mode(&dir.path().join(KEY_FILE)), 0o600);
    assert_eq!(mode(&dir.path().join(CHECKPOINT_FILE)), 0o600);
    assert_eq!(app.store.audit_checkpoints(10).await.unwrap()[0].seq, 5);
    app.store
        .append_audit(AuditEvent::new(t0, "ana", "check.run.5"))
        .await
        .unwrap();
    stop.cancel();
    task.await.unwrap();
    let (in_file, unreadable) = checkpoints::read_checkpoint_file(dir.path()).unwrap();
    assert!(unreadable.is_empty());
    assert_eq!(
        in_file.iter().map(|c| c.seq).collect::<Vec<_>>(),
        [5, 6],
        "at start and at shutdown"
    );

    // Nothing new: no new checkpoint.
    let key = checkpoints::load_key(dir.path()).unwrap().unwrap();
    assert!(checkpoints::write_checkpoint(&app, &key)
        .await
        .unwrap()
        .is_none());
    let report = checkpoints::verify(&app).await.unwrap();
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.anchored_through, Some(6));

    // An intruder deletes the last rows and every checkpoint in the database: the file still anchors.
    sql(
        &dir,
        "DELETE FROM audit_log WHERE seq >= 5; DELETE FROM audit_checkpoints;",
    );
    let report = checkpoints::verify(&app).await.unwrap();
    assert!(!report.intact());
    assert!(report.problems[0].contains("entries 5..6"), "{report:?}");

    // A key file others can read is refused.
    std::fs::set_permissions(
        dir.path().join(KEY_FILE),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    assert!(checkpoints::load_key(dir.path()).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_cuts_old_entries_at_a_signed_checkpoint_and_the_rest_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(t0));
    let app = app_in(&dir, clock.clone()).await;
    let key = checkpoints::load_or_create_key(dir.path()).unwrap();
    for day in [0, 10, 40, 50] {
        app.store
            .append_audit(AuditEvent::new(
                t0 + Duration::days(day),
                "ana",
                "check.run",
            ))
            .await
            .unwrap();
    }
    // At day 61, the 30-day limit is day 31: the entries of days 0 and 10 go.
    clock.set(t0 + Duration::days(61));
    assert_eq!(checkpoints::apply_retention(&app, &key).await.unwrap(), 2);
    let left = app.store.audit_entries(1, 100).await.unwrap();
    assert_eq!(left.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(left[2].event.action, "audit.retention");
    checkpoints::write_checkpoint(&app, &key).await.unwrap();
    let report = checkpoints::verify(&app).await.unwrap();
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.starts_after_cut, Some(2));
    assert_eq!(report.anchored_through, Some(5));
    // Nothing older left: nothing more to cut.
    assert_eq!(checkpoints::apply_retention(&app, &key).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_searching_exporting_and_verifying_the_audit_trail_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let app = app_in(&dir, Arc::new(FixedClock::new(t0))).await;
    let auditor = Actor::Operator("cli:auditor");
    limes_app::audit::entries(&app, auditor, None, None, Some("case 42"))
        .await
        .unwrap();
    let found = limes_app::audit::search(&app, auditor, Default::default(), None)
        .await
        .unwrap();
    assert_eq!(
        found[0].event.action, "audit.read",
        "the read before is listed"
    );
    let csv = limes_app::audit::export_csv(&app, auditor, Default::default(), Some("court order"))
        .await
        .unwrap();
    assert!(csv.starts_with("seq,at,actor"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        3,
        "header and the two reads before: {csv}"
    );
    limes_app::audit::verify(&app, auditor, None).await.unwrap();
    let log = app.store.audit_entries(1, 100).await.unwrap();
    let seen: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.purpose.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("audit.read", Some("case 42")),
            ("audit.read", Some("audit review")),
            ("audit.export", Some("court order")),
            ("audit.read", Some("audit review")),
        ]
    );
    assert!(log.iter().all(|e| e.event.actor == "cli:auditor"));
}
