//! `limes audit`: the audit trail's hash chain.
use crate::common::{load_config, open_store, ConfigArgs};
use anyhow::bail;
use clap::Subcommand;
use limes_i18n::AsArg;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain; names the first broken link.
    Verify {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

pub async fn run(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify { cfg } => {
            let store = open_store(&load_config(&cfg)?).await?;
            match limes_store::verify_audit_chain(store.as_ref()).await? {
                Ok(n) => {
                    println!(
                        "{}",
                        crate::common::say("cli-audit-intact", &[("count", n.as_arg())])
                    );
                    Ok(())
                }
                Err(b) => bail!("{b}"),
            }
        }
    }
}
