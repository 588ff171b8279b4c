//! The crossing history as officers search it: by name (however written) or document number, date range, BCP,
//! outcome and officer, a page at a time, and exported as CSV. Every search and export states its purpose and is
//! audited (`person.search`, `person.export`); the actor's BCP scope bounds both.
use crate::crossings::{visible_bcps, CrossingError};
use crate::name_search::{fill_missing_keys, search_tokens};
use crate::{Actor, App};
use chrono::{NaiveDate, NaiveTime};
use limes_domain::Outcome;
use limes_store::{Crossing, CrossingFilter, StoreError};
use serde::Deserialize;
use utoipa::IntoParams;

/// Crossings on one page of results.
pub const PAGE_SIZE: usize = 100;
/// The most rows one export writes.
pub const EXPORT_LIMIT: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{field}: '{value}' is not a date (YYYY-MM-DD)")]
    InvalidDate { field: &'static str, value: String },
    #[error(
        "outcome: '{0}' is not admitted, refused, referred_second_line or international_protection"
    )]
    UnknownOutcome(String),
    #[error("search: give a name, a document number or a filter")]
    NothingAsked,
    #[error(transparent)]
    Crossing(#[from] CrossingError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::UseCaseError for HistoryError {
    fn class(&self) -> crate::ErrorClass {
        match self {
            HistoryError::InvalidDate { field, .. } => crate::error::invalid(field),
            HistoryError::UnknownOutcome(_) => crate::error::invalid("outcome"),
            HistoryError::NothingAsked => crate::error::invalid("search"),
            HistoryError::Crossing(e) => e.class(),
            HistoryError::Store(e) => e.class(),
        }
    }
}

/// What an officer asks the history for. Empty strings count as not given (they come from forms).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// A name (any script, any spelling of its diacritics) or the start of a document number.
    pub search: Option<String>,
    /// First day (YYYY-MM-DD, UTC), inclusive.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, UTC), inclusive.
    pub to: Option<String>,
    pub bcp: Option<String>,
    /// The final outcome: admitted, refused, referred_second_line or international_protection.
    pub outcome: Option<String>,
    /// The username of the officer who checked or decided.
    pub user: Option<String>,
    /// The page, from 1.
    pub page: Option<usize>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl HistoryQuery {
    /// Whether anything is asked at all (a name, a number or a filter).
    pub fn is_empty(&self) -> bool {
        [
            &self.search,
            &self.from,
            &self.to,
            &self.bcp,
            &self.outcome,
            &self.user,
        ]
        .into_iter()
        .all(|v| given(v).is_none())
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> usize {
        self.page.unwrap_or(1).max(1)
    }

    fn filter(&self, who: Actor<'_>) -> Result<CrossingFilter, HistoryError> {
        if self.is_empty() {
            return Err(HistoryError::NothingAsked);
        }
        let day = |field: &'static str, v: &Option<String>| -> Result<_, HistoryError> {
            given(v)
                .map(|d| {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                        HistoryError::InvalidDate {
                            field,
                            value: d.to_string(),
                        }
                    })
                })
                .transpose()
        };
        let from = day("from", &self.from)?;
        let to = day("to", &self.to)?;
        let outcome = given(&self.outcome)
            .map(|o| Outcome::parse(o).ok_or_else(|| HistoryError::UnknownOutcome(o.to_string())))
            .transpose()?;
        let search = given(&self.search).map(str::to_string);
        Ok(CrossingFilter {
            bcps: visible_bcps(who, given(&self.bcp))?,
            outcome,
            officer: given(&self.user).map(str::to_string),
            since: from.map(|d| d.and_time(NaiveTime::MIN).and_utc()),
            before: to.map(|d| {
                (d + chrono::Duration::days(1))
                    .and_time(NaiveTime::MIN)
                    .and_utc()
            }),
            name_tokens: search.as_deref().map(search_tokens).unwrap_or_default(),
            // The prefix search on surname and document number only for Latin input: a document number made of
            // nothing (a name in another script) would match every crossing.
            search: search.filter(|q| q.chars().any(|c| c.is_ascii_alphanumeric())),
            without_result: true,
            ..Default::default()
        })
    }
}

