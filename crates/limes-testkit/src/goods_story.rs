//! The goods-declaration story every backend runs on a fresh store: lodging once (the same reference again is
//! refused), versions kept through an amendment, optimistic concurrency on the row, the listings by agency and
//! BCP, the inspection queue and its result, the rule versions and each rule's hit rate.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use limes_domain::goods::{Declaration, DeclarationFormat, DeclarationFunction, GoodsItem};
use limes_domain::goods_flow::{GoodsStatus, InspectionResult, Lane, RoutingEntry, RoutingTable};
use limes_domain::AuditEvent;
use limes_store::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 6, 0, 0).unwrap()
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

/// A declaration of `codes` for the land BCP `UTO-LND-N1`.
pub fn sample_declaration(reference: &str, codes: &[&str]) -> Declaration {
    let mut d = Declaration::new(
        DeclarationFormat::Json,
        DeclarationFunction::Original,
        reference.into(),
    );
    d.declaration_type = "IMA".into();
    d.office = Some("UTO-LND-N1".into());
    d.importer = Some(limes_domain::goods::Party {
        id: Some("UT123456".into()),
        name: Some("Acme Imports".into()),
        country: Some("UT".into()),
    });
    d.items = codes
        .iter()
        .enumerate()
        .map(|(i, c)| GoodsItem {
            sequence: i as u32 + 1,
            commodity_code: Some(c.to_string()),
            description: Some(format!("goods under {c}")),
            origin_country: Some("CN".into()),
            ..GoodsItem::default()
        })
        .collect();
    d
}

/// A declaration `id` as stored after lodging: routed to customs and the small-arms authority, in `lane`
/// (selected by `rule` when named).
pub fn stored(id: &str, reference: &str, lane: Lane, rule: Option<&str>) -> StoredDeclaration {
    let declaration = sample_declaration(reference, &["930200", "847130"]);
    let routing = RoutingTable {
        customs: "UCA".into(),
        entries: vec![RoutingEntry {
            agency: "SALW".into(),
            hs_prefixes: vec!["93".into()],
            procedures: vec![],
        }],
    };
    StoredDeclaration {
        id: id.into(),
        lodged_by: "broker-1".into(),
        channel: "api".into(),
        reference: reference.into(),
        bcp: Some("UTO-LND-N1".into()),
        status: GoodsStatus::UnderReview,
        lane,
        lane_reasons: rule
            .map(|r| LaneReason {
                kind: ReasonKind::Rule,
                rule_id: Some(r.into()),
                rule_version: Some(1),
                lane,
                weight: 100,
                detail: "HS 93".into(),
            })
            .into_iter()
            .collect(),
        version: 1,
        revision: 1,
        agencies: routing.route(&declaration),
        declaration,
        lodged_at: t0(),
        updated_at: t0(),
        parties_screened: vec![],
    }
}

/// The first version of a stored declaration, as lodged.
pub fn first_version(d: &StoredDeclaration) -> DeclarationVersion {
    DeclarationVersion {
        declaration_id: d.id.clone(),
        version: 1,
        function: DeclarationFunction::Original,
        message_reference: d.reference.clone(),
        by: d.lodged_by.clone(),
        at: d.lodged_at,
        declaration: d.declaration.clone(),
    }
}

