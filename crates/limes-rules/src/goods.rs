//! Selectivity for goods declarations (issue 14, item 3): the analysts' rules as data (predicates on any field of
//! a declaration, a lane, a weight, a validity period, versions), the installation's policy (a minimum random
//! rate per lane, every-Nth selection per BCP, total inspection for a code or a party), the selection of one
//! declaration's lane with every reason, and the expected rate per lane of a rule set over past declarations.
//! Pure: the caller passes `now`, the random draw, the BCP's count and the context (value norms, previous finds).
use crate::compile::ValidationError;
use chrono::{DateTime, Utc};
use limes_domain::goods::{Declaration, Party};
use limes_domain::goods_flow::{Lane, LaneReason, ReasonKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One test on a declaration. Lists match case-insensitively; code lists match as prefixes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum GoodsPredicate {
    /// An item's commodity code starts with one of these (a chapter `93`, a heading `2402`, a subheading …).
    HsPrefix(Vec<String>),
    /// An item's country of origin (ISO 3166 alpha-2).
    OriginCountry(Vec<String>),
    /// The country of dispatch or a country on the way.
    RoutingCountry(Vec<String>),
    /// The country of destination.
    DestinationCountry(Vec<String>),
    /// Any party (declarant, exporter, importer, consignor, consignee, carrier, an item's consignee) by id or
    /// name.
    Party(Vec<String>),
    /// The carrier by id or name, or the means of transport by its identity (plate, vessel, flight).
    Carrier(Vec<String>),
    /// The nationality of the means of transport.
    TransportNationality(Vec<String>),
    /// An item's procedure starts with one of these.
    Procedure(Vec<String>),
    /// An item's declared value per kg (net, else gross) below `ratio` × the norm for its code (the longest
    /// prefix of the code with a norm in the context).
    ValueBelowNorm { ratio: f64 },
    /// A container whose number fails the ISO 6346 check digit, a container without seals, or goods by sea or
    /// road with no container declared while the items are packed in containers.
    ContainerAnomaly,
    /// A party with at least this many previous finds (inspections that found something, seizures).
    PreviousFinds { at_least: u32 },
    /// An item's description contains one of these words.
    DescriptionContains(Vec<String>),
    /// A party whose name matched a watchlist entry at the alert threshold when the declaration was screened.
    WatchlistHit,
}

/// A selectivity rule as an analyst writes it: every predicate in `when` must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodsRule {
    pub id: String,
    pub version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The lane the rule asks for.
    pub lane: Lane,
    /// 1 to 100: the weights of the matching rules of a lane add up; the lane is taken at the policy's threshold.
    pub weight: u32,
    pub valid_from: DateTime<Utc>,
    #[serde(default)]
    pub valid_to: Option<DateTime<Utc>>,
    #[serde(default = "enabled")]
    pub enabled: bool,
    pub when: Vec<GoodsPredicate>,
}

fn enabled() -> bool {
    true
}

/// Read and validate a rule's JSON.
pub fn parse_goods_rule(value: serde_json::Value) -> Result<GoodsRule, Vec<ValidationError>> {
    let rule: GoodsRule = serde_path_to_error::deserialize(value).map_err(|e| {
        vec![ValidationError {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        }]
    })?;
    let errors = validate_goods_rule(&rule);
    if errors.is_empty() {
        Ok(rule)
    } else {
        Err(errors)
    }
}

