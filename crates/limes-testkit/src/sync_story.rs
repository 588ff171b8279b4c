//! The sync stories (issue 5), run by every backend as the centre against a real BCP node (the embedded
//! store, which is the only one a BCP node runs on). (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate};
use limes_domain::DocumentAlert;
use limes_domain::{Agency, AgencyKind, Bcp, BcpKind, Role};
use limes_domain::{AlertStatus, Outcome};
use limes_store::delta::{list_digest, ListChange};
use limes_store::sync::*;
use limes_store::*;

use crate::story::{ev, t0};

fn check(number: &str) -> NewCrossing {
    crate::story::check("LAND1", number, t0())
}

fn admit() -> Decision {
    crate::story::decision(Outcome::Admitted, false)
}

fn up(node: &str, row: &OutboxRow) -> UpRecord {
    UpRecord {
        node: node.into(),
        bcp: "LAND1".into(),
        seq: row.seq,
        kind: row.kind.clone(),
        payload: row.payload.clone(),
    }
}

/// A BCP node's records reach the centre once each, whatever the redeliveries: `edge` is a fresh embedded
/// store, `centre` a fresh store of the backend under test.
pub async fn sync_up_story<E: Store + SyncStore, C: Store + SyncStore>(edge: &E, centre: &C) {
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

    assert_eq!(centre.sync_identity().await.unwrap(), None);
    let id = centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    assert_eq!((id.role, id.node.as_str()), (NodeRole::Centre, "centre"));
    // The node id is kept once chosen; one that cannot be a subject token is refused, naming it.
    let again = centre
        .set_sync_identity(NodeRole::Centre, "other", None)
        .await
        .unwrap();
    assert_eq!(again.node, "centre");
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
    // Two concurrent deliveries of the same batch store nothing again.
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
    let verified = verify_node_chain(centre, "LAND1-a").await.unwrap().unwrap();
    assert_eq!(verified, 3);
    // The centre's own chain holds none of the node's entries.
    assert_eq!(centre.audit_entries(1, 100).await.unwrap().len(), 0);

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
    let later = t0() + Duration::seconds(30);
    let hb = Heartbeat {
        link_problem: None,
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

    // Acknowledged rows leave the node's outbox.
    edge.outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    assert_eq!(edge.outbox_backlog().await.unwrap(), 0);
}

/// A list in the screening crate's shape, with entries `(entry_id, name)`.
fn list_json(entries: &[(&str, &str)]) -> String {
    let entries: Vec<serde_json::Value> = entries
        .iter()
        .map(|(id, name)| {
            serde_json::json!({"entry_id": id, "kind": "person", "names": [{"full": name, "quality": "good"}],
                "birth_dates": [], "nationalities": [], "documents": [], "reason": "test"})
        })
        .collect();
    serde_json::json!({"id": "national", "name": "National", "source": "test", "published": null,
        "entries": entries})
    .to_string()
}

fn meta() -> WatchlistMeta {
    WatchlistMeta {
        id: "national".into(),
        name: "National".into(),
        source: "test".into(),
        published: None,
        entries: 0,
        imported_at: t0(),
        imported_by: "analyst".into(),
        version: 0,
    }
}

fn stolen(n: usize) -> DocumentAlert {
    DocumentAlert {
        issuing_state: "UTO".into(),
        document_number: format!("D{n:07}"),
        document_type: "P".into(),
        status: AlertStatus::Stolen,
        source: "national".into(),
        reason: "stolen".into(),
        reported_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    }
}

async fn apply_rows<E: Store + SyncStore>(edge: &E, rows: &[OutboxRow], first_seq: u64) {
    for (i, row) in rows.iter().enumerate() {
        let delta: DownDelta = serde_json::from_str(&row.payload).unwrap();
        assert!(
            edge.apply_down(first_seq + i as u64, delta, ev("sync.apply"))
                .await
                .unwrap(),
            "delta {} ({}) not applied",
            first_seq + i as u64,
            row.kind
        );
    }
}

async fn digest_of<S: Store>(store: &S, id: &str) -> Option<String> {
    let lists = store.watchlists().await.unwrap();
    let (_, json) = lists.iter().find(|(m, _)| m.id == id)?;
    list_digest(json)
}

async fn found<S: Store>(store: &S, number: &str) -> bool {
    !store
        .find_document_alerts(Some("UTO"), number)
        .await
        .unwrap()
        .is_empty()
}

/// The centre's list changes go down as versioned deltas that a BCP node applies incrementally, never half:
/// `centre` is a fresh store of the backend under test; `edge` and `edge2` fresh embedded stores.
pub async fn sync_down_story<C: Store + SyncStore, E: Store + SyncStore>(
    centre: &C,
    edge: &E,
    edge2: &E,
) {
    let v1 = list_json(&[("N.1", "ONE"), ("N.2", "TWO"), ("N.3", "THREE")]);
    // Standalone: no outbox.
    centre
        .save_watchlist(meta(), v1.clone(), ev("watchlist.import"))
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
    // Becoming the centre sends down what it holds already (the list whole; the register is empty).
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    // A second version: one entry changed, one removed, one added.
    let v2 = list_json(&[("N.1", "ONE"), ("N.2", "TWO CHANGED"), ("N.4", "FOUR")]);
    centre
        .save_watchlist(meta(), v2.clone(), ev("watchlist.import"))
        .await
        .unwrap();
    // The register: 7,500 alerts (two parts), then a replacement that drops one and adds one.
    let mut alerts: Vec<DocumentAlert> = (0..7500).map(stolen).collect();
    centre
        .import_document_alerts(alerts.clone(), true, ev("documents.import"))
        .await
        .unwrap();
    alerts.remove(0);
    alerts.push(stolen(9_000_000));
    centre
        .import_document_alerts(alerts.clone(), true, ev("documents.import"))
        .await
        .unwrap();
    let rule = StoredRule {
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
        centre.save_rule(rule.clone(), ev("rule.save")).await,
        Err(StoreError::Conflict(_))
    ));
    let rows = centre.outbox_pending(100).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        [
            "watchlist",
            "watchlist",
            "documents",
            "documents",
            "documents",
            "documents",
            "rule"
        ],
        "no audit rows go down"
    );
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(centre.outbox_backlog().await.unwrap(), 7);
    let deltas: Vec<DownDelta> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.payload).unwrap())
        .collect();
    // The first version went whole; the second as the entries that changed.
    assert!(
        matches!(&deltas[0], DownDelta::Watchlist { meta, change: ListChange::Full { .. } } if meta.version == 1)
    );
    match &deltas[1] {
        DownDelta::Watchlist {
            meta,
            change:
                ListChange::Entries {
                    base_version,
                    upsert,
                    remove,
                    ..
                },
        } => {
            assert_eq!((meta.version, *base_version), (2, 1));
            assert_eq!(upsert.len(), 2, "N.2 changed, N.4 added");
            assert_eq!(remove, &["N.3".to_string()]);
        }
        other => panic!("not a change of entries: {other:?}"),
    }
    // The second register import goes down as one removal and one addition from version 1.
    let shape: Vec<(i64, Option<i64>, u32, u32, usize, usize)> = deltas[2..6]
        .iter()
        .map(|d| match d {
            DownDelta::Documents {
                version,
                base_version,
                part,
                parts,
                add,
                remove,
            } => (
                *version,
                *base_version,
                *part,
                *parts,
                add.len(),
                remove.len(),
            ),
            other => panic!("not a register change: {other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            (1, Some(0), 1, 2, 5000, 0),
            (1, Some(0), 2, 2, 2500, 0),
            (2, Some(1), 1, 2, 0, 1),
            (2, Some(1), 2, 2, 1, 0)
        ]
    );

    // Only a BCP node applies deltas.
    assert!(matches!(
        edge.apply_down(1, deltas[0].clone(), ev("sync.apply"))
            .await,
        Err(StoreError::Invalid(_))
    ));
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-b", Some("LAND1"))
        .await
        .unwrap();
    apply_rows(edge, &rows[..3], 1).await;
    // The first part of the register is kept aside: a check sees the old register until the last part.
    assert_eq!(edge.list_versions().await.unwrap().document_alerts, 0);
    assert!(!found(edge, "D0000001").await);
    apply_rows(edge, &rows[3..5], 4).await;
    assert_eq!(edge.list_versions().await.unwrap().document_alerts, 7500);
    assert!(
        found(edge, "D0000000").await,
        "removed only with the last part"
    );
    apply_rows(edge, &rows[5..], 6).await;
    assert!(!found(edge, "D0000000").await);
    assert!(found(edge, "D9000000").await);
    // A redelivery of an applied delta changes nothing.
    assert!(!edge
        .apply_down(2, deltas[1].clone(), ev("sync.apply"))
        .await
        .unwrap());

    // The node ends at the centre's versions, with the centre's content.
    let v = edge.list_versions().await.unwrap();
    let cv = centre.list_versions().await.unwrap();
    assert_eq!(v.down_seq, 7);
    assert_eq!(v.watchlists, cv.watchlists);
    assert_eq!(cv.watchlists.get("national"), Some(&2));
    assert_eq!((v.document_register, cv.document_register), (2, 2));
    assert_eq!((v.document_alerts, cv.document_alerts), (7500, 7500));
    assert_eq!(v.rules, cv.rules);
    assert_eq!(edge.rules().await.unwrap(), centre.rules().await.unwrap());
    assert_eq!(
        digest_of(edge, "national").await,
        list_digest(&v2),
        "the list built from deltas is the centre's"
    );
    // Each applied change is audited at the node (and those entries go up).
    let applied = edge
        .audit_entries(1, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.action == "sync.apply")
        .count();
    assert_eq!(
        applied, 5,
        "two list versions, two register versions, one rule"
    );

    // A node that missed a change refuses the next one, keeps what it has and says how to repair it.
    edge2
        .set_sync_identity(NodeRole::Bcp, "LAND1-c", Some("LAND1"))
        .await
        .unwrap();
    let e = edge2
        .apply_down(2, deltas[1].clone(), ev("sync.apply"))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.contains("holds version 0") && m.contains("sync resend")),
        "{e}"
    );
    assert!(edge2.watchlists().await.unwrap().is_empty());
    for (i, d) in deltas[4..6].iter().enumerate() {
        let r = edge2
            .apply_down(5 + i as u64, d.clone(), ev("sync.apply"))
            .await;
        if i == 1 {
            assert!(
                matches!(&r, Err(StoreError::Conflict(m)) if m.contains("register")),
                "{r:?}"
            );
        }
    }
    assert_eq!(edge2.list_versions().await.unwrap().document_alerts, 0);
    // The repair: the centre sends everything whole at its versions; the node takes it, the other node (which
    // holds it all already) changes nothing.
    centre
        .outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
    let queued = centre.queue_full_copy().await.unwrap();
    let copy = centre.outbox_pending(100).await.unwrap();
    assert_eq!(queued as usize, copy.len());
    assert_eq!(
        copy.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        ["watchlist", "documents", "documents", "rule"]
    );
    apply_rows(edge2, &copy, 20).await;
    let v2n = edge2.list_versions().await.unwrap();
    assert_eq!(
        (
            &v2n.watchlists,
            v2n.document_register,
            v2n.document_alerts,
            &v2n.rules
        ),
        (&cv.watchlists, 2, 7500, &cv.rules)
    );
    assert_eq!(digest_of(edge2, "national").await, list_digest(&v2));
    assert!(found(edge2, "D9000000").await && !found(edge2, "D0000000").await);
    let before = edge.audit_entries(1, 1000).await.unwrap().len();
    apply_rows(edge, &copy, 20).await;
    assert_eq!(
        edge.audit_entries(1, 1000).await.unwrap().len(),
        before,
        "a node that holds the copy already changes nothing"
    );
    assert_eq!(edge.list_versions().await.unwrap().document_alerts, 7500);
    // Every change was audited in the centre's own chain.
    assert!(verify_audit_chain(centre).await.unwrap().is_ok());
}

