//! Validation and compilation share one walk over the rule: every check that can fail records a
//! `ValidationError` with the JSON path of the offending place; a rule without errors comes out as a `Node`
//! tree with normalised, sorted code sets and resolved field accessors.
use crate::fields::{self, Accessor, FieldType};
use crate::normalize;
use crate::rule::{
    AppliesTo, Between, CodeSet, Condition, DocumentPredicate, FieldPredicate, Range, Rule,
    Severity,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One problem with a rule: where in the rule JSON (e.g. `condition.all[2].nationality.in[0]`; an empty path
/// is the rule object itself) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ValidationError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The most days ahead a document-expiry criterion may look (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3660;
/// The highest age a rule may name.
pub const MAX_AGE: u32 = 130;

/// A sorted, de-duplicated set of normalised codes; `negate` for `not_in`.
#[derive(Debug, Clone)]
pub(crate) struct CodeMatch {
    pub codes: Vec<String>,
    pub negate: bool,
}

impl CodeMatch {
    pub fn contains(&self, v: &str) -> bool {
        self.codes.binary_search_by(|c| c.as_str().cmp(v)).is_ok()
    }

    /// Over the values of a field: `in` — some value is in the set; `not_in` — there is a value and none is.
    pub fn test<'a>(&self, values: impl IntoIterator<Item = &'a str>) -> bool {
        let mut seen = false;
        for v in values {
            if v.is_empty() {
                continue;
            }
            seen = true;
            if self.contains(v) {
                return !self.negate;
            }
        }
        seen && self.negate
    }

    fn describe(&self) -> String {
        format!(
            "{} [{}]",
            if self.negate { "not in" } else { "in" },
            self.codes.join(", ")
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoutePart {
    Origin,
    Transit,
    Destination,
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Number(i64),
}

#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// equals / in / not_in on text-like fields.
    Codes(CodeMatch),
    /// equals / in / not_in on dates and numbers.
    Values {
        values: Vec<Lit>,
        negate: bool,
    },
    Prefix(String),
    Contains(String),
    Exists(bool),
    Between {
        from: Option<Lit>,
        to: Option<Lit>,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Test {
    Route(RoutePart, CodeMatch),
    Nationality(CodeMatch),
    Gender(CodeMatch),
    Carrier(CodeMatch),
    Flight(CodeMatch),
    Document {
        types: Option<CodeMatch>,
        states: Option<CodeMatch>,
        within_days: Option<u32>,
    },
    Age {
        min: Option<u32>,
        max: Option<u32>,
    },
    GroupSize {
        min: Option<u32>,
        max: Option<u32>,
    },
    /// Index of the sub-condition in `RuleSet::slots`.
    BookedWith {
        slot: usize,
    },
    Field {
        acc: Accessor,
        op: Op,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    /// Where the predicate is in the rule JSON.
    pub path: String,
    /// What it tests, for the explanation.
    pub label: String,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Leaf(Box<Leaf>),
}

/// A rule prepared for evaluation.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub severity: Severity,
    pub applies_to: AppliesTo,
    pub valid_from: DateTime<Utc>,
    pub valid_to: Option<DateTime<Utc>>,
    pub node: Node,
}

struct Compiler<'a> {
    errors: &'a mut Vec<ValidationError>,
    /// Sub-conditions of `booked_with`, innermost first; `slot_base` is added to their local index.
    slots: Vec<Node>,
    slot_base: usize,
}

fn err(errors: &mut Vec<ValidationError>, path: impl Into<String>, message: impl Into<String>) {
    errors.push(ValidationError {
        path: path.into(),
        message: message.into(),
    });
}

#[derive(Clone, Copy)]
enum CodeKind {
    Airport,
    Country,
    Gender,
    Carrier,
    Flight,
    DocType,
}

fn flight_shape_ok(f: &str) -> bool {
    let designator_len = if f.chars().take(3).filter(char::is_ascii_alphabetic).count() == 3 {
        3
    } else {
        2
    };
    let (Some(d), Some(rest)) = (f.get(..designator_len), f.get(designator_len..)) else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let suffix = rest.len() - digits;
    d.chars().all(|c| c.is_ascii_alphanumeric()) && (1..=5).contains(&digits) && suffix <= 1
}

impl Compiler<'_> {
    fn code(&mut self, kind: CodeKind, raw: &str, path: &str) -> Option<String> {
        let t = normalize::text(raw);
        if t.is_empty() {
            err(self.errors, path, "an empty value");
            return None;
        }
        let out = match kind {
            CodeKind::Airport => normalize::rule_airport(&t).ok_or_else(|| {
                format!(
                    "'{}' is not an airport code: three letters (IATA location code), e.g. DXB",
                    raw.trim()
                )
            }),
            CodeKind::Country => normalize::rule_country(&t)
                .map(str::to_string)
                .ok_or_else(|| format!("unknown country code '{}'", raw.trim())),
            CodeKind::Gender => ["M", "F", "U", "X"]
                .contains(&t.as_str())
                .then(|| t.clone())
                .ok_or_else(|| format!("gender '{}' is not M, F, U or X", raw.trim())),
            CodeKind::Carrier => ((2..=3).contains(&t.len())
                && t.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| t.clone())
            .ok_or_else(|| {
                format!(
                    "'{}' is not a carrier designator: 2 (IATA) or 3 (ICAO) letters or digits",
                    raw.trim()
                )
            }),
            CodeKind::Flight => {
                let f = normalize::flight(&t);
                flight_shape_ok(&f).then_some(f).ok_or_else(|| {
                    format!(
                        "'{}' is not a flight: the carrier designator and 1 to 5 digits, e.g. QQ877",
                        raw.trim()
                    )
                })
            }
            CodeKind::DocType => ((1..=3).contains(&t.len())
                && t.chars().all(|c| c.is_ascii_alphanumeric()))
            .then(|| t.clone())
            .ok_or_else(|| {
                format!(
                    "'{}' is not a document type code: 1 to 3 letters or digits, e.g. P, I, V",
                    raw.trim()
                )
            }),
        };
        match out {
            Ok(v) => Some(v),
            Err(m) => {
                err(self.errors, path, m);
                None
            }
        }
    }

    fn code_set(&mut self, kind: CodeKind, set: &CodeSet, path: &str) -> Option<CodeMatch> {
        let (key, values, negate) = match set {
            CodeSet::In(v) => ("in", v, false),
            CodeSet::NotIn(v) => ("not_in", v, true),
        };
        let path = format!("{path}.{key}");
        if values.is_empty() {
            err(self.errors, &path, "an empty list: give at least one value");
            return None;
        }
        let before = self.errors.len();
        let mut codes: Vec<String> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.code(kind, v, &format!("{path}[{i}]")))
            .collect();
        if self.errors.len() > before {
            return None;
        }
        codes.sort();
        codes.dedup();
        Some(CodeMatch { codes, negate })
    }

    fn range(&mut self, r: &Range, path: &str, what: &str, max: u32) -> bool {
        let before = self.errors.len();
        if r.min.is_none() && r.max.is_none() {
            err(
                self.errors,
                path,
                format!("give min, max or both for the {what}"),
            );
        }
        for (key, v) in [("min", r.min), ("max", r.max)] {
            if let Some(v) = v.filter(|v| *v > max) {
                err(
                    self.errors,
                    format!("{path}.{key}"),
                    format!("{what} {v} is above the highest allowed, {max}"),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (r.min, r.max) {
            if lo > hi {
                err(
                    self.errors,
                    format!("{path}.min"),
                    format!("min {what} {lo} is above max {what} {hi}"),
                );
            }
        }
        self.errors.len() == before
    }

    fn leaf(path: &str, label: String, test: Test) -> Option<Node> {
        Some(Node::Leaf(Box::new(Leaf {
            path: path.to_string(),
            label,
            test,
        })))
    }

    fn condition(&mut self, c: &Condition, path: &str) -> Option<Node> {
        match c {
            Condition::All(list) | Condition::Any(list) => {
                let key = if matches!(c, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let p = format!("{path}.{key}");
                if list.is_empty() {
                    err(
                        self.errors,
                        &p,
                        "an empty list: give at least one condition",
                    );
                    return None;
                }
                let nodes: Vec<Option<Node>> = list
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.condition(c, &format!("{p}[{i}]")))
                    .collect();
                let nodes: Option<Vec<Node>> = nodes.into_iter().collect();
                let nodes = nodes?;
                Some(if key == "all" {
                    Node::All(nodes)
                } else {
                    Node::Any(nodes)
                })
            }
            Condition::Not(inner) => self
                .condition(inner, &format!("{path}.not"))
                .map(|n| Node::Not(Box::new(n))),
            Condition::Origin(s)
            | Condition::Transit(s)
            | Condition::Destination(s)
            | Condition::AnyAirport(s) => {
                let (key, part, what) = match c {
                    Condition::Origin(_) => ("origin", RoutePart::Origin, "origin airport"),
                    Condition::Transit(_) => ("transit", RoutePart::Transit, "transit airport"),
                    Condition::Destination(_) => {
                        ("destination", RoutePart::Destination, "destination airport")
                    }
                    _ => ("any_airport", RoutePart::Any, "an airport of the route"),
                };
                let set = self.code_set(CodeKind::Airport, s, &format!("{path}.{key}"))?;
                let label = format!("{what} {}", set.describe());
                Self::leaf(path, label, Test::Route(part, set))
            }
            Condition::Nationality(s) => {
                let set = self.code_set(CodeKind::Country, s, &format!("{path}.nationality"))?;
                Self::leaf(
                    path,
                    format!("nationality {}", set.describe()),
                    Test::Nationality(set),
                )
            }
            Condition::Gender(s) => {
                let set = self.code_set(CodeKind::Gender, s, &format!("{path}.gender"))?;
                Self::leaf(
                    path,
                    format!("gender {}", set.describe()),
                    Test::Gender(set),
                )
            }
            Condition::Carrier(s) => {
                let set = self.code_set(CodeKind::Carrier, s, &format!("{path}.carrier"))?;
                Self::leaf(
                    path,
                    format!("carrier {}", set.describe()),
                    Test::Carrier(set),
                )
            }
            Condition::Flight(s) => {
                let set = self.code_set(CodeKind::Flight, s, &format!("{path}.flight"))?;
                Self::leaf(
                    path,
                    format!("flight {}", set.describe()),
                    Test::Flight(set),
                )
            }
            Condition::Document(d) => self.document(d, path),
            Condition::Age(r) => {
                if !self.range(r, &format!("{path}.age"), "age", MAX_AGE) {
                    return None;
                }
                let label = match (r.min, r.max) {
                    (Some(lo), Some(hi)) => format!("age {lo} to {hi} on arrival"),
                    (Some(lo), None) => format!("age {lo} or more on arrival"),
                    (None, Some(hi)) => format!("age {hi} or less on arrival"),
                    (None, None) => "age".to_string(),
                };
                Self::leaf(
                    path,
                    label,
                    Test::Age {
                        min: r.min,
                        max: r.max,
                    },
                )
            }
            Condition::GroupSize(r) => {
                if !self.range(r, &format!("{path}.group_size"), "group size", 100_000) {
                    return None;
                }
                let label = match (r.min, r.max) {
                    (Some(lo), Some(hi)) => format!("{lo} to {hi} travellers on one booking"),
                    (Some(lo), None) => format!("{lo} or more travellers on one booking"),
                    (None, Some(hi)) => format!("{hi} or fewer travellers on one booking"),
                    (None, None) => "travellers on one booking".to_string(),
                };
                Self::leaf(
                    path,
                    label,
                    Test::GroupSize {
                        min: r.min,
                        max: r.max,
                    },
                )
            }
            Condition::BookedWith(inner) => {
                let p = format!("{path}.booked_with");
                let node = self.condition(inner, &p)?;
                let slot = self.slot_base + self.slots.len();
                self.slots.push(node);
                Self::leaf(
                    path,
                    format!("booked with another traveller matching {p}"),
                    Test::BookedWith { slot },
                )
            }
            Condition::Field(f) => self.field(f, path),
        }
    }

    fn document(&mut self, d: &DocumentPredicate, path: &str) -> Option<Node> {
        let p = format!("{path}.document");
        if d.doc_type.is_none() && d.issuing_state.is_none() && d.expires_within_days.is_none() {
            err(
                self.errors,
                &p,
                "give at least one of type, issuing_state, expires_within_days",
            );
            return None;
        }
        let before = self.errors.len();
        let types = d
            .doc_type
            .as_ref()
            .and_then(|s| self.code_set(CodeKind::DocType, s, &format!("{p}.type")));
        let states = d
            .issuing_state
            .as_ref()
            .and_then(|s| self.code_set(CodeKind::Country, s, &format!("{p}.issuing_state")));
        if let Some(days) = d.expires_within_days.filter(|d| *d > MAX_EXPIRY_DAYS) {
            err(
                self.errors,
                format!("{p}.expires_within_days"),
                format!("{days} days is more than the highest allowed, {MAX_EXPIRY_DAYS}"),
            );
        }
        if self.errors.len() > before {
            return None;
        }
        let mut parts = Vec::new();
        if let Some(t) = &types {
            parts.push(format!("type {}", t.describe()));
        }
        if let Some(s) = &states {
            parts.push(format!("issuing state {}", s.describe()));
        }
        if let Some(n) = d.expires_within_days {
            parts.push(format!("expiring within {n} days of arrival or expired"));
        }
        Self::leaf(
            path,
            format!("a document with {}", parts.join(", ")),
            Test::Document {
                types,
                states,
                within_days: d.expires_within_days,
            },
        )
    }

    fn field(&mut self, f: &FieldPredicate, path: &str) -> Option<Node> {
        let p = format!("{path}.field");
        let Some((acc, ty)) = fields::resolve(&f.path) else {
            err(
                self.errors,
                format!("{p}.path"),
                match fields::closest_path(&f.path) {
                    Some(near) => format!(
                        "unknown field path '{}' (did you mean '{near}'?); known paths: {}",
                        f.path.trim(),
                        fields::field_paths().join(", ")
                    ),
                    None => format!(
                        "unknown field path '{}'; known paths: {}",
                        f.path.trim(),
                        fields::field_paths().join(", ")
                    ),
                },
            );
            return None;
        };
        let given: Vec<&str> = [
            ("equals", f.equals.is_some()),
            ("in", f.in_list.is_some()),
            ("not_in", f.not_in.is_some()),
            ("prefix", f.prefix.is_some()),
            ("contains", f.contains.is_some()),
            ("exists", f.exists.is_some()),
            ("between", f.between.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, present)| present.then_some(k))
        .collect();
        let op_name = match given.as_slice() {
            [one] => *one,
            [] => {
                err(
                    self.errors,
                    &p,
                    format!(
                        "give one operator for '{}': {}",
                        f.path.trim(),
                        ty.operators().join(", ")
                    ),
                );
                return None;
            }
            many => {
                err(
                    self.errors,
                    &p,
                    format!("give exactly one operator, found {}", many.join(" and ")),
                );
                return None;
            }
        };
        let op_path = format!("{p}.{op_name}");
        if !ty.operators().contains(&op_name) {
            err(
                self.errors,
                &op_path,
                format!(
                    "operator '{op_name}' does not apply to the {} field '{}'; use one of {}",
                    ty.name(),
                    f.path.trim(),
                    ty.operators().join(", ")
                ),
            );
            return None;
        }
        let field_name = f.path.trim().to_string();
        let (op, shown) = match op_name {
            "equals" | "in" | "not_in" => {
                let single;
                let (values, negate): (&[serde_json::Value], bool) = match op_name {
                    "equals" => {
                        single = f.equals.clone().map(|v| vec![v]).unwrap_or_default();
                        (&single, false)
                    }
                    "in" => (f.in_list.as_deref().unwrap_or(&[]), false),
                    _ => (f.not_in.as_deref().unwrap_or(&[]), true),
                };
                if values.is_empty() {
                    err(
                        self.errors,
                        &op_path,
                        "an empty list: give at least one value",
                    );
                    return None;
                }
                let value_path = |i: usize| {
                    if op_name == "equals" {
                        op_path.clone()
                    } else {
                        format!("{op_path}[{i}]")
                    }
                };
                let before = self.errors.len();
                let op = match ty {
                    FieldType::Text | FieldType::Country | FieldType::Airport => {
                        let mut codes = Vec::new();
                        for (i, v) in values.iter().enumerate() {
                            if let Some(c) = self.text_value(ty, &acc, v, &value_path(i)) {
                                codes.push(c);
                            }
                        }
                        codes.sort();
                        codes.dedup();
                        Op::Codes(CodeMatch { codes, negate })
                    }
                    _ => {
                        let mut lits = Vec::new();
                        for (i, v) in values.iter().enumerate() {
                            if let Some(l) = self.lit(ty, v, &value_path(i), false) {
                                lits.push(l);
                            }
                        }
                        Op::Values {
                            values: lits,
                            negate,
                        }
                    }
                };
                if self.errors.len() > before {
                    return None;
                }
                let shown = match &op {
                    Op::Codes(c) if op_name == "equals" => {
                        format!("equals {}", c.codes.join(""))
                    }
                    Op::Codes(c) => c.describe(),
                    _ => format!("{op_name} {}", json_list(values)),
                };
                (op, shown)
            }
            "prefix" | "contains" => {
                let raw = if op_name == "prefix" {
                    f.prefix.as_deref()
                } else {
                    f.contains.as_deref()
                }
                .unwrap_or("");
                let t = if acc == Accessor::LegFlightNumber {
                    raw.split_whitespace()
                        .map(normalize::text)
                        .collect::<String>()
                } else {
                    normalize::text(raw)
                };
                if t.is_empty() {
                    err(self.errors, &op_path, "an empty value");
                    return None;
                }
                let shown = format!("{op_name} '{t}'");
                let op = if op_name == "prefix" {
                    Op::Prefix(t)
                } else {
                    Op::Contains(t)
                };
                (op, shown)
            }
            "exists" => {
                let e = f.exists.unwrap_or(true);
                (
                    Op::Exists(e),
                    if e { "is given" } else { "is missing" }.to_string(),
                )
            }
            _ => {
                let b = f.between.clone().unwrap_or_default();
                self.between(ty, &b, &op_path)?
            }
        };
        Self::leaf(
            path,
            format!("{field_name} {shown}"),
            Test::Field { acc, op },
        )
    }

    fn text_value(
        &mut self,
        ty: FieldType,
        acc: &Accessor,
        v: &serde_json::Value,
        path: &str,
    ) -> Option<String> {
        let raw = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                err(
                    self.errors,
                    path,
                    format!("expected a text value, found {}", json_kind(other)),
                );
                return None;
            }
        };
        match ty {
            FieldType::Country => self.code(CodeKind::Country, &raw, path),
            FieldType::Airport => self.code(CodeKind::Airport, &raw, path),
            _ => {
                let t = if *acc == Accessor::LegFlightNumber {
                    normalize::flight(&raw)
                } else {
                    normalize::text(&raw)
                };
                if t.is_empty() {
                    err(self.errors, path, "an empty value");
                    return None;
                }
                Some(t)
            }
        }
    }

    /// A date, date-time or number; `end` reads a bare date as the end of that day (for `between.to`).
    fn lit(&mut self, ty: FieldType, v: &serde_json::Value, path: &str, end: bool) -> Option<Lit> {
        let out = match ty {
            FieldType::Number => match v.as_i64() {
                Some(n) => Ok(Lit::Number(n)),
                None => match v {
                    serde_json::Value::String(s) => s
                        .trim()
                        .parse::<i64>()
                        .map(Lit::Number)
                        .map_err(|_| format!("expected a whole number, found '{s}'")),
                    other => Err(format!("expected a whole number, found {}", json_kind(other))),
                },
            },
            FieldType::Date => match v.as_str() {
                Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map(Lit::Date)
                    .map_err(|_| format!("expected a date YYYY-MM-DD, found '{s}'")),
                None => Err(format!(
                    "expected a date YYYY-MM-DD, found {}",
                    json_kind(v)
                )),
            },
            FieldType::DateTime => match v.as_str() {
                Some(s) => parse_date_time(s.trim(), end)
                    .map(Lit::DateTime)
                    .ok_or_else(|| {
                        format!("expected a date-time YYYY-MM-DDTHH:MM[:SS] or a date YYYY-MM-DD, found '{s}'")
                    }),
                None => Err(format!(
                    "expected a date-time YYYY-MM-DDTHH:MM, found {}",
                    json_kind(v)
                )),
            },
            _ => Err("this field has no ordered values".to_string()),
        };
        match out {
            Ok(l) => Some(l),
            Err(m) => {
                err(self.errors, path, m);
                None
            }
        }
    }

    fn between(&mut self, ty: FieldType, b: &Between, path: &str) -> Option<(Op, String)> {
        if b.from.is_none() && b.to.is_none() {
            err(self.errors, path, "give from, to or both");
            return None;
        }
        let before = self.errors.len();
        let from = b
            .from
            .as_ref()
            .and_then(|v| self.lit(ty, v, &format!("{path}.from"), false));
        let to =
            b.to.as_ref()
                .and_then(|v| self.lit(ty, v, &format!("{path}.to"), true));
        if self.errors.len() > before {
            return None;
        }
        if let (Some(lo), Some(hi)) = (&from, &to) {
            if lit_cmp(lo, hi) == Some(std::cmp::Ordering::Greater) {
                err(
                    self.errors,
                    format!("{path}.from"),
                    "from is after to: the range is empty",
                );
                return None;
            }
        }
        let show = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .map(|v| v.to_string().trim_matches('"').to_string())
                .unwrap_or_else(|| "…".to_string())
        };
        let shown = format!("between {} and {}", show(&b.from), show(&b.to));
        Some((Op::Between { from, to }, shown))
    }
}

fn parse_date_time(s: &str, end: bool) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    if end {
        d.and_hms_opt(23, 59, 59)
    } else {
        d.and_hms_opt(0, 0, 0)
    }
}

pub(crate) fn lit_cmp(a: &Lit, b: &Lit) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Lit::Date(x), Lit::Date(y)) => Some(x.cmp(y)),
        (Lit::DateTime(x), Lit::DateTime(y)) => Some(x.cmp(y)),
        (Lit::Number(x), Lit::Number(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

fn json_list(values: &[serde_json::Value]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| v.to_string().trim_matches('"').to_string())
        .collect();
    format!("[{}]", parts.join(", "))
}

fn metadata(rule: &Rule, errors: &mut Vec<ValidationError>) {
    let id = rule.id.as_str();
    if id.trim().is_empty() {
        err(errors, "id", "the rule id is empty");
    } else if id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        err(
            errors,
            "id",
            format!("rule id '{id}' must be 1 to 64 letters, digits, '-', '_' or '.'"),
        );
    }
    if rule.version == 0 {
        err(errors, "version", "versions start at 1");
    }
    if rule.name.trim().is_empty() {
        err(errors, "name", "the rule name is empty");
    }
    if rule.owner.trim().is_empty() {
        err(
            errors,
            "owner",
            "the owner is empty: name the analyst or unit responsible for the rule",
        );
    }
    if let Some(to) = rule.valid_to {
        if to <= rule.valid_from {
            err(
                errors,
                "valid_to",
                format!(
                    "valid_to {} is not after valid_from {}",
                    to.to_rfc3339(),
                    rule.valid_from.to_rfc3339()
                ),
            );
        }
    }
}

