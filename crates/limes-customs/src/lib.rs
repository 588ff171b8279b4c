//! Goods declarations and cargo reports in the formats customs really uses, read into the one
//! [`limes_domain::goods::Declaration`] every other part of Limes works on. Pure: bytes in, declarations, problems
//! or named errors out; no I/O, never a panic (fuzzed: `crates/limes-edifact/fuzz`).
//!
//! - [`wco::parse`]: WCO Data Model DEC-DMS declarations as UK CDS publishes them (both envelopes, amendments,
//!   invalidation requests); [`wco::parse_notifications`]: the DMS notifications (RES) into [`wco::Notification`].
//! - [`edifact::parse_cusdec`] / [`edifact::parse_cuscar`]: UN/EDIFACT CUSDEC and CUSCAR on the syntax layer of
//!   `limes-edifact` (one declaration per CUSCAR consignment).
//! - [`read`]: any of these, or the JSON Limes prints ([`read_json`]), the format told by the bytes (what
//!   `limes declaration FILE` prints).
//! - [`hs::Nomenclature`]: the Harmonized System; [`codes`]: package types (UN/ECE Rec 21) and countries.
//! - [`validate::validate`]: unknown codes as errors naming the item, totals as warnings.
//! - [`amend::apply_amendment`]: an amendment applied to the declaration it amends.
//! - [`response`]: what the single window answers the trader: CUSRES and the WCO DMS notification.

pub mod amend;
pub mod codes;
pub mod edifact;
pub mod hs;
mod numbers;
pub mod response;
pub mod validate;
pub mod wco;

use limes_domain::goods::Declaration;
use serde::Serialize;

pub use amend::{apply_amendment, AmendError};
pub use hs::{check_commodity_code, CodeError, HsEntry, Nomenclature};
pub use validate::{validate, Problem, Severity};

/// Why a file could not be read, with the place: line and column for XML, segment for EDIFACT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ParseError {
    /// 1-based line of the XML text (or of the EDIFACT file, where known).
    pub line: Option<u32>,
    /// 1-based column (in characters) of the XML text.
    pub column: Option<u32>,
    /// 1-based segment number in the EDIFACT interchange, with its tag.
    pub segment: Option<usize>,
    pub tag: Option<String>,
    pub message: String,
}

impl ParseError {
    /// An error with no place (the file as a whole).
    pub fn whole(message: impl Into<String>) -> Self {
        ParseError {
            line: None,
            column: None,
            segment: None,
            tag: None,
            message: message.into(),
        }
    }
    /// An error at a line and column of an XML text.
    pub fn at(line: u32, column: u32, message: impl Into<String>) -> Self {
        ParseError {
            line: Some(line),
            column: Some(column),
            ..ParseError::whole(message)
        }
    }
    /// An error at an EDIFACT segment.
    pub fn at_segment(segment: usize, tag: &str, message: impl Into<String>) -> Self {
        ParseError {
            segment: Some(segment),
            tag: Some(tag.to_string()),
            ..ParseError::whole(message)
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column, self.segment) {
            (Some(line), Some(column), _) => write!(f, "line {line}, column {column}: ")?,
            (line, None, Some(segment)) => {
                if let Some(line) = line {
                    write!(f, "line {line}, ")?;
                }
                write!(f, "segment {segment}")?;
                if let Some(tag) = &self.tag {
                    write!(f, " ({tag})")?;
                }
                write!(f, ": ")?;
            }
            (Some(line), None, None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        f.write_str(&self.message)
    }
}

/// The message a file holds, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DetectedFormat {
    /// XML: a WCO Data Model declaration or notification.
    WcoXml,
    Cusdec,
    Cuscar,
    /// EDIFACT of another message type (named).
    OtherEdifact,
    /// JSON in the shape Limes prints: `{"declarations":[…]}`, one declaration, or a list of them.
    Json,
    Unknown,
}

/// What a file held: declarations (from any format) or DMS notifications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Document {
    Declarations {
        declarations: Vec<Declaration>,
    },
    Notifications {
        notifications: Vec<wco::Notification>,
    },
}

