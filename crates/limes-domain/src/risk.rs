//! Risk analysis rules: the seasonal baseline of a weekly series and the robust score that flags a week far above
//! it (with how far and since when), and the CIRAM risk level of threat, vulnerability and impact.
use serde::{Deserialize, Serialize};

/// The score from which a week is flagged: 3.5 robust standard deviations above its baseline (Iglewicz and
/// Hoaglin's usual cut-off for the modified z-score).
pub const ANOMALY_THRESHOLD: f64 = 3.5;
/// Earlier years' same weeks needed for a seasonal baseline; with fewer, the recent weeks serve.
pub const MIN_SEASONAL_VALUES: usize = 3;
/// The recent weeks that make the baseline when there is not enough history for a seasonal one.
pub const RECENT_WEEKS: usize = 8;
/// Recent weeks needed at least for any baseline.
pub const MIN_RECENT_VALUES: usize = 4;

/// Which values a week was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BaselineKind {
    /// The same week (and the weeks on either side) in earlier years.
    Seasonal,
    /// The weeks just before.
    Recent,
}

impl BaselineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineKind::Seasonal => "seasonal",
            BaselineKind::Recent => "recent",
        }
    }
}

/// A week's value against its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Score {
    pub value: f64,
    pub kind: BaselineKind,
    /// The median of the baseline values.
    pub median: f64,
    /// The spread used: 1.4826 × the median absolute deviation, at least √median and at least 1 (so a flat
    /// baseline does not make every small rise a spike).
    pub spread: f64,
    /// (value − median) / spread.
    pub score: f64,
    /// How many baseline values there were.
    pub baseline_values: usize,
}

impl Score {
    pub fn flagged(&self) -> bool {
        self.score >= ANOMALY_THRESHOLD
    }
}

/// The median of `values` (0 when empty).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The median absolute deviation from the median.
pub fn mad(values: &[f64]) -> f64 {
    let m = median(values);
    let dev: Vec<f64> = values.iter().map(|x| (x - m).abs()).collect();
    median(&dev)
}

/// Score `value` against `baseline` values.
pub fn score_against(value: f64, baseline: &[f64], kind: BaselineKind) -> Score {
    let median = median(baseline);
    let spread = (1.4826 * mad(baseline)).max(median.sqrt()).max(1.0);
    Score {
        value,
        kind,
        median,
        spread,
        score: (value - median) / spread,
        baseline_values: baseline.len(),
    }
}

/// The baseline of week `index` in a series of consecutive weeks: the same week and its neighbours 52 weeks
/// (one year) apart in earlier years when there are at least [`MIN_SEASONAL_VALUES`] of them, else the
/// [`RECENT_WEEKS`] weeks before it; `None` when neither has enough values.
pub fn baseline(series: &[f64], index: usize) -> Option<(BaselineKind, Vec<f64>)> {
    let mut seasonal = Vec::new();
    let mut years_back = 1;
    while index >= 52 * years_back {
        let same_week = index - 52 * years_back;
        for i in same_week.saturating_sub(1)..=same_week + 1 {
            if let Some(v) = series.get(i) {
                seasonal.push(*v);
            }
        }
        years_back += 1;
    }
    if seasonal.len() >= MIN_SEASONAL_VALUES {
        return Some((BaselineKind::Seasonal, seasonal));
    }
    let recent: Vec<f64> = series[index.saturating_sub(RECENT_WEEKS)..index].to_vec();
    (recent.len() >= MIN_RECENT_VALUES).then_some((BaselineKind::Recent, recent))
}

/// A flagged week: its score and the first week of the run of flagged weeks it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Anomaly {
    pub index: usize,
    pub since: usize,
    pub score: Score,
}

/// Score every week of a series of consecutive weeks and return the flagged ones, each with the first week of
/// its run ("since when").
pub fn anomalies(series: &[f64]) -> Vec<Anomaly> {
    let mut out: Vec<Anomaly> = Vec::new();
    for index in 0..series.len() {
        let Some((kind, base)) = baseline(series, index) else {
            continue;
        };
        let score = score_against(series[index], &base, kind);
        if score.flagged() {
            let since = match out.last() {
                Some(prev) if prev.index + 1 == index => prev.since,
                _ => index,
            };
            out.push(Anomaly {
                index,
                since,
                score,
            });
        }
    }
    out
}

/// A CIRAM score of threat, vulnerability or impact: 1 (very low) to 5 (very high).
pub const SCORE_MIN: u8 = 1;
pub const SCORE_MAX: u8 = 5;

/// The risk level of a threat, vulnerability and impact each scored 1 to 5: their product (1..125) read as low
/// (< 20), medium (< 45), high (< 80) or very high.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::VeryHigh => "very_high",
        }
    }
}

