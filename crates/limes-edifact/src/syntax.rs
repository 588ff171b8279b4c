//! UN/EDIFACT syntax: service string advice (UNA), release character, segments, and the UNB/UNG/UNH … UNT/UNE/UNZ
//! envelopes. Airlines' real traffic often carries wrong UNT/UNZ counts: lenient mode (the default for intake)
//! accepts them with a warning, strict mode rejects them.
//!
//! Two layers:
//! - [`scan`] is the zero-copy reader: segments are slices of the input, elements and components are found on
//!   demand ([`RawSegment::get`]) and release characters are only removed (a `Cow::Owned`) where one is present.
//!   Each message carries its own outcome, so one broken message does not stop the others.
//! - [`parse_interchange`] builds the owned [`Interchange`] on top of it (every component a `String`).
use serde::Serialize;
use std::borrow::Cow;

/// Syntax error codes of ISO 9735 (data element 0085), as reported in a CONTRL message.
pub mod codes {
    /// Syntax version or level not supported.
    pub const SYNTAX_VERSION: u16 = 2;
    /// Invalid value.
    pub const INVALID_VALUE: u16 = 12;
    /// Missing (segment, data element or component).
    pub const MISSING: u16 = 13;
    /// Value not supported in this position.
    pub const VALUE_NOT_SUPPORTED: u16 = 14;
    /// Not supported in this position (a segment where it may not be).
    pub const NOT_SUPPORTED_IN_POSITION: u16 = 15;
    /// Too many constituents.
    pub const TOO_MANY_CONSTITUENTS: u16 = 16;
    /// Unspecified error.
    pub const UNSPECIFIED: u16 = 18;
    /// Character advised in UNA invalid as service character.
    pub const INVALID_SERVICE_CHARACTER: u16 = 20;
    /// Invalid character(s).
    pub const INVALID_CHARACTER: u16 = 21;
    /// Invalid service segment tag (or a segment tag that cannot be read at all).
    pub const INVALID_SEGMENT_TAG: u16 = 22;
    /// References do not match (UNH/UNT, UNB/UNZ, UNG/UNE).
    pub const REFERENCES_DO_NOT_MATCH: u16 = 28;
    /// Control count does not match number of instances received.
    pub const CONTROL_COUNT: u16 = 29;
    /// Invalid occurrence outside message, package or group.
    pub const OUTSIDE_MESSAGE: u16 = 33;
}

/// Where and what is wrong, named for the sender: segment number (1-based, in the interchange), tag, element and
/// component (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct EdifactError {
    pub segment_index: usize,
    pub tag: String,
    pub element: Option<usize>,
    pub component: Option<usize>,
    pub expected: String,
    pub found: String,
    pub message: String,
    /// The ISO 9735 syntax error code (data element 0085) a CONTRL message reports: 12 invalid value, 13 missing,
    /// 16 too many constituents, 29 control count … (see [`codes`]).
    pub code: u16,
    /// Position of the segment in its message, UNH counted as 1 (CONTRL data element 0096); `None` for errors
    /// outside a message (UNA, UNB, UNG, UNE, UNZ).
    pub position_in_message: Option<usize>,
}

impl std::fmt::Display for EdifactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "segment {} ({})", self.segment_index, self.tag)?;
        if let Some(e) = self.element {
            write!(f, ", element {e}")?;
        }
        if let Some(c) = self.component {
            write!(f, ", component {c}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.expected.is_empty() {
            write!(f, " (expected {}, found '{}')", self.expected, self.found)?;
        }
        Ok(())
    }
}

impl EdifactError {
    /// The same error with another ISO 9735 code.
    pub fn with_code(mut self, code: u16) -> Self {
        self.code = code;
        self
    }
}

/// An error at an owned segment (kept for callers of the owned layer). Code 12 (invalid value); change it with
/// [`EdifactError::with_code`].
pub fn error(
    seg: &Segment,
    element: Option<usize>,
    component: Option<usize>,
    expected: &str,
    found: &str,
    message: impl Into<String>,
) -> EdifactError {
    EdifactError {
        segment_index: seg.index,
        tag: seg.tag.clone(),
        element,
        component,
        expected: expected.into(),
        found: found.into(),
        message: message.into(),
        code: codes::INVALID_VALUE,
        position_in_message: None,
    }
}

fn bare_error(
    segment_index: usize,
    tag: &str,
    expected: &str,
    found: &str,
    message: impl Into<String>,
    code: u16,
) -> EdifactError {
    EdifactError {
        segment_index,
        tag: tag.into(),
        element: None,
        component: None,
        expected: expected.into(),
        found: found.into(),
        message: message.into(),
        code,
        position_in_message: None,
    }
}

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
struct Seps {
    component: u8,
    element: u8,
    segment: u8,
    release: Option<u8>,
}

/// Split `s` at `sep`, honouring the release character (when `release` is set).
#[derive(Debug, Clone)]
struct Split<'a> {
    rest: Option<&'a [u8]>,
    sep: u8,
    release: Option<u8>,
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

/// One data element of a [`RawSegment`]: a slice of the input with its components found on demand.
#[derive(Debug, Clone, Copy)]
pub struct RawElement<'a> {
    raw: &'a [u8],
    base: Base<'a>,
    seps: Seps,
    escaped: bool,
}

