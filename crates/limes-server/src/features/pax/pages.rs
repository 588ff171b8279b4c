//! The pages of the passenger information unit: arrivals board, worklist, a flight, rules, the upload.
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{explain_text, read_upload, render, with, Layout, PageResult, PurposePage};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use limes_app::pax::flights::{self, ReviewRequest};
use limes_app::pax::intake;
use limes_app::pax::rules::{self, RuleError, RuleWithStats};
use limes_domain::Role;
use limes_store::{ApiHit, ApiTraveller, FlightDetail, FlightSummary, HitStatus};
use serde::Deserialize;

/// "UT101", or the carrier and number as sent; a coach or a ship without a trip number by its registration or
/// name ("CARRIER UT 123 AB").
fn designator(f: &limes_store::ApiFlight) -> String {
    if !f.flight_number.trim().is_empty() {
        return limes_store::flight_designator(&f.carrier, &f.flight_number);
    }
    let means = f
        .legs
        .first()
        .map(|l| [&l.registration, &l.vessel_name, &l.imo_number])
        .and_then(|ids| ids.into_iter().find(|s| !s.trim().is_empty()).cloned())
        .unwrap_or_default();
    format!("{} {means}", f.carrier).trim().to_string()
}

/// "ATH → IST → UTC": the first departure, each transit point, the last arrival.
fn route(f: &limes_store::ApiFlight) -> String {
    let mut stops: Vec<&str> = vec![f.departure_airport.as_str()];
    for leg in f.legs.iter().skip(1) {
        stops.push(leg.departure_airport.as_str());
    }
    stops.push(f.arrival_airport.as_str());
    stops.join(" → ")
}

fn time(t: &Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}

/// A flight summary made ready for a table row.
pub struct BoardRow {
    pub key: String,
    pub flight: String,
    pub route: String,
    pub departure: String,
    pub arrival: String,
    pub arrival_bcp: String,
    pub s: FlightSummary,
    /// red / amber / green for the row marker.
    pub colour: &'static str,
    pub severity: String,
}

fn board_row(s: FlightSummary) -> BoardRow {
    let f = &s.flight;
    let colour = match s.top_open_severity {
        Some(limes_store::Severity::Critical | limes_store::Severity::High) => "red",
        Some(_) => "amber",
        None => "green",
    };
    BoardRow {
        key: f.key.clone(),
        flight: designator(f),
        route: route(f),
        departure: time(&f.departure_time),
        arrival: time(&f.arrival_time),
        arrival_bcp: f.arrival_bcp.clone().unwrap_or_default(),
        severity: s
            .top_open_severity
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
        colour,
        s,
    }
}

#[derive(Template)]
#[template(path = "pax/board.html")]
struct BoardPage {
    layout: Layout,
    day: String,
    prev_day: String,
    next_day: String,
    rows: Vec<BoardRow>,
    can_open: bool,
    can_upload: bool,
    flash: Option<String>,
}

#[derive(Deserialize)]
pub struct BoardParams {
    date: Option<String>,
    done: Option<String>,
}

pub async fn board_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<BoardParams>,
) -> PageResult {
    let (day, flights) = flights::board(&st, who.actor(), q.date.as_deref())
        .await
        .map_err(with(&who))?;
    let role = who.user.role;
    Ok(render(&BoardPage {
        layout: Layout::new(&st, Some(&who), "Arrivals", "/pax"),
        day: day.to_string(),
        prev_day: day.pred_opt().map(|d| d.to_string()).unwrap_or_default(),
        next_day: day.succ_opt().map(|d| d.to_string()).unwrap_or_default(),
        rows: flights.into_iter().map(board_row).collect(),
        can_open: crate::routes::PIU.contains(&role),
        can_upload: crate::routes::API_SENDERS.contains(&role),
        flash: q.done,
    }))
}

#[derive(Template)]
#[template(path = "pax/worklist.html")]
struct WorklistPage {
    layout: Layout,
    rows: Vec<BoardRow>,
}

pub async fn worklist_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let flights = flights::worklist(&st, who.actor())
        .await
        .map_err(with(&who))?;
    Ok(render(&WorklistPage {
        layout: Layout::new(&st, Some(&who), "PIU worklist", "/pax/worklist"),
        rows: flights.into_iter().map(board_row).collect(),
    }))
}

/// A traveller with the hits on them, for the flight view.
pub struct TravellerRow {
    pub t: ApiTraveller,
    /// What was wrong in the traveller's segments (kept by intake in the details), each naming its segment.
    pub warnings: Vec<String>,
    pub hits: Vec<(ApiHit, String)>,
    pub documents: String,
    pub colour: &'static str,
}

