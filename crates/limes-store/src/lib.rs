//! Storage traits, one per aggregate (the list with what each keeps is in `docs/architecture.md`, "The store
//! traits"): organisation, users, the registers and watchlists, crossings, advance passenger information, the
//! audit log, goods, vehicles, small arms, seizures, surveillance …, each in its module with the records it
//! keeps; [`Store`] is their union, which
//! domain and HTTP code hold as a `dyn Store`. The sync tables are a trait of their own ([`sync::SyncStore`]).
//! Each backend (`limes-store-sqlite`, `limes-store-postgres`) implements them with its own migrations and runs
//! the shared story of `limes-testkit`.

pub mod admin;
pub mod audit;
pub mod cooperation;
pub mod crossings;
pub mod delta;
pub mod documents;
pub mod firearms;
pub mod goods;
pub mod health;
pub mod idempotency;
pub mod indicators;
pub mod location;
pub mod login_attempts;
pub mod node_chain;
pub mod node_status;
pub mod org;
pub mod pax;
pub mod registers;
pub mod salw;
pub mod seizures;
pub mod surveillance;
pub mod sync;
pub mod users;
pub mod vehicles;
pub mod watchlists;

/// Every store trait, for code that calls store methods on a concrete backend (`use limes_store::prelude::*`);
/// through a `dyn Store` the methods need only [`Store`].
pub mod prelude {
    pub use crate::sync::SyncStore;
    pub use crate::{
        AuditStore, CooperationStore, CrossingStore, DocumentAlertStore, ExaminationStore,
        GoodsStore, HealthStore, IdempotencyStore, IndicatorStore, LoginAttemptStore, OrgStore,
        PaxStore, SalwStore, SeizureStore, StolenVehicleStore, Store, StoreBackend,
        SurveillanceStore, UserAdminStore, UserStore, WatchlistStore,
    };
}

pub use admin::*;
pub use audit::*;
pub use cooperation::*;
pub use crossings::*;
pub use documents::*;
pub use firearms::*;
pub use goods::*;
pub use health::*;
pub use idempotency::*;
pub use indicators::*;
pub use location::{redact_url, DatabaseUrl};
pub use login_attempts::*;
pub use org::*;
pub use pax::*;
pub use registers::{ImportCommit, ImportMode, RowAction, StagedRow};
pub use salw::*;
pub use seizures::{SeizureFilter, SeizureStore};
pub use surveillance::SurveillanceStore;
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
    + SalwStore
    + SurveillanceStore
    + SeizureStore
    + IndicatorStore
    + FirearmStore
    + CooperationStore
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
        + SalwStore
        + SurveillanceStore
        + SeizureStore
        + IndicatorStore
        + FirearmStore
        + CooperationStore
{
}

/// A new globally unique, time-ordered id (UUID v7): ids made on different nodes never collide.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
