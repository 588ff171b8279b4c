//! The life of a lodged goods declaration at the single window: the agencies it is routed to (customs always,
//! others by commodity code and procedure), each agency's own decision, the one status and answer the trader
//! sees, the selectivity lane, and the inspection result that comes back from the BCP. Pure rules, no I/O.
use crate::goods::{Declaration, DeclarationFunction};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The selectivity lane (ASYCUDA's colours): what customs does with the consignment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    /// Released without inspection.
    Green,
    /// Released now, checked later in a post-clearance audit.
    Blue,
    /// The documents are examined.
    Yellow,
    /// The goods are physically inspected.
    Red,
}

impl Lane {
    pub const ALL: [Lane; 4] = [Lane::Red, Lane::Yellow, Lane::Green, Lane::Blue];

    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Green => "green",
            Lane::Blue => "blue",
            Lane::Yellow => "yellow",
            Lane::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Lane> {
        Lane::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Whether the lane needs an officer at the BCP (documents or goods) before release.
    pub fn needs_inspection(self) -> bool {
        matches!(self, Lane::Red | Lane::Yellow)
    }
}

/// What put a declaration in its lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// An analyst's selectivity rule matched.
    Rule,
    /// The minimum random rate of the lane drew it.
    Random,
    /// The every-Nth count of its BCP.
    EveryNth,
    /// A total-inspection order for a commodity code or a party.
    Total,
}

impl ReasonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Rule => "rule",
            ReasonKind::Random => "random",
            ReasonKind::EveryNth => "every_nth",
            ReasonKind::Total => "total",
        }
    }
}

/// Why a declaration is in its lane: a rule that matched (with what it saw), the random draw, the every-Nth
/// count, a total inspection order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LaneReason {
    pub kind: ReasonKind,
    pub rule_id: Option<String>,
    pub rule_version: Option<u32>,
    pub lane: Lane,
    pub weight: u32,
    /// What the rule saw, in words.
    pub detail: String,
}

