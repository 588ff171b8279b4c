//! Preparing a query: its name variants and tokens, each with the dictionary tokens similar to it, the list
//! tokens it may be joined from, and the tokens two of its parts written as one may be.

use super::build::{phonetic_keys, spelling_keys};
use super::similarity::{convention_hash, QueryKeys};
use super::{Engine, Query, MIN_TOKEN_SIMILARITY, TAG_PHONETIC};
use crate::blocking_keys::key_hash;
use crate::text::{particle_prefix, phonetic_key, token_variants, without_joined_prefix};

/// Weight of a traveller's name part the lists do not have, relative to a unique one's.
const UNKNOWN_QUERY_WEIGHT: f32 = 0.75;

/// Similar dictionary tokens kept per query token, most similar first.
const SIMILAR_TOKENS: usize = 64;
/// Tokens looked at per phonetic key, commonest first.
const PHONETIC_BUCKET: usize = 80;

impl Engine {
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

    pub(super) fn prepare(&self, query: &Query) -> Prepared {
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
        // The traveller's birth year, when the document says one year.
        let birth_year = query.birth_date.and_then(|d| {
            let (lo, hi) = d.year_range();
            (lo == hi).then_some(lo)
        });
        Prepared {
            variants,
            birth_year,
        }
    }
}

/// Dictionary tokens with their similarity to one query token.
pub(super) type SimilarTokens = Vec<(u32, f32)>;

/// A query token with everything scoring needs, computed once per query.
pub(super) struct QTok {
    pub(super) text: String,
    /// Rarity weight of the token in the lists (a token they lack counts as rare).
    pub(super) w: f32,
    /// Dictionary tokens similar to it.
    pub(super) matches: Vec<(u32, f32)>,
    /// The largest weight among those (its own weight when it has none).
    pub(super) matched_weight: f32,
    pub(super) initial: Option<u8>,
    pub(super) first: u8,
    /// The last part of an MRZ name, possibly cut short.
    pub(super) truncated: bool,
    /// Pairs of adjacent list tokens this token may be written joined from.
    pub(super) splits: Vec<(u32, u32, f32)>,
    /// Dictionary tokens similar to the token with a joined honorific or particle taken off, sorted by id.
    pub(super) unprefixed: Vec<(u32, f32)>,
}

pub(super) struct QVariant {
    /// The traveller's naming culture (nationality), when the lists know it well enough.
    pub(super) culture: Option<u16>,
    pub(super) toks: Vec<QTok>,
    /// For each adjacent pair of query tokens, the dictionary tokens similar to the two written as one.
    pub(super) joined: Vec<Vec<(u32, f32)>>,
}

pub(super) struct Prepared {
    pub(super) variants: Vec<QVariant>,
    pub(super) birth_year: Option<i32>,
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;
    use crate::engine::DEFAULT_ALERT_THRESHOLD;
    use crate::model::{EntryName, NameQuality};

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
}