/// Compile one rule; its `booked_with` sub-conditions are numbered from `slot_base`.
pub(crate) fn compile_rule(
    rule: &Rule,
    slot_base: usize,
) -> Result<(CompiledRule, Vec<Node>), Vec<ValidationError>> {
    let mut errors = Vec::new();
    metadata(rule, &mut errors);
    let mut c = Compiler {
        errors: &mut errors,
        slots: Vec::new(),
        slot_base,
    };
    let node = c.condition(&rule.condition, "condition");
    let slots = std::mem::take(&mut c.slots);
    match node {
        Some(node) if errors.is_empty() => Ok((
            CompiledRule {
                id: rule.id.trim().to_string(),
                version: rule.version,
                name: rule.name.trim().to_string(),
                severity: rule.severity,
                applies_to: rule.applies_to,
                valid_from: rule.valid_from,
                valid_to: rule.valid_to,
                node,
            },
            slots,
        )),
        _ => {
            if errors.is_empty() {
                err(
                    &mut errors,
                    "condition",
                    "the condition could not be compiled",
                );
            }
            Err(errors)
        }
    }
}

/// Every problem with a rule; empty when it can be saved.
pub fn validate(rule: &Rule) -> Vec<ValidationError> {
    match compile_rule(rule, 0) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    }
}

