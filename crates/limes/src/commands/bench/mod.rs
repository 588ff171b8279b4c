//! `limes bench`: benchmarks run as commands, one module each. Numbers go to docs/benchmarks.md with the machine
//! they ran on.
mod api;
mod checks;
mod declarations;
mod firearms;
mod goods;
mod incidents;
mod indicators;
mod measure;
mod mrz;
mod paxlst;
mod salw;
mod screen;
mod sync;
mod vehicles;

use crate::commands::demo;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Border checks through the HTTP API on loopback against the demo data, each durably recorded.
    Checks {
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Concurrent clients (officers' terminals and e-gates checking at once).
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Demo data directory (created when missing).
        #[arg(long, default_value = "limes-demo-data")]
        dir: PathBuf,
        /// Run against this database instead of SQLite in --dir, e.g. postgres://limes@127.0.0.1:5432/limes
        /// (the demo data is created in it when it has no users yet).
        #[arg(long)]
        database: Option<String>,
    },
    /// Goods declarations read and validated, one core: WCO DEC-DMS of 20 items and CUSCAR; rate and p99.
    Declarations {
        #[arg(long, default_value_t = 20_000)]
        count: usize,
        #[arg(long, default_value_t = 20)]
        items: usize,
    },
    /// Goods declarations of 20 items routed, selected against 1,000 rules and stored (SQLite, temporary).
    Goods {
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 1000)]
        rules: usize,
        /// Concurrent brokers during the sustained run.
        #[arg(long, default_value_t = 4)]
        brokers: usize,
        #[arg(long, default_value_t = 20)]
        items: usize,
    },
    /// Incidents by box and time: N incidents over a year in a fresh SQLite database, then box-and-month
    /// queries; p50/p99 (target p99 ≤ 50 ms at 1,000,000).
    Incidents {
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        #[arg(long, default_value_t = 1000)]
        queries: usize,
    },
    /// MRZ parsing and validation, one core.
    Mrz {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// PAXLST parsing, one core: MB/s over a manifest of repeated real messages.
    Paxlst {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Advance passenger information: 400-passenger manifests parsed, screened (watchlists, document-alert
    /// register, targeting rules) and committed; latency one at a time, then sustained intake.
    Api {
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 400)]
        passengers: usize,
        #[arg(long, default_value_t = 50)]
        rules: usize,
        /// Concurrent senders during the sustained run.
        #[arg(long, default_value_t = 4)]
        senders: usize,
        /// Data directory (the demo's data plus the benchmark rules; created when missing).
        #[arg(long, default_value = "limes-bench-api-data")]
        dir: PathBuf,
        /// Run against this database instead of SQLite in --dir, e.g. postgres://limes@127.0.0.1:5432/limes
        /// (the demo data is created in it when it has no users yet).
        #[arg(long)]
        database: Option<String>,
    },
    /// Sync through real nats-server processes on loopback: a BCP node's backlog draining to the centre, and a
    /// watchlist change reaching many BCP nodes.
    Sync {
        /// Outbox records in the backlog (two per check: the crossing and its audit entry).
        #[arg(long, default_value_t = 100_000)]
        records: usize,
        /// BCP nodes the watchlist change goes to.
        #[arg(long, default_value_t = 10)]
        nodes: usize,
        /// Entries of the changed watchlist.
        #[arg(long, default_value_t = 1000)]
        entries: usize,
        /// The centre on this PostgreSQL database (postgres://…) instead of SQLite in a temporary directory.
        #[arg(long)]
        database: Option<String>,
    },
    /// Name screening: batch throughput (all cores) and per-traveller latency (one core).
    Screen {
        /// List files (default: the UN list built into the binary).
        #[arg(long = "watchlist")]
        watchlists: Vec<PathBuf>,
        /// Travellers to screen.
        #[arg(long, default_value_t = 20_000)]
        travellers: usize,
        /// Add a synthetic list of this many culture-matched person names (real name parts recombined) to measure scale.
        #[arg(long, default_value_t = 0)]
        synthetic_names: usize,
        /// Threads for the batch run (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// The stolen-vehicle register at N generated records (streamed import into SQLite), then lookups by VIN and
    /// by plate: import time, lookup p50/p99, memory.
    /// The risk indicators for a year by week and section over N generated crossings (docs/formats.md).
    Indicators {
        #[arg(long, default_value_t = 10_000_000)]
        crossings: u64,
    },
    Vehicles {
        #[arg(long, default_value_t = 1_000_000)]
        records: u64,
        #[arg(long, default_value_t = 100_000)]
        lookups: usize,
    },
    /// A consignment of N weapons verified against its signed authorisation, one core: p50 and p99 (target 50 ms).
    Salw {
        #[arg(long, default_value_t = 500)]
        weapons: usize,
        #[arg(long, default_value_t = 200)]
        runs: usize,
    },
    /// The firearm register at N generated records (streamed import into SQLite, the in-memory index built), then
    /// look-ups of written variants (exact, look-alike, separators, one typo) on one core: p50/p99, recall, memory.
    Firearms {
        #[arg(long, default_value_t = 1_500_000)]
        records: u64,
        #[arg(long, default_value_t = 100_000)]
        lookups: usize,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Checks {
            seconds,
            clients,
            dir,
            database,
        } => checks::run(seconds, clients, dir, database).await,
        BenchCommand::Declarations { count, items } => declarations::run(count, items),
        BenchCommand::Mrz { seconds } => mrz::run(seconds),
        BenchCommand::Incidents { count, queries } => incidents::run(count, queries).await,
        BenchCommand::Goods {
            seconds,
            rules,
            brokers,
            items,
        } => goods::run(seconds, rules, brokers, items).await,
        BenchCommand::Api {
            seconds,
            passengers,
            rules,
            senders,
            dir,
            database,
        } => api::run(seconds, passengers, rules, senders, dir, database).await,
        BenchCommand::Paxlst { seconds } => paxlst::run(seconds),
        BenchCommand::Screen {
            watchlists,
            travellers,
            synthetic_names,
            threads,
        } => screen::run(&watchlists, travellers, synthetic_names, threads),
        BenchCommand::Sync {
            records,
            nodes,
            entries,
            database,
        } => sync::run(records, nodes, entries, database).await,
        BenchCommand::Vehicles { records, lookups } => vehicles::run(records, lookups).await,
        BenchCommand::Salw { weapons, runs } => salw::run(weapons, runs),
        BenchCommand::Indicators { crossings } => indicators::run(crossings).await,
        BenchCommand::Firearms { records, lookups } => firearms::run(records, lookups).await,
    }
}

/// The lists given, or the embedded UN list.
pub fn load_lists(paths: &[PathBuf]) -> anyhow::Result<Vec<limes_screen::WatchList>> {
    if paths.is_empty() {
        return Ok(vec![limes_screen::import::un_xml(demo::UN_LIST_XML)
            .map_err(|e| anyhow::anyhow!("UN list: {e}"))?]);
    }
    paths
        .iter()
        .map(|p| {
            limes_screen::import::detect_and_load(p)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
        })
        .collect()
}