/// The risk of a threat, a vulnerability and an impact (each clamped to 1..5): the product and its level.
pub fn risk_of(threat: u8, vulnerability: u8, impact: u8) -> (u32, RiskLevel) {
    let clamp = |s: u8| u32::from(s.clamp(SCORE_MIN, SCORE_MAX));
    let product = clamp(threat) * clamp(vulnerability) * clamp(impact);
    let level = match product {
        0..=19 => RiskLevel::Low,
        20..=44 => RiskLevel::Medium,
        45..=79 => RiskLevel::High,
        _ => RiskLevel::VeryHigh,
    };
    (product, level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mad() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        // |1-3|,|2-3|,|3-3|,|4-3|,|100-3| = 2,1,0,1,97 → median 1
        assert_eq!(mad(&[1.0, 2.0, 3.0, 4.0, 100.0]), 1.0);
    }

    #[test]
    fn a_flat_baseline_needs_a_real_rise_to_flag() {
        // Baseline all 100: MAD is 0, so the spread is √100 = 10; 130 scores 3.0 (not flagged), 140 scores 4.0.
        let base = [100.0; 8];
        assert!(!score_against(130.0, &base, BaselineKind::Recent).flagged());
        let s = score_against(140.0, &base, BaselineKind::Recent);
        assert_eq!(s.score, 4.0);
        assert!(s.flagged());
        // A baseline of zeros: spread 1, so three events in a week are not yet a spike, four are.
        assert!(!score_against(3.0, &[0.0; 8], BaselineKind::Recent).flagged());
        assert!(score_against(4.0, &[0.0; 8], BaselineKind::Recent).flagged());
    }

    #[test]
    fn recent_baseline_when_history_is_short() {
        let series = [10.0, 12.0, 11.0, 9.0, 10.0];
        let (kind, base) = baseline(&series, 4).unwrap();
        assert_eq!(kind, BaselineKind::Recent);
        assert_eq!(base, vec![10.0, 12.0, 11.0, 9.0]);
        assert!(baseline(&series, 3).is_none(), "three weeks are too few");
    }

    #[test]
    fn seasonal_baseline_uses_the_same_weeks_a_year_earlier() {
        // Week 55 compares with week 3 (52 weeks earlier) and the weeks on either side of it.
        let series: Vec<f64> = (0..60).map(|i| i as f64).collect();
        let (kind, base) = baseline(&series, 55).unwrap();
        assert_eq!(kind, BaselineKind::Seasonal);
        assert_eq!(base, vec![2.0, 3.0, 4.0]);
    }

    #[test]
    fn a_seasonal_peak_is_not_a_spike_but_a_rise_above_it_is() {
        // Three years of weekly counts: 100 a week, 300 in weeks 26 to 29 each summer.
        let mut series: Vec<f64> = (0..156)
            .map(|i| {
                if (26..30).contains(&(i % 52)) {
                    300.0
                } else {
                    100.0
                }
            })
            .collect();
        // The summer of the third year: flagged only where the recent-weeks baseline applies (first year),
        // never where earlier summers are the baseline.
        let flagged: Vec<usize> = anomalies(&series).iter().map(|a| a.index).collect();
        assert!(
            flagged.iter().all(|&i| i < 52),
            "later summers are seasonal: {flagged:?}"
        );
        // Now a spike in weeks 140 and 141 of the third year (outside summer): flagged, since week 140.
        series[140] = 400.0;
        series[141] = 420.0;
        let found = anomalies(&series);
        let late: Vec<&Anomaly> = found.iter().filter(|a| a.index >= 104).collect();
        assert_eq!(late.len(), 2, "{late:?}");
        assert_eq!((late[0].index, late[0].since), (140, 140));
        assert_eq!((late[1].index, late[1].since), (141, 140));
        assert_eq!(late[1].score.kind, BaselineKind::Seasonal);
        assert_eq!(late[1].score.median, 100.0);
    }

    #[test]
    fn risk_matrix_levels() {
        assert_eq!(risk_of(1, 1, 1), (1, RiskLevel::Low));
        assert_eq!(risk_of(3, 3, 2), (18, RiskLevel::Low));
        assert_eq!(risk_of(3, 3, 3), (27, RiskLevel::Medium));
        assert_eq!(risk_of(4, 4, 3), (48, RiskLevel::High));
        assert_eq!(risk_of(5, 5, 4), (100, RiskLevel::VeryHigh));
        assert_eq!(
            risk_of(9, 0, 5),
            (25, RiskLevel::Medium),
            "scores are clamped to 1..5"
        );
    }
}
