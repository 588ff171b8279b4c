//! Advance passenger information on PostgreSQL: the shared stories beyond `limes_testkit::story::api_story`
//! (`limes_testkit::pax_story`), and what only this backend shows: a resend racing through two processes, and
//! text PostgreSQL cannot store. Each test on a fresh database (see `limes_testkit::postgres`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_store::*;
use limes_store_postgres::PgStore;
use limes_testkit::pax_story::{ev, flight, intake};
use limes_testkit::postgres::database_for_test;
use std::sync::Arc;

macro_rules! database {
    ($name:expr) => {
        match database_for_test($name).await.unwrap() {
            Some(db) => db,
            None => return,
        }
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_manifest_round_trips_and_its_update_carries_the_reviews_over() {
    let db = database!("a_full_manifest_round_trips_and_its_update_carries_the_reviews_over");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::pax_story::full_manifest_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sea_voyage_keeps_its_vessel_on_every_leg() {
    let db = database!("a_sea_voyage_keeps_its_vessel_on_every_leg");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::pax_story::sea_voyage_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_intake_leaves_nothing_behind_and_the_next_goes_through() {
    let db = database!("a_failing_intake_leaves_nothing_behind_and_the_next_goes_through");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::pax_story::failing_intake_story(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_racing_itself_is_stored_once() {
    let db = database!("a_resend_racing_itself_is_stored_once");
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::pax_story::concurrent_resend_story(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_racing_through_two_processes_is_stored_once() {
    let db = database!("a_resend_racing_through_two_processes_is_stored_once");
    let a = Arc::new(PgStore::open(db.url()).await.unwrap());
    let b = Arc::new(PgStore::open(db.url()).await.unwrap());
    let (ic, m1) = intake("IC1", 20);
    let (_, m2) = intake("IC1", 20);
    let (ra, rb) = tokio::join!(
        a.record_api_intake(ic.clone(), m1, ev("api.intake")),
        b.record_api_intake(ic.clone(), m2, ev("api.intake")),
    );
    let conflicts = [&ra, &rb]
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict(_))))
        .count();
    assert!(ra.is_ok() != rb.is_ok(), "{ra:?} {rb:?}");
    assert_eq!(conflicts, 1, "{ra:?} {rb:?}");
    let detail = a.api_flight(&flight().key).await.unwrap().unwrap();
    assert_eq!((detail.manifests.len(), detail.travellers.len()), (1, 20));
    assert_eq!(a.api_interchange("UTAIR", "IC1").await.unwrap(), Some(ic));
    let stats = b.rule_stats().await.unwrap();
    assert_eq!((stats.len(), stats[0].fired, stats[0].open), (1, 20, 20));
    assert_eq!(
        verify_audit_chain(a.as_ref()).await.unwrap().unwrap(),
        1,
        "the refused resend leaves no audit entry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_postgresql_cannot_store_is_refused_as_bad_input_naming_the_message() {
    let db = database!("text_postgresql_cannot_store_is_refused_as_bad_input_naming_the_message");
    let store = PgStore::open(db.url()).await.unwrap();
    // A NUL byte in a name, and one escaped in the JSON details: neither text nor jsonb takes it.
    for poison in [0, 1] {
        let (ic, mut manifests) = intake(&format!("IC{poison}"), 3);
        let t = &mut manifests[0].travellers[1].0;
        if poison == 0 {
            t.surname = "BAD\0NAME".into();
        } else {
            t.details = serde_json::json!({"note": "bad\u{0}note"});
        }
        let err = store
            .record_api_intake(ic, manifests, ev("api.intake"))
            .await
            .unwrap_err();
        match err {
            StoreError::Invalid(m) => assert!(
                m.contains(&format!("interchange IC{poison} from UTAIR, message 1")),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(verify_audit_chain(&store).await.unwrap().unwrap(), 0);
    assert_eq!(store.api_flight(&flight().key).await.unwrap(), None);
}
