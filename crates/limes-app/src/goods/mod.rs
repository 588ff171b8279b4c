//! Goods at the border (issue 14): the single window and selectivity. `intake` lodges declarations (any door:
//! the JSON API, and the WCO/EDIFACT readers once wired) — routed to every agency with a stake, given a lane,
//! amended and invalidated with their history, never stored twice; `decisions` records each agency's decision
//! and reads a declaration within the reader's need-to-know; `inspections` serves the officer's queue and the
//! result form; `rules` the analysts' selectivity rules with the expected rates and each rule's hit rate,
//! `rule_form` their editor's form; `parties` screens the parties; `inbox` takes in the files brokers drop.
pub mod decisions;
pub mod error;
pub mod inbox;
pub mod inspections;
pub mod intake;
pub mod parties;
pub mod rule_form;
pub mod rules;

pub use error::GoodsError;

use limes_domain::goods_flow::RoutingTable;
use limes_rules::goods::SelectivityPolicy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[goods]` in the configuration: who has a stake in what, the selectivity policy, the value norms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GoodsConfig {
    /// Customs, and the other agencies by commodity-code prefix and procedure (`[goods.routing]`).
    pub routing: RoutingTable,
    /// The minimum random rates, every-Nth per BCP, total inspection orders (`[goods.selectivity]`).
    pub selectivity: SelectivityPolicy,
    /// The usual declared value per kg for commodity-code prefixes, for `value_below_norm` rules.
    pub value_norms: BTreeMap<String, f64>,
    /// The directory brokers drop declaration files in (`LIMES_GOODS_INBOX_DIR`); none: no inbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox_dir: Option<String>,
}

/// Where the seizure record (built by the small-arms and seizures work) opens from an inspection that found
/// something: the page takes the inspection id. Until that record exists the link leads to its placeholder.
pub const SEIZURE_FROM_INSPECTION: &str = "/seizures/new?inspection=";
