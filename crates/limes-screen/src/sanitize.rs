//! The text-sanitising step every name passes before it is screened: hidden (default-ignorable, format, bidi)
//! characters removed, bidi-override reversal undone, NFKC, runs of combining marks bounded, look-alike letters
//! from another script folded to the script of the rest of the name (Unicode TR39 data), and a report of what
//! was done, so that a name written to evade screening is both screened as the name it shows and named as a
//! finding. Pure and total: any input gives an answer in time linear in its length.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_bidi::{bidi_class, BidiClass};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
pub use unicode_script::Script;
use unicode_script::UnicodeScript;
use unicode_security::{skeleton, RestrictionLevel, RestrictionLevelDetection};

/// Characters of one name field accepted at a door (a surname, the given names, a batch line's or a list entry's
/// name). The longest real names are well under 100 characters; ICAO's MRZ holds 39.
pub const MAX_NAME_CHARS: usize = 200;
/// Characters of a name screened at most: the rest is cut (and reported), so one name's work is bounded.
pub const MAX_SCREENED_NAME_CHARS: usize = 256;
/// Name parts screened at most: no real name has more, and the engine's work grows with their number.
pub const MAX_NAME_TOKENS: usize = 12;
/// Characters of one name part screened at most (the longest real name parts are about 30).
pub const MAX_TOKEN_CHARS: usize = 40;
/// Combining marks kept on one letter: Vietnamese and vocalised Arabic need two, more is stacking.
const MAX_MARKS_PER_LETTER: usize = 3;

/// A character removed because it is not seen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HiddenChar {
    /// Position in the name as given, counted in characters from 1.
    pub position: usize,
    pub code_point: u32,
    pub kind: HiddenKind,
}

/// What kind of hidden character it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenKind {
    /// Bidi embedding, override or isolate controls (U+202A–202E, U+2066–2069), marks (U+200E, U+200F, U+061C).
    Bidi,
    /// Variation selectors (U+FE00–FE0F, U+E0100–E01EF, U+180B–180D, U+180F).
    VariationSelector,
    /// Tag characters (U+E0000–E007F).
    Tag,
    /// Zero-width joiner and non-joiner: ordinary inside Arabic, Persian and Indic writing.
    Joiner,
    /// Any other format or default-ignorable character: zero-width space, word joiner, soft hyphen, BOM, U+180E.
    Invisible,
}

/// A letter of another script replaced by its look-alike in the script of the rest of the name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoldedChar {
    /// Position in the sanitised name (before folding), counted in characters from 1.
    pub position: usize,
    pub from: char,
    pub to: char,
    /// The script the letter was written in.
    pub script: &'static str,
}

/// What sanitising found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SanitizeReport {
    pub hidden: Vec<HiddenChar>,
    /// The name had a bidi override (RLO, LRO): its text is screened in reading order and as stored.
    pub bidi_override: bool,
    pub folded: Vec<FoldedChar>,
    /// The scripts of the letters, dominant first (Unicode script names).
    pub scripts: Vec<&'static str>,
    /// The worst TR39 restriction level of one name part ("ascii_only" … "unrestricted").
    pub restriction_level: &'static str,
    /// One name part mixes scripts, or a part in another script is made only of look-alikes of the name's
    /// script: a mixed-script confusable (TR39).
    pub mixed_script_confusable: bool,
    /// The whole name is in a script other than Latin and every letter has a Latin look-alike (TR39 whole-script
    /// confusable): screened both as written and as the Latin it looks like.
    pub whole_script_confusable: bool,
    /// Digits from more than one decimal system (TR39 mixed numbers).
    pub mixed_number_systems: bool,
    /// Combining marks removed beyond the bound per letter, or repeated on one letter.
    pub stacked_marks: usize,
    /// The name was longer than `MAX_SCREENED_NAME_CHARS`; only its beginning is screened.
    pub truncated: bool,
}

impl SanitizeReport {
    /// Hidden characters other than joiners between letters of a script that uses them.
    pub fn has_suspicious_hidden(&self) -> bool {
        self.hidden.iter().any(|h| h.kind != HiddenKind::Joiner)
    }

    /// Something about how the name is written is itself a finding for the officer.
    pub fn is_suspicious(&self) -> bool {
        self.has_suspicious_hidden()
            || self.bidi_override
            || self.mixed_script_confusable
            || self.mixed_number_systems
            || self.stacked_marks > 0
    }

