//! The state every handler gets: the application (store, screener, clock, configuration — see
//! [`limes_app::App`]) and what only the web needs (the CSRF key).
use limes_app::App;
use std::sync::Arc;

/// Everything a handler needs, cheap to clone. Dereferences to the [`App`] the use cases take.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Key for CSRF tokens (HMAC over the session).
    pub csrf_key: Arc<[u8; 32]>,
}

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}
