//! The surveillance story every backend runs on a fresh store: border sections and the territory kept and read
//! back, incidents found by box, time, class and BCP (exactly those inside), their follow-up kept, patrols found
//! by the window they ran in, and a BCP node queueing both for the centre. (Test code: panics are the
//! assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::t0;
use chrono::{DateTime, Duration, Utc};
use limes_domain::surveillance::*;
use limes_domain::AuditEvent;
use limes_store::surveillance::{AreaQuery, Incidents, Patrols};
use limes_store::sync::{NodeRole, RecordKind, SyncStore};
use limes_store::*;

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

pub fn section(code: &str, neighbour: &str, line: Vec<LonLat>) -> BorderSection {
    BorderSection {
        code: code.into(),
        name: format!("Section {code}"),
        neighbour: neighbour.into(),
        border_type: BorderType::Land,
        line,
        bcp: None,
    }
}

pub fn incident(id: &str, bcp: &str, lon: f64, lat: f64, at: DateTime<Utc>) -> Incident {
    Incident {
        id: id.into(),
        class: EventClass::UnauthorisedBorderCrossing,
        incident_type: "irregular_crossing_on_foot".into(),
        occurred_at: at,
        recorded_at: at,
        location: Geometry::point(lon, lat),
        section: None,
        bcp: Some(bcp.into()),
        border_type: BorderType::Land,
        persons: PersonCounts {
            male: 2,
            female: 1,
            unknown: 0,
            minors: 1,
        },
        nominal: vec![],
        goods: vec![],
        vehicles: vec![],
        vessels: vec![],
        description: String::new(),
        reporting_unit: "Patrol North 1".into(),
        recorded_by: "patrol".into(),
        patrol: None,
        follow_ups: vec![],
        seizures: vec![],
        crossings: vec![],
        warnings: vec![],
    }
}

pub fn patrol(id: &str, bcp: &str, start: DateTime<Utc>, hours: i64) -> Patrol {
    Patrol {
        id: id.into(),
        patrol_type: PatrolType::National,
        unit: "Patrol North 1".into(),
        bcp: Some(bcp.into()),
        sections: vec!["UTO-N".into()],
        area: None,
        planned_start: start,
        planned_end: start + Duration::hours(hours),
        terms: None,
        status: PatrolStatus::Planned,
        track: vec![],
        observations: vec![],
        incidents: vec![],
        speed_flags: vec![],
        planned_by: "patrol".into(),
    }
}

fn ids(incidents: &[Incident]) -> Vec<&str> {
    incidents.iter().map(|i| i.id.as_str()).collect()
}

fn query(bbox: Option<&str>, from: Option<i64>, to: Option<i64>) -> AreaQuery {
    AreaQuery {
        bbox: bbox.map(|b| BBox::parse(b).unwrap()),
        from: from.map(|h| t0() + Duration::hours(h)),
        to: to.map(|h| t0() + Duration::hours(h)),
        ..AreaQuery::all(100)
    }
}

