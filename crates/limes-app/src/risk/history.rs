//! The import of a legacy system's crossing history (`limes import crossings FILE.csv`, columns in
//! docs/formats.md): read as a stream, staged in batches, counted only when every line was good — the first bad
//! line (an unknown BCP or reason, a bad time …) fails the import, named.
use super::indicators::IndicatorError;
use crate::{Actor, App};
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use limes_domain::decision::{exit_stop_reasons, RefusalReason};
use limes_domain::{Direction, Outcome};
use limes_store::{HistoricalCrossing, StagedHistoricalCrossing};
use std::collections::HashSet;

/// Rows per staged batch: the file is never held whole.
pub const HISTORY_BATCH: usize = 5000;

/// The columns, in any order, header names in any case; `refusal_reason` is required on a refusal, `sex` and
/// `birth_year` may be empty.
pub const HISTORY_COLUMNS: [&str; 9] = [
    "time",
    "bcp",
    "direction",
    "outcome",
    "refusal_reason",
    "nationality",
    "document_type",
    "sex",
    "birth_year",
];

fn bad_line(line: u64, message: impl std::fmt::Display) -> IndicatorError {
    IndicatorError::Invalid {
        field: format!("line {line}"),
        message: message.to_string(),
    }
}

/// A time as RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM[:SS]` read as UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(|t| t.and_utc())
}

/// What a row is checked against.
struct Known {
    bcps: HashSet<String>,
    entry_reasons: HashSet<String>,
    exit_reasons: HashSet<String>,
    now: DateTime<Utc>,
}

fn read_row(
    known: &Known,
    cols: &[usize; 9],
    record: &csv::StringRecord,
) -> Result<HistoricalCrossing, String> {
    let field = |i: usize| record.get(cols[i]).unwrap_or("").trim();
    let time = field(0);
    let at = parse_time(time).ok_or_else(|| format!("time: cannot read {time:?}"))?;
    if at > known.now {
        return Err(format!("time: {time} is in the future"));
    }
    let bcp = field(1).to_string();
    if !known.bcps.contains(&bcp) {
        return Err(format!("bcp: unknown BCP {bcp:?}"));
    }
    let direction = Direction::parse(field(2))
        .ok_or_else(|| format!("direction: entry or exit, not {:?}", field(2)))?;
    let outcome = match field(3).to_ascii_lowercase().as_str() {
        "admitted" => Outcome::Admitted,
        "refused" => Outcome::Refused,
        "international_protection" => Outcome::InternationalProtection,
        other => {
            return Err(format!(
                "outcome: admitted, refused or international_protection, not {other:?}"
            ))
        }
    };
    let reason = field(4).to_ascii_uppercase();
    let refusal_reason = if outcome == Outcome::Refused {
        let reasons = match direction {
            Direction::Entry => &known.entry_reasons,
            Direction::Exit => &known.exit_reasons,
        };
        if !reasons.contains(&reason) {
            return Err(format!(
                "refusal_reason: unknown reason {reason:?} for {}",
                direction.as_str()
            ));
        }
        Some(reason)
    } else if !reason.is_empty() {
        return Err("refusal_reason: given for a crossing that was not refused".into());
    } else {
        None
    };
    let nationality = crate::vehicles::country_code(field(5))
        .ok_or_else(|| format!("nationality: unknown country {:?}", field(5)))?
        .to_string();
    let document_type = field(6).to_ascii_uppercase();
    if document_type.is_empty() || document_type.len() > 2 {
        return Err(format!(
            "document_type: one or two letters (ICAO 9303), not {:?}",
            field(6)
        ));
    }
    let sex = match field(7).to_ascii_uppercase().as_str() {
        "" => None,
        s @ ("M" | "F" | "X") => Some(s.to_string()),
        other => return Err(format!("sex: M, F, X or empty, not {other:?}")),
    };
    let birth_year = match field(8) {
        "" => None,
        y => {
            let year: i32 = y
                .parse()
                .map_err(|_| format!("birth_year: not a year: {y:?}"))?;
            if !(1900..=at.year()).contains(&year) {
                return Err(format!(
                    "birth_year: {year} is not possible for a crossing in {}",
                    at.year()
                ));
            }
            Some(year)
        }
    };
    Ok(HistoricalCrossing {
        at,
        bcp,
        direction,
        outcome,
        refusal_reason,
        nationality,
        document_type,
        sex,
        birth_year,
    })
}

fn codes(reasons: &[RefusalReason]) -> HashSet<String> {
    reasons
        .iter()
        .map(|r| r.code.to_ascii_uppercase())
        .collect()
}

/// Import a CSV of historical crossings, all or nothing; returns how many were imported. Audited as
/// `crossings.import` with the count and `source` (the file's name).
#[tracing::instrument(skip_all)]
pub async fn import_crossings<R: std::io::Read>(
    app: &App,
    who: Actor<'_>,
    reader: R,
    source: &str,
) -> Result<u64, IndicatorError> {
    let known = Known {
        bcps: app
            .store
            .bcps()
            .await?
            .into_iter()
            .map(|b| b.code)
            .collect(),
        entry_reasons: codes(&app.config.refusal_reasons),
        exit_reasons: codes(&exit_stop_reasons()),
        now: app.clock.now(),
    };
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| bad_line(1, format!("cannot read the header: {e}")))?
        .clone();
    let mut cols = [0usize; 9];
    let mut missing = Vec::new();
    for (i, name) in HISTORY_COLUMNS.iter().enumerate() {
        match headers.iter().position(|h| h.eq_ignore_ascii_case(name)) {
            Some(p) => cols[i] = p,
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        return Err(bad_line(
            1,
            format!("header lacks the column(s): {}", missing.join(", ")),
        ));
    }
    let import = limes_store::new_id();
    let staged = stage(app, &import, &known, &cols, csv.records()).await;
    let count = match staged {
        Ok(n) => n,
        Err(e) => {
            app.store.discard_historical_crossings(&import).await?;
            return Err(e);
        }
    };
    let mut audit = who.audit(known.now, "crossings.import");
    audit.detail = format!("{count} historical crossings from {source}");
    match app.store.commit_historical_crossings(&import, audit).await {
        Ok(n) => Ok(n),
        Err(e) => {
            app.store.discard_historical_crossings(&import).await?;
            Err(e.into())
        }
    }
}

async fn stage<R: std::io::Read>(
    app: &App,
    import: &str,
    known: &Known,
    cols: &[usize; 9],
    records: csv::StringRecordsIter<'_, R>,
) -> Result<u64, IndicatorError> {
    let mut batch = Vec::with_capacity(HISTORY_BATCH);
    let mut staged = 0u64;
    for (n, record) in records.enumerate() {
        let line = n as u64 + 2;
        let record = record.map_err(|e| bad_line(line, e))?;
        let crossing = read_row(known, cols, &record).map_err(|e| bad_line(line, e))?;
        batch.push(StagedHistoricalCrossing {
            line,
            record: crossing,
        });
        if batch.len() >= HISTORY_BATCH {
            staged += batch.len() as u64;
            app.store
                .stage_historical_crossings(import, std::mem::take(&mut batch))
                .await?;
        }
    }
    if !batch.is_empty() {
        staged += batch.len() as u64;
        app.store.stage_historical_crossings(import, batch).await?;
    }
    Ok(staged)
}
