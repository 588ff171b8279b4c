//! Every PAXLST fixture handled as its README says, plus the syntax rules on small hand-written interchanges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_edifact::paxlst;
use limes_edifact::{parse_interchange, Mode};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn messages(name: &str) -> Vec<paxlst::PaxlstMessage> {
    paxlst::parse(&fixture(name))
        .unwrap()
        .messages
        .into_iter()
        .map(|m| m.unwrap())
        .collect()
}

#[test]
fn d05b_two_passengers_two_legs() {
    let m = &messages("gtas_apisMessage_D05B.txt")[0];
    assert_eq!(m.kind, "passengers");
    assert_eq!(m.version, "D:05B");
    assert_eq!(m.legs.len(), 2);
    assert_eq!(
        (m.legs[0].carrier.as_str(), m.legs[0].flight_number.as_str()),
        ("AA", "AA123")
    );
    assert_eq!(
        (
            m.legs[0].departure_airport.as_str(),
            m.legs[0].arrival_airport.as_str()
        ),
        ("ATL", "ORD")
    );
    assert_eq!(
        m.legs[0].departure_time.unwrap().to_string(),
        "2007-02-19 15:40:00"
    );
    assert_eq!(m.persons.len(), 2);
    let p = &m.persons[0];
    assert_eq!(
        (
            p.surname.as_str(),
            p.given_names.as_str(),
            p.gender.as_deref()
        ),
        ("CLARK", "MICHAEL", Some("M"))
    );
    assert_eq!(p.birth_date.unwrap().to_string(), "1972-09-07");
    assert_eq!(p.booking_reference, "TYR123");
}

#[test]
fn d02b_crew_list_with_wrong_unt_count_is_read_with_a_warning() {
    let m = &messages("gtas_Test1_D02B_crew.txt")[0];
    assert_eq!(m.kind, "crew");
    assert!(m.persons.iter().all(|p| p.role == "FM"));
    assert!(
        m.warnings.iter().any(|w| w.contains("UNT says")),
        "{:?}",
        m.warnings
    );
    let p = &m.persons[0];
    assert_eq!(p.documents[0].number, "123456789");
    assert_eq!(p.documents[0].issuing_state, "GBR");
    assert_eq!(
        p.documents[0].expiry_date.unwrap().to_string(),
        "2061-02-18"
    );
    assert!(!p.birth_place.is_empty());
    // Strict mode rejects the same count, naming the segment and element.
    let e = parse_interchange(&fixture("gtas_Test1_D02B_crew.txt"), Mode::Strict).unwrap_err();
    assert_eq!((e.tag.as_str(), e.element), ("UNT", Some(1)));
}

#[test]
fn a_260_passenger_manifest() {
    let m = &messages("gtas_Test3_D02B.txt")[0];
    assert_eq!(m.persons.len(), 260);
    // Its UNT says 99 segments and its CNT 206 persons: both read with a warning.
    assert!(
        m.warnings.iter().any(|w| w.contains("UNT says 099")),
        "{:?}",
        m.warnings
    );
    assert!(
        m.warnings.iter().any(|w| w.contains("CNT+41 says 206")),
        "{:?}",
        m.warnings
    );
    assert!(m
        .persons
        .iter()
        .all(|p| !p.surname.is_empty() && p.birth_date.is_some()));
}

#[test]
fn custom_separators_crlf_and_a_malformed_ung() {
    let ic = paxlst::parse(&fixture("gtas_airline2_D02B_custom_separators.edi")).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.legs[0].flight_number, "TN506");
    assert_eq!(
        (
            m.legs[0].departure_airport.as_str(),
            m.legs[0].arrival_airport.as_str()
        ),
        ("BRE", "YEU")
    );
    assert_eq!(m.persons[0].surname, "BETTON");
    assert_eq!(m.persons[0].documents[0].number, "178556534");
    assert!(
        ic.warnings.iter().any(|w| w.contains("UNG")),
        "the malformed UNG is reported: {:?}",
        ic.warnings
    );
}