/// The segment a piece belongs to, with its text when it is UTF-8 (so pieces are borrowed without being
/// validated again).
#[derive(Debug, Clone, Copy)]
struct Base<'a> {
    bytes: &'a [u8],
    text: Option<&'a str>,
}

impl<'a> Base<'a> {
    /// `piece` (a sub-slice of the segment) as text: borrowed from the segment's text when there is one.
    fn text_of(&self, piece: &'a [u8]) -> Cow<'a, str> {
        if piece.is_empty() {
            return Cow::Borrowed("");
        }
        if let Some(t) = self.text {
            let off = (piece.as_ptr() as usize).checked_sub(self.bytes.as_ptr() as usize);
            if let Some(s) = off.and_then(|o| t.get(o..o + piece.len())) {
                return Cow::Borrowed(s);
            }
        }
        to_text(piece)
    }
    /// `piece` with release characters removed, as text.
    fn unescape(&self, piece: &'a [u8], release: Option<u8>) -> Cow<'a, str> {
        match release {
            Some(r) if piece.contains(&r) => unescape(piece, release),
            _ => self.text_of(piece),
        }
    }
}

impl<'a> RawElement<'a> {
    fn release(&self) -> Option<u8> {
        if self.escaped {
            self.seps.release
        } else {
            None
        }
    }
    fn split(&self) -> Split<'a> {
        Split {
            rest: Some(self.raw),
            sep: self.seps.component,
            release: self.release(),
        }
    }
    /// The element as sent (separators and release characters included).
    pub fn raw(&self) -> Cow<'a, str> {
        self.base.text_of(self.raw)
    }
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
    /// The first `N` components in one pass (absent ones empty), release characters removed.
    pub fn parts<const N: usize>(&self) -> [Cow<'a, str>; N] {
        let release = self.release();
        let mut out: [Cow<'a, str>; N] = std::array::from_fn(|_| Cow::Borrowed(""));
        for (slot, raw) in out.iter_mut().zip(self.split()) {
            *slot = self.base.unescape(raw, release);
        }
        out
    }
    /// The components, release characters removed.
    pub fn components(&self) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        let (release, base) = (self.release(), self.base);
        self.split().map(move |c| base.unescape(c, release))
    }
    /// Component `c` (1-based), empty when absent.
    pub fn component(&self, c: usize) -> Cow<'a, str> {
        self.split()
            .nth(c.wrapping_sub(1))
            .map(|s| self.base.unescape(s, self.release()))
            .unwrap_or(Cow::Borrowed(""))
    }
    pub fn component_count(&self) -> usize {
        self.split().count()
    }
    /// The non-empty components joined by `with` ("SMITH", "JOHN", "" → "SMITH JOHN").
    pub fn join_non_empty(&self, with: &str) -> String {
        let mut out = String::with_capacity(self.raw.len());
        for c in self.components() {
            let c = c.trim_ascii();
            if c.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(with);
            }
            out.push_str(c);
        }
        out
    }
}

/// A segment as a slice of the input: no copy is made until a value is asked for.
#[derive(Debug, Clone, Copy)]
pub struct RawSegment<'a> {
    /// 1-based position in the interchange (UNA not counted).
    pub index: usize,
    /// The whole segment as sent (tag included, terminator and surrounding line breaks not).
    bytes: &'a [u8],
    /// The same as text when it is UTF-8.
    utf8: Option<&'a str>,
    tag: [u8; 3],
    /// Where the data after the tag starts in `bytes` (at the first element separator).
    data_start: u8,
    escaped: bool,
    seps: Seps,
}

