//! `limes`: the one binary. Runs the server, seeds the demo, imports lists, verifies the audit trail,
//! parses MRZs, screens in batch and runs the benchmarks.

mod bench;
mod bench_sync;
mod demo;
mod demo_api;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use limes_domain::{AuditEvent, Clock, Role, SystemClock};
use limes_server::config::Config;
use limes_store::Store;
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "limes", version, about = "Limes — integrated border management", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct ConfigArgs {
    /// TOML configuration file (every option is documented in limes.example.toml).
    #[arg(long, short, env = "LIMES_CONFIG")]
    config: Option<PathBuf>,
    /// Database: a file path or sqlite://PATH (embedded SQLite), or postgres://USER:PASSWORD@HOST:PORT/DBNAME
    /// (overrides the configuration).
    #[arg(long)]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Start a demo installation of the fictional state Utopia (UTO) with real UN-list data, and serve it.
    Demo {
        /// Directory of the demo's own database and files.
        #[arg(long, default_value = "limes-demo-data")]
        dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Create the data and exit without serving.
        #[arg(long)]
        seed_only: bool,
        /// Size of the synthetic document-alert register made on first start.
        #[arg(long, default_value_t = demo::DOCUMENT_ALERTS)]
        document_alerts: usize,
        /// Keep the demo's data in this database instead (postgres://…; default: SQLite in --dir).
        #[arg(long)]
        database: Option<String>,
    },
    /// Serve the web UI and the API.
    Serve {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// Listen address (overrides the configuration).
        #[arg(long)]
        listen: Option<String>,
        #[command(flatten)]
        sync: SyncArgs,
    },
    /// Sync of BCP nodes with the national centre.
    Sync {
        #[command(subcommand)]
        command: SyncCommand,
    },
    /// Create the database and the first administrator.
    Init {
        #[command(flatten)]
        cfg: ConfigArgs,
        #[arg(long, default_value = "admin")]
        username: String,
        /// Code and name of the administrator's agency (created if missing).
        #[arg(long, default_value = "BP")]
        agency_code: String,
        #[arg(long, default_value = "Border Police")]
        agency_name: String,
        /// Read the password from standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import a watchlist or the document-alert register (all or nothing).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Parse a UN/EDIFACT PAXLST file (advance passenger information) and print it as JSON.
    Paxlst { file: PathBuf },
    /// Parse MRZs from standard input (lines of one MRZ together, a blank line between MRZs); one JSON object each.
    Mrz,
    /// Screen a CSV of travellers against watchlist files; JSON lines out.
    Screen {
        #[arg(long = "watchlist", required = true)]
        watchlists: Vec<PathBuf>,
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        output: PathBuf,
        #[arg(long, default_value_t = 0.5)]
        min_score: f64,
        #[arg(long)]
        threshold: Option<f64>,
    },
    /// Accuracy of the screening engine on a generated, labelled evaluation set.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Benchmarks (results go to docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

#[derive(Args, Clone)]
struct SyncArgs {
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

#[derive(Subcommand)]
enum SyncCommand {
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

#[derive(Subcommand)]
enum EvalCommand {
    /// Recall and false-alert rate across thresholds; retrieval recall; the chosen default threshold.
    Screening {
        /// List files (default: the UN list built into the binary).
        #[arg(long = "watchlist")]
        watchlists: Vec<PathBuf>,
        #[arg(long, default_value_t = 3000)]
        positives: usize,
        #[arg(long, default_value_t = 20000)]
        negatives: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// nomenklatura-name-bench-cases.csv, to report agreement on labelled name pairs.
        #[arg(long)]
        name_pairs: Option<PathBuf>,
        /// Print the misses, the highest-scoring innocent travellers and the retrieval stage's losses.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is asked for (or read from standard input).
    Add {
        #[command(flatten)]
        cfg: ConfigArgs,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        /// first_line_officer, second_line_officer, analyst, supervisor, liaison_officer, administrator, auditor
        #[arg(long)]
        role: Role,
        #[arg(long)]
        agency: String,
        /// BCP codes the user may work at (repeat); none means all.
        #[arg(long = "bcp")]
        bcps: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A watchlist: UN consolidated XML, OFAC SDN CSV, UK HMT CSV, or the Limes CSV/JSON format.
    Watchlist {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
        /// List id (default: from the format, e.g. "un").
        #[arg(long)]
        id: Option<String>,
        /// un-xml, ofac-csv, uk-hmt, limes-csv or limes-json (default: detected; OFAC reads its -alt/-add files beside it).
        #[arg(long)]
        format: Option<String>,
    },
    /// PAXLST interchanges (advance passenger information): each is screened and stored as if received by the
    /// API, and its intake report printed as one JSON line. Resending a file stores nothing twice.
    Paxlst {
        #[command(flatten)]
        cfg: ConfigArgs,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Document alerts from CSV (docs/formats.md).
    Documents {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
        /// Replace the whole register instead of adding to it.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify the hash chain; names the first broken link.
    Verify {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

fn main() {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run(cli)) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn load_config(args: &ConfigArgs) -> anyhow::Result<Config> {
    let mut cfg = Config::load(args.config.as_deref(), std::env::vars())?;
    if let Some(db) = &args.database {
        cfg.database = db.clone();
    }
    Ok(cfg)
}

pub(crate) fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LIMES_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The store the configured database URL names: PostgreSQL for `postgres://`/`postgresql://`, else the embedded
/// SQLite database at the path (`sqlite://PATH` or a plain path).
pub async fn open_store(cfg: &Config) -> anyhow::Result<Arc<dyn Store>> {
    match cfg.sqlite_path() {
        Some(path) => Ok(Arc::new(
            SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?,
        )),
        None => Ok(Arc::new(PgStore::open(&cfg.database).await.with_context(
            || {
                format!(
                    "opening {}",
                    limes_store_postgres::redact_url(&cfg.database)
                )
            },
        )?)),
    }
}

/// The store of a synchronising node, as both traits: the embedded SQLite database, or PostgreSQL (the national
/// centre; a BCP node keeps its outbox in SQLite, and PostgreSQL refuses that role with a clear error).
pub async fn open_sync_store(
    cfg: &Config,
) -> anyhow::Result<(Arc<dyn Store>, Arc<dyn limes_store::sync::SyncStore>)> {
    match cfg.sqlite_path() {
        Some(path) => {
            let s = Arc::new(
                SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?,
            );
            Ok((s.clone(), s))
        }
        None => {
            let s = Arc::new(PgStore::open(&cfg.database).await.with_context(|| {
                format!(
                    "opening {}",
                    limes_store_postgres::redact_url(&cfg.database)
                )
            })?);
            Ok((s.clone(), s))
        }
    }
}

/// The CSRF key file: beside the SQLite database, or in `limes-data/` of the working directory for PostgreSQL.
fn key_path(cfg: &Config) -> PathBuf {
    match cfg.sqlite_path() {
        Some(db) => db
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("limes-csrf.key"),
        None => PathBuf::from("limes-data").join("limes-csrf.key"),
    }
}

pub async fn state_for(cfg: Config) -> anyhow::Result<limes_server::AppState> {
    let store = open_store(&cfg).await?;
    let key = limes_server::load_or_create_key(&key_path(&cfg))?;
    limes_server::build_state(store, cfg, Arc::new(SystemClock), key).await
}

fn cli_actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

fn read_password(from_stdin: bool, prompt: &str) -> anyhow::Result<String> {
    let pw = if from_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s.trim_end_matches(['\n', '\r']).to_string()
    } else {
        rpassword::prompt_password(prompt)?
    };
    limes_server::auth::check_password_policy(&pw).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(pw)
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo {
            dir,
            listen,
            seed_only,
            document_alerts,
            database,
        } => {
            init_logging("text");
            demo::run(
                &dir,
                database.as_deref(),
                &listen,
                seed_only,
                document_alerts,
            )
            .await
        }
        Command::Serve { cfg, listen, sync } => {
            let mut cfg = load_config(&cfg)?;
            if let Some(l) = listen {
                cfg.listen = l;
            }
            init_logging(&cfg.log_format);
            let listen = cfg.listen.clone();
            // A BCP node keeps its outbox in SQLite; the centre and a standalone server may use either backend.
            let syncing = sync.role.is_some() || sync.nats.is_some();
            if sync.role.as_deref() == Some("bcp") && cfg.sqlite_path().is_none() {
                bail!(
                    "a BCP node runs on the embedded SQLite database (--database sqlite://PATH), not on {}",
                    limes_store_postgres::redact_url(&cfg.database)
                );
            }
            // Both backends have the sync tables: the operations page of the BCP nodes reads them (and says
            // plainly when this node is not the centre).
            let (store, sync_store) = open_sync_store(&cfg).await?;
            let key = limes_server::load_or_create_key(&key_path(&cfg))?;
            let state = limes_server::build_state(store, cfg, Arc::new(SystemClock), key)
                .await?
                .with_sync(sync_store.clone());
            if state.store.users().await?.is_empty() {
                bail!("the database has no users yet: run `limes init` first");
            }
            let _sync_tasks = if syncing {
                start_sync(sync_store, &sync, state.clock.clone()).await?
            } else {
                Vec::new()
            };
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            tracing::info!("Limes serving on http://{listen}");
            limes_server::serve(state, listener).await
        }
        Command::Init {
            cfg,
            username,
            agency_code,
            agency_name,
            password_stdin,
        } => {
            let cfg = load_config(&cfg)?;
            let state = state_for(cfg).await?;
            if !state.store.users().await?.is_empty() {
                bail!("the database already has users; use `limes user add`");
            }
            let now = state.clock.now();
            if !state
                .store
                .agencies()
                .await?
                .iter()
                .any(|a| a.code == agency_code)
            {
                let agency = limes_domain::Agency {
                    code: agency_code.clone(),
                    name: agency_name,
                    kind: limes_domain::AgencyKind::BorderPolice,
                };
                state
                    .store
                    .upsert_agency(&agency, AuditEvent::new(now, &cli_actor(), "agency.upsert"))
                    .await?;
            }
            let password = read_password(password_stdin, "Password for the administrator: ")?;
            let req = limes_server::api::NewUserRequest {
                username,
                display_name: "Administrator".into(),
                role: Role::Administrator,
                agency: agency_code,
                bcps: vec![],
                password,
            };
            let user = limes_server::api::add_user(&state, &cli_actor(), None, req)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("database ready; administrator '{}' created", user.username);
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    cfg,
                    username,
                    display_name,
                    role,
                    agency,
                    bcps,
                    password_stdin,
                },
        } => {
            let state = state_for(load_config(&cfg)?).await?;
            let password = read_password(password_stdin, &format!("Password for {username}: "))?;
            let req = limes_server::api::NewUserRequest {
                display_name: display_name.unwrap_or_else(|| username.clone()),
                username,
                role,
                agency,
                bcps,
                password,
            };
            let user = limes_server::api::add_user(&state, &cli_actor(), None, req)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("user '{}' ({}) created", user.username, user.role);
            Ok(())
        }
        Command::User {
            command: UserCommand::List { cfg },
        } => {
            let store = open_store(&load_config(&cfg)?).await?;
            for u in store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.role,
                    u.agency,
                    if u.bcps.is_empty() {
                        "*".to_string()
                    } else {
                        u.bcps.join(",")
                    },
                    if u.active { "active" } else { "inactive" }
                );
            }
            Ok(())
        }
        Command::Import {
            command:
                ImportCommand::Watchlist {
                    cfg,
                    file,
                    id,
                    format,
                },
        } => {
            let store = open_store(&load_config(&cfg)?).await?;
            let n = import_watchlist_file(store.as_ref(), &file, id.as_deref(), format.as_deref())
                .await?;
            println!("{n} entries imported from {}", file.display());
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Paxlst { cfg, files },
        } => {
            let state = state_for(load_config(&cfg)?).await?;
            let mut failed = 0;
            for file in &files {
                let outcome = match std::fs::read(file) {
                    Ok(bytes) => {
                        let base = AuditEvent::new(state.clock.now(), &cli_actor(), "api.intake");
                        limes_server::pax::intake(&state, &bytes, "cli", base)
                            .await
                            .map_err(|e| e.to_string())
                    }
                    Err(e) => Err(format!("cannot read: {e}")),
                };
                match outcome {
                    Ok(report) => {
                        if report.accepted() == 0 && !report.duplicate {
                            failed += 1;
                        }
                        let mut line = serde_json::to_value(&report)?;
                        line["file"] = serde_json::json!(file.display().to_string());
                        println!("{line}");
                    }
                    Err(e) => {
                        failed += 1;
                        println!(
                            "{}",
                            serde_json::json!({"file": file.display().to_string(), "error": e})
                        );
                    }
                }
            }
            if failed > 0 {
                bail!("{failed} of {} files had no message taken in", files.len());
            }
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Documents { cfg, file, replace },
        } => {
            let store = open_store(&load_config(&cfg)?).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let alerts = limes_server::imports::parse_document_alerts_csv(&bytes, "national")
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "documents.import");
            audit.detail = format!("{} alerts from {}", alerts.len(), file.display());
            let n = store.import_document_alerts(alerts, replace, audit).await?;
            println!(
                "{n} document alerts imported{}",
                if replace { " (register replaced)" } else { "" }
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { cfg },
        } => {
            let store = open_store(&load_config(&cfg)?).await?;
            match limes_store::verify_audit_chain(store.as_ref()).await? {
                Ok(n) => {
                    println!("audit chain intact: {n} entries verified");
                    Ok(())
                }
                Err(b) => bail!("{b}"),
            }
        }
        Command::Paxlst { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            match limes_edifact::paxlst::run_cli(&bytes) {
                Ok(json) => {
                    println!("{json}");
                    Ok(())
                }
                Err(e) => bail!("{}: {e}", file.display()),
            }
        }
        Command::Mrz => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .context("reading standard input")?;
            print!("{}", limes_mrz::run_cli(&input, SystemClock.today()));
            Ok(())
        }
        Command::Screen {
            watchlists,
            input,
            output,
            min_score,
            threshold,
        } => {
            let summary =
                limes_screen::run_screen_batch(&watchlists, &input, &output, min_score, threshold)?;
            eprintln!("{summary}");
            Ok(())
        }
        Command::Bench { command } => bench::run(command).await,
        Command::Sync {
            command: SyncCommand::Status { cfg, silent_after },
        } => {
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
        Command::Sync {
            command: SyncCommand::Resend { cfg },
        } => {
            let (_, store) = open_sync_store(&load_config(&cfg)?).await?;
            let queued = store.queue_full_copy().await?;
            println!(
                "{queued} downward messages queued: every watchlist, the document-alert register and every rule, \
                 whole, at the centre's versions (the centre's relay sends them)"
            );
            Ok(())
        }
        Command::Sync {
            command: SyncCommand::Verify { cfg, node },
        } => {
            let (_, store) = open_sync_store(&load_config(&cfg)?).await?;
            match limes_store::sync::verify_node_chain(store.as_ref(), &node).await? {
                Ok(0) => bail!("no audit entries of node '{node}' at this centre"),
                Ok(n) => {
                    println!("audit chain of node {node} intact: {n} entries verified");
                    Ok(())
                }
                Err(b) => bail!("node {node}: {b}"),
            }
        }
        Command::Eval {
            command:
                EvalCommand::Screening {
                    watchlists,
                    positives,
                    negatives,
                    seed,
                    name_pairs,
                    verbose,
                },
        } => {
            let lists = bench::load_lists(&watchlists)?;
            let report = limes_screen::eval::run_eval(lists, positives, negatives, seed);
            println!(
                "evaluation set: {} listed travellers (variants), {} innocent travellers (a tenth of them namesakes); seed {seed}",
                report.positives, report.negatives
            );
            println!("retrieval stage recall: {:.4}", report.retrieval_recall);
            println!("threshold  recall   false alerts");
            for r in &report.rows {
                println!(
                    "   {:.3}    {:.4}   {:.4}",
                    r.threshold, r.recall, r.false_alert_rate
                );
            }
            println!(
                "chosen default threshold (best recall with false alerts <= 0.8%, a margin under the 1% target): {:.3}",
                report.chosen_threshold
            );
            println!(
                "strict threshold (best recall with false alerts <= 0.1%): {:.3}",
                report.strict_threshold
            );
            println!("per kind at the chosen threshold (listed: caught; innocent: passed):");
            for (kind, n, right) in &report.by_kind {
                println!(
                    "  {kind:<28} {right:>6} / {n:<6} {:.4}",
                    *right as f64 / (*n).max(1) as f64
                );
            }
            if verbose {
                println!("misses at the chosen threshold:");
                for m in &report.misses {
                    println!("  {m}");
                }
                println!("highest-scoring innocent travellers:");
                for m in &report.false_alerts {
                    println!("  {m}");
                }
                println!("lost by the retrieval stage:");
                for m in &report.retrieval_misses {
                    println!("  {m}");
                }
            }
            if let Some(path) = name_pairs {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let t = report.chosen_threshold;
                if let Some((tp, fp, tn, fneg)) = limes_screen::eval::name_pairs_agreement(&text, t)
                {
                    println!(
                        "name pairs (persons, names only, threshold {t:.3}): {tp} matches found, {fneg} missed, {fp} false, {tn} rightly apart; accuracy {:.3}",
                        (tp + tn) as f64 / (tp + tn + fp + fneg).max(1) as f64
                    );
                }
            }
            Ok(())
        }
    }
}

/// Set the node's sync role in its database and start the sync tasks (none for a node on its own).
async fn start_sync(
    store: Arc<dyn limes_store::sync::SyncStore>,
    args: &SyncArgs,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    use limes_store::sync::NodeRole;
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
    let sync_store = store.clone();
    match role {
        "bcp" => {
            let Some(bcp) = args.bcp.as_deref() else {
                bail!("--role bcp needs --bcp CODE");
            };
            let suffix = limes_store::new_id();
            let node = args.node.clone().unwrap_or_else(|| {
                format!("{bcp}-{}", suffix.rsplit('-').next().unwrap_or("node"))
            });
            let identity = store
                .set_sync_identity(NodeRole::Bcp, &node, Some(bcp))
                .await?;
            let client = limes_sync::connect(nats, &format!("limes-bcp-{}", identity.node)).await?;
            tracing::info!(node = %identity.node, bcp, nats, "BCP node: syncing with the centre");
            limes_sync::edge::spawn(sync_store, client, &identity, clock, options)
        }
        _ => {
            if args.bcp.is_some() {
                bail!("--bcp is for `--role bcp`");
            }
            let node = args.node.clone().unwrap_or_else(|| "centre".into());
            let identity = store
                .set_sync_identity(NodeRole::Centre, &node, None)
                .await?;
            let client = limes_sync::connect(nats, "limes-centre").await?;
            tracing::info!(node = %identity.node, nats, "national centre: syncing with the BCP nodes");
            limes_sync::centre::spawn(sync_store, client, identity.node, clock, options).await
        }
    }
}

/// Import a watchlist file into the store (the running server picks it up within seconds).
pub async fn import_watchlist_file(
    store: &dyn Store,
    file: &Path,
    id: Option<&str>,
    format: Option<&str>,
) -> anyhow::Result<u64> {
    use limes_server::imports::{parse_watchlist, WatchlistFormat};
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let list = match format {
        Some(f) => {
            let fmt =
                WatchlistFormat::parse(f).ok_or_else(|| anyhow::anyhow!("unknown format '{f}'"))?;
            parse_watchlist(&bytes, fmt, id)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?
        }
        None => {
            // Files whose format the content does not tell (OFAC with its -alt/-add siblings) are loaded by path.
            let mut list = limes_screen::import::detect_and_load(file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            if let Some(id) = id {
                list.id = id.to_string();
            }
            list
        }
    };
    let audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "watchlist.import");
    limes_server::api::persist_watchlist(store, audit, &list, &file.display().to_string())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}
