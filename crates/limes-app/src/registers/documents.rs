//! The document-alert register on the streamed import: its CSV columns (docs/formats.md) and its staging in
//! the store.
use super::{FileKind, ImportProgress, RegisterImportError, RegisterRows, RegisterStaging};
use chrono::NaiveDate;
use limes_domain::{AlertStatus, AuditEvent, DocumentAlert};
use limes_store::{ImportCommit, ImportMode, StagedRow, Store, StoreResult};

/// Columns of the document-alert CSV: these five are required, `source` and `reason` optional, any order.
const REQUIRED: [&str; 5] = [
    "issuing_state",
    "document_number",
    "document_type",
    "status",
    "reported_on",
];

/// Where the document-alert columns are in a file, and the source of rows that name none.
pub struct DocumentColumns {
    state: usize,
    number: usize,
    kind: usize,
    status: usize,
    reported_on: usize,
    source: Option<usize>,
    reason: Option<usize>,
    default_source: String,
}

impl DocumentColumns {
    /// The columns of the header, or the required ones it lacks.
    pub fn of(headers: &csv::StringRecord, default_source: &str) -> Result<Self, String> {
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| col(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "header lacks the column(s): {}",
                missing.join(", ")
            ));
        }
        let idx = |name: &str| col(name).unwrap_or(usize::MAX);
        Ok(DocumentColumns {
            state: idx("issuing_state"),
            number: idx("document_number"),
            kind: idx("document_type"),
            status: idx("status"),
            reported_on: idx("reported_on"),
            source: col("source"),
            reason: col("reason"),
            default_source: default_source.to_string(),
        })
    }
}

impl RegisterRows for DocumentColumns {
    type Record = DocumentAlert;

    fn read(&self, record: &csv::StringRecord) -> Result<DocumentAlert, String> {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let mut problems = Vec::new();
        let state = field(self.state).to_ascii_uppercase();
        if state.is_empty() || state.len() > 3 || !state.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(format!("issuing_state '{state}' is not an ICAO code"));
        }
        let number = field(self.number);
        if limes_domain::document::normalize_document_number(number).is_empty() {
            problems.push("document_number is empty".to_string());
        } else if number.chars().count() > crate::limits::MAX_FIELD_CHARS {
            let max = crate::limits::MAX_FIELD_CHARS;
            problems.push(format!("document_number is longer than {max} characters"));
        }
        let doc_type = field(self.kind).to_ascii_uppercase();
        if doc_type.is_empty() || doc_type.len() > 2 {
            problems.push(format!(
                "document_type '{doc_type}' is not an ICAO document code"
            ));
        }
        let status = AlertStatus::parse(field(self.status));
        if status.is_none() {
            problems.push(format!(
                "status '{}' is not one of lost, stolen, revoked, invalidated, stolen_blank",
                field(self.status)
            ));
        }
        let date = NaiveDate::parse_from_str(field(self.reported_on), "%Y-%m-%d").ok();
        if date.is_none() {
            problems.push(format!(
                "reported_on '{}' is not a YYYY-MM-DD date",
                field(self.reported_on)
            ));
        }
        match (status, date) {
            (Some(status), Some(reported_on)) if problems.is_empty() => Ok(DocumentAlert {
                issuing_state: state,
                document_number: number.to_string(),
                document_type: doc_type,
                status,
                source: self
                    .source
                    .map(field)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&self.default_source)
                    .to_string(),
                reason: self.reason.map(field).unwrap_or("").to_string(),
                reported_on,
            }),
            _ => Err(problems.join("; ")),
        }
    }
}

/// The document-alert register's staging in the store.
pub struct DocumentAlertStaging<'a>(pub &'a dyn Store);

#[async_trait::async_trait]
impl RegisterStaging<DocumentAlert> for DocumentAlertStaging<'_> {
    fn name(&self) -> &'static str {
        "document-alert"
    }
    async fn stage(&self, import: &str, batch: Vec<StagedRow<DocumentAlert>>) -> StoreResult<()> {
        self.0.stage_document_alerts(import, batch).await
    }
    async fn commit(
        &self,
        import: &str,
        mode: ImportMode,
        audit: AuditEvent,
    ) -> StoreResult<ImportCommit> {
        self.0
            .commit_document_alert_import(import, mode, audit)
            .await
    }
    async fn discard(&self, import: &str) -> StoreResult<()> {
        self.0.discard_document_alert_import(import).await
    }
    async fn version(&self) -> StoreResult<i64> {
        self.0.document_register_version().await
    }
}

/// Import the document-alert register (or a change file of it) from CSV read as a stream, all or nothing;
/// rows without a source get `default_source`. The audit entry's detail says what changed.
#[tracing::instrument(skip_all, fields(kind = ?kind, source = source))]
pub async fn import_document_register<R: std::io::Read + Send>(
    store: &dyn Store,
    mut audit: AuditEvent,
    reader: R,
    kind: FileKind,
    source: &str,
    progress: &ImportProgress,
) -> Result<ImportCommit, RegisterImportError> {
    audit.subject = Some("register:document_alerts".into());
    audit.detail = format!(
        "from {source}{}",
        match kind {
            FileKind::Whole { replace: true } => ", replacing the register",
            FileKind::Whole { replace: false } => "",
            FileKind::Changes => ", a change file",
        }
    );
    super::import_streamed(
        &DocumentAlertStaging(store),
        |headers| DocumentColumns::of(headers, "national"),
        reader,
        kind,
        audit,
        progress,
    )
    .await
}