/// The whole story on one fresh store (standalone).
pub async fn surveillance_story<S: Store + SyncStore>(store: &S) {
    let audit_before = store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq);
    // Sections and territory.
    let north = section("UTO-N", "DEU", vec![[12.0, 51.5], [15.0, 51.5]]);
    store
        .put_border_section(north.clone(), ev("surveillance.section"))
        .await
        .unwrap();
    let mut east = section("UTO-E", "POL", vec![[15.0, 50.0], [15.0, 51.5]]);
    store
        .put_border_section(east.clone(), ev("surveillance.section"))
        .await
        .unwrap();
    east.name = "Eastern green border".into();
    store
        .put_border_section(east.clone(), ev("surveillance.section"))
        .await
        .unwrap();
    assert_eq!(store.border_sections().await.unwrap(), vec![east, north]);
    assert_eq!(store.territory().await.unwrap(), None);
    let territory = Territory {
        state: "UTO".into(),
        outline: vec![vec![vec![
            [12.0, 50.0],
            [15.0, 50.0],
            [15.0, 51.5],
            [12.0, 51.5],
            [12.0, 50.0],
        ]]],
        waters: vec![],
    };
    store
        .put_territory(territory.clone(), ev("surveillance.territory"))
        .await
        .unwrap();
    assert_eq!(store.territory().await.unwrap(), Some(territory));

    // Incidents: four inside the box 12–13.5 E, 51–51.5 N at different hours, one outside, one area that
    // straddles the box's edge.
    let h = |n: i64| t0() + Duration::hours(n);
    for (id, bcp, lon, lat, hour) in [
        ("in-1", "UTO-N1", 12.5, 51.2, 1),
        ("in-2", "UTO-N1", 13.0, 51.4, 2),
        ("in-3", "UTO-N2", 13.4, 51.1, 5),
        ("late", "UTO-N1", 12.6, 51.3, 30),
        ("east", "UTO-E1", 14.9, 50.9, 2),
    ] {
        store
            .record_incident(incident(id, bcp, lon, lat, h(hour)), ev("incident.record"))
            .await
            .unwrap();
    }
    let mut area = incident("area", "UTO-N2", 0.0, 0.0, h(3));
    area.location = Geometry::Polygon {
        coordinates: vec![vec![
            [13.4, 50.7],
            [13.7, 50.7],
            [13.7, 50.95],
            [13.4, 50.95],
            [13.4, 50.7],
        ]],
    };
    area.class = EventClass::CrossBorderCrime;
    area.incident_type = "smuggling_goods".into();
    store
        .record_incident(area, ev("incident.record"))
        .await
        .unwrap();
    assert_eq!(store.incident_count().await.unwrap(), 6);
    let again = store
        .record_incident(
            incident("in-1", "UTO-N1", 1.0, 1.0, h(1)),
            ev("incident.record"),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "an id twice: {again:?}"
    );

    let box_ = Some("12,51,13.5,51.5");
    assert_eq!(
        ids(&store
            .incidents(&query(box_, Some(0), Some(24)))
            .await
            .unwrap()),
        vec!["in-3", "in-2", "in-1"],
        "inside the box and the day, newest first"
    );
    assert_eq!(
        ids(&store.incidents(&query(box_, None, None)).await.unwrap()),
        vec!["late", "in-3", "in-2", "in-1"]
    );
    // The time bound is half-open: [from, to).
    assert_eq!(
        ids(&store
            .incidents(&query(box_, Some(2), Some(5)))
            .await
            .unwrap()),
        vec!["in-2"]
    );
    // An area is found when its box meets the query's.
    assert_eq!(
        ids(&store
            .incidents(&query(Some("13.6,50.9,14,51.2"), None, None))
            .await
            .unwrap()),
        vec!["area"]
    );
    assert_eq!(
        ids(&store
            .incidents(&query(None, Some(0), Some(24)))
            .await
            .unwrap()),
        vec!["in-3", "area", "east", "in-2", "in-1"]
    );
    let mut by_class = query(None, None, None);
    by_class.class = Some(EventClass::CrossBorderCrime);
    assert_eq!(
        ids(&store.incidents(&by_class).await.unwrap()),
        vec!["area"]
    );
    let mut by_bcp = query(box_, None, None);
    by_bcp.bcps = vec!["UTO-N2".into()];
    assert_eq!(ids(&store.incidents(&by_bcp).await.unwrap()), vec!["in-3"]);
    let mut limited = query(None, None, None);
    limited.limit = 2;
    assert_eq!(store.incidents(&limited).await.unwrap().len(), 2);

    // Follow-up replaces the record and moves it in the index.
    let mut first = store.incident("in-1").await.unwrap().unwrap();
    first.follow_ups.push(FollowUp {
        at: h(2),
        by: "Patrol North 1".into(),
        action: "group stopped at the forest road".into(),
        outcome: FollowUpOutcome::Apprehended,
    });
    first.location = Geometry::point(14.0, 51.0);
    store
        .update_incident(first.clone(), ev("incident.follow_up"))
        .await
        .unwrap();
    assert_eq!(store.incident("in-1").await.unwrap(), Some(first));
    assert_eq!(
        ids(&store
            .incidents(&query(box_, Some(0), Some(24)))
            .await
            .unwrap()),
        vec!["in-3", "in-2"]
    );
    let missing = store
        .update_incident(
            incident("nope", "X", 1.0, 1.0, h(1)),
            ev("incident.follow_up"),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    assert_eq!(store.incident("nope").await.unwrap(), None);

    // Patrols by the window they ran in and their box.
    let bbox = Some(BBox::parse("12,51.4,15,51.6").unwrap());
    store
        .record_patrol(
            patrol("p-night", "UTO-N1", h(0), 6),
            bbox,
            ev("patrol.plan"),
        )
        .await
        .unwrap();
    store
        .record_patrol(patrol("p-day", "UTO-N2", h(10), 4), bbox, ev("patrol.plan"))
        .await
        .unwrap();
    let patrol_ids = |ps: Vec<Patrol>| ps.into_iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(
        patrol_ids(
            store
                .patrols(&query(None, Some(5), Some(11)))
                .await
                .unwrap()
        ),
        vec!["p-day", "p-night"]
    );
    assert_eq!(
        patrol_ids(
            store
                .patrols(&query(None, Some(6), Some(10)))
                .await
                .unwrap()
        ),
        Vec::<String>::new(),
        "a window touching neither"
    );
    assert_eq!(
        patrol_ids(
            store
                .patrols(&query(Some("12,50,13,51"), None, None))
                .await
                .unwrap()
        ),
        Vec::<String>::new()
    );
    let mut done = store.patrol("p-night").await.unwrap().unwrap();
    done.status = PatrolStatus::CarriedOut;
    done.track = vec![
        TrackPoint {
            at: h(1),
            position: [12.2, 51.45],
        },
        TrackPoint {
            at: h(2),
            position: [12.4, 51.45],
        },
    ];
    store
        .update_patrol(done.clone(), bbox, ev("patrol.record"))
        .await
        .unwrap();
    assert_eq!(store.patrol("p-night").await.unwrap(), Some(done));
    // It ran 1–2 h, not as planned 0–6 h.
    assert_eq!(
        patrol_ids(store.patrols(&query(None, Some(3), Some(9))).await.unwrap()),
        Vec::<String>::new()
    );
    // Every change audited.
    let audit_after = store
        .recent_audit(1)
        .await
        .unwrap()
        .first()
        .map_or(0, |e| e.seq);
    assert_eq!(audit_after, audit_before + 14);
}

/// A BCP node queues its incidents and patrols (and their new versions) for the centre, and refuses to
/// configure border sections; a fresh store of the backend under test.
pub async fn node_story<S: Store + SyncStore>(store: &S) {
    store
        .set_sync_identity(NodeRole::Bcp, "land-1", Some("UTO-N1"))
        .await
        .unwrap();
    let before = store.outbox_pending(1000).await.unwrap().len();
    store
        .record_incident(
            incident("up-1", "UTO-N1", 12.5, 51.2, t0()),
            ev("incident.record"),
        )
        .await
        .unwrap();
    store
        .record_patrol(patrol("up-p", "UTO-N1", t0(), 2), None, ev("patrol.plan"))
        .await
        .unwrap();
    let rows = store.outbox_pending(1000).await.unwrap();
    let kinds: Vec<&str> = rows[before..].iter().map(|r| r.kind.as_str()).collect();
    assert!(kinds.contains(&Incidents::KIND), "{kinds:?}");
    assert!(kinds.contains(&Patrols::KIND), "{kinds:?}");
    let refused = store
        .put_border_section(
            section("UTO-N", "DEU", vec![[12.0, 51.5], [15.0, 51.5]]),
            ev("surveillance.section"),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
}
