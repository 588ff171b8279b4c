//! Targeting rules for pre-arrival screening (issue 4, items 4 and 5): rules that analysts write as JSON, run
//! against every traveller of a PAXLST message. No I/O and no clock: the caller passes `now`.
//!
//! # Public API
//!
//! - [`Rule`] — the rule as saved (serde, `deny_unknown_fields`): `id`, `version`, `name`, `description`,
//!   `owner`, [`Severity`], `valid_from`, `valid_to` (RFC 3339), `enabled`, [`AppliesTo`], and a
//!   [`Condition`] tree (`all` / `any` / `not` over predicates: `origin`, `transit`, `destination`,
//!   `any_airport`, `nationality`, `document`, `age`, `gender`, `group_size`, `booked_with`, `carrier`,
//!   `flight`, `field`). The format, with examples, is in `RULES.md`.
//! - [`parse_rule`]`(json) -> Result<Rule, Vec<ValidationError>>` and [`parse_rule_value`] — read and
//!   validate on save; [`validate`]`(&Rule) -> Vec<ValidationError>`. A [`ValidationError`] is
//!   `{path, message}` with the path in the rule JSON, e.g. `condition.all[2].nationality.in[0]`.
//! - [`RuleSet::compile`]`(&[Rule], now) -> RuleSet` — the highest version of each id, enabled and valid at
//!   `now`, compiled (normalised sorted code sets, resolved field accessors); [`RuleSet::skipped`] says why
//!   the others are out, [`RuleSet::next_change`] when to compile again.
//! - [`evaluate`]`(&RuleSet, &PaxlstMessage, now) -> Vec<RuleMatch>` — every match for every person, with
//!   [`Explanation`]s of the predicates and the values they saw. O(persons × rules).
//! - [`field_paths`], [`field_type`] — the paths a `field` predicate can name (for the UI).
//! - [`RuleStatsBook`], [`RuleStats`], [`HitCounts`], [`ReviewOutcome`] — how often each rule fired and how
//!   its hits were confirmed or dismissed, per rule and per version.
//! - [`normalize`](mod@normalize) — the comparison forms (text, countries, airports, flights), for callers that display or
//!   index the same values.
//!
//! - [`goods`](mod@goods) — selectivity for goods declarations: [`goods::GoodsRule`], [`goods::select`],
//!   [`goods::expected_rates`], the policy of random, every-Nth and total inspection.
//! - [`bench`](mod@bench) — a synthetic manifest and rule set for benchmarks (`examples/bench_rules.rs`).
//!
//! The public types derive `serde` and `utoipa::ToSchema`, so the server can store them as JSON and document
//! them in its OpenAPI description.
//!
//! ```
//! use limes_rules::{evaluate, parse_rule, RuleSet};
//!
//! let now = "2026-12-01T05:00:00Z".parse().unwrap();
//! let rule = parse_rule(r#"{"id": "PIU-1", "version": 1, "name": "Transit via ATH", "owner": "PIU",
//!     "severity": "medium", "valid_from": "2026-11-01T00:00:00Z",
//!     "condition": {"transit": {"in": ["ATH"]}}}"#).unwrap();
//! let set = RuleSet::compile(&[rule], now);
//! let manifest = limes_rules::bench::sample_manifest(3); // IST–ATH–CDG
//! let message = limes_edifact::paxlst::parse(manifest.as_bytes()).unwrap()
//!     .messages.remove(0).unwrap();
//! let matches = evaluate(&set, &message, now);
//! assert_eq!(matches.len(), 3);
//! assert_eq!(matches[0].explanation[0].values, ["ATH"]);
//!
//! let err = parse_rule(r#"{"id": "PIU-2", "version": 1, "name": "n", "owner": "PIU",
//!     "severity": "low", "valid_from": "2026-11-01T00:00:00Z",
//!     "condition": {"all": [{"nationality": {"in": ["XQZ"]}}]}}"#).unwrap_err();
//! assert_eq!(err[0].path, "condition.all[0].nationality.in[0]");
//! assert_eq!(err[0].message, "unknown country code 'XQZ'");
//! ```
//!
//! Missing data never matches a predicate (a traveller without birth date is in no age band, a document
//! without expiry date is not "expiring"); `not` and `field … exists: false` are how a rule asks for it.

pub mod bench;
mod compile;
mod eval;
mod fields;
pub mod goods;
pub mod normalize;
mod prepared;
mod rule;
mod stats;

pub use compile::{
    parse_rule, parse_rule_value, validate, RuleSet, SkipReason, SkippedRule, ValidationError,
    MAX_AGE, MAX_EXPIRY_DAYS,
};
pub use eval::{evaluate, Explanation, RuleMatch};
pub use fields::{field_paths, field_type, FieldType};
pub use rule::{
    AppliesTo, Between, CodeSet, Condition, DocumentPredicate, FieldPredicate, Range, Rule,
    Severity,
};
pub use stats::{HitCounts, ReviewOutcome, RuleStats, RuleStatsBook};
