//! The CONTRL acknowledgement, read back with the crate's own syntax layer (strict mode: its counts must be
//! right).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use chrono::NaiveDate;
use limes_edifact::contrl::ContrlOptions;
use limes_edifact::paxlst;
use limes_edifact::syntax::{scan, Mode, RawInterchange};

fn options() -> ContrlOptions {
    ContrlOptions {
        control_reference: "ACK0001".into(),
        prepared: NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(12, 5, 0)
            .unwrap(),
        own_id: "LIMES".into(),
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A segment as (tag, elements of components).
type Seg = (String, Vec<Vec<String>>);

/// The CONTRL for `raw`, checked to be one well-formed CONTRL message, as (tag, elements) lines.
fn ack(raw: &[u8]) -> (String, Vec<Seg>) {
    let result = paxlst::parse(raw);
    let text = paxlst::acknowledgement(raw, &result, &options());
    let ic: RawInterchange =
        scan(text.as_bytes(), Mode::Strict).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(ic.messages.len(), 1, "{text}");
    let m = ic.messages().next().unwrap();
    assert!(m.raw.error.is_none(), "{text}");
    assert_eq!(m.message_type()[0], "CONTRL");
    let segs = m
        .segments
        .iter()
        .map(|s| {
            (
                s.tag().to_string(),
                s.elements()
                    .map(|e| e.components().map(|c| c.into_owned()).collect())
                    .collect(),
            )
        })
        .collect();
    (text, segs)
}

fn find<'a>(segs: &'a [Seg], tag: &str) -> Vec<&'a Vec<Vec<String>>> {
    segs.iter()
        .filter(|(t, _)| t == tag)
        .map(|(_, e)| e)
        .collect()
}

#[test]
fn an_accepted_interchange_gets_a_positive_acknowledgement() {
    let (text, segs) = ack(&fixture("gtas_apisMessage_D05B.txt"));
    assert!(
        text.starts_with("UNA:+.? 'UNB+UNOA:4+DHS+AIR1+260301:1205+ACK0001'"),
        "{text}"
    );
    let uci = find(&segs, "UCI");
    assert_eq!(uci.len(), 1);
    // The subject interchange: its reference, sender and recipient, action 7.
    assert_eq!(uci[0][0][0], "000006640");
    assert_eq!(uci[0][1][0], "AIR1");
    assert_eq!(uci[0][2][0], "DHS");
    assert_eq!(uci[0][3][0], "7");
    // The message sits in a UNG group: answered inside a UCF group.
    let ucf = find(&segs, "UCF");
    assert_eq!(ucf.len(), 1, "{text}");
    assert_eq!(ucf[0][3][0], "7");
    let ucm = find(&segs, "UCM");
    assert_eq!(ucm.len(), 1);
    assert_eq!(ucm[0][0][0], "PAX001");
    assert_eq!(ucm[0][1], vec!["PAXLST", "D", "05B", "UN"]);
    assert_eq!(ucm[0][2][0], "7");
    assert!(find(&segs, "UCS").is_empty());
}

