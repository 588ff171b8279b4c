//! Candidate retrieval: walking the posting lists of a query's similar tokens, rarest first within a budget, into
//! the names worth scoring.

use super::prepare::{Prepared, SimilarTokens};
use super::scratch::{slot_bit, top_n, Scratch, SCRATCH};
use super::{slice, Engine, Query};

/// Names kept from retrieval for full scoring.
const CANDIDATES: usize = 96;
/// Postings walked (names touched) before further, commoner tokens only refine the names already found.
const POSTING_BUDGET: usize = 10_000;
/// Postings walked for any one similar token of an adding query token, whatever the budget left.
const MIN_WALK: usize = 512;
/// Postings a refining query token may walk (beyond, it is looked up in the names kept).
const REFINE_WALK_MAX: usize = 16_000;
/// Postings all refining query tokens together may walk.
const REFINE_WALK_BUDGET: usize = 24_000;
/// Names kept when commoner tokens start to refine.
const REFINE_POOL: usize = 1_500;
/// Tokens whose posting lists are longer than this never add names, only refine.
const REFINE_ONLY_ABOVE: usize = 8_000;

/// Similar tokens at least this close are looked up with the traveller's birth year.
const YEAR_WALK_MIN_SIMILARITY: f32 = 0.93;
/// Names walked per (token, year) posting list, and in all.
const YEAR_WALK_PER_TOKEN: usize = 2_000;
const YEAR_WALK_BUDGET: usize = 8_000;
/// Added to the candidate ranking key (a Dice coefficient, 0 to 1) of a name born in the traveller's year.
const YEAR_RANK_BONUS: f32 = 0.25;