/// A list too large for one message goes down in slices; a node applies it when the last slice is in, and a
/// later change of a few entries of it is one small message. `centre` is a fresh store of the backend under
/// test, `edge` a fresh embedded store.
pub async fn sync_large_list_story<C: Store + SyncStore, E: Store + SyncStore>(
    centre: &C,
    edge: &E,
) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "SEA2-a", Some("SEA2"))
        .await
        .unwrap();
    let names: Vec<(String, String)> = (0..8000)
        .map(|i| (format!("L.{i}"), format!("PERSON NUMBER {i} ÅSTRÖM")))
        .collect();
    let refs: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let big = list_json(&refs);
    assert!(big.len() > 2 * limes_store::delta::LIST_PART_BYTES);
    centre
        .save_watchlist(meta(), big.clone(), ev("watchlist.import"))
        .await
        .unwrap();
    let rows = centre.outbox_pending(1000).await.unwrap();
    assert!(rows.len() >= 3, "{} messages", rows.len());
    assert!(rows
        .iter()
        .all(|r| r.kind == "watchlist" && r.payload.len() < 1024 * 1024));
    // Every slice but the last is kept aside: the node does not hold the list yet.
    apply_rows(edge, &rows[..rows.len() - 1], 1).await;
    assert!(edge.watchlists().await.unwrap().is_empty());
    apply_rows(edge, &rows[rows.len() - 1..], rows.len() as u64).await;
    assert_eq!(digest_of(edge, "national").await, list_digest(&big));
    centre
        .outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    // Ten entries change: one small message.
    let mut changed = names.clone();
    for (_, n) in changed.iter_mut().take(10) {
        n.push_str(" JUNIOR");
    }
    let refs: Vec<(&str, &str)> = changed
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let v2 = list_json(&refs);
    centre
        .save_watchlist(meta(), v2.clone(), ev("watchlist.import"))
        .await
        .unwrap();
    let rows2 = centre.outbox_pending(1000).await.unwrap();
    assert_eq!(rows2.len(), 1);
    assert!(
        rows2[0].payload.len() < 10 * 1024,
        "{} bytes",
        rows2[0].payload.len()
    );
    apply_rows(edge, &rows2, rows.len() as u64 + 1).await;
    assert_eq!(digest_of(edge, "national").await, list_digest(&v2));
    assert_eq!(
        edge.list_versions().await.unwrap().watchlists,
        centre.list_versions().await.unwrap().watchlists
    );
}

