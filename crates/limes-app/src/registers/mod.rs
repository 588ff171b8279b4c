//! Streamed register imports, one piece for every register (document alerts, stolen vehicles, firearms …): a CSV
//! read row by row (bad rows named by line, counted past a cap, the file never held), good rows staged in batches,
//! swapped in whole at the end (all or nothing), with live progress and cancellation. A register supplies how to
//! read its rows ([`RegisterRows`]) and where to stage them ([`RegisterStaging`]).
pub mod documents;

use crate::error::{store_class, ErrorClass, UseCaseError};
use limes_domain::AuditEvent;
use limes_screen::import::{unbalanced_quote, CsvProblems};
use limes_store::{ImportCommit, ImportMode, RowAction, StagedRow, StoreError, StoreResult};
use serde::Serialize;
use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Rows per staged batch: at most this many rows are held at once, whatever the size of the file.
pub const BATCH_ROWS: usize = 5000;

/// How a register reads one CSV row into its record (built from the header by the caller's function).
pub trait RegisterRows: Sized {
    type Record: Send + 'static;
    /// One row read, or what is wrong with it (without the line, which the caller adds).
    fn read(&self, record: &csv::StringRecord) -> Result<Self::Record, String>;
}

/// Where a register's rows are staged, and how they are swapped in or dropped.
#[async_trait::async_trait]
pub trait RegisterStaging<T: Send + 'static>: Send + Sync {
    /// The register's name in messages ("document-alert").
    fn name(&self) -> &'static str;
    async fn stage(&self, import: &str, batch: Vec<StagedRow<T>>) -> StoreResult<()>;
    async fn commit(
        &self,
        import: &str,
        mode: ImportMode,
        audit: AuditEvent,
    ) -> StoreResult<ImportCommit>;
    async fn discard(&self, import: &str) -> StoreResult<()>;
    /// The register's own version (the base a change file must name).
    async fn version(&self) -> StoreResult<i64>;
}

/// What kind of file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The register (or rows to add to it): `replace` makes it the whole register.
    Whole { replace: bool },
    /// A change file (docs/formats.md): a first line `# base_version: N`, then the register's columns and an
    /// `action` column of `add` or `remove`.
    Changes,
}

/// Live progress of an import, shared with whoever shows it (the command line's bar, the admin page), and its
/// cancel switch.
#[derive(Debug, Default)]
pub struct ImportProgress {
    bytes_read: AtomicU64,
    total_bytes: AtomicU64,
    rows_read: AtomicU64,
    rows_staged: AtomicU64,
    bad_rows: AtomicU64,
    most_rows_held: AtomicU64,
    committing: AtomicBool,
    cancelled: AtomicBool,
}

/// A moment of an import's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProgressSnapshot {
    pub bytes_read: u64,
    /// The file's size when known (0 otherwise).
    pub total_bytes: u64,
    pub rows_read: u64,
    pub rows_staged: u64,
    pub bad_rows: u64,
    /// The most rows held in memory at once (a batch): the import's memory does not grow with the file.
    pub most_rows_held: u64,
    /// Every row is staged: the register is being swapped.
    pub committing: bool,
    pub cancelled: bool,
}

impl ImportProgress {
    /// Progress of a file of `total_bytes` (0 when unknown).
    pub fn new(total_bytes: u64) -> ImportProgress {
        let p = ImportProgress::default();
        p.total_bytes.store(total_bytes, Ordering::Relaxed);
        p
    }
    /// Ask the import to stop: it drops what it staged and leaves the register as it was. Too late once the
    /// swap has begun (`committing`).
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
    pub fn snapshot(&self) -> ProgressSnapshot {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        ProgressSnapshot {
            bytes_read: get(&self.bytes_read),
            total_bytes: get(&self.total_bytes),
            rows_read: get(&self.rows_read),
            rows_staged: get(&self.rows_staged),
            bad_rows: get(&self.bad_rows),
            most_rows_held: get(&self.most_rows_held),
            committing: self.committing.load(Ordering::Relaxed),
            cancelled: self.is_cancelled(),
        }
    }
}