    /// The findings in a few words each, for an explanation or a problem list (English: the machine interface).
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let hidden: Vec<&HiddenChar> = self
            .hidden
            .iter()
            .filter(|h| h.kind != HiddenKind::Joiner)
            .collect();
        if !hidden.is_empty() {
            out.push(Finding::HiddenCharacters(
                hidden
                    .iter()
                    .map(|h| format!("U+{:04X} at {}", h.code_point, h.position))
                    .collect::<Vec<_>>()
                    .join(", "),
            ));
        }
        if self.bidi_override {
            out.push(Finding::BidiOverride);
        }
        if self.mixed_script_confusable {
            out.push(Finding::MixedScripts(self.scripts.join(", ")));
        }
        if self.mixed_number_systems {
            out.push(Finding::MixedNumbers);
        }
        if self.stacked_marks > 0 {
            out.push(Finding::StackedMarks(self.stacked_marks));
        }
        out
    }
}

/// One thing about how a name is written that the officer should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The hidden characters, as `U+200B at 4, …`.
    HiddenCharacters(String),
    BidiOverride,
    /// The scripts mixed, as `Latin, Cyrillic`.
    MixedScripts(String),
    MixedNumbers,
    StackedMarks(usize),
}

impl Finding {
    /// The catalogue key of the finding's text and its one placeable (`detail`), if any.
    pub fn message_key(&self) -> (&'static str, Option<String>) {
        match self {
            Finding::HiddenCharacters(d) => ("evasion-hidden-characters", Some(d.clone())),
            Finding::BidiOverride => ("evasion-bidi-override", None),
            Finding::MixedScripts(d) => ("evasion-mixed-scripts", Some(d.clone())),
            Finding::MixedNumbers => ("evasion-mixed-numbers", None),
            Finding::StackedMarks(n) => ("evasion-stacked-marks", Some(n.to_string())),
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::HiddenCharacters(d) => write!(f, "hidden characters in the name: {d}"),
            Finding::BidiOverride => {
                write!(f, "the name is reversed by a bidi override")
            }
            Finding::MixedScripts(d) => {
                write!(f, "the name mixes look-alike letters of scripts: {d}")
            }
            Finding::MixedNumbers => write!(f, "the name mixes digits of several number systems"),
            Finding::StackedMarks(n) => write!(f, "{n} stacked combining marks removed"),
        }
    }
}

/// A name ready to screen: the text as it reads, other writings worth screening too, and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitized {
    /// The name as a person reads it, cleaned and folded.
    pub text: String,
    /// Other writings to screen as well: the logical order of a reversed part, a whole-script look-alike.
    pub alternatives: Vec<String>,
    pub report: SanitizeReport,
}

impl Sanitized {
    /// The text and its alternatives.
    pub fn writings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.alternatives.iter().map(String::as_str))
    }
}

