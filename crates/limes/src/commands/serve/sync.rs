//! The serve command's sync flags, and the start of the node's sync tasks (a BCP node's relay, list changes and
//! heartbeat; the centre's ingest, heartbeats and relay).
use anyhow::bail;
use clap::Args;
use limes_domain::Clock;
use limes_store::sync::{NodeRole, SyncStore};
use std::sync::Arc;
use tokio::task::JoinHandle;

#[derive(Args, Clone)]
pub struct SyncArgs {
    /// The node's role: `centre` (national coordination centre) or `bcp` (a border crossing point's node).
    /// Without it (and without --nats) the node runs on its own.
    #[arg(long, value_parser = ["centre", "bcp"])]
    role: Option<String>,
    /// The BCP code of a `bcp` node.
    #[arg(long)]
    bcp: Option<String>,
    /// NATS server to sync through: the centre's cluster, or the BCP's leaf node.
    #[arg(long)]
    nats: Option<String>,
    /// Node id, used the first time only (default: `<bcp>-<random>`, or `centre`); kept in the database.
    #[arg(long)]
    node: Option<String>,
    /// Seconds between a BCP node's heartbeats.
    #[arg(long, default_value_t = 10)]
    heartbeat_secs: u64,
}

impl SyncArgs {
    /// Whether any sync flag asks for the sync (a wrong combination is refused by [`start`]).
    pub fn is_syncing(&self) -> bool {
        self.role.is_some() || self.nats.is_some()
    }

    /// Whether the node is a BCP's (which keeps its outbox in SQLite).
    pub fn is_bcp(&self) -> bool {
        self.role.as_deref() == Some("bcp")
    }
}

/// Set the node's sync role in its database and start the sync tasks (none for a node on its own).
pub async fn start(
    store: Arc<dyn SyncStore>,
    args: &SyncArgs,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let options = limes_sync::SyncOptions {
        heartbeat: std::time::Duration::from_secs(args.heartbeat_secs.max(1)),
        ..Default::default()
    };
    let (role, nats) = match (args.role.as_deref(), args.nats.as_deref()) {
        (None, None) => {
            if args.bcp.is_some() {
                bail!("--bcp is for `--role bcp`");
            }
            return Ok(Vec::new());
        }
        (None, Some(_)) => bail!("--nats needs the node's role: --role centre or --role bcp"),
        (Some(_), None) => bail!("--role needs --nats nats://HOST:PORT to sync through"),
        (Some(r), Some(n)) => (r, n),
    };
    match role {
        "bcp" => {
            let Some(bcp) = args.bcp.as_deref() else {
                bail!("--role bcp needs --bcp CODE");
            };
            start_bcp(store, args, bcp, nats, clock, options).await
        }
        _ => {
            if args.bcp.is_some() {
                bail!("--bcp is for `--role bcp`");
            }
            start_centre(store, args, nats, clock, options).await
        }
    }
}

/// A BCP node: its outbox relay up to the centre, the list changes coming down and its heartbeat.
async fn start_bcp(
    store: Arc<dyn SyncStore>,
    args: &SyncArgs,
    bcp: &str,
    nats: &str,
    clock: Arc<dyn Clock>,
    options: limes_sync::SyncOptions,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let suffix = limes_store::new_id();
    let node = args
        .node
        .clone()
        .unwrap_or_else(|| format!("{bcp}-{}", suffix.rsplit('-').next().unwrap_or("node")));
    let identity = store
        .set_sync_identity(NodeRole::Bcp, &node, Some(bcp))
        .await?;
    let client = limes_sync::connect(nats, &format!("limes-bcp-{}", identity.node)).await?;
    tracing::info!(node = %identity.node, bcp, nats, "BCP node: syncing with the centre");
    limes_sync::edge::spawn(store, client, &identity, clock, options)
}

/// The national centre: the ingest of the BCP nodes' records, their heartbeats and the relay of list changes.
async fn start_centre(
    store: Arc<dyn SyncStore>,
    args: &SyncArgs,
    nats: &str,
    clock: Arc<dyn Clock>,
    options: limes_sync::SyncOptions,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let node = args.node.clone().unwrap_or_else(|| "centre".into());
    let identity = store
        .set_sync_identity(NodeRole::Centre, &node, None)
        .await?;
    let client = limes_sync::connect(nats, "limes-centre").await?;
    tracing::info!(node = %identity.node, nats, "national centre: syncing with the BCP nodes");
    limes_sync::centre::spawn(store, client, identity.node, clock, options).await
}
