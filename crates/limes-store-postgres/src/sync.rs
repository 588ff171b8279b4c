//! The sync tables of the PostgreSQL backend (migration 0003), for the national centre: the downward outbox
//! written in the transaction of each list change, the idempotent ingest of edge records keyed by (node, outbox
//! seq) with each node's own audit chain, heartbeats and node status, and the generic table of synced records
//! (migration 0005) for the kinds declared in `limes_store::sync::registry`. A BCP node runs on the embedded
//! SQLite store; this backend refuses the BCP role with a clear error.
//!
//! Ordering: every transaction that writes outbox rows holds the audit chain-head lock (the writer's groups
//! take it first; the document import takes it before its rows), so outbox seqs are drawn in commit order and
//! the relay never publishes a later delta before an earlier one.
use crate::writer::WriteCtx;
use crate::{backend, bad_value, col, count, crossings, ts, PgStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::DocumentAlert;
use limes_store::delta;
use limes_store::sync::{
    check_down_record, check_up_record, registry, DownDelta, DownMessage, EnrolmentClaim, Flow,
    Heartbeat, Ingested, ListVersions, NewEnrolment, NodeRecord, NodeRole, OutboxRow, RecordCursor,
    Storage, SyncIdentity, SyncStore, SyncedRecord, UpPayload, UpRecord,
};
use limes_store::{Crossing, StoreError, StoreResult, StoredRule, WatchlistMeta};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

fn json<T: Serialize + ?Sized>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

/// The role stored in the database (standalone when sync was never set up), read in the caller's transaction.
pub(crate) async fn stored_role(c: &impl GenericClient) -> StoreResult<NodeRole> {
    let st = c
        .prepare_cached("SELECT role FROM sync_identity")
        .await
        .map_err(backend)?;
    match c.query_opt(&st, &[]).await.map_err(backend)? {
        None => Ok(NodeRole::Standalone),
        Some(row) => {
            let r: String = col(&row, 0)?;
            NodeRole::parse(&r).ok_or_else(|| bad_value("sync role", &r))
        }
    }
}

async fn push(c: &impl GenericClient, kind: &str, key: &str, payload: &str) -> StoreResult<()> {
    let st = c
        .prepare_cached("INSERT INTO sync_outbox (kind, key, payload) VALUES ($1, $2, $3)")
        .await
        .map_err(backend)?;
    c.execute(&st, &[&kind, &key, &payload])
        .await
        .map_err(backend)?;
    Ok(())
}

/// At the centre (`None` elsewhere), the version of a list before it is saved again, if any: the delta is
/// computed from it.
pub(crate) async fn before_watchlist(
    c: &impl GenericClient,
    id: &str,
) -> StoreResult<Option<Option<(String, i64)>>> {
    if stored_role(c).await? != NodeRole::Centre {
        return Ok(None);
    }
    let row = c
        .query_opt("SELECT data, version FROM watchlists WHERE id = $1", &[&id])
        .await
        .map_err(backend)?;
    Ok(Some(
        row.map(|r| StoreResult::Ok((col(&r, 0)?, col(&r, 1)?)))
            .transpose()?,
    ))
}

/// The centre's watchlist change goes down at the version just stored (called after the save, in its
/// transaction, with what [`before_watchlist`] found): the entries that changed since, or the whole list.
pub(crate) async fn on_watchlist(
    c: &impl GenericClient,
    meta: &WatchlistMeta,
    before: Option<Option<(String, i64)>>,
    list_json: &str,
) -> StoreResult<()> {
    let Some(before) = before else {
        return Ok(());
    };
    let row = c
        .query_one("SELECT version FROM watchlists WHERE id = $1", &[&meta.id])
        .await
        .map_err(backend)?;
    let mut meta = meta.clone();
    meta.version = col(&row, 0)?;
    let change = delta::diff_list(before.as_ref().map(|(j, v)| (j.as_str(), *v)), list_json);
    push_watchlist(c, meta, change).await.map(|_| ())
}

async fn push_watchlist(
    c: &impl GenericClient,
    meta: WatchlistMeta,
    change: delta::ListChange,
) -> StoreResult<u64> {
    push_messages(c, delta::watchlist_messages(meta, change)?).await
}

/// Queue downward messages; returns how many.
pub(crate) async fn push_messages(
    c: &impl GenericClient,
    messages: Vec<DownMessage>,
) -> StoreResult<u64> {
    for m in &messages {
        push(c, &m.kind, &m.key, &m.payload).await?;
    }
    Ok(messages.len() as u64)
}

/// At the centre, what the register held before a replacing import (the delta is computed from it). Takes
/// the import lock first, so that no other import changes the register in between.
pub(crate) async fn before_documents(
    c: &impl GenericClient,
    replace: bool,
) -> StoreResult<Option<Option<Vec<DocumentAlert>>>> {
    if stored_role(c).await? != NodeRole::Centre {
        return Ok(None);
    }
    crate::documents::lock_imports(c).await?;
    Ok(Some(if replace {
        Some(crate::documents::all(c).await?)
    } else {
        None
    }))
}

/// The centre's document-alert import goes down as a new register version: the alerts added and removed, in
/// parts of [`delta::DOCUMENTS_PER_DELTA`]. The caller holds the chain-head lock.
pub(crate) async fn on_documents(
    c: &impl GenericClient,
    before: Option<Option<Vec<DocumentAlert>>>,
    alerts: Vec<DocumentAlert>,
) -> StoreResult<()> {
    let Some(before) = before else {
        return Ok(());
    };
    let (added, removed) = match before {
        Some(old) => delta::diff_register(old, &alerts),
        None => (alerts, Vec::new()),
    };
    let row = c
        .query_one(
            "UPDATE sync_identity SET documents_version = documents_version + 1 RETURNING documents_version",
            &[],
        )
        .await
        .map_err(backend)?;
    let version: i64 = col(&row, 0)?;
    push_register(c, version, Some(version - 1), added, removed)
        .await
        .map(|_| ())
}

async fn push_register(
    c: &impl GenericClient,
    version: i64,
    base_version: Option<i64>,
    added: Vec<DocumentAlert>,
    removed: Vec<DocumentAlert>,
) -> StoreResult<u64> {
    let messages = delta::register_parts(version, base_version, added, removed)?
        .iter()
        .map(DownDelta::message)
        .collect::<StoreResult<Vec<_>>>()?;
    push_messages(c, messages).await
}

/// Every list the centre holds goes down whole, at its current version (see [`SyncStore::queue_full_copy`]).
/// The caller holds the chain-head lock.
async fn full_copy(c: &impl GenericClient) -> StoreResult<u64> {
    let mut queued = 0u64;
    for (meta, data) in crate::watchlists::all(c).await? {
        let change = delta::diff_list(None, &data);
        queued += push_watchlist(c, meta, change).await?;
    }
    crate::documents::lock_imports(c).await?;
    let version: i64 = c
        .query_opt("SELECT documents_version FROM sync_identity", &[])
        .await
        .map_err(backend)?
        .map(|r| col(&r, 0))
        .transpose()?
        .unwrap_or(0);
    let alerts = crate::documents::all(c).await?;
    // A register never imported has nothing to send.
    if version > 0 || !alerts.is_empty() {
        queued += push_register(c, version, None, alerts, Vec::new()).await?;
    }
    queued += crate::vehicles::full_copy(c).await?;
    queued += crate::firearms::full_copy(c).await?;
    for rule in crate::pax::rules(c).await? {
        queued += push_messages(c, vec![DownDelta::Rule { rule }.message()?]).await?;
    }
    // The organisation's tables as they are now (what was there before this database became the centre too).
    let at = crate::org_sync::last_audited_at(c).await?;
    crate::org_sync::send_changes(c, &at).await?;
    // Removed records too, so that a node that missed the removal drops them; in the registry's order (a user
    // before the tokens that name it).
    let mut messages = Vec::new();
    let mut records = own_records(c, Flow::Down).await?;
    records.sort_by_key(|(kind, _, version, _)| (registry_position(kind), *version));
    for (kind, key, version, payload) in records {
        messages.push(record_message(&kind, &key, version, payload.as_deref())?);
    }
    queued += push_messages(c, messages).await?;
    Ok(queued)
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

/// A record made in this database: `(kind, key, version, payload)`.
type OwnRecord = (String, String, i64, Option<String>);

/// The records made in this database (origin ''), of the kinds declared `flow` and generic, in the order made.
async fn own_records(c: &impl GenericClient, flow: Flow) -> StoreResult<Vec<OwnRecord>> {
    let rows = c
        .query(
            "SELECT kind, key, version, payload FROM sync_records WHERE origin = ''
             ORDER BY kind COLLATE \"C\", version",
            &[],
        )
        .await
        .map_err(backend)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = col(r, 0)?;
        if is_generic(&kind, flow) {
            out.push((kind, col(r, 1)?, col(r, 2)?, col(r, 3)?));
        }
    }
    Ok(out)
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
        .map_err(|e| StoreError::Backend(format!("json: {e}")))?;
    DownDelta::Record {
        record_kind: kind.to_string(),
        key: key.to_string(),
        version,
        record,
    }
    .message()
}

/// Keep a record made in this database at the next version of its kind (the writer runs one change at a time,
/// so versions are drawn in order). Returns the version.
pub(crate) async fn put_own_record(
    c: &impl GenericClient,
    kind: &str,
    key: &str,
    payload: Option<&str>,
    at: &DateTime<Utc>,
) -> StoreResult<i64> {
    let st = c
        .prepare_cached(
            "INSERT INTO sync_records (kind, origin, key, version, payload, updated_at)
             SELECT $1, '', $2, coalesce(max(version), 0) + 1, $3, $4 FROM sync_records
               WHERE kind = $1 AND origin = ''
             ON CONFLICT (kind, origin, key) DO UPDATE SET version = excluded.version,
               payload = excluded.payload, updated_at = excluded.updated_at
             RETURNING version",
        )
        .await
        .map_err(backend)?;
    let row = c
        .query_one(&st, &[&kind, &key, &payload, &ts(at)])
        .await
        .map_err(backend)?;
    col(&row, 0)
}

/// The centre's targeting-rule versions go down (called after the rule was saved, in its transaction).
pub(crate) async fn on_rule(c: &impl GenericClient, rule: &StoredRule) -> StoreResult<()> {
    if stored_role(c).await? != NodeRole::Centre {
        return Ok(());
    }
    let message = DownDelta::Rule { rule: rule.clone() }.message()?;
    push_messages(c, vec![message]).await.map(|_| ())
}

async fn identity_row(c: &impl GenericClient) -> StoreResult<Option<(SyncIdentity, u64)>> {
    let st = c
        .prepare_cached("SELECT role, node, bcp, down_seq FROM sync_identity")
        .await
        .map_err(backend)?;
    let Some(row) = c.query_opt(&st, &[]).await.map_err(backend)? else {
        return Ok(None);
    };
    let role: String = col(&row, 0)?;
    Ok(Some((
        SyncIdentity {
            role: NodeRole::parse(&role).ok_or_else(|| bad_value("sync role", &role))?,
            node: col(&row, 1)?,
            bcp: col(&row, 2)?,
        },
        count(&row, 3)?,
    )))
}

async fn touch_node(
    c: &impl GenericClient,
    node: &str,
    bcp: &str,
    at: &DateTime<Utc>,
    stored: u64,
    last_seq: i64,
) -> StoreResult<()> {
    let stored = i64::try_from(stored).unwrap_or(i64::MAX);
    let st = c
        .prepare_cached(
            "INSERT INTO sync_nodes (node, bcp, last_contact, records, last_seq) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (node) DO UPDATE SET bcp = excluded.bcp,
               last_contact = greatest(sync_nodes.last_contact, excluded.last_contact),
               records = sync_nodes.records + excluded.records,
               last_seq = greatest(sync_nodes.last_seq, excluded.last_seq)",
        )
        .await
        .map_err(backend)?;
    c.execute(&st, &[&node, &bcp, &ts(at), &stored, &last_seq])
        .await
        .map_err(backend)?;
    Ok(())
}

fn limit_param(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// Store a batch of edge records set by set: one statement claims every record's ingest key (a record whose key
/// is taken is a duplicate), one stores the audit entries, one reads the crossings' origins, then the crossing
/// writes go pipelined on the connection. A handful of round trips per batch instead of several per record.
async fn ingest_batch(
    ctx: &mut WriteCtx<'_>,
    records: Vec<UpRecord>,
    received_at: DateTime<Utc>,
) -> StoreResult<Vec<Ingested>> {
    // Everything is read first: one bad record refuses the batch before anything is stored.
    let parsed = records
        .iter()
        .map(UpRecord::read)
        .collect::<StoreResult<Vec<_>>>()?;
    let c = ctx.tx;

    // 1. The ingest keys: those inserted now are the records stored; the others were ingested before.
    let (nodes, seqs, kinds, keys): (Vec<&str>, Vec<i64>, Vec<&str>, Vec<&str>) = records
        .iter()
        .zip(&parsed)
        .map(|(r, read)| (r.node.as_str(), r.seq, r.kind.as_str(), read.key.as_str()))
        .fold(
            (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
            |mut acc, (n, s, k, key)| {
                acc.0.push(n);
                acc.1.push(s);
                acc.2.push(k);
                acc.3.push(key);
                acc
            },
        );
    let st = c
        .prepare_cached(
            "INSERT INTO sync_ingested (node, seq, kind, key)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])
             ON CONFLICT DO NOTHING RETURNING node, seq",
        )
        .await
        .map_err(backend)?;
    let mut fresh: HashSet<(String, i64)> = HashSet::with_capacity(records.len());
    for row in c
        .query(&st, &[&nodes, &seqs, &kinds, &keys])
        .await
        .map_err(backend)?
    {
        fresh.insert((col(&row, 0)?, col(&row, 1)?));
    }
    let mut out = Vec::with_capacity(records.len());
    let mut audits: Vec<(&UpRecord, &AuditEntry)> = Vec::new();
    // The newest version of each crossing among the records stored now (in batch order: a node's records come
    // in outbox order).
    let mut newest: HashMap<&str, (&UpRecord, &Crossing)> = HashMap::new();
    // The same for the records of generic kinds, by kind, node and key.
    let mut generic: HashMap<(&str, &str, &str), &UpRecord> = HashMap::new();
    let mut per_node: BTreeMap<&str, NodeBatch<'_>> = BTreeMap::new();
    for (r, read) in records.iter().zip(&parsed) {
        // The same record twice in one batch is stored once.
        let stored = fresh.remove(&(r.node.clone(), r.seq));
        let entry = per_node.entry(&r.node).or_insert(NodeBatch {
            bcp: &r.bcp,
            stored: BTreeMap::new(),
            last_seq: 0,
        });
        entry.last_seq = entry.last_seq.max(r.seq);
        if !stored {
            out.push(Ingested::Duplicate);
            continue;
        }
        *entry.stored.entry(&r.kind).or_default() += 1;
        out.push(Ingested::Stored);
        match &read.payload {
            UpPayload::Generic => {
                let slot = generic
                    .entry((r.kind.as_str(), r.node.as_str(), read.key.as_str()))
                    .or_insert(r);
                if slot.seq < r.seq {
                    *slot = r;
                }
            }
            UpPayload::Audit(e) => audits.push((r, e)),
            UpPayload::Crossing(x) => {
                let newer = newest
                    .get(x.id.as_str())
                    .is_none_or(|(prev, _)| prev.node != r.node || prev.seq < r.seq);
                if newer {
                    newest.insert(&x.id, (r, x));
                }
            }
        }
    }

    // 2. The nodes' audit entries, in one statement.
    if !audits.is_empty() {
        insert_node_audit(c, &audits).await?;
    }

    // 3. The crossings: their origins in one read; an older version arriving late changes nothing.
    if !newest.is_empty() {
        let ids: Vec<&str> = newest.keys().copied().collect();
        let st = c
            .prepare_cached(
                "SELECT ids.id, o.node, o.seq, EXISTS (SELECT 1 FROM crossings x WHERE x.id = ids.id)
                 FROM unnest($1::text[]) AS ids(id) LEFT JOIN sync_crossing_origin o ON o.crossing_id = ids.id",
            )
            .await
            .map_err(backend)?;
        let mut write: Vec<(&UpRecord, &Crossing, bool)> = Vec::with_capacity(ids.len());
        for row in c.query(&st, &[&ids]).await.map_err(backend)? {
            let id: String = col(&row, 0)?;
            let origin: (Option<String>, Option<i64>) = (col(&row, 1)?, col(&row, 2)?);
            let exists: bool = col(&row, 3)?;
            let Some(&(r, x)) = newest.get(id.as_str()) else {
                continue;
            };
            // Only the node that made a crossing sends it.
            let stale =
                matches!(&origin, (Some(node), Some(seq)) if *node == r.node && *seq >= r.seq);
            if !stale {
                write.push((r, x, exists));
            }
        }
        // Pipelined: every insert, then every decision, then the origins.
        futures::future::try_join_all(
            write
                .iter()
                .filter(|(_, _, exists)| !exists)
                .map(|(_, x, _)| crossings::insert(c, &x.id, &x.check)),
        )
        .await?;
        futures::future::try_join_all(
            write
                .iter()
                .map(|(_, x, _)| crossings::update_decision(c, x)),
        )
        .await?;
        let ids: Vec<&str> = write.iter().map(|(_, x, _)| x.id.as_str()).collect();
        let nodes: Vec<&str> = write.iter().map(|(r, _, _)| r.node.as_str()).collect();
        let seqs: Vec<i64> = write.iter().map(|(r, _, _)| r.seq).collect();
        let st = c
            .prepare_cached(
                "INSERT INTO sync_crossing_origin (crossing_id, node, seq)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
                 ON CONFLICT (crossing_id) DO UPDATE SET node = excluded.node, seq = excluded.seq",
            )
            .await
            .map_err(backend)?;
        c.execute(&st, &[&ids, &nodes, &seqs])
            .await
            .map_err(backend)?;
    }
    // 4. The records of generic kinds, in one statement; an older version arriving late changes nothing.
    if !generic.is_empty() {
        let n = generic.len();
        let (mut kinds, mut nodes, mut keys) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut seqs, mut payloads) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (&(kind, node, key), r) in &generic {
            kinds.push(kind);
            nodes.push(node);
            keys.push(key);
            seqs.push(r.seq);
            payloads.push(r.payload.as_str());
        }
        let st = c
            .prepare_cached(
                "INSERT INTO sync_records (kind, origin, key, version, payload, updated_at)
                 SELECT k, o, key, v, p, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[],
                   $5::text[]) AS r(k, o, key, v, p)
                 ON CONFLICT (kind, origin, key) DO UPDATE SET version = excluded.version,
                   payload = excluded.payload, updated_at = excluded.updated_at
                 WHERE excluded.version > sync_records.version",
            )
            .await
            .map_err(backend)?;
        c.execute(
            &st,
            &[&kinds, &nodes, &keys, &seqs, &payloads, &ts(&received_at)],
        )
        .await
        .map_err(backend)?;
    }
    for (node, batch) in per_node {
        let stored = batch.stored.values().sum();
        touch_node(c, node, batch.bcp, &received_at, stored, batch.last_seq).await?;
        count_kinds(c, node, &batch.stored).await?;
    }
    Ok(out)
}

/// What one ingested batch brought from one node.
struct NodeBatch<'a> {
    bcp: &'a str,
    /// Records stored, per kind.
    stored: BTreeMap<&'a str, u64>,
    last_seq: i64,
}

