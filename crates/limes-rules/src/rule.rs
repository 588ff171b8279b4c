//! The rule as analysts write it (JSON through the UI or the API). See `RULES.md` for the format with examples.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How serious a match is; the worklist orders hits by it (`Critical` first).
pub use limes_domain::Severity;

/// Which travellers of a message a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AppliesTo {
    Passengers,
    Crew,
    #[default]
    Both,
}

fn default_true() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A targeting rule. `id` + `version` identify one saved state of a rule; a change is saved as a new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub owner: String,
    pub severity: Severity,
    /// RFC 3339; the rule applies from this instant on.
    pub valid_from: DateTime<Utc>,
    /// RFC 3339, exclusive; absent = open-ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<DateTime<Utc>>,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub enabled: bool,
    #[serde(default)]
    pub applies_to: AppliesTo,
    pub condition: Condition,
}

impl Rule {
    /// Enabled, and `valid_from <= now < valid_to`.
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        self.enabled && self.valid_from <= now && self.valid_to.is_none_or(|to| now < to)
    }
}

/// A tree of predicates. Written as a JSON object with exactly one key, e.g. `{"all": [...]}` or
/// `{"nationality": {"in": ["SYR"]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every sub-condition holds (an empty list is refused on validation).
    #[schema(no_recursion)]
    All(Vec<Condition>),
    /// At least one sub-condition holds.
    #[schema(no_recursion)]
    Any(Vec<Condition>),
    /// The sub-condition does not hold.
    #[schema(no_recursion)]
    Not(Box<Condition>),
    /// The first departure airport of the message's legs.
    Origin(CodeSet),
    /// The airports between the first departure and the last arrival.
    Transit(CodeSet),
    /// The last arrival airport of the message's legs.
    Destination(CodeSet),
    /// Any airport of the route (origin, transit or destination).
    AnyAirport(CodeSet),
    /// The traveller's nationality (any way `limes-countries` knows a country: SY, SYR, "Syria").
    Nationality(CodeSet),
    /// Some one document of the traveller satisfies every criterion given.
    Document(DocumentPredicate),
    /// Age in whole years on the arrival date; a traveller without birth date never matches.
    Age(Range),
    /// M, F, U or X.
    Gender(CodeSet),
    /// The number of travellers in the message sharing this traveller's booking reference (the traveller
    /// included); a traveller without a booking reference never matches.
    GroupSize(Range),
    /// Another traveller with the same booking reference satisfies the sub-condition.
    #[schema(no_recursion)]
    BookedWith(Box<Condition>),
    /// The carrier of any leg (IATA/ICAO designator).
    Carrier(CodeSet),
    /// The flight of any leg, e.g. "QQ877" (spaces and leading zeros of the number do not matter).
    Flight(CodeSet),
    /// Any other field of the message by its path, with one operator.
    Field(FieldPredicate),
}

/// `{"in": [...]}` or `{"not_in": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeSet {
    In(Vec<String>),
    NotIn(Vec<String>),
}

impl CodeSet {
    pub fn values(&self) -> &[String] {
        match self {
            CodeSet::In(v) | CodeSet::NotIn(v) => v,
        }
    }
}

/// Criteria on one document; at least one must be given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentPredicate {
    /// PAXLST document type codes: P passport, I identity card, V visa, ...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<CodeSet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_state: Option<CodeSet>,
    /// The document expires on or before the arrival date plus this many days (0: expired on arrival).
    /// A document without expiry date does not match this criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_within_days: Option<u32>,
}

/// Inclusive bounds; at least one must be given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// `{"path": "person.residence", "<operator>": ...}` with exactly one operator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldPredicate {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<serde_json::Value>,
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub in_list: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between: Option<Between>,
}

/// Inclusive bounds for numbers, dates (`YYYY-MM-DD`) or date-times (`YYYY-MM-DDTHH:MM[:SS]`, local time as
/// the message gives it); at least one must be given.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Between {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::{ComponentsBuilder, OpenApiBuilder};

    #[test]
    fn the_openapi_schema_of_a_rule_is_finite_and_complete() {
        let mut schemas = Vec::new();
        <Rule as ToSchema>::schemas(&mut schemas);
        let components = ComponentsBuilder::new()
            .schemas_from_iter(schemas)
            .schema("Rule", <Rule as utoipa::PartialSchema>::schema())
            .build();
        let api = OpenApiBuilder::new().components(Some(components)).build();
        let json = serde_json::to_value(&api).unwrap();
        let names: Vec<&String> = json["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        for name in ["Rule", "Condition", "CodeSet", "Severity", "FieldPredicate"] {
            assert!(names.iter().any(|n| *n == name), "{name} in {names:?}");
        }
        let text = json.to_string();
        for key in [
            "booked_with",
            "any_airport",
            "expires_within_days",
            "not_in",
        ] {
            assert!(text.contains(key), "{key}");
        }
    }
}
