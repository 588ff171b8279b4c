//! The in-memory index of the firearm register and the ranked, explained look-up. Each record's serial skeleton
//! is kept under three hashed neighbourhoods in sorted arrays (8 bytes an entry: the hash and the record's
//! position): the skeleton itself, the skeleton with one character deleted (one edit either way meets there), and
//! the skeleton with up to four characters cut from either end (a country or factory prefix the query lacks).
//! A query looks up its own skeleton, deletions and inner substrings, then verifies each candidate on the real
//! strings: a hash collision never reaches the answer.
use crate::attributes::{
    compare_calibres, compare_makes, compare_models, model_key, Agreement, Calibre, Make,
};
use crate::serial::{lookalike_pairs, normalize_serial, one_edit};
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// Shortest skeleton that a one-edit or containment match may use (shorter serials match only whole).
pub const MIN_FUZZY_LEN: usize = 5;
/// Most characters cut from one end of a register serial for the containment neighbourhood.
const MAX_TRIM: usize = 4;
/// Most candidates verified for one query (a pathological query such as "00000" cannot take the index down).
const MAX_CANDIDATES: usize = 5000;
/// Candidates scoring below this are not shown.
pub const DEFAULT_MIN_SCORE: f32 = 0.35;

/// One register record as the index takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    pub record_id: String,
    pub serial: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
}

/// What an officer reads off a weapon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub serial: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
}

/// How the serial numbers met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SerialMatch {
    Exact,
    Lookalike,
    OneEdit,
    Contains,
}

impl SerialMatch {
    fn base_score(self) -> f32 {
        match self {
            SerialMatch::Exact => 0.9,
            SerialMatch::Lookalike => 0.8,
            SerialMatch::OneEdit => 0.6,
            SerialMatch::Contains => 0.5,
        }
    }
}

/// What a reason says, as a code a page can translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    SerialExact,
    SerialLookalike,
    SerialOneEdit,
    SerialContains,
    PrefixIgnored,
    MakeSame,
    MakeDifferent,
    ModelSame,
    ModelRelated,
    ModelDifferent,
    CalibreSame,
    CalibreRelated,
    CalibreDifferent,
}

impl ReasonCode {
    /// The English phrase (the JSON API's and the command line's explanation).
    pub fn phrase(self) -> &'static str {
        match self {
            ReasonCode::SerialExact => "serial number exact",
            ReasonCode::SerialLookalike => {
                "serial number equal once look-alike characters are read alike"
            }
            ReasonCode::SerialOneEdit => "serial number one character off",
            ReasonCode::SerialContains => "serial number contained in the other",
            ReasonCode::PrefixIgnored => "prefix ignored",
            ReasonCode::MakeSame => "make agrees",
            ReasonCode::MakeDifferent => "make differs",
            ReasonCode::ModelSame => "model agrees",
            ReasonCode::ModelRelated => "model related",
            ReasonCode::ModelDifferent => "model differs",
            ReasonCode::CalibreSame => "calibre agrees",
            ReasonCode::CalibreRelated => "calibre of the same bore",
            ReasonCode::CalibreDifferent => "calibre differs",
        }
    }

    /// The snake-case code (a catalogue key's end).
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::SerialExact => "serial_exact",
            ReasonCode::SerialLookalike => "serial_lookalike",
            ReasonCode::SerialOneEdit => "serial_one_edit",
            ReasonCode::SerialContains => "serial_contains",
            ReasonCode::PrefixIgnored => "prefix_ignored",
            ReasonCode::MakeSame => "make_same",
            ReasonCode::MakeDifferent => "make_different",
            ReasonCode::ModelSame => "model_same",
            ReasonCode::ModelRelated => "model_related",
            ReasonCode::ModelDifferent => "model_different",
            ReasonCode::CalibreSame => "calibre_same",
            ReasonCode::CalibreRelated => "calibre_related",
            ReasonCode::CalibreDifferent => "calibre_different",
        }
    }
}

