//! `limes import vehicles FILE`: the stolen-vehicle register from CSV, streamed from the file (never read whole),
//! added to the register or replacing it, all or nothing.
use crate::common::{cli_actor, load_config, open_store, ConfigArgs};
use anyhow::Context;
use limes_domain::{AuditEvent, Clock, SystemClock};
use limes_i18n::AsArg;
use std::path::Path;

pub async fn run(cfg: &ConfigArgs, file: &Path, replace: bool) -> anyhow::Result<()> {
    let store = open_store(&load_config(cfg)?).await?;
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    );
    let audit = AuditEvent::new(SystemClock.now(), &cli_actor(), "vehicles.import");
    let n = limes_app::vehicles::import_stolen_vehicles(store.as_ref(), audit, reader, replace)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let key = if replace {
        "cli-vehicles-replaced"
    } else {
        "cli-vehicles-imported"
    };
    println!("{}", crate::common::say(key, &[("count", n.as_arg())]));
    Ok(())
}
