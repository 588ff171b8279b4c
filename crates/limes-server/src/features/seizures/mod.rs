//! Seizure and offence records (issue 15 item 4): recording at the BCP (also from a goods inspection's find),
//! the record with its photographs and, apart, the persons involved; the gallery by concealment method; the
//! statistics and their CSV export. Use cases in `limes_app::seizures`.
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
            "/seizures",
            Roles(SEIZURE_READERS),
            get(pages::list_page),
        ),
        (
            Method::GET,
            "/seizures/new",
            Roles(SEIZURE_RECORDERS),
            get(pages::new_page),
        ),
        (
            Method::POST,
            "/seizures/new",
            Roles(SEIZURE_RECORDERS),
            post(pages::new_submit),
        ),
        (
            Method::GET,
            "/seizures/gallery",
            Roles(SEIZURE_READERS),
            get(pages::gallery_page),
        ),
        (
            Method::GET,
            "/seizures/stats",
            Roles(SEIZURE_READERS),
            get(pages::stats_page),
        ),
        (
            Method::GET,
            "/seizures/{id}",
            Roles(SEIZURE_READERS),
            get(pages::seizure_page),
        ),
        (
            Method::POST,
            "/seizures/{id}/photos",
            Roles(SEIZURE_RECORDERS),
            post(pages::photo_submit),
        ),
        (
            Method::POST,
            "/api/v1/seizures",
            Roles(SEIZURE_RECORDERS),
            post(api::record_seizure),
        ),
        (
            Method::GET,
            "/api/v1/seizures",
            Roles(SEIZURE_READERS),
            get(api::list_seizures),
        ),
        (
            Method::GET,
            "/api/v1/seizures/{id}",
            Roles(SEIZURE_READERS),
            get(api::get_seizure),
        ),
        (
            Method::GET,
            "/api/v1/seizures/{id}/nominal",
            Roles(SEIZURE_READERS),
            get(api::get_nominal),
        ),
        (
            Method::POST,
            "/api/v1/seizures/{id}/photos",
            Roles(SEIZURE_RECORDERS),
            post(api::upload_photo),
        ),
        (
            Method::GET,
            "/api/v1/seizures/{id}/photos/{photo}",
            Roles(SEIZURE_READERS),
            get(api::get_photo),
        ),
        (
            Method::GET,
            "/api/v1/seizure-gallery",
            Roles(SEIZURE_READERS),
            get(api::gallery),
        ),
        (
            Method::GET,
            "/api/v1/seizure-stats",
            Roles(SEIZURE_READERS),
            get(api::stats),
        ),
    ]
}

/// The body limit of the photograph uploads: the configured photograph size and room for the form around it.
pub fn photo_body_limit(path: &str, config: &limes_app::Config) -> Option<usize> {
    match path {
        "/api/v1/seizures/{id}/photos" | "/seizures/{id}/photos" => Some(
            usize::try_from(config.seizures.max_photo_bytes)
                .unwrap_or(usize::MAX / 2)
                .saturating_add(64 * 1024),
        ),
        _ => None,
    }
}