/// Whether a name is printable ASCII, which sanitising leaves as it is (the common case, kept fast).
pub fn is_plain(name: &str) -> bool {
    name.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Sanitise a name for screening.
pub fn sanitize(name: &str) -> Sanitized {
    if is_plain(name) {
        let text: String = name.chars().take(MAX_SCREENED_NAME_CHARS).collect();
        let truncated = text.len() < name.len();
        return Sanitized {
            report: SanitizeReport {
                scripts: if name.bytes().any(|b| b.is_ascii_alphabetic()) {
                    vec![Script::Latin.full_name()]
                } else {
                    vec![]
                },
                restriction_level: "ascii_only",
                truncated,
                ..SanitizeReport::default()
            },
            text,
            alternatives: vec![],
        };
    }
    let mut report = SanitizeReport::default();
    let (visible, overridden) = strip_hidden(name, &mut report);
    let logical: String = visible.iter().collect();
    let reading = undo_overrides(&visible, &overridden, false);
    report.bidi_override = overridden.iter().any(Option::is_some);

    let mut writings = vec![reading.clone()];
    if report.bidi_override {
        // In doubt which order is meant, the order as stored and every overridden run reversed are screened too.
        for other in [logical, undo_overrides(&visible, &overridden, true)] {
            if !writings.contains(&other) {
                writings.push(other);
            }
        }
    }
    // Look-alikes are folded before compatibility normalisation too: NFKC turns some of them (the lunate sigma
    // that looks like C) into letters that look like nothing in the name's script.
    let scripts_as_written = dominant_scripts(&reading);
    if let Some(&dominant) = scripts_as_written.first() {
        if scripts_as_written.len() > 1 {
            let as_written = writings.clone();
            for (k, w) in as_written.iter().enumerate() {
                let (folded, changes, confusable) = fold_to_script(w, dominant);
                if k == 0 {
                    report.folded = changes;
                    report.mixed_script_confusable = confusable || word_mixes_scripts(w);
                    if report.mixed_script_confusable {
                        // Which script a mixed name is meant in is not always the one with most letters.
                        for &other in scripts_as_written.iter().skip(1) {
                            writings.push(fold_to_script(w, other).0);
                        }
                    }
                }
                if let Some(slot) = writings.get_mut(k) {
                    *slot = folded;
                }
            }
        }
    }
    let mut cleaned: Vec<String> = Vec::new();
    for (i, w) in writings.iter().enumerate() {
        // Marks are counted on the decomposed form, where each is a character of its own.
        let nfkd: String = w.nfkd().collect();
        let bounded = bound_marks(&nfkd, if i == 0 { Some(&mut report) } else { None });
        let nfkc: String = bounded.nfc().collect();
        let (text, truncated) = cut(&nfkc);
        report.truncated |= truncated;
        if !cleaned.contains(&text) {
            cleaned.push(text);
        }
    }
    let Some(first) = cleaned.first().cloned() else {
        return Sanitized {
            text: String::new(),
            alternatives: vec![],
            report,
        };
    };
    let scripts = dominant_scripts(&first);
    report.scripts = scripts.iter().map(|s| s.full_name()).collect();
    report.restriction_level = worst_restriction_level(&first);
    report.mixed_number_systems = mixed_number_systems(&first);
    let mut alternatives = Vec::new();
    let mut text = first.clone();
    if let Some(&dominant) = scripts.first() {
        // Compatibility forms (fullwidth, mathematical letters) only show their script after NFKC.
        let (folded, changes, confusable) = fold_to_script(&first, dominant);
        report.mixed_script_confusable |= confusable || word_mixes_scripts(&first);
        report.folded.extend(changes);
        text = folded;
        if dominant != Script::Latin && scripts.len() == 1 {
            let (latin, changes, _) = fold_to_script(&first, Script::Latin);
            if all_letters_folded(&first, &changes) {
                report.whole_script_confusable = true;
                alternatives.push(latin);
            }
        }
    }
    for other in cleaned.into_iter().skip(1) {
        let folded = match dominant_scripts(&other).first() {
            Some(&s) => fold_to_script(&other, s).0,
            None => other,
        };
        if folded != text && !alternatives.contains(&folded) {
            alternatives.push(folded);
        }
    }
    Sanitized {
        text,
        alternatives,
        report,
    }
}

/// The name as typed with every hidden character made visible as `⟨U+200B⟩`, for the officer's screen.
pub fn make_visible(name: &str) -> String {
    if is_plain(name) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if hidden_kind(c).is_some() {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The tokens of a name cut to the engine's budget: at most `MAX_NAME_TOKENS` parts of at most
/// `MAX_TOKEN_CHARS` characters.
pub fn bound_tokens(mut tokens: Vec<String>) -> Vec<String> {
    tokens.truncate(MAX_NAME_TOKENS);
    for t in &mut tokens {
        if let Some((cut_at, _)) = t.char_indices().nth(MAX_TOKEN_CHARS) {
            t.truncate(cut_at);
        }
    }
    tokens
}

/// Whether a character is not seen, and which kind it is. Spaces and line breaks are not hidden.
pub fn hidden_kind(c: char) -> Option<HiddenKind> {
    if c.is_ascii() {
        return (c.is_ascii_control() && !c.is_ascii_whitespace()).then_some(HiddenKind::Invisible);
    }
    let bidi = matches!(
        bidi_class(c),
        BidiClass::LRE
            | BidiClass::LRO
            | BidiClass::RLE
            | BidiClass::RLO
            | BidiClass::PDF
            | BidiClass::LRI
            | BidiClass::RLI
            | BidiClass::FSI
            | BidiClass::PDI
    ) || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}');
    if bidi {
        return Some(HiddenKind::Bidi);
    }
    let category = c.general_category();
    let ignorable = category == GeneralCategory::Format
        || category == GeneralCategory::Control
        || (!matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Number | GeneralCategoryGroup::Punctuation
        ) && !c.is_lowercase()
            && !c.is_uppercase()
            && is_default_ignorable(c));
    if !ignorable {
        return None;
    }
    Some(match u32::from(c) {
        0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x180B..=0x180D | 0x180F => {
            HiddenKind::VariationSelector
        }
        0xE0000..=0xE007F => HiddenKind::Tag,
        0x200C | 0x200D => HiddenKind::Joiner,
        _ => HiddenKind::Invisible,
    })
}

/// Default_Ignorable_Code_Point from the TR39 data: a character whose skeleton is empty is ignored by it.
fn is_default_ignorable(c: char) -> bool {
    let mut buf = [0u8; 4];
    let empty = skeleton(c.encode_utf8(&mut buf)).next().is_none();
    empty
}

/// Directions a bidi override forces on the characters inside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Forced {
    Ltr,
    Rtl,
}

