//! Name scoring: a query variant's tokens aligned one to one with a list name's, weighted by rarity, and the
//! explanation of which tokens matched.

use super::prepare::QVariant;
use super::{round, Engine, IndexedName, TokenMatch, MIN_TOKEN_SIMILARITY};
use crate::model::NameQuality;
use crate::text::is_particle;

/// The most a fully matched name of common parts loses (see `Engine::name_score`).
const COMMON_NAME_PENALTY: f32 = 0.30;
/// The evidence (matched weight, in units of a unique name part's) at which a name stops counting as common.
const COMMON_NAME_EVIDENCE: f32 = 1.6;
/// How much a traveller's name part that the list name lacks counts against, relative to its weight.
const UNMATCHED_QUERY_FACTOR: f32 = 0.4;
/// How much a list name's part that the traveller's name lacks counts against, relative to its weight.
const UNMATCHED_LIST_FACTOR: f32 = 0.5;
/// The same for a part between two matched parts (a middle name a document left out).
const UNMATCHED_MIDDLE_FACTOR: f32 = 0.3;
/// The same for a particle (AL, BIN, VAN), on either side.
const UNMATCHED_PARTICLE_FACTOR: f32 = 0.1;
/// The same for a traveller's part between two matched parts (a middle name the list does not know).
const UNMATCHED_QUERY_MIDDLE_FACTOR: f32 = 0.25;
/// A document that leaves out middle names leaves them all out: each middle part after the weightiest one the
/// traveller's name lacks costs this much of its weight (the weightiest costs `UNMATCHED_MIDDLE_FACTOR`).
const UNMATCHED_FURTHER_MIDDLE_FACTOR: f32 = 0.12;
/// A name part *replaced* by another (a traveller's part the list lacks where the list has a part the traveller
/// lacks) is evidence of another person, whatever the two parts' weights: each such pair takes this much off the
/// name score. Common parts (ABDUL for MUHAMMAD) otherwise cost next to nothing, and a relative's name — the
/// listed person's with one part changed — would score as high as the listed person's own name.
const REPLACED_PART_PENALTY: f32 = 0.06;

/// An initial against the name it may abbreviate.
const INITIAL_SIMILARITY: f32 = 0.80;
/// A truncated last name part (an MRZ cuts long names) against the full part.
const TRUNCATED_SIMILARITY: f32 = 0.90;
/// A token with a joined honorific or particle taken off, against a list token: its similarity counts this much.
const UNPREFIXED_FACTOR: f32 = 0.95;

