//! The lists officers check against: watchlists (UN, OFAC, UK HMT, national) and the document-alert register.
//! Imports are shared by the API, the web UI and the command line: all or nothing, bad rows named by line.
use crate::error::{store_class, ErrorClass, UseCaseError};
use crate::registers::documents::{import_document_register, DocumentColumns};
use crate::registers::{FileKind, ImportProgress, RegisterImportError, RegisterRows};
use crate::{Actor, App};
use limes_domain::document::AlertMatch;
use limes_domain::AuditEvent;
use limes_domain::DocumentAlert;
use limes_store::{StoreError, WatchlistMeta};
use serde::Serialize;
use utoipa::ToSchema;

use limes_screen::import::{unbalanced_quote, CsvProblems};

/// Parse the document-alert CSV (format in docs/formats.md): a header line with at least
/// `issuing_state,document_number,document_type,status,reported_on` and optionally `source,reason`, any order.
#[tracing::instrument(skip_all, fields(source = default_source, bytes = bytes.len()))]
pub fn parse_document_alerts_csv(
    bytes: &[u8],
    default_source: &str,
) -> Result<Vec<DocumentAlert>, ListError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ListError::invalid("line 1", format!("cannot read the header: {e}")))?
        .clone();
    let columns = DocumentColumns::of(&headers, default_source)
        .map_err(|message| ListError::invalid("line 1", message))?;
    let mut alerts = Vec::new();
    let mut bad = CsvProblems::default();
    let mut record = csv::StringRecord::new();
    loop {
        let before = reader.position().clone();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // An unclosed quote runs the rest of the file into one field: say so rather than what followed.
                let line = usize::try_from(before.line()).unwrap_or(usize::MAX);
                let begin = usize::try_from(before.byte()).unwrap_or(0);
                let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
                bad.push(
                    unbalanced_quote(bytes.get(begin..end).unwrap_or(&[]), line)
                        .unwrap_or_else(|| format!("line {line}: {e}")),
                );
                continue;
            }
        }
        let start = record.position().unwrap_or(&before);
        let line = start.line();
        let begin = usize::try_from(start.byte()).unwrap_or(0);
        let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        if let Some(problem) = unbalanced_quote(bytes.get(begin..end).unwrap_or(&[]), line as usize)
        {
            bad.push(problem);
            continue;
        }
        match columns.read(&record) {
            // Once a row is bad nothing is imported: the good rows after it are not kept.
            Ok(_) if bad.total() > 0 => alerts.clear(),
            Ok(alert) => alerts.push(alert),
            Err(problem) => {
                alerts.clear();
                bad.push(format!("line {line}: {problem}"));
            }
        }
    }
    if bad.total() > 0 {
        return Err(ListError::Invalid {
            field: "file".into(),
            message: format!(
                "{} bad row(s); nothing was imported. {}",
                bad.total(),
                bad.summary()
            ),
            details: Some(
                serde_json::json!({ "bad_rows": bad.shown(), "bad_row_count": bad.total() }),
            ),
        });
    }
    if alerts.is_empty() {
        return Err(ListError::invalid(
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
#[tracing::instrument(skip_all, fields(list_id = id, format = ?format, bytes = bytes.len()))]
pub fn parse_watchlist(
    bytes: &[u8],
    format: WatchlistFormat,
    id: Option<&str>,
) -> Result<limes_screen::WatchList, ListError> {
    use limes_screen::import;
    let err = |e: import::ImportError| ListError::invalid("file", e.to_string());
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
        return Err(ListError::invalid(
            "file",
            "the list has no entries; nothing was imported",
        ));
    }
    Ok(list)
}

/// Why a list or the register was not imported (nothing was), or a lookup failed.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The file is wrong: `field` names the line or the file; `details` lists the bad rows.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error("format: unknown format '{0}'")]
    UnknownFormat(String),
    #[error("format: cannot tell the format; give ?format=")]
    CannotTellFormat,
    #[error("id: list id: 1-32 characters a-z, 0-9, '-' or '_'")]
    InvalidListId,
    #[error("internal error: {0}")]
    Internal(String),
    #[error("import: cancelled; the register is unchanged")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ListError {
    fn invalid(field: &str, message: impl Into<String>) -> ListError {
        ListError::Invalid {
            field: field.to_string(),
            message: message.into(),
            details: None,
        }
    }
}

impl UseCaseError for ListError {
    fn class(&self) -> ErrorClass {
        let field = |f: &str| ErrorClass::Invalid {
            field: f.to_string(),
            details: None,
        };
        match self {
            ListError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            ListError::UnknownFormat(_) | ListError::CannotTellFormat => field("format"),
            ListError::InvalidListId => field("id"),
            ListError::Internal(_) => ErrorClass::Internal,
            ListError::Cancelled => ErrorClass::Conflict,
            ListError::Store(e) => store_class(e),
        }
    }
}

/// The format named by the caller, else the one the content tells.
pub fn watchlist_format(named: Option<&str>, bytes: &[u8]) -> Result<WatchlistFormat, ListError> {
    match named {
        Some(f) => WatchlistFormat::parse(f).ok_or_else(|| ListError::UnknownFormat(f.to_string())),
        None => WatchlistFormat::sniff(bytes).ok_or(ListError::CannotTellFormat),
    }
}

/// Import (or replace) a watchlist uploaded through the API or the web UI: parse, store, swap into the
/// screening engine. The next check uses the new list; none sees half a list.
#[tracing::instrument(skip_all, fields(list_id = id, format = ?format, source = source))]
pub async fn import_watchlist(
    app: &App,
    who: Actor<'_>,
    bytes: &[u8],
    format: WatchlistFormat,
    id: &str,
    source: &str,
) -> Result<u64, ListError> {
    if !limes_domain::org::valid_code(&id.to_ascii_uppercase()) {
        return Err(ListError::InvalidListId);
    }
    let list = parse_watchlist(bytes, format, Some(id))?;
    let audit = who.audit(app.clock.now(), "watchlist.import");
    let n = save_watchlist(app.store.as_ref(), audit, &list, source).await?;
    app.screener.replace_list(list);
    Ok(n)
}

/// Store a parsed watchlist as the next version of its id (a running server picks it up within seconds).
#[tracing::instrument(skip_all, fields(list_id = %list.id, source = source))]
pub async fn save_watchlist(
    store: &dyn limes_store::Store,
    mut audit: AuditEvent,
    list: &limes_screen::WatchList,
    source: &str,
) -> Result<u64, ListError> {
    // Every way in (API, page, command line) ends here: a list id is a short slug, never a path.
    if !limes_domain::org::valid_code(&list.id.to_ascii_uppercase()) {
        return Err(ListError::InvalidListId);
    }
    let json = serde_json::to_string(list).map_err(|e| ListError::Internal(e.to_string()))?;
    let n = list.entries.len() as u64;
    audit.subject = Some(format!("watchlist:{}", list.id));
    audit.detail = format!("{} entries from {source}", n);
    let meta = WatchlistMeta {
        id: list.id.clone(),
        name: list.name.clone(),
        source: source.to_string(),
        published: list.published.clone(),
        entries: n,
        imported_at: audit.at,
        imported_by: audit.actor.clone(),
        version: 0,
    };
    store.save_watchlist(meta, json, audit).await?;
    Ok(n)
}

/// Import a watchlist file from disk (the command line): the format named, else detected from the file and its
/// siblings (OFAC's -alt and -add files); `id` renames the list. A running server picks the new version up.
#[tracing::instrument(skip_all, fields(list_id = id, format = format, file = %file.display()))]
pub async fn import_watchlist_file(
    store: &dyn limes_store::Store,
    audit: AuditEvent,
    file: &std::path::Path,
    id: Option<&str>,
    format: Option<&str>,
) -> Result<u64, ListError> {
    let in_file =
        |e: &dyn std::fmt::Display| ListError::invalid(&file.display().to_string(), e.to_string());
    let list = match format {
        Some(f) => {
            let fmt =
                WatchlistFormat::parse(f).ok_or_else(|| ListError::UnknownFormat(f.to_string()))?;
            let bytes = std::fs::read(file).map_err(|e| in_file(&format!("cannot read: {e}")))?;
            parse_watchlist(&bytes, fmt, id).map_err(|e| in_file(&e))?
        }
        None => {
            let mut list = limes_screen::import::detect_and_load(file).map_err(|e| in_file(&e))?;
            if let Some(id) = id {
                list.id = id.to_string();
            }
            list
        }
    };
    save_watchlist(store, audit, &list, &file.display().to_string()).await
}

/// The watchlists held, with their versions.
#[tracing::instrument(skip_all)]
pub async fn watchlists(app: &App) -> Result<Vec<WatchlistMeta>, ListError> {
    Ok(app.store.watchlist_metas().await?)
}

/// Import document alerts from CSV (docs/formats.md): all rows or none, read as a stream and staged in batches
/// (see [`crate::registers`]). `replace` makes the file the whole register. Returns how many alerts were added.
#[tracing::instrument(skip_all, fields(replace = replace, source = source))]
pub async fn import_document_alerts(
    app: &App,
    who: Actor<'_>,
    bytes: &[u8],
    replace: bool,
    source: &str,
) -> Result<u64, ListError> {
    let audit = who.audit(app.clock.now(), "documents.import");
    let progress = ImportProgress::new(bytes.len() as u64);
    let done = import_document_register(
        app.store.as_ref(),
        audit,
        bytes,
        FileKind::Whole { replace },
        source,
        &progress,
    )
    .await?;
    Ok(done.added)
}

impl From<RegisterImportError> for ListError {
    fn from(e: RegisterImportError) -> ListError {
        match e {
            RegisterImportError::Invalid {
                field,
                message,
                details,
            } => ListError::Invalid {
                field,
                message,
                details,
            },
            RegisterImportError::Cancelled => ListError::Cancelled,
            RegisterImportError::Store(e) => ListError::Store(e),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertLookup {
    pub alert: DocumentAlert,
    pub match_kind: AlertMatch,
}

/// Look a document up in the alert register, for a stated purpose (audited).
#[tracing::instrument(skip_all, fields(issuing_state = issuing_state))]
pub async fn find_document_alerts(
    app: &App,
    who: Actor<'_>,
    issuing_state: Option<&str>,
    document_number: &str,
    purpose: String,
) -> Result<Vec<AlertLookup>, ListError> {
    let hits = app
        .store
        .find_document_alerts(issuing_state, document_number)
        .await?;
    let mut e = who.audit(app.clock.now(), "document.lookup");
    e.purpose = Some(purpose);
    e.subject = Some(format!(
        "document:{}:{}",
        issuing_state.unwrap_or("*"),
        document_number
    ));
    e.detail = format!("{} hits", hits.len());
    app.store.append_audit(e).await?;
    Ok(hits
        .into_iter()
        .map(|(alert, match_kind)| AlertLookup { alert, match_kind })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::AlertStatus;

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

    #[test]
    fn an_unbalanced_quote_names_its_line_and_many_bad_rows_are_counted_not_listed() {
        let csv = "issuing_state,document_number,document_type,status,reported_on,source,reason\n\
                   UTO,L1,P,stolen,2025-01-02,,\nUTO,L2,P,stolen,2025-01-02,,\"lost at\nUTO,L3,P,lost,2025-01-02,,\n";
        let err = parse_document_alerts_csv(csv.as_bytes(), "n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3: a quote"), "{err}");
        let mut csv =
            String::from("issuing_state,document_number,document_type,status,reported_on\n");
        for n in 0..1000 {
            csv.push_str(&format!("UTO,N{n},P,misplaced,2025-01-02\n"));
        }
        let err = parse_document_alerts_csv(csv.as_bytes(), "n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("1000 bad row(s)"), "{err}");
        assert!(
            err.contains("line 101:") && !err.contains("line 102:"),
            "{err}"
        );
        assert!(err.ends_with("… and 900 more"), "{err}");
    }
}
