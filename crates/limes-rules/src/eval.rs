//! Evaluation: the message is prepared once, the `booked_with` sub-conditions are computed once per message
//! (each over every person, then counted per booking group), and then each person is tested against each rule
//! in force — O(persons × rules). Explanations are built only for the matches.
use crate::compile::{
    lit_cmp, CodeMatch, CompiledRule, Leaf, Lit, Node, Op, RoutePart, RuleSet, Test,
};
use crate::fields::{any_value, Val};
use crate::prepared::{PreparedMessage, Role};
use crate::rule::{AppliesTo, Severity};
use chrono::{DateTime, Utc};
use limes_edifact::paxlst::PaxlstMessage;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use utoipa::ToSchema;

/// One predicate's part in a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    /// Where the predicate is in the rule JSON, e.g. `condition.all[1]`.
    pub path: String,
    /// What the predicate tests, e.g. "nationality in [IRQ, SYR]".
    pub predicate: String,
    /// Whether the predicate held; `false` appears for predicates under a `not`.
    pub matched: bool,
    /// The traveller's or message's values the predicate looked at (normalised), e.g. ["SYR"].
    pub values: Vec<String>,
}

/// A rule that matched a traveller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RuleMatch {
    pub rule_id: String,
    pub rule_version: u32,
    pub rule_name: String,
    pub severity: Severity,
    /// Index into `PaxlstMessage::persons`.
    pub person_index: usize,
    pub explanation: Vec<Explanation>,
}

struct Ctx<'a> {
    m: &'a PreparedMessage<'a>,
    /// Per slot, per person: does the person satisfy the slot's sub-condition.
    booked: &'a [Vec<bool>],
    /// Per slot, per booking group: how many members satisfy it.
    group_hits: &'a [Vec<u32>],
}

fn in_range(v: u32, min: Option<u32>, max: Option<u32>) -> bool {
    min.is_none_or(|lo| v >= lo) && max.is_none_or(|hi| v <= hi)
}

fn route_values<'m>(m: &'m PreparedMessage<'_>, part: RoutePart) -> Vec<&'m str> {
    match part {
        RoutePart::Origin => m.origin.as_deref().into_iter().collect(),
        RoutePart::Destination => m.destination.as_deref().into_iter().collect(),
        RoutePart::Transit => m.transit.iter().map(AsRef::<str>::as_ref).collect(),
        RoutePart::Any => m
            .origin
            .iter()
            .chain(m.transit.iter())
            .chain(m.destination.iter())
            .map(AsRef::<str>::as_ref)
            .collect(),
    }
}

fn route_test(m: &PreparedMessage<'_>, part: RoutePart, set: &CodeMatch) -> bool {
    let origin = m.origin.as_deref();
    let destination = m.destination.as_deref();
    match part {
        RoutePart::Origin => set.test(origin),
        RoutePart::Destination => set.test(destination),
        RoutePart::Transit => set.test(m.transit.iter().map(AsRef::<str>::as_ref)),
        RoutePart::Any => set.test(
            origin
                .into_iter()
                .chain(m.transit.iter().map(AsRef::<str>::as_ref))
                .chain(destination),
        ),
    }
}

fn lit_eq(v: Val<'_>, l: &Lit) -> bool {
    val_cmp(v, l) == Some(Ordering::Equal)
}

fn val_cmp(v: Val<'_>, l: &Lit) -> Option<Ordering> {
    let as_lit = match v {
        Val::Date(d) => Lit::Date(d),
        Val::DateTime(t) => Lit::DateTime(t),
        Val::Number(n) => Lit::Number(n),
        Val::Text(_) => return None,
    };
    lit_cmp(&as_lit, l)
}

fn op_on_value(op: &Op, v: Val<'_>) -> bool {
    match op {
        Op::Codes(set) => match v {
            Val::Text(s) => set.contains(s),
            _ => false,
        },
        Op::Values { values, .. } => values.iter().any(|l| lit_eq(v, l)),
        Op::Prefix(p) => matches!(v, Val::Text(s) if s.starts_with(p.as_str())),
        Op::Contains(p) => matches!(v, Val::Text(s) if s.contains(p.as_str())),
        Op::Exists(_) => true,
        Op::Between { from, to } => {
            from.as_ref().is_none_or(|lo| {
                matches!(val_cmp(v, lo), Some(Ordering::Greater | Ordering::Equal))
            }) && to
                .as_ref()
                .is_none_or(|hi| matches!(val_cmp(v, hi), Some(Ordering::Less | Ordering::Equal)))
        }
    }
}

fn field_test(ctx: &Ctx<'_>, p: usize, acc: &crate::fields::Accessor, op: &Op) -> bool {
    let negate = match op {
        Op::Codes(c) => c.negate,
        Op::Values { negate, .. } => *negate,
        _ => false,
    };
    let mut seen = false;
    let hit = any_value(acc, ctx.m, p, |v| {
        seen = true;
        op_on_value(op, v)
    });
    match op {
        Op::Exists(want) => seen == *want,
        _ if negate => seen && !hit,
        _ => hit,
    }
}

