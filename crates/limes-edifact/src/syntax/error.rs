//! Where and what is wrong in an interchange, named for the sender, with the ISO 9735 error code a CONTRL
//! message reports.

use super::Segment;
use serde::Serialize;

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

pub(super) fn bare_error(
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
