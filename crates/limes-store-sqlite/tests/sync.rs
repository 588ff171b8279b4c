//! The sync tables: the outbox is written in the transaction of the change (and only on a BCP node / centre),
//! the centre's ingest is idempotent and keeps a crossing at its newest version, bad records are named,
//! downward deltas apply once.
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::{AuditEvent, Direction, Outcome, RecommendationLevel};
use limes_store::sync::{kind, DownDelta, Ingested, NodeRole, SyncStore, UpRecord};
use limes_store::{Decision, NewCrossing, Store, StoreError, TravelDocument, WatchlistMeta};
use limes_store_sqlite::SqliteStore;

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "ana", action)
}

fn check(number: &str) -> NewCrossing {
    NewCrossing {
        bcp: "LAND1".into(),
        direction: Direction::Entry,
        at: t0(),
        officer: "ana".into(),
        document: TravelDocument {
            document_code: "P".into(),
            document_number: number.into(),
            issuing_state: "UTO".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA".into(),
            nationality: "UTO".into(),
            birth_date: NaiveDate::from_ymd_opt(1974, 8, 12),
            sex: Some("F".into()),
            expiry_date: None,
        },
        input_method: "manual".into(),
        recommendation: RecommendationLevel::Clear,
        reasons: vec![],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    }
}

fn admit() -> Decision {
    Decision {
        outcome: Outcome::Admitted,
        refusal_reason: None,
        note: None,
        officer: "ana".into(),
        second_line: false,
        at: t0(),
    }
}

fn up(node: &str, row: &limes_store::sync::OutboxRow) -> UpRecord {
    UpRecord {
        node: node.into(),
        bcp: "LAND1".into(),
        seq: row.seq,
        kind: row.kind.clone(),
        payload: row.payload.clone(),
    }
}

#[tokio::test]
async fn outbox_rows_come_with_the_change_and_ingest_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    // Standalone: no outbox.
    edge.record_check(check("A1"), ev("check.run"))
        .await
        .unwrap();
    assert_eq!(edge.outbox_backlog().await.unwrap(), 0);
    // Becoming a BCP node sends what it holds: the audit entry and the crossing so far.
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-a", Some("LAND1"))
        .await
        .unwrap();
    assert_eq!(edge.outbox_backlog().await.unwrap(), 2);
    let c = edge
        .record_check(check("A2"), ev("check.run"))
        .await
        .unwrap();
    edge.record_decision(&c.id, admit(), ev("check.decide"))
        .await
        .unwrap();
    // A failed change leaves no outbox row (a second decision is a conflict).
    assert!(matches!(
        edge.record_decision(&c.id, admit(), ev("check.decide"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let rows = edge.outbox_pending(100).await.unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["audit", "crossing", "audit", "crossing", "audit", "crossing"]
    );
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq));
    // A node id or BCP code that cannot be a subject token is refused, naming it.
    let e = edge
        .set_sync_identity(NodeRole::Bcp, "x", Some("LAND.1"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("BCP code 'LAND.1'"), "{e}");
    // The node keeps its id and BCP.
    let e = edge
        .set_sync_identity(NodeRole::Bcp, "other", Some("SEA2"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");

    let centre = SqliteStore::open(dir.path().join("centre.db")).unwrap();
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let records: Vec<UpRecord> = rows.iter().map(|r| up("LAND1-a", r)).collect();
    // The decision first (as after a lost message), then everything, then everything again (a redelivery).
    let late = vec![records[5].clone()];
    assert_eq!(
        centre.ingest_up(late, t0()).await.unwrap(),
        [Ingested::Stored]
    );
    let again = centre.ingest_up(records.clone(), t0()).await.unwrap();
    assert_eq!(again.iter().filter(|r| **r == Ingested::Stored).count(), 5);
    assert!(centre
        .ingest_up(records, t0())
        .await
        .unwrap()
        .iter()
        .all(|r| *r == Ingested::Duplicate));
    // The older version of the crossing (seq 4, pending) did not overwrite the decided one (seq 6).
    assert_eq!(
        centre.crossing(&c.id).await.unwrap(),
        edge.crossing(&c.id).await.unwrap()
    );
    let nodes = centre.nodes().await.unwrap();
    assert_eq!(
        (nodes.len(), nodes[0].records, nodes[0].last_seq),
        (1, 6, 6)
    );
    let verified = limes_store::sync::verify_node_chain(&centre, "LAND1-a")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verified, 3);
    // The centre's own chain holds none of the node's entries.
    assert_eq!(centre.audit_entries(1, 100).await.unwrap().len(), 0);

    // A record that cannot be read is refused whole, naming node, seq and kind.
    let bad = UpRecord {
        node: "LAND1-a".into(),
        bcp: "LAND1".into(),
        seq: 99,
        kind: kind::CROSSING.into(),
        payload: "{\"id\": 5}".into(),
    };
    let e = centre.ingest_up(vec![bad], t0()).await.unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(_))
            && e.to_string().contains("record LAND1-a:99 (crossing)"),
        "{e}"
    );
    let unknown = UpRecord {
        kind: "gossip".into(),
        seq: 100,
        payload: "{}".into(),
        ..up("LAND1-a", &rows[0])
    };
    let e = centre.ingest_up(vec![unknown], t0()).await.unwrap_err();
    assert!(
        e.to_string().contains("unknown record kind 'gossip'"),
        "{e}"
    );

    // Acknowledged rows leave the outbox.
    edge.outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    assert_eq!(edge.outbox_backlog().await.unwrap(), 0);
}

