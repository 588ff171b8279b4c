//! The audit chain against its signed checkpoints, on a fresh store: the auditor's search, the retention cut, and
//! the tampering someone with access to the database could do (rows deleted at the end, a rewrite with every
//! later hash recomputed, everything deleted), each reported by the anchored verification.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, TimeZone, Utc};
use ed25519_dalek::SigningKey;
use limes_domain::audit::entry_hash;
use limes_domain::audit_checkpoint::{AnchoredReport, AuditCheckpoint};
use limes_domain::{AuditEntry, AuditEvent};
use limes_store::*;
use std::future::Future;

fn at(minute: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap() + Duration::minutes(minute)
}

fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

async fn entry(store: &dyn Store, seq: i64) -> AuditEntry {
    store.audit_entries(seq, 1).await.unwrap().remove(0)
}

async fn checkpoint_head(store: &dyn Store, minute: i64) -> AuditCheckpoint {
    let head = store.recent_audit(1).await.unwrap().remove(0);
    let cp = AuditCheckpoint::sign(&key(), "node-1", head.seq, &head.hash, at(minute), false);
    store.add_audit_checkpoint(cp.clone()).await.unwrap();
    cp
}

async fn verify(store: &dyn Store) -> AnchoredReport {
    verify_audit_anchored(store, &key().verifying_key(), vec![])
        .await
        .unwrap()
}

/// The auditor's search: by time, actor, action (or its beginning), part of the subject, page by page.
pub async fn audit_search_story(store: &dyn Store) {
    for (minute, actor, action, subject) in [
        (0, "ana", "check.run", "crossing:a1"),
        (1, "bo", "check.run", "crossing:b2"),
        (2, "ana", "decision.record", "crossing:a1"),
        (3, "cy", "user.create", "user:dan"),
        (4, "ana", "check.run", "crossing:a3"),
    ] {
        let mut event = AuditEvent::new(at(minute), actor, action);
        event.subject = Some(subject.into());
        store.append_audit(event).await.unwrap();
    }
    let search = |filter: AuditFilter| async move {
        store
            .search_audit(AuditFilter {
                limit: if filter.limit == 0 { 100 } else { filter.limit },
                ..filter
            })
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect::<Vec<_>>()
    };
    assert_eq!(search(AuditFilter::default()).await, [5, 4, 3, 2, 1]);
    let by = |actor: &str| AuditFilter {
        actor: Some(actor.into()),
        ..Default::default()
    };
    assert_eq!(search(by("ana")).await, [5, 3, 1]);
    let action = AuditFilter {
        action: Some("check.".into()),
        ..Default::default()
    };
    assert_eq!(search(action).await, [5, 2, 1]);
    let subject = AuditFilter {
        subject: Some("a1".into()),
        ..Default::default()
    };
    assert_eq!(search(subject).await, [3, 1]);
    let window = AuditFilter {
        from: Some(at(1)),
        to: Some(at(3)),
        ..Default::default()
    };
    assert_eq!(search(window).await, [3, 2]);
    // Paging: two at a time, each page after the last seq of the one before.
    let page = |before_seq| AuditFilter {
        before_seq,
        limit: 2,
        ..Default::default()
    };
    assert_eq!(search(page(None)).await, [5, 4]);
    assert_eq!(search(page(Some(4))).await, [3, 2]);
    assert_eq!(search(page(Some(2))).await, [1]);
}

