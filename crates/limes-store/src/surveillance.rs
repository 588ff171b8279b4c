//! Surveillance between the crossing points: the territory and border sections as configured, incidents and
//! patrols kept whole with the columns that find them by time and by box (see each backend's spatial index).
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::surveillance::{BBox, BorderSection, EventClass, Incident, Patrol, Territory};

use crate::StoreResult;

/// Which incidents or patrols to read: those whose box meets `bbox` and whose time falls in `[from, to)`, of
/// these BCPs' areas (empty: all), newest first, at most `limit`.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaQuery {
    pub bbox: Option<BBox>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The BCPs whose records the reader may see; empty for every BCP and the records of none.
    pub bcps: Vec<String>,
    /// Incidents only: one class.
    pub class: Option<EventClass>,
    pub limit: usize,
}

impl AreaQuery {
    pub fn all(limit: usize) -> AreaQuery {
        AreaQuery {
            bbox: None,
            from: None,
            to: None,
            bcps: Vec::new(),
            class: None,
            limit,
        }
    }
}

#[async_trait]
pub trait SurveillanceStore: Send + Sync + 'static {
    /// Keep a border section (replacing the one of its code), audited.
    async fn put_border_section(
        &self,
        section: BorderSection,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Every border section, by code.
    async fn border_sections(&self) -> StoreResult<Vec<BorderSection>>;
    /// Keep the state's territory (replacing it), audited.
    async fn put_territory(&self, territory: Territory, audit: AuditEvent) -> StoreResult<()>;
    async fn territory(&self) -> StoreResult<Option<Territory>>;

    /// Keep a new incident with its audit entry (and at a BCP node queue it for the centre) in one transaction.
    /// An id held already is a conflict.
    async fn record_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()>;
    /// Replace an incident held (its follow-up grew), audited, queued again for the centre.
    async fn update_incident(&self, incident: Incident, audit: AuditEvent) -> StoreResult<()>;
    async fn incident(&self, id: &str) -> StoreResult<Option<Incident>>;
    /// Incidents by box (of their location) and time (`occurred_at`).
    async fn incidents(&self, query: &AreaQuery) -> StoreResult<Vec<Incident>>;
    async fn incident_count(&self) -> StoreResult<u64>;

    /// Keep a new patrol (its box for the spatial index given beside it), audited and queued up.
    async fn record_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Replace a patrol held (carried out: its track, observations, incidents), audited, queued again.
    async fn update_patrol(
        &self,
        patrol: Patrol,
        bbox: Option<BBox>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn patrol(&self, id: &str) -> StoreResult<Option<Patrol>>;
    /// Patrols by box and time window (overlapping `[from, to)`).
    async fn patrols(&self, query: &AreaQuery) -> StoreResult<Vec<Patrol>>;
}

/// Incidents go up from the nodes (kept at the node in its own table, at the centre in the generic table).
pub struct Incidents;

impl crate::sync::RecordKind for Incidents {
    const KIND: &'static str = "incident";
    type Record = Incident;
    fn key(record: &Incident) -> String {
        record.id.clone()
    }
}

/// Patrols go up from the nodes.
pub struct Patrols;

impl crate::sync::RecordKind for Patrols {
    const KIND: &'static str = "patrol";
    type Record = Patrol;
    fn key(record: &Patrol) -> String {
        record.id.clone()
    }
}

/// The border sections, configured at the centre, go down to every node.
pub struct BorderSections;

impl crate::sync::RecordKind for BorderSections {
    const KIND: &'static str = "border_section";
    type Record = BorderSection;
    fn key(record: &BorderSection) -> String {
        record.code.clone()
    }
}

/// A time as the index columns keep it: whole seconds since 1970 (comparable in both backends).
pub fn epoch_seconds(t: &DateTime<Utc>) -> i64 {
    t.timestamp()
}
