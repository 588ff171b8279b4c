//! Serial numbers as officers write them: a prefix such as "No." or "S/N" dropped, separators dropped, upper
//! case (the exact key); then the look-alike characters folded (the skeleton), so that a misread O/0, I/1/L,
//! S/5, B/8 or Z/2 still finds the record.
use unicode_normalization::UnicodeNormalization;

/// A serial number written for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialKey {
    /// Letters and digits only, upper case, the written prefix dropped.
    pub exact: String,
    /// `exact` with look-alike characters folded to one of each pair (O→0, I/L→1, S→5, B→8, Z→2, Q/D→0,
    /// Cyrillic letters that look Latin to their Latin twin): for finding misreadings, never for an exact match.
    pub skeleton: String,
    /// The prefix that was dropped ("NO", "SN" …), to say so in the explanation.
    pub prefix: Option<String>,
}

/// Words written before a serial number that are not part of it (only dropped when a separator follows them, so a
/// serial that really begins with "NO" or "SN" keeps it).
const PREFIXES: [&str; 10] = [
    "SERIAL NUMBER",
    "SERIAL NO",
    "SERIAL",
    "SER NO",
    "SER",
    "S/N",
    "SN",
    "NO",
    "NR",
    "N°",
];

/// Fold a character to the one it is mistaken for (Cyrillic twins first, then the digit a letter looks like).
pub fn fold_lookalike(c: char) -> char {
    let latin = match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        other => other,
    };
    match latin {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'S' => '5',
        'B' => '8',
        'Z' => '2',
        other => other,
    }
}

/// Read a written serial number (see [`SerialKey`]).
pub fn normalize_serial(raw: &str) -> SerialKey {
    let upper: String = raw.nfkc().collect::<String>().to_uppercase();
    let trimmed = upper.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut rest = trimmed;
    let mut prefix = None;
    for p in PREFIXES {
        if let Some(after) = rest.strip_prefix(p) {
            // Only a prefix when a separator (or the number sign) follows it.
            let separated = after.chars().next().is_some_and(|c| !c.is_alphanumeric());
            let remaining_has_serial = after.chars().any(char::is_alphanumeric);
            let ends_in_sign = p.ends_with(|c: char| !c.is_alphanumeric());
            if (separated || ends_in_sign) && remaining_has_serial {
                prefix = Some(p.replace('°', "O"));
                rest = after;
                break;
            }
        }
    }
    let exact: String = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    let skeleton = exact.chars().map(fold_lookalike).collect();
    SerialKey {
        exact,
        skeleton,
        prefix,
    }
}

/// The pairs of characters that differ between two equal-length serials whose skeletons are equal ("O→0").
pub fn lookalike_pairs(written: &str, registered: &str) -> Vec<String> {
    let mut pairs: Vec<String> = written
        .chars()
        .zip(registered.chars())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a}→{b}"))
        .collect();
    pairs.dedup();
    pairs
}

/// One edit between two strings (optimal string alignment distance of one): what it is, or `None` when they are
/// equal or further apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneEdit {
    /// `written` has a character where the register has another.
    Substitution {
        position: usize,
        written: char,
        registered: char,
    },
    /// `written` has a character the register lacks.
    Insertion { position: usize, written: char },
    /// `written` lacks a character of the register.
    Omission { position: usize, registered: char },
    /// Two neighbouring characters swapped.
    Transposition { position: usize },
}

impl OneEdit {
    /// A short English description ("5 written for 7 at position 4").
    pub fn describe(&self) -> String {
        match self {
            OneEdit::Substitution {
                position,
                written,
                registered,
            } => format!("{written} written for {registered} at position {position}"),
            OneEdit::Insertion { position, written } => {
                format!("extra {written} at position {position}")
            }
            OneEdit::Omission {
                position,
                registered,
            } => format!("{registered} missing at position {position}"),
            OneEdit::Transposition { position } => {
                format!("characters {position} and {} swapped", position + 1)
            }
        }
    }
}

/// The single edit that turns `written` into `registered`, if exactly one does (positions count from 1).
pub fn one_edit(written: &str, registered: &str) -> Option<OneEdit> {
    let a: Vec<char> = written.chars().collect();
    let b: Vec<char> = registered.chars().collect();
    let common_prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        if common_prefix == la {
            return None;
        }
        let i = common_prefix;
        if a.get(i + 1..) == b.get(i + 1..) {
            return Some(OneEdit::Substitution {
                position: i + 1,
                written: a[i],
                registered: b[i],
            });
        }
        if i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a.get(i + 2..) == b.get(i + 2..) {
            return Some(OneEdit::Transposition { position: i + 1 });
        }
        return None;
    }
    if la == lb + 1 {
        let i = common_prefix;
        if a.get(i + 1..) == b.get(i..) {
            return Some(OneEdit::Insertion {
                position: i + 1,
                written: a[i],
            });
        }
        return None;
    }
    if lb == la + 1 {
        let i = common_prefix;
        if a.get(i..) == b.get(i + 1..) {
            return Some(OneEdit::Omission {
                position: i + 1,
                registered: b[i],
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_case_and_prefixes_are_dropped() {
        for written in [
            "AB-12 345",
            "ab.12/345",
            "No. AB12345",
            "S/N: ab 12345",
            "SN AB-12345",
            "Nº AB12345",
            "N°AB12345",
            "#AB12345",
        ] {
            assert_eq!(normalize_serial(written).exact, "AB12345", "{written}");
        }
        assert_eq!(normalize_serial("SN AB12345").prefix.as_deref(), Some("SN"));
        // A serial that begins with the letters of a prefix keeps them.
        assert_eq!(normalize_serial("NO12345").exact, "NO12345");
        assert_eq!(normalize_serial("SN12345").exact, "SN12345");
    }

    #[test]
    fn lookalikes_share_a_skeleton() {
        let a = normalize_serial("BO5-IZ1");
        let b = normalize_serial("805I2L");
        assert_ne!(a.exact, b.exact);
        assert_eq!(a.skeleton, b.skeleton);
        // Cyrillic letters that look Latin fold with them.
        assert_eq!(
            normalize_serial("АК1234").skeleton,
            normalize_serial("AK1234").skeleton
        );
        assert_eq!(lookalike_pairs("B05", "805"), vec!["B→8".to_string()]);
    }

    #[test]
    fn one_edit_names_the_edit() {
        assert_eq!(
            one_edit("AB1245", "AB1235"),
            Some(OneEdit::Substitution {
                position: 5,
                written: '4',
                registered: '3'
            })
        );
        assert_eq!(
            one_edit("AB2135", "AB1235"),
            Some(OneEdit::Transposition { position: 3 })
        );
        assert_eq!(
            one_edit("AB12335", "AB1235"),
            Some(OneEdit::Insertion {
                position: 6,
                written: '3'
            })
        );
        assert_eq!(
            one_edit("AB125", "AB1235"),
            Some(OneEdit::Omission {
                position: 5,
                registered: '3'
            })
        );
        assert_eq!(one_edit("AB1235", "AB1235"), None);
        assert_eq!(one_edit("AB9935", "AB1235"), None);
        assert_eq!(one_edit("AB1", "AB123"), None);
    }
}