/// The visible characters of a name (hidden ones recorded in the report; whitespace controls become spaces),
/// each with the override in force where it stands.
fn strip_hidden(name: &str, report: &mut SanitizeReport) -> (Vec<char>, Vec<Option<Forced>>) {
    // Each open embedding, override or isolate, so a PDF or PDI closes the right one.
    let mut stack: Vec<(bool, Option<Forced>)> = Vec::new();
    let mut visible = Vec::with_capacity(name.len());
    let mut forced = Vec::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        if let Some(kind) = hidden_kind(c) {
            // Whatever the name's length, the report names a bounded number of characters.
            if report.hidden.len() < MAX_SCREENED_NAME_CHARS {
                report.hidden.push(HiddenChar {
                    position: i + 1,
                    code_point: u32::from(c),
                    kind,
                });
            }
            match bidi_class(c) {
                BidiClass::LRO => stack.push((false, Some(Forced::Ltr))),
                BidiClass::RLO => stack.push((false, Some(Forced::Rtl))),
                BidiClass::LRE | BidiClass::RLE => stack.push((false, None)),
                BidiClass::LRI | BidiClass::RLI | BidiClass::FSI => stack.push((true, None)),
                BidiClass::PDF if stack.last().is_some_and(|(isolate, _)| !isolate) => {
                    stack.pop();
                }
                BidiClass::PDI => {
                    if let Some(at) = stack.iter().rposition(|(isolate, _)| *isolate) {
                        stack.truncate(at);
                    }
                }
                _ => {}
            }
            continue;
        }
        if visible.len() >= MAX_SCREENED_NAME_CHARS * 4 {
            // Far past what is screened: the rest is only looked at for hidden characters.
            continue;
        }
        visible.push(if c.is_whitespace() { ' ' } else { c });
        forced.push(stack.iter().rev().find_map(|(_, f)| *f));
    }
    // Joiners are ordinary only between letters of a script that joins; anywhere else they hide something.
    let all: Vec<char> = if report.hidden.iter().any(|h| h.kind == HiddenKind::Joiner) {
        name.chars().collect()
    } else {
        Vec::new()
    };
    for h in &mut report.hidden {
        if h.kind == HiddenKind::Joiner {
            let around = |step: isize| {
                let at = h.position as isize - 1 + step;
                usize::try_from(at).ok().and_then(|at| all.get(at).copied())
            };
            let joins = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_alphabetic()
                        && !matches!(
                            c.script(),
                            Script::Latin | Script::Cyrillic | Script::Greek | Script::Common
                        )
                })
            };
            if !(joins(around(-1)) && joins(around(1))) {
                h.kind = HiddenKind::Invisible;
            }
        }
    }
    (visible, forced)
}