/// A seizure made at a BCP: a record kind of this story's own, kept at the centre in the generic table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestSeizure {
    pub id: String,
    pub goods: String,
    pub quantity: u32,
}

pub struct TestSeizures;

impl RecordKind for TestSeizures {
    const KIND: &'static str = "test_seizure";
    type Record = TestSeizure;
    fn key(record: &TestSeizure) -> String {
        record.id.clone()
    }
}

/// A notice to every BCP: reference data of this story's own, kept at every node in the generic table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TestNotice {
    pub id: String,
    pub text: String,
}

pub struct TestNotices;

impl RecordKind for TestNotices {
    const KIND: &'static str = "test_notice";
    type Record = TestNotice;
    fn key(record: &TestNotice) -> String {
        record.id.clone()
    }
}

fn seizure(id: &str, quantity: u32) -> TestSeizure {
    TestSeizure {
        id: id.into(),
        goods: "cigarettes".into(),
        quantity,
    }
}

fn notice(id: &str, text: &str) -> TestNotice {
    TestNotice {
        id: id.into(),
        text: text.into(),
    }
}

/// A kind declared by a domain travels with no sync code of its own: records made at a BCP node reach the
/// centre once each at their newest version and are counted per kind; reference data made at the centre
/// reaches every node, newest version of each key, removals included. `edge` is a fresh embedded store,
/// `centre` a fresh store of the backend under test.
pub async fn sync_records_story<E: Store + SyncStore, C: Store + SyncStore>(edge: &E, centre: &C) {
    registry::declare(SyncedKind::up::<TestSeizures>("seizures (test)")).unwrap();
    registry::declare(SyncedKind::down::<TestNotices>(
        "notices to the BCPs (test)",
    ))
    .unwrap();

    // Standalone: the record is kept, nothing goes out.
    let key = send_up::<TestSeizures>(edge, &seizure("S1", 2), ev("seizure.record"))
        .await
        .unwrap();
    assert_eq!(key, "S1");
    assert_eq!(edge.outbox_backlog().await.unwrap(), 0);
    // A kind nobody declared, a record that is not of its kind, and a down kind are refused, naming them.
    let e = edge
        .put_up_record("test_undeclared", "{}".into(), ev("x"))
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown record kind 'test_undeclared'"),
        "{e}"
    );
    let e = edge
        .put_up_record(TestSeizures::KIND, "{\"id\": \"S9\"}".into(), ev("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(_)) && e.to_string().contains("test_seizure"),
        "{e}"
    );
    let e = edge
        .put_up_record(
            TestNotices::KIND,
            serde_json::to_string(&notice("N1", "x")).unwrap(),
            ev("x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e}");

    // Becoming a BCP node sends what it holds: the audit entry and the seizure.
    edge.set_sync_identity(NodeRole::Bcp, "LAND1-s", Some("LAND1"))
        .await
        .unwrap();
    send_up::<TestSeizures>(edge, &seizure("S2", 1), ev("seizure.record"))
        .await
        .unwrap();
    // A correction is a new version of the same record, which goes up again.
    send_up::<TestSeizures>(edge, &seizure("S1", 5), ev("seizure.correct"))
        .await
        .unwrap();
    let rows = edge.outbox_pending(100).await.unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "audit",
            "test_seizure",
            "test_seizure",
            "audit",
            "test_seizure",
            "audit"
        ]
    );
    let held = read_records::<TestSeizures>(edge, None, 10).await.unwrap();
    assert_eq!(
        held,
        [
            ("".to_string(), seizure("S1", 5)),
            ("".to_string(), seizure("S2", 1))
        ]
    );

    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let records: Vec<UpRecord> = rows.iter().map(|r| up("LAND1-s", r)).collect();
    // The correction first (as after a lost message), then everything, then everything again.
    assert_eq!(
        centre
            .ingest_up(vec![records[4].clone()], t0())
            .await
            .unwrap(),
        [Ingested::Stored]
    );
    let all = centre.ingest_up(records.clone(), t0()).await.unwrap();
    assert_eq!(all.iter().filter(|r| **r == Ingested::Stored).count(), 5);
    let (a, b) = tokio::join!(
        centre.ingest_up(records.clone(), t0()),
        centre.ingest_up(records.clone(), t0())
    );
    assert!(a
        .unwrap()
        .into_iter()
        .chain(b.unwrap())
        .all(|r| r == Ingested::Duplicate));
    // Stored once each, at the newest version: the first version, arriving late, did not overwrite it.
    let at_centre = read_records::<TestSeizures>(centre, None, 10)
        .await
        .unwrap();
    assert_eq!(
        at_centre,
        [
            ("LAND1-s".to_string(), seizure("S1", 5)),
            ("LAND1-s".to_string(), seizure("S2", 1))
        ]
    );
    // Another node's record of the same key is kept apart; a page starts after the cursor.
    let other = UpRecord {
        node: "SEA2-t".into(),
        bcp: "SEA2".into(),
        seq: 1,
        kind: TestSeizures::KIND.into(),
        payload: serde_json::to_string(&seizure("S1", 9)).unwrap(),
    };
    centre.ingest_up(vec![other], t0()).await.unwrap();
    let page = centre
        .synced_records(
            TestSeizures::KIND,
            Some(("LAND1-s".into(), "S1".into())),
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        page.iter()
            .map(|r| (r.origin.as_str(), r.key.as_str()))
            .collect::<Vec<_>>(),
        [("LAND1-s", "S2"), ("SEA2-t", "S1")]
    );
    // The status counts what each node sent, per kind.
    let nodes = centre.nodes().await.unwrap();
    let land = nodes.iter().find(|n| n.node == "LAND1-s").unwrap();
    assert_eq!(land.records, 6);
    assert_eq!(
        land.records_by_kind,
        [("audit".to_string(), 3), ("test_seizure".to_string(), 3)].into()
    );
    // A record of a down kind sent up is refused, naming node, seq and kind.
    let wrong_way = UpRecord {
        seq: 50,
        kind: TestNotices::KIND.into(),
        payload: serde_json::to_string(&notice("N1", "x")).unwrap(),
        ..records[0].clone()
    };
    let e = centre.ingest_up(vec![wrong_way], t0()).await.unwrap_err();
    assert!(
        e.to_string().contains("record LAND1-s:50 (test_notice)")
            && e.to_string().contains("unknown record kind"),
        "{e}"
    );
    edge.outbox_sent(rows.iter().map(|r| r.seq).collect())
        .await
        .unwrap();

    // Down: notices made at the centre, changed and removed.
    send_down::<TestNotices>(centre, &notice("N1", "road closed"), ev("notice.send"))
        .await
        .unwrap();
    send_down::<TestNotices>(centre, &notice("N2", "new stamp"), ev("notice.send"))
        .await
        .unwrap();
    let v = send_down::<TestNotices>(centre, &notice("N1", "road open again"), ev("notice.send"))
        .await
        .unwrap();
    assert_eq!(v, 3);
    assert_eq!(
        remove_down::<TestNotices>(centre, "N2", ev("notice.remove"))
            .await
            .unwrap(),
        4
    );
    // Only the centre sends records down, and only of a down kind.
    let e = send_down::<TestNotices>(edge, &notice("N3", "x"), ev("x"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("only the centre"), "{e}");
    let e = send_down::<TestSeizures>(centre, &seizure("S3", 1), ev("x"))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e}");
    let down = centre.outbox_pending(100).await.unwrap();
    assert!(down.iter().all(|r| r.kind == "test_notice"), "{down:?}");
    assert_eq!(down.len(), 4);
    apply_rows(edge, &down, 1).await;
    let notices = read_records::<TestNotices>(edge, None, 10).await.unwrap();
    assert_eq!(notices, [("".to_string(), notice("N1", "road open again"))]);
    // A redelivery of an older version changes nothing.
    let first: DownDelta = serde_json::from_str(&down[0].payload).unwrap();
    let audited = edge.audit_entries(1, 1000).await.unwrap().len();
    assert!(edge.apply_down(9, first, ev("sync.apply")).await.unwrap());
    assert_eq!(
        read_records::<TestNotices>(edge, None, 10).await.unwrap(),
        notices
    );
    assert_eq!(edge.audit_entries(1, 1000).await.unwrap().len(), audited);
    // The node holds the centre's version of the kind; one that does not is behind on it.
    let cv = centre.list_versions().await.unwrap();
    let nv = edge.list_versions().await.unwrap();
    assert_eq!(cv.records, [("test_notice".to_string(), 4)].into());
    assert_eq!(nv.records, cv.records);
    let lagging = ListVersions {
        records: [("test_notice".to_string(), 2)].into(),
        ..nv.clone()
    };
    let heartbeat = |versions: ListVersions| Heartbeat {
        link_problem: None,
        node: "LAND1-s".into(),
        bcp: "LAND1".into(),
        sent_at: t0(),
        backlog: 0,
        versions,
    };
    centre
        .record_heartbeat(heartbeat(lagging), t0())
        .await
        .unwrap();
    let report =
        limes_store::node_status::report(cv.clone(), centre.nodes().await.unwrap(), t0(), 60);
    let land = report.nodes.iter().find(|n| n.node == "LAND1-s").unwrap();
    assert!(
        land.behind_on
            .contains(&"records:test_notice (2 < 4)".to_string()),
        "{land:?}"
    );
    assert_eq!(land.records_by_kind.get("test_seizure"), Some(&3));
    centre.record_heartbeat(heartbeat(nv), t0()).await.unwrap();
    let report = limes_store::node_status::report(cv, centre.nodes().await.unwrap(), t0(), 60);
    let land = report.nodes.iter().find(|n| n.node == "LAND1-s").unwrap();
    assert!(!land.behind, "{land:?}");

    // A full copy sends the newest version of every record, the removed one too.
    centre
        .outbox_sent(down.iter().map(|r| r.seq).collect())
        .await
        .unwrap();
    centre.queue_full_copy().await.unwrap();
    let copy: Vec<DownDelta> = centre
        .outbox_pending(100)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.kind == "test_notice")
        .map(|r| serde_json::from_str(&r.payload).unwrap())
        .collect();
    let shape: Vec<(String, i64, bool)> = copy
        .into_iter()
        .map(|d| match d {
            DownDelta::Record {
                key,
                version,
                record,
                ..
            } => (key, version, record.is_some()),
            other => panic!("not a record: {other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [("N1".to_string(), 3, true), ("N2".to_string(), 4, false)]
    );
    assert!(verify_audit_chain(centre).await.unwrap().is_ok());
}

/// The centre's pending downward rows after the `already` first ones, with the stream sequence of the first.
async fn rows_after<C: SyncStore>(centre: &C, already: usize) -> (Vec<OutboxRow>, u64) {
    let rows = centre.outbox_pending(100_000).await.unwrap();
    (rows[already..].to_vec(), already as u64 + 1)
}

/// The organisation comes down from the centre (issue 13): agencies, BCPs, users with their password hashes and
/// API tokens' hashes reach a BCP node's own tables, where sign-in and token lookups find them; a deactivation
/// and a revocation at the centre take effect at the node once applied, in order and once; the node itself
/// refuses to change the organisation. `centre` is a fresh store of the backend under test, `edge` a fresh
/// embedded store.
pub async fn sync_org_story<C: Store + SyncStore, E: Store + SyncStore>(centre: &C, edge: &E) {
    let agency = Agency {
        code: "UBP".into(),
        name: "Utopia Border Police".into(),
        kind: AgencyKind::BorderPolice,
    };
    centre
        .upsert_agency(&agency, ev("agency.upsert"))
        .await
        .unwrap();
    let bcp = Bcp {
        code: "LAND1".into(),
        name: "Land 1".into(),
        kind: BcpKind::Land,
        border_section: "North".into(),
        neighbour: None,
        agency: "UBP".into(),
        latitude: None,
        longitude: None,
        active: true,
    };
    centre.upsert_bcp(&bcp, ev("bcp.upsert")).await.unwrap();
    let new_user = |name: &str, role: Role| NewUser {
        username: name.into(),
        display_name: name.to_uppercase(),
        role,
        agency: "UBP".into(),
        bcps: vec!["LAND1".into()],
        password_hash: format!("$argon2id$hash-of-{name}"),
        created_at: t0(),
        language: None,
    };
    // Made before the database became the centre: the first full copy carries it.
    let ana = centre
        .create_user(new_user("ana", Role::FirstLineOfficer), ev("user.create"))
        .await
        .unwrap();
    assert_eq!(centre.outbox_backlog().await.unwrap(), 0);
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    // Made at the centre: sent down in the transaction of the change.
    let gate = centre
        .create_user(new_user("gate1", Role::Gate), ev("user.create"))
        .await
        .unwrap();
    let gate_token = token_hash("gate-secret");
    centre
        .create_expiring_api_token(
            NewApiToken {
                token_hash: gate_token.clone(),
                user_id: gate.id.clone(),
                name: "e-gate 1".into(),
                created_at: t0(),
            },
            Some(t0() + Duration::days(30)),
            ev("token.create"),
        )
        .await
        .unwrap();
    let (rows, first) = rows_after(centre, 0).await;
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    for kind in ["agency", "bcp", "user", "api_token"] {
        assert!(kinds.contains(&kind), "{kind} not sent down: {kinds:?}");
    }
    edge.set_sync_identity(NodeRole::Bcp, "LAND1", Some("LAND1"))
        .await
        .unwrap();
    apply_rows(edge, &rows, first).await;
    assert_eq!(edge.agencies().await.unwrap(), vec![agency]);
    assert_eq!(edge.bcp("LAND1").await.unwrap(), Some(bcp.clone()));
    let (at_node, hash) = edge.user_credentials("ana").await.unwrap().unwrap();
    assert_eq!(
        (at_node, hash.as_str()),
        (ana.clone(), "$argon2id$hash-of-ana")
    );
    assert_eq!(
        edge.api_token_user(&gate_token)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(gate.id.clone())
    );
    let (token, _) = edge.api_token(&gate_token).await.unwrap().unwrap();
    assert_eq!(token.expires_at, Some(t0() + Duration::days(30)));
    // Versions are reported per kind.
    let versions = edge.list_versions().await.unwrap();
    assert!(versions.records.contains_key("user"), "{versions:?}");

    // A session at the node ends when the centre deactivates the user; the token stops when it is revoked.
    edge.create_session(Session {
        token_hash: token_hash("ana-cookie"),
        user_id: ana.id.clone(),
        bcp: Some("LAND1".into()),
        created_at: t0(),
        expires_at: t0() + Duration::hours(8),
    })
    .await
    .unwrap();
    let sent = rows.len();
    centre
        .set_user_active(&ana.id, false, ev("user.deactivate"))
        .await
        .unwrap();
    let token_id = limes_store::token_id(&gate_token);
    centre
        .revoke_api_token(&token_id, t0(), ev("token.revoke"))
        .await
        .unwrap();
    let (more, _) = rows_after(centre, sent).await;
    assert_eq!(
        more.len(),
        2,
        "one new version of the user, one of the token"
    );
    // Still the old state until the change arrives (the node works offline with what it received).
    assert!(
        edge.user_credentials("ana")
            .await
            .unwrap()
            .unwrap()
            .0
            .active
    );
    apply_rows(edge, &more, first + sent as u64).await;
    assert!(
        !edge
            .user_credentials("ana")
            .await
            .unwrap()
            .unwrap()
            .0
            .active
    );
    assert!(edge
        .session(&token_hash("ana-cookie"))
        .await
        .unwrap()
        .is_none());
    assert!(edge.api_token_user(&gate_token).await.unwrap().is_none());
    // Applied once: the same delivery again changes nothing.
    let again: DownDelta = serde_json::from_str(&more[0].payload).unwrap();
    assert!(!edge
        .apply_down(first + sent as u64, again, ev("sync.apply"))
        .await
        .unwrap());

    // Administration is central: the node refuses to change the organisation, naming where to do it.
    let refused = edge
        .create_user(new_user("local", Role::Administrator), ev("user.create"))
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Invalid(m) if m.contains("national centre")),
        "{refused}"
    );
    assert!(edge.upsert_bcp(&bcp, ev("bcp.upsert")).await.is_err());
    assert!(edge
        .revoke_api_token(&token_id, t0(), ev("token.revoke"))
        .await
        .is_err());
    // A user's own language is theirs to choose at the node.
    edge.set_user_language(&ana.id, Some("fr"), ev("user.language"))
        .await
        .unwrap();

    // A resend from the centre carries the organisation whole again, which the node holds already.
    let before = centre.outbox_backlog().await.unwrap();
    centre.queue_full_copy().await.unwrap();
    let (copy, next) = rows_after(centre, before as usize).await;
    let copy_kinds: Vec<&str> = copy.iter().map(|r| r.kind.as_str()).collect();
    let position = |k: &str| copy_kinds.iter().position(|c| *c == k).unwrap();
    assert!(position("agency") < position("user") && position("user") < position("api_token"));
    for (i, row) in copy.iter().enumerate() {
        let delta: DownDelta = serde_json::from_str(&row.payload).unwrap();
        edge.apply_down(next + i as u64, delta, ev("sync.apply"))
            .await
            .unwrap();
    }
    assert!(
        !edge
            .user_credentials("ana")
            .await
            .unwrap()
            .unwrap()
            .0
            .active
    );
}

