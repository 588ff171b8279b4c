//! A BCP node's audit chain as the centre holds it, verified against the node's signed checkpoints (which come up
//! with the sync, [`crate::sync::kinds::AuditCheckpoints`]): the node's public key is registered at its first
//! checkpoint (`audit_node_keys`, [`AuditStore::pin_node_key`]), and a node whose log was truncated or rewritten,
//! or whose key changed, is reported.
use crate::sync::kinds::AuditCheckpoints;
use crate::sync::{RecordKind, SyncStore};
use crate::{AuditStore, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use limes_domain::audit_checkpoint::{
    parse_public_key, AnchoredReport, AnchoredVerifier, AuditCheckpoint,
};
use serde::Serialize;

/// A node's chain at the centre, verified against its checkpoints.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NodeChainReport {
    pub node: String,
    /// The node's registered audit public key (hex), if any checkpoint arrived.
    pub public_key: Option<String>,
    /// Checkpoints received from the node, and how many were signed by another key (refused).
    pub checkpoints: usize,
    pub refused: usize,
    pub report: AnchoredReport,
}

impl NodeChainReport {
    pub fn intact(&self) -> bool {
        self.report.intact()
    }
}

/// The checkpoints the centre received from `node`, oldest signature first.
pub async fn node_checkpoints(
    sync: &dyn SyncStore,
    node: &str,
) -> StoreResult<Vec<AuditCheckpoint>> {
    let mut out = Vec::new();
    // The generic table is ordered by origin, then key: start right before this node's records.
    let mut after = Some((node.to_string(), String::new()));
    loop {
        let page = sync
            .synced_records(AuditCheckpoints::KIND, after.clone(), 500)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.origin.clone(), last.key.clone()));
        let ends = page.iter().any(|r| r.origin != node);
        for record in page.iter().take_while(|r| r.origin == node) {
            let cp: AuditCheckpoint = serde_json::from_str(&record.json).map_err(|e| {
                StoreError::Backend(format!("audit checkpoint {}: {e}", record.key))
            })?;
            out.push(cp);
        }
        if ends {
            break;
        }
    }
    out.sort_by_key(|a| (a.at, a.seq));
    Ok(out)
}

/// Verify the chain the centre ingested from `node` against the node's checkpoints signed by its registered key
/// (registered, the first time the node is verified, from its earliest checkpoint its own key signs). Reported: entries missing after a signed head
/// (truncated), an entry differing from a signed head (rewritten), a later checkpoint of a shorter chain (the
/// node's log was cut back and went on), and checkpoints signed by another key (refused, the key changed).
pub async fn verify_node_anchored<A: AuditStore + ?Sized>(
    sync: &dyn SyncStore,
    audit: &A,
    node: &str,
    now: DateTime<Utc>,
) -> StoreResult<NodeChainReport> {
    let checkpoints = node_checkpoints(sync, node).await?;
    // The key is registered from the node's first checkpoint that its own key signs (a damaged one pins nothing).
    let first_sound = checkpoints.iter().find(|cp| {
        cp.node == node && parse_public_key(&cp.public_key).is_some_and(|k| cp.is_signed_by(&k))
    });
    let public_key = match first_sound {
        Some(first) => Some(audit.pin_node_key(node, &first.public_key, now).await?),
        None => None,
    };
    let key = public_key.as_deref().and_then(parse_public_key);
    let mut problems = Vec::new();
    let (trusted, refused): (Vec<_>, Vec<_>) = checkpoints
        .iter()
        .cloned()
        .partition(|cp| key.as_ref().is_some_and(|k| cp.is_signed_by(k)) && cp.node == node);
    for cp in &refused {
        problems.push(format!(
            "the checkpoint of entry {} at {} is not signed by node {node}'s registered audit key (refused: the key changed, or it was forged)",
            cp.seq,
            cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
    }
    // A chain only grows between retention cuts: a head signed later at a lower entry means entries were removed.
    let mut highest: Option<&AuditCheckpoint> = None;
    for cp in trusted.iter().filter(|cp| !cp.cut) {
        if let Some(h) = highest {
            if cp.seq < h.seq {
                problems.push(format!(
                    "node {node} signed its chain at entry {} after having signed it at entry {}: its log was truncated",
                    cp.seq, h.seq
                ));
            }
        }
        if highest.is_none_or(|h| cp.seq > h.seq) {
            highest = Some(cp);
        }
    }
    // The verifier takes one key; without one (no checkpoint yet) a stand-in that signs nothing.
    let verifying =
        key.unwrap_or_else(|| ed25519_dalek::SigningKey::from_bytes(&[0; 32]).verifying_key());
    let mut verifier = AnchoredVerifier::new(&verifying, trusted);
    let mut from = 1;
    loop {
        let page = sync.node_audit_entries(node, from, 5000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        page.iter().for_each(|entry| verifier.feed(entry));
    }
    let mut report = verifier.finish();
    report.problems.extend(problems);
    Ok(NodeChainReport {
        node: node.to_string(),
        public_key,
        checkpoints: checkpoints.len(),
        refused: refused.len(),
        report,
    })
}