impl Engine {
    /// Align one query variant to one name and score the name in 0..1; the aligned pairs go to `edges`.
    /// Also returns the commonness penalty: how far the matched name parts fall short of the evidence of two rare
    /// ones (a name-frequency prior: MOHAMMAD ALI matched in full says less than GERMAIN KATANGA).
    pub(super) fn name_score(
        &self,
        v: &QVariant,
        name: &IndexedName,
        edges: &mut Vec<Edge>,
    ) -> (f32, f32) {
        let list = self.name_token_ids(name);
        let nq = v.toks.len();
        let nl = list.len();
        edges.clear();
        if nq == 0 || nl == 0 || nq > 32 || nl > 32 {
            return (0.0, 0.0);
        }
        for (qi, q) in v.toks.iter().enumerate() {
            for (li, &t) in list.iter().enumerate() {
                let mut s = q
                    .matches
                    .binary_search_by_key(&t, |m| m.0)
                    .ok()
                    .and_then(|i| q.matches.get(i))
                    .map_or(0.0, |m| m.1);
                if let Some(m) = q
                    .unprefixed
                    .binary_search_by_key(&t, |m| m.0)
                    .ok()
                    .and_then(|i| q.unprefixed.get(i))
                {
                    s = s.max(m.1 * UNPREFIXED_FACTOR);
                }
                if s < TRUNCATED_SIMILARITY {
                    let text = self.text(t);
                    let l_first = text.as_bytes().first().copied().unwrap_or(1);
                    if q.truncated && text.len() > q.text.len() && text.starts_with(&q.text) {
                        s = TRUNCATED_SIMILARITY;
                    } else if s < INITIAL_SIMILARITY
                        && (q.initial.is_some() || text.len() == 1)
                        && q.first == l_first
                    {
                        s = INITIAL_SIMILARITY;
                    }
                }
                if s >= MIN_TOKEN_SIMILARITY {
                    edges.push(Edge {
                        sim: s,
                        q: (qi as u8, 1),
                        l: (li as u8, 1),
                    });
                }
            }
            for &(a, b, s) in &q.splits {
                for li in 0..nl.saturating_sub(1) {
                    if list.get(li) == Some(&a) && list.get(li + 1) == Some(&b) {
                        edges.push(Edge {
                            sim: s,
                            q: (qi as u8, 1),
                            l: (li as u8, 2),
                        });
                    }
                }
            }
        }
        for (qi, m) in v.joined.iter().enumerate() {
            for (li, &t) in list.iter().enumerate() {
                if let Some(&(_, s)) = m
                    .binary_search_by_key(&t, |x| x.0)
                    .ok()
                    .and_then(|i| m.get(i))
                {
                    {
                        edges.push(Edge {
                            sim: s,
                            q: (qi as u8, 2),
                            l: (li as u8, 1),
                        });
                    }
                }
            }
        }
        // Best pairs first; at equal similarity the pair that covers more tokens.
        edges.sort_by(|a, b| {
            b.sim
                .total_cmp(&a.sim)
                .then((b.q.1 + b.l.1).cmp(&(a.q.1 + a.l.1)))
        });
        let mut q_used = 0u32;
        let mut l_used = 0u32;
        let mut kept = 0;
        for i in 0..edges.len() {
            let Some(&e) = edges.get(i) else { break };
            let qm = span_mask(e.q);
            let lm = span_mask(e.l);
            if q_used & qm != 0 || l_used & lm != 0 {
                continue;
            }
            q_used |= qm;
            l_used |= lm;
            if let Some(slot) = edges.get_mut(kept) {
                *slot = e;
            }
            kept += 1;
        }
        edges.truncate(kept);
        let mut matched = 0.0f32;
        let mut total = 0.0f32;
        let mut evidence = 0.0f32;
        for e in edges.iter() {
            let w: f32 = (e.l.0..e.l.0 + e.l.1)
                .filter_map(|li| list.get(li as usize))
                .map(|&t| self.weight(t))
                .sum();
            matched += e.sim * 2.0 * w;
            total += 2.0 * w;
            let cw: f32 = (e.l.0..e.l.0 + e.l.1)
                .filter_map(|li| list.get(li as usize))
                .map(|&t| self.culture_weight(t, v.culture))
                .sum();
            evidence += e.sim * cw;
        }
        let shortfall = (1.0 - evidence / (COMMON_NAME_EVIDENCE * self.unknown_weight)).max(0.0);
        let commonness = COMMON_NAME_PENALTY * shortfall * shortfall;
        // Documents often carry more given names than a list knows: a traveller's part between two matched parts
        // counts less, where every part of the list name is found.
        let list_all_found = list
            .iter()
            .enumerate()
            .all(|(li, &t)| l_used & (1 << li) != 0 || is_particle(self.text(t)));
        let (q_lo, q_hi) = if q_used == 0 || !list_all_found {
            (0, 0)
        } else {
            (q_used.trailing_zeros(), 31 - q_used.leading_zeros())
        };
        let mut unmatched_query_parts = 0u32;
        for (qi, q) in v.toks.iter().enumerate() {
            if q_used & (1 << qi) == 0 {
                unmatched_query_parts += u32::from(!is_particle(&q.text));
                // A name part the list does not have counts against, but less than a missing surname would; a
                // particle (AL, BIN, VAN) hardly at all.
                let factor = if is_particle(&q.text) {
                    UNMATCHED_PARTICLE_FACTOR
                } else if (qi as u32) > q_lo && (qi as u32) < q_hi {
                    UNMATCHED_QUERY_MIDDLE_FACTOR
                } else {
                    UNMATCHED_QUERY_FACTOR
                };
                total += factor * q.w;
            }
        }
        // The list name's parts the traveller's name lacks. Documents drop middle names and particles of long
        // names (first and last part kept): a part between two matched ones counts less than a missing first or
        // last part.
        // Only where the traveller's name is all found in the list name: a part replaced by another is no omission.
        let all_found = v
            .toks
            .iter()
            .enumerate()
            .all(|(qi, q)| q_used & (1 << qi) != 0 || is_particle(&q.text));
        let (lo, hi) = if l_used == 0 || !all_found {
            (0, 0)
        } else {
            (l_used.trailing_zeros(), 31 - l_used.leading_zeros())
        };
        let mut unmatched_list_parts = 0u32;
        let mut middle_weights = 0.0f32;
        let mut heaviest_middle = 0.0f32;
        for (li, &t) in list.iter().enumerate() {
            if l_used & (1 << li) == 0 {
                let w = self.weight(t);
                if is_particle(self.text(t)) {
                    total += UNMATCHED_PARTICLE_FACTOR * w;
                    continue;
                }
                unmatched_list_parts += 1;
                if (li as u32) > lo && (li as u32) < hi {
                    middle_weights += w;
                    heaviest_middle = heaviest_middle.max(w);
                } else {
                    total += UNMATCHED_LIST_FACTOR * w;
                }
            }
        }
        total += UNMATCHED_MIDDLE_FACTOR * heaviest_middle
            + UNMATCHED_FURTHER_MIDDLE_FACTOR * (middle_weights - heaviest_middle);
        let mut score = if total > 0.0 { matched / total } else { 0.0 };
        let replaced = unmatched_query_parts.min(unmatched_list_parts);
        score -= REPLACED_PART_PENALTY * replaced as f32;
        let single = edges.len() == 1 && edges.first().is_some_and(|e| e.q.1 == 1 && e.l.1 == 1);
        if single && (nq > 1 || nl > 1) {
            // One shared token is not a name match, however rare the token.
            score *= 0.75;
        }
        if name.quality == NameQuality::Weak {
            score *= 0.9;
        }
        (score.clamp(0.0, 1.0), commonness)
    }

