//! The matching engine, in two stages.
//!
//! 1. **Candidate retrieval** over a token dictionary. Every list token is reachable by blocking keys that survive
//!    spelling and transliteration: the token itself, the token with any one letter deleted (so a typo, a
//!    transposition or a doubled letter on either side still meets), and a phonetic skeleton with the same
//!    one-deletion neighbourhood (MUHAMMAD, MOHAMED, محمد → one skeleton). A query token longer than the list's
//!    may be two list tokens written as one, two query tokens may be one list token. Posting lists are walked
//!    rarest first within a budget; tokens as common as MOHAMMED or ALI only refine names already found, so a
//!    common-token flood neither costs time nor pushes the true target out.
//! 2. **Scoring** of the best candidates: query tokens aligned one to one with the name's tokens (character
//!    metric on characters, weighted by token rarity), then the qualifiers of a border check — birth date,
//!    nationality, gender, document number (decisive). Every hit explains itself.
//!
//! The modules, in the order a query meets them: `query` (what is screened and what comes back), `build`
//! (the index), `prepare` (query tokens and their similar dictionary tokens), `similarity` (how alike two
//! tokens are), `candidates` and `scratch` (retrieval), `align` (name scoring), `qualify` (birth date,
//! nationality, gender) and `screen` (the two stages put together).

mod align;
mod birth_year;
mod build;
mod calibrate;
mod candidates;
mod prepare;
mod qualify;
mod query;
mod scratch;
mod screen;
mod similarity;
#[cfg(test)]
mod test_support;

pub use build::normalize_document_number;
pub use query::{Component, Explanation, Hit, Query, QueryDocument, TokenMatch};

use crate::model::{Entry, NameQuality, WatchList};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// The calibrated default: at or above it a hit refers the traveller to second line. Chosen by
/// `limes eval screening` (the best recall with false alerts at most 0.8%, a margin under the 1% target).
pub const DEFAULT_ALERT_THRESHOLD: f64 = 0.83;
/// Token pairs below this similarity do not align.
const MIN_TOKEN_SIMILARITY: f32 = 0.80;

/// Key namespaces: the token and its one-letter deletions, and the phonetic skeleton and its deletions.
const TAG_SPELLING: u8 = 1;
const TAG_PHONETIC: u8 = 2;
const TAG_CONVENTION: u8 = 3;

struct IndexedName {
    /// Sum of the name's token weights (for ranking candidates by how much of the name the query covers).
    total_weight: f32,
    entry: u32,
    /// Index into the entry's `names`.
    name_no: u32,
    quality: NameQuality,
    start: u32,
    len: u32,
}

struct DictToken {
    text: Box<str>,
    weight: f32,
    phonetic: u64,
    /// Hash of the token's spelling-convention key (`text::spelling_convention_key`).
    convention: u64,
    /// Length of the particle the token starts with (ABDULRAHMAN: 5), 0 for none.
    particle: u8,
    postings_start: u32,
    postings_len: u32,
}

/// One immutable, fully built index over a set of lists. Updates build a new one and swap it in whole.
pub struct Engine {
    lists: Vec<Arc<WatchList>>,
    entries: Vec<(u16, u32)>,
    entry_first_name: Vec<u32>,
    names: Vec<IndexedName>,
    name_tokens: Vec<u32>,
    dict: Vec<DictToken>,
    dict_ids: FxHashMap<Box<str>, u32>,
    postings: Vec<u32>,
    keys: FxHashMap<u64, (u32, u32)>,
    key_tokens: Vec<u32>,
    by_document: HashMap<String, Vec<u32>>,
    /// Weight of a token the lists do not have (as rare as a token can be).
    unknown_weight: f32,
    nat_ids: FxHashMap<String, u16>,
    nat_entries: Vec<u32>,
    /// In how many entries of a nationality a token appears.
    culture_df: FxHashMap<(u16, u32), u32>,
    /// Names by (token, birth year).
    by_year: birth_year::YearIndex,
}

impl Engine {
    pub fn entry(&self, entry_idx: u32) -> Option<(&WatchList, &Entry)> {
        let &(li, ei) = self.entries.get(entry_idx as usize)?;
        let list = self.lists.get(li as usize)?;
        Some((list, list.entries.get(ei as usize)?))
    }

    pub fn lists(&self) -> &[Arc<WatchList>] {
        &self.lists
    }

    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Distinct tokens in the dictionary.
    pub fn token_count(&self) -> usize {
        self.dict.len()
    }

    fn text(&self, id: u32) -> &str {
        self.dict.get(id as usize).map(|d| &*d.text).unwrap_or("")
    }

    fn weight(&self, id: u32) -> f32 {
        self.dict
            .get(id as usize)
            .map(|d| d.weight)
            .unwrap_or(self.unknown_weight)
    }

    /// A token's weight among travellers of one naming culture: the lesser of its weight over all lists and its
    /// weight among the listed people of the traveller's nationality (CHOL is rare on the lists, common among
    /// Koreans).
    fn culture_weight(&self, id: u32, culture: Option<u16>) -> f32 {
        let w = self.weight(id);
        let Some(c) = culture else {
            return w;
        };
        match (
            self.culture_df.get(&(c, id)),
            self.nat_entries.get(c as usize),
        ) {
            (Some(&df), Some(&n)) => {
                let cw = ((f64::from(n) + 1.0) / f64::from(df.max(1))).ln().max(0.5) as f32;
                w.min(cw)
            }
            _ => w,
        }
    }

    fn name_token_ids(&self, name: &IndexedName) -> &[u32] {
        slice(&self.name_tokens, name.start, name.len)
    }

    fn key_hits(&self, key: u64) -> &[u32] {
        match self.keys.get(&key) {
            Some(&(s, l)) => slice(&self.key_tokens, s, l),
            None => &[],
        }
    }
}

fn slice(v: &[u32], start: u32, len: u32) -> &[u32] {
    v.get(start as usize..(start as usize).saturating_add(len as usize))
        .unwrap_or_default()
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