/// One agency's decision on a declaration routed to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Not decided yet.
    Pending,
    Released,
    Held,
    Refused,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pending => "pending",
            Verdict::Released => "released",
            Verdict::Held => "held",
            Verdict::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        [
            Verdict::Pending,
            Verdict::Released,
            Verdict::Held,
            Verdict::Refused,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// An agency with a stake in a declaration, why it has one, and what it decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgencyDecision {
    /// The agency's code (as in the organisation's agencies).
    pub agency: String,
    /// Why the declaration was routed to it (the routing entry that matched).
    pub because: String,
    pub verdict: Verdict,
    /// Why it held or refused (required then).
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The one status the trader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoodsStatus {
    /// Lodged; at least one agency has not decided.
    UnderReview,
    /// Some agency holds the goods.
    Held,
    /// Every agency released the goods.
    Released,
    /// Some agency refused the goods.
    Refused,
    /// The declarant asked for it to be invalidated.
    Invalidated,
}

impl GoodsStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoodsStatus::UnderReview => "under_review",
            GoodsStatus::Held => "held",
            GoodsStatus::Released => "released",
            GoodsStatus::Refused => "refused",
            GoodsStatus::Invalidated => "invalidated",
        }
    }

    pub fn parse(s: &str) -> Option<GoodsStatus> {
        [
            GoodsStatus::UnderReview,
            GoodsStatus::Held,
            GoodsStatus::Released,
            GoodsStatus::Refused,
            GoodsStatus::Invalidated,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Whether nothing more may change (no amendment, no decision).
    pub fn is_final(self) -> bool {
        matches!(self, GoodsStatus::Refused | GoodsStatus::Invalidated)
    }
}

/// The one status from every agency's decision: refused when any refused, held when any holds, released only
/// when every agency released, else under review.
pub fn overall_status(decisions: &[AgencyDecision]) -> GoodsStatus {
    if decisions.iter().any(|d| d.verdict == Verdict::Refused) {
        GoodsStatus::Refused
    } else if decisions.iter().any(|d| d.verdict == Verdict::Held) {
        GoodsStatus::Held
    } else if !decisions.is_empty() && decisions.iter().all(|d| d.verdict == Verdict::Released) {
        GoodsStatus::Released
    } else {
        GoodsStatus::UnderReview
    }
}

/// The one answer the trader reads: the status and, when held or refused, each agency's reason.
pub fn trader_answer(status: GoodsStatus, decisions: &[AgencyDecision]) -> String {
    let reasons: Vec<String> = decisions
        .iter()
        .filter(|d| matches!(d.verdict, Verdict::Held | Verdict::Refused))
        .map(|d| {
            format!(
                "{} {}: {}",
                d.agency,
                d.verdict.as_str(),
                d.reason.as_deref().unwrap_or("")
            )
        })
        .collect();
    match status {
        GoodsStatus::Released => "released: the goods may go".into(),
        GoodsStatus::UnderReview => {
            let waiting: Vec<&str> = decisions
                .iter()
                .filter(|d| d.verdict == Verdict::Pending)
                .map(|d| d.agency.as_str())
                .collect();
            format!("under review by {}", waiting.join(", "))
        }
        GoodsStatus::Invalidated => "invalidated at the declarant's request".into(),
        GoodsStatus::Held | GoodsStatus::Refused => {
            format!("{}: {}", status.as_str(), reasons.join("; "))
        }
    }
}

/// Why an agency's decision cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionRejected {
    #[error("the declaration is not routed to agency {0}")]
    NotRouted(String),
    #[error("a hold or a refusal needs a reason")]
    ReasonRequired,
    #[error("the declaration is {0}: nothing more may be decided")]
    Closed(&'static str),
    #[error("agency {0} has already {1} the goods")]
    AlreadyFinal(String, &'static str),
    #[error("a decision is release, hold or refuse")]
    PendingIsNoDecision,
}

/// Record `agency`'s verdict in `decisions`: a hold or refusal needs a reason; a release or refusal is final for
/// that agency, a hold may be lifted. Returns the new overall status.
pub fn record_decision(
    decisions: &mut [AgencyDecision],
    current: GoodsStatus,
    agency: &str,
    verdict: Verdict,
    reason: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<GoodsStatus, DecisionRejected> {
    if current.is_final() {
        return Err(DecisionRejected::Closed(current.as_str()));
    }
    if verdict == Verdict::Pending {
        return Err(DecisionRejected::PendingIsNoDecision);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if matches!(verdict, Verdict::Held | Verdict::Refused) && reason.is_none() {
        return Err(DecisionRejected::ReasonRequired);
    }
    let decision = decisions
        .iter_mut()
        .find(|d| d.agency == agency)
        .ok_or_else(|| DecisionRejected::NotRouted(agency.to_string()))?;
    if matches!(decision.verdict, Verdict::Released | Verdict::Refused) {
        return Err(DecisionRejected::AlreadyFinal(
            agency.to_string(),
            decision.verdict.as_str(),
        ));
    }
    decision.verdict = verdict;
    decision.reason = reason.map(str::to_string);
    decision.decided_by = Some(by.to_string());
    decision.decided_at = Some(at);
    Ok(overall_status(decisions))
}

/// One line of the routing table: the agency that has a stake in items whose commodity code starts with one of
/// `hs_prefixes` or whose procedure starts with one of `procedures`. An entry with neither takes everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingEntry {
    pub agency: String,
    #[serde(default)]
    pub hs_prefixes: Vec<String>,
    #[serde(default)]
    pub procedures: Vec<String>,
}

/// Which agencies have a stake in a declaration: customs always, then every entry that matches an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingTable {
    /// The customs administration's agency code: every declaration goes to it.
    pub customs: String,
    pub entries: Vec<RoutingEntry>,
}

impl Default for RoutingTable {
    /// Customs, and the small-arms authority for arms and ammunition (HS chapter 93); veterinary,
    /// phytosanitary, health and standards bodies are added per installation.
    fn default() -> Self {
        RoutingTable {
            customs: "CUSTOMS".into(),
            entries: vec![RoutingEntry {
                agency: "SALW".into(),
                hs_prefixes: vec!["93".into()],
                procedures: Vec::new(),
            }],
        }
    }
}

impl RoutingTable {
    /// The agencies with a stake in `declaration`, customs first, each once, each with why, all pending.
    pub fn route(&self, declaration: &Declaration) -> Vec<AgencyDecision> {
        let pending = |agency: &str, because: String| AgencyDecision {
            agency: agency.to_string(),
            because,
            verdict: Verdict::Pending,
            reason: None,
            decided_by: None,
            decided_at: None,
        };
        let mut routed = vec![pending(&self.customs, "every declaration".into())];
        for entry in &self.entries {
            if routed.iter().any(|d| d.agency == entry.agency) {
                continue;
            }
            let why = declaration.items.iter().find_map(|item| {
                let code = item.commodity_code.as_deref().unwrap_or("");
                let procedure = item.procedure.as_deref().unwrap_or("");
                if let Some(p) = entry
                    .hs_prefixes
                    .iter()
                    .find(|p| !code.is_empty() && code.starts_with(p.as_str()))
                {
                    return Some(format!(
                        "item {}: commodity code {code} under {p}",
                        item.sequence
                    ));
                }
                if let Some(p) = entry
                    .procedures
                    .iter()
                    .find(|p| !procedure.is_empty() && procedure.starts_with(p.as_str()))
                {
                    return Some(format!(
                        "item {}: procedure {procedure} under {p}",
                        item.sequence
                    ));
                }
                (entry.hs_prefixes.is_empty() && entry.procedures.is_empty())
                    .then(|| "every declaration".to_string())
            });
            if let Some(because) = why {
                routed.push(pending(&entry.agency, because));
            }
        }
        routed
    }
}

/// Apply an amendment's declaration to the lodged one: the amendment carries the declaration as it now stands
/// (the formats send the changed data in full records); the original's parties and items are kept where the
/// amendment leaves them out. The reference stays the original's.
pub fn apply_amendment(current: &Declaration, amendment: &Declaration) -> Declaration {
    let mut next = amendment.clone();
    next.function = DeclarationFunction::Original;
    next.reference = current.reference.clone();
    next.amends = None;
    macro_rules! keep {
        ($($field:ident),*) => {$(
            if next.$field.is_none() {
                next.$field = current.$field.clone();
            }
        )*};
    }
    keep!(
        declarant,
        exporter,
        importer,
        consignor,
        consignee,
        carrier,
        export_country,
        destination_country,
        office
    );
    if next.items.is_empty() {
        next.items = current.items.clone();
        next.totals = current.totals.clone();
    }
    if next.containers.is_empty() {
        next.containers = current.containers.clone();
    }
    if next.routing_countries.is_empty() {
        next.routing_countries = current.routing_countries.clone();
    }
    if next.declaration_type.is_empty() || next.declaration_type == "COR" {
        next.declaration_type = current.declaration_type.clone();
    }
    next
}

/// What the officer found at an inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct InspectionResult {
    /// Whether anything was found (undeclared, prohibited or misdeclared goods).
    pub found: bool,
    /// What was found.
    pub what: Option<String>,
    /// Where in the consignment (container, compartment, item).
    pub location: Option<String>,
    pub note: Option<String>,
    /// Seals verified intact on every container.
    pub seals_intact: Option<bool>,
    pub inspected_by: String,
    pub inspected_at: DateTime<Utc>,
}

/// Why an inspection result is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectionRejected {
    #[error("what: a find must say what was found")]
    FindWithoutWhat,
    #[error("location: a find must say where it was found")]
    FindWithoutLocation,
}

