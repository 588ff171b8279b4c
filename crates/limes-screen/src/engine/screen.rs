//! Screening a query: retrieval, name scoring and the qualifiers put together into explained hits, best first.

use super::align::NameParts;
use super::build::normalize_document_number;
use super::calibrate::calibrated;
use super::qualify::{birth_component, gender_component, nationality_component, qualify};
use super::scratch::SCRATCH;
use super::{round, Component, Engine, Explanation, Hit, Query};

impl Engine {
    pub fn screen(&self, query: &Query, min_score: f64, limit: usize) -> Vec<Hit> {
        let prepared = self.prepare(query);
        // An exact document-number match is decisive, whatever the name.
        let mut doc_entries: Vec<u32> = Vec::new();
        for d in &query.documents {
            if let Some(es) = self.by_document.get(&normalize_document_number(&d.number)) {
                doc_entries.extend(es);
            }
        }
        if prepared.variants.is_empty() && doc_entries.is_empty() {
            return Vec::new();
        }
        let mut candidate_names = SCRATCH.with(|s| self.candidates(&prepared, &mut s.borrow_mut()));
        for &e in &doc_entries {
            if let Some(&n) = self.entry_first_name.get(e as usize) {
                if !candidate_names.contains(&n) {
                    candidate_names.push(n);
                }
            }
        }
        let qualifiers_max = 0.10 + 0.04;
        // The best (score, name, variant) per entry; explanations are built for the hits kept only.
        let mut best: Vec<(f64, u32, u32, usize)> = Vec::new();
        let mut edges = Vec::new();
        for name_idx in candidate_names {
            let Some(name) = self.names.get(name_idx as usize) else {
                continue;
            };
            let mut best_name = (0.0f32, 0.0f32, 0usize);
            for (vi, v) in prepared.variants.iter().enumerate() {
                let (s, common) = self.name_score(v, name, &mut edges);
                if s - common > best_name.0 - best_name.1 {
                    best_name = (s, common, vi);
                }
            }
            let is_doc = doc_entries.contains(&name.entry);
            let name_score = f64::from(best_name.0);
            if !is_doc && name_score + qualifiers_max < min_score {
                continue;
            }
            let Some((_, entry)) = self.entry(name.entry) else {
                continue;
            };
            let (evidence, _) = qualify(query, entry, name_score, f64::from(best_name.1));
            let mut score = calibrated(evidence);
            if is_doc {
                score = score.max(0.99);
            }
            let score = round(score.min(1.0));
            if score < min_score {
                continue;
            }
            match best.iter_mut().find(|b| b.2 == name.entry) {
                Some(b) if b.0 >= score => {}
                Some(b) => *b = (score, name_idx, name.entry, best_name.2),
                None => best.push((score, name_idx, name.entry, best_name.2)),
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        let mut hits: Vec<Hit> = best
            .into_iter()
            .filter_map(|(score, name_idx, entry_idx, vi)| {
                let name = self.names.get(name_idx as usize)?;
                let (list, entry) = self.entry(entry_idx)?;
                let display = entry
                    .names
                    .get(name.name_no as usize)
                    .map(|n| n.full.clone())
                    .unwrap_or_default();
                let (name_score, common, parts) = match prepared.variants.get(vi) {
                    Some(v) => {
                        let (s, common) = self.name_score(v, name, &mut edges);
                        (
                            f64::from(s),
                            f64::from(common),
                            self.explain_name(v, name, &edges),
                        )
                    }
                    None => (0.0, 0.0, NameParts::default()),
                };
                let (_, q) = qualify(query, entry, name_score, common);
                let document = if doc_entries.contains(&entry_idx) {
                    Component {
                        adjustment: 1.0,
                        detail: "document number on the list entry: decisive".into(),
                    }
                } else {
                    Component::none("no document match")
                };
                Some(Hit {
                    list: list.id.clone(),
                    entry_id: entry.entry_id.clone(),
                    name: entry.primary_name().to_string(),
                    matched_name: display.clone(),
                    score,
                    explain: Explanation {
                        matched_name: display,
                        name_quality: name.quality,
                        tokens: parts.tokens,
                        unmatched_query_tokens: parts.unmatched_query,
                        unmatched_list_tokens: parts.unmatched_list,
                        name_score: round(name_score),
                        name_commonness: Component {
                            adjustment: round(-q.commonness),
                            detail: if q.commonness > 0.0 {
                                "the matched name parts are common ones: the name alone says less"
                                    .into()
                            } else {
                                "the matched name parts are rare enough".into()
                            },
                        },
                        birth_date: birth_component(query.birth_date, q.birth),
                        nationality: nationality_component(
                            query.nationality.as_deref(),
                            &entry.nationalities,
                            name_score,
                        ),
                        gender: gender_component(query.gender, entry.gender),
                        document,
                    },
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;

    #[test]
    fn hits_explain_which_tokens_matched_and_each_component() {
        let e = engine(vec![person(
            "X1",
            &["Ivan Sidorov"],
            Some("1971-03-04"),
            Some("RUS"),
        )]);
        let hits = e.screen(&q("Sidorov Ivan", Some("1971-03-04"), Some("RUS")), 0.5, 10);
        let h = hits.first().expect("a hit");
        assert_eq!(h.matched_name, "Ivan Sidorov");
        assert!(h
            .explain
            .tokens
            .iter()
            .any(|t| t.query == "SIDOROV" && t.list == "SIDOROV" && t.similarity == 1.0));
        assert!(h.explain.birth_date.adjustment > 0.0);
        assert!(h.explain.nationality.detail.contains("RUS"));
        assert!(h.explain.unmatched_query_tokens.is_empty());
        assert!(h.score >= 0.99);
    }
}
