//! The demo's seizure records: a week at Utopia's BCPs under the WCO CEN headings (cigarettes in a truck's false
//! floor, cocaine in luggage at the airport, undeclared currency, a pistol in a car …) with realistic quantities;
//! the cigarettes with two photographs drawn here (a concealment photograph and an X-ray image), no downloads.
use chrono::{DateTime, Duration, Utc};
use limes_app::seizures::{add_photo, record, SeizureForm};
use limes_app::{Actor, App};
use limes_domain::seizure::{
    CenHeading, ConcealmentMethod, DetectionMethod, NominalPart, OffenceRole, Party, PartyKind,
    Quantity, QuantityUnit, Route, Transport, TransportMode,
};

/// One demo seizure: (days ago, hours, BCP, heading, commodity, HS code, amount, unit, currency, concealment,
/// place, origin, transit, destination, mode, transport identity, detection, modus operandi).
type Row = (
    i64,
    i64,
    &'static str,
    CenHeading,
    &'static str,
    Option<&'static str>,
    f64,
    QuantityUnit,
    Option<&'static str>,
    ConcealmentMethod,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    TransportMode,
    &'static str,
    DetectionMethod,
    &'static str,
);

#[rustfmt::skip]
const SEIZURES: &[Row] = &[
    (6, 9, "UTO-LND-N1", CenHeading::Tobacco, "Cigarettes, counterfeit brand", Some("240220"), 480_000.0,
     QuantityUnit::Cigarettes, None, ConcealmentMethod::FalseCompartment, "welded false floor of the semi-trailer",
     "AE", &["TR", "BG"], "PL", TransportMode::Road, "TR 34 ABC 812", DetectionMethod::XRay,
     "Declared as furniture; the floor was 9 cm higher than the trailer's specification."),
    (5, 22, "UTO-AIR-1", CenHeading::Drugs, "Cocaine hydrochloride", Some("293979"), 3.2, QuantityUnit::Kg, None,
     ConcealmentMethod::Luggage, "lining of a hard-shell suitcase", "BR", &["PT"], "NL", TransportMode::Air,
     "flight UT 702", DetectionMethod::DetectorDog, "Courier on a one-way ticket bought in cash two days before."),
    (4, 7, "UTO-AIR-1", CenHeading::Currency, "Undeclared cash, euro banknotes", None, 48_500.0,
     QuantityUnit::Currency, Some("EUR"), ConcealmentMethod::OnBody, "money belt under the shirt", "AE", &[],
     "DE", TransportMode::Air, "flight UT 118", DetectionMethod::RiskProfile,
     "Declared nothing at the red channel; the amount exceeds the EUR 10 000 threshold."),
    (3, 16, "UTO-LND-E1", CenHeading::WeaponsAndExplosives, "Pistol, 9×19 mm, with 2 magazines", Some("930200"), 1.0,
     QuantityUnit::Pieces, None, ConcealmentMethod::NaturalCavity, "behind the driver's door panel", "RS", &[],
     "AT", TransportMode::Road, "UT AB 4471", DetectionMethod::PhysicalSearch,
     "Serial number filed off; a trace request follows."),
    (2, 11, "UTO-SEA-1", CenHeading::Ipr, "Counterfeit wristwatches", Some("910221"), 340.0, QuantityUnit::Pieces,
     None, ConcealmentMethod::InGoods, "mixed into a consignment of plastic toys", "CN", &["EG"], "IT",
     TransportMode::Sea, "container MSCU 481220-7", DetectionMethod::RiskProfile,
     "Trade-mark holder confirmed the watches are counterfeit."),
    (2, 18, "UTO-LND-N2", CenHeading::Alcohol, "Vodka, unmarked bottles", Some("220860"), 120.0, QuantityUnit::L,
     None, ConcealmentMethod::FalseCompartment, "spare-wheel well of a minibus", "UA", &[], "PL",
     TransportMode::Road, "UT KM 2203", DetectionMethod::Random, "No excise stamps."),
    (1, 10, "UTO-AIR-1", CenHeading::Drugs, "Tramadol tablets", Some("300490"), 12_000.0, QuantityUnit::Pieces,
     None, ConcealmentMethod::Mail, "express parcel declared as vitamins", "IN", &[], "UT",
     TransportMode::Postal, "parcel EE 4410 2938 IN", DetectionMethod::XRay, "Third parcel to the same address."),
    (0, 8, "UTO-LND-S1", CenHeading::Tobacco, "Hand-rolling tobacco", Some("240319"), 35.0, QuantityUnit::Kg, None,
     ConcealmentMethod::InGoods, "under sacks of onions", "MK", &[], "UT", TransportMode::Road,
     "MK SK 918 AB", DetectionMethod::PhysicalSearch, "Driver said the tobacco was for his own use."),
];