/// A new node's enrolment token is good once, for its BCP, until it expires; only the centre makes one.
/// `centre` is a fresh store of the backend under test.
pub async fn enrolment_story<C: Store + SyncStore>(centre: &C) {
    let enrolment = |secret: &str, hours: i64| NewEnrolment {
        token_hash: token_hash(secret),
        bcp: "LAND1".into(),
        node: "LAND1".into(),
        created_at: t0(),
        expires_at: t0() + Duration::hours(hours),
    };
    let refused = centre
        .create_enrolment(enrolment("s1", 24), ev("sync.enrol"))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("national centre"), "{refused}");
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    centre
        .create_enrolment(enrolment("s1", 24), ev("sync.enrol"))
        .await
        .unwrap();
    centre
        .create_enrolment(enrolment("s2", 1), ev("sync.enrol"))
        .await
        .unwrap();
    let claim = |secret: &'static str, bcp: &'static str, hours: i64| async move {
        centre
            .claim_enrolment(
                &token_hash(secret),
                bcp,
                t0() + Duration::hours(hours),
                ev("sync.enrol.claim"),
            )
            .await
            .unwrap()
    };
    assert_eq!(claim("nope", "LAND1", 0).await, EnrolmentClaim::Unknown);
    assert_eq!(claim("s1", "SEA2", 0).await, EnrolmentClaim::Unknown);
    let expired = claim("s2", "LAND1", 2).await;
    assert_eq!(
        expired,
        EnrolmentClaim::Expired {
            at: t0() + Duration::hours(1)
        }
    );
    assert!(expired.refusal().unwrap().contains("expired"));
    let backlog = centre.outbox_backlog().await.unwrap();
    assert_eq!(
        claim("s1", "LAND1", 1).await,
        EnrolmentClaim::Accepted {
            bcp: "LAND1".into(),
            node: "LAND1".into()
        }
    );
    // What the centre holds goes down whole for the new node.
    assert!(centre.outbox_backlog().await.unwrap() >= backlog);
    let used = claim("s1", "LAND1", 2).await;
    assert_eq!(
        used,
        EnrolmentClaim::Used {
            at: t0() + Duration::hours(1)
        }
    );
    assert!(used.refusal().unwrap().contains("used already"));
}