/// A find must say what and where; a nil result may say neither.
pub fn check_inspection_result(result: &InspectionResult) -> Result<(), InspectionRejected> {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").is_empty();
    if result.found && blank(&result.what) {
        return Err(InspectionRejected::FindWithoutWhat);
    }
    if result.found && blank(&result.location) {
        return Err(InspectionRejected::FindWithoutLocation);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goods::{DeclarationFormat, GoodsItem};

    fn declaration(codes: &[&str]) -> Declaration {
        let mut d = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "LRN-1".into(),
        );
        d.items = codes
            .iter()
            .enumerate()
            .map(|(i, c)| GoodsItem {
                sequence: i as u32 + 1,
                commodity_code: Some(c.to_string()),
                procedure: Some("4000".into()),
                ..GoodsItem::default()
            })
            .collect();
        d
    }

    fn table() -> RoutingTable {
        RoutingTable {
            customs: "UCA".into(),
            entries: vec![
                RoutingEntry {
                    agency: "SALW".into(),
                    hs_prefixes: vec!["93".into()],
                    procedures: vec![],
                },
                RoutingEntry {
                    agency: "VET".into(),
                    hs_prefixes: vec!["01".into(), "02".into(), "0407".into()],
                    procedures: vec![],
                },
                RoutingEntry {
                    agency: "TRANSIT".into(),
                    hs_prefixes: vec![],
                    procedures: vec!["80".into()],
                },
            ],
        }
    }

    #[test]
    fn customs_always_and_each_agency_by_its_codes() {
        let routed = table().route(&declaration(&["930200", "020130", "847130"]));
        let agencies: Vec<&str> = routed.iter().map(|d| d.agency.as_str()).collect();
        assert_eq!(agencies, ["UCA", "SALW", "VET"]);
        assert!(
            routed[1].because.contains("930200"),
            "{}",
            routed[1].because
        );
        assert!(routed.iter().all(|d| d.verdict == Verdict::Pending));
        let plain = table().route(&declaration(&["847130"]));
        assert_eq!(plain.len(), 1);
        let mut transit = declaration(&["847130"]);
        transit.items[0].procedure = Some("8000".into());
        assert_eq!(table().route(&transit)[1].agency, "TRANSIT");
    }

    #[test]
    fn released_only_when_every_agency_released() {
        let mut decisions = table().route(&declaration(&["930200"]));
        let at = DateTime::UNIX_EPOCH;
        let s = record_decision(
            &mut decisions,
            GoodsStatus::UnderReview,
            "UCA",
            Verdict::Released,
            None,
            "c1",
            at,
        )
        .unwrap();
        assert_eq!(s, GoodsStatus::UnderReview);
        assert!(trader_answer(s, &decisions).contains("SALW"));
        let s = record_decision(
            &mut decisions,
            s,
            "SALW",
            Verdict::Held,
            Some("licence?"),
            "a1",
            at,
        )
        .unwrap();
        assert_eq!(s, GoodsStatus::Held);
        assert!(trader_answer(s, &decisions).contains("licence?"));
        let s =
            record_decision(&mut decisions, s, "SALW", Verdict::Released, None, "a1", at).unwrap();
        assert_eq!(s, GoodsStatus::Released);
    }

    #[test]
    fn decisions_that_cannot_be_recorded() {
        let mut decisions = table().route(&declaration(&["930200"]));
        let at = DateTime::UNIX_EPOCH;
        let open = GoodsStatus::UnderReview;
        assert_eq!(
            record_decision(
                &mut decisions,
                open,
                "VET",
                Verdict::Released,
                None,
                "x",
                at
            ),
            Err(DecisionRejected::NotRouted("VET".into()))
        );
        assert_eq!(
            record_decision(
                &mut decisions,
                open,
                "UCA",
                Verdict::Refused,
                Some("  "),
                "x",
                at
            ),
            Err(DecisionRejected::ReasonRequired)
        );
        record_decision(
            &mut decisions,
            open,
            "UCA",
            Verdict::Released,
            None,
            "x",
            at,
        )
        .unwrap();
        assert!(matches!(
            record_decision(
                &mut decisions,
                open,
                "UCA",
                Verdict::Held,
                Some("r"),
                "x",
                at
            ),
            Err(DecisionRejected::AlreadyFinal(..))
        ));
        assert!(matches!(
            record_decision(
                &mut decisions,
                GoodsStatus::Invalidated,
                "SALW",
                Verdict::Released,
                None,
                "x",
                at
            ),
            Err(DecisionRejected::Closed(_))
        ));
        let s = record_decision(
            &mut decisions,
            open,
            "SALW",
            Verdict::Refused,
            Some("no licence"),
            "x",
            at,
        )
        .unwrap();
        assert_eq!(s, GoodsStatus::Refused);
    }

    #[test]
    fn an_amendment_keeps_what_it_leaves_out() {
        let mut original = declaration(&["847130"]);
        original.office = Some("UTO-LND-N1".into());
        let mut amendment = declaration(&["847150"]);
        amendment.function = DeclarationFunction::Amendment;
        amendment.reference = "AMD-1".into();
        amendment.declaration_type = "COR".into();
        original.declaration_type = "IMA".into();
        let next = apply_amendment(&original, &amendment);
        assert_eq!(next.reference, "LRN-1");
        assert_eq!(next.office.as_deref(), Some("UTO-LND-N1"));
        assert_eq!(next.items[0].commodity_code.as_deref(), Some("847150"));
        assert_eq!(next.declaration_type, "IMA");
        assert_eq!(next.function, DeclarationFunction::Original);
    }

    #[test]
    fn a_find_says_what_and_where() {
        let mut r = InspectionResult {
            found: true,
            what: Some("pistols".into()),
            location: None,
            note: None,
            seals_intact: Some(false),
            inspected_by: "c1".into(),
            inspected_at: DateTime::UNIX_EPOCH,
        };
        assert_eq!(
            check_inspection_result(&r),
            Err(InspectionRejected::FindWithoutLocation)
        );
        r.location = Some("container MSCU1234566, behind pallets".into());
        assert_eq!(check_inspection_result(&r), Ok(()));
        r.what = None;
        assert_eq!(
            check_inspection_result(&r),
            Err(InspectionRejected::FindWithoutWhat)
        );
        r.found = false;
        assert_eq!(check_inspection_result(&r), Ok(()));
        assert_eq!(Lane::parse("red"), Some(Lane::Red));
        assert!(Lane::Yellow.needs_inspection() && !Lane::Blue.needs_inspection());
    }
}
