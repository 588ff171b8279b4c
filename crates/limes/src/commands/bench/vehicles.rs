//! `limes bench vehicles`: the stolen-vehicle register at N generated records (VINs of several manufacturers and
//! regions, with the North American check digit where it belongs; plates of several countries) imported through
//! the streamed CSV import into a fresh SQLite database, then looked up by VIN and by plate, hits and misses
//! alike; import time, lookup p50/p99 and resident memory.
use super::measure::{percentile, resident_mb};
use limes_domain::vehicle::vin_check_digit;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::Store;
use std::io::Read;
use std::sync::Arc;
use std::time::Instant;

/// World manufacturer identifiers the generated VINs start with (Europe, Asia, North America, South America).
const WMIS: &[&str] = &[
    "WVW", "WBA", "WDD", "VF1", "VF3", "ZFA", "TMB", "YV1", "YS2", "XLR", "JTD", "JHM", "KMH",
    "KNA", "1HG", "1FT", "2T1", "3VW", "5YJ", "9BW",
];
/// Registration countries of the generated plates.
const COUNTRIES: &[&str] = &["UTO", "DEU", "FRA", "POL", "TUR", "ITA"];
/// Characters a VIN may hold (no I, O, Q).
const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

/// A small deterministic generator (xorshift): the same N gives the same register.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// The `n`th generated record's VIN, plate and country: real-shaped, unique by construction (the serial is `n`).
pub fn generated_vehicle(n: u64) -> (String, String, &'static str) {
    let mut rng = Xorshift(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let wmi = rng.pick(WMIS);
    let mut vin = String::with_capacity(17);
    vin.push_str(wmi);
    for _ in 0..5 {
        vin.push(rng.pick(VIN_CHARS) as char);
    }
    vin.push('0'); // check digit, set below where the region uses one
    vin.push(rng.pick(b"ABCDEFGHJKLMNPRSTVWXY123456789") as char); // model year
    vin.push(rng.pick(VIN_CHARS) as char); // plant
    vin.push_str(&format!("{:06}", n % 1_000_000));
    // Beyond a million the plant and the model year carry the rest of n, so VINs stay unique.
    let mut chars: Vec<char> = vin.chars().collect();
    chars[10] = VIN_CHARS[((n / 1_000_000) % VIN_CHARS.len() as u64) as usize] as char;
    chars[9] = VIN_CHARS[((n / 33_000_000) % VIN_CHARS.len() as u64) as usize] as char;
    if wmi.starts_with(['1', '2', '3', '4', '5']) {
        let plain: String = chars.iter().collect();
        if let Some(d) = vin_check_digit(&plain) {
            chars[8] = d;
        }
    }
    let vin: String = chars.into_iter().collect();
    let country = rng.pick(COUNTRIES);
    let plate = format!(
        "{}{} {}",
        rng.pick(b"ABCDEFGHKLMNPRSTUVWXYZ") as char,
        rng.pick(b"ABCDEFGHKLMNPRSTUVWXYZ") as char,
        n
    );
    (vin, plate, country)
}

/// The register as CSV, generated as it is read: N records never sit in memory.
struct GeneratedCsv {
    next: u64,
    records: u64,
    line: Vec<u8>,
    at: usize,
}

impl Read for GeneratedCsv {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.line.len() {
            if self.next > self.records {
                return Ok(0);
            }
            self.line.clear();
            self.at = 0;
            if self.next == 0 {
                self.line.extend_from_slice(
                    b"alert_reference,vin,plate,country,make,model,colour,stolen_on,reporting_authority\n",
                );
            } else {
                let (vin, plate, country) = generated_vehicle(self.next);
                // One record in three is known by its plate as well.
                let plate = if matches!(self.next % 3, 0) {
                    plate.as_str()
                } else {
                    ""
                };
                let country = if plate.is_empty() { "" } else { country };
                self.line.extend_from_slice(
                    format!(
                        "SMV-{},{vin},{plate},{country},Make,Model,grey,2025-06-01,National Police\n",
                        self.next
                    )
                    .as_bytes(),
                );
            }
            self.next += 1;
        }
        let n = buf.len().min(self.line.len() - self.at);
        buf[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

pub async fn run(records: u64, lookups: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn Store> = Arc::new(limes_store_sqlite::SqliteStore::open(
        dir.path().join("limes.db"),
    )?);
    let rss_before = resident_mb();
    let started = Instant::now();
    let csv = GeneratedCsv {
        next: 0,
        records,
        line: Vec::new(),
        at: 0,
    };
    let audit = AuditEvent::new(SystemClock.now(), "bench", "vehicles.import");
    let imported =
        limes_app::vehicles::import_stolen_vehicles(store.as_ref(), audit, csv, false).await?;
    let import_s = started.elapsed().as_secs_f64();
    let mut rng = Xorshift(0x5EED);
    let (mut vin_us, mut plate_us) = (Vec::with_capacity(lookups), Vec::with_capacity(lookups));
    let mut hits = 0usize;
    for i in 0..lookups {
        // Half the lookups are of registered vehicles, half of vehicles the register does not hold.
        let n = if matches!(i % 2, 0) {
            1 + rng.next() % records.max(1)
        } else {
            records + 1 + rng.next() % 1_000_000
        };
        let (vin, plate, country) = generated_vehicle(n);
        let t = Instant::now();
        hits += store.find_stolen_vehicles(Some(&vin), None).await?.len();
        vin_us.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        store
            .find_stolen_vehicles(None, Some((&plate, country)))
            .await?;
        plate_us.push(t.elapsed().as_secs_f64() * 1e6);
    }
    vin_us.sort_by(f64::total_cmp);
    plate_us.sort_by(f64::total_cmp);
    let db_mb = std::fs::metadata(dir.path().join("limes.db"))
        .map(|m| m.len() as f64 / 1e6)
        .unwrap_or(0.0);
    println!(
        "records={imported} import_s={import_s:.2} import_per_s={:.0} lookups={lookups} hits={hits} \
         vin_p50_us={:.1} vin_p99_us={:.1} plate_p50_us={:.1} plate_p99_us={:.1} rss_mb={:.0} rss_growth_mb={:.0} db_mb={db_mb:.0}",
        imported as f64 / import_s.max(1e-9),
        percentile(&vin_us, 0.5),
        percentile(&vin_us, 0.99),
        percentile(&plate_us, 0.5),
        percentile(&plate_us, 0.99),
        resident_mb(),
        resident_mb() - rss_before,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::vehicle::{validate_vin, CheckDigit};

    #[test]
    fn generated_vins_are_well_formed_unique_and_checked_where_the_region_uses_it() {
        let mut seen = std::collections::HashSet::new();
        for n in (1..20_000).chain([1_000_001, 33_000_001, 9_999_999]) {
            let (vin, _, _) = generated_vehicle(n);
            let report = validate_vin(&vin).unwrap();
            assert_ne!(
                std::mem::discriminant(&report.check_digit),
                std::mem::discriminant(&CheckDigit::Wrong {
                    expected: '0',
                    found: '0'
                }),
                "{vin}"
            );
            assert!(seen.insert(vin.clone()), "{vin} twice");
        }
    }
}
