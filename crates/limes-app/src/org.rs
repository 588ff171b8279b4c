//! The organisation: agencies and border crossing points.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use limes_domain::{Agency, Bcp};
use limes_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error("code: 1-32 characters: A-Z, 0-9, '-' or '_'")]
    InvalidCode,
    #[error("name: is required")]
    NameRequired,
    #[error("agency: unknown agency '{0}'")]
    UnknownAgency(String),
    #[error("neighbour: '{0}' is not an ICAO state code")]
    UnknownNeighbour(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for OrgError {
    fn class(&self) -> ErrorClass {
        match self {
            OrgError::InvalidCode => invalid("code"),
            OrgError::NameRequired => invalid("name"),
            OrgError::UnknownAgency(_) => invalid("agency"),
            OrgError::UnknownNeighbour(_) => invalid("neighbour"),
            OrgError::Store(e) => store_class(e),
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn bcps(app: &App) -> Result<Vec<Bcp>, OrgError> {
    Ok(app.store.bcps().await?)
}

#[tracing::instrument(skip_all)]
pub async fn agencies(app: &App) -> Result<Vec<Agency>, OrgError> {
    Ok(app.store.agencies().await?)
}

/// Create or update a BCP (its code upper-cased); the BCP lookups of running checks see it at once.
#[tracing::instrument(skip_all, fields(bcp = %b.code))]
pub async fn save_bcp(app: &App, who: Actor<'_>, mut b: Bcp) -> Result<Bcp, OrgError> {
    b.code = b.code.trim().to_ascii_uppercase();
    if !limes_domain::org::valid_code(&b.code) {
        return Err(OrgError::InvalidCode);
    }
    if b.name.trim().is_empty() {
        return Err(OrgError::NameRequired);
    }
    if !app
        .store
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == b.agency)
    {
        return Err(OrgError::UnknownAgency(b.agency.clone()));
    }
    if let Some(n) = &b.neighbour {
        if limes_countries::by_icao(n).is_none() {
            return Err(OrgError::UnknownNeighbour(n.clone()));
        }
    }
    let mut e = who.audit(app.clock.now(), "bcp.upsert");
    e.subject = Some(format!("bcp:{}", b.code));
    e.detail = serde_json::to_string(&b).unwrap_or_default();
    app.store.upsert_bcp(&b, e).await?;
    app.lookups.bcps_changed();
    Ok(b)
}

/// Create or update an agency.
#[tracing::instrument(skip_all, fields(agency = %a.code))]
pub async fn save_agency(app: &App, who: Actor<'_>, a: Agency) -> Result<Agency, OrgError> {
    if !limes_domain::org::valid_code(&a.code) {
        return Err(OrgError::InvalidCode);
    }
    let mut e = who.audit(app.clock.now(), "agency.upsert");
    e.subject = Some(format!("agency:{}", a.code));
    app.store.upsert_agency(&a, e).await?;
    Ok(a)
}

/// Whether the organisation (agencies, BCPs, users, API tokens) is administered elsewhere: at a BCP node it comes
/// down from the national centre and the node's store refuses changes (`limes_store::sync::org`), so its admin
/// pages show `org-administered-centrally` instead of forms that would fail. A user's own language stays theirs.
pub async fn administered_centrally(app: &App) -> Result<bool, OrgError> {
    let Some(sync) = app.sync.as_ref() else {
        return Ok(false);
    };
    Ok(sync
        .sync_identity()
        .await?
        .is_some_and(|id| id.role == limes_store::sync::NodeRole::Bcp))
}
