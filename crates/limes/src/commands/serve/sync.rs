//! The serve command's sync flags, and the start of the node's sync tasks (a BCP node's relay, list changes and
//! heartbeat; the centre's ingest, heartbeats and relay).
use anyhow::bail;
use clap::Args;
use limes_app::nats_config::NatsConfig;
use limes_domain::Clock;
use limes_store::sync::{NodeRole, SyncStore};
use limes_sync::access::{LinkHealth, NatsAccess};
use limes_sync::enrol::EnrolmentToken;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// How long a new node waits for the centre to answer its enrolment.
const ENROL_PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);

#[derive(Args, Clone)]
pub struct SyncArgs {
    /// The node's role: `centre` (national coordination centre) or `bcp` (a border crossing point's node).
    /// Without it (and without --nats) the node runs on its own.
    #[arg(long, value_parser = ["centre", "bcp"])]
    role: Option<String>,
    /// The BCP code of a `bcp` node.
    #[arg(long)]
    bcp: Option<String>,
    /// NATS server to sync through: the centre's cluster, or the BCP's leaf node (`[nats] url`,
    /// LIMES_NATS_URL). Credentials go in the options below, not in the URL.
    #[arg(long)]
    nats: Option<String>,
    /// A NATS `.creds` file (user JWT and NKey seed) (`[nats] creds`, LIMES_NATS_CREDS).
    #[arg(long)]
    nats_creds: Option<PathBuf>,
    /// A file holding the node's NKey seed, as `limes sync config --bcp` prints it (`[nats] nkey`,
    /// LIMES_NATS_NKEY).
    #[arg(long)]
    nats_nkey: Option<PathBuf>,
    /// NATS user (`[nats] user`, LIMES_NATS_USER); the password comes from LIMES_NATS_PASSWORD or `[nats] password`.
    #[arg(long)]
    nats_user: Option<String>,
    /// TLS client certificate (PEM) for a NATS server that verifies clients (`[nats] tls_cert`,
    /// LIMES_NATS_TLS_CERT).
    #[arg(long)]
    nats_tls_cert: Option<PathBuf>,
    /// The key of the TLS client certificate (`[nats] tls_key`, LIMES_NATS_TLS_KEY).
    #[arg(long)]
    nats_tls_key: Option<PathBuf>,
    /// The CA (PEM) the NATS server's certificate is checked against; requires TLS (`[nats] ca`, LIMES_NATS_CA).
    #[arg(long)]
    nats_ca: Option<PathBuf>,
    /// Node id, used the first time only (default: `<bcp>-<random>`, or `centre`); kept in the database.
    #[arg(long)]
    node: Option<String>,
    /// A new node's enrolment token, made at the centre by `limes sync enrol --bcp CODE`: the node (an empty
    /// data directory) takes its BCP and node id from it, presents it to the centre once, and serves when the
    /// organisation and the lists have arrived. Implies `--role bcp`.
    #[arg(long, value_name = "TOKEN")]
    enrol: Option<String>,
    /// The enrolment token, read (see [`SyncArgs::prepare_enrolment`]).
    #[arg(skip)]
    enrolment: Option<Box<EnrolmentToken>>,
    /// Seconds between a BCP node's heartbeats.
    #[arg(long, default_value_t = 10)]
    heartbeat_secs: u64,
}

impl SyncArgs {
    /// Whether any sync flag asks for the sync (a wrong combination is refused by [`start`]).
    pub fn is_syncing(&self) -> bool {
        self.role.is_some() || self.nats.is_some()
    }

    /// The options over the configuration's `[nats]` section.
    pub fn merge_config(&mut self, config: &NatsConfig) {
        fn path(p: &Option<String>) -> Option<PathBuf> {
            p.as_ref().map(PathBuf::from)
        }
        if self.nats.is_none() {
            self.nats.clone_from(&config.url);
        }
        self.nats_creds = self.nats_creds.take().or_else(|| path(&config.creds));
        self.nats_nkey = self.nats_nkey.take().or_else(|| path(&config.nkey));
        self.nats_user = self.nats_user.take().or_else(|| config.user.clone());
        self.nats_tls_cert = self.nats_tls_cert.take().or_else(|| path(&config.tls_cert));
        self.nats_tls_key = self.nats_tls_key.take().or_else(|| path(&config.tls_key));
        self.nats_ca = self.nats_ca.take().or_else(|| path(&config.ca));
    }

    /// The credentials these options name (the password from the configuration or LIMES_NATS_PASSWORD).
    fn access(&self, password: Option<String>) -> NatsAccess {
        NatsAccess {
            creds_file: self.nats_creds.clone(),
            nkey_seed_file: self.nats_nkey.clone(),
            user: self.nats_user.clone(),
            password,
            tls_cert: self.nats_tls_cert.clone(),
            tls_key: self.nats_tls_key.clone(),
            tls_ca: self.nats_ca.clone(),
            inbox_prefix: None,
        }
    }