/// The name in reading order: a run forced right-to-left over left-to-right letters (or the reverse) is
/// shown reversed, so it is reversed back.
/// With `every_run`, every overridden run is reversed (a reversed right-to-left name inside RLO).
fn undo_overrides(visible: &[char], forced: &[Option<Forced>], every_run: bool) -> String {
    let mut out: Vec<char> = Vec::with_capacity(visible.len());
    let mut i = 0;
    while i < visible.len() {
        let here = forced.get(i).copied().flatten();
        let mut end = i + 1;
        while end < visible.len() && forced.get(end).copied().flatten() == here {
            end += 1;
        }
        let run = visible.get(i..end).unwrap_or(&[]);
        let against = match here {
            Some(Forced::Rtl) => run.iter().any(|&c| bidi_class(c) == BidiClass::L),
            Some(Forced::Ltr) => run
                .iter()
                .any(|&c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL)),
            None => false,
        };
        if against || (every_run && here.is_some()) {
            out.extend(run.iter().rev());
        } else {
            out.extend_from_slice(run);
        }
        i = end;
    }
    out.into_iter().collect()
}

/// At most `MAX_MARKS_PER_LETTER` combining marks on a letter, and no mark twice in a row.
fn bound_marks(text: &str, report: Option<&mut SanitizeReport>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut marks = 0usize;
    let mut last_mark: Option<char> = None;
    let mut removed = 0usize;
    for c in text.chars() {
        if c.general_category_group() == GeneralCategoryGroup::Mark {
            if marks >= MAX_MARKS_PER_LETTER || last_mark == Some(c) {
                removed += 1;
                continue;
            }
            marks += 1;
            last_mark = Some(c);
        } else {
            marks = 0;
            last_mark = None;
        }
        out.push(c);
    }
    if let Some(r) = report {
        r.stacked_marks = removed;
    }
    out
}

/// The text cut to `MAX_SCREENED_NAME_CHARS` characters, and whether it was cut.
fn cut(text: &str) -> (String, bool) {
    match text.char_indices().nth(MAX_SCREENED_NAME_CHARS) {
        Some((at, _)) => (text.get(..at).unwrap_or(text).to_string(), true),
        None => (text.to_string(), false),
    }
}

/// A script of letters (not Common, Inherited or Unknown).
fn letter_script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        s => Some(s),
    }
}

/// The scripts of the letters, the one with the most letters first (Latin first on a tie).
fn dominant_scripts(text: &str) -> Vec<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for s in text.chars().filter_map(letter_script) {
        match counts.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| (b.0 == Script::Latin).cmp(&(a.0 == Script::Latin)))
    });
    counts.into_iter().map(|(s, _)| s).collect()
}

/// The name's parts: runs of letters, marks and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|w| !w.is_empty())
}

fn is_mark(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
}

/// Whether one name part has letters of two scripts.
fn word_mixes_scripts(text: &str) -> bool {
    words(text).any(|w| {
        let mut scripts = w.chars().filter_map(letter_script);
        scripts
            .next()
            .is_some_and(|first| scripts.any(|s| s != first))
    })
}

/// The worst TR39 restriction level over the name's parts.
fn worst_restriction_level(text: &str) -> &'static str {
    let level = words(text)
        .map(|w| w.detect_restriction_level())
        .max()
        .unwrap_or(RestrictionLevel::ASCIIOnly);
    match level {
        RestrictionLevel::ASCIIOnly => "ascii_only",
        RestrictionLevel::SingleScript => "single_script",
        RestrictionLevel::HighlyRestrictive => "highly_restrictive",
        RestrictionLevel::ModeratelyRestrictive => "moderately_restrictive",
        RestrictionLevel::MinimallyRestrictive => "minimally_restrictive",
        RestrictionLevel::Unrestricted => "unrestricted",
    }
}

/// Whether the digits come from more than one decimal system (TR39: the zero of each digit's system).
fn mixed_number_systems(text: &str) -> bool {
    let mut zero: Option<u32> = None;
    for c in text.chars() {
        if c.general_category() != GeneralCategory::DecimalNumber {
            continue;
        }
        let value = deunicode::deunicode_char(c)
            .and_then(|d| d.trim().parse::<u32>().ok())
            .filter(|v| *v <= 9);
        let Some(value) = value else {
            continue;
        };
        let z = u32::from(c) - value;
        match zero {
            None => zero = Some(z),
            Some(seen) if seen != z => return true,
            Some(_) => {}
        }
    }
    false
}

