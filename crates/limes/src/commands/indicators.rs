//! `limes indicators`: the risk indicators from the database, by period and breakdown, as CSV or JSON — the same
//! numbers the analyst's pages show, so any of them can be checked.
use crate::common::{app_for, cli_actor, load_config, ConfigArgs};
use anyhow::anyhow;
use chrono::NaiveDate;
use clap::Args;
use limes_app::risk::{indicator_table, IndicatorRequest};
use limes_domain::indicators::{Breakdown, PeriodKind};

#[derive(Args)]
pub struct IndicatorsArgs {
    #[command(flatten)]
    cfg: ConfigArgs,
    /// week, month, quarter or year.
    #[arg(long, default_value = "week")]
    period: String,
    /// bcp, section, border_type, nationality, direction or total.
    #[arg(long, default_value = "section")]
    by: String,
    /// First day (YYYY-MM-DD; default: a year before --to, longer for quarters and years).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD; default: today).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only this BCP.
    #[arg(long)]
    bcp: Option<String>,
    /// csv or json.
    #[arg(long, default_value = "csv")]
    format: String,
}

pub async fn run(args: IndicatorsArgs) -> anyhow::Result<()> {
    let period = PeriodKind::parse(&args.period).ok_or_else(|| {
        anyhow!(
            "--period: week, month, quarter or year, not {}",
            args.period
        )
    })?;
    let by = Breakdown::parse(&args.by).ok_or_else(|| {
        anyhow!(
            "--by: bcp, section, border_type, nationality, direction or total, not {}",
            args.by
        )
    })?;
    if args.format != "csv" && args.format != "json" {
        return Err(anyhow!("--format: csv or json, not {}", args.format));
    }
    let app = app_for(load_config(&args.cfg)?).await?;
    let actor = cli_actor();
    let request = IndicatorRequest {
        period,
        by,
        from: args.from,
        to: args.to,
        bcp: args.bcp,
    };
    let table = indicator_table(&app, limes_app::Actor::Operator(&actor), &request).await?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&table)?);
    } else {
        print!("{}", table.to_csv()?);
    }
    Ok(())
}