/// Every problem of a rule, each with its path.
pub fn validate_goods_rule(rule: &GoodsRule) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let mut err = |path: String, message: String| errors.push(ValidationError { path, message });
    if rule.id.trim().is_empty() || rule.id.len() > 64 {
        err("id".into(), "an id of 1 to 64 characters".into());
    }
    if rule.version == 0 {
        err("version".into(), "versions start at 1".into());
    }
    if rule.name.trim().is_empty() {
        err("name".into(), "a rule needs a name".into());
    }
    if !(1..=100).contains(&rule.weight) {
        err("weight".into(), "a weight from 1 to 100".into());
    }
    if rule.valid_to.is_some_and(|to| to <= rule.valid_from) {
        err("valid_to".into(), "ends before it begins".into());
    }
    if rule.when.is_empty() {
        err("when".into(), "a rule needs at least one predicate".into());
    }
    for (i, p) in rule.when.iter().enumerate() {
        let at = |what: &str| format!("when[{i}].{what}");
        let countries = |name: &str, list: &[String], err: &mut dyn FnMut(String, String)| {
            if list.is_empty() {
                err(at(name), "an empty list matches nothing".into());
            }
            for (j, c) in list.iter().enumerate() {
                if limes_countries::by_alpha2(c).is_none() {
                    err(
                        format!("{}[{j}]", at(name)),
                        format!("unknown country code '{c}'"),
                    );
                }
            }
        };
        let words = |name: &str, list: &[String], err: &mut dyn FnMut(String, String)| {
            if list.iter().all(|w| w.trim().is_empty()) {
                err(at(name), "an empty list matches nothing".into());
            }
        };
        match p {
            GoodsPredicate::HsPrefix(codes) => {
                words("hs_prefix", codes, &mut err);
                for (j, c) in codes.iter().enumerate() {
                    if c.len() < 2 || !c.chars().all(|ch| ch.is_ascii_digit()) {
                        err(
                            format!("{}[{j}]", at("hs_prefix")),
                            format!("'{c}' is not a chapter, heading or code (2 or more digits)"),
                        );
                    }
                }
            }
            GoodsPredicate::OriginCountry(l) => countries("origin_country", l, &mut err),
            GoodsPredicate::RoutingCountry(l) => countries("routing_country", l, &mut err),
            GoodsPredicate::DestinationCountry(l) => countries("destination_country", l, &mut err),
            GoodsPredicate::TransportNationality(l) => {
                countries("transport_nationality", l, &mut err)
            }
            GoodsPredicate::Party(l) => words("party", l, &mut err),
            GoodsPredicate::Carrier(l) => words("carrier", l, &mut err),
            GoodsPredicate::Procedure(l) => words("procedure", l, &mut err),
            GoodsPredicate::DescriptionContains(l) => words("description_contains", l, &mut err),
            GoodsPredicate::ValueBelowNorm { ratio } => {
                if !(ratio.is_finite() && *ratio > 0.0 && *ratio <= 1.0) {
                    err(
                        at("value_below_norm.ratio"),
                        "a ratio above 0 and at most 1".into(),
                    );
                }
            }
            GoodsPredicate::PreviousFinds { at_least } => {
                if *at_least == 0 {
                    err(
                        at("previous_finds.at_least"),
                        "at least 1 (0 matches everyone)".into(),
                    );
                }
            }
            GoodsPredicate::ContainerAnomaly | GoodsPredicate::WatchlistHit => {}
        }
    }
    errors
}

/// What selection knows beyond the declaration: the norm of value per kg for commodity-code prefixes, and the
/// previous finds per party (by id or name, upper case).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoodsContext {
    pub value_norms: BTreeMap<String, f64>,
    pub party_finds: HashMap<String, u32>,
    /// The parties (by id or name, upper case) whose name matched a watchlist at screening, with the list.
    #[serde(default)]
    pub listed_parties: HashMap<String, String>,
}

/// The installation's selectivity policy (`[goods.selectivity]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SelectivityPolicy {
    /// The summed weight of a lane's matching rules at which the lane is taken.
    pub threshold: u32,
    /// The share of declarations sent at random to red, yellow and blue, whatever the rules say (0 to 1 each).
    pub random_red: f64,
    pub random_yellow: f64,
    pub random_blue: f64,
    /// Every Nth declaration at a BCP goes to red (BCP code → N).
    pub every_nth: BTreeMap<String, u64>,
    /// Commodity-code prefixes whose every declaration is physically inspected.
    pub total_codes: Vec<String>,
    /// Parties (id or name) whose every declaration is physically inspected.
    pub total_parties: Vec<String>,
}

impl Default for SelectivityPolicy {
    fn default() -> Self {
        SelectivityPolicy {
            threshold: 100,
            random_red: 0.01,
            random_yellow: 0.02,
            random_blue: 0.02,
            every_nth: BTreeMap::new(),
            total_codes: Vec::new(),
            total_parties: Vec::new(),
        }
    }
}

/// The rules in force: the highest version of each id, enabled and valid at `now`.
#[derive(Debug, Clone, Default)]
pub struct GoodsRuleSet {
    rules: Vec<GoodsRule>,
}

