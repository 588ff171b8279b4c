//! The shared storage stories (`limes-testkit`) and the PostgreSQL-specific guarantees (two processes on one
//! database, text PostgreSQL refuses, URLs), each test on a fresh database of a real
//! server (see `limes_testkit::postgres`: a private cluster, or LIMES_TEST_POSTGRES_URL).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_domain::{AuditEvent, DocumentAlert};
use limes_store::prelude::*;
use limes_store::StoreError;
use limes_store_postgres::PgStore;
use limes_testkit::postgres::database_for_test;
use limes_testkit::write_story::alert;
use std::sync::Arc;

macro_rules! database {
    ($name:expr) => {
        match database_for_test($name).await.unwrap() {
            Some(db) => db,
            None => return,
        }
    };
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(chrono::DateTime::UNIX_EPOCH, "tester", action)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backend_passes_the_store_story() {
    let db = database!("postgres_backend_passes_the_store_story");
    let store = PgStore::open(db.url()).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    limes_testkit::story::run_all(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_and_chain_survive_reopening_and_migrations_run_once() {
    let db = database!("data_and_chain_survive_reopening_and_migrations_run_once");
    {
        let store = PgStore::open(db.url()).await.unwrap();
        limes_testkit::story::organisation_story(&store).await;
        assert_eq!(store.schema_version().await.unwrap(), 25);
    }
    // Two processes opening at once: the second waits for the first's migration and finds nothing to do.
    let (a, b) = tokio::join!(PgStore::open(db.url()), PgStore::open(db.url()));
    let (store, _other) = (a.unwrap(), b.unwrap());
    assert_eq!(store.bcps().await.unwrap().len(), 1);
    store.append_audit(ev("x")).await.unwrap();
    assert_eq!(
        limes_store::verify_audit_chain(&store)
            .await
            .unwrap()
            .unwrap(),
        4,
        "three entries before the reopening, one after"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_in_two_stores_never_fork_the_chain() {
    let db = database!("concurrent_writers_in_two_stores_never_fork_the_chain");
    // Two stores on one database stand for two server processes: each has its own writer and pool.
    let a = Arc::new(PgStore::open(db.url()).await.unwrap());
    let b = Arc::new(PgStore::open(db.url()).await.unwrap());
    let mut tasks = Vec::new();
    for i in 0..400 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            store.append_audit(ev(&format!("append.{i}"))).await
        }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap().unwrap());
    }
    seqs.sort();
    assert_eq!(
        seqs,
        (1..=400).collect::<Vec<i64>>(),
        "every append got its own place"
    );
    assert_eq!(
        limes_store::verify_audit_chain(a.as_ref())
            .await
            .unwrap()
            .unwrap(),
        400
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_import_leaves_the_register_and_the_chain_as_they_were() {
    let db = database!("a_failing_import_leaves_the_register_and_the_chain_as_they_were");
    let store = PgStore::open(db.url()).await.unwrap();
    store
        .import_document_alerts((0..1000).map(alert).collect(), true, ev("documents.import"))
        .await
        .unwrap();
    // A value PostgreSQL refuses (a NUL byte in text) in the last record: nothing of the import may remain.
    let mut bad: Vec<DocumentAlert> = (1000..3000).map(alert).collect();
    if let Some(last) = bad.last_mut() {
        last.reason = "bad\0byte".into();
    }
    let err = store
        .import_document_alerts(bad, true, ev("documents.import"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");
    assert_eq!(store.document_alert_count().await.unwrap(), 1000);
    assert_eq!(
        store
            .find_document_alerts(Some("UTO"), "D00000999")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        limes_store::verify_audit_chain(&store)
            .await
            .unwrap()
            .unwrap(),
        1,
        "only the successful import is audited"
    );
    // The writer goes on after the failed import.
    assert_eq!(store.append_audit(ev("after")).await.unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_job_in_a_group_does_not_undo_the_others() {
    let db = database!("one_failing_job_in_a_group_does_not_undo_the_others");
    let store = Arc::new(PgStore::open(db.url()).await.unwrap());
    limes_testkit::write_story::failing_job_in_a_group_story(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_url_is_named() {
    let err = PgStore::open("postgres://limes:secret@127.0.0.1:notaport/x")
        .await
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(text.contains("database URL"), "{text}");
    assert!(
        !text.contains("secret"),
        "the password is not shown: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_check_record_leaves_no_audit_entry_and_the_next_goes_through() {
    let db = database!("a_refused_check_record_leaves_no_audit_entry_and_the_next_goes_through");
    let store = Arc::new(PgStore::open(db.url()).await.unwrap());
    let check = |surname: &str| limes_store::NewCrossing {
        bcp: "UTO-N1".into(),
        direction: limes_domain::Direction::Entry,
        at: chrono::DateTime::UNIX_EPOCH,
        officer: "ana".into(),
        document: limes_store::TravelDocument {
            document_code: "P".into(),
            document_number: "L898902C3".into(),
            issuing_state: "UTO".into(),
            surname: surname.into(),
            ..Default::default()
        },
        input_method: "mrz".into(),
        recommendation: limes_domain::RecommendationLevel::Clear,
        reasons: vec![],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    };
    // The crossing and its audit entry are sent together; the database refuses the crossing (a NUL byte), so
    // neither stays, while the checks around it, in the same write groups, are kept.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        let c = check(if i % 10 == 3 { "BAD\0NAME" } else { "ERIKSSON" });
        tasks.push(tokio::spawn(async move {
            store.record_check(c, ev("check.run")).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Backend(_)) => {}
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert_eq!(ok, 36);
    let history = store
        .traveller_history(&check("ERIKSSON").document.document_key(), "-", 100)
        .await
        .unwrap();
    assert_eq!((history.total, history.recent.len()), (36, 36));
    assert_eq!(
        limes_store::verify_audit_chain(store.as_ref())
            .await
            .unwrap()
            .unwrap(),
        36
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_go_on_while_the_register_is_replaced() {
    let db = database!("lookups_go_on_while_the_register_is_replaced");
    let store = Arc::new(PgStore::open(db.url()).await.unwrap());
    limes_testkit::write_story::register_replacement_story(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auditor_searches_by_time_actor_action_and_subject_page_by_page() {
    let db = database!("the_auditor_searches_by_time_actor_action_and_subject_page_by_page");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::audit_story::audit_search_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_tampering_is_reported_against_the_signed_checkpoints() {
    let db = database!("audit_tampering_is_reported_against_the_signed_checkpoints");
    let store = PgStore::open(db.url()).await.unwrap();
    let url = db.url().to_string();
    limes_testkit::audit_story::audit_tampering_story(&store, |sql| {
        let url = url.clone();
        async move {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let driver = tokio::spawn(connection);
            client.batch_execute(&sql).await.unwrap();
            drop(client);
            driver.await.unwrap().unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goods_declarations_are_lodged_once_versioned_and_inspected() {
    let db = database!("goods_declarations_are_lodged_once_versioned_and_inspected");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::goods_story::goods_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incidents_and_patrols_are_found_by_box_and_time() {
    let db = database!("incidents_and_patrols_are_found_by_box_and_time");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::surveillance_story::surveillance_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seizures_are_recorded_listed_and_photographed() {
    let db = database!("seizures_are_recorded_listed_and_photographed");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::seizures_story::seizures_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staged_register_replacement_is_swapped_in_atomically_for_a_reader() {
    let db = database!("a_staged_register_replacement_is_swapped_in_atomically_for_a_reader");
    let store = Arc::new(PgStore::open(db.url()).await.unwrap());
    limes_testkit::registers_story::swap_is_atomic_story(store).await;
}
