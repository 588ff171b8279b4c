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
use crate::fxhash::{deletion_keys, key_hash, FxMap};
use crate::model::{BirthDate, Entry, EntryKind, Gender, NameQuality, WatchList};
use crate::text::{
    is_particle, jaro_winkler, particle_prefix, phonetic_key, spelling_convention_key,
    token_variants, without_joined_prefix,
};
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// What is screened: a traveller as a document or a passenger list gives them.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The full name in any order ("Given Surname", "SURNAME, Given", an MRZ name field).
    pub name: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<BirthDate>,
    /// Canonical 3-letter code.
    pub nationality: Option<String>,
    pub gender: Option<Gender>,
    pub documents: Vec<QueryDocument>,
}

#[derive(Debug, Clone, Default)]
pub struct QueryDocument {
    pub number: String,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub list: String,
    pub entry_id: String,
    /// The entry's primary name.
    pub name: String,
    /// The list name or alias that matched.
    pub matched_name: String,
    pub score: f64,
    pub explain: Explanation,
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenMatch {
    pub query: String,
    pub list: String,
    pub similarity: f64,
    /// How much the token counts: rare tokens count more.
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub matched_name: String,
    pub name_quality: NameQuality,
    pub tokens: Vec<TokenMatch>,
    pub unmatched_query_tokens: Vec<String>,
    pub unmatched_list_tokens: Vec<String>,
    pub name_score: f64,
    /// The name-frequency prior: a full match of common name parts counts less.
    pub name_commonness: Component,
    pub birth_date: Component,
    pub nationality: Component,
    pub gender: Component,
    pub document: Component,
}

/// One qualifier's contribution to the score and why.
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    pub adjustment: f64,
    pub detail: String,
}

impl Component {
    fn none(detail: &str) -> Self {
        Component {
            adjustment: 0.0,
            detail: detail.to_string(),
        }
    }
}

/// The calibrated default: at or above it a hit refers the traveller to second line. Chosen by
/// `limes eval screening` (the best recall with false alerts at most 0.8%, a margin under the 1% target).
pub const DEFAULT_ALERT_THRESHOLD: f64 = 0.83;
/// Token pairs below this similarity do not align.
const MIN_TOKEN_SIMILARITY: f32 = 0.80;
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
/// Weight of a traveller's name part the lists do not have, relative to a unique one's.
const UNKNOWN_QUERY_WEIGHT: f32 = 0.75;
/// Similarity given to two tokens with the same phonetic skeleton (a transliteration variant).
const PHONETIC_SIMILARITY: f32 = 0.88;
/// Similarity given to two tokens that are one name part written in two romanisation conventions (FAYZ / FAIZ).
const CONVENTION_SIMILARITY: f32 = 0.95;
/// Taken off the similarity of two tokens that begin with different letters and are not spellings of one
/// another: a first letter is rarely where a name is mistyped, and short names one first letter apart are other
/// names (YONG / MYONG, TONG / YONG).
const FIRST_LETTER_PENALTY: f32 = 0.05;
/// An initial against the name it may abbreviate.
const INITIAL_SIMILARITY: f32 = 0.80;
/// A truncated last name part (an MRZ cuts long names) against the full part.
const TRUNCATED_SIMILARITY: f32 = 0.90;
/// A token with a joined honorific or particle taken off, against a list token: its similarity counts this much.
const UNPREFIXED_FACTOR: f32 = 0.95;
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
/// Similar dictionary tokens kept per query token, most similar first.
const SIMILAR_TOKENS: usize = 64;
/// Tokens looked at per phonetic key, commonest first.
const PHONETIC_BUCKET: usize = 80;
/// Tokens whose posting lists are longer than this never add names, only refine.
const REFINE_ONLY_ABOVE: usize = 8_000;

/// Entries tokenised together at build time.
const PREPARE_CHUNK: usize = 16_384;
/// Listed people of a nationality needed before its own name-part frequencies are used.
const CULTURE_MIN: u32 = 30;

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
    dict_ids: FxMap<Box<str>, u32>,
    postings: Vec<u32>,
    keys: FxMap<u64, (u32, u32)>,
    key_tokens: Vec<u32>,
    by_document: HashMap<String, Vec<u32>>,
    /// Weight of a token the lists do not have (as rare as a token can be).
    unknown_weight: f32,
    nat_ids: FxMap<String, u16>,
    nat_entries: Vec<u32>,
    /// In how many entries of a nationality a token appears.
    culture_df: FxMap<(u16, u32), u32>,
}

