//! The pages of the border check: the check, a crossing and its decision, second line, the history.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{explain_text, render, with, Layout, PageResult, PurposePage};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use limes_app::check::{run_check, CheckRequest, CheckResponse, ManualDocument, WatchlistHit};
use limes_app::crossings::{self, DecisionRequest};
use limes_domain::{Bcp, Direction, Outcome, Role};
use limes_store::{Crossing, CrossingStatus};
use serde::Deserialize;

// --- the check ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "check/check.html")]
struct CheckPage {
    layout: Layout,
    bcps: Vec<Bcp>,
    done: Option<(String, String)>,
    error: Option<String>,
    mrz: String,
}

#[derive(Deserialize)]
pub struct CheckPageQuery {
    done: Option<String>,
}

pub async fn check_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CheckPageQuery>,
) -> PageResult {
    let bcps = my_bcps(&st, &who).await.map_err(with(&who))?;
    let done = match q.done {
        Some(id) => st
            .store
            .crossing(&id)
            .await
            .map_err(with(&who))?
            .filter(|c| {
                c.check.officer == who.user.username
                    || c.decided_by.as_deref() == Some(&who.user.username)
            })
            .map(|c| {
                (
                    c.check.document.full_name(),
                    c.outcome
                        .or(c.first_outcome)
                        .map(|o| o.label())
                        .unwrap_or("")
                        .to_string(),
                )
            }),
        None => None,
    };
    Ok(render(&CheckPage {
        layout: Layout::new(&st, Some(&who), "Border check", "/check"),
        bcps,
        done,
        error: None,
        mrz: String::new(),
    }))
}

async fn my_bcps(st: &AppState, who: &Principal) -> Result<Vec<Bcp>, AppError> {
    Ok(st
        .store
        .bcps()
        .await?
        .into_iter()
        .filter(|b| b.active && who.user.may_use_bcp(&b.code))
        .collect())
}

#[derive(Deserialize, Default)]
pub struct CheckForm {
    #[serde(default)]
    mrz: String,
    direction: String,
    bcp: Option<String>,
    #[serde(default)]
    document_code: String,
    #[serde(default)]
    issuing_state: String,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    given_names: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    expiry_date: String,
}

pub async fn check_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<CheckForm>,
) -> PageResult {
    let direction = Direction::parse(&f.direction)
        .ok_or_else(|| with(&who)(AppError::invalid("direction", "choose entry or exit")))?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let req = if f.mrz.trim().is_empty() {
        CheckRequest {
            mrz: None,
            document: Some(ManualDocument {
                document_code: f.document_code.clone(),
                issuing_state: f.issuing_state.clone(),
                document_number: f.document_number.clone(),
                surname: f.surname.clone(),
                given_names: f.given_names.clone(),
                nationality: f.nationality.clone(),
                birth_date: opt(&f.birth_date),
                sex: opt(&f.sex),
                expiry_date: opt(&f.expiry_date),
            }),
            bcp: f.bcp.clone().filter(|b| !b.is_empty()),
            direction,
        }
    } else {
        CheckRequest {
            mrz: Some(f.mrz.clone()),
            document: None,
            bcp: f.bcp.clone().filter(|b| !b.is_empty()),
            direction,
        }
    };
    match run_check(&st, who.actor(), req)
        .await
        .map_err(AppError::from)
    {
        Ok(r) => Ok(Redirect::to(&format!(
            "/crossings/{}?purpose=border+check",
            r.crossing_id
        ))
        .into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::BadRequest(_))) => {
            // Keep what the officer scanned so a typo can be fixed in place.
            let bcps = my_bcps(&st, &who).await.map_err(with(&who))?;
            let mut res = render(&CheckPage {
                layout: Layout::new(&st, Some(&who), "Border check", "/check"),
                bcps,
                done: None,
                error: Some(e.to_string()),
                mrz: f.mrz,
            });
            *res.status_mut() = e.status();
            Ok(res)
        }
        Err(e) => Err(with(&who)(e)),
    }
}

// --- a crossing (check result, decision) ---------------------------------------------------------

#[derive(Template)]
#[template(path = "check/crossing.html")]
struct CrossingPage {
    layout: Layout,
    c: Crossing,
    r: Option<CheckResponse>,
    can_decide: bool,
    reasons: Vec<limes_domain::RefusalReason>,
    hits: Vec<(WatchlistHit, String)>,
}

#[derive(Deserialize)]
pub struct PurposeParam {
    purpose: Option<String>,
}

pub async fn crossing_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeParam>,
) -> PageResult {
    let Some(purpose) = q.purpose.as_deref().map(str::trim).filter(|p| p.len() >= 3) else {
        // Viewing a person's data needs a stated purpose: ask for it.
        return Ok(render(&PurposePage {
            layout: Layout::new(&st, Some(&who), "Purpose of access", ""),
            action: format!("/crossings/{id}"),
        }));
    };
    let c = crossings::view_crossing(&st, who.actor(), &id, purpose)
        .await
        .map_err(with(&who))?;
    let r: Option<CheckResponse> = serde_json::from_str(&c.check.result_json).ok();
    let can_decide = match c.status {
        CrossingStatus::Pending => matches!(
            who.user.role,
            Role::FirstLineOfficer | Role::SecondLineOfficer | Role::Supervisor
        ),
        CrossingStatus::Referred => {
            matches!(who.user.role, Role::SecondLineOfficer | Role::Supervisor)
        }
        CrossingStatus::Decided => false,
    };
    let hits = r
        .as_ref()
        .map(|r| {
            r.watchlist_hits
                .iter()
                .map(|h| (h.clone(), explain_text(&h.explain)))
                .collect()
        })
        .unwrap_or_default();
    Ok(render(&CrossingPage {
        layout: Layout::new(&st, Some(&who), "Check result", ""),
        c,
        r,
        can_decide,
        reasons: st.config.refusal_reasons.clone(),
        hits,
    }))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    outcome: String,
    refusal_reason: Option<String>,
    note: Option<String>,
}

pub async fn decide_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let outcome = Outcome::parse(&f.outcome)
        .ok_or_else(|| with(&who)(AppError::invalid("outcome", "choose a decision")))?;
    let reason = f
        .refusal_reason
        .filter(|r| !r.trim().is_empty() && outcome == Outcome::Refused);
    let c = crossings::decide(
        &st,
        who.actor(),
        &id,
        DecisionRequest {
            outcome,
            refusal_reason: reason,
            note: f.note,
        },
    )
    .await
    .map_err(with(&who))?;
    let target = if c.first_outcome == Some(Outcome::ReferredSecondLine)
        && c.status == CrossingStatus::Decided
    {
        "/second-line".to_string()
    } else {
        format!("/check?done={}", c.id)
    };
    Ok(Redirect::to(&target).into_response())
}

// --- second line, history -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "check/second_line.html")]
struct SecondLinePage {
    layout: Layout,
    queue: Vec<Crossing>,
}

pub async fn second_line_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let queue = crossings::second_line_queue(&st, who.actor(), None)
        .await
        .map_err(with(&who))?;
    Ok(render(&SecondLinePage {
        layout: Layout::new(&st, Some(&who), "Second line", "/second-line"),
        queue,
    }))
}
