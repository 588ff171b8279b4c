//! Every kind of record that travels between the BCP nodes and the centre, in one list. The outbox, the relay
//! and the stream subjects take any kind by its name; the centre's ingest, a node's apply of reference data and
//! the status read this list to know a kind and where it is kept. A record of a kind not listed here is refused.
//!
//! To make a domain's records travel, add one line to [`KINDS`] (see [`super::kinds`]).
use super::kind;
use super::kinds::{
    AuditCheckpoints, AuditEntries, Crossings, Flow, PreArrivalAlerts, Storage, SyncedKind,
};
use super::org;
use crate::{StoreError, StoreResult};
use std::sync::{PoisonError, RwLock};

/// The declared kinds.
pub const KINDS: &[SyncedKind] = &[
    // Up: what happened at the border.
    SyncedKind::up_own::<Crossings>("crossings with their decisions"),
    SyncedKind::up_own::<AuditEntries>("each node's audit chain"),
    SyncedKind::up::<AuditCheckpoints>("each node's signed audit checkpoints"),
    SyncedKind::up::<crate::vehicles::VehicleCrossings>("vehicle crossings at land BCPs"),
    SyncedKind::up::<crate::salw::SalwImpoundments>("arms impoundments with inventory and custody"),
    SyncedKind::up::<crate::salw::SalwCustody>("custody hand-overs of impounded arms"),
    SyncedKind::up::<crate::surveillance::Incidents>("incidents on the green and blue border"),
    SyncedKind::up::<crate::surveillance::Patrols>("patrols with their tracks"),
    SyncedKind::up::<crate::goods::GoodsDeclarations>(
        "goods declarations with their lanes and decisions",
    ),
    SyncedKind::up::<crate::goods::GoodsInspections>("goods inspections with their results"),
    SyncedKind::up::<crate::seizures::Seizures>("seizure records, with small photographs"),
    SyncedKind::up::<crate::firearms::TraceRequests>("firearm trace requests (ISACS 05.31)"),
    // Down: the national lists, as versioned deltas.
    SyncedKind::down_delta(kind::WATCHLIST, "watchlists"),
    SyncedKind::down_delta(kind::DOCUMENTS, "the document-alert register"),
    SyncedKind::down_delta(kind::RULE, "targeting rules"),
    SyncedKind::down_delta(kind::STOLEN_VEHICLES, "the stolen-vehicle register"),
    SyncedKind::down::<crate::salw::SalwIssuers>(
        "issuing authorities of arms transfer authorisations",
    ),
    SyncedKind::down::<crate::salw::SalwAuthorisations>("arms transfer authorisations"),
    SyncedKind::down::<crate::goods::GoodsRules>("goods selectivity rules"),
    SyncedKind::down_delta(kind::FIREARMS, "the firearm register"),
    // Down: the organisation, applied into each node's own tables (see `super::org`), in apply order.
    SyncedKind::down::<org::Agencies>("agencies"),
    SyncedKind::down::<org::Bcps>("border crossing points"),
    SyncedKind::down::<org::Users>("users with their roles, BCPs and password hashes"),
    SyncedKind::down::<org::ApiTokens>("API tokens' hashes with expiry and revocation"),
    SyncedKind::down::<crate::surveillance::BorderSections>("border sections"),
    // Down to one BCP each (need-to-know).
    SyncedKind::down_to_bcp::<PreArrivalAlerts>("confirmed pre-arrival hits, to the arrival BCP"),
];

/// Kinds declared at run time, outside this crate (a test's own kind).
static DECLARED: RwLock<Vec<SyncedKind>> = RwLock::new(Vec::new());

/// The declaration of a kind, if it is declared.
pub fn find(kind: &str) -> Option<SyncedKind> {
    if let Some(k) = KINDS.iter().find(|k| k.kind == kind) {
        return Some(*k);
    }
    DECLARED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|k| k.kind == kind)
        .copied()
}

/// Every declared kind.
pub fn all() -> Vec<SyncedKind> {
    let mut kinds = KINDS.to_vec();
    kinds.extend(
        DECLARED
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .copied(),
    );
    kinds
}

/// Declare a kind at run time (for a kind defined outside this crate, such as a test's). Declaring the same
/// kind again is nothing; another declaration under a declared name is refused.
pub fn declare(kind: SyncedKind) -> StoreResult<()> {
    super::check_token("record kind", kind.kind)?;
    let mut declared = DECLARED.write().unwrap_or_else(PoisonError::into_inner);
    match KINDS
        .iter()
        .chain(declared.iter())
        .find(|k| k.kind == kind.kind)
    {
        Some(k) if k.same_as(&kind) => Ok(()),
        Some(k) => Err(StoreError::Conflict(format!(
            "record kind '{}' is declared already ({:?}, {:?})",
            k.kind, k.flow, k.storage
        ))),
        None => {
            declared.push(kind);
            Ok(())
        }
    }
}

/// The declaration of a kind that must go `flow` and be kept in the generic table; an error that names it
/// otherwise.
pub fn generic(kind: &str, flow: Flow) -> StoreResult<SyncedKind> {
    match find(kind) {
        Some(k) if k.flow == flow && k.storage == Storage::Generic => Ok(k),
        Some(k) => Err(StoreError::Invalid(format!(
            "record kind '{kind}' goes {:?} and is kept {:?}, not {flow:?} in the generic table",
            k.flow, k.storage
        ))),
        None => Err(StoreError::Invalid(format!(
            "unknown record kind '{kind}' (not in limes_store::sync::registry)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_a_subject_token_and_declared_once() {
        for k in KINDS {
            super::super::check_token("record kind", k.kind).unwrap();
            assert_eq!(
                KINDS.iter().filter(|o| o.kind == k.kind).count(),
                1,
                "{}",
                k.kind
            );
        }
        assert_eq!(find(kind::CROSSING).map(|k| k.storage), Some(Storage::Own));
        assert!(find("gossip").is_none());
        // A declared name cannot be taken by another declaration.
        let clash = SyncedKind::up::<Crossings>("crossings kept generically");
        assert!(matches!(declare(clash), Err(StoreError::Conflict(_))));
        assert!(declare(KINDS[0]).is_ok());
        assert!(matches!(
            generic(kind::CROSSING, Flow::Up),
            Err(StoreError::Invalid(m)) if m.contains("kept Own")
        ));
    }

    #[test]
    fn an_addressed_kind_names_its_bcp_in_every_key() {
        let alerts = find("pre_arrival_alert").unwrap();
        assert!(alerts.addressed && alerts.flow == Flow::Down);
        assert_eq!(alerts.addressee("AIR1/h-1"), Some(Ok("AIR1")));
        // As the outbox keys it, with the version.
        assert_eq!(alerts.addressee("AIR1/h-1@3"), Some(Ok("AIR1")));
        for bad in ["h-1", "/h-1", "AIR1/", "AIR.1/h-1"] {
            assert!(matches!(alerts.addressee(bad), Some(Err(_))), "{bad}");
        }
        // Every other kind goes to every node.
        assert!(KINDS
            .iter()
            .filter(|k| k.kind != "pre_arrival_alert")
            .all(|k| k.addressee("AIR1/x").is_none()));
        // An addressed declaration is another declaration than a broadcast one of the same kind.
        let broadcast = SyncedKind::down::<super::super::kinds::PreArrivalAlerts>("to every node");
        assert!(matches!(declare(broadcast), Err(StoreError::Conflict(_))));
    }
}
