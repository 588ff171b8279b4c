//! `limes bench mrz`: MRZ parsing and validation on one core; and the pool of MRZs the checks benchmark sends.
use crate::commands::demo;
use chrono::{Duration, NaiveDate};
use limes_domain::Clock;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// A pool of checkable travellers: mostly clean, some with document alerts, one UN-listed.
pub fn mrz_pool(today: NaiveDate) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(42);
    let alerts = demo::synthetic_alerts(2000);
    let given = [
        "ANNA", "JONAS", "FATIMA", "IVAN", "MEI", "KOFI", "SOFIA", "OMAR", "PRIYA", "LARS",
    ];
    let surnames = [
        "NOVAK", "GARCIA", "RAHMAN", "PETROVA", "CHEN", "OKAFOR", "ROSSI", "YILMAZ", "TANAKA",
        "HANSEN",
    ];
    let mut pool: Vec<String> = (0..2000)
        .map(|i| {
            let number = if i % 20 == 0 {
                // One in twenty carries a document from the alert register.
                alerts[(i / 20) % alerts.len()].document_number.clone()
            } else {
                format!("B{:08}", rng.gen_range(0..99_999_999))
            };
            let birth = NaiveDate::from_ymd_opt(
                rng.gen_range(1950..2006),
                rng.gen_range(1..13),
                rng.gen_range(1..29),
            )
            .unwrap_or_default();
            demo::td3(&demo::Passport {
                issuer: "UTO",
                surname: surnames[rng.gen_range(0..surnames.len())],
                given: given[rng.gen_range(0..given.len())],
                number: &number,
                nationality: "UTO",
                birth,
                sex: if rng.gen_bool(0.5) { 'F' } else { 'M' },
                expiry: today + Duration::days(rng.gen_range(100..3000)),
            })
        })
        .collect();
    pool.push(demo::samples(today).un_hit);
    pool
}

pub fn run(seconds: u64) -> anyhow::Result<()> {
    let today = limes_domain::SystemClock.today();
    let mut inputs = mrz_pool(today);
    // TD1 and a broken one, so the error paths are measured too.
    inputs.push("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<".into());
    inputs.push("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1O".into());
    let started = Instant::now();
    let deadline = std::time::Duration::from_secs(seconds);
    let mut n = 0u64;
    let mut valid = 0u64;
    while started.elapsed() < deadline {
        for m in &inputs {
            if limes_mrz::parse(m, today).valid {
                valid += 1;
            }
        }
        n += inputs.len() as u64;
    }
    let secs = started.elapsed().as_secs_f64();
    println!("mrz: {n} parsed ({valid} valid) in {secs:.2} s on one core");
    println!(
        "mrz_per_s={:.0} us_per_mrz={:.3}",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
    Ok(())
}