    pub(super) fn explain_name(
        &self,
        v: &QVariant,
        name: &IndexedName,
        edges: &[Edge],
    ) -> NameParts {
        let list = self.name_token_ids(name);
        let mut q_used = 0u32;
        let mut l_used = 0u32;
        let mut tokens = Vec::new();
        for e in edges {
            q_used |= span_mask(e.q);
            l_used |= span_mask(e.l);
            let q: Vec<&str> = (e.q.0..e.q.0 + e.q.1)
                .filter_map(|i| v.toks.get(i as usize).map(|t| t.text.as_str()))
                .collect();
            let l: Vec<&str> = (e.l.0..e.l.0 + e.l.1)
                .filter_map(|i| list.get(i as usize).map(|&t| self.text(t)))
                .collect();
            let w: f32 = (e.l.0..e.l.0 + e.l.1)
                .filter_map(|li| list.get(li as usize))
                .map(|&t| self.weight(t))
                .sum();
            tokens.push(TokenMatch {
                query: q.concat(),
                list: l.concat(),
                similarity: round(f64::from(e.sim)),
                weight: round(f64::from(w)),
            });
        }
        NameParts {
            tokens,
            unmatched_query: v
                .toks
                .iter()
                .enumerate()
                .filter(|(i, _)| q_used & (1 << i) == 0)
                .map(|(_, t)| t.text.clone())
                .collect(),
            unmatched_list: list
                .iter()
                .enumerate()
                .filter(|(i, _)| l_used & (1 << i) == 0)
                .map(|(_, &t)| self.text(t).to_string())
                .collect(),
        }
    }
}

