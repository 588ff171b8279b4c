//! Goods declarations as the store keeps them: each lodged declaration with its Limes id, status, lane and the
//! agencies' decisions (one row, changed under optimistic concurrency by `revision`), every version of its
//! content (amendments and invalidation keep the history), the inspections selected at the BCP with their
//! results, and the analysts' selectivity rules with every version.
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::goods::{Declaration, DeclarationFunction};
pub use limes_domain::goods_flow::{
    AgencyDecision, GoodsStatus, InspectionResult, Lane, LaneReason, ReasonKind,
};
use serde::{Deserialize, Serialize};

use crate::StoreResult;

/// A lodged declaration as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredDeclaration {
    /// The Limes id (UUID v7).
    pub id: String,
    /// Who lodged it (the user id of the declarant's account or the officer at the form).
    pub lodged_by: String,
    /// The door it came through (`api`, `form`, `inbox`, `cli`).
    pub channel: String,
    /// The trader's reference: with `lodged_by`, unique (the same reference again is the same declaration).
    pub reference: String,
    /// The BCP it is for (a known BCP code), when the office named one.
    pub bcp: Option<String>,
    pub status: GoodsStatus,
    pub lane: Lane,
    pub lane_reasons: Vec<LaneReason>,
    /// The number of the current content version, from 1.
    pub version: u32,
    /// Counts every change of the row; an update must carry the stored revision plus one.
    pub revision: u32,
    pub declaration: Declaration,
    pub agencies: Vec<AgencyDecision>,
    pub lodged_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The parties as screened when the declaration was lodged (watchlists, previous finds, how the name is
    /// written): selectivity evidence for customs, never shown to the trader or another agency.
    #[serde(default)]
    pub parties_screened: Vec<PartyEvidence>,
}

/// One party of a declaration as screened at lodging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyEvidence {
    /// `declarant`, `exporter`, `importer`, `consignor` or `consignee`.
    pub role: String,
    pub id: Option<String>,
    pub name: Option<String>,
    /// Watchlist entries the name matched at or above the alert threshold.
    pub hits: Vec<PartyListHit>,
    /// Earlier declarations naming this party (by id or name) whose inspection found something.
    pub previous_finds: u32,
    /// How the name is written, when it hides something (hidden or look-alike characters, reversal).
    pub writing: Vec<String>,
}

/// A watchlist entry a party's name matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyListHit {
    pub list: String,
    pub entry_id: String,
    pub name: String,
    pub score: f64,
}

/// The key a party is known by in its history: an id or a name, trimmed and in upper case.
pub fn party_key(id_or_name: &str) -> String {
    id_or_name.trim().to_uppercase()
}

/// The keys of every party a declaration names (declarant, exporter, importer, consignor, consignee, carrier,
/// an item's consignee), by id and by name, each once.
pub fn party_keys(d: &Declaration) -> Vec<String> {
    let mut keys: Vec<String> = [
        &d.declarant,
        &d.exporter,
        &d.importer,
        &d.consignor,
        &d.consignee,
        &d.carrier,
    ]
    .into_iter()
    .flatten()
    .chain(d.items.iter().filter_map(|i| i.consignee.as_ref()))
    .flat_map(|p| [p.id.as_deref(), p.name.as_deref()])
    .flatten()
    .map(party_key)
    .filter(|k| !k.is_empty())
    .collect();
    keys.sort();
    keys.dedup();
    keys
}

impl StoredDeclaration {
    /// Whether agency `code` has a stake in this declaration.
    pub fn routed_to(&self, code: &str) -> bool {
        self.agencies.iter().any(|a| a.agency == code)
    }
}

/// One version of a declaration's content, as lodged, amended or invalidated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeclarationVersion {
    pub declaration_id: String,
    pub version: u32,
    pub function: DeclarationFunction,
    /// The reference of the message that made this version (the amendment's own, for an amendment).
    pub message_reference: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub declaration: Declaration,
}

/// A consignment selected for the officer at the BCP (red: the goods, yellow: the documents), and its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Inspection {
    pub id: String,
    pub declaration_id: String,
    pub bcp: Option<String>,
    pub lane: Lane,
    pub reasons: Vec<LaneReason>,
    pub created_at: DateTime<Utc>,
    pub result: Option<InspectionResult>,
}

/// Which declarations a listing reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeclarationFilter {
    /// Only these BCPs (empty: all).
    pub bcps: Vec<String>,
    /// Only declarations routed to this agency.
    pub agency: Option<String>,
    /// Only declarations lodged by this account.
    pub lodged_by: Option<String>,
    pub limit: usize,
}

