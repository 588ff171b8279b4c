//! PostgreSQL backend of the Limes store, for the national centre: versioned migrations applied at open, a pool
//! of connections for reads, one group-committing writer for audited changes (many concurrent checks share one
//! commit), and the audit hash chain serialised through a locked chain-head row, so that writers in this process
//! and in any other process on the same database never fork it. Bulk imports use binary `COPY`.
//!
//! The driver is `tokio-postgres` with the `deadpool-postgres` pool: asynchronous like the server, no second
//! SQLite stack, binary `COPY`, and pipelining (queries polled together on one connection are sent together,
//! which the check path and the passenger-data intake use to save round trips); the pool adds a per-connection
//! prepared-statement cache. PostgreSQL-specific SQL lives only in this crate, one module per aggregate, each with
//! its store trait's `impl`: [`org`], [`users`], [`documents`], [`watchlists`], [`crossings`], [`pax`] (advance
//! passenger information), [`audit`], [`sync`]; this file connects, migrates and holds the shared plumbing.

pub mod admin;
pub mod audit;
mod cooperation;
pub mod crossings;
pub mod documents;
mod firearms;
mod goods;
pub mod idempotency;
mod indicators;
pub mod login_attempts;
pub mod org;
mod org_sync;
pub mod pax;
mod registers;
mod salw;
mod seizures;
mod surveillance;
pub mod sync;
pub mod users;
pub mod vehicles;
pub mod watchlists;
mod writer;

use chrono::{DateTime, SubsecRound, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use limes_store::*;
use std::str::FromStr;
use std::sync::Arc;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::FromSql;
use tokio_postgres::{NoTls, Row};
use writer::Writer;

/// Versioned migrations, applied in order at open; the applied versions are kept in `schema_migrations`.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_api.sql")),
    (3, include_str!("../migrations/0003_sync.sql")),
    (4, include_str!("../migrations/0004_sync_deltas.sql")),
    (5, include_str!("../migrations/0005_sync_records.sql")),
    (6, include_str!("../migrations/0006_user_language.sql")),
    (7, include_str!("../migrations/0007_idempotency.sql")),
    (8, include_str!("../migrations/0008_accounts.sql")),
    (9, include_str!("../migrations/0009_audit_checkpoints.sql")),
    (10, include_str!("../migrations/0010_check_workflow.sql")),
    (
        11,
        include_str!("../migrations/0011_crossing_search_key.sql"),
    ),
    (12, include_str!("../migrations/0012_enrolments.sql")),
    (14, include_str!("../migrations/0014_login_attempts.sql")),
    (
        15,
        include_str!("../migrations/0015_admin_examinations.sql"),
    ),
    (16, include_str!("../migrations/0016_goods.sql")),
    (17, include_str!("../migrations/0017_vehicles.sql")),
    (18, include_str!("../migrations/0018_firearms.sql")),
    (19, include_str!("../migrations/0019_seizures.sql")),
    (20, include_str!("../migrations/0020_salw.sql")),
    (21, include_str!("../migrations/0021_surveillance.sql")),
    (22, include_str!("../migrations/0022_indicators.sql")),
    (23, include_str!("../migrations/0023_cooperation.sql")),
    (24, include_str!("../migrations/0024_register_imports.sql")),
    (25, include_str!("../migrations/0025_goods_parties.sql")),
];

/// Connections in the pool (reads, imports and the writer share it).
const POOL_SIZE: usize = 16;

/// Key of the advisory lock that serialises migrations when several processes open the database at once.
const MIGRATION_LOCK: i64 = 0x4c49_4d45_535f_4d47; // "LIMES_MG"

/// A PostgreSQL error as a store error, with the server's message and SQLSTATE when there is one.
pub(crate) fn backend(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(db) => StoreError::Backend(format!(
            "postgres: {} (SQLSTATE {}){}",
            db.message(),
            db.code().code(),
            db.detail().map(|d| format!(": {d}")).unwrap_or_default()
        )),
        None => StoreError::Backend(format!("postgres: {e}")),
    }
}

pub(crate) fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => backend(e),
        other => StoreError::Backend(format!("postgres connection pool: {other}")),
    }
}

/// True when the error is a unique-constraint violation.
pub(crate) fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&SqlState::UNIQUE_VIOLATION)
}

