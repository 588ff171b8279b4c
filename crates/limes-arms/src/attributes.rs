//! The make, model and calibre of a weapon as officers write them, read into keys that compare: makes through the
//! embedded table of aliases (`data/makes.txt`), models without separators, calibres through the embedded table of
//! cartridges (`data/calibres.txt`) in millimetres and inches.
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const MAKES: &str = include_str!("../data/makes.txt");
const CALIBRES: &str = include_str!("../data/calibres.txt");

/// Words of a company's legal form, ignored in a make.
const COMPANY_WORDS: [&str; 14] = [
    "gmbh", "gesmbh", "inc", "co", "ltd", "spa", "ag", "llc", "corp", "sa", "srl", "as", "plc",
    "jsc",
];

/// Lower case, accents dropped, dots removed (so "S.p.A." is one word), split into words of letters and digits.
fn words(raw: &str) -> Vec<String> {
    let plain: String = raw
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
        .replace(['.', '\''], "");
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A make written for comparison: its words without the legal form, joined.
pub fn make_key(raw: &str) -> String {
    let all = words(raw);
    let kept: Vec<&String> = all
        .iter()
        .filter(|w| !COMPANY_WORDS.contains(&w.as_str()))
        .collect();
    if kept.is_empty() {
        all.concat()
    } else {
        kept.into_iter().map(String::as_str).collect()
    }
}

struct MakeTable {
    names: Vec<&'static str>,
    by_key: HashMap<String, u16>,
}

fn make_table() -> &'static MakeTable {
    static TABLE: OnceLock<MakeTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut names = Vec::new();
        let mut by_key = HashMap::new();
        for line in MAKES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let id = names.len() as u16;
            let mut fields = line.split('|').map(str::trim);
            let Some(name) = fields.next() else { continue };
            names.push(name);
            for alias in std::iter::once(name).chain(fields) {
                by_key.entry(make_key(alias)).or_insert(id);
            }
        }
        MakeTable { names, by_key }
    })
}

/// A make read: one of the table's (under any alias) or, when unknown, its key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Make {
    Known(u16),
    Unknown(Box<str>),
    /// Nothing written.
    Blank,
}

impl Make {
    pub fn read(raw: &str) -> Make {
        let key = make_key(raw);
        if key.is_empty() {
            return Make::Blank;
        }
        match make_table().by_key.get(&key) {
            Some(id) => Make::Known(*id),
            None => Make::Unknown(key.into()),
        }
    }

    /// The canonical name of a known make.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            Make::Known(id) => make_table().names.get(*id as usize).copied(),
            _ => None,
        }
    }
}

/// How two written attributes compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// The same (under different names, perhaps).
    Same,
    /// Related: a model and its variant (M16 and M16A2), a bore and a cartridge of that bore (.30 and 7.62×39).
    Related,
    /// Different.
    Different,
    /// Cannot tell: one side is blank or not in the tables.
    Unknown,
}

/// Compare two makes: known makes by identity, unknown ones by key.
pub fn compare_makes(written: &Make, registered: &Make) -> Agreement {
    match (written, registered) {
        (Make::Blank, _) | (_, Make::Blank) => Agreement::Unknown,
        (a, b) if a == b => Agreement::Same,
        (Make::Known(_), Make::Known(_)) => Agreement::Different,
        _ => Agreement::Unknown,
    }
}

/// A model written for comparison: letters and digits only, upper case ("AK-47", "AK 47", "ak47" → "AK47").
pub fn model_key(raw: &str) -> String {
    raw.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Compare two model keys: equal, one the start or the end of the other (M16 / M16A2, 17 / G17), or different.
pub fn compare_models(written: &str, registered: &str) -> Agreement {
    if written.is_empty() || registered.is_empty() {
        return Agreement::Unknown;
    }
    if written == registered {
        return Agreement::Same;
    }
    let (short, long) = if written.len() < registered.len() {
        (written, registered)
    } else {
        (registered, written)
    };
    if short.len() >= 2 && (long.starts_with(short) || long.ends_with(short)) {
        Agreement::Related
    } else {
        Agreement::Different
    }
}

/// A calibre read: a cartridge of the table, a cartridge written as "d×c" that the table lacks, or a bore only.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibre {
    /// The canonical name ("7.62×39 mm").
    pub name: String,
    /// The bullet diameter in millimetres.
    pub bore_mm: f32,
    /// Only the bore is known (".30"): any cartridge of that diameter is related.
    pub bore_only: bool,
}

struct CalibreTable {
    entries: Vec<Calibre>,
    by_key: HashMap<String, usize>,
}

/// A calibre written for comparison: lower case, no spaces, ',' read as '.', '×' and '*' as 'x', "mm" and
/// "calibre" dropped.
pub fn calibre_key(raw: &str) -> String {
    let lower = raw.nfkc().collect::<String>().to_lowercase();
    let mut key: String = lower
        .replace(',', ".")
        .replace(['×', '*', 'х'], "x")
        .replace("mm", "")
        .replace("calibre", "")
        .replace("caliber", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(stripped) = key.strip_prefix("0.") {
        key = format!(".{stripped}");
    }
    key
}

fn calibre_table() -> &'static CalibreTable {
    static TABLE: OnceLock<CalibreTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut entries = Vec::new();
        let mut by_key = HashMap::new();
        for line in CALIBRES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('|').map(str::trim);
            let (Some(name), Some(bore)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(bore_mm) = bore.parse::<f32>() else {
                continue;
            };
            let bore_only = name.starts_with('~');
            let name = name.trim_start_matches('~');
            let id = entries.len();
            entries.push(Calibre {
                name: name.to_string(),
                bore_mm,
                bore_only,
            });
            for alias in std::iter::once(name).chain(fields) {
                by_key.entry(calibre_key(alias)).or_insert(id);
            }
        }
        CalibreTable { entries, by_key }
    })
}

