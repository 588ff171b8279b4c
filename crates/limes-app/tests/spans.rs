//! Every use case runs in a tracing span with the few fields an operator needs (the BCP, the crossing id …) and
//! none of the traveller's: a check at a BCP is traced here through a captured log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use limes_store::prelude::*;

use chrono::{TimeZone, Utc};
use limes_app::check::{run_check, CheckRequest, ManualDocument};
use limes_app::{Actor, App, Config};
use limes_domain::{Agency, AgencyKind, AuditEvent, Bcp, BcpKind, Direction, FixedClock};
use std::sync::Arc;

/// A log sink for one test: what the fmt subscriber writes, kept.
#[derive(Clone, Default)]
struct Captured(Arc<parking_lot::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_check_is_traced_with_its_bcp_and_crossing_but_not_the_traveller() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        Arc::new(limes_store_sqlite::SqliteStore::open(dir.path().join("limes.db")).unwrap());
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(at));
    let ev = |a: &str| AuditEvent::new(at, "setup", a);
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
    let bcp = Bcp {
        code: "UTO-AIR-1".into(),
        name: "Airport".into(),
        kind: BcpKind::Air,
        border_section: "test".into(),
        neighbour: None,
        agency: "UBP".into(),
        latitude: None,
        longitude: None,
        active: true,
    };
    store.upsert_bcp(&bcp, ev("bcp.upsert")).await.unwrap();
    let app = App::open(store, Config::default(), clock).await.unwrap();

    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    let req = CheckRequest {
        mrz: None,
        document: Some(ManualDocument {
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            document_number: "X9876543".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA".into(),
            nationality: "UTO".into(),
            birth_date: Some("1980-01-01".into()),
            sex: Some("F".into()),
            expiry_date: Some("2030-01-01".into()),
        }),
        bcp: Some("UTO-AIR-1".into()),
        direction: Direction::Entry,
    };
    let res = run_check(&app, Actor::Operator("cli:test"), req)
        .await
        .expect("the check runs");
    let log = String::from_utf8_lossy(&captured.0.lock()).into_owned();
    let span = format!(
        "run_check{{bcp=\"UTO-AIR-1\" direction=\"entry\" crossing_id=\"{}\"}}",
        res.crossing_id
    );
    assert!(log.contains(&span), "{span} not in\n{log}");
    for personal in ["X9876543", "ERIKSSON", "ANNA", "1980"] {
        assert!(!log.contains(personal), "{personal} in the trace:\n{log}");
    }
}
