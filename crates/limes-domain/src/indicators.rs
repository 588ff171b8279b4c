//! Risk indicators: what is counted (the indicator catalogue), how it is broken down, and the period arithmetic
//! (ISO weeks, months, quarters, years, and the same period a year earlier). Days are UTC calendar days.
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The length of a reporting period.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// An ISO 8601 week, Monday to Sunday, numbered in its ISO year.
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        PeriodKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim().to_ascii_lowercase())
    }
}

/// One period: its kind and its days, `start` included, `end` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kind: PeriodKind,
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

impl Period {
    /// The period of `kind` that holds `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let start = match kind {
            PeriodKind::Week => day.week(Weekday::Mon).first_day(),
            PeriodKind::Month => first_of_month(day.year(), day.month()),
            PeriodKind::Quarter => first_of_month(day.year(), (day.month0() / 3) * 3 + 1),
            PeriodKind::Year => first_of_month(day.year(), 1),
        };
        let end = match kind {
            PeriodKind::Week => start.checked_add_days(Days::new(7)),
            PeriodKind::Month => start.checked_add_months(Months::new(1)),
            PeriodKind::Quarter => start.checked_add_months(Months::new(3)),
            PeriodKind::Year => start.checked_add_months(Months::new(12)),
        }
        .unwrap_or(NaiveDate::MAX);
        Period { start, end, kind }
    }

    /// The period that follows this one.
    pub fn next(&self) -> Period {
        Period::containing(self.kind, self.end)
    }

    /// The same period a year earlier: the same ISO week number of the previous ISO year (week 53 maps to week 52
    /// when the earlier year has none), the same month, quarter or year before.
    pub fn year_earlier(&self) -> Period {
        match self.kind {
            PeriodKind::Week => {
                let iso = self.start.iso_week();
                let earlier = NaiveDate::from_isoywd_opt(iso.year() - 1, iso.week(), Weekday::Mon)
                    .or_else(|| NaiveDate::from_isoywd_opt(iso.year() - 1, 52, Weekday::Mon))
                    .unwrap_or(NaiveDate::MIN);
                Period::containing(PeriodKind::Week, earlier)
            }
            _ => Period::containing(
                self.kind,
                self.start
                    .checked_sub_months(Months::new(12))
                    .unwrap_or(NaiveDate::MIN),
            ),
        }
    }

    /// The name an analyst reads: `2026-W05`, `2026-03`, `2026-Q1`, `2026`.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Week => {
                let iso = self.start.iso_week();
                format!("{}-W{:02}", iso.year(), iso.week())
            }
            PeriodKind::Month => self.start.format("%Y-%m").to_string(),
            PeriodKind::Quarter => {
                format!("{}-Q{}", self.start.year(), self.start.month0() / 3 + 1)
            }
            PeriodKind::Year => self.start.year().to_string(),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// The number of days in the period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }
}

/// Every period of `kind` that overlaps the days from `from` to `to` (both included), in order; whole periods.
pub fn periods_between(kind: PeriodKind, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let mut p = Period::containing(kind, from);
    while p.start <= to {
        out.push(p);
        let next = p.next();
        if next.start <= p.start {
            break;
        }
        p = next;
    }
    out
}

/// How the counts are broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    Bcp,
    /// The BCP's border section (for land borders, the section with each neighbour).
    Section,
    /// Land, air or sea.
    BorderType,
    Nationality,
    Direction,
    /// No breakdown: national totals.
    Total,
}

impl Breakdown {
    pub const ALL: [Breakdown; 6] = [
        Breakdown::Bcp,
        Breakdown::Section,
        Breakdown::BorderType,
        Breakdown::Nationality,
        Breakdown::Direction,
        Breakdown::Total,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Breakdown::Bcp => "bcp",
            Breakdown::Section => "section",
            Breakdown::BorderType => "border_type",
            Breakdown::Nationality => "nationality",
            Breakdown::Direction => "direction",
            Breakdown::Total => "total",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Breakdown::ALL
            .into_iter()
            .find(|b| b.as_str() == s.trim().to_ascii_lowercase())
    }
}

/// Where an indicator's numbers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorOrigin {
    /// Counted from Limes' own records.
    Records,
    /// Entered by hand (what Limes does not record), audited with who entered it and from which source.
    Manual,
}

/// An indicator in the catalogue: its code (also the catalogue key `risk-ind-<code>`) and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorDef {
    pub code: &'static str,
    pub origin: IndicatorOrigin,
    /// Whether the counts are also broken down by a detail (the refusal reason, the inspection lane).
    pub has_detail: bool,
}

const fn counted(code: &'static str, has_detail: bool) -> IndicatorDef {
    IndicatorDef {
        code,
        origin: IndicatorOrigin::Records,
        has_detail,
    }
}

const fn manual(code: &'static str) -> IndicatorDef {
    IndicatorDef {
        code,
        origin: IndicatorOrigin::Manual,
        has_detail: false,
    }
}

