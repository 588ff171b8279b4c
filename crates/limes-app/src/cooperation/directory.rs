//! The liaison directory: counterparts by agency, BCP, country, rank, languages, hours and channels, with
//! postings, and the counterparts facing each BCP across the border.
use super::{from_body, to_body};
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App};
use limes_domain::cooperation::LiaisonContact;
use limes_store::{CooperationKind, CooperationRecord, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for DirectoryError {
    fn class(&self) -> ErrorClass {
        match self {
            DirectoryError::Invalid { field, .. } => invalid(field),
            DirectoryError::Store(e) => store_class(e),
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> DirectoryError {
    DirectoryError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Add a counterpart (or replace the one with the same id), audited.
pub async fn save_contact(
    app: &App,
    actor: Actor<'_>,
    contact: LiaisonContact,
) -> Result<LiaisonContact, DirectoryError> {
    let mut contact = contact;
    if contact.id.trim().is_empty() {
        contact.id = limes_store::new_id();
    }
    if contact.name.trim().is_empty() {
        return Err(bad("name", "a name is needed"));
    }
    if contact.agency.trim().is_empty() {
        return Err(bad("agency", "the counterpart's agency"));
    }
    contact.country = limes_countries::normalize_code(&contact.country)
        .map(str::to_string)
        .ok_or_else(|| bad("country", "an ISO 3166 country code"))?;
    let now = app.clock.now();
    let mut audit = actor.audit(now, "cooperation.directory");
    audit.subject = Some(format!("liaison_contact:{}", contact.id));
    let body = to_body(&contact)?;
    match app
        .store
        .cooperation_record(CooperationKind::LiaisonContact, &contact.id)
        .await?
    {
        Some(mut existing) => {
            existing.body = body;
            existing.version += 1;
            existing.updated_at = now;
            app.store.update_cooperation_record(existing, audit).await?;
        }
        None => {
            app.store
                .insert_cooperation_record(
                    CooperationRecord {
                        kind: CooperationKind::LiaisonContact,
                        id: contact.id.clone(),
                        reference: None,
                        source_key: None,
                        body,
                        sealed: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    },
                    audit,
                )
                .await?;
        }
    }
    Ok(contact)
}

/// The directory, by country then name; with `facing_bcp`, only the counterparts across from that BCP.
pub async fn contacts(
    app: &App,
    facing_bcp: Option<&str>,
) -> Result<Vec<LiaisonContact>, DirectoryError> {
    let mut all: Vec<LiaisonContact> = app
        .store
        .cooperation_records(CooperationKind::LiaisonContact, 2000)
        .await?
        .iter()
        .map(|r| from_body(&r.body).map_err(DirectoryError::from))
        .collect::<Result<_, _>>()?;
    if let Some(bcp) = facing_bcp {
        all.retain(|c| c.facing_bcp.as_deref() == Some(bcp));
    }
    all.sort_by(|a, b| (&a.country, &a.name).cmp(&(&b.country, &b.name)));
    Ok(all)
}
