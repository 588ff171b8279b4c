//! The stolen-vehicle register and vehicle-crossing story every backend runs: staged imports committed whole or
//! not at all, lookups by VIN and by plate with look-alikes labelled apart, crossings with their audit entries and
//! a plate's history at a BCP. (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::{Duration, NaiveDate};
use limes_domain::vehicle::{
    StolenMatch, StolenVehicle, Vehicle, VehicleCategory, VehicleCrossing,
};
use limes_domain::{AuditEvent, Direction};
use limes_store::sync::{kind, DownDelta, NodeRole, RecordKind, SyncStore, UpRecord};
use limes_store::vehicles::VehicleCrossings;
use limes_store::*;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

pub fn stolen(reference: &str, vin: Option<&str>, plate: Option<(&str, &str)>) -> StolenVehicle {
    StolenVehicle {
        alert_reference: reference.into(),
        vin: vin.map(Into::into),
        plate: plate.map(|(p, _)| p.into()),
        country: plate.map(|(_, c)| c.into()),
        make: "Volkswagen".into(),
        model: "Golf".into(),
        colour: "black".into(),
        stolen_on: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        reporting_authority: "Utopia National Police".into(),
    }
}

fn staged(line: u64, record: StolenVehicle) -> StagedStolenVehicle {
    StagedStolenVehicle { line, record }
}

fn crossing(id: &str, bcp: &str, plate: &str, minutes: i64) -> VehicleCrossing {
    VehicleCrossing {
        id: id.into(),
        bcp: bcp.into(),
        officer: "officer".into(),
        at: t0() + Duration::minutes(minutes),
        direction: Direction::Entry,
        vehicle: Vehicle {
            plate: plate.into(),
            registration_country: "UTO".into(),
            vin: Some("WVWZZZ1JZXW000001".into()),
            make: "Volkswagen".into(),
            model: "Golf".into(),
            category: VehicleCategory::Car,
        },
        driver: Some("check-1".into()),
        passengers: vec!["check-2".into()],
        declarations: vec![],
        vin_report: None,
        vin_problem: None,
        stolen_hits: vec![],
    }
}

/// The newest audit entry's seq (0 for none).
async fn audit_seq(store: &dyn Store) -> i64 {
    store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq)
}