pub fn normalize_document_number(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn spelling_keys(token: &[u8], out: &mut Vec<u64>) {
    deletion_keys(TAG_SPELLING, token, token.len() >= 4, out);
}

fn phonetic_keys(skeleton: &[u8], out: &mut Vec<u64>) {
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
        let mut dict_ids: FxMap<Box<str>, u32> = FxMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut by_document: HashMap<String, Vec<u32>> = HashMap::new();
        let mut seen: Vec<u32> = Vec::new();
        let mut nat_ids: FxMap<String, u16> = FxMap::default();
        let mut nat_entries: Vec<u32> = Vec::new();
        let mut culture_df: FxMap<(u16, u32), u32> = FxMap::default();
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
        let mut keys: FxMap<u64, (u32, u32)> = FxMap::default();
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
        Engine {
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

    /// Similarity of a query token to a dictionary token: Jaro-Winkler on characters, raised for tokens with the
    /// same phonetic skeleton (a transliteration variant of the same name part).
    fn token_similarity(&self, q: &QueryKeys<'_>, id: u32) -> f32 {
        let QueryKeys {
            text: q,
            phonetic: q_phonetic,
            convention: q_convention,
            particle: q_particle,
        } = *q;
        let Some(d) = self.dict.get(id as usize) else {
            return 0.0;
        };
        if *d.text == *q {
            return 1.0;
        }
        let t = &*d.text;
        // Two parts joined to the same particle (ABDULRAHMAN, ABDULMANAN) are as alike as what follows it.
        if let (Some(a), b) = (q_particle, usize::from(d.particle)) {
            if a == b && q.get(..a) == t.get(..a) {
                let (Some(qr), Some(tr)) = (q.get(a..), t.get(a..)) else {
                    return 0.0;
                };
                return self.token_similarity_plain(qr, tr);
            }
        }
        self.token_similarity_plain_with(q, q_phonetic, q_convention, d)
    }

    fn token_similarity_plain(&self, q: &str, t: &str) -> f32 {
        if q == t {
            return 1.0;
        }
        let jw = jaro_winkler(q, t) as f32;
        adjust_similarity(
            q,
            t,
            jw,
            q.len() >= 3 && t.len() >= 3 && convention_hash(q) == convention_hash(t),
            q.len() >= 3 && t.len() >= 3 && phonetic_key(q) == phonetic_key(t),
        )
    }

    fn token_similarity_plain_with(
        &self,
        q: &str,
        q_phonetic: u64,
        q_convention: u64,
        d: &DictToken,
    ) -> f32 {
        let t = &*d.text;
        let jw = jaro_winkler(q, t) as f32;
        // One part the first letters of a much longer one (ABDUL / ABDULLAH): Jaro-Winkler's prefix bonus
        // overrates it.
        let (short, long) = if q.len() <= t.len() { (q, t) } else { (t, q) };
        if long.len() >= short.len() + 3 && long.starts_with(short) {
            return jw.min(MIN_TOKEN_SIMILARITY);
        }
        let long_enough = q.len() >= 3 && t.len() >= 3;
        adjust_similarity(
            q,
            t,
            jw,
            long_enough && d.convention == q_convention,
            long_enough && d.phonetic == q_phonetic,
        )
    }

    /// Dictionary tokens similar to a query token, with their similarity (at least `MIN_TOKEN_SIMILARITY`).
    /// With `phonetic` false (two query tokens written as one), spelling keys only.
    fn similar_tokens(
        &self,
        q: &str,
        phonetic: bool,
        out: &mut Vec<(u32, f32)>,
        keys: &mut Vec<u64>,
    ) {
        out.clear();
        if let Some(&id) = self.dict_ids.get(q) {
            out.push((id, 1.0));
        }
        if q.len() < 2 {
            return;
        }
        let skeleton = phonetic_key(q);
        let q_phonetic = key_hash(TAG_PHONETIC, &[skeleton.as_bytes()]);
        let query_keys = QueryKeys {
            text: q,
            phonetic: q_phonetic,
            convention: convention_hash(q),
            particle: particle_prefix(q),
        };
        keys.clear();
        spelling_keys(q.as_bytes(), keys);
        let spelling = keys.len();
        if phonetic {
            phonetic_keys(skeleton.as_bytes(), keys);
        }
        let exact = out.first().map(|m| m.0);
        let mut ids: Vec<u32> = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let hits = self.key_hits(k);
            if i < spelling {
                ids.extend_from_slice(hits);
            } else {
                // A short skeleton is shared by thousands of tokens on a large list: its commonest ones (the
                // usual spellings of a name part) are looked at, the rest are left to the spelling keys.
                ids.extend_from_slice(hits.get(..PHONETIC_BUCKET).unwrap_or(hits));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if Some(id) == exact {
                continue;
            }
            let s = self.token_similarity(&query_keys, id);
            if s >= MIN_TOKEN_SIMILARITY {
                out.push((id, s));
            }
        }
        if out.len() > SIMILAR_TOKENS {
            // The exact token first, then the most similar ones.
            out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            out.truncate(SIMILAR_TOKENS);
        }
    }

    /// Two list tokens written as one in the query (MOHAMMEDTUFAIL, ABDULRAHMAN): split points where both halves
    /// are list tokens.
    fn splits(&self, q: &str) -> Vec<(u32, u32, f32)> {
        let mut out = Vec::new();
        if q.len() < 4 || !q.is_ascii() {
            return out;
        }
        for i in 2..=q.len() - 2 {
            let (Some(a), Some(b)) = (q.get(..i), q.get(i..)) else {
                continue;
            };
            if let (Some(&x), Some(&y)) = (self.dict_ids.get(a), self.dict_ids.get(b)) {
                out.push((x, y, 1.0));
            }
        }
        out
    }

    fn prepare(&self, query: &Query) -> Prepared {
        let mut full = query.name.clone();
        if full.trim().is_empty() {
            full = format!(
                "{} {}",
                query.given_names.clone().unwrap_or_default(),
                query.surname.clone().unwrap_or_default()
            );
        }
        // An MRZ name field is cut at its length: the last part may be truncated.
        let mrz_style = full.contains('<');
        let mut cache: Vec<(String, Vec<(u32, f32)>)> = Vec::new();
        let mut buf = Vec::new();
        let mut keys = Vec::new();
        let mut lookup = |engine: &Engine, t: &str, phonetic: bool| -> Vec<(u32, f32)> {
            if let Some((_, m)) = cache.iter().find(|(s, _)| s == t) {
                return m.clone();
            }
            engine.similar_tokens(t, phonetic, &mut buf, &mut keys);
            // Sorted by token id: scoring looks pairs up by binary search.
            buf.sort_unstable_by_key(|m| m.0);
            cache.push((t.to_string(), buf.clone()));
            buf.clone()
        };
        let culture = query
            .nationality
            .as_deref()
            .and_then(|n| self.nat_ids.get(n).copied());
        let mut variants = Vec::new();
        for tokens in token_variants(&full) {
            let n = tokens.len();
            let mut toks = Vec::with_capacity(n);
            for (i, t) in tokens.iter().enumerate() {
                let matches = lookup(self, t, true);
                let w = self
                    .dict_ids
                    .get(t.as_str())
                    .map(|&id| self.weight(id))
                    // A part the lists lack is not for that a rare name part: many such parts are common.
                    .unwrap_or(UNKNOWN_QUERY_WEIGHT * self.unknown_weight);
                let matched_weight = matches
                    .iter()
                    .map(|&(id, _)| self.weight(id))
                    .fold(0.0f32, f32::max);
                toks.push(QTok {
                    matched_weight: if matches.is_empty() {
                        w
                    } else {
                        matched_weight
                    },
                    initial: (t.len() == 1)
                        .then(|| t.as_bytes().first().copied())
                        .flatten(),
                    first: t.as_bytes().first().copied().unwrap_or(0),
                    truncated: mrz_style && i + 1 == n && t.len() >= 3,
                    splits: self.splits(t),
                    // ALHASHIMI may be the list's HASHIMI, MAWLAWINANAI its NANAI.
                    unprefixed: without_joined_prefix(t)
                        .map(|rest| lookup(self, rest, true))
                        .unwrap_or_default(),
                    text: t.clone(),
                    w,
                    matches,
                });
            }
            let joined = (0..n.saturating_sub(1))
                .map(|i| match (tokens.get(i), tokens.get(i + 1)) {
                    (Some(a), Some(b)) if a.len() > 1 && b.len() > 1 => {
                        lookup(self, &format!("{a}{b}"), false)
                    }
                    _ => Vec::new(),
                })
                .collect();
            variants.push(QVariant {
                culture,
                toks,
                joined,
            });
        }
        Prepared { variants }
    }

    /// Candidate names: the postings of every similar token, the query's own tokens first and rarest first,
    /// accumulated with rarity × similarity, once per query token. Once `POSTING_BUDGET` names have been touched,
    /// commoner tokens only refine the names already found.
    fn candidates(&self, prepared: &Prepared, scratch: &mut Scratch) -> Vec<u32> {
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
        ranked.extend(scratch.touched.iter().map(|&n| {
            let a = acc.get(n as usize).map_or(0.0, |a| a.score);
            let w = names.get(n as usize).map_or(0.0, |x| x.total_weight);
            (a / (query_weight + w + 1e-3), n)
        }));
        top_n(&mut ranked, CANDIDATES);
        let mut out: Vec<u32> = ranked.iter().map(|r| r.1).collect();
        scratch.ranked = ranked;
        out.sort_unstable();
        out
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

    /// Align one query variant to one name and score the name in 0..1; the aligned pairs go to `edges`.
    /// Also returns the commonness penalty: how far the matched name parts fall short of the evidence of two rare
    /// ones (a name-frequency prior: MOHAMMAD ALI matched in full says less than GERMAIN KATANGA).
    fn name_score(&self, v: &QVariant, name: &IndexedName, edges: &mut Vec<Edge>) -> (f32, f32) {
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
        for (qi, q) in v.toks.iter().enumerate() {
            if q_used & (1 << qi) == 0 {
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
        for (li, &t) in list.iter().enumerate() {
            if l_used & (1 << li) == 0 {
                let factor = if is_particle(self.text(t)) {
                    UNMATCHED_PARTICLE_FACTOR
                } else if (li as u32) > lo && (li as u32) < hi {
                    UNMATCHED_MIDDLE_FACTOR
                } else {
                    UNMATCHED_LIST_FACTOR
                };
                total += factor * self.weight(t);
            }
        }
        let mut score = if total > 0.0 { matched / total } else { 0.0 };
        let single = edges.len() == 1 && edges.first().is_some_and(|e| e.q.1 == 1 && e.l.1 == 1);
        if single && (nq > 1 || nl > 1) {
            // One shared token is not a name match, however rare the token.
            score *= 0.75;
        }
        if name.quality == NameQuality::Weak {
            score *= 0.9;
        }
        (score.min(1.0), commonness)
    }

    fn explain_name(&self, v: &QVariant, name: &IndexedName, edges: &[Edge]) -> NameParts {
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
            let (mut score, _) = qualify(query, entry, name_score, f64::from(best_name.1));
            if is_doc {
                score = score.max(0.99);
            }
            let score = round(score.clamp(0.0, 1.0));
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

fn convention_hash(token: &str) -> u64 {
    key_hash(TAG_CONVENTION, &[spelling_convention_key(token).as_bytes()])
}

/// Jaro-Winkler raised for one name part in two romanisation conventions or with one phonetic skeleton, lowered
/// for tokens that begin differently and are neither.
fn adjust_similarity(q: &str, t: &str, jw: f32, same_convention: bool, same_phonetic: bool) -> f32 {
    if same_convention {
        jw.max(CONVENTION_SIMILARITY)
    } else if same_phonetic && comparable_lengths(q, t) {
        jw.max(PHONETIC_SIMILARITY)
    } else if q.as_bytes().first() != t.as_bytes().first() {
        jw - FIRST_LETTER_PENALTY
    } else {
        jw
    }
}

/// Whether two tokens with one phonetic skeleton can be one name part: of comparable length (ESIC is no
/// spelling of EZKAGOKHA), unless the shorter is written without vowels (MHMD, as Arabic script is
/// transliterated, for MUHAMMAD).
fn comparable_lengths(q: &str, t: &str) -> bool {
    let (short, long) = if q.len() <= t.len() { (q, t) } else { (t, q) };
    let vowelless = !short
        .bytes()
        .any(|b| matches!(b, b'A' | b'E' | b'I' | b'O' | b'U'));
    vowelless || short.len() * 5 >= long.len() * 3
}

fn slice(v: &[u32], start: u32, len: u32) -> &[u32] {
    v.get(start as usize..(start as usize).saturating_add(len as usize))
        .unwrap_or_default()
}

fn span_mask((start, len): (u8, u8)) -> u32 {
    let ones = (1u32 << len) - 1;
    ones.checked_shl(u32::from(start)).unwrap_or(0)
}

/// Dictionary tokens with their similarity to one query token.
type SimilarTokens = Vec<(u32, f32)>;

/// A query token's own keys, computed once per token looked up.
#[derive(Clone, Copy)]
struct QueryKeys<'a> {
    text: &'a str,
    phonetic: u64,
    convention: u64,
    particle: Option<usize>,
}

/// A query token with everything scoring needs, computed once per query.
struct QTok {
    text: String,
    /// Rarity weight of the token in the lists (a token they lack counts as rare).
    w: f32,
    /// Dictionary tokens similar to it.
    matches: Vec<(u32, f32)>,
    /// The largest weight among those (its own weight when it has none).
    matched_weight: f32,
    initial: Option<u8>,
    first: u8,
    /// The last part of an MRZ name, possibly cut short.
    truncated: bool,
    /// Pairs of adjacent list tokens this token may be written joined from.
    splits: Vec<(u32, u32, f32)>,
    /// Dictionary tokens similar to the token with a joined honorific or particle taken off, sorted by id.
    unprefixed: Vec<(u32, f32)>,
}

struct QVariant {
    /// The traveller's naming culture (nationality), when the lists know it well enough.
    culture: Option<u16>,
    toks: Vec<QTok>,
    /// For each adjacent pair of query tokens, the dictionary tokens similar to the two written as one.
    joined: Vec<Vec<(u32, f32)>>,
}

struct Prepared {
    variants: Vec<QVariant>,
}

/// An aligned pair: a run of query tokens (start, count) with a run of list tokens, and their similarity.
#[derive(Clone, Copy)]
struct Edge {
    sim: f32,
    q: (u8, u8),
    l: (u8, u8),
}

#[derive(Default)]
struct NameParts {
    tokens: Vec<TokenMatch>,
    unmatched_query: Vec<String>,
    unmatched_list: Vec<String>,
}

#[derive(Clone, Copy, Default)]
struct Acc {
    /// The query's stamp in the high 16 bits; in the low 16, the query tokens (slots, see `slot_bit`) that
    /// already added to the score: a name counts once per query token, through its best-matching part (two
    /// made-up parts both like one query token add nothing more).
    stamp_slots: u32,
    score: f32,
}

/// A slot's bit; slots past the 16th share the last one.
fn slot_bit(slot_no: u16) -> u32 {
    1u32 << slot_no.min(15)
}

/// Per-thread accumulator over all names, reused between queries (stamped, cleared once every 65,535 queries).
/// Eight bytes a name: at a million names the walk over posting lists stays within the caches as far as it can.
#[derive(Default)]
struct Scratch {
    acc: Vec<Acc>,
    stamp: u16,
    touched: Vec<u32>,
    /// A bit per dictionary token, all clear between uses.
    marks: Vec<u64>,
    /// (key, name) pairs being ranked, reused.
    ranked: Vec<(f32, u32)>,
}

/// Keep the `n` highest keys (ties: the lower name first), in no particular order.
fn top_n(ranked: &mut Vec<(f32, u32)>, n: usize) {
    if n == 0 {
        ranked.clear();
        return;
    }
    if ranked.len() > n {
        ranked.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(n);
    }
}

impl Scratch {
    fn reset(&mut self, names: usize) {
        if self.acc.len() != names || self.stamp == u16::MAX {
            self.acc = vec![Acc::default(); names];
            self.stamp = 0;
        }
        self.stamp += 1;
        self.touched.clear();
    }

    /// Keep the `n` names with the highest accumulated score (the others stay stamped but are never ranked).
    fn prune(&mut self, n: usize) {
        if self.touched.len() <= n || n == 0 {
            return;
        }
        let acc = &self.acc;
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        ranked.extend(
            self.touched
                .iter()
                .map(|&x| (acc.get(x as usize).map_or(0.0, |a| a.score), x)),
        );
        top_n(&mut ranked, n);
        self.touched.clear();
        self.touched.extend(ranked.iter().map(|r| r.1));
        self.ranked = ranked;
    }

    #[inline]
    fn add(&mut self, name: u32, c: f32, insert: bool, slot: u32) {
        let Some(a) = self.acc.get_mut(name as usize) else {
            return;
        };
        if (a.stamp_slots >> 16) as u16 == self.stamp {
            if a.stamp_slots & slot == 0 {
                a.score += c;
                a.stamp_slots |= slot;
            }
        } else if insert {
            *a = Acc {
                stamp_slots: (u32::from(self.stamp) << 16) | (slot & 0xFFFF),
                score: c,
            };
            self.touched.push(name);
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// How a traveller's birth date relates to a listed one.
#[derive(Clone, Copy, PartialEq)]
enum DateRelation {
    Same,
    Swapped,
    SameMonth,
    PlaceholderYear,
    InListedYear,
    YearFits,
    YearsApart(i32),
}

/// How a traveller's birth date relates to a listed one, with the adjustment that ranks the relations.
fn date_relation(q: BirthDate, l: BirthDate) -> (f64, DateRelation) {
    let rel = date_relation_of(q, l);
    (date_relation_adjustment(rel, l), rel)
}

fn date_relation_of(q: BirthDate, l: BirthDate) -> DateRelation {
    if let (BirthDate::Exact(a), BirthDate::Exact(b)) = (q, l) {
        if a == b {
            return DateRelation::Same;
        }
        if a.year() == b.year() && a.month() == b.day() && a.day() == b.month() {
            return DateRelation::Swapped;
        }
        if a.year() == b.year() && a.month() == b.month() {
            return DateRelation::SameMonth;
        }
        if a.year() == b.year() {
            // 1 January stands in for an unknown day and month on lists and documents alike.
            let placeholder = |d: chrono::NaiveDate| d.month() == 1 && d.day() == 1;
            return if placeholder(a) || placeholder(b) {
                DateRelation::PlaceholderYear
            } else {
                DateRelation::InListedYear
            };
        }
    }
    let (qa, qb) = q.year_range();
    let (la, lb) = l.year_range();
    let gap = if qb < la {
        la - qb
    } else if lb < qa {
        qa - lb
    } else {
        0
    };
    if gap == 0 {
        DateRelation::YearFits
    } else {
        DateRelation::YearsApart(gap)
    }
}

/// The best relation of the traveller's birth date to any listed one, with the listed date it refers to.
fn birth_relation(
    query: Option<BirthDate>,
    listed: &[BirthDate],
) -> Option<(DateRelation, BirthDate)> {
    let q = query?;
    let mut best: Option<(f64, DateRelation, BirthDate)> = None;
    for &l in listed {
        let (adj, rel) = date_relation(q, l);
        if best.is_none_or(|b| adj > b.0) {
            best = Some((adj, rel, l));
        }
    }
    best.map(|(_, rel, l)| (rel, l))
}

/// The qualifiers' adjustments of one candidate.
struct Qualified {
    birth: (f64, Option<(DateRelation, BirthDate)>),
    commonness: f64,
}

/// The name score with the qualifiers applied (not clamped). The same birth date is strong evidence: it closes
/// part of the gap a partial name leaves, and it confirms a common name.
fn qualify(query: &Query, entry: &Entry, name_score: f64, commonness: f64) -> (f64, Qualified) {
    let rel = birth_relation(query.birth_date, &entry.birth_dates);
    let gap = (1.0 - name_score).max(0.0);
    let birth = match rel {
        None => 0.0,
        Some((DateRelation::Same, _)) => 0.10 + 0.30 * gap,
        Some((DateRelation::Swapped, _)) => 0.07 + 0.20 * gap,
        // The listed year is all the list knows, and the traveller was born in it: weaker evidence than a same
        // date (one traveller in sixty is), but evidence.
        Some((r @ (DateRelation::YearFits | DateRelation::PlaceholderYear), l))
            if single_year(l) =>
        {
            date_relation_adjustment(r, l) + YEAR_GAP_SHARE * gap
        }
        Some((r, l)) => date_relation_adjustment(r, l),
    };
    let commonness = match rel {
        Some((DateRelation::Same | DateRelation::Swapped, _)) => 0.3 * commonness,
        Some((DateRelation::YearFits | DateRelation::PlaceholderYear, l)) if single_year(l) => {
            YEAR_COMMONNESS_KEPT * commonness
        }
        _ => commonness,
    };
    let score = name_score - commonness
        + birth
        + nationality_adjustment(query.nationality.as_deref(), &entry.nationalities)
        + gender_adjustment(query.gender, entry.gender);
    (
        score,
        Qualified {
            birth: (birth, rel),
            commonness,
        },
    )
}

/// Share of the name's gap a birth in the listed (single) year closes.
const YEAR_GAP_SHARE: f64 = 0.10;
/// Share of the commonness penalty kept when the traveller was born in the listed year.
const YEAR_COMMONNESS_KEPT: f64 = 0.7;

fn single_year(listed: BirthDate) -> bool {
    let (a, b) = listed.year_range();
    a == b
}

fn date_relation_adjustment(rel: DateRelation, listed: BirthDate) -> f64 {
    match rel {
        DateRelation::Same => 0.10,
        DateRelation::Swapped => 0.07,
        DateRelation::SameMonth | DateRelation::PlaceholderYear => 0.03,
        DateRelation::InListedYear => -0.05,
        DateRelation::YearFits => {
            // A year fits one traveller in sixty; a range of years, more.
            let (a, b) = listed.year_range();
            if b > a {
                0.01
            } else {
                0.03
            }
        }
        DateRelation::YearsApart(1) => -0.08,
        DateRelation::YearsApart(2..=4) => -0.15,
        DateRelation::YearsApart(5..=9) => -0.25,
        // A decade or more apart: another person, unless the name alone is overwhelming.
        DateRelation::YearsApart(_) => -0.35,
    }
}

/// Birth dates: the same date confirms; day and month swapped nearly so; a year or a range that fits confirms less;
/// a birth date years apart says namesake. Missing on either side: no evidence either way.
fn birth_component(
    query: Option<BirthDate>,
    (adjustment, rel): (f64, Option<(DateRelation, BirthDate)>),
) -> Component {
    let Some(q) = query else {
        return Component::none("traveller's birth date unknown");
    };
    let detail = match rel {
        None => "no birth date on the list".to_string(),
        Some((DateRelation::Same, _)) => format!("same birth date {q}"),
        Some((DateRelation::Swapped, l)) => {
            format!("birth date {q} with day and month swapped of {l}")
        }
        Some((DateRelation::SameMonth, l)) => format!("birth date {q} in the same month as {l}"),
        Some((DateRelation::PlaceholderYear, l)) => {
            format!("birth date {q} in the year of {l} (1 January stands for an unknown date)")
        }
        Some((DateRelation::InListedYear, l)) => {
            format!("birth date {q} differs from {l} in the same year")
        }
        Some((DateRelation::YearFits, l)) => format!("birth year fits: {q} and listed {l}"),
        Some((DateRelation::YearsApart(1), l)) => {
            format!("birth date {q} one year from listed {l}")
        }
        Some((DateRelation::YearsApart(g), l)) if g < 5 => {
            format!("birth date {q} {g} years from listed {l}")
        }
        Some((DateRelation::YearsApart(g), l)) if g < 10 => {
            format!("birth date {q} is {g} years from listed {l}: probably a namesake")
        }
        Some((DateRelation::YearsApart(g), l)) => {
            format!("birth date {q} is {g} years from listed {l}: a namesake")
        }
    };
    Component {
        adjustment: round(adjustment),
        detail,
    }
}

fn nationality_adjustment(query: Option<&str>, listed: &[String]) -> f64 {
    match query {
        None => 0.0,
        Some(_) if listed.is_empty() => 0.0,
        Some(q) if listed.iter().any(|l| l == q) => 0.04,
        Some(_) => -0.06,
    }
}

fn nationality_component(query: Option<&str>, listed: &[String]) -> Component {
    let adjustment = nationality_adjustment(query, listed);
    let detail = match query {
        None => "traveller's nationality unknown".to_string(),
        Some(_) if listed.is_empty() => "no nationality on the list".to_string(),
        Some(q) if adjustment > 0.0 => format!("nationality {q} listed"),
        Some(q) => format!("nationality {q}, listed {}", listed.join(", ")),
    };
    Component { adjustment, detail }
}

fn gender_adjustment(query: Option<Gender>, listed: Option<Gender>) -> f64 {
    match (query, listed) {
        (Some(q), Some(l)) if q != l && q != Gender::Other && l != Gender::Other => -0.10,
        _ => 0.0,
    }
}

fn gender_component(query: Option<Gender>, listed: Option<Gender>) -> Component {
    let adjustment = gender_adjustment(query, listed);
    match (query, listed) {
        (Some(q), Some(l)) if adjustment < 0.0 => Component {
            adjustment,
            detail: format!("gender {q:?}, listed {l:?}"),
        },
        (Some(q), Some(_)) => Component {
            adjustment,
            detail: format!("gender {q:?} as listed"),
        },
        _ => Component::none("gender not compared"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryName;

    fn person(id: &str, names: &[&str], dob: Option<&str>, nat: Option<&str>) -> Entry {
        Entry {
            entry_id: id.into(),
            kind: EntryKind::Person,
            names: names
                .iter()
                .enumerate()
                .map(|(i, n)| EntryName {
                    full: n.to_string(),
                    quality: if i == 0 {
                        NameQuality::Primary
                    } else {
                        NameQuality::Strong
                    },
                })
                .collect(),
            birth_dates: dob.and_then(BirthDate::parse).into_iter().collect(),
            birth_places: vec![],
            nationalities: nat.map(str::to_string).into_iter().collect(),
            gender: None,
            documents: vec![],
            reason: String::new(),
            listed_on: None,
            program: None,
        }
    }

    fn engine(entries: Vec<Entry>) -> Engine {
        Engine::build(vec![Arc::new(WatchList {
            id: "t".into(),
            name: "test".into(),
            source: String::new(),
            published: None,
            entries,
        })])
    }

    fn q(name: &str, dob: Option<&str>, nat: Option<&str>) -> Query {
        Query {
            name: name.into(),
            birth_date: dob.and_then(BirthDate::parse),
            nationality: nat.map(str::to_string),
            ..Default::default()
        }
    }

    fn score_of(e: &Engine, query: &Query, id: &str) -> f64 {
        e.screen(query, 0.0, 50)
            .into_iter()
            .find(|h| h.entry_id == id)
            .map_or(0.0, |h| h.score)
    }

    /// A list where ALI, MOHAMMED and HASSAN are everywhere, as on a national-scale list.
    fn flood(n: usize) -> Vec<Entry> {
        let mut rng = crate::eval::Rng::new(3);
        let syll = [
            "KA", "RI", "MO", "ZE", "TU", "BAN", "LO", "FI", "DEH", "SUR",
        ];
        (0..n)
            .map(|i| {
                let family: String = (0..3).map(|_| *rng.pick(&syll)).collect();
                let given = *rng.pick(&["MOHAMMED", "ALI", "HASSAN", "MOHAMMED ALI", "ALI HASSAN"]);
                person(
                    &format!("F{i}"),
                    &[&format!("{given} {family}")],
                    Some("1970"),
                    None,
                )
            })
            .collect()
    }

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

    #[test]
    fn an_mrz_written_by_the_icao_arabic_table_meets_the_name_in_arabic_script() {
        let mut entry = person("A1", &["Khalid Rashid Hamdan"], Some("1970"), None);
        entry.names.push(EntryName {
            full: "خالد رشيد حمدان".into(),
            quality: NameQuality::OriginalScript,
        });
        let e = engine(vec![entry]);
        for name in [
            // Doc 9303 Part 3: khah XKH, sheen XSH, hah XH.
            "XHMDAN<<XKHALD<RXSHYD",
            "خالد رشيد حمدان",
            "KHALID RASHID HAMDAN",
        ] {
            let s = score_of(&e, &q(name, Some("1970-03-04"), None), "A1");
            assert!(s >= DEFAULT_ALERT_THRESHOLD, "{name} scored {s}");
        }
    }

    #[test]
    fn namesake_falls_below_and_year_only_birth_date_is_caught() {
        let e = engine(vec![
            person(
                "N1",
                &["Omar Abdel Rahman Qurashi"],
                Some("1968-03-04"),
                Some("SDN"),
            ),
            person("N2", &["Khalid Wazir Sheikh"], Some("1959"), Some("PAK")),
        ]);
        let t = DEFAULT_ALERT_THRESHOLD;
        let namesake = q("Omar Abdel Rahman Qurashi", Some("1996-11-20"), Some("GBR"));
        assert!(score_of(&e, &namesake, "N1") < t);
        for query in [
            q("Omar Abdel Rahman Qurashi", Some("1968"), Some("SDN")),
            q("Omar Abdel Rahman Qurashi", None, None),
            q("Omar Abdel Rahman Qurashi", Some("1968-04-03"), None),
            q("Khalid Wazir Sheikh", Some("1959-07-08"), Some("PAK")),
            q("SHEIKH<<KHALID<WAZIR", Some("1959"), None),
        ] {
            let id = if query.name.contains("Omar") {
                "N1"
            } else {
                "N2"
            };
            let s = score_of(&e, &query, id);
            assert!(s >= t, "{} {:?} scored {s}", query.name, query.birth_date);
        }
    }

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

    fn token_sim(h: &Hit, query_token: &str) -> Option<f64> {
        h.explain
            .tokens
            .iter()
            .find(|t| t.query == query_token)
            .map(|t| t.similarity)
    }

    #[test]
    fn one_name_in_another_romanisation_convention_counts_nearly_as_the_same() {
        // Names on no list: the conventions (SH / CH, Y / I, OU / U, DJ / J) are what is recognised.
        let e = engine(vec![
            person("V1", &["Chokri Belaid"], None, None),
            person("V2", &["Djamel Youssefi"], None, None),
        ]);
        let hits = e.screen(&q("SHOKRI BELAYD", None, None), 0.5, 5);
        let h = hits.first().expect("a hit");
        assert_eq!(h.entry_id, "V1");
        assert!(token_sim(h, "SHOKRI").is_some_and(|s| s >= 0.95), "{h:?}");
        assert!(token_sim(h, "BELAYD").is_some_and(|s| s >= 0.95), "{h:?}");
        let hits = e.screen(&q("JAMEL IUSEFI", None, None), 0.5, 5);
        let h = hits.first().expect("a hit");
        assert_eq!(h.entry_id, "V2");
        assert!(h.score >= 0.95, "{h:?}");
    }

    #[test]
    fn short_parts_one_first_letter_apart_do_not_align() {
        let e = engine(vec![person("K1", &["Ri Yong Su"], None, Some("PRK"))]);
        // TONG is another name than YONG: it stays unmatched, while a typo inside the part still aligns.
        let other = e.screen(&q("RI TONG SU", None, None), 0.0, 5);
        let h = other.first().expect("a hit");
        assert!(token_sim(h, "TONG").is_none(), "{h:?}");
        let typo = e.screen(&q("RI YOMG SU", None, None), 0.0, 5);
        let t = typo.first().expect("a hit");
        assert!(token_sim(t, "YOMG").is_some(), "{t:?}");
        assert!(t.score > h.score + 0.05, "{} vs {}", t.score, h.score);
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
    fn a_birth_in_the_only_listed_year_lifts_a_partial_name() {
        let e = engine(vec![person(
            "Y1",
            &["Tariq Salim Ould Mahjoub"],
            Some("1966"),
            Some("MRT"),
        )]);
        let partial = |dob| score_of(&e, &q("TARIQ MAHJOUB", dob, Some("MRT")), "Y1");
        let in_year = partial(Some("1966-08-09"));
        let unknown = partial(None);
        let apart = partial(Some("1969-08-09"));
        assert!(in_year > unknown + 0.03, "{in_year} vs {unknown}");
        assert!(unknown > apart, "{unknown} vs {apart}");
        let h = e
            .screen(&q("TARIQ MAHJOUB", Some("1966-08-09"), None), 0.0, 1)
            .into_iter()
            .next()
            .expect("a hit");
        assert!(
            h.explain.birth_date.adjustment > 0.03,
            "{:?}",
            h.explain.birth_date
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
