//! The evasion evaluation: the development cases of `eval` (listed travellers and innocents) written each of the
//! ways a name is disguised to slip past screening (hidden characters, a reversed name in a bidi override,
//! look-alike letters of another script, compatibility forms, stacked marks), screened, and recall and false
//! alerts per way of writing set beside the clean names'. A way of writing that loses recall is an open door.

use crate::engine::{Engine, DEFAULT_ALERT_THRESHOLD};
use crate::eval::{Case, Rng};
use crate::sanitize::{look_alike, Script};
use serde::Serialize;

/// One way of disguising a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disguise {
    ZeroWidthSpace,
    ZeroWidthJoiners,
    MongolianVowelSeparator,
    BidiOverride,
    SoftHyphenAndWordJoiner,
    ByteOrderMark,
    TagCharacters,
    VariationSelectors,
    CyrillicLookAlikes,
    GreekLookAlikes,
    Fullwidth,
    MathematicalAlphanumerics,
    StackedCombiningMarks,
}

impl Disguise {
    pub const ALL: [Disguise; 13] = [
        Disguise::ZeroWidthSpace,
        Disguise::ZeroWidthJoiners,
        Disguise::MongolianVowelSeparator,
        Disguise::BidiOverride,
        Disguise::SoftHyphenAndWordJoiner,
        Disguise::ByteOrderMark,
        Disguise::TagCharacters,
        Disguise::VariationSelectors,
        Disguise::CyrillicLookAlikes,
        Disguise::GreekLookAlikes,
        Disguise::Fullwidth,
        Disguise::MathematicalAlphanumerics,
        Disguise::StackedCombiningMarks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Disguise::ZeroWidthSpace => "zero-width space (U+200B)",
            Disguise::ZeroWidthJoiners => "zero-width joiner / non-joiner",
            Disguise::MongolianVowelSeparator => "Mongolian vowel separator (U+180E)",
            Disguise::BidiOverride => "reversed in RLI+RLO … PDF+PDI",
            Disguise::SoftHyphenAndWordJoiner => "soft hyphen / word joiner",
            Disguise::ByteOrderMark => "byte order mark (U+FEFF)",
            Disguise::TagCharacters => "tag characters",
            Disguise::VariationSelectors => "variation selectors",
            Disguise::CyrillicLookAlikes => "Cyrillic look-alikes",
            Disguise::GreekLookAlikes => "Greek look-alikes",
            Disguise::Fullwidth => "fullwidth Latin",
            Disguise::MathematicalAlphanumerics => "mathematical alphanumerics",
            Disguise::StackedCombiningMarks => "stacked combining marks",
        }
    }

    /// The name written this way. Hidden characters go between the letters of each part.
    pub fn apply(self, name: &str, rng: &mut Rng) -> String {
        let between = |fillers: &[char], rng: &mut Rng| -> String {
            let mut out = String::with_capacity(name.len() * 4);
            let mut prev_letter = false;
            for c in name.chars() {
                let letter = c.is_alphanumeric();
                if letter && prev_letter {
                    out.push(*rng.pick(fillers));
                }
                out.push(c);
                prev_letter = letter;
            }
            out
        };
        let per_letter = |f: &dyn Fn(char, usize) -> Option<char>| -> String {
            let mut n = 0;
            name.chars()
                .map(|c| {
                    if !c.is_alphabetic() {
                        return c;
                    }
                    n += 1;
                    f(c, n).unwrap_or(c)
                })
                .collect()
        };
        match self {
            Disguise::ZeroWidthSpace => between(&['\u{200B}'], rng),
            Disguise::ZeroWidthJoiners => between(&['\u{200C}', '\u{200D}'], rng),
            Disguise::MongolianVowelSeparator => between(&['\u{180E}'], rng),
            Disguise::SoftHyphenAndWordJoiner => between(&['\u{00AD}', '\u{2060}'], rng),
            Disguise::ByteOrderMark => between(&['\u{FEFF}'], rng),
            Disguise::TagCharacters => between(&['\u{E0041}', '\u{E0020}', '\u{E007F}'], rng),
            Disguise::VariationSelectors => between(&['\u{FE0F}', '\u{FE00}', '\u{E0100}'], rng),
            Disguise::BidiOverride => {
                let reversed: String = name.chars().rev().collect();
                format!("\u{2067}\u{202E}{reversed}\u{202C}\u{2069}")
            }
            // Every other letter that has a look-alike, so the name stays mostly in its own script.
            Disguise::CyrillicLookAlikes => per_letter(&|c, n| {
                (n % 2 == 1)
                    .then(|| look_alike(c, Script::Cyrillic))
                    .flatten()
            }),
            Disguise::GreekLookAlikes => {
                per_letter(&|c, n| (n % 2 == 1).then(|| look_alike(c, Script::Greek)).flatten())
            }
            Disguise::Fullwidth => per_letter(&|c, _| {
                c.is_ascii_alphabetic()
                    .then(|| char::from_u32(u32::from(c) + 0xFEE0))
                    .flatten()
            }),
            // Mathematical bold: capitals from U+1D400, small letters from U+1D41A.
            Disguise::MathematicalAlphanumerics => per_letter(&|c, _| {
                let base = match c {
                    'A'..='Z' => 0x1D400 + (u32::from(c) - u32::from('A')),
                    'a'..='z' => 0x1D41A + (u32::from(c) - u32::from('a')),
                    _ => return None,
                };
                char::from_u32(base)
            }),
            Disguise::StackedCombiningMarks => name
                .chars()
                .flat_map(|c| {
                    let marks: &[char] = if c.is_alphabetic() {
                        &[
                            '\u{0300}', '\u{0301}', '\u{0302}', '\u{0303}', '\u{0304}', '\u{0304}',
                        ]
                    } else {
                        &[]
                    };
                    std::iter::once(c).chain(marks.iter().copied())
                })
                .collect(),
        }
    }
}

