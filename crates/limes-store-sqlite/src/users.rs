//! Users, sessions and API tokens on SQLite.
use crate::{backend, bad_value, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_store::{
    checked_language, new_id, token_id, ApiToken, NewApiToken, NewUser, Session, StoreError,
    StoreResult, User, UserStore,
};
use rusqlite::{params, OptionalExtension, Row};

pub(crate) const USER_COLUMNS: &str =
    "id, username, display_name, role, agency, bcps, active, created_at, language";

pub(crate) fn user_from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    user_at(r, 0)
}

/// A user from the `USER_COLUMNS` starting at column `base` (0 alone, 5 after a session's columns).
pub(crate) fn user_at(r: &Row<'_>, base: usize) -> rusqlite::Result<User> {
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
        language: r.get(base + 8)?,
    })
}

#[async_trait]
impl UserStore for SqliteStore {
    async fn create_user(&self, mut user: NewUser, audit: AuditEvent) -> StoreResult<User> {
        user.language = checked_language(user.language.as_deref())?;
        self.write(move |ctx| {
            let id = new_id();
            let res = ctx.tx.execute(
                "INSERT INTO users (id, username, display_name, role, agency, bcps, password_hash, active, created_at, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9)",
                params![
                    id,
                    user.username,
                    user.display_name,
                    user.role.as_str(),
                    user.agency,
                    user.bcps.join(","),
                    user.password_hash,
                    ts(&user.created_at),
                    user.language
                ],
            );
            match res {
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    return Err(StoreError::Conflict(format!("user '{}' already exists", user.username)))
                }
                other => other.map_err(backend)?,
            };
            crate::org_sync::after_change(ctx, "a user", false, &audit.at)?;
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
                language: user.language,
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
            .query_row([name], |r| Ok((user_from_row(r)?, r.get(9)?)))
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
            crate::org_sync::after_change(ctx, "a user's active flag", false, &audit.at)?;
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
            crate::org_sync::after_change(ctx, "a user's password", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn set_user_language(
        &self,
        id: &str,
        language: Option<&str>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let (id, language) = (id.to_string(), checked_language(language)?);
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE users SET language = ?2 WHERE id = ?1",
                    params![id, language],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("user {id}")));
            }
            crate::org_sync::after_change(ctx, "a user's language", true, &audit.at)?;
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
                        u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at, u.language
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

    async fn create_expiring_api_token(
        &self,
        t: NewApiToken,
        expires_at: Option<DateTime<Utc>>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "INSERT INTO api_tokens (token_hash, user_id, name, created_at, id, expires_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        t.token_hash,
                        t.user_id,
                        t.name,
                        ts(&t.created_at),
                        token_id(&t.token_hash),
                        expires_at.as_ref().map(ts)
                    ],
                )
                .map_err(backend)?;
            crate::org_sync::after_change(ctx, "an API token", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        let h = token_hash.to_string();
        self.read(move |c| {
            c.prepare_cached(
                "SELECT u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at, u.language
                 FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = ?1 AND u.active = 1 AND t.revoked_at IS NULL",
            )?
            .query_row([h], user_from_row)
            .optional()
        })
        .await
    }

    async fn api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>> {
        let h = token_hash.to_string();
        self.read(move |c| {
            c.prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS}, u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active,
                        u.created_at, u.language
                 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1"
            ))?
            .query_row([h], |r| Ok((token_from_row(r)?, user_at(r, 8)?)))
            .optional()
        })
        .await
    }

    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
                 ORDER BY t.created_at DESC, t.id"
            ))?;
            let rows = st.query_map([], token_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn revoke_api_token(
        &self,
        id: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let id = id.to_string();
        self.write(move |ctx| {
            let n = ctx
                .tx
                .execute(
                    "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
                    params![id, ts(&at)],
                )
                .map_err(backend)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("API token {id}")));
            }
            crate::org_sync::after_change(ctx, "an API token's revocation", false, &audit.at)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn touch_api_token(&self, id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        let id = id.to_string();
        self.write(move |ctx| {
            ctx.tx
                .execute(
                    "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
                    params![id, ts(&at)],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }
}

const TOKEN_COLUMNS: &str =
    "t.id, t.user_id, u.username, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

fn token_from_row(r: &Row<'_>) -> rusqlite::Result<ApiToken> {
    let optional_ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        r.get::<_, Option<String>>(i)?
            .map(|s| parse_ts(&s))
            .transpose()
    };
    Ok(ApiToken {
        id: r.get(0)?,
        user_id: r.get(1)?,
        username: r.get(2)?,
        name: r.get(3)?,
        created_at: parse_ts(&r.get::<_, String>(4)?)?,
        expires_at: optional_ts(5)?,
        revoked_at: optional_ts(6)?,
        last_used_at: optional_ts(7)?,
    })
}
