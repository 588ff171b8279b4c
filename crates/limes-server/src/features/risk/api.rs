//! The risk indicators as JSON: the same table the analyst's page and `limes indicators` show.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use chrono::NaiveDate;
use limes_app::risk::{
    effectiveness, flagged_weeks, indicator_table, FlaggedWeek, IndicatorRequest, IndicatorRow,
    IndicatorTable, PeriodCoverage, RuleEffect, RuleFamily,
};
use limes_domain::indicators::{Breakdown, PeriodKind};
use limes_domain::risk::BaselineKind;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(indicators, anomalies, rule_effectiveness),
    components(schemas(
        IndicatorTable,
        IndicatorRow,
        PeriodCoverage,
        PeriodKind,
        Breakdown,
        FlaggedWeek,
        BaselineKind,
        RuleEffect,
        RuleFamily
    ))
)]
pub struct ApiDoc;

#[derive(Debug, Deserialize, IntoParams)]
pub struct IndicatorParams {
    /// week (default), month, quarter or year.
    pub period: Option<PeriodKind>,
    /// bcp, section (default), border_type, nationality, direction or total.
    pub by: Option<Breakdown>,
    /// First day (default: a year before `to`; longer for quarters and years).
    pub from: Option<NaiveDate>,
    /// Last day (default: today).
    pub to: Option<NaiveDate>,
    /// One BCP only (within the caller's).
    pub bcp: Option<String>,
}

impl IndicatorParams {
    fn request(&self) -> IndicatorRequest {
        IndicatorRequest {
            period: self.period.unwrap_or(PeriodKind::Week),
            by: self.by.unwrap_or(Breakdown::Section),
            from: self.from,
            to: self.to,
            bcp: self.bcp.clone(),
        }
    }
}

/// The indicators by period and group, each with the same period a year earlier, zero where nothing was counted,
/// and for each period the BCPs that reported.
#[utoipa::path(get, path = "/api/v1/indicators", params(IndicatorParams),
    responses((status = 200, body = IndicatorTable), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn indicators(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<IndicatorParams>,
) -> AppResult<Json<IndicatorTable>> {
    Ok(Json(indicator_table(&st, who.actor(), &q.request()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AnomalyParams {
    /// The indicator (default: crossings).
    pub indicator: Option<String>,
    /// The breakdown (default: section).
    pub by: Option<Breakdown>,
    /// First day (default: a year before `to`).
    pub from: Option<NaiveDate>,
    /// Last day (default: today).
    pub to: Option<NaiveDate>,
    pub bcp: Option<String>,
}

/// The weeks flagged as far above their baseline (the same weeks of earlier years, else the weeks before), with
/// the score and the first week of the run; newest first.
#[utoipa::path(get, path = "/api/v1/indicators/anomalies", params(AnomalyParams),
    responses((status = 200, body = [FlaggedWeek]), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn anomalies(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<AnomalyParams>,
) -> AppResult<Json<Vec<FlaggedWeek>>> {
    let to = q.to.unwrap_or_else(|| st.clock.now().date_naive());
    let from = q
        .from
        .unwrap_or_else(|| to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to));
    Ok(Json(
        flagged_weeks(
            &st,
            who.actor(),
            q.indicator.as_deref().unwrap_or("crossings"),
            q.by.unwrap_or(Breakdown::Section),
            from,
            to,
            q.bcp.as_deref(),
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SpanParams {
    /// First day (default: a year before `to`).
    pub from: Option<NaiveDate>,
    /// Last day (default: today).
    pub to: Option<NaiveDate>,
}

/// Every targeting rule and selectivity rule with what it selected and what was found over the days, within the
/// caller's BCPs; the rules that found nothing first.
#[utoipa::path(get, path = "/api/v1/indicators/effectiveness", params(SpanParams),
    responses((status = 200, body = [RuleEffect]), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn rule_effectiveness(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<SpanParams>,
) -> AppResult<Json<Vec<RuleEffect>>> {
    let to = q.to.unwrap_or_else(|| st.clock.now().date_naive());
    let from = q
        .from
        .unwrap_or_else(|| to.checked_sub_months(chrono::Months::new(12)).unwrap_or(to));
    Ok(Json(effectiveness(&st, who.actor(), from, to).await?))
}
