//! The demo's history for the risk indicators: two years of crossings at Utopia's BCPs before the synthetic
//! checks of the last weeks, imported as a legacy system's CSV (`limes import crossings`), with summer and weekend
//! seasonality and a surge of refusals on the Eastern land border a few weeks ago (the week the analyst's page
//! flags).
use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use limes_app::App;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::fmt::Write;

/// BCPs and their usual crossings a day.
const TRAFFIC: &[(&str, f64)] = &[
    ("UTO-LND-N1", 40.0),
    ("UTO-LND-N2", 15.0),
    ("UTO-LND-E1", 25.0),
    ("UTO-LND-S1", 6.0),
    ("UTO-AIR-1", 60.0),
    ("UTO-AIR-2", 12.0),
    ("UTO-SEA-1", 10.0),
    ("UTO-SEA-2", 8.0),
];

const NATIONALITIES: &[(&str, u32)] = &[
    ("UTO", 40),
    ("DEU", 15),
    ("POL", 10),
    ("CZE", 6),
    ("FRA", 5),
    ("UKR", 6),
    ("TUR", 5),
    ("SYR", 3),
    ("AFG", 2),
    ("NGA", 2),
    ("IND", 3),
    ("CHN", 3),
];

const ENTRY_REASONS: &[&str] = &["A", "C", "C", "E", "E", "G", "B", "H"];

fn pick<'a>(rng: &mut StdRng, weighted: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut n = rng.gen_range(0..total.max(1));
    for (v, w) in weighted {
        if n < *w {
            return v;
        }
        n -= w;
    }
    weighted.first().map_or("UTO", |(v, _)| v)
}

/// Days before `now` the history ends (the synthetic checks cover the last three weeks) and starts.
const HISTORY_ENDS_DAYS_AGO: i64 = 22;
const HISTORY_DAYS: i64 = 730;
/// The surge on the Eastern land border: these days ago, three times the traffic and one in five refused.
const SURGE_DAYS_AGO: std::ops::Range<i64> = 36..50;

/// The history as the CSV of docs/formats.md.
fn history_csv(now: DateTime<Utc>) -> String {
    let mut rng = StdRng::seed_from_u64(17);
    let mut out = String::from(
        "time,bcp,direction,outcome,refusal_reason,nationality,document_type,sex,birth_year\n",
    );
    for days_ago in (HISTORY_ENDS_DAYS_AGO..HISTORY_ENDS_DAYS_AGO + HISTORY_DAYS).rev() {
        let day = now - Duration::days(days_ago);
        let day = day - Duration::seconds(i64::from(day.num_seconds_from_midnight()));
        // Summer high (July), winter low; weekends busier at the land border.
        let season =
            1.0 + 0.5 * ((f64::from(day.ordinal()) - 100.0) / 365.0 * std::f64::consts::TAU).sin();
        let weekend = matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        for (bcp, base) in TRAFFIC {
            let surge = *bcp == "UTO-LND-E1" && SURGE_DAYS_AGO.contains(&days_ago);
            let mut expected = base
                * season
                * if weekend && bcp.contains("LND") {
                    1.3
                } else {
                    1.0
                };
            if surge {
                expected *= 3.0;
            }
            let n = (expected * rng.gen_range(0.85..1.15)).round() as u32;
            for _ in 0..n {
                let at = day + Duration::seconds(rng.gen_range(0..86_400));
                let direction = if rng.gen_bool(0.5) { "entry" } else { "exit" };
                let nationality = pick(&mut rng, NATIONALITIES);
                let refused_rate = if surge { 0.2 } else { 0.015 };
                let (outcome, reason) = if direction == "entry" && rng.gen_bool(refused_rate) {
                    (
                        "refused",
                        ENTRY_REASONS[rng.gen_range(0..ENTRY_REASONS.len())],
                    )
                } else if direction == "entry" && rng.gen_bool(if surge { 0.05 } else { 0.002 }) {
                    ("international_protection", "")
                } else {
                    ("admitted", "")
                };
                let sex = if rng.gen_bool(0.5) { "F" } else { "M" };
                let birth_year = rng.gen_range(1940..2010);
                let _ = writeln!(
                    out,
                    "{},{bcp},{direction},{outcome},{reason},{nationality},P,{sex},{birth_year}",
                    at.format("%Y-%m-%dT%H:%M:%SZ")
                );
            }
        }
    }
    out
}

/// Import the history; returns how many crossings.
pub async fn seed_history(state: &App, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let csv = history_csv(now);
    let n = limes_app::risk::import_crossings(
        state,
        limes_app::Actor::Operator("demo-seed"),
        csv.as_bytes(),
        "demo history",
    )
    .await?;
    state.store.refresh_indicators().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_history_has_a_surge_on_the_eastern_border() {
        let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
        let csv = history_csv(now);
        let surge_day = (now - Duration::days(40)).format("%Y-%m-%d").to_string();
        let usual_day = (now - Duration::days(100)).format("%Y-%m-%d").to_string();
        let count = |day: &str| {
            csv.lines()
                .filter(|l| l.starts_with(day) && l.contains(",UTO-LND-E1,"))
                .count()
        };
        assert!(
            count(&surge_day) > 2 * count(&usual_day),
            "{} vs {}",
            count(&surge_day),
            count(&usual_day)
        );
        assert!(csv.lines().count() > 100_000);
    }
}