    /// Read `--enrol`: the token's BCP and node id become the node's (others given are refused); an expired
    /// token is refused before the centre is asked.
    pub fn prepare_enrolment(&mut self, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
        let Some(text) = self.enrol.as_deref() else {
            return Ok(());
        };
        let token = EnrolmentToken::parse(text)?;
        token.check_not_expired(now)?;
        match self.role.as_deref() {
            None | Some("bcp") => self.role = Some("bcp".into()),
            Some(other) => bail!("--enrol enrols a BCP node, not a {other} node"),
        }
        for (given, theirs, what) in [
            (&self.bcp, &token.bcp, "--bcp"),
            (&self.node, &token.node, "--node"),
        ] {
            if given.as_ref().is_some_and(|g| g != theirs) {
                bail!(
                    "{what} {} differs from the enrolment token's ({theirs}): leave it out",
                    given.as_deref().unwrap_or_default()
                );
            }
        }
        self.bcp = Some(token.bcp.clone());
        self.node = Some(token.node.clone());
        self.enrolment = Some(Box::new(token));
        Ok(())
    }

    /// Whether this start enrols a new node.
    pub fn is_enrolling(&self) -> bool {
        self.enrolment.is_some()
    }

    /// The BCP code of a `bcp` node.
    pub fn bcp_code(&self) -> Option<&str> {
        self.bcp.as_deref().filter(|_| self.is_bcp())
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
    nats_password: Option<String>,
    health: LinkHealth,
    lists_changed: Arc<tokio::sync::Notify>,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let options = limes_sync::SyncOptions {
        heartbeat: std::time::Duration::from_secs(args.heartbeat_secs.max(1)),
        health,
        lists_changed: Some(lists_changed),
        ..Default::default()
    };
    let access = args.access(nats_password);
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
            start_bcp(store, args, bcp, nats, access, clock, options).await
        }
        _ => {
            if args.bcp.is_some() {
                bail!("--bcp is for `--role bcp`");
            }
            start_centre(store, args, nats, access, clock, options).await
        }
    }
}

/// A BCP node: its outbox relay up to the centre, the list changes coming down and its heartbeat.
async fn start_bcp(
    store: Arc<dyn SyncStore>,
    args: &SyncArgs,
    bcp: &str,
    nats: &str,
    mut access: NatsAccess,
    clock: Arc<dyn Clock>,
    options: limes_sync::SyncOptions,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let suffix = limes_store::new_id();
    let node = args
        .node
        .clone()
        .unwrap_or_else(|| format!("{bcp}-{}", suffix.rsplit('-').next().unwrap_or("node")));
    if let Some(token) = &args.enrolment {
        if let Some(held) = store.sync_identity().await? {
            bail!(
                "this data directory is enrolled already (node {} of BCP {}): start it without --enrol",
                held.node,
                held.bcp.unwrap_or_default()
            );
        }
        access.inbox_prefix = Some(limes_sync::accounts::inbox_prefix(&token.node));
        let client = limes_sync::access::connect_with(
            nats,
            &format!("limes-bcp-{}", token.node),
            &access,
            &options.health,
        )
        .await?;
        limes_sync::enrol::claim(&client, token, ENROL_PATIENCE).await?;
        tracing::info!(node = %token.node, bcp, "enrolled at the centre: taking the organisation and the lists");
    }
    let identity = store
        .set_sync_identity(NodeRole::Bcp, &node, Some(bcp))
        .await?;
    // Replies on the node's own inbox: the only subjects a BCP's NATS account may receive on.
    access.inbox_prefix = Some(limes_sync::accounts::inbox_prefix(&identity.node));
    let client = limes_sync::access::connect_with(
        nats,
        &format!("limes-bcp-{}", identity.node),
        &access,
        &options.health,
    )
    .await?;
    let nats = limes_store::redact_url(nats);
    tracing::info!(node = %identity.node, bcp, %nats, "BCP node: syncing with the centre");
    limes_sync::edge::spawn(store, client, &identity, clock, options)
}

/// The national centre: the ingest of the BCP nodes' records, their heartbeats and the relay of list changes.
async fn start_centre(
    store: Arc<dyn SyncStore>,
    args: &SyncArgs,
    nats: &str,
    access: NatsAccess,
    clock: Arc<dyn Clock>,
    options: limes_sync::SyncOptions,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let node = args.node.clone().unwrap_or_else(|| "centre".into());
    let identity = store
        .set_sync_identity(NodeRole::Centre, &node, None)
        .await?;
    let client =
        limes_sync::access::connect_with(nats, "limes-centre", &access, &options.health).await?;
    let nats = limes_store::redact_url(nats);
    tracing::info!(node = %identity.node, %nats, "national centre: syncing with the BCP nodes");
    limes_sync::centre::spawn(store, client, identity.node, clock, options).await
}