impl GoodsRuleSet {
    pub fn compile(rules: &[GoodsRule], now: DateTime<Utc>) -> GoodsRuleSet {
        let mut latest: BTreeMap<&str, &GoodsRule> = BTreeMap::new();
        for r in rules {
            let newer = latest
                .get(r.id.as_str())
                .is_none_or(|l| l.version < r.version);
            if newer {
                latest.insert(&r.id, r);
            }
        }
        GoodsRuleSet {
            rules: latest
                .into_values()
                .filter(|r| in_force(r, now))
                .cloned()
                .collect(),
        }
    }

    pub fn rules(&self) -> &[GoodsRule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Whether a rule is enabled and valid at `now`.
pub fn in_force(rule: &GoodsRule, now: DateTime<Utc>) -> bool {
    rule.enabled && rule.valid_from <= now && rule.valid_to.is_none_or(|to| now < to)
}

/// The lane of one declaration and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Selection {
    pub lane: Lane,
    /// Every rule that matched and every policy that applied, the deciding ones first.
    pub reasons: Vec<LaneReason>,
}

/// Where a declaration stands in its BCP's count, for every-Nth selection.
#[derive(Debug, Clone, Copy)]
pub struct BcpCount<'a> {
    pub bcp: &'a str,
    /// The declaration's number at the BCP, from 1.
    pub nth: u64,
}

/// Select the lane of `declaration`: the rules (a lane is taken when the weights of its matching rules reach the
/// threshold; the most severe such lane wins: red, yellow, blue, then green), total inspection orders and the
/// every-Nth count (red), then the minimum random rates (`draw` in [0, 1): below the red rate red, then
/// yellow, then blue) — policies only ever raise the lane.
pub fn select(
    declaration: &Declaration,
    rules: &GoodsRuleSet,
    context: &GoodsContext,
    policy: &SelectivityPolicy,
    count: Option<BcpCount<'_>>,
    draw: f64,
) -> Selection {
    let mut reasons = Vec::new();
    let mut weights: BTreeMap<Lane, u32> = BTreeMap::new();
    for rule in rules.rules() {
        if let Some(seen) = matches(rule, declaration, context) {
            *weights.entry(rule.lane).or_default() += rule.weight;
            reasons.push(LaneReason {
                kind: ReasonKind::Rule,
                rule_id: Some(rule.id.clone()),
                rule_version: Some(rule.version),
                lane: rule.lane,
                weight: rule.weight,
                detail: format!("{}: {}", rule.name, seen.join("; ")),
            });
        }
    }
    let mut lane = [Lane::Red, Lane::Yellow, Lane::Blue]
        .into_iter()
        .find(|l| {
            weights
                .get(l)
                .is_some_and(|w| *w >= policy.threshold.max(1))
        })
        .unwrap_or(Lane::Green);
    let mut policy_reason = |kind: ReasonKind, to: Lane, detail: String, lane: &mut Lane| {
        reasons.push(LaneReason {
            kind,
            rule_id: None,
            rule_version: None,
            lane: to,
            weight: 0,
            detail,
        });
        if severity(to) > severity(*lane) {
            *lane = to;
        }
    };
    let codes: Vec<&str> = item_codes(declaration).collect();
    if let Some(p) = policy
        .total_codes
        .iter()
        .find(|p| codes.iter().any(|c| c.starts_with(p.as_str())))
    {
        policy_reason(
            ReasonKind::Total,
            Lane::Red,
            format!("total inspection of commodity code {p}"),
            &mut lane,
        );
    }
    if let Some(p) = policy
        .total_parties
        .iter()
        .find(|p| parties(declaration).any(|party| party_is(party, p)))
    {
        policy_reason(
            ReasonKind::Total,
            Lane::Red,
            format!("total inspection of party {p}"),
            &mut lane,
        );
    }
    if let Some(c) = count {
        if let Some(n) = policy.every_nth.get(c.bcp).filter(|n| **n > 0) {
            if c.nth % n == 0 {
                policy_reason(
                    ReasonKind::EveryNth,
                    Lane::Red,
                    format!(
                        "declaration {} at {}: every {n}th is inspected",
                        c.nth, c.bcp
                    ),
                    &mut lane,
                );
            }
        }
    }
    let bands = [
        (Lane::Red, policy.random_red),
        (Lane::Yellow, policy.random_yellow),
        (Lane::Blue, policy.random_blue),
    ];
    let mut floor = 0.0;
    for (to, rate) in bands {
        let ceiling = floor + rate.clamp(0.0, 1.0);
        if draw >= floor && draw < ceiling {
            policy_reason(
                ReasonKind::Random,
                to,
                format!("drawn at random ({:.1} % of declarations)", rate * 100.0),
                &mut lane,
            );
            break;
        }
        floor = ceiling;
    }
    // The reasons that decided the lane first.
    reasons.sort_by_key(|r| std::cmp::Reverse(severity(r.lane) * u8::from(r.lane == lane)));
    Selection { lane, reasons }
}

