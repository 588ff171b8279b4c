//! Users, login sessions and API tokens.
use crate::PgStore;
use crate::{backend, bad_value, col, is_unique_violation, ts};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::AuditEvent;
use limes_domain::Role;
use limes_store::UserStore;
use limes_store::{
    checked_language, new_id, token_id, ApiToken, NewApiToken, NewUser, Session, StoreError,
    StoreResult, User,
};
use tokio_postgres::Row;

pub(crate) const USER_COLUMNS: &str =
    "id, username, display_name, role, agency, bcps, active, created_at, language";

/// A user from the `USER_COLUMNS` starting at column `base`.
pub(crate) fn user_at(r: &Row, base: usize) -> StoreResult<User> {
    let role: String = col(r, base + 3)?;
    Ok(User {
        id: col(r, base)?,
        username: col(r, base + 1)?,
        display_name: col(r, base + 2)?,
        role: role.parse::<Role>().map_err(|_| bad_value("role", &role))?,
        agency: col(r, base + 4)?,
        bcps: col(r, base + 5)?,
        active: col(r, base + 6)?,
        created_at: col(r, base + 7)?,
        language: col(r, base + 8)?,
    })
}

pub async fn create_user(c: &impl GenericClient, user: NewUser) -> StoreResult<User> {
    let id = new_id();
    let st = c
        .prepare_cached(
            "INSERT INTO users (id, username, display_name, role, agency, bcps, password_hash, active, created_at, language)
             VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $9)",
        )
        .await
        .map_err(backend)?;
    let res = c
        .execute(
            &st,
            &[
                &id,
                &user.username,
                &user.display_name,
                &user.role.as_str(),
                &user.agency,
                &user.bcps,
                &user.password_hash,
                &ts(&user.created_at),
                &user.language,
            ],
        )
        .await;
    match res {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(format!(
                "user '{}' already exists",
                user.username
            )))
        }
        other => other.map_err(backend)?,
    };
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
}

pub async fn user(c: &impl GenericClient, id: &str) -> StoreResult<Option<User>> {
    let st = c
        .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&id])
        .await
        .map_err(backend)?
        .map(|r| user_at(&r, 0))
        .transpose()
}

pub async fn user_credentials(
    c: &impl GenericClient,
    username: &str,
) -> StoreResult<Option<(User, String)>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE username = $1"
        ))
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&username])
        .await
        .map_err(backend)?
        .map(|r| Ok((user_at(&r, 0)?, col(&r, 9)?)))
        .transpose()
}

pub async fn users(c: &impl GenericClient) -> StoreResult<Vec<User>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username COLLATE \"C\""
        ))
        .await
        .map_err(backend)?;
    c.query(&st, &[])
        .await
        .map_err(backend)?
        .iter()
        .map(|r| user_at(r, 0))
        .collect()
}

async fn delete_sessions_of(c: &impl GenericClient, user_id: &str) -> StoreResult<()> {
    let st = c
        .prepare_cached("DELETE FROM sessions WHERE user_id = $1")
        .await
        .map_err(backend)?;
    c.execute(&st, &[&user_id]).await.map_err(backend)?;
    Ok(())
}

pub async fn set_user_active(c: &impl GenericClient, id: &str, active: bool) -> StoreResult<()> {
    let st = c
        .prepare_cached("UPDATE users SET active = $2 WHERE id = $1")
        .await
        .map_err(backend)?;
    if c.execute(&st, &[&id, &active]).await.map_err(backend)? == 0 {
        return Err(StoreError::NotFound(format!("user {id}")));
    }
    if !active {
        delete_sessions_of(c, id).await?;
    }
    Ok(())
}

pub async fn set_password(c: &impl GenericClient, id: &str, hash: &str) -> StoreResult<()> {
    let st = c
        .prepare_cached("UPDATE users SET password_hash = $2 WHERE id = $1")
        .await
        .map_err(backend)?;
    if c.execute(&st, &[&id, &hash]).await.map_err(backend)? == 0 {
        return Err(StoreError::NotFound(format!("user {id}")));
    }
    // A new password ends every open session of the user.
    delete_sessions_of(c, id).await
}

pub async fn set_user_language(
    c: &impl GenericClient,
    id: &str,
    language: Option<&str>,
) -> StoreResult<()> {
    let st = c
        .prepare_cached("UPDATE users SET language = $2 WHERE id = $1")
        .await
        .map_err(backend)?;
    if c.execute(&st, &[&id, &language]).await.map_err(backend)? == 0 {
        return Err(StoreError::NotFound(format!("user {id}")));
    }
    Ok(())
}

pub async fn create_session(c: &impl GenericClient, s: &Session) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO sessions (token_hash, user_id, bcp, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &s.token_hash,
            &s.user_id,
            &s.bcp,
            &ts(&s.created_at),
            &ts(&s.expires_at),
        ],
    )
    .await
    .map_err(backend)?;
    // Expired sessions are swept as new ones are made.
    let st = c
        .prepare_cached("DELETE FROM sessions WHERE expires_at < $1")
        .await
        .map_err(backend)?;
    c.execute(&st, &[&ts(&s.created_at)])
        .await
        .map_err(backend)?;
    Ok(())
}