/// The letter of each script that each TR39 skeleton of one character is, built once from the crate's data
/// over the alphabetic scripts' blocks (the first code point wins: the basic letter before its variants).
fn prototypes() -> &'static HashMap<(Script, char), char> {
    static TABLE: OnceLock<HashMap<(Script, char), char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        // Basic Latin to Armenian, and Latin Extended Additional / Greek Extended.
        let ranges = [(0x41u32, 0x58F), (0x1E00, 0x1FFF)];
        for (lo, hi) in ranges {
            for cp in lo..=hi {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                let Some(script) = letter_script(c) else {
                    continue;
                };
                if let Some(sk) = single_skeleton(c) {
                    table.entry((script, sk)).or_insert(c);
                }
            }
        }
        table
    })
}

/// The letter of `script` that looks like `c` (TR39 skeletons), if there is one: Cyrillic А for Latin A.
pub fn look_alike(c: char, script: Script) -> Option<char> {
    prototypes()
        .get(&(script, single_skeleton(c)?))
        .copied()
        .filter(|&l| l != c)
}

/// The skeleton of one character when it is one character.
fn single_skeleton(c: char) -> Option<char> {
    let mut buf = [0u8; 4];
    let mut sk = skeleton(c.encode_utf8(&mut buf));
    let first = sk.next()?;
    sk.next().is_none().then_some(first)
}