/// Record the demo seizures; how many.
pub async fn seed(state: &App, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let customs = Actor::Operator("demo-customs");
    let mut n = 0;
    for (i, r) in SEIZURES.iter().enumerate() {
        let nominal = (r.3 == CenHeading::Drugs && r.2 == "UTO-AIR-1" && r.7 == QuantityUnit::Kg)
            .then(|| NominalPart {
                parties: vec![Party {
                    kind: PartyKind::Person,
                    name: "Marcos Oliveira Santos".into(),
                    birth_date: chrono::NaiveDate::from_ymd_opt(1991, 8, 14),
                    nationality: Some("BR".into()),
                    document: Some("FY482913".into()),
                    role: OffenceRole::Courier,
                }],
            });
        let form = SeizureForm {
            bcp: Some(r.2.into()),
            heading: r.3,
            commodity: r.4.into(),
            hs_code: r.5.map(Into::into),
            quantity: Quantity {
                amount: r.6,
                unit: r.7,
                currency: r.8.map(Into::into),
            },
            concealment: r.9,
            concealment_place: Some(r.10.into()),
            route: Route {
                origin: Some(r.11.into()),
                transit: r.12.iter().map(|c| c.to_string()).collect(),
                // Utopia itself has no ISO 3166 code: goods for Utopia have no destination abroad.
                destination: Some(r.13).filter(|d| *d != "UT").map(Into::into),
            },
            transport: Transport {
                mode: r.14,
                identity: Some(r.15.into()),
            },
            modus_operandi: Some(r.17.into()),
            detection: r.16,
            seized_at: Some(now - Duration::days(r.0) - Duration::hours(24 - r.1)),
            inspection_id: None,
            nominal,
        };
        let s = record(state, customs, form).await?;
        if i == 0 {
            add_photo(state, customs, &s.id, &concealment_png(), false).await?;
            add_photo(state, customs, &s.id, &x_ray_png(), true).await?;
        }
        n += 1;
    }
    Ok(n)
}

fn png(img: image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let encoded = image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    if encoded.is_err() {
        out.clear();
    }
    out
}

/// A drawing of a trailer floor opened up: the grey deck, and the cartons of cigarettes in the cavity below.
fn concealment_png() -> Vec<u8> {
    png(image::RgbImage::from_fn(240, 160, |x, y| {
        let in_cavity = (40..200).contains(&x) && (80..140).contains(&y);
        let carton_edge = in_cavity && (x % 32 == 0 || y % 20 == 0);
        match (y < 70, in_cavity, carton_edge) {
            (true, _, _) => image::Rgb([120, 124, 128]),
            (false, true, true) => image::Rgb([90, 60, 30]),
            (false, true, false) => image::Rgb([200, 170, 120]),
            _ => image::Rgb([60, 60, 64]),
        }
    }))
}

/// A drawing of an X-ray image of the trailer: dense (dark) blocks where the floor should be empty.
fn x_ray_png() -> Vec<u8> {
    png(image::RgbImage::from_fn(240, 120, |x, y| {
        let floor_block = (30..210).contains(&x) && (90..110).contains(&y) && x % 24 > 3;
        let frame = y == 88 || y == 112 || x % 60 == 0;
        let v = if floor_block {
            40
        } else if frame {
            90
        } else {
            220 - (y as u8 / 4)
        };
        image::Rgb([v, v, v])
    }))
}