#[derive(Template)]
#[template(path = "pax/flight.html")]
struct FlightPage {
    layout: Layout,
    d: FlightDetail,
    flight: String,
    route: String,
    purpose: String,
    /// Travellers with hits first (most serious first), then the rest of the manifest in order.
    flagged: Vec<TravellerRow>,
    others: Vec<TravellerRow>,
    can_review: bool,
}

#[derive(Deserialize)]
pub struct PurposeParams {
    purpose: Option<String>,
}

pub async fn flight_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(key): Path<String>,
    Query(q): Query<PurposeParams>,
) -> PageResult {
    let Some(purpose) = q.purpose.as_deref().map(str::trim).filter(|p| p.len() >= 3) else {
        return Ok(render(&PurposePage {
            layout: Layout::new(&st, Some(&who), "Purpose of access", ""),
            action: format!("/pax/flights/{key}"),
        }));
    };
    let d = flights::view_flight(&st, who.actor(), &key, purpose)
        .await
        .map_err(with(&who))?;
    let mut flagged = Vec::new();
    let mut others = Vec::new();
    for t in &d.travellers {
        let hits: Vec<(ApiHit, String)> = d
            .hits
            .iter()
            .filter(|h| h.traveller_id == t.id)
            .map(|h| (h.clone(), explain_text(&h.explain)))
            .collect();
        let open_top = hits
            .iter()
            .filter(|(h, _)| h.status == HitStatus::Open)
            .map(|(h, _)| h.severity)
            .max();
        let confirmed = hits.iter().any(|(h, _)| h.status == HitStatus::Confirmed);
        let colour = match (confirmed, open_top) {
            (true, _) => "red",
            (_, Some(limes_store::Severity::Critical | limes_store::Severity::High)) => "red",
            (_, Some(_)) => "amber",
            _ => "",
        };
        let warnings = t.details["warnings"]
            .as_array()
            .map(|ws| {
                ws.iter()
                    .filter_map(|w| w.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let row = TravellerRow {
            warnings,
            documents: t
                .documents
                .iter()
                .map(|doc| format!("{} {} ({})", doc.doc_type, doc.number, doc.issuing_state))
                .collect::<Vec<_>>()
                .join("; "),
            t: t.clone(),
            colour,
            hits,
        };
        if row.hits.is_empty() {
            others.push(row);
        } else {
            flagged.push(row);
        }
    }
    flagged.sort_by_key(|r| std::cmp::Reverse(r.hits.iter().map(|(h, _)| h.severity).max()));
    Ok(render(&FlightPage {
        layout: Layout::new(&st, Some(&who), "Flight", "/pax/worklist"),
        flight: designator(&d.flight),
        route: route(&d.flight),
        purpose: purpose.to_string(),
        can_review: crate::routes::PIU.contains(&who.user.role),
        flagged,
        others,
        d,
    }))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    status: String,
    reason: String,
    flight: String,
    purpose: String,
}

pub async fn review_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<ReviewForm>,
) -> PageResult {
    // The hidden fields go into the redirect: checked before the review is written.
    crate::redirect::header_safe("flight", &f.flight).map_err(with(&who))?;
    crate::redirect::header_safe("purpose", &f.purpose).map_err(with(&who))?;
    let status = HitStatus::parse(&f.status)
        .filter(|s| *s != HitStatus::Open)
        .ok_or_else(|| with(&who)(AppError::invalid("status", "confirm or dismiss the hit")))?;
    flights::review(
        &st,
        who.actor(),
        &id,
        ReviewRequest {
            status,
            reason: f.reason,
        },
    )
    .await
    .map_err(with(&who))?;
    let back = format!(
        "/pax/flights/{}?purpose={}",
        form_urlencoded(&f.flight),
        form_urlencoded(&f.purpose)
    );
    Ok(crate::redirect::see_other(&back))
}

fn form_urlencoded(s: &str) -> String {
    serde_urlencoded::to_string([("p", s)])
        .map(|e| e.trim_start_matches("p=").to_string())
        .unwrap_or_default()
}

pub async fn upload_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    mp: Multipart,
) -> PageResult {
    let (bytes, _) = read_upload(mp).await.map_err(with(&who))?;
    let report = intake(&st, who.actor(), &bytes, "upload")
        .await
        .map_err(with(&who))?;
    let rejected = report.messages.len() - report.accepted();
    let mut text = format!(
        "Interchange {} from {}: {} message(s) accepted, {} rejected",
        report.control_reference,
        report.sender,
        report.accepted(),
        rejected
    );
    if report.duplicate {
        text.push_str(" (already received: nothing stored again)");
    }
    for m in report.messages.iter().filter(|m| m.status == "rejected") {
        if let Some(e) = &m.error {
            text.push_str(&format!(
                "; message {}: {}",
                m.reference,
                e.get("message")
                    .and_then(|v| v.as_str())
                    .unwrap_or("rejected")
            ));
        }
    }
    let date = report
        .messages
        .iter()
        .filter_map(|m| m.flight_key.as_deref())
        // A flight key ends with the departure date.
        .filter_map(|k| k.get(k.len().saturating_sub(10)..))
        .find(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
        .unwrap_or("")
        .to_string();
    let target = format!(
        "/pax?date={}&done={}",
        form_urlencoded(&date),
        form_urlencoded(&text)
    );
    Ok(Redirect::to(&target).into_response())
}

#[derive(Template)]
#[template(path = "pax/rules.html")]
struct RulesPage {
    layout: Layout,
    rules: Vec<(RuleWithStats, String)>,
    draft: String,
    errors: Vec<String>,
    saved: Option<String>,
    can_edit: bool,
    fields: Vec<&'static str>,
}

const EXAMPLE_RULE: &str = r#"{
  "id": "young-men-alone-via-ist",
  "version": 1,
  "name": "Young men travelling alone via Istanbul",
  "description": "Indicator from the regional risk analysis.",
  "owner": "PIU duty analyst",
  "severity": "medium",
  "valid_from": "2026-01-01T00:00:00Z",
  "applies_to": "passengers",
  "condition": {"all": [
    {"transit": {"in": ["IST"]}},
    {"gender": {"in": ["M"]}},
    {"age": {"min": 18, "max": 30}},
    {"group_size": {"max": 1}}
  ]}
}"#;

async fn rules_page_with(
    st: &AppState,
    who: &Principal,
    draft: String,
    errors: Vec<String>,
    saved: Option<String>,
) -> PageResult {
    let rules = rules::rules_with_stats(st).await.map_err(with(who))?;
    let rules = rules
        .into_iter()
        .map(|r| {
            let json = serde_json::to_string_pretty(&r.rule.rule).unwrap_or_default();
            (r, json)
        })
        .collect();
    Ok(render(&RulesPage {
        layout: Layout::new(st, Some(who), "Targeting rules", "/pax/rules"),
        rules,
        draft,
        errors,
        saved,
        can_edit: who.user.role == Role::Analyst,
        fields: limes_rules::field_paths(),
    }))
}

#[derive(Deserialize)]
pub struct RulesParams {
    saved: Option<String>,
}

pub async fn rules_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<RulesParams>,
) -> PageResult {
    rules_page_with(&st, &who, EXAMPLE_RULE.to_string(), vec![], q.saved).await
}

