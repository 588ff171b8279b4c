//! Sessions: sign in (with the BCP of the shift), sign out, the home page.
pub mod pages;

use crate::auth::Access;
use crate::routes::*;
use axum::http::Method;
use axum::routing::{get, post};

/// This feature's endpoints with the roles that may use them (merged into the one table in `crate::routes`).
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        (Method::GET, "/login", Public, get(pages::login_page)),
        (Method::POST, "/login", Public, post(pages::login_submit)),
        (Method::POST, "/logout", Authenticated, post(pages::logout)),
        (
            Method::POST,
            "/language",
            Authenticated,
            post(pages::language_submit),
        ),
        (Method::GET, "/", Authenticated, get(pages::home)),
    ]
}