fn document_ok(
    ctx: &Ctx<'_>,
    d: &crate::prepared::PDoc<'_>,
    types: &Option<CodeMatch>,
    states: &Option<CodeMatch>,
    within_days: Option<u32>,
) -> bool {
    types.as_ref().is_none_or(|t| t.test([d.doc_type.as_ref()]))
        && states
            .as_ref()
            .is_none_or(|s| s.test([d.issuing_state.as_ref()]))
        && within_days.is_none_or(|n| {
            match (
                d.expiry_date,
                ctx.m
                    .arrival_date
                    .checked_add_days(chrono::Days::new(u64::from(n))),
            ) {
                (Some(exp), Some(limit)) => exp <= limit,
                _ => false,
            }
        })
}

fn leaf_test(leaf: &Leaf, ctx: &Ctx<'_>, p: usize) -> bool {
    let Some(person) = ctx.m.persons.get(p) else {
        return false;
    };
    match &leaf.test {
        Test::Route(part, set) => route_test(ctx.m, *part, set),
        Test::Nationality(set) => set.test([person.nationality.as_ref()]),
        Test::Gender(set) => set.test([person.gender.as_ref()]),
        Test::Carrier(set) => set.test(ctx.m.legs.iter().map(|l| l.carrier.as_ref())),
        Test::Flight(set) => set.test(ctx.m.legs.iter().map(|l| l.flight.as_ref())),
        Test::Document {
            types,
            states,
            within_days,
        } => person
            .documents
            .iter()
            .any(|d| document_ok(ctx, d, types, states, *within_days)),
        Test::Age { min, max } => person.age.is_some_and(|a| in_range(a, *min, *max)),
        Test::GroupSize { min, max } => person.group.is_some_and(|_| {
            let size = u32::try_from(ctx.m.group_members(p).len()).unwrap_or(u32::MAX);
            in_range(size, *min, *max)
        }),
        Test::BookedWith { slot } => {
            let Some(g) = person.group else {
                return false;
            };
            let hits = ctx
                .group_hits
                .get(*slot)
                .and_then(|h| h.get(g))
                .copied()
                .unwrap_or(0);
            let own = ctx
                .booked
                .get(*slot)
                .and_then(|b| b.get(p))
                .copied()
                .unwrap_or(false);
            hits > u32::from(own)
        }
        Test::Field { acc, op } => field_test(ctx, p, acc, op),
    }
}

fn eval(node: &Node, ctx: &Ctx<'_>, p: usize) -> bool {
    match node {
        Node::All(list) => list.iter().all(|n| eval(n, ctx, p)),
        Node::Any(list) => list.iter().any(|n| eval(n, ctx, p)),
        Node::Not(inner) => !eval(inner, ctx, p),
        Node::Leaf(leaf) => leaf_test(leaf, ctx, p),
    }
}

/// The values a leaf looked at, for the explanation.
fn leaf_values(leaf: &Leaf, ctx: &Ctx<'_>, p: usize) -> Vec<String> {
    let Some(person) = ctx.m.persons.get(p) else {
        return Vec::new();
    };
    let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match &leaf.test {
        Test::Route(part, _) => route_values(ctx.m, *part)
            .into_iter()
            .map(str::to_string)
            .collect(),
        Test::Nationality(_) => nonempty(&person.nationality).into_iter().collect(),
        Test::Gender(_) => nonempty(&person.gender).into_iter().collect(),
        Test::Carrier(_) => ctx
            .m
            .legs
            .iter()
            .filter_map(|l| nonempty(&l.carrier))
            .collect(),
        Test::Flight(_) => ctx
            .m
            .legs
            .iter()
            .filter_map(|l| nonempty(&l.flight))
            .collect(),
        Test::Document {
            types,
            states,
            within_days,
        } => {
            let describe = |d: &crate::prepared::PDoc<'_>| {
                let expiry = d
                    .expiry_date
                    .map(|e| format!(" expires {}", e.format("%Y-%m-%d")))
                    .unwrap_or_else(|| " no expiry date".to_string());
                format!(
                    "{} {} issued by {}{expiry}",
                    d.doc_type, d.number, d.issuing_state
                )
            };
            let matching: Vec<String> = person
                .documents
                .iter()
                .filter(|d| document_ok(ctx, d, types, states, *within_days))
                .map(describe)
                .collect();
            let mut out = if matching.is_empty() {
                person.documents.iter().map(describe).collect()
            } else {
                matching
            };
            if within_days.is_some() {
                out.push(format!("arrival {}", ctx.m.arrival_date.format("%Y-%m-%d")));
            }
            out
        }
        Test::Age { .. } => match (person.age, person.birth_date) {
            (Some(a), Some(b)) => vec![format!(
                "{a} (born {}, arrival {})",
                b.format("%Y-%m-%d"),
                ctx.m.arrival_date.format("%Y-%m-%d")
            )],
            _ => vec!["no birth date".to_string()],
        },
        Test::GroupSize { .. } => match person.group {
            Some(_) => vec![format!(
                "{} on booking {}",
                ctx.m.group_members(p).len(),
                person.booking_reference
            )],
            None => vec!["no booking reference".to_string()],
        },
        Test::BookedWith { slot } => {
            let flags = ctx.booked.get(*slot);
            let companions: Vec<String> = ctx
                .m
                .group_members(p)
                .iter()
                .filter(|&&q| q != p && flags.and_then(|f| f.get(q)).copied().unwrap_or(false))
                .map(|&q| {
                    let name = ctx
                        .m
                        .persons
                        .get(q)
                        .map(|o| format!("{} {}", o.surname, o.given_names))
                        .unwrap_or_default();
                    format!(
                        "person {q}: {} (booking {})",
                        name.trim(),
                        person.booking_reference
                    )
                })
                .collect();
            if person.group.is_none() {
                vec!["no booking reference".to_string()]
            } else {
                companions
            }
        }
        Test::Field { acc, .. } => {
            let mut out = Vec::new();
            any_value(acc, ctx.m, p, |v| {
                out.push(v.display());
                false
            });
            out
        }
    }
}

