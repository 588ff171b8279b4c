//! The demo's firearm register: a register of realistic size and shape (real makes, models and calibres with
//! serial formats shaped like each maker's, from `limes_arms::synthetic`), with one weapon the demo's officer will
//! find — the Kalashnikov AK-47 with serial 1975 AK 104233, stolen in Utopia; try "1975-AK-1O4233", "Izhmash",
//! "7,62 x 39 mm" — and two open trace requests.
use limes_app::firearms::{create_trace, NewTraceRequest};
use limes_app::{Actor, App};
use limes_domain::firearm::{TraceAction, WeaponDescription};
use limes_domain::AuditEvent;

/// Records in the demo register (at most: the document-alert size given to `limes demo` caps it).
pub const REGISTER_SIZE: usize = 200_000;
/// The weapon the demo's officer will find.
pub const FOUND_RECORD: &str = "UTO-FA-2025-000417";
const FOUND_ROW: &str = "UTO-FA-2025-000417,1975 AK 104233,Izhmash,AK-47,7.62x39,rifle,RUS,stolen,Utopia National Police,2025-11-03\n";

/// The register as CSV, one record a line (the columns of `limes import firearms`).
fn register_csv(size: usize) -> Vec<u8> {
    let mut csv = String::with_capacity(size * 110);
    csv.push_str(&limes_app::firearms::COLUMNS.join(","));
    csv.push('\n');
    csv.push_str(FOUND_ROW);
    for r in limes_arms::synthetic::register(2026, size.saturating_sub(1), "FA") {
        let country = limes_app::vehicles::country_code(&r.country_of_manufacture).unwrap_or("UTO");
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            r.record_id,
            r.serial,
            r.make,
            r.model,
            r.calibre,
            r.firearm_type,
            country,
            r.status,
            r.reported_by,
            r.reported_on
        ));
    }
    csv.into_bytes()
}

/// Seed the register and two open trace requests; returns the register's size.
pub async fn seed(state: &App, size: usize) -> anyhow::Result<u64> {
    let now = state.clock.now();
    let audit = AuditEvent::new(now, "demo-seed", "firearms.import");
    let n = limes_app::firearms::import_firearms(
        state.store.as_ref(),
        audit,
        register_csv(size.clamp(1, REGISTER_SIZE)).as_slice(),
        true,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo firearm register: {e}"))?;
    let seeder = Actor::Operator("demo-seed");
    let from_register = create_trace(
        state,
        seeder,
        NewTraceRequest {
            record_id: Some(FOUND_RECORD.into()),
            circumstances: "Found under the floor of a van at UTO-N1, entering from the north"
                .into(),
            reference: "UTO-SEIZ-2026-0031".into(),
            ..NewTraceRequest::default()
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo trace request: {e}"))?;
    limes_app::firearms::change_trace(
        state,
        seeder,
        &from_register.trace.id,
        TraceAction::Send { due_on: None },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo trace request: {e}"))?;
    let described = create_trace(
        state,
        seeder,
        NewTraceRequest {
            weapon: WeaponDescription {
                serial: "BER015872Z".into(),
                make: "Beretta".into(),
                model: "92FS".into(),
                calibre: "9x19".into(),
                country_of_manufacture: Some("ITA".into()),
                markings: "PB monogram; proof marks of Gardone; import mark UTO 24".into(),
                ..WeaponDescription::default()
            },
            circumstances:
                "In a declared consignment of spare parts at UTO-S1; no transfer authorisation"
                    .into(),
            reference: "UTO-SEIZ-2026-0034".into(),
            ..NewTraceRequest::default()
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo trace request: {e}"))?;
    for action in [TraceAction::Send { due_on: None }, TraceAction::Acknowledge] {
        limes_app::firearms::change_trace(state, seeder, &described.trace.id, action)
            .await
            .map_err(|e| anyhow::anyhow!("demo trace request: {e}"))?;
    }
    Ok(n)
}