fn serde_error_path(path: &serde_path_to_error::Path, message: &str) -> String {
    let mut p = path.to_string();
    if p == "." {
        p.clear();
    }
    // serde names the missing or unknown key only in the message: put it in the path.
    for lead in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(lead) {
            if let Some((key, _)) = rest.split_once('`') {
                if !p.ends_with(key) {
                    p = if p.is_empty() {
                        key.to_string()
                    } else {
                        format!("{p}.{key}")
                    };
                }
            }
        }
    }
    p
}

/// Keys whose value is `{"in": [...]}` or `{"not_in": [...]}`.
const CODE_SET_KEYS: &[&str] = &[
    "origin",
    "transit",
    "destination",
    "any_airport",
    "nationality",
    "gender",
    "carrier",
    "flight",
    "type",
    "issuing_state",
];

/// serde's wording, made to say what the rule format expects where it is terse.
fn explain_serde_message(path: &str, message: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or("");
    if message == "expected value" || message.starts_with("invalid type: sequence") {
        if CODE_SET_KEYS.contains(&last) {
            return format!(
                "expected {{\"in\": [...]}} or {{\"not_in\": [...]}} (exactly one of them): {message}"
            );
        }
        return format!(
            "a condition is an object with exactly one key, e.g. {{\"nationality\": {{\"in\": [\"SYR\"]}}}}; combine several with \"all\" or \"any\": {message}"
        );
    }
    if (last == "valid_from" || last == "valid_to") && !message.starts_with("invalid type") {
        return format!("not an RFC 3339 date-time such as 2026-12-01T00:00:00Z: {message}");
    }
    message.to_string()
}