/// Why a register import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum RegisterImportError {
    /// The file is wrong: `field` names the line or the file; `details` lists the bad rows.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error("import: cancelled; the register is unchanged")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RegisterImportError {
    fn invalid(field: &str, message: impl Into<String>) -> RegisterImportError {
        RegisterImportError::Invalid {
            field: field.to_string(),
            message: message.into(),
            details: None,
        }
    }
}

impl UseCaseError for RegisterImportError {
    fn class(&self) -> ErrorClass {
        match self {
            RegisterImportError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            RegisterImportError::Cancelled => ErrorClass::Conflict,
            // A change file for another version of the register: the file does not fit.
            RegisterImportError::Store(StoreError::Conflict(_)) => ErrorClass::Invalid {
                field: "file".into(),
                details: None,
            },
            RegisterImportError::Store(e) => store_class(e),
        }
    }
}

/// Most quote positions remembered for one record before they are only counted (a record with an unclosed quote
/// runs to the end of the file; its parity is all that matters).
const MAX_QUOTES_KEPT: usize = 1 << 16;

/// The file as the CSV reader reads it: counts the bytes (progress) and remembers where the quote characters
/// of the current record are, so that a quote left open is named by its line without keeping the file.
struct Tracked<R> {
    inner: R,
    offset: u64,
    quotes: VecDeque<u64>,
    quotes_dropped: u64,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, b) in buf.iter().take(n).enumerate() {
            if *b == b'"' {
                if self.quotes.len() >= MAX_QUOTES_KEPT {
                    self.quotes.pop_front();
                    self.quotes_dropped += 1;
                }
                self.quotes.push_back(self.offset + i as u64);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> Tracked<R> {
    /// Whether the bytes `begin..end` (a record) hold an odd number of quotes; forgets the quotes before `end`.
    fn odd_quotes(&mut self, begin: u64, end: u64) -> bool {
        let mut count = self.quotes_dropped;
        while let Some(&q) = self.quotes.front() {
            if q >= end {
                break;
            }
            if q >= begin {
                count += 1;
            }
            self.quotes.pop_front();
        }
        self.quotes_dropped = 0;
        count % 2 == 1
    }
}

/// Read the first line of a change file: `# base_version: N` (or `=`).
fn read_base_version(reader: &mut impl BufRead) -> Result<i64, RegisterImportError> {
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .map_err(|e| RegisterImportError::invalid("line 1", format!("cannot read: {e}")))?;
    let value = first
        .trim_start_matches('\u{feff}')
        .trim()
        .strip_prefix('#')
        .map(str::trim)
        .and_then(|rest| rest.strip_prefix("base_version"))
        .map(|rest| rest.trim_start().trim_start_matches([':', '=']).trim());
    value.and_then(|v| v.parse::<i64>().ok()).ok_or_else(|| {
        RegisterImportError::invalid(
            "line 1",
            "a change file starts with the line '# base_version: N' (the register version it applies to)",
        )
    })
}

/// Import a register from CSV read as a stream: the rows are checked one by one (every bad row counted, the
/// first ones named by line), staged in batches of [`BATCH_ROWS`] while no row was bad, and swapped in at the
/// end in one transaction. A bad row, a cancel or a failure stores nothing and drops what was staged.
/// `columns` finds the register's columns in the header (or says what it lacks).
#[tracing::instrument(skip_all, fields(register = staging.name(), kind = ?kind))]
pub async fn import_streamed<P, S, R>(
    staging: &S,
    columns: impl FnOnce(&csv::StringRecord) -> Result<P, String>,
    reader: R,
    kind: FileKind,
    audit: AuditEvent,
    progress: &ImportProgress,
) -> Result<ImportCommit, RegisterImportError>
where
    P: RegisterRows,
    S: RegisterStaging<P::Record> + ?Sized,
    R: Read + Send,
{
    let mut buffered = std::io::BufReader::new(reader);
    // Lines before the CSV header (a change file's base version).
    let (mode, lines_before) = match kind {
        FileKind::Whole { replace: false } => (ImportMode::Add, 0),
        FileKind::Whole { replace: true } => (ImportMode::Replace, 0),
        FileKind::Changes => {
            let base_version = read_base_version(&mut buffered)?;
            let held = staging.version().await?;
            if base_version != held {
                return Err(
                    limes_store::registers::wrong_base(staging.name(), base_version, held).into(),
                );
            }
            (ImportMode::Changes { base_version }, 1)
        }
    };
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(Tracked {
            inner: buffered,
            offset: 0,
            quotes: VecDeque::new(),
            quotes_dropped: 0,
        });
    let header_line = format!("line {}", lines_before + 1);
    let headers = csv
        .headers()
        .map_err(|e| {
            RegisterImportError::invalid(&header_line, format!("cannot read the header: {e}"))
        })?
        .clone();
    let columns = columns(&headers).map_err(|e| RegisterImportError::invalid(&header_line, e))?;
    let action_column = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("action"));
    if mode != ImportMode::Add && mode != ImportMode::Replace && action_column.is_none() {
        return Err(RegisterImportError::invalid(
            &header_line,
            "a change file needs the column action (add or remove)",
        ));
    }
    let import = limes_store::new_id();
    match stage_rows(
        staging,
        &import,
        &columns,
        &mut csv,
        if matches!(mode, ImportMode::Changes { .. }) {
            action_column
        } else {
            None
        },
        lines_before,
        progress,
    )
    .await
    {
        Ok(staged) if staged == 0 && !matches!(mode, ImportMode::Changes { .. }) => {
            staging.discard(&import).await?;
            Err(RegisterImportError::invalid(
                "file",
                "no rows after the header; nothing was imported",
            ))
        }
        Ok(_) => {
            progress.committing.store(true, Ordering::Relaxed);
            match staging.commit(&import, mode, audit).await {
                Ok(done) => Ok(done),
                Err(e) => {
                    staging.discard(&import).await?;
                    Err(e.into())
                }
            }
        }
        Err(e) => {
            staging.discard(&import).await?;
            Err(e)
        }
    }
}

/// Read every row, staging the good ones in batches while no row was bad; returns how many were staged.
async fn stage_rows<P, S, R>(
    staging: &S,
    import: &str,
    columns: &P,
    csv: &mut csv::Reader<Tracked<R>>,
    action_column: Option<usize>,
    lines_before: u64,
    progress: &ImportProgress,
) -> Result<u64, RegisterImportError>
where
    P: RegisterRows,
    S: RegisterStaging<P::Record> + ?Sized,
    R: Read + Send,
{
    let mut batch: Vec<StagedRow<P::Record>> = Vec::with_capacity(BATCH_ROWS);
    let mut bad = CsvProblems::default();
    let mut staged = 0u64;
    let mut record = csv::StringRecord::new();
    loop {
        let before = csv.position().clone();
        let read = csv.read_record(&mut record);
        let end = csv.position().byte();
        progress
            .bytes_read
            .store(csv.get_ref().offset, Ordering::Relaxed);
        let start = match &read {
            Ok(_) => record.position().unwrap_or(&before).clone(),
            Err(_) => before,
        };
        let line = start.line() + lines_before;
        let odd_quotes = csv.get_mut().odd_quotes(start.byte(), end);
        let row = match read {
            Ok(false) => break,
            Err(e) => Err(format!("line {line}: {e}")),
            Ok(true) => Ok(()),
        };
        let rows_read = progress.rows_read.fetch_add(1, Ordering::Relaxed) + 1;
        if rows_read.is_multiple_of(BATCH_ROWS as u64) && progress.is_cancelled() {
            return Err(RegisterImportError::Cancelled);
        }
        let quote_problem = odd_quotes
            .then(|| unbalanced_quote(b"\"", usize::try_from(line).unwrap_or(usize::MAX)))
            .flatten();
        let outcome = match (quote_problem, row) {
            (Some(problem), _) => Err(problem),
            (None, Err(problem)) => Err(problem),
            (None, Ok(())) => read_row(columns, &record, action_column)
                .map_err(|problem| format!("line {line}: {problem}")),
        };
        match outcome {
            Ok((action, record)) if bad.total() == 0 => batch.push(StagedRow {
                line,
                action,
                record,
            }),
            Ok(_) => {}
            Err(problem) => {
                // Once a row is bad nothing is imported: the good rows read are not kept.
                batch.clear();
                bad.push(problem);
                progress.bad_rows.fetch_add(1, Ordering::Relaxed);
            }
        }
        progress
            .most_rows_held
            .fetch_max(batch.len() as u64, Ordering::Relaxed);
        if batch.len() >= BATCH_ROWS {
            staged += flush(staging, import, &mut batch, progress).await?;
        }
    }
    if bad.total() > 0 {
        return Err(RegisterImportError::Invalid {
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
    staged += flush(staging, import, &mut batch, progress).await?;
    Ok(staged)
}

/// Stage the batch (when not cancelled); returns how many rows it held.
async fn flush<T: Send + 'static, S: RegisterStaging<T> + ?Sized>(
    staging: &S,
    import: &str,
    batch: &mut Vec<StagedRow<T>>,
    progress: &ImportProgress,
) -> Result<u64, RegisterImportError> {
    if progress.is_cancelled() {
        return Err(RegisterImportError::Cancelled);
    }
    if batch.is_empty() {
        return Ok(0);
    }
    let rows = std::mem::replace(batch, Vec::with_capacity(BATCH_ROWS));
    let n = rows.len() as u64;
    staging.stage(import, rows).await?;
    progress.rows_staged.fetch_add(n, Ordering::Relaxed);
    Ok(n)
}

/// A row's action (always `add` outside change files) and record.
fn read_row<P: RegisterRows>(
    columns: &P,
    record: &csv::StringRecord,
    action_column: Option<usize>,
) -> Result<(RowAction, P::Record), String> {
    let action = match action_column {
        None => Ok(RowAction::Add),
        Some(i) => {
            let raw = record.get(i).unwrap_or("");
            RowAction::parse(raw).ok_or_else(|| format!("action '{raw}' is not add or remove"))
        }
    };
    let read = columns.read(record);
    match (action, read) {
        (Ok(action), Ok(record)) => Ok((action, record)),
        (Err(a), Err(r)) => Err(format!("{a}; {r}")),
        (Err(a), Ok(_)) => Err(a),
        (Ok(_), Err(r)) => Err(r),
    }
}

#[cfg(test)]
mod tests {
    use super::documents::DocumentColumns;
    use super::*;
    use limes_domain::DocumentAlert;
    use std::sync::Mutex;

    /// Staging in memory: what was staged per import, committed and discarded.
    #[derive(Default)]
    struct Recorded {
        staged: Mutex<Vec<(String, usize)>>,
        committed: Mutex<Vec<(String, ImportMode)>>,
        discarded: Mutex<Vec<String>>,
        rows: Mutex<Vec<StagedRow<DocumentAlert>>>,
        version: i64,
    }

    #[async_trait::async_trait]
    impl RegisterStaging<DocumentAlert> for Recorded {
        fn name(&self) -> &'static str {
            "document-alert"
        }
        async fn stage(
            &self,
            import: &str,
            batch: Vec<StagedRow<DocumentAlert>>,
        ) -> StoreResult<()> {
            self.staged
                .lock()
                .unwrap()
                .push((import.to_string(), batch.len()));
            let mut rows = self.rows.lock().unwrap();
            // Only the first and last rows are kept, to check lines and actions without holding the file.
            if rows.is_empty() {
                rows.extend(batch.first().cloned());
            }
            rows.extend(batch.last().cloned());
            Ok(())
        }
        async fn commit(
            &self,
            import: &str,
            mode: ImportMode,
            _audit: AuditEvent,
        ) -> StoreResult<ImportCommit> {
            self.committed
                .lock()
                .unwrap()
                .push((import.to_string(), mode));
            let added = self.staged.lock().unwrap().iter().map(|s| s.1 as u64).sum();
            Ok(ImportCommit {
                added,
                removed: 0,
                version: self.version + 1,
            })
        }
        async fn discard(&self, import: &str) -> StoreResult<()> {
            self.discarded.lock().unwrap().push(import.to_string());
            Ok(())
        }
        async fn version(&self) -> StoreResult<i64> {
            Ok(self.version)
        }
    }

    const HEADER: &str = "issuing_state,document_number,document_type,status,reported_on\n";

    /// A CSV of `rows` good rows generated as it is read (never held whole), with `bad_at` (a line) broken.
    struct Generated {
        rows: u64,
        next: u64,
        bad_at: Option<u64>,
        pending: Vec<u8>,
        header: Option<String>,
    }

    impl Generated {
        fn new(header: &str, rows: u64, bad_at: Option<u64>) -> Generated {
            Generated {
                rows,
                next: 0,
                bad_at,
                pending: Vec::new(),
                header: Some(header.to_string()),
            }
        }
    }

    impl Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() {
                if let Some(h) = self.header.take() {
                    self.pending = h.into_bytes();
                } else if self.next < self.rows {
                    self.next += 1;
                    let line = self.next + 1;
                    let status = if Some(line) == self.bad_at {
                        "misplaced"
                    } else {
                        "stolen"
                    };
                    self.pending =
                        format!("UTO,G{:09},P,{status},2025-01-02\n", self.next).into_bytes();
                } else {
                    return Ok(0);
                }
            }
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            Ok(n)
        }
    }

    async fn run(
        staging: &Recorded,
        reader: impl Read + Send,
        kind: FileKind,
        progress: &ImportProgress,
    ) -> Result<ImportCommit, RegisterImportError> {
        import_streamed(
            staging,
            |h| DocumentColumns::of(h, "national"),
            reader,
            kind,
            AuditEvent::new(chrono::DateTime::UNIX_EPOCH, "t", "documents.import"),
            progress,
        )
        .await
    }

    #[tokio::test]
    async fn a_file_far_larger_than_a_batch_is_staged_in_batches_and_committed_once() {
        let staging = Recorded::default();
        let progress = ImportProgress::new(0);
        let rows = 12 * BATCH_ROWS as u64 + 7;
        let done = run(
            &staging,
            Generated::new(HEADER, rows, None),
            FileKind::Whole { replace: true },
            &progress,
        )
        .await
        .unwrap();
        assert_eq!(done.added, rows);
        let p = progress.snapshot();
        assert_eq!((p.rows_read, p.rows_staged), (rows, rows));
        // Memory bounded: never more than one batch of rows held, whatever the file's size.
        assert_eq!(p.most_rows_held, BATCH_ROWS as u64);
        assert_eq!(staging.staged.lock().unwrap().len(), 13);
        assert_eq!(
            staging.committed.lock().unwrap().as_slice(),
            [(
                staging.staged.lock().unwrap()[0].0.clone(),
                ImportMode::Replace
            )]
        );
        let kept = staging.rows.lock().unwrap();
        assert_eq!(kept[0].line, 2);
        assert_eq!(kept.last().unwrap().line, rows + 1);
        assert_eq!(
            kept.last().unwrap().record.document_number,
            format!("G{rows:09}")
        );
    }

    #[tokio::test]
    async fn a_bad_row_far_into_the_file_is_named_by_line_and_nothing_is_committed() {
        let staging = Recorded::default();
        let progress = ImportProgress::new(0);
        let err = run(
            &staging,
            Generated::new(HEADER, 20_000, Some(17_001)),
            FileKind::Whole { replace: false },
            &progress,
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("1 bad row(s); nothing was imported"), "{err}");
        assert!(err.contains("line 17001: status 'misplaced'"), "{err}");
        assert!(staging.committed.lock().unwrap().is_empty());
        assert_eq!(staging.discarded.lock().unwrap().len(), 1);
        assert_eq!(progress.snapshot().rows_read, 20_000);
    }

    #[tokio::test]
    async fn an_unclosed_quote_is_named_by_its_line_without_the_file_in_memory() {
        let staging = Recorded::default();
        let csv = format!(
            "{HEADER}UTO,L1,P,stolen,2025-01-02\nUTO,\"L2,P,stolen,2025-01-02\nUTO,L3,P,lost,2025-01-02\n"
        );
        let err = run(
            &staging,
            csv.as_bytes(),
            FileKind::Whole { replace: false },
            &ImportProgress::new(0),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 3: a quote"), "{err}");
        // Quoted fields that close are fine.
        let csv = format!("{HEADER}UTO,\"L1\",P,stolen,2025-01-02\n");
        run(
            &staging,
            csv.as_bytes(),
            FileKind::Whole { replace: false },
            &ImportProgress::new(0),
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn a_cancelled_import_drops_what_it_staged_and_commits_nothing() {
        let staging = Recorded::default();
        let progress = ImportProgress::new(0);
        progress.cancel();
        let err = run(
            &staging,
            Generated::new(HEADER, 3 * BATCH_ROWS as u64, None),
            FileKind::Whole { replace: true },
            &progress,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, RegisterImportError::Cancelled), "{err}");
        assert!(staging.committed.lock().unwrap().is_empty());
        assert_eq!(staging.discarded.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_change_file_names_its_base_version_and_its_actions() {
        let staging = Recorded {
            version: 4,
            ..Recorded::default()
        };
        let body = "action,issuing_state,document_number,document_type,status,reported_on\n\
                    remove,UTO,A1,P,stolen,2025-01-02\nadd,UTO,A2,P,lost,2025-01-03\n";
        // Without the base version line: refused.
        let err = run(
            &staging,
            body.as_bytes(),
            FileKind::Changes,
            &ImportProgress::new(0),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 1") && err.contains("base_version"),
            "{err}"
        );
        // For another version: refused before a row is read.
        let file = format!("# base_version: 3\n{body}");
        let err = run(
            &staging,
            file.as_bytes(),
            FileKind::Changes,
            &ImportProgress::new(0),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, RegisterImportError::Store(StoreError::Conflict(m)) if m.contains("version 3")),
            "{err}"
        );
        assert!(staging.staged.lock().unwrap().is_empty());
        // For the version held: staged with their actions and lines (the base line counts).
        let file = format!("# base_version: 4\n{body}");
        run(
            &staging,
            file.as_bytes(),
            FileKind::Changes,
            &ImportProgress::new(0),
        )
        .await
        .unwrap();
        let actions: Vec<_> = staging
            .rows
            .lock()
            .unwrap()
            .iter()
            .map(|r| (r.line, r.action))
            .collect();
        assert_eq!(actions, [(3, RowAction::Remove), (4, RowAction::Add)]);
        assert_eq!(
            staging.committed.lock().unwrap()[0].1,
            ImportMode::Changes { base_version: 4 }
        );
        // An unknown action is a bad row, named by its line.
        let file = "# base_version: 4\naction,issuing_state,document_number,document_type,status,reported_on\n\
             delete,UTO,A1,P,stolen,2025-01-02\n"
            .to_string();
        let err = run(
            &staging,
            file.as_bytes(),
            FileKind::Changes,
            &ImportProgress::new(0),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 3: action 'delete' is not add or remove"),
            "{err}"
        );
    }
}
