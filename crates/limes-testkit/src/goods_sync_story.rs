//! Goods up and down the sync, run by every backend as the centre against a BCP node (the embedded store): the
//! selectivity rules saved at the centre come down to the node, which keeps the latest version of each (and
//! refuses to write rules of its own); the node's declarations (lane, reasons, the agencies' decisions) and its
//! inspections (with their results) go up and are kept at the centre at their newest version, once each.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Duration;
use limes_domain::goods_flow::{GoodsStatus, InspectionResult, Lane, Verdict};
use limes_store::sync::*;
use limes_store::*;

use crate::goods_story::{first_version, stored};
use crate::story::{ev, t0};

fn rule(id: &str, version: u32, hs_prefix: &str) -> StoredGoodsRule {
    StoredGoodsRule {
        id: id.into(),
        version,
        saved_by: "analyst".into(),
        saved_at: t0() + Duration::minutes(i64::from(version)),
        rule: serde_json::json!({"id": id, "version": version, "hs_prefix": hs_prefix}),
    }
}

/// The rows a store queued after the first `already`.
async fn queued_after<S: SyncStore>(store: &S, already: usize) -> Vec<OutboxRow> {
    store
        .outbox_pending(10_000)
        .await
        .unwrap()
        .into_iter()
        .skip(already)
        .collect()
}

fn kinds(rows: &[OutboxRow]) -> Vec<&str> {
    rows.iter().map(|r| r.kind.as_str()).collect()
}

fn up(rows: &[OutboxRow]) -> Vec<UpRecord> {
    rows.iter()
        .map(|r| UpRecord {
            node: "land-n1".into(),
            bcp: "UTO-LND-N1".into(),
            seq: r.seq,
            kind: r.kind.clone(),
            payload: r.payload.clone(),
        })
        .collect()
}

