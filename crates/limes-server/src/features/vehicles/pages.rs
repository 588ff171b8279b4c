//! The land BCP officer's vehicle check page: the form, and the answer at a glance (verdict, VIN, register hits,
//! the plate's history at the BCP).
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::State;
use axum::{Extension, Form};
use limes_app::vehicles::{check_vehicle, VehicleCheckRequest, VehicleCheckResponse};
use limes_domain::vehicle::{CheckDigit, VehicleCategory};
use limes_domain::Direction;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "vehicles/vehicles.html")]
struct VehiclesPage {
    layout: Layout,
    categories: Vec<&'static str>,
    result: Option<VehicleCheckResponse>,
}

impl VehiclesPage {
    /// The catalogue key of the VIN's check-digit state.
    fn check_digit_key(&self) -> &'static str {
        match self
            .result
            .as_ref()
            .and_then(|r| r.vin.as_ref())
            .map(|v| v.check_digit)
        {
            Some(CheckDigit::Valid) => "vehicle-vin-check-valid",
            Some(CheckDigit::Wrong { .. }) => "vehicle-vin-check-wrong",
            _ => "vehicle-vin-check-not-checked",
        }
    }
}

/// The form as the page posts it.
#[derive(Deserialize)]
pub struct VehicleForm {
    pub bcp: Option<String>,
    pub plate: String,
    pub country: String,
    #[serde(default)]
    pub vin: String,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    pub category: String,
    pub direction: String,
    #[serde(default)]
    pub driver: String,
    /// Passenger check ids, separated by spaces or commas.
    #[serde(default)]
    pub passengers: String,
    /// Declaration references, separated by spaces or commas.
    #[serde(default)]
    pub declarations: String,
}

fn categories() -> Vec<&'static str> {
    VehicleCategory::ALL.iter().map(|c| c.as_str()).collect()
}

fn list(s: &str) -> Vec<String> {
    s.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn vehicles_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    Ok(render(&VehiclesPage {
        layout: Layout::new(&st, Some(&who), "Vehicle check", "/vehicles"),
        categories: categories(),
        result: None,
    }))
}

pub async fn submit_vehicle_check(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<VehicleForm>,
) -> PageResult {
    let req = VehicleCheckRequest {
        bcp: f.bcp.filter(|b| !b.trim().is_empty()),
        plate: f.plate,
        country: f.country,
        vin: Some(f.vin).filter(|v| !v.trim().is_empty()),
        make: f.make,
        model: f.model,
        category: VehicleCategory::parse(&f.category).unwrap_or(VehicleCategory::Car),
        direction: Direction::parse(&f.direction).unwrap_or(Direction::Entry),
        driver: Some(f.driver).filter(|d| !d.trim().is_empty()),
        passengers: list(&f.passengers),
        declarations: list(&f.declarations),
    };
    let result = check_vehicle(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    Ok(render(&VehiclesPage {
        layout: Layout::new(&st, Some(&who), "Vehicle check", "/vehicles"),
        categories: categories(),
        result: Some(result),
    }))
}