impl<'a> RawSegment<'a> {
    /// The segment tag, upper case, as bytes (cheaper to match on).
    pub fn tag_bytes(&self) -> &[u8; 3] {
        &self.tag
    }
    /// The segment tag, upper case.
    pub fn tag(&self) -> &str {
        std::str::from_utf8(&self.tag).unwrap_or("???")
    }
    /// The segment as sent, without its terminator.
    pub fn text(&self) -> Cow<'a, str> {
        match self.utf8 {
            Some(t) => Cow::Borrowed(t),
            None => to_text(self.bytes),
        }
    }
    fn base(&self) -> Base<'a> {
        Base {
            bytes: self.bytes,
            text: self.utf8,
        }
    }
    /// The segment's bytes as sent, without its terminator.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// The tag could not be read (not three letters or digits).
    pub fn is_bad(&self) -> bool {
        &self.tag == b"???"
    }
    fn elements_split(&self) -> Split<'a> {
        let release = if self.escaped {
            self.seps.release
        } else {
            None
        };
        // The data starts with the element separator (or is empty).
        let rest = self
            .bytes
            .get(usize::from(self.data_start)..)
            .filter(|d| !d.is_empty())
            .and_then(|d| d.get(1..));
        Split {
            rest,
            sep: self.seps.element,
            release,
        }
    }
    /// The data elements after the tag.
    pub fn elements(&self) -> impl Iterator<Item = RawElement<'a>> + 'a {
        let (seps, escaped, base) = (self.seps, self.escaped, self.base());
        self.elements_split().map(move |raw| RawElement {
            raw,
            base,
            seps,
            escaped,
        })
    }
    pub fn element_count(&self) -> usize {
        self.elements_split().count()
    }
    /// Element `e` (1-based after the tag); empty when absent.
    pub fn element(&self, e: usize) -> RawElement<'a> {
        RawElement {
            raw: self.elements_split().nth(e.wrapping_sub(1)).unwrap_or(&[]),
            base: self.base(),
            seps: self.seps,
            escaped: self.escaped,
        }
    }
    /// The first `N` elements in one pass (absent ones empty): cheaper than several [`RawSegment::element`]
    /// calls on the same segment.
    pub fn fields<const N: usize>(&self) -> [RawElement<'a>; N] {
        let empty = RawElement {
            raw: &[],
            base: self.base(),
            seps: self.seps,
            escaped: self.escaped,
        };
        let mut out = [empty; N];
        for (slot, raw) in out.iter_mut().zip(self.elements_split()) {
            slot.raw = raw;
        }
        out
    }
    /// Component `c` of element `e` (both 1-based), release characters removed; empty when absent.
    pub fn get(&self, e: usize, c: usize) -> Cow<'a, str> {
        self.element(e).component(c)
    }
    /// An error at this segment (code 12, invalid value, unless changed with [`EdifactError::with_code`]).
    pub fn error(
        &self,
        element: Option<usize>,
        component: Option<usize>,
        expected: &str,
        found: &str,
        message: impl Into<String>,
    ) -> EdifactError {
        EdifactError {
            segment_index: self.index,
            tag: self.tag().to_string(),
            element,
            component,
            expected: expected.into(),
            found: found.into(),
            message: message.into(),
            code: codes::INVALID_VALUE,
            position_in_message: None,
        }
    }
    /// The owned form (every component a `String`).
    pub fn to_segment(&self) -> Segment {
        Segment {
            index: self.index,
            tag: self.tag().to_string(),
            elements: self
                .elements()
                .map(|e| e.components().map(Cow::into_owned).collect())
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// 1-based position in the interchange (UNA not counted).
    pub index: usize,
    pub tag: String,
    /// Elements after the tag; each a list of components, release characters already removed.
    pub elements: Vec<Vec<String>>,
}

impl Segment {
    /// Component `c` of element `e` (both 1-based), empty when absent.
    pub fn get(&self, e: usize, c: usize) -> &str {
        self.elements
            .get(e.wrapping_sub(1))
            .and_then(|el| el.get(c.wrapping_sub(1)))
            .map(String::as_str)
            .unwrap_or("")
    }
    pub fn element(&self, e: usize) -> &[String] {
        self.elements
            .get(e.wrapping_sub(1))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub reference: String,
    /// e.g. ["PAXLST", "D", "05B", "UN", "IATA"].
    pub message_type: Vec<String>,
    /// UNH … UNT inclusive.
    pub segments: Vec<Segment>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Interchange {
    pub delimiters: Delimiters,
    pub syntax: String,
    pub sender: String,
    pub recipient: String,
    pub control_reference: String,
    pub prepared: String,
    pub messages: Vec<Message>,
    pub warnings: Vec<String>,
}

/// One message of a scanned interchange: where its segments are and its outcome.
#[derive(Debug, Clone)]
pub struct RawMessage {
    /// UNH … UNT inclusive (when the message is broken: as many as were read), as a range of
    /// [`RawInterchange::segments`].
    pub range: std::ops::Range<usize>,
    /// Index into [`RawInterchange::groups`] when the message is inside a UNG … UNE group.
    pub group: Option<usize>,
    pub warnings: Vec<String>,
    /// Set when the envelope of this message is broken (not closed by UNT, an unreadable segment, a wrong count
    /// in strict mode): the message must not be used, the others still can.
    pub error: Option<EdifactError>,
}

/// A message with its segments.
#[derive(Debug, Clone, Copy)]
pub struct MessageView<'s, 'a> {
    /// UNH … UNT inclusive (when the message is broken: as many as were read).
    pub segments: &'s [RawSegment<'a>],
    pub raw: &'s RawMessage,
}

impl<'s, 'a> MessageView<'s, 'a> {
    /// The UNH segment.
    pub fn header(&self) -> Option<&'s RawSegment<'a>> {
        self.segments.first()
    }
    /// UNH element 1, the message reference number.
    pub fn reference(&self) -> Cow<'a, str> {
        self.segments
            .first()
            .map(|s| s.get(1, 1))
            .unwrap_or(Cow::Borrowed(""))
    }
    /// UNH element 2 (e.g. PAXLST, D, 05B, UN, IATA).
    pub fn message_type(&self) -> Vec<Cow<'a, str>> {
        self.segments
            .first()
            .map(|s| s.element(2).components().collect())
            .unwrap_or_default()
    }
    /// The segments between UNH and UNT.
    pub fn body(&self) -> &'s [RawSegment<'a>] {
        let n = self.segments.len();
        let closed = n >= 2 && self.segments.last().map(|s| s.tag()) == Some("UNT");
        let end = if closed { n - 1 } else { n };
        self.segments.get(1.min(end)..end).unwrap_or(&[])
    }
    /// The error with the segment's position in this message (UNH = 1).
    pub fn locate(&self, e: EdifactError) -> EdifactError {
        locate(self.segments, e)
    }
}

