//! The syntax layer on small hand-written interchanges: service characters, release characters, layout,
//! envelopes and counts, and that every error names where it is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_edifact::syntax::{codes, scan, Mode};
use limes_edifact::{parse_interchange, paxlst};

const BODY: &str = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'UNT+4+1'";

#[test]
fn empty_trailing_elements_and_components_are_tolerated() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1+++'UNH+1+PAXLST:D:05B:UN:IATA++'BGM+745++'TDT+20+XX1+++XX:::'\
        NAD+FL+++SMITH:JOHN:::++++'ATT+2++M++'DOC+P:110:111+123456789++'UNT+8+1'UNZ+1+R1++'";
    let ic = paxlst::parse(raw).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.legs[0].carrier, "XX");
    let p = &m.persons[0];
    assert_eq!(
        (p.surname.as_str(), p.given_names.as_str()),
        ("SMITH", "JOHN")
    );
    assert_eq!(p.gender.as_deref(), Some("M"));
    assert_eq!(p.documents[0].number, "123456789");
    assert!(
        !p.notes.iter().any(|n| n.starts_with("address")),
        "{:?}",
        p.notes
    );
}

#[test]
fn release_characters_escape_every_service_character_and_the_terminator() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'\
        NAD+FL+++O?'NEIL?:?+??:ANN'UNT+5+1'UNZ+1+R1'";
    let ic = scan(raw, Mode::Strict).unwrap();
    let m = ic.messages().next().unwrap();
    let nad = m.segments.iter().find(|s| s.tag() == "NAD").unwrap();
    assert_eq!(nad.get(4, 1), "O'NEIL:+?");
    assert_eq!(nad.get(4, 2), "ANN");
    assert_eq!(nad.element(4).component_count(), 2);
}

#[test]
fn a_release_character_at_the_very_end_is_data() {
    // The last terminator is missing and the input ends on a release character: read, with warnings.
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'UNT+4+1'UNZ+1+R1?";
    let ic = scan(raw, Mode::Lenient).unwrap();
    assert_eq!(ic.trailer().unwrap().get(2, 1), "R1?");
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("segment 6 has no segment terminator")),
        "{:?}",
        ic.warnings
    );
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("UNZ control reference")),
        "{:?}",
        ic.warnings
    );
}

#[test]
fn level_b_separators_without_una() {
    let raw = "UNB\u{1d}UNOB\u{1f}4\u{1d}A\u{1d}B\u{1d}260101\u{1f}0000\u{1d}R1\u{1c}\
        UNH\u{1d}1\u{1d}PAXLST\u{1f}D\u{1f}05B\u{1f}UN\u{1f}IATA\u{1c}BGM\u{1d}745\u{1c}TDT\u{1d}20\u{1d}XX1\u{1c}\
        NAD\u{1d}FL\u{1d}\u{1d}\u{1d}Doe\u{1f}Jane\u{1c}UNT\u{1d}5\u{1d}1\u{1c}UNZ\u{1d}1\u{1d}R1\u{1c}";
    let ic = paxlst::parse(raw.as_bytes()).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.persons[0].surname, "Doe");
    assert!(
        m.warnings.is_empty(),
        "lower case is in level B: {:?}",
        m.warnings
    );
}

