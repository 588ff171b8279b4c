//! The writer's guarantees under concurrent load, each on a fresh store: jobs sharing a commit group fail
//! alone, and lookups go on while the document-alert register is replaced. (Test code: panics are the
//! assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use limes_domain::{AlertStatus, AuditEvent, DocumentAlert};
use limes_store::*;
use std::sync::Arc;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(chrono::DateTime::UNIX_EPOCH, "tester", action)
}

/// A stolen passport of the register, numbered `i`.
pub fn alert(i: usize) -> DocumentAlert {
    DocumentAlert {
        issuing_state: "UTO".into(),
        document_number: format!("D{i:08}"),
        document_type: "P".into(),
        status: AlertStatus::Stolen,
        source: "test".into(),
        reason: "reported".into(),
        reported_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
    }
}

/// Many concurrent user creations, half of them duplicates, share write groups: each duplicate fails alone,
/// with no audit entry, and the others are kept.
pub async fn failing_job_in_a_group_story(store: Arc<dyn Store>) {
    let user = |name: &str| NewUser {
        username: name.into(),
        display_name: name.into(),
        role: limes_domain::Role::FirstLineOfficer,
        agency: "UBP".into(),
        bcps: vec![],
        password_hash: "x".into(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        language: None,
    };
    // Many concurrent creations, half of them duplicates: they share write groups.
    let mut tasks = Vec::new();
    for i in 0..60 {
        let store = store.clone();
        let name = format!("user{}", i / 2);
        let u = user(&name);
        tasks.push(tokio::spawn(async move {
            store.create_user(u, ev("user.create")).await
        }));
    }
    let mut created = 0;
    let mut conflicts = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => created += 1,
            Err(StoreError::Conflict(_)) => conflicts += 1,
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    assert_eq!((created, conflicts), (30, 30));
    assert_eq!(store.users().await.unwrap().len(), 30);
    assert_eq!(
        verify_audit_chain(store.as_ref()).await.unwrap().unwrap(),
        30,
        "a conflicting creation leaves no audit entry"
    );
}

/// Lookups go on, finding the record in the old register and in the new one, while a large import replaces
/// the register; appending afterwards adds to the new register.
pub async fn register_replacement_story(store: Arc<dyn Store>) {
    store
        .import_document_alerts((0..1000).map(alert).collect(), true, ev("documents.import"))
        .await
        .unwrap();
    // Readers with prepared lookups, before, during and after the replacing import (which swaps the table).
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..4 {
        let (store, stop) = (store.clone(), stop.clone());
        readers.push(tokio::spawn(async move {
            let mut lookups = 0u32;
            loop {
                let hits = store
                    .find_document_alerts(Some("UTO"), "D00000005")
                    .await
                    .unwrap();
                assert_eq!(hits.len(), 1, "in the old register and in the new one");
                lookups += 1;
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return lookups;
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    store
        .import_document_alerts(
            (0..20_000).map(alert).collect(),
            true,
            ev("documents.import"),
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for r in readers {
        assert!(r.await.unwrap() > 2);
    }
    assert_eq!(store.document_alert_count().await.unwrap(), 20_000);
    assert_eq!(
        store
            .find_document_alerts(None, "D00019999")
            .await
            .unwrap()
            .len(),
        1
    );
    // Appending after a replacement adds to the new register.
    store
        .import_document_alerts(
            (20_000..20_010).map(alert).collect(),
            false,
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!(store.document_alert_count().await.unwrap(), 20_010);
}