fn locate(segments: &[RawSegment], mut e: EdifactError) -> EdifactError {
    if let Some(first) = segments.first() {
        if e.segment_index >= first.index {
            e.position_in_message = Some(e.segment_index - first.index + 1);
        }
    }
    e
}

/// A functional group (UNG … UNE).
#[derive(Debug, Clone)]
pub struct RawGroup<'a> {
    pub header: RawSegment<'a>,
    /// Number of messages read in the group.
    pub messages: usize,
}

impl<'a> RawGroup<'a> {
    /// UNG element 5, the group reference.
    pub fn reference(&self) -> Cow<'a, str> {
        self.header.get(5, 1)
    }
}

/// A scanned interchange: header, trailer, messages (each with its own outcome), groups.
#[derive(Debug, Clone)]
pub struct RawInterchange<'a> {
    pub delimiters: Delimiters,
    /// Every segment from UNB to UNZ.
    pub segments: Vec<RawSegment<'a>>,
    pub messages: Vec<RawMessage>,
    pub groups: Vec<RawGroup<'a>>,
    pub warnings: Vec<String>,
    /// Where the text after UNZ starts in the input (another interchange, or junk), when there is any.
    pub rest: Option<usize>,
}

impl<'a> RawInterchange<'a> {
    /// UNB (always present: `scan` fails without it).
    pub fn header(&self) -> Option<&RawSegment<'a>> {
        self.segments.first()
    }
    /// UNZ.
    pub fn trailer(&self) -> Option<&RawSegment<'a>> {
        self.segments.last()
    }
    fn unb(&self, e: usize, c: usize) -> Cow<'a, str> {
        self.segments
            .first()
            .map(|s| s.get(e, c))
            .unwrap_or(Cow::Borrowed(""))
    }
    /// The messages with their segments.
    pub fn messages(&self) -> impl Iterator<Item = MessageView<'_, 'a>> + '_ {
        self.messages.iter().map(|m| MessageView {
            segments: self.segments.get(m.range.clone()).unwrap_or(&[]),
            raw: m,
        })
    }
    /// UNB element 1 joined ("UNOA:4").
    pub fn syntax(&self) -> String {
        let e = self
            .segments
            .first()
            .map(|s| s.element(1).components().collect::<Vec<_>>())
            .unwrap_or_default();
        e.join(":")
    }
    /// The syntax identifier (UNOA, UNOC, …), upper case.
    pub fn syntax_level(&self) -> String {
        self.unb(1, 1).to_ascii_uppercase()
    }
    /// The syntax version number (UNB element 1 component 2), e.g. "4".
    pub fn syntax_version(&self) -> Cow<'a, str> {
        self.unb(1, 2)
    }
    pub fn sender(&self) -> Cow<'a, str> {
        self.unb(2, 1)
    }
    pub fn recipient(&self) -> Cow<'a, str> {
        self.unb(3, 1)
    }
    pub fn control_reference(&self) -> Cow<'a, str> {
        self.unb(5, 1)
    }
    /// UNB element 4 (date:time), joined with ':'.
    pub fn prepared(&self) -> String {
        let e = self
            .segments
            .first()
            .map(|s| s.element(4).components().collect::<Vec<_>>())
            .unwrap_or_default();
        e.join(":")
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0b' | b'\x0c')
}

/// Read the UNA service string advice (`rest` starts after "UNA").
fn read_una(rest: &[u8]) -> Result<(Delimiters, Seps), EdifactError> {
    let una_error = |expected: &str, found: &[u8], message: &str, code: u16| {
        bare_error(0, "UNA", expected, &to_text(found), message, code)
    };
    let Some(chars) = rest.get(..6) else {
        return Err(una_error(
            "6 service characters",
            rest,
            "the service string advice is cut short",
            codes::MISSING,
        ));
    };
    if !chars.is_ascii() {
        return Err(una_error(
            "ASCII service characters",
            chars,
            "a service character outside ASCII",
            codes::INVALID_SERVICE_CHARACTER,
        ));
    }
    let [component, element, decimal, release, repetition, segment] =
        [0, 1, 2, 3, 4, 5].map(|i| chars.get(i).copied().unwrap_or(b' '));
    let release = Some(release).filter(|c| *c != b' ');
    let mut used = vec![component, element, segment];
    used.extend(release);
    for (i, c) in used.iter().enumerate() {
        if used.iter().skip(i + 1).any(|o| o == c)
            || c.is_ascii_alphanumeric()
            || (*c == b' ' && i < 3)
        {
            return Err(una_error(
                "distinct non-alphanumeric component, element, release and segment characters",
                chars,
                "the service string advice is unusable",
                codes::INVALID_SERVICE_CHARACTER,
            ));
        }
    }
    let d = Delimiters {
        component: component as char,
        element: element as char,
        decimal: decimal as char,
        release: release.map(char::from),
        repetition: Some(repetition).filter(|c| *c != b' ').map(char::from),
        segment: segment as char,
    };
    let seps = Seps {
        component,
        element,
        segment,
        release,
    };
    Ok((d, seps))
}

