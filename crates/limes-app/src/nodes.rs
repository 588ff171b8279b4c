//! The national centre's view of its BCP nodes: every node's last contact, outbox backlog, list versions
//! against the centre's and records received, with an alarm for silent and behind nodes. The same report as
//! `limes sync status`. Only the centre holds it.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::App;
use limes_store::node_status::{report, StatusReport, DEFAULT_SILENT_AFTER_SECONDS};
use limes_store::sync::NodeRole;
use limes_store::StoreError;

/// What is wrong with this node's NATS link, in words an operator can act on (`None`: nothing, or not syncing).
pub type SyncLink = std::sync::Arc<dyn Fn() -> Option<String> + Send + Sync>;

/// The problem of this node's NATS link, if it syncs and has one.
pub fn link_problem(app: &App) -> Option<String> {
    app.sync_link.as_ref().and_then(|link| link())
}

/// The longest silence limit one may ask for (a week).
pub const MAX_SILENT_AFTER: i64 = 7 * 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum NodesError {
    #[error("silent_after: must be between 1 and {MAX_SILENT_AFTER} seconds, not {0}")]
    SilentAfter(i64),
    /// The database has no sync tables this server can reach.
    #[error("this node is not the national centre: it does not sync with BCP nodes, so it holds no status of them")]
    NoSync,
    /// The node's role, as stored in its database.
    #[error("this node is not the national centre (its sync role: {}): the status of the BCP nodes is kept at the centre", .0.as_str())]
    NotCentre(NodeRole),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for NodesError {
    fn class(&self) -> ErrorClass {
        match self {
            NodesError::SilentAfter(_) => invalid("silent_after"),
            NodesError::NoSync | NodesError::NotCentre(_) => ErrorClass::Conflict,
            NodesError::Store(e) => store_class(e),
        }
    }
}

/// The status of every BCP node, at the national centre.
#[tracing::instrument(skip_all, fields(silent_after = silent_after))]
pub async fn centre_report(
    app: &App,
    silent_after: Option<i64>,
) -> Result<StatusReport, NodesError> {
    let silent_after = silent_after.unwrap_or(DEFAULT_SILENT_AFTER_SECONDS);
    if !(1..=MAX_SILENT_AFTER).contains(&silent_after) {
        return Err(NodesError::SilentAfter(silent_after));
    }
    let Some(sync) = app.sync.as_ref() else {
        return Err(NodesError::NoSync);
    };
    match sync.sync_identity().await? {
        Some(id) if id.role == NodeRole::Centre => {}
        Some(id) => return Err(NodesError::NotCentre(id.role)),
        None => return Err(NodesError::NotCentre(NodeRole::Standalone)),
    }
    let (centre, nodes) = tokio::try_join!(sync.list_versions(), sync.nodes())?;
    Ok(report(centre, nodes, app.clock.now(), silent_after))
}