impl Engine {
    /// Candidate names: the postings of every similar token, the query's own tokens first and rarest first,
    /// accumulated with rarity × similarity, once per query token. Once `POSTING_BUDGET` names have been touched,
    /// commoner tokens only refine the names already found.
    pub(super) fn candidates(&self, prepared: &Prepared, scratch: &mut Scratch) -> Vec<u32> {
        scratch.reset(self.names.len());
        // Slots: each distinct looked-up query token (and joined pair, and split half) with its similar tokens.
        let mut slots: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut push_slot = |m: &[(u32, f32)]| {
            if !m.is_empty() && !slots.iter().any(|s| s.as_slice() == m) {
                slots.push(m.to_vec());
            }
        };
        for v in &prepared.variants {
            for t in &v.toks {
                push_slot(&t.matches);
                push_slot(&t.unprefixed);
                for &(a, b, s) in &t.splits {
                    push_slot(&[(a, s)]);
                    push_slot(&[(b, s)]);
                }
            }
            for j in &v.joined {
                push_slot(j);
            }
        }
        // Every similar token of every slot, rarest first: each adds the names it is in until the budget is
        // spent, whichever query token it stands for (so a slot of many fuzzy, common variants does not keep the
        // rare exact token of another slot from adding its names). The tokens left only refine.
        let mut order: Vec<(u32, u16, u32, f32)> = Vec::new();
        for (slot_no, matches) in slots.iter().enumerate() {
            for &(id, sim) in matches {
                let len = self.dict.get(id as usize).map_or(0, |d| d.postings_len);
                order.push((len, slot_no as u16, id, sim));
            }
        }
        // The query's own tokens first, then close variants, then the rest; rarest first within each; tokens too
        // common to add names last (one adds only when all are).
        let tier = |sim: f32| -> u8 {
            if sim >= 0.999 {
                0
            } else if sim >= 0.93 {
                1
            } else {
                2
            }
        };
        let huge = |len: u32| len as usize > REFINE_ONLY_ABOVE;
        order.sort_unstable_by(|a, b| {
            huge(a.0)
                .cmp(&huge(b.0))
                .then(tier(a.3).cmp(&tier(b.3)))
                .then(a.0.cmp(&b.0))
                .then(a.2.cmp(&b.2))
                .then(a.1.cmp(&b.1))
        });
        let mut walked = 0usize;
        let mut refine: Vec<Vec<(u32, f32)>> = vec![Vec::new(); slots.len()];
        for &(len, slot_no, id, sim) in &order {
            let first = scratch.touched.is_empty();
            let insert = first || (walked < POSTING_BUDGET && (len as usize) <= REFINE_ONLY_ABOVE);
            if !insert {
                if let Some(r) = refine.get_mut(slot_no as usize) {
                    r.push((id, sim));
                }
                continue;
            }
            let Some(d) = self.dict.get(id as usize) else {
                continue;
            };
            let c = d.weight * sim;
            let postings = slice(&self.postings, d.postings_start, d.postings_len);
            // Postings run shortest names first: when even the rarest query token is common, the names it
            // covers best are taken and the long tail of longer names is left.
            let take = postings
                .len()
                .min(POSTING_BUDGET.saturating_sub(walked).max(MIN_WALK));
            walked += take;
            for &name in postings.get(..take).unwrap_or(postings) {
                scratch.add(name, c, true, slot_bit(slot_no));
            }
        }
        if let Some(year) = prepared.birth_year {
            self.walk_birth_year(&slots, year, scratch);
        }
        // The tokens left refine the names found. First those whose posting lists are short enough to walk
        // (cheaper than looking them up in every name found), over all names found; then the best names are
        // kept, and the commonest tokens are looked up in those only.
        let mut lookups: Vec<(usize, Vec<(u32, f32)>)> = Vec::new();
        let mut refining: Vec<(usize, usize, SimilarTokens)> = refine
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .map(|(slot_no, mut matches)| {
                matches.sort_unstable_by_key(|m| m.0);
                let size: usize = matches
                    .iter()
                    .map(|&(id, _)| {
                        self.dict
                            .get(id as usize)
                            .map_or(0, |d| d.postings_len as usize)
                    })
                    .sum();
                (size, slot_no, matches)
            })
            .collect();
        refining.sort_by_key(|r| (r.0, r.1));
        let mut refine_walked = 0usize;
        for (size, slot_no, matches) in refining {
            let walk_limit = REFINE_WALK_MAX.min(scratch.touched.len().saturating_mul(4));
            if size > walk_limit || refine_walked + size > REFINE_WALK_BUDGET {
                lookups.push((slot_no, matches));
                continue;
            }
            refine_walked += size;
            for &(id, sim) in &matches {
                let Some(d) = self.dict.get(id as usize) else {
                    continue;
                };
                let c = d.weight * sim;
                for &name in slice(&self.postings, d.postings_start, d.postings_len) {
                    scratch.add(name, c, false, slot_bit(slot_no as u16));
                }
            }
        }
        if !lookups.is_empty() {
            scratch.prune(REFINE_POOL);
        }
        for (slot_no, matches) in lookups {
            self.refine_by_lookup(&matches, scratch, slot_bit(slot_no as u16));
        }
        // Rank by how much of both the query and the name the shared tokens cover (a Dice coefficient over
        // weights): among 50,000 names sharing MOHAMMED, the one that is little more than MOHAMMED comes first.
        let query_weight: f32 = prepared
            .variants
            .first()
            .map(|v| v.toks.iter().map(|t| t.w.min(t.matched_weight)).sum())
            .unwrap_or(0.0);
        let acc = &scratch.acc;
        let names = &self.names;
        let mut ranked = std::mem::take(&mut scratch.ranked);
        ranked.clear();
        // Keys computed once per name (the accumulator and the names are read at random once, not per
        // comparison).
        let scratch_ref: &Scratch = scratch;
        ranked.extend(scratch_ref.touched.iter().map(|&n| {
            let a = acc.get(n as usize).map_or(0.0, |a| a.score);
            let w = names.get(n as usize).map_or(0.0, |x| x.total_weight);
            let dice = a / (query_weight + w + 1e-3);
            // Born in the traveller's year: ahead of names that share only a little more of the name.
            let year = if scratch_ref.year_marked(n) {
                YEAR_RANK_BONUS
            } else {
                0.0
            };
            (dice + year, n)
        }));
        top_n(&mut ranked, CANDIDATES);
        let mut out: Vec<u32> = ranked.iter().map(|r| r.1).collect();
        scratch.ranked = ranked;
        out.sort_unstable();
        out
    }

    /// Names born in the traveller's year that carry a query part or a close variant of it: added (each query
    /// part once, as in the main walk) and marked, within a budget, whatever the main walk's budget left.
    fn walk_birth_year(&self, slots: &[Vec<(u32, f32)>], year: i32, scratch: &mut Scratch) {
        let mut walked = 0usize;
        for (slot_no, matches) in slots.iter().enumerate() {
            for &(id, sim) in matches {
                if sim < YEAR_WALK_MIN_SIMILARITY || walked >= YEAR_WALK_BUDGET {
                    continue;
                }
                let Some(d) = self.dict.get(id as usize) else {
                    continue;
                };
                let names = self.by_year.names(id, year);
                let take = names.len().min(YEAR_WALK_PER_TOKEN);
                walked += take;
                let c = d.weight * sim;
                for &name in names.get(..take).unwrap_or(names) {
                    scratch.add(name, c, true, slot_bit(slot_no as u16));
                    scratch.mark_year(name);
                }
            }
        }
    }

