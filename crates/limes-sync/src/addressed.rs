//! Records for one BCP only (need-to-know): a down kind the registry declares addressed
//! ([`limes_store::sync::SyncedKind::addressee`]) is relayed by the centre on `limes.to.<bcp>.<kind>`, kept in
//! the stream [`TO_STREAM`], and read by each node through a consumer of its own filtered to its BCP (the NATS
//! permissions of a BCP allow no other filter), so no node ever receives another BCP's records. A node applies
//! each record by its version, so the consumer may start from the beginning each time.
use crate::{SyncOptions, JETSTREAM_DOMAIN};
use async_nats::jetstream::{self, consumer::pull, AckKind};
use futures::StreamExt;
use limes_domain::{AuditEvent, Clock};
use limes_store::sync::{registry, DownDelta, SyncStore};
use limes_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

/// The stream of records addressed to one BCP each.
pub const TO_STREAM: &str = "LIMES_TO";
pub const TO_SUBJECTS: &str = "limes.to.>";

/// The subject of a record of `kind` for `bcp`.
pub fn to_subject(bcp: &str, kind: &str) -> String {
    format!("limes.to.{bcp}.{kind}")
}

/// What a BCP's consumer may read: its own BCP's records, every kind.
pub fn bcp_filter(bcp: &str) -> String {
    format!("limes.to.{bcp}.>")
}

/// The subject an outbox row of the centre goes to: its BCP's for an addressed kind, every node's otherwise.
/// An addressed record whose key names no BCP is not sent anywhere.
pub fn down_row_subject(kind: &str, key: &str) -> anyhow::Result<String> {
    match registry::find(kind).and_then(|k| k.addressee(key)) {
        None => Ok(crate::down_subject(kind)),
        Some(Ok(bcp)) => Ok(to_subject(bcp, kind)),
        Some(Err(e)) => Err(anyhow::anyhow!(e)),
    }
}

pub fn consumer_name(node: &str) -> String {
    format!("limes-node-{node}-own")
}

/// The JetStream API subjects a BCP node may publish to for its own consumer of [`TO_STREAM`] (added to its NATS
/// permissions): create only with its BCP's filter, read, delete, fetch and acknowledge.
pub fn permissions(bcp: &str, node: &str) -> Vec<String> {
    let consumer = consumer_name(node);
    let api = format!("$JS.{JETSTREAM_DOMAIN}.API");
    vec![
        format!(
            "{api}.CONSUMER.CREATE.{TO_STREAM}.{consumer}.{}",
            bcp_filter(bcp)
        ),
        format!("{api}.CONSUMER.DELETE.{TO_STREAM}.{consumer}"),
        format!("{api}.CONSUMER.INFO.{TO_STREAM}.{consumer}"),
        format!("{api}.CONSUMER.MSG.NEXT.{TO_STREAM}.{consumer}"),
        format!("$JS.ACK.{TO_STREAM}.{consumer}.>"),
        format!("$JS.ACK.*.*.{TO_STREAM}.{consumer}.>"),
    ]
}

/// The stream of addressed records (created by the centre with the others).
pub async fn ensure_stream(js: &jetstream::Context) -> anyhow::Result<()> {
    js.get_or_create_stream(jetstream::stream::Config {
        name: TO_STREAM.to_string(),
        description: Some("Limes: records for one BCP each".into()),
        subjects: vec![TO_SUBJECTS.to_string()],
        storage: jetstream::stream::StorageType::File,
        duplicate_window: crate::DUPLICATE_WINDOW,
        ..Default::default()
    })
    .await
    .map_err(|e| anyhow::anyhow!("cannot create the JetStream stream {TO_STREAM}: {e}"))?;
    Ok(())
}

