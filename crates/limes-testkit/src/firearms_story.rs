//! The firearm register and trace-request story every backend runs: staged imports committed whole or not at
//! all (a clash named by its line), the register's generation moving with each change, trace requests kept and
//! changed; and the register going down to the BCP nodes as versioned deltas in parts. (Test code: panics are
//! the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::{Duration, NaiveDate};
use limes_domain::firearm::{
    FirearmRecord, FirearmStatus, FirearmType, TraceAddressee, TraceRequest, TraceStatus,
    WeaponDescription,
};
use limes_domain::AuditEvent;
use limes_store::sync::{kind, DownDelta, NodeRole, SyncStore};
use limes_store::*;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

pub fn firearm(id: &str, serial: &str) -> FirearmRecord {
    FirearmRecord {
        record_id: id.into(),
        serial: serial.into(),
        make: "Kalashnikov".into(),
        model: "AK-47".into(),
        calibre: "7.62x39".into(),
        firearm_type: FirearmType::Rifle,
        country_of_manufacture: "RUS".into(),
        status: FirearmStatus::Stolen,
        reported_by: "Utopia National Police".into(),
        reported_on: NaiveDate::from_ymd_opt(2025, 11, 3).unwrap(),
    }
}

fn staged(line: u64, record: FirearmRecord) -> StagedFirearm {
    StagedFirearm { line, record }
}

pub fn trace(id: &str) -> TraceRequest {
    TraceRequest {
        id: id.into(),
        requesting_state: "UTO".into(),
        requesting_authority: "Utopia Customs Service".into(),
        weapon: WeaponDescription {
            serial: "1975AK104233".into(),
            make: "Kalashnikov".into(),
            model: "AK-47".into(),
            calibre: "7.62x39".into(),
            firearm_type: Some(FirearmType::Rifle),
            country_of_manufacture: Some("RUS".into()),
            country_of_last_import: None,
            markings: "star in triangle; 1975".into(),
        },
        circumstances: "found in a spare tyre at UTO-N1".into(),
        reference: "FA-1".into(),
        country_asked: "RUS".into(),
        addressee: TraceAddressee::Manufacture,
        status: TraceStatus::Draft,
        sent_on: None,
        due_on: None,
        acknowledged_on: None,
        answered_on: None,
        answer: None,
        raised_at: Some("UTO-N1".into()),
        created_by: "officer".into(),
        created_at: t0(),
        updated_at: t0(),
    }
}

async fn audit_seq(store: &dyn Store) -> i64 {
    store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq)
}