#[test]
fn a_rejected_message_is_named_down_to_the_component_and_the_others_are_acknowledged() {
    // M2 (an unreadable birth date) and M4 (no surname) are problems of one traveller: accepted, with a
    // warning on that traveller. M3 (a legacy US segment) and M5 (not a UN/EDIFACT directory) are rejected.
    let raw = b"UNB+UNOA:4+AIR:ZZ+DHS:ZZ+260301:1200+REF1'\
        UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT1'LOC+125+UTO'DTM+189:2603011200:201'LOC+87+ATL'\
        DTM+232:2603011500:201'NAD+FL+++SMITH:ANNA'DTM+329:800101'UNT+10+M1'\
        UNH+M2+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT2'NAD+FL+++JONES'DTM+329:99999'UNT+6+M2'\
        UNH+M3+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT3'UNS+D'NAD+FL+++BROWN'UNT+6+M3'\
        UNH+M4+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT4'NAD+FL+++:PETER'UNT+5+M4'\
        UNH+M5+PAXLST:X:05B:UN:IATA'BGM+745'TDT+20+UT5'NAD+FL+++GREEN'UNT+5+M5'UNZ+5+REF1'";
    let parsed = paxlst::parse(raw).unwrap();
    let jones = &parsed.messages[1].as_ref().unwrap().persons[0];
    assert_eq!(jones.warnings.len(), 1, "{:?}", jones.warnings);
    assert!(
        jones.warnings[0].starts_with("segment 16 (DTM), element 1, component 2"),
        "{:?}",
        jones.warnings
    );
    let (text, segs) = ack(raw);
    let ucm = find(&segs, "UCM");
    assert_eq!(ucm.len(), 5, "{text}");
    let status: Vec<(&str, &str)> = ucm
        .iter()
        .map(|u| (u[0][0].as_str(), u[2][0].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("M1", "7"),
            ("M2", "7"),
            ("M3", "4"),
            ("M4", "7"),
            ("M5", "4")
        ]
    );
    let ucs = find(&segs, "UCS");
    // M3: the UNS is the 4th segment of the message (UNH = 1), not supported in this position (15).
    assert_eq!(ucs.len(), 1, "{text}");
    assert_eq!(ucs[0][0][0], "4", "{text}");
    assert_eq!(ucs[0][1][0], "15", "{text}");
    // M5: value not supported (14) in UNH element 2 (position 3 with the tag counted), component 2.
    assert_eq!(ucm[4][3][0], "14", "{text}");
    assert_eq!(ucm[4][4][0], "UNH");
    assert_eq!(ucm[4][5], vec!["3", "2"]);
    // Senders' identifications keep their qualifiers, and are swapped in the CONTRL's own UNB.
    assert!(text.contains("UNB+UNOA:4+DHS:ZZ+AIR:ZZ+"), "{text}");
    assert!(text.contains("UCI+REF1+AIR:ZZ+DHS:ZZ+7'"), "{text}");
}

#[test]
fn an_unreadable_interchange_is_rejected_as_a_whole() {
    let raw = b"UNB+UNOA:4+AIR+DHS+260301:1200+REF9'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'";
    let (text, segs) = ack(raw);
    let uci = find(&segs, "UCI");
    assert_eq!(uci[0][0][0], "REF9");
    assert_eq!(uci[0][3][0], "4", "{text}");
    assert_eq!(uci[0][4][0], "13", "missing: {text}");
    assert!(find(&segs, "UCM").is_empty());
}

#[test]
fn the_legacy_us_format_is_rejected_at_the_message_header() {
    let bytes = fixture("gtas_US_legacy_PAXLST_001_000_NOT_UN.txt");
    let (text, segs) = ack(&bytes);
    let ucm = find(&segs, "UCM");
    assert_eq!(ucm.len(), 1, "{text}");
    // Rejected (4), value not supported (14) in UNH element 2 (position 3), component 2.
    assert_eq!(ucm[0][2][0], "4");
    assert_eq!(ucm[0][3][0], "14");
    assert_eq!(ucm[0][4][0], "UNH");
    assert_eq!(ucm[0][5], vec!["3", "2"]);
}

#[test]
fn values_with_service_characters_are_released() {
    let raw =
        b"UNB+UNOA:4+AIR?+X+DHS+260301:1200+R?'1'UNH+M?:1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT1'\
        NAD+FL+++O?'BRIEN'UNT+5+M?:1'UNZ+1+R?'1'";
    let (text, segs) = ack(raw);
    let uci = find(&segs, "UCI");
    assert_eq!(uci[0][0][0], "R'1", "{text}");
    assert_eq!(uci[0][1][0], "AIR+X");
    let ucm = find(&segs, "UCM");
    assert_eq!(ucm[0][0][0], "M:1");
    assert_eq!(ucm[0][2][0], "7");
}
