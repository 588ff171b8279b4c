//! The sync tables of the SQLite backend (migrations 0003 to 0005): the outbox hooks called by the write path,
//! the centre's idempotent ingest of edge records, downward deltas applied at a BCP node, node status, and the
//! generic table of synced records for the kinds declared in `limes_store::sync::registry`.
use crate::documents::insert_document_alerts;
use crate::writer::WriteCtx;
use crate::{backend, date_text, parse_ts, ts, SqliteStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::{DocumentAlert, Outcome};
use limes_store::delta;
use limes_store::sync::org;
use limes_store::sync::{
    check_down_record, check_up_record, kind, registry, DownDelta, DownMessage, EnrolmentClaim,
    Flow, Heartbeat, Ingested, ListChange, ListVersions, NewEnrolment, NodeRecord, NodeRole,
    OutboxRow, RecordCursor, Storage, SyncIdentity, SyncStore, SyncedRecord, UpPayload, UpRecord,
};
use limes_store::{Crossing, StoreError, StoreResult, StoredRule, WatchlistMeta};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

pub(crate) fn role_code(role: NodeRole) -> u8 {
    match role {
        NodeRole::Standalone => 0,
        NodeRole::Bcp => 1,
        NodeRole::Centre => 2,
    }
}

pub(crate) fn role_from_code(code: u8) -> NodeRole {
    match code {
        1 => NodeRole::Bcp,
        2 => NodeRole::Centre,
        _ => NodeRole::Standalone,
    }
}

/// The role stored in the database (standalone when sync was never set up).
pub(crate) fn stored_role(conn: &Connection) -> StoreResult<NodeRole> {
    let role: Option<String> = conn
        .query_row("SELECT role FROM sync_identity", [], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    match role {
        None => Ok(NodeRole::Standalone),
        Some(r) => NodeRole::parse(&r)
            .ok_or_else(|| StoreError::Backend(format!("unknown sync role '{r}' in database"))),
    }
}

fn push(ctx: &WriteCtx<'_>, kind: &str, key: &str, payload: &str) -> StoreResult<()> {
    ctx.tx
        .prepare_cached("INSERT INTO sync_outbox (kind, key, payload) VALUES (?1, ?2, ?3)")
        .and_then(|mut st| st.execute(params![kind, key, payload]))
        .map_err(backend)?;
    Ok(())
}

fn json<T: Serialize + ?Sized>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

/// Serialises exactly like [`AuditEntry`], without copying the event.
#[derive(Serialize)]
struct AuditEntryRef<'a> {
    seq: i64,
    event: &'a AuditEvent,
    prev_hash: &'a str,
    hash: &'a str,
}

/// Every audit entry of a BCP node goes up, in the transaction that wrote it.
pub(crate) fn on_audit(
    ctx: &mut WriteCtx<'_>,
    seq: i64,
    prev_hash: String,
    hash: String,
    event: &AuditEvent,
) -> StoreResult<()> {
    if ctx.role != NodeRole::Bcp {
        return Ok(());
    }
    let payload = json(&AuditEntryRef {
        seq,
        event,
        prev_hash: &prev_hash,
        hash: &hash,
    })?;
    push(ctx, kind::AUDIT, &seq.to_string(), &payload)
}

/// A BCP node's crossing goes up whole, after the check and again after each decision.
pub(crate) fn on_crossing(ctx: &mut WriteCtx<'_>, crossing: &Crossing) -> StoreResult<()> {
    if ctx.role != NodeRole::Bcp {
        return Ok(());
    }
    queue_up(ctx, kind::CROSSING, &crossing.id, &json(crossing)?)
}

/// At a BCP node, put a record of an up kind in the outbox, in the transaction that wrote it (nothing
/// elsewhere). For a domain that keeps its records in tables of its own at the node; one kept in the generic
/// table goes through [`SyncStore::put_up_record`].
pub(crate) fn queue_up(
    ctx: &WriteCtx<'_>,
    kind: &str,
    key: &str,
    payload: &str,
) -> StoreResult<()> {
    if ctx.role != NodeRole::Bcp {
        return Ok(());
    }
    push(ctx, kind, key, payload)
}

/// One version of one record of the generic table.
pub(crate) struct RecordVersion<'a> {
    pub(crate) kind: &'a str,
    /// The node it came from; '' for a record made here or sent down by the centre.
    pub(crate) origin: &'a str,
    pub(crate) key: &'a str,
    pub(crate) version: i64,
}

/// Keep a version of a record in the generic table unless a newer one is there; true when it was kept.
pub(crate) fn upsert_record(
    tx: &Connection,
    record: &RecordVersion<'_>,
    payload: Option<&str>,
    at: &DateTime<Utc>,
) -> StoreResult<bool> {
    let changed = tx
        .prepare_cached(
            "INSERT INTO sync_records (kind, origin, key, version, payload, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(kind, origin, key) DO UPDATE SET version = excluded.version, payload = excluded.payload,
               updated_at = excluded.updated_at
             WHERE excluded.version > sync_records.version",
        )
        .and_then(|mut st| {
            st.execute(params![
                record.kind,
                record.origin,
                record.key,
                record.version,
                payload,
                ts(at)
            ])
        })
        .map_err(backend)?;
    Ok(changed > 0)
}

/// The next version of a kind made in this database.
pub(crate) fn next_version(tx: &Connection, kind: &str) -> StoreResult<i64> {
    tx.prepare_cached(
        "SELECT coalesce(max(version), 0) + 1 FROM sync_records WHERE kind = ?1 AND origin = ''",
    )
    .and_then(|mut st| st.query_row([kind], |r| r.get(0)))
    .map_err(backend)
}

/// The records made in this database (origin ''), of the kinds declared `flow` and generic, in the order made:
/// `(kind, key, version, payload)`.
type OwnRecord = (String, String, i64, Option<String>);

fn own_records(tx: &Connection, flow: Flow) -> StoreResult<Vec<OwnRecord>> {
    let mut st = tx
        .prepare(
            "SELECT kind, key, version, payload FROM sync_records WHERE origin = '' ORDER BY kind, version",
        )
        .map_err(backend)?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .map_err(backend)?;
    let rows: Vec<OwnRecord> = rows.collect::<rusqlite::Result<_>>().map_err(backend)?;
    Ok(rows
        .into_iter()
        .filter(|(k, ..)| is_generic(k, flow))
        .collect())
}