fn severity(lane: Lane) -> u8 {
    match lane {
        Lane::Green => 0,
        Lane::Blue => 1,
        Lane::Yellow => 2,
        Lane::Red => 3,
    }
}

fn item_codes(d: &Declaration) -> impl Iterator<Item = &str> {
    d.items.iter().filter_map(|i| i.commodity_code.as_deref())
}

fn parties(d: &Declaration) -> impl Iterator<Item = &Party> {
    [
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
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn party_is(party: &Party, wanted: &str) -> bool {
    party.id.as_deref().is_some_and(|id| same(id, wanted))
        || party.name.as_deref().is_some_and(|n| same(n, wanted))
}

fn one_of<'a>(value: Option<&'a str>, list: &[String]) -> Option<&'a str> {
    value.filter(|v| list.iter().any(|l| same(l, v)))
}

/// What each predicate saw, when all hold.
fn matches(rule: &GoodsRule, d: &Declaration, ctx: &GoodsContext) -> Option<Vec<String>> {
    rule.when.iter().map(|p| holds(p, d, ctx)).collect()
}

fn holds(p: &GoodsPredicate, d: &Declaration, ctx: &GoodsContext) -> Option<String> {
    match p {
        GoodsPredicate::HsPrefix(prefixes) => d.items.iter().find_map(|i| {
            let code = i.commodity_code.as_deref()?;
            prefixes
                .iter()
                .find(|p| code.starts_with(p.trim()))
                .map(|p| format!("item {} code {code} under {p}", i.sequence))
        }),
        GoodsPredicate::OriginCountry(list) => d.items.iter().find_map(|i| {
            one_of(i.origin_country.as_deref(), list)
                .map(|c| format!("item {} from {c}", i.sequence))
        }),
        GoodsPredicate::RoutingCountry(list) => d
            .export_country
            .iter()
            .chain(d.routing_countries.iter())
            .find_map(|c| one_of(Some(c), list))
            .map(|c| format!("routed via {c}")),
        GoodsPredicate::DestinationCountry(list) => {
            one_of(d.destination_country.as_deref(), list).map(|c| format!("destination {c}"))
        }
        GoodsPredicate::Party(list) => parties(d).find_map(|party| {
            list.iter()
                .find(|w| party_is(party, w))
                .map(|w| format!("party {w}"))
        }),
        GoodsPredicate::Carrier(list) => {
            let carrier = d.carrier.as_ref().and_then(|c| {
                list.iter()
                    .find(|w| party_is(c, w))
                    .map(|w| format!("carrier {w}"))
            });
            carrier.or_else(|| {
                one_of(d.transport.identity.as_deref(), list).map(|t| format!("transport {t}"))
            })
        }
        GoodsPredicate::TransportNationality(list) => {
            one_of(d.transport.nationality.as_deref(), list).map(|c| format!("transport of {c}"))
        }
        GoodsPredicate::Procedure(list) => d.items.iter().find_map(|i| {
            let procedure = i.procedure.as_deref()?;
            list.iter()
                .find(|p| procedure.starts_with(p.trim()))
                .map(|_| format!("item {} procedure {procedure}", i.sequence))
        }),
        GoodsPredicate::DescriptionContains(words) => d.items.iter().find_map(|i| {
            let text = i.description.as_deref()?.to_lowercase();
            words
                .iter()
                .find(|w| !w.trim().is_empty() && text.contains(&w.trim().to_lowercase()))
                .map(|w| format!("item {} described as '{w}'", i.sequence))
        }),
        GoodsPredicate::ValueBelowNorm { ratio } => d.items.iter().find_map(|i| {
            let code = i.commodity_code.as_deref()?;
            let norm = (2..=code.len())
                .rev()
                .find_map(|n| code.get(..n).and_then(|p| ctx.value_norms.get(p)))?;
            let value = i.value.as_ref()?.amount;
            let mass = i.net_mass_kg.or(i.gross_mass_kg).filter(|m| *m > 0.0)?;
            let per_kg = value / mass;
            (per_kg < ratio * norm).then(|| {
                format!(
                    "item {} declared at {per_kg:.2} per kg, the norm for {code} is {norm:.2}",
                    i.sequence
                )
            })
        }),
        GoodsPredicate::ContainerAnomaly => container_anomaly(d),
        GoodsPredicate::WatchlistHit => parties(d).find_map(|party| {
            [party.id.as_deref(), party.name.as_deref()]
                .into_iter()
                .flatten()
                .find_map(|key| {
                    let list = ctx.listed_parties.get(&key.trim().to_uppercase())?;
                    Some(format!("party {key} matched the watchlist {list}"))
                })
        }),
        GoodsPredicate::PreviousFinds { at_least } => parties(d).find_map(|party| {
            [party.id.as_deref(), party.name.as_deref()]
                .into_iter()
                .flatten()
                .find_map(|key| {
                    let finds = *ctx.party_finds.get(&key.trim().to_uppercase())?;
                    (finds >= *at_least).then(|| format!("party {key}: {finds} previous finds"))
                })
        }),
    }
}

