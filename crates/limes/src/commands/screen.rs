//! `limes screen`: screen a CSV of travellers against watchlist files, JSON lines out (no database).
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct ScreenArgs {
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
}

pub async fn run(args: ScreenArgs) -> anyhow::Result<()> {
    let summary = limes_screen::run_screen_batch(
        &args.watchlists,
        &args.input,
        &args.output,
        args.min_score,
        args.threshold,
    )?;
    eprintln!("{summary}");
    Ok(())
}
