//! The analyst's indicator page (`/risk/indicators`, also the dashboard `/risk/dashboard`): the form, the chart of
//! one indicator per group with the flagged weeks ringed, the flagged weeks with how far and since when, the table
//! with the year earlier and the coverage, and its CSV export (audited).
use super::chart::{self, Series};
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;
use chrono::NaiveDate;
use limes_app::risk::{
    effectiveness, export_csv, flagged_weeks, indicator_table, FlaggedWeek, IndicatorRequest,
    IndicatorTable, RuleEffect,
};
use limes_domain::indicators::{Breakdown, PeriodKind, INDICATORS};
use serde::Deserialize;

/// Lines drawn at most: the groups with the most, the rest in the table.
const MAX_LINES: usize = 8;

/// The page's form, as the query string carries it.
#[derive(Debug, Default, Deserialize)]
pub struct IndicatorForm {
    pub period: Option<String>,
    pub by: Option<String>,
    pub indicator: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub bcp: Option<String>,
}

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

impl IndicatorForm {
    fn request(&self) -> IndicatorRequest {
        IndicatorRequest {
            period: self
                .period
                .as_deref()
                .and_then(PeriodKind::parse)
                .unwrap_or(PeriodKind::Week),
            by: self
                .by
                .as_deref()
                .and_then(Breakdown::parse)
                .unwrap_or(Breakdown::Section),
            from: day(&self.from),
            to: day(&self.to),
            bcp: self
                .bcp
                .as_deref()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_string),
        }
    }

    fn indicator(&self) -> &'static str {
        let asked = self.indicator.as_deref().unwrap_or("crossings");
        INDICATORS
            .iter()
            .find(|d| d.code == asked)
            .map_or("crossings", |d| d.code)
    }

    /// The same form as a query string (for the CSV link).
    fn query(&self, r: &IndicatorRequest, indicator: &str) -> String {
        let mut q = format!(
            "period={}&by={}&indicator={indicator}",
            r.period.as_str(),
            r.by.as_str()
        );
        if let Some(f) = r.from {
            q.push_str(&format!("&from={f}"));
        }
        if let Some(t) = r.to {
            q.push_str(&format!("&to={t}"));
        }
        if let Some(b) = &r.bcp {
            let safe: String = b
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            q.push_str(&format!("&bcp={safe}"));
        }
        q
    }
}

/// One line of the table on the page.
pub struct TableLine {
    pub period: String,
    pub group: String,
    pub value: u64,
    pub year_earlier: u64,
    pub reported: usize,
    pub flagged: bool,
}

#[derive(Template)]
#[template(path = "risk/indicators.html")]
struct IndicatorsPage {
    layout: Layout,
    periods: Vec<&'static str>,
    breakdowns: Vec<&'static str>,
    indicators: Vec<&'static str>,
    period: &'static str,
    by: &'static str,
    indicator: &'static str,
    from: String,
    to: String,
    bcp: String,
    svg: String,
    legend: Vec<(String, &'static str)>,
    flagged: Vec<FlaggedWeek>,
    lines: Vec<TableLine>,
    /// Periods in which no BCP reported (shown as such, not as zero).
    silent_periods: Vec<String>,
    bcps_total: usize,
    csv_link: String,
    rules: Vec<RuleEffect>,
}

impl IndicatorsPage {
    /// A rule's find rate as a percentage, or a dash when it selected nothing.
    fn rate(&self, r: &RuleEffect) -> String {
        r.rate
            .map_or_else(|| "—".to_string(), |x| format!("{:.1} %", x * 100.0))
    }
}

/// The chart's lines: the indicator per group, the groups with the most first.
fn series_of(table: &IndicatorTable, indicator: &str) -> Vec<Series> {
    let labels: Vec<&str> = table.periods.iter().map(|p| p.period.as_str()).collect();
    let mut series: Vec<Series> = table
        .groups()
        .into_iter()
        .map(|g| Series {
            values: labels
                .iter()
                .map(|p| table.value(p, &g, indicator))
                .collect(),
            name: g,
        })
        .collect();
    series.sort_by(|a, b| {
        let sum = |s: &Series| s.values.iter().sum::<u64>();
        sum(b).cmp(&sum(a)).then(a.name.cmp(&b.name))
    });
    series.truncate(MAX_LINES);
    series
}

pub async fn indicators_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<IndicatorForm>,
) -> PageResult {
    let request = form.request();
    let indicator = form.indicator();
    let table = indicator_table(&st, who.actor(), &request)
        .await
        .map_err(with(&who))?;
    let flagged = if request.period == PeriodKind::Week {
        flagged_weeks(
            &st,
            who.actor(),
            indicator,
            request.by,
            table.from,
            table.to,
            request.bcp.as_deref(),
        )
        .await
        .map_err(with(&who))?
    } else {
        Vec::new()
    };
    let labels: Vec<String> = table.periods.iter().map(|p| p.period.clone()).collect();
    let series = series_of(&table, indicator);
    let rings: Vec<(usize, usize)> = flagged
        .iter()
        .filter_map(|f| {
            let si = series.iter().position(|s| s.name == f.group)?;
            let pi = labels.iter().position(|l| *l == f.week)?;
            Some((si, pi))
        })
        .collect();
    let lang = who.language;
    let title = limes_i18n::t(lang, &format!("risk-ind-{indicator}"));
    let svg = chart::line_chart(&title, &labels, &series, &rings);
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), chart::colour(i)))
        .collect();
    let reported: std::collections::HashMap<&str, usize> = table
        .periods
        .iter()
        .map(|p| (p.period.as_str(), p.bcps_reported.len()))
        .collect();
    let lines = table
        .rows
        .iter()
        .filter(|r| r.indicator == indicator && r.detail.is_empty())
        .map(|r| TableLine {
            period: r.period.clone(),
            group: r.group.clone(),
            value: r.value,
            year_earlier: r.year_earlier,
            reported: reported.get(r.period.as_str()).copied().unwrap_or(0),
            flagged: flagged
                .iter()
                .any(|f| f.week == r.period && f.group == r.group),
        })
        .rev()
        .collect();
    let silent_periods = table
        .periods
        .iter()
        .filter(|p| p.bcps_reported.is_empty())
        .map(|p| p.period.clone())
        .collect();
    let bcps_total = if table.bcps.is_empty() {
        st.store.bcps().await.map_err(with(&who))?.len()
    } else {
        table.bcps.len()
    };
    let rules = effectiveness(&st, who.actor(), table.from, table.to)
        .await
        .map_err(with(&who))?;
    Ok(render(&IndicatorsPage {
        layout: Layout::new(&st, Some(&who), "Risk indicators", "/risk/indicators"),
        periods: PeriodKind::ALL.iter().map(|p| p.as_str()).collect(),
        breakdowns: Breakdown::ALL.iter().map(|b| b.as_str()).collect(),
        indicators: INDICATORS.iter().map(|d| d.code).collect(),
        period: request.period.as_str(),
        by: request.by.as_str(),
        indicator,
        from: table.from.to_string(),
        to: table.to.to_string(),
        bcp: request.bcp.clone().unwrap_or_default(),
        svg,
        legend,
        flagged,
        lines,
        silent_periods,
        bcps_total,
        csv_link: format!("/risk/indicators.csv?{}", form.query(&request, indicator)),
        rules,
    }))
}

/// The table as CSV (every indicator and detail); the export is audited.
pub async fn indicators_csv(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<IndicatorForm>,
) -> PageResult {
    let csv = export_csv(&st, who.actor(), &form.request())
        .await
        .map_err(with(&who))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"limes-indicators.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
