//! The indicator counts: a daily count table kept by each backend from the records (crossings, pre-arrival hits,
//! goods inspections, figures entered by hand), read by day and breakdown; and the audited manual figures.
//!
//! How the counts stay correct: a trigger on each source table marks the UTC day a row was written, changed or
//! removed for (`indicator_dirty`), whatever path wrote it (a check, a decision, its correction, the centre's
//! ingest of a late record, an import); [`IndicatorStore::refresh_indicators`] recounts each marked day of each
//! source from the records and replaces that day's counts. Readers refresh first, so they never see a stale day.
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::indicators::Breakdown;
use limes_domain::{Direction, Outcome};
use serde::{Deserialize, Serialize};

use crate::StoreResult;

/// The counts of one day for one group of the breakdown (a BCP, a section …), one indicator and detail (the
/// refusal reason, the inspection lane; empty when none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyCount {
    pub day: NaiveDate,
    pub group: String,
    pub indicator: String,
    pub detail: String,
    pub count: u64,
}

/// What to read: the days `from` to `to` (both included), broken down by `by`, limited to `bcps` when given (a
/// supervisor's scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: Breakdown,
    pub bcps: Option<Vec<String>>,
}

/// A figure entered by hand for what Limes does not record (return decisions, asylum applications decided
/// elsewhere): the day it counts for, the BCP (none: national), and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewManualFigure {
    pub day: NaiveDate,
    pub bcp: Option<String>,
    pub indicator: String,
    pub count: u64,
    /// The document or authority the figure comes from.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ManualFigure {
    pub id: String,
    #[serde(flatten)]
    pub figure: NewManualFigure,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
}

/// A crossing of a legacy system's history, as `limes import crossings` reads it (docs/formats.md): what the
/// indicators count, no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoricalCrossing {
    pub at: DateTime<Utc>,
    pub bcp: String,
    pub direction: Direction,
    /// Admitted, refused or international protection (a referral is not a final outcome).
    pub outcome: Outcome,
    pub refusal_reason: Option<String>,
    pub nationality: String,
    pub document_type: String,
    pub sex: Option<String>,
    pub birth_year: Option<i32>,
}

/// One staged historical crossing with the line of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedHistoricalCrossing {
    pub line: u64,
    pub record: HistoricalCrossing,
}

#[async_trait]
pub trait IndicatorStore: Send + Sync + 'static {
    /// Recount every day marked as touched since the last refresh, for every source; returns the days recounted.
    async fn refresh_indicators(&self) -> StoreResult<u64>;
    /// Mark the days `from` to `to` of every source for recounting at the next refresh (after a source was added
    /// or its counting changed).
    async fn mark_indicator_days(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<()>;
    /// The daily counts of the query's days, summed per day, group, indicator and detail (BCPs not in the
    /// organisation's register fall in the group "" for section and border type).
    async fn indicator_counts(&self, query: &IndicatorQuery) -> StoreResult<Vec<DailyCount>>;
    /// The BCPs that recorded at least one crossing on each day of the query, as (day, BCP): the coverage stated
    /// beside the counts.
    async fn indicator_coverage(
        &self,
        query: &IndicatorQuery,
    ) -> StoreResult<Vec<(NaiveDate, String)>>;
    /// Keep a figure entered by hand with its audit entry, in one transaction.
    async fn record_manual_figure(
        &self,
        figure: NewManualFigure,
        entered_by: &str,
        entered_at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ManualFigure>;
    /// The figures entered by hand for the days `from` to `to`, newest entry first.
    async fn manual_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ManualFigure>>;
    /// Keep one batch of the historical-crossing import `import` aside: nothing is counted before
    /// [`IndicatorStore::commit_historical_crossings`], so a file is read in batches and never held whole.
    async fn stage_historical_crossings(
        &self,
        import: &str,
        batch: Vec<StagedHistoricalCrossing>,
    ) -> StoreResult<()>;
    /// Make every staged crossing of `import` count, with the audit entry, in one transaction; returns how many.
    async fn commit_historical_crossings(
        &self,
        import: &str,
        audit: AuditEvent,
    ) -> StoreResult<u64>;
    /// Drop what an abandoned import staged.
    async fn discard_historical_crossings(&self, import: &str) -> StoreResult<()>;
}
