//! Seizure and offence records as the store keeps them: the non-nominal record (one row, its photographs listed
//! in it), the nominal part in a table of its own (read apart, need-to-know), and the photographs' bytes. At a
//! BCP node each change also goes up to the centre as a [`Seizures`] record.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::seizure::{CenHeading, ConcealmentMethod, NominalPart, PhotoRef, Seizure};
use serde::{Deserialize, Serialize};

use crate::StoreResult;

/// Which seizures a listing reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeizureFilter {
    /// Only these BCPs (empty: all).
    pub bcps: Vec<String>,
    pub heading: Option<CenHeading>,
    pub concealment: Option<ConcealmentMethod>,
    /// Seized at or after.
    pub from: Option<DateTime<Utc>>,
    /// Seized before.
    pub to: Option<DateTime<Utc>>,
    /// At most this many, newest first (0: no limit).
    pub limit: usize,
}

#[async_trait]
pub trait SeizureStore: Send + Sync + 'static {
    /// Keep a new seizure record and its nominal part (when given) with the audit entry, in one transaction
    /// (and at a BCP node queue it for the centre). `Conflict` when the id, or the inspection it was opened
    /// from, has a record already.
    async fn record_seizure(
        &self,
        seizure: Seizure,
        nominal: Option<NominalPart>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn seizure(&self, id: &str) -> StoreResult<Option<Seizure>>;
    /// The nominal part of a seizure, if it has one (the caller decides need-to-know and audits the read).
    async fn seizure_nominal(&self, id: &str) -> StoreResult<Option<NominalPart>>;
    /// Seizures matching the filter, newest seizure first.
    async fn seizures(&self, filter: &SeizureFilter) -> StoreResult<Vec<Seizure>>;
    /// The seizure opened from a goods inspection.
    async fn seizure_of_inspection(&self, inspection_id: &str) -> StoreResult<Option<Seizure>>;
    /// Add a photograph (already checked and stripped) to a seizure: its bytes kept, its reference listed in the
    /// record, with the audit entry, in one transaction (and at a BCP node the record queued again). `NotFound`
    /// for an unknown seizure.
    async fn add_seizure_photo(
        &self,
        seizure_id: &str,
        photo: PhotoRef,
        data: Vec<u8>,
        audit: AuditEvent,
    ) -> StoreResult<Seizure>;
    /// A photograph's bytes.
    async fn seizure_photo(&self, seizure_id: &str, photo_id: &str)
        -> StoreResult<Option<Vec<u8>>>;
}

/// A photograph carried up with its record (base64 of the stored bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoBytes {
    pub id: String,
    pub base64: String,
}

/// A seizure as it goes up to the centre: the record (with every photograph's SHA-256), the nominal part, and
/// the photographs' bytes while they fit in [`PHOTO_BYTES_UP`] together; larger ones go by hash only and stay at
/// the node, where the hash proves the copy fetched later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeizureUp {
    pub seizure: Seizure,
    #[serde(default)]
    pub nominal: Option<NominalPart>,
    #[serde(default)]
    pub photos: Vec<PhotoBytes>,
}

/// At most this many photograph bytes ride up in one record (before base64), below the stream's 1 MiB message.
pub const PHOTO_BYTES_UP: u64 = 512 * 1024;

/// The photographs that ride up with a record: in the record's order, while their sum stays within
/// [`PHOTO_BYTES_UP`].
pub fn photos_up<'a>(
    seizure: &Seizure,
    bytes_of: impl Fn(&str) -> Option<&'a [u8]>,
) -> Vec<PhotoBytes> {
    use base64::Engine;
    let mut total = 0u64;
    let mut out = Vec::new();
    for p in &seizure.photos {
        if total + p.bytes > PHOTO_BYTES_UP {
            continue;
        }
        if let Some(data) = bytes_of(&p.id) {
            total += p.bytes;
            out.push(PhotoBytes {
                id: p.id.clone(),
                base64: base64::engine::general_purpose::STANDARD.encode(data),
            });
        }
    }
    out
}

/// Seizures go up from the BCP nodes and are kept at the centre in the generic table.
pub struct Seizures;

impl crate::sync::RecordKind for Seizures {
    const KIND: &'static str = "seizure";
    type Record = SeizureUp;
    fn key(record: &SeizureUp) -> String {
        record.seizure.id.clone()
    }
}
