//! Imports shared by the API, the web UI and the command line: all or nothing, bad rows named by line.
use crate::error::AppError;
use chrono::NaiveDate;
use limes_domain::{AlertStatus, DocumentAlert};

/// Largest number of bad rows listed in an error.
const MAX_REPORTED: usize = 20;

/// Parse the document-alert CSV (format in docs/formats.md): a header line with at least
/// `issuing_state,document_number,document_type,status,reported_on` and optionally `source,reason`, any order.
pub fn parse_document_alerts_csv(
    bytes: &[u8],
    default_source: &str,
) -> Result<Vec<DocumentAlert>, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| AppError::invalid("line 1", format!("cannot read the header: {e}")))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let required = [
        "issuing_state",
        "document_number",
        "document_type",
        "status",
        "reported_on",
    ];
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(AppError::invalid(
            "line 1",
            format!("header lacks the column(s): {}", missing.join(", ")),
        ));
    }
    let idx = |name: &str| col(name).unwrap_or(usize::MAX);
    let (i_state, i_num, i_type, i_status, i_date) = (
        idx("issuing_state"),
        idx("document_number"),
        idx("document_type"),
        idx("status"),
        idx("reported_on"),
    );
    let (i_source, i_reason) = (col("source"), col("reason"));
    let mut alerts = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    let mut bad_count = 0usize;
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                bad_count += 1;
                if bad.len() < MAX_REPORTED {
                    bad.push(format!("line {line}: {e}"));
                }
                continue;
            }
        };
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let mut problems = Vec::new();
        let state = field(i_state).to_ascii_uppercase();
        if state.is_empty() || state.len() > 3 || !state.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(format!("issuing_state '{state}' is not an ICAO code"));
        }
        let number = field(i_num);
        if limes_domain::document::normalize_document_number(number).is_empty() {
            problems.push("document_number is empty".to_string());
        }
        let doc_type = field(i_type).to_ascii_uppercase();
        if doc_type.is_empty() || doc_type.len() > 2 {
            problems.push(format!(
                "document_type '{doc_type}' is not an ICAO document code"
            ));
        }
        let status = AlertStatus::parse(field(i_status));
        if status.is_none() {
            problems.push(format!(
                "status '{}' is not one of lost, stolen, revoked, invalidated, stolen_blank",
                field(i_status)
            ));
        }
        let date = NaiveDate::parse_from_str(field(i_date), "%Y-%m-%d").ok();
        if date.is_none() {
            problems.push(format!(
                "reported_on '{}' is not a YYYY-MM-DD date",
                field(i_date)
            ));
        }
        match (status, date, problems.is_empty()) {
            (Some(status), Some(reported_on), true) => alerts.push(DocumentAlert {
                issuing_state: state,
                document_number: number.to_string(),
                document_type: doc_type,
                status,
                source: i_source
                    .map(field)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(default_source)
                    .to_string(),
                reason: i_reason.map(field).unwrap_or("").to_string(),
                reported_on,
            }),
            _ => {
                bad_count += 1;
                if bad.len() < MAX_REPORTED {
                    bad.push(format!("line {line}: {}", problems.join("; ")));
                }
            }
        }
    }
    if bad_count > 0 {
        return Err(AppError::Invalid {
            field: "file".into(),
            message: format!(
                "{bad_count} bad row(s); nothing was imported. {}{}",
                bad.join(" | "),
                if bad_count > bad.len() { " | …" } else { "" }
            ),
            details: Some(serde_json::json!({ "bad_rows": bad, "bad_row_count": bad_count })),
        });
    }
    if alerts.is_empty() {
        return Err(AppError::invalid(
            "file",
            "no rows after the header; nothing was imported",
        ));
    }
    Ok(alerts)
}

/// Watchlist formats Limes reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchlistFormat {
    UnXml,
    OfacCsv,
    UkHmtCsv,
    LimesCsv,
    LimesJson,
}

impl WatchlistFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "un" | "un-xml" | "un_xml" => Some(Self::UnXml),
            "ofac" | "ofac-csv" | "ofac_csv" => Some(Self::OfacCsv),
            "uk" | "uk-hmt" | "uk_hmt" | "hmt" => Some(Self::UkHmtCsv),
            "csv" | "limes-csv" | "limes_csv" => Some(Self::LimesCsv),
            "json" | "limes-json" | "limes_json" => Some(Self::LimesJson),
            _ => None,
        }
    }
    /// Guess from the content: XML is the UN list, JSON is the Limes format, CSV with a Limes header is Limes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let t = head.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('<') {
            Some(Self::UnXml)
        } else if t.starts_with('{') || t.starts_with('[') {
            Some(Self::LimesJson)
        } else if t.to_ascii_lowercase().starts_with("entry_id") {
            Some(Self::LimesCsv)
        } else if t.starts_with("Last Updated")
            || t.lines().next().is_some_and(|l| l.contains("Group ID"))
        {
            Some(Self::UkHmtCsv)
        } else {
            None
        }
    }
}

/// Parse a watchlist file in the given format; the list id comes from the format unless given.
pub fn parse_watchlist(
    bytes: &[u8],
    format: WatchlistFormat,
    id: Option<&str>,
) -> Result<limes_screen::WatchList, AppError> {
    use limes_screen::import;
    let err = |e: import::ImportError| AppError::invalid("file", e.to_string());
    let mut list = match format {
        WatchlistFormat::UnXml => import::un_xml(bytes).map_err(err)?,
        // An upload carries one file: the main SDN file (alternate names come with `limes import watchlist`,
        // which reads the -alt and -add files beside it).
        WatchlistFormat::OfacCsv => import::ofac_csv(bytes, None, None).map_err(err)?,
        WatchlistFormat::UkHmtCsv => import::uk_hmt_csv(bytes).map_err(err)?,
        WatchlistFormat::LimesCsv => {
            let id = id.unwrap_or("national");
            import::limes_csv(id, id, bytes).map_err(err)?
        }
        WatchlistFormat::LimesJson => import::limes_json(bytes).map_err(err)?,
    };
    if let Some(id) = id {
        list.id = id.to_string();
    }
    if list.entries.is_empty() {
        return Err(AppError::invalid(
            "file",
            "the list has no entries; nothing was imported",
        ));
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_csv_imports() {
        let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\n\
                   UTO,L898902C3,P,stolen,2025-01-02,INTERPOL SLTD,theft\nATL,AB123,I,lost,2025-02-03,,\n";
        let alerts = parse_document_alerts_csv(csv.as_bytes(), "national").unwrap();
        assert_eq!(alerts.len(), 2);
        assert_eq!(alerts[0].status, AlertStatus::Stolen);
        assert_eq!(alerts[1].source, "national");
    }

    #[test]
    fn bad_rows_are_named_by_line_and_nothing_is_imported() {
        let csv = "issuing_state,document_number,document_type,status,reported_on\n\
                   UTO,L898902C3,P,stolen,2025-01-02\nUTO,,P,stolen,2025-01-02\nUTO,X1,P,misplaced,2025-13-01\n";
        let err = parse_document_alerts_csv(csv.as_bytes(), "n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 bad row(s)"), "{err}");
        assert!(err.contains("line 3: document_number is empty"), "{err}");
        assert!(err.contains("line 4: status 'misplaced'"), "{err}");
        assert!(err.contains("reported_on '2025-13-01'"), "{err}");
    }

    #[test]
    fn missing_columns_are_named() {
        let err = parse_document_alerts_csv(b"issuing_state,number\nUTO,1\n", "n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("document_number") && err.contains("status"),
            "{err}"
        );
    }
}
