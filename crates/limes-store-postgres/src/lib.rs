//! PostgreSQL backend of the Limes store, for the national centre: versioned migrations applied at open, a pool
//! of connections for reads, one group-committing writer for audited changes (many concurrent checks share one
//! commit), and the audit hash chain serialised through a locked chain-head row, so that writers in this process
//! and in any other process on the same database never fork it. Bulk imports use binary `COPY`.
//!
//! The driver is `tokio-postgres` with the `deadpool-postgres` pool: asynchronous like the server, no second
//! SQLite stack, binary `COPY`, and pipelining (queries polled together on one connection are sent together,
//! which the check path and the passenger-data intake use to save round trips); the pool adds a per-connection
//! prepared-statement cache. PostgreSQL-specific SQL lives only in this crate, one module per concern: [`org`],
//! [`users`], [`documents`], [`watchlists`], [`crossings`], [`pax`] (advance passenger information), [`audit`].

pub mod audit;
pub mod crossings;
pub mod documents;
pub mod org;
pub mod pax;
pub mod sync;
pub mod testing;
pub mod users;
pub mod watchlists;
mod writer;

use async_trait::async_trait;
use chrono::{DateTime, SubsecRound, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::document::AlertMatch;
use limes_domain::{Agency, Bcp, DocumentAlert};
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

/// The URL without its password, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{tail}")
            } else {
                format!("{scheme}://{user}@{host}{tail}")
            }
        }
        None => url.to_string(),
    }
}

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

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()> {
        let a = agency.clone();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    org::upsert_agency(ctx.tx, &a).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        org::agencies(&self.conn().await?).await
    }

    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()> {
        let b = bcp.clone();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    org::upsert_bcp(ctx.tx, &b).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn bcps(&self) -> StoreResult<Vec<Bcp>> {
        org::bcps(&self.conn().await?).await
    }

    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>> {
        org::bcp(&self.conn().await?, code).await
    }

    async fn create_user(&self, user: NewUser, audit: AuditEvent) -> StoreResult<User> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let user = users::create_user(ctx.tx, user).await?;
                    ctx.audit(&audit).await?;
                    Ok(user)
                })
            })
            .await
    }

    async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        users::user(&self.conn().await?, id).await
    }

    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        users::user_credentials(&self.conn().await?, username).await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        users::users(&self.conn().await?).await
    }

    async fn set_user_active(&self, id: &str, active: bool, audit: AuditEvent) -> StoreResult<()> {
        let id = id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    users::set_user_active(ctx.tx, &id, active).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn set_password(
        &self,
        id: &str,
        password_hash: &str,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let (id, hash) = (id.to_string(), password_hash.to_string());
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    users::set_password(ctx.tx, &id, &hash).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn create_session(&self, session: Session) -> StoreResult<()> {
        // Not audited: a transaction of its own on a pooled connection, outside the chain lock.
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        users::create_session(&tx, &session).await?;
        tx.commit().await.map_err(backend)
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Option<(Session, User)>> {
        users::session(&self.conn().await?, token_hash).await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        users::delete_session(&self.conn().await?, token_hash).await
    }

    async fn create_api_token(&self, token: NewApiToken, audit: AuditEvent) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    users::create_api_token(ctx.tx, &token).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        users::api_token_user(&self.conn().await?, token_hash).await
    }

    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        // A long transaction of its own (binary COPY), so that checks go on meanwhile; the chain-head lock is
        // taken only at the end, to append the import's audit entry in the same transaction.
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        // At the centre the change goes down as a delta from what the register held before.
        let before = sync::before_documents(&tx, replace).await?;
        let n = documents::import(&tx, &alerts, replace).await?;
        audit::append_locked(&tx, &audit).await?;
        // Written while the chain-head lock is held (outbox order).
        sync::on_documents(&tx, before, alerts).await?;
        tx.commit().await.map_err(backend)?;
        Ok(n)
    }

    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        document_number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>> {
        documents::find(&self.conn().await?, issuing_state, document_number).await
    }

    async fn document_alert_count(&self) -> StoreResult<u64> {
        documents::count_all(&self.conn().await?).await
    }

    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let before = sync::before_watchlist(ctx.tx, &meta.id).await?;
                    watchlists::save(ctx.tx, &meta, &json).await?;
                    sync::on_watchlist(ctx.tx, &meta, before, &json).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>> {
        watchlists::all(&self.conn().await?).await
    }

    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>> {
        watchlists::metas(&self.conn().await?).await
    }

    async fn record_check(
        &self,
        crossing: NewCrossing,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let id = new_id();
                    let mut audit = audit;
                    audit
                        .subject
                        .get_or_insert_with(|| format!("crossing:{id}"));
                    let tx = ctx.tx;
                    ctx.audit_with(crossings::insert(tx, &id, &crossing), &audit)
                        .await?;
                    Ok(Crossing {
                        id,
                        check: crossing,
                        status: CrossingStatus::Pending,
                        first_outcome: None,
                        first_officer: None,
                        outcome: None,
                        refusal_reason: None,
                        decided_by: None,
                        decided_at: None,
                        note: None,
                    })
                })
            })
            .await
    }

    async fn record_decision(
        &self,
        crossing_id: &str,
        decision: Decision,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        let id = crossing_id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let mut c = crossings::get_for_update(ctx.tx, &id)
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
                    apply_decision(&mut c, &decision)?;
                    crossings::update_decision(ctx.tx, &c).await?;
                    ctx.audit(&audit).await?;
                    Ok(c)
                })
            })
            .await
    }

    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>> {
        crossings::get(&self.conn().await?, id).await
    }

    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>> {
        crossings::list(&self.conn().await?, filter).await
    }

    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory> {
        crossings::traveller_history(&self.conn().await?, document_key, person_key, recent).await
    }

    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: DateTime<Utc>,
    ) -> StoreResult<CrossingStats> {
        crossings::stats(&self.conn().await?, bcp, since).await
    }

    async fn api_interchange(
        &self,
        sender: &str,
        control_ref: &str,
    ) -> StoreResult<Option<ApiInterchange>> {
        pax::interchange(&self.conn().await?, sender, control_ref).await
    }

    async fn record_api_intake(
        &self,
        interchange: ApiInterchange,
        manifests: Vec<NewManifest>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(
                    async move { pax::record_intake(ctx, &interchange, &manifests, &audit).await },
                )
            })
            .await
    }

    async fn api_flights(
        &self,
        from: chrono::NaiveDateTime,
        to: chrono::NaiveDateTime,
    ) -> StoreResult<Vec<FlightSummary>> {
        pax::flights(&self.conn().await?, from, to).await
    }

    async fn api_worklist(&self, limit: usize) -> StoreResult<Vec<FlightSummary>> {
        pax::worklist(&self.conn().await?, limit).await
    }

    async fn api_flight(&self, key: &str) -> StoreResult<Option<FlightDetail>> {
        pax::flight(&self.conn().await?, key).await
    }

    async fn api_hit(&self, id: &str) -> StoreResult<Option<ApiHit>> {
        pax::hit(&self.conn().await?, id).await
    }

    async fn review_api_hit(
        &self,
        id: &str,
        status: HitStatus,
        reason: &str,
        reviewer: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<ApiHit> {
        let (id, reason, reviewer) = (id.to_string(), reason.to_string(), reviewer.to_string());
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    pax::review(ctx, &id, status, &reason, &reviewer, at, &audit).await
                })
            })
            .await
    }

    async fn confirmed_api_alerts(
        &self,
        document_keys: &[String],
        person_key: &str,
    ) -> StoreResult<Vec<ConfirmedAlert>> {
        pax::confirmed_alerts(&self.conn().await?, document_keys, person_key).await
    }

    async fn save_rule(&self, rule: StoredRule, audit: AuditEvent) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    pax::save_rule(ctx, &rule, &audit).await?;
                    sync::on_rule(ctx.tx, &rule).await
                })
            })
            .await
    }

    async fn rules(&self) -> StoreResult<Vec<StoredRule>> {
        pax::rules(&self.conn().await?).await
    }

    async fn rule_versions(&self, id: &str) -> StoreResult<Vec<StoredRule>> {
        pax::rule_versions(&self.conn().await?, id).await
    }

    async fn rule_stats(&self) -> StoreResult<Vec<RuleStats>> {
        pax::rule_stats(&self.conn().await?).await
    }

    async fn purge_api_data(
        &self,
        arrived_before: chrono::NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move { pax::purge(ctx, arrived_before, &audit).await })
            })
            .await
    }

    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64> {
        self.inner
            .writer
            .write(move |ctx| Box::pin(async move { ctx.audit(&event).await }))
            .await
    }

    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        audit::entries(&self.conn().await?, from_seq, limit).await
    }

    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        audit::recent(&self.conn().await?, limit).await
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
