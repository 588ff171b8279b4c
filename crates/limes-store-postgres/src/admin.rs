//! Editing users, one-time password reset codes and the second line's examination records on PostgreSQL.
use crate::users::{user_at, USER_COLUMNS};
use crate::{backend, col, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::examination::Examination;
use limes_store::{
    checked_language, new_id, ExaminationStore, NewExamination, NewPasswordReset, StoreError,
    StoreResult, User, UserAdminStore, UserUpdate,
};

async fn active_administrators(c: &impl GenericClient) -> StoreResult<i64> {
    let row = c
        .query_one(
            "SELECT count(*) FROM users WHERE role = 'administrator' AND active",
            &[],
        )
        .await
        .map_err(backend)?;
    col(&row, 0)
}

async fn end_sessions(c: &impl GenericClient, user_id: &str) -> StoreResult<()> {
    c.execute("DELETE FROM sessions WHERE user_id = $1", &[&user_id])
        .await
        .map_err(backend)?;
    Ok(())
}

fn prefixed_user_columns() -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("u.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn update_user(c: &impl GenericClient, id: &str, u: &UserUpdate) -> StoreResult<User> {
    // Lock the administrators' rows so two administrators demoting each other cannot both pass the check.
    c.execute(
        "SELECT id FROM users WHERE role = 'administrator' FOR UPDATE",
        &[],
    )
    .await
    .map_err(backend)?;
    let had_admins = active_administrators(c).await?;
    let n = c
        .execute(
            "UPDATE users SET display_name = $2, role = $3, agency = $4, bcps = $5, language = $6, active = $7
             WHERE id = $1",
            &[
                &id,
                &u.display_name,
                &u.role.as_str(),
                &u.agency,
                &u.bcps,
                &u.language,
                &u.active,
            ],
        )
        .await
        .map_err(backend)?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("user {id}")));
    }
    if had_admins > 0 && active_administrators(c).await? == 0 {
        return Err(StoreError::Conflict(
            "the installation would have no active administrator left".into(),
        ));
    }
    if !u.active {
        end_sessions(c, id).await?;
    }
    let row = c
        .query_one(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"),
            &[&id],
        )
        .await
        .map_err(backend)?;
    user_at(&row, 0)
}

async fn create_password_reset(c: &impl GenericClient, r: &NewPasswordReset) -> StoreResult<()> {
    if c.query_opt("SELECT id FROM users WHERE id = $1", &[&r.user_id])
        .await
        .map_err(backend)?
        .is_none()
    {
        return Err(StoreError::NotFound(format!("user {}", r.user_id)));
    }
    c.execute(
        "DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL",
        &[&r.user_id],
    )
    .await
    .map_err(backend)?;
    c.execute(
        "INSERT INTO password_resets (code_hash, user_id, issued_by, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
        &[
            &r.code_hash,
            &r.user_id,
            &r.issued_by,
            &ts(&r.issued_at),
            &ts(&r.expires_at),
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

async fn use_password_reset(
    c: &impl GenericClient,
    code_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let row = c
        .query_opt(
            "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
             WHERE r.code_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.active
             FOR UPDATE OF r",
            &[&code_hash, &ts(&now)],
        )
        .await
        .map_err(backend)?;
    let Some(row) = row else {
        return Err(StoreError::NotFound("password reset code".into()));
    };
    let user_id: String = col(&row, 0)?;
    c.execute(
        "UPDATE password_resets SET used_at = $2 WHERE code_hash = $1",
        &[&code_hash, &ts(&now)],
    )
    .await
    .map_err(backend)?;
    c.execute(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        &[&user_id, &password_hash],
    )
    .await
    .map_err(backend)?;
    end_sessions(c, &user_id).await
}

#[async_trait]
impl UserAdminStore for PgStore {
    async fn update_user(
        &self,
        id: &str,
        mut u: UserUpdate,
        audit: AuditEvent,
    ) -> StoreResult<User> {
        u.language = checked_language(u.language.as_deref())?;
        let id = id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let user = update_user(ctx.tx, &id, &u).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(user)
                })
            })
            .await
    }

    async fn create_password_reset(
        &self,
        r: NewPasswordReset,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    create_password_reset(ctx.tx, &r).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn password_reset_user(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        let c = self.conn().await?;
        c.query_opt(
            &format!(
                "SELECT {} FROM password_resets r JOIN users u ON u.id = r.user_id
                 WHERE r.code_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.active",
                prefixed_user_columns()
            ),
            &[&code_hash, &ts(&now)],
        )
        .await
        .map_err(backend)?
        .map(|r| user_at(&r, 0))
        .transpose()
    }

    async fn use_password_reset(
        &self,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let (code_hash, password_hash) = (code_hash.to_string(), password_hash.to_string());
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    use_password_reset(ctx.tx, &code_hash, &password_hash, now).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }
}

async fn record_examination(c: &impl GenericClient, e: NewExamination) -> StoreResult<Examination> {
    let Some(row) = c
        .query_opt("SELECT bcp FROM crossings WHERE id = $1", &[&e.crossing_id])
        .await
        .map_err(backend)?
    else {
        return Err(StoreError::NotFound(format!("crossing {}", e.crossing_id)));
    };
    let exam = Examination {
        id: new_id(),
        crossing_id: e.crossing_id,
        bcp: col(&row, 0)?,
        officer: e.officer,
        recorded_at: ts(&e.recorded_at),
        details: e.details,
    };
    let record = serde_json::to_string(&exam).map_err(|e| StoreError::Backend(e.to_string()))?;
    c.execute(
        "INSERT INTO examinations (id, crossing_id, bcp, officer, recorded_at, record)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &exam.id,
            &exam.crossing_id,
            &exam.bcp,
            &exam.officer,
            &exam.recorded_at,
            &record,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(exam)
}

#[async_trait]
impl ExaminationStore for PgStore {
    async fn record_examination(
        &self,
        e: NewExamination,
        audit: AuditEvent,
    ) -> StoreResult<Examination> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let exam = record_examination(ctx.tx, e).await?;
                    ctx.audit(&audit).await?;
                    Ok(exam)
                })
            })
            .await
    }

    async fn examinations_of(&self, crossing_id: &str) -> StoreResult<Vec<Examination>> {
        let c = self.conn().await?;
        c.query(
            "SELECT record, recorded_at FROM examinations WHERE crossing_id = $1 ORDER BY recorded_at, id",
            &[&crossing_id],
        )
        .await
        .map_err(backend)?
        .iter()
        .map(|r| {
            let record: String = col(r, 0)?;
            let mut exam: Examination = serde_json::from_str(&record).map_err(|e| StoreError::Backend(e.to_string()))?;
            exam.recorded_at = col(r, 1)?;
            Ok(exam)
        })
        .collect()
    }
}