fn from_serde(e: serde_path_to_error::Error<serde_json::Error>) -> ValidationError {
    let inner = e.inner();
    let full = inner.to_string();
    // serde_json appends " at line L column C"; keep the position apart from the message.
    let message = match full.rsplit_once(" at line ") {
        Some((m, _)) if inner.line() > 0 => m.to_string(),
        _ => full.clone(),
    };
    let path = serde_error_path(e.path(), &message);
    let message = explain_serde_message(&path, &message);
    let message = if inner.line() > 0 {
        format!(
            "{message} (line {}, column {})",
            inner.line(),
            inner.column()
        )
    } else {
        message
    };
    ValidationError { path, message }
}

/// Read a rule from JSON as the UI or the API sends it, and validate it. Unknown keys, wrong types and every
/// semantic problem come back as `{path, message}`.
pub fn parse_rule(json: &str) -> Result<Rule, Vec<ValidationError>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let rule: Rule = serde_path_to_error::deserialize(&mut de).map_err(|e| vec![from_serde(e)])?;
    de.end().map_err(|e| {
        vec![ValidationError {
            path: String::new(),
            message: format!("text after the rule: {e}"),
        }]
    })?;
    let errors = validate(&rule);
    if errors.is_empty() {
        Ok(rule)
    } else {
        Err(errors)
    }
}

