//! The pages of the border check: the check, a crossing and its decision, second line, the history.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult, PurposePage};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use limes_app::check::{run_check, CheckRequest, CheckResponse, ManualDocument, WatchlistHit};
use limes_app::check_workflow;
use limes_app::crossings::{self, DecisionRequest};
use limes_domain::crossing::OVERRIDE_REASON_CODES;
use limes_domain::{Bcp, Direction, HitGravity, Outcome, Role};
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
    /// The direction as the officer last chose it at this desk (kept across checks).
    direction: Direction,
}

#[derive(Deserialize)]
pub struct CheckPageQuery {
    done: Option<String>,
    /// The direction to preselect when no check was just done (after an abandoned check).
    direction: Option<String>,
}

pub async fn check_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<CheckPageQuery>,
) -> PageResult {
    let bcps = my_bcps(&st, &who).await.map_err(with(&who))?;
    let last = match q.done {
        Some(id) => st
            .store
            .crossing(&id)
            .await
            .map_err(with(&who))?
            .filter(|c| {
                c.check.officer == who.user.username
                    || c.decided_by.as_deref() == Some(&who.user.username)
            }),
        None => None,
    };
    let direction = last
        .as_ref()
        .map(|c| c.check.direction)
        .or_else(|| q.direction.as_deref().and_then(Direction::parse))
        .unwrap_or(Direction::Entry);
    let done = last.map(|c| {
        let label = if c.status == CrossingStatus::PendingOverride {
            "pending_override".to_string()
        } else {
            c.outcome
                .or(c.first_outcome)
                .map(|o| o.label())
                .unwrap_or(c.status.as_str())
                .to_string()
        };
        (c.check.document.full_name(), label)
    });
    Ok(render(&CheckPage {
        layout: Layout::new(&st, Some(&who), "Border check", "/check"),
        bcps,
        done,
        error: None,
        mrz: String::new(),
        direction,
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
                direction,
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
    /// The refusal reasons for this direction (at exit: the grounds to stop an exit).
    reasons: Vec<limes_domain::RefusalReason>,
    hits: Vec<(WatchlistHit, super::hit_reading::HitReading)>,
    /// The name as typed with its hidden characters made visible, and what is odd about how it is written
    /// (in the page's language), when something is.
    written: Option<(String, Vec<String>)>,
    /// The decisions offered for this traveller and direction.
    offered: Vec<Outcome>,
    /// The open hits an admission overrides.
    gravity: HitGravity,
    override_codes: Vec<&'static str>,
    /// A second person may confirm the admission on override.
    can_confirm: bool,
    can_abandon: bool,
    /// The button the focus lands on after the verdict.
    default_action: &'static str,
    /// The second line's examinations of this traveller, and whether this user may record one.
    examinations: Vec<limes_domain::examination::Examination>,
    can_examine: bool,
}

impl CrossingPage {
    fn offers(&self, outcome: &str) -> bool {
        self.offered.iter().any(|o| o.as_str() == outcome)
    }
    fn exit(&self) -> bool {
        self.c.check.direction == Direction::Exit
    }
    fn hit_open(&self) -> bool {
        self.gravity != HitGravity::None
    }
    fn hit_critical(&self) -> bool {
        self.gravity == HitGravity::Critical
    }
}

/// The traveller's name as written, hidden characters shown (`⟨U+200B⟩`), with the findings about it.
fn name_as_written(layout: &Layout, c: &Crossing) -> Option<(String, Vec<String>)> {
    use limes_screen::sanitize::{make_visible, sanitize};
    let d = &c.check.document;
    let findings: Vec<String> = [&d.surname, &d.given_names]
        .into_iter()
        .flat_map(|field| sanitize(field).report.findings())
        .map(|f| limes_app::name_writing::finding_text(layout.lang, &f))
        .collect();
    if findings.is_empty() {
        return None;
    }
    Some((
        format!(
            "{}, {}",
            make_visible(&d.surname),
            make_visible(&d.given_names)
        ),
        findings,
    ))
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
    let second_line = matches!(who.user.role, Role::SecondLineOfficer | Role::Supervisor);
    let can_decide = match c.status {
        CrossingStatus::Pending => second_line || who.user.role == Role::FirstLineOfficer,
        CrossingStatus::Referred | CrossingStatus::PendingOverride => second_line,
        CrossingStatus::Decided | CrossingStatus::Abandoned | CrossingStatus::Superseded => false,
    };
    let can_confirm = c.status == CrossingStatus::PendingOverride
        && second_line
        && c.admission_override
            .as_ref()
            .is_some_and(|o| o.by != who.user.username);
    let can_abandon = c.status == CrossingStatus::Pending
        && (c.check.officer == who.user.username || who.user.role == Role::Supervisor);
    let gravity = check_workflow::crossing_gravity(&c);
    let (offered, reasons) = check_workflow::offered(&st, &c);
    let default_action = match c.status {
        CrossingStatus::PendingOverride if can_confirm => "confirm",
        _ if gravity != HitGravity::None && offered.contains(&Outcome::ReferredSecondLine) => {
            "refer"
        }
        _ if gravity != HitGravity::None => "refuse",
        _ => "admit",
    };
    let hits = r
        .as_ref()
        .map(|r| {
            r.watchlist_hits
                .iter()
                .map(|h| (h.clone(), super::hit_reading::read(h)))
                .collect()
        })
        .unwrap_or_default();
    let layout = Layout::new(&st, Some(&who), "Check result", "");
    let written = name_as_written(&layout, &c);
    let examinations = limes_app::examination::examinations_of_viewed(&st, &c)
        .await
        .map_err(with(&who))?;
    let can_examine = second_line && limes_app::examination::was_referred(&c);
    Ok(render(&CrossingPage {
        layout,
        written,
        c,
        r,
        can_decide,
        reasons,
        hits,
        offered,
        gravity,
        override_codes: OVERRIDE_REASON_CODES.to_vec(),
        can_confirm,
        can_abandon,
        default_action,
        examinations,
        can_examine,
    }))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    outcome: String,
    refusal_reason: Option<String>,
    note: Option<String>,
    override_code: Option<String>,
    override_reason: Option<String>,
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
            override_code: f.override_code.filter(|c| !c.trim().is_empty()),
            override_reason: f.override_reason.filter(|r| !r.trim().is_empty()),
        },
    )
    .await
    .map_err(with(&who))?;
    let decided_by_second_line = c.first_outcome == Some(Outcome::ReferredSecondLine)
        || c.admission_override
            .as_ref()
            .is_some_and(|o| o.confirmed_by.is_some() || o.by != who.user.username);
    let target = if decided_by_second_line && c.status == CrossingStatus::Decided {
        "/second-line".to_string()
    } else {
        format!("/check?done={}", c.id)
    };
    Ok(Redirect::to(&target).into_response())
}

/// Abandon a check without a decision: back to the check, the direction kept.
pub async fn abandon_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let c = check_workflow::abandon_check(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    Ok(Redirect::to(&format!("/check?direction={}", c.check.direction.as_str())).into_response())
}

// --- second line, history -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "check/second_line.html")]
struct SecondLinePage {
    layout: Layout,
    /// Each waiting traveller with the minutes waited and the outcome of the latest examination, if any.
    queue: Vec<(Crossing, i64, Option<&'static str>)>,
}

pub async fn second_line_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let queue = crossings::second_line_queue(&st, who.actor(), None)
        .await
        .map_err(with(&who))?;
    let mut rows = Vec::with_capacity(queue.len());
    for c in queue {
        let waited = check_workflow::waiting_minutes(&st, &c);
        let examined = limes_app::examination::examinations_of_viewed(&st, &c)
            .await
            .map_err(with(&who))?
            .last()
            .map(|x| x.details.outcome.as_str());
        rows.push((c, waited, examined));
    }
    let queue = rows;
    Ok(render(&SecondLinePage {
        layout: Layout::new(&st, Some(&who), "Second line", "/second-line"),
        queue,
    }))
}
