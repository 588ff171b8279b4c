//! Answers remembered for requests that carried an `Idempotency-Key`, so that a retry gets the first answer
//! instead of doing the work again. Keys are per caller; a key is claimed (a pending record) before the work
//! runs, so two simultaneous requests with the same key cannot both do it.
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreResult;

/// The answer given to the first request with a key: HTTP status and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct RememberedAnswer {
    pub status: u16,
    pub body: String,
}

/// What is kept for one caller's key.
#[derive(Debug, Clone, PartialEq)]
pub struct IdempotencyRecord {
    /// A digest of the first request (route and body): the same key with another request is refused.
    pub request_hash: String,
    pub created_at: DateTime<Utc>,
    /// `None` while the first request is still being worked on.
    pub answer: Option<RememberedAnswer>,
}

/// The outcome of [`IdempotencyStore::claim`].
#[derive(Debug, Clone, PartialEq)]
pub enum IdempotencyClaim {
    /// The key was free (or its record had expired): the caller now holds it and does the work.
    Claimed,
    /// Another request holds or has answered the key.
    Taken(IdempotencyRecord),
}

/// When a kept record no longer counts, for [`IdempotencyStore::claim`].
#[derive(Debug, Clone, Copy)]
pub struct ClaimCutoffs {
    /// Answered records created before this are expired and replaced.
    pub answered_before: DateTime<Utc>,
    /// Pending records created before this belong to a request that died (a crash): replaced.
    pub pending_before: DateTime<Utc>,
}

#[async_trait]
pub trait IdempotencyStore: Send + Sync + 'static {
    /// Claim `key` for `caller` with a pending record, unless a record that still counts exists: that one is
    /// returned instead. Atomic: of two simultaneous claims, one gets [`IdempotencyClaim::Claimed`].
    async fn claim(
        &self,
        caller: &str,
        key: &str,
        request_hash: &str,
        at: DateTime<Utc>,
        cutoffs: ClaimCutoffs,
    ) -> StoreResult<IdempotencyClaim>;
    /// Keep the answer to the claimed key.
    async fn remember(&self, caller: &str, key: &str, answer: &RememberedAnswer)
        -> StoreResult<()>;
    /// The record kept for the key, if any.
    async fn recall(&self, caller: &str, key: &str) -> StoreResult<Option<IdempotencyRecord>>;
    /// Drop a pending claim whose work failed, so that a retry does the work.
    async fn release(&self, caller: &str, key: &str) -> StoreResult<()>;
    /// Delete every record created before `before`; returns how many.
    async fn purge_idempotency(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}