/// Timestamps are stored with microsecond precision, as the audit hash formats them; truncating here (rather
/// than leaving it to the driver) makes times before 2000 truncate the same way as after.
pub(crate) fn ts(t: &DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// Read column `idx` of a row, naming the column when it is missing or of an unexpected type.
pub(crate) fn col<'a, T: FromSql<'a>>(row: &'a Row, idx: usize) -> StoreResult<T> {
    row.try_get(idx).map_err(|e| {
        let name = row.columns().get(idx).map(|c| c.name()).unwrap_or("?");
        StoreError::Backend(format!("column {idx} ({name}): {e}"))
    })
}

pub(crate) fn bad_value(what: &str, v: &str) -> StoreError {
    StoreError::Backend(format!("unexpected {what} '{v}' in database"))
}

/// A count from the database (bigint) as the trait's u64.
pub(crate) fn count(row: &Row, idx: usize) -> StoreResult<u64> {
    let n: i64 = col(row, idx)?;
    u64::try_from(n).map_err(|_| bad_value("count", &n.to_string()))
}

/// Is this database URL one for this backend (`postgres://` or `postgresql://`)?
pub fn is_postgres_url(url: &str) -> bool {
    let u = url.trim();
    u.starts_with("postgres://") || u.starts_with("postgresql://")
}

pub use limes_store::redact_url;

#[derive(Clone)]
pub struct PgStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    writer: Writer,
}

impl PgStore {
    /// Connect to the database at `url` (`postgres://user:password@host:port/dbname`, or any libpq-style URL
    /// that `tokio-postgres` understands), apply pending migrations and start the writer. Must be called
    /// within a Tokio runtime: the writer and the connections run as tasks on it.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let mut config = tokio_postgres::Config::from_str(url.trim())
            .map_err(|e| StoreError::Invalid(format!("database URL '{}': {e}", redact_url(url))))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("limes");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StoreError::Backend(format!("postgres connection pool: {e}")))?;
        let mut client = pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => StoreError::Backend(format!(
                "cannot connect to {}: {}",
                redact_url(url),
                backend(e)
            )),
            other => StoreError::Backend(format!("cannot connect to {}: {other}", redact_url(url))),
        })?;
        migrate(&mut client).await?;
        drop(client);
        let writer = Writer::start(pool.clone());
        Ok(PgStore {
            inner: Arc::new(Inner { pool, writer }),
        })
    }

    /// A pooled connection.
    pub(crate) async fn conn(&self) -> StoreResult<deadpool_postgres::Client> {
        self.inner.pool.get().await.map_err(pool_error)
    }

    /// The schema version applied (the highest migration).
    pub async fn schema_version(&self) -> StoreResult<i32> {
        let c = self.conn().await?;
        let row = c
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .map_err(backend)?;
        col(&row, 0)
    }
}

async fn migrate(client: &mut deadpool_postgres::Client) -> StoreResult<()> {
    let tx = client.transaction().await.map_err(backend)?;
    // One process migrates at a time; the others wait here, then find nothing left to do.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(backend)?;
    // (Without the server's notice that the table exists, on every start but the first.)
    tx.batch_execute(
        "SET LOCAL client_min_messages = warning;
         CREATE TABLE IF NOT EXISTS schema_migrations (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await
    .map_err(backend)?;
    let row = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            &[],
        )
        .await
        .map_err(backend)?;
    let current: i32 = col(&row, 0)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql).await.map_err(|e| {
            StoreError::Backend(format!("migration {version} failed: {}", backend(e)))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )
        .await
        .map_err(backend)?;
        tracing::info!(version, "applied PostgreSQL migration");
    }
    tx.commit().await.map_err(backend)
}

impl StoreBackend for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_and_redacted() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url(" postgresql://h/db"));
        assert!(!is_postgres_url("sqlite://limes.db"));
        assert!(!is_postgres_url("limes-data/limes.db"));
        assert_eq!(
            redact_url("postgres://limes:s3cret@db.example:5432/limes?sslmode=disable"),
            "postgres://limes:***@db.example:5432/limes?sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://limes@db/limes"),
            "postgres://limes@db/limes"
        );
        assert_eq!(redact_url("postgres://db/limes"), "postgres://db/limes");
    }

    #[test]
    fn timestamps_truncate_to_microseconds() {
        use chrono::TimeZone;
        let t = Utc.timestamp_opt(946_684_799, 999_999_900).unwrap();
        assert_eq!(ts(&t).timestamp_subsec_nanos(), 999_999_000);
    }
}
