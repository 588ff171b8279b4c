//! The outbox relay: publishes pending outbox rows to JetStream and deletes a row only after its PubAck.
//! A BCP node relays up (`limes.up.<bcp>.<kind>`), the centre relays down (`limes.down.<kind>`).
use crate::{message_id, up_subject, SyncOptions};
use async_nats::jetstream;
use limes_store::sync::SyncStore;
use std::sync::Arc;
use std::time::Instant;

/// Where the rows go.
#[derive(Debug, Clone)]
pub enum Target {
    /// A BCP node's records, to the centre.
    Up { bcp: String },
    /// The centre's list changes, to every BCP node.
    Down,
}

pub struct Relay {
    pub store: Arc<dyn SyncStore>,
    pub js: jetstream::Context,
    /// The node id: message ids are `<node>:<outbox seq>`.
    pub node: String,
    pub target: Target,
    pub options: SyncOptions,
}

impl Relay {
    fn subject(&self, kind: &str, key: &str) -> anyhow::Result<String> {
        match &self.target {
            Target::Up { bcp } => Ok(up_subject(bcp, kind)),
            // A record of an addressed kind goes to its BCP only.
            Target::Down => crate::addressed::down_row_subject(kind, key),
        }
    }

    /// One round: publish up to `batch` pending rows (pipelined), await their PubAcks, delete the acknowledged
    /// prefix. Returns how many rows were acknowledged; an error after deleting what was acknowledged.
    pub async fn relay_once(&self) -> anyhow::Result<usize> {
        let rows = self.store.outbox_pending(self.options.batch).await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let mut pending = Vec::with_capacity(rows.len());
        let mut failure: Option<anyhow::Error> = None;
        for row in rows {
            let mut headers = async_nats::HeaderMap::new();
            headers.insert(
                async_nats::header::NATS_MESSAGE_ID,
                message_id(&self.node, row.seq).as_str(),
            );
            let subject = match self.subject(&row.kind, &row.key) {
                Ok(subject) => subject,
                Err(e) => {
                    failure = Some(e.context(format!("outbox row {}", row.seq)));
                    break;
                }
            };
            match self
                .js
                .publish_with_headers(subject, headers, row.payload.into())
                .await
            {
                Ok(ack) => pending.push((row.seq, ack)),
                Err(e) => {
                    failure = Some(anyhow::anyhow!("publishing outbox row {}: {e}", row.seq));
                    break;
                }
            }
        }
        // Only the acknowledged prefix is deleted, so that rows go out in order; a row acknowledged after a
        // failed one is sent again and dropped as a duplicate by the stream (or by the consumer's ingest).
        let mut acked = Vec::with_capacity(pending.len());
        for (seq, ack) in pending {
            match ack.await {
                Ok(_) if failure.is_none() => acked.push(seq),
                Ok(_) => {}
                Err(e) => {
                    failure.get_or_insert_with(|| {
                        anyhow::anyhow!("no acknowledgement for outbox row {seq}: {e}")
                    });
                }
            }
        }
        let n = acked.len();
        self.store.outbox_sent(acked).await?;
        match failure {
            Some(e) => Err(e),
            None => Ok(n),
        }
    }

    /// Relay forever: through cuts, restarts of NATS and of the centre.
    pub async fn run(self) {
        let mut last_warning: Option<Instant> = None;
        loop {
            match self.relay_once().await {
                Ok(0) => tokio::time::sleep(self.options.idle_poll).await,
                Ok(_) => {}
                Err(e) => {
                    if last_warning.is_none_or(|t| t.elapsed().as_secs() >= 10) {
                        tracing::warn!(error = %format!("{e:#}"), "outbox relay waiting for the stream");
                        last_warning = Some(Instant::now());
                    }
                    tokio::time::sleep(self.options.retry_after).await;
                }
            }
        }
    }
}
