//! A confirmed pre-arrival hit travels over real NATS (a hub with JetStream and a leaf node on 127.0.0.1, stopped
//! by the test): an analyst confirms it at the centre, the arrival BCP's node receives it (another BCP's node does
//! not), the node's check shows it as a pre-arrival alert, still does once the link is cut, and no longer does
//! once the centre withdrew it after the link came back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use limes_app::check::{run_check, CheckRequest, ManualDocument};
use limes_app::pax::downlink;
use limes_app::pax::flights::{review, ReviewRequest};
use limes_app::{Actor, App, Config};
use limes_domain::{Agency, AgencyKind, AuditEvent, Bcp, BcpKind, Clock, Direction, SystemClock};
use limes_store::prelude::*;
use limes_store::sync::{NodeRole, SyncStore};
use limes_store::{HitKind, HitStatus};
use limes_store_sqlite::SqliteStore;
use limes_sync::SyncOptions;
use limes_testkit::nats::{require_nats_server, NatsServer};
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn wait_for<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A BCP node's database: its identity, its agency and its BCP.
async fn node_store(dir: &std::path::Path, node: &str, bcp: &str) -> Arc<SqliteStore> {
    let store = Arc::new(SqliteStore::open(dir.join(format!("{node}.db"))).unwrap());
    store
        .set_sync_identity(NodeRole::Bcp, node, Some(bcp))
        .await
        .unwrap();
    let ev = |a: &str| AuditEvent::new(SystemClock.now(), "setup", a);
    store
        .upsert_agency(
            &Agency {
                code: "UBP".into(),
                name: "Utopia Border Police".into(),
                kind: AgencyKind::BorderPolice,
            },
            ev("agency.upsert"),
        )
        .await
        .unwrap();
    let b = Bcp {
        code: bcp.into(),
        name: format!("BCP {bcp}"),
        kind: BcpKind::Air,
        border_section: "test".into(),
        neighbour: None,
        agency: "UBP".into(),
        latitude: None,
        longitude: None,
        active: true,
    };
    store.upsert_bcp(&b, ev("bcp.upsert")).await.unwrap();
    store
}

async fn app_on(store: Arc<SqliteStore>) -> App {
    App::open(store.clone(), Config::default(), Arc::new(SystemClock))
        .await
        .unwrap()
        .with_sync(store)
}