fn span_mask((start, len): (u8, u8)) -> u32 {
    let ones = (1u32 << len) - 1;
    ones.checked_shl(u32::from(start)).unwrap_or(0)
}

/// An aligned pair: a run of query tokens (start, count) with a run of list tokens, and their similarity.
#[derive(Clone, Copy)]
pub(super) struct Edge {
    sim: f32,
    q: (u8, u8),
    l: (u8, u8),
}

#[derive(Default)]
pub(super) struct NameParts {
    pub(super) tokens: Vec<TokenMatch>,
    pub(super) unmatched_query: Vec<String>,
    pub(super) unmatched_list: Vec<String>,
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;
    use crate::engine::DEFAULT_ALERT_THRESHOLD;

    #[test]
    fn mrz_truncated_partial_and_joined_names_align() {
        let e = engine(vec![person(
            "M1",
            &["Abdelkarim Mohammed Hussein Al-Tikriti"],
            Some("1965-01-01"),
            Some("IRQ"),
        )]);
        let t = DEFAULT_ALERT_THRESHOLD;
        for name in [
            // TD1 cuts the name field at 30 characters.
            "ALTIKRITI<<ABDELKARIM<MOHAMME",
            "Abdelkarim Al-Tikriti",
            "Abdel Karim Mohammed Hussein Al Tikriti",
            "Abdelkarim Mohammedhussein Altikriti",
        ] {
            let s = score_of(&e, &q(name, Some("1965-01-01"), Some("IRQ")), "M1");
            assert!(s >= t, "{name} scored {s}");
        }
    }

    #[test]
    fn a_name_written_joined_aligns_with_its_parts_before_a_repeated_part() {
        let e = engine(vec![person(
            "J1",
            &["Zaki Ezat Zaki Ahmed"],
            Some("1960-04-21"),
            Some("EGY"),
        )]);
        let hits = e.screen(&q("ZAKIEZAT ZAKI AHMED", None, None), 0.5, 10);
        let h = hits.first().expect("a hit");
        assert!(
            h.explain.unmatched_list_tokens.is_empty(),
            "{:?}",
            h.explain
        );
        assert!(h.score >= DEFAULT_ALERT_THRESHOLD, "{}", h.score);
    }

    #[test]
    fn a_full_match_of_common_name_parts_counts_less_than_one_of_rare_parts() {
        let mut entries = flood(400);
        entries.push(person("C1", &["Mohammed Ali"], Some("1970-06-01"), None));
        entries.push(person("R1", &["Germain Katanga"], Some("1970-06-01"), None));
        let e = engine(entries);
        let common = e
            .screen(&q("Mohammed Ali", Some("1970"), None), 0.0, 50)
            .into_iter()
            .find(|h| h.entry_id == "C1")
            .expect("the common name is found");
        let rare = e
            .screen(&q("Germain Katanga", Some("1970"), None), 0.0, 5)
            .into_iter()
            .find(|h| h.entry_id == "R1")
            .expect("the rare name is found");
        assert!(common.explain.name_commonness.adjustment < 0.0);
        assert_eq!(rare.explain.name_commonness.adjustment, 0.0);
        assert!(
            common.score < rare.score,
            "{} vs {}",
            common.score,
            rare.score
        );
        // The same birth date confirms the common name.
        let confirmed = score_of(&e, &q("Mohammed Ali", Some("1970-06-01"), None), "C1");
        assert!(confirmed > common.score);
    }

