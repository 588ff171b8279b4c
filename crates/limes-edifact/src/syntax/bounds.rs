//! Bounds on one segment and one data element: a segment or element past them is refused, naming it, before
//! anything is copied out of it (the scanner only slices the input, so nothing proportional to it was allocated).
//! A passenger's name of a million characters is an attack on what reads it, not a passenger.

use super::{EdifactError, RawSegment};

/// Bytes of one data element at most: the largest in the PAXLST and CUSCAR directories is free text, five
/// components of 512 characters (FTX C108), and release characters may add to it.
pub const MAX_ELEMENT_BYTES: usize = 4096;
/// Bytes of one segment at most (tag, separators and elements).
pub const MAX_SEGMENT_BYTES: usize = 16 * 1024;
/// ISO 9735 syntax error code (data element 0085) 39: data element too long.
pub const DATA_ELEMENT_TOO_LONG: u16 = 39;

/// The first segment or data element longer than its bound, as an error naming the segment (and the element).
pub(super) fn check(segments: &[RawSegment]) -> Result<(), EdifactError> {
    for seg in segments {
        let len = seg.bytes.len();
        if len > MAX_SEGMENT_BYTES {
            return Err(seg
                .error(
                    None,
                    None,
                    &format!("at most {MAX_SEGMENT_BYTES} bytes"),
                    &format!("{len} bytes"),
                    "segment too long",
                )
                .with_code(DATA_ELEMENT_TOO_LONG));
        }
        if len <= MAX_ELEMENT_BYTES {
            continue;
        }
        for (i, element) in seg.elements().enumerate() {
            let element_len = element.raw.len();
            if element_len > MAX_ELEMENT_BYTES {
                return Err(seg
                    .error(
                        Some(i + 1),
                        None,
                        &format!("at most {MAX_ELEMENT_BYTES} bytes"),
                        &format!("{element_len} bytes"),
                        "data element too long",
                    )
                    .with_code(DATA_ELEMENT_TOO_LONG));
            }
        }
    }
    Ok(())
}
