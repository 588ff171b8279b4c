//! A segment or data element past its bound is refused with the segment (and element) named, and an interchange
//! within the bounds reads as before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_edifact::paxlst;
use limes_edifact::syntax::{scan, Mode, MAX_ELEMENT_BYTES, MAX_SEGMENT_BYTES};

fn interchange(nad: &str) -> Vec<u8> {
    format!(
        "UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'{nad}'UNT+5+1'UNZ+1+R1'"
    )
    .into_bytes()
}

#[test]
fn an_overlong_data_element_is_refused_naming_segment_and_element() {
    let surname = "NOVAK".repeat(MAX_ELEMENT_BYTES / 5 + 1);
    let raw = interchange(&format!("NAD+FL+++{surname}:JOHN"));
    let e = paxlst::parse(&raw).unwrap_err();
    assert_eq!(
        (e.segment_index, e.tag.as_str(), e.element),
        (5, "NAD", Some(4)),
        "{e}"
    );
    assert_eq!(e.code, 39, "ISO 9735: data element too long");
    let shown = e.to_string();
    assert!(
        shown.contains("segment 5 (NAD), element 4") && shown.contains("too long"),
        "{shown}"
    );
    // The error names the length, not the value.
    assert!(shown.len() < 300, "{shown}");
}

#[test]
fn an_overlong_segment_is_refused_naming_it() {
    // Many elements, each short: the segment, not one element, is past its bound.
    let elements = "+ABC".repeat(MAX_SEGMENT_BYTES / 4 + 1);
    let raw = interchange(&format!("FTX{elements}"));
    let e = scan(&raw, Mode::Lenient).map(|_| ()).unwrap_err();
    assert_eq!(
        (e.segment_index, e.tag.as_str(), e.element),
        (5, "FTX", None),
        "{e}"
    );
    assert!(e.to_string().contains("segment too long"), "{e}");
}

#[test]
fn elements_and_segments_at_their_bounds_are_read() {
    let surname = "N".repeat(MAX_ELEMENT_BYTES);
    let raw = interchange(&format!("NAD+FL+++{surname}:JOHN"));
    // The element is surname and given name: at the bound with the separator and JOHN it is over; cut it.
    let at_bound = "N".repeat(MAX_ELEMENT_BYTES - ":JOHN".len());
    let raw_ok = interchange(&format!("NAD+FL+++{at_bound}:JOHN"));
    assert!(paxlst::parse(&raw).is_err());
    let ic = paxlst::parse(&raw_ok).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.persons[0].surname.len(), at_bound.len());
}
