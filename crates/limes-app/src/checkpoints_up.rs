//! The centre's proof of a BCP node's audit log (see [`limes_store::node_chain`]): each node's signed checkpoints
//! come up with the sync, and the node's chain as ingested is verified against those signed by its registered
//! key. A node whose log was truncated or rewritten, or whose key changed, is reported.
use crate::checkpoints::CheckpointError;
use crate::{Actor, App};
pub use limes_store::node_chain::NodeChainReport;
use limes_store::sync::SyncStore;
use limes_store::StoreError;

fn sync_of(app: &App) -> Result<&dyn SyncStore, CheckpointError> {
    app.sync.as_deref().ok_or_else(|| {
        CheckpointError::Store(StoreError::Invalid(
            "this database keeps no records of BCP nodes".into(),
        ))
    })
}

/// Verify the chain the centre ingested from `node` against the node's checkpoints.
#[tracing::instrument(skip_all, fields(node = node))]
pub async fn verify_node(app: &App, node: &str) -> Result<NodeChainReport, CheckpointError> {
    let sync = sync_of(app)?;
    Ok(limes_store::node_chain::verify_node_anchored(
        sync,
        app.store.as_ref(),
        node,
        app.clock.now(),
    )
    .await?)
}

/// The nodes the centre heard from whose node id or BCP code is `code`, verified; reading their chains is
/// audited (`audit.read`, subject `node-audit:<code>`).
pub async fn verify_nodes_matching(
    app: &App,
    who: Actor<'_>,
    code: &str,
    purpose: Option<&str>,
) -> Result<Vec<NodeChainReport>, CheckpointError> {
    let sync = sync_of(app)?;
    let mut e = who.audit(app.clock.now(), "audit.read");
    e.subject = Some(format!("node-audit:{code}"));
    e.purpose = purpose.map(str::to_string);
    e.detail = "a BCP node's audit chain verified against its checkpoints".into();
    app.store.append_audit(e).await?;
    let mut out = Vec::new();
    for node in sync.nodes().await? {
        if node.node == code || node.bcp == code {
            out.push(verify_node(app, &node.node).await?);
        }
    }
    Ok(out)
}