/// Where a kind stands in the registry: the order a full copy sends the kinds in.
fn registry_position(kind: &str) -> usize {
    registry::all()
        .iter()
        .position(|k| k.kind == kind)
        .unwrap_or(usize::MAX)
}

fn is_generic(kind: &str, flow: Flow) -> bool {
    registry::find(kind).is_some_and(|k| k.flow == flow && k.storage == Storage::Generic)
}

/// The downward message of one version of a record of a down kind.
pub(crate) fn record_message(
    kind: &str,
    key: &str,
    version: i64,
    payload: Option<&str>,
) -> StoreResult<DownMessage> {
    let record = payload
        .map(serde_json::from_str::<serde_json::Value>)
        .transpose()
        .map_err(backend)?;
    DownDelta::Record {
        record_kind: kind.to_string(),
        key: key.to_string(),
        version,
        record,
    }
    .message()
}

/// At the centre, the version of a list before it is saved again: the delta is computed from it.
pub(crate) fn before_watchlist(ctx: &WriteCtx<'_>, id: &str) -> StoreResult<Option<(String, i64)>> {
    if ctx.role != NodeRole::Centre {
        return Ok(None);
    }
    ctx.tx
        .query_row(
            "SELECT data, version FROM watchlists WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(backend)
}

/// The centre's watchlist changes go down, at the version just stored: the entries that changed since
/// `before`, or the whole list.
pub(crate) fn on_watchlist(
    ctx: &mut WriteCtx<'_>,
    mut meta: WatchlistMeta,
    before: Option<(String, i64)>,
    list_json: String,
) -> StoreResult<()> {
    if ctx.role != NodeRole::Centre {
        return Ok(());
    }
    meta.version = ctx
        .tx
        .query_row(
            "SELECT version FROM watchlists WHERE id = ?1",
            [&meta.id],
            |r| r.get(0),
        )
        .map_err(backend)?;
    let change = delta::diff_list(before.as_ref().map(|(j, v)| (j.as_str(), *v)), &list_json);
    push_watchlist(ctx, meta, change).map(|_| ())
}

fn push_watchlist(ctx: &WriteCtx<'_>, meta: WatchlistMeta, change: ListChange) -> StoreResult<u64> {
    push_messages(ctx, delta::watchlist_messages(meta, change)?)
}

/// Queue downward messages; returns how many.
pub(crate) fn push_messages(ctx: &WriteCtx<'_>, messages: Vec<DownMessage>) -> StoreResult<u64> {
    for m in &messages {
        push(ctx, &m.kind, &m.key, &m.payload)?;
    }
    Ok(messages.len() as u64)
}

/// At the centre, the register before a replacing import (the delta is computed from it) and its version.
pub(crate) struct RegisterBefore {
    version: i64,
    alerts: Option<Vec<DocumentAlert>>,
}

pub(crate) fn before_documents(
    ctx: &WriteCtx<'_>,
    replace: bool,
) -> StoreResult<Option<RegisterBefore>> {
    if ctx.role != NodeRole::Centre {
        return Ok(None);
    }
    let version = documents_version(ctx.tx)?;
    let alerts = if replace {
        Some(crate::documents::all_document_alerts(ctx.tx).map_err(backend)?)
    } else {
        None
    };
    Ok(Some(RegisterBefore { version, alerts }))
}

pub(crate) fn documents_version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .query_row("SELECT documents_version FROM sync_identity", [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()
        .map_err(backend)?
        .unwrap_or(0))
}

/// The centre's document-alert imports go down as a new register version: the alerts added and removed, in
/// parts of [`delta::DOCUMENTS_PER_DELTA`].
pub(crate) fn on_documents(
    ctx: &mut WriteCtx<'_>,
    before: Option<RegisterBefore>,
    alerts: Vec<DocumentAlert>,
) -> StoreResult<()> {
    let Some(before) = before else {
        return Ok(());
    };
    let (added, removed) = match before.alerts {
        Some(old) => delta::diff_register(old, &alerts),
        None => (alerts, Vec::new()),
    };
    let version = before.version + 1;
    ctx.tx
        .execute("UPDATE sync_identity SET documents_version = ?1", [version])
        .map_err(backend)?;
    push_register(ctx, version, Some(before.version), added, removed).map(|_| ())
}

fn push_register(
    ctx: &WriteCtx<'_>,
    version: i64,
    base_version: Option<i64>,
    added: Vec<DocumentAlert>,
    removed: Vec<DocumentAlert>,
) -> StoreResult<u64> {
    let messages = delta::register_parts(version, base_version, added, removed)?
        .iter()
        .map(DownDelta::message)
        .collect::<StoreResult<Vec<_>>>()?;
    push_messages(ctx, messages)
}

/// Every list the centre holds goes down whole, at its current version (see [`SyncStore::queue_full_copy`]).
fn full_copy(ctx: &WriteCtx<'_>) -> StoreResult<u64> {
    let mut queued = 0u64;
    let lists: Vec<(WatchlistMeta, String)> = {
        let mut st = ctx
            .tx
            .prepare(
                "SELECT id, name, source, published, entries, imported_at, imported_by, version, data
                 FROM watchlists ORDER BY id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map([], |r| {
                Ok((crate::watchlists::meta_from_row(r)?, r.get(8)?))
            })
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    for (meta, data) in lists {
        queued += push_watchlist(ctx, meta, delta::diff_list(None, &data))?;
    }
    let version = documents_version(ctx.tx)?;
    let alerts = crate::documents::all_document_alerts(ctx.tx).map_err(backend)?;
    // A register never imported has nothing to send.
    if version > 0 || !alerts.is_empty() {
        queued += push_register(ctx, version, None, alerts, Vec::new())?;
    }
    queued += crate::vehicles::full_copy(ctx)?;
    queued += crate::firearms::full_copy(ctx)?;
    for rule in crate::pax::rules(ctx.tx).map_err(backend)? {
        queued += push_messages(ctx, vec![DownDelta::Rule { rule }.message()?])?;
    }
    // The organisation's tables as they are now (what was there before this database became the centre too).
    let at = crate::org_sync::last_audited_at(ctx.tx)?;
    crate::org_sync::send_changes(ctx, &at)?;
    // Removed records too, so that a node that missed the removal drops them; in the registry's order (a user
    // before the tokens that name it).
    let mut records = own_records(ctx.tx, Flow::Down)?;
    records.sort_by_key(|(kind, _, version, _)| (registry_position(kind), *version));
    for (kind, key, version, payload) in records {
        queued += push_messages(
            ctx,
            vec![record_message(&kind, &key, version, payload.as_deref())?],
        )?;
    }
    Ok(queued)
}

/// The centre's targeting-rule versions go down.
pub(crate) fn on_rule(ctx: &mut WriteCtx<'_>, rule: StoredRule) -> StoreResult<()> {
    if ctx.role != NodeRole::Centre {
        return Ok(());
    }
    push_messages(ctx, vec![DownDelta::Rule { rule }.message()?]).map(|_| ())
}

fn identity_row(conn: &Connection) -> rusqlite::Result<Option<(SyncIdentity, u64)>> {
    conn.query_row(
        "SELECT role, node, bcp, down_seq FROM sync_identity",
        [],
        |r| {
            let role: String = r.get(0)?;
            Ok((
                SyncIdentity {
                    role: NodeRole::parse(&role).ok_or_else(|| crate::bad_value("role", &role))?,
                    node: r.get(1)?,
                    bcp: r.get(2)?,
                },
                r.get(3)?,
            ))
        },
    )
    .optional()
}

fn store_crossing(conn: &Connection, c: &Crossing) -> rusqlite::Result<()> {
    let d = &c.check.document;
    let reasons = serde_json::to_string(&c.check.reasons)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO crossings (id, bcp, direction, at, officer, document_code, document_number, issuing_state,
           surname, given_names, nationality, birth_date, sex, expiry_date, document_key, person_key,
           input_method, recommendation, reasons, hit_count, alert_count, result_json, status,
           first_outcome, first_officer, outcome, refusal_reason, decided_by, decided_at, note, admission_override)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
           ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, first_outcome = excluded.first_outcome,
           first_officer = excluded.first_officer, outcome = excluded.outcome,
           refusal_reason = excluded.refusal_reason, decided_by = excluded.decided_by,
           decided_at = excluded.decided_at, note = excluded.note,
           admission_override = excluded.admission_override",
    )?
    .execute(params![
        c.id,
        c.check.bcp,
        c.check.direction.as_str(),
        ts(&c.check.at),
        c.check.officer,
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
        c.check.input_method,
        c.check.recommendation.as_str(),
        reasons,
        c.check.hit_count,
        c.check.alert_count,
        c.check.result_json,
        c.status.as_str(),
        c.first_outcome.map(Outcome::as_str),
        c.first_officer,
        c.outcome.map(Outcome::as_str),
        c.refusal_reason,
        c.decided_by,
        c.decided_at.as_ref().map(ts),
        c.note,
        c.admission_override
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
    ])?;
    Ok(())
}

fn ingest_one(
    ctx: &WriteCtx<'_>,
    r: &UpRecord,
    received_at: &DateTime<Utc>,
) -> StoreResult<Ingested> {
    // Read the payload before anything is stored: a record that cannot be read is refused whole.
    let read = r.read()?;
    let key = read.key;
    let new = ctx
        .tx
        .prepare_cached(
            "INSERT INTO sync_ingested (node, seq, kind, key) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )
        .and_then(|mut st| st.execute(params![r.node, r.seq, r.kind, key]))
        .map_err(backend)?;
    if new == 0 {
        return Ok(Ingested::Duplicate);
    }
    match read.payload {
        UpPayload::Generic => {
            let record = RecordVersion {
                kind: &r.kind,
                origin: &r.node,
                key: &key,
                version: r.seq,
            };
            // An older version arriving late changes nothing.
            upsert_record(ctx.tx, &record, Some(&r.payload), received_at)?;
        }
        UpPayload::Crossing(c) => {
            let newest: Option<(String, i64)> = ctx
                .tx
                .prepare_cached("SELECT node, seq FROM sync_crossing_origin WHERE crossing_id = ?1")
                .and_then(|mut st| {
                    st.query_row([&c.id], |row| Ok((row.get(0)?, row.get(1)?)))
                        .optional()
                })
                .map_err(backend)?;
            // Only the node that made a crossing sends it; an older version arriving late changes nothing.
            let stale = newest.is_some_and(|(node, seq)| node == r.node && seq >= r.seq);
            if !stale {
                store_crossing(ctx.tx, &c).map_err(backend)?;
                ctx.tx
                    .prepare_cached(
                        "INSERT INTO sync_crossing_origin (crossing_id, node, seq) VALUES (?1, ?2, ?3)
                         ON CONFLICT(crossing_id) DO UPDATE SET node = excluded.node, seq = excluded.seq",
                    )
                    .and_then(|mut st| st.execute(params![c.id, r.node, r.seq]))
                    .map_err(backend)?;
            }
        }
        UpPayload::Audit(e) => {
            let ev = &e.event;
            ctx.tx
                .prepare_cached(
                    "INSERT INTO sync_node_audit (node, seq, at, actor, role, agency, bcp, action, subject, purpose,
                       detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT DO NOTHING",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        r.node,
                        e.seq,
                        ts(&ev.at),
                        ev.actor,
                        ev.role,
                        ev.agency,
                        ev.bcp,
                        ev.action,
                        ev.subject,
                        ev.purpose,
                        ev.detail,
                        e.prev_hash,
                        e.hash
                    ])
                })
                .map_err(backend)?;
        }
    }
    Ok(Ingested::Stored)
}

