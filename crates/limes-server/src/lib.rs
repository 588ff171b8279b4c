//! Limes server: the HTTP API, the server-rendered web UI, authentication and the audit of every access.

pub mod api;
pub mod auth;
pub mod check;
pub mod config;
pub mod error;
pub mod imports;
pub mod lookups;
pub mod metrics;
pub mod nodes;
pub mod pax;
pub mod pax_api;
pub mod pax_ui;
pub mod routes;
pub mod state;
pub mod ui;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use limes_domain::Clock;
use limes_screen::{Screener, WatchList};
use limes_store::Store;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub use routes::router;
pub use state::AppState;

/// Headers every response carries: no framing, no sniffing, no referrer, and a CSP that allows only our own
/// assets (all embedded in the binary).
pub async fn security_headers(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    if res.status().is_server_error() {
        metrics::Metrics::inc(&st.metrics.http_errors);
    }
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

/// Load the key for CSRF tokens from `path`, creating it on first start.
pub fn load_or_create_key(path: &Path) -> anyhow::Result<[u8; 32]> {
    use rand::RngCore;
    if let Ok(bytes) = std::fs::read(path) {
        if let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice()) {
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
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, key)?;
    Ok(key)
}

/// The watchlists as stored, parsed for screening.
pub async fn load_watchlists(
    store: &dyn Store,
) -> anyhow::Result<(Vec<WatchList>, HashMap<String, i64>)> {
    let mut lists = Vec::new();
    let mut versions = HashMap::new();
    for (meta, json) in store.watchlists().await? {
        let list: WatchList = serde_json::from_str(&json)
            .map_err(|e| anyhow::anyhow!("stored watchlist '{}' cannot be read: {e}", meta.id))?;
        versions.insert(meta.id.clone(), meta.version);
        lists.push(list);
    }
    Ok((lists, versions))
}

pub async fn build_state(
    store: Arc<dyn Store>,
    config: config::Config,
    clock: Arc<dyn Clock>,
    csrf_key: [u8; 32],
) -> anyhow::Result<AppState> {
    let (lists, versions) = load_watchlists(store.as_ref()).await?;
    let screener = Arc::new(Screener::new(lists));
    let state = AppState {
        store,
        screener,
        clock: clock.clone(),
        config: Arc::new(config),
        csrf_key: Arc::new(csrf_key),
        throttle: Arc::default(),
        metrics: Arc::default(),
        rules: Arc::new(arc_swap::ArcSwap::from_pointee(state::RulesInForce::empty(
            clock.now(),
        ))),
        sync: None,
        lookups: Arc::default(),
    };
    spawn_watchlist_refresher(state.clone(), versions);
    Ok(state)
}

/// Lists imported by another process (`limes import watchlist` next to a running server) are picked up within
/// seconds, without a restart; the swap is atomic for checks in flight.
fn spawn_watchlist_refresher(state: AppState, mut versions: HashMap<String, i64>) {
    let Ok(handle) = tokio::runtime::Handle::try_current() else {
        return;
    };
    handle.spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3));
        loop {
            tick.tick().await;
            let Ok(metas) = state.store.watchlist_metas().await else { continue };
            let changed: Vec<String> = metas
                .iter()
                .filter(|m| versions.get(&m.id) != Some(&m.version))
                .map(|m| m.id.clone())
                .collect();
            if changed.is_empty() {
                continue;
            }
            let Ok(stored) = state.store.watchlists().await else { continue };
            for (meta, json) in stored.into_iter().filter(|(m, _)| changed.contains(&m.id)) {
                match serde_json::from_str::<WatchList>(&json) {
                    Ok(list) => {
                        tracing::info!(list = %meta.id, version = meta.version, "watchlist updated");
                        state.screener.replace_list(list);
                        versions.insert(meta.id, meta.version);
                    }
                    Err(e) => tracing::error!(list = %meta.id, error = %e, "stored watchlist unreadable"),
                }
            }
        }
    });
}

/// Serve until the process is stopped (Ctrl-C or SIGTERM).
/// Serve HTTP until a shutdown signal; the retention purge and the PAXLST inbox run beside it.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    pax::spawn_purger(state.clone());
    pax::spawn_inbox_watcher(state.clone());
    let app = router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
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
}
