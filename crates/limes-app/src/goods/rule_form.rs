//! The analysts' rule editor as a form: a rule read into the form's fields (to edit it) and the fields read back
//! into the rule's JSON (to preview its expected rates or save it as the next version), and retiring a rule (a
//! new version out of force from now). The page calls these; the rules themselves are `super::rules`.
use super::rules::{preview, save_rule, RatePreview};
use super::GoodsError;
use crate::{Actor, App};
use chrono::{DateTime, NaiveDate, Utc};
use limes_rules::goods::{parse_goods_rule, GoodsPredicate, GoodsRule};
use limes_store::StoredGoodsRule;
use serde::{Deserialize, Serialize};

/// How many conditions the form offers (every one filled must hold).
pub const FORM_CONDITIONS: usize = 4;

/// The kinds of condition the form offers, by the name the rule's JSON gives them.
pub const CONDITION_KINDS: &[&str] = &[
    "hs_prefix",
    "origin_country",
    "routing_country",
    "destination_country",
    "party",
    "carrier",
    "transport_nationality",
    "procedure",
    "description_contains",
    "value_below_norm",
    "container_anomaly",
    "previous_finds",
    "watchlist_hit",
];

/// One condition as the form holds it: its kind and its value (a comma-separated list, a ratio, a count, or
/// nothing for a container anomaly).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormCondition {
    pub kind: String,
    pub value: String,
}

/// The rule editor's fields, as posted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleForm {
    pub id: String,
    pub name: String,
    pub description: String,
    pub lane: String,
    pub weight: String,
    /// `YYYY-MM-DD` (from the start of that day, UTC).
    pub valid_from: String,
    /// `YYYY-MM-DD` (until the start of that day, UTC), or empty.
    pub valid_to: String,
    pub enabled: bool,
    pub conditions: Vec<FormCondition>,
}

impl RuleForm {
    /// An empty form for a new rule, valid from `today`, with room for every condition.
    pub fn blank(today: NaiveDate) -> RuleForm {
        RuleForm {
            lane: "red".into(),
            weight: "100".into(),
            valid_from: today.format("%Y-%m-%d").to_string(),
            enabled: true,
            conditions: vec![FormCondition::default(); FORM_CONDITIONS],
            ..RuleForm::default()
        }
    }

    /// The form of a saved rule, to edit it.
    pub fn of(rule: &GoodsRule) -> RuleForm {
        let mut conditions: Vec<FormCondition> = rule.when.iter().map(condition_of).collect();
        conditions.resize(
            conditions.len().max(FORM_CONDITIONS),
            FormCondition::default(),
        );
        RuleForm {
            id: rule.id.clone(),
            name: rule.name.clone(),
            description: rule.description.clone(),
            lane: rule.lane.as_str().into(),
            weight: rule.weight.to_string(),
            valid_from: rule.valid_from.format("%Y-%m-%d").to_string(),
            valid_to: rule
                .valid_to
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            enabled: rule.enabled,
            conditions,
        }
    }
}

fn condition_of(p: &GoodsPredicate) -> FormCondition {
    let list = |kind: &str, l: &[String]| FormCondition {
        kind: kind.into(),
        value: l.join(", "),
    };
    match p {
        GoodsPredicate::HsPrefix(l) => list("hs_prefix", l),
        GoodsPredicate::OriginCountry(l) => list("origin_country", l),
        GoodsPredicate::RoutingCountry(l) => list("routing_country", l),
        GoodsPredicate::DestinationCountry(l) => list("destination_country", l),
        GoodsPredicate::Party(l) => list("party", l),
        GoodsPredicate::Carrier(l) => list("carrier", l),
        GoodsPredicate::TransportNationality(l) => list("transport_nationality", l),
        GoodsPredicate::Procedure(l) => list("procedure", l),
        GoodsPredicate::DescriptionContains(l) => list("description_contains", l),
        GoodsPredicate::ValueBelowNorm { ratio } => FormCondition {
            kind: "value_below_norm".into(),
            value: ratio.to_string(),
        },
        GoodsPredicate::ContainerAnomaly => FormCondition {
            kind: "container_anomaly".into(),
            value: String::new(),
        },
        GoodsPredicate::WatchlistHit => FormCondition {
            kind: "watchlist_hit".into(),
            value: String::new(),
        },
        GoodsPredicate::PreviousFinds { at_least } => FormCondition {
            kind: "previous_finds".into(),
            value: at_least.to_string(),
        },
    }
}

fn day(field: &str, text: &str) -> Result<Option<DateTime<Utc>>, GoodsError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Some(t.and_utc()))
        .ok_or_else(|| GoodsError::invalid(field, format!("'{text}' is not a date (YYYY-MM-DD)")))
}

fn predicate_json(i: usize, c: &FormCondition) -> Result<Option<serde_json::Value>, GoodsError> {
    let kind = c.kind.trim();
    if kind.is_empty() {
        return Ok(None);
    }
    let field = format!("when[{i}]");
    if !CONDITION_KINDS.contains(&kind) {
        return Err(GoodsError::invalid(
            field,
            format!("unknown kind of condition '{kind}'"),
        ));
    }
    let value = c.value.trim();
    Ok(Some(match kind {
        "container_anomaly" => serde_json::json!("container_anomaly"),
        "watchlist_hit" => serde_json::json!("watchlist_hit"),
        "value_below_norm" => {
            let ratio: f64 = value.parse().map_err(|_| {
                GoodsError::invalid(
                    &field,
                    format!("'{value}' is not a ratio (0.5 for half the norm)"),
                )
            })?;
            serde_json::json!({"value_below_norm": {"ratio": ratio}})
        }
        "previous_finds" => {
            let at_least: u32 = value.parse().map_err(|_| {
                GoodsError::invalid(&field, format!("'{value}' is not a number of finds"))
            })?;
            serde_json::json!({"previous_finds": {"at_least": at_least}})
        }
        list => {
            let words: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            serde_json::json!({ list: words })
        }
    }))
}

