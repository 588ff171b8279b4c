//! `limes import`: a watchlist, PAXLST interchanges, the document-alert or the stolen-vehicle register, all or
//! nothing.
use crate::common::{app_for, cli_actor, load_config, open_store, ConfigArgs};
use anyhow::{bail, Context};
use clap::Subcommand;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_i18n::AsArg;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ImportCommand {
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
    /// Document alerts from CSV (docs/formats.md), read as a stream in bounded memory; all rows or none.
    Documents {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
        /// Replace the whole register instead of adding to it.
        #[arg(long, conflicts_with = "changes")]
        replace: bool,
        /// FILE is a change file (additions and removals since the register version it names).
        #[arg(long)]
        changes: bool,
    },
    /// A legacy system's crossing history from CSV (docs/formats.md), read as a stream, for the risk indicators;
    /// all rows or none (the first bad line fails the import, named).
    Crossings {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
    },
    /// The stolen-vehicle register from CSV (docs/formats.md), read as a stream; all rows or none.
    Vehicles {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
        /// Replace the whole register instead of adding to it.
        #[arg(long)]
        replace: bool,
    },
    /// The firearm register from CSV (record_id,serial,make,model,calibre,type,country_of_manufacture,status,
    /// reported_by,reported_on), read as a stream; all rows or none.
    Firearms {
        #[command(flatten)]
        cfg: ConfigArgs,
        file: PathBuf,
        /// Replace the whole register instead of adding to it.
        #[arg(long)]
        replace: bool,
    },
}

pub async fn run(command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Watchlist {
            cfg,
            file,
            id,
            format,
        } => {
            let store = open_store(&load_config(&cfg)?).await?;
            // The running server picks the new version up within seconds.
            let audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "watchlist.import");
            let n = limes_app::lists::import_watchlist_file(
                store.as_ref(),
                audit,
                &file,
                id.as_deref(),
                format.as_deref(),
            )
            .await?;
            let file = file.display().to_string();
            let args = [("count", n.as_arg()), ("file", file.as_arg())];
            println!("{}", crate::common::say("cli-watchlist-imported", &args));
            Ok(())
        }
        ImportCommand::Paxlst { cfg, files } => import_paxlst(&cfg, &files).await,
        ImportCommand::Documents {
            cfg,
            file,
            replace,
            changes,
        } => crate::commands::import_register::documents(&cfg, &file, replace, changes).await,
        ImportCommand::Vehicles { cfg, file, replace } => {
            crate::commands::import_vehicles::run(&cfg, &file, replace).await
        }
        ImportCommand::Crossings { cfg, file } => import_crossings(&cfg, &file).await,
        ImportCommand::Firearms { cfg, file, replace } => {
            crate::commands::firearms::import(&cfg, &file, replace).await
        }
    }
}

/// Each file taken in as if the API had received it; one JSON line per file, an error when any took in nothing.
async fn import_paxlst(cfg: &ConfigArgs, files: &[PathBuf]) -> anyhow::Result<()> {
    let state = app_for(load_config(cfg)?).await?;
    let mut failed = 0;
    for file in files {
        let outcome = match std::fs::read(file) {
            Ok(bytes) => intake(&state, &bytes).await,
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

/// The application's PAXLST intake service, as the shell's actor on the `cli` channel.
async fn intake(
    state: &limes_app::App,
    bytes: &[u8],
) -> Result<limes_app::pax::IntakeReport, String> {
    let actor = cli_actor();
    limes_app::pax::intake(state, limes_app::Actor::Operator(&actor), bytes, "cli")
        .await
        .map_err(|e| e.to_string())
}

/// Historical crossings from a CSV file, streamed, all or nothing.
async fn import_crossings(cfg: &ConfigArgs, file: &Path) -> anyhow::Result<()> {
    let app = app_for(load_config(cfg)?).await?;
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    );
    let actor = cli_actor();
    let name = file.display().to_string();
    let n =
        limes_app::risk::import_crossings(&app, limes_app::Actor::Operator(&actor), reader, &name)
            .await
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let args = [("count", n.as_arg()), ("file", name.as_arg())];
    println!("{}", crate::common::say("cli-crossings-imported", &args));
    Ok(())
}