/// The first traveller of the testkit's manifest (UT101 to UTO-A1), checked at `bcp`.
fn check_of_traveller_0(bcp: &str) -> CheckRequest {
    CheckRequest {
        mrz: None,
        document: Some(ManualDocument {
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            document_number: "P0000000".into(),
            surname: "PERSON0000".into(),
            given_names: "ANNA".into(),
            nationality: "UTO".into(),
            birth_date: Some("1980-01-01".into()),
            sex: Some("F".into()),
            expiry_date: Some("2030-01-01".into()),
        }),
        bcp: Some(bcp.into()),
        direction: Direction::Entry,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hit_confirmed_at_the_centre_is_shown_by_the_arrival_bcps_check_even_offline() {
    let Some(bin) = require_nats_server().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let hub = NatsServer::hub(&bin, &dir.path().join("hub")).unwrap();
    let mut leaf = NatsServer::leaf(&bin, &dir.path().join("leaf"), &hub, "a1").unwrap();

    // The centre holds the manifest and its open hits.
    let centre = Arc::new(SqliteStore::open(dir.path().join("centre.db")).unwrap());
    centre
        .set_sync_identity(NodeRole::Centre, "centre", None)
        .await
        .unwrap();
    let (interchange, manifests) = limes_testkit::pax_story::intake("CR-1", 3);
    let flight_key = manifests[0].flight.key.clone();
    centre
        .record_api_intake(
            interchange,
            manifests,
            AuditEvent::new(SystemClock.now(), "UTAIR", "api.intake"),
        )
        .await
        .unwrap();
    let centre_app = app_on(centre.clone()).await;

    // Two BCP nodes: the arrival BCP's and another.
    let air = node_store(dir.path(), "UTO-A1-n", "UTO-A1").await;
    let land = node_store(dir.path(), "UTO-L1-n", "UTO-L1").await;
    let air_app = app_on(air.clone()).await;

    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = SyncOptions {
        heartbeat: Duration::from_millis(300),
        ..SyncOptions::default()
    };
    let mut tasks = limes_sync::centre::spawn(
        centre.clone(),
        limes_sync::connect(&hub.url(), "centre").await.unwrap(),
        "centre".into(),
        clock.clone(),
        options.clone(),
    )
    .await
    .unwrap();
    for store in [air.clone(), land.clone()] {
        let id = store.sync_identity().await.unwrap().unwrap();
        let client = limes_sync::connect(&leaf.url(), &id.node).await.unwrap();
        tasks.extend(
            limes_sync::edge::spawn(store, client, &id, clock.clone(), options.clone()).unwrap(),
        );
    }

    // Before any review the node's check shows nothing from before arrival.
    let before = run_check(
        &air_app,
        Actor::Operator("cli:officer"),
        check_of_traveller_0("UTO-A1"),
    )
    .await
    .unwrap();
    assert!(before.pre_arrival_alerts.is_empty());

    // An analyst at the centre confirms the watchlist hit on traveller 0.
    let detail = centre.api_flight(&flight_key).await.unwrap().unwrap();
    let traveller = detail.travellers.iter().find(|t| t.position == 0).unwrap();
    let hit = detail
        .hits
        .iter()
        .find(|h| h.traveller_id == traveller.id && h.kind == HitKind::Watchlist)
        .unwrap();
    review(
        &centre_app,
        Actor::Operator("cli:analyst"),
        &hit.id,
        ReviewRequest {
            status: HitStatus::Confirmed,
            reason: "same birth date and passport".into(),
        },
    )
    .await
    .unwrap();

    // It reaches the arrival BCP's node.
    let view = air.clone();
    wait_for("the alert at the arrival BCP's node", || {
        let view = view.clone();
        async move {
            !downlink::all_received(view.as_ref())
                .await
                .unwrap()
                .is_empty()
        }
    })
    .await;
    let checked = run_check(
        &air_app,
        Actor::Operator("cli:officer"),
        check_of_traveller_0("UTO-A1"),
    )
    .await
    .unwrap();
    assert_eq!(checked.pre_arrival_alerts.len(), 1, "{checked:?}");
    assert_eq!(checked.pre_arrival_alerts[0].hit_id, hit.id);
    assert_eq!(
        checked.pre_arrival_alerts[0].arrival_bcp.as_deref(),
        Some("UTO-A1")
    );
    assert_eq!(
        checked.pre_arrival_alerts[0].confirmed_by.as_deref(),
        Some("cli:analyst")
    );

    // The link is cut: the node's check still shows what it received.
    leaf.stop();
    let offline = run_check(
        &air_app,
        Actor::Operator("cli:officer"),
        check_of_traveller_0("UTO-A1"),
    )
    .await
    .unwrap();
    assert_eq!(offline.pre_arrival_alerts.len(), 1);
    assert_eq!(offline.pre_arrival_alerts[0].hit_id, hit.id);

    // The other BCP's node never received it (its own consumer is filtered to its BCP).
    assert!(downlink::all_received(land.as_ref())
        .await
        .unwrap()
        .is_empty());

    // The link back, the centre withdraws the alert: the node's check no longer shows it.
    leaf.restart().unwrap();
    assert!(downlink::withdraw(&centre_app, "UTO-A1", &hit.id)
        .await
        .unwrap());
    let view = air.clone();
    wait_for("the alert withdrawn at the node", || {
        let view = view.clone();
        async move {
            downlink::all_received(view.as_ref())
                .await
                .unwrap()
                .is_empty()
        }
    })
    .await;
    let withdrawn = run_check(
        &air_app,
        Actor::Operator("cli:officer"),
        check_of_traveller_0("UTO-A1"),
    )
    .await
    .unwrap();
    assert!(withdrawn.pre_arrival_alerts.is_empty());

    for t in tasks {
        t.abort();
    }
}