#[test]
fn characters_outside_level_a_are_accepted_with_a_warning() {
    let raw = "UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'NAD+FL+++Doe'UNT+5+1'UNZ+1+R1'";
    let ic = paxlst::parse(raw.as_bytes()).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.persons[0].surname, "Doe");
    assert!(
        m.warnings
            .iter()
            .any(|w| w.contains("outside the declared syntax level UNOA")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn white_space_line_breaks_and_a_bom_between_segments() {
    let raw = format!(
        "\u{feff}  \r\n UNB+UNOA:4+A+B+260101:0000+R1'\r\n\t{}\n\n UNZ+1+R1'\r\n",
        BODY.replace('\'', "'\r\n   ")
    );
    let ic = parse_interchange(raw.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(ic.messages[0].segments.len(), 4);
    assert_eq!(ic.messages[0].segments[2].get(2, 1), "XX1");
}

#[test]
fn strict_mode_rejects_wrong_counts_lenient_mode_warns() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNG+PAXLST+A+B+260101:0000+G1+UN+D:05B'\
        UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'UNT+9+1'UNE+3+G1'UNZ+1+R1'";
    let lenient = scan(raw, Mode::Lenient).unwrap();
    assert!(
        lenient.warnings.iter().any(|w| w.contains("UNE says 3")),
        "{:?}",
        lenient.warnings
    );
    let m = lenient.messages().next().unwrap();
    assert!(m.raw.warnings.iter().any(|w| w.contains("UNT says 9")));
    assert!(m.raw.error.is_none());
    // Strict: the group count fails the interchange; with it right, the UNT count fails the message.
    let e = scan(raw, Mode::Strict).unwrap_err();
    assert_eq!((e.tag.as_str(), e.code), ("UNE", codes::CONTROL_COUNT));
    let raw = String::from_utf8_lossy(raw).replace("UNE+3", "UNE+1");
    let strict = scan(raw.as_bytes(), Mode::Strict).unwrap();
    let e = strict.messages[0].error.as_ref().unwrap();
    assert_eq!(
        (e.tag.as_str(), e.element, e.component, e.code),
        ("UNT", Some(1), Some(1), codes::CONTROL_COUNT)
    );
    assert_eq!(e.position_in_message, Some(4));
    assert_eq!((e.expected.as_str(), e.found.as_str()), ("4", "9"));
}

#[test]
fn an_unclosed_message_is_rejected_and_the_next_one_read() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'\
        UNH+2+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX2'UNT+4+2'UNZ+2+R1'";
    let ic = paxlst::parse(raw).unwrap();
    let e = ic.messages[0].as_ref().unwrap_err();
    assert_eq!((e.tag.as_str(), e.code), ("UNH", codes::MISSING));
    assert!(e.message.contains("message 1 is not closed by UNT"), "{e}");
    assert_eq!(
        ic.messages[1].as_ref().unwrap().legs[0].flight_number,
        "XX2"
    );
}

#[test]
fn a_segment_outside_any_message_is_a_warning_when_lenient_and_an_error_when_strict() {
    let raw = format!("UNB+UNOA:4+A+B+260101:0000+R1'BGM+745'{BODY}UNZ+1+R1'");
    let ic = scan(raw.as_bytes(), Mode::Lenient).unwrap();
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("segment 2 (BGM)") && w.contains("outside any message")),
        "{:?}",
        ic.warnings
    );
    let e = scan(raw.as_bytes(), Mode::Strict).unwrap_err();
    assert_eq!(
        (e.segment_index, e.tag.as_str(), e.code),
        (2, "BGM", codes::OUTSIDE_MESSAGE)
    );
}

#[test]
fn unusable_service_string_advice_is_named() {
    for (raw, what) in [
        (&b"UNA::.? 'UNB+UNOA:4+A+B+1+R'"[..], "same character twice"),
        (&b"UNA:+"[..], "cut short"),
        ("UNA:+.?\u{e9}'UNB+UNOA:4+A+B+1+R'".as_bytes(), "non-ASCII"),
    ] {
        let e = scan(raw, Mode::Lenient).unwrap_err();
        assert_eq!(e.tag, "UNA", "{what}: {e}");
        assert!(
            matches!(e.code, codes::INVALID_SERVICE_CHARACTER | codes::MISSING),
            "{what}: {e}"
        );
    }
}

#[test]
fn no_interchange_at_all() {
    let e = scan(b"hello world", Mode::Lenient).unwrap_err();
    assert!(e.to_string().contains("no UN/EDIFACT interchange"), "{e}");
    let e = scan(b"", Mode::Lenient).unwrap_err();
    assert!(e.message.contains("no UN/EDIFACT interchange"), "{e}");
}

