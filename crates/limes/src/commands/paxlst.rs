//! `limes paxlst FILE`: parse a UN/EDIFACT PAXLST file and print every interchange in it as JSON, one per line
//! (nothing is stored).
use anyhow::{bail, Context};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct PaxlstArgs {
    file: PathBuf,
}

pub async fn run(args: PaxlstArgs) -> anyhow::Result<()> {
    let file = args.file;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    match limes_edifact::paxlst::run_cli(&bytes) {
        Ok(json) => {
            println!("{json}");
            Ok(())
        }
        Err(e) => bail!("{}: {e}", file.display()),
    }
}
