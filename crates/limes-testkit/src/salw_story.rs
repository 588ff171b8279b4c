//! The small-arms story every backend runs: issuing authorities and transfer authorisations registered (the same
//! authorisation twice refused), impoundments kept and changed by version (a change on an old version refused),
//! each with its audit entry; and the sync story: the register goes down to a BCP node, which refuses to change it,
//! and its impoundments and custody records go up. (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::{Duration, NaiveDate};
use limes_domain::salw::*;
use limes_domain::AuditEvent;
use limes_store::salw::{
    AuthorisationRecord, SalwAuthorisations, SalwCustody, SalwImpoundments, SalwIssuers,
};
use limes_store::sync::{kind, DownDelta, NodeRole, RecordKind, SyncStore, UpRecord};
use limes_store::*;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

pub fn issuer(code: &str) -> Issuer {
    Issuer {
        code: code.into(),
        name: format!("Licensing authority {code}"),
        country: "UTO".into(),
        public_key: None,
        specimens: vec![],
        active: true,
    }
}

pub fn authorisation(issuer: &str, number: &str) -> Authorisation {
    let party = |name: &str, country: &str| Party {
        name: name.into(),
        country: country.into(),
        address: String::new(),
    };
    Authorisation {
        kind: TransferKind::Export,
        issuer: issuer.into(),
        number: number.into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        valid_until: NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        exporter: party("Utopia Arms Works", "UTO"),
        consignee: party("Ruritania Police Logistics", "RUR"),
        end_user: party("Ruritania National Police", "RUR"),
        end_use_certificate: "EUC-1".into(),
        broker: None,
        route: Route {
            export_country: "UTO".into(),
            transit_countries: vec![],
            import_country: "RUR".into(),
            bcps: vec![],
        },
        lines: vec![WeaponLine {
            weapon_type: "pistol".into(),
            make: "Glock".into(),
            model: "17".into(),
            calibre: "9x19".into(),
            quantity: 2,
            serials: vec!["G1".into(), "G2".into()],
        }],
        signature: None,
    }
}

fn record(a: Authorisation, minutes: i64) -> AuthorisationRecord {
    AuthorisationRecord {
        authorisation: a,
        registered_by: "authority".into(),
        registered_at: t0() + Duration::minutes(minutes),
    }
}

pub fn impoundment(id: &str, bcp: &str, minutes: i64) -> Impoundment {
    let a = authorisation("UTO-MOD", "EX-1");
    Impoundment {
        id: id.into(),
        bcp: bcp.into(),
        authorisation: a.key(),
        consignment: Consignment {
            authorisation_issuer: a.issuer.clone(),
            authorisation_number: a.number.clone(),
            bcp: bcp.into(),
            exporter: a.exporter.name.clone(),
            consignee: a.consignee.name.clone(),
            end_user: a.end_user.name.clone(),
            export_country: "UTO".into(),
            import_country: "RUR".into(),
            weapons: vec![],
        },
        grounds: vec![],
        impounded_by: "customs".into(),
        impounded_at: t0() + Duration::minutes(minutes),
        inventory: vec![],
        inventory_by: None,
        inventory_at: None,
        inventory_differences: vec![],
        custody: vec![],
        seizure_reference: None,
    }
}

fn inventory_item(serial: &str) -> InventoryItem {
    InventoryItem {
        weapon_type: "pistol".into(),
        make: "Glock".into(),
        model: "17".into(),
        calibre: "9x19".into(),
        serial: serial.into(),
        country_of_manufacture: "AUT".into(),
        country_of_last_import: "UTO".into(),
        import_marking: Some(ImportMarking {
            country: "UTO".into(),
            year: 2020,
        }),
    }
}

async fn audited(store: &dyn Store, action: &str) -> usize {
    store
        .audit_entries(1, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event.action == action)
        .count()
}

