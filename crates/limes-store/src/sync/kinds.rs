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
            read: not_a_record,
        }
    }

    /// Read the JSON of one record of this kind: its key, and for a kind kept in own tables the record.
    pub fn read(&self, json: &str) -> Result<(String, UpPayload), serde_json::Error> {
        (self.read)(json)
    }

    /// The same declaration (the reader aside, which cannot be compared).
    pub fn same_as(&self, other: &SyncedKind) -> bool {
        (self.kind, self.flow, self.storage) == (other.kind, other.flow, other.storage)
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
