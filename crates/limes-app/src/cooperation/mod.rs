//! Cooperation (issue 18): the community hotline and the integrity channel with sealed reporters
//! ([`hotline`], [`seal`]), exchange agreements and the check of every item against them ([`agreements`]),
//! requests for assistance and hot-pursuit / observation notifications ([`requests`]), early warnings and
//! alerts with their escalation ([`alerts`]), the liaison directory ([`directory`]). Records are kept through `limes_store::CooperationStore`.
pub mod agreements;
pub mod alerts;
pub mod directory;
pub mod hotline;
pub mod requests;
pub mod seal;

use limes_store::StoreError;

/// A record as the JSON body the store keeps.
pub(crate) fn to_body<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

/// A stored JSON body read back.
pub(crate) fn from_body<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::Backend(format!("stored json: {e}")))
}