    /// Add a slot's contribution to the names already found, looking its tokens up in each name.
    fn refine_by_lookup(&self, matches: &[(u32, f32)], scratch: &mut Scratch, slot: u32) {
        // `matches` is sorted by token id; a bit set over the dictionary answers "is this one of them" at once.
        let words = self.dict.len() / 64 + 1;
        if scratch.marks.len() != words {
            scratch.marks = vec![0; words];
        }
        for &(id, _) in matches {
            if let Some(w) = scratch.marks.get_mut(id as usize / 64) {
                *w |= 1u64 << (id % 64);
            }
        }
        for i in 0..scratch.touched.len() {
            let Some(&n) = scratch.touched.get(i) else {
                break;
            };
            let Some(name) = self.names.get(n as usize) else {
                continue;
            };
            let mut best = 0.0f32;
            for &t in self.name_token_ids(name) {
                let marked = scratch
                    .marks
                    .get(t as usize / 64)
                    .is_some_and(|w| w & (1u64 << (t % 64)) != 0);
                if !marked {
                    continue;
                }
                if let Ok(j) = matches.binary_search_by_key(&t, |m| m.0) {
                    if let Some(&(_, sim)) = matches.get(j) {
                        best = best.max(self.weight(t) * sim);
                    }
                }
            }
            if best > 0.0 {
                scratch.add(n, best, false, slot);
            }
        }
        for &(id, _) in matches {
            if let Some(w) = scratch.marks.get_mut(id as usize / 64) {
                *w = 0;
            }
        }
    }

