//! Vehicles at land BCPs: the vehicle check (VIN, the stolen-vehicle register, the plate's history at the BCP).
//! The stolen-vehicle register's CSV upload. Use cases in `limes_app::vehicles`.
pub mod api;
pub mod pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (
            Method::GET,
            "/vehicles",
            Roles(OFFICERS),
            get(pages::vehicles_page),
        ),
        (
            Method::POST,
            "/vehicles",
            Roles(OFFICERS),
            post(pages::submit_vehicle_check),
        ),
        (
            Method::POST,
            "/api/v1/vehicle-checks",
            Roles(OFFICERS),
            post(api::create_vehicle_check),
        ),
        (
            Method::POST,
            "/api/v1/stolen-vehicles",
            Roles(ADMINS),
            post(api::import_stolen_vehicles),
        ),
    ]
}
