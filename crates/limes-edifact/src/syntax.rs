//! UN/EDIFACT syntax: service string advice (UNA), release character, segments, and the UNB/UNG/UNH … UNT/UNE/UNZ
//! envelopes. Airlines' real traffic often carries wrong UNT/UNZ counts: lenient mode (the default for intake)
//! accepts them with a warning, strict mode rejects them.
//!
//! Two layers:
//! - [`scan`] is the zero-copy reader: segments are slices of the input, elements and components are found on
//!   demand ([`RawSegment::get`]) and release characters are only removed (a `Cow::Owned`) where one is present.
//!   Each message carries its own outcome, so one broken message does not stop the others.
//! - [`parse_interchange`] builds the owned [`Interchange`] on top of it (every component a `String`).
//!
//! Here the segments, messages and interchanges of both layers; the reading itself in `scan`, the service
//! characters and escaping in `delimiters`, errors and their ISO 9735 codes in `error`.

mod bounds;
mod delimiters;
mod error;
mod scan;

pub use bounds::{MAX_ELEMENT_BYTES, MAX_SEGMENT_BYTES};
pub use delimiters::{to_text, unescape, Delimiters, Mode};
use delimiters::{Seps, Split};
pub use error::{codes, error, EdifactError};
pub use scan::{interchange_header, parse_interchange, scan, InterchangeHeader};

use serde::Serialize;
use std::borrow::Cow;

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
