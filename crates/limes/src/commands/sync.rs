//! `limes sync`: the national centre's view of its BCP nodes (status, a full resend, a node's audit chain).
//! The sync itself runs inside `limes serve` (see `serve::sync`).
use crate::common::{load_config, open_sync_store, ConfigArgs};
use anyhow::bail;
use clap::Subcommand;
use limes_domain::{Clock, SystemClock};
use limes_i18n::AsArg;

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Every BCP node's last contact, outbox backlog and list versions, as JSON; silent and behind nodes flagged.
    Status {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// A node is silent after this many seconds without contact.
        #[arg(long, default_value_t = 60)]
        silent_after: i64,
    },
    /// At the centre: send every watchlist, the document-alert register and every rule's latest version down
    /// whole, at the centre's versions. Repairs a node that missed a change or holds a copy that differs; a
    /// node that holds them already changes nothing. The running centre's relay sends them.
    Resend {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
    /// Verify the audit hash chain of one BCP node as the centre holds it.
    Verify {
        #[command(flatten)]
        cfg: ConfigArgs,
        #[arg(long)]
        node: String,
    },
}

pub async fn run(command: SyncCommand) -> anyhow::Result<()> {
    match command {
        SyncCommand::Status { cfg, silent_after } => {
            let (_, store) = open_sync_store(&load_config(&cfg)?).await?;
            let report = limes_sync::status::report(
                store.list_versions().await?,
                store.nodes().await?,
                SystemClock.now(),
                silent_after,
            );
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        SyncCommand::Resend { cfg } => {
            let (_, store) = open_sync_store(&load_config(&cfg)?).await?;
            let queued = store.queue_full_copy().await?;
            println!(
                "{queued} downward messages queued: every watchlist, the document-alert register and every rule, \
                 whole, at the centre's versions (the centre's relay sends them)"
            );
            Ok(())
        }
        SyncCommand::Verify { cfg, node } => {
            let (_, store) = open_sync_store(&load_config(&cfg)?).await?;
            match limes_store::sync::verify_node_chain(store.as_ref(), &node).await? {
                Ok(0) => bail!("no audit entries of node '{node}' at this centre"),
                Ok(n) => {
                    let args = [("node", node.as_arg()), ("count", n.as_arg())];
                    println!("{}", crate::common::say("cli-node-chain-intact", &args));
                    Ok(())
                }
                Err(b) => bail!("node {node}: {b}"),
            }
        }
    }
}
