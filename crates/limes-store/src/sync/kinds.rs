//! How a domain declares a kind of record that travels between the BCP nodes and the centre: [`RecordKind`]
//! names the kind, its record type and its key; [`SyncedKind`] says which way it goes and where the receiver
//! keeps it. The list of every declared kind is [`super::registry`].
use crate::sync::UpPayload;
use serde::de::{DeserializeOwned, Error as _};
use serde::Serialize;

/// Which way records of a kind travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// From a BCP node to the centre (what happened at the border).
    Up,
    /// From the centre to every BCP node (reference data).
    Down,
}

/// Where the receiving side keeps the records of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// In the generic table of synced records (kind, origin, key, version, JSON): nothing to write in the sync
    /// code or the backends. Up: kept at the centre at the newest version from each node. Down: every node holds
    /// the centre's newest version of each key.
    Generic,
    /// In tables of the domain's own, through code of its own in each backend (crossings are searchable at the
    /// centre, each node's audit chain is verified there; the watchlist, register and rule deltas are applied
    /// incrementally).
    Own,
}

/// A kind of record that travels: its name (a NATS subject token: `limes.up.<bcp>.<kind>`,
/// `limes.down.<kind>`), its record type and the key that names one record of it.
pub trait RecordKind: 'static {
    const KIND: &'static str;
    type Record: Serialize + DeserializeOwned;
    /// The key of a record, unique within the kind (and, up, within the node that made it).
    fn key(record: &Self::Record) -> String;
}

/// An up kind the centre keeps in tables of its own: its records reach the backend's ingest read, as one
/// [`UpPayload`] variant each.
pub trait OwnUpKind: RecordKind {
    fn payload(record: Self::Record) -> UpPayload;
}

/// Reads the JSON of one record of a kind: its key, and the record itself for a kind kept in own tables.
pub type ReadRecord = fn(&str) -> Result<(String, UpPayload), serde_json::Error>;

/// One declared kind: an entry of [`super::registry::KINDS`].
#[derive(Debug, Clone, Copy)]
pub struct SyncedKind {
    pub kind: &'static str,
    pub flow: Flow,
    pub storage: Storage,
    /// What the records are, for operators (`limes sync status`) and readers of the registry.
    pub about: &'static str,
    /// A down kind whose records are each addressed to one BCP (need-to-know): a record's key begins with the
    /// BCP code and `/`, and it travels only to that BCP's node (see [`SyncedKind::addressee`]).
    pub addressed: bool,
    read: ReadRecord,
}

fn read_generic<K: RecordKind>(json: &str) -> Result<(String, UpPayload), serde_json::Error> {
    let record: K::Record = serde_json::from_str(json)?;
    Ok((K::key(&record), UpPayload::Generic))
}

fn read_own<K: OwnUpKind>(json: &str) -> Result<(String, UpPayload), serde_json::Error> {
    let record: K::Record = serde_json::from_str(json)?;
    Ok((K::key(&record), K::payload(record)))
}

fn not_a_record(_: &str) -> Result<(String, UpPayload), serde_json::Error> {
    Err(serde_json::Error::custom(
        "this kind travels as a list delta, not as records",
    ))
}

impl SyncedKind {
    /// Records made at a BCP node, kept at the centre in the generic table.
    pub const fn up<K: RecordKind>(about: &'static str) -> SyncedKind {
        SyncedKind {
            kind: K::KIND,
            flow: Flow::Up,
            storage: Storage::Generic,
            about,
            addressed: false,
            read: read_generic::<K>,
        }
    }

    /// Records made at a BCP node, kept at the centre in tables of the domain's own.
    pub const fn up_own<K: OwnUpKind>(about: &'static str) -> SyncedKind {
        SyncedKind {
            kind: K::KIND,
            flow: Flow::Up,
            storage: Storage::Own,
            about,
            addressed: false,
            read: read_own::<K>,
        }
    }

    /// Reference data made at the centre, kept at every node in the generic table.
    pub const fn down<K: RecordKind>(about: &'static str) -> SyncedKind {
        SyncedKind {
            kind: K::KIND,
            flow: Flow::Down,
            storage: Storage::Generic,
            about,
            addressed: false,
            read: read_generic::<K>,
        }
    }

    /// Reference data made at the centre for one BCP each, kept in the generic table of that BCP's node only: a
    /// record's key is `<BCP>/<id>`, and no other node receives it.
    pub const fn down_to_bcp<K: RecordKind>(about: &'static str) -> SyncedKind {
        SyncedKind {
            kind: K::KIND,
            flow: Flow::Down,
            storage: Storage::Generic,
            about,
            addressed: true,
            read: read_generic::<K>,
        }
    }