/// A confirmed hit on a traveller of a flight arriving at `bcp` (none: a flight to no BCP).
fn confirmed_alert(bcp: Option<&str>, hit_id: &str) -> ConfirmedAlert {
    let mut flight = crate::pax_story::flight();
    flight.arrival_bcp = bcp.map(str::to_string);
    let traveller = ApiTraveller {
        id: format!("t-{hit_id}"),
        manifest_id: "m-1".into(),
        flight_key: flight.key.clone(),
        position: 0,
        role: "passenger".into(),
        surname: "DOE".into(),
        given_names: "JANE".into(),
        gender: Some("F".into()),
        birth_date: NaiveDate::from_ymd_opt(1980, 1, 2),
        nationality: "UTO".into(),
        booking_reference: "PNR1".into(),
        seat: "1A".into(),
        documents: vec![ApiDocument {
            doc_type: "P".into(),
            number: "P1234567".into(),
            issuing_state: "UTO".into(),
            expiry_date: None,
        }],
        details: serde_json::json!({}),
        person_key: limes_domain::person_key(
            "DOE",
            "JANE",
            NaiveDate::from_ymd_opt(1980, 1, 2),
            "UTO",
        ),
    };
    let hit = ApiHit {
        id: hit_id.into(),
        traveller_id: traveller.id.clone(),
        flight_key: flight.key.clone(),
        kind: HitKind::Watchlist,
        source: "UN:QDi.1".into(),
        rule_version: None,
        severity: limes_domain::Severity::Critical,
        score: Some(0.97),
        summary: "DOE JANE on the UN list".into(),
        explain: serde_json::json!({}),
        status: HitStatus::Confirmed,
        reviewed_by: Some("pia".into()),
        reviewed_at: Some(t0()),
        review_reason: Some("same birth date and passport".into()),
        created_at: t0(),
    };
    ConfirmedAlert {
        hit,
        flight,
        traveller,
    }
}