/// One version of a selectivity rule as saved; the rule is the rules crate's goods-rule JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredGoodsRule {
    pub id: String,
    pub version: u32,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
    #[schema(value_type = Object)]
    pub rule: serde_json::Value,
}

/// How often a rule selected a declaration, how many of those were inspected, and how many inspections found
/// something: checks against detections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GoodsRuleStats {
    pub rule_id: String,
    pub selected: u64,
    pub inspected: u64,
    pub found: u64,
}

#[async_trait]
pub trait GoodsStore: Send + Sync + 'static {
    /// Store a newly lodged declaration, its first version and, when its lane needs one, its inspection, with
    /// the audit entry, in one transaction. `Conflict` when `lodged_by` already lodged `reference`.
    async fn lodge_declaration(
        &self,
        declaration: StoredDeclaration,
        first_version: DeclarationVersion,
        inspection: Option<Inspection>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// Replace the stored row with `updated` (whose `revision` must be the stored one plus one, else
    /// `Conflict`), adding `new_version` to the history when the content changed; with the audit entry.
    async fn update_declaration(
        &self,
        updated: StoredDeclaration,
        new_version: Option<DeclarationVersion>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    async fn declaration(&self, id: &str) -> StoreResult<Option<StoredDeclaration>>;
    /// The declaration `lodged_by` lodged under `reference`.
    async fn declaration_by_reference(
        &self,
        lodged_by: &str,
        reference: &str,
    ) -> StoreResult<Option<StoredDeclaration>>;
    /// Declarations matching the filter, newest first.
    async fn declarations(&self, filter: &DeclarationFilter)
        -> StoreResult<Vec<StoredDeclaration>>;
    /// How many declarations were ever lodged for `bcp` (for every-Nth selection).
    async fn declarations_at_bcp(&self, bcp: &str) -> StoreResult<u64>;
    /// Every version of a declaration's content, oldest first.
    async fn declaration_versions(&self, id: &str) -> StoreResult<Vec<DeclarationVersion>>;
    /// Inspections at these BCPs (empty: all), open ones only or all, oldest first.
    async fn inspections(&self, bcps: &[String], open_only: bool) -> StoreResult<Vec<Inspection>>;
    async fn inspection(&self, id: &str) -> StoreResult<Option<Inspection>>;
    /// The inspections of one declaration.
    async fn inspections_of(&self, declaration_id: &str) -> StoreResult<Vec<Inspection>>;
    /// Record the result of an open inspection (`Conflict` when it already has one), with the audit entry.
    async fn record_inspection_result(
        &self,
        id: &str,
        result: InspectionResult,
        audit: AuditEvent,
    ) -> StoreResult<Inspection>;
    /// Save a new version of a selectivity rule: `version` must be one more than the latest (1 for a new one).
    async fn save_goods_rule(&self, rule: StoredGoodsRule, audit: AuditEvent) -> StoreResult<()>;
    /// The latest version of every selectivity rule.
    async fn goods_rules(&self) -> StoreResult<Vec<StoredGoodsRule>>;
    /// Every version of one rule, newest first.
    async fn goods_rule_versions(&self, id: &str) -> StoreResult<Vec<StoredGoodsRule>>;
    /// Per rule: declarations it selected, of those inspected, of those with a find.
    async fn goods_rule_stats(&self) -> StoreResult<Vec<GoodsRuleStats>>;
    /// Per party key (see [`party_key`]) among `keys`: how many declarations naming it had an inspection that
    /// found something. Keys with none are left out.
    async fn party_finds(
        &self,
        keys: &[String],
    ) -> StoreResult<std::collections::HashMap<String, u32>>;
}

/// A declaration as it stands at the BCP node that lodged it (lane, reasons, the agencies' decisions taken
/// there), sent up whole after each change and kept at the centre at its newest version.
pub struct GoodsDeclarations;

impl crate::sync::RecordKind for GoodsDeclarations {
    const KIND: &'static str = "goods_declaration";
    type Record = StoredDeclaration;
    fn key(record: &StoredDeclaration) -> String {
        record.id.clone()
    }
}

/// An inspection selected at a BCP node, sent up when selected and again with its result.
pub struct GoodsInspections;

impl crate::sync::RecordKind for GoodsInspections {
    const KIND: &'static str = "goods_inspection";
    type Record = Inspection;
    fn key(record: &Inspection) -> String {
        record.id.clone()
    }
}

/// The latest version of each selectivity rule, sent down from the centre when saved: a BCP node selects with
/// the rules it last received, also while its link is cut.
pub struct GoodsRules;

impl crate::sync::RecordKind for GoodsRules {
    const KIND: &'static str = "goods_rule";
    type Record = StoredGoodsRule;
    fn key(record: &StoredGoodsRule) -> String {
        record.id.clone()
    }
}