/// Count the records stored from a node, per kind.
fn count_kinds(
    ctx: &WriteCtx<'_>,
    node: &str,
    kinds: &std::collections::BTreeMap<&str, u64>,
) -> StoreResult<()> {
    let mut st = ctx
        .tx
        .prepare_cached(
            "INSERT INTO sync_node_kinds (node, kind, records) VALUES (?1, ?2, ?3)
             ON CONFLICT(node, kind) DO UPDATE SET records = records + excluded.records",
        )
        .map_err(backend)?;
    for (kind, n) in kinds.iter().filter(|(_, n)| **n > 0) {
        st.execute(params![node, kind, n]).map_err(backend)?;
    }
    Ok(())
}

fn touch_node(
    ctx: &WriteCtx<'_>,
    node: &str,
    bcp: &str,
    at: &DateTime<Utc>,
    stored: u64,
    last_seq: i64,
) -> StoreResult<()> {
    ctx.tx
        .prepare_cached(
            "INSERT INTO sync_nodes (node, bcp, last_contact, records, last_seq) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(node) DO UPDATE SET bcp = excluded.bcp, last_contact = max(last_contact, excluded.last_contact),
               records = records + excluded.records, last_seq = max(last_seq, excluded.last_seq)",
        )
        .and_then(|mut st| st.execute(params![node, bcp, ts(at), stored, last_seq]))
        .map_err(backend)?;
    Ok(())
}

