//! The analysts' selectivity rules: saved as new versions and live at once, the expected rate per lane before a
//! rule goes live (evaluated over the last stored declarations), and each rule's hit rate from the inspections.
use super::GoodsError;
use crate::{Actor, App};
use chrono::{DateTime, Utc};
use limes_rules::goods::{
    expected_rates, in_force, parse_goods_rule, ExpectedRates, GoodsRule, GoodsRuleSet,
};
use limes_store::sync::{NodeRole, RecordKind};
use limes_store::{DeclarationFilter, GoodsRuleStats, GoodsRules, StoredGoodsRule};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// How many stored declarations the expected-rate preview reads.
pub const PREVIEW_DECLARATIONS: usize = 1000;

/// How long the stored rules read for one declaration serve the next ones. A rule saved in this process is in
/// force at once (the cache is dropped); one saved by another process sharing the database within this time.
const RULES_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// The stored rules last read, per store (several apps may share a process, as in the tests): when read, the
/// store (weakly: an entry whose store is gone is stale, whatever store now has its address), and the rules.
type RulesCache = std::collections::HashMap<
    usize,
    (
        std::time::Instant,
        std::sync::Weak<dyn limes_store::Store>,
        Arc<Vec<GoodsRule>>,
    ),
>;

fn cache() -> &'static parking_lot::Mutex<RulesCache> {
    static CACHE: std::sync::OnceLock<parking_lot::Mutex<RulesCache>> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn store_key(app: &App) -> usize {
    Arc::as_ptr(&app.store) as *const () as usize
}

/// The stored rules, read (at most every [`RULES_FRESH_FOR`]) and compiled for `now`. A stored rule that no
/// longer reads is left out loudly.
pub async fn goods_rules_in_force(
    app: &App,
    now: DateTime<Utc>,
) -> Result<GoodsRuleSet, GoodsError> {
    let key = store_key(app);
    let cached = cache()
        .lock()
        .get(&key)
        .filter(|(at, store, _)| at.elapsed() < RULES_FRESH_FOR && store.strong_count() > 0)
        .map(|(_, _, rules)| rules.clone());
    let rules = match cached {
        Some(rules) => rules,
        None => {
            let rules = Arc::new(stored_rules(app).await?);
            cache().lock().insert(
                key,
                (
                    std::time::Instant::now(),
                    Arc::downgrade(&app.store),
                    rules.clone(),
                ),
            );
            rules
        }
    };
    Ok(GoodsRuleSet::compile(&rules, now))
}

/// Whether this database is a BCP node: it selects with the rules the centre last sent it and writes none.
async fn is_bcp_node(app: &App) -> Result<bool, GoodsError> {
    let Some(sync) = app.sync.as_deref() else {
        return Ok(false);
    };
    Ok(sync.sync_identity().await?.map(|id| id.role) == Some(NodeRole::Bcp))
}

/// The latest version of every rule: at a BCP node those the centre last sent (kept while the link is cut),
/// elsewhere those saved here.
pub async fn latest_rules(app: &App) -> Result<Vec<StoredGoodsRule>, GoodsError> {
    match app.sync.as_deref() {
        Some(sync) if is_bcp_node(app).await? => {
            let mut rules = Vec::new();
            let mut after = None;
            loop {
                let page = sync
                    .synced_records(GoodsRules::KIND, after.clone(), RULES_PER_PAGE)
                    .await?;
                let Some(last) = page.last() else { break };
                after = Some((last.origin.clone(), last.key.clone()));
                let full = page.len() == RULES_PER_PAGE;
                for record in page {
                    match serde_json::from_str::<StoredGoodsRule>(&record.json) {
                        Ok(rule) => rules.push(rule),
                        Err(e) => {
                            tracing::error!(rule = %record.key, error = %e, "received goods rule cannot be read")
                        }
                    }
                }
                if !full {
                    break;
                }
            }
            Ok(rules)
        }
        _ => Ok(app.store.goods_rules().await?),
    }
}

/// How many received rules one read of the sync table takes.
const RULES_PER_PAGE: usize = 500;

async fn stored_rules(app: &App) -> Result<Vec<GoodsRule>, GoodsError> {
    let mut rules = Vec::new();
    for r in latest_rules(app).await? {
        match parse_goods_rule(r.rule.clone()) {
            Ok(rule) => rules.push(rule),
            Err(errors) => {
                tracing::error!(rule = %r.id, version = r.version, ?errors, "stored goods rule cannot be read")
            }
        }
    }
    Ok(rules)
}

fn read_rule(json: serde_json::Value) -> Result<GoodsRule, GoodsError> {
    parse_goods_rule(json).map_err(|errors| {
        let first = errors.first();
        GoodsError::Invalid {
            field: format!("rule.{}", first.map(|e| e.path.as_str()).unwrap_or("")),
            message: first.map(|e| e.message.clone()).unwrap_or_default(),
            details: serde_json::to_value(
                errors
                    .iter()
                    .map(|e| serde_json::json!({"path": e.path, "message": e.message}))
                    .collect::<Vec<_>>(),
            )
            .ok(),
        }
    })
}

