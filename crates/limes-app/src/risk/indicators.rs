//! The indicator tables: counts per period and group with the same period a year earlier, zero where nothing was
//! recorded and the BCPs that reported stated beside each period; the flagged weeks; the manual figures.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::scope::Scope;
use crate::{Actor, App};
use chrono::{Datelike, Days, Months, NaiveDate};
use limes_domain::indicators::{
    indicator, periods_between, Breakdown, IndicatorOrigin, Period, PeriodKind, INDICATORS,
};
use limes_domain::risk::{anomalies, BaselineKind};
use limes_store::{DailyCount, IndicatorQuery, ManualFigure, NewManualFigure, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use utoipa::ToSchema;

/// Why an indicator use case failed.
#[derive(Debug, thiserror::Error)]
pub enum IndicatorError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("not assigned to BCP {0}")]
    OutOfScope(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for IndicatorError {
    fn class(&self) -> ErrorClass {
        match self {
            IndicatorError::Invalid { field, .. } => invalid(field),
            IndicatorError::OutOfScope(_) => ErrorClass::Forbidden,
            IndicatorError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> IndicatorError {
    IndicatorError::Invalid {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The longest span a table covers (in days), so a request cannot ask for centuries.
pub(crate) const MAX_SPAN_DAYS: i64 = 366 * 10;

/// What table to make: the period length, the breakdown, the days (defaults: the last year for weeks and months,
/// two years for quarters, five for years, ending today), and a BCP to narrow to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorRequest {
    pub period: PeriodKind,
    pub by: Breakdown,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub bcp: Option<String>,
}

/// One number: an indicator (and detail: the refusal reason, the lane; empty for the total) of a group in a
/// period, with the same period a year earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorRow {
    pub period: String,
    pub start: NaiveDate,
    /// The last day of the period.
    pub end: NaiveDate,
    pub group: String,
    pub indicator: String,
    pub detail: String,
    pub value: u64,
    pub year_earlier: u64,
}

/// A period of the table and the BCPs that recorded crossings in it (the coverage: a zero from a BCP that did not
/// report is not a zero it counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PeriodCoverage {
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub bcps_reported: Vec<String>,
    pub bcps_reported_year_earlier: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorTable {
    pub period: PeriodKind,
    pub by: Breakdown,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The BCPs the table is limited to (the caller's scope or the BCP asked for); empty: every BCP.
    pub bcps: Vec<String>,
    pub periods: Vec<PeriodCoverage>,
    pub rows: Vec<IndicatorRow>,
}

impl IndicatorTable {
    /// The value of an indicator's total for a group in a period (0 when absent).
    pub fn value(&self, period: &str, group: &str, indicator: &str) -> u64 {
        self.rows
            .iter()
            .find(|r| {
                r.period == period
                    && r.group == group
                    && r.indicator == indicator
                    && r.detail.is_empty()
            })
            .map_or(0, |r| r.value)
    }

    /// The groups of the table, in order.
    pub fn groups(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.rows.iter().map(|r| &r.group).collect();
        set.into_iter().cloned().collect()
    }

    /// The table as CSV (one line per row, the coverage as the number of BCPs that reported).
    pub fn to_csv(&self) -> Result<String, IndicatorError> {
        let reported: HashMap<&str, usize> = self
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.bcps_reported.len()))
            .collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| IndicatorError::Store(StoreError::Backend(e.to_string()));
        w.write_record([
            "period",
            "start",
            "end",
            self.by.as_str(),
            "indicator",
            "detail",
            "value",
            "year_earlier",
            "bcps_reported",
        ])
        .map_err(internal)?;
        for r in &self.rows {
            w.write_record([
                r.period.clone(),
                r.start.to_string(),
                r.end.to_string(),
                r.group.clone(),
                r.indicator.clone(),
                r.detail.clone(),
                r.value.to_string(),
                r.year_earlier.to_string(),
                reported
                    .get(r.period.as_str())
                    .copied()
                    .unwrap_or(0)
                    .to_string(),
            ])
            .map_err(internal)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| IndicatorError::Store(StoreError::Backend(e.to_string())))?;
        String::from_utf8(bytes)
            .map_err(|e| IndicatorError::Store(StoreError::Backend(e.to_string())))
    }
}

/// The BCPs a request reads: the actor's scope narrowed to the BCP asked for. `None`: every BCP.
pub(crate) fn bcps_of(
    who: Actor<'_>,
    bcp: Option<&str>,
) -> Result<Option<Vec<String>>, IndicatorError> {
    let scope = Scope::of(who);
    let narrowed = scope
        .narrow(bcp)
        .map_err(|e| IndicatorError::OutOfScope(e.0))?;
    Ok((!narrowed.is_empty()).then_some(narrowed))
}

/// The default first day of a table ending on `to`.
fn default_from(kind: PeriodKind, to: NaiveDate) -> NaiveDate {
    let years = match kind {
        PeriodKind::Week | PeriodKind::Month => 1,
        PeriodKind::Quarter => 2,
        PeriodKind::Year => 5,
    };
    to.checked_sub_months(Months::new(12 * years))
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .unwrap_or(to)
}

/// The last day of a period.
fn last_day(p: &Period) -> NaiveDate {
    p.end.pred_opt().unwrap_or(p.end)
}

/// Add the daily counts into the table's cells: (period index, group, indicator, detail) → count.
fn fold(
    counts: &[DailyCount],
    index_of: impl Fn(NaiveDate) -> Vec<usize>,
    cells: &mut BTreeMap<(usize, String, usize, String), u64>,
    value_slot: usize,
    keys: &mut BTreeSet<(String, usize, String)>,
) {
    for c in counts {
        let order = INDICATORS
            .iter()
            .position(|d| d.code == c.indicator)
            .unwrap_or(INDICATORS.len());
        keys.insert((c.group.clone(), order, c.detail.clone()));
        for p in index_of(c.day) {
            *cells
                .entry((p * 2 + value_slot, c.group.clone(), order, c.detail.clone()))
                .or_insert(0) += c.count;
        }
    }
}

/// The indicator table for a request, counted from the daily counts (recounted first where records changed).
#[tracing::instrument(skip_all, fields(period = request.period.as_str(), by = request.by.as_str()))]
pub async fn indicator_table(
    app: &App,
    who: Actor<'_>,
    request: &IndicatorRequest,
) -> Result<IndicatorTable, IndicatorError> {
    let today = app.clock.now().date_naive();
    let to = request.to.unwrap_or(today);
    let from = request
        .from
        .unwrap_or_else(|| default_from(request.period, to));
    if from > to {
        return Err(bad("from", "the first day is after the last"));
    }
    if (to - from).num_days() > MAX_SPAN_DAYS {
        return Err(bad("from", "at most ten years at once"));
    }
    let bcps = bcps_of(who, request.bcp.as_deref())?;
    let periods = periods_between(request.period, from, to);
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Err(bad("from", "no period in these days"));
    };
    app.store.refresh_indicators().await?;
    let query = IndicatorQuery {
        from: first.start,
        to: last_day(last),
        by: request.by,
        bcps: bcps.clone(),
    };
    let earlier_query = IndicatorQuery {
        from: first.year_earlier().start,
        to: last_day(&last.year_earlier()),
        ..query.clone()
    };
    let current = app.store.indicator_counts(&query).await?;
    let earlier = app.store.indicator_counts(&earlier_query).await?;
    let coverage = app.store.indicator_coverage(&query).await?;
    let coverage_earlier = app.store.indicator_coverage(&earlier_query).await?;

    let index: HashMap<Period, usize> = periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut earlier_index: HashMap<Period, Vec<usize>> = HashMap::new();
    for (i, p) in periods.iter().enumerate() {
        earlier_index.entry(p.year_earlier()).or_default().push(i);
    }
    let kind = request.period;
    let now_of = |day: NaiveDate| {
        index
            .get(&Period::containing(kind, day))
            .map(|i| vec![*i])
            .unwrap_or_default()
    };
    let earlier_of = |day: NaiveDate| {
        earlier_index
            .get(&Period::containing(kind, day))
            .cloned()
            .unwrap_or_default()
    };
    let mut cells = BTreeMap::new();
    let mut keys = BTreeSet::new();
    // Every group seen shows every indicator of the catalogue (zero when nothing was counted); with no breakdown
    // the one national group always does.
    if request.by == Breakdown::Total {
        keys.insert((String::new(), 0, String::new()));
    }
    fold(&current, now_of, &mut cells, 0, &mut keys);
    fold(&earlier, earlier_of, &mut cells, 1, &mut keys);
    let groups: BTreeSet<String> = keys.iter().map(|k| k.0.clone()).collect();
    for g in &groups {
        for order in 0..INDICATORS.len() {
            keys.insert((g.clone(), order, String::new()));
        }
    }

    let mut rows = Vec::with_capacity(periods.len() * keys.len());
    for (i, p) in periods.iter().enumerate() {
        for (group, order, detail) in &keys {
            let code = INDICATORS.get(*order).map_or("", |d| d.code);
            let cell = |slot: usize| {
                cells
                    .get(&(i * 2 + slot, group.clone(), *order, detail.clone()))
                    .copied()
                    .unwrap_or(0)
            };
            rows.push(IndicatorRow {
                period: p.label(),
                start: p.start,
                end: last_day(p),
                group: group.clone(),
                indicator: code.to_string(),
                detail: detail.clone(),
                value: cell(0),
                year_earlier: cell(1),
            });
        }
    }
    let mut reported: Vec<BTreeSet<String>> = vec![BTreeSet::new(); periods.len()];
    for (day, bcp) in coverage {
        for i in now_of(day) {
            reported[i].insert(bcp.clone());
        }
    }
    let mut reported_earlier: Vec<BTreeSet<String>> = vec![BTreeSet::new(); periods.len()];
    for (day, bcp) in coverage_earlier {
        for i in earlier_of(day) {
            reported_earlier[i].insert(bcp.clone());
        }
    }
    let periods = periods
        .iter()
        .enumerate()
        .map(|(i, p)| PeriodCoverage {
            period: p.label(),
            start: p.start,
            end: last_day(p),
            bcps_reported: reported[i].iter().cloned().collect(),
            bcps_reported_year_earlier: reported_earlier[i].iter().cloned().collect(),
        })
        .collect();
    Ok(IndicatorTable {
        period: request.period,
        by: request.by,
        from: first.start,
        to: last_day(last),
        bcps: bcps.unwrap_or_default(),
        periods,
        rows,
    })
}

/// A week flagged far above its baseline, for one group and indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FlaggedWeek {
    pub group: String,
    pub indicator: String,
    pub week: String,
    pub start: NaiveDate,
    /// The first week of the run of flagged weeks this one belongs to.
    pub since: String,
    pub value: u64,
    pub baseline: BaselineKind,
    pub median: f64,
    pub spread: f64,
    pub score: f64,
}

/// Years of history read before the weeks shown, for the seasonal baseline.
const BASELINE_YEARS: u32 = 3;

/// The weeks from `from` to `to` flagged far above their baseline for `indicator`, per group of `by` (method:
/// `limes_domain::risk`), newest first.
#[tracing::instrument(skip_all, fields(indicator = code))]
pub async fn flagged_weeks(
    app: &App,
    who: Actor<'_>,
    code: &str,
    by: Breakdown,
    from: NaiveDate,
    to: NaiveDate,
    bcp: Option<&str>,
) -> Result<Vec<FlaggedWeek>, IndicatorError> {
    if indicator(code).is_none() {
        return Err(bad("indicator", format!("unknown indicator {code}")));
    }
    let bcps = bcps_of(who, bcp)?;
    let history_from = from
        .checked_sub_months(Months::new(12 * BASELINE_YEARS))
        .unwrap_or(from);
    let weeks = periods_between(PeriodKind::Week, history_from, to);
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(Vec::new());
    };
    app.store.refresh_indicators().await?;
    let counts = app
        .store
        .indicator_counts(&IndicatorQuery {
            from: first.start,
            to: last_day(last),
            by,
            bcps,
        })
        .await?;
    let index: HashMap<NaiveDate, usize> = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| (w.start, i))
        .collect();
    let mut series: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for c in counts
        .iter()
        .filter(|c| c.indicator == code && c.detail.is_empty())
    {
        let week = Period::containing(PeriodKind::Week, c.day);
        if let Some(i) = index.get(&week.start) {
            let s = series
                .entry(c.group.clone())
                .or_insert_with(|| vec![0.0; weeks.len()]);
            s[*i] += c.count as f64;
        }
    }
    let shown_from = Period::containing(PeriodKind::Week, from).start;
    let mut out = Vec::new();
    for (group, values) in &series {
        for a in anomalies(values) {
            let (Some(w), Some(since)) = (weeks.get(a.index), weeks.get(a.since)) else {
                continue;
            };
            if w.start < shown_from {
                continue;
            }
            out.push(FlaggedWeek {
                group: group.clone(),
                indicator: code.to_string(),
                week: w.label(),
                start: w.start,
                since: since.label(),
                value: a.score.value as u64,
                baseline: a.score.kind,
                median: a.score.median,
                spread: a.score.spread,
                score: (a.score.score * 10.0).round() / 10.0,
            });
        }
    }
    out.sort_by(|a, b| b.start.cmp(&a.start).then(a.group.cmp(&b.group)));
    Ok(out)
}

