//! A watchlist hit as an officer reads it: the traveller's and the listed person's name parts side by side with
//! what matched, the birth date, nationality and other qualifiers compared, and the raw detail for one click.
use limes_app::check::WatchlistHit;
use serde_json::Value;

/// One name part of the traveller beside the listed person's part it matched, and how.
pub struct NamePair {
    pub traveller: String,
    pub listed: String,
    /// exact, variant, transliteration or typo (a catalogue key suffix).
    pub kind: &'static str,
    pub percent: String,
}

/// One qualifier compared (birth date, nationality …): its effect on the score and the engine's words.
pub struct Qualifier {
    pub name: &'static str,
    pub adjustment: String,
    pub detail: String,
}

pub struct HitReading {
    pub pairs: Vec<NamePair>,
    pub traveller_only: Vec<String>,
    pub listed_only: Vec<String>,
    pub name_percent: String,
    pub qualifiers: Vec<Qualifier>,
    /// The explanation as the engine gave it, pretty-printed.
    pub raw: String,
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(text).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// How two name parts matched: equal letters, the same name spelt in another script or by another
/// transliteration, a known variant of the name, or a near spelling (a typo).
fn match_kind(traveller: &str, listed: &str, similarity: f64) -> &'static str {
    if traveller.eq_ignore_ascii_case(listed) {
        "exact"
    } else if similarity >= 0.999 && !(traveller.is_ascii() && listed.is_ascii()) {
        "transliteration"
    } else if similarity >= 0.999 {
        "variant"
    } else {
        "typo"
    }
}

pub fn read(hit: &WatchlistHit) -> HitReading {
    let e = &hit.explain;
    let pairs = e["tokens"]
        .as_array()
        .map(|tokens| {
            tokens
                .iter()
                .map(|t| {
                    let (traveller, listed) = (text(&t["query"]), text(&t["list"]));
                    let similarity = t["similarity"].as_f64().unwrap_or(0.0);
                    NamePair {
                        kind: match_kind(&traveller, &listed, similarity),
                        percent: format!("{:.0}", similarity * 100.0),
                        traveller,
                        listed,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let qualifiers = [
        ("birth_date", "birth_date"),
        ("nationality", "nationality"),
        ("gender", "gender"),
        ("document", "document"),
        ("commonness", "name_commonness"),
    ]
    .into_iter()
    .filter_map(|(name, field)| {
        let c = &e[field];
        let detail = text(&c["detail"]);
        let adjustment = c["adjustment"].as_f64().unwrap_or(0.0);
        (!detail.is_empty() || adjustment != 0.0).then(|| Qualifier {
            name,
            adjustment: format!("{:+.0}", adjustment * 100.0),
            detail,
        })
    })
    .collect();
    HitReading {
        pairs,
        traveller_only: strings(&e["unmatched_query_tokens"]),
        listed_only: strings(&e["unmatched_list_tokens"]),
        name_percent: format!("{:.0}", e["name_score"].as_f64().unwrap_or(0.0) * 100.0),
        qualifiers,
        raw: serde_json::to_string_pretty(e).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_parts_are_read_as_exact_variant_transliteration_or_typo() {
        assert_eq!(match_kind("KATANGA", "Katanga", 1.0), "exact");
        assert_eq!(match_kind("MOHAMMED", "MUHAMMAD", 1.0), "variant");
        assert_eq!(match_kind("ИВАНОВ", "IVANOV", 1.0), "transliteration");
        assert_eq!(match_kind("GERMIAN", "GERMAIN", 0.93), "typo");
    }
}
