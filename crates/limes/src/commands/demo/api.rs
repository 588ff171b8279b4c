//! Advance passenger information for the demo: today's arrivals at Utopia's two airports as carriers would send
//! them, with a UN-listed traveller, a stolen passport and travellers the demo's targeting rules pick out; and
//! the manifests the intake benchmark sends.
use super::data::{GIVEN, NATIONALITIES, SURNAMES};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use limes_domain::AuditEvent;
use limes_edifact::write::{DocumentOut, FlightLegOut, ManifestOut, PersonOut};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Utopia City International (UTO-AIR-1) and Port Morrow Regional (UTO-AIR-2).
pub const ARRIVAL_AIRPORTS: &[(&str, &str)] = &[("UTC", "UTO-AIR-1"), ("PMR", "UTO-AIR-2")];

/// (flight, carrier, origin, transit or "", arrival airport, hour of arrival, passengers)
const FLIGHTS: &[(&str, &str, &str, &str, &str, u32, usize)] = &[
    ("UT101", "UT", "ATH", "", "UTC", 7, 168),
    ("TK1957", "TK", "IST", "", "UTC", 9, 212),
    ("UT433", "UT", "DXB", "IST", "UTC", 12, 187),
    ("LH2310", "LH", "FRA", "", "PMR", 14, 96),
    ("UT207", "UT", "CMN", "", "UTC", 17, 143),
    ("QR8120", "QR", "DOH", "", "PMR", 20, 121),
];

fn person(rng: &mut StdRng, today: NaiveDate, booking: &str, adult: bool) -> PersonOut {
    let surname = SURNAMES[rng.gen_range(0..SURNAMES.len())];
    let given = GIVEN[rng.gen_range(0..GIVEN.len())];
    let nationality = NATIONALITIES[rng.gen_range(0..NATIONALITIES.len())];
    let birth = NaiveDate::from_ymd_opt(
        rng.gen_range(1940..if adult { 2006 } else { 2022 }),
        rng.gen_range(1..13),
        rng.gen_range(1..29),
    );
    PersonOut {
        role: "FL".into(),
        surname: surname.into(),
        given_names: given.into(),
        gender: if rng.gen_bool(0.5) { "F" } else { "M" }.into(),
        birth_date: birth,
        nationality: nationality.into(),
        booking_reference: booking.into(),
        seat: format!(
            "{}{}",
            rng.gen_range(1..40),
            (b'A' + rng.gen_range(0..6)) as char
        ),
        documents: vec![DocumentOut {
            doc_type: "P".into(),
            number: format!(
                "{}{:07}",
                (b'C' + rng.gen_range(0..20)) as char,
                rng.gen_range(0..9_999_999)
            ),
            issuing_state: nationality.into(),
            expiry: Some(today + Duration::days(rng.gen_range(20..3650))),
        }],
    }
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour.min(23), minute, 0).unwrap_or_default()
}

/// One flight's passenger list: `passengers` travellers in bookings of one to four.
pub fn manifest(
    rng: &mut StdRng,
    today: NaiveDate,
    flight: (&str, &str, &str, &str, &str, u32),
    passengers: usize,
    control_reference: String,
) -> ManifestOut {
    let (number, carrier, origin, transit, arrival, hour) = flight;
    let arrive = at(today, hour, 15);
    let mut legs = Vec::new();
    if transit.is_empty() {
        legs.push(FlightLegOut {
            flight: number.into(),
            carrier: carrier.into(),
            departure_airport: origin.into(),
            departure: arrive - Duration::hours(3),
            arrival_airport: arrival.into(),
            arrival: arrive,
        });
    } else {
        legs.push(FlightLegOut {
            flight: number.into(),
            carrier: carrier.into(),
            departure_airport: origin.into(),
            departure: arrive - Duration::hours(8),
            arrival_airport: transit.into(),
            arrival: arrive - Duration::hours(4),
        });
        legs.push(FlightLegOut {
            flight: number.into(),
            carrier: carrier.into(),
            departure_airport: transit.into(),
            departure: arrive - Duration::hours(3),
            arrival_airport: arrival.into(),
            arrival: arrive,
        });
    }
    let mut persons = Vec::with_capacity(passengers);
    while persons.len() < passengers {
        let booking = format!("{}{:05}", carrier, rng.gen_range(0..99_999));
        let size = rng.gen_range(1..=4usize).min(passengers - persons.len());
        for k in 0..size {
            // Children travel with an adult on the same booking; one in a hundred bookings is a child alone.
            let adult = k == 0 && !rng.gen_bool(0.01);
            persons.push(person(rng, today, &booking, adult));
        }
    }
    ManifestOut {
        sender: format!("{carrier}API"),
        recipient: "UTOPIU".into(),
        control_reference,
        prepared: arrive - Duration::hours(4),
        crew: false,
        legs,
        persons,
    }
}

