//! The store story of the officer's check workflow: checks closed without a decision (abandoned, rescanned) are
//! kept but are not crossings, and an admission over a critical hit waits for a second person's confirmation.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::{check, decision, ev, t0};
use chrono::Duration;
use limes_domain::Outcome;
use limes_store::*;

const BCP: &str = "UTO-W1";

/// A check of a traveller no other story checks (another surname: another person key).
fn check_of_wester(number: &str, at: chrono::DateTime<chrono::Utc>) -> NewCrossing {
    let mut c = check(BCP, number, at);
    c.document.surname = "WESTER".into();
    c
}

pub async fn check_workflow_story(store: &dyn Store) {
    let at = t0() + Duration::days(20);
    let first = store
        .record_check(check_of_wester("W1000001", at), ev("check.run"))
        .await
        .unwrap();
    let rescan = store
        .record_check(
            check_of_wester("W1000001", at + Duration::minutes(1)),
            ev("check.run"),
        )
        .await
        .unwrap();
    let closed = store
        .close_check(
            &first.id,
            CrossingStatus::Superseded,
            "ana",
            at + Duration::minutes(1),
            ev("check.supersede"),
        )
        .await
        .unwrap();
    assert_eq!(closed.status, CrossingStatus::Superseded);
    let doc = rescan.check.document.document_key();
    let person = rescan.check.document.person_key();
    let history = store.traveller_history(&doc, &person, 10).await.unwrap();
    assert_eq!(history.total, 1, "the superseded check is not a crossing");
    assert_eq!(
        history
            .recent
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        vec![rescan.id.as_str()]
    );
    let stats = store.crossing_stats(Some(BCP), at).await.unwrap();
    assert_eq!((stats.total, stats.pending), (1, 1));

    store
        .close_check(
            &rescan.id,
            CrossingStatus::Abandoned,
            "ana",
            at + Duration::minutes(2),
            ev("check.abandon"),
        )
        .await
        .unwrap();
    let history = store.traveller_history(&doc, &person, 10).await.unwrap();
    assert_eq!((history.total, history.recent.len()), (0, 0));
    assert_eq!(store.crossing_stats(Some(BCP), at).await.unwrap().total, 0);
    let kept = store.crossing(&rescan.id).await.unwrap().unwrap();
    assert_eq!(
        (kept.status, kept.decided_by.as_deref()),
        (CrossingStatus::Abandoned, Some("ana")),
        "kept for audit with its state"
    );
    assert!(matches!(
        store
            .close_check(
                &rescan.id,
                CrossingStatus::Abandoned,
                "ana",
                at,
                ev("check.abandon")
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .record_decision(&rescan.id, decision(Outcome::Admitted, false), ev("d"))
            .await,
        Err(StoreError::Conflict(_))
    ));

    // An admission over a critical hit: a reason, then a second person.
    let hit = store
        .record_check(
            check_of_wester("W1000002", at + Duration::hours(1)),
            ev("check.run"),
        )
        .await
        .unwrap();
    let mut bare = decision(Outcome::Admitted, false);
    bare.hits = HitGravity::Critical;
    assert!(matches!(
        store.record_decision(&hit.id, bare.clone(), ev("d")).await,
        Err(StoreError::Invalid(_))
    ));
    let mut over = bare;
    over.override_reason =
        Some(OverrideReason::validate("not_the_person", "birth date and photo differ").unwrap());
    let waiting = store.record_decision(&hit.id, over, ev("d")).await.unwrap();
    assert_eq!(waiting.status, CrossingStatus::PendingOverride);
    let stored = store.crossing(&hit.id).await.unwrap().unwrap();
    assert_eq!(stored.status, CrossingStatus::PendingOverride);
    let o = stored.admission_override.unwrap();
    assert_eq!(
        (o.by.as_str(), o.critical, o.confirmed_by),
        ("ana", true, None)
    );
    let mut own = decision(Outcome::Admitted, true);
    own.officer = "ana".into();
    assert!(matches!(
        store.record_decision(&hit.id, own, ev("d")).await,
        Err(StoreError::Conflict(_))
    ));
    store
        .record_decision(&hit.id, decision(Outcome::Admitted, true), ev("d"))
        .await
        .unwrap();
    let confirmed = store.crossing(&hit.id).await.unwrap().unwrap();
    assert_eq!(
        (confirmed.status, confirmed.outcome),
        (CrossingStatus::Decided, Some(Outcome::Admitted))
    );
    let o = confirmed.admission_override.unwrap();
    assert_eq!(
        (o.by.as_str(), o.confirmed_by.as_deref()),
        ("ana", Some("sam"))
    );
}
