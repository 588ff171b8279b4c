//! What the sync tests share: a JetStream hub with Limes' streams, ready to publish to and fetch from.
#![allow(dead_code, clippy::unwrap_used)]

use async_nats::jetstream::Context;
use limes_testkit::nats::{require_nats_server, NatsServer};
use std::path::Path;

/// A nats-server hub with JetStream in `dir`, Limes' streams created, and a JetStream context on it connected as
/// `client`; None (the test skips) without a nats-server binary, unless REQUIRE_NATS=1.
pub async fn hub_with_streams(dir: &Path, client: &str) -> Option<(NatsServer, Context)> {
    let bin = require_nats_server().unwrap()?;
    let hub = NatsServer::hub(&bin, &dir.join("hub")).unwrap();
    let client = limes_sync::connect(&hub.url(), client).await.unwrap();
    let js = limes_sync::jetstream(client);
    limes_sync::ensure_streams(&js).await.unwrap();
    Some((hub, js))
}
