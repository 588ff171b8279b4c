//! `limes serve`: the web UI and the API, and (with `--role` and `--nats`) the node's sync with the centre or
//! its BCP nodes. On Ctrl-C or SIGTERM the HTTP server stops taking requests and finishes those it has, then the
//! sync tasks are stopped and awaited, each step for a bounded time, and the process exits 0.
mod data_dir;
mod enrolment;
mod sync;

use crate::common::{key_path, load_config, open_sync_store, ConfigArgs};
use crate::shutdown::StopSignal;
use crate::tasks::BackgroundTasks;
use anyhow::{bail, Context};
use clap::Args;
use limes_domain::SystemClock;
use std::sync::Arc;
use std::time::Duration;
pub use sync::SyncArgs;

/// How long the requests under way get to finish once the process is asked to stop.
const HTTP_STOP_GRACE: Duration = Duration::from_secs(10);
/// How long the sync tasks get to stop after the HTTP server has.
const SYNC_STOP_GRACE: Duration = Duration::from_secs(10);

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    cfg: ConfigArgs,
    /// Listen address (overrides the configuration).
    #[arg(long)]
    listen: Option<String>,
    #[command(flatten)]
    sync: SyncArgs,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let ServeArgs {
        cfg,
        listen,
        mut sync,
    } = args;
    let stop = StopSignal::listen()?;
    let mut cfg = load_config(&cfg)?;
    if let Some(l) = listen {
        cfg.listen = l;
    }
    crate::init_logging(&cfg.log_format);
    sync.merge_config(&cfg.nats);
    sync.prepare_enrolment(limes_domain::Clock::now(&SystemClock))?;
    let nats_password = cfg.nats.password.clone();
    data_dir::refuse_open_data_dirs(&cfg)?;
    let listen = cfg.listen.clone();
    // A BCP node keeps its outbox in SQLite; the centre and a standalone server may use either backend.
    if sync.is_bcp() && cfg.sqlite_path().is_none() {
        bail!(
            "a BCP node runs on the embedded SQLite database (--database sqlite://PATH), not on {}",
            limes_store_postgres::redact_url(&cfg.database)
        );
    }
    // Both backends have the sync tables: the operations page of the BCP nodes reads them (and says
    // plainly when this node is not the centre).
    let (store, sync_store) = open_sync_store(&cfg).await?;
    let key = limes_server::load_or_create_key(&key_path(&cfg))?;
    let mut state = limes_server::build_state(store, cfg, Arc::new(SystemClock), key).await?;
    let link = limes_sync::access::LinkHealth::default();
    state.app = state.app.with_sync(sync_store.clone());
    if sync.is_syncing() {
        let shown = link.clone();
        state.app = state.app.with_sync_link(Arc::new(move || shown.problem()));
    }
    // A node being enrolled has no users nor BCP yet: they come from the centre once the sync runs.
    if !sync.is_enrolling() && state.store.users().await?.is_empty() {
        bail!("{}", crate::common::say("cli-no-users", &[]));
    }
    // Every check at a node names its BCP: one the node does not know would fail each of them.
    if let Some(code) = sync.bcp_code().filter(|_| !sync.is_enrolling()) {
        if state.store.bcp(code).await?.is_none() {
            bail!(
                "this node's database does not know BCP '{code}': add it with `limes bcp add --code {code} --name … \
                 --kind land|air|sea --agency …` (`limes bcp list` shows the BCPs it knows), then start again"
            );
        }
    }
    let tasks = BackgroundTasks::default();
    if sync.is_syncing() {
        for task in sync::start(
            sync_store,
            &sync,
            nats_password,
            link,
            state.app.lists_changed.clone(),
            state.clock.clone(),
        )
        .await?
        {
            tasks.adopt(task);
        }
    }
    if let Some(code) = sync.bcp_code().filter(|_| sync.is_enrolling()) {
        enrolment::await_organisation(state.store.as_ref(), code).await?;
    }
    let served = serve_http(state, &listen, stop).await;
    // The HTTP server has stopped (a signal, or it failed): the sync tasks go next, whatever the outcome.
    if !tasks.is_empty() {
        tracing::info!("stopping the sync tasks");
        if tasks.shutdown(SYNC_STOP_GRACE).await {
            tracing::info!("sync tasks stopped");
        } else {
            tracing::warn!(
                grace = ?SYNC_STOP_GRACE,
                "sync tasks still stopping after the grace period; leaving them"
            );
        }
    }
    served
}

/// Serve HTTP on the address until Ctrl-C or SIGTERM, then give the requests under way a bounded time to finish.
async fn serve_http(
    state: limes_server::AppState,
    listen: &str,
    mut stop: StopSignal,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!("Limes serving on http://{listen}");
    // The signal tells the server to stop taking connections; it returns once its requests and its own
    // background work are done.
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = limes_server::serve_until(state, listener, async move {
        let _ = stopped.await;
    });
    tokio::pin!(server);
    tokio::select! {
        served = &mut server => return served,
        () = stop.requested() => {
            let _ = stopping.send(());
        }
    }
    match tokio::time::timeout(HTTP_STOP_GRACE, server).await {
        Ok(served) => served,
        Err(_) => {
            tracing::warn!(grace = ?HTTP_STOP_GRACE, "requests still open after the grace period; closing them");
            Ok(())
        }
    }
}