#[derive(Deserialize)]
pub struct RuleForm {
    rule: String,
}

pub async fn rule_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<RuleForm>,
) -> PageResult {
    match rules::save_rule(&st, who.actor(), &f.rule).await {
        Ok(saved) => {
            let text = format!(
                "Rule {} version {} saved; it applies to the next message.",
                saved.id, saved.version
            );
            Ok(
                Redirect::to(&format!("/pax/rules?saved={}", form_urlencoded(&text)))
                    .into_response(),
            )
        }
        Err(e @ (RuleError::Invalid { .. } | RuleError::WrongVersion { .. })) => {
            let (details, message) = match &e {
                RuleError::Invalid {
                    details, message, ..
                } => (details.clone(), message.clone()),
                _ => (
                    None,
                    e.to_string()
                        .trim_start_matches("rule.version: ")
                        .to_string(),
                ),
            };
            // Show every problem with its place in the rule, and keep the analyst's text.
            let errors = details
                .as_ref()
                .and_then(|d| d.as_array())
                .map(|a| {
                    a.iter()
                        .map(|e| {
                            let path = e["path"].as_str().unwrap_or("");
                            let msg = e["message"].as_str().unwrap_or("");
                            if path.is_empty() {
                                msg.to_string()
                            } else {
                                format!("{path}: {msg}")
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| vec![message]);
            rules_page_with(&st, &who, f.rule, errors, None).await
        }
        Err(e) => Err(with(&who)(e)),
    }
}
