//! `limes bench incidents`: N incidents spread over a year and over Utopia's border area, written into a fresh
//! SQLite database (concurrent writers, so the writer group-commits), then queried by a box of about 20 × 20 km
//! and a month, as the map and the GeoJSON export ask: load time, query p50/p99 and the incidents answered.
//! Target: p99 ≤ 50 ms at 1,000,000 incidents.
use super::measure::{percentile, resident_mb};
use chrono::{Duration, TimeZone, Utc};
use limes_domain::surveillance::{BBox, BorderType, EventClass, Geometry, Incident, PersonCounts};
use limes_domain::AuditEvent;
use limes_store::surveillance::AreaQuery;
use limes_store::Store;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::time::Instant;

/// Incidents per write task.
const BATCH: u64 = 1000;

fn generated(n: u64, rng: &mut StdRng) -> Incident {
    let start = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let at = start + Duration::seconds(rng.gen_range(0..365 * 86_400));
    Incident {
        id: format!("bench-{n}"),
        class: EventClass::UnauthorisedBorderCrossing,
        incident_type: "irregular_crossing_on_foot".into(),
        occurred_at: at,
        recorded_at: at,
        location: Geometry::point(rng.gen_range(11.2..15.1), rng.gen_range(49.2..51.6)),
        section: None,
        bcp: Some(format!("UTO-LND-{}", n % 4)),
        border_type: BorderType::Land,
        persons: PersonCounts {
            male: 2,
            ..PersonCounts::default()
        },
        nominal: Vec::new(),
        goods: Vec::new(),
        vehicles: Vec::new(),
        vessels: Vec::new(),
        description: String::new(),
        reporting_unit: "bench".into(),
        recorded_by: "bench".into(),
        patrol: None,
        follow_ups: Vec::new(),
        seizures: Vec::new(),
        crossings: Vec::new(),
        warnings: Vec::new(),
    }
}

pub async fn run(count: u64, queries: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn Store> = Arc::new(limes_store_sqlite::SqliteStore::open(
        dir.path().join("incidents.db"),
    )?);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for first in (0..count).step_by(BATCH as usize) {
        let store = store.clone();
        tasks.spawn(async move {
            let mut rng = StdRng::seed_from_u64(first);
            for n in first..(first + BATCH).min(count) {
                let i = generated(n, &mut rng);
                let audit = AuditEvent::new(i.recorded_at, "bench", "incident.record");
                store.record_incident(i, audit).await?;
            }
            anyhow::Ok(())
        });
        while tasks.len() >= 16 {
            if let Some(done) = tasks.join_next().await {
                done??;
            }
        }
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let load = started.elapsed().as_secs_f64();
    println!(
        "loaded {count} incidents in {load:.1} s ({:.0}/s)",
        count as f64 / load.max(1e-9)
    );
    let mut rng = StdRng::seed_from_u64(16);
    let mut times = Vec::with_capacity(queries);
    let mut answered = 0usize;
    for _ in 0..queries {
        let (lon, lat) = (rng.gen_range(11.2..14.8), rng.gen_range(49.2..51.4));
        let from = Utc
            .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::days(rng.gen_range(0..334));
        let q = AreaQuery {
            bbox: Some(BBox {
                min_lon: lon,
                min_lat: lat,
                max_lon: lon + 0.3,
                max_lat: lat + 0.2,
            }),
            from: Some(from),
            to: Some(from + Duration::days(31)),
            ..AreaQuery::all(limes_app::surveillance::MAX_RESULTS)
        };
        let t = Instant::now();
        answered += store.incidents(&q).await?.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{queries} queries (box 0.3° × 0.2°, 31 days): p50 {:.2} ms, p99 {:.2} ms, {:.1} incidents each; RSS {:.0} MB",
        percentile(&times, 50.0),
        percentile(&times, 99.0),
        answered as f64 / queries.max(1) as f64,
        resident_mb()
    );
    Ok(())
}
