//! The goods pages: the declarations list and detail (items, parties, lane and reasons, each agency's decision,
//! history) with the agency's decision form, the inspection queue and the result form.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, State};
use axum::{Extension, Form};
use limes_app::goods::decisions::{self, DeclarationDetail};
use limes_app::goods::inspections::{self, QueueEntry, ResultForm};
use limes_domain::goods::Party;
use limes_domain::goods_flow::{trader_answer, Verdict};
use limes_domain::Role;
use limes_store::{Inspection, StoredDeclaration};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "goods/declarations.html")]
struct DeclarationsPage {
    layout: Layout,
    rows: Vec<StoredDeclaration>,
}

pub async fn declarations_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let rows = decisions::declarations(&st, who.actor(), None, 200)
        .await
        .map_err(with(&who))?;
    Ok(render(&DeclarationsPage {
        layout: Layout::new(&st, Some(&who), "Declarations", "/goods/declarations"),
        rows,
    }))
}

/// A party in one line.
fn party_line(role: &str, p: &Option<Party>) -> Option<(String, String)> {
    let p = p.as_ref()?;
    let text = [p.id.as_deref(), p.name.as_deref(), p.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    Some((role.to_string(), text))
}

#[derive(Template)]
#[template(path = "goods/declaration.html")]
struct DeclarationPage {
    layout: Layout,
    d: StoredDeclaration,
    detail: DeclarationDetail,
    answer: String,
    parties: Vec<(String, String)>,
    /// The agency the signed-in officer decides for, when that agency still has to decide.
    deciding: Option<String>,
}

pub async fn declaration_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let view = decisions::declaration(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    let Some(detail) = view.detail else {
        return Err(with(&who)(crate::error::AppError::NotFound(format!(
            "declaration {id}"
        ))));
    };
    let d = detail.declaration.clone();
    let parties = [
        ("declarant", &d.declaration.declarant),
        ("exporter", &d.declaration.exporter),
        ("importer", &d.declaration.importer),
        ("consignor", &d.declaration.consignor),
        ("consignee", &d.declaration.consignee),
        ("carrier", &d.declaration.carrier),
    ]
    .into_iter()
    .filter_map(|(role, p)| party_line(role, p))
    .collect();
    let deciding = decisions::deciding_agency(&st, who.actor())
        .ok()
        .filter(|a| {
            d.agencies
                .iter()
                .any(|x| &x.agency == a && matches!(x.verdict, Verdict::Pending | Verdict::Held))
        })
        .filter(|_| matches!(who.user.role, Role::CustomsOfficer | Role::AgencyOfficer));
    Ok(render(&DeclarationPage {
        layout: Layout::new(&st, Some(&who), "Declaration", "/goods/declarations"),
        answer: trader_answer(d.status, &d.agencies),
        parties,
        deciding,
        d,
        detail,
    }))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    verdict: String,
    #[serde(default)]
    reason: Option<String>,
}

pub async fn decision_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let verdict = Verdict::parse(&f.verdict)
        .filter(|v| *v != Verdict::Pending)
        .ok_or_else(|| {
            with(&who)(crate::error::AppError::invalid(
                "verdict",
                "release, hold or refuse",
            ))
        })?;
    decisions::decide(&st, who.actor(), &id, verdict, f.reason.as_deref())
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "/goods/declarations/{}",
        urlencoded(&id)
    )))
}

fn urlencoded(s: &str) -> String {
    serde_urlencoded::to_string([("p", s)])
        .map(|e| e.trim_start_matches("p=").to_string())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "goods/queue.html")]
struct QueuePage {
    layout: Layout,
    rows: Vec<QueueEntry>,
}

pub async fn queue_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let rows = inspections::queue(&st, who.actor(), None)
        .await
        .map_err(with(&who))?;
    Ok(render(&QueuePage {
        layout: Layout::new(&st, Some(&who), "Inspections", "/goods/inspections"),
        rows,
    }))
}

#[derive(Template)]
#[template(path = "goods/inspection.html")]
struct InspectionPage {
    layout: Layout,
    i: Inspection,
    entry: QueueEntry,
    can_record: bool,
    seizure_link: Option<String>,
    /// The seizure opened from this inspection's find, if any.
    seizure_id: Option<String>,
}

pub async fn inspection_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let (i, d) = inspections::inspection(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    let seizure_link = i
        .result
        .as_ref()
        .filter(|r| r.found)
        .map(|_| format!("{}{}", limes_app::goods::SEIZURE_FROM_INSPECTION, i.id));
    let seizure_id = limes_app::seizures::of_inspection(&st, &i.id)
        .await
        .map_err(with(&who))?;
    Ok(render(&InspectionPage {
        seizure_id,
        layout: Layout::new(&st, Some(&who), "Inspection", "/goods/inspections"),
        can_record: who.user.role == Role::CustomsOfficer && i.result.is_none(),
        entry: QueueEntry::of(i.clone(), &d),
        seizure_link,
        i,
    }))
}

#[derive(Deserialize)]
pub struct ResultFormFields {
    found: String,
    #[serde(default)]
    what: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    seals: Option<String>,
}

pub async fn result_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<ResultFormFields>,
) -> PageResult {
    let form = ResultForm {
        found: f.found == "yes",
        what: f.what,
        location: f.location,
        note: f.note,
        seals_intact: match f.seals.as_deref() {
            Some("intact") => Some(true),
            Some("broken") => Some(false),
            _ => None,
        },
    };
    inspections::record_result(&st, who.actor(), &id, form)
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "/goods/inspections/{}",
        urlencoded(&id)
    )))
}
