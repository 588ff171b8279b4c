//! The organisation's sync on SQLite (see `limes_store::sync::org`): at the centre, every change of agencies,
//! BCPs, users and API tokens goes down in its own transaction; at a BCP node, what comes down is written into
//! the node's own tables, and a change made there is refused (administration is central).
use crate::sync::{next_version, push_messages, record_message, upsert_record, RecordVersion};
use crate::writer::WriteCtx;
use crate::{backend, bad_value, parse_ts, ts};
use chrono::{DateTime, Utc};
use limes_domain::{Agency, AgencyKind};
use limes_store::sync::org::{
    self, central_only, Agencies, ApiTokens, Bcps, OrgSnapshot, OrgToken, OrgUser, Users,
};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{StoreError, StoreResult};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Called by every write of the organisation's tables, in its transaction: at a BCP node the change is refused
/// (unless `local` — a user's own language), at the centre what changed is sent down.
pub(crate) fn after_change(
    ctx: &WriteCtx<'_>,
    what: &str,
    local: bool,
    at: &DateTime<Utc>,
) -> StoreResult<()> {
    match ctx.role {
        NodeRole::Bcp if !local => Err(central_only(what)),
        NodeRole::Centre => send_changes(ctx, at).map(|_| ()),
        _ => Ok(()),
    }
}

/// At the centre: keep a new version of every organisation record that differs from what was last sent, and
/// queue it for the nodes. Returns how many went down.
pub(crate) fn send_changes(ctx: &WriteCtx<'_>, at: &DateTime<Utc>) -> StoreResult<u64> {
    let now = snapshot(ctx.tx)?.records()?;
    let sent = sent_records(ctx.tx)?;
    let mut queued = 0;
    for (kind, key, json) in org::changes(&now, &sent) {
        let version = next_version(ctx.tx, kind)?;
        let row = RecordVersion {
            kind,
            origin: "",
            key: &key,
            version,
        };
        upsert_record(ctx.tx, &row, json.as_deref(), at)?;
        queued += push_messages(
            ctx,
            vec![record_message(kind, &key, version, json.as_deref())?],
        )?;
    }
    Ok(queued)
}

/// The time of the newest audited change (the store has no clock of its own; a full copy is stamped with it).
pub(crate) fn last_audited_at(c: &Connection) -> StoreResult<DateTime<Utc>> {
    let at: Option<String> = c
        .query_row(
            "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    match at {
        Some(at) => parse_ts(&at).map_err(backend),
        None => Ok(DateTime::<Utc>::UNIX_EPOCH),
    }
}

