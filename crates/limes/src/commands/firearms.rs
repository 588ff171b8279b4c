//! `limes firearms search`: a weapon looked up in the firearm register, the ranked candidates printed as JSON
//! lines `{"record_id","score","explain"}` best first; and `limes import firearms FILE` (called from
//! `commands/import.rs`): the register from CSV, streamed, all or nothing.
use crate::common::{app_for, cli_actor, load_config, open_store, ConfigArgs};
use anyhow::Context;
use clap::Subcommand;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_i18n::AsArg;
use std::path::Path;

#[derive(Subcommand)]
pub enum FirearmsCommand {
    /// Look a weapon up in the firearm register as read off it; one JSON line per candidate, best first.
    Search {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// The serial number as written (look-alike characters, separators and prefixes are fine).
        #[arg(long)]
        serial: String,
        /// The make under any of its names ("Izhmash", "Kalashnikov Concern" …).
        #[arg(long, default_value = "")]
        make: String,
        #[arg(long, default_value = "")]
        model: String,
        /// The calibre in millimetres or inches ("7,62 x 39 mm", ".30").
        #[arg(long, default_value = "")]
        calibre: String,
        /// Most candidates printed.
        #[arg(long, default_value_t = limes_app::firearms::DEFAULT_CANDIDATES)]
        limit: usize,
    },
}

pub async fn run(command: FirearmsCommand) -> anyhow::Result<()> {
    match command {
        FirearmsCommand::Search {
            cfg,
            serial,
            make,
            model,
            calibre,
            limit,
        } => {
            let app = app_for(load_config(&cfg)?).await?;
            let actor = cli_actor();
            let request = limes_app::firearms::FirearmSearchRequest {
                serial,
                make,
                model,
                calibre,
                limit: Some(limit),
            };
            let found = limes_app::firearms::search_firearms(
                &app,
                limes_app::Actor::Operator(&actor),
                request,
            )
            .await?;
            for c in found.candidates {
                println!(
                    "{}",
                    serde_json::json!({"record_id": c.record_id, "score": c.score, "explain": c.explain})
                );
            }
            Ok(())
        }
    }
}

/// The firearm register from a CSV file, streamed (never read whole), added to the register or replacing it.
pub async fn import(cfg: &ConfigArgs, file: &Path, replace: bool) -> anyhow::Result<()> {
    let store = open_store(&load_config(cfg)?).await?;
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    );
    let audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "firearms.import");
    let n = limes_app::firearms::import_firearms(store.as_ref(), audit, reader, replace)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let key = if replace {
        "cli-firearms-replaced"
    } else {
        "cli-firearms-imported"
    };
    println!("{}", crate::common::say(key, &[("count", n.as_arg())]));
    Ok(())
}