/// One page of the history.
#[derive(Debug, Clone)]
pub struct HistoryPage {
    pub crossings: Vec<Crossing>,
    /// The page shown, from 1.
    pub page: usize,
    /// Whether a next page has more.
    pub more: bool,
}

/// One page of crossings, newest first, for a stated purpose (audited as `person.search`).
#[tracing::instrument(skip_all, fields(page = q.page))]
pub async fn search(
    app: &App,
    who: Actor<'_>,
    q: &HistoryQuery,
    purpose: String,
) -> Result<HistoryPage, HistoryError> {
    let mut filter = q.filter(who)?;
    let page = q.page();
    filter.offset = (page - 1).saturating_mul(PAGE_SIZE);
    filter.limit = PAGE_SIZE + 1;
    fill_missing_keys(app.store.as_ref()).await?;
    let mut crossings = app.store.crossings(&filter).await?;
    let more = crossings.len() > PAGE_SIZE;
    crossings.truncate(PAGE_SIZE);
    let mut e = who.audit(app.clock.now(), "person.search");
    e.purpose = Some(purpose);
    e.detail = format!(
        "{}: page {page}, {} crossings",
        describe(q),
        crossings.len()
    );
    app.store.append_audit(e).await?;
    Ok(HistoryPage {
        crossings,
        page,
        more,
    })
}

/// Every crossing the query finds (up to [`EXPORT_LIMIT`]) as CSV, for a stated purpose (audited as
/// `person.export`).
#[tracing::instrument(skip_all)]
pub async fn export_csv(
    app: &App,
    who: Actor<'_>,
    q: &HistoryQuery,
    purpose: String,
) -> Result<String, HistoryError> {
    let mut filter = q.filter(who)?;
    filter.limit = EXPORT_LIMIT;
    fill_missing_keys(app.store.as_ref()).await?;
    let crossings = app.store.crossings(&filter).await?;
    let csv = to_csv(&crossings).map_err(|e| StoreError::Backend(format!("csv: {e}")))?;
    let mut e = who.audit(app.clock.now(), "person.export");
    e.purpose = Some(purpose);
    e.detail = format!("{}: {} crossings exported", describe(q), crossings.len());
    app.store.append_audit(e).await?;
    Ok(csv)
}

/// What was asked, for the audit entry.
fn describe(q: &HistoryQuery) -> String {
    let mut parts = Vec::new();
    for (name, v) in [
        ("search", &q.search),
        ("from", &q.from),
        ("to", &q.to),
        ("bcp", &q.bcp),
        ("outcome", &q.outcome),
        ("user", &q.user),
    ] {
        if let Some(v) = given(v) {
            parts.push(format!("{name} '{v}'"));
        }
    }
    parts.join(", ")
}

fn to_csv(crossings: &[Crossing]) -> Result<String, Box<dyn std::error::Error>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "at",
        "bcp",
        "direction",
        "officer",
        "surname",
        "given_names",
        "nationality",
        "birth_date",
        "document_code",
        "document_number",
        "issuing_state",
        "status",
        "outcome",
        "refusal_reason",
        "decided_by",
    ])?;
    for c in crossings {
        let d = &c.check.document;
        w.write_record([
            c.id.as_str(),
            &c.check.at.to_rfc3339(),
            &c.check.bcp,
            c.check.direction.as_str(),
            &c.check.officer,
            &d.surname,
            &d.given_names,
            &d.nationality,
            &d.birth_date.map(|b| b.to_string()).unwrap_or_default(),
            &d.document_code,
            &d.document_number,
            &d.issuing_state,
            c.status.as_str(),
            c.outcome.map(Outcome::as_str).unwrap_or_default(),
            c.refusal_reason.as_deref().unwrap_or_default(),
            c.decided_by.as_deref().unwrap_or_default(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
