//! Storage for the sync of BCP nodes with the national centre (issue 5): the transactional outbox of an edge
//! node, the centre's idempotent ingest of edge records, the downward list deltas an edge applies, and node
//! status. A separate trait from [`crate::Store`] so that a backend can add it on its own.
//!
//! What travels is declared in [`registry`]: a kind kept in the generic table of synced records needs no code
//! here or in the backends ([`send_up`], [`send_down`], [`read_records`]).
pub mod kinds;
pub mod org;
pub mod registry;

pub use crate::delta::ListChange;
use crate::{StoreResult, StoredRule, WatchlistMeta};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
pub use kinds::{Flow, OwnUpKind, RecordKind, Storage, SyncedKind};
use limes_domain::audit::{AuditEntry, AuditEvent};
use limes_domain::DocumentAlert;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the write path puts in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeRole {
    /// No outbox: a node on its own.
    Standalone,
    /// A BCP node: every crossing (with its decision), every audit entry and every record of a declared up
    /// kind goes up.
    Bcp,
    /// The national centre: every watchlist, document-alert and targeting-rule change, and every record of a
    /// declared down kind, goes down.
    Centre,
}

impl NodeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeRole::Standalone => "standalone",
            NodeRole::Bcp => "bcp",
            NodeRole::Centre => "centre",
        }
    }
    pub fn parse(s: &str) -> Option<NodeRole> {
        match s {
            "standalone" => Some(NodeRole::Standalone),
            "bcp" => Some(NodeRole::Bcp),
            "centre" => Some(NodeRole::Centre),
            _ => None,
        }
    }
}

/// Who this database is in the sync: its role, its node id (unique and stable: the message ids of its
/// records are `<node>:<outbox seq>`) and, for a BCP node, the BCP code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncIdentity {
    pub role: NodeRole,
    pub node: String,
    pub bcp: Option<String>,
}

/// The kinds of outbox rows with code of their own (declared in [`registry::KINDS`]). Up: `crossing` (the full
/// record, sent again after each decision) and `audit` (one entry of the node's hash chain). Down: `watchlist`,
/// `documents`, `rule`.
pub mod kind {
    pub const CROSSING: &str = "crossing";
    pub const AUDIT: &str = "audit";
    pub const WATCHLIST: &str = "watchlist";
    pub const DOCUMENTS: &str = "documents";
    pub const RULE: &str = "rule";
    pub const STOLEN_VEHICLES: &str = "stolen_vehicles";
    pub const FIREARMS: &str = "firearms";
}

/// One pending outbox row, written in the same transaction as the change it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub seq: i64,
    pub kind: String,
    /// The record's own key: a crossing id, an audit seq, a list id, the key its kind declares.
    pub key: String,
    /// JSON: a [`crate::Crossing`], an [`AuditEntry`], a record of a declared up kind, or a [`DownDelta`].
    pub payload: String,
}

/// An edge record as the centre receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpRecord {
    pub node: String,
    pub bcp: String,
    pub seq: i64,
    pub kind: String,
    pub payload: String,
}

/// An edge record's payload, read: a record of a kind the centre keeps in tables of its own (one variant per
/// such kind, see [`OwnUpKind`]), or one it keeps in the generic table as sent.
#[derive(Debug, Clone, PartialEq)]
pub enum UpPayload {
    Crossing(Box<crate::Crossing>),
    Audit(Box<AuditEntry>),
    /// A kind kept in the generic table: its JSON was read as its record type and is stored as sent.
    Generic,
}

/// An edge record, read against the registry.
#[derive(Debug, Clone)]
pub struct ReadUp {
    pub kind: SyncedKind,
    /// The record's own key (crossing id, audit seq, the key its kind declares).
    pub key: String,
    pub payload: UpPayload,
}

