//! `limes seizures stats`: seizure statistics by heading, BCP or route per week, month or year, as CSV (the
//! export for the regional intelligence liaison offices, audited) or JSON lines.
use crate::common::{app_for, cli_actor, load_config, ConfigArgs};
use anyhow::bail;
use clap::Subcommand;
use limes_app::seizures::{export_stats_csv, stats, StatsQuery};
use limes_domain::seizure::{Period, StatsBy};

#[derive(Subcommand)]
pub enum SeizuresCommand {
    /// Counts and quantities of seizures per period and group, one row per unit (or currency).
    Stats {
        #[command(flatten)]
        cfg: ConfigArgs,
        /// Group by `heading`, `bcp` or `route`.
        #[arg(long, default_value = "heading")]
        by: String,
        /// `week`, `month` or `year`.
        #[arg(long, default_value = "month")]
        period: String,
        /// `csv` or `json` (one object per line).
        #[arg(long, default_value = "csv")]
        format: String,
        /// Only this BCP.
        #[arg(long)]
        bcp: Option<String>,
    },
}

pub async fn run(command: SeizuresCommand) -> anyhow::Result<()> {
    match command {
        SeizuresCommand::Stats {
            cfg,
            by,
            period,
            format,
            bcp,
        } => {
            let Some(by) = StatsBy::parse(&by) else {
                bail!("--by: '{by}' is not heading, bcp or route");
            };
            let Some(period) = Period::parse(&period) else {
                bail!("--period: '{period}' is not week, month or year");
            };
            let q = StatsQuery {
                by,
                period,
                from: None,
                to: None,
                bcp,
            };
            let app = app_for(load_config(&cfg)?).await?;
            let actor = cli_actor();
            let who = limes_app::Actor::Operator(&actor);
            match format.as_str() {
                "csv" => print!("{}", export_stats_csv(&app, who, &q).await?),
                "json" => {
                    for row in stats(&app, who, &q).await? {
                        println!("{}", serde_json::to_string(&row)?);
                    }
                }
                other => bail!("--format: '{other}' is neither csv nor json"),
            }
            Ok(())
        }
    }
}