/// The longest source text of a manual figure.
const MAX_SOURCE_CHARS: usize = 200;

/// Keep a figure entered by hand (return decisions, asylum applications decided elsewhere), audited with who
/// entered it and its source.
#[tracing::instrument(skip_all, fields(indicator = %figure.indicator))]
pub async fn record_figure(
    app: &App,
    who: Actor<'_>,
    mut figure: NewManualFigure,
) -> Result<ManualFigure, IndicatorError> {
    let manual = indicator(&figure.indicator).is_some_and(|d| d.origin == IndicatorOrigin::Manual);
    if !manual {
        return Err(bad(
            "indicator",
            format!("{} is not an indicator entered by hand", figure.indicator),
        ));
    }
    figure.source = figure.source.trim().to_string();
    if figure.source.is_empty() || figure.source.chars().count() > MAX_SOURCE_CHARS {
        return Err(bad(
            "source",
            "say where the figure comes from (at most 200 characters)",
        ));
    }
    let now = app.clock.now();
    if figure.day > now.date_naive() || figure.day.year() < 1990 {
        return Err(bad("day", "the day is in the future or before 1990"));
    }
    if figure.count > 10_000_000 {
        return Err(bad("count", "at most 10,000,000"));
    }
    figure.bcp = figure
        .bcp
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty());
    if let Some(b) = &figure.bcp {
        if app.store.bcp(b).await?.is_none() {
            return Err(bad("bcp", format!("unknown BCP {b}")));
        }
        if !Scope::of(who).allows(b) {
            return Err(IndicatorError::OutOfScope(b.clone()));
        }
    } else if !Scope::of(who).is_national() {
        return Err(bad(
            "bcp",
            "a figure for the whole country needs a national role",
        ));
    }
    let mut audit = who.audit(now, "indicator.figure");
    audit.detail = format!(
        "{} {} on {} ({}) from: {}",
        figure.count,
        figure.indicator,
        figure.day,
        figure.bcp.as_deref().unwrap_or("national"),
        figure.source
    );
    Ok(app
        .store
        .record_manual_figure(figure, who.name(), now, audit)
        .await?)
}

/// The manual figures entered for the days `from` to `to`.
pub async fn figures(
    app: &App,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ManualFigure>, IndicatorError> {
    Ok(app.store.manual_figures(from, to).await?)
}

/// The table as CSV, for download; the export is audited (`indicator.export`, what was exported).
pub async fn export_csv(
    app: &App,
    who: Actor<'_>,
    request: &IndicatorRequest,
) -> Result<String, IndicatorError> {
    let table = indicator_table(app, who, request).await?;
    let csv = table.to_csv()?;
    let mut audit = who.audit(app.clock.now(), "indicator.export");
    audit.detail = format!(
        "indicators by {} and {} from {} to {}{}: {} rows",
        table.period.as_str(),
        table.by.as_str(),
        table.from,
        table.to,
        if table.bcps.is_empty() {
            String::new()
        } else {
            format!(" at {}", table.bcps.join(" "))
        },
        table.rows.len()
    );
    app.store.append_audit(audit).await?;
    Ok(csv)
}
