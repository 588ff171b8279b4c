//! How a traveller's name is written, as the officer must hear of it: hidden characters, a reversed name,
//! look-alike letters of another script (the sanitising step of `limes_screen::sanitize`) become the check's
//! problems, a note in each hit's explanation, and at least a caution in the recommendation.

use limes_domain::{Recommendation, RecommendationLevel};
use limes_i18n::{tr, Arg, Language};
use limes_screen::sanitize::{sanitize, Finding};

/// The findings about how the given fields are written, as English problem texts (`surname: …`) from the
/// catalogue. Empty when nothing is suspicious.
pub fn writing_problems(fields: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (field, value) in fields {
        let report = sanitize(value).report;
        if !report.is_suspicious() {
            continue;
        }
        for finding in report.findings() {
            out.push(tr(
                Language::English,
                "evasion-problem",
                &[
                    ("field", Arg::from(*field)),
                    (
                        "finding",
                        Arg::from(finding_text(Language::English, &finding)),
                    ),
                ],
            ));
        }
    }
    out
}

/// One finding in a language, from the catalogue.
pub fn finding_text(lang: Language, finding: &Finding) -> String {
    let (key, detail) = finding.message_key();
    match detail {
        Some(d) => tr(lang, key, &[("detail", Arg::from(d))]),
        None => tr(lang, key, &[]),
    }
}

/// Each hit's explanation names how the name was written (`writing`), so whoever reviews the hit sees it.
pub fn annotate_explanation(explain: &mut serde_json::Value, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    if let serde_json::Value::Object(map) = explain {
        map.insert("writing".into(), serde_json::json!(problems));
    }
}

/// A check that would be clear is a caution when the name is written to hide something, and the reason says
/// what.
pub fn caution(rec: &mut Recommendation, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    if rec.level == RecommendationLevel::Clear {
        rec.level = RecommendationLevel::Caution;
        rec.colour = rec.level.colour().to_string();
        rec.action = tr(Language::English, "evasion-action", &[]);
    }
    rec.reasons.push(tr(
        Language::English,
        "evasion-reason",
        &[("detail", Arg::from(problems.join("; ")))],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_character_is_a_problem_naming_the_field_and_position() {
        let p = writing_problems(&[("surname", "NO\u{200B}VAK"), ("given_names", "MARTA")]);
        assert_eq!(
            p,
            vec!["surname: hidden characters in the name: U+200B at 3"]
        );
        assert!(writing_problems(&[("surname", "NOVAK"), ("given_names", "Сергей")]).is_empty());
    }

    #[test]
    fn a_clear_check_becomes_a_caution_that_says_why() {
        let mut rec = limes_domain::check::recommend(&limes_domain::check::CheckFindings {
            mrz_valid: true,
            document_type_accepted: true,
            ..Default::default()
        });
        assert_eq!(rec.level, RecommendationLevel::Clear);
        let p = writing_problems(&[("surname", "\u{202E}KAVON\u{202C}")]);
        caution(&mut rec, &p);
        assert_eq!(rec.level, RecommendationLevel::Caution);
        assert!(
            rec.reasons.iter().any(|r| r.contains("reversed")),
            "{:?}",
            rec.reasons
        );
        let mut explain = serde_json::json!({"name_score": 1.0});
        annotate_explanation(&mut explain, &p);
        assert_eq!(explain["writing"][0], serde_json::json!(p[0]));
    }
}