/// The indicator catalogue, in the order the screens and reports show it. A domain that records something worth
/// counting adds its line here and a source in each backend's `indicators.rs` (see `docs/formats.md`).
pub const INDICATORS: &[IndicatorDef] = &[
    counted("crossings", false),
    counted("refusals", true),
    counted("protection_requests", false),
    counted("referrals", false),
    counted("overstays", false),
    counted("document_alert_hits", false),
    counted("watchlist_hits", false),
    counted("paxlst_hits", false),
    counted("paxlst_hits_confirmed", false),
    counted("goods_inspections", true),
    counted("goods_detections", true),
    // Effectiveness: pre-arrival hits of the targeting rules (detail: the rule) and those confirmed; inspections a
    // selectivity rule led to (detail: the rule) and those that found something.
    counted("paxlst_rule_hits", true),
    counted("paxlst_rule_confirmed", true),
    counted("goods_rule_inspections", true),
    counted("goods_rule_detections", true),
    manual("return_decisions"),
    manual("asylum_applications"),
];

/// The catalogue entry of `code`.
pub fn indicator(code: &str) -> Option<&'static IndicatorDef> {
    INDICATORS.iter().find(|d| d.code == code)
}

/// The indicators a person may enter by hand.
pub fn manual_indicators() -> impl Iterator<Item = &'static IndicatorDef> {
    INDICATORS
        .iter()
        .filter(|d| d.origin == IndicatorOrigin::Manual)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_are_iso_weeks_monday_to_sunday() {
        // 2026-01-01 is a Thursday: it belongs to 2026-W01, which starts on Monday 2025-12-29.
        let p = Period::containing(PeriodKind::Week, d(2026, 1, 1));
        assert_eq!(p.start, d(2025, 12, 29));
        assert_eq!(p.end, d(2026, 1, 5));
        assert_eq!(p.label(), "2026-W01");
        // 2027-01-01 is a Friday: it belongs to 2026-W53.
        let p = Period::containing(PeriodKind::Week, d(2027, 1, 1));
        assert_eq!(p.label(), "2026-W53");
        assert_eq!(p.start, d(2026, 12, 28));
    }

    #[test]
    fn months_quarters_and_years() {
        let m = Period::containing(PeriodKind::Month, d(2024, 2, 29));
        assert_eq!(
            (m.start, m.end, m.days()),
            (d(2024, 2, 1), d(2024, 3, 1), 29)
        );
        assert_eq!(m.label(), "2024-02");
        let q = Period::containing(PeriodKind::Quarter, d(2026, 8, 15));
        assert_eq!((q.start, q.end), (d(2026, 7, 1), d(2026, 10, 1)));
        assert_eq!(q.label(), "2026-Q3");
        let y = Period::containing(PeriodKind::Year, d(2026, 8, 15));
        assert_eq!(
            (y.start, y.end, y.label()),
            (d(2026, 1, 1), d(2027, 1, 1), "2026".into())
        );
    }

    #[test]
    fn the_same_period_a_year_earlier() {
        let w = Period::containing(PeriodKind::Week, d(2026, 3, 4)); // 2026-W10
        assert_eq!(w.year_earlier().label(), "2025-W10");
        // 2026-W53 has no twin in 2025 (52 weeks): it compares with 2025-W52.
        let w53 = Period::containing(PeriodKind::Week, d(2026, 12, 30));
        assert_eq!(w53.label(), "2026-W53");
        assert_eq!(w53.year_earlier().label(), "2025-W52");
        let m = Period::containing(PeriodKind::Month, d(2024, 2, 29));
        assert_eq!(m.year_earlier().start, d(2023, 2, 1));
        let q = Period::containing(PeriodKind::Quarter, d(2026, 1, 1));
        assert_eq!(q.year_earlier().label(), "2025-Q1");
        assert_eq!(
            Period::containing(PeriodKind::Year, d(2026, 5, 5))
                .year_earlier()
                .label(),
            "2025"
        );
    }

    #[test]
    fn periods_between_cover_whole_periods_in_order() {
        let weeks = periods_between(PeriodKind::Week, d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(weeks.len(), 53);
        assert_eq!(weeks[0].label(), "2026-W01");
        assert_eq!(weeks[52].label(), "2026-W53");
        assert!(weeks.windows(2).all(|w| w[0].end == w[1].start));
        let months = periods_between(PeriodKind::Month, d(2025, 11, 20), d(2026, 2, 1));
        let labels: Vec<String> = months.iter().map(Period::label).collect();
        assert_eq!(labels, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert!(periods_between(PeriodKind::Year, d(2026, 2, 1), d(2026, 1, 1)).is_empty());
    }

    #[test]
    fn names_parse_back() {
        for k in PeriodKind::ALL {
            assert_eq!(PeriodKind::parse(k.as_str()), Some(k));
        }
        for b in Breakdown::ALL {
            assert_eq!(Breakdown::parse(b.as_str()), Some(b));
        }
        assert_eq!(PeriodKind::parse("fortnight"), None);
        assert_eq!(indicator("refusals").map(|d| d.has_detail), Some(true));
        assert_eq!(
            manual_indicators().map(|d| d.code).collect::<Vec<_>>(),
            ["return_decisions", "asylum_applications"]
        );
    }
}