/// Where the interchange starts: at "UNA" or "UNB" (text before them, such as a teletype or e-mail header, is
/// skipped with a warning).
fn find_start(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'U', b.get(i..)?) {
        let at = i + found;
        match b.get(at..at + 3) {
            Some(b"UNA") => {
                // UNA, six service characters, then (after white space) UNB.
                let rest = b.get(at + 9..).unwrap_or(&[]);
                let rest = rest.trim_ascii_start();
                if rest.starts_with(b"UNB") {
                    return Some(at);
                }
            }
            Some(b"UNB")
                if b.get(at + 3)
                    .is_some_and(|c| !c.is_ascii_alphanumeric() && !is_ws(*c)) =>
            {
                return Some(at);
            }
            _ => {}
        }
        i = at + 1;
    }
    None
}

/// Scan an interchange without copying it: UNA (if any), segments, envelopes, counts. Bytes that are not UTF-8
/// are read as ISO 8859-1 ([`to_text`]) with a warning. Envelope errors inside a message are kept with that
/// message ([`RawMessage::error`]); only errors that leave nothing readable (no UNB, an unusable UNA, no UNZ)
/// fail the whole interchange.
pub fn scan(input: &[u8], mode: Mode) -> Result<RawInterchange<'_>, EdifactError> {
    let (delimiters, seps, segments, warnings, rest) = segments_of(input)?;
    let mut ic = assemble(segments, delimiters, seps, mode, warnings)?;
    ic.rest = rest;
    Ok(ic)
}

/// The sender's identification from UNB, read even when the rest of the interchange is broken (for a CONTRL
/// answer to an interchange that could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterchangeHeader {
    /// e.g. "UNOA"; empty when there is no readable UNB.
    pub syntax_identifier: String,
    pub syntax_version: String,
    pub sender: String,
    pub sender_qualifier: String,
    pub recipient: String,
    pub recipient_qualifier: String,
    pub control_reference: String,
}

/// Read UNB alone (see [`InterchangeHeader`]); `None` when there is no readable UNB at the start.
pub fn interchange_header(input: &[u8]) -> Option<InterchangeHeader> {
    let (_, _, segments, _, _) = segments_of(input).ok()?;
    let unb = segments.first().filter(|s| s.tag() == "UNB")?;
    let [e1, e2, e3, _, e5] = unb.fields::<5>();
    let [sender, sender_qualifier] = e2.parts::<2>();
    let [recipient, recipient_qualifier] = e3.parts::<2>();
    let [syntax_identifier, syntax_version] = e1.parts::<2>();
    Some(InterchangeHeader {
        syntax_identifier: syntax_identifier.trim_ascii().to_ascii_uppercase(),
        syntax_version: syntax_version.trim_ascii().to_string(),
        sender: sender.trim_ascii().to_string(),
        sender_qualifier: sender_qualifier.trim_ascii().to_string(),
        recipient: recipient.trim_ascii().to_string(),
        recipient_qualifier: recipient_qualifier.trim_ascii().to_string(),
        control_reference: e5.component(1).trim_ascii().to_string(),
    })
}

type Segments<'a> = (
    Delimiters,
    Seps,
    Vec<RawSegment<'a>>,
    Vec<String>,
    Option<usize>,
);

fn segments_of(input: &[u8]) -> Result<Segments<'_>, EdifactError> {
    let mut warnings = Vec::new();
    let original_len = input.len();
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    // The UTF-8 runs of the input with their offsets: one run for UTF-8 input.
    let chunks: Vec<(usize, &str)> = match std::str::from_utf8(input) {
        Ok(s) => vec![(0, s)],
        Err(e) => {
            warnings.push(format!(
                "the interchange is not UTF-8 (from byte {}); such bytes are read as ISO 8859-1",
                e.valid_up_to()
            ));
            // Each run is validated once more to borrow it as text; the first run is known to be valid.
            let mut runs = Vec::new();
            let mut off = 0usize;
            let mut err = Some(e);
            while let Some(rest) = input.get(off..).filter(|r| !r.is_empty()) {
                let (valid, skip) = match err
                    .take()
                    .map_or_else(|| std::str::from_utf8(rest).err(), Some)
                {
                    None => (rest.len(), 0),
                    Some(e) => (
                        e.valid_up_to(),
                        e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
                    ),
                };
                if let Some(text) = rest.get(..valid).and_then(|v| std::str::from_utf8(v).ok()) {
                    runs.push((off, text));
                }
                off += valid + skip.max(1);
                if skip == 0 {
                    break;
                }
            }
            runs
        }
    };
    let trimmed = input.trim_ascii_start();
    let start =
        if trimmed.starts_with(b"UNA") || trimmed.starts_with(b"UNB") {
            0
        } else {
            match find_start(trimmed) {
                Some(at) => {
                    warnings.push(format!(
                        "{at} bytes before the interchange (UNA/UNB) ignored"
                    ));
                    at
                }
                None => return Err(bare_error(
                    0,
                    "",
                    "UNA or UNB",
                    &to_text(trimmed.get(..trimmed.len().min(20)).unwrap_or(&[])),
                    "no UN/EDIFACT interchange found (it starts with UNB, after an optional UNA)",
                    codes::MISSING,
                )),
            }
        };
    let trimmed = trimmed.get(start..).unwrap_or(&[]);
    let (mut delimiters, mut seps) = (
        Delimiters::default(),
        Seps {
            component: b':',
            element: b'+',
            segment: b'\'',
            release: Some(b'?'),
        },
    );
    let mut body = trimmed;
    if let Some(rest) = trimmed.strip_prefix(b"UNA") {
        (delimiters, seps) = read_una(rest)?;
        body = rest.get(6..).unwrap_or(&[]);
    } else if trimmed.get(3) == Some(&0x1d) {
        delimiters = Delimiters::level_b();
        seps = Seps {
            component: 0x1f,
            element: 0x1d,
            segment: 0x1c,
            release: None,
        };
    }
    if !trimmed.starts_with(b"UNA")
        && seps.segment == b'\''
        && memchr::memchr(b'\'', body).is_none()
        && memchr::memchr(b'\n', body).is_some()
    {
        // No terminator anywhere but one segment a line: line breaks stand for the terminator.
        warnings.push(
            "no segment terminator (') in the interchange; line breaks read as segment terminators"
                .into(),
        );
        seps.segment = b'\n';
        delimiters.segment = '\n';
    }
    let body_offset = input.len() - body.len();
    let (segments, rest) = tokenize(body, body_offset, &chunks, seps, &mut warnings);
    let rest = rest.map(|r| original_len - input.len() + body_offset + r);
    Ok((delimiters, seps, segments, warnings, rest))
}