fn apply_watchlist(ctx: &WriteCtx<'_>, meta: &WatchlistMeta, data: &str) -> StoreResult<()> {
    ctx.tx
        .execute(
            "INSERT INTO watchlists (id, name, source, published, entries, imported_at, imported_by, version, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source,
               published = excluded.published, entries = excluded.entries, imported_at = excluded.imported_at,
               imported_by = excluded.imported_by, version = excluded.version, data = excluded.data",
            params![
                meta.id,
                meta.name,
                meta.source,
                meta.published,
                meta.entries,
                ts(&meta.imported_at),
                meta.imported_by,
                meta.version,
                data
            ],
        )
        .map_err(backend)?;
    Ok(())
}

/// Where the parts of a register change are kept: apart for a change and for a whole register of the same
/// version (a resend), so that parts of the two are never joined.
fn register_target(base_version: Option<i64>) -> String {
    match base_version {
        Some(b) => format!("documents:from:{b}"),
        None => "documents:whole".to_string(),
    }
}

/// Keep one part of a change that came in several messages until its last part is in.
pub(crate) fn stage(
    ctx: &WriteCtx<'_>,
    target: &str,
    version: i64,
    part: u32,
    payload: &str,
) -> StoreResult<()> {
    ctx.tx
        .prepare_cached(
            "INSERT OR REPLACE INTO sync_staged_parts (target, version, part, payload) VALUES (?1, ?2, ?3, ?4)",
        )
        .and_then(|mut st| st.execute(params![target, version, part, payload]))
        .map_err(backend)?;
    Ok(())
}

/// The kind of target whose older parts go when a change of it is applied: `documents:` or `watchlist:<id>:`.
fn target_family(target: &str) -> &str {
    match target.strip_prefix("watchlist:") {
        Some(rest) => rest
            .find(':')
            .map_or(target, |i| &target[..("watchlist:".len() + i + 1)]),
        None => target.find(':').map_or(target, |i| &target[..=i]),
    }
}