pub async fn session(
    c: &impl GenericClient,
    token_hash: &str,
) -> StoreResult<Option<(Session, User)>> {
    let st = c
        .prepare_cached(
            "SELECT s.token_hash, s.user_id, s.bcp, s.created_at, s.expires_at,
                    u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at, u.language
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        )
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&token_hash])
        .await
        .map_err(backend)?
        .map(|r| {
            let session = Session {
                token_hash: col(&r, 0)?,
                user_id: col(&r, 1)?,
                bcp: col(&r, 2)?,
                created_at: col(&r, 3)?,
                expires_at: col(&r, 4)?,
            };
            Ok((session, user_at(&r, 5)?))
        })
        .transpose()
}

pub async fn delete_session(c: &impl GenericClient, token_hash: &str) -> StoreResult<()> {
    let st = c
        .prepare_cached("DELETE FROM sessions WHERE token_hash = $1")
        .await
        .map_err(backend)?;
    c.execute(&st, &[&token_hash]).await.map_err(backend)?;
    Ok(())
}

pub async fn create_api_token(
    c: &impl GenericClient,
    t: &NewApiToken,
    expires_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at, id, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .await
        .map_err(backend)?;
    c.execute(
        &st,
        &[
            &t.token_hash,
            &t.user_id,
            &t.name,
            &ts(&t.created_at),
            &token_id(&t.token_hash),
            &expires_at,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

pub async fn api_token_user(c: &impl GenericClient, token_hash: &str) -> StoreResult<Option<User>> {
    let st = c
        .prepare_cached(
            "SELECT u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active, u.created_at, u.language
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND u.active AND t.revoked_at IS NULL",
        )
        .await
        .map_err(backend)?;
    c.query_opt(&st, &[&token_hash])
        .await
        .map_err(backend)?
        .map(|r| user_at(&r, 0))
        .transpose()
}

#[async_trait]
impl UserStore for PgStore {
    async fn create_user(&self, mut user: NewUser, audit: AuditEvent) -> StoreResult<User> {
        user.language = checked_language(user.language.as_deref())?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let user = create_user(ctx.tx, user).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(user)
                })
            })
            .await
    }

    async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        user(&self.conn().await?, id).await
    }

    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        user_credentials(&self.conn().await?, username).await
    }

    async fn users(&self) -> StoreResult<Vec<User>> {
        users(&self.conn().await?).await
    }

    async fn set_user_active(&self, id: &str, active: bool, audit: AuditEvent) -> StoreResult<()> {
        let id = id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    set_user_active(ctx.tx, &id, active).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
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
                    set_password(ctx.tx, &id, &hash).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
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
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    set_user_language(ctx.tx, &id, language.as_deref()).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
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
        create_session(&tx, &session).await?;
        tx.commit().await.map_err(backend)
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Option<(Session, User)>> {
        session(&self.conn().await?, token_hash).await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        delete_session(&self.conn().await?, token_hash).await
    }

    async fn create_expiring_api_token(
        &self,
        token: NewApiToken,
        expires_at: Option<DateTime<Utc>>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    create_api_token(ctx.tx, &token, expires_at).await?;
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<User>> {
        api_token_user(&self.conn().await?, token_hash).await
    }

    async fn api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS}, u.id, u.username, u.display_name, u.role, u.agency, u.bcps, u.active,
                        u.created_at, u.language
                 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1"
            ))
            .await
            .map_err(backend)?;
        c.query_opt(&st, &[&token_hash])
            .await
            .map_err(backend)?
            .map(|r| Ok((token_at(&r)?, user_at(&r, 8)?)))
            .transpose()
    }

    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
                 ORDER BY t.created_at DESC, t.id"
            ))
            .await
            .map_err(backend)?;
        c.query(&st, &[])
            .await
            .map_err(backend)?
            .iter()
            .map(token_at)
            .collect()
    }

    async fn revoke_api_token(
        &self,
        id: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let id = id.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let n = ctx
                        .tx
                        .execute(
                            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
                            &[&id, &ts(&at)],
                        )
                        .await
                        .map_err(backend)?;
                    if n == 0 {
                        return Err(StoreError::NotFound(format!("API token {id}")));
                    }
                    crate::org_sync::after_change(ctx.tx, &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
            })
            .await
    }

    async fn touch_api_token(&self, id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        // Not audited: an update of its own on a pooled connection, outside the chain lock.
        let c = self.conn().await?;
        c.execute(
            "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
            &[&id, &ts(&at)],
        )
        .await
        .map_err(backend)?;
        Ok(())
    }
}

const TOKEN_COLUMNS: &str =
    "t.id, t.user_id, u.username, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

fn token_at(r: &Row) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: col(r, 0)?,
        user_id: col(r, 1)?,
        username: col(r, 2)?,
        name: col(r, 3)?,
        created_at: col(r, 4)?,
        expires_at: col(r, 5)?,
        revoked_at: col(r, 6)?,
        last_used_at: col(r, 7)?,
    })
}
