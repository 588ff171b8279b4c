//! Sync of Limes BCP nodes with the national centre through NATS JetStream (issue 5).
//!
//! - **Up** (BCP node → centre): every crossing, decision and audit entry is written to the node's outbox in
//!   the transaction of the change ([`limes_store::sync`]). The [`relay`] publishes pending rows to the stream
//!   [`UP_STREAM`] on `limes.up.<bcp>.<kind>` with the message id `<node>:<outbox seq>` (JetStream drops a
//!   republish inside its duplicate window) and deletes a row only after its PubAck. The [`centre`] consumes
//!   with a durable pull consumer, ingests idempotently (keyed by node and outbox seq) and acks after its commit.
//! - **Down** (centre → every node): watchlist, document-alert and targeting-rule changes go through the centre's
//!   own outbox to [`DOWN_STREAM`]; each node consumes with its own durable consumer ([`edge`]) and applies
//!   each delta once, recording the stream sequence it holds.
//! - **Status**: nodes publish heartbeats on `limes.hb.<bcp>.<node>`; the centre keeps the last one and
//!   [`status::report`] flags silent and behind nodes.
//!
//! Nothing here depends on the kind of a record: the relay publishes each outbox row on its kind's subject, the
//! streams take every subject under `limes.up.>` and `limes.down.>`, and the store reads each record as the kind
//! [`limes_store::sync::registry`] declares (or refuses it). A domain's records travel once declared there.

pub mod access;
pub mod accounts;
pub mod addressed;
pub mod centre;
pub mod edge;
pub mod enrol;
pub mod local_nats;
pub mod relay;
pub mod status;

use async_nats::jetstream;
use std::time::Duration;

/// The stream of edge records (every up kind of the registry), kept at the centre's NATS cluster.
pub const UP_STREAM: &str = "LIMES_UP";
pub const UP_SUBJECTS: &str = "limes.up.>";
/// The stream of list changes and reference data for the BCP nodes (every down kind of the registry).
pub const DOWN_STREAM: &str = "LIMES_DOWN";
pub const DOWN_SUBJECTS: &str = "limes.down.>";
/// The centre's durable consumer of [`UP_STREAM`].
pub const CENTRE_CONSUMER: &str = "limes-centre";
/// How long JetStream remembers message ids to drop republished ones (the centre's ingest is idempotent past it).
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(600);
/// The header JetStream de-duplicates on.
pub const MSG_ID: &str = "Nats-Msg-Id";

pub fn up_subject(bcp: &str, kind: &str) -> String {
    format!("limes.up.{bcp}.{kind}")
}

pub fn down_subject(kind: &str) -> String {
    format!("limes.down.{kind}")
}

pub fn heartbeat_subject(bcp: &str, node: &str) -> String {
    format!("limes.hb.{bcp}.{node}")
}

pub const HEARTBEAT_SUBJECTS: &str = "limes.hb.>";

pub fn message_id(node: &str, seq: i64) -> String {
    format!("{node}:{seq}")
}

/// `<node>:<seq>` back into its parts.
pub fn parse_message_id(id: &str) -> Option<(&str, i64)> {
    let (node, seq) = id.rsplit_once(':')?;
    let seq: i64 = seq.parse().ok()?;
    (!node.is_empty() && seq > 0).then_some((node, seq))
}

/// How the sync tasks behave; the defaults suit a BCP link.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Outbox rows read and published per round (publications are pipelined, then all acks awaited).
    pub batch: usize,
    /// Sleep when the outbox is empty.
    pub idle_poll: Duration,
    /// Sleep after an error (network cut, stream not reachable).
    pub retry_after: Duration,
    /// Interval of a node's heartbeats.
    pub heartbeat: Duration,
    /// Where the tasks report a problem with the link (shown by `/healthz`, `limes sync status`, the nodes page).
    pub health: access::LinkHealth,
    /// Told when a BCP node has applied list changes, so that its screening takes them at once.
    pub lists_changed: Option<std::sync::Arc<tokio::sync::Notify>>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            batch: 1000,
            idle_poll: Duration::from_millis(100),
            retry_after: Duration::from_millis(500),
            heartbeat: Duration::from_secs(10),
            health: access::LinkHealth::default(),
            lists_changed: None,
        }
    }
}

/// Connect to NATS without credentials, retrying forever (a BCP node starts even when its link is down) and
/// reconnecting quickly. See [`access::connect_with`] for a node with credentials.
pub async fn connect(url: &str, name: &str) -> anyhow::Result<async_nats::Client> {
    access::connect_with(
        url,
        name,
        &access::NatsAccess::default(),
        &access::LinkHealth::default(),
    )
    .await
}

/// The JetStream domain of the centre's cluster. Leaf nodes have no JetStream of their own and reach the
/// centre's API through its domain (`$JS.<domain>.API`), which is what crosses a leaf-node connection.
pub const JETSTREAM_DOMAIN: &str = "limes";

/// A JetStream context in the centre's domain, with the timeout used for PubAcks and API calls.
pub fn jetstream(client: async_nats::Client) -> jetstream::Context {
    let mut js = jetstream::with_domain(client, JETSTREAM_DOMAIN);
    js.set_timeout(Duration::from_secs(5));
    js
}

/// Create (or check) both streams. Run by the centre; BCP nodes only publish and consume.
pub async fn ensure_streams(js: &jetstream::Context) -> anyhow::Result<()> {
    for (name, subjects, what) in [
        (UP_STREAM, UP_SUBJECTS, "records of the BCP nodes"),
        (DOWN_STREAM, DOWN_SUBJECTS, "list changes for the BCP nodes"),
    ] {
        js.get_or_create_stream(jetstream::stream::Config {
            name: name.to_string(),
            description: Some(format!("Limes: {what}")),
            subjects: vec![subjects.to_string()],
            storage: jetstream::stream::StorageType::File,
            duplicate_window: DUPLICATE_WINDOW,
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the JetStream stream {name}: {e}"))?;
    }
    addressed::ensure_stream(js).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_round_trip() {
        let id = message_id("UTO-LAND1-4f2a", 42);
        assert_eq!(id, "UTO-LAND1-4f2a:42");
        assert_eq!(parse_message_id(&id), Some(("UTO-LAND1-4f2a", 42)));
        assert_eq!(parse_message_id("node:0"), None);
        assert_eq!(parse_message_id("node:x"), None);
        assert_eq!(parse_message_id(":5"), None);
        assert_eq!(parse_message_id("nocolon"), None);
    }
}
