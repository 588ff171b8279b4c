//! The auditor's page: the chain's verification against its signed checkpoints, the entries filtered by date
//! range, user, event and subject, 200 a page, and their CSV export. Each read and export is audited.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;
use chrono::{Duration, NaiveDate};
use limes_app::audit::{self, AuditVerifyResult};
use limes_store::AuditFilter;
use serde::Deserialize;

/// Entries on one page.
const PAGE: usize = 200;

/// The filter as the form sends it; empty fields match everything.
#[derive(Debug, Default, Deserialize)]
pub struct AuditForm {
    /// First day, YYYY-MM-DD (UTC).
    #[serde(default)]
    pub from: String,
    /// Last day, YYYY-MM-DD (UTC), included.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub purpose: String,
    /// The next page: entries before this one.
    pub before: Option<i64>,
}

fn text(v: &str) -> Option<String> {
    Some(v.trim().to_string()).filter(|v| !v.is_empty())
}

fn day(v: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

impl AuditForm {
    fn filter(&self, limit: usize) -> AuditFilter {
        AuditFilter {
            from: day(&self.from),
            to: day(&self.to).map(|t| t + Duration::days(1)),
            actor: text(&self.user),
            action: text(&self.event),
            subject: text(&self.subject),
            before_seq: self.before,
            limit,
        }
    }

    /// The filter as a query string (without the page), for the next page's and the export's links.
    fn query(&self) -> String {
        let pairs = [
            ("from", &self.from),
            ("to", &self.to),
            ("user", &self.user),
            ("event", &self.event),
            ("subject", &self.subject),
            ("purpose", &self.purpose),
        ];
        serde_urlencoded::to_string(
            pairs
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    layout: Layout,
    form: AuditForm,
    entries: Vec<limes_domain::AuditEntry>,
    verified: AuditVerifyResult,
    /// The link to the next page, when this one is full.
    next: Option<String>,
    export: String,
}

pub async fn audit_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<AuditForm>,
) -> PageResult {
    let e = |e: limes_app::audit::AuditError| with(&who)(e);
    let purpose = text(&form.purpose);
    let verified = audit::verify(&st, who.actor(), purpose.as_deref())
        .await
        .map_err(e)?;
    let entries = audit::search(&st, who.actor(), form.filter(PAGE), purpose.as_deref())
        .await
        .map_err(e)?;
    let query = form.query();
    let next = match entries.last() {
        Some(last) if entries.len() == PAGE => Some(format!(
            "/audit?{query}{}before={}",
            if query.is_empty() { "" } else { "&" },
            last.seq
        )),
        _ => None,
    };
    Ok(render(&AuditPage {
        layout: Layout::new(&st, Some(&who), "Audit trail", "/audit"),
        export: format!("/audit/export.csv?{query}"),
        form,
        entries,
        verified,
        next,
    }))
}

/// Every entry the filter matches, as CSV; the export is audited (`audit.export`).
pub async fn audit_export(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<AuditForm>,
) -> PageResult {
    let purpose = text(&form.purpose);
    let csv = audit::export_csv(&st, who.actor(), form.filter(PAGE), purpose.as_deref())
        .await
        .map_err(with(&who))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"limes-audit.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
