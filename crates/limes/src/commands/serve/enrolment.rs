//! A node being enrolled serves once the organisation has come down from the centre: its BCP and at least one
//! user (the lists follow in the same stream, in order).
use std::time::Duration;

/// How long a new node waits for its BCP and users to arrive.
const ORGANISATION_PATIENCE: Duration = Duration::from_secs(300);

/// Wait until the node's database knows its BCP and a user; an error that says what to check otherwise.
pub async fn await_organisation(store: &dyn limes_store::Store, bcp: &str) -> anyhow::Result<()> {
    let started = tokio::time::Instant::now();
    loop {
        if store.bcp(bcp).await?.is_some() && !store.users().await?.is_empty() {
            tracing::info!(bcp, "the organisation has arrived from the centre");
            return Ok(());
        }
        if started.elapsed() >= ORGANISATION_PATIENCE {
            anyhow::bail!(
                "enrolled, but BCP '{bcp}' and its users have not arrived from the centre within {} s: check the \
                 link (`/healthz`) and `limes sync status` at the centre, then start the node again without --enrol",
                ORGANISATION_PATIENCE.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
