//! A BCP node: relays its outbox up, applies the centre's list changes from its own durable consumer, and
//! sends heartbeats. Every task rides out a cut link: the outbox keeps what was not acknowledged, the durable
//! consumer keeps what was not applied.
use crate::relay::{Relay, Target};
use crate::{heartbeat_subject, SyncOptions, DOWN_STREAM};
use async_nats::jetstream::{self, consumer::pull, AckKind};
use futures::StreamExt;
use limes_domain::{AuditEvent, Clock};
use limes_store::sync::{DownDelta, Heartbeat, SyncIdentity, SyncStore};
use limes_store::StoreError;
use std::sync::Arc;
use std::time::Duration;

pub fn down_consumer_name(node: &str) -> String {
    format!("limes-node-{node}")
}

/// This node's durable consumer of [`DOWN_STREAM`], delivering from the message after `applied` (the last
/// stream sequence the node's database holds).
///
/// The consumer is made anew each time, starting from the database's own record of what it applied: a message
/// delivered but not acknowledged before (a crash, a failed write) would otherwise come back only after the ack
/// wait, behind later messages, and a node that applies in stream order would then skip it as already held.
pub async fn down_consumer(
    js: &jetstream::Context,
    node: &str,
    applied: u64,
) -> anyhow::Result<jetstream::consumer::PullConsumer> {
    let name = down_consumer_name(node);
    // No stream info: a BCP's account may only call the API of its own consumer.
    let stream = js
        .get_stream_no_info(DOWN_STREAM)
        .await
        .map_err(|e| anyhow::anyhow!("stream {DOWN_STREAM}: {e}"))?;
    // Not there (a new node) is fine; any other failure shows again at the creation below.
    let _ = stream.delete_consumer(&name).await;
    stream
        .create_consumer(pull::Config {
            durable_name: Some(name.clone()),
            description: Some(format!("Limes node {node}: list changes")),
            deliver_policy: jetstream::consumer::DeliverPolicy::ByStartSequence {
                start_sequence: applied + 1,
            },
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ack_wait: Duration::from_secs(60),
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("consumer {name}: {e}"))
}

/// The beginning of the problem a node reports while it cannot reach its downward consumer.
pub const STREAM_PROBLEM: &str = "cannot reach the centre's list changes";

/// What a node says while it cannot open its downward consumer, with what to check.
pub fn stream_problem(error: &str) -> String {
    let hint = if error.contains("stream not found") {
        "the stream LIMES_DOWN does not exist: is the centre running (`limes serve --role centre`) on the same \
         NATS hub, in JetStream domain limes?"
    } else if error.contains("no responders") || error.contains("timed out") {
        "no answer from JetStream: is the leaf node connected to the hub, and the hub's JetStream enabled?"
    } else if error.to_lowercase().contains("permission") {
        "NATS refused: this node's account may not use its consumer; regenerate the node's set-up with \
         `limes sync config --bcp CODE` at the centre"
    } else {
        "check the NATS link"
    };
    format!("{STREAM_PROBLEM}: {hint} ({error})")
}

/// Apply the next list changes (up to `max`, waiting at most `wait`); returns how many messages were handled.
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
        .map_err(|e| anyhow::anyhow!("fetching from {DOWN_STREAM}: {e}"))?;
    let mut n = 0;
    while let Some(m) = messages.next().await {
        let m = m.map_err(|e| anyhow::anyhow!("fetching from {DOWN_STREAM}: {e}"))?;
        let seq = m
            .info()
            .map_err(|e| anyhow::anyhow!("message without stream info: {e}"))?
            .stream_sequence;
        n += 1;
        let delta: DownDelta = match serde_json::from_slice(&m.payload) {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(seq, subject = %m.subject, error = %e, "unreadable list change skipped");
                let _ = m.ack_with(AckKind::Term).await;
                continue;
            }
        };
        let audit = AuditEvent::new(clock.now(), "sync:centre", "sync.apply");
        match store.apply_down(seq, delta, audit).await {
            Ok(_) => m.ack().await.map_err(|e| anyhow::anyhow!("ack: {e}"))?,
            Err(StoreError::Conflict(e)) | Err(StoreError::Invalid(e)) => {
                // The node keeps what it holds; the centre's status shows it behind until a resend repairs it.
                tracing::error!(seq, error = %e, "list change cannot be applied; skipped");
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

/// Apply list changes forever.
pub async fn run_down(
    store: Arc<dyn SyncStore>,
    js: jetstream::Context,
    node: String,
    clock: Arc<dyn Clock>,
    options: SyncOptions,
) {
    loop {
        let applied = match store.list_versions().await {
            Ok(v) => v.down_seq,
            Err(e) => {
                tracing::warn!(error = %e, "list changes: cannot read the version held");
                tokio::time::sleep(options.retry_after).await;
                continue;
            }
        };
        let consumer = match down_consumer(&js, &node, applied).await {
            Ok(c) => {
                options.health.clear_if(STREAM_PROBLEM);
                c
            }
            Err(e) => {
                options.health.report(stream_problem(&format!("{e:#}")));
                tracing::debug!(error = %format!("{e:#}"), "list changes: waiting for the centre");
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
                Ok(0) => {}
                Ok(_) => {
                    if let Some(changed) = &options.lists_changed {
                        changed.notify_one();
                    }
                }
                Err(e) => {
                    tracing::debug!(error = %format!("{e:#}"), "list changes");
                    tokio::time::sleep(options.retry_after).await;
                    break;
                }
            }
        }
    }
}

/// The heartbeat this node sends now.
pub async fn heartbeat(
    store: &dyn SyncStore,
    node: &str,
    bcp: &str,
    clock: &dyn Clock,
) -> anyhow::Result<Heartbeat> {
    Ok(Heartbeat {
        node: node.to_string(),
        bcp: bcp.to_string(),
        sent_at: clock.now(),
        backlog: store.outbox_backlog().await?,
        versions: store.list_versions().await?,
        link_problem: None,
    })
}

pub async fn run_heartbeat(
    store: Arc<dyn SyncStore>,
    client: async_nats::Client,
    node: String,
    bcp: String,
    clock: Arc<dyn Clock>,
    every: Duration,
    health: crate::access::LinkHealth,
) {
    let subject = heartbeat_subject(&bcp, &node);
    loop {
        // Only while connected: a heartbeat queued during a cut would tell the centre of a contact that was not.
        if client.connection_state() == async_nats::connection::State::Connected {
            // With what the node's own link reports (a refused consumer while heartbeats still pass).
            let beat = heartbeat(store.as_ref(), &node, &bcp, clock.as_ref())
                .await
                .map(|mut hb| {
                    hb.link_problem = health.problem();
                    hb
                });
            match beat {
                Ok(hb) => match serde_json::to_vec(&hb) {
                    Ok(body) => {
                        if let Err(e) = client.publish(subject.clone(), body.into()).await {
                            tracing::debug!(error = %e, "heartbeat not sent");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "heartbeat"),
                },
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "heartbeat"),
            }
        }
        tokio::time::sleep(every).await;
    }
}

/// Start a BCP node's sync: the outbox relay, the list changes and the heartbeat.
pub fn spawn(
    store: Arc<dyn SyncStore>,
    client: async_nats::Client,
    identity: &SyncIdentity,
    clock: Arc<dyn Clock>,
    options: SyncOptions,
) -> anyhow::Result<Vec<tokio::task::JoinHandle<()>>> {
    let Some(bcp) = identity.bcp.clone() else {
        anyhow::bail!("node {} has no BCP code", identity.node);
    };
    let js = crate::jetstream(client.clone());
    let relay = Relay {
        store: store.clone(),
        js: js.clone(),
        node: identity.node.clone(),
        target: Target::Up { bcp: bcp.clone() },
        options: options.clone(),
    };
    Ok(vec![
        tokio::spawn(relay.run()),
        tokio::spawn(run_down(
            store.clone(),
            js.clone(),
            identity.node.clone(),
            clock.clone(),
            options.clone(),
        )),
        tokio::spawn(crate::addressed::run(
            store.clone(),
            js.clone(),
            identity.node.clone(),
            bcp.clone(),
            clock.clone(),
            options.clone(),
        )),
        tokio::spawn(run_heartbeat(
            store,
            client,
            identity.node.clone(),
            bcp,
            clock,
            options.heartbeat,
            options.health.clone(),
        )),
    ])
}
