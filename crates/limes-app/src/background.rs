//! The work that runs beside the requests: picking up lists imported by another process, the retention purge,
//! the PAXLST inbox, the signed audit checkpoints. Each loop runs until its cancellation token fires; the server owns them in a task set and
//! cancels and awaits them at shutdown.
use crate::context::App;
use limes_screen::WatchList;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Swap in the watchlists whose stored version differs from the loaded one; returns how many were swapped.
/// Lists imported by another process (`limes import watchlist` beside a running server) are picked up this
/// way without a restart; the swap is atomic for checks in flight.
#[tracing::instrument(skip_all)]
pub async fn refresh_watchlists(app: &App) -> Result<usize, limes_store::StoreError> {
    let metas = app.store.watchlist_metas().await?;
    let changed: Vec<String> = {
        let loaded = app.loaded_lists.lock();
        metas
            .iter()
            .filter(|m| loaded.get(&m.id) != Some(&m.version))
            .map(|m| m.id.clone())
            .collect()
    };
    if changed.is_empty() {
        return Ok(0);
    }
    let mut swapped = 0;
    for (meta, json) in app
        .store
        .watchlists()
        .await?
        .into_iter()
        .filter(|(m, _)| changed.contains(&m.id))
    {
        match serde_json::from_str::<WatchList>(&json) {
            Ok(list) => {
                tracing::info!(list = %meta.id, version = meta.version, "watchlist updated");
                app.screener.replace_list(list);
                app.loaded_lists.lock().insert(meta.id, meta.version);
                swapped += 1;
            }
            Err(e) => tracing::error!(list = %meta.id, error = %e, "stored watchlist unreadable"),
        }
    }
    Ok(swapped)
}

/// Run `step` every `every` until `stop` fires (the first run after one period).
async fn every<F, Fut>(stop: CancellationToken, every: Duration, mut step: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => step().await,
        }
    }
}

/// Pick up changed watchlists the moment this process says it changed them (`App::lists_changed`: a BCP node
/// applying the centre's change), and every three seconds for another process's import.
#[tracing::instrument(skip_all)]
pub async fn watchlist_refresher(app: App, stop: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_secs(3));
    tick.tick().await;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tick.tick() => {}
            _ = app.lists_changed.notified() => {}
        }
        if let Err(e) = refresh_watchlists(&app).await {
            tracing::warn!(error = %e, "watchlist refresh failed");
        }
    }
}

/// Purge advance passenger information past its retention, at the configured interval (and once at start).
#[tracing::instrument(skip_all)]
pub async fn purger(app: App, stop: CancellationToken) {
    let interval = Duration::from_secs(app.config.api_purge_interval_minutes.max(1) * 60);
    let run = || async {
        if let Err(e) = crate::pax::retention::purge(&app).await {
            tracing::error!(error = %e, "retention purge failed");
        }
        if let Err(e) = crate::idempotency::purge(&app).await {
            tracing::error!(error = %e, "idempotency key purge failed");
        }
    };
    run().await;
    every(stop, interval, run).await
}

/// Take in the PAXLST files dropped in the configured inbox directory, every two seconds.
#[tracing::instrument(skip_all)]
pub async fn inbox_watcher(app: App, stop: CancellationToken) {
    let Some(dir) = app
        .config
        .api_inbox_dir
        .clone()
        .map(std::path::PathBuf::from)
    else {
        return;
    };
    if let Err(e) = tokio::fs::create_dir_all(&dir).await {
        tracing::error!(dir = %dir.display(), error = %e, "cannot create the PAXLST inbox");
        return;
    }
    tracing::info!(dir = %dir.display(), "watching the PAXLST inbox");
    every(stop, Duration::from_secs(2), || async {
        match crate::pax::inbox::process_inbox(&app, &dir).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "PAXLST inbox files taken in"),
            Err(e) => tracing::error!(error = %e, "PAXLST inbox"),
        }
    })
    .await
}

/// Sign a checkpoint of the audit chain at start, at the configured interval and once more at shutdown, applying
/// the configured audit retention before each. The audit key is created on the first start.
#[tracing::instrument(skip_all)]
pub async fn audit_checkpointer(app: App, stop: CancellationToken) {
    let key =
        match crate::checkpoints::load_or_create_key(&crate::checkpoints::key_dir(&app.config)) {
            Ok(key) => key,
            Err(e) => {
                tracing::error!(error = %e, "no audit checkpoints: the audit key is unusable");
                return;
            }
        };
    let interval = Duration::from_secs(app.config.audit_checkpoint_minutes.max(1) * 60);
    let run = || async {
        if let Err(e) = crate::checkpoints::apply_retention(&app, &key).await {
            tracing::error!(error = %e, "audit retention failed");
        }
        if let Err(e) = crate::checkpoints::write_checkpoint(&app, &key).await {
            tracing::error!(error = %e, "audit checkpoint failed");
        }
    };
    run().await;
    every(stop, interval, run).await;
    run().await
}
