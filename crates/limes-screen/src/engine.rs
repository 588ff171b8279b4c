//! The matching engine: candidate retrieval over a token dictionary (exact, phonetic and trigram keys, so a
//! spelling or transliteration variant still finds the listed name), then a score in 0..1 from one-to-one token
//! alignment weighted by token rarity, and the qualifiers of a border check (birth date, nationality, gender,
//! document number). Every hit explains itself.
use crate::model::{BirthDate, Entry, EntryKind, Gender, NameQuality, WatchList};
use crate::text::{jaro_winkler, phonetic_key, token_variants};
use chrono::Datelike;
use serde::Serialize;
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

/// The calibrated default: at or above it a hit refers the traveller to second line.
pub const DEFAULT_ALERT_THRESHOLD: f64 = 0.80;
/// Token pairs below this similarity do not align.
const MIN_TOKEN_SIMILARITY: f64 = 0.80;
/// Names kept from retrieval for full scoring.
const CANDIDATES: usize = 64;

/// A name's score with the aligned tokens and the tokens left over on each side.
struct NameScore {
    score: f64,
    tokens: Vec<TokenMatch>,
    unmatched_query: Vec<String>,
    unmatched_list: Vec<String>,
}

struct IndexedName {
    entry: u32,
    quality: NameQuality,
    display: String,
    tokens: Vec<u32>,
}

/// One immutable, fully built index over a set of lists. Updates build a new one and swap it in whole.
pub struct Engine {
    lists: Vec<Arc<WatchList>>,
    entries: Vec<(u16, u32)>,
    names: Vec<IndexedName>,
    dict: Vec<String>,
    dict_ids: HashMap<String, u32>,
    /// In how many entries a token appears.
    df: Vec<u32>,
    postings: Vec<Vec<u32>>,
    by_phonetic: HashMap<String, Vec<u32>>,
    by_trigram: HashMap<[u8; 3], Vec<u32>>,
    by_document: HashMap<String, Vec<u32>>,
    entries_screened: usize,
}