    #[test]
    fn a_dropped_middle_name_or_particle_costs_less_than_a_dropped_first_or_last_part() {
        let e = engine(vec![
            person(
                "P1",
                &["Karim Yusuf Haddad al-Zubaydi"],
                Some("1971"),
                Some("IRQ"),
            ),
            person("P2", &["Lotfi Ben Amor"], None, None),
        ]);
        let middle = score_of(
            &e,
            &q("KARIM ZUBAYDI", Some("1971-05-06"), Some("IRQ")),
            "P1",
        );
        let first = score_of(
            &e,
            &q("HADDAD ZUBAYDI", Some("1971-05-06"), Some("IRQ")),
            "P1",
        );
        assert!(middle > first, "{middle} vs {first}");
        assert!(middle >= DEFAULT_ALERT_THRESHOLD, "{middle}");
        let no_particle = score_of(&e, &q("KARIM YUSUF HADDAD ZUBAYDI", None, None), "P1");
        assert!(no_particle >= 0.95, "{no_particle}");
        let no_ben = score_of(&e, &q("LOTFI AMOR", None, None), "P2");
        assert!(no_ben >= 0.95, "{no_ben}");
        // The other way round: a traveller's extra middle name the list lacks costs less than an extra first one.
        let extra_middle = score_of(&e, &q("LOTFI NABIL BEN AMOR", None, None), "P2");
        let extra_first = score_of(&e, &q("NABIL LOTFI BEN AMOR", None, None), "P2");
        assert!(
            extra_middle > extra_first,
            "{extra_middle} vs {extra_first}"
        );
        assert!(extra_middle >= DEFAULT_ALERT_THRESHOLD, "{extra_middle}");
    }

    #[test]
    fn a_replaced_part_costs_more_than_a_left_out_one_even_when_both_are_common() {
        let mut entries = flood(400);
        entries.push(person(
            "R1",
            &["Nooruddin Mohammad Turabi Qasim"],
            None,
            None,
        ));
        let e = engine(entries);
        // A relative's name: the listed one with a common part replaced by another common one.
        let replaced = score_of(&e, &q("NOORUDDIN ABDUL TURABI QASIM", None, None), "R1");
        // A document that left the (common) middle name out.
        let left_out = score_of(&e, &q("NOORUDDIN TURABI QASIM", None, None), "R1");
        let exact = score_of(&e, &q("NOORUDDIN MOHAMMAD TURABI QASIM", None, None), "R1");
        assert!(exact > replaced + 0.03, "{exact} vs {replaced}");
        assert!(left_out > replaced, "{left_out} vs {replaced}");
    }

    #[test]
    fn several_middle_names_left_out_cost_less_than_each_on_its_own() {
        let e = engine(vec![
            person("L1", &["Hikmat Mizban Ibrahim Azzawi"], None, None),
            person("L2", &["Hikmat Jabbar Azzawi"], None, None),
        ]);
        // The second middle name left out costs well under what the first does: a document that leaves out
        // middle names leaves them all out.
        let two_out = score_of(&e, &q("HIKMAT AZZAWI", None, None), "L1");
        let one_out = score_of(&e, &q("HIKMAT AZZAWI", None, None), "L2");
        assert!(
            one_out - two_out < 0.5 * (1.0 - one_out),
            "{one_out} vs {two_out}"
        );
    }

    #[test]
    fn unrelated_names_sharing_one_common_token_do_not_alert() {
        let e = engine(vec![
            person("B1", &["George Habbash"], Some("1926-08-02"), None),
            person(
                "B2",
                &["Ali Hassan Al-Majid"],
                Some("1941-11-30"),
                Some("IRQ"),
            ),
        ]);
        for name in ["George Bush", "Ali Khan", "Hassan Rouhani"] {
            for id in ["B1", "B2"] {
                let s = score_of(&e, &q(name, Some("1946-07-06"), Some("USA")), id);
                assert!(s < DEFAULT_ALERT_THRESHOLD, "{name} → {id}: {s}");
            }
        }
    }
}
