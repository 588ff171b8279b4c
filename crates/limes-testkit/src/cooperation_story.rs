//! The cooperation records' story: insert with audit, a reference unique per kind, optimistic updates, lists
//! newest first, counts per source for throttling, sealed bytes kept as given.
use chrono::{DateTime, Duration, Utc};
use limes_domain::AuditEvent;
use limes_store::{CooperationKind, CooperationRecord, Store, StoreError};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + Duration::minutes(minutes)
}

fn record(id: &str, reference: Option<&str>, source: Option<&str>, t: i64) -> CooperationRecord {
    CooperationRecord {
        kind: CooperationKind::HotlineReport,
        id: id.into(),
        reference: reference.map(str::to_string),
        source_key: source.map(str::to_string),
        body: format!("{{\"id\":\"{id}\"}}"),
        sealed: Some(vec![0, 1, 2, 255]),
        version: 1,
        created_at: at(t),
        updated_at: at(t),
    }
}

pub async fn cooperation_story(store: &dyn Store) {
    let audit = |t: i64| AuditEvent::new(at(t), "hotline", "hotline.report");
    let before = store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map(|e| e.seq)
        .unwrap_or(0);
    store
        .insert_cooperation_record(record("r1", Some("AAAAA-1"), Some("src-a"), 0), audit(0))
        .await
        .unwrap();
    store
        .insert_cooperation_record(record("r2", Some("AAAAA-2"), Some("src-a"), 5), audit(5))
        .await
        .unwrap();
    store
        .insert_cooperation_record(record("r3", None, Some("src-b"), 10), audit(10))
        .await
        .unwrap();
    let after = store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map(|e| e.seq)
        .unwrap_or(0);
    assert_eq!(after - before, 3, "each record with its audit entry");

    // The same id, or the same reference, of a kind is a conflict; another kind may use them.
    assert!(matches!(
        store
            .insert_cooperation_record(record("r1", None, None, 11), audit(11))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .insert_cooperation_record(record("r9", Some("AAAAA-1"), None, 11), audit(11))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let mut other_kind = record("r1", Some("AAAAA-1"), None, 12);
    other_kind.kind = CooperationKind::IntegrityReport;
    store
        .insert_cooperation_record(other_kind, audit(12))
        .await
        .unwrap();

    let r1 = store
        .cooperation_record(CooperationKind::HotlineReport, "r1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r1.sealed, Some(vec![0, 1, 2, 255]));
    assert_eq!(r1.created_at, at(0));
    let by_ref = store
        .cooperation_record_by_reference(CooperationKind::HotlineReport, "AAAAA-2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_ref.id, "r2");
    assert!(store
        .cooperation_record_by_reference(CooperationKind::Agreement, "AAAAA-2")
        .await
        .unwrap()
        .is_none());

    // Updates are optimistic: version n+1 over n; a stale writer is refused.
    let mut changed = r1.clone();
    changed.body = "{\"id\":\"r1\",\"status\":\"triaged\"}".into();
    changed.version = 2;
    changed.updated_at = at(20);
    changed.sealed = None; // never changes through an update
    store
        .update_cooperation_record(changed.clone(), audit(20))
        .await
        .unwrap();
    assert!(matches!(
        store.update_cooperation_record(changed, audit(21)).await,
        Err(StoreError::Conflict(_))
    ));
    let r1 = store
        .cooperation_record(CooperationKind::HotlineReport, "r1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r1.version, 2);
    assert!(r1.body.contains("triaged"));
    assert_eq!(r1.sealed, Some(vec![0, 1, 2, 255]));
    assert_eq!(r1.updated_at, at(20));

    let list = store
        .cooperation_records(CooperationKind::HotlineReport, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["r3", "r2", "r1"],
        "newest first, of the kind only"
    );
    assert_eq!(
        store
            .cooperation_records(CooperationKind::HotlineReport, 1)
            .await
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        store
            .count_cooperation_records_from(CooperationKind::HotlineReport, "src-a", at(0))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .count_cooperation_records_from(CooperationKind::HotlineReport, "src-a", at(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .count_cooperation_records_from(CooperationKind::HotlineReport, "src-c", at(0))
            .await
            .unwrap(),
        0
    );
}
