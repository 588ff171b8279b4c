//! The organisation's sync on PostgreSQL, which serves the centre only (see `limes_store::sync::org`): every
//! change of agencies, BCPs, users and API tokens goes down to the BCP nodes in the transaction of the change.
use crate::sync::{push_messages, put_own_record, record_message, stored_role};
use crate::{backend, col};
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_store::sync::org::{self, OrgSnapshot, OrgToken, OrgUser};
use limes_store::sync::NodeRole;
use limes_store::StoreResult;
use std::collections::HashMap;

/// Called by every write of the organisation's tables, in its transaction: at the centre, what changed goes
/// down.
pub(crate) async fn after_change(c: &impl GenericClient, at: &DateTime<Utc>) -> StoreResult<()> {
    if stored_role(c).await? == NodeRole::Centre {
        send_changes(c, at).await?;
    }
    Ok(())
}

/// Keep a new version of every organisation record that differs from what was last sent, and queue it for the
/// nodes. Returns how many went down.
pub(crate) async fn send_changes(c: &impl GenericClient, at: &DateTime<Utc>) -> StoreResult<u64> {
    let now = snapshot(c).await?.records()?;
    let rows = c
        .query(
            "SELECT kind, key, payload FROM sync_records
             WHERE origin = '' AND kind IN ('agency', 'bcp', 'user', 'api_token')",
            &[],
        )
        .await
        .map_err(backend)?;
    let mut sent: HashMap<(String, String), Option<String>> = HashMap::new();
    for r in &rows {
        sent.insert((col(r, 0)?, col(r, 1)?), col(r, 2)?);
    }
    let mut messages = Vec::new();
    for (kind, key, json) in org::changes(&now, &sent) {
        let version = put_own_record(c, kind, &key, json.as_deref(), at).await?;
        messages.push(record_message(kind, &key, version, json.as_deref())?);
    }
    push_messages(c, messages).await
}

/// The time of the newest audited change (the store has no clock of its own; a full copy is stamped with it).
pub(crate) async fn last_audited_at(c: &impl GenericClient) -> StoreResult<DateTime<Utc>> {
    let row = c
        .query_opt("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1", &[])
        .await
        .map_err(backend)?;
    match row {
        Some(r) => col(&r, 0),
        None => Ok(DateTime::<Utc>::UNIX_EPOCH),
    }
}

async fn snapshot(c: &impl GenericClient) -> StoreResult<OrgSnapshot> {
    let agencies = crate::org::agencies(c).await?;
    let bcps = crate::org::bcps(c).await?;
    let rows = c
        .query(
            &format!(
                "SELECT {}, password_hash FROM users ORDER BY id COLLATE \"C\"",
                crate::users::USER_COLUMNS
            ),
            &[],
        )
        .await
        .map_err(backend)?;
    let mut users = Vec::with_capacity(rows.len());
    for r in &rows {
        users.push(OrgUser {
            user: crate::users::user_at(r, 0)?,
            password_hash: col(r, 9)?,
        });
    }
    let rows = c
        .query(
            "SELECT id, token_hash, user_id, name, created_at, expires_at, revoked_at FROM api_tokens
             ORDER BY id COLLATE \"C\"",
            &[],
        )
        .await
        .map_err(backend)?;
    let mut tokens = Vec::with_capacity(rows.len());
    for r in &rows {
        tokens.push(OrgToken {
            id: col(r, 0)?,
            token_hash: col(r, 1)?,
            user_id: col(r, 2)?,
            name: col(r, 3)?,
            created_at: col(r, 4)?,
            expires_at: col(r, 5)?,
            revoked_at: col(r, 6)?,
        });
    }
    Ok(OrgSnapshot {
        agencies,
        bcps,
        users,
        tokens,
    })
}
