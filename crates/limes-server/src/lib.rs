//! Limes server: the HTTP API and the server-rendered web UI over the use cases of `limes-app` —
//! authentication, the one role table, one folder per domain under [`features`], errors mapped to HTTP once.

pub mod auth;
pub mod error;
pub mod features;
pub mod idempotency;
pub mod json;
pub mod limits;
pub mod openapi;
pub mod redirect;
pub mod routes;
pub mod state;
pub mod ui;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use limes_app::App;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use limes_app::config;
pub use routes::router;
pub use state::AppState;

/// Headers every response carries: no framing, no sniffing, no referrer, and a CSP that allows only our own
/// assets (all embedded in the binary).
pub async fn security_headers(req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    if !is_asset {
        // Person data must not linger in shared browser caches at a border post.
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// Load the key for CSRF tokens from `path`, creating it on first start: the file 0600 and a new directory 0700,
/// whatever the umask; a key found readable by others is narrowed to 0600.
pub fn load_or_create_key(path: &Path) -> anyhow::Result<[u8; 32]> {
    use rand::RngCore;
    if let Ok(bytes) = std::fs::read(path) {
        if let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) {
            private_file::narrow(path)?;
            return Ok(key);
        }
        anyhow::bail!(
            "{} is not a 32-byte key; delete it to make a new one",
            path.display()
        );
    }
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_file::create_dir(dir)?;
    }
    private_file::write_new(path, &key)?;
    Ok(key)
}

/// Files only the service's user may read: keys and the like.
pub mod private_file {
    use std::path::Path;

    /// Create `dir` (and its parents) 0700 if it does not exist.
    pub fn create_dir(dir: &Path) -> std::io::Result<()> {
        if dir.exists() {
            return Ok(());
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)
    }

    /// Write a new file readable by its owner only (0600): it never exists with wider permissions.
    pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path)?.write_all(bytes)
    }

    /// Narrow an existing file to 0600 when group or others may read or write it.
    pub fn narrow(path: &Path) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if std::fs::metadata(path)?.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        Ok(())
    }
}

/// The web state over an application.
pub fn web_state(app: App, csrf_key: [u8; 32]) -> AppState {
    AppState {
        app,
        csrf_key: Arc::new(csrf_key),
    }
}

/// The application on a store, with its web state.
pub async fn build_state(
    store: Arc<dyn limes_store::Store>,
    config: config::Config,
    clock: Arc<dyn limes_domain::Clock>,
    csrf_key: [u8; 32],
) -> anyhow::Result<AppState> {
    let app = App::open(store, config, clock).await?;
    Ok(web_state(app, csrf_key))
}

/// How long the background work may take to finish once a shutdown began.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serve HTTP until a shutdown signal (Ctrl-C or SIGTERM), with the list refresher, the retention purge and the
/// PAXLST inbox beside it; then stop taking requests, cancel the background work and wait for it.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    serve_until(state, listener, shutdown_signal()).await
}

/// [`serve`] until `shutdown` completes.
pub async fn serve_until(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    use limes_app::background;
    let stop = CancellationToken::new();
    let tasks = TaskTracker::new();
    tasks.spawn(background::watchlist_refresher(
        state.app.clone(),
        stop.clone(),
    ));
    tasks.spawn(background::purger(state.app.clone(), stop.clone()));
    tasks.spawn(limes_app::cooperation::alerts::escalation_loop(
        state.app.clone(),
        stop.clone(),
    ));
    tasks.spawn(background::inbox_watcher(state.app.clone(), stop.clone()));
    tasks.spawn(limes_app::goods::inbox::watch(
        state.app.clone(),
        stop.clone(),
    ));
    tasks.spawn(background::audit_checkpointer(
        state.app.clone(),
        stop.clone(),
    ));
    let metrics = state.app.metrics.clone();
    let metrics_stop = stop.clone();
    tasks.spawn(async move { metrics.upkeep(metrics_stop).await });
    tasks.close();
    let app = router(state);
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    tracing::info!("HTTP stopped; stopping the background work");
    stop.cancel();
    if tokio::time::timeout(SHUTDOWN_GRACE, tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!("background work still running after {SHUTDOWN_GRACE:?}; leaving it");
    }
    served?;
    Ok(())
}

/// Completes at Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received");
}
