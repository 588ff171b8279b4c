//! How alike a query token and a dictionary token are: Jaro-Winkler on characters, raised for one name part in
//! two romanisation conventions or with one phonetic skeleton.

use super::{DictToken, Engine, MIN_TOKEN_SIMILARITY, TAG_CONVENTION};
use crate::blocking_keys::key_hash;
use crate::text::{jaro_winkler, phonetic_key, spelling_convention_key};

/// Similarity given to two tokens with the same phonetic skeleton (a transliteration variant).
const PHONETIC_SIMILARITY: f32 = 0.88;
/// Similarity given to two tokens that are one name part written in two romanisation conventions (FAYZ / FAIZ).
const CONVENTION_SIMILARITY: f32 = 0.95;
/// Taken off the similarity of two tokens that begin with different letters and are not spellings of one
/// another: a first letter is rarely where a name is mistyped, and short names one first letter apart are other
/// names (YONG / MYONG, TONG / YONG).
const FIRST_LETTER_PENALTY: f32 = 0.05;

impl Engine {
    /// Similarity of a query token to a dictionary token: Jaro-Winkler on characters, raised for tokens with the
    /// same phonetic skeleton (a transliteration variant of the same name part).
    pub(super) fn token_similarity(&self, q: &QueryKeys<'_>, id: u32) -> f32 {
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
}

pub(super) fn convention_hash(token: &str) -> u64 {
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

/// A query token's own keys, computed once per token looked up.
#[derive(Clone, Copy)]
pub(super) struct QueryKeys<'a> {
    pub(super) text: &'a str,
    pub(super) phonetic: u64,
    pub(super) convention: u64,
    pub(super) particle: Option<usize>,
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;

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
}
