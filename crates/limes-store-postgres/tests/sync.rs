//! The centre's sync tables on PostgreSQL (ported from the SQLite backend's `tests/sync.rs`): a BCP node's
//! outbox (a real SQLite edge) is ingested idempotently, a crossing is kept at its newest version, the node's
//! audit chain verifies, bad records are named; the centre's list changes go down at its version, in order,
//! and an edge applies them. Each test runs on a fresh database (see `limes_store_postgres::testing`).
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::{AuditEvent, Direction, Outcome, RecommendationLevel};
use limes_store::sync::{kind, DownDelta, Heartbeat, Ingested, NodeRole, SyncStore, UpRecord};
use limes_store::{Decision, NewCrossing, Store, StoreError, TravelDocument, WatchlistMeta};
use limes_store_postgres::testing::database_for_test;
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;

macro_rules! database {
    ($name:expr) => {
        match database_for_test($name).await.unwrap() {
            Some(db) => db,
            None => return,
        }
    };
}

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
        reasons: vec!["none".into()],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    }
}

fn admit() -> Decision {
    Decision {
        outcome: Outcome::Admitted,
        refusal_reason: None,
        note: Some("ok".into()),
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centre_ingests_edge_records_once_and_keeps_their_chain() {
    let db = database!("the_centre_ingests_edge_records_once_and_keeps_their_chain");
    let dir = tempfile::tempdir().unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-a", Some("LAND1"))
        .await
        .unwrap();
    edge.record_check(check("A1"), ev("check.run"))
        .await
        .unwrap();
    let c = edge
        .record_check(check("A2"), ev("check.run"))
        .await
        .unwrap();
    edge.record_decision(&c.id, admit(), ev("check.decide"))
        .await
        .unwrap();
    let rows = edge.outbox_pending(100).await.unwrap();
    assert_eq!(rows.len(), 6);

    let centre = PgStore::open(db.url()).await.unwrap();
    assert_eq!(centre.sync_identity().await.unwrap(), None);
    let id = centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    assert_eq!((id.role, id.node.as_str()), (NodeRole::Centre, "centre"));
    // The node id is kept once chosen.
    let again = centre
        .set_sync_identity(NodeRole::Centre, "other", None)
        .await
        .unwrap();
    assert_eq!(again.node, "centre");
    // A BCP node does not run on PostgreSQL: refused, saying where it runs.
    let e = centre
        .set_sync_identity(NodeRole::Bcp, "x", Some("LAND1"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(_)) && e.to_string().contains("SQLite"),
        "{e}"
    );
    let e = centre
        .set_sync_identity(NodeRole::Centre, "centre.1", None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("node id 'centre.1'"), "{e}");

    let records: Vec<UpRecord> = rows.iter().map(|r| up("LAND1-a", r)).collect();
    // The decision first (as after a lost message), then everything, then everything again (a redelivery).
    let late = vec![records[5].clone()];
    assert_eq!(
        centre.ingest_up(late, t0()).await.unwrap(),
        [Ingested::Stored]
    );
    let all = centre.ingest_up(records.clone(), t0()).await.unwrap();
    assert_eq!(all.iter().filter(|r| **r == Ingested::Stored).count(), 5);
    assert_eq!(all[5], Ingested::Duplicate);
    assert!(centre
        .ingest_up(records.clone(), t0())
        .await
        .unwrap()
        .iter()
        .all(|r| *r == Ingested::Duplicate));
    // Two concurrent deliveries of the same batch store it once.
    let (a, b) = tokio::join!(
        centre.ingest_up(records.clone(), t0()),
        centre.ingest_up(records.clone(), t0())
    );
    assert!(a
        .unwrap()
        .into_iter()
        .chain(b.unwrap())
        .all(|r| r == Ingested::Duplicate));
    // The older version of the crossing (pending) did not overwrite the decided one.
    assert_eq!(
        centre.crossing(&c.id).await.unwrap(),
        edge.crossing(&c.id).await.unwrap()
    );
    assert_eq!(
        centre.crossings(&Default::default()).await.unwrap().len(),
        2
    );
    let nodes = centre.nodes().await.unwrap();
    assert_eq!(nodes.len(), 1);
    assert_eq!(
        (
            nodes[0].node.as_str(),
            nodes[0].bcp.as_str(),
            nodes[0].records,
            nodes[0].last_seq
        ),
        ("LAND1-a", "LAND1", 6, 6)
    );
    assert_eq!(nodes[0].heartbeat, None);
    let verified = limes_store::sync::verify_node_chain(&centre, "LAND1-a")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(verified, 3);
    // The centre's own chain holds none of the node's entries.
    assert_eq!(centre.audit_entries(1, 100).await.unwrap().len(), 0);
    // A tampered entry of the node's chain is found.
    db.execute("UPDATE sync_node_audit SET actor = 'mallory' WHERE node = 'LAND1-a' AND seq = 2")
        .await
        .unwrap();
    let broken = limes_store::sync::verify_node_chain(&centre, "LAND1-a")
        .await
        .unwrap();
    assert!(broken.is_err(), "{broken:?}");

    // A record that cannot be read is refused whole, naming node, seq and kind; nothing of its batch is stored.
    let fresh = UpRecord {
        seq: 98,
        ..up("LAND1-a", &rows[0])
    };
    let bad = UpRecord {
        node: "LAND1-a".into(),
        bcp: "LAND1".into(),
        seq: 99,
        kind: kind::CROSSING.into(),
        payload: "{\"id\": 5}".into(),
    };
    let e = centre
        .ingest_up(vec![fresh.clone(), bad], t0())
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(_))
            && e.to_string().contains("record LAND1-a:99 (crossing)"),
        "{e}"
    );
    assert_eq!(
        centre.ingest_up(vec![fresh], t0()).await.unwrap(),
        [Ingested::Stored],
        "the good record of the refused batch was not stored"
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

    // A heartbeat is kept with the node and moves its last contact; an older contact never moves it back.
    let later = t0() + chrono::Duration::seconds(30);
    let hb = Heartbeat {
        node: "LAND1-a".into(),
        bcp: "LAND1".into(),
        sent_at: later,
        backlog: 4,
        versions: edge.list_versions().await.unwrap(),
    };
    centre.record_heartbeat(hb.clone(), later).await.unwrap();
    centre
        .ingest_up(
            vec![UpRecord {
                seq: 101,
                ..up("LAND1-a", &rows[0])
            }],
            t0(),
        )
        .await
        .unwrap();
    let nodes = centre.nodes().await.unwrap();
    assert_eq!(nodes[0].heartbeat.as_ref(), Some(&hb));
    assert_eq!(nodes[0].last_contact, later);
    assert_eq!((nodes[0].records, nodes[0].last_seq), (8, 101));
    // The centre itself has no outbox rows for edge records.
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_centres_list_changes_go_down_once_at_its_version() {
    let db = database!("the_centres_list_changes_go_down_once_at_its_version");
    let centre = PgStore::open(db.url()).await.unwrap();
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
    // Standalone: no outbox.
    centre
        .save_watchlist(meta.clone(), "{\"v\":0}".into(), ev("watchlist.import"))
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    for v in 1..=2 {
        centre
            .save_watchlist(
                meta.clone(),
                format!("{{\"v\":{v}}}"),
                ev("watchlist.import"),
            )
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
    centre
        .save_rule(rule.clone(), ev("rule.save"))
        .await
        .unwrap();
    // A failed change leaves no outbox row (version 1 again is a conflict).
    assert!(matches!(
        centre.save_rule(rule, ev("rule.save")).await,
        Err(StoreError::Conflict(_))
    ));
    let rows = centre.outbox_pending(100).await.unwrap();
    // Two watchlist versions, the register in two parts (5,000 per delta), the rule; no audit rows go down.
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["watchlist", "watchlist", "documents", "documents", "rule"]
    );
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(centre.outbox_backlog().await.unwrap(), 5);
    assert_eq!(
        centre.outbox_pending(2).await.unwrap(),
        rows[..2].to_vec(),
        "the oldest first"
    );
    match serde_json::from_str::<DownDelta>(&rows[1].payload).unwrap() {
        DownDelta::Watchlist { meta, json } => {
            assert_eq!((meta.version, json.as_str()), (3, "{\"v\":2}"))
        }
        other => panic!("not a watchlist delta: {other:?}"),
    }
    // The PostgreSQL centre does not apply deltas itself.
    let d: DownDelta = serde_json::from_str(&rows[0].payload).unwrap();
    let e = centre.apply_down(1, d, ev("sync.apply")).await.unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e}");

    // A BCP node (SQLite) applies them and ends at the centre's versions.
    let dir = tempfile::tempdir().unwrap();
    let edge = SqliteStore::open(dir.path().join("edge.db")).unwrap();
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
    let v = edge.list_versions().await.unwrap();
    let cv = centre.list_versions().await.unwrap();
    assert_eq!(v.down_seq, 5);
    assert_eq!(cv.down_seq, 0);
    assert_eq!(v.watchlists, cv.watchlists);
    assert_eq!(cv.watchlists.get("national"), Some(&3));
    assert_eq!(v.rules, cv.rules);
    assert_eq!((v.document_alerts, cv.document_alerts), (7500, 7500));
    assert_eq!(edge.rules().await.unwrap(), centre.rules().await.unwrap());

    // Acknowledged rows leave the outbox.
    centre
        .outbox_sent(rows[..3].iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 2);
    centre
        .outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
    // Every change was audited in the centre's own chain.
    assert!(limes_store::verify_audit_chain(&centre)
        .await
        .unwrap()
        .is_ok());
}