fn container_anomaly(d: &Declaration) -> Option<String> {
    for c in &d.containers {
        if !iso6346_valid(&c.id) {
            return Some(format!("container {} fails the ISO 6346 check digit", c.id));
        }
        if c.seals.iter().all(|s| s.trim().is_empty()) {
            return Some(format!("container {} has no seal", c.id));
        }
    }
    None
}

/// Whether `id` is an ISO 6346 container number with a correct check digit (`MSCU1234566`).
pub fn iso6346_valid(id: &str) -> bool {
    let id: Vec<char> = id.chars().filter(|c| !c.is_whitespace()).collect();
    if id.len() != 11 {
        return false;
    }
    let letter_value = |c: char| -> Option<u32> {
        // A=10, skipping multiples of 11 (11, 22, 33).
        let mut v = 10;
        for l in 'A'..='Z' {
            if v % 11 == 0 {
                v += 1;
            }
            if l == c {
                return Some(v);
            }
            v += 1;
        }
        None
    };
    let mut sum = 0u32;
    for (i, c) in id[..10].iter().enumerate() {
        let v = if i < 4 {
            match letter_value(c.to_ascii_uppercase()) {
                Some(v) => v,
                None => return false,
            }
        } else {
            match c.to_digit(10) {
                Some(v) => v,
                None => return false,
            }
        };
        sum += v << i;
    }
    id[10].to_digit(10) == Some(sum % 11 % 10)
}

/// How a rule set would sort past declarations: the count per lane from the rules alone (no random draw, no
/// every-Nth), and how many declarations each rule matched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExpectedRates {
    pub declarations: u64,
    pub red: u64,
    pub yellow: u64,
    pub green: u64,
    pub blue: u64,
    /// Rule id → declarations it matched.
    pub per_rule: BTreeMap<String, u64>,
}

impl ExpectedRates {
    /// The share of a lane, 0 to 1.
    pub fn rate(&self, lane: Lane) -> f64 {
        let n = match lane {
            Lane::Red => self.red,
            Lane::Yellow => self.yellow,
            Lane::Green => self.green,
            Lane::Blue => self.blue,
        };
        if self.declarations == 0 {
            0.0
        } else {
            n as f64 / self.declarations as f64
        }
    }
}

/// The expected rate per lane if `rules` were in force, over `declarations` (the last N stored).
pub fn expected_rates<'a>(
    declarations: impl IntoIterator<Item = &'a Declaration>,
    rules: &GoodsRuleSet,
    context: &GoodsContext,
    policy: &SelectivityPolicy,
) -> ExpectedRates {
    let quiet = SelectivityPolicy {
        random_red: 0.0,
        random_yellow: 0.0,
        random_blue: 0.0,
        every_nth: BTreeMap::new(),
        ..policy.clone()
    };
    let mut rates = ExpectedRates::default();
    for d in declarations {
        let s = select(d, rules, context, &quiet, None, 1.0);
        rates.declarations += 1;
        match s.lane {
            Lane::Red => rates.red += 1,
            Lane::Yellow => rates.yellow += 1,
            Lane::Green => rates.green += 1,
            Lane::Blue => rates.blue += 1,
        }
        for id in s.reasons.iter().filter_map(|r| r.rule_id.as_ref()) {
            *rates.per_rule.entry(id.clone()).or_default() += 1;
        }
    }
    rates
}