fn trigrams(token: &str) -> Vec<[u8; 3]> {
    let padded: Vec<u8> = std::iter::once(b'^')
        .chain(token.bytes())
        .chain(std::iter::once(b'$'))
        .collect();
    padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

pub fn normalize_document_number(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Engine {
    pub fn build(lists: Vec<Arc<WatchList>>) -> Engine {
        let mut e = Engine {
            lists,
            entries: Vec::new(),
            names: Vec::new(),
            dict: Vec::new(),
            dict_ids: HashMap::new(),
            df: Vec::new(),
            postings: Vec::new(),
            by_phonetic: HashMap::new(),
            by_trigram: HashMap::new(),
            by_document: HashMap::new(),
            entries_screened: 0,
        };
        let lists = e.lists.clone();
        for (li, list) in lists.iter().enumerate() {
            for (ei, entry) in list.entries.iter().enumerate() {
                // Travellers are people: organisations, vessels and aircraft are not screened at a border check.
                if !matches!(entry.kind, EntryKind::Person | EntryKind::Unknown) {
                    continue;
                }
                let entry_idx = e.entries.len() as u32;
                e.entries.push((li as u16, ei as u32));
                let mut seen_tokens: Vec<u32> = Vec::new();
                for name in &entry.names {
                    for variant in token_variants(&name.full) {
                        let ids: Vec<u32> = variant.iter().map(|t| e.token_id(t)).collect();
                        let name_idx = e.names.len() as u32;
                        for &id in &ids {
                            if let Some(p) = e.postings.get_mut(id as usize) {
                                if p.last() != Some(&name_idx) {
                                    p.push(name_idx);
                                }
                            }
                            if !seen_tokens.contains(&id) {
                                seen_tokens.push(id);
                            }
                        }
                        e.names.push(IndexedName {
                            entry: entry_idx,
                            quality: name.quality,
                            display: name.full.clone(),
                            tokens: ids,
                        });
                    }
                }
                for id in seen_tokens {
                    if let Some(d) = e.df.get_mut(id as usize) {
                        *d += 1;
                    }
                }
                for doc in &entry.documents {
                    let n = normalize_document_number(&doc.number);
                    if n.len() >= 5 {
                        e.by_document.entry(n).or_default().push(entry_idx);
                    }
                }
            }
        }
        e.entries_screened = e.entries.len();
        e
    }

    fn token_id(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.dict_ids.get(token) {
            return id;
        }
        let id = self.dict.len() as u32;
        self.dict.push(token.to_string());
        self.dict_ids.insert(token.to_string(), id);
        self.df.push(0);
        self.postings.push(Vec::new());
        self.by_phonetic
            .entry(phonetic_key(token))
            .or_default()
            .push(id);
        for g in trigrams(token) {
            self.by_trigram.entry(g).or_default().push(id);
        }
        id
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

    /// Rarity weight of a list token: ln(N / df), at least 0.5.
    fn weight(&self, id: Option<u32>) -> f64 {
        let n = self.entries_screened.max(1) as f64;
        let df = id
            .and_then(|i| self.df.get(i as usize))
            .copied()
            .unwrap_or(1)
            .max(1) as f64;
        ((n + 1.0) / df).ln().max(0.5)
    }

    /// Dictionary tokens similar to a query token, with their similarity.
    fn similar_tokens(&self, q: &str) -> Vec<(u32, f64)> {
        let mut found: HashMap<u32, f64> = HashMap::new();
        if let Some(&id) = self.dict_ids.get(q) {
            found.insert(id, 1.0);
        }
        if q.len() >= 3 {
            if let Some(ids) = self.by_phonetic.get(&phonetic_key(q)) {
                for &id in ids {
                    let s = self
                        .dict
                        .get(id as usize)
                        .map(|t| jaro_winkler(q, t))
                        .unwrap_or(0.0);
                    if s >= MIN_TOKEN_SIMILARITY - 0.05 {
                        found.entry(id).or_insert(s.max(MIN_TOKEN_SIMILARITY));
                    }
                }
            }
            let grams = trigrams(q);
            let mut shared: HashMap<u32, u32> = HashMap::new();
            for g in &grams {
                if let Some(ids) = self.by_trigram.get(g) {
                    for &id in ids {
                        *shared.entry(id).or_default() += 1;
                    }
                }
            }
            let needed = ((grams.len() as f64) * 0.3).ceil().max(1.0) as u32;
            for (id, n) in shared {
                if found.contains_key(&id) {
                    continue;
                }
                let Some(t) = self.dict.get(id as usize) else {
                    continue;
                };
                if n >= needed {
                    let s = jaro_winkler(q, t);
                    if s >= MIN_TOKEN_SIMILARITY {
                        found.insert(id, s);
                        continue;
                    }
                }
                if t.len() >= 4
                    && q.len() > t.len() + 2
                    && (q.starts_with(t.as_str()) || q.ends_with(t.as_str()))
                {
                    // Two name parts written as one (MOHAMMEDTUFAIL): each part still finds the name.
                    found.insert(id, MIN_TOKEN_SIMILARITY);
                }
            }
        }
        found.into_iter().collect()
    }

    /// Candidate names for the query's token variants: names sharing similar tokens, ranked by the rarity of what
    /// they share. The tokens of every query variant are looked up, so a transliteration variant finds the name.
    fn candidates(&self, query_variants: &[Vec<String>]) -> Vec<u32> {
        let mut acc: HashMap<u32, f64> = HashMap::new();
        let mut looked_up: Vec<&str> = Vec::new();
        for variant in query_variants {
            for q in variant {
                if looked_up.contains(&q.as_str()) {
                    continue;
                }
                looked_up.push(q);
                for (id, sim) in self.similar_tokens(q) {
                    let w = self.weight(Some(id)) * sim;
                    if let Some(p) = self.postings.get(id as usize) {
                        for &name in p {
                            let e = acc.entry(name).or_default();
                            *e += w;
                        }
                    }
                }
            }
        }
        let mut ranked: Vec<(u32, f64)> = acc.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(CANDIDATES);
        ranked.into_iter().map(|(n, _)| n).collect()
    }

    /// Align query tokens to name tokens one to one (best pairs first) and score the name.
    fn name_score(&self, query: &[String], name: &IndexedName) -> NameScore {
        let list_tokens: Vec<&str> = name
            .tokens
            .iter()
            .filter_map(|&i| self.dict.get(i as usize).map(String::as_str))
            .collect();
        let mut q_used = vec![false; query.len()];
        let mut l_used = vec![false; list_tokens.len()];
        let mut matches = Vec::new();
        let mut matched = 0.0;
        // A part written as one token on one side and as two on the other (ABDULRAHMAN / ABDUL RAHMAN,
        // MOHAMMEDTUFAIL / MOHAMMED TUFAIL): compare with the two adjacent tokens joined.
        for qi in 0..query.len() {
            if q_used[qi] {
                continue;
            }
            for li in 0..list_tokens.len().saturating_sub(1) {
                if l_used[li] || l_used[li + 1] {
                    continue;
                }
                let joined = format!("{}{}", list_tokens[li], list_tokens[li + 1]);
                if joined.len().abs_diff(query[qi].len()) > 2 {
                    continue;
                }
                let s = jaro_winkler(&query[qi], &joined);
                if s >= 0.92 {
                    q_used[qi] = true;
                    l_used[li] = true;
                    l_used[li + 1] = true;
                    let w = self.weight(name.tokens.get(li).copied())
                        + self.weight(name.tokens.get(li + 1).copied());
                    matched += s * 2.0 * w;
                    matches.push(TokenMatch {
                        query: query[qi].clone(),
                        list: joined,
                        similarity: round(s),
                        weight: round(w),
                    });
                    break;
                }
            }
        }
        for li in 0..list_tokens.len() {
            if l_used[li] {
                continue;
            }
            for qi in 0..query.len().saturating_sub(1) {
                if q_used[qi] || q_used[qi + 1] {
                    continue;
                }
                let joined = format!("{}{}", query[qi], query[qi + 1]);
                if joined.len().abs_diff(list_tokens[li].len()) > 2 {
                    continue;
                }
                let s = jaro_winkler(&joined, list_tokens[li]);
                if s >= 0.92 {
                    q_used[qi] = true;
                    q_used[qi + 1] = true;
                    l_used[li] = true;
                    let w = self.weight(name.tokens.get(li).copied());
                    matched += s * 2.0 * w;
                    matches.push(TokenMatch {
                        query: joined,
                        list: list_tokens[li].to_string(),
                        similarity: round(s),
                        weight: round(w),
                    });
                    break;
                }
            }
        }
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (qi, q) in query.iter().enumerate() {
            for (li, l) in list_tokens.iter().enumerate() {
                let s = if q.len() == 1 || l.len() == 1 {
                    // An initial matches the name it abbreviates, weakly.
                    if q.chars().next() == l.chars().next() {
                        0.8
                    } else {
                        0.0
                    }
                } else {
                    jaro_winkler(q, l)
                };
                if s >= MIN_TOKEN_SIMILARITY {
                    pairs.push((s, qi, li));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (s, qi, li) in pairs {
            if q_used[qi] || l_used[li] {
                continue;
            }
            q_used[qi] = true;
            l_used[li] = true;
            let w = self.weight(name.tokens.get(li).copied());
            matched += s * 2.0 * w;
            matches.push(TokenMatch {
                query: query[qi].clone(),
                list: list_tokens[li].to_string(),
                similarity: round(s),
                weight: round(w),
            });
        }
        let mut total = 0.0;
        let mut unmatched_q = Vec::new();
        let mut unmatched_l = Vec::new();
        for (qi, q) in query.iter().enumerate() {
            let w = self.weight(self.dict_ids.get(q).copied());
            if q_used[qi] {
                // A token matched as half of a joined pair carries half of that pair's weight.
                let li_w = matches
                    .iter()
                    .find(|m| m.query == *q)
                    .map(|m| m.weight)
                    .or_else(|| {
                        matches
                            .iter()
                            .find(|m| m.query.contains(q.as_str()))
                            .map(|m| m.weight / 2.0)
                    })
                    .unwrap_or(w);
                total += li_w;
            } else {
                // A middle name the list does not have counts against, but less than a missing surname would.
                total += 0.5 * w;
                unmatched_q.push(q.clone());
            }
        }
        for (li, l) in list_tokens.iter().enumerate() {
            let w = self.weight(name.tokens.get(li).copied());
            if l_used[li] {
                total += w;
            } else {
                total += 0.5 * w;
                unmatched_l.push(l.to_string());
            }
        }
        let mut score = if total > 0.0 { matched / total } else { 0.0 };
        if matches.len() == 1 && (query.len() > 1 || list_tokens.len() > 1) {
            // One shared token is not a name match, however rare the token.
            score *= 0.75;
        }
        if name.quality == NameQuality::Weak {
            score *= 0.9;
        }
        NameScore {
            score: score.min(1.0),
            tokens: matches,
            unmatched_query: unmatched_q,
            unmatched_list: unmatched_l,
        }
    }

    fn query_variants(query: &Query) -> Vec<Vec<String>> {
        let mut full = query.name.clone();
        if full.trim().is_empty() {
            full = format!(
                "{} {}",
                query.given_names.clone().unwrap_or_default(),
                query.surname.clone().unwrap_or_default()
            );
        }
        token_variants(&full)
    }

    /// Whether the retrieval stage alone keeps the given entry among its candidates (for measuring it).
    pub fn retrieves(&self, query: &Query, list: &str, entry_id: &str) -> bool {
        self.candidates(&Self::query_variants(query))
            .into_iter()
            .any(|n| {
                self.names
                    .get(n as usize)
                    .and_then(|name| self.entry(name.entry))
                    .is_some_and(|(l, e)| l.id == list && e.entry_id == entry_id)
            })
    }

    pub fn screen(&self, query: &Query, min_score: f64, limit: usize) -> Vec<Hit> {
        let variants = Self::query_variants(query);
        if variants.is_empty() {
            return Vec::new();
        }
        let mut best: HashMap<u32, Hit> = HashMap::new();
        let mut consider = |entry_idx: u32, hit: Hit| {
            let keep = best.get(&entry_idx).is_none_or(|h| hit.score > h.score);
            if keep {
                best.insert(entry_idx, hit);
            }
        };
        // An exact document-number match is decisive, whatever the name.
        let mut doc_entries: Vec<u32> = Vec::new();
        for d in &query.documents {
            if let Some(es) = self.by_document.get(&normalize_document_number(&d.number)) {
                doc_entries.extend(es);
            }
        }
        let mut candidate_names = self.candidates(&variants);
        for &e in &doc_entries {
            candidate_names.extend(
                self.names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.entry == e)
                    .map(|(i, _)| i as u32)
                    .take(1),
            );
        }
        for name_idx in candidate_names {
            let Some(name) = self.names.get(name_idx as usize) else {
                continue;
            };
            let Some((list, entry)) = self.entry(name.entry) else {
                continue;
            };
            let mut best_name: Option<NameScore> = None;
            for v in &variants {
                let r = self.name_score(v, name);
                if best_name.as_ref().is_none_or(|b| r.score > b.score) {
                    best_name = Some(r);
                }
            }
            let Some(NameScore {
                score: name_score,
                tokens,
                unmatched_query: uq,
                unmatched_list: ul,
            }) = best_name
            else {
                continue;
            };
            let birth_date = birth_component(query.birth_date, &entry.birth_dates);
            let nationality =
                nationality_component(query.nationality.as_deref(), &entry.nationalities);
            let gender = gender_component(query.gender, entry.gender);
            let document = if doc_entries.contains(&name.entry) {
                Component {
                    adjustment: 1.0,
                    detail: "document number on the list entry: decisive".into(),
                }
            } else {
                Component::none("no document match")
            };
            let mut score =
                name_score + birth_date.adjustment + nationality.adjustment + gender.adjustment;
            if document.adjustment > 0.0 {
                score = score.max(0.99);
            }
            let score = round(score.clamp(0.0, 1.0));
            if score < min_score {
                continue;
            }
            consider(
                name.entry,
                Hit {
                    list: list.id.clone(),
                    entry_id: entry.entry_id.clone(),
                    name: entry.primary_name().to_string(),
                    matched_name: name.display.clone(),
                    score,
                    explain: Explanation {
                        matched_name: name.display.clone(),
                        name_quality: name.quality,
                        tokens,
                        unmatched_query_tokens: uq,
                        unmatched_list_tokens: ul,
                        name_score: round(name_score),
                        birth_date,
                        nationality,
                        gender,
                        document,
                    },
                },
            );
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entry_id.cmp(&b.entry_id))
        });
        hits.truncate(limit);
        hits
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Birth dates: the same date confirms; day and month swapped nearly so; a year or a range that fits confirms less;
/// a birth date years apart says namesake. Missing on either side: no evidence either way.
fn birth_component(query: Option<BirthDate>, listed: &[BirthDate]) -> Component {
    let Some(q) = query else {
        return Component::none("traveller's birth date unknown");
    };
    if listed.is_empty() {
        return Component::none("no birth date on the list");
    }
    let mut best = Component {
        adjustment: f64::MIN,
        detail: String::new(),
    };
    for l in listed {
        let c = compare_dates(q, *l);
        if c.adjustment > best.adjustment {
            best = c;
        }
    }
    best
}

fn compare_dates(q: BirthDate, l: BirthDate) -> Component {
    let c = |adjustment: f64, detail: String| Component { adjustment, detail };
    if let (BirthDate::Exact(a), BirthDate::Exact(b)) = (q, l) {
        if a == b {
            return c(0.10, format!("same birth date {a}"));
        }
        if a.year() == b.year() && a.month() == b.day() && a.day() == b.month() {
            return c(
                0.07,
                format!("birth date {a} with day and month swapped of {b}"),
            );
        }
        if a.year() == b.year() && a.month() == b.month() {
            return c(0.03, format!("birth date {a} in the same month as {b}"));
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
    match gap {
        0 => {
            let exact_both = matches!((q, l), (BirthDate::Exact(_), BirthDate::Exact(_)));
            if exact_both {
                c(0.0, format!("birth date {q} in the listed year of {l}"))
            } else {
                c(0.05, format!("birth year fits: {q} and listed {l}"))
            }
        }
        1 => c(-0.04, format!("birth date {q} one year from listed {l}")),
        2..=4 => c(-0.10, format!("birth date {q} {gap} years from listed {l}")),
        5..=9 => c(
            -0.25,
            format!("birth date {q} is {gap} years from listed {l}: probably a namesake"),
        ),
        // A decade or more apart: another person, unless the name alone is overwhelming.
        _ => c(
            -0.35,
            format!("birth date {q} is {gap} years from listed {l}: a namesake"),
        ),
    }
}

fn nationality_component(query: Option<&str>, listed: &[String]) -> Component {
    match query {
        None => Component::none("traveller's nationality unknown"),
        Some(_) if listed.is_empty() => Component::none("no nationality on the list"),
        Some(q) if listed.iter().any(|l| l == q) => Component {
            adjustment: 0.04,
            detail: format!("nationality {q} listed"),
        },
        Some(q) => Component {
            adjustment: -0.06,
            detail: format!("nationality {q}, listed {}", listed.join(", ")),
        },
    }
}

fn gender_component(query: Option<Gender>, listed: Option<Gender>) -> Component {
    match (query, listed) {
        (Some(q), Some(l)) if q != l && q != Gender::Other && l != Gender::Other => Component {
            adjustment: -0.10,
            detail: format!("gender {q:?}, listed {l:?}"),
        },
        (Some(q), Some(_)) => Component {
            adjustment: 0.0,
            detail: format!("gender {q:?} as listed"),
        },
        _ => Component::none("gender not compared"),
    }
}