/// The retention cut, then every tampering reported, on a fresh store; `tamper` runs SQL on its database directly,
/// as someone with access to it would.
pub async fn audit_tampering_story<F, Done>(store: &dyn Store, tamper: F)
where
    F: Fn(String) -> Done,
    Done: Future<Output = ()>,
{
    for minute in 0..6 {
        store
            .append_audit(AuditEvent::new(at(minute), "ana", "check.run"))
            .await
            .unwrap();
    }
    // No checkpoint yet: the chain links, but nothing of it is anchored.
    let report = verify(store).await;
    assert!(report.intact(), "{report:?}");
    assert_eq!(
        (report.anchored_through, report.unanchored),
        (None, Some((1, 6)))
    );

    // Retention cuts entries 1..3 at a signed checkpoint; the chain is verified from there.
    let third = entry(store, 3).await;
    let cut = AuditCheckpoint::sign(&key(), "node-1", 3, &third.hash, at(10), true);
    let wrong = AuditCheckpoint::sign(&key(), "node-1", 2, &third.hash, at(10), true);
    assert!(matches!(
        store
            .cut_audit(wrong, AuditEvent::new(at(10), "system", "audit.retention"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.audit_entries(1, 100).await.unwrap().len(),
        6,
        "refused cut changed nothing"
    );
    let removed = store
        .cut_audit(cut, AuditEvent::new(at(10), "system", "audit.retention"))
        .await
        .unwrap();
    assert_eq!(removed, 3);
    let entries = store.audit_entries(1, 100).await.unwrap();
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [4, 5, 6, 7]
    );
    assert_eq!(entries[3].event.action, "audit.retention");
    let report = verify(store).await;
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.starts_after_cut, Some(3));
    // The old, unanchored verification cannot follow a cut chain; the anchored one can.
    assert!(verify_audit_chain(store).await.unwrap().is_err());

    // A checkpoint at the head anchors everything; what comes after is named unanchored.
    let signed = checkpoint_head(store, 11).await;
    assert_eq!(signed.seq, 7);
    store
        .append_audit(AuditEvent::new(at(12), "ana", "check.run"))
        .await
        .unwrap();
    let report = verify(store).await;
    assert!(report.intact(), "{report:?}");
    assert_eq!(report.anchored_through, Some(7));
    assert_eq!(report.unanchored, Some((8, 8)));
    assert_eq!(store.audit_checkpoints(10).await.unwrap().len(), 2);

    // Changing entry 5 and recomputing every later hash: the chain links, the checkpoint does not match.
    let original: Vec<AuditEntry> = store.audit_entries(1, 100).await.unwrap();
    let mut prev = original[0].prev_hash.clone();
    let mut rewrite = String::new();
    for e in &original {
        let mut event = e.event.clone();
        if e.seq == 5 {
            event.actor = "mallory".into();
        }
        let hash = entry_hash(e.seq, &prev, &event);
        rewrite.push_str(&format!(
            "UPDATE audit_log SET actor = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE seq = {};",
            event.actor, e.seq
        ));
        prev = hash;
    }
    tamper(rewrite).await;
    assert!(
        verify_audit_chain_from_cut(store).await,
        "the rewrite links"
    );
    let report = verify(store).await;
    assert!(!report.intact());
    assert!(
        report.problems.iter().any(|p| p.contains("rewritten")),
        "{report:?}"
    );
    assert_eq!(
        report.unanchored, None,
        "nothing is called unanchored in a broken chain"
    );
    // Undone, the chain verifies again.
    let restore: String = original
        .iter()
        .map(|e| {
            format!(
                "UPDATE audit_log SET actor = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {};",
                e.event.actor, e.prev_hash, e.hash, e.seq
            )
        })
        .collect();
    tamper(restore).await;
    assert!(verify(store).await.intact());

    // A forged checkpoint row (another key) is named and anchors nothing.
    let head = entry(store, 8).await;
    let forged = AuditCheckpoint::sign(
        &SigningKey::from_bytes(&[9; 32]),
        "node-1",
        8,
        &head.hash,
        at(13),
        false,
    );
    store.add_audit_checkpoint(forged).await.unwrap();
    let report = verify(store).await;
    assert!(
        report.problems.iter().any(|p| p.contains("not signed")),
        "{report:?}"
    );
    assert_eq!(report.anchored_through, Some(7));
    tamper("DELETE FROM audit_checkpoints WHERE seq = 8".into()).await;

    // Deleting the last rows, back past the checkpoint.
    tamper("DELETE FROM audit_log WHERE seq >= 6".into()).await;
    let report = verify(store).await;
    assert!(!report.intact());
    assert!(
        report.problems.iter().any(|p| p.contains("entries 6..7")),
        "{report:?}"
    );

    // Deleting the first entry after the cut: the chain no longer starts at a signed cut.
    tamper("DELETE FROM audit_log WHERE seq = 4".into()).await;
    let report = verify(store).await;
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("no signed retention cut")),
        "{report:?}"
    );

    // Deleting everything.
    tamper("DELETE FROM audit_log".into()).await;
    let report = verify(store).await;
    assert!(!report.intact());
    assert!(
        report.problems.iter().any(|p| p.contains("entries 1..7")),
        "{report:?}"
    );
}

/// The links alone, from the first stored entry (whatever it follows).
async fn verify_audit_chain_from_cut(store: &dyn Store) -> bool {
    let entries = store.audit_entries(1, 1000).await.unwrap();
    entries.windows(2).all(|w| w[1].prev_hash == w[0].hash)
        && entries
            .iter()
            .all(|e| entry_hash(e.seq, &e.prev_hash, &e.event) == e.hash)
}
