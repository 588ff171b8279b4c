//! The crossing history page (search with filters, a page at a time) and its CSV export. Use cases in
//! `limes_app::history`.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;
use limes_app::history::{self, HistoryQuery};
use limes_app::ErrorClass;
use limes_domain::Outcome;
use limes_store::Crossing;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "check/history.html")]
struct HistoryPage {
    layout: Layout,
    form: HistoryParams,
    /// The BCPs the user may filter on (empty for national roles: any code may be typed).
    bcps: Vec<String>,
    outcomes: Vec<&'static str>,
    results: Option<Vec<Crossing>>,
    page: usize,
    more: bool,
    error: Option<String>,
}

/// The form as it came, every field text (kept to fill the form again and to build the paging links).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct HistoryParams {
    #[serde(default)]
    search: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    bcp: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    purpose: String,
    page: Option<usize>,
}

impl HistoryParams {
    fn query(&self) -> HistoryQuery {
        HistoryQuery {
            search: Some(self.search.clone()),
            from: Some(self.from.clone()),
            to: Some(self.to.clone()),
            bcp: Some(self.bcp.clone()),
            outcome: Some(self.outcome.clone()),
            user: Some(self.user.clone()),
            page: self.page,
        }
    }

    /// The query string of these filters (without the page), for the paging and export links.
    pub fn link(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("search", &self.search),
            ("from", &self.from),
            ("to", &self.to),
            ("bcp", &self.bcp),
            ("outcome", &self.outcome),
            ("user", &self.user),
            ("purpose", &self.purpose),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.trim()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

pub async fn history_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<HistoryParams>,
) -> PageResult {
    let q = form.query();
    let purpose = form.purpose.trim().to_string();
    let mut page = HistoryPage {
        layout: Layout::new(&st, Some(&who), "Crossing history", "/history"),
        bcps: who.user.bcps.clone(),
        outcomes: Outcome::ALL.iter().map(|o| o.as_str()).collect(),
        form,
        results: None,
        page: q.page(),
        more: false,
        error: None,
    };
    if q.is_empty() {
        return Ok(render(&page));
    }
    if purpose.len() < 3 {
        page.error = Some(page.layout.t("history-purpose-needed"));
        return Ok(render(&page));
    }
    match history::search(&st, who.actor(), &q, purpose).await {
        Ok(found) => {
            page.results = Some(found.crossings);
            page.more = found.more;
            Ok(render(&page))
        }
        // A wrong filter is said in the form, not on an error page.
        Err(e)
            if matches!(
                limes_app::UseCaseError::class(&e),
                ErrorClass::Invalid { .. }
            ) =>
        {
            page.error = Some(e.to_string());
            Ok(render(&page))
        }
        Err(e) => Err(with(&who)(e)),
    }
}

/// The crossings the filters find, as CSV (audited as an export with its purpose).
pub async fn history_csv(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(form): Query<HistoryParams>,
) -> PageResult {
    let purpose = limes_app::crossings::require_purpose(Some(&form.purpose)).map_err(with(&who))?;
    let csv = history::export_csv(&st, who.actor(), &form.query(), purpose)
        .await
        .map_err(with(&who))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"crossings.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