pub async fn goods_sync_story<C: Store + SyncStore, E: Store + SyncStore>(centre: &C, edge: &E) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "land-n1", Some("UTO-LND-N1"))
        .await
        .unwrap();

    // Down: every saved rule version goes to the nodes, in the transaction that saved it.
    let already = centre.outbox_pending(10_000).await.unwrap().len();
    centre
        .save_goods_rule(rule("R-ARMS", 1, "93"), ev("goods.rule.save"))
        .await
        .unwrap();
    centre
        .save_goods_rule(rule("R-TEX", 1, "61"), ev("goods.rule.save"))
        .await
        .unwrap();
    centre
        .save_goods_rule(rule("R-ARMS", 2, "9302"), ev("goods.rule.save"))
        .await
        .unwrap();
    // A refused save (a version skipped) sends nothing.
    assert!(centre
        .save_goods_rule(rule("R-TEX", 3, "62"), ev("goods.rule.save"))
        .await
        .is_err());
    let rows = queued_after(centre, already).await;
    assert_eq!(kinds(&rows), [GoodsRules::KIND; 3]);
    // The centre holds what it sent: the latest version of each rule.
    let sent: Vec<StoredGoodsRule> = read_records::<GoodsRules>(centre, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    assert_eq!(sent, [rule("R-ARMS", 2, "9302"), rule("R-TEX", 1, "61")]);

    // The node applies them in order; the first again (a redelivery) changes nothing.
    for row in &rows {
        let delta: DownDelta = serde_json::from_str(&row.payload).unwrap();
        assert!(edge
            .apply_down(row.seq as u64, delta, ev("sync.apply"))
            .await
            .unwrap());
    }
    let first: DownDelta = serde_json::from_str(&rows[0].payload).unwrap();
    assert!(!edge
        .apply_down(rows[0].seq as u64, first, ev("sync.apply"))
        .await
        .unwrap());
    let held: Vec<StoredGoodsRule> = read_records::<GoodsRules>(edge, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|(origin, r)| {
            assert_eq!(origin, "");
            r
        })
        .collect();
    assert_eq!(held, sent);
    assert_eq!(
        edge.list_versions()
            .await
            .unwrap()
            .records
            .get(GoodsRules::KIND),
        Some(&3)
    );
    // A node writes no rules of its own: it selects with those it received.
    let e = edge
        .save_goods_rule(rule("R-LOCAL", 1, "01"), ev("goods.rule.save"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid(ref m) if m.contains("written at the centre")),
        "{e}"
    );
    assert!(edge.goods_rules().await.unwrap().is_empty());

    // Up: a declaration selected at the node, with its inspection, in the lodging's transaction.
    let already = edge.outbox_pending(10_000).await.unwrap().len();
    let red = stored("D-N1", "LRN-N1", Lane::Red, Some("R-ARMS"));
    let inspection = Inspection {
        id: "I-N1".into(),
        declaration_id: red.id.clone(),
        bcp: red.bcp.clone(),
        lane: Lane::Red,
        reasons: red.lane_reasons.clone(),
        created_at: t0(),
        result: None,
    };
    edge.lodge_declaration(
        red.clone(),
        first_version(&red),
        Some(inspection.clone()),
        ev("goods.lodge"),
    )
    .await
    .unwrap();
    let lodged = queued_after(edge, already).await;
    assert_eq!(
        kinds(&lodged),
        [GoodsInspections::KIND, GoodsDeclarations::KIND, kind::AUDIT]
    );
    // The same reference again is refused and queues nothing.
    let mut twice = red.clone();
    twice.id = "D-N1-again".into();
    assert!(edge
        .lodge_declaration(
            twice.clone(),
            first_version(&twice),
            None,
            ev("goods.lodge")
        )
        .await
        .is_err());
    assert_eq!(queued_after(edge, already).await.len(), 3);

    // Customs decides at the node, and the officer records the find.
    let mut decided = red.clone();
    decided.revision = 2;
    decided.status = GoodsStatus::Held;
    decided.agencies[0].verdict = Verdict::Held;
    decided.agencies[0].reason = Some("undeclared pistols".into());
    decided.agencies[0].decided_by = Some("customs".into());
    decided.agencies[0].decided_at = Some(t0() + Duration::minutes(30));
    edge.update_declaration(decided.clone(), None, ev("goods.decide"))
        .await
        .unwrap();
    let result = InspectionResult {
        found: true,
        what: Some("two pistols".into()),
        location: Some("container 1, behind the pallets".into()),
        note: None,
        seals_intact: Some(true),
        inspected_by: "officer".into(),
        inspected_at: t0() + Duration::minutes(20),
    };
    let inspected = edge
        .record_inspection_result("I-N1", result.clone(), ev("goods.inspect"))
        .await
        .unwrap();
    let rows = queued_after(edge, already).await;
    assert_eq!(
        kinds(&rows),
        [
            GoodsInspections::KIND,
            GoodsDeclarations::KIND,
            kind::AUDIT,
            GoodsDeclarations::KIND,
            kind::AUDIT,
            GoodsInspections::KIND,
            kind::AUDIT
        ]
    );

    // The centre takes the later versions first (a lost message resent), then everything, then everything
    // again: each record is kept once, at its newest version.
    let records = up(&rows);
    let late = vec![records[3].clone(), records[5].clone()];
    assert!(centre
        .ingest_up(late, t0())
        .await
        .unwrap()
        .iter()
        .all(|r| *r == Ingested::Stored));
    let all = centre.ingest_up(records.clone(), t0()).await.unwrap();
    assert_eq!(all.iter().filter(|r| **r == Ingested::Stored).count(), 5);
    assert!(centre
        .ingest_up(records, t0())
        .await
        .unwrap()
        .iter()
        .all(|r| *r == Ingested::Duplicate));
    let declarations = read_records::<GoodsDeclarations>(centre, None, 10)
        .await
        .unwrap();
    assert_eq!(declarations, [("land-n1".to_string(), decided)]);
    let inspections = read_records::<GoodsInspections>(centre, None, 10)
        .await
        .unwrap();
    assert_eq!(inspections, [("land-n1".to_string(), inspected.clone())]);
    assert_eq!(inspected.result, Some(result));
    let node = centre
        .nodes()
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.node == "land-n1")
        .unwrap();
    assert_eq!(node.records_by_kind.get(GoodsDeclarations::KIND), Some(&2));
    assert_eq!(node.records_by_kind.get(GoodsInspections::KIND), Some(&2));
}
