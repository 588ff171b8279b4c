//! Small arms and light weapons: the register of issuing authorities and transfer authorisations (reference data
//! made at the centre, or a standalone installation, and sent down to every BCP node: kept in the generic table of
//! synced records), and the impoundments made at the border with their inventory and custody chain (kept in a
//! table of their own; at a BCP node each version, and each custody record, goes up).
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::salw::{Authorisation, CustodyRecord, Impoundment, Issuer};
use serde::{Deserialize, Serialize};

use crate::StoreResult;

/// A registered authorisation, with who registered it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuthorisationRecord {
    pub authorisation: Authorisation,
    pub registered_by: String,
    pub registered_at: DateTime<Utc>,
}

/// An impoundment with its stored version (each change makes the next; a change made on an older version is a
/// conflict).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredImpoundment {
    pub impoundment: Impoundment,
    pub version: i64,
}

#[async_trait]
pub trait SalwStore: Send + Sync + 'static {
    /// Keep an issuing authority (new, or a new version of it under its code), with the audit entry; at the
    /// centre it goes down to every node. A BCP node refuses: the register is kept centrally.
    async fn put_salw_issuer(&self, issuer: Issuer, audit: AuditEvent) -> StoreResult<()>;
    /// Every issuing authority, by code.
    async fn salw_issuers(&self) -> StoreResult<Vec<Issuer>>;
    async fn salw_issuer(&self, code: &str) -> StoreResult<Option<Issuer>>;
    /// Register an authorisation under its key ([`Authorisation::key`]); the same key again is a conflict. At
    /// the centre it goes down to every node; a BCP node refuses.
    async fn register_salw_authorisation(
        &self,
        record: AuthorisationRecord,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn salw_authorisation(&self, key: &str) -> StoreResult<Option<AuthorisationRecord>>;
    /// The latest registered authorisations, newest first, at most `limit`.
    async fn salw_authorisations(&self, limit: usize) -> StoreResult<Vec<AuthorisationRecord>>;
    /// Keep a new impoundment (version 1) with its audit entry; at a BCP node it goes up.
    async fn create_salw_impoundment(
        &self,
        impoundment: Impoundment,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn salw_impoundment(&self, id: &str) -> StoreResult<Option<StoredImpoundment>>;
    /// The latest impoundments (at `bcp`, or everywhere), newest first, at most `limit`.
    async fn salw_impoundments(
        &self,
        bcp: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<StoredImpoundment>>;
    /// Keep a changed impoundment made on version `expected_version` (else a conflict), with its audit entry;
    /// at a BCP node it goes up, with each custody record that changed.
    async fn update_salw_impoundment(
        &self,
        impoundment: Impoundment,
        expected_version: i64,
        audit: AuditEvent,
    ) -> StoreResult<i64>;
}

/// Issuing authorities go down to every node.
pub struct SalwIssuers;

impl crate::sync::RecordKind for SalwIssuers {
    const KIND: &'static str = "salw_issuer";
    type Record = Issuer;
    fn key(record: &Issuer) -> String {
        record.code.clone()
    }
}

/// Transfer authorisations go down to every node.
pub struct SalwAuthorisations;

impl crate::sync::RecordKind for SalwAuthorisations {
    const KIND: &'static str = "salw_authorisation";
    type Record = AuthorisationRecord;
    fn key(record: &AuthorisationRecord) -> String {
        record.authorisation.key()
    }
}

/// Impoundments (each version, with inventory and custody) go up from the BCP nodes.
pub struct SalwImpoundments;

impl crate::sync::RecordKind for SalwImpoundments {
    const KIND: &'static str = "salw_impoundment";
    type Record = Impoundment;
    fn key(record: &Impoundment) -> String {
        record.id.clone()
    }
}

/// Custody records (each hand-over, and its confirmation) go up from the BCP nodes.
pub struct SalwCustody;

impl crate::sync::RecordKind for SalwCustody {
    const KIND: &'static str = "salw_custody";
    type Record = CustodyRecord;
    fn key(record: &CustodyRecord) -> String {
        record.id.clone()
    }
}

/// The custody records of `new` that are not as they were in `old`: what goes up after a change.
pub fn changed_custody<'a>(
    old: Option<&Impoundment>,
    new: &'a Impoundment,
) -> Vec<&'a CustodyRecord> {
    new.custody
        .iter()
        .filter(|c| old.is_none_or(|o| !o.custody.contains(c)))
        .collect()
}
