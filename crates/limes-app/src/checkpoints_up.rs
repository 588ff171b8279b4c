//! The centre's proof of a BCP node's audit log (see [`limes_store::node_chain`]): each node's signed checkpoints
//! come up with the sync, and the node's chain as ingested is verified against those signed by its registered
//! key. A node whose log was truncated or rewritten, or whose key changed, is reported.
use crate::checkpoints::CheckpointError;
use crate::App;
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

/// Every node the centre heard from, verified.
pub async fn verify_nodes(app: &App) -> Result<Vec<NodeChainReport>, CheckpointError> {
    let sync = sync_of(app)?;
    let mut out = Vec::new();
    for node in sync.nodes().await? {
        out.push(verify_node(app, &node.node).await?);
    }
    Ok(out)
}
