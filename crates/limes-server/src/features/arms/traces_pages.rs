//! The trace requests page: every request with its state today (overdue ones in red), the actions its state
//! allows, and the form that raises a request for a weapon the officer describes (or, from the look-up page, for
//! a register hit).
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use chrono::NaiveDate;
use limes_app::firearms::{create_trace, list_traces, NewTraceRequest, TraceView};
use limes_domain::firearm::{FirearmType, TraceAction, TraceAddressee, WeaponDescription};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "arms/traces.html")]
struct TracesPage {
    layout: Layout,
    traces: Vec<TraceView>,
    types: Vec<&'static str>,
}

impl TracesPage {
    fn state_class(&self, t: &TraceView) -> &'static str {
        match t.state.as_str() {
            "overdue" => "red",
            "answered" => "green",
            "draft" => "muted",
            _ => "amber",
        }
    }
}

pub async fn traces_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let traces = list_traces(&st).await.map_err(with(&who))?;
    Ok(render(&TracesPage {
        layout: Layout::new(&st, Some(&who), "Trace requests", "/arms/traces"),
        traces,
        types: FirearmType::ALL.iter().map(|t| t.as_str()).collect(),
    }))
}

/// A new trace request as the forms post it: from a register hit (`record_id`) or a described weapon.
#[derive(Deserialize, Default)]
pub struct NewTraceForm {
    #[serde(default)]
    pub record_id: String,
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub calibre: String,
    #[serde(default)]
    pub firearm_type: String,
    #[serde(default)]
    pub country_of_manufacture: String,
    #[serde(default)]
    pub country_of_last_import: String,
    #[serde(default)]
    pub markings: String,
    #[serde(default)]
    pub circumstances: String,
    #[serde(default)]
    pub reference: String,
    /// "manufacture" or "last_import".
    #[serde(default)]
    pub addressee: String,
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn submit_new_trace(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<NewTraceForm>,
) -> PageResult {
    let req = NewTraceRequest {
        record_id: some(&f.record_id),
        weapon: WeaponDescription {
            serial: f.serial,
            make: f.make,
            model: f.model,
            calibre: f.calibre,
            firearm_type: FirearmType::parse(&f.firearm_type),
            country_of_manufacture: some(&f.country_of_manufacture),
            country_of_last_import: some(&f.country_of_last_import),
            markings: f.markings,
        },
        circumstances: f.circumstances,
        reference: f.reference,
        country_asked: None,
        addressee: Some(if f.addressee == "last_import" {
            TraceAddressee::LastImport
        } else {
            TraceAddressee::Manufacture
        }),
        requesting_authority: None,
    };
    create_trace(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    Ok(Redirect::to("/arms/traces").into_response())
}

/// An action on a trace request as the list's forms post it.
#[derive(Deserialize, Default)]
pub struct TraceActionForm {
    /// send, acknowledge or answer.
    pub action: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub answer: String,
}

pub async fn submit_trace_action(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<TraceActionForm>,
) -> PageResult {
    let action = match f.action.as_str() {
        "send" => TraceAction::Send {
            due_on: NaiveDate::parse_from_str(f.due_on.trim(), "%Y-%m-%d").ok(),
        },
        "acknowledge" => TraceAction::Acknowledge,
        _ => TraceAction::Answer { answer: f.answer },
    };
    limes_app::firearms::change_trace(&st, who.actor(), &id, action)
        .await
        .map_err(with(&who))?;
    Ok(Redirect::to("/arms/traces").into_response())
}
