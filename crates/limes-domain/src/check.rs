//! The first-line recommendation: what the screen tells the officer at a glance. Limes never refuses by itself.
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationLevel {
    /// Green: nothing found; the officer may admit after the usual checks.
    Clear,
    /// Amber: something needs a closer look (weak hit, near-expiry, check-digit or OCR problem).
    Caution,
    /// Red: refer to second line (document alert, strong watchlist hit, invalid or expired document).
    Refer,
}

impl RecommendationLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RecommendationLevel::Clear => "clear",
            RecommendationLevel::Caution => "caution",
            RecommendationLevel::Refer => "refer",
        }
    }
    pub fn colour(self) -> &'static str {
        match self {
            RecommendationLevel::Clear => "green",
            RecommendationLevel::Caution => "amber",
            RecommendationLevel::Refer => "red",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recommendation {
    pub level: RecommendationLevel,
    pub colour: String,
    /// What the officer should do, in one line.
    pub action: String,
    /// Every reason behind the level, most serious first.
    pub reasons: Vec<String>,
}

/// The facts of one check that drive the recommendation.
#[derive(Debug, Clone, Default)]
pub struct CheckFindings {
    pub mrz_valid: bool,
    pub mrz_problems: Vec<String>,
    pub expired: bool,
    pub expires_within_days: Option<i64>,
    pub document_type_accepted: bool,
    pub exact_alerts: Vec<String>,
    pub possible_alerts: Vec<String>,
    /// (description, score) of hits at or above the alert threshold.
    pub strong_hits: Vec<(String, f64)>,
    /// (description, score) of hits below the alert threshold but shown to the officer.
    pub weak_hits: Vec<(String, f64)>,
    /// Pre-arrival or other alerts already confirmed by an analyst for this traveller.
    pub confirmed_alerts: Vec<String>,
}

pub fn recommend(f: &CheckFindings) -> Recommendation {
    let mut red = Vec::new();
    let mut amber = Vec::new();
    for a in &f.exact_alerts {
        red.push(format!("Document alert: {a}"));
    }
    for a in &f.confirmed_alerts {
        red.push(format!("Confirmed alert: {a}"));
    }
    for (who, score) in &f.strong_hits {
        red.push(format!("Watchlist hit {:.0}%: {who}", score * 100.0));
    }
    if f.expired {
        red.push("Document expired".to_string());
    }
    if !f.mrz_valid {
        red.push(format!(
            "Machine-readable zone invalid: {}",
            if f.mrz_problems.is_empty() {
                "structure".to_string()
            } else {
                f.mrz_problems.join("; ")
            }
        ));
    }
    if !f.document_type_accepted {
        red.push("Document type is not a travel document for crossing".to_string());
    }
    for a in &f.possible_alerts {
        amber.push(format!(
            "Possible document alert (O/0 or I/1 confusion, compare by eye): {a}"
        ));
    }
    for (who, score) in &f.weak_hits {
        amber.push(format!(
            "Possible watchlist match {:.0}%: {who}",
            score * 100.0
        ));
    }
    if let Some(days) = f.expires_within_days {
        if !f.expired && days <= 30 {
            amber.push(format!("Document expires in {days} days"));
        }
    }
    let (level, action) = if !red.is_empty() {
        (RecommendationLevel::Refer, "Refer to second line")
    } else if !amber.is_empty() {
        (
            RecommendationLevel::Caution,
            "Verify the points below before deciding",
        )
    } else {
        (
            RecommendationLevel::Clear,
            "No alerts: continue the standard check",
        )
    };
    red.extend(amber);
    Recommendation {
        level,
        colour: level.colour().to_string(),
        action: action.to_string(),
        reasons: red,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> CheckFindings {
        CheckFindings {
            mrz_valid: true,
            document_type_accepted: true,
            ..Default::default()
        }
    }

    #[test]
    fn nothing_found_is_green() {
        let r = recommend(&clean());
        assert_eq!(r.level, RecommendationLevel::Clear);
        assert_eq!(r.colour, "green");
        assert!(r.reasons.is_empty());
    }

    #[test]
    fn alerts_and_strong_hits_refer_to_second_line() {
        let mut f = clean();
        f.strong_hits.push(("UN QDi.1 DOE John".into(), 0.93));
        f.weak_hits.push(("UN QDi.2".into(), 0.6));
        let r = recommend(&f);
        assert_eq!(r.level, RecommendationLevel::Refer);
        assert_eq!(r.reasons[0], "Watchlist hit 93%: UN QDi.1 DOE John");
        assert_eq!(r.reasons.len(), 2, "amber reasons follow the red ones");
    }

    #[test]
    fn weak_signals_are_amber() {
        let mut f = clean();
        f.expires_within_days = Some(10);
        let r = recommend(&f);
        assert_eq!(r.level, RecommendationLevel::Caution);
        assert_eq!(r.reasons, vec!["Document expires in 10 days".to_string()]);
        let mut f = clean();
        f.expired = true;
        assert_eq!(recommend(&f).level, RecommendationLevel::Refer);
        let mut f = clean();
        f.mrz_valid = false;
        f.mrz_problems.push("birth date check digit".into());
        assert!(recommend(&f).reasons[0].contains("birth date check digit"));
    }
}
