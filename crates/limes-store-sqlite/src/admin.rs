//! Editing users, one-time password reset codes and the second line's examination records on SQLite.
use crate::users::{user_from_row, USER_COLUMNS};
use crate::{backend, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::examination::Examination;
use limes_store::{
    checked_language, new_id, ExaminationStore, NewExamination, NewPasswordReset, StoreError,
    StoreResult, User, UserAdminStore, UserUpdate,
};
use rusqlite::{params, OptionalExtension, Transaction};

fn active_administrators(tx: &Transaction<'_>) -> StoreResult<i64> {
    tx.query_row(
        "SELECT count(*) FROM users WHERE role = 'administrator' AND active = 1",
        [],
        |r| r.get(0),
    )
    .map_err(backend)
}

fn end_sessions(tx: &Transaction<'_>, user_id: &str) -> StoreResult<()> {
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])
        .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl UserAdminStore for SqliteStore {
    async fn update_user(
        &self,
        id: &str,
        mut u: UserUpdate,
        audit: AuditEvent,
    ) -> StoreResult<User> {
        u.language = checked_language(u.language.as_deref())?;
        let id = id.to_string();
        self.write(move |ctx| {
            let had_admins = active_administrators(ctx.tx)?;
            let n = ctx
                .tx
                .execute(
                    "UPDATE users SET display_name = ?2, role = ?3, agency = ?4, bcps = ?5, language = ?6, active = ?7
                     WHERE id = ?1",
                    params![
                        id,
                        u.display_name,
                        u.role.as_str(),
                        u.agency,
                        u.bcps.join(","),
                        u.language,
                        u.active
                    ],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("user {id}")));
            }
            if had_admins > 0 && active_administrators(ctx.tx)? == 0 {
                return Err(StoreError::Conflict(
                    "the installation would have no active administrator left".into(),
                ));
            }
            if !u.active {
                end_sessions(ctx.tx, &id)?;
            }
            crate::org_sync::after_change(ctx, "a user", false, &audit.at)?;
            ctx.audit(&audit)?;
            ctx.tx
                .query_row(
                    &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
                    [&id],
                    user_from_row,
                )
                .map_err(backend)
        })
        .await
    }

    async fn create_password_reset(
        &self,
        r: NewPasswordReset,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            let known: Option<String> = ctx
                .tx
                .query_row("SELECT id FROM users WHERE id = ?1", [&r.user_id], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(backend)?;
            if known.is_none() {
                return Err(StoreError::NotFound(format!("user {}", r.user_id)));
            }
            ctx.tx
                .execute(
                    "DELETE FROM password_resets WHERE user_id = ?1 AND used_at IS NULL",
                    [&r.user_id],
                )
                .map_err(backend)?;
            ctx.tx
                .execute(
                    "INSERT INTO password_resets (code_hash, user_id, issued_by, issued_at, expires_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        r.code_hash,
                        r.user_id,
                        r.issued_by,
                        ts(&r.issued_at),
                        ts(&r.expires_at)
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn password_reset_user(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        let (code_hash, now) = (code_hash.to_string(), ts(&now));
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {} FROM password_resets r JOIN users u ON u.id = r.user_id
                 WHERE r.code_hash = ?1 AND r.used_at IS NULL AND r.expires_at > ?2 AND u.active = 1",
                USER_COLUMNS
                    .split(", ")
                    .map(|c| format!("u.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?
            .query_row(params![code_hash, now], user_from_row)
            .optional()
        })
        .await
    }

    async fn use_password_reset(
        &self,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let (code_hash, password_hash, now) =
            (code_hash.to_string(), password_hash.to_string(), ts(&now));
        self.write(move |ctx| {
            let user_id: Option<String> = ctx
                .tx
                .query_row(
                    "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
                     WHERE r.code_hash = ?1 AND r.used_at IS NULL AND r.expires_at > ?2 AND u.active = 1",
                    params![code_hash, now],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            let Some(user_id) = user_id else {
                return Err(StoreError::NotFound("password reset code".into()));
            };
            ctx.tx
                .execute(
                    "UPDATE password_resets SET used_at = ?2 WHERE code_hash = ?1",
                    params![code_hash, now],
                )
                .map_err(backend)?;
            ctx.tx
                .execute(
                    "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                    params![user_id, password_hash],
                )
                .map_err(backend)?;
            end_sessions(ctx.tx, &user_id)?;
            crate::org_sync::after_change(ctx, "a user's password", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }
}

fn examination_from(record: &str) -> rusqlite::Result<Examination> {
    serde_json::from_str(record).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[async_trait]
impl ExaminationStore for SqliteStore {
    async fn record_examination(
        &self,
        e: NewExamination,
        audit: AuditEvent,
    ) -> StoreResult<Examination> {
        self.write(move |ctx| {
            let bcp: Option<String> = ctx
                .tx
                .query_row(
                    "SELECT bcp FROM crossings WHERE id = ?1",
                    [&e.crossing_id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            let Some(bcp) = bcp else {
                return Err(StoreError::NotFound(format!("crossing {}", e.crossing_id)));
            };
            let exam = Examination {
                id: new_id(),
                crossing_id: e.crossing_id,
                bcp,
                officer: e.officer,
                recorded_at: e.recorded_at,
                details: e.details,
            };
            let record = serde_json::to_string(&exam).map_err(backend)?;
            ctx.tx
                .execute(
                    "INSERT INTO examinations (id, crossing_id, bcp, officer, recorded_at, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        exam.id,
                        exam.crossing_id,
                        exam.bcp,
                        exam.officer,
                        ts(&exam.recorded_at),
                        record
                    ],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(exam)
        })
        .await
    }

    async fn examinations_of(&self, crossing_id: &str) -> StoreResult<Vec<Examination>> {
        let crossing_id = crossing_id.to_string();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT record, recorded_at FROM examinations WHERE crossing_id = ?1 ORDER BY recorded_at, id",
            )?;
            let rows = st.query_map([crossing_id], |r| {
                let mut exam = examination_from(&r.get::<_, String>(0)?)?;
                exam.recorded_at = parse_ts(&r.get::<_, String>(1)?)?;
                Ok(exam)
            })?;
            rows.collect()
        })
        .await
    }
}
