//! UN/EDIFACT for Limes: the syntax layer (reusable for PNRGOV) and the PAXLST advance passenger message.
//! Pure parsers: bytes in, structures or named errors out, never a panic.

// Errors are rare and carry the whole diagnosis (segment, tag, element, component, expected, found, message);
// their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod contrl;
pub mod paxlst;
pub mod syntax;
pub mod write;

pub use syntax::{
    parse_interchange, Delimiters, EdifactError, Interchange, Message, Mode, Segment,
};
