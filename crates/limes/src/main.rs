//! `limes`: the one binary. Runs the server, seeds the demo, imports lists, verifies the audit trail,
//! parses MRZs, screens in batch and runs the benchmarks. Each command lives in its module under `commands/`;
//! this file parses the command line, sets up logging and dispatches.

mod commands;
mod common;
mod shutdown;
mod tasks;

use clap::{Parser, Subcommand};
use commands::{
    audit, bcp, bench, declaration, demo, eval, firearms, import, init, paxlst, screen, seizures,
    serve, sync, token, user,
};
use std::time::Duration;

/// How long the runtime waits, once the command is done, for work it cannot cancel (blocking file or database
/// calls) before the process exits anyway.
const RUNTIME_SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

#[derive(Parser)]
#[command(name = "limes", version, about = "Limes — integrated border management", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start a demo installation of the fictional state Utopia (UTO) with real UN-list data, and serve it.
    Demo(demo::DemoArgs),
    /// Serve the web UI and the API.
    Serve(serve::ServeArgs),
    /// Sync of BCP nodes with the national centre.
    Sync {
        #[command(subcommand)]
        command: sync::SyncCommand,
    },
    /// Create the database and the first administrator.
    Init(init::InitArgs),
    /// Border crossing points: add, list.
    Bcp {
        #[command(subcommand)]
        command: bcp::BcpCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// API tokens of machine accounts (e-gates, kiosks, carriers' PAXLST senders).
    Token {
        #[command(subcommand)]
        command: token::TokenCommand,
    },
    /// Import a watchlist or the document-alert register (all or nothing).
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Risk indicators by period and breakdown, as CSV or JSON (the numbers the analyst's pages show).
    Indicators(commands::indicators::IndicatorsArgs),
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Seizure and offence records: statistics for the regional intelligence liaison offices.
    Seizures {
        #[command(subcommand)]
        command: seizures::SeizuresCommand,
    },
    /// Parse a UN/EDIFACT PAXLST file (advance passenger information) and print it as JSON.
    Paxlst(paxlst::PaxlstArgs),
    /// Read a goods declaration or cargo report (WCO DEC-DMS XML, EDIFACT CUSDEC/CUSCAR) and print it as JSON.
    Declaration(declaration::DeclarationArgs),
    /// Parse MRZs from standard input (lines of one MRZ together, a blank line between MRZs); one JSON object each.
    Mrz,
    /// Screen a CSV of travellers against watchlist files; JSON lines out.
    Screen(screen::ScreenArgs),
    /// Accuracy of the screening engine on a generated, labelled evaluation set.
    Eval {
        #[command(subcommand)]
        command: eval::EvalCommand,
    },
    /// The firearm register: look a weapon up.
    Firearms {
        #[command(subcommand)]
        command: firearms::FirearmsCommand,
    },
    /// Benchmarks (results go to docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
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
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN_GRACE);
}

/// Logging to standard error, filtered by `LIMES_LOG` (default: info, quieter HTTP tracing); `json` or text.
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

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(args) => demo::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Sync { command } => sync::run(command).await,
        Command::Init(args) => init::run(args).await,
        Command::Bcp { command } => bcp::run(command).await,
        Command::User { command } => user::run(command).await,
        Command::Token { command } => token::run(command).await,
        Command::Import { command } => import::run(command).await,
        Command::Audit { command } => audit::run(command).await,
        Command::Seizures { command } => seizures::run(command).await,
        Command::Indicators(args) => commands::indicators::run(args).await,
        Command::Paxlst(args) => paxlst::run(args).await,
        Command::Declaration(args) => declaration::run(args).await,
        Command::Mrz => commands::mrz::run().await,
        Command::Screen(args) => screen::run(args).await,
        Command::Eval { command } => eval::run(command).await,
        Command::Firearms { command } => firearms::run(command).await,
        Command::Bench { command } => bench::run(command).await,
    }
}