/// Today's arrivals, each flight with its passengers; three travellers the PIU should see.
pub fn todays_manifests(today: NaiveDate) -> Vec<ManifestOut> {
    use chrono::Datelike;
    let mut rng = StdRng::seed_from_u64(u64::try_from(today.num_days_from_ce()).unwrap_or(0));
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    let mut out: Vec<ManifestOut> = FLIGHTS
        .iter()
        .enumerate()
        .map(|(i, &(n, c, o, t, a, h, p))| {
            manifest(
                &mut rng,
                today,
                (n, c, o, t, a, h),
                p,
                format!("{}{:03}", today.format("%y%m%d"), i + 1),
            )
        })
        .collect();
    // CDi.006 on the UN list, as in the demo's MRZ samples: flies in from Athens.
    if let Some(m) = out.get_mut(0) {
        m.persons.insert(
            17,
            PersonOut {
                role: "FL".into(),
                surname: "KATANGA".into(),
                given_names: "GERMAIN".into(),
                gender: "M".into(),
                birth_date: d(1978, 4, 28),
                nationality: "COD".into(),
                booking_reference: "UT00617".into(),
                seat: "14C".into(),
                documents: vec![DocumentOut {
                    doc_type: "P".into(),
                    number: "OB0193544".into(),
                    issuing_state: "COD".into(),
                    expiry: Some(today + Duration::days(1000)),
                }],
            },
        );
    }
    // The stolen passport of the demo's samples, on the Istanbul flight.
    if let Some(m) = out.get_mut(1) {
        m.persons.insert(
            40,
            PersonOut {
                role: "FL".into(),
                surname: "BERG".into(),
                given_names: "JONAS".into(),
                gender: "M".into(),
                birth_date: d(1988, 2, 3),
                nationality: "UTO".into(),
                booking_reference: "TK31102".into(),
                seat: "22F".into(),
                documents: vec![DocumentOut {
                    doc_type: "P".into(),
                    number: "UX4471208".into(),
                    issuing_state: "UTO".into(),
                    expiry: Some(today + Duration::days(900)),
                }],
            },
        );
    }
    out
}

/// The demo's targeting rules, in the rule JSON analysts write.
pub fn demo_rules(valid_from: DateTime<Utc>) -> Vec<serde_json::Value> {
    let from = valid_from.to_rfc3339();
    vec![
        serde_json::json!({
            "id": "minor-travelling-alone", "version": 1,
            "name": "Minor travelling alone",
            "description": "Possible trafficking of children: a traveller under 16 with nobody else on the booking.",
            "owner": "PIU duty analyst", "severity": "high", "valid_from": from, "applies_to": "passengers",
            "condition": {"all": [{"age": {"max": 15}}, {"group_size": {"max": 1}}]}
        }),
        serde_json::json!({
            "id": "passport-expiring", "version": 1,
            "name": "Passport expiring within 30 days of arrival",
            "owner": "PIU duty analyst", "severity": "low", "valid_from": from,
            "condition": {"document": {"type": {"in": ["P"]}, "expires_within_days": 30}}
        }),
        serde_json::json!({
            "id": "dxb-via-ist-young-men", "version": 1,
            "name": "Young men from Dubai via Istanbul travelling alone",
            "description": "Indicator from the regional risk analysis on foreign terrorist fighters' return routes.",
            "owner": "Risk analysis unit", "severity": "medium", "valid_from": from, "applies_to": "passengers",
            "condition": {"all": [
                {"origin": {"in": ["DXB"]}}, {"transit": {"in": ["IST"]}},
                {"gender": {"in": ["M"]}}, {"age": {"min": 18, "max": 35}}, {"group_size": {"max": 1}}
            ]}
        }),
    ]
}

/// Save the demo rules when there are none, and take in today's arrivals when the board of today is empty
/// (a demo started on a later day gets that day's flights; yesterday's are purged by retention).
pub async fn ensure_todays_arrivals(state: &limes_app::App) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let today = state.clock.today();
    if state.store.rules().await?.is_empty() {
        for json in demo_rules(now - Duration::days(30)) {
            let rule = limes_rules::parse_rule_value(json.clone())
                .map_err(|e| anyhow::anyhow!("demo rule: {e:?}"))?;
            let stored = limes_store::StoredRule {
                id: rule.id.clone(),
                version: rule.version,
                owner: rule.owner.clone(),
                saved_by: "analyst".into(),
                saved_at: now,
                rule: json,
            };
            let mut ev = AuditEvent::new(now, "demo-seed", "rule.save");
            ev.subject = Some(format!("rule:{}@1", rule.id));
            state.store.save_rule(stored, ev).await?;
        }
    }
    let day = today.and_hms_opt(0, 0, 0).unwrap_or_default();
    if !state
        .store
        .api_flights(day, day + Duration::days(1))
        .await?
        .is_empty()
    {
        return Ok(0);
    }
    let mut travellers = 0;
    for m in todays_manifests(today) {
        let sender = limes_app::Actor::Operator(&m.sender);
        let report = limes_app::pax::intake(state, sender, m.to_edifact().as_bytes(), "demo")
            .await
            .map_err(|e| anyhow::anyhow!("demo manifest {}: {e}", m.control_reference))?;
        travellers += report.messages.iter().map(|r| r.persons).sum::<usize>();
    }
    Ok(travellers)
}
