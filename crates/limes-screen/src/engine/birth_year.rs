//! Retrieval by name part and birth year together: for every name, postings under (token, birth year) for each
//! year its entry's birth dates allow. At a million culture-matched names a query whose every part is common
//! (MOHAMMAD HUSSEIN, KANG CHOL) shares them with thousands of people; those born in the traveller's year are few,
//! and the listed person is among them.

use super::{slice, IndexedName};
use crate::blocking_keys::key_hash;
use crate::model::BirthDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

const TAG_TOKEN_YEAR: u8 = 4;
/// A listed year range wider than this is too vague to index by year.
const MAX_RANGE_YEARS: i32 = 6;

/// Postings of names by (token, birth year).
#[derive(Default)]
pub(super) struct YearIndex {
    keys: FxHashMap<u64, (u32, u32)>,
    postings: Vec<u32>,
}

fn key(token: u32, year: i32) -> u64 {
    key_hash(TAG_TOKEN_YEAR, &[&token.to_le_bytes(), &year.to_le_bytes()])
}

/// The years a list's birth dates allow (none for a range too wide to say).
pub(super) fn listed_years(dates: &[BirthDate], out: &mut Vec<i32>) {
    out.clear();
    for d in dates {
        let (lo, hi) = d.year_range();
        if hi >= lo && hi - lo <= MAX_RANGE_YEARS {
            out.extend(lo..=hi);
        }
    }
    out.sort_unstable();
    out.dedup();
}

impl YearIndex {
    /// `years_of(entry)` gives the birth years of an entry.
    pub(super) fn build(
        names: &[IndexedName],
        name_tokens: &[u32],
        years_of: impl Fn(u32) -> Vec<i32> + Sync,
    ) -> YearIndex {
        let mut pairs: Vec<(u64, u32)> = names
            .par_iter()
            .enumerate()
            .flat_map_iter(|(ni, n)| {
                let years = years_of(n.entry);
                let mut tokens: Vec<u32> = slice(name_tokens, n.start, n.len).to_vec();
                tokens.sort_unstable();
                tokens.dedup();
                let mut out = Vec::with_capacity(tokens.len() * years.len());
                for &t in &tokens {
                    for &y in &years {
                        out.push((key(t, y), ni as u32));
                    }
                }
                out.into_iter()
            })
            .collect();
        pairs.par_sort_unstable();
        let mut keys: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        let mut postings = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while let Some(&(k, _)) = pairs.get(i) {
            let start = postings.len() as u32;
            while let Some(&(k2, n)) = pairs.get(i) {
                if k2 != k {
                    break;
                }
                postings.push(n);
                i += 1;
            }
            keys.insert(k, (start, postings.len() as u32 - start));
        }
        YearIndex { keys, postings }
    }

    /// The names carrying `token` whose entry was born in `year`.
    pub(super) fn names(&self, token: u32, year: i32) -> &[u32] {
        match self.keys.get(&key(token, year)) {
            Some(&(s, l)) => slice(&self.postings, s, l),
            None => &[],
        }
    }
}