/// Split the body into segments (white space between segments skipped).
fn tokenize<'a>(
    bytes: &'a [u8],
    body_offset: usize,
    chunks: &[(usize, &'a str)],
    seps: Seps,
    warnings: &mut Vec<String>,
) -> (Vec<RawSegment<'a>>, Option<usize>) {
    let mut chunk = 0usize;
    // The segment's text, when it lies inside one UTF-8 run of the input (segments come in order).
    let mut utf8_of = |start: usize, len: usize| -> Option<&'a str> {
        let a = body_offset + start;
        while chunks.get(chunk + 1).is_some_and(|(at, _)| *at <= a) {
            chunk += 1;
        }
        let (at, text) = chunks.get(chunk)?;
        text.get(a.checked_sub(*at)?..a - at + len)
    };
    let mut out: Vec<RawSegment<'a>> =
        Vec::with_capacity(memchr::memchr_iter(seps.segment, bytes).count() + 2);
    let mut pos = 0usize;
    let mut lower_warned = false;
    let mut unz_seen = false;
    let skippable =
        |b: u8| is_ws(b) && b != seps.segment && b != seps.element && b != seps.component;
    loop {
        // White space between segments (unless it is a separator itself).
        while bytes.get(pos).is_some_and(|&b| skippable(b)) {
            pos += 1;
        }
        let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) else {
            break;
        };
        let (len, escaped, terminated) = match seps.release {
            None => match memchr::memchr(seps.segment, rest) {
                Some(n) => (n, false, true),
                None => (rest.len(), false, false),
            },
            Some(rel) => {
                let mut i = 0usize;
                let mut escaped = false;
                let mut end = None;
                while let Some(r) = rest.get(i..) {
                    let Some(n) = memchr::memchr2(seps.segment, rel, r) else {
                        break;
                    };
                    let at = i + n;
                    if rest.get(at) == Some(&seps.segment) {
                        end = Some(at);
                        break;
                    }
                    escaped = true;
                    i = at + 2;
                }
                match end {
                    Some(n) => (n, escaped, true),
                    None => (rest.len(), escaped, false),
                }
            }
        };
        let index = out.len() + 1;
        if unz_seen {
            let ignored = bytes.len() - pos;
            warnings.push(format!(
                "ignored {ignored} bytes of text after UNZ (segment {index} onwards)"
            ));
            return (out, Some(pos));
        }
        let seg_start = pos;
        let mut seg = rest.get(..len).unwrap_or(rest);
        pos += len + 1;
        // A CR/LF before the terminator (or a CR before a line-feed terminator) is not data.
        while let [head @ .., b'\r' | b'\n'] = seg {
            seg = head;
        }
        if seg.is_empty() {
            continue;
        }
        if !terminated {
            if seg.trim_ascii().is_empty() {
                break;
            }
            warnings.push(format!("segment {index} has no segment terminator"));
        }
        // Fast path: three upper-case letters or digits, then the element separator (or the end).
        let (tag, tag_end) = match seg {
            [a, b, c, rest @ ..]
                if [a, b, c]
                    .iter()
                    .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
                    && rest.first().is_none_or(|&x| x == seps.element) =>
            {
                ([*a, *b, *c], 3)
            }
            _ => {
                let tag_end = seg
                    .iter()
                    .position(|&b| b == seps.element)
                    .unwrap_or(seg.len());
                let tag_field = seg.get(..tag_end).unwrap_or(&[]);
                // A composite tag (syntax 4 nesting "TAG:1") keeps its first component.
                let tag_main = tag_field
                    .split(|&b| b == seps.component)
                    .next()
                    .unwrap_or(&[]);
                let tag_trimmed = tag_main.trim_ascii();
                match tag_trimmed {
                    [a, b, c]
                        if tag_end <= 255
                            && [a, b, c].iter().all(|x| x.is_ascii_alphanumeric()) =>
                    {
                        if tag_trimmed.len() != tag_main.len() {
                            warnings.push(format!(
                                "segment {index} tag '{}' has surrounding spaces",
                                to_text(tag_main)
                            ));
                        }
                        let mut tag = [*a, *b, *c];
                        if tag.iter().any(u8::is_ascii_lowercase) {
                            if !lower_warned {
                                warnings.push(format!(
                                    "segment {index} onwards: lower-case segment tags read as upper case"
                                ));
                                lower_warned = true;
                            }
                            tag.make_ascii_uppercase();
                        }
                        (tag, tag_end)
                    }
                    _ => {
                        // Reported by `assemble` (inside a message it breaks that message only).
                        out.push(RawSegment {
                            index,
                            bytes: seg,
                            utf8: utf8_of(seg_start, seg.len()),
                            tag: *b"???",
                            data_start: 0,
                            escaped,
                            seps,
                        });
                        continue;
                    }
                }
            }
        };
        if &tag == b"UNZ" {
            unz_seen = true;
        }
        out.push(RawSegment {
            index,
            bytes: seg,
            utf8: utf8_of(seg_start, seg.len()),
            tag,
            data_start: u8::try_from(tag_end).unwrap_or(u8::MAX),
            escaped,
            seps,
        });
    }
    (out, None)
}