/// Count the records stored from a node, per kind.
async fn count_kinds(
    c: &impl GenericClient,
    node: &str,
    stored: &BTreeMap<&str, u64>,
) -> StoreResult<()> {
    let (kinds, counts): (Vec<&str>, Vec<i64>) = stored
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (*k, i64::try_from(*n).unwrap_or(i64::MAX)))
        .unzip();
    if kinds.is_empty() {
        return Ok(());
    }
    let st = c
        .prepare_cached(
            "INSERT INTO sync_node_kinds (node, kind, records)
             SELECT $1, k, n FROM unnest($2::text[], $3::bigint[]) AS r(k, n)
             ON CONFLICT (node, kind) DO UPDATE SET records = sync_node_kinds.records + excluded.records",
        )
        .await
        .map_err(backend)?;
    c.execute(&st, &[&node, &kinds, &counts])
        .await
        .map_err(backend)?;
    Ok(())
}

async fn insert_node_audit(
    c: &impl GenericClient,
    audits: &[(&UpRecord, &AuditEntry)],
) -> StoreResult<()> {
    // Columns as arrays for unnest (text columns; the time apart).
    let mut cols: [Vec<Option<String>>; 10] = Default::default();
    let mut seqs: Vec<i64> = Vec::with_capacity(audits.len());
    let mut nodes: Vec<&str> = Vec::with_capacity(audits.len());
    let mut ats: Vec<DateTime<Utc>> = Vec::with_capacity(audits.len());
    for (r, e) in audits {
        let ev = &e.event;
        nodes.push(&r.node);
        seqs.push(e.seq);
        ats.push(ts(&ev.at));
        for (i, v) in [
            Some(ev.actor.clone()),
            ev.role.clone(),
            ev.agency.clone(),
            ev.bcp.clone(),
            Some(ev.action.clone()),
            ev.subject.clone(),
            ev.purpose.clone(),
            Some(ev.detail.clone()),
            Some(e.prev_hash.clone()),
            Some(e.hash.clone()),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(col) = cols.get_mut(i) {
                col.push(v);
            }
        }
    }
    let st = c
        .prepare_cached(
            "INSERT INTO sync_node_audit (node, seq, at, actor, role, agency, bcp, action, subject, purpose,
               detail, prev_hash, hash)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
               $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
             ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(backend)?;
    let [actor, role, agency, bcp, action, subject, purpose, detail, prev, hash] = &cols;
    c.execute(
        &st,
        &[
            &nodes, &seqs, &ats, actor, role, agency, bcp, action, subject, purpose, detail, prev,
            hash,
        ],
    )
    .await
    .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl SyncStore for PgStore {
    async fn sync_identity(&self) -> StoreResult<Option<SyncIdentity>> {
        Ok(identity_row(&self.conn().await?).await?.map(|(id, _)| id))
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
        if role == NodeRole::Bcp {
            return Err(StoreError::Invalid(
                "a BCP node keeps its outbox in the embedded SQLite database (sqlite://PATH); PostgreSQL serves \
                 the national centre (--role centre)"
                    .into(),
            ));
        }
        let (node, bcp) = (node.to_string(), bcp.map(str::to_string));
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let existing = identity_row(ctx.tx).await?;
                    let was_centre = existing
                        .as_ref()
                        .is_some_and(|(old, _)| old.role == NodeRole::Centre);
                    let node = match existing {
                        Some((old, _)) => old.node,
                        None => node,
                    };
                    let identity = SyncIdentity { role, node, bcp };
                    ctx.tx
                        .execute(
                            "INSERT INTO sync_identity (only_row, role, node, bcp) VALUES (1, $1, $2, $3)
                             ON CONFLICT (only_row) DO UPDATE SET role = excluded.role, bcp = excluded.bcp",
                            &[&identity.role.as_str(), &identity.node, &identity.bcp],
                        )
                        .await
                        .map_err(backend)?;
                    if role == NodeRole::Centre && !was_centre {
                        // What the centre held before it became one goes down too.
                        full_copy(ctx.tx).await?;
                    }
                    Ok(identity)
                })
            })
            .await
    }

    async fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<OutboxRow>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached("SELECT seq, kind, key, payload FROM sync_outbox ORDER BY seq LIMIT $1")
            .await
            .map_err(backend)?;
        c.query(&st, &[&limit_param(limit)])
            .await
            .map_err(backend)?
            .iter()
            .map(|r| {
                Ok(OutboxRow {
                    seq: col(r, 0)?,
                    kind: col(r, 1)?,
                    key: col(r, 2)?,
                    payload: col(r, 3)?,
                })
            })
            .collect()
    }

    async fn outbox_sent(&self, seqs: Vec<i64>) -> StoreResult<()> {
        if seqs.is_empty() {
            return Ok(());
        }
        let c = self.conn().await?;
        let st = c
            .prepare_cached("DELETE FROM sync_outbox WHERE seq = ANY($1)")
            .await
            .map_err(backend)?;
        c.execute(&st, &[&seqs]).await.map_err(backend)?;
        Ok(())
    }

    async fn outbox_backlog(&self) -> StoreResult<u64> {
        let c = self.conn().await?;
        let row = c
            .query_one("SELECT count(*) FROM sync_outbox", &[])
            .await
            .map_err(backend)?;
        count(&row, 0)
    }

    async fn ingest_up(
        &self,
        records: Vec<UpRecord>,
        received_at: DateTime<Utc>,
    ) -> StoreResult<Vec<Ingested>> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        // Through the writer: batches are serialised with each other (and with the centre's own changes), so
        // two deliveries of one record never race; the (node, seq) key makes the second a duplicate.
        self.inner
            .writer
            .write(move |ctx| Box::pin(ingest_batch(ctx, records, received_at)))
            .await
    }

    async fn node_audit_entries(
        &self,
        node: &str,
        from_seq: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        let c = self.conn().await?;
        let st = c
            .prepare_cached(
                "SELECT seq, at, actor, role, agency, bcp, action, subject, purpose, detail, prev_hash, hash
                 FROM sync_node_audit WHERE node = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
            )
            .await
            .map_err(backend)?;
        c.query(&st, &[&node, &from_seq, &limit_param(limit)])
            .await
            .map_err(backend)?
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    seq: col(r, 0)?,
                    event: AuditEvent {
                        at: col(r, 1)?,
                        actor: col(r, 2)?,
                        role: col(r, 3)?,
                        agency: col(r, 4)?,
                        bcp: col(r, 5)?,
                        action: col(r, 6)?,
                        subject: col(r, 7)?,
                        purpose: col(r, 8)?,
                        detail: col(r, 9)?,
                    },
                    prev_hash: col(r, 10)?,
                    hash: col(r, 11)?,
                })
            })
            .collect()
    }

    async fn record_heartbeat(
        &self,
        heartbeat: Heartbeat,
        received_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        limes_store::sync::check_token("node id", &heartbeat.node)?;
        let text = json(&heartbeat)?;
        let mut c = self.conn().await?;
        let tx = c.transaction().await.map_err(backend)?;
        touch_node(&tx, &heartbeat.node, &heartbeat.bcp, &received_at, 0, 0).await?;
        tx.execute(
            "UPDATE sync_nodes SET heartbeat = $2 WHERE node = $1",
            &[&heartbeat.node, &text],
        )
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn nodes(&self) -> StoreResult<Vec<NodeRecord>> {
        let c = self.conn().await?;
        let mut by_node: HashMap<String, BTreeMap<String, u64>> = HashMap::new();
        for r in c
            .query("SELECT node, kind, records FROM sync_node_kinds", &[])
            .await
            .map_err(backend)?
        {
            by_node
                .entry(col(&r, 0)?)
                .or_default()
                .insert(col(&r, 1)?, count(&r, 2)?);
        }
        let rows = c
            .query(
                "SELECT node, bcp, last_contact, heartbeat, records, last_seq FROM sync_nodes
                 ORDER BY bcp COLLATE \"C\", node COLLATE \"C\"",
                &[],
            )
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let hb: Option<String> = col(r, 3)?;
                Ok(NodeRecord {
                    node: col(r, 0)?,
                    bcp: col(r, 1)?,
                    last_contact: col(r, 2)?,
                    heartbeat: hb
                        .map(|h| serde_json::from_str(&h).map_err(|_| bad_value("heartbeat", &h)))
                        .transpose()?,
                    records: count(r, 4)?,
                    last_seq: col(r, 5)?,
                    records_by_kind: by_node.remove(&col::<String>(r, 0)?).unwrap_or_default(),
                })
            })
            .collect()
    }

    async fn apply_down(
        &self,
        _down_seq: u64,
        _delta: DownDelta,
        _audit: AuditEvent,
    ) -> StoreResult<bool> {
        Err(StoreError::Invalid(
            "downward deltas are applied by BCP nodes, which run on the embedded SQLite database; this \
             PostgreSQL database serves the national centre"
                .into(),
        ))
    }

    async fn list_versions(&self) -> StoreResult<ListVersions> {
        let c = self.conn().await?;
        let down_seq = identity_row(&c).await?.map_or(0, |(_, s)| s);
        let mut v = ListVersions {
            down_seq,
            ..ListVersions::default()
        };
        for r in c
            .query("SELECT id, version FROM watchlists", &[])
            .await
            .map_err(backend)?
        {
            v.watchlists.insert(col(&r, 0)?, col(&r, 1)?);
        }
        for r in c
            .query(
                "SELECT id, max(version)::bigint FROM targeting_rules GROUP BY id",
                &[],
            )
            .await
            .map_err(backend)?
        {
            let ver: i64 = col(&r, 1)?;
            let ver =
                u32::try_from(ver).map_err(|_| bad_value("rule version", &ver.to_string()))?;
            v.rules.insert(col(&r, 0)?, ver);
        }
        let row = c
            .query_one("SELECT count(*) FROM document_alerts", &[])
            .await
            .map_err(backend)?;
        v.document_alerts = count(&row, 0)?;
        if let Some(r) = c
            .query_opt("SELECT documents_version FROM sync_identity", &[])
            .await
            .map_err(backend)?
        {
            v.document_register = col(&r, 0)?;
        }
        for r in c
            .query(
                "SELECT kind, max(version) FROM sync_records WHERE origin = '' GROUP BY kind",
                &[],
            )
            .await
            .map_err(backend)?
        {
            let kind: String = col(&r, 0)?;
            if is_generic(&kind, Flow::Down) {
                v.records.insert(kind, col(&r, 1)?);
            }
        }
        // The stolen-vehicle register's version, so that a node behind on it raises the alarm.
        let register: i64 = col(
            &c.query_one("SELECT version FROM stolen_vehicles_version", &[])
                .await
                .map_err(backend)?,
            0,
        )?;
        if register > 0 {
            v.records
                .insert(limes_store::sync::kind::STOLEN_VEHICLES.into(), register);
        }
        let firearms = crate::firearms::version(&c).await?;
        if firearms > 0 {
            v.records
                .insert(limes_store::sync::kind::FIREARMS.into(), firearms);
        }
        Ok(v)
    }

    async fn queue_full_copy(&self) -> StoreResult<u64> {
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let role = stored_role(ctx.tx).await?;
                    if role != NodeRole::Centre {
                        return Err(StoreError::Invalid(format!(
                            "only the centre sends lists down; this database is a {} node",
                            role.as_str()
                        )));
                    }
                    full_copy(ctx.tx).await
                })
            })
            .await
    }

    async fn put_up_record(
        &self,
        kind: &str,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<String> {
        // Kept here (a BCP node runs on SQLite: nothing goes up from this database).
        let key = check_up_record(kind, &json)?;
        let kind = kind.to_string();
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    put_own_record(ctx.tx, &kind, &key, Some(&json), &audit.at).await?;
                    ctx.audit(&audit).await?;
                    Ok(key)
                })
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
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let role = stored_role(ctx.tx).await?;
                    if role != NodeRole::Centre {
                        return Err(StoreError::Invalid(format!(
                            "only the centre sends records down; this database is a {} node",
                            role.as_str()
                        )));
                    }
                    let version =
                        put_own_record(ctx.tx, &kind, &key, json.as_deref(), &audit.at).await?;
                    let message = record_message(&kind, &key, version, json.as_deref())?;
                    push_messages(ctx.tx, vec![message]).await?;
                    ctx.audit(&audit).await?;
                    Ok(version)
                })
            })
            .await
    }

    async fn synced_records(
        &self,
        kind: &str,
        after: RecordCursor,
        limit: usize,
    ) -> StoreResult<Vec<SyncedRecord>> {
        let c = self.conn().await?;
        let (origin, key) = after.map_or((None, None), |(o, k)| (Some(o), Some(k)));
        let st = c
            .prepare_cached(
                "SELECT kind, origin, key, version, payload FROM sync_records
                 WHERE kind = $1 AND payload IS NOT NULL
                   AND ($2::text IS NULL OR (origin COLLATE \"C\", key COLLATE \"C\") > ($2, $3::text))
                 ORDER BY origin COLLATE \"C\", key COLLATE \"C\" LIMIT $4",
            )
            .await
            .map_err(backend)?;
        c.query(&st, &[&kind, &origin, &key, &limit_param(limit)])
            .await
            .map_err(backend)?
            .iter()
            .map(|r| {
                Ok(SyncedRecord {
                    kind: col(r, 0)?,
                    origin: col(r, 1)?,
                    key: col(r, 2)?,
                    version: col(r, 3)?,
                    json: col(r, 4)?,
                })
            })
            .collect()
    }

    async fn create_enrolment(&self, e: NewEnrolment, audit: AuditEvent) -> StoreResult<()> {
        limes_store::sync::check_token("BCP code", &e.bcp)?;
        limes_store::sync::check_token("node id", &e.node)?;
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let role = stored_role(ctx.tx).await?;
                    if role != NodeRole::Centre {
                        return Err(StoreError::Invalid(format!(
                            "new BCP nodes are enrolled at the national centre; this database is a {} node \
                             (start the centre with `limes serve --role centre` first)",
                            role.as_str()
                        )));
                    }
                    ctx.tx
                        .execute(
                            "INSERT INTO sync_enrolments (token_hash, bcp, node, created_at, expires_at)
                             VALUES ($1, $2, $3, $4, $5)",
                            &[
                                &e.token_hash,
                                &e.bcp,
                                &e.node,
                                &ts(&e.created_at),
                                &ts(&e.expires_at),
                            ],
                        )
                        .await
                        .map_err(backend)?;
                    ctx.audit(&audit).await?;
                    Ok(())
                })
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
        self.inner
            .writer
            .write(move |ctx| {
                Box::pin(async move {
                    let row = ctx
                        .tx
                        .query_opt(
                            "SELECT bcp, node, expires_at, used_at FROM sync_enrolments WHERE token_hash = $1
                             FOR UPDATE",
                            &[&hash],
                        )
                        .await
                        .map_err(backend)?;
                    let claim = match row {
                        None => EnrolmentClaim::Unknown,
                        Some(r) => {
                            let (b, node): (String, String) = (col(&r, 0)?, col(&r, 1)?);
                            let expires: DateTime<Utc> = col(&r, 2)?;
                            let used: Option<DateTime<Utc>> = col(&r, 3)?;
                            if b != bcp {
                                EnrolmentClaim::Unknown
                            } else if let Some(used) = used {
                                EnrolmentClaim::Used { at: used }
                            } else if expires <= at {
                                EnrolmentClaim::Expired { at: expires }
                            } else {
                                ctx.tx
                                    .execute(
                                        "UPDATE sync_enrolments SET used_at = $2 WHERE token_hash = $1",
                                        &[&hash, &ts(&at)],
                                    )
                                    .await
                                    .map_err(backend)?;
                                // The new node takes everything the centre holds, whatever the downward
                                // stream still keeps.
                                full_copy(ctx.tx).await?;
                                EnrolmentClaim::Accepted { bcp: b, node }
                            }
                        }
                    };
                    audit.subject = Some(format!("bcp:{bcp}"));
                    audit.detail = match &claim {
                        EnrolmentClaim::Accepted { node, .. } => format!("node {node} enrolled"),
                        refused => refused.refusal().unwrap_or_default(),
                    };
                    ctx.audit(&audit).await?;
                    Ok(claim)
                })
            })
            .await
    }
}