/// One reason for a candidate's score: what agreed or differed, the detail, and what it did to the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub detail: String,
    /// What this reason added to (or took from) the score.
    pub effect: f32,
}

impl Reason {
    fn new(code: ReasonCode, detail: impl Into<String>, effect: f32) -> Reason {
        Reason {
            code,
            detail: detail.into(),
            effect,
        }
    }

    /// "make agrees (Kalashnikov)".
    pub fn text(&self) -> String {
        if self.detail.is_empty() {
            self.code.phrase().to_string()
        } else {
            format!("{} ({})", self.code.phrase(), self.detail)
        }
    }
}

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub record_id: String,
    /// 0 to 1: the serial match's base, moved by make, model and calibre.
    pub score: f32,
    pub serial_match: SerialMatch,
    pub reasons: Vec<Reason>,
}

impl Candidate {
    /// The reasons in one English line.
    pub fn explain(&self) -> String {
        self.reasons
            .iter()
            .map(Reason::text)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

struct Indexed {
    record_id: Box<str>,
    exact: Box<str>,
    make: Make,
    model: Box<str>,
    calibre: Option<Calibre>,
}

/// The register in memory, ready for look-ups.
pub struct FirearmIndex {
    records: Vec<Indexed>,
    /// Hash of a whole skeleton << 32 | record position, sorted.
    whole: Vec<u64>,
    /// Hash of a skeleton with one character deleted << 32 | position, sorted.
    deletions: Vec<u64>,
    /// Hash of a skeleton with 2 to [`MAX_TRIM`] characters cut from one end << 32 | position, sorted.
    trimmed: Vec<u64>,
}

fn hash32(s: &[char]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    let v = h.finish();
    (v ^ (v >> 32)) & 0xFFFF_FFFF
}

fn entry(hash: u64, position: usize) -> u64 {
    (hash << 32) | position as u64
}

/// The distinct strings made by deleting one character.
fn deletions_of(s: &[char]) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        // Deleting any character of a run gives the same string: keep one.
        if i > 0 && s[i] == s[i - 1] {
            continue;
        }
        let mut d = s.to_vec();
        d.remove(i);
        out.push(d);
    }
    out
}

fn lookup(sorted: &[u64], hash: u64, out: &mut Vec<u32>) {
    let start = sorted.partition_point(|e| *e < (hash << 32));
    for e in &sorted[start..] {
        if e >> 32 != hash {
            break;
        }
        out.push((*e & 0xFFFF_FFFF) as u32);
    }
}

impl FirearmIndex {
    /// Build the index from the register's records (any order).
    pub fn build(entries: impl IntoIterator<Item = RegisterEntry>) -> FirearmIndex {
        let mut records = Vec::new();
        let (mut whole, mut deletions, mut trimmed) = (Vec::new(), Vec::new(), Vec::new());
        for e in entries {
            let key = normalize_serial(&e.serial);
            let position = records.len();
            let skeleton: Vec<char> = key.skeleton.chars().collect();
            whole.push(entry(hash32(&skeleton), position));
            if skeleton.len() >= MIN_FUZZY_LEN {
                for d in deletions_of(&skeleton) {
                    deletions.push(entry(hash32(&d), position));
                }
                for cut in 2..=MAX_TRIM {
                    if skeleton.len() < cut + MIN_FUZZY_LEN {
                        break;
                    }
                    trimmed.push(entry(hash32(&skeleton[cut..]), position));
                    trimmed.push(entry(hash32(&skeleton[..skeleton.len() - cut]), position));
                }
            }
            records.push(Indexed {
                record_id: e.record_id.into(),
                exact: key.exact.into(),
                make: Make::read(&e.make),
                model: model_key(&e.model).into(),
                calibre: Calibre::read(&e.calibre),
            });
        }
        whole.sort_unstable();
        deletions.sort_unstable();
        trimmed.sort_unstable();
        deletions.dedup();
        trimmed.dedup();
        FirearmIndex {
            records,
            whole,
            deletions,
            trimmed,
        }
    }