pub async fn firearms_story(store: &dyn Store) {
    let audit_before = audit_seq(store).await;
    assert_eq!(store.firearm_count().await.unwrap(), 0);
    let generation = store.firearm_register_generation().await.unwrap();

    // A record id twice in the file: nothing is kept, the second line is named.
    store
        .stage_firearms(
            "i-1",
            vec![
                staged(2, firearm("FA-1", "1975AK104233")),
                staged(3, firearm("FA-1", "X1")),
            ],
        )
        .await
        .unwrap();
    match store
        .commit_firearm_import("i-1", false, ev("firearms.import"))
        .await
    {
        Err(StoreError::Conflict(m)) => assert!(m.contains("line 3") && m.contains("FA-1"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    store.discard_firearm_import("i-1").await.unwrap();
    assert_eq!(store.firearm_count().await.unwrap(), 0);
    assert_eq!(
        store.firearm_register_generation().await.unwrap(),
        generation
    );

    // Two batches, committed whole.
    store
        .stage_firearms("i-2", vec![staged(2, firearm("FA-1", "1975AK104233"))])
        .await
        .unwrap();
    let mut glock = firearm("FA-2", "ABC123");
    glock.make = "Glock".into();
    glock.firearm_type = FirearmType::Pistol;
    store
        .stage_firearms("i-2", vec![staged(3, glock.clone())])
        .await
        .unwrap();
    assert_eq!(
        store
            .commit_firearm_import("i-2", false, ev("firearms.import"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.firearm_count().await.unwrap(), 2);
    assert!(store.firearm_register_generation().await.unwrap() > generation);
    let all = store.all_firearms().await.unwrap();
    assert_eq!(all, vec![firearm("FA-1", "1975AK104233"), glock.clone()]);
    let found = store
        .firearms_by_id(&["FA-2".to_string(), "nope".to_string()])
        .await
        .unwrap();
    assert_eq!(found, vec![glock]);

    // Appending a record the register holds is refused by line; replacing swaps the register.
    store
        .stage_firearms("i-3", vec![staged(2, firearm("FA-1", "Y"))])
        .await
        .unwrap();
    assert!(matches!(
        store.commit_firearm_import("i-3", false, ev("firearms.import")).await,
        Err(StoreError::Conflict(m)) if m.contains("line 2") && m.contains("already")
    ));
    store.discard_firearm_import("i-3").await.unwrap();
    store
        .stage_firearms("i-4", vec![staged(2, firearm("FA-9", "Z9Z9Z9"))])
        .await
        .unwrap();
    store
        .commit_firearm_import("i-4", true, ev("firearms.import"))
        .await
        .unwrap();
    let ids: Vec<String> = store
        .all_firearms()
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.record_id)
        .collect();
    assert_eq!(ids, vec!["FA-9".to_string()]);

    // Trace requests: kept, changed, listed last changed first.
    store
        .save_trace_request(trace("T-1"), ev("firearms.trace.create"))
        .await
        .unwrap();
    let mut second = trace("T-2");
    second.updated_at = t0() + Duration::minutes(5);
    store
        .save_trace_request(second, ev("firearms.trace.create"))
        .await
        .unwrap();
    let mut sent = trace("T-1");
    sent.status = TraceStatus::Sent;
    sent.sent_on = Some(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    sent.updated_at = t0() + Duration::minutes(10);
    store
        .save_trace_request(sent.clone(), ev("firearms.trace.send"))
        .await
        .unwrap();
    assert_eq!(store.trace_request("T-1").await.unwrap(), Some(sent));
    assert_eq!(store.trace_request("T-9").await.unwrap(), None);
    let listed: Vec<String> = store
        .trace_requests(10)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, vec!["T-1".to_string(), "T-2".to_string()]);
    // Two imports and three trace writes, each audited.
    assert_eq!(audit_seq(store).await, audit_before + 5);
}

/// The centre's downward messages of the firearm register queued after outbox seq `after`, read back.
async fn register_messages<C: SyncStore>(centre: &C, after: i64) -> Vec<(i64, DownDelta)> {
    centre
        .outbox_pending(100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.seq > after && r.kind == kind::FIREARMS)
        .map(|r| (r.seq, serde_json::from_str(&r.payload).unwrap()))
        .collect()
}

/// The firearm register goes down to the BCP nodes as versioned deltas in parts, applied whole, so a node looks
/// weapons up offline; a change the node holds is skipped; a full copy repairs a node that missed it.
pub async fn firearms_down_story<C: Store + SyncStore, E: Store + SyncStore>(centre: &C, edge: &E) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "node-1", Some("UTO-N1"))
        .await
        .unwrap();
    // 6,000 records: two parts.
    let batch: Vec<StagedFirearm> = (0..6000u64)
        .map(|i| staged(i + 2, firearm(&format!("FA-{i}"), &format!("SN{i:08}"))))
        .collect();
    centre.stage_firearms("d-1", batch).await.unwrap();
    centre
        .commit_firearm_import("d-1", false, ev("firearms.import"))
        .await
        .unwrap();
    let first = register_messages(centre, 0).await;
    assert_eq!(first.len(), 2, "two parts");
    let generation = edge.firearm_register_generation().await.unwrap();
    assert!(edge
        .apply_down(1, first[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap());
    assert_eq!(
        edge.firearm_count().await.unwrap(),
        0,
        "half a change is not applied"
    );
    edge.apply_down(2, first[1].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.firearm_count().await.unwrap(), 6000);
    assert!(edge.firearm_register_generation().await.unwrap() > generation);
    assert_eq!(
        edge.list_versions()
            .await
            .unwrap()
            .records
            .get(kind::FIREARMS),
        Some(&1)
    );
    // A second import at the centre adds, from version 1.
    let last = first.last().map(|(s, _)| *s).unwrap();
    centre
        .stage_firearms("d-2", vec![staged(2, firearm("FA-new", "NEW12345"))])
        .await
        .unwrap();
    centre
        .commit_firearm_import("d-2", false, ev("firearms.import"))
        .await
        .unwrap();
    let second = register_messages(centre, last).await;
    assert_eq!(second.len(), 1);
    edge.apply_down(3, second[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.firearm_count().await.unwrap(), 6001);
    assert_eq!(
        edge.firearms_by_id(&["FA-new".to_string()])
            .await
            .unwrap()
            .len(),
        1
    );
}