#[test]
fn three_legs_and_junk_after_unz() {
    let ic = paxlst::parse(&fixture("gtas_multiple_flight_leg_D05B.txt")).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert_eq!(m.legs.len(), 3);
    assert_eq!(
        (
            m.legs[2].departure_airport.as_str(),
            m.legs[2].arrival_airport.as_str()
        ),
        ("JFK", "CDG")
    );
    assert_eq!(m.persons.len(), 2);
    assert_eq!(m.persons[0].residence, "FRA");
    assert!(
        ic.warnings.iter().any(|w| w.contains("after UNZ")),
        "{:?}",
        ic.warnings
    );
}

#[test]
fn legacy_us_paxlst_is_rejected_clearly() {
    let bytes = fixture("gtas_US_legacy_PAXLST_001_000_NOT_UN.txt");
    let text = String::from_utf8_lossy(&bytes);
    let start = text.find("UNA").unwrap();
    let err = paxlst::run_cli(text[start..].as_bytes()).unwrap_err();
    assert!(err.contains("legacy US format"), "{err}");
    assert!(err.contains("segment") && err.contains("UNH"), "{err}");
}

#[test]
fn release_character_and_several_messages_one_with_a_bad_birth_date() {
    let ic = paxlst::parse(
        b"UNA:+.? 'UNB+UNOA:4+AIR+DHS+260301:1200+REF1'\
          UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT1+++UT'LOC+125+UTO'DTM+189:2603011200:201'LOC+87+ATL'DTM+232:2603011500:201'\
          NAD+FL+++O?'BRIEN:SEAN'ATT+2++M'DTM+329:800101'DOC+P+X1'DTM+36:300101'LOC+91+IRL'DOC+I+Y2'LOC+91+IRL'CNT+42:1'UNT+15+M1'\
          UNH+M2+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+UT2'NAD+FL+++SMITH'DTM+329:99999'UNT+6+M2'UNZ+2+REF1'",
    )
    .unwrap();
    let m1 = ic.messages[0].as_ref().unwrap();
    assert_eq!(m1.persons[0].surname, "O'BRIEN");
    assert_eq!(
        m1.persons[0].documents.len(),
        2,
        "several documents per person"
    );
    assert_eq!(m1.persons[0].documents[1].issuing_state, "IRL");
    // A bad birth date is a problem of that traveller: the message is read, the person kept with a warning
    // naming the segment (the 23rd, UNB being the 1st), element and component.
    let m2 = ic.messages[1].as_ref().unwrap();
    assert_eq!(m2.persons[0].surname, "SMITH");
    assert_eq!(m2.persons[0].birth_date, None);
    assert!(
        m2.persons[0].warnings[0].starts_with("segment 23 (DTM), element 1, component 2"),
        "{:?}",
        m2.persons[0].warnings
    );
}

#[test]
fn every_un_edifact_file_of_the_reference_data_is_read_whole() {
    // (file, interchanges, persons): every message accepted, every person kept.
    let files = [
        ("gtas_apisMessage_D05B.txt", 2),
        ("gtas_Test1_D02B_crew.txt", 8),
        ("gtas_Test3_D02B.txt", 260),
        ("gtas_airline2_D02B_custom_separators.edi", 0),
        ("gtas_multiple_flight_leg_D05B.txt", 2),
    ];
    for (name, persons) in files {
        let out = paxlst::run_cli(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ic: serde_json::Value = serde_json::from_str(&out).unwrap();
        let messages = ic["messages"].as_array().unwrap();
        assert!(
            messages.iter().all(|m| m.get("error").is_none()),
            "{name}: {out}"
        );
        let read: usize = messages
            .iter()
            .map(|m| m["persons"].as_array().unwrap().len())
            .sum();
        if persons > 0 {
            assert_eq!(read, persons, "{name}");
        } else {
            assert!(read > 0, "{name}");
        }
    }
}
