//! The idempotency-key story every backend runs: claim, the pending state, the remembered answer, callers kept
//! apart, release, expiry and the purge. (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::Duration;
use limes_store::*;

fn cutoffs(now: chrono::DateTime<chrono::Utc>) -> ClaimCutoffs {
    ClaimCutoffs {
        answered_before: now - Duration::hours(24),
        pending_before: now - Duration::minutes(1),
    }
}

pub async fn idempotency_story(store: &dyn Store) {
    let now = t0();
    assert_eq!(store.recall("user:a", "k1").await.unwrap(), None);
    assert_eq!(
        store
            .claim("user:a", "k1", "h1", now, cutoffs(now))
            .await
            .unwrap(),
        IdempotencyClaim::Claimed
    );
    // A second claim while the first is worked on sees the pending record.
    let pending = IdempotencyRecord {
        request_hash: "h1".into(),
        created_at: now,
        answer: None,
    };
    assert_eq!(
        store
            .claim("user:a", "k1", "h2", now, cutoffs(now))
            .await
            .unwrap(),
        IdempotencyClaim::Taken(pending.clone())
    );
    // Another caller's key of the same name is its own.
    assert_eq!(
        store
            .claim("token:b", "k1", "h9", now, cutoffs(now))
            .await
            .unwrap(),
        IdempotencyClaim::Claimed
    );
    let answer = RememberedAnswer {
        status: 200,
        body: r#"{"id":"c-1"}"#.into(),
    };
    store.remember("user:a", "k1", &answer).await.unwrap();
    let answered = IdempotencyRecord {
        answer: Some(answer.clone()),
        ..pending
    };
    assert_eq!(
        store.recall("user:a", "k1").await.unwrap(),
        Some(answered.clone())
    );
    // An answered record is not released and, within 24 h, not replaced.
    store.release("user:a", "k1").await.unwrap();
    let later = now + Duration::hours(23);
    assert_eq!(
        store
            .claim("user:a", "k1", "h1", later, cutoffs(later))
            .await
            .unwrap(),
        IdempotencyClaim::Taken(answered)
    );
    // A released pending claim frees the key; a pending one older than its cutoff is replaced (a crash).
    store.release("token:b", "k1").await.unwrap();
    assert_eq!(store.recall("token:b", "k1").await.unwrap(), None);
    store
        .claim("token:b", "k2", "h3", now, cutoffs(now))
        .await
        .unwrap();
    let after_crash = now + Duration::minutes(2);
    assert_eq!(
        store
            .claim("token:b", "k2", "h4", after_crash, cutoffs(after_crash))
            .await
            .unwrap(),
        IdempotencyClaim::Claimed
    );
    // After 24 h the answered key is expired: claimed afresh.
    let next_day = now + Duration::hours(25);
    assert_eq!(
        store
            .claim("user:a", "k1", "h5", next_day, cutoffs(next_day))
            .await
            .unwrap(),
        IdempotencyClaim::Claimed
    );
    // The purge deletes records created before its cut and keeps the rest.
    assert_eq!(
        store
            .purge_idempotency(now + Duration::hours(24))
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.recall("token:b", "k2").await.unwrap(), None);
    assert!(store.recall("user:a", "k1").await.unwrap().is_some());
}
