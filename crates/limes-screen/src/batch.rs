//! `limes screen`: a CSV of travellers against list files, one JSON line out per row, in input order.
use crate::engine::{Engine, Query};
use crate::model::{BirthDate, Gender};
use crate::{import, DEFAULT_ALERT_THRESHOLD};
use anyhow::Context;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, Default)]
pub struct BatchSummary {
    pub rows: usize,
    pub errors: usize,
    pub with_hits: usize,
    pub alerts: usize,
    pub seconds: f64,
}

impl std::fmt::Display for BatchSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} travellers screened in {:.2} s ({:.0}/s): {} with hits, {} at or above the alert threshold, {} bad rows",
            self.rows,
            self.seconds,
            self.rows as f64 / self.seconds.max(1e-9),
            self.with_hits,
            self.alerts,
            self.errors
        )
    }
}

/// Characters of a batch row's other fields (id, date of birth, nationality, gender): codes and dates.
pub const MAX_BATCH_FIELD_CHARS: usize = 64;
/// Bytes of one batch row in all: a row longer than this is refused before its fields are read.
pub const MAX_BATCH_ROW_BYTES: usize = 4096;

/// One traveller row to a query, or the reason it cannot be screened.
pub fn row_query(
    full_name: &str,
    dob: &str,
    nationality: &str,
    gender: &str,
) -> Result<Query, String> {
    let name = full_name.trim();
    if name.is_empty() {
        return Err("full_name is empty".into());
    }
    if name.chars().count() > crate::sanitize::MAX_NAME_CHARS {
        return Err(format!(
            "full_name is longer than {} characters",
            crate::sanitize::MAX_NAME_CHARS
        ));
    }
    // The other fields are short codes and dates: a long one is refused by name, not echoed back.
    for (field, value) in [
        ("date_of_birth", dob),
        ("nationality", nationality),
        ("gender", gender),
    ] {
        if value.len() > MAX_BATCH_FIELD_CHARS && value.chars().count() > MAX_BATCH_FIELD_CHARS {
            return Err(format!(
                "{field} is longer than {MAX_BATCH_FIELD_CHARS} characters"
            ));
        }
    }
    let birth_date = match dob.trim() {
        "" => None,
        d => {
            let parsed = BirthDate::parse(d)
                .ok_or_else(|| format!("date_of_birth '{d}' is not YYYY or YYYY-MM-DD"))?;
            let (y, _) = parsed.year_range();
            if !(1880..=2100).contains(&y) {
                return Err(format!("date_of_birth '{d}' is not a plausible birth date"));
            }
            Some(parsed)
        }
    };
    let nationality = match nationality.trim() {
        "" => None,
        n => Some(
            limes_countries::normalize_code(n)
                .ok_or_else(|| format!("nationality '{n}' is not a known country"))?
                .to_string(),
        ),
    };
    Ok(Query {
        name: name.to_string(),
        birth_date,
        nationality,
        gender: Gender::parse(gender),
        ..Default::default()
    })
}

pub fn run_screen_batch(
    watchlists: &[PathBuf],
    input: &Path,
    output: &Path,
    min_score: f64,
    threshold: Option<f64>,
) -> anyhow::Result<BatchSummary> {
    let mut lists = Vec::new();
    for path in watchlists {
        let list = import::detect_and_load(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        lists.push(Arc::new(list));
    }
    let engine = Engine::build(lists);
    let threshold = threshold.unwrap_or(DEFAULT_ALERT_THRESHOLD);
    let bytes = std::fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers = reader
        .byte_headers()
        .context("cannot read the CSV header")?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| String::from_utf8_lossy(h).trim().eq_ignore_ascii_case(n))
    };
    let i_id = col("id").context("the input has no 'id' column")?;
    let i_name = col("full_name").context("the input has no 'full_name' column")?;
    let (i_dob, i_nat, i_gender) = (col("date_of_birth"), col("nationality"), col("gender"));
    let rows: Vec<Result<csv::ByteRecord, String>> = reader
        .byte_records()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
    let started = Instant::now();
    let lines: Vec<(String, usize, usize)> = rows
        .par_iter()
        .enumerate()
        .map(|(n, rec)| {
            let t = Instant::now();
            let field = |rec: &csv::ByteRecord, i: Option<usize>| -> Result<String, String> {
                match i.and_then(|i| rec.get(i)) {
                    None => Ok(String::new()),
                    Some(b) => String::from_utf8(b.to_vec()).map_err(|_| "not valid UTF-8".to_string()),
                }
            };
            let line = || format!("line {}", n + 2);
            let id = match rec {
                Ok(r) => {
                    let id = r.get(i_id).unwrap_or_default();
                    if id.len() > MAX_BATCH_FIELD_CHARS {
                        line()
                    } else {
                        String::from_utf8_lossy(id).into_owned()
                    }
                }
                Err(_) => line(),
            };
            let result = rec.as_ref().map_err(Clone::clone).and_then(|r| {
                if r.as_slice().len() > MAX_BATCH_ROW_BYTES {
                    return Err(format!("the row is longer than {MAX_BATCH_ROW_BYTES} bytes"));
                }
                if r.get(i_id).is_some_and(|id| id.len() > MAX_BATCH_FIELD_CHARS) {
                    return Err(format!("id is longer than {MAX_BATCH_FIELD_CHARS} bytes"));
                }
                let name = field(r, Some(i_name)).map_err(|e| format!("full_name: {e}"))?;
                let dob = field(r, i_dob).map_err(|e| format!("date_of_birth: {e}"))?;
                let nat = field(r, i_nat).map_err(|e| format!("nationality: {e}"))?;
                let gender = field(r, i_gender).map_err(|e| format!("gender: {e}"))?;
                row_query(&name, &dob, &nat, &gender)
            });
            match result {
                Ok(q) => {
                    let hits = engine.screen(&q, min_score, 10);
                    let alerts = hits.iter().filter(|h| h.score >= threshold).count();
                    let json = serde_json::json!({
                        "id": id,
                        "elapsed_us": t.elapsed().as_micros() as u64,
                        "hits": hits.iter().map(|h| serde_json::json!({
                            "list": h.list, "entry_id": h.entry_id, "name": h.name, "score": h.score,
                            "alert": h.score >= threshold, "explain": h.explain,
                        })).collect::<Vec<_>>(),
                    });
                    (json.to_string(), usize::from(!hits.is_empty()), alerts)
                }
                Err(e) => (serde_json::json!({"id": id, "error": e}).to_string(), usize::MAX, 0),
            }
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(output)
            .with_context(|| format!("cannot write {}", output.display()))?,
    );
    let mut summary = BatchSummary {
        rows: lines.len(),
        seconds,
        ..Default::default()
    };
    for (line, with_hits, alerts) in lines {
        writeln!(out, "{line}")?;
        if with_hits == usize::MAX {
            summary.errors += 1;
        } else {
            summary.with_hits += with_hits;
            summary.alerts += usize::from(alerts > 0);
        }
    }
    out.flush()?;
    Ok(summary)
}
