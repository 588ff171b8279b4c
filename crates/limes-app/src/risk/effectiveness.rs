//! Effectiveness: per targeting rule (pre-arrival) and selectivity rule (goods) over a span of days, what it
//! selected against what was found; every rule in force is listed, a rule that found nothing shown as such.
use super::indicators::{IndicatorError, MAX_SPAN_DAYS};
use crate::{Actor, App};
use chrono::NaiveDate;
use limes_domain::indicators::Breakdown;
use limes_store::IndicatorQuery;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Which rules: the pre-arrival targeting rules or the goods selectivity rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleFamily {
    Targeting,
    Selectivity,
}

impl RuleFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleFamily::Targeting => "targeting",
            RuleFamily::Selectivity => "selectivity",
        }
    }
}

/// One rule over the span: what it selected (hits, inspections) and what was found (confirmed hits, finds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleEffect {
    pub family: RuleFamily,
    pub rule: String,
    pub selected: u64,
    pub found: u64,
    /// found / selected; none when it selected nothing.
    pub rate: Option<f64>,
    /// Selected something and found nothing.
    pub finds_nothing: bool,
}

/// Every rule's effect over the days `from` to `to` (within the caller's BCPs), rules that found nothing first.
pub async fn effectiveness(
    app: &App,
    who: Actor<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RuleEffect>, IndicatorError> {
    if from > to || (to - from).num_days() > MAX_SPAN_DAYS {
        return Err(IndicatorError::Invalid {
            field: "from".into(),
            message: "the first day is after the last, or more than ten years before it".into(),
        });
    }
    let bcps = super::indicators::bcps_of(who, None)?;
    app.store.refresh_indicators().await?;
    let counts = app
        .store
        .indicator_counts(&IndicatorQuery {
            from,
            to,
            by: Breakdown::Total,
            bcps,
        })
        .await?;
    let mut effects: BTreeMap<(RuleFamily, String), (u64, u64)> = BTreeMap::new();
    for r in app.store.rules().await? {
        effects.entry((RuleFamily::Targeting, r.id)).or_default();
    }
    for r in app.store.goods_rules().await? {
        effects.entry((RuleFamily::Selectivity, r.id)).or_default();
    }
    for c in counts.iter().filter(|c| !c.detail.is_empty()) {
        let (family, found) = match c.indicator.as_str() {
            "paxlst_rule_hits" => (RuleFamily::Targeting, false),
            "paxlst_rule_confirmed" => (RuleFamily::Targeting, true),
            "goods_rule_inspections" => (RuleFamily::Selectivity, false),
            "goods_rule_detections" => (RuleFamily::Selectivity, true),
            _ => continue,
        };
        let e = effects.entry((family, c.detail.clone())).or_default();
        if found {
            e.1 += c.count;
        } else {
            e.0 += c.count;
        }
    }
    let mut out: Vec<RuleEffect> = effects
        .into_iter()
        .map(|((family, rule), (selected, found))| RuleEffect {
            family,
            rule,
            selected,
            found,
            rate: (selected > 0).then(|| found as f64 / selected as f64),
            finds_nothing: found == 0,
        })
        .collect();
    out.sort_by(|a, b| {
        b.finds_nothing
            .cmp(&a.finds_nothing)
            .then(a.family.cmp(&b.family))
            .then(a.rule.cmp(&b.rule))
    });
    Ok(out)
}