pub async fn vehicles_story(store: &dyn Store) {
    let audit_before = audit_seq(store).await;
    assert_eq!(store.stolen_vehicle_count().await.unwrap(), 0);

    // An import staged in two batches reaches the register only when committed, with one audit entry.
    store
        .stage_stolen_vehicles(
            "imp-1",
            vec![
                staged(2, stolen("SMV-1", Some("wvwzzz1jzxw000001"), None)),
                staged(3, stolen("SMV-2", None, Some(("UT-AB 123", "uto")))),
            ],
        )
        .await
        .unwrap();
    store
        .stage_stolen_vehicles(
            "imp-1",
            vec![staged(
                4,
                stolen(
                    "SMV-3",
                    Some("1HGCM82633A004352"),
                    Some(("ut o 777", "UTO")),
                ),
            )],
        )
        .await
        .unwrap();
    assert_eq!(
        store.stolen_vehicle_count().await.unwrap(),
        0,
        "staged only"
    );
    assert_eq!(
        store
            .commit_stolen_vehicle_import("imp-1", false, ev("vehicles.import"))
            .await
            .unwrap(),
        3
    );
    assert_eq!(store.stolen_vehicle_count().await.unwrap(), 3);
    assert_eq!(audit_seq(store).await, audit_before + 1);

    // By VIN, whatever the spacing and case.
    let hits = store
        .find_stolen_vehicles(Some("WVW ZZZ1JZXW000001"), None)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, stolen("SMV-1", Some("wvwzzz1jzxw000001"), None));
    assert_eq!(hits[0].1, StolenMatch::Vin);
    // By plate in its country; another country is another plate.
    let hits = store
        .find_stolen_vehicles(None, Some(("utab123", "UTO")))
        .await
        .unwrap();
    assert_eq!(
        hits.iter()
            .map(|(v, m)| (v.alert_reference.as_str(), *m))
            .collect::<Vec<_>>(),
        vec![("SMV-2", StolenMatch::Plate)]
    );
    assert!(store
        .find_stolen_vehicles(None, Some(("UTAB123", "ATL")))
        .await
        .unwrap()
        .is_empty());
    // A zero read for an O is a look-alike, labelled as such, not an exact hit.
    let hits = store
        .find_stolen_vehicles(None, Some(("UT0777", "UTO")))
        .await
        .unwrap();
    assert_eq!(
        hits.iter()
            .map(|(v, m)| (v.alert_reference.as_str(), *m))
            .collect::<Vec<_>>(),
        vec![("SMV-3", StolenMatch::PlateLookalike)]
    );
    // A vehicle matching by VIN and plate is listed once, as a VIN hit.
    let hits = store
        .find_stolen_vehicles(Some("1HGCM82633A004352"), Some(("UTO777", "UTO")))
        .await
        .unwrap();
    assert_eq!(
        hits.iter()
            .map(|(v, m)| (v.alert_reference.as_str(), *m))
            .collect::<Vec<_>>(),
        vec![("SMV-3", StolenMatch::Vin)]
    );
    assert!(store
        .find_stolen_vehicles(Some("WBA00000000000000"), None)
        .await
        .unwrap()
        .is_empty());

    // An import with a reference twice stores nothing and names the line.
    store
        .stage_stolen_vehicles(
            "imp-2",
            vec![
                staged(2, stolen("SMV-10", Some("WBAAA00000A000010"), None)),
                staged(3, stolen("SMV-11", Some("WBAAA00000A000011"), None)),
                staged(4, stolen("SMV-10", Some("WBAAA00000A000012"), None)),
            ],
        )
        .await
        .unwrap();
    let err = store
        .commit_stolen_vehicle_import("imp-2", false, ev("vehicles.import"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict(m) if m.contains("line 4") && m.contains("SMV-10")),
        "{err}"
    );
    store.discard_stolen_vehicle_import("imp-2").await.unwrap();
    assert_eq!(store.stolen_vehicle_count().await.unwrap(), 3);
    // Appending a reference the register holds is refused too, naming the line.
    store
        .stage_stolen_vehicles(
            "imp-3",
            vec![staged(7, stolen("SMV-1", Some("WBAAA00000A000013"), None))],
        )
        .await
        .unwrap();
    let err = store
        .commit_stolen_vehicle_import("imp-3", false, ev("vehicles.import"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict(m) if m.contains("line 7")),
        "{err}"
    );
    // Replacing takes the place of the whole register.
    assert_eq!(
        store
            .commit_stolen_vehicle_import("imp-3", true, ev("vehicles.import"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.stolen_vehicle_count().await.unwrap(), 1);
    assert!(store
        .find_stolen_vehicles(Some("WVWZZZ1JZXW000001"), None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        audit_seq(store).await,
        audit_before + 2,
        "a refused import writes no audit entry"
    );

    // Crossings: each with its audit entry; the plate's history at one BCP, newest first.
    store
        .record_vehicle_crossing(
            crossing("vc-1", "UTO-N1", "UT-AB 123", 0),
            ev("vehicle.check"),
        )
        .await
        .unwrap();
    store
        .record_vehicle_crossing(
            crossing("vc-2", "UTO-N1", "utab123", 60),
            ev("vehicle.check"),
        )
        .await
        .unwrap();
    store
        .record_vehicle_crossing(
            crossing("vc-3", "UTO-S1", "UTAB123", 30),
            ev("vehicle.check"),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .record_vehicle_crossing(
                crossing("vc-1", "UTO-N1", "UTAB123", 90),
                ev("vehicle.check")
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let history = store
        .vehicle_crossings_by_plate("UTO-N1", "UT AB-123", 10)
        .await
        .unwrap();
    assert_eq!(
        history.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec!["vc-2", "vc-1"]
    );
    assert_eq!(history[1], crossing("vc-1", "UTO-N1", "UT-AB 123", 0));
    assert_eq!(
        store
            .vehicle_crossings_by_plate("UTO-N1", "UTAB123", 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(audit_seq(store).await, audit_before + 5);
}

/// The centre's downward messages of the stolen-vehicle register queued after outbox seq `after`, read back.
async fn register_messages<C: SyncStore>(centre: &C, after: i64) -> Vec<(i64, DownDelta)> {
    centre
        .outbox_pending(100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.seq > after && r.kind == kind::STOLEN_VEHICLES)
        .map(|r| (r.seq, serde_json::from_str(&r.payload).unwrap()))
        .collect()
}

/// The stolen-vehicle register goes down to the BCP nodes as versioned deltas in parts, applied whole: a node
/// checks vehicles against it offline. A change the node holds already is skipped; a full copy repairs a new node.
pub async fn stolen_vehicles_down_story<C: Store + SyncStore, E: Store + SyncStore>(
    centre: &C,
    edge: &E,
    edge2: &E,
) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    for (e, node) in [(edge, "node-1"), (edge2, "node-2")] {
        e.set_sync_identity(NodeRole::Bcp, node, Some("UTO-N1"))
            .await
            .unwrap();
    }
    // 6,000 records: two parts.
    let batch: Vec<StagedStolenVehicle> = (0..6000u64)
        .map(|i| {
            staged(
                i + 2,
                stolen(&format!("SMV-{i}"), Some(&format!("WBAAA{i:012}")), None),
            )
        })
        .collect();
    centre.stage_stolen_vehicles("d-1", batch).await.unwrap();
    centre
        .commit_stolen_vehicle_import("d-1", false, ev("vehicles.import"))
        .await
        .unwrap();
    let first = register_messages(centre, 0).await;
    assert_eq!(first.len(), 2, "two parts");
    let mut down_seq = 0u64;
    // The first part alone changes nothing at the node.
    down_seq += 1;
    assert!(edge
        .apply_down(down_seq, first[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap());
    assert_eq!(edge.stolen_vehicle_count().await.unwrap(), 0);
    down_seq += 1;
    edge.apply_down(down_seq, first[1].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.stolen_vehicle_count().await.unwrap(), 6000);
    assert_eq!(
        edge.find_stolen_vehicles(Some("WBAAA000000005999"), None)
            .await
            .unwrap()[0]
            .0
            .alert_reference,
        "SMV-5999"
    );
    // An added record: a change from the version the node holds.
    let last = first[1].0;
    centre
        .stage_stolen_vehicles(
            "d-2",
            vec![staged(2, stolen("SMV-X", None, Some(("UT 9", "UTO"))))],
        )
        .await
        .unwrap();
    centre
        .commit_stolen_vehicle_import("d-2", false, ev("vehicles.import"))
        .await
        .unwrap();
    let second = register_messages(centre, last).await;
    assert_eq!(second.len(), 1);
    down_seq += 1;
    edge.apply_down(down_seq, second[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.stolen_vehicle_count().await.unwrap(), 6001);
    assert_eq!(
        edge.find_stolen_vehicles(None, Some(("UT9", "UTO")))
            .await
            .unwrap()
            .len(),
        1
    );
    // The same change again (a redelivery under a new sequence) is skipped.
    down_seq += 1;
    edge.apply_down(down_seq, second[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.stolen_vehicle_count().await.unwrap(), 6001);
    // A replacing import goes down whole.
    let last = second[0].0;
    centre
        .stage_stolen_vehicles(
            "d-3",
            vec![staged(2, stolen("SMV-Y", Some("WVWZZZ1JZXW000009"), None))],
        )
        .await
        .unwrap();
    centre
        .commit_stolen_vehicle_import("d-3", true, ev("vehicles.import"))
        .await
        .unwrap();
    let third = register_messages(centre, last).await;
    down_seq += 1;
    edge.apply_down(down_seq, third[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(edge.stolen_vehicle_count().await.unwrap(), 1);
    // A node that missed everything is repaired by the full copy, at the centre's version.
    let last = third[0].0;
    assert!(centre.queue_full_copy().await.unwrap() >= 1);
    let copy = register_messages(centre, last).await;
    assert_eq!(copy.len(), 1);
    edge2
        .apply_down(1, copy[0].1.clone(), ev("sync.apply"))
        .await
        .unwrap();
    assert_eq!(
        edge2
            .find_stolen_vehicles(Some("WVWZZZ1JZXW000009"), None)
            .await
            .unwrap()[0]
            .0
            .alert_reference,
        "SMV-Y"
    );
    assert_eq!(edge2.stolen_vehicle_count().await.unwrap(), 1);
    // Both report the centre's register version, which the behind-on-a-kind alarm compares.
    let centre_version = centre.list_versions().await.unwrap().records[kind::STOLEN_VEHICLES];
    assert_eq!(centre_version, 3);
    for e in [edge, edge2] {
        assert_eq!(
            e.list_versions()
                .await
                .unwrap()
                .records
                .get(kind::STOLEN_VEHICLES),
            Some(&centre_version)
        );
    }
}

/// A BCP node's vehicle crossings go up to the centre in the transaction that records them, and the centre keeps
/// them (in the generic table of synced records).
pub async fn vehicle_crossings_up_story<E: Store + SyncStore, C: Store + SyncStore>(
    edge: &E,
    centre: &C,
) {
    edge.set_sync_identity(NodeRole::Bcp, "land-1", Some("UTO-N1"))
        .await
        .unwrap();
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let before = edge.outbox_pending(1000).await.unwrap().len();
    edge.record_vehicle_crossing(crossing("vc-up", "UTO-N1", "UT 7", 0), ev("vehicle.check"))
        .await
        .unwrap();
    let rows: Vec<_> = edge
        .outbox_pending(1000)
        .await
        .unwrap()
        .into_iter()
        .skip(before)
        .collect();
    // The crossing and its audit entry.
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        vec![VehicleCrossings::KIND, kind::AUDIT]
    );
    let records: Vec<UpRecord> = rows
        .iter()
        .map(|r| UpRecord {
            node: "land-1".into(),
            bcp: "UTO-N1".into(),
            seq: r.seq,
            kind: r.kind.clone(),
            payload: r.payload.clone(),
        })
        .collect();
    centre.ingest_up(records, t0()).await.unwrap();
    let kept = centre
        .synced_records(VehicleCrossings::KIND, None, 10)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].key, "vc-up");
    let back: VehicleCrossing = serde_json::from_str(&kept[0].json).unwrap();
    assert_eq!(back, crossing("vc-up", "UTO-N1", "UT 7", 0));
}