pub async fn goods_story(store: &dyn Store) {
    // Lodged once, with its inspection.
    let red = stored("D1", "LRN-1", Lane::Red, Some("R-ARMS"));
    let inspection = Inspection {
        id: "I1".into(),
        declaration_id: "D1".into(),
        bcp: red.bcp.clone(),
        lane: Lane::Red,
        reasons: red.lane_reasons.clone(),
        created_at: t0(),
        result: None,
    };
    store
        .lodge_declaration(
            red.clone(),
            first_version(&red),
            Some(inspection.clone()),
            ev("goods.lodge"),
        )
        .await
        .unwrap();
    let mut again = red.clone();
    again.id = "D1-again".into();
    let err = store
        .lodge_declaration(
            again.clone(),
            first_version(&again),
            None,
            ev("goods.lodge"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert!(store.declaration("D1-again").await.unwrap().is_none());
    assert_eq!(store.declaration("D1").await.unwrap().unwrap(), red);
    assert_eq!(
        store
            .declaration_by_reference("broker-1", "LRN-1")
            .await
            .unwrap()
            .unwrap()
            .id,
        "D1"
    );
    assert!(store
        .declaration_by_reference("broker-2", "LRN-1")
        .await
        .unwrap()
        .is_none());

    // A green one a minute later, for the listings.
    let mut green = stored("D2", "LRN-2", Lane::Green, None);
    green.lodged_at = t0() + Duration::minutes(1);
    green.declaration = sample_declaration("LRN-2", &["847130"]);
    green.agencies.truncate(1);
    store
        .lodge_declaration(
            green.clone(),
            first_version(&green),
            None,
            ev("goods.lodge"),
        )
        .await
        .unwrap();
    let all = |agency: Option<&str>, bcps: &[&str]| DeclarationFilter {
        bcps: bcps.iter().map(|b| b.to_string()).collect(),
        agency: agency.map(str::to_string),
        lodged_by: None,
        limit: 50,
    };
    let ids = |v: Vec<StoredDeclaration>| v.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.declarations(&all(None, &[])).await.unwrap()),
        ["D2", "D1"]
    );
    assert_eq!(
        ids(store.declarations(&all(Some("SALW"), &[])).await.unwrap()),
        ["D1"]
    );
    assert!(store
        .declarations(&all(Some("VET"), &[]))
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .declarations(&all(None, &["UTO-AIR-1"]))
        .await
        .unwrap()
        .is_empty());
    let mut by_broker = all(None, &["UTO-LND-N1", "UTO-AIR-1"]);
    by_broker.lodged_by = Some("broker-1".into());
    by_broker.limit = 1;
    assert_eq!(ids(store.declarations(&by_broker).await.unwrap()), ["D2"]);
    assert_eq!(store.declarations_at_bcp("UTO-LND-N1").await.unwrap(), 2);
    assert_eq!(store.declarations_at_bcp("UTO-AIR-1").await.unwrap(), 0);

    // An amendment: a new version, the history kept; a stale revision is refused.
    let mut amended = red.clone();
    amended.declaration.items[1].commodity_code = Some("847150".into());
    amended.version = 2;
    amended.revision = 2;
    amended.updated_at = t0() + Duration::minutes(5);
    let v2 = DeclarationVersion {
        declaration_id: "D1".into(),
        version: 2,
        function: DeclarationFunction::Amendment,
        message_reference: "LRN-1-A".into(),
        by: "broker-1".into(),
        at: amended.updated_at,
        declaration: amended.declaration.clone(),
    };
    store
        .update_declaration(amended.clone(), Some(v2.clone()), ev("goods.amend"))
        .await
        .unwrap();
    let err = store
        .update_declaration(amended.clone(), None, ev("goods.decide"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let versions = store.declaration_versions("D1").await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].declaration, red.declaration);
    assert_eq!(versions[1], v2);
    assert_eq!(store.declaration("D1").await.unwrap().unwrap(), amended);

    // The inspection queue and its result; a second result is refused.
    let bcp = vec!["UTO-LND-N1".to_string()];
    assert_eq!(
        store.inspections(&bcp, true).await.unwrap(),
        vec![inspection.clone()]
    );
    assert!(store
        .inspections(&["UTO-AIR-1".to_string()], true)
        .await
        .unwrap()
        .is_empty());
    let result = InspectionResult {
        found: true,
        what: Some("12 pistols, undeclared".into()),
        location: Some("behind the pallets of item 2".into()),
        note: None,
        seals_intact: Some(true),
        inspected_by: "customs-1".into(),
        inspected_at: t0() + Duration::hours(1),
    };
    let done = store
        .record_inspection_result("I1", result.clone(), ev("goods.inspect"))
        .await
        .unwrap();
    assert_eq!(done.result.as_ref(), Some(&result));
    let err = store
        .record_inspection_result("I1", result.clone(), ev("goods.inspect"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert!(matches!(
        store
            .record_inspection_result("nope", result.clone(), ev("goods.inspect"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.inspections(&bcp, true).await.unwrap().is_empty());
    assert_eq!(
        store.inspections(&[], false).await.unwrap(),
        vec![done.clone()]
    );
    assert_eq!(store.inspection("I1").await.unwrap().unwrap(), done);
    assert_eq!(store.inspections_of("D1").await.unwrap(), vec![done]);
    assert!(store.inspections_of("D2").await.unwrap().is_empty());

    // A party's history: the declarations naming it (by id or by name, any case) whose inspection found
    // something. D2 names the same importer but was not inspected.
    let keys = vec![
        party_key(" acme imports "),
        party_key("ut123456"),
        party_key("Nobody Ltd"),
    ];
    assert_eq!(keys[0], "ACME IMPORTS");
    let finds = store.party_finds(&keys).await.unwrap();
    assert_eq!(
        finds,
        std::collections::HashMap::from([
            ("ACME IMPORTS".to_string(), 1),
            ("UT123456".to_string(), 1)
        ])
    );
    assert!(store.party_finds(&[]).await.unwrap().is_empty());

    // Rules: versions in order, the latest listed; each rule's selections against its finds.
    let rule = |id: &str, version: u32| StoredGoodsRule {
        id: id.into(),
        version,
        saved_by: "analyst".into(),
        saved_at: t0(),
        rule: serde_json::json!({"id": id, "version": version}),
    };
    store
        .save_goods_rule(rule("R-ARMS", 1), ev("goods.rule.save"))
        .await
        .unwrap();
    let err = store
        .save_goods_rule(rule("R-ARMS", 3), ev("goods.rule.save"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    store
        .save_goods_rule(rule("R-ARMS", 2), ev("goods.rule.save"))
        .await
        .unwrap();
    store
        .save_goods_rule(rule("R-CIG", 1), ev("goods.rule.save"))
        .await
        .unwrap();
    let latest: Vec<(String, u32)> = store
        .goods_rules()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.version))
        .collect();
    assert_eq!(
        latest,
        [("R-ARMS".to_string(), 2), ("R-CIG".to_string(), 1)]
    );
    let versions: Vec<u32> = store
        .goods_rule_versions("R-ARMS")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.version)
        .collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(
        store.goods_rule_stats().await.unwrap(),
        vec![GoodsRuleStats {
            rule_id: "R-ARMS".into(),
            selected: 1,
            inspected: 1,
            found: 1
        }]
    );
    assert!(limes_store::verify_audit_chain(store)
        .await
        .unwrap()
        .is_ok());
}