impl UpRecord {
    /// Read the payload as its declared kind, with the record's own key. Done before anything is stored: a
    /// record of an unknown kind, or one that cannot be read, is refused, naming node, seq and kind.
    pub fn read(&self) -> StoreResult<ReadUp> {
        let at = |what: &str, e: &dyn std::fmt::Display| {
            crate::StoreError::Invalid(format!(
                "record {}:{} ({}): {what}: {e}",
                self.node, self.seq, self.kind
            ))
        };
        let kind = registry::find(&self.kind)
            .filter(|k| k.flow == Flow::Up)
            .ok_or_else(|| at("kind", &format!("unknown record kind '{}'", self.kind)))?;
        let (key, payload) = kind
            .read(&self.payload)
            .map_err(|e| at(&format!("{} payload", self.kind), &e))?;
        Ok(ReadUp { kind, key, payload })
    }
}

/// What ingesting one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingested {
    Stored,
    /// Already ingested (a redelivery or a republish): nothing stored.
    Duplicate,
}

/// A change of the national lists, sent down to every BCP node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DownDelta {
    /// A new version of one watchlist (`meta.version` is the centre's): the entries that changed, or the
    /// whole list.
    Watchlist {
        meta: WatchlistMeta,
        change: ListChange,
    },
    /// One part of a change of the document-alert register, which makes the centre's register `version`.
    /// A node applies a change only when all its parts are in, in one transaction: a check never sees half of
    /// it. `base_version` is the register version the change applies to; `None` is the whole register, which
    /// replaces the node's.
    Documents {
        version: i64,
        base_version: Option<i64>,
        part: u32,
        parts: u32,
        add: Vec<DocumentAlert>,
        remove: Vec<DocumentAlert>,
    },
    /// A new version of one targeting rule.
    Rule { rule: StoredRule },
    /// One part of a change of the stolen-vehicle register, applied like [`DownDelta::Documents`] when its last
    /// part is in: `add` records (kept by alert reference), `remove` alert references. `base_version` `None` is
    /// the whole register, which replaces the node's.
    StolenVehicles {
        version: i64,
        base_version: Option<i64>,
        part: u32,
        parts: u32,
        add: Vec<limes_domain::vehicle::StolenVehicle>,
        remove: Vec<String>,
    },
    /// One part of a change of the firearm register, applied like [`DownDelta::StolenVehicles`].
    Firearms {
        version: i64,
        base_version: Option<i64>,
        part: u32,
        parts: u32,
        add: Vec<limes_domain::firearm::FirearmRecord>,
        remove: Vec<String>,
    },
    /// A new version of one record of a kind kept in the generic table ([`Flow::Down`], [`Storage::Generic`]):
    /// `version` is the centre's version of the kind (each change of one of its records makes one), `record`
    /// the record's JSON, `None` when the centre removed it. A node keeps the newest version of each key.
    Record {
        record_kind: String,
        key: String,
        version: i64,
        record: Option<serde_json::Value>,
    },
    /// One slice of the JSON of a [`DownDelta::Watchlist`] too large for one message (a national list of a
    /// million names): the node joins the slices when the last is in, and applies the whole.
    WatchlistPart {
        list: String,
        version: i64,
        /// Names the change the slices belong to (a digest of its whole text), so that slices of two changes of
        /// the same version (a change, then a resend) are never joined.
        batch: String,
        part: u32,
        parts: u32,
        text: String,
    },
}

impl DownDelta {
    pub fn kind(&self) -> &str {
        match self {
            DownDelta::Watchlist { .. } => kind::WATCHLIST,
            DownDelta::Documents { .. } => kind::DOCUMENTS,
            DownDelta::Rule { .. } => kind::RULE,
            DownDelta::StolenVehicles { .. } => kind::STOLEN_VEHICLES,
            DownDelta::Firearms { .. } => kind::FIREARMS,
            DownDelta::WatchlistPart { .. } => kind::WATCHLIST,
            DownDelta::Record { record_kind, .. } => record_kind,
        }
    }
}

