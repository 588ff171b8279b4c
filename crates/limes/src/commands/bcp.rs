//! `limes bcp`: add and list border crossing points, for a stand-alone installation or the centre (a BCP node
//! takes its organisation from the centre).
use crate::common::{app_for, cli_actor, load_config, ConfigArgs};
use clap::Subcommand;
use limes_app::Actor;
use limes_domain::{Bcp, BcpKind};

#[derive(Subcommand)]
pub enum BcpCommand {
    /// Add a BCP (or update the one with this code); prints it as JSON.
    Add {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// The BCP's code (letters, digits and '-'; upper-cased), e.g. UTO-LND-N1.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// land, air or sea.
        #[arg(long, value_parser = ["land", "air", "sea"])]
        kind: String,
        /// The agency that runs it (its code).
        #[arg(long)]
        agency: String,
        /// The border section it belongs to.
        #[arg(long, default_value = "")]
        border_section: String,
        /// ICAO code of the neighbouring state across this border.
        #[arg(long)]
        neighbour: Option<String>,
    },
    /// Every BCP, as JSON.
    List {
        #[command(flatten)]
        cfg: ConfigArgs,
    },
}

pub async fn run(command: BcpCommand) -> anyhow::Result<()> {
    match command {
        BcpCommand::Add {
            cfg,
            code,
            name,
            kind,
            agency,
            border_section,
            neighbour,
        } => {
            let app = app_for(load_config(&cfg)?).await?;
            let bcp = Bcp {
                code,
                name,
                kind: BcpKind::parse(&kind).unwrap_or(BcpKind::Land),
                border_section,
                neighbour,
                agency,
                latitude: None,
                longitude: None,
                active: true,
            };
            let saved = limes_app::org::save_bcp(&app, Actor::Operator(&cli_actor()), bcp).await?;
            println!("{}", serde_json::to_string_pretty(&saved)?);
            Ok(())
        }
        BcpCommand::List { cfg } => {
            let app = app_for(load_config(&cfg)?).await?;
            let bcps = limes_app::org::bcps(&app).await?;
            println!("{}", serde_json::to_string_pretty(&bcps)?);
            Ok(())
        }
    }
}
