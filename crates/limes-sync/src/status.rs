//! The centre's view of its BCP nodes: last contact, backlog, list versions; silent and behind nodes flagged.
//! The report itself lives in [`limes_store::node_status`] (pure, no I/O), where the server's operations page
//! uses it too.
pub use limes_store::node_status::{
    report, NodeStatus, StatusReport, DEFAULT_SILENT_AFTER_SECONDS,
};
