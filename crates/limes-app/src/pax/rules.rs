//! The analysts' targeting rules: saving a new version, the rules in force, how often each fired.
use crate::error::{invalid, store_class, ErrorClass, UseCaseError};
use crate::{Actor, App, RulesInForce};
use limes_store::{RuleStats, StoreError, StoredRule};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The rule JSON is wrong: every problem, each with its path in the rule.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error(
        "rule.version: rule '{id}' is at version {latest}: save this change as version {next}"
    )]
    WrongVersion { id: String, latest: u32, next: u32 },
    #[error("not found: rule {0}")]
    NotFound(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl UseCaseError for RuleError {
    fn class(&self) -> ErrorClass {
        match self {
            RuleError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            RuleError::WrongVersion { .. } => invalid("rule.version"),
            RuleError::NotFound(_) => ErrorClass::NotFound,
            RuleError::Internal(_) => ErrorClass::Internal,
            RuleError::Store(e) => store_class(e),
        }
    }
}

/// The rules in force for the next message: recompiled when the stored rules changed (saved here or by another
/// process) or when a rule's validity period began or ended since the last compile.
#[tracing::instrument(skip_all)]
pub async fn rules_in_force(app: &App) -> Result<Arc<RulesInForce>, StoreError> {
    let now = app.clock.now();
    let stored = app.store.rules().await?;
    let fingerprint: Vec<(String, u32)> =
        stored.iter().map(|r| (r.id.clone(), r.version)).collect();
    let current = app.rules.load_full();
    let due = current.set.next_change().is_some_and(|t| t <= now);
    if current.fingerprint == fingerprint && !due {
        return Ok(current);
    }
    let mut rules = Vec::with_capacity(stored.len());
    for r in stored {
        match limes_rules::parse_rule_value(r.rule.clone()) {
            Ok(rule) => rules.push(rule),
            // Saved rules were validated; one that no longer reads is left out loudly, not silently.
            Err(errors) => {
                tracing::error!(rule = %r.id, version = r.version, ?errors, "stored rule cannot be read")
            }
        }
    }
    let fresh = Arc::new(RulesInForce {
        set: limes_rules::RuleSet::compile(&rules, now),
        fingerprint,
        rules,
        compiled_at: now,
    });
    app.rules.store(fresh.clone());
    Ok(fresh)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleWithStats {
    pub rule: StoredRule,
    /// In force now (enabled and within its validity period).
    pub in_force: bool,
    pub stats: RuleStats,
}

/// The targeting rules (latest versions) with how often each fired and how its hits were reviewed.
#[tracing::instrument(skip_all)]
pub async fn rules_with_stats(app: &App) -> Result<Vec<RuleWithStats>, RuleError> {
    let force = rules_in_force(app).await?;
    let in_force: std::collections::HashSet<(String, u32)> = force
        .set
        .rules()
        .map(|(id, v)| (id.to_string(), v))
        .collect();
    let stats = app.store.rule_stats().await?;
    Ok(app
        .store
        .rules()
        .await?
        .into_iter()
        .map(|rule| RuleWithStats {
            in_force: in_force.contains(&(rule.id.clone(), rule.version)),
            stats: stats
                .iter()
                .find(|s| s.rule_id == rule.id)
                .cloned()
                .unwrap_or_else(|| RuleStats {
                    rule_id: rule.id.clone(),
                    ..RuleStats::default()
                }),
            rule,
        })
        .collect())
}

/// Every version of one rule, newest first.
#[tracing::instrument(skip_all, fields(rule_id = id))]
pub async fn rule_versions(app: &App, id: &str) -> Result<Vec<StoredRule>, RuleError> {
    let versions = app.store.rule_versions(id).await?;
    if versions.is_empty() {
        return Err(RuleError::NotFound(id.to_string()));
    }
    Ok(versions)
}

/// Validate and save a rule as its next version; the rule applies to the next message at once.
#[tracing::instrument(skip_all)]
pub async fn save_rule(app: &App, who: Actor<'_>, json: &str) -> Result<StoredRule, RuleError> {
    let rule = limes_rules::parse_rule(json).map_err(|errors| RuleError::Invalid {
        field: errors
            .first()
            .map(|e| format!("rule.{}", e.path).trim_end_matches('.').to_string())
            .unwrap_or_else(|| "rule".into()),
        message: errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        details: serde_json::to_value(&errors).ok(),
    })?;
    let latest = app
        .store
        .rule_versions(rule.id.trim())
        .await?
        .first()
        .map_or(0, |r| r.version);
    if rule.version != latest + 1 {
        return Err(RuleError::WrongVersion {
            id: rule.id.trim().to_string(),
            latest,
            next: latest + 1,
        });
    }
    let now = app.clock.now();
    let stored = StoredRule {
        id: rule.id.trim().to_string(),
        version: rule.version,
        owner: rule.owner.clone(),
        saved_by: who.name().to_string(),
        saved_at: now,
        rule: serde_json::to_value(&rule).map_err(|e| RuleError::Internal(e.to_string()))?,
    };
    let mut e = who.audit(now, "rule.save");
    e.subject = Some(format!("rule:{}@{}", stored.id, stored.version));
    e.detail = format!(
        "{} (owner {}, severity {})",
        rule.name,
        rule.owner,
        rule.severity.as_str()
    );
    app.store.save_rule(stored.clone(), e).await?;
    // Compile now, so the next message sees it even before anyone reads the list.
    rules_in_force(app).await?;
    Ok(stored)
}
