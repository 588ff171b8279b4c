//! UN/EDIFACT for Limes: the syntax layer (reusable for PNRGOV) and the PAXLST advance passenger message.
//! Pure parsers: bytes in, structures or named errors out, never a panic (fuzzed: see `fuzz/README.md`).
//!
//! - [`syntax::scan`]: the zero-copy reader (UNA, release character, UNB/UNG/UNH … UNT/UNE/UNZ, counts), each
//!   message with its own outcome; [`syntax::parse_interchange`]: the owned form.
//! - [`paxlst::parse`] / [`paxlst::parse_all`]: PAXLST D02B/D03B/D05B into [`paxlst::PaxlstInterchange`];
//!   [`paxlst::run_cli`] is `limes paxlst FILE`.
//! - [`contrl::contrl`] / [`paxlst::acknowledgement`]: the CONTRL acknowledgement for the carrier.
//! - Every [`EdifactError`] names the segment (number in the interchange and in its message), tag, element,
//!   component, what was expected and found, and its ISO 9735 syntax error code.

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