/// The parts kept for a change, in order; they (and those of older versions) are removed with the transaction.
pub(crate) fn take_staged(
    ctx: &WriteCtx<'_>,
    target: &str,
    version: i64,
) -> StoreResult<Vec<(u32, String)>> {
    let staged = {
        let mut st = ctx
            .tx
            .prepare_cached(
                "SELECT part, payload FROM sync_staged_parts WHERE target = ?1 AND version = ?2 ORDER BY part",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![target, version], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<(u32, String)>>>()
            .map_err(backend)?
    };
    ctx.tx
        .execute(
            "DELETE FROM sync_staged_parts
             WHERE (target = ?1 OR substr(target, 1, length(?3)) = ?3) AND version <= ?2",
            params![target, version, target_family(target)],
        )
        .map_err(backend)?;
    Ok(staged)
}

/// Apply a watchlist change to the version this node holds, audited; nothing when it holds it already.
fn apply_watchlist_change(
    ctx: &mut WriteCtx<'_>,
    down_seq: u64,
    meta: WatchlistMeta,
    change: ListChange,
    mut audit: AuditEvent,
) -> StoreResult<()> {
    let held: Option<(String, i64)> = ctx
        .tx
        .query_row(
            "SELECT data, version FROM watchlists WHERE id = ?1",
            [&meta.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(backend)?;
    let built = delta::apply_list_change(
        &meta.id,
        held.as_ref().map(|(j, v)| (j.as_str(), *v)),
        meta.version,
        &change,
    )?;
    if let Some(list_json) = built {
        apply_watchlist(ctx, &meta, &list_json)?;
        audit.subject = Some(format!("watchlist:{}", meta.id));
        audit.detail = format!(
            "delta {down_seq}: watchlist {} version {} ({} entries; {})",
            meta.id,
            meta.version,
            meta.entries,
            change.describe()
        );
        ctx.audit(&audit)?;
    }
    Ok(())
}

/// The last part of a register change is in: take the staged parts with it and change the register in this
/// transaction. Returns how many alerts were added and removed.
#[derive(Clone, Copy)]
struct RegisterChange {
    version: i64,
    base_version: Option<i64>,
    /// The register version the node holds.
    held_version: i64,
    parts: u32,
}

fn apply_register(
    ctx: &mut WriteCtx<'_>,
    change: &RegisterChange,
    add: Vec<DocumentAlert>,
    remove: Vec<DocumentAlert>,
) -> StoreResult<(u64, u64)> {
    let RegisterChange {
        version,
        base_version,
        held_version,
        parts,
    } = *change;
    let staged = take_staged(ctx, &register_target(base_version), version)?;
    let have: Vec<u32> = staged.iter().map(|(p, _)| *p).collect();
    let want: Vec<u32> = (1..parts).collect();
    if have != want {
        return Err(StoreError::Conflict(format!(
            "document-alert register version {version}: parts {want:?} expected before the last, found \
             {have:?}; the register is unchanged and the centre must send it again (limes sync resend)"
        )));
    }
    if let Some(base) = base_version {
        if base != held_version {
            return Err(StoreError::Conflict(format!(
                "document-alert register version {version} is a change from version {base}, but this node \
                 holds version {held_version}; the register is unchanged and the centre must send it whole \
                 (limes sync resend)"
            )));
        }
    }
    let mut all_add = Vec::new();
    let mut all_remove = Vec::new();
    for (part, payload) in staged {
        let (a, r): (Vec<DocumentAlert>, Vec<DocumentAlert>) = serde_json::from_str(&payload)
            .map_err(|e| StoreError::Backend(format!("staged register part {part}: {e}")))?;
        all_add.extend(a);
        all_remove.extend(r);
    }
    all_add.extend(add);
    all_remove.extend(remove);
    let mut removed = 0u64;
    {
        let mut st = ctx
            .tx
            .prepare_cached(
                "DELETE FROM document_alerts WHERE rowid = (SELECT rowid FROM document_alerts
                   WHERE issuing_state = ?1 AND number_norm = ?2 AND document_number = ?3 AND document_type = ?4
                     AND status = ?5 AND source = ?6 AND reason = ?7 AND reported_on = ?8 LIMIT 1)",
            )
            .map_err(backend)?;
        for a in &all_remove {
            removed += st
                .execute(params![
                    a.issuing_state,
                    limes_domain::document::normalize_document_number(&a.document_number),
                    a.document_number,
                    a.document_type,
                    a.status.as_str(),
                    a.source,
                    a.reason,
                    a.reported_on.format("%Y-%m-%d").to_string()
                ])
                .map_err(backend)? as u64;
        }
    }
    let added = insert_document_alerts(ctx, &all_add, base_version.is_none())?;
    ctx.tx
        .execute("UPDATE sync_identity SET documents_version = ?1", [version])
        .map_err(backend)?;
    // The node's own register version moves too: its fingerprint index is rebuilt from it.
    crate::registers::bump_version(ctx, crate::registers::DOCUMENTS)?;
    Ok((added, removed))
}

/// A database that becomes a BCP node sends what it holds already: its whole audit chain (so that the centre
/// can verify it from the first entry) and its crossings. Ingest ignores what the centre has already.
fn backfill(ctx: &mut WriteCtx<'_>) -> StoreResult<()> {
    let entries: Vec<AuditEntry> = {
        let mut st = ctx
            .tx
            .prepare(&format!(
                "SELECT {} FROM audit_log ORDER BY seq",
                crate::audit::AUDIT_COLUMNS
            ))
            .map_err(backend)?;
        let rows = st
            .query_map([], crate::audit::audit_from_row)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    for e in &entries {
        push(ctx, kind::AUDIT, &e.seq.to_string(), &json(e)?)?;
    }
    let crossings: Vec<Crossing> = {
        let mut st = ctx
            .tx
            .prepare(&format!(
                "SELECT {} FROM crossings ORDER BY at",
                crate::crossings::CROSSING_COLUMNS
            ))
            .map_err(backend)?;
        let rows = st
            .query_map([], crate::crossings::crossing_from_row)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    for c in &crossings {
        push(ctx, kind::CROSSING, &c.id, &json(c)?)?;
    }
    for (kind, key, _, payload) in own_records(ctx.tx, Flow::Up)? {
        if let Some(payload) = payload {
            push(ctx, &kind, &key, &payload)?;
        }
    }
    Ok(())
}

/// What one ingested batch brought from one node.
struct NodeBatch<'a> {
    bcp: &'a str,
    /// Records stored, per kind.
    stored: std::collections::BTreeMap<&'a str, u64>,
    last_seq: i64,
}

#[async_trait]
impl SyncStore for SqliteStore {
    async fn sync_identity(&self) -> StoreResult<Option<SyncIdentity>> {
        self.read(|c| Ok(identity_row(c)?.map(|(id, _)| id))).await
    }

    async fn set_sync_identity(
        &self,
        role: NodeRole,
        node: &str,
        bcp: Option<&str>,
    ) -> StoreResult<SyncIdentity> {
        limes_store::sync::check_token("node id", node)?;
        if let Some(b) = bcp {
            limes_store::sync::check_token("BCP code", b)?;
        }
        if role == NodeRole::Bcp && bcp.is_none() {
            return Err(StoreError::Invalid("a BCP node needs its BCP code".into()));
        }
        let (node, bcp) = (node.to_string(), bcp.map(str::to_string));
        let identity = self
            .write(move |ctx| {
                let existing = identity_row(ctx.tx).map_err(backend)?;
                let was_bcp = existing.as_ref().is_some_and(|(old, _)| old.role == NodeRole::Bcp);
                let was_centre =
                    existing.as_ref().is_some_and(|(old, _)| old.role == NodeRole::Centre);
                let identity = match existing {
                    Some((old, _)) => {
                        if old.role == NodeRole::Bcp && role == NodeRole::Bcp && old.bcp != bcp {
                            return Err(StoreError::Conflict(format!(
                                "this database is node {} of BCP {}; it cannot become a node of {}",
                                old.node,
                                old.bcp.as_deref().unwrap_or("?"),
                                bcp.as_deref().unwrap_or("?")
                            )));
                        }
                        SyncIdentity {
                            role,
                            node: old.node,
                            bcp,
                        }
                    }
                    None => SyncIdentity { role, node, bcp },
                };
                ctx.tx
                    .execute(
                        "INSERT INTO sync_identity (only_row, role, node, bcp) VALUES (1, ?1, ?2, ?3)
                         ON CONFLICT(only_row) DO UPDATE SET role = excluded.role, bcp = excluded.bcp",
                        params![identity.role.as_str(), identity.node, identity.bcp],
                    )
                    .map_err(backend)?;
                if role == NodeRole::Bcp && !was_bcp {
                    backfill(ctx)?;
                }
                if role == NodeRole::Centre && !was_centre {
                    // What the centre held before it became one goes down too.
                    full_copy(ctx)?;
                }
                Ok(identity)
            })
            .await?;
        self.inner.writer.set_role(identity.role);
        Ok(identity)
    }

    async fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<OutboxRow>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT seq, kind, key, payload FROM sync_outbox ORDER BY seq LIMIT ?1",
            )?;
            let rows = st.query_map([limit], |r| {
                Ok(OutboxRow {
                    seq: r.get(0)?,
                    kind: r.get(1)?,
                    key: r.get(2)?,
                    payload: r.get(3)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn outbox_sent(&self, seqs: Vec<i64>) -> StoreResult<()> {
        if seqs.is_empty() {
            return Ok(());
        }
        self.write(move |ctx| {
            let mut st = ctx
                .tx
                .prepare_cached("DELETE FROM sync_outbox WHERE seq = ?1")
                .map_err(backend)?;
            for s in seqs {
                st.execute([s]).map_err(backend)?;
            }
            Ok(())
        })
        .await
    }

    async fn outbox_backlog(&self) -> StoreResult<u64> {
        self.read(|c| c.query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0)))
            .await
    }

    async fn ingest_up(
        &self,
        records: Vec<UpRecord>,
        received_at: DateTime<Utc>,
    ) -> StoreResult<Vec<Ingested>> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        self.write(move |ctx| {
            let mut out = Vec::with_capacity(records.len());
            // Per node: how many stored (per kind), the highest seq, the BCP.
            let mut per_node: std::collections::BTreeMap<&str, NodeBatch<'_>> =
                std::collections::BTreeMap::new();
            for r in &records {
                let result = ingest_one(ctx, r, &received_at)?;
                let entry = per_node.entry(&r.node).or_insert(NodeBatch {
                    bcp: &r.bcp,
                    stored: Default::default(),
                    last_seq: 0,
                });
                if result == Ingested::Stored {
                    *entry.stored.entry(&r.kind).or_default() += 1;
                }
                entry.last_seq = entry.last_seq.max(r.seq);
                out.push(result);
            }
            for (node, batch) in per_node {
                let stored = batch.stored.values().sum();
                touch_node(ctx, node, batch.bcp, &received_at, stored, batch.last_seq)?;
                count_kinds(ctx, node, &batch.stored)?;
            }
            Ok(out)
        })
        .await
    }

    async fn node_audit_entries(
        &self,
        node: &str,
        from_seq: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        let node = node.to_string();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash
                 FROM sync_node_audit WHERE node = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3",
            )?;
            let rows = st.query_map(params![node, from_seq, limit], crate::audit::audit_from_row)?;
            rows.collect()
        })
        .await
    }

    async fn record_heartbeat(
        &self,
        heartbeat: Heartbeat,
        received_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        limes_store::sync::check_token("node id", &heartbeat.node)?;
        let text = json(&heartbeat)?;
        self.write(move |ctx| {
            touch_node(ctx, &heartbeat.node, &heartbeat.bcp, &received_at, 0, 0)?;
            ctx.tx
                .execute(
                    "UPDATE sync_nodes SET heartbeat = ?2 WHERE node = ?1",
                    params![heartbeat.node, text],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn nodes(&self) -> StoreResult<Vec<NodeRecord>> {
        self.read(|c| {
            let mut by_node: std::collections::HashMap<String, std::collections::BTreeMap<String, u64>> =
                std::collections::HashMap::new();
            let mut st = c.prepare_cached("SELECT node, kind, records FROM sync_node_kinds")?;
            for row in st.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u64>(2)?))
            })? {
                let (node, kind, n) = row?;
                by_node.entry(node).or_default().insert(kind, n);
            }
            let mut st = c.prepare_cached(
                "SELECT node, bcp, last_contact, heartbeat, records, last_seq FROM sync_nodes ORDER BY bcp, node",
            )?;
            let rows = st.query_map([], |r| {
                let hb: Option<String> = r.get(3)?;
                Ok(NodeRecord {
                    node: r.get(0)?,
                    bcp: r.get(1)?,
                    last_contact: parse_ts(&r.get::<_, String>(2)?)?,
                    heartbeat: hb
                        .map(|h| serde_json::from_str(&h).map_err(|_| crate::bad_value("heartbeat", &h)))
                        .transpose()?,
                    records: r.get(4)?,
                    last_seq: r.get(5)?,
                    records_by_kind: Default::default(),
                })
            })?;
            rows.map(|n| {
                n.map(|mut n| {
                    n.records_by_kind = by_node.remove(&n.node).unwrap_or_default();
                    n
                })
            })
            .collect()
        })
        .await
    }

    async fn apply_down(
        &self,
        down_seq: u64,
        delta: DownDelta,
        audit: AuditEvent,
    ) -> StoreResult<bool> {
        // A change of the document-alert register takes the fingerprint index out of use until it is rebuilt.
        let register_change = matches!(delta, DownDelta::Documents { .. });
        if register_change {
            self.alert_register_changed();
        }
        let applied = self.write(move |ctx| {
            let Some((identity, held)) = identity_row(ctx.tx).map_err(backend)? else {
                return Err(StoreError::Invalid(
                    "this database is not set up as a BCP node (no sync identity)".into(),
                ));
            };
            if identity.role != NodeRole::Bcp {
                return Err(StoreError::Invalid(format!(
                    "downward deltas are applied by BCP nodes; this database is a {} node",
                    identity.role.as_str()
                )));
            }
            if down_seq <= held {
                return Ok(false);
            }
            let mut audit = audit;
            match delta {
                DownDelta::Watchlist { meta, change } => {
                    apply_watchlist_change(ctx, down_seq, meta, change, audit)?;
                }
                DownDelta::WatchlistPart {
                    list,
                    version,
                    batch,
                    part,
                    parts,
                    text,
                } => {
                    let target = format!("watchlist:{list}:{batch}");
                    if part < parts {
                        stage(ctx, &target, version, part, &text)?;
                    } else {
                        let staged = take_staged(ctx, &target, version)?;
                        match delta::join_watchlist_parts(&list, version, parts, staged, &text)? {
                            DownDelta::Watchlist { meta, change } => {
                                apply_watchlist_change(ctx, down_seq, meta, change, audit)?
                            }
                            _ => {
                                return Err(StoreError::Invalid(format!(
                                    "watchlist {list} version {version}: the joined parts are another change"
                                )))
                            }
                        }
                    }
                }
                DownDelta::Documents {
                    version,
                    base_version,
                    part,
                    parts,
                    add,
                    remove,
                } => {
                    let held_version = documents_version(ctx.tx)?;
                    // The whole register at the version held is not taken again: registers are repaired by
                    // version (a node that missed a change holds an older one).
                    let stale = version <= held_version;
                    if !stale {
                        let target = register_target(base_version);
                        if part < parts {
                            // Kept until the last part: the register changes in one transaction.
                            let payload = json(&(add, remove))?;
                            stage(ctx, &target, version, part, &payload)?;
                        } else {
                            let change = RegisterChange {
                                version,
                                base_version,
                                held_version,
                                parts,
                            };
                            let (added, removed) = apply_register(ctx, &change, add, remove)?;
                            let what = match base_version {
                                Some(b) => {
                                    format!("{added} alerts added, {removed} removed since version {b}")
                                }
                                None => format!("whole register, {added} alerts"),
                            };
                            audit.subject = Some("document_alerts".into());
                            audit.detail = format!(
                                "delta {down_seq}: document-alert register version {version} ({what})"
                            );
                            ctx.audit(&audit)?;
                        }
                    }
                }
                DownDelta::StolenVehicles {
                    version,
                    base_version,
                    part,
                    parts,
                    add,
                    remove,
                } => {
                    let change = crate::vehicles::RegisterPart {
                        version,
                        base_version,
                        part,
                        parts,
                    };
                    crate::vehicles::apply_down(ctx, down_seq, change, add, remove, audit.clone())?;
                }
                DownDelta::Firearms {
                    version,
                    base_version,
                    part,
                    parts,
                    add,
                    remove,
                } => {
                    let change = crate::vehicles::RegisterPart {
                        version,
                        base_version,
                        part,
                        parts,
                    };
                    crate::firearms::apply_down(ctx, down_seq, change, add, remove, audit.clone())?;
                }
                DownDelta::Record {
                    record_kind,
                    key,
                    version,
                    record,
                } => {
                    let text = record.as_ref().map(json).transpose()?;
                    check_down_record(&record_kind, &key, text.as_deref())?;
                    let row = RecordVersion {
                        kind: &record_kind,
                        origin: "",
                        key: &key,
                        version,
                    };
                    if upsert_record(ctx.tx, &row, text.as_deref(), &audit.at)? {
                        if org::is_org_kind(&record_kind) {
                            crate::org_sync::apply(ctx.tx, &record_kind, &key, text.as_deref())?;
                        }
                        audit.subject = Some(format!("{record_kind}:{key}"));
                        let what = if text.is_some() { "version" } else { "removed at version" };
                        audit.detail =
                            format!("delta {down_seq}: {record_kind} {key} {what} {version}");
                        ctx.audit(&audit)?;
                    }
                }
                DownDelta::Rule { rule } => {
                    let latest: Option<u32> = ctx
                        .tx
                        .query_row(
                            "SELECT MAX(version) FROM targeting_rules WHERE id = ?1",
                            [&rule.id],
                            |r| r.get(0),
                        )
                        .map_err(backend)?;
                    if latest.is_none_or(|v| v < rule.version) {
                        audit.subject = Some(format!("rule:{}", rule.id));
                        audit.detail = format!(
                            "delta {down_seq}: targeting rule {} version {}",
                            rule.id, rule.version
                        );
                        crate::pax::insert_rule(ctx, &rule, &audit)?;
                    }
                }
            }
            ctx.tx
                .execute("UPDATE sync_identity SET down_seq = ?1", [down_seq])
                .map_err(backend)?;
            Ok(true)
        })
        .await;
        if register_change {
            self.alert_register_changed();
        }
        applied
    }

    async fn apply_addressed(&self, delta: DownDelta, audit: AuditEvent) -> StoreResult<bool> {
        self.write(move |ctx| {
            let identity = identity_row(ctx.tx).map_err(backend)?.map(|(id, _)| id);
            let Some(identity) = identity.filter(|id| id.role == NodeRole::Bcp) else {
                return Err(StoreError::Invalid(
                    "records for one BCP are applied by that BCP's node; this database is not a BCP node".into(),
                ));
            };
            let (kind, key, version, text) =
                limes_store::sync::check_addressed(delta, identity.bcp.as_deref())?;
            let row = RecordVersion {
                kind: &kind,
                origin: "",
                key: &key,
                version,
            };
            let changed = upsert_record(ctx.tx, &row, text.as_deref(), &audit.at)?;
            if changed {
                let mut audit = audit;
                audit.subject = Some(format!("{kind}:{key}"));
                let what = if text.is_some() { "version" } else { "removed at version" };
                audit.detail = format!("for this BCP: {kind} {key} {what} {version}");
                ctx.audit(&audit)?;
            }
            Ok(changed)
        })
        .await
    }

    async fn queue_full_copy(&self) -> StoreResult<u64> {
        self.write(|ctx| {
            if ctx.role != NodeRole::Centre {
                return Err(StoreError::Invalid(format!(
                    "only the centre sends lists down; this database is a {} node",
                    ctx.role.as_str()
                )));
            }
            full_copy(ctx)
        })
        .await
    }

    async fn list_versions(&self) -> StoreResult<ListVersions> {
        self.read(|c| {
            let down_seq = identity_row(c)?.map_or(0, |(_, s)| s);
            let mut v = ListVersions {
                down_seq,
                ..ListVersions::default()
            };
            let mut st = c.prepare_cached("SELECT id, version FROM watchlists")?;
            for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (id, ver) = row?;
                v.watchlists.insert(id, ver);
            }
            let mut st =
                c.prepare_cached("SELECT id, MAX(version) FROM targeting_rules GROUP BY id")?;
            for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
                let (id, ver) = row?;
                v.rules.insert(id, ver);
            }
            v.document_alerts =
                c.query_row("SELECT count(*) FROM document_alerts", [], |r| r.get(0))?;
            v.document_register = c
                .query_row("SELECT documents_version FROM sync_identity", [], |r| {
                    r.get(0)
                })
                .optional()?
                .unwrap_or(0);
            let mut st = c.prepare_cached(
                "SELECT kind, max(version) FROM sync_records WHERE origin = '' GROUP BY kind",
            )?;
            for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (kind, ver) = row?;
                if is_generic(&kind, Flow::Down) {
                    v.records.insert(kind, ver);
                }
            }
            // The stolen-vehicle register's version, so that a node behind on it raises the alarm.
            let register: i64 =
                c.query_row("SELECT version FROM stolen_vehicles_version", [], |r| {
                    r.get(0)
                })?;
            if register > 0 {
                v.records.insert(kind::STOLEN_VEHICLES.into(), register);
            }
            let firearms = crate::firearms::version(c)?;
            if firearms > 0 {
                v.records.insert(kind::FIREARMS.into(), firearms);
            }
            Ok(v)
        })
        .await
    }

    async fn put_up_record(
        &self,
        kind: &str,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<String> {
        let key = check_up_record(kind, &json)?;
        let kind = kind.to_string();
        self.write(move |ctx| {
            let version = next_version(ctx.tx, &kind)?;
            let row = RecordVersion {
                kind: &kind,
                origin: "",
                key: &key,
                version,
            };
            upsert_record(ctx.tx, &row, Some(&json), &audit.at)?;
            queue_up(ctx, &kind, &key, &json)?;
            ctx.audit(&audit)?;
            Ok(key)
        })
        .await
    }

    async fn put_down_record(
        &self,
        kind: &str,
        key: &str,
        json: Option<String>,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        check_down_record(kind, key, json.as_deref())?;
        let (kind, key) = (kind.to_string(), key.to_string());
        self.write(move |ctx| {
            if ctx.role != NodeRole::Centre {
                return Err(StoreError::Invalid(format!(
                    "only the centre sends records down; this database is a {} node",
                    ctx.role.as_str()
                )));
            }
            let version = next_version(ctx.tx, &kind)?;
            let row = RecordVersion {
                kind: &kind,
                origin: "",
                key: &key,
                version,
            };
            upsert_record(ctx.tx, &row, json.as_deref(), &audit.at)?;
            let message = record_message(&kind, &key, version, json.as_deref())?;
            push_messages(ctx, vec![message])?;
            ctx.audit(&audit)?;
            Ok(version)
        })
        .await
    }

    async fn synced_records(
        &self,
        kind: &str,
        after: RecordCursor,
        limit: usize,
    ) -> StoreResult<Vec<SyncedRecord>> {
        let kind = kind.to_string();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (origin, key) = after.map_or((None, None), |(o, k)| (Some(o), Some(k)));
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT kind, origin, key, version, payload FROM sync_records
                 WHERE kind = ?1 AND payload IS NOT NULL AND (?2 IS NULL OR (origin, key) > (?2, ?3))
                 ORDER BY origin, key LIMIT ?4",
            )?;
            let rows = st.query_map(params![kind, origin, key, limit], |r| {
                Ok(SyncedRecord {
                    kind: r.get(0)?,
                    origin: r.get(1)?,
                    key: r.get(2)?,
                    version: r.get(3)?,
                    json: r.get(4)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn create_enrolment(&self, e: NewEnrolment, audit: AuditEvent) -> StoreResult<()> {
        limes_store::sync::check_token("BCP code", &e.bcp)?;
        limes_store::sync::check_token("node id", &e.node)?;
        self.write(move |ctx| {
            if ctx.role != NodeRole::Centre {
                return Err(StoreError::Invalid(format!(
                    "new BCP nodes are enrolled at the national centre; this database is a {} node (start the \
                     centre with `limes serve --role centre` first)",
                    ctx.role.as_str()
                )));
            }
            ctx.tx
                .execute(
                    "INSERT INTO sync_enrolments (token_hash, bcp, node, created_at, expires_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![e.token_hash, e.bcp, e.node, ts(&e.created_at), ts(&e.expires_at)],
                )
                .map_err(backend)?;
            ctx.audit(&audit)?;
            Ok(())
        })
        .await
    }

    async fn claim_enrolment(
        &self,
        token_hash: &str,
        bcp: &str,
        at: DateTime<Utc>,
        mut audit: AuditEvent,
    ) -> StoreResult<EnrolmentClaim> {
        let (hash, bcp) = (token_hash.to_string(), bcp.to_string());
        self.write(move |ctx| {
            let row: Option<(String, String, String, Option<String>)> = ctx
                .tx
                .query_row(
                    "SELECT bcp, node, expires_at, used_at FROM sync_enrolments WHERE token_hash = ?1",
                    [&hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(backend)?;
            let claim = match row {
                Some((b, _, _, _)) if b != bcp => EnrolmentClaim::Unknown,
                None => EnrolmentClaim::Unknown,
                Some((_, _, _, Some(used))) => EnrolmentClaim::Used {
                    at: parse_ts(&used).map_err(backend)?,
                },
                Some((_, _, expires, None)) if parse_ts(&expires).map_err(backend)? <= at => {
                    EnrolmentClaim::Expired {
                        at: parse_ts(&expires).map_err(backend)?,
                    }
                }
                Some((b, node, _, None)) => {
                    ctx.tx
                        .execute(
                            "UPDATE sync_enrolments SET used_at = ?2 WHERE token_hash = ?1",
                            params![hash, ts(&at)],
                        )
                        .map_err(backend)?;
                    // The new node takes everything the centre holds, whatever the downward stream still keeps.
                    full_copy(ctx)?;
                    EnrolmentClaim::Accepted { bcp: b, node }
                }
            };
            audit.subject = Some(format!("bcp:{bcp}"));
            audit.detail = match &claim {
                EnrolmentClaim::Accepted { node, .. } => format!("node {node} enrolled"),
                refused => refused.refusal().unwrap_or_default(),
            };
            ctx.audit(&audit)?;
            Ok(claim)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::target_family;

    #[test]
    fn staged_parts_are_grouped_by_what_they_change() {
        assert_eq!(
            target_family("watchlist:un_list:9f3a"),
            "watchlist:un_list:"
        );
        assert_eq!(target_family("documents:from:4"), "documents:");
        assert_eq!(target_family("documents:whole"), "documents:");
        assert_eq!(target_family("other"), "other");
    }
}