/// Recall and false alerts of one way of writing.
#[derive(Debug, Clone, Serialize)]
pub struct EvasionRow {
    /// "clean" or the disguise's name.
    pub writing: String,
    pub positives: usize,
    /// Listed travellers whose entry scored at or above the alert threshold.
    pub recall: f64,
    pub negatives: usize,
    /// Innocent travellers with any hit at or above the alert threshold.
    pub false_alert_rate: f64,
}

/// Screen the cases as written and written every way of `Disguise::ALL`, at the default alert threshold.
pub fn evaluate_evasion(engine: &Engine, cases: &[Case], seed: u64) -> Vec<EvasionRow> {
    let mut rows = vec![score(engine, cases, "clean".into())];
    for (i, d) in Disguise::ALL.into_iter().enumerate() {
        let mut rng = Rng::new(seed.wrapping_add(i as u64));
        let disguised: Vec<Case> = cases
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.query.name = d.apply(&c.query.name, &mut rng);
                c
            })
            .collect();
        rows.push(score(engine, &disguised, d.name().into()));
    }
    rows
}

fn score(engine: &Engine, cases: &[Case], writing: String) -> EvasionRow {
    use rayon::prelude::*;
    let outcomes: Vec<(bool, bool)> = cases
        .par_iter()
        .map(|c| {
            let hits = engine.screen(&c.query, DEFAULT_ALERT_THRESHOLD, 10);
            match &c.expected {
                Some((list, id)) => (
                    true,
                    hits.iter().any(|h| &h.list == list && &h.entry_id == id),
                ),
                None => (false, !hits.is_empty()),
            }
        })
        .collect();
    let positives = outcomes.iter().filter(|(p, _)| *p).count();
    let caught = outcomes.iter().filter(|(p, hit)| *p && *hit).count();
    let negatives = outcomes.len() - positives;
    let alerted = outcomes.iter().filter(|(p, hit)| !*p && *hit).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    EvasionRow {
        writing,
        positives,
        recall: ratio(caught, positives),
        negatives,
        false_alert_rate: ratio(alerted, negatives),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::sanitize;

    #[test]
    fn every_disguise_changes_the_name_and_sanitising_undoes_it() {
        let mut rng = Rng::new(7);
        for d in Disguise::ALL {
            let written = d.apply("KARL OTTO", &mut rng);
            assert_ne!(written, "KARL OTTO", "{d:?}");
            let clean = sanitize(&written);
            // Screened as the plain name (accents and marks do not count in tokens).
            let tokens = crate::text::token_variants(&written);
            assert!(
                tokens.contains(&vec!["KARL".to_string(), "OTTO".to_string()]),
                "{d:?}: {written:?} → {tokens:?}"
            );
            assert!(
                clean.report.is_suspicious()
                    || d == Disguise::Fullwidth
                    || d == Disguise::MathematicalAlphanumerics,
                "{d:?}"
            );
        }
    }
}
