//! How often each rule fired and how its hits were reviewed (issue 4, item 5): the worklist shows these per
//! rule, so analysts see which rules produce confirmed hits and which only false matches. Pure bookkeeping:
//! the store feeds it the matches and the review outcomes it holds.
use crate::eval::RuleMatch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The analyst's decision on one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReviewOutcome {
    Confirmed,
    /// Dismissed as a false match (with a reason, kept by the store).
    Dismissed,
}

/// Counters of one rule, or of one version of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HitCounts {
    /// Matches produced (one per traveller and message).
    pub fired: u64,
    pub confirmed: u64,
    pub dismissed: u64,
}

impl HitCounts {
    /// Hits not reviewed yet.
    pub fn pending(&self) -> u64 {
        self.fired.saturating_sub(self.confirmed + self.dismissed)
    }

    /// Confirmed share of the reviewed hits; `None` before any review.
    pub fn confirmation_rate(&self) -> Option<f64> {
        let reviewed = self.confirmed + self.dismissed;
        (reviewed > 0).then(|| self.confirmed as f64 / reviewed as f64)
    }

    fn add(&mut self, other: &HitCounts) {
        self.fired += other.fired;
        self.confirmed += other.confirmed;
        self.dismissed += other.dismissed;
    }
}

/// The statistics of one rule id: in total and per version (a changed rule may behave differently).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleStats {
    pub rule_id: String,
    pub total: HitCounts,
    pub by_version: BTreeMap<u32, HitCounts>,
}

/// Statistics of all rules, keyed by rule id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleStatsBook {
    rules: BTreeMap<String, RuleStats>,
}

impl RuleStatsBook {
    pub fn new() -> Self {
        Self::default()
    }

    fn entry(&mut self, rule_id: &str, version: u32) -> &mut HitCounts {
        let stats = self
            .rules
            .entry(rule_id.to_string())
            .or_insert_with(|| RuleStats {
                rule_id: rule_id.to_string(),
                ..RuleStats::default()
            });
        stats.by_version.entry(version).or_default()
    }

    fn refresh_total(&mut self, rule_id: &str) {
        if let Some(s) = self.rules.get_mut(rule_id) {
            let mut total = HitCounts::default();
            for c in s.by_version.values() {
                total.add(c);
            }
            s.total = total;
        }
    }

    /// Rebuild the statistics from stored hits: (rule id, rule version, the review outcome if reviewed).
    pub fn from_hits<'a>(
        hits: impl IntoIterator<Item = (&'a str, u32, Option<ReviewOutcome>)>,
    ) -> Self {
        let mut book = Self::new();
        for (rule_id, version, outcome) in hits {
            let c = book.entry(rule_id, version);
            c.fired += 1;
            match outcome {
                Some(ReviewOutcome::Confirmed) => c.confirmed += 1,
                Some(ReviewOutcome::Dismissed) => c.dismissed += 1,
                None => {}
            }
        }
        let ids: Vec<String> = book.rules.keys().cloned().collect();
        for id in ids {
            book.refresh_total(&id);
        }
        book
    }

    /// Count a rule firing `n` times (e.g. loaded from the store).
    pub fn record_fired(&mut self, rule_id: &str, version: u32, n: u64) {
        self.entry(rule_id, version).fired += n;
        self.refresh_total(rule_id);
    }

    /// Count the matches of one evaluation.
    pub fn record_matches<'a>(&mut self, matches: impl IntoIterator<Item = &'a RuleMatch>) {
        for m in matches {
            self.record_fired(&m.rule_id, m.rule_version, 1);
        }
    }

    /// Count an analyst's review of a hit of this rule version.
    pub fn record_review(&mut self, rule_id: &str, version: u32, outcome: ReviewOutcome) {
        let c = self.entry(rule_id, version);
        match outcome {
            ReviewOutcome::Confirmed => c.confirmed += 1,
            ReviewOutcome::Dismissed => c.dismissed += 1,
        }
        self.refresh_total(rule_id);
    }

    /// An analyst changed a decision (e.g. a dismissal reopened and confirmed): move one count.
    pub fn revise_review(
        &mut self,
        rule_id: &str,
        version: u32,
        from: ReviewOutcome,
        to: ReviewOutcome,
    ) {
        let c = self.entry(rule_id, version);
        match from {
            ReviewOutcome::Confirmed => c.confirmed = c.confirmed.saturating_sub(1),
            ReviewOutcome::Dismissed => c.dismissed = c.dismissed.saturating_sub(1),
        }
        self.record_review(rule_id, version, to);
    }

    pub fn get(&self, rule_id: &str) -> Option<&RuleStats> {
        self.rules.get(rule_id)
    }

    /// All rules, by id.
    pub fn iter(&self) -> impl Iterator<Item = &RuleStats> {
        self.rules.values()
    }

    /// The rules ordered for a report: most fired first, then by id.
    pub fn ranked(&self) -> Vec<&RuleStats> {
        let mut v: Vec<&RuleStats> = self.rules.values().collect();
        v.sort_by(|a, b| {
            b.total
                .fired
                .cmp(&a.total.fired)
                .then_with(|| a.rule_id.cmp(&b.rule_id))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Severity;

    fn hit(id: &str, version: u32, person: usize) -> RuleMatch {
        RuleMatch {
            rule_id: id.into(),
            rule_version: version,
            rule_name: id.into(),
            severity: Severity::High,
            person_index: person,
            explanation: Vec::new(),
        }
    }

    #[test]
    fn fired_confirmed_dismissed_per_rule_and_version() {
        let mut book = RuleStatsBook::new();
        book.record_matches(&[hit("R1", 1, 0), hit("R1", 1, 3), hit("R2", 4, 1)]);
        book.record_matches(&[hit("R1", 2, 0)]);
        book.record_review("R1", 1, ReviewOutcome::Confirmed);
        book.record_review("R1", 1, ReviewOutcome::Dismissed);
        book.record_review("R1", 2, ReviewOutcome::Dismissed);
        let r1 = book.get("R1").unwrap();
        assert_eq!(
            r1.total,
            HitCounts {
                fired: 3,
                confirmed: 1,
                dismissed: 2
            }
        );
        assert_eq!(r1.total.pending(), 0);
        assert_eq!(r1.by_version[&1].fired, 2);
        assert_eq!(r1.by_version[&2].dismissed, 1);
        assert!((r1.total.confirmation_rate().unwrap() - 1.0 / 3.0).abs() < 1e-9);
        let r2 = book.get("R2").unwrap();
        assert_eq!(r2.total.pending(), 1);
        assert_eq!(r2.total.confirmation_rate(), None);
        let ranked: Vec<&str> = book.ranked().iter().map(|s| s.rule_id.as_str()).collect();
        assert_eq!(ranked, ["R1", "R2"]);
        book.revise_review("R1", 2, ReviewOutcome::Dismissed, ReviewOutcome::Confirmed);
        let r1 = book.get("R1").unwrap();
        assert_eq!((r1.total.confirmed, r1.total.dismissed), (2, 1));
        let rebuilt = RuleStatsBook::from_hits([
            ("R1", 1, Some(ReviewOutcome::Confirmed)),
            ("R1", 1, Some(ReviewOutcome::Dismissed)),
            ("R1", 2, Some(ReviewOutcome::Confirmed)),
            ("R2", 4, None),
        ]);
        assert_eq!(rebuilt, book);
        let json = serde_json::to_value(&book).unwrap();
        let back: RuleStatsBook = serde_json::from_value(json).unwrap();
        assert_eq!(back, book);
    }
}