/// A downward delta as the centre's outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownMessage {
    pub kind: String,
    /// What it changes: `<list, rule or record key>@<version>`, or `<register version>:<part>/<parts>`.
    pub key: String,
    /// The delta's JSON.
    pub payload: String,
}

impl DownDelta {
    pub fn outbox_key(&self) -> String {
        match self {
            DownDelta::Watchlist { meta, .. } => format!("{}@{}", meta.id, meta.version),
            DownDelta::WatchlistPart { list, version, .. } => format!("{list}@{version}"),
            DownDelta::Documents {
                version,
                part,
                parts,
                ..
            } => format!("{version}:{part}/{parts}"),
            DownDelta::Rule { rule } => format!("{}@{}", rule.id, rule.version),
            DownDelta::StolenVehicles {
                version,
                part,
                parts,
                ..
            } => format!("{version}:{part}/{parts}"),
            DownDelta::Firearms {
                version,
                part,
                parts,
                ..
            } => format!("{version}:{part}/{parts}"),
            DownDelta::Record { key, version, .. } => format!("{key}@{version}"),
        }
    }

    pub fn message(&self) -> StoreResult<DownMessage> {
        Ok(DownMessage {
            kind: self.kind().to_string(),
            key: self.outbox_key(),
            payload: serde_json::to_string(self)
                .map_err(|e| crate::StoreError::Backend(format!("json: {e}")))?,
        })
    }
}

/// The list versions a node holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListVersions {
    /// The last downward delta applied (its sequence in the downward stream); 0 for none.
    pub down_seq: u64,
    pub watchlists: BTreeMap<String, i64>,
    pub rules: BTreeMap<String, u32>,
    /// The version of the document-alert register (each import at the centre makes one).
    #[serde(default)]
    pub document_register: i64,
    /// How many alerts the register holds.
    pub document_alerts: u64,
    /// Per kind of reference data kept in the generic table: the highest version held.
    #[serde(default)]
    pub records: BTreeMap<String, i64>,
}

/// What a BCP node reports in its heartbeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub node: String,
    pub bcp: String,
    /// The node's own clock when it sent this.
    pub sent_at: DateTime<Utc>,
    /// Outbox rows not yet acknowledged by the centre's stream.
    pub backlog: u64,
    pub versions: ListVersions,
    /// The problem of the node's own link, if it has one (see its `/healthz`).
    #[serde(default)]
    pub link_problem: Option<String>,
}

/// A node as the centre knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRecord {
    pub node: String,
    pub bcp: String,
    /// The centre's clock when it last heard from the node (a heartbeat or a record).
    pub last_contact: DateTime<Utc>,
    /// The last heartbeat, if any arrived yet.
    pub heartbeat: Option<Heartbeat>,
    /// Records ingested from the node, and the highest outbox seq among them.
    pub records: u64,
    pub last_seq: i64,
    /// Records ingested from the node, per kind.
    #[serde(default)]
    pub records_by_kind: BTreeMap<String, u64>,
}

/// One record of a kind kept in the generic table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedRecord {
    pub kind: String,
    /// The BCP node it came from (at the centre); empty for a record made in this database or sent down by the
    /// centre.
    pub origin: String,
    pub key: String,
    /// Up, at the centre: the node's outbox seq of this version. Otherwise: the version of the kind made by
    /// the change that wrote it (at the centre, and at a node as the centre sent it).
    pub version: i64,
    /// The record's JSON.
    pub json: String,
}

/// A new BCP node's enrolment, made at the centre (`limes sync enrol`): the token is kept only hashed and is
/// good once, until it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnrolment {
    pub token_hash: String,
    pub bcp: String,
    pub node: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What the centre answers a node that presents an enrolment token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum EnrolmentClaim {
    /// Welcome: the node is `node` of `bcp` (the organisation and the lists are on their way down).
    Accepted { bcp: String, node: String },
    /// No such token (never made, or made for another BCP).
    Unknown,
    /// The token was used already, at `at`.
    Used { at: DateTime<Utc> },
    /// The token expired at `at`.
    Expired { at: DateTime<Utc> },
}

