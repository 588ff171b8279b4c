//! The application layer of Limes. Every use case — run a check, record a decision, import a list, add a user,
//! take in a manifest — is one function here with its own error type. The HTTP handlers (`limes-server`) and the
//! command line (`limes`) both call these functions; neither holds business rules of its own, and this crate
//! holds no HTTP types. Rules without I/O live in `limes-domain`; storage behind the `limes-store` traits.
//!
//! Every use case takes the [`App`] (the store, the screener, the clock, the configuration) and the [`Actor`]
//! who acts, and writes its audit entry in the same transaction as its change.

pub mod actor;
pub mod audit;
pub mod background;
pub mod check;
pub mod check_workflow;
pub mod checkpoints;
pub mod checkpoints_up;
pub mod config;
pub mod context;
pub mod cooperation;
pub mod crossings;
pub mod error;
pub mod examination;
pub mod firearms;
pub mod forms;
pub mod goods;
pub mod history;
pub mod idempotency;
pub mod limits;
pub mod lists;
pub mod login;
pub mod lookups;
pub mod metrics;
pub mod name_search;
pub mod name_writing;
pub mod nats_config;
pub mod nodes;
pub mod org;
pub mod password_policy;
pub mod pax;
pub mod registers;
pub mod risk;
pub mod salw;
pub mod scope;
pub mod seizures;
pub mod seizures_photos;
pub mod stay;
pub mod surveillance;
pub mod surveillance_atlas;
pub mod tokens;
pub mod users;
pub mod vehicles;

pub use actor::Actor;
pub use config::Config;
pub use context::{App, RulesInForce};
pub use error::{ErrorClass, UseCaseError};
pub use scope::Scope;