/// As `parse_rule`, from a JSON value already read (e.g. by the HTTP layer).
pub fn parse_rule_value(value: serde_json::Value) -> Result<Rule, Vec<ValidationError>> {
    let rule: Rule = serde_path_to_error::deserialize(value).map_err(|e| {
        let message = e.inner().to_string();
        let path = serde_error_path(e.path(), &message);
        vec![ValidationError {
            message: explain_serde_message(&path, &message),
            path,
        }]
    })?;
    let errors = validate(&rule);
    if errors.is_empty() {
        Ok(rule)
    } else {
        Err(errors)
    }
}

/// Why a rule given to `RuleSet::compile` is not in the set.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum SkipReason {
    Disabled,
    NotYetValid {
        valid_from: DateTime<Utc>,
    },
    Expired {
        valid_to: DateTime<Utc>,
    },
    /// A higher version of the same rule id was given.
    Superseded {
        by_version: u32,
    },
    /// Another rule with the same id and version came first in the list.
    DuplicateVersion,
    Invalid {
        errors: Vec<ValidationError>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedRule {
    pub id: String,
    pub version: u32,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// The rules in force at one instant, compiled for evaluation. Build a new one whenever a rule is saved (it is
/// cheap) and at `next_change()`, so a new or changed rule applies to the next message at once.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<CompiledRule>,
    /// `booked_with` sub-conditions of all rules, innermost first, with the index of their rule.
    pub(crate) slots: Vec<(usize, Node)>,
    skipped: Vec<SkippedRule>,
    next_change: Option<DateTime<Utc>>,
}

impl Default for RuleSet {
    /// No rules: evaluation finds nothing.
    fn default() -> Self {
        RuleSet {
            rules: Vec::new(),
            slots: Vec::new(),
            skipped: Vec::new(),
            next_change: None,
        }
    }
}

impl RuleSet {
    /// Keep, of each rule id, the highest version given; of those, the enabled ones valid at `now`; compile
    /// them. Rules left out (and why) are in `skipped()`.
    pub fn compile(rules: &[Rule], now: DateTime<Utc>) -> RuleSet {
        let mut latest: BTreeMap<&str, &Rule> = BTreeMap::new();
        for r in rules {
            let key = r.id.trim();
            match latest.get(key) {
                Some(prev) if prev.version >= r.version => {}
                _ => {
                    latest.insert(key, r);
                }
            }
        }
        let mut set = RuleSet::default();
        let note_change = |t: DateTime<Utc>, next: &mut Option<DateTime<Utc>>| {
            if next.is_none_or(|n| t < n) {
                *next = Some(t);
            }
        };
        for r in rules {
            let Some(top) = latest.get(r.id.trim()) else {
                continue;
            };
            if !std::ptr::eq(*top, r) {
                set.skipped.push(SkippedRule {
                    id: r.id.clone(),
                    version: r.version,
                    reason: if top.version == r.version {
                        SkipReason::DuplicateVersion
                    } else {
                        SkipReason::Superseded {
                            by_version: top.version,
                        }
                    },
                });
                continue;
            }
            let reason = if !r.enabled {
                Some(SkipReason::Disabled)
            } else if now < r.valid_from {
                note_change(r.valid_from, &mut set.next_change);
                Some(SkipReason::NotYetValid {
                    valid_from: r.valid_from,
                })
            } else {
                r.valid_to
                    .filter(|to| *to <= now)
                    .map(|to| SkipReason::Expired { valid_to: to })
            };
            if let Some(reason) = reason {
                set.skipped.push(SkippedRule {
                    id: r.id.clone(),
                    version: r.version,
                    reason,
                });
                continue;
            }
            match compile_rule(r, set.slots.len()) {
                Ok((compiled, slots)) => {
                    if let Some(to) = compiled.valid_to {
                        note_change(to, &mut set.next_change);
                    }
                    let index = set.rules.len();
                    set.slots.extend(slots.into_iter().map(|n| (index, n)));
                    set.rules.push(compiled);
                }
                Err(errors) => set.skipped.push(SkippedRule {
                    id: r.id.clone(),
                    version: r.version,
                    reason: SkipReason::Invalid { errors },
                }),
            }
        }
        set
    }

    /// The number of rules in force.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// (id, version) of the rules in force, in the order given.
    pub fn rules(&self) -> impl Iterator<Item = (&str, u32)> {
        self.rules.iter().map(|r| (r.id.as_str(), r.version))
    }

    /// The rules given to `compile` that are not in force, and why.
    pub fn skipped(&self) -> &[SkippedRule] {
        &self.skipped
    }

    /// The earliest instant after compilation at which a rule comes into force or expires: compile again then.
    pub fn next_change(&self) -> Option<DateTime<Utc>> {
        self.next_change
    }
}