/// Record the predicates that gave `node` its result `result` for person `p`: under a node that is true,
/// the children that are true; under one that is false, the children that are false (for `all`, the ones
/// that failed; for `any`, all of them); a `not` passes the opposite result down. Only matches are explained,
/// so the re-evaluation here costs nothing on the common path.
fn explain(node: &Node, ctx: &Ctx<'_>, p: usize, result: bool, out: &mut Vec<Explanation>) {
    match node {
        Node::All(list) | Node::Any(list) => {
            for n in list {
                if eval(n, ctx, p) == result {
                    explain(n, ctx, p, result, out);
                }
            }
        }
        Node::Not(inner) => explain(inner, ctx, p, !result, out),
        Node::Leaf(leaf) => out.push(Explanation {
            path: leaf.path.clone(),
            predicate: leaf.label.clone(),
            matched: result,
            values: leaf_values(leaf, ctx, p),
        }),
    }
}

fn applies(rule: &CompiledRule, role: Role) -> bool {
    match rule.applies_to {
        AppliesTo::Both => true,
        AppliesTo::Passengers => role == Role::Passenger,
        AppliesTo::Crew => role == Role::Crew,
    }
}

fn in_force(rule: &CompiledRule, now: DateTime<Utc>) -> bool {
    rule.valid_from <= now && rule.valid_to.is_none_or(|to| now < to)
}

/// Every rule match for every person of the message, ordered by person, then severity (highest first), then
/// rule id. Rules of the set that are not valid at `now` (the set was compiled earlier) are left out.
pub fn evaluate(set: &RuleSet, msg: &PaxlstMessage, now: DateTime<Utc>) -> Vec<RuleMatch> {
    let m = PreparedMessage::new(msg, now);
    let live: Vec<bool> = set.rules.iter().map(|r| in_force(r, now)).collect();
    let mut booked: Vec<Vec<bool>> = Vec::with_capacity(set.slots.len());
    let mut group_hits: Vec<Vec<u32>> = Vec::with_capacity(set.slots.len());
    for (rule_index, node) in &set.slots {
        // Without bookings there are no companions; a rule not in force needs none either.
        if m.groups.is_empty() || !live.get(*rule_index).copied().unwrap_or(false) {
            booked.push(Vec::new());
            group_hits.push(Vec::new());
            continue;
        }
        // Inner slots have lower indices, so they are ready when an outer one refers to them.
        let flags: Vec<bool> = {
            let ctx = Ctx {
                m: &m,
                booked: &booked,
                group_hits: &group_hits,
            };
            // Only members of a booking group can be someone's companion.
            m.persons
                .iter()
                .enumerate()
                .map(|(p, person)| person.group.is_some() && eval(node, &ctx, p))
                .collect()
        };
        let mut hits = vec![0u32; m.groups.len()];
        for (p, person) in m.persons.iter().enumerate() {
            if let (Some(g), Some(true)) = (person.group, flags.get(p)) {
                if let Some(h) = hits.get_mut(g) {
                    *h += 1;
                }
            }
        }
        booked.push(flags);
        group_hits.push(hits);
    }
    let ctx = Ctx {
        m: &m,
        booked: &booked,
        group_hits: &group_hits,
    };
    let mut out = Vec::new();
    for (p, person) in m.persons.iter().enumerate() {
        let first = out.len();
        for (rule, _) in set
            .rules
            .iter()
            .zip(&live)
            .filter(|(r, live)| **live && applies(r, person.role_kind))
        {
            if eval(&rule.node, &ctx, p) {
                let mut explanation = Vec::new();
                explain(&rule.node, &ctx, p, true, &mut explanation);
                out.push(RuleMatch {
                    rule_id: rule.id.clone(),
                    rule_version: rule.version,
                    rule_name: rule.name.clone(),
                    severity: rule.severity,
                    person_index: p,
                    explanation,
                });
            }
        }
        if let Some(mine) = out.get_mut(first..) {
            mine.sort_by(|a, b| {
                b.severity
                    .cmp(&a.severity)
                    .then_with(|| a.rule_id.cmp(&b.rule_id))
            });
        }
    }
    out
}
