//! Test support for Limes, named only in `[dev-dependencies]` so that no production binary compiles it:
//! - [`admin_story`]: editing users, password reset codes and examination records, run by [`story::run_all`];
//! - [`accounts_story`]: API tokens (expiry, revocation, last use), run by [`story::run_all`];
//! - [`idempotency_story`]: idempotency keys (claim, answer, expiry, purge), run by [`story::run_all`];
//! - [`import_story`]: the same document alerts imported twice stored once, run by [`story::run_all`];
//! - [`login_story`]: failed sign-ins per key (the progressive login delay), run by [`story::run_all`];
//! - [`audit_story`]: the audit chain against its signed checkpoints: filters, tampering and the retention cut;
//! - [`registers_story`]: streamed register imports (staging, swap, change files, the centre's delta), run by
//!   [`story::run_all`] and the sync suites;
//! - [`story`]: the store story every backend runs on a fresh database, aggregate by aggregate;
//! - [`goods_story`]: goods declarations, inspections and selectivity rules, on a fresh store;
//! - [`goods_sync_story`]: goods rules down to a BCP node, its declarations and inspections up to the centre;
//! - [`pax_story`]: the advance-passenger-information stories that need a fresh store of their own;
//! - [`surveillance_story`]: border sections, incidents and patrols by box and time, a node queueing them up;
//! - [`risk_story`]: the daily indicator counts under late and corrected records, and manual figures, on a fresh store;
//! - [`firearms_story`]: the firearm register and trace requests, run by [`story::run_all`]; the register's way
//!   down to the nodes in each backend's `tests/sync.rs`;
//! - [`cooperation_story`]: cooperation records (versions, references, throttling counts), run by [`story::run_all`];
//! - [`vehicles_story`]: the stolen-vehicle register and vehicle crossings, run by [`story::run_all`];
//! - [`salw_story`]: arms transfer authorisations, impoundments and custody, run by [`story::run_all`];
//! - [`seizures_story`]: seizure records, their nominal part and photographs, on a fresh store; their way up;
//! - [`sync_story`]: the sync stories, a BCP node (the embedded store) against a centre of the backend under test;
//! - [`write_story`]: the writer's guarantees under concurrent load, each on a fresh store;
//! - [`postgres`]: throwaway PostgreSQL databases (a private cluster, or `LIMES_TEST_POSTGRES_URL`);
//! - [`nats`]: local `nats-server` processes for the sync tests.
//!
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod accounts_story;
pub mod admin_story;
pub mod audit_story;
pub mod check_workflow_story;
pub mod cooperation_story;
pub mod firearms_story;
pub mod goods_story;
pub mod goods_sync_story;
pub mod idempotency_story;
pub mod import_story;
pub mod login_story;
pub mod nats;
pub mod pax_story;
pub mod postgres;
pub mod registers_story;
pub mod risk_story;
pub mod salw_story;
pub mod seizures_story;
pub mod story;
pub mod surveillance_story;
pub mod sync_story;
pub mod vehicles_story;
pub mod write_story;
