//! `limes sync`: the national centre's view of its BCP nodes (status, a full resend, a node's audit chain) and
//! the federation's NATS configuration (the hub's, and a BCP's leaf node with the node's key). The sync itself
//! runs inside `limes serve` (see `serve::sync`).
use crate::common::{key_path, load_config, open_sync_store, ConfigArgs};
use anyhow::bail;
use clap::Subcommand;
use limes_domain::AuditEvent;
use limes_domain::{Clock, SystemClock};
use limes_i18n::AsArg;
use limes_store::sync::{NewEnrolment, NodeRole};
use limes_sync::accounts::{self, BcpNode, FederationSecret, HubSettings, LeafSettings};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum SyncCommand {
    /// At the centre: every BCP node's last contact, outbox backlog, list versions and link problem, as JSON,
    /// silent and behind nodes flagged; at a BCP node: its own link problem, backlog and list versions. The
    /// running server's own link problem comes from its `/healthz`.
    Status {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// A node is silent after this many seconds without contact.
        #[arg(long, default_value_t = 60)]
        silent_after: i64,
        /// The running server whose link is shown (its `/healthz`); default: the configuration's `listen`.
        #[arg(long)]
        server: Option<String>,
    },
    /// At the centre: send every watchlist, the document-alert register and every rule's latest version down
    /// whole, at the centre's versions. Repairs a node that missed a change or holds a copy that differs; a
    /// node that holds them already changes nothing. The running centre's relay sends them.
    Resend {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
    /// At the centre: print the federation's NATS configuration. `--hub`: the hub's (the centre's user and a leaf
    /// user per BCP of the centre's database, each allowed only its own subjects and downward consumer);
    /// `--bcp CODE`: that BCP's leaf node (its local port open only to the node's NKey) and the node's NKey seed.
    /// Every secret is derived from the federation secret file (created on first use), so generating again
    /// gives the same credentials.
    Config {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// The hub's configuration.
        #[arg(long, conflicts_with = "bcp", required_unless_present = "bcp")]
        hub: bool,
        /// A BCP's leaf-node configuration and its node's key.
        #[arg(long)]
        bcp: Option<String>,
        /// The federation secret (default: `limes-federation.key` beside the database, or in `limes-data/`).
        #[arg(long)]
        secret: Option<PathBuf>,
        /// Client address: the hub's (the centre connects there) or the leaf's (the BCP node connects there).
        #[arg(long)]
        listen: Option<String>,
        /// The hub's leaf-node address, HOST:PORT: where the hub listens (`--hub`) or where a leaf reaches it.
        #[arg(long, default_value = "0.0.0.0:7422")]
        leaf_listen: String,
        /// The hub's JetStream directory.
        #[arg(long, default_value = "/var/lib/limes/nats")]
        store_dir: String,
        /// Write the files (`hub.conf` and `centre.password`, or `leaf.conf` and `node.nk`, readable by their
        /// owner only) into this directory instead of printing them.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// At the centre: enrol a new BCP node. Makes a one-time enrolment token (kept hashed, audited, good until
    /// it expires) and prints it with the leaf node's configuration and the node's key (as `config --bcp`). The
    /// new node starts from an empty data directory with `limes serve --role bcp --enrol TOKEN …`.
    Enrol {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// The BCP the node serves (known to the centre: `limes bcp add`).
        #[arg(long)]
        bcp: String,
        /// Hours the token stays good.
        #[arg(long, default_value_t = 24)]
        valid_hours: i64,
        /// The federation secret (default: `limes-federation.key` beside the database, or in `limes-data/`).
        #[arg(long)]
        secret: Option<PathBuf>,
        /// The leaf node's client address (the BCP node connects there).
        #[arg(long)]
        listen: Option<String>,
        /// The hub's leaf-node address, HOST:PORT, where the leaf reaches it.
        #[arg(long, default_value = "0.0.0.0:7422")]
        leaf_listen: String,
        /// Write the files (`leaf.conf`, `node.nk` and `enrol.token`, readable by their owner only) into this
        /// directory instead of printing them.
        #[arg(long)]
        out: Option<PathBuf>,
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
        SyncCommand::Status {
            cfg,
            silent_after,
            server,
        } => {
            let cfg = load_config(&cfg)?;
            let (_, store) = open_sync_store(&cfg).await?;
            let identity = match store.sync_identity().await? {
                Some(id) if id.role != NodeRole::Standalone => id,
                other => {
                    let role = other.map_or(NodeRole::Standalone, |id| id.role);
                    bail!(
                        "this database is not the national centre's (its sync role: {}): the status of the BCP \
                         nodes is kept at the centre; run `limes sync status` there",
                        role.as_str()
                    )
                }
            };
            let server = server.unwrap_or_else(|| local_url(&cfg.listen));
            let link_problem = own_link_problem(&server).await;
            let out = if identity.role == NodeRole::Centre {
                let report = limes_sync::status::report(
                    store.list_versions().await?,
                    store.nodes().await?,
                    SystemClock.now(),
                    silent_after,
                );
                let mut out = serde_json::to_value(&report)?;
                out["link_problem"] = serde_json::json!(link_problem);
                out
            } else {
                // A BCP node: its own link, what waits to go up and the lists it holds.
                serde_json::json!({
                    "role": identity.role.as_str(),
                    "node": identity.node,
                    "bcp": identity.bcp,
                    "link_problem": link_problem,
                    "backlog": store.outbox_backlog().await?,
                    "versions": store.list_versions().await?,
                })
            };
            println!("{}", serde_json::to_string_pretty(&out)?);
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
        SyncCommand::Config {
            cfg,
            hub,
            bcp,
            secret,
            listen,
            leaf_listen,
            store_dir,
            out,
        } => {
            let cfg = load_config(&cfg)?;
            let secret = FederationSecret::load_or_create(&secret_path(&cfg, secret))?;
            match (hub, bcp) {
                (true, _) => {
                    let (store, _) = open_sync_store(&cfg).await?;
                    let bcps: Vec<BcpNode> = store
                        .bcps()
                        .await?
                        .into_iter()
                        .map(|b| BcpNode {
                            node: b.code.clone(),
                            bcp: b.code,
                        })
                        .collect();
                    let conf = accounts::hub_config(
                        &secret,
                        &HubSettings {
                            server_name: "limes-hub".into(),
                            listen: listen.unwrap_or_else(|| "0.0.0.0:4222".into()),
                            leaf_listen,
                            store_dir,
                        },
                        &bcps,
                    )?;
                    let password = secret.centre_password()?;
                    emit(
                        out.as_deref(),
                        &[("hub.conf", conf), ("centre.password", password)],
                        "# The centre connects as user `centre` with the password in centre.password \
                         (LIMES_NATS_USER=centre, LIMES_NATS_PASSWORD).",
                    )
                }
                (false, Some(bcp)) => {
                    let files = leaf_files(&secret, listen, leaf_listen, &bcp)?;
                    emit(out.as_deref(), &files, &node_start_note(&bcp))
                }
                (false, None) => bail!("say which configuration: --hub or --bcp CODE"),
            }
        }
        SyncCommand::Enrol {
            cfg,
            bcp,
            valid_hours,
            secret,
            listen,
            leaf_listen,
            out,
        } => {
            let cfg = load_config(&cfg)?;
            let secret = FederationSecret::load_or_create(&secret_path(&cfg, secret))?;
            let (store, sync_store) = open_sync_store(&cfg).await?;
            if store.bcp(&bcp).await?.is_none() {
                bail!(
                    "the centre does not know BCP '{bcp}': add it with `limes bcp add --code {bcp} …` first (the \
                     new node receives it from the centre)"
                );
            }
            let now = SystemClock.now();
            let expires_at = now + chrono::Duration::hours(valid_hours.clamp(1, 24 * 30));
            // One node per BCP, named after it (as `config --bcp` names the node's key and permissions).
            let token = limes_sync::enrol::EnrolmentToken::new(&bcp, &bcp, expires_at)?;
            let mut audit = AuditEvent::new(now, &crate::common::cli_actor(), "sync.enrol");
            audit.bcp = Some(bcp.clone());
            audit.subject = Some(format!("bcp:{bcp}"));
            audit.detail = format!(
                "enrolment token for node {bcp}, good until {}",
                expires_at.to_rfc3339()
            );
            sync_store
                .create_enrolment(
                    NewEnrolment {
                        token_hash: token.hash(),
                        bcp: bcp.clone(),
                        node: token.node.clone(),
                        created_at: now,
                        expires_at,
                    },
                    audit,
                )
                .await?;
            let mut files = leaf_files(&secret, listen, leaf_listen, &bcp)?;
            files.push(("enrol.token", format!("{token}\n")));
            emit(
                out.as_deref(),
                &files,
                &format!(
                    "# Good once, until {}. At the new node, from an empty data directory, with the leaf node \
                     running:\n# limes serve --role bcp --enrol \"$(cat enrol.token)\" --nats \
                     nats://127.0.0.1:4222 --nats-nkey node.nk\n# (the hub's configuration must list the BCP: \
                     `limes sync config --hub` again and reload the hub after `limes bcp add`)",
                    expires_at.format("%Y-%m-%d %H:%M UTC")
                ),
            )
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

/// The URL of the server listening on `listen` from this machine (an address on every interface is reached on
/// the loopback).
fn local_url(listen: &str) -> String {
    let listen = listen
        .replace("0.0.0.0:", "127.0.0.1:")
        .replace("[::]:", "[::1]:");
    format!("http://{listen}")
}

/// The problem of the running server's NATS link, from its `/healthz`; when the server does not answer, that.
async fn own_link_problem(server: &str) -> Option<String> {
    let url = format!("{}/healthz", server.trim_end_matches('/'));
    let asked = async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(3))
            .build()?;
        client
            .get(&url)
            .send()
            .await?
            .json::<serde_json::Value>()
            .await
    };
    match asked.await {
        Ok(health) => health["sync_problem"].as_str().map(str::to_string),
        Err(e) => Some(format!(
            "the server does not answer at {url} ({e}): is `limes serve` running (see --server)?"
        )),
    }
}

/// The federation secret's file: the one given, or `limes-federation.key` beside the server's key.
fn secret_path(cfg: &limes_app::Config, given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        key_path(cfg)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("limes-federation.key")
    })
}

/// A BCP's leaf-node configuration and its node's NKey seed (the node is named after the BCP).
fn leaf_files(
    secret: &FederationSecret,
    listen: Option<String>,
    leaf_listen: String,
    bcp: &str,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let bundle = accounts::leaf_config(
        secret,
        &LeafSettings {
            listen: listen.unwrap_or_else(|| "127.0.0.1:4222".into()),
            hub: leaf_listen,
        },
        &BcpNode {
            node: bcp.to_string(),
            bcp: bcp.to_string(),
        },
    )?;
    Ok(vec![
        ("leaf.conf", bundle.config),
        ("node.nk", format!("{}\n", bundle.node_seed)),
    ])
}

fn node_start_note(bcp: &str) -> String {
    format!(
        "# The node starts with: limes serve --role bcp --bcp {bcp} --node {bcp} --nats nats://127.0.0.1:4222 \
         --nats-nkey node.nk"
    )
}

/// Write the files into `dir` (owner-only), or print them one after the other with their names.
fn emit(dir: Option<&Path>, files: &[(&str, String)], note: &str) -> anyhow::Result<()> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            for (name, text) in files {
                let path = dir.join(name);
                accounts::write_private(&path, text)?;
                println!("{}", path.display());
            }
            println!("{note}");
        }
        None => {
            for (name, text) in files {
                println!("# ---- {name} ----");
                println!("{}", text.trim_end());
            }
            println!("{note}");
        }
    }
    Ok(())
}