    /// A list that goes down as versioned deltas of its own ([`crate::sync::DownDelta`]).
    pub const fn down_delta(kind: &'static str, about: &'static str) -> SyncedKind {
        SyncedKind {
            kind,
            flow: Flow::Down,
            storage: Storage::Own,
            about,
            addressed: false,
            read: not_a_record,
        }
    }

    /// Read the JSON of one record of this kind: its key, and for a kind kept in own tables the record.
    pub fn read(&self, json: &str) -> Result<(String, UpPayload), serde_json::Error> {
        (self.read)(json)
    }

    /// The same declaration (the reader aside, which cannot be compared).
    pub fn same_as(&self, other: &SyncedKind) -> bool {
        (self.kind, self.flow, self.storage, self.addressed)
            == (other.kind, other.flow, other.storage, other.addressed)
    }

    /// The BCP a record of an addressed kind goes to, read from its key (`<BCP>/<id>`, also as the outbox key
    /// `<BCP>/<id>@<version>`); `None` for a kind every node receives. `Some(Err)` when an addressed key names
    /// no BCP: such a record must not travel at all.
    pub fn addressee<'a>(&self, key: &'a str) -> Option<Result<&'a str, String>> {
        if !self.addressed {
            return None;
        }
        Some(match key.split_once('/') {
            Some((bcp, rest))
                if !rest.is_empty() && super::check_token("BCP code", bcp).is_ok() =>
            {
                Ok(bcp)
            }
            _ => Err(format!(
                "{} record '{key}': the key of an addressed record is <BCP>/<id>",
                self.kind
            )),
        })
    }
}

/// A BCP node's crossings (the whole record, sent again after each decision): searchable at the centre.
pub struct Crossings;

impl RecordKind for Crossings {
    const KIND: &'static str = super::kind::CROSSING;
    type Record = crate::Crossing;
    fn key(record: &crate::Crossing) -> String {
        record.id.clone()
    }
}

impl OwnUpKind for Crossings {
    fn payload(record: crate::Crossing) -> UpPayload {
        UpPayload::Crossing(Box::new(record))
    }
}

/// A BCP node's audit entries: kept apart per node at the centre, whose hash chain is verified there.
pub struct AuditEntries;

impl RecordKind for AuditEntries {
    const KIND: &'static str = super::kind::AUDIT;
    type Record = limes_domain::audit::AuditEntry;
    fn key(record: &limes_domain::audit::AuditEntry) -> String {
        record.seq.to_string()
    }
}

impl OwnUpKind for AuditEntries {
    fn payload(record: limes_domain::audit::AuditEntry) -> UpPayload {
        UpPayload::Audit(Box::new(record))
    }
}

/// A node's signed audit checkpoint (the chain head signed by its audit key), sent up so that the centre can
/// prove the node's chain as received was neither truncated nor rewritten. Kept at the centre in the generic
/// table; at the node it is queued by the audit store with the checkpoint itself (never audited: an entry for
/// it would move the head it signs).
pub struct AuditCheckpoints;

impl RecordKind for AuditCheckpoints {
    const KIND: &'static str = "audit_checkpoint";
    type Record = limes_domain::audit_checkpoint::AuditCheckpoint;
    /// Two checkpoints of one head (a rewrite signed again) are two records: the signature tells them apart.
    fn key(record: &Self::Record) -> String {
        let signature: String = record.signature.chars().take(32).collect();
        format!(
            "{:020}-{}-{signature}",
            record.seq,
            if record.cut { "cut" } else { "head" }
        )
    }
}

/// A pre-arrival hit confirmed at the centre, sent to the arrival BCP's node only, where the check finds it as
/// the centre's does. Removed there when the hit is withdrawn.
pub struct PreArrivalAlerts;

impl PreArrivalAlerts {
    /// The key of the alert of `hit` for `bcp`.
    pub fn key_for(bcp: &str, hit: &str) -> String {
        format!("{bcp}/{hit}")
    }
}

impl RecordKind for PreArrivalAlerts {
    const KIND: &'static str = "pre_arrival_alert";
    type Record = crate::ConfirmedAlert;
    fn key(record: &crate::ConfirmedAlert) -> String {
        Self::key_for(
            record.flight.arrival_bcp.as_deref().unwrap_or_default(),
            &record.hit.id,
        )
    }
}