/// A draw in [0, 1) from an id: the same declaration always draws the same (a retry selects the same lane), and
/// UUID v7 ids end in random bits, so draws are spread evenly.
pub fn draw_for(id: &str) -> f64 {
    // FNV-1a over the id's bytes, then the top 53 bits as a fraction.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::goods::{
        Container, DeclarationFormat, DeclarationFunction, GoodsItem, Money, Party,
    };

    fn now() -> DateTime<Utc> {
        "2026-05-04T06:00:00Z".parse().unwrap()
    }

    fn declaration(code: &str, origin: &str) -> Declaration {
        let mut d = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "LRN".into(),
        );
        d.items.push(GoodsItem {
            sequence: 1,
            commodity_code: Some(code.into()),
            description: Some("Spare parts".into()),
            origin_country: Some(origin.into()),
            net_mass_kg: Some(100.0),
            value: Some(Money {
                amount: 500.0,
                currency: "EUR".into(),
            }),
            procedure: Some("4000".into()),
            ..GoodsItem::default()
        });
        d.importer = Some(Party {
            id: Some("UT123".into()),
            name: Some("Acme Imports".into()),
            country: Some("UT".into()),
        });
        d
    }

    fn rule(id: &str, lane: Lane, weight: u32, when: Vec<GoodsPredicate>) -> GoodsRule {
        GoodsRule {
            id: id.into(),
            version: 1,
            name: format!("rule {id}"),
            description: String::new(),
            lane,
            weight,
            valid_from: now() - chrono::Duration::days(1),
            valid_to: None,
            enabled: true,
            when,
        }
    }

    fn quiet() -> SelectivityPolicy {
        SelectivityPolicy {
            random_red: 0.0,
            random_yellow: 0.0,
            random_blue: 0.0,
            ..SelectivityPolicy::default()
        }
    }

    #[test]
    fn rules_read_from_json_and_name_their_errors() {
        let ok = parse_goods_rule(serde_json::json!({
            "id": "R-ARMS", "version": 1, "name": "Arms from anywhere", "lane": "red", "weight": 100,
            "valid_from": "2026-01-01T00:00:00Z",
            "when": [{"hs_prefix": ["93"]}, "container_anomaly", {"value_below_norm": {"ratio": 0.5}}]
        }))
        .unwrap();
        assert_eq!(ok.when.len(), 3);
        let errors = parse_goods_rule(serde_json::json!({
            "id": "R", "version": 1, "name": "n", "lane": "red", "weight": 0,
            "valid_from": "2026-01-01T00:00:00Z",
            "when": [{"origin_country": ["CN", "XQ"]}, {"hs_prefix": ["9"]}]
        }))
        .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "weight",
                "when[0].origin_country[1]",
                "when[1].hs_prefix[0]"
            ]
        );
        let unknown = parse_goods_rule(serde_json::json!({
            "id": "R", "version": 1, "name": "n", "lane": "purple", "weight": 1,
            "valid_from": "2026-01-01T00:00:00Z", "when": []
        }))
        .unwrap_err();
        assert_eq!(unknown[0].path, "lane");
    }

    #[test]
    fn weights_add_up_to_the_threshold_and_the_most_severe_lane_wins() {
        let d = declaration("930200", "CN");
        let rules = GoodsRuleSet::compile(
            &[
                rule(
                    "A",
                    Lane::Red,
                    60,
                    vec![GoodsPredicate::HsPrefix(vec!["93".into()])],
                ),
                rule(
                    "B",
                    Lane::Red,
                    30,
                    vec![GoodsPredicate::OriginCountry(vec!["cn".into()])],
                ),
                rule(
                    "C",
                    Lane::Yellow,
                    100,
                    vec![GoodsPredicate::Party(vec!["acme imports".into()])],
                ),
            ],
            now(),
        );
        let s = select(&d, &rules, &GoodsContext::default(), &quiet(), None, 0.5);
        assert_eq!(s.lane, Lane::Yellow, "red has 90 of 100: {s:?}");
        assert_eq!(s.reasons.len(), 3);
        assert_eq!(s.reasons[0].rule_id.as_deref(), Some("C"));
        let mut more = rules.rules().to_vec();
        more.push(rule(
            "D",
            Lane::Red,
            10,
            vec![GoodsPredicate::Procedure(vec!["40".into()])],
        ));
        let s = select(
            &d,
            &GoodsRuleSet::compile(&more, now()),
            &GoodsContext::default(),
            &quiet(),
            None,
            0.5,
        );
        assert_eq!(s.lane, Lane::Red);
        assert!(s.reasons[0].detail.contains("930200"), "{:?}", s.reasons[0]);
        let plain = declaration("847130", "DE");
        let s = select(
            &plain,
            &GoodsRuleSet::compile(&more, now()),
            &GoodsContext::default(),
            &quiet(),
            None,
            0.5,
        );
        assert_eq!(s.lane, Lane::Yellow, "the party rule still holds");
    }

    #[test]
    fn only_the_latest_version_in_its_validity_period_is_in_force() {
        let mut old = rule(
            "A",
            Lane::Red,
            100,
            vec![GoodsPredicate::HsPrefix(vec!["93".into()])],
        );
        let mut new = old.clone();
        new.version = 2;
        new.when = vec![GoodsPredicate::HsPrefix(vec!["24".into()])];
        let set = GoodsRuleSet::compile(&[new.clone(), old.clone()], now());
        assert_eq!(set.rules(), std::slice::from_ref(&new));
        new.valid_to = Some(now());
        assert!(GoodsRuleSet::compile(&[new.clone()], now()).is_empty());
        old.enabled = false;
        assert!(GoodsRuleSet::compile(&[old], now()).is_empty());
    }

    #[test]
    fn the_context_predicates() {
        let mut d = declaration("240220", "AE");
        let ctx = GoodsContext {
            value_norms: BTreeMap::from([("2402".to_string(), 40.0)]),
            party_finds: HashMap::from([("UT123".to_string(), 2)]),
            listed_parties: HashMap::new(),
        };
        let rules = GoodsRuleSet::compile(
            &[
                rule(
                    "V",
                    Lane::Yellow,
                    100,
                    vec![GoodsPredicate::ValueBelowNorm { ratio: 0.5 }],
                ),
                rule(
                    "H",
                    Lane::Red,
                    100,
                    vec![GoodsPredicate::PreviousFinds { at_least: 2 }],
                ),
            ],
            now(),
        );
        let s = select(&d, &rules, &ctx, &quiet(), None, 0.5);
        assert_eq!(s.lane, Lane::Red);
        assert_eq!(s.reasons.len(), 2, "5 per kg against a norm of 40: {s:?}");
        d.items[0].value = Some(Money {
            amount: 4000.0,
            currency: "EUR".into(),
        });
        d.importer = None;
        let s = select(&d, &rules, &ctx, &quiet(), None, 0.5);
        assert_eq!(s.lane, Lane::Green);
        assert!(s.reasons.is_empty());
    }

    #[test]
    fn a_party_on_a_watchlist() {
        let mut d = declaration("847130", "DE");
        let rules = GoodsRuleSet::compile(
            &[rule(
                "W",
                Lane::Red,
                100,
                vec![GoodsPredicate::WatchlistHit],
            )],
            now(),
        );
        let ctx = GoodsContext {
            listed_parties: HashMap::from([("UT123".to_string(), "un".to_string())]),
            ..GoodsContext::default()
        };
        let s = select(&d, &rules, &ctx, &quiet(), None, 0.5);
        assert_eq!(s.lane, Lane::Red);
        assert!(s.reasons[0].detail.contains("watchlist un"), "{s:?}");
        d.importer = None;
        assert_eq!(
            select(&d, &rules, &ctx, &quiet(), None, 0.5).lane,
            Lane::Green
        );
        assert!(parse_goods_rule(serde_json::json!({"id": "W", "version": 1, "name": "Listed parties",
            "lane": "red", "weight": 100, "valid_from": "2020-01-01T00:00:00Z", "when": ["watchlist_hit"]}))
        .is_ok());
    }

    #[test]
    fn containers_and_seals() {
        assert!(iso6346_valid("CSQU3054383"));
        assert!(!iso6346_valid("CSQU3054384"));
        let mut d = declaration("847130", "DE");
        let rules = GoodsRuleSet::compile(
            &[rule(
                "K",
                Lane::Red,
                100,
                vec![GoodsPredicate::ContainerAnomaly],
            )],
            now(),
        );
        d.containers = vec![Container {
            id: "CSQU3054383".into(),
            seals: vec!["S1".into()],
        }];
        assert_eq!(
            select(&d, &rules, &GoodsContext::default(), &quiet(), None, 0.5).lane,
            Lane::Green
        );
        d.containers[0].seals.clear();
        let s = select(&d, &rules, &GoodsContext::default(), &quiet(), None, 0.5);
        assert_eq!(s.lane, Lane::Red);
        assert!(s.reasons[0].detail.contains("no seal"));
        d.containers[0] = Container {
            id: "CSQU3054384".into(),
            seals: vec!["S1".into()],
        };
        assert!(
            select(&d, &rules, &GoodsContext::default(), &quiet(), None, 0.5).reasons[0]
                .detail
                .contains("check digit")
        );
    }

    #[test]
    fn policies_only_raise_the_lane() {
        let d = declaration("847130", "DE");
        let none = GoodsRuleSet::default();
        let ctx = GoodsContext::default();
        let policy = SelectivityPolicy {
            every_nth: BTreeMap::from([("UTO-LND-N1".to_string(), 50)]),
            total_codes: vec!["2402".into()],
            total_parties: vec!["UT999".into()],
            ..SelectivityPolicy::default()
        };
        let at = |nth| {
            Some(BcpCount {
                bcp: "UTO-LND-N1",
                nth,
            })
        };
        assert_eq!(
            select(&d, &none, &ctx, &policy, at(49), 0.99).lane,
            Lane::Green
        );
        let s = select(&d, &none, &ctx, &policy, at(50), 0.99);
        assert_eq!(
            (s.lane, s.reasons[0].kind),
            (Lane::Red, ReasonKind::EveryNth)
        );
        // Random: 1 % red, 2 % yellow, 2 % blue.
        assert_eq!(
            select(&d, &none, &ctx, &policy, at(1), 0.005).lane,
            Lane::Red
        );
        assert_eq!(
            select(&d, &none, &ctx, &policy, at(1), 0.02).lane,
            Lane::Yellow
        );
        assert_eq!(
            select(&d, &none, &ctx, &policy, at(1), 0.04).lane,
            Lane::Blue
        );
        assert_eq!(
            select(&d, &none, &ctx, &policy, at(1), 0.05).lane,
            Lane::Green
        );
        let cigarettes = declaration("240220", "DE");
        let s = select(&cigarettes, &none, &ctx, &policy, at(1), 0.99);
        assert_eq!((s.lane, s.reasons[0].kind), (Lane::Red, ReasonKind::Total));
        // A red rule is not lowered by a blue draw.
        let red = GoodsRuleSet::compile(
            &[rule(
                "A",
                Lane::Red,
                100,
                vec![GoodsPredicate::OriginCountry(vec!["DE".into()])],
            )],
            now(),
        );
        assert_eq!(select(&d, &red, &ctx, &policy, at(1), 0.04).lane, Lane::Red);
    }

    #[test]
    fn the_expected_rates_before_a_rule_goes_live() {
        let past: Vec<Declaration> = (0..10)
            .map(|i| declaration(if i < 3 { "930200" } else { "847130" }, "CN"))
            .collect();
        let rules = GoodsRuleSet::compile(
            &[rule(
                "A",
                Lane::Red,
                100,
                vec![GoodsPredicate::HsPrefix(vec!["93".into()])],
            )],
            now(),
        );
        let rates = expected_rates(
            &past,
            &rules,
            &GoodsContext::default(),
            &SelectivityPolicy::default(),
        );
        assert_eq!((rates.declarations, rates.red, rates.green), (10, 3, 7));
        assert!((rates.rate(Lane::Red) - 0.3).abs() < 1e-9);
        assert_eq!(rates.per_rule["A"], 3);
    }

    #[test]
    fn draws_are_stable_and_spread() {
        assert_eq!(draw_for("abc"), draw_for("abc"));
        let draws: Vec<f64> = (0..1000).map(|i| draw_for(&format!("id-{i}"))).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let low = draws.iter().filter(|d| **d < 0.1).count();
        assert!((50..150).contains(&low), "{low} of 1000 below 0.1");
    }
}
