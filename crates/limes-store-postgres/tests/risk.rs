//! The risk-indicator story (`limes-testkit`) on the PostgreSQL backend, on a fresh database of a real server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_store_postgres::PgStore;
use limes_testkit::postgres::database_for_test;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_indicators_follow_late_and_corrected_records() {
    let Some(db) = database_for_test("postgres_indicators_follow_late_and_corrected_records")
        .await
        .unwrap()
    else {
        return;
    };
    let store = PgStore::open(db.url()).await.unwrap();
    limes_testkit::risk_story::risk_story(&store, &store).await;
}