/// The letters of other scripts that look like a letter of `target`, replaced by it; the changes; and whether a
/// whole part in another script was made only of look-alikes (mixed-script confusable).
fn fold_to_script(text: &str, target: Script) -> (String, Vec<FoldedChar>, bool) {
    let table = prototypes();
    let fold = |c: char| -> Option<char> {
        match letter_script(c) {
            Some(s) if s != target => {
                let sk = single_skeleton(c)?;
                table.get(&(target, sk)).copied()
            }
            _ => None,
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut changes = Vec::new();
    let mut whole_part_folded = false;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_word = |c: char| c.is_alphanumeric() || is_mark(c);
        if !chars.get(i).copied().is_some_and(is_word) {
            if let Some(&c) = chars.get(i) {
                out.push(c);
            }
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).copied().is_some_and(is_word) {
            i += 1;
        }
        let word = chars.get(start..i).unwrap_or(&[]);
        let has_target = word.iter().any(|&c| letter_script(c) == Some(target));
        let foreign: Vec<usize> = (0..word.len())
            .filter(|&k| {
                word.get(k)
                    .copied()
                    .and_then(letter_script)
                    .is_some_and(|s| s != target)
            })
            .collect();
        let folds: Vec<Option<char>> = word.iter().map(|&c| fold(c)).collect();
        let all_foldable = foreign
            .iter()
            .all(|&k| folds.get(k).copied().flatten().is_some());
        // A part mixing scripts is folded letter by letter; a part wholly in another script only when every
        // letter of it is a look-alike (a real word of that script keeps its letters).
        let fold_here = !foreign.is_empty() && (has_target || all_foldable);
        if fold_here && !has_target && all_foldable {
            whole_part_folded = true;
        }
        for (k, &c) in word.iter().enumerate() {
            match folds.get(k).copied().flatten().filter(|_| fold_here) {
                Some(to) => {
                    changes.push(FoldedChar {
                        position: start + k + 1,
                        from: c,
                        to,
                        script: c.script().full_name(),
                    });
                    out.push(to);
                }
                None => out.push(c),
            }
        }
    }
    (out, changes, whole_part_folded)
}

/// Whether every letter of the text was folded.
fn all_letters_folded(text: &str, changes: &[FoldedChar]) -> bool {
    let letters = text.chars().filter(|&c| letter_script(c).is_some()).count();
    letters > 0 && letters == changes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(name: &str) -> String {
        sanitize(name).text
    }

    #[test]
    fn plain_ascii_passes_unchanged() {
        let s = sanitize("KARL OTTO SCHMIDT");
        assert_eq!(s.text, "KARL OTTO SCHMIDT");
        assert!(s.alternatives.is_empty());
        assert!(!s.report.is_suspicious());
        assert_eq!(s.report.scripts, vec!["Latin"]);
    }

    #[test]
    fn zero_width_characters_are_removed_and_reported_with_their_position() {
        for hidden in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
        ] {
            let name = format!("MA{hidden}RTA NOV{hidden}AK");
            let s = sanitize(&name);
            assert_eq!(s.text, "MARTA NOVAK", "U+{:04X}", u32::from(hidden));
            assert_eq!(s.report.hidden.len(), 2);
            assert_eq!(s.report.hidden[0].position, 3);
            assert_eq!(s.report.hidden[0].code_point, u32::from(hidden));
            assert!(s.report.is_suspicious(), "U+{:04X}", u32::from(hidden));
        }
    }

    #[test]
    fn the_mongolian_vowel_separator_between_letters_is_removed() {
        let s = sanitize("P\u{180E}E\u{180E}T\u{180E}A\u{180E}R");
        assert_eq!(s.text, "PETAR");
        assert!(s.report.has_suspicious_hidden());
    }

    #[test]
    fn variation_selectors_and_tag_characters_are_removed() {
        let s = sanitize("JO\u{FE0F}NAS\u{E0041}\u{E007F} BERG\u{E0100}");
        assert_eq!(s.text, "JONAS BERG");
        let kinds: Vec<HiddenKind> = s.report.hidden.iter().map(|h| h.kind).collect();
        assert!(kinds.contains(&HiddenKind::VariationSelector), "{kinds:?}");
        assert!(kinds.contains(&HiddenKind::Tag), "{kinds:?}");
    }

    #[test]
    fn a_reversed_name_in_a_right_to_left_override_is_read_in_reading_order() {
        // What a person sees is "IVANA HORVAT"; the characters are stored reversed inside RLO … PDF.
        let s = sanitize("\u{202E}TAVROH ANAVI\u{202C}");
        assert_eq!(s.text, "IVANA HORVAT");
        assert!(s.report.bidi_override);
        assert!(s.report.is_suspicious());
        // The stored order is screened too.
        assert_eq!(s.alternatives, vec!["TAVROH ANAVI".to_string()]);
        // The same in an isolate around the override.
        assert_eq!(
            clean("\u{2067}\u{202E}TAVROH ANAVI\u{202C}\u{2069}"),
            "IVANA HORVAT"
        );
        // A left-to-right override around reversed Arabic letters.
        let arabic = sanitize("\u{202D}\u{062F}\u{0645}\u{062D}\u{202C}");
        assert_eq!(arabic.text, "\u{062D}\u{0645}\u{062F}");
    }

    #[test]
    fn a_reversed_right_to_left_name_in_an_override_is_screened_both_ways() {
        // Arabic letters stored reversed inside RLO: both orders are screened.
        let s = sanitize("\u{202E}\u{062F}\u{0645}\u{062D}\u{202C}");
        assert!(s.report.bidi_override);
        assert!(
            s.writings().any(|w| w == "\u{062D}\u{0645}\u{062F}"),
            "{s:?}"
        );
    }

    #[test]
    fn a_look_alike_that_nfkc_would_change_is_folded_first() {
        // The Greek lunate sigma looks like C; NFKC makes it a Σ, which does not.
        let s = sanitize("FSU\u{03F9}O");
        assert_eq!(s.text, "FSUCO");
        assert!(s.report.mixed_script_confusable);
    }

    #[test]
    fn an_isolate_alone_reorders_nothing() {
        let s = sanitize("\u{2067}IVANA HORVAT\u{2069}");
        assert_eq!(s.text, "IVANA HORVAT");
        assert!(!s.report.bidi_override);
        assert!(s.report.has_suspicious_hidden());
    }

    #[test]
    fn cyrillic_and_greek_look_alikes_in_a_latin_name_are_folded_to_latin() {
        // Cyrillic А, Е, О, Р, С in a Latin name.
        let s = sanitize("\u{0420}\u{0415}T\u{0410}R \u{0421}\u{041E}STA");
        assert_eq!(s.text, "PETAR COSTA");
        assert!(s.report.mixed_script_confusable);
        assert_eq!(s.report.folded.len(), 5);
        assert_eq!(s.report.folded[0].script, "Cyrillic");
        // Greek Ο, Α, Ν.
        assert_eq!(clean("J\u{039F}H\u{0391}\u{039D} MEYER"), "JOHAN MEYER");
        // A whole part of look-alikes in a Latin name.
        let part = sanitize("ANNA \u{041A}\u{041E}\u{0412}\u{0410}\u{0421} SMITH");
        assert_eq!(part.text, "ANNA KOBAC SMITH");
        assert!(part.report.mixed_script_confusable);
    }

    #[test]
    fn a_fully_cyrillic_name_stays_cyrillic() {
        let s = sanitize("Сергей Петров");
        assert_eq!(s.text, "Сергей Петров");
        assert!(s.report.folded.is_empty());
        assert!(!s.report.is_suspicious());
        assert_eq!(s.report.scripts, vec!["Cyrillic"]);
        // A Latin letter slipped into it is folded to Cyrillic.
        let slipped = sanitize("Серг\u{0065}й Петров");
        assert_eq!(slipped.text, "Сергей Петров");
        assert!(slipped.report.mixed_script_confusable);
    }

    #[test]
    fn a_whole_script_confusable_is_screened_both_ways() {
        // Cyrillic letters that all look Latin: screened as written and as the Latin it shows.
        let s = sanitize("\u{0412}\u{0415}\u{041D}");
        assert_eq!(s.text, "\u{0412}\u{0415}\u{041D}");
        assert!(s.report.whole_script_confusable);
        assert_eq!(s.alternatives, vec!["BEH".to_string()]);
        assert!(
            !s.report.is_suspicious(),
            "a real Cyrillic word is no finding"
        );
    }

    #[test]
    fn fullwidth_and_mathematical_letters_become_plain() {
        assert_eq!(clean("ＡＮＮＡ ＬＩＮＤ"), "ANNA LIND");
        assert_eq!(clean("𝐀𝐍𝐍𝐀 𝕃𝕀ℕ𝔻"), "ANNA LIND");
        assert_eq!(clean("ﬁona"), "fiona");
    }

    #[test]
    fn stacked_combining_marks_are_bounded() {
        let stacked = format!("A{}NNA", "\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}");
        let s = sanitize(&stacked);
        assert_eq!(s.report.stacked_marks, 3);
        assert!(s.report.is_suspicious());
        // A mark repeated on one letter.
        assert_eq!(sanitize("E\u{0301}\u{0301}VA").report.stacked_marks, 1);
        // Vietnamese: two marks on a letter are ordinary.
        assert!(!sanitize("Nguyễn Thị").report.is_suspicious());
    }

    #[test]
    fn mixed_number_systems_are_reported() {
        assert!(sanitize("A1\u{0662}").report.mixed_number_systems);
        assert!(!sanitize("A\u{0661}\u{0662}").report.mixed_number_systems);
    }

    #[test]
    fn joiners_inside_persian_are_ordinary_but_not_in_latin() {
        let persian = sanitize("\u{0645}\u{06CC}\u{200C}\u{0631}");
        assert_eq!(persian.report.hidden[0].kind, HiddenKind::Joiner);
        assert!(!persian.report.is_suspicious());
        let latin = sanitize("AN\u{200C}NA");
        assert!(latin.report.is_suspicious());
    }

    #[test]
    fn hidden_characters_are_made_visible() {
        assert_eq!(make_visible("MA\u{200B}RTA"), "MA⟨U+200B⟩RTA");
        assert_eq!(make_visible("Сергей"), "Сергей");
    }

    #[test]
    fn the_work_on_one_name_is_bounded() {
        let long = "A".repeat(30_000);
        let s = sanitize(&long);
        assert_eq!(s.text.chars().count(), MAX_SCREENED_NAME_CHARS);
        assert!(s.report.truncated);
        let hidden = "\u{200B}".repeat(60_000);
        let h = sanitize(&format!("ANNA{hidden}"));
        assert_eq!(h.text, "ANNA");
        assert!(h.report.hidden.len() <= MAX_SCREENED_NAME_CHARS);
        let tokens = bound_tokens(vec!["B".repeat(100); 40]);
        assert_eq!(tokens.len(), MAX_NAME_TOKENS);
        assert_eq!(tokens[0].len(), MAX_TOKEN_CHARS);
    }

    #[test]
    fn findings_name_what_was_seen() {
        let f = sanitize("MA\u{200B}RTA").report.findings();
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].to_string(),
            "hidden characters in the name: U+200B at 3"
        );
        assert_eq!(f[0].message_key().0, "evasion-hidden-characters");
        assert!(sanitize("MARTA").report.findings().is_empty());
    }
}