impl Calibre {
    /// Read a written calibre; `None` when blank or not understood.
    pub fn read(raw: &str) -> Option<Calibre> {
        let key = calibre_key(raw);
        if key.is_empty() {
            return None;
        }
        let table = calibre_table();
        if let Some(found) = table.by_key.get(&key).and_then(|i| table.entries.get(*i)) {
            return Some(found.clone());
        }
        // "d x c" with a trailing R (rimmed) or not: a cartridge by its numbers.
        if let Some((bore, case)) = key.split_once('x') {
            let case_digits = case.trim_end_matches('r');
            if let (Ok(b), Ok(c)) = (bore.parse::<f32>(), case_digits.parse::<f32>()) {
                let rimmed = if case.ends_with('r') { "R" } else { "" };
                return Some(Calibre {
                    name: format!("{b}×{c} mm{rimmed}"),
                    bore_mm: b,
                    bore_only: false,
                });
            }
        }
        // An inch bore written alone (".311").
        if let Some(inches) = key.strip_prefix('.') {
            let digits: String = inches.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = format!("0.{digits}").parse::<f32>() {
                if digits.len() >= 2 {
                    return Some(Calibre {
                        name: format!(".{digits}"),
                        bore_mm: n * 25.4,
                        bore_only: true,
                    });
                }
            }
        }
        None
    }
}

/// Compare two calibres: the same cartridge; a bore and a cartridge of that bore (within 0.25 mm); different.
pub fn compare_calibres(written: Option<&Calibre>, registered: Option<&Calibre>) -> Agreement {
    match (written, registered) {
        (Some(a), Some(b)) => {
            if a.name == b.name {
                Agreement::Same
            } else if (a.bore_only || b.bore_only) && (a.bore_mm - b.bore_mm).abs() <= 0.25 {
                Agreement::Related
            } else {
                Agreement::Different
            }
        }
        _ => Agreement::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_under_their_many_names_are_one() {
        let groups: [&[&str]; 10] = [
            &[
                "Kalashnikov",
                "Izhmash",
                "Kalashnikov Concern",
                "IZHMASH JSC",
            ],
            &[
                "FN",
                "FN Herstal",
                "Fabrique Nationale",
                "F.N. Herstal S.A.",
            ],
            &[
                "Colt",
                "Colt's Manufacturing",
                "Colt's Manufacturing Company LLC",
            ],
            &["Heckler & Koch", "H&K", "HK", "Heckler & Koch GmbH"],
            &["Glock", "Glock GmbH", "GLOCK Ges.m.b.H."],
            &[
                "Beretta",
                "Pietro Beretta",
                "Fabbrica d'Armi Pietro Beretta S.p.A.",
            ],
            &["CZ", "Česká zbrojovka", "Ceska zbrojovka a.s."],
            &["Zastava", "Crvena Zastava"],
            &[
                "Norinco",
                "China North Industries",
                "China North Industries Corp.",
            ],
            &[
                "Smith & Wesson",
                "S&W",
                "Smith and Wesson",
                "SMITH & WESSON INC",
            ],
        ];
        for group in groups {
            let first = Make::read(group[0]);
            assert!(matches!(first, Make::Known(_)), "{}", group[0]);
            for alias in group {
                assert_eq!(Make::read(alias), first, "{alias}");
            }
        }
        assert_eq!(
            compare_makes(&Make::read("Glock"), &Make::read("Beretta")),
            Agreement::Different
        );
        assert_eq!(
            compare_makes(&Make::read("Acme Arms"), &Make::read("Beretta")),
            Agreement::Unknown
        );
        assert_eq!(
            compare_makes(&Make::read(""), &Make::read("Beretta")),
            Agreement::Unknown
        );
    }

    #[test]
    fn models_with_and_without_separators() {
        assert_eq!(model_key("AK-47"), "AK47");
        assert_eq!(model_key("ak 47"), "AK47");
        assert_eq!(
            compare_models(&model_key("M16"), &model_key("M16A2")),
            Agreement::Related
        );
        assert_eq!(
            compare_models(&model_key("G17"), &model_key("17")),
            Agreement::Related
        );
        assert_eq!(
            compare_models(&model_key("AKM"), &model_key("AK-47")),
            Agreement::Different
        );
    }

    #[test]
    fn calibres_in_millimetres_and_inches() {
        let same = |a: &str, b: &str| {
            compare_calibres(Calibre::read(a).as_ref(), Calibre::read(b).as_ref())
        };
        for (a, b) in [
            ("7.62×39", "7,62 x 39 mm"),
            ("7.62x39mm", "7.62 X 39"),
            ("9×19", "9 mm Parabellum"),
            ("9mm Luger", "9x19"),
            (".45 ACP", "11.43×23"),
            ("5.56×45", ".223 Rem"),
            ("7.62 NATO", ".308 Win"),
            ("12 ga", "12 gauge"),
        ] {
            assert_eq!(same(a, b), Agreement::Same, "{a} / {b}");
        }
        assert_eq!(same(".30", "7.62×39"), Agreement::Related);
        assert_eq!(same("7.62", "7.62x51"), Agreement::Related);
        assert_eq!(same("7.62×39", "5.45×39"), Agreement::Different);
        assert_eq!(same("9×19", ".45 ACP"), Agreement::Different);
        assert_eq!(same("7.62×39", "7.62×51"), Agreement::Different);
        // A cartridge the table lacks, read by its numbers.
        assert_eq!(same("7.92x57", "7,92 × 57 mm"), Agreement::Same);
        assert_eq!(same("banana", "9x19"), Agreement::Unknown);
    }
}