/// Records of a node re-sent to the centre under new outbox seqs, from `first_seq`.
fn resend(node: &str, bcp: &str, first_seq: i64, records: &[(&str, String)]) -> Vec<UpRecord> {
    records
        .iter()
        .enumerate()
        .map(|(i, (kind, payload))| UpRecord {
            node: node.into(),
            bcp: bcp.into(),
            seq: first_seq + i as i64,
            kind: kind.to_string(),
            payload: payload.clone(),
        })
        .collect()
}

/// The federation's own records (issue 12). Down: a confirmed pre-arrival hit goes to its arrival BCP's node
/// only, is applied there by version, and is removed when withdrawn; another BCP's node refuses it. Up: a node's
/// signed audit checkpoints reach the centre with its chain, which verifies against them; a chain rewritten at
/// the node (every later hash recomputed) and re-sent is reported, as is a node signing a shorter chain later,
/// and a checkpoint signed by another key is refused. `air` and `land` are fresh embedded stores (BCP nodes).
pub async fn sync_federation_story<C: Store + SyncStore, E: Store + SyncStore>(
    centre: &C,
    air: &E,
    land: &E,
) {
    use ed25519_dalek::SigningKey;
    use limes_domain::audit::entry_hash;
    use limes_domain::audit_checkpoint::{public_key_hex, AuditCheckpoint};
    use limes_store::node_chain::verify_node_anchored;
    use limes_store::sync::kinds::{AuditCheckpoints, PreArrivalAlerts};

    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    air.set_sync_identity(NodeRole::Bcp, "AIR1-a", Some("AIR1"))
        .await
        .unwrap();
    land.set_sync_identity(NodeRole::Bcp, "LAND1-a", Some("LAND1"))
        .await
        .unwrap();

    // --- Down: a confirmed hit for AIR1. ---
    let alert = confirmed_alert(Some("AIR1"), "h-1");
    send_down::<PreArrivalAlerts>(centre, &alert, ev("api.hit.send"))
        .await
        .unwrap();
    let rows = centre.outbox_pending(100).await.unwrap();
    let row = rows
        .iter()
        .find(|r| r.kind == "pre_arrival_alert")
        .expect("the alert is queued");
    assert_eq!(row.key, "AIR1/h-1@1");
    let delta: DownDelta = serde_json::from_str(&row.payload).unwrap();
    // Need-to-know: the node of another BCP refuses it, naming both BCPs; nothing is kept there.
    let e = land
        .apply_addressed(delta.clone(), ev("sync.apply"))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Invalid(m) if m.contains("for BCP AIR1") && m.contains("LAND1")),
        "{e}"
    );
    assert!(read_records::<PreArrivalAlerts>(land, None, 10)
        .await
        .unwrap()
        .is_empty());
    // The arrival BCP's node keeps it once, audited.
    assert!(air
        .apply_addressed(delta.clone(), ev("sync.apply"))
        .await
        .unwrap());
    assert!(!air
        .apply_addressed(delta.clone(), ev("sync.apply"))
        .await
        .unwrap());
    assert_eq!(
        read_records::<PreArrivalAlerts>(air, None, 10)
            .await
            .unwrap(),
        [(String::new(), alert.clone())]
    );
    assert!(air
        .recent_audit(5)
        .await
        .unwrap()
        .iter()
        .any(|e| e.event.subject.as_deref() == Some("pre_arrival_alert:AIR1/h-1")));
    // A list change is not a record for one BCP; nor is a kind every node receives.
    let rule = DownDelta::Rule {
        rule: StoredRule {
            id: "r1".into(),
            version: 1,
            owner: "piu".into(),
            saved_by: "analyst".into(),
            saved_at: t0(),
            rule: serde_json::json!({"name": "test rule"}),
        },
    };
    assert!(air.apply_addressed(rule, ev("sync.apply")).await.is_err());
    // An alert of a flight that arrives at no BCP cannot be addressed: refused at the centre.
    let nowhere = confirmed_alert(None, "h-2");
    let e = send_down::<PreArrivalAlerts>(centre, &nowhere, ev("api.hit.send"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("<BCP>/<id>"), "{e}");
    // Withdrawn at the centre: removed at the node; the older version arriving late changes nothing.
    remove_down::<PreArrivalAlerts>(centre, "AIR1/h-1", ev("api.hit.withdraw"))
        .await
        .unwrap();
    let removal = centre
        .outbox_pending(100)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.key == "AIR1/h-1@2")
        .expect("the removal is queued");
    let removal: DownDelta = serde_json::from_str(&removal.payload).unwrap();
    assert!(air
        .apply_addressed(removal, ev("sync.apply"))
        .await
        .unwrap());
    assert!(!air.apply_addressed(delta, ev("sync.apply")).await.unwrap());
    assert!(read_records::<PreArrivalAlerts>(air, None, 10)
        .await
        .unwrap()
        .is_empty());
    // The centre still holds the removal (a tombstone), not the alert.
    assert!(read_records::<PreArrivalAlerts>(centre, None, 10)
        .await
        .unwrap()
        .is_empty());

    // --- Up: the node's audit chain and its signed checkpoints. ---
    let key = SigningKey::from_bytes(&[7; 32]);
    for n in 0..3 {
        air.append_audit(ev(&format!("check.run.{n}")))
            .await
            .unwrap();
    }
    let head = air.recent_audit(1).await.unwrap().remove(0);
    let signed = AuditCheckpoint::sign(&key, "AIR1-a", head.seq, &head.hash, t0(), false);
    air.add_audit_checkpoint(signed.clone()).await.unwrap();
    // Keeping a checkpoint writes no audit entry (it would move the head it signs) but queues it for the centre.
    assert_eq!(air.recent_audit(1).await.unwrap()[0].seq, head.seq);
    let rows = air.outbox_pending(1000).await.unwrap();
    let cp_rows: Vec<&OutboxRow> = rows
        .iter()
        .filter(|r| r.kind == "audit_checkpoint")
        .collect();
    assert_eq!(cp_rows.len(), 1);
    assert_eq!(cp_rows[0].key, AuditCheckpoints::key(&signed));
    let up_rows: Vec<UpRecord> = rows
        .iter()
        .map(|r| UpRecord {
            node: "AIR1-a".into(),
            bcp: "AIR1".into(),
            seq: r.seq,
            kind: r.kind.clone(),
            payload: r.payload.clone(),
        })
        .collect();
    centre.ingest_up(up_rows.clone(), t0()).await.unwrap();
    let first_seq_after = up_rows.last().unwrap().seq + 1;
    let report = verify_node_anchored(centre, centre, "AIR1-a", t0())
        .await
        .unwrap();
    assert!(report.intact(), "{:?}", report.report.problems);
    assert_eq!(report.report.anchored_through, Some(head.seq));
    assert_eq!(report.checkpoints, 1);
    assert_eq!(
        report.public_key.as_deref(),
        Some(public_key_hex(&key.verifying_key()).as_str())
    );
    // A node that sent nothing has nothing anchored and nothing wrong.
    let none = verify_node_anchored(centre, centre, "SEA1-a", t0())
        .await
        .unwrap();
    assert!(none.intact() && none.public_key.is_none());

    // The node's chain rewritten (entry 2 changed, every later hash recomputed), its head signed again by the
    // node's key and the whole re-sent: the centre keeps what it had and reports the rewrite.
    let mut entries = air.audit_entries(1, 1000).await.unwrap();
    let mut prev = entries[0].hash.clone();
    for e in entries.iter_mut().skip(1) {
        if e.seq == 2 {
            e.event.detail = "nothing happened".into();
        }
        e.prev_hash = prev.clone();
        e.hash = entry_hash(e.seq, &e.prev_hash, &e.event);
        prev = e.hash.clone();
    }
    let rewritten = entries.last().unwrap().clone();
    assert_eq!(rewritten.seq, head.seq);
    let resigned = AuditCheckpoint::sign(
        &key,
        "AIR1-a",
        rewritten.seq,
        &rewritten.hash,
        t0() + Duration::minutes(5),
        false,
    );
    let mut again: Vec<(&str, String)> = entries
        .iter()
        .map(|e| ("audit", serde_json::to_string(e).unwrap()))
        .collect();
    again.push((
        "audit_checkpoint",
        serde_json::to_string(&resigned).unwrap(),
    ));
    centre
        .ingest_up(resend("AIR1-a", "AIR1", first_seq_after, &again), t0())
        .await
        .unwrap();
    let report = verify_node_anchored(centre, centre, "AIR1-a", t0())
        .await
        .unwrap();
    assert!(!report.intact());
    assert!(
        report
            .report
            .problems
            .iter()
            .any(|p| p.contains(&format!("entry {} differs", head.seq)) && p.contains("rewritten")),
        "{:?}",
        report.report.problems
    );

    // A checkpoint signed by another key is refused: the node's key stays the one registered first.
    let intruder = SigningKey::from_bytes(&[9; 32]);
    let forged = AuditCheckpoint::sign(
        &intruder,
        "AIR1-a",
        head.seq,
        &head.hash,
        t0() + Duration::minutes(6),
        false,
    );
    let next = first_seq_after + again.len() as i64;
    centre
        .ingest_up(
            resend(
                "AIR1-a",
                "AIR1",
                next,
                &[("audit_checkpoint", serde_json::to_string(&forged).unwrap())],
            ),
            t0(),
        )
        .await
        .unwrap();
    let report = verify_node_anchored(centre, centre, "AIR1-a", t0())
        .await
        .unwrap();
    assert_eq!((report.checkpoints, report.refused), (3, 1));
    assert_eq!(
        report.public_key.as_deref(),
        Some(public_key_hex(&key.verifying_key()).as_str())
    );
    assert!(
        report
            .report
            .problems
            .iter()
            .any(|p| p.contains("not signed by node AIR1-a's registered audit key")),
        "{:?}",
        report.report.problems
    );

    // Truncated: the LAND1 node signs 3 entries, then (its last entry deleted) signs a shorter chain later.
    let key2 = SigningKey::from_bytes(&[8; 32]);
    let mut sent = Vec::new();
    for n in 0..3 {
        land.append_audit(ev(&format!("check.run.{n}")))
            .await
            .unwrap();
    }
    let entries = land.audit_entries(1, 100).await.unwrap();
    for e in &entries {
        sent.push(("audit", serde_json::to_string(e).unwrap()));
    }
    let at3 = AuditCheckpoint::sign(&key2, "LAND1-a", 3, &entries[2].hash, t0(), false);
    let at2 = AuditCheckpoint::sign(
        &key2,
        "LAND1-a",
        2,
        &entries[1].hash,
        t0() + Duration::minutes(1),
        false,
    );
    sent.push(("audit_checkpoint", serde_json::to_string(&at3).unwrap()));
    sent.push(("audit_checkpoint", serde_json::to_string(&at2).unwrap()));
    centre
        .ingest_up(resend("LAND1-a", "LAND1", 1000, &sent), t0())
        .await
        .unwrap();
    let report = verify_node_anchored(centre, centre, "LAND1-a", t0())
        .await
        .unwrap();
    assert!(
        report.report.problems.iter().any(|p| p
            .contains("at entry 2 after having signed it at entry 3")
            && p.contains("truncated")),
        "{:?}",
        report.report.problems
    );
}
