//! Building the index: the token dictionary, posting lists, blocking keys and the name-part frequencies by
//! nationality.

use super::similarity::convention_hash;
use super::{slice, DictToken, Engine, IndexedName, TAG_PHONETIC, TAG_SPELLING};
use crate::blocking_keys::{deletion_keys, key_hash};
use crate::model::{EntryKind, NameQuality, WatchList};
use crate::text::{particle_prefix, phonetic_key, token_variants};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// Entries tokenised together at build time.
const PREPARE_CHUNK: usize = 16_384;
/// Listed people of a nationality needed before its own name-part frequencies are used.
const CULTURE_MIN: u32 = 30;

pub fn normalize_document_number(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub(super) fn spelling_keys(token: &[u8], out: &mut Vec<u64>) {
    deletion_keys(TAG_SPELLING, token, token.len() >= 4, out);
}

pub(super) fn phonetic_keys(skeleton: &[u8], out: &mut Vec<u64>) {
    if skeleton.len() >= 2 {
        deletion_keys(TAG_PHONETIC, skeleton, skeleton.len() >= 5, out);
    }
}

/// The names of one entry, tokenised (in parallel at build time).
struct PreparedEntry {
    list: u16,
    entry: u32,
    names: Vec<(u32, NameQuality, Vec<Vec<String>>)>,
    documents: Vec<String>,
    nationalities: Vec<String>,
}

impl Engine {
    pub fn build(lists: Vec<Arc<WatchList>>) -> Engine {
        let mut people: Vec<(u16, u32)> = Vec::new();
        for (li, list) in lists.iter().enumerate() {
            for (ei, entry) in list.entries.iter().enumerate() {
                // Travellers are people: organisations, vessels and aircraft are not screened at a border check.
                if matches!(entry.kind, EntryKind::Person | EntryKind::Unknown) {
                    people.push((li as u16, ei as u32));
                }
            }
        }
        let prepare_one = |&(li, ei): &(u16, u32)| -> Option<PreparedEntry> {
            let entry = lists.get(li as usize)?.entries.get(ei as usize)?;
            Some(PreparedEntry {
                list: li,
                entry: ei,
                names: entry
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i as u32, n.quality, token_variants(&n.full)))
                    .collect(),
                nationalities: entry.nationalities.clone(),
                documents: entry
                    .documents
                    .iter()
                    .map(|d| normalize_document_number(&d.number))
                    .filter(|n| n.len() >= 5)
                    .collect(),
            })
        };

        let mut entries = Vec::with_capacity(people.len());
        let mut entry_first_name = Vec::with_capacity(people.len());
        let mut names = Vec::new();
        let mut name_tokens: Vec<u32> = Vec::new();
        let mut texts: Vec<Box<str>> = Vec::new();
        let mut dict_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut by_document: HashMap<String, Vec<u32>> = HashMap::new();
        let mut seen: Vec<u32> = Vec::new();
        let mut nat_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut nat_entries: Vec<u32> = Vec::new();
        let mut culture_df: FxHashMap<(u16, u32), u32> = FxHashMap::default();
        // Tokenised in parallel a chunk at a time, so the temporary strings of a million names never all live at
        // once.
        for chunk in people.chunks(PREPARE_CHUNK) {
            let prepared: Vec<PreparedEntry> = chunk.par_iter().filter_map(prepare_one).collect();
            for p in prepared {
                let entry_idx = entries.len() as u32;
                entries.push((p.list, p.entry));
                entry_first_name.push(names.len() as u32);
                seen.clear();
                for (name_no, quality, variants) in p.names {
                    for variant in variants {
                        let start = name_tokens.len() as u32;
                        for t in variant {
                            let id = match dict_ids.get(t.as_str()) {
                                Some(&id) => id,
                                None => {
                                    let id = texts.len() as u32;
                                    let boxed: Box<str> = t.into_boxed_str();
                                    texts.push(boxed.clone());
                                    dict_ids.insert(boxed, id);
                                    df.push(0);
                                    id
                                }
                            };
                            name_tokens.push(id);
                            if !seen.contains(&id) {
                                seen.push(id);
                            }
                        }
                        names.push(IndexedName {
                            total_weight: 0.0,
                            entry: entry_idx,
                            name_no,
                            quality,
                            start,
                            len: name_tokens.len() as u32 - start,
                        });
                    }
                }
                for &id in &seen {
                    if let Some(d) = df.get_mut(id as usize) {
                        *d += 1;
                    }
                }
                for nat in &p.nationalities {
                    let next = nat_entries.len() as u16;
                    let c = *nat_ids.entry(nat.clone()).or_insert(next);
                    if c == next {
                        nat_entries.push(0);
                    }
                    if let Some(n) = nat_entries.get_mut(c as usize) {
                        *n += 1;
                    }
                    for &id in &seen {
                        *culture_df.entry((c, id)).or_insert(0) += 1;
                    }
                }
                for d in p.documents {
                    by_document.entry(d).or_default().push(entry_idx);
                }
            }
        }

        // Postings: for each token, the names that carry it (each name once), as one flat array.
        let mut counts = vec![0u32; texts.len()];
        let mut last_name = vec![u32::MAX; texts.len()];
        for (ni, n) in names.iter().enumerate() {
            for &t in slice(&name_tokens, n.start, n.len) {
                if let (Some(c), Some(l)) =
                    (counts.get_mut(t as usize), last_name.get_mut(t as usize))
                {
                    if *l != ni as u32 {
                        *l = ni as u32;
                        *c += 1;
                    }
                }
            }
        }
        let mut starts = Vec::with_capacity(texts.len());
        let mut acc = 0u32;
        for &c in &counts {
            starts.push(acc);
            acc += c;
        }
        let mut postings = vec![0u32; acc as usize];
        let mut fill = starts.clone();
        last_name.iter_mut().for_each(|l| *l = u32::MAX);
        for (ni, n) in names.iter().enumerate() {
            for &t in slice(&name_tokens, n.start, n.len) {
                let ti = t as usize;
                if last_name.get(ti) == Some(&(ni as u32)) {
                    continue;
                }
                if let (Some(l), Some(f)) = (last_name.get_mut(ti), fill.get_mut(ti)) {
                    *l = ni as u32;
                    if let Some(slot) = postings.get_mut(*f as usize) {
                        *slot = ni as u32;
                    }
                    *f += 1;
                }
            }
        }

        // Each posting list shortest names first (then in name order).
        for (t, &start) in starts.iter().enumerate() {
            let len = counts.get(t).copied().unwrap_or(0);
            if let Some(p) = postings.get_mut(start as usize..(start + len) as usize) {
                p.sort_unstable_by_key(|&n| (names.get(n as usize).map_or(0, |x| x.len), n));
            }
        }
        let n_entries = entries.len().max(1) as f64;
        let weight_of = |df: u32| ((n_entries + 1.0) / f64::from(df.max(1))).ln().max(0.5) as f32;
        let unknown_weight = weight_of(1);

        // Blocking keys of every token, computed in parallel, then grouped by key.
        let mut pairs: Vec<(u64, u32)> = texts
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, t)| {
                let mut keys = Vec::with_capacity(2 * t.len() + 2);
                spelling_keys(t.as_bytes(), &mut keys);
                phonetic_keys(phonetic_key(t).as_bytes(), &mut keys);
                keys.sort_unstable();
                keys.dedup();
                keys.into_iter().map(move |k| (k, id as u32))
            })
            .collect();
        pairs.par_sort_unstable();
        let mut keys: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        keys.reserve(pairs.len() / 2);
        let mut key_tokens = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while let Some(&(k, _)) = pairs.get(i) {
            let start = key_tokens.len() as u32;
            while let Some(&(k2, t)) = pairs.get(i) {
                if k2 != k {
                    break;
                }
                key_tokens.push(t);
                i += 1;
            }
            // Commonest tokens first: a query looks at the head of a long phonetic bucket only.
            if let Some(bucket) = key_tokens.get_mut(start as usize..) {
                bucket.sort_by_key(|&t| {
                    (
                        std::cmp::Reverse(df.get(t as usize).copied().unwrap_or(0)),
                        t,
                    )
                });
            }
            keys.insert(k, (start, key_tokens.len() as u32 - start));
        }
        drop(pairs);

        for n in names.iter_mut() {
            n.total_weight = slice(&name_tokens, n.start, n.len)
                .iter()
                .map(|&t| weight_of(df.get(t as usize).copied().unwrap_or(1)))
                .sum();
        }
        let dict: Vec<DictToken> = texts
            .into_par_iter()
            .enumerate()
            .map(|(id, text)| {
                let phonetic = key_hash(TAG_PHONETIC, &[phonetic_key(&text).as_bytes()]);
                let convention = convention_hash(&text);
                DictToken {
                    weight: weight_of(df.get(id).copied().unwrap_or(1)),
                    phonetic,
                    convention,
                    particle: particle_prefix(&text)
                        .and_then(|p| u8::try_from(p).ok())
                        .unwrap_or(0),
                    postings_start: starts.get(id).copied().unwrap_or(0),
                    postings_len: counts.get(id).copied().unwrap_or(0),
                    text,
                }
            })
            .collect();

        // Name-part frequencies within a nationality's listed people, for nationalities with enough of them.
        nat_ids.retain(|_, c| {
            nat_entries
                .get(*c as usize)
                .is_some_and(|&n| n >= CULTURE_MIN)
        });
        culture_df.retain(|(c, _), _| {
            nat_entries
                .get(*c as usize)
                .is_some_and(|&n| n >= CULTURE_MIN)
        });
        let by_year = super::birth_year::YearIndex::build(&names, &name_tokens, |entry| {
            let mut years = Vec::new();
            if let Some((li, ei)) = entries.get(entry as usize) {
                if let Some(e) = lists
                    .get(*li as usize)
                    .and_then(|l| l.entries.get(*ei as usize))
                {
                    super::birth_year::listed_years(&e.birth_dates, &mut years);
                }
            }
            years
        });
        Engine {
            by_year,
            nat_ids,
            nat_entries,
            culture_df,
            lists,
            entries,
            entry_first_name,
            names,
            name_tokens,
            dict,
            dict_ids,
            postings,
            keys,
            key_tokens,
            by_document,
            unknown_weight,
        }
    }
}