#[tokio::test]
async fn list_changes_go_down_once_at_the_centres_version() {
    let dir = tempfile::tempdir().unwrap();
    let centre = SqliteStore::open(dir.path().join("centre.db")).unwrap();
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let meta = WatchlistMeta {
        id: "national".into(),
        name: "National".into(),
        source: "test".into(),
        published: None,
        entries: 0,
        imported_at: t0(),
        imported_by: "analyst".into(),
        version: 0,
    };
    for _ in 0..2 {
        centre
            .save_watchlist(meta.clone(), "{\"v\":1}".into(), ev("watchlist.import"))
            .await
            .unwrap();
    }
    let alerts: Vec<limes_domain::DocumentAlert> = (0..7500)
        .map(|i| limes_domain::DocumentAlert {
            issuing_state: "UTO".into(),
            document_number: format!("D{i:07}"),
            document_type: "P".into(),
            status: limes_domain::AlertStatus::Stolen,
            source: "national".into(),
            reason: "stolen".into(),
            reported_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        })
        .collect();
    centre
        .import_document_alerts(alerts, true, ev("documents.import"))
        .await
        .unwrap();
    let rule = limes_store::StoredRule {
        id: "r1".into(),
        version: 1,
        owner: "piu".into(),
        saved_by: "analyst".into(),
        saved_at: t0(),
        rule: serde_json::json!({"name": "test rule"}),
    };
    centre.save_rule(rule, ev("rule.save")).await.unwrap();
    let rows = centre.outbox_pending(100).await.unwrap();
    // Two watchlist versions, the register in two parts (5,000 per delta); no audit rows go down.
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["watchlist", "watchlist", "documents", "documents", "rule"]
    );

    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    let delta0: DownDelta = serde_json::from_str(&rows[0].payload).unwrap();
    assert!(matches!(
        edge.apply_down(1, delta0.clone(), ev("sync.apply")).await,
        Err(StoreError::Invalid(_))
    ));
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-b", Some("LAND1"))
        .await
        .unwrap();
    for (i, row) in rows.iter().enumerate() {
        let delta: DownDelta = serde_json::from_str(&row.payload).unwrap();
        assert!(edge
            .apply_down(i as u64 + 1, delta, ev("sync.apply"))
            .await
            .unwrap());
    }
    // A redelivery of an applied delta changes nothing.
    assert!(!edge.apply_down(1, delta0, ev("sync.apply")).await.unwrap());
    let v = edge.list_versions().await.unwrap();
    assert_eq!(v.down_seq, 5);
    assert_eq!(v.rules.get("r1"), Some(&1));
    assert_eq!(edge.rules().await.unwrap(), centre.rules().await.unwrap());
    assert_eq!(
        v.watchlists.get("national"),
        Some(&2),
        "the centre's version, not a local count"
    );
    assert_eq!(v.document_alerts, 7500);
    assert_eq!(
        centre.list_versions().await.unwrap().watchlists,
        v.watchlists
    );
    // The edge's applications are audited, and those entries go up.
    let up_kinds: Vec<String> = edge
        .outbox_pending(100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(up_kinds.iter().filter(|k| *k == "audit").count(), 5);
}