fn bad_tag_error(seg: &RawSegment, seps: Seps) -> EdifactError {
    let b = seg.bytes;
    let end = b.iter().position(|&c| c == seps.element).unwrap_or(b.len());
    let shown: String = to_text(b.get(..end).unwrap_or(&[]).trim_ascii())
        .chars()
        .take(12)
        .collect();
    let mut e = seg.error(
        None,
        None,
        "a 3-character segment tag",
        &shown,
        "not a segment (a missing terminator or separator before it?)",
    );
    e.tag = shown;
    e.with_code(codes::INVALID_SEGMENT_TAG)
}

fn assemble<'a>(
    segments: Vec<RawSegment<'a>>,
    delimiters: Delimiters,
    seps: Seps,
    mode: Mode,
    mut warnings: Vec<String>,
) -> Result<RawInterchange<'a>, EdifactError> {
    let first = segments
        .first()
        .ok_or_else(|| bare_error(0, "", "UNB", "", "empty interchange", codes::MISSING))?;
    if first.tag() != "UNB" {
        if first.is_bad() {
            return Err(bad_tag_error(first, seps));
        }
        return Err(first
            .error(
                None,
                None,
                "UNB",
                first.tag(),
                "an interchange starts with UNB (after an optional UNA)",
            )
            .with_code(codes::MISSING));
    }
    let header = *first;
    let Some(last) = segments.last().copied().filter(|s| s.tag() == "UNZ") else {
        let last = segments.last().copied().unwrap_or(header);
        return Err(last
            .error(
                None,
                None,
                "UNZ",
                last.tag(),
                "the interchange does not end with UNZ (truncated?)",
            )
            .with_code(codes::MISSING));
    };
    let n_all = segments.len();
    let mut messages: Vec<RawMessage> = Vec::new();
    let mut groups: Vec<RawGroup<'a>> = Vec::new();
    let mut open_group: Option<usize> = None;
    // Start (index into `segments`) of the open message, and a pending error for it.
    let mut open: Option<(usize, Option<EdifactError>)> = None;
    let close = |range: std::ops::Range<usize>,
                 error: Option<EdifactError>,
                 group: Option<usize>,
                 warnings: Vec<String>,
                 messages: &mut Vec<RawMessage>| {
        let error = error.map(|e| locate(segments.get(range.clone()).unwrap_or(&[]), e));
        messages.push(RawMessage {
            range,
            group,
            warnings,
            error,
        });
    };
    for i in 1..n_all.saturating_sub(1) {
        let Some(seg) = segments.get(i) else { break };
        let bad = seg.is_bad();
        match (seg.tag(), bad) {
            ("UNH", false) => {
                if let Some((start, err)) = open.take() {
                    let reference = segments
                        .get(start)
                        .map(|s| s.get(1, 1).into_owned())
                        .unwrap_or_default();
                    let err = err.unwrap_or_else(|| {
                        seg.error(
                            None,
                            None,
                            "UNT",
                            "UNH",
                            format!("message {reference} is not closed by UNT"),
                        )
                        .with_code(codes::MISSING)
                    });
                    close(start..i, Some(err), open_group, Vec::new(), &mut messages);
                }
                if let Some(g) = open_group.and_then(|g| groups.get_mut(g)) {
                    g.messages += 1;
                }
                open = Some((i, None));
            }
            ("UNT", false) => {
                let Some((start, err)) = open.take() else {
                    let e = seg
                        .error(None, None, "UNH before UNT", "UNT", "UNT without a message")
                        .with_code(codes::OUTSIDE_MESSAGE);
                    if mode == Mode::Strict {
                        return Err(e);
                    }
                    warnings.push(format!("{e}; ignored"));
                    continue;
                };
                let n = i + 1 - start;
                let reference = segments.get(start).map(|s| s.get(1, 1)).unwrap_or_default();
                let declared = seg.get(1, 1);
                let mut msg_warnings = Vec::new();
                let mut err = err;
                if declared.trim().parse::<usize>().ok() != Some(n) {
                    let text = format!("UNT says {declared} segments, the message has {n}");
                    if mode == Mode::Strict && err.is_none() {
                        err = Some(
                            seg.error(Some(1), Some(1), &n.to_string(), &declared, text)
                                .with_code(codes::CONTROL_COUNT),
                        );
                    } else {
                        msg_warnings.push(text);
                    }
                }
                let unt_ref = seg.get(2, 1);
                if unt_ref.trim() != reference.trim() {
                    let text = format!(
                        "UNT reference '{unt_ref}' differs from UNH reference '{reference}'"
                    );
                    if mode == Mode::Strict && err.is_none() {
                        err = Some(
                            seg.error(Some(2), Some(1), &reference, &unt_ref, text)
                                .with_code(codes::REFERENCES_DO_NOT_MATCH),
                        );
                    } else {
                        msg_warnings.push(text);
                    }
                }
                close(start..i + 1, err, open_group, msg_warnings, &mut messages);
            }
            ("UNG", false) => {
                groups.push(RawGroup {
                    header: *seg,
                    messages: 0,
                });
                open_group = Some(groups.len() - 1);
            }
            ("UNE", false) => {
                if let Some(g) = open_group.and_then(|g| groups.get(g)) {
                    let declared = seg.get(1, 1);
                    if declared.trim().parse::<usize>().ok() != Some(g.messages) {
                        let text =
                            format!("UNE says {declared} messages, the group has {}", g.messages);
                        if mode == Mode::Strict {
                            return Err(seg
                                .error(Some(1), Some(1), &g.messages.to_string(), &declared, text)
                                .with_code(codes::CONTROL_COUNT));
                        }
                        warnings.push(text);
                    }
                } else {
                    warnings.push(format!("segment {}: UNE without UNG ignored", seg.index));
                }
                open_group = None;
            }
            _ => match open.as_mut() {
                Some((_, err)) => {
                    if bad && err.is_none() {
                        *err = Some(bad_tag_error(seg, seps));
                    }
                }
                None => {
                    let e = if bad {
                        bad_tag_error(seg, seps)
                    } else {
                        seg.error(
                            None,
                            None,
                            "UNH",
                            seg.tag(),
                            "a segment outside any message",
                        )
                        .with_code(codes::OUTSIDE_MESSAGE)
                    };
                    if mode == Mode::Strict {
                        return Err(e);
                    }
                    warnings.push(format!("{e}; ignored"));
                }
            },
        }
    }
    if let Some((start, err)) = open.take() {
        let reference = segments
            .get(start)
            .map(|s| s.get(1, 1).into_owned())
            .unwrap_or_default();
        let err = err.unwrap_or_else(|| {
            last.error(
                None,
                None,
                "UNT",
                "UNZ",
                format!("message {reference} is not closed by UNT"),
            )
            .with_code(codes::MISSING)
        });
        close(
            start..n_all.saturating_sub(1),
            Some(err),
            open_group,
            Vec::new(),
            &mut messages,
        );
    }
    let declared = last.get(1, 1);
    let declared_n = declared.trim().parse::<usize>().ok();
    let expected = if groups.is_empty() {
        messages.len()
    } else {
        groups.len()
    };
    if declared_n != Some(expected) && declared_n != Some(messages.len()) {
        let text = format!("UNZ says {declared}, the interchange has {expected}");
        if mode == Mode::Strict {
            return Err(last
                .error(Some(1), Some(1), &expected.to_string(), &declared, text)
                .with_code(codes::CONTROL_COUNT));
        }
        warnings.push(text);
    }
    if last.get(2, 1).trim() != header.get(5, 1).trim() {
        warnings.push(format!(
            "UNZ control reference '{}' differs from UNB's '{}'",
            last.get(2, 1),
            header.get(5, 1)
        ));
    }
    Ok(RawInterchange {
        delimiters,
        segments,
        messages,
        groups,
        warnings,
        rest: None,
    })
}

/// Read an interchange: UNA (if any), segments, envelopes, counts. Messages are returned with their segments for
/// the message-level mapping (PAXLST, later PNRGOV). The first broken message fails the whole call; use [`scan`]
/// to keep the others.
pub fn parse_interchange(bytes: &[u8], mode: Mode) -> Result<Interchange, EdifactError> {
    let ic = scan(bytes, mode)?;
    let mut messages = Vec::with_capacity(ic.messages.len());
    for m in ic.messages() {
        if let Some(e) = &m.raw.error {
            return Err(e.clone());
        }
        messages.push(Message {
            reference: m.reference().into_owned(),
            message_type: m.message_type().into_iter().map(Cow::into_owned).collect(),
            segments: m.segments.iter().map(RawSegment::to_segment).collect(),
            warnings: m.raw.warnings.clone(),
        });
    }
    let warnings = ic.warnings.clone();
    Ok(Interchange {
        delimiters: ic.delimiters,
        syntax: ic.syntax(),
        sender: ic.sender().into_owned(),
        recipient: ic.recipient().into_owned(),
        control_reference: ic.control_reference().into_owned(),
        prepared: ic.prepared(),
        messages,
        warnings,
    })
}
