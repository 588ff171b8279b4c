//! NATS for the sync tests: the local `nats-server` launcher of `limes-sync` (the one `limes bench sync` uses),
//! and the rule that decides whether a test without a server is skipped or fails.
use std::path::PathBuf;

pub use limes_sync::local_nats::{free_port, nats_server_binary, NatsServer};

/// The binary, or `None` to skip a test — unless `REQUIRE_NATS=1`, which makes a missing server an error.
pub fn require_nats_server() -> anyhow::Result<Option<PathBuf>> {
    match nats_server_binary() {
        Some(p) => Ok(Some(p)),
        None if std::env::var("REQUIRE_NATS").is_ok_and(|v| v == "1") => anyhow::bail!(
            "REQUIRE_NATS=1 but nats-server is not installed (apt-get install nats-server, or set NATS_SERVER)"
        ),
        None => {
            eprintln!("nats-server not found: skipping (set REQUIRE_NATS=1 to fail instead)");
            Ok(None)
        }
    }
}