/// The rule's JSON from the form, as version `version`.
pub fn rule_json(form: &RuleForm, version: u32) -> Result<serde_json::Value, GoodsError> {
    let weight: u32 = form.weight.trim().parse().map_err(|_| {
        GoodsError::invalid(
            "weight",
            format!("'{}' is not a weight (1 to 100)", form.weight),
        )
    })?;
    let valid_from = day("valid_from", &form.valid_from)?
        .ok_or_else(|| GoodsError::invalid("valid_from", "a rule needs the day it starts"))?;
    let valid_to = day("valid_to", &form.valid_to)?;
    let mut when = Vec::new();
    for (i, c) in form.conditions.iter().enumerate() {
        if let Some(p) = predicate_json(i, c)? {
            when.push(p);
        }
    }
    Ok(serde_json::json!({
        "id": form.id.trim(),
        "version": version,
        "name": form.name.trim(),
        "description": form.description.trim(),
        "lane": form.lane.trim(),
        "weight": weight,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "enabled": form.enabled,
        "when": when,
    }))
}

/// The version the form's rule is saved as: one more than the latest of its id (1 for a new id).
async fn next_version(app: &App, id: &str) -> Result<u32, GoodsError> {
    Ok(app
        .store
        .goods_rule_versions(id.trim())
        .await?
        .first()
        .map_or(1, |r| r.version + 1))
}

/// The expected rates per lane with the form's rule in force, before it is saved.
pub async fn preview_form(app: &App, form: &RuleForm) -> Result<RatePreview, GoodsError> {
    let version = next_version(app, &form.id).await?;
    preview(app, rule_json(form, version)?).await
}

/// Save the form's rule as the next version of its id; live at once.
pub async fn save_form(
    app: &App,
    who: Actor<'_>,
    form: &RuleForm,
) -> Result<StoredGoodsRule, GoodsError> {
    let version = next_version(app, &form.id).await?;
    save_rule(app, who, rule_json(form, version)?).await
}

/// Retire a rule: its next version, disabled and valid only until now. Its history and hit rate stay.
pub async fn retire(app: &App, who: Actor<'_>, id: &str) -> Result<StoredGoodsRule, GoodsError> {
    let latest = app
        .store
        .goods_rule_versions(id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| GoodsError::NotFound(format!("rule {id}")))?;
    let mut rule = parse_goods_rule(latest.rule).map_err(|_| {
        GoodsError::Conflict(format!("rule {id} as stored cannot be read: save it anew"))
    })?;
    let now = app.clock.now();
    rule.version = latest.version + 1;
    rule.enabled = false;
    rule.valid_to = Some(now.max(rule.valid_from + chrono::Duration::seconds(1)));
    let json =
        serde_json::to_value(&rule).map_err(|e| GoodsError::invalid("rule", e.to_string()))?;
    save_rule(app, who, json).await
}

/// The rule of a stored version, for the form.
pub fn read_stored(rule: &StoredGoodsRule) -> Option<GoodsRule> {
    parse_goods_rule(rule.rule.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RuleForm {
        let mut f = RuleForm::blank(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap_or_default());
        f.id = "R-TOB".into();
        f.name = "Cigarettes from the free zone".into();
        f.lane = "yellow".into();
        f.weight = "60".into();
        f.conditions[0] = FormCondition {
            kind: "hs_prefix".into(),
            value: "2402, 2403".into(),
        };
        f.conditions[2] = FormCondition {
            kind: "value_below_norm".into(),
            value: "0.5".into(),
        };
        f
    }

    #[test]
    fn a_form_reads_into_a_rule_and_back() {
        let json = rule_json(&form(), 3).unwrap();
        let rule = parse_goods_rule(json).unwrap();
        assert_eq!(rule.version, 3);
        assert_eq!(rule.weight, 60);
        assert_eq!(
            rule.when,
            [
                GoodsPredicate::HsPrefix(vec!["2402".into(), "2403".into()]),
                GoodsPredicate::ValueBelowNorm { ratio: 0.5 }
            ]
        );
        let back = RuleForm::of(&rule);
        assert_eq!(back.conditions[0], form().conditions[0]);
        assert_eq!(back.conditions[1].kind, "value_below_norm");
        assert_eq!(back.conditions.len(), FORM_CONDITIONS);
        assert_eq!(back.valid_from, "2026-05-04");
    }

    #[test]
    fn a_wrong_field_is_named() {
        let mut f = form();
        f.weight = "heavy".into();
        assert!(
            matches!(rule_json(&f, 1), Err(GoodsError::Invalid { field, .. }) if field == "weight")
        );
        let mut f = form();
        f.conditions[1] = FormCondition {
            kind: "previous_finds".into(),
            value: "many".into(),
        };
        assert!(
            matches!(rule_json(&f, 1), Err(GoodsError::Invalid { field, .. }) if field == "when[1]")
        );
        let mut f = form();
        f.valid_to = "tomorrow".into();
        assert!(
            matches!(rule_json(&f, 1), Err(GoodsError::Invalid { field, .. }) if field == "valid_to")
        );
    }
}
