//! `limes bench indicators`: N crossings spread over a year at eight BCPs in four sections (bulk-generated into a
//! fresh SQLite database as historical crossings, which feed the same daily count table as the checks), the
//! daily counts built, then the indicators for the year by week and section read again and again: build time
//! and query p50/p99. Target: ≤ 200 ms per query at 10,000,000 crossings.
use super::measure::percentile;
use chrono::{Duration, TimeZone, Utc};
use limes_domain::indicators::Breakdown;
use limes_domain::{AgencyKind, AuditEvent, Bcp, BcpKind, Clock, Direction, Outcome, SystemClock};
use limes_store::{HistoricalCrossing, IndicatorQuery, StagedHistoricalCrossing, Store};
use std::sync::Arc;
use std::time::Instant;

/// (BCP, kind, section): two per section.
const BCPS: [(&str, BcpKind, &str); 8] = [
    ("B-N1", BcpKind::Land, "North"),
    ("B-N2", BcpKind::Land, "North"),
    ("B-E1", BcpKind::Land, "East"),
    ("B-E2", BcpKind::Land, "East"),
    ("B-A1", BcpKind::Air, "Air"),
    ("B-A2", BcpKind::Air, "Air"),
    ("B-S1", BcpKind::Sea, "Sea"),
    ("B-S2", BcpKind::Sea, "Sea"),
];
const NATIONALITIES: [&str; 12] = [
    "UTO", "DEU", "POL", "CZE", "FRA", "UKR", "TUR", "SYR", "AFG", "NGA", "IND", "CHN",
];
const BATCH: u64 = 20_000;
const QUERIES: usize = 20;

pub async fn run(crossings: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn Store> = Arc::new(limes_store_sqlite::SqliteStore::open(
        dir.path().join("limes.db"),
    )?);
    let now = SystemClock.now();
    let ev = |action: &str| AuditEvent::new(now, "bench", action);
    store
        .upsert_agency(
            &limes_domain::Agency {
                code: "BP".into(),
                name: "Border Police".into(),
                kind: AgencyKind::BorderPolice,
            },
            ev("agency.upsert"),
        )
        .await?;
    for (code, kind, section) in BCPS {
        let bcp = Bcp {
            code: code.into(),
            name: code.into(),
            kind,
            border_section: section.into(),
            neighbour: None,
            agency: "BP".into(),
            latitude: None,
            longitude: None,
            active: true,
        };
        store.upsert_bcp(&bcp, ev("bcp.upsert")).await?;
    }
    let start = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("start"))?;
    let seconds_in_year: u64 = 365 * 86_400;
    let started = Instant::now();
    let mut batch = Vec::with_capacity(BATCH as usize);
    let mut state: u64 = 0x5EED;
    for i in 0..crossings {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let (bcp, _, _) = BCPS[(state % 8) as usize];
        let refused = state.is_multiple_of(97);
        batch.push(StagedHistoricalCrossing {
            line: i + 2,
            record: HistoricalCrossing {
                at: start + Duration::seconds((i * seconds_in_year / crossings.max(1)) as i64),
                bcp: bcp.into(),
                direction: if state.is_multiple_of(2) {
                    Direction::Entry
                } else {
                    Direction::Exit
                },
                outcome: if refused {
                    Outcome::Refused
                } else {
                    Outcome::Admitted
                },
                refusal_reason: refused.then(|| ["A", "C", "E"][(state % 3) as usize].to_string()),
                nationality: NATIONALITIES[((state >> 8) % 12) as usize].into(),
                document_type: "P".into(),
                sex: None,
                birth_year: None,
            },
        });
        if batch.len() as u64 >= BATCH {
            store
                .stage_historical_crossings("bench", std::mem::take(&mut batch))
                .await?;
        }
    }
    if !batch.is_empty() {
        store.stage_historical_crossings("bench", batch).await?;
    }
    store
        .commit_historical_crossings("bench", ev("crossings.import"))
        .await?;
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let days = store.refresh_indicators().await?;
    let build_s = started.elapsed().as_secs_f64();
    let query = IndicatorQuery {
        from: start.date_naive(),
        to: (start + Duration::days(364)).date_naive(),
        by: Breakdown::Section,
        bcps: None,
    };
    let mut ms = Vec::with_capacity(QUERIES);
    let mut rows = 0;
    for _ in 0..QUERIES {
        let t = Instant::now();
        // What a table for the year by week and section reads: a refresh (nothing to recount), the counts of the
        // year and of the year before, the coverage of both.
        store.refresh_indicators().await?;
        rows = store.indicator_counts(&query).await?.len();
        let earlier = IndicatorQuery {
            from: query.from - Duration::days(364),
            to: query.to - Duration::days(364),
            ..query.clone()
        };
        store.indicator_counts(&earlier).await?;
        store.indicator_coverage(&query).await?;
        store.indicator_coverage(&earlier).await?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "indicators: {crossings} crossings loaded in {load_s:.1} s; {days} days counted in {build_s:.1} s; \
         a year by week and section ({rows} daily rows): p50 {:.1} ms, p99 {:.1} ms (target ≤ 200 ms)",
        percentile(&ms, 50.0),
        percentile(&ms, 99.0)
    );
    Ok(())
}
