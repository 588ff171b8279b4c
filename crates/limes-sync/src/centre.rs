//! The centre: a durable pull consumer of the BCP nodes' records, ingested idempotently and acknowledged only
//! after the centre's own commit; the heartbeats of the nodes; the relay of list changes down.
use crate::relay::{Relay, Target};
use crate::{
    parse_message_id, SyncOptions, CENTRE_CONSUMER, HEARTBEAT_SUBJECTS, MSG_ID, UP_STREAM,
};
use async_nats::jetstream::{self, consumer::pull, AckKind};
use futures::StreamExt;
use limes_domain::Clock;
use limes_store::sync::{Heartbeat, SyncStore, UpRecord};
use limes_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

/// How long a record the centre fetched may stay unacknowledged before JetStream delivers it again: short, so
/// that after a crash of the centre what it had fetched comes back within seconds (a long ingest keeps its
/// messages with in-progress acknowledgements, [`PROGRESS_EVERY`]).
pub const CENTRE_ACK_WAIT: Duration = Duration::from_secs(5);
/// How often a batch whose commit is still running tells JetStream it is in progress.
pub const PROGRESS_EVERY: Duration = Duration::from_secs(2);

/// The centre's consumer of [`UP_STREAM`] (created on first use, durable afterwards; a consumer made by an
/// older centre with another ack wait is updated).
pub async fn up_consumer(
    js: &jetstream::Context,
) -> anyhow::Result<jetstream::consumer::PullConsumer> {
    let stream = js
        .get_stream(UP_STREAM)
        .await
        .map_err(|e| anyhow::anyhow!("stream {UP_STREAM}: {e}"))?;
    let config = pull::Config {
        durable_name: Some(CENTRE_CONSUMER.to_string()),
        description: Some("Limes centre: ingest of BCP records".into()),
        ack_policy: jetstream::consumer::AckPolicy::Explicit,
        ack_wait: CENTRE_ACK_WAIT,
        max_ack_pending: 50_000,
        ..Default::default()
    };
    let mut consumer = stream
        .get_or_create_consumer(CENTRE_CONSUMER, config.clone())
        .await
        .map_err(|e| anyhow::anyhow!("consumer {CENTRE_CONSUMER}: {e}"))?;
    if consumer.cached_info().config.ack_wait != CENTRE_ACK_WAIT {
        consumer = stream
            .create_consumer(config)
            .await
            .map_err(|e| anyhow::anyhow!("updating consumer {CENTRE_CONSUMER}: {e}"))?;
    }
    Ok(consumer)
}

/// An edge record from its message: the BCP and kind from the subject `limes.up.<bcp>.<kind>`, the node and
/// outbox seq from the message id.
pub fn up_record(subject: &str, msg_id: Option<&str>, payload: &[u8]) -> Result<UpRecord, String> {
    let mut parts = subject.split('.');
    let (Some("limes"), Some("up"), Some(bcp), Some(kind), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(format!("subject '{subject}' is not limes.up.<bcp>.<kind>"));
    };
    let id = msg_id.ok_or_else(|| format!("message on '{subject}' has no {MSG_ID} header"))?;
    let (node, seq) = parse_message_id(id)
        .ok_or_else(|| format!("message id '{id}' on '{subject}' is not <node>:<seq>"))?;
    let payload = std::str::from_utf8(payload)
        .map_err(|e| format!("message {id} on '{subject}': payload is not UTF-8: {e}"))?;
    Ok(UpRecord {
        node: node.to_string(),
        bcp: bcp.to_string(),
        seq,
        kind: kind.to_string(),
        payload: payload.to_string(),
    })
}

pub struct Ingest {
    pub store: Arc<dyn SyncStore>,
    pub clock: Arc<dyn Clock>,
    pub batch: usize,
}