    /// Whether the retrieval stage alone keeps the given entry among its candidates (for measuring it).
    pub fn retrieves(&self, query: &Query, list: &str, entry_id: &str) -> bool {
        let prepared = self.prepare(query);
        let names = SCRATCH.with(|s| self.candidates(&prepared, &mut s.borrow_mut()));
        names.into_iter().any(|n| {
            self.names
                .get(n as usize)
                .and_then(|name| self.entry(name.entry))
                .is_some_and(|(l, e)| l.id == list && e.entry_id == entry_id)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;
    use crate::engine::DEFAULT_ALERT_THRESHOLD;
    use crate::model::Entry;

    #[test]
    fn transliteration_variants_are_retrieved_and_caught() {
        let mut entries = flood(2000);
        entries.push(person(
            "T1",
            &["Mohamed Ali"],
            Some("1961-05-01"),
            Some("EGY"),
        ));
        entries.push(person(
            "T2",
            &["Sergei Ivanovich Petrov"],
            Some("1970-02-03"),
            Some("RUS"),
        ));
        entries.push(person(
            "T3",
            &["Abdul Rahman Yasin"],
            Some("1960-04-10"),
            Some("IRQ"),
        ));
        let e = engine(entries);
        for (name, id) in [
            ("Muhammad Aly", "T1"),
            ("MOUHAMED ALI", "T1"),
            ("Сергей Петров", "T2"),
            ("Sergey Ivanovitch Petrow", "T2"),
            ("Abdulrahman Yasin", "T3"),
            ("YASIN<<ABDUL<RAHMAN", "T3"),
        ] {
            let query = q(name, None, None);
            assert!(e.retrieves(&query, "t", id), "{name} not retrieved");
            let s = score_of(&e, &query, id);
            assert!(s >= DEFAULT_ALERT_THRESHOLD, "{name} → {id} scored {s}");
        }
    }

    #[test]
    fn a_common_token_flood_does_not_drop_the_true_target() {
        let mut entries = flood(60_000);
        entries.push(person(
            "TARGET",
            &["Mohammed Ali Qasimzadeh"],
            Some("1975-01-01"),
            None,
        ));
        let e = engine(entries);
        // The rare family name, misspelt, still finds the target among 60,000 MOHAMMEDs and ALIs.
        let query = q("Muhammad Ali Kasimzadeh", Some("1975-01-01"), None);
        assert!(e.retrieves(&query, "t", "TARGET"));
        let hits = e.screen(&query, 0.5, 10);
        assert_eq!(hits.first().map(|h| h.entry_id.as_str()), Some("TARGET"));
        // Only common tokens: the names carrying both are found, not the first ones seen.
        let query = q("Hassan Ali Deh", None, None);
        let hits = e.screen(&query, 0.5, 10);
        assert!(hits.iter().all(|h| h.explain.tokens.len() >= 2), "{hits:?}");
    }

    #[test]
    fn names_of_many_parts_like_one_query_part_do_not_crowd_out_the_target() {
        // 150 made-up names, each of two rare parts that both look like ERIC; 400 people called BADEGE.
        let vowels = ["A", "E", "O", "U"];
        let tails = [
            "K", "S", "T", "N", "L", "M", "D", "B", "P", "Z", "G", "V", "F", "X",
        ];
        let junk: Vec<String> = vowels
            .iter()
            .flat_map(|v| tails.iter().map(move |t| format!("ER{v}{t}")))
            .collect();
        let mut entries: Vec<Entry> = (0..150)
            .map(|i| {
                let a = &junk[i % junk.len()];
                let b = &junk[(i * 7 + 3) % junk.len()];
                person(&format!("J{i}"), &[&format!("{a} {b}")], None, None)
            })
            .collect();
        let given = ["Jean", "Paul", "Marie", "Joseph", "Claude"];
        for i in 0..400 {
            let name = format!("{} Badege", given[i % given.len()]);
            entries.push(person(&format!("B{i}"), &[&name], None, None));
        }
        entries.push(person("TARGET", &["Eric Badege"], None, None));
        let e = engine(entries);
        let query = q("ERIC BADEGE", None, None);
        assert!(e.retrieves(&query, "t", "TARGET"));
        let hits = e.screen(&query, 0.5, 10);
        assert_eq!(hits.first().map(|h| h.entry_id.as_str()), Some("TARGET"));
        // Accumulated once per query part: no made-up name outranks a name that has both parts.
        assert!(hits
            .iter()
            .filter(|h| h.entry_id.starts_with('J'))
            .all(|h| h.score < DEFAULT_ALERT_THRESHOLD));
    }

    #[test]
    fn a_partial_name_of_common_parts_is_found_among_thousands_by_the_birth_year() {
        // 12,000 people called MOHAMMAD HUSSEIN with a family name, born over two hundred years (some sixty in any
        // one year); the listed person's long name carries both parts and more, so by name alone thousands rank
        // above it.
        let mut rng = crate::eval::Rng::new(5);
        let families = ["RAHMANI", "TIKRITI", "JABURI", "ZAIDI", "KARIMI", "OBAIDI"];
        let mut entries: Vec<Entry> = (0..12_000)
            .map(|i| {
                let family = *rng.pick(&families);
                let dob = format!("{}", 1850 + rng.below(200));
                person(
                    &format!("N{i}"),
                    &[&format!("MOHAMMAD HUSSEIN {family}")],
                    Some(&dob),
                    None,
                )
            })
            .collect();
        entries.push(person(
            "TARGET",
            &["MOHAMMAD ABDULLAH SALIH AHMAD HUSSEIN"],
            Some("1971-05-02"),
            Some("IRQ"),
        ));
        let e = engine(entries);
        let query = q("MOHAMMAD HUSSEIN", Some("1971-05-02"), Some("IRQ"));
        assert!(e.retrieves(&query, "t", "TARGET"));
        // Without the birth year nothing singles the listed person out of the crowd.
        assert!(!e.retrieves(&q("MOHAMMAD HUSSEIN", None, Some("IRQ")), "t", "TARGET"));
    }

    #[test]
    fn a_name_part_written_joined_to_an_honorific_or_particle_is_found() {
        let mut entries = flood(3000);
        entries.push(person("H1", &["Abd al-Karim Hashimi"], None, None));
        entries.push(person("H2", &["Mawlawi Zarif Noorani"], None, None));
        entries.push(person("H3", &["Yunus Sabir"], None, None));
        let e = engine(entries);
        for (name, id) in [
            ("ABDULKARIM ALHASHIMI", "H1"),
            ("ABDELKARIM HASHIMI", "H1"),
            ("MAWLAWIZARIF NOORANI", "H2"),
            ("YUNUS ALSABIR", "H3"),
        ] {
            let query = q(name, None, None);
            assert!(e.retrieves(&query, "t", id), "{name} not retrieved");
            let s = score_of(&e, &query, id);
            assert!(s >= DEFAULT_ALERT_THRESHOLD, "{name} → {id} scored {s}");
        }
    }
}