#[test]
fn every_traveller_problem_is_a_warning_naming_segment_tag_element_component_and_what_was_expected()
{
    // (segments after the TDT, tag, element, component, the warning is on the person)
    type Case<'a> = (&'a str, &'a str, Option<usize>, Option<usize>, bool);
    let cases: [Case; 7] = [
        ("NAD+FL+++:ANNA", "NAD", Some(4), Some(1), true),
        ("NAD+FL+++X'DTM+329:19991399", "DTM", Some(1), Some(2), true),
        ("NAD+FL+++X'DOC+P", "DOC", Some(2), Some(1), true),
        ("NAD+FL+++X'DOC++", "DOC", Some(1), Some(1), true),
        ("NAD+FL+++X'DOC+PASSPORT+123", "DOC", Some(1), Some(1), true),
        ("NAD+FL+++X'ATT+2++Q", "ATT", Some(3), Some(1), true),
        ("DOC+P+1", "DOC", None, None, false),
    ];
    for (segs, tag, element, component, on_person) in cases {
        let n = 4 + segs.matches('\'').count() + 1;
        let raw = format!("UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'{segs}'UNT+{n}+1'UNZ+1+R1'");
        let ic = paxlst::parse(raw.as_bytes()).unwrap();
        let m = ic.messages[0]
            .as_ref()
            .unwrap_or_else(|e| panic!("{segs}: rejected: {e}"));
        let warnings = match m.persons.first() {
            Some(p) if on_person => &p.warnings,
            _ => &m.warnings,
        };
        let index = 4 + segs.matches('\'').count() + 1;
        let mut place = format!("segment {index} ({tag})");
        if let Some(e) = element {
            place.push_str(&format!(", element {e}"));
        }
        if let Some(c) = component {
            place.push_str(&format!(", component {c}"));
        }
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&place) && w.contains("(expected ")),
            "{segs}: {place} in {warnings:?}"
        );
        if on_person {
            assert_eq!(m.persons.len(), 1, "{segs}: the traveller is kept");
        }
    }
    // A segment of the legacy US format still rejects its message, named the same way.
    let raw = "UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'UNS+D'UNT+5+1'UNZ+1+R1'";
    let ic = paxlst::parse(raw.as_bytes()).unwrap();
    let e = ic.messages[0].as_ref().unwrap_err();
    assert_eq!(
        (e.tag.as_str(), e.segment_index, e.code),
        ("UNS", 5, codes::NOT_SUPPORTED_IN_POSITION)
    );
    assert!(e.to_string().starts_with("segment 5 (UNS)"), "{e}");
}

