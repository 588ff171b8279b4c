//! Vehicles at land BCPs: the vehicle check (VIN, the stolen-vehicle register, the plate's history at the BCP).
//! The stolen-vehicle register's CSV upload. Use cases in `limes_app::vehicles`.
pub mod api;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::post;

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
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