pub async fn salw_story(store: &dyn Store) {
    // Issuers: kept, listed by code, a new version under the same code.
    store
        .put_salw_issuer(issuer("UTO-MOD"), ev("salw.issuer"))
        .await
        .unwrap();
    store
        .put_salw_issuer(issuer("RUR-MIN"), ev("salw.issuer"))
        .await
        .unwrap();
    let mut changed = issuer("UTO-MOD");
    changed.active = false;
    store
        .put_salw_issuer(changed.clone(), ev("salw.issuer"))
        .await
        .unwrap();
    let issuers = store.salw_issuers().await.unwrap();
    assert_eq!(
        issuers.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(),
        vec!["RUR-MIN", "UTO-MOD"]
    );
    assert_eq!(store.salw_issuer("UTO-MOD").await.unwrap(), Some(changed));
    assert_eq!(store.salw_issuer("NOPE").await.unwrap(), None);
    assert_eq!(audited(store, "salw.issuer").await, 3);

    // Authorisations: registered once under issuer and number, listed newest first.
    let first = record(authorisation("UTO-MOD", "EX-1"), 0);
    store
        .register_salw_authorisation(first.clone(), ev("salw.authorisation.register"))
        .await
        .unwrap();
    store
        .register_salw_authorisation(
            record(authorisation("UTO-MOD", "EX-2"), 1),
            ev("salw.authorisation.register"),
        )
        .await
        .unwrap();
    let again = store
        .register_salw_authorisation(
            record(authorisation("uto-mod", " ex-1"), 2),
            ev("salw.authorisation.register"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(
        store.salw_authorisation("UTO-MOD:EX-1").await.unwrap(),
        Some(first)
    );
    assert_eq!(
        store.salw_authorisation("UTO-MOD:EX-9").await.unwrap(),
        None
    );
    let listed = store.salw_authorisations(10).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|r| r.authorisation.number.as_str())
            .collect::<Vec<_>>(),
        vec!["EX-2", "EX-1"]
    );
    assert_eq!(store.salw_authorisations(1).await.unwrap().len(), 1);
    assert_eq!(audited(store, "salw.authorisation.register").await, 2);

    // Impoundments: kept at version 1, changed by version, listed per BCP newest first.
    store
        .create_salw_impoundment(impoundment("imp-1", "UTO-L1", 0), ev("salw.impound"))
        .await
        .unwrap();
    store
        .create_salw_impoundment(impoundment("imp-2", "UTO-L1", 5), ev("salw.impound"))
        .await
        .unwrap();
    store
        .create_salw_impoundment(impoundment("imp-3", "UTO-S1", 3), ev("salw.impound"))
        .await
        .unwrap();
    let twice = store
        .create_salw_impoundment(impoundment("imp-1", "UTO-L1", 9), ev("salw.impound"))
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    let at_l1 = store.salw_impoundments(Some("UTO-L1"), 10).await.unwrap();
    assert_eq!(
        at_l1
            .iter()
            .map(|s| s.impoundment.id.as_str())
            .collect::<Vec<_>>(),
        vec!["imp-2", "imp-1"]
    );
    assert_eq!(store.salw_impoundments(None, 10).await.unwrap().len(), 3);

    let stored = store.salw_impoundment("imp-1").await.unwrap().unwrap();
    assert_eq!(stored.version, 1);
    let mut imp = stored.impoundment.clone();
    let a = authorisation("UTO-MOD", "EX-1");
    imp.take_inventory(
        vec![inventory_item("G1"), inventory_item("G2")],
        &a.lines,
        "customs",
        t0(),
    )
    .unwrap();
    imp.seizure_reference = Some("SZ-2026-0001".into());
    let v = store
        .update_salw_impoundment(imp.clone(), 1, ev("salw.inventory"))
        .await
        .unwrap();
    assert_eq!(v, 2);
    let stale = store
        .update_salw_impoundment(imp.clone(), 1, ev("salw.inventory"))
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let missing = store
        .update_salw_impoundment(impoundment("imp-9", "UTO-L1", 0), 1, ev("salw.inventory"))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let read = store.salw_impoundment("imp-1").await.unwrap().unwrap();
    assert_eq!((read.version, &read.impoundment), (2, &imp));
    assert_eq!(store.salw_impoundment("imp-9").await.unwrap(), None);
    assert_eq!(audited(store, "salw.impound").await, 3);
    assert_eq!(audited(store, "salw.inventory").await, 1);
}