    /// How many records the index holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The bytes the index takes, roughly (for the benchmark's report).
    pub fn approximate_bytes(&self) -> usize {
        let arrays =
            (self.whole.capacity() + self.deletions.capacity() + self.trimmed.capacity()) * 8;
        let records: usize = self
            .records
            .iter()
            .map(|r| {
                std::mem::size_of::<Indexed>()
                    + r.record_id.len()
                    + r.exact.len()
                    + r.model.len()
                    + r.calibre.as_ref().map_or(0, |c| c.name.len())
                    + match &r.make {
                        Make::Unknown(k) => k.len(),
                        _ => 0,
                    }
            })
            .sum();
        arrays + records
    }

    /// The candidates for a weapon, best first, at most `limit`, none scoring below `min_score`.
    pub fn search(&self, query: &Query, limit: usize, min_score: f32) -> Vec<Candidate> {
        let key = normalize_serial(&query.serial);
        if key.exact.is_empty() {
            return Vec::new();
        }
        let skeleton: Vec<char> = key.skeleton.chars().collect();
        let mut positions = Vec::new();
        lookup(&self.whole, hash32(&skeleton), &mut positions);
        if skeleton.len() >= MIN_FUZZY_LEN {
            // The register serial has one character more, or one other, or the query one more.
            lookup(&self.deletions, hash32(&skeleton), &mut positions);
            for d in deletions_of(&skeleton) {
                let h = hash32(&d);
                lookup(&self.deletions, h, &mut positions);
                lookup(&self.whole, h, &mut positions);
            }
            // The register serial has a prefix or suffix the query lacks.
            lookup(&self.trimmed, hash32(&skeleton), &mut positions);
            // The query has a prefix or suffix the register serial lacks.
            let n = skeleton.len();
            for start in 0..=MAX_TRIM.min(n) {
                for end in (start + MIN_FUZZY_LEN..=n).rev() {
                    if n - end > MAX_TRIM {
                        break;
                    }
                    if start == 0 && end == n {
                        continue;
                    }
                    lookup(&self.whole, hash32(&skeleton[start..end]), &mut positions);
                }
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions.truncate(MAX_CANDIDATES);
        let written = WrittenWeapon {
            make: Make::read(&query.make),
            model: model_key(&query.model),
            calibre: Calibre::read(&query.calibre),
        };
        let mut out: Vec<Candidate> = positions
            .into_iter()
            .filter_map(|p| self.records.get(p as usize))
            .filter_map(|r| {
                score(
                    &key.exact,
                    &key.skeleton,
                    key.prefix.as_deref(),
                    &written,
                    r,
                )
            })
            .filter(|c| c.score >= min_score)
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.serial_match.cmp(&b.serial_match))
                .then_with(|| a.record_id.cmp(&b.record_id))
        });
        out.truncate(limit);
        out
    }
}

struct WrittenWeapon {
    make: Make,
    model: String,
    calibre: Option<Calibre>,
}