fn sent_records(c: &Connection) -> StoreResult<HashMap<(String, String), Option<String>>> {
    let mut st = c
        .prepare_cached(
            "SELECT kind, key, payload FROM sync_records
             WHERE origin = '' AND kind IN ('agency', 'bcp', 'user', 'api_token')",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .map_err(backend)?;
    rows.collect::<rusqlite::Result<_>>().map_err(backend)
}

/// Everything the organisation's tables hold.
fn snapshot(c: &Connection) -> StoreResult<OrgSnapshot> {
    let read = || -> rusqlite::Result<OrgSnapshot> {
        let mut st = c.prepare_cached("SELECT code, name, kind FROM agencies ORDER BY code")?;
        let agencies = st
            .query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(Agency {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    kind: AgencyKind::parse(&kind)
                        .ok_or_else(|| bad_value("agency kind", &kind))?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(
            "SELECT code, name, kind, border_section, neighbour, agency, latitude, longitude, active
             FROM bcps ORDER BY code",
        )?;
        let bcps = st
            .query_map([], crate::org::bcp_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(&format!(
            "SELECT {}, password_hash FROM users ORDER BY id",
            crate::users::USER_COLUMNS
        ))?;
        let users = st
            .query_map([], |r| {
                Ok(OrgUser {
                    user: crate::users::user_from_row(r)?,
                    password_hash: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(
            "SELECT id, token_hash, user_id, name, created_at, expires_at, revoked_at FROM api_tokens ORDER BY id",
        )?;
        let tokens = st
            .query_map([], |r| {
                let optional_ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
                    r.get::<_, Option<String>>(i)?
                        .map(|s| parse_ts(&s))
                        .transpose()
                };
                Ok(OrgToken {
                    id: r.get(0)?,
                    token_hash: r.get(1)?,
                    user_id: r.get(2)?,
                    name: r.get(3)?,
                    created_at: parse_ts(&r.get::<_, String>(4)?)?,
                    expires_at: optional_ts(5)?,
                    revoked_at: optional_ts(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OrgSnapshot {
            agencies,
            bcps,
            users,
            tokens,
        })
    };
    read().map_err(backend)
}

fn parse<K: RecordKind>(json: &str) -> StoreResult<K::Record> {
    serde_json::from_str(json).map_err(|e| StoreError::Invalid(format!("{} record: {e}", K::KIND)))
}

/// At a BCP node: write one organisation record the centre sent (`None`: removed) into the node's own tables.
pub(crate) fn apply(tx: &Connection, kind: &str, key: &str, json: Option<&str>) -> StoreResult<()> {
    let run = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> StoreResult<usize> {
        tx.prepare_cached(sql)
            .and_then(|mut st| st.execute(p))
            .map_err(backend)
    };
    match (kind, json) {
        (Agencies::KIND, Some(json)) => {
            let a = parse::<Agencies>(json)?;
            run(
                "INSERT INTO agencies (code, name, kind) VALUES (?1, ?2, ?3)
                 ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind",
                params![a.code, a.name, a.kind.as_str()],
            )?;
        }
        (Agencies::KIND, None) => {
            run("DELETE FROM agencies WHERE code = ?1", params![key])?;
        }
        (Bcps::KIND, Some(json)) => {
            let b = parse::<Bcps>(json)?;
            run(
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
            )?;
        }
        (Bcps::KIND, None) => {
            run("UPDATE bcps SET active = 0 WHERE code = ?1", params![key])?;
        }
        (Users::KIND, Some(json)) => {
            let OrgUser {
                user: u,
                password_hash,
            } = parse::<Users>(json)?;
            let held_hash: Option<String> = tx
                .query_row(
                    "SELECT password_hash FROM users WHERE id = ?1",
                    [&u.id],
                    |r| r.get(0),
                )
                .optional()
                .map_err(backend)?;
            // A user the node made itself under the same name (before it was enrolled) gives way to the
            // centre's, deactivated under a name of its own.
            run(
                "UPDATE users SET username = username || '~' || id, active = 0 WHERE username = ?1 AND id <> ?2",
                params![u.username, u.id],
            )?;
            run(
                "INSERT INTO users (id, username, display_name, role, agency, bcps, password_hash, active, created_at,
                   language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
                   role = excluded.role, agency = excluded.agency, bcps = excluded.bcps,
                   password_hash = excluded.password_hash, active = excluded.active, language = excluded.language",
                params![
                    u.id,
                    u.username,
                    u.display_name,
                    u.role.as_str(),
                    u.agency,
                    u.bcps.join(","),
                    password_hash,
                    u.active,
                    ts(&u.created_at),
                    u.language
                ],
            )?;
            // A deactivated user, or one whose password changed, signs in again (or not at all).
            if !u.active || held_hash.is_some_and(|h| h != password_hash) {
                run("DELETE FROM sessions WHERE user_id = ?1", params![u.id])?;
            }
        }
        (Users::KIND, None) => {
            run("UPDATE users SET active = 0 WHERE id = ?1", params![key])?;
            run("DELETE FROM sessions WHERE user_id = ?1", params![key])?;
        }
        (ApiTokens::KIND, Some(json)) => {
            let t = parse::<ApiTokens>(json)?;
            run(
                "INSERT INTO api_tokens (token_hash, user_id, name, created_at, id, expires_at, revoked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(token_hash) DO UPDATE SET user_id = excluded.user_id, name = excluded.name,
                   expires_at = excluded.expires_at, revoked_at = excluded.revoked_at",
                params![
                    t.token_hash,
                    t.user_id,
                    t.name,
                    ts(&t.created_at),
                    t.id,
                    t.expires_at.as_ref().map(ts),
                    t.revoked_at.as_ref().map(ts)
                ],
            )?;
        }
        (ApiTokens::KIND, None) => {
            run("DELETE FROM api_tokens WHERE id = ?1", params![key])?;
        }
        _ => {}
    }
    Ok(())
}