/// Declarations in the JSON shape Limes prints (`{"declarations":[…]}`, one declaration, or a list), each marked
/// as lodged in JSON; an error names the line and column and the field.
pub fn read_json(bytes: &[u8]) -> Result<Vec<Declaration>, ParseError> {
    enum Shape {
        Wrapped { declarations: Vec<Declaration> },
        Many(Vec<Declaration>),
        One(Box<Declaration>),
    }
    let text = trim_start(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    // Untagged shapes hide the field at fault: try the wrapped shape first for a precise message.
    let shape = match text.first() {
        Some(b'[') => serde_path_to_error::deserialize(&mut deserializer).map(Shape::Many),
        _ => {
            let value: serde_json::Value = serde_json::from_slice(text).map_err(json_error)?;
            if value.get("declarations").is_some() {
                #[derive(serde::Deserialize)]
                struct Wrapped {
                    declarations: Vec<Declaration>,
                }
                serde_path_to_error::deserialize::<_, Wrapped>(&mut deserializer).map(|w| {
                    Shape::Wrapped {
                        declarations: w.declarations,
                    }
                })
            } else {
                serde_path_to_error::deserialize(&mut deserializer).map(|d| Shape::One(Box::new(d)))
            }
        }
    }
    .map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut error = json_error(inner);
        error.message = format!("{path}: {}", error.message);
        error
    })?;
    let mut declarations = match shape {
        Shape::Wrapped { declarations } | Shape::Many(declarations) => declarations,
        Shape::One(d) => vec![*d],
    };
    for d in &mut declarations {
        d.format = limes_domain::goods::DeclarationFormat::Json;
    }
    Ok(declarations)
}

fn json_error(e: serde_json::Error) -> ParseError {
    ParseError {
        line: u32::try_from(e.line()).ok().filter(|l| *l > 0),
        column: u32::try_from(e.column()).ok().filter(|c| *c > 0),
        ..ParseError::whole(format!("not a declaration in the Limes JSON shape: {e}"))
    }
}

/// The bytes without a UTF-8 byte order mark and leading white space.
pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// The format of a file: XML starts with `<`; EDIFACT with UNA or UNB, and the message type is in the first UNH.
pub fn detect(bytes: &[u8]) -> DetectedFormat {
    let head = trim_start(bytes);
    if head.starts_with(b"<") {
        return DetectedFormat::WcoXml;
    }
    if head.starts_with(b"{") || head.starts_with(b"[") {
        return DetectedFormat::Json;
    }
    if !(head.starts_with(b"UNA") || head.starts_with(b"UNB") || head.starts_with(b"UNH")) {
        return DetectedFormat::Unknown;
    }
    match edifact::message_type(bytes).as_deref() {
        Some("CUSDEC") => DetectedFormat::Cusdec,
        Some("CUSCAR") => DetectedFormat::Cuscar,
        _ => DetectedFormat::OtherEdifact,
    }
}

/// Any supported file: WCO declarations or notifications, CUSDEC, CUSCAR (a CUSCAR whose message type is left
/// empty is read as a CUSCAR when its segments are a cargo report's: CNI).
pub fn read(bytes: &[u8]) -> Result<Document, ParseError> {
    match detect(bytes) {
        DetectedFormat::WcoXml => wco::read(bytes),
        DetectedFormat::Json => read_json(bytes).map(|declarations| Document::Declarations { declarations }),
        DetectedFormat::Cusdec => Ok(Document::Declarations {
            declarations: edifact::parse_cusdec(bytes)?,
        }),
        DetectedFormat::Cuscar => Ok(Document::Declarations {
            declarations: edifact::parse_cuscar(bytes)?,
        }),
        DetectedFormat::OtherEdifact => match edifact::readable(bytes).and(Ok(edifact::guess_untyped(bytes)))? {
            Some(DetectedFormat::Cuscar) => Ok(Document::Declarations {
                declarations: edifact::parse_cuscar(bytes)?,
            }),
            Some(DetectedFormat::Cusdec) => Ok(Document::Declarations {
                declarations: edifact::parse_cusdec(bytes)?,
            }),
            _ => Err(ParseError::whole(format!(
                "an EDIFACT {} message is not a declaration or cargo report (CUSDEC or CUSCAR expected)",
                edifact::message_type(bytes).unwrap_or_else(|| "unreadable".into())
            ))),
        },
        DetectedFormat::Unknown => Err(ParseError::at(
            1,
            1,
            "neither XML (a WCO Data Model declaration) nor UN/EDIFACT (UNA or UNB expected at the start)",
        )),
    }
}
