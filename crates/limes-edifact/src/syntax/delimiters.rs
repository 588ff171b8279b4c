//! The service characters (UNA or the defaults), splitting at them with the release character honoured, and
//! bytes read as text.

use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delimiters {
    pub component: char,
    pub element: char,
    pub decimal: char,
    pub release: Option<char>,
    pub repetition: Option<char>,
    pub segment: char,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            component: ':',
            element: '+',
            decimal: '.',
            release: Some('?'),
            repetition: None,
            segment: '\'',
        }
    }
}

impl Delimiters {
    /// The defaults of syntax level B (UNOB) without UNA: IS1 component, IS3 element, IS4 segment, no release.
    pub fn level_b() -> Self {
        Delimiters {
            component: '\u{1f}',
            element: '\u{1d}',
            decimal: '.',
            release: None,
            repetition: None,
            segment: '\u{1c}',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Wrong UNT/UNZ/UNE counts are warnings (the default for intake: real traffic has them).
    Lenient,
    /// Wrong counts are errors.
    Strict,
}

/// The service characters as bytes (all ASCII: checked when UNA is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seps {
    pub(super) component: u8,
    pub(super) element: u8,
    pub(super) segment: u8,
    pub(super) release: Option<u8>,
}

/// Split `s` at `sep`, honouring the release character (when `release` is set).
#[derive(Debug, Clone)]
pub(super) struct Split<'a> {
    pub(super) rest: Option<&'a [u8]>,
    pub(super) sep: u8,
    pub(super) release: Option<u8>,
}

fn find_sep(s: &[u8], sep: u8, release: Option<u8>) -> Option<usize> {
    // Elements and components are short: a plain loop beats a vectorised search here.
    match release {
        None => s.iter().position(|&b| b == sep),
        Some(rel) => {
            let mut i = 0;
            while let Some(&b) = s.get(i) {
                if b == sep {
                    return Some(i);
                }
                // A release character: the next character is data.
                i += if b == rel { 2 } else { 1 };
            }
            None
        }
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let s = self.rest?;
        match find_sep(s, self.sep, self.release) {
            Some(at) => {
                self.rest = s.get(at + 1..);
                s.get(..at)
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// Bytes as text: UTF-8 borrowed as it is; otherwise each byte that is not UTF-8 read as ISO 8859-1 (the 8-bit
/// syntax levels such as UNOC), the C1 control bytes 0x80-0x9F (never text in ISO 8859) as U+FFFD.
pub fn to_text(b: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let mut text = String::with_capacity(b.len() + 8);
            for chunk in b.utf8_chunks() {
                text.push_str(chunk.valid());
                for &c in chunk.invalid() {
                    text.push(if (0x80..0xa0).contains(&c) {
                        '\u{fffd}'
                    } else {
                        c as char
                    });
                }
            }
            Cow::Owned(text)
        }
    }
}

/// Remove release characters (`?+` → `+`) and read the bytes as text ([`to_text`]). Borrowed when there is no
/// release character and the bytes are UTF-8. A release character at the very end is kept as data.
pub fn unescape(s: &[u8], release: Option<u8>) -> Cow<'_, str> {
    let Some(rel) = release.filter(|r| s.contains(r)) else {
        return to_text(s);
    };
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if b == rel {
            match s.get(i + 1) {
                Some(&n) => out.push(n),
                None => out.push(b),
            }
            i += 2;
        } else {
            out.push(b);
            i += 1;
        }
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(to_text(e.as_bytes()).into_owned()),
    }
}
