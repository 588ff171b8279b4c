//! SQLite backend of the Limes store: WAL, versioned migrations, one group-committing writer thread and a pool
//! of reader connections. SQLite-specific SQL lives only in this crate, one module per aggregate: [`org`],
//! [`users`], [`documents`], [`watchlists`], [`crossings`], [`pax`] (advance passenger information), [`audit`],
//! and [`sync`]; this file opens the database, migrates it and runs reads and writes.

mod admin;
mod alert_index;
mod audit;
mod cooperation;
mod crossings;
mod documents;
mod firearms;
mod goods;
mod idempotency;
mod indicators;
mod login_attempts;
mod org;
mod org_sync;
mod pax;
mod registers;
mod salw;
mod seizures;
mod surveillance;
mod sync;
mod users;
mod vehicles;
mod watchlists;
mod writer;

use chrono::{DateTime, NaiveDate, Utc};
use limes_store::{StoreBackend, StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use writer::{WriteCtx, Writer};

mod private;

const MIGRATIONS: &[(i64, &str)] = &[
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

pub(crate) fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Timestamps as fixed-width RFC 3339 UTC text: text order is time order.
pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) fn bad_value(what: &str, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {what} '{v}' in database").into(),
    )
}

#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
    /// Fast misses for document-alert look-ups (see `alert_index.rs`).
    alert_index: Arc<alert_index::AlertIndex>,
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )
}

impl SqliteStore {
    /// Open (creating if needed) the database at `path`, apply pending migrations and start the writer.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        let path = path.as_ref().to_path_buf();
        private::prepare(&path)?;
        let mut conn = Connection::open(&path).map_err(backend)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        // SQLite gives the WAL and SHM files the database's mode; files left by an older version are tightened.
        private::tighten(&path)?;
        configure(&conn).map_err(backend)?;
        migrate(&mut conn)?;
        let writer = Writer::start(conn)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                writer,
                readers: Mutex::new(Vec::new()),
                alert_index: Arc::new(alert_index::AlertIndex::new()),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The document-alert fingerprint index, when built: (distinct keys, bytes of memory, register version).
    pub fn alert_index_stats(&self) -> Option<(usize, usize, i64)> {
        self.inner.alert_index.stats()
    }

    /// Check the fingerprint index against the register (rebuilding it when the register changed), off the
    /// request path.
    pub(crate) fn refresh_alert_index(&self) {
        let index = self.inner.alert_index.clone();
        let store = self.clone();
        tokio::spawn(async move {
            let _ = store
                .read(move |c| {
                    index.refresh(c);
                    Ok(())
                })
                .await;
        });
    }

    /// This process changed the document-alert register: look-ups go to the database until the index is
    /// checked again.
    pub(crate) fn alert_register_changed(&self) {
        self.inner.alert_index.changed();
    }

    /// The fingerprint index, when it may answer a look-up now (starting a check when it may not).
    pub(crate) fn usable_alert_index(
        &self,
    ) -> Option<Arc<limes_store::registers::KeyFingerprints>> {
        let (index, needs_check) = self.inner.alert_index.usable();
        if needs_check {
            self.refresh_alert_index();
        }
        index
    }

    /// Run a read on a pooled read-only connection, off the async executor.
    async fn read<R, F>(&self, f: F) -> StoreResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.readers.lock().ok().and_then(|mut pool| pool.pop());
            let conn = match pooled {
                Some(c) => c,
                None => {
                    let c = Connection::open_with_flags(
                        &inner.path,
                        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )
                    .map_err(backend)?;
                    configure(&c).map_err(backend)?;
                    c
                }
            };
            let result = f(&conn).map_err(backend);
            if let Ok(mut pool) = inner.readers.lock() {
                pool.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }

    async fn write<R, F>(&self, f: F) -> StoreResult<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut WriteCtx<'_>) -> StoreResult<R> + Send + 'static,
    {
        self.inner.writer.write(f).await
    }
}

fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let current: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(backend)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction().map_err(backend)?;
        tx.execute_batch(sql)
            .map_err(|e| StoreError::Backend(format!("migration {version} failed: {e}")))?;
        tx.pragma_update(None, "user_version", version)
            .map_err(backend)?;
        tx.commit().map_err(backend)?;
        tracing::info!(version, "applied SQLite migration");
    }
    Ok(())
}

pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

impl StoreBackend for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
