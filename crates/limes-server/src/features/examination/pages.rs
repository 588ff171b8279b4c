//! The examination page: the crossing in short (with the first line's note), the examinations so far, and the
//! form to record one. A refused form comes back with the error and what was typed.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult, PurposePage};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use limes_app::{crossings, examination};
use limes_domain::examination::{
    DocumentExamined, DocumentFinding, Examination, ExaminationDetails, ExaminationMethod,
    ExaminationOutcome,
};
use limes_domain::RefusalReason;
use limes_store::Crossing;
use serde::Deserialize;

/// Rows for documents on the form.
const DOCUMENT_ROWS: usize = 3;

#[derive(Debug, Clone, Default)]
struct DocumentRow {
    document: String,
    methods: Vec<String>,
    finding: String,
}

/// What the form shows: empty, or what was typed when it was refused.
#[derive(Debug, Clone)]
struct ExamForm {
    interview_notes: String,
    documents: Vec<DocumentRow>,
    outcome: String,
    refusal_reasons: Vec<String>,
    police_unit: String,
    police_officer: String,
    further_checks: String,
    minutes_spent: String,
}

impl Default for ExamForm {
    fn default() -> Self {
        ExamForm {
            interview_notes: String::new(),
            documents: vec![DocumentRow::default(); DOCUMENT_ROWS],
            outcome: String::new(),
            refusal_reasons: Vec::new(),
            police_unit: String::new(),
            police_officer: String::new(),
            further_checks: String::new(),
            minutes_spent: String::new(),
        }
    }
}

impl ExamForm {
    fn from_fields(fields: &[(String, String)]) -> ExamForm {
        let one = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |name: &str| -> Vec<String> {
            fields
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        ExamForm {
            interview_notes: one("interview_notes"),
            documents: (0..DOCUMENT_ROWS)
                .map(|i| DocumentRow {
                    document: one(&format!("doc{i}_document")),
                    methods: all(&format!("doc{i}_method")),
                    finding: one(&format!("doc{i}_finding")),
                })
                .collect(),
            outcome: one("outcome"),
            refusal_reasons: all("refusal_reasons"),
            police_unit: one("police_unit"),
            police_officer: one("police_officer"),
            further_checks: one("further_checks"),
            minutes_spent: one("minutes_spent"),
        }
    }

    /// The record the form describes, or the field that cannot be read.
    fn details(&self) -> Result<ExaminationDetails, AppError> {
        let outcome = ExaminationOutcome::parse(&self.outcome)
            .ok_or_else(|| AppError::invalid("outcome", "choose the outcome"))?;
        let minutes_spent = self
            .minutes_spent
            .trim()
            .parse::<u32>()
            .map_err(|_| AppError::invalid("minutes_spent", "between 1 and 1440 minutes"))?;
        let mut documents = Vec::new();
        for row in self
            .documents
            .iter()
            .filter(|r| !r.document.trim().is_empty())
        {
            documents.push(DocumentExamined {
                document: row.document.clone(),
                methods: row
                    .methods
                    .iter()
                    .filter_map(|m| ExaminationMethod::parse(m))
                    .collect(),
                finding: DocumentFinding::parse(&row.finding).ok_or_else(|| {
                    AppError::invalid("documents", "choose what the examination found")
                })?,
            });
        }
        let text = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        Ok(ExaminationDetails {
            interview_notes: self.interview_notes.clone(),
            documents,
            outcome,
            refusal_reasons: self.refusal_reasons.clone(),
            police_unit: text(&self.police_unit),
            police_officer: text(&self.police_officer),
            further_checks: text(&self.further_checks),
            minutes_spent,
        })
    }
}

#[derive(Template)]
#[template(path = "examination/examination.html")]
struct ExaminationPage {
    layout: Layout,
    c: Crossing,
    purpose: String,
    examinations: Vec<Examination>,
    reasons: Vec<RefusalReason>,
    outcomes: Vec<&'static str>,
    methods: Vec<&'static str>,
    findings: Vec<&'static str>,
    /// Whether the traveller went to second line (else the form is not offered).
    referred: bool,
    error: Option<String>,
    form: ExamForm,
}

impl ExaminationPage {
    fn method_chosen(&self, row: &DocumentRow, method: &str) -> bool {
        row.methods.iter().any(|m| m == method)
    }
    fn reason_chosen(&self, code: &str) -> bool {
        self.form.refusal_reasons.iter().any(|r| r == code)
    }
}

#[derive(Deserialize)]
pub struct PurposeParam {
    purpose: Option<String>,
}

/// The purpose stated for viewing the traveller, or the page asking for it.
fn stated(purpose: Option<&str>) -> Option<String> {
    purpose
        .map(str::trim)
        .filter(|p| p.len() >= 3)
        .map(str::to_string)
}

async fn page(
    st: &AppState,
    who: &Principal,
    id: &str,
    purpose: &str,
    refused: Option<(String, ExamForm)>,
) -> PageResult {
    let c = crossings::view_crossing(st, who.actor(), id, purpose)
        .await
        .map_err(with(who))?;
    let examinations = examination::examinations_of_viewed(st, &c)
        .await
        .map_err(with(who))?;
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (error, form) = refused.map_or((None, ExamForm::default()), |(e, f)| (Some(e), f));
    let mut res = render(&ExaminationPage {
        layout: Layout::new(st, Some(who), "Examination", ""),
        reasons: limes_domain::decision::reasons_for(c.check.direction, &st.config.refusal_reasons),
        referred: examination::was_referred(&c),
        c,
        purpose: purpose.to_string(),
        examinations,
        outcomes: ExaminationOutcome::ALL
            .map(ExaminationOutcome::as_str)
            .to_vec(),
        methods: ExaminationMethod::ALL
            .map(ExaminationMethod::as_str)
            .to_vec(),
        findings: DocumentFinding::ALL.map(DocumentFinding::as_str).to_vec(),
        error,
        form,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub async fn examination_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeParam>,
) -> PageResult {
    let Some(purpose) = stated(q.purpose.as_deref()) else {
        return Ok(render(&PurposePage {
            layout: Layout::new(&st, Some(&who), "Purpose of access", ""),
            action: format!("/crossings/{id}/examination"),
        }));
    };
    page(&st, &who, &id, &purpose, None).await
}

pub async fn examination_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let form = ExamForm::from_fields(&fields);
    let purpose = stated(
        fields
            .iter()
            .find(|(k, _)| k == "purpose")
            .map(|(_, v)| v.as_str()),
    )
    .unwrap_or_else(|| "second-line examination".to_string());
    let recorded = match form.details() {
        Ok(details) => examination::record_examination(&st, who.actor(), &id, details)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match recorded {
        Ok(_) => Ok(Redirect::to(&format!(
            "/crossings/{id}?purpose={}#examinations",
            crate::auth::urlencode(&purpose)
        ))
        .into_response()),
        // Refusals of who may do it, or of the crossing, are pages of their own; the form's own errors come back
        // in the form.
        Err(e @ (AppError::Invalid { .. } | AppError::BadRequest(_))) => {
            let body = e.body();
            let msg = match &body.field {
                Some(f) => format!(
                    "{}: {}",
                    limes_i18n::tr(
                        who.language,
                        "admin-error-field",
                        &[("field", f.clone().into())]
                    ),
                    body.message.trim_start_matches(&format!("{f}: "))
                ),
                None => body.message,
            };
            page(&st, &who, &id, &purpose, Some((msg, form))).await
        }
        Err(e) => Err(with(&who)(e)),
    }
}