impl Ingest {
    /// Fetch up to `batch` messages (waiting at most `wait`), store them in one transaction, then ack them.
    /// Returns the number of messages handled.
    pub async fn ingest_once(
        &self,
        consumer: &jetstream::consumer::PullConsumer,
        wait: Duration,
    ) -> anyhow::Result<usize> {
        let mut messages = consumer
            .batch()
            .max_messages(self.batch)
            .expires(wait)
            .messages()
            .await
            .map_err(|e| anyhow::anyhow!("fetching from {UP_STREAM}: {e}"))?;
        let mut batch = Vec::new();
        let mut fetch_error = None;
        while let Some(m) = messages.next().await {
            match m {
                Ok(m) => batch.push(m),
                Err(e) => {
                    fetch_error = Some(anyhow::anyhow!("fetching from {UP_STREAM}: {e}"));
                    break;
                }
            }
        }
        let n = batch.len();
        let mut good = Vec::with_capacity(n);
        let mut records = Vec::with_capacity(n);
        for m in batch {
            let id = m
                .headers
                .as_ref()
                .and_then(|h| h.get(async_nats::header::NATS_MESSAGE_ID))
                .map(|v| v.as_str().to_string());
            match up_record(m.subject.as_str(), id.as_deref(), &m.payload) {
                Ok(r) => {
                    records.push(r);
                    good.push(m);
                }
                Err(e) => {
                    tracing::error!(error = %e, "unreadable record from a BCP node dropped");
                    let _ = m.ack_with(AckKind::Term).await;
                }
            }
        }
        let ingest = self.store.ingest_up(records.clone(), self.clock.now());
        tokio::pin!(ingest);
        let mut progress =
            tokio::time::interval_at(tokio::time::Instant::now() + PROGRESS_EVERY, PROGRESS_EVERY);
        let ingested = loop {
            tokio::select! {
                done = &mut ingest => break done,
                _ = progress.tick() => {
                    for m in &good {
                        let _ = m.ack_with(AckKind::Progress).await;
                    }
                }
            }
        };
        match ingested {
            Ok(_) => {
                for m in &good {
                    m.ack().await.map_err(|e| anyhow::anyhow!("ack: {e}"))?;
                }
            }
            Err(StoreError::Invalid(_)) => {
                // One bad record must not hold up the others: store them one by one.
                for (m, r) in good.iter().zip(records) {
                    match self.store.ingest_up(vec![r], self.clock.now()).await {
                        Ok(_) => m.ack().await.map_err(|e| anyhow::anyhow!("ack: {e}"))?,
                        Err(StoreError::Invalid(e)) => {
                            tracing::error!(error = %e, "record from a BCP node refused");
                            let _ = m.ack_with(AckKind::Term).await;
                        }
                        Err(e) => {
                            let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                            return Err(e.into());
                        }
                    }
                }
            }
            Err(e) => {
                for m in &good {
                    let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                }
                return Err(e.into());
            }
        }
        match fetch_error {
            Some(e) if n == 0 => Err(e),
            _ => Ok(n),
        }
    }

    /// Ingest forever.
    pub async fn run(self, js: jetstream::Context, options: SyncOptions) {
        loop {
            let consumer = match up_consumer(&js).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "centre ingest waiting for the stream");
                    tokio::time::sleep(options.retry_after).await;
                    continue;
                }
            };
            loop {
                if let Err(e) = self.ingest_once(&consumer, Duration::from_secs(1)).await {
                    tracing::warn!(error = %format!("{e:#}"), "centre ingest");
                    tokio::time::sleep(options.retry_after).await;
                    break;
                }
            }
        }
    }
}

/// Keep the last heartbeat of every node (core NATS: a heartbeat is worth nothing once it is old).
pub async fn run_heartbeats(
    store: Arc<dyn SyncStore>,
    client: async_nats::Client,
    clock: Arc<dyn Clock>,
) {
    loop {
        let mut sub = match client.subscribe(HEARTBEAT_SUBJECTS).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "cannot subscribe to heartbeats");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        while let Some(m) = sub.next().await {
            match serde_json::from_slice::<Heartbeat>(&m.payload) {
                Ok(hb) if m.subject.as_str() == crate::heartbeat_subject(&hb.bcp, &hb.node) => {
                    if let Err(e) = store.record_heartbeat(hb, clock.now()).await {
                        tracing::warn!(error = %e, "cannot store a heartbeat");
                    }
                }
                Ok(hb) => {
                    tracing::warn!(subject = %m.subject, node = %hb.node, "heartbeat on another node's subject ignored")
                }
                Err(e) => tracing::warn!(subject = %m.subject, error = %e, "unreadable heartbeat"),
            }
        }
    }
}

/// Start the centre's sync: the streams, the ingest, the heartbeats and the relay of list changes.
pub async fn spawn(
    store: Arc<dyn SyncStore>,
    client: async_nats::Client,
    node: String,
    clock: Arc<dyn Clock>,
    options: SyncOptions,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let js = crate::jetstream(client.clone());
    crate::ensure_streams(&js).await?;
    let ingest = Ingest {
        store: store.clone(),
        clock: clock.clone(),
        batch: options.batch,
    };
    let relay = Relay {
        store: store.clone(),
        js: js.clone(),
        node,
        target: Target::Down,
        options: options.clone(),
    };
    Ok(vec![
        tokio::spawn(ingest.run(js, options)),
        tokio::spawn(crate::enrol::serve(
            store.clone(),
            client.clone(),
            clock.clone(),
        )),
        tokio::spawn(run_heartbeats(store, client, clock)),
        tokio::spawn(relay.run()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_read_from_subject_and_message_id() {
        let r = up_record("limes.up.LAND1.crossing", Some("LAND1-ab12:7"), b"{}").unwrap();
        assert_eq!(
            (r.bcp.as_str(), r.kind.as_str(), r.node.as_str(), r.seq),
            ("LAND1", "crossing", "LAND1-ab12", 7)
        );
        assert!(up_record("limes.up.LAND1", Some("n:1"), b"{}")
            .unwrap_err()
            .contains("limes.up.<bcp>.<kind>"));
        assert!(up_record("limes.up.A.b.c", Some("n:1"), b"{}").is_err());
        assert!(up_record("limes.up.A.audit", None, b"{}")
            .unwrap_err()
            .contains("Nats-Msg-Id"));
        assert!(up_record("limes.up.A.audit", Some("n-1"), b"{}")
            .unwrap_err()
            .contains("<node>:<seq>"));
        assert!(up_record("limes.up.A.audit", Some("n:1"), &[0xff])
            .unwrap_err()
            .contains("UTF-8"));
    }
}
