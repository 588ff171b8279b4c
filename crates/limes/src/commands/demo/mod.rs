//! `limes demo`: the demo installation of Utopia (UTO): real UN-list data, synthetic everything else, made once
//! and reused.
pub mod api;
mod cooperation;
pub mod data;
mod firearms;
pub mod goods;
pub mod mrz;
mod risk;
mod salw;
mod seed;
mod seizures;
mod surveillance;
mod vehicles;

use crate::common::app_for;
use anyhow::Context;
use clap::Args;
use limes_server::config::Config;
use std::path::{Path, PathBuf};

pub use data::{synthetic_alerts, DOCUMENT_ALERTS, UN_LIST_XML};
pub use mrz::{samples, td3, Passport};

const CREDENTIALS_FILE: &str = "demo-logins.txt";

#[derive(Args)]
pub struct DemoArgs {
    /// Directory of the demo's own database and files.
    #[arg(long, default_value = "limes-demo-data")]
    dir: PathBuf,
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Create the data and exit without serving.
    #[arg(long)]
    seed_only: bool,
    /// Size of the synthetic document-alert register made on first start.
    #[arg(long, default_value_t = DOCUMENT_ALERTS)]
    document_alerts: usize,
    /// Keep the demo's data in this database instead (postgres://…; default: SQLite in --dir).
    #[arg(long)]
    database: Option<String>,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    crate::init_logging("text");
    start(
        &args.dir,
        args.database.as_deref(),
        &args.listen,
        args.seed_only,
        args.document_alerts,
    )
    .await
}

/// The demo's database: the one given (e.g. `postgres://…`), else SQLite in the demo directory.
pub fn database_url(dir: &Path, database: Option<&str>) -> String {
    database
        .map(str::to_string)
        .unwrap_or_else(|| dir.join("limes.db").display().to_string())
}

/// Make the demo data when the database has none, print how to sign in, and serve (unless `seed_only`).
pub async fn start(
    dir: &Path,
    database: Option<&str>,
    listen: &str,
    seed_only: bool,
    alerts: usize,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let cfg = Config {
        listen: listen.to_string(),
        database: database_url(dir, database).into(),
        installation_name: "Limes demo — Utopia Border Police".into(),
        api_arrival_bcps: api::ARRIVAL_AIRPORTS
            .iter()
            .map(|(airport, bcp)| (airport.to_string(), bcp.to_string()))
            .collect(),
        api_inbox_dir: Some(dir.join("api-inbox").display().to_string()),
        goods: goods::demo_config(),
        ..Config::default()
    };
    let key = limes_server::load_or_create_key(&crate::common::key_path(&cfg))?;
    let state = app_for(cfg).await?;
    let creds_path = dir.join(CREDENTIALS_FILE);
    let logins = if state.store.users().await?.is_empty() {
        seed::seed(&state, &creds_path, alerts).await?
    } else {
        std::fs::read_to_string(&creds_path).unwrap_or_else(|_| "(logins file missing)".into())
    };
    let arrivals = api::ensure_todays_arrivals(&state).await?;
    let s = samples(state.clock.today());
    if arrivals > 0 {
        println!(
            "Advance passenger information: {arrivals} travellers on today's arrivals screened."
        );
    }
    println!("\nLimes demo — Utopia (UTO), data in {}\n", dir.display());
    println!("Open http://{listen}/ and sign in:\n{logins}");
    println!("MRZs to try at the check (paste, then Enter):\n-- clear --\n{}\n-- stolen passport --\n{}\n-- UN-listed person --\n{}\n", s.clear, s.stolen, s.un_hit);
    if seed_only {
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    limes_server::serve(limes_server::web_state(state, key), listener).await
}
