//! The demo's vehicles: a small stolen-vehicle register (one vehicle in it will be stopped: the Golf with VIN
//! WVWZZZ1KZAW123456, or the white Scania with plate DE-SC 4711 of Germany) and a week of cars and trucks crossing
//! Utopia's land BCPs, with real-shaped VINs of several manufacturers and regions.
use chrono::Duration;
use limes_app::App;
use limes_domain::vehicle::{validate_vin, Vehicle, VehicleCategory, VehicleCrossing};
use limes_domain::{AuditEvent, Direction};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The demo register (docs/formats.md: the stolen-vehicle CSV).
const REGISTER: &str = "alert_reference,vin,plate,country,make,model,colour,stolen_on,reporting_authority
UTO-SMV-2026-0001,WVWZZZ1KZAW123456,UT-KL 204,UTO,Volkswagen,Golf,grey,2026-01-10,Utopia National Police
DEU-SMV-2025-8812,YS2R4X20005399401,DE-SC 4711,DEU,Scania,R450,white,2025-11-28,Bundeskriminalamt
POL-SMV-2026-0142,TMBJJ7NE5J0123456,WX 12345,POL,Škoda,Octavia,blue,2026-02-14,Komenda Główna Policji
FRA-SMV-2026-0077,VF1RFB00X57123456,AB-123-CD,FRA,Renault,Mégane,black,2026-02-20,Police nationale
USA-SMV-2025-3321,1HGCM82633A004352,,,Honda,Accord,silver,2025-09-02,FBI NCIC
";

/// Vehicles that cross (plate, country, VIN, make, model, category): cars and trucks of Europe, Asia and North
/// America.
const FLEET: &[(&str, &str, &str, &str, &str, VehicleCategory)] = &[
    (
        "UT-AB 101",
        "UTO",
        "WBA8E9G50GNT12345",
        "BMW",
        "320i",
        VehicleCategory::Car,
    ),
    (
        "UT-CD 202",
        "UTO",
        "VF1RFB00857234567",
        "Renault",
        "Mégane",
        VehicleCategory::Car,
    ),
    (
        "B-XY 3021",
        "DEU",
        "WDD2050041R345678",
        "Mercedes-Benz",
        "C 200",
        VehicleCategory::Car,
    ),
    (
        "WPR 4567K",
        "POL",
        "TMBJG7NE8K0456789",
        "Škoda",
        "Octavia",
        VehicleCategory::Car,
    ),
    (
        "UT-EF 303",
        "UTO",
        "JTDKB20U093567890",
        "Toyota",
        "Prius",
        VehicleCategory::Car,
    ),
    (
        "34 ABC 123",
        "TUR",
        "NMTBZ3BE40R678901",
        "Toyota",
        "Corolla",
        VehicleCategory::Car,
    ),
    (
        "UT-TR 900",
        "UTO",
        "XLRTEH4300G789012",
        "DAF",
        "XF 480",
        VehicleCategory::Truck,
    ),
    (
        "M-LK 8800",
        "DEU",
        "WMA06XZZ8KP890123",
        "MAN",
        "TGX",
        VehicleCategory::Truck,
    ),
    (
        "WGM 77001",
        "POL",
        "YV2RT40A5KB901234",
        "Volvo Trucks",
        "FH16",
        VehicleCategory::Truck,
    ),
    (
        "UT-BU 55",
        "UTO",
        "WDB6340121L012345",
        "Mercedes-Benz",
        "Tourismo",
        VehicleCategory::Bus,
    ),
    (
        "UT-VA 77",
        "UTO",
        "WV1ZZZ7HZKH123456",
        "Volkswagen",
        "Transporter",
        VehicleCategory::Van,
    ),
    (
        "CA 7XYZ123",
        "USA",
        "5YJSA1E22MF123456",
        "Tesla",
        "Model S",
        VehicleCategory::Car,
    ),
];

const LAND_BCPS: &[&str] = &["UTO-LND-N1", "UTO-LND-E1", "UTO-LND-S1"];

/// Import the register and record a week of vehicle crossings; returns (register records, crossings).
pub async fn seed_vehicles(state: &App) -> anyhow::Result<(u64, usize)> {
    let now = state.clock.now();
    let audit = AuditEvent::new(now, "demo-seed", "vehicles.import");
    let n = limes_app::vehicles::import_stolen_vehicles(
        state.store.as_ref(),
        audit,
        REGISTER.as_bytes(),
        true,
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo stolen-vehicle register: {e}"))?;
    let mut rng = StdRng::seed_from_u64(14);
    let mut crossings = 0;
    for day in (1..=7).rev() {
        for _ in 0..rng.gen_range(20..40) {
            let (plate, country, vin, make, model, category) = FLEET[rng.gen_range(0..FLEET.len())];
            let bcp = LAND_BCPS[rng.gen_range(0..LAND_BCPS.len())];
            let at = now - Duration::days(day) + Duration::minutes(rng.gen_range(0..600));
            let direction = if rng.gen_bool(0.5) {
                Direction::Entry
            } else {
                Direction::Exit
            };
            let report = validate_vin(vin).ok();
            let crossing = VehicleCrossing {
                id: limes_store::new_id(),
                bcp: bcp.to_string(),
                officer: "officer".into(),
                at,
                direction,
                vehicle: Vehicle {
                    plate: plate.into(),
                    registration_country: country.into(),
                    vin: Some(vin.into()),
                    make: make.into(),
                    model: model.into(),
                    category,
                },
                driver: None,
                passengers: vec![],
                declarations: if category == VehicleCategory::Truck {
                    vec![format!("UTO-DEC-{}", at.format("%Y%m%d%H%M"))]
                } else {
                    vec![]
                },
                vin_report: report,
                vin_problem: None,
                stolen_hits: vec![],
            };
            let mut audit = AuditEvent::new(at, "demo-seed", "vehicle.check");
            audit.bcp = Some(bcp.to_string());
            audit.subject = Some(format!("vehicle_crossing:{}", crossing.id));
            state.store.record_vehicle_crossing(crossing, audit).await?;
            crossings += 1;
        }
    }
    Ok((n, crossings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_vins_are_well_formed_with_right_check_digits() {
        for (_, _, vin, ..) in FLEET {
            assert!(validate_vin(vin).unwrap().is_valid(), "{vin}");
        }
        for line in REGISTER.lines().skip(1) {
            let vin = line.split(',').nth(1).unwrap();
            assert!(validate_vin(vin).unwrap().is_valid(), "{vin}");
        }
    }
}