/// The register goes down from the centre to a BCP node (which refuses to change it); the node's impoundments
/// and custody hand-overs go up.
pub async fn salw_sync_story<C: Store + SyncStore, E: Store + SyncStore>(centre: &C, edge: &E) {
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    edge.set_sync_identity(NodeRole::Bcp, "land-1", Some("UTO-L1"))
        .await
        .unwrap();
    centre
        .put_salw_issuer(issuer("UTO-MOD"), ev("salw.issuer"))
        .await
        .unwrap();
    centre
        .register_salw_authorisation(
            record(authorisation("UTO-MOD", "EX-1"), 0),
            ev("salw.authorisation.register"),
        )
        .await
        .unwrap();
    let down: Vec<(i64, DownDelta)> = centre
        .outbox_pending(10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == SalwIssuers::KIND || r.kind == SalwAuthorisations::KIND)
        .map(|r| (r.seq, serde_json::from_str(&r.payload).unwrap()))
        .collect();
    assert_eq!(down.len(), 2);
    for (i, (_, delta)) in down.into_iter().enumerate() {
        assert!(edge
            .apply_down(i as u64 + 1, delta, ev("sync.apply"))
            .await
            .unwrap());
    }
    assert_eq!(
        edge.salw_issuer("UTO-MOD").await.unwrap(),
        Some(issuer("UTO-MOD"))
    );
    assert_eq!(
        edge.salw_authorisation("UTO-MOD:EX-1")
            .await
            .unwrap()
            .unwrap()
            .authorisation,
        authorisation("UTO-MOD", "EX-1")
    );
    // The node does not change the register.
    let refused = edge
        .register_salw_authorisation(
            record(authorisation("UTO-MOD", "EX-2"), 0),
            ev("salw.authorisation.register"),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    let refused = edge.put_salw_issuer(issuer("X"), ev("salw.issuer")).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );

    // Up: the impoundment, then a hand-over (the impoundment's new version and the custody record).
    let before = edge.outbox_pending(10_000).await.unwrap().len();
    let mut imp = impoundment("imp-up", "UTO-L1", 0);
    edge.create_salw_impoundment(imp.clone(), ev("salw.impound"))
        .await
        .unwrap();
    let a = authorisation("UTO-MOD", "EX-1");
    imp.take_inventory(
        vec![inventory_item("G1"), inventory_item("G2")],
        &a.lines,
        "customs",
        t0(),
    )
    .unwrap();
    imp.start_handover(
        "cus-1".into(),
        StorageKind::SecureStore,
        "Customs secure store",
        "customs",
        vec!["G1".into(), "G2".into()],
        t0(),
    )
    .unwrap();
    edge.update_salw_impoundment(imp.clone(), 1, ev("salw.custody.handover"))
        .await
        .unwrap();
    let rows: Vec<_> = edge
        .outbox_pending(10_000)
        .await
        .unwrap()
        .into_iter()
        .skip(before)
        .collect();
    assert_eq!(
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
        vec![
            SalwImpoundments::KIND,
            kind::AUDIT,
            SalwImpoundments::KIND,
            SalwCustody::KIND,
            kind::AUDIT
        ]
    );
    let records: Vec<UpRecord> = rows
        .iter()
        .map(|r| UpRecord {
            node: "land-1".into(),
            bcp: "UTO-L1".into(),
            seq: r.seq,
            kind: r.kind.clone(),
            payload: r.payload.clone(),
        })
        .collect();
    centre.ingest_up(records, t0()).await.unwrap();
    let kept = limes_store::sync::read_records::<SalwImpoundments>(centre, None, 10)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, "land-1");
    assert_eq!(kept[0].1, imp);
    let custody = limes_store::sync::read_records::<SalwCustody>(centre, None, 10)
        .await
        .unwrap();
    assert_eq!(custody.len(), 1);
    assert_eq!(custody[0].1.to_place, "Customs secure store");
}
