//! The retention of advance passenger information: purge what is past it, keep what a confirmed hit needs.
use crate::App;
use limes_domain::audit::AuditEvent;
use limes_store::{PurgeReport, StoreError};

/// Delete advance passenger data past retention (kept where a hit was confirmed). Run by the scheduler.
#[tracing::instrument(skip_all)]
pub async fn purge(state: &App) -> Result<PurgeReport, StoreError> {
    let now = state.clock.now();
    let cutoff = (now - chrono::Duration::hours(state.config.api_retention_hours)).naive_utc();
    let mut audit = AuditEvent::new(now, "system", "api.purge");
    audit.purpose = Some("data protection: retention of advance passenger information".into());
    audit.detail = format!(
        "retention {} h after arrival: flights arrived before {cutoff}",
        state.config.api_retention_hours
    );
    let report = state.store.purge_api_data(cutoff, audit).await?;
    if report.travellers > 0 {
        tracing::info!(?report, "purged advance passenger data past retention");
    }
    Ok(report)
}
