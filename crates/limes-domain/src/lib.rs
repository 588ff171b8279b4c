//! Limes domain: the types and rules of border checks. No database, no HTTP; time comes from a [`Clock`].

pub mod audit;
pub mod audit_checkpoint;
pub mod check;
pub mod clock;
pub mod cooperation;
pub mod crossing;
pub mod decision;
pub mod document;
pub mod examination;
pub mod firearm;
pub mod flight;
pub mod goods;
pub mod goods_flow;
pub mod indicators;
pub mod org;
pub mod risk;
pub mod role;
pub mod salw;
pub mod seizure;
pub mod severity;
pub mod stay;
pub mod surveillance;
pub mod traveller;
pub mod user;
pub mod vehicle;

pub use audit::{AuditEntry, AuditEvent, ChainBreak};
pub use check::{Recommendation, RecommendationLevel};
pub use clock::{Clock, FixedClock, SystemClock};
pub use crossing::{
    apply_decision, close_unfinished, is_rescan_of, supersedes, AdmissionOverride, Crossing,
    CrossingStatus, Decision, DecisionRefused, HitGravity, NewCrossing, OverrideReason,
};
pub use decision::{Direction, Outcome, RefusalReason};
pub use document::{AlertStatus, DocumentAlert};
pub use org::{Agency, AgencyKind, Bcp, BcpKind};
pub use role::Role;
pub use severity::Severity;
pub use traveller::{person_key, TravelDocument};
pub use user::{valid_language_tag, valid_username, User};
