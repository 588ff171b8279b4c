//! What many commands share: the configuration flags and file, opening the stores, the CLI's actor name in the
//! audit trail and reading a password.
use anyhow::Context;
use clap::Args;
use limes_domain::SystemClock;
use limes_server::config::Config;
use limes_store::Store;
use limes_store_postgres::PgStore;
use limes_store_sqlite::SqliteStore;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Args, Clone)]
pub struct ConfigArgs {
    /// TOML configuration file (every option is documented in limes.example.toml).
    #[arg(long, short, env = "LIMES_CONFIG")]
    config: Option<PathBuf>,
    /// Database: a file path or sqlite://PATH (embedded SQLite), or postgres://USER:PASSWORD@HOST:PORT/DBNAME
    /// (overrides the configuration).
    #[arg(long)]
    database: Option<String>,
}

/// The configuration file (or the defaults and `LIMES_*` variables), with `--database` over it.
pub fn load_config(args: &ConfigArgs) -> anyhow::Result<Config> {
    let mut cfg = Config::load(args.config.as_deref(), std::env::vars())?;
    if let Some(db) = &args.database {
        cfg.database = db.clone().into();
    }
    Ok(cfg)
}

/// The store the configured database URL names: PostgreSQL for `postgres://`/`postgresql://`, else the embedded
/// SQLite database at the path (`sqlite://PATH` or a plain path).
pub async fn open_store(cfg: &Config) -> anyhow::Result<Arc<dyn Store>> {
    Ok(open_sync_store(cfg).await?.0)
}

/// The store of a synchronising node, as both traits: the embedded SQLite database, or PostgreSQL (the national
/// centre; a BCP node keeps its outbox in SQLite, and PostgreSQL refuses that role with a clear error).
pub async fn open_sync_store(
    cfg: &Config,
) -> anyhow::Result<(Arc<dyn Store>, Arc<dyn limes_store::sync::SyncStore>)> {
    match cfg.sqlite_path() {
        Some(path) => {
            let s = Arc::new(
                SqliteStore::open(&path).with_context(|| format!("opening {}", path.display()))?,
            );
            Ok((s.clone(), s))
        }
        None => {
            let s = Arc::new(PgStore::open(&cfg.database).await.with_context(|| {
                format!(
                    "opening {}",
                    limes_store_postgres::redact_url(&cfg.database)
                )
            })?);
            Ok((s.clone(), s))
        }
    }
}

/// The CSRF key file: beside the SQLite database, or in `limes-data/` of the working directory for PostgreSQL.
pub fn key_path(cfg: &Config) -> PathBuf {
    match cfg.sqlite_path() {
        Some(db) => db
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("limes-csrf.key"),
        None => PathBuf::from("limes-data").join("limes-csrf.key"),
    }
}

/// The application over the configured store, for the commands that call its use cases.
pub async fn app_for(cfg: Config) -> anyhow::Result<limes_app::App> {
    let store = open_store(&cfg).await?;
    Ok(limes_app::App::open(store, cfg, Arc::new(SystemClock)).await?)
}

/// The actor the audit trail names for a command run from the shell: `cli:` and the operating-system user.
pub fn cli_actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

/// A new password, from standard input (`--password-stdin`) or asked for without echo; the password policy
/// applies either way.
pub fn read_password(from_stdin: bool, prompt: &str) -> anyhow::Result<String> {
    let pw = if from_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s.trim_end_matches(['\n', '\r']).to_string()
    } else {
        rpassword::prompt_password(prompt)?
    };
    limes_app::users::check_password_policy(&pw)?;
    Ok(pw)
}

/// The language of what the command line says to the operator: `LIMES_LANGUAGE` (en, fr, ar, ru), else English.
/// Machine-readable output (JSON lines) stays as it is.
pub fn cli_language() -> limes_i18n::Language {
    std::env::var("LIMES_LANGUAGE")
        .ok()
        .and_then(|tag| limes_i18n::Language::from_tag(&tag))
        .unwrap_or_default()
}

/// A message of the catalogue in the operator's language.
pub fn say(key: &str, args: &[(&str, limes_i18n::Arg<'_>)]) -> String {
    limes_i18n::tr(cli_language(), key, args)
}