/// This node's consumer of its BCP's records, made anew from the stream's start: every record is applied by
/// version, so one already held changes nothing, and a node whose database was replaced gets everything again.
pub async fn consumer(
    js: &jetstream::Context,
    node: &str,
    bcp: &str,
) -> anyhow::Result<jetstream::consumer::PullConsumer> {
    let name = consumer_name(node);
    let stream = js
        .get_stream_no_info(TO_STREAM)
        .await
        .map_err(|e| anyhow::anyhow!("stream {TO_STREAM}: {e}"))?;
    let _ = stream.delete_consumer(&name).await;
    stream
        .create_consumer(pull::Config {
            durable_name: Some(name.clone()),
            description: Some(format!("Limes node {node}: records for BCP {bcp}")),
            filter_subject: bcp_filter(bcp),
            deliver_policy: jetstream::consumer::DeliverPolicy::All,
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ack_wait: Duration::from_secs(60),
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("consumer {name}: {e}"))
}

/// Apply the next records (up to `max`, waiting at most `wait`); returns how many messages were handled.
pub async fn apply_once(
    store: &dyn SyncStore,
    consumer: &jetstream::consumer::PullConsumer,
    clock: &dyn Clock,
    max: usize,
    wait: Duration,
) -> anyhow::Result<usize> {
    let mut messages = consumer
        .batch()
        .max_messages(max)
        .expires(wait)
        .messages()
        .await
        .map_err(|e| anyhow::anyhow!("fetching from {TO_STREAM}: {e}"))?;
    let mut n = 0;
    while let Some(m) = messages.next().await {
        let m = m.map_err(|e| anyhow::anyhow!("fetching from {TO_STREAM}: {e}"))?;
        n += 1;
        let delta: DownDelta = match serde_json::from_slice(&m.payload) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(subject = %m.subject, error = %e, "unreadable record for this BCP skipped");
                let _ = m.ack_with(AckKind::Term).await;
                continue;
            }
        };
        let audit = AuditEvent::new(clock.now(), "sync:centre", "sync.apply");
        match store.apply_addressed(delta, audit).await {
            Ok(_) => m.ack().await.map_err(|e| anyhow::anyhow!("ack: {e}"))?,
            Err(StoreError::Conflict(e)) | Err(StoreError::Invalid(e)) => {
                tracing::error!(subject = %m.subject, error = %e, "record for this BCP cannot be applied; skipped");
                let _ = m.ack_with(AckKind::Term).await;
            }
            Err(e) => {
                let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(1)))).await;
                return Err(e.into());
            }
        }
    }
    Ok(n)
}

/// Apply this BCP's records forever, through cuts of the link.
pub async fn run(
    store: Arc<dyn SyncStore>,
    js: jetstream::Context,
    node: String,
    bcp: String,
    clock: Arc<dyn Clock>,
    options: SyncOptions,
) {
    loop {
        let consumer = match consumer(&js, &node, &bcp).await {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!(error = %format!("{e:#}"), "records for this BCP: waiting for the centre");
                tokio::time::sleep(options.retry_after).await;
                continue;
            }
        };
        loop {
            match apply_once(
                store.as_ref(),
                &consumer,
                clock.as_ref(),
                100,
                Duration::from_secs(1),
            )
            .await
            {
                Ok(_) => {}
                Err(e) => {
                    tracing::debug!(error = %format!("{e:#}"), "records for this BCP");
                    tokio::time::sleep(options.retry_after).await;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressed_rows_go_to_their_bcp_only() {
        assert_eq!(
            down_row_subject("pre_arrival_alert", "AIR1/h-1@3").unwrap(),
            "limes.to.AIR1.pre_arrival_alert"
        );
        assert_eq!(
            down_row_subject("watchlist", "un@4").unwrap(),
            "limes.down.watchlist"
        );
        assert!(down_row_subject("pre_arrival_alert", "h-1@3").is_err());
        let p = permissions("AIR1", "AIR1-a");
        assert!(p[0].ends_with("LIMES_TO.limes-node-AIR1-a-own.limes.to.AIR1.>"));
    }
}
