//! Storage traits, one per aggregate: [`OrgStore`], [`UserStore`], [`DocumentAlertStore`], [`WatchlistStore`],
//! [`CrossingStore`], [`PaxStore`] (advance passenger information), [`AuditStore`], [`IdempotencyStore`]
//! (answers kept for retries) [`LoginAttemptStore`] (failed sign-ins), [`HealthStore`] (the write probe), [`GoodsStore`] (goods declarations, inspections, selectivity rules) and [`StolenVehicleStore`] (the stolen-vehicle register and vehicle crossings), each in its module with the records it keeps; [`Store`] is their union, which
//! domain and HTTP code hold as a `dyn Store`. The sync tables are a trait of their own ([`sync::SyncStore`]).
//! Each backend (`limes-store-sqlite`, `limes-store-postgres`) implements them with its own migrations and runs
//! the shared story of `limes-testkit`.

pub mod admin;
pub mod audit;
pub mod crossings;
pub mod delta;
pub mod documents;
pub mod goods;
pub mod health;
pub mod idempotency;
pub mod location;
pub mod login_attempts;
pub mod node_chain;
pub mod node_status;
pub mod org;
pub mod pax;
pub mod registers;
pub mod sync;
pub mod users;
pub mod vehicles;
pub mod watchlists;

/// Every store trait, for code that calls store methods on a concrete backend (`use limes_store::prelude::*`);
/// through a `dyn Store` the methods need only [`Store`].
pub mod prelude {
    pub use crate::sync::SyncStore;
    pub use crate::{
        AuditStore, CrossingStore, DocumentAlertStore, ExaminationStore, GoodsStore, HealthStore,
        IdempotencyStore, LoginAttemptStore, OrgStore, PaxStore, StolenVehicleStore, Store,
        StoreBackend, UserAdminStore, UserStore, WatchlistStore,
    };
}

pub use admin::*;
pub use audit::*;
pub use crossings::*;
pub use documents::*;
pub use goods::*;
pub use health::*;
pub use idempotency::*;
pub use location::{redact_url, DatabaseUrl};
pub use login_attempts::*;
pub use org::*;
pub use pax::*;
pub use registers::{ImportCommit, ImportMode, RowAction, StagedRow};
pub use users::*;
pub use vehicles::*;
pub use watchlists::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("storage backend error: {0}")]
    Backend(String),
}

impl From<limes_domain::DecisionRefused> for StoreError {
    fn from(e: limes_domain::DecisionRefused) -> Self {
        match e {
            limes_domain::DecisionRefused::ReferredAgain
            | limes_domain::DecisionRefused::OverrideNeedsReason => {
                StoreError::Invalid(e.to_string())
            }
            _ => StoreError::Conflict(e.to_string()),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// What a backend says about itself.
pub trait StoreBackend: Send + Sync + 'static {
    /// Short backend name for logs and metrics ("sqlite", "postgres").
    fn backend(&self) -> &'static str;
}

/// The whole store: every aggregate's trait. Every state change that matters takes the audit event that
/// describes it, and the backend writes both in one transaction: no change without its audit entry, no audit
/// entry for a change that did not happen.
pub trait Store:
    StoreBackend
    + OrgStore
    + UserStore
    + DocumentAlertStore
    + WatchlistStore
    + CrossingStore
    + PaxStore
    + AuditStore
    + IdempotencyStore
    + GoodsStore
    + UserAdminStore
    + ExaminationStore
    + LoginAttemptStore
    + HealthStore
    + StolenVehicleStore
{
}

impl<T> Store for T where
    T: StoreBackend
        + OrgStore
        + UserStore
        + DocumentAlertStore
        + WatchlistStore
        + CrossingStore
        + PaxStore
        + AuditStore
        + IdempotencyStore
        + GoodsStore
        + UserAdminStore
        + ExaminationStore
        + LoginAttemptStore
        + HealthStore
        + StolenVehicleStore
{
}

/// A new globally unique, time-ordered id (UUID v7): ids made on different nodes never collide.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
