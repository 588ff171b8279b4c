//! SQLite backend of the Limes store: WAL, versioned migrations, one group-committing writer thread and a pool
//! of reader connections. SQLite-specific SQL lives only here.

mod pax;
mod sync;
mod writer;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::document::{confusable_key, normalize_document_number, AlertMatch};
use limes_domain::{
    Agency, AgencyKind, AlertStatus, Bcp, BcpKind, Direction, DocumentAlert, Outcome,
    RecommendationLevel,
};
use limes_store::*;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use writer::{WriteCtx, Writer};

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_api.sql")),
    (3, include_str!("../migrations/0003_sync.sql")),
    (4, include_str!("../migrations/0004_sync_deltas.sql")),
    (5, include_str!("../migrations/0005_sync_records.sql")),
];

pub(crate) fn backend(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Timestamps as fixed-width RFC 3339 UTC text: text order is time order.
pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn bad_value(what: &str, v: &str) -> rusqlite::Error {
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Backend(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let mut conn = Connection::open(&path).map_err(backend)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        configure(&conn).map_err(backend)?;
        migrate(&mut conn)?;
        let writer = Writer::start(conn)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                writer,
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
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

const USER_COLUMNS: &str = "id, username, display_name, role, agency, bcps, active, created_at";

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    user_at(r, 0)
}

/// A user from the `USER_COLUMNS` starting at column `base` (0 alone, 5 after a session's columns).
fn user_at(r: &Row<'_>, base: usize) -> rusqlite::Result<User> {
    let role: String = r.get(base + 3)?;
    let bcps: String = r.get(base + 5)?;
    Ok(User {
        id: r.get(base)?,
        username: r.get(base + 1)?,
        display_name: r.get(base + 2)?,
        role: role.parse().map_err(|_| bad_value("role", &role))?,
        agency: r.get(base + 4)?,
        bcps: bcps
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        active: r.get(base + 6)?,
        created_at: parse_ts(&r.get::<_, String>(base + 7)?)?,
    })
}

fn bcp_from_row(r: &Row<'_>) -> rusqlite::Result<Bcp> {
    let kind: String = r.get(2)?;
    Ok(Bcp {
        code: r.get(0)?,
        name: r.get(1)?,
        kind: BcpKind::parse(&kind).ok_or_else(|| bad_value("BCP kind", &kind))?,
        border_section: r.get(3)?,
        neighbour: r.get(4)?,
        agency: r.get(5)?,
        latitude: r.get(6)?,
        longitude: r.get(7)?,
        active: r.get(8)?,
    })
}

fn alert_from_row(r: &Row<'_>) -> rusqlite::Result<DocumentAlert> {
    let status: String = r.get(3)?;
    let reported: String = r.get(6)?;
    Ok(DocumentAlert {
        issuing_state: r.get(0)?,
        document_number: r.get(1)?,
        document_type: r.get(2)?,
        status: AlertStatus::parse(&status).ok_or_else(|| bad_value("alert status", &status))?,
        source: r.get(4)?,
        reason: r.get(5)?,
        reported_on: NaiveDate::parse_from_str(&reported, "%Y-%m-%d")
            .map_err(|_| bad_value("date", &reported))?,
    })
}

const CROSSING_COLUMNS: &str = "id, bcp, direction, at, officer, document_code, document_number, issuing_state, surname, \
     given_names, nationality, birth_date, sex, expiry_date, input_method, recommendation, reasons, hit_count, \
     alert_count, result_json, status, first_outcome, first_officer, outcome, refusal_reason, decided_by, decided_at, note";

fn outcome_col(v: Option<String>) -> rusqlite::Result<Option<Outcome>> {
    v.map(|s| Outcome::parse(&s).ok_or_else(|| bad_value("outcome", &s)))
        .transpose()
}

fn crossing_from_row(r: &Row<'_>) -> rusqlite::Result<Crossing> {
    let direction: String = r.get(2)?;
    let recommendation: String = r.get(15)?;
    let reasons: String = r.get(16)?;
    let status: String = r.get(20)?;
    Ok(Crossing {
        id: r.get(0)?,
        check: NewCrossing {
            bcp: r.get(1)?,
            direction: Direction::parse(&direction)
                .ok_or_else(|| bad_value("direction", &direction))?,
            at: parse_ts(&r.get::<_, String>(3)?)?,
            officer: r.get(4)?,
            document: TravelDocument {
                document_code: r.get(5)?,
                document_number: r.get(6)?,
                issuing_state: r.get(7)?,
                surname: r.get(8)?,
                given_names: r.get(9)?,
                nationality: r.get(10)?,
                birth_date: parse_date(r.get(11)?),
                sex: r.get(12)?,
                expiry_date: parse_date(r.get(13)?),
            },
            input_method: r.get(14)?,
            recommendation: match recommendation.as_str() {
                "clear" => RecommendationLevel::Clear,
                "caution" => RecommendationLevel::Caution,
                "refer" => RecommendationLevel::Refer,
                other => return Err(bad_value("recommendation", other)),
            },
            reasons: serde_json::from_str(&reasons).map_err(|_| bad_value("reasons", &reasons))?,
            hit_count: r.get(17)?,
            alert_count: r.get(18)?,
            result_json: r.get(19)?,
        },
        status: CrossingStatus::parse(&status).ok_or_else(|| bad_value("status", &status))?,
        first_outcome: outcome_col(r.get(21)?)?,
        first_officer: r.get(22)?,
        outcome: outcome_col(r.get(23)?)?,
        refusal_reason: r.get(24)?,
        decided_by: r.get(25)?,
        decided_at: r
            .get::<_, Option<String>>(26)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        note: r.get(27)?,
    })
}

fn get_crossing(conn: &Connection, id: &str) -> rusqlite::Result<Option<Crossing>> {
    conn.prepare_cached(&format!(
        "SELECT {CROSSING_COLUMNS} FROM crossings WHERE id = ?1"
    ))?
    .query_row([id], crossing_from_row)
    .optional()
}

fn audit_from_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        event: AuditEvent {
            at: parse_ts(&r.get::<_, String>(1)?)?,
            actor: r.get(2)?,
            role: r.get(3)?,
            agency: r.get(4)?,
            bcp: r.get(5)?,
            action: r.get(6)?,
            subject: r.get(7)?,
            purpose: r.get(8)?,
            detail: r.get(9)?,
        },
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

const AUDIT_COLUMNS: &str =
    "seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash";

/// Insert document alerts (emptying the register first when `replace`) in the current transaction.
/// The whole register, in insertion order.
pub(crate) fn all_document_alerts(conn: &Connection) -> rusqlite::Result<Vec<DocumentAlert>> {
    let mut st = conn.prepare_cached(
        "SELECT issuing_state, document_number, document_type, status, source, reason, reported_on
         FROM document_alerts ORDER BY rowid",
    )?;
    let rows = st.query_map([], alert_from_row)?;
    rows.collect()
}

pub(crate) fn insert_document_alerts(
    ctx: &mut WriteCtx<'_>,
    alerts: &[DocumentAlert],
    replace: bool,
) -> StoreResult<u64> {
    if replace {
        ctx.tx
            .execute("DELETE FROM document_alerts", [])
            .map_err(backend)?;
    }
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT INTO document_alerts (issuing_state, number_norm, number_confusable, document_number,
               document_type, status, source, reason, reported_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(backend)?;
    let mut n = 0u64;
    for a in alerts {
        let norm = normalize_document_number(&a.document_number);
        st.execute(params![
            a.issuing_state,
            norm,
            confusable_key(&norm),
            a.document_number,
            a.document_type,
            a.status.as_str(),
            a.source,
            a.reason,
            a.reported_on.format("%Y-%m-%d").to_string()
        ])
        .map_err(backend)?;
        n += 1;
    }
    Ok(n)
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn upsert_agency(&self, agency: &Agency, audit: AuditEvent) -> StoreResult<()> {
        let a = agency.clone();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO agencies (code, name, kind) VALUES (?1, ?2, ?3)
                     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
                    params![a.code, a.name, a.kind.as_str()],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        self.read(|c| {
            let mut st = c.prepare_cached("SELECT code, name, kind FROM agencies ORDER BY code")?;
            let rows = st.query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(Agency {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    kind: AgencyKind::parse(&kind)
                        .ok_or_else(|| bad_value("agency kind", &kind))?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn upsert_bcp(&self, bcp: &Bcp, audit: AuditEvent) -> StoreResult<()> {
        let b = bcp.clone();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO bcps (code, name, kind, border_section, neighbour, agency, latitude, longitude, active)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                       border_section = excluded.border_section, neighbour = excluded.neighbour,
                       agency = excluded.agency, latitude = excluded.latitude, longitude = excluded.longitude,
                       active = excluded.active",
                    params![
                        b.code,
                        b.name,
                        b.kind.as_str(),
                        b.border_section,
                        b.neighbour,
                        b.agency,
                        b.latitude,
                        b.longitude,
                        b.active
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn bcps(&self) -> StoreResult<Vec<Bcp>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT code, name, kind, border_section, neighbour, agency, latitude, longitude, active FROM bcps ORDER BY code",
            )?;
            let rows = st.query_map([], bcp_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn bcp(&self, code: &str) -> StoreResult<Option<Bcp>> {
        let code = code.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT code, name, kind, border_section, neighbour, agency, latitude, longitude, active FROM bcps WHERE code = ?1",
            )?
            .query_row([code], bcp_from_row)
            .optional()
        })
        .await
    }

    async fn create_user(&self, user: NewUser, audit: AuditEvent) -> StoreResult<User> {
        self.write(move |ctx| {
            let id = new_id();
            let res = ctx.tx.execute(
                "INSERT INTO users (id, username, display_name, role, agency, bcps, password_hash, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)",
                params![
                    id,
                    user.username,
                    user.display_name,
                    user.role.as_str(),
                    user.agency,
                    user.bcps.join(","),
                    user.password_hash,
                    ts(&user.created_at)
                ],
            );
            match res {
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    return Err(StoreError::Conflict(format!("user '{}' already exists", user.username)))
                }
                other => other.map_err(backend)?,
            };
            ctx.audit(&audit)?;
            Ok(User {
                id,
                username: user.username,
                display_name: user.display_name,
                role: user.role,
                agency: user.agency,
                bcps: user.bcps,
                active: true,
                created_at: user.created_at,
            })
        })
        .await
    }

    async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        let id = id.to_string();
        self.read(move |c| {
            c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"))?
                .query_row([id], user_from_row)
                .optional()
        })
        .await
    }

    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        let name = username.to_string();
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = ?1"
            ))?
            .query_row([name], |r| Ok((user_from_row(r)?, r.get(8)?)))
            .optional()
        })
        .await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users ORDER BY username"
            ))?;
            let rows = st.query_map([], user_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn set_user_active(&self, id: &str, active: bool, audit: AuditEvent) -> StoreResult<()> {
        let id = id.to_string();
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE users SET active = ?2 WHERE id = ?1",
                    params![id, active],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("user {id}")));
            }
            if !active {
                ctx.tx
                    .execute("DELETE FROM sessions WHERE user_id = ?1", [&id])
                    .map_err(backend)?;
            }
            ctx.audit(&audit)?;
            Ok(())
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
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                    params![id, hash],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("user {id}")));
            }
            // A new password ends every open session of the user.
            ctx.tx
                .execute("DELETE FROM sessions WHERE user_id = ?1", [&id])
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn create_session(&self, s: Session) -> StoreResult<()> {
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO sessions (token_hash, user_id, bcp, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![s.token_hash, s.user_id, s.bcp, ts(&s.created_at), ts(&s.expires_at)],
                )
                .map_err(backend)?;
            // Expired sessions are swept as new ones are made.
            ctx.tx
                .execute("DELETE FROM sessions WHERE expires_at < ?1", [ts(&s.created_at)])
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Option<(Session, User)>> {
        let h = token_hash.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT s.token_hash, s.user_id, s.bcp, s.created_at, s.expires_at,
                        u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
            )?
            .query_row([h], |r| {
                let session = Session {
                    token_hash: r.get(0)?,
                    user_id: r.get(1)?,
                    bcp: r.get(2)?,
                    created_at: parse_ts(&r.get::<_, String>(3)?)?,
                    expires_at: parse_ts(&r.get::<_, String>(4)?)?,
                };
                let user = user_at(r, 5)?;
                Ok((session, user))
            })
            .optional()
        })
        .await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let h = token_hash.to_string();
        self.write(move |ctx| {
            ctx.tx
                .execute("DELETE FROM sessions WHERE token_hash = ?1", [h])
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn create_api_token(&self, t: NewApiToken, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![t.token_hash, t.user_id, t.name, ts(&t.created_at)],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let h = token_hash.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at
                 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1 AND u.active = 1",
            )?
            .query_row([h], user_from_row)
            .optional()
        })
        .await
    }

    async fn import_document_alerts(
        &self,
        alerts: Vec<DocumentAlert>,
        replace: bool,
        audit: AuditEvent,
    ) -> StoreResult<u64> {
        self.write(move |ctx| {
            // The centre sends the change down: what the register held before is needed for it.
            let before = sync::before_documents(ctx, replace)?;
            let n = insert_document_alerts(ctx, &alerts, replace)?;
            ctx.audit(&audit)?;
            sync::on_documents(ctx, before, alerts)?;
            Ok(n)
        })
        .await
    }

    async fn find_document_alerts(
        &self,
        issuing_state: Option<&str>,
        number: &str,
    ) -> StoreResult<Vec<(DocumentAlert, AlertMatch)>> {
        let state = issuing_state.map(|s| s.trim().trim_end_matches('<').to_ascii_uppercase());
        let norm = normalize_document_number(number);
        self.read(move |c| {
            if norm.is_empty() {
                return Ok(Vec::new());
            }
            let state_ok = |a: &DocumentAlert| state.as_deref().is_none_or(|s| a.issuing_state == s);
            let cols = "issuing_state, document_number, document_type, status, source, reason, reported_on, number_norm";
            let mut out = Vec::new();
            let mut st = c.prepare_cached(&format!("SELECT {cols} FROM document_alerts WHERE number_norm = ?1"))?;
            for a in st.query_map([&norm], alert_from_row)? {
                let a = a?;
                if state_ok(&a) {
                    out.push((a, AlertMatch::Exact));
                }
            }
            let mut st = c.prepare_cached(&format!(
                "SELECT {cols} FROM document_alerts WHERE number_confusable = ?1 AND number_norm <> ?2"
            ))?;
            for a in st.query_map(params![confusable_key(&norm), norm], alert_from_row)? {
                let a = a?;
                if state_ok(&a) {
                    out.push((a, AlertMatch::PossibleOcrConfusion));
                }
            }
            Ok(out)
        })
        .await
    }

    async fn document_alert_count(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM document_alerts", [], |r| r.get(0)))
            .await
    }

    async fn save_watchlist(
        &self,
        meta: WatchlistMeta,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            let before = sync::before_watchlist(ctx, &meta.id)?;
            ctx.tx
                .execute(
                    "INSERT INTO watchlists (id, name, source, published, entries, imported_at, imported_by, version, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)
                     ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source,
                       published = excluded.published, entries = excluded.entries, imported_at = excluded.imported_at,
                       imported_by = excluded.imported_by, version = watchlists.version + 1, data = excluded.data",
                    params![
                        meta.id,
                        meta.name,
                        meta.source,
                        meta.published,
                        meta.entries,
                        ts(&meta.imported_at),
                        meta.imported_by,
                        json
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            sync::on_watchlist(ctx, meta, before, json)?;
            Ok(())
        })
        .await
    }

    async fn watchlists(&self) -> StoreResult<Vec<(WatchlistMeta, String)>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, source, published, entries, imported_at, imported_by, version, data FROM watchlists ORDER BY id",
            )?;
            let rows = st.query_map([], |r| Ok((meta_from_row(r)?, r.get(8)?)))?;
            rows.collect()
        })
        .await
    }

    async fn watchlist_metas(&self) -> StoreResult<Vec<WatchlistMeta>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, name, source, published, entries, imported_at, imported_by, version FROM watchlists ORDER BY id",
            )?;
            let rows = st.query_map([], meta_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn record_check(
        &self,
        crossing: NewCrossing,
        audit: AuditEvent,
    ) -> StoreResult<Crossing> {
        self.write(move |ctx| {
            let id = new_id();
            let c = &crossing;
            let d = &c.document;
            let reasons = serde_json::to_string(&c.reasons).map_err(backend)?;
            ctx.tx
                .prepare_cached(
                    "INSERT INTO crossings (id, bcp, direction, at, officer, document_code, document_number, issuing_state,
                       surname, given_names, nationality, birth_date, sex, expiry_date, document_key, person_key,
                       input_method, recommendation, reasons, hit_count, alert_count, result_json, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 'pending')",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        id,
                        c.bcp,
                        c.direction.as_str(),
                        ts(&c.at),
                        c.officer,
                        d.document_code,
                        d.document_number,
                        d.issuing_state,
                        d.surname,
                        d.given_names,
                        d.nationality,
                        date_text(d.birth_date),
                        d.sex,
                        date_text(d.expiry_date),
                        d.document_key(),
                        d.person_key(),
                        c.input_method,
                        c.recommendation.as_str(),
                        reasons,
                        c.hit_count,
                        c.alert_count,
                        c.result_json
                    ])
                })
                .map_err(backend)?;
            let mut audit = audit;
            audit.subject.get_or_insert_with(|| format!("crossing:{id}"));
            ctx.audit(&audit)?;
            let crossing = Crossing {
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
            };
            sync::on_crossing(ctx, &crossing)?;
            Ok(crossing)
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
        self.write(move |ctx| {
            let mut c = get_crossing(ctx.tx, &id)
                .map_err(backend)?
                .ok_or_else(|| StoreError::NotFound(format!("crossing {id}")))?;
            apply_decision(&mut c, &decision)?;
            ctx.tx
                .execute(
                    "UPDATE crossings SET status = ?2, first_outcome = ?3, first_officer = ?4, outcome = ?5,
                       refusal_reason = ?6, decided_by = ?7, decided_at = ?8, note = ?9 WHERE id = ?1",
                    params![
                        c.id,
                        c.status.as_str(),
                        c.first_outcome.map(Outcome::as_str),
                        c.first_officer,
                        c.outcome.map(Outcome::as_str),
                        c.refusal_reason,
                        c.decided_by,
                        c.decided_at.as_ref().map(ts),
                        c.note
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            sync::on_crossing(ctx, &c)?;
            Ok(c)
        })
        .await
    }

    async fn crossing(&self, id: &str) -> StoreResult<Option<Crossing>> {
        let id = id.to_string();
        self.read(move |c| get_crossing(c, &id)).await
    }

    async fn crossings(&self, filter: &CrossingFilter) -> StoreResult<Vec<Crossing>> {
        let f = filter.clone();
        self.read(move |c| {
            let mut clauses: Vec<String> = Vec::new();
            let mut values: Vec<rusqlite::types::Value> = Vec::new();
            fn push(clauses: &mut Vec<String>, values: &mut Vec<rusqlite::types::Value>, clause: &str, v: String) {
                values.push(v.into());
                clauses.push(clause.replace('?', &format!("?{}", values.len())));
            }
            if let Some(b) = &f.bcp {
                push(&mut clauses, &mut values, "bcp = ?", b.clone());
            }
            if let Some(s) = f.status {
                push(&mut clauses, &mut values, "status = ?", s.as_str().to_string());
            }
            if let Some(k) = &f.document_key {
                push(&mut clauses, &mut values, "document_key = ?", k.clone());
            }
            if let Some(k) = &f.person_key {
                push(&mut clauses, &mut values, "person_key = ?", k.clone());
            }
            if let Some((doc, person)) = &f.traveller {
                values.push(doc.clone().into());
                values.push(person.clone().into());
                clauses.push(format!(
                    "id IN (SELECT id FROM crossings WHERE document_key = ?{} UNION SELECT id FROM crossings WHERE person_key = ?{})",
                    values.len() - 1,
                    values.len()
                ));
            }
            if let Some(t) = &f.since {
                push(&mut clauses, &mut values, "at >= ?", ts(t));
            }
            if let Some(t) = &f.before {
                push(&mut clauses, &mut values, "at < ?", ts(t));
            }
            if let Some(q) = f.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                values.push(format!("{escaped}%").into());
                let n = values.len();
                values.push(format!("{}%", normalize_document_number(q)).into());
                clauses.push(format!(
                    "(surname LIKE ?{n} ESCAPE '\\' OR document_number LIKE ?{} ESCAPE '\\')",
                    n + 1
                ));
            }
            let where_sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
            let limit = if f.limit == 0 { 100 } else { f.limit.min(10_000) };
            let columns = if f.without_result {
                CROSSING_COLUMNS.replace("result_json", "'' AS result_json")
            } else {
                CROSSING_COLUMNS.to_string()
            };
            let sql = format!("SELECT {columns} FROM crossings {where_sql} ORDER BY at DESC LIMIT {limit}");
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(values), crossing_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn traveller_history(
        &self,
        document_key: &str,
        person_key: &str,
        recent: usize,
    ) -> StoreResult<TravellerHistory> {
        let (doc, person) = (document_key.to_string(), person_key.to_string());
        self.read(move |c| {
            let mut h = c
                .prepare_cached(
                    "SELECT count(*), coalesce(sum(direction = 'entry'), 0), coalesce(sum(direction = 'exit'), 0),
                            coalesce(sum(outcome = 'refused'), 0), coalesce(sum(first_outcome = 'referred_second_line'), 0)
                     FROM crossings WHERE document_key = ?1 OR person_key = ?2",
                )?
                .query_row(params![doc, person], |r| {
                    Ok(TravellerHistory {
                        total: r.get(0)?,
                        entries: r.get(1)?,
                        exits: r.get(2)?,
                        refusals: r.get(3)?,
                        referrals: r.get(4)?,
                        recent: Vec::new(),
                    })
                })?;
            let columns = CROSSING_COLUMNS.replace("result_json", "'' AS result_json");
            // Two index-ordered reads, merged: each stops after `recent` rows.
            for key_column in ["document_key", "person_key"] {
                let key = if key_column == "document_key" { &doc } else { &person };
                let mut st = c.prepare_cached(&format!(
                    "SELECT {columns} FROM crossings WHERE {key_column} = ?1 ORDER BY at DESC LIMIT ?2"
                ))?;
                for row in st.query_map(params![key, recent as i64], crossing_from_row)? {
                    let row = row?;
                    if !h.recent.iter().any(|x| x.id == row.id) {
                        h.recent.push(row);
                    }
                }
            }
            h.recent.sort_by(|a, b| b.check.at.cmp(&a.check.at).then_with(|| b.id.cmp(&a.id)));
            h.recent.truncate(recent);
            Ok(h)
        })
        .await
    }

    async fn crossing_stats(
        &self,
        bcp: Option<&str>,
        since: DateTime<Utc>,
    ) -> StoreResult<CrossingStats> {
        let bcp = bcp.map(str::to_string);
        self.read(move |c| {
            c.prepare_cached(
                "SELECT count(*),
                        coalesce(sum(direction = 'entry'), 0),
                        coalesce(sum(direction = 'exit'), 0),
                        coalesce(sum(outcome = 'admitted'), 0),
                        coalesce(sum(outcome = 'refused'), 0),
                        coalesce(sum(outcome = 'international_protection'), 0),
                        coalesce(sum(status = 'referred'), 0),
                        coalesce(sum(status = 'pending'), 0)
                 FROM crossings WHERE at >= ?1 AND (?2 IS NULL OR bcp = ?2)",
            )?
            .query_row(params![ts(&since), bcp], |r| {
                Ok(CrossingStats {
                    total: r.get(0)?,
                    entries: r.get(1)?,
                    exits: r.get(2)?,
                    admitted: r.get(3)?,
                    refused: r.get(4)?,
                    protection_requests: r.get(5)?,
                    referred_open: r.get(6)?,
                    pending: r.get(7)?,
                })
            })
        })
        .await
    }

    async fn api_interchange(
        &self,
        sender: &str,
        control_ref: &str,
    ) -> StoreResult<Option<ApiInterchange>> {
        let (sender, control_ref) = (sender.to_string(), control_ref.to_string());
        self.read(move |c| pax::interchange(c, &sender, &control_ref))
            .await
    }

    async fn record_api_intake(
        &self,
        interchange: ApiInterchange,
        manifests: Vec<NewManifest>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| pax::record_intake(ctx, &interchange, &manifests, &audit))
            .await
    }

    async fn api_flights(
        &self,
        from: chrono::NaiveDateTime,
        to: chrono::NaiveDateTime,
    ) -> StoreResult<Vec<FlightSummary>> {
        self.read(move |c| pax::flights(c, from, to)).await
    }

    async fn api_worklist(&self, limit: usize) -> StoreResult<Vec<FlightSummary>> {
        self.read(move |c| pax::worklist(c, limit)).await
    }

    async fn api_flight(&self, key: &str) -> StoreResult<Option<FlightDetail>> {
        let key = key.to_string();
        self.read(move |c| pax::flight(c, &key)).await
    }

    async fn api_hit(&self, id: &str) -> StoreResult<Option<ApiHit>> {
        let id = id.to_string();
        self.read(move |c| pax::hit(c, &id)).await
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
        self.write(move |ctx| pax::review(ctx, &id, status, &reason, &reviewer, at, &audit))
            .await
    }

    async fn confirmed_api_alerts(
        &self,
        document_keys: &[String],
        person_key: &str,
    ) -> StoreResult<Vec<ConfirmedAlert>> {
        let (keys, person) = (document_keys.to_vec(), person_key.to_string());
        self.read(move |c| pax::confirmed_alerts(c, &keys, &person))
            .await
    }

    async fn save_rule(&self, rule: StoredRule, audit: AuditEvent) -> StoreResult<()> {
        self.write(move |ctx| {
            pax::save_rule(ctx, &rule, &audit)?;
            sync::on_rule(ctx, rule)
        })
        .await
    }

    async fn rules(&self) -> StoreResult<Vec<StoredRule>> {
        self.read(pax::rules).await
    }

    async fn rule_versions(&self, id: &str) -> StoreResult<Vec<StoredRule>> {
        let id = id.to_string();
        self.read(move |c| pax::rule_versions(c, &id)).await
    }

    async fn rule_stats(&self) -> StoreResult<Vec<RuleStats>> {
        self.read(pax::rule_stats).await
    }

    async fn purge_api_data(
        &self,
        arrived_before: chrono::NaiveDateTime,
        audit: AuditEvent,
    ) -> StoreResult<PurgeReport> {
        self.write(move |ctx| pax::purge(ctx, arrived_before, &audit))
            .await
    }

    async fn append_audit(&self, event: AuditEvent) -> StoreResult<i64> {
        self.write(move |ctx| ctx.audit(&event)).await
    }

    async fn audit_entries(&self, from_seq: i64, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq >= ?1 ORDER BY seq LIMIT ?2"
            ))?;
            let rows = st.query_map(params![from_seq, limit as i64], audit_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn recent_audit(&self, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        self.read(move |c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?1"
            ))?;
            let rows = st.query_map([limit as i64], audit_from_row)?;
            rows.collect()
        })
        .await
    }
}

pub(crate) fn meta_from_row(r: &Row<'_>) -> rusqlite::Result<WatchlistMeta> {
    Ok(WatchlistMeta {
        id: r.get(0)?,
        name: r.get(1)?,
        source: r.get(2)?,
        published: r.get(3)?,
        entries: r.get(4)?,
        imported_at: parse_ts(&r.get::<_, String>(5)?)?,
        imported_by: r.get(6)?,
        version: r.get(7)?,
    })
}