#[test]
fn a_flight_after_the_persons_and_a_reporting_party_after_the_flight() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'LOC+125+AAA'\
        NAD+MS+++OPS DESK'NAD+FL+++ONE'TDT+20+XX2'LOC+125+BBB'LOC+87+CCC'NAD+FL+++TWO'UNT+12+1'UNZ+1+R1'";
    let ic = paxlst::parse(raw).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.reporting_party, "OPS DESK", "NAD+MS is never a traveller");
    assert_eq!(m.persons.len(), 2);
    assert_eq!(m.legs.len(), 2);
    // The LOCs after the second TDT belong to that leg, not to the person before it.
    assert_eq!(
        (
            m.legs[1].departure_airport.as_str(),
            m.legs[1].arrival_airport.as_str()
        ),
        ("BBB", "CCC")
    );
    assert_eq!(m.persons[0].departure_port, "");
    assert!(
        m.warnings
            .iter()
            .any(|w| w.contains("TDT after the persons")),
        "{:?}",
        m.warnings
    );
    assert!(
        m.warnings.iter().any(|w| w.contains("NAD+MS")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn several_interchanges_in_one_file() {
    let one = "UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'NAD+FL+++ONE'UNT+5+1'UNZ+1+R1'";
    let two = one.replace("R1", "R2").replace("ONE", "TWO");
    let text = format!("{one}\r\n\r\n{two}\r\nEND OF FILE\r\n");
    // `parse` reads the first and says the rest was ignored; `parse_all` reads both.
    let first = paxlst::parse(text.as_bytes()).unwrap();
    assert!(
        first.warnings.iter().any(|w| w.contains("after UNZ")),
        "{:?}",
        first.warnings
    );
    let all = paxlst::parse_all(text.as_bytes());
    assert_eq!(all.len(), 2);
    let refs: Vec<_> = all
        .iter()
        .map(|r| r.as_ref().unwrap().control_reference.clone())
        .collect();
    assert_eq!(refs, ["R1", "R2"]);
    let second = all[1].as_ref().unwrap();
    assert_eq!(
        second.messages[0].as_ref().unwrap().persons[0].surname,
        "TWO"
    );
    // The three legacy US interchanges of the GTAS file: each rejected with the clear message.
    let legacy = std::fs::read(format!(
        "{}/tests/fixtures/gtas_US_legacy_PAXLST_001_000_NOT_UN.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let all = paxlst::parse_all(&legacy);
    assert_eq!(all.len(), 3);
    for ic in &all {
        let e = ic.as_ref().unwrap().messages[0].as_ref().unwrap_err();
        assert!(e.message.contains("legacy US format"), "{e}");
    }
}

#[test]
fn line_breaks_as_terminators_when_there_is_no_apostrophe() {
    let raw = "UNB+UNOA:4+A+B+260101:0000+R1\r\nUNH+1+PAXLST:D:05B:UN:IATA\r\nBGM+745\r\nTDT+20+XX1\r\n\r\nNAD+FL+++ONE:ANN\r\nUNT+5+1\r\nUNZ+1+R1\r\n";
    let ic = paxlst::parse(raw.as_bytes()).unwrap();
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("line breaks read as segment terminators")),
        "{:?}",
        ic.warnings
    );
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(
        (
            m.persons[0].surname.as_str(),
            m.persons[0].given_names.as_str()
        ),
        ("ONE", "ANN")
    );
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn dates_with_seconds_and_birth_dates_with_unknown_parts() {
    let raw = b"UNB+UNOA:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'\
        LOC+125+AAA'DTM+189:20260301123045:204'NAD+FL+++ONE'DTM+329:19850000'NAD+FL+++TWO'DTM+329:85XX12'\
        NAD+FL+++THREE'DTM+329:850230'UNT+12+1'UNZ+1+R1'";
    let ic = paxlst::parse(raw).unwrap();
    // Feb 30 is not a date and not a partial one: a warning on that traveller, who is kept without a birth date.
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.persons[2].birth_date, None);
    assert!(
        m.persons[2].warnings.iter().any(|w| w
            .starts_with("segment 12 (DTM), element 1, component 2: unreadable birth date")
            && w.contains("found '850230'")),
        "{:?}",
        m.persons[2].warnings
    );
    let fixed = String::from_utf8_lossy(raw).replace("850230", "850228");
    let ic = paxlst::parse(fixed.as_bytes()).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(
        m.legs[0].departure_time.unwrap().to_string(),
        "2026-03-01 12:30:45"
    );
    assert!(m.persons[0].birth_date.is_none() && m.persons[1].birth_date.is_none());
    assert_eq!(m.persons[2].birth_date.unwrap().to_string(), "1985-02-28");
    let unknown = m
        .warnings
        .iter()
        .filter(|w| w.contains("unknown month or day"))
        .count();
    assert_eq!(unknown, 2, "{:?}", m.warnings);
}

#[test]
fn characters_outside_latin1_under_unoc_are_accepted_with_a_warning() {
    let raw = "UNB+UNOC:4+A+B+260101:0000+R1'UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX1'NAD+FL+++MÜLLER'NAD+FL+++ИВАНОВ'UNT+6+1'UNZ+1+R1'";
    let ic = paxlst::parse(raw.as_bytes()).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.persons[1].surname, "ИВАНОВ");
    let w: Vec<_> = m
        .warnings
        .iter()
        .filter(|w| w.contains("syntax level UNOC"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", m.warnings);
    assert!(w[0].contains('И') && !w[0].contains('Ü'), "{w:?}");
}
