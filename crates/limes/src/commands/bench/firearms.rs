//! `limes bench firearms`: the firearm register at N generated records (real makes, models and calibres with
//! serial formats shaped like each maker's) imported through the streamed CSV import into a fresh SQLite database,
//! the in-memory index built from it, then look-ups of realistic written variants — exact, look-alike characters,
//! other separators and prefixes, one typo — on one core: p50/p99 per variant, recall in the top 3, import and
//! build time, memory. Target: p99 ≤ 1 ms at 1.5 million records.
use super::measure::{percentile, resident_mb};
use limes_arms::synthetic::{self, Rng, SyntheticFirearm, Variant};
use limes_arms::{FirearmIndex, Query, RegisterEntry};
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_store::Store;
use std::io::Read;
use std::sync::Arc;
use std::time::Instant;

/// The generated register as CSV, one line at a time (never held whole).
struct GeneratedCsv {
    rng: Rng,
    next: u64,
    records: u64,
    line: Vec<u8>,
    at: usize,
}

fn csv_line(r: &SyntheticFirearm) -> String {
    let country = limes_app::vehicles::country_code(&r.country_of_manufacture).unwrap_or("UTO");
    format!(
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
    )
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
                self.line
                    .extend_from_slice(limes_app::firearms::COLUMNS.join(",").as_bytes());
                self.line.push(b'\n');
            } else {
                let record = synthetic::record(&mut self.rng, &format!("FA-{:08}", self.next));
                self.line.extend_from_slice(csv_line(&record).as_bytes());
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
        rng: Rng::new(2026),
        next: 0,
        records,
        line: Vec::new(),
        at: 0,
    };
    let audit = AuditEvent::new(SystemClock.now(), "bench", "firearms.import");
    let imported = limes_app::firearms::import_firearms(store.as_ref(), audit, csv, false).await?;
    let import_s = started.elapsed().as_secs_f64();
    let rss_after_import = resident_mb();

    let started = Instant::now();
    let register = store.all_firearms().await?;
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let index = FirearmIndex::build(register.iter().map(|f| RegisterEntry {
        record_id: f.record_id.clone(),
        serial: f.serial.clone(),
        make: f.make.clone(),
        model: f.model.clone(),
        calibre: f.calibre.clone(),
    }));
    let build_s = started.elapsed().as_secs_f64();
    let index_mb = index.approximate_bytes() as f64 / 1e6;

    // The look-ups, on this one thread.
    let mut rng = Rng::new(0x5EED);
    let mut report = Vec::new();
    let mut all_us = Vec::with_capacity(lookups);
    let per_variant = (lookups / Variant::ALL.len()).max(1);
    for variant in Variant::ALL {
        let mut us = Vec::with_capacity(per_variant);
        let mut found = 0usize;
        for _ in 0..per_variant {
            let Some(record) = register.get(rng.below(register.len())) else {
                break;
            };
            let query = Query {
                serial: synthetic::write_serial(&record.serial, variant, &mut rng),
                make: synthetic::write_make(&record.make, &mut rng),
                model: synthetic::write_model(&record.model, &mut rng),
                calibre: synthetic::write_calibre(&record.calibre, &mut rng),
            };
            let t = Instant::now();
            let candidates = index.search(&query, 3, limes_arms::index::DEFAULT_MIN_SCORE);
            let elapsed = t.elapsed().as_secs_f64() * 1e6;
            us.push(elapsed);
            all_us.push(elapsed);
            if candidates.iter().any(|c| c.record_id == record.record_id) {
                found += 1;
            }
        }
        us.sort_by(f64::total_cmp);
        report.push(format!(
            "{v}_p50_us={:.1} {v}_p99_us={:.1} {v}_recall3={:.3}",
            percentile(&us, 0.5),
            percentile(&us, 0.99),
            found as f64 / us.len().max(1) as f64,
            v = variant.as_str()
        ));
    }
    all_us.sort_by(f64::total_cmp);
    println!(
        "records={imported} import_s={import_s:.2} import_per_s={:.0} load_s={load_s:.2} index_build_s={build_s:.2} \
         index_mb={index_mb:.0} lookups={} p50_us={:.1} p99_us={:.1} {} rss_mb={:.0} import_rss_growth_mb={:.0}",
        imported as f64 / import_s.max(1e-9),
        all_us.len(),
        percentile(&all_us, 0.5),
        percentile(&all_us, 0.99),
        report.join(" "),
        resident_mb(),
        rss_after_import - rss_before,
    );
    Ok(())
}