impl EnrolmentClaim {
    /// The refusal as an operator reads it; `None` when accepted.
    pub fn refusal(&self) -> Option<String> {
        let again = "make a new one at the centre with `limes sync enrol --bcp CODE`";
        match self {
            EnrolmentClaim::Accepted { .. } => None,
            EnrolmentClaim::Unknown => Some(format!(
                "the centre does not know this enrolment token (mistyped, or made for another BCP): {again}"
            )),
            EnrolmentClaim::Used { at } => Some(format!(
                "this enrolment token was used already ({}): a token enrols one node once; {again}",
                at.format("%Y-%m-%d %H:%M UTC")
            )),
            EnrolmentClaim::Expired { at } => Some(format!(
                "this enrolment token expired at {}: {again}",
                at.format("%Y-%m-%d %H:%M UTC")
            )),
        }
    }
}

/// Where a page of [`SyncStore::synced_records`] starts: after this origin and key.
pub type RecordCursor = Option<(String, String)>;

#[async_trait]
pub trait SyncStore: Send + Sync + 'static {
    /// The identity stored with the database, if sync was ever set up on it.
    async fn sync_identity(&self) -> StoreResult<Option<SyncIdentity>>;
    /// Set the role (and with it what the write path puts in the outbox). The node id is kept once chosen:
    /// `node` is used only the first time. Changing the BCP code or role of a node is refused.
    async fn set_sync_identity(
        &self,
        role: NodeRole,
        node: &str,
        bcp: Option<&str>,
    ) -> StoreResult<SyncIdentity>;

    // --- outbox (both directions) ---
    /// The oldest pending rows, in order.
    async fn outbox_pending(&self, limit: usize) -> StoreResult<Vec<OutboxRow>>;
    /// Drop rows whose publication the stream acknowledged.
    async fn outbox_sent(&self, seqs: Vec<i64>) -> StoreResult<()>;
    async fn outbox_backlog(&self) -> StoreResult<u64>;

    // --- the centre: edge records ---
    /// Store a batch of edge records in one transaction, each at most once (keyed by node and outbox seq);
    /// a crossing is kept at its newest version. Fails as a whole on a record that cannot be read.
    async fn ingest_up(
        &self,
        records: Vec<UpRecord>,
        received_at: DateTime<Utc>,
    ) -> StoreResult<Vec<Ingested>>;
    /// A node's own audit chain as received, `seq >= from_seq`, at most `limit`.
    async fn node_audit_entries(
        &self,
        node: &str,
        from_seq: i64,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>>;
    async fn record_heartbeat(
        &self,
        heartbeat: Heartbeat,
        received_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn nodes(&self) -> StoreResult<Vec<NodeRecord>>;

    // --- a BCP node: downward deltas ---
    /// Apply the delta at `down_seq` with its audit entry, in one transaction with the new `down_seq`.
    /// Returns false (and changes nothing) when the node already holds `down_seq` or later.
    async fn apply_down(
        &self,
        down_seq: u64,
        delta: DownDelta,
        audit: AuditEvent,
    ) -> StoreResult<bool>;
    /// The versions this database holds.
    async fn list_versions(&self) -> StoreResult<ListVersions>;
    /// Apply a record of an addressed kind ([`SyncedKind::addressee`]) sent to this node's BCP, with its audit
    /// entry: kept unless a newer version of its key is held (the addressed records come through a consumer of
    /// their own, in any order, so `down_seq` is not theirs). A record addressed to another BCP is refused.
    /// Returns whether it changed what the node holds. Refused by a store that cannot be a BCP node.
    async fn apply_addressed(&self, delta: DownDelta, audit: AuditEvent) -> StoreResult<bool> {
        let _ = (delta, audit);
        Err(crate::StoreError::Invalid(
            "records for one BCP are applied by that BCP's node; this store cannot be one".into(),
        ))
    }

    // --- the centre: repair ---
    /// Queue the whole of every watchlist, the document-alert register and every rule's latest version for the
    /// BCP nodes, at their current versions: a node that holds them already does nothing, a node whose copy
    /// differs (or that missed a change) takes them. Done when a database becomes the centre, and by
    /// `limes sync resend`. Returns how many downward messages were queued.
    async fn queue_full_copy(&self) -> StoreResult<u64>;

    // --- records of the kinds kept in the generic table ---
    /// Keep a record of an up kind (its key read from it), audited, and at a BCP node put it in the outbox in
    /// the same transaction. Storing it again under its key makes a new version, which goes up again. Returns
    /// the key.
    async fn put_up_record(
        &self,
        kind: &str,
        json: String,
        audit: AuditEvent,
    ) -> StoreResult<String>;
    /// At the centre: keep a new version of a record of a down kind (`None`: remove it), audited, and send it to
    /// every node. Returns the kind's new version.
    async fn put_down_record(
        &self,
        kind: &str,
        key: &str,
        json: Option<String>,
        audit: AuditEvent,
    ) -> StoreResult<i64>;
    /// The records of a kind this database holds (at the centre, those of every node), by origin and key,
    /// after `after`, at most `limit`; removed ones are left out.
    async fn synced_records(
        &self,
        kind: &str,
        after: RecordCursor,
        limit: usize,
    ) -> StoreResult<Vec<SyncedRecord>>;

    // --- the centre: enrolment of new BCP nodes ---
    /// Keep a new enrolment (its token hashed), audited. Only the centre enrols nodes.
    async fn create_enrolment(
        &self,
        enrolment: NewEnrolment,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let _ = (enrolment, audit);
        Err(crate::StoreError::Invalid(
            "this store does not enrol BCP nodes".into(),
        ))
    }
    /// A node presents a token for `bcp` at `at`: accepted once, before it expires (then marked used and the
    /// lists and organisation queued whole for the new node); every attempt audited.
    async fn claim_enrolment(
        &self,
        token_hash: &str,
        bcp: &str,
        at: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<EnrolmentClaim> {
        let _ = (token_hash, bcp, at, audit);
        Err(crate::StoreError::Invalid(
            "this store does not enrol BCP nodes".into(),
        ))
    }
}

fn record_json<T: Serialize>(kind: &str, record: &T) -> StoreResult<String> {
    serde_json::to_string(record)
        .map_err(|e| crate::StoreError::Invalid(format!("{kind} record: {e}")))
}

/// Keep a record of the up kind `K` and send it to the centre (see [`SyncStore::put_up_record`]).
pub async fn send_up<K: RecordKind>(
    store: &dyn SyncStore,
    record: &K::Record,
    audit: AuditEvent,
) -> StoreResult<String> {
    store
        .put_up_record(K::KIND, record_json(K::KIND, record)?, audit)
        .await
}

/// At the centre: keep a new version of a record of the down kind `K` and send it to every node.
pub async fn send_down<K: RecordKind>(
    store: &dyn SyncStore,
    record: &K::Record,
    audit: AuditEvent,
) -> StoreResult<i64> {
    let json = record_json(K::KIND, record)?;
    store
        .put_down_record(K::KIND, &K::key(record), Some(json), audit)
        .await
}

/// At the centre: remove a record of the down kind `K` here and at every node.
pub async fn remove_down<K: RecordKind>(
    store: &dyn SyncStore,
    key: &str,
    audit: AuditEvent,
) -> StoreResult<i64> {
    store.put_down_record(K::KIND, key, None, audit).await
}

/// The records of kind `K` this database holds, read, with their origin (see [`SyncStore::synced_records`]).
pub async fn read_records<K: RecordKind>(
    store: &dyn SyncStore,
    after: RecordCursor,
    limit: usize,
) -> StoreResult<Vec<(String, K::Record)>> {
    store
        .synced_records(K::KIND, after, limit)
        .await?
        .into_iter()
        .map(|r| {
            let record = serde_json::from_str(&r.json).map_err(|e| {
                crate::StoreError::Backend(format!("{} record {}: {e}", r.kind, r.key))
            })?;
            Ok((r.origin, record))
        })
        .collect()
}

/// A record of a down kind, checked before it is kept or applied: the kind is declared down and generic, and
/// the JSON (if any) reads as its record with the same key.
pub fn check_down_record(kind: &str, key: &str, json: Option<&str>) -> StoreResult<()> {
    let declared = registry::generic(kind, Flow::Down)?;
    if let Some(Err(e)) = declared.addressee(key) {
        return Err(crate::StoreError::Invalid(e));
    }
    let Some(json) = json else {
        return Ok(());
    };
    let (read_key, _) = declared
        .read(json)
        .map_err(|e| crate::StoreError::Invalid(format!("{kind} record {key}: {e}")))?;
    if read_key != key {
        return Err(crate::StoreError::Invalid(format!(
            "{kind} record {key}: its JSON is the record '{read_key}'"
        )));
    }
    Ok(())
}

/// A record of an addressed kind, checked before a node applies it: the delta is a record of an addressed kind,
/// sent to `bcp`. Returns the record's kind, key, version and JSON.
pub fn check_addressed(
    delta: DownDelta,
    bcp: Option<&str>,
) -> StoreResult<(String, String, i64, Option<String>)> {
    let DownDelta::Record {
        record_kind,
        key,
        version,
        record,
    } = delta
    else {
        return Err(crate::StoreError::Invalid(format!(
            "a {} change is sent to every node, not to one BCP",
            delta.kind()
        )));
    };
    let declared = registry::generic(&record_kind, Flow::Down)?;
    match declared.addressee(&key) {
        Some(Ok(to)) if Some(to) == bcp => {}
        Some(Ok(to)) => {
            return Err(crate::StoreError::Invalid(format!(
                "{record_kind} record {key} is for BCP {to}, not this node's ({})",
                bcp.unwrap_or("none")
            )))
        }
        Some(Err(e)) => return Err(crate::StoreError::Invalid(e)),
        None => {
            return Err(crate::StoreError::Invalid(format!(
                "record kind '{record_kind}' is sent to every node, not to one BCP"
            )))
        }
    }
    let text = record
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| crate::StoreError::Invalid(format!("{record_kind} record {key}: {e}")))?;
    check_down_record(&record_kind, &key, text.as_deref())?;
    Ok((record_kind, key, version, text))
}

/// A record of an up kind, checked before it is kept: the kind is declared up and generic, and the JSON reads
/// as its record. Returns its key.
pub fn check_up_record(kind: &str, json: &str) -> StoreResult<String> {
    let declared = registry::generic(kind, Flow::Up)?;
    let (key, _) = declared
        .read(json)
        .map_err(|e| crate::StoreError::Invalid(format!("{kind} record: {e}")))?;
    Ok(key)
}

/// Node ids and BCP codes become NATS subject tokens and message ids: 1 to 64 letters, digits, '-' or '_'.
pub fn check_token(what: &str, v: &str) -> StoreResult<()> {
    if v.is_empty()
        || v.len() > 64
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(crate::StoreError::Invalid(format!(
            "{what} '{v}': use 1 to 64 letters, digits, '-' or '_'"
        )));
    }
    Ok(())
}

/// Verify a node's audit chain as the centre holds it.
pub async fn verify_node_chain(
    store: &dyn SyncStore,
    node: &str,
) -> StoreResult<Result<u64, limes_domain::ChainBreak>> {
    let mut verifier = limes_domain::audit::ChainVerifier::default();
    let mut from = 1;
    loop {
        let page = store.node_audit_entries(node, from, 5000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for entry in &page {
            if let Err(brk) = verifier.feed(entry) {
                return Ok(Err(brk));
            }
        }
    }
    Ok(Ok(verifier.verified))
}