/// Verify a candidate on the real strings and score it; `None` when the serials do not meet (a hash collision).
fn score(
    exact: &str,
    skeleton: &str,
    prefix: Option<&str>,
    written: &WrittenWeapon,
    record: &Indexed,
) -> Option<Candidate> {
    let registered = &*record.exact;
    let registered_skeleton: String = registered
        .chars()
        .map(crate::serial::fold_lookalike)
        .collect();
    let mut reasons = Vec::new();
    let serial_match = if exact == registered {
        reasons.push(Reason::new(ReasonCode::SerialExact, registered, 0.0));
        SerialMatch::Exact
    } else if skeleton == registered_skeleton {
        let pairs = lookalike_pairs(exact, registered).join(", ");
        reasons.push(Reason::new(ReasonCode::SerialLookalike, pairs, 0.0));
        SerialMatch::Lookalike
    } else {
        let shorter = skeleton
            .chars()
            .count()
            .min(registered_skeleton.chars().count());
        if shorter < MIN_FUZZY_LEN {
            return None;
        }
        if let Some(edit) = one_edit(skeleton, &registered_skeleton) {
            // Said on the written characters when they are one edit apart too, else on the skeletons.
            let described = one_edit(exact, registered).unwrap_or(edit).describe();
            reasons.push(Reason::new(
                ReasonCode::SerialOneEdit,
                format!("{registered}: {described}"),
                0.0,
            ));
            SerialMatch::OneEdit
        } else if registered_skeleton.contains(skeleton) || skeleton.contains(&registered_skeleton)
        {
            reasons.push(Reason::new(
                ReasonCode::SerialContains,
                format!("{exact} / {registered}"),
                0.0,
            ));
            SerialMatch::Contains
        } else {
            return None;
        }
    };
    if let Some(p) = prefix {
        reasons.push(Reason::new(ReasonCode::PrefixIgnored, p, 0.0));
    }
    let mut total = serial_match.base_score();
    let make_name = record.make.name().unwrap_or_default();
    match compare_makes(&written.make, &record.make) {
        Agreement::Same => reasons.push(Reason::new(ReasonCode::MakeSame, make_name, 0.05)),
        Agreement::Different => {
            reasons.push(Reason::new(ReasonCode::MakeDifferent, make_name, -0.3))
        }
        Agreement::Related | Agreement::Unknown => {}
    }
    match compare_models(&written.model, &record.model) {
        Agreement::Same => reasons.push(Reason::new(ReasonCode::ModelSame, &*record.model, 0.03)),
        Agreement::Related => {
            reasons.push(Reason::new(ReasonCode::ModelRelated, &*record.model, 0.01))
        }
        Agreement::Different => reasons.push(Reason::new(
            ReasonCode::ModelDifferent,
            &*record.model,
            -0.1,
        )),
        Agreement::Unknown => {}
    }
    let calibre_name = record
        .calibre
        .as_ref()
        .map(|c| c.name.as_str())
        .unwrap_or("");
    match compare_calibres(written.calibre.as_ref(), record.calibre.as_ref()) {
        Agreement::Same => reasons.push(Reason::new(ReasonCode::CalibreSame, calibre_name, 0.02)),
        Agreement::Related => {
            reasons.push(Reason::new(ReasonCode::CalibreRelated, calibre_name, 0.0))
        }
        Agreement::Different => reasons.push(Reason::new(
            ReasonCode::CalibreDifferent,
            calibre_name,
            -0.25,
        )),
        Agreement::Unknown => {}
    }
    total += reasons.iter().map(|r| r.effect).sum::<f32>();
    Some(Candidate {
        record_id: record.record_id.to_string(),
        score: (total.clamp(0.0, 1.0) * 1000.0).round() / 1000.0,
        serial_match,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, serial: &str, make: &str, model: &str, calibre: &str) -> RegisterEntry {
        RegisterEntry {
            record_id: id.into(),
            serial: serial.into(),
            make: make.into(),
            model: model.into(),
            calibre: calibre.into(),
        }
    }

    fn register() -> FirearmIndex {
        FirearmIndex::build(vec![
            entry("R1", "1975 AK 104233", "Izhmash", "AK-47", "7.62x39"),
            entry("R2", "ABC123", "Glock", "17", "9x19"),
            entry(
                "R3",
                "BER015872Z",
                "Pietro Beretta",
                "92FS",
                "9 mm Parabellum",
            ),
            entry("R4", "24-501117", "Heckler & Koch", "G3", "7.62x51"),
            entry("R5", "UA-3318842", "Zastava", "M70", "7.62x39"),
            entry("R6", "3318842", "Colt", "M16A2", "5.56x45"),
        ])
    }

    fn query(serial: &str, make: &str, model: &str, calibre: &str) -> Query {
        Query {
            serial: serial.into(),
            make: make.into(),
            model: model.into(),
            calibre: calibre.into(),
        }
    }

    fn top(index: &FirearmIndex, q: Query) -> Candidate {
        index
            .search(&q, 5, DEFAULT_MIN_SCORE)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no candidate for {q:?}"))
    }

    #[test]
    fn exact_serial_with_agreeing_make_model_and_calibre_ranks_first() {
        let index = register();
        let c = top(
            &index,
            query("1975AK104233", "Kalashnikov", "AK47", "7,62 x 39 mm"),
        );
        assert_eq!(c.record_id, "R1");
        assert_eq!(c.serial_match, SerialMatch::Exact);
        assert_eq!(c.score, 1.0);
        let codes: Vec<ReasonCode> = c.reasons.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            vec![
                ReasonCode::SerialExact,
                ReasonCode::MakeSame,
                ReasonCode::ModelSame,
                ReasonCode::CalibreSame
            ]
        );
        assert!(
            c.explain().contains("make agrees (Kalashnikov)"),
            "{}",
            c.explain()
        );
    }

    #[test]
    fn lookalike_separators_prefix_and_typos_find_the_record() {
        let index = register();
        for (written, id, kind) in [
            ("BER-O15872-Z", "R3", SerialMatch::Lookalike),
            ("No. ABC 123", "R2", SerialMatch::Exact),
            ("BER015827Z", "R3", SerialMatch::OneEdit),
            ("BER01587Z", "R3", SerialMatch::OneEdit),
            ("BER0158722Z", "R3", SerialMatch::OneEdit),
            ("24-5011I7", "R4", SerialMatch::Lookalike),
            ("501117", "R4", SerialMatch::Contains),
        ] {
            let c = top(&index, query(written, "", "", ""));
            assert_eq!(
                (c.record_id.as_str(), c.serial_match),
                (id, kind),
                "{written}"
            );
        }
    }

    #[test]
    fn make_and_calibre_decide_between_equal_serials() {
        let index = register();
        // 3318842 is R6's serial whole and R5's without its prefix: the Zastava in 7.62 mm is the one.
        let found = index.search(&query("3318842", "Crvena Zastava", "M 70", ".30"), 5, 0.0);
        assert_eq!(found[0].record_id, "R5", "{found:?}");
        let r6 = found.iter().find(|c| c.record_id == "R6").unwrap();
        assert!(r6
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::MakeDifferent));
        assert!(r6
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::CalibreDifferent));
        assert!(r6.score < found[0].score);
    }

    #[test]
    fn different_make_drops_a_one_edit_hit_below_the_threshold() {
        let index = register();
        assert!(!index
            .search(&query("BER015827Z", "", "", "9x19"), 5, DEFAULT_MIN_SCORE)
            .is_empty());
        assert!(index
            .search(
                &query("BER015827Z", "Glock", "", "9x19"),
                5,
                DEFAULT_MIN_SCORE
            )
            .is_empty());
        // An exact serial stays on the list whatever the make: the officer looks.
        let exact = index.search(&query("BER015872Z", "Glock", "", ""), 5, DEFAULT_MIN_SCORE);
        assert_eq!(exact.len(), 1);
    }

    #[test]
    fn short_serials_match_only_whole_and_nothing_matches_nothing() {
        let index = FirearmIndex::build(vec![
            entry("S1", "1234", "", "", ""),
            entry("S2", "1235", "", "", ""),
        ]);
        let found = index.search(&query("1234", "", "", ""), 5, 0.0);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record_id, "S1");
        assert!(index.search(&query(" - ", "", "", ""), 5, 0.0).is_empty());
        assert!(index
            .search(&query("99999999", "", "", ""), 5, 0.0)
            .is_empty());
    }
}
