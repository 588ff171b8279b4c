//! The parties of a declaration screened at lodging: the declarant, exporter, importer, consignor and consignee
//! names against every watchlist (the screener in `App`, through the sanitising step every name passes, on the
//! blocking pool), each party's history (earlier declarations naming it whose inspection found something), and
//! how the name is written. The result is kept with the declaration as evidence for the officer and fills the
//! selection context (`previous_finds` and `watchlist_hit` rules).
use super::GoodsError;
use crate::App;
use limes_domain::goods::{Declaration, Party};
use limes_rules::goods::GoodsContext;
use limes_screen::{Matcher, Query};
use limes_store::{party_key, party_keys, PartyEvidence, PartyListHit};
use std::collections::HashMap;

/// The roles of the parties screened by name.
const SCREENED_ROLES: [&str; 5] = [
    "declarant",
    "exporter",
    "importer",
    "consignor",
    "consignee",
];

fn screened_parties(d: &Declaration) -> Vec<(&'static str, &Party)> {
    SCREENED_ROLES
        .into_iter()
        .zip([
            &d.declarant,
            &d.exporter,
            &d.importer,
            &d.consignor,
            &d.consignee,
        ])
        .filter_map(|(role, p)| p.as_ref().map(|p| (role, p)))
        .collect()
}

/// What screening the parties found: the evidence kept with the declaration, and the selection context's
/// share of it.
pub struct ScreenedParties {
    pub evidence: Vec<PartyEvidence>,
    pub party_finds: HashMap<String, u32>,
    pub listed_parties: HashMap<String, String>,
}

impl ScreenedParties {
    /// The selection context with this evidence.
    pub fn context(&self, app: &App) -> GoodsContext {
        GoodsContext {
            value_norms: app.config.goods.value_norms.clone(),
            party_finds: self.party_finds.clone(),
            listed_parties: self.listed_parties.clone(),
        }
    }
}

/// Screen the declaration's parties.
pub async fn screen_parties(app: &App, d: &Declaration) -> Result<ScreenedParties, GoodsError> {
    let party_finds = app.store.party_finds(&party_keys(d)).await?;
    let parties: Vec<(&'static str, Party)> = screened_parties(d)
        .into_iter()
        .map(|(role, p)| (role, p.clone()))
        .collect();
    let names: Vec<String> = parties
        .iter()
        .map(|(_, p)| p.name.clone().unwrap_or_default())
        .collect();
    let threshold = app.alert_threshold();
    let screener = app.screener.clone();
    // Screening is CPU work: on the blocking pool.
    let hits = tokio::task::spawn_blocking(move || {
        names
            .iter()
            .map(|name| {
                if name.trim().is_empty() {
                    return Vec::new();
                }
                let query = Query {
                    name: name.clone(),
                    ..Query::default()
                };
                screener.screen(&query, threshold, 5)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| GoodsError::Store(limes_store::StoreError::Backend(format!("screening: {e}"))))?;
    let mut listed_parties = HashMap::new();
    let evidence = parties
        .into_iter()
        .zip(hits)
        .map(|((role, party), hits)| {
            let hits: Vec<PartyListHit> = hits
                .into_iter()
                .map(|h| PartyListHit {
                    list: h.list,
                    entry_id: h.entry_id,
                    name: h.name,
                    score: h.score,
                })
                .collect();
            let keys: Vec<String> = [party.id.as_deref(), party.name.as_deref()]
                .into_iter()
                .flatten()
                .map(party_key)
                .filter(|k| !k.is_empty())
                .collect();
            if let Some(first) = hits.first() {
                for k in &keys {
                    listed_parties.insert(k.clone(), first.list.clone());
                }
            }
            let previous_finds = keys
                .iter()
                .filter_map(|k| party_finds.get(k))
                .copied()
                .max()
                .unwrap_or(0);
            let writing = party
                .name
                .as_deref()
                .map(|n| crate::name_writing::writing_problems(&[(role, n)]))
                .unwrap_or_default();
            PartyEvidence {
                role: role.to_string(),
                id: party.id,
                name: party.name,
                hits,
                previous_finds,
                writing,
            }
        })
        .collect();
    Ok(ScreenedParties {
        evidence,
        party_finds,
        listed_parties,
    })
}

/// The selection context for a preview over past declarations: their parties' finds as they stand now, and
/// the watchlist hits found when each was lodged.
pub async fn context_of_past(
    app: &App,
    past: &[limes_store::StoredDeclaration],
) -> Result<GoodsContext, GoodsError> {
    let mut keys: Vec<String> = past
        .iter()
        .flat_map(|d| party_keys(&d.declaration))
        .collect();
    keys.sort();
    keys.dedup();
    let party_finds = app.store.party_finds(&keys).await?;
    let mut listed_parties = HashMap::new();
    for e in past.iter().flat_map(|d| &d.parties_screened) {
        if let Some(hit) = e.hits.first() {
            for k in [e.id.as_deref(), e.name.as_deref()].into_iter().flatten() {
                listed_parties.insert(party_key(k), hit.list.clone());
            }
        }
    }
    Ok(GoodsContext {
        value_norms: app.config.goods.value_norms.clone(),
        party_finds,
        listed_parties,
    })
}