/// Save a rule as its next version; it is in force for the next declaration.
#[tracing::instrument(skip_all)]
pub async fn save_rule(
    app: &App,
    who: Actor<'_>,
    json: serde_json::Value,
) -> Result<StoredGoodsRule, GoodsError> {
    let rule = read_rule(json)?;
    if is_bcp_node(app).await? {
        return Err(GoodsError::Forbidden(
            "selectivity rules are written at the centre; this BCP node selects with those it received".into(),
        ));
    }
    let latest = app
        .store
        .goods_rule_versions(&rule.id)
        .await?
        .first()
        .map(|r| r.version)
        .unwrap_or(0);
    if rule.version != latest + 1 {
        return Err(GoodsError::invalid(
            "rule.version",
            format!(
                "rule '{}' is at version {latest}: save this change as version {}",
                rule.id,
                latest + 1
            ),
        ));
    }
    let now = app.clock.now();
    let stored = StoredGoodsRule {
        id: rule.id.clone(),
        version: rule.version,
        saved_by: who.name().to_string(),
        saved_at: now,
        rule: serde_json::to_value(&rule)
            .map_err(|e| GoodsError::invalid("rule", e.to_string()))?,
    };
    let mut audit = who.audit(now, "goods.rule.save");
    audit.subject = Some(format!("goods_rule:{}", rule.id));
    audit.detail = format!("version {}, lane {}", rule.version, rule.lane.as_str());
    app.store.save_goods_rule(stored.clone(), audit).await?;
    // Live at once: the next declaration reads the rules again.
    cache().lock().remove(&store_key(app));
    Ok(stored)
}

/// The expected rates per lane with `candidate` in force in place of its earlier version, beside the rates of
/// the rules in force now, over the last stored declarations.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RatePreview {
    pub now: ExpectedRates,
    pub with_candidate: ExpectedRates,
}

#[tracing::instrument(skip_all)]
pub async fn preview(app: &App, candidate: serde_json::Value) -> Result<RatePreview, GoodsError> {
    let candidate = read_rule(candidate)?;
    let now = app.clock.now();
    let stored = stored_rules(app).await?;
    let current = GoodsRuleSet::compile(&stored, now);
    let mut with: Vec<GoodsRule> = stored
        .into_iter()
        .filter(|r| r.id != candidate.id)
        .collect();
    // The preview shows the rule as if live now, whatever its validity period says.
    let mut live = candidate;
    live.enabled = true;
    live.valid_from = live.valid_from.min(now);
    live.valid_to = None;
    with.push(live);
    let candidate_set = GoodsRuleSet::compile(&with, now);
    let past = app
        .store
        .declarations(&DeclarationFilter {
            limit: PREVIEW_DECLARATIONS,
            ..DeclarationFilter::default()
        })
        .await?;
    let context = super::parties::context_of_past(app, &past).await?;
    let policy = &app.config.goods.selectivity;
    let declarations: Vec<_> = past.iter().map(|d| &d.declaration).collect();
    Ok(RatePreview {
        now: expected_rates(declarations.iter().copied(), &current, &context, policy),
        with_candidate: expected_rates(
            declarations.iter().copied(),
            &candidate_set,
            &context,
            policy,
        ),
    })
}

/// A rule with its hit rate: how many declarations it selected, were inspected, had a find.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GoodsRuleWithStats {
    pub rule: StoredGoodsRule,
    pub in_force: bool,
    pub stats: GoodsRuleStats,
    /// Finds per inspection, when it was inspected at all.
    pub hit_rate: Option<f64>,
    /// Inspected at least once and never found anything.
    pub never_found: bool,
}

#[tracing::instrument(skip_all)]
pub async fn rules_with_stats(app: &App) -> Result<Vec<GoodsRuleWithStats>, GoodsError> {
    let now = app.clock.now();
    let stats = app.store.goods_rule_stats().await?;
    Ok(latest_rules(app)
        .await?
        .into_iter()
        .map(|rule| {
            let stats = stats
                .iter()
                .find(|s| s.rule_id == rule.id)
                .cloned()
                .unwrap_or_else(|| GoodsRuleStats {
                    rule_id: rule.id.clone(),
                    ..GoodsRuleStats::default()
                });
            let in_force = parse_goods_rule(rule.rule.clone()).is_ok_and(|r| in_force(&r, now));
            GoodsRuleWithStats {
                hit_rate: (stats.inspected > 0)
                    .then(|| stats.found as f64 / stats.inspected as f64),
                never_found: stats.inspected > 0 && stats.found == 0,
                in_force,
                stats,
                rule,
            }
        })
        .collect())
}
