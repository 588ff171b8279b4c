//! Messages written by hand per the WCO/IATA/ICAO PAXLST implementation guide (see tests/fixtures/README.md):
//! every segment group mapped or tolerated, unusual envelopes, encodings and layouts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_edifact::paxlst::{self, PaxlstMessage};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn only_message(name: &str) -> (paxlst::PaxlstInterchange, PaxlstMessage) {
    let ic = paxlst::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(ic.messages.len(), 1, "{name}");
    let m = ic.messages[0]
        .clone()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (ic, m)
}

#[test]
fn d02b_passengers_with_a_transit_passenger_and_two_documents() {
    let (ic, m) = only_message("handwritten_D02B_transit_several_documents.edi");
    assert_eq!(ic.control_reference, "ZZ20260301A");
    assert!(ic.warnings.is_empty(), "{:?}", ic.warnings);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    assert_eq!(
        (m.kind.as_str(), m.version.as_str()),
        ("passengers", "D:02B")
    );
    assert_eq!(m.transaction_reference, "ZZ123-260301-01");
    assert_eq!(m.reporting_party, "ZZ AIRWAYS OPERATIONS");
    let l = &m.legs[0];
    assert_eq!(
        (
            l.carrier.as_str(),
            l.flight_number.as_str(),
            l.departure_airport.as_str(),
            l.arrival_airport.as_str()
        ),
        ("ZZ", "ZZ123", "LHR", "UTO")
    );
    assert_eq!(l.departure_time.unwrap().to_string(), "2026-03-01 12:00:00");
    assert_eq!(l.arrival_time.unwrap().to_string(), "2026-03-01 17:30:00");
    assert_eq!(m.persons.len(), 2);
    let p = &m.persons[0];
    assert_eq!(
        (p.role.as_str(), p.surname.as_str(), p.given_names.as_str()),
        ("FL", "AL-RASHID", "OMAR FAROUK")
    );
    assert_eq!(p.gender.as_deref(), Some("M"));
    assert_eq!(p.birth_date.unwrap().to_string(), "1985-04-12");
    assert_eq!(
        (
            p.clearance_port.as_str(),
            p.departure_port.as_str(),
            p.arrival_port.as_str(),
            p.residence.as_str()
        ),
        ("UTO", "LHR", "UTO", "GBR")
    );
    assert_eq!(p.birth_place, "IRQ, BAGHDAD");
    assert_eq!(p.nationality, "GBR");
    assert_eq!(
        (p.booking_reference.as_str(), p.seat.as_str()),
        ("ABC123", "23C")
    );
    assert!(p
        .references
        .contains(&("ABO".into(), "1234567890123".into())));
    // MEA, GEI, FTX BAG, COM and the address are kept as notes.
    for expected in [
        "MEA CT++:2",
        "GEI 4+173",
        "FTX BAG+++ZZ123456:2",
        "COM 44 7700 900123:TE",
        "address: 12 HIGH STREET, LONDON, SW1A 1AA, GBR",
    ] {
        assert!(
            p.notes.iter().any(|n| n == expected),
            "{expected} in {:?}",
            p.notes
        );
    }
    assert_eq!(p.documents.len(), 2, "passport and visa");
    let (passport, visa) = (&p.documents[0], &p.documents[1]);
    assert_eq!(
        (
            passport.doc_type.as_str(),
            passport.number.as_str(),
            passport.issuing_state.as_str()
        ),
        ("P", "123456789", "GBR")
    );
    assert_eq!(passport.expiry_date.unwrap().to_string(), "2031-09-30");
    assert_eq!(passport.issue_date.unwrap().to_string(), "2021-09-30");
    assert_eq!(
        (
            visa.doc_type.as_str(),
            visa.number.as_str(),
            visa.issuing_state.as_str()
        ),
        ("V", "UTO998877", "UTO")
    );
    assert_eq!(visa.expiry_date.unwrap().to_string(), "2026-06-01");
    let t = &m.persons[1];
    assert_eq!(
        (t.role.as_str(), t.surname.as_str(), t.given_names.as_str()),
        ("DDT", "NGUYEN", "THI MAI")
    );
    assert_eq!(t.birth_date.unwrap().to_string(), "1992-02-29");
    assert_eq!(
        t.arrival_port, "SYD",
        "in transit beyond the arrival airport"
    );
    assert_eq!(
        t.documents[0].expiry_date.unwrap().to_string(),
        "2030-01-15"
    );
}

#[test]
fn d05b_crew_list_over_two_legs_with_unusual_service_characters() {
    // BOM, UNA ^*,! ~ (component ^, element *, release !, terminator ~), CRLF and indentation between segments,
    // a lower-case tag, lower-case data under UNOB, release characters inside and at the end of components.
    let (ic, m) = only_message("handwritten_D05B_crew_two_legs_custom_una.edi");
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("lower-case segment tags")),
        "{:?}",
        ic.warnings
    );
    assert_eq!(m.kind, "crew");
    assert_eq!(m.version, "D:05B");
    assert_eq!(m.legs.len(), 2);
    assert_eq!(
        (
            m.legs[0].departure_airport.as_str(),
            m.legs[0].arrival_airport.as_str()
        ),
        ("SIN", "DXB")
    );
    assert_eq!(
        (
            m.legs[1].departure_airport.as_str(),
            m.legs[1].arrival_airport.as_str()
        ),
        ("DXB", "UTO")
    );
    assert_eq!(
        m.legs[1].arrival_time.unwrap().to_string(),
        "2026-03-01 14:00:00"
    );
    assert_eq!(m.persons.len(), 2);
    let a = &m.persons[0];
    assert_eq!(
        (a.role.as_str(), a.surname.as_str(), a.given_names.as_str()),
        ("FM", "O'BRIEN", "SIOBHAN MARY")
    );
    assert_eq!(
        a.gender.as_deref(),
        Some("F"),
        "lower-case gender read as upper case"
    );
    assert_eq!(a.nationality, "IRL", "the lower-case 'nat' tag is read");
    assert_eq!(a.documents.len(), 2);
    assert_eq!(
        (
            a.documents[1].doc_type.as_str(),
            a.documents[1].number.as_str()
        ),
        ("AC", "CC998877")
    );
    assert_eq!(
        a.documents[1].expiry_date.unwrap().to_string(),
        "2027-01-01"
    );
    assert!(
        a.notes.iter().any(|n| n == "EMP 1+CR1:110:111"),
        "{:?}",
        a.notes
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n == "FTX AAI+++NOTE ENDS WITH A STAR*"),
        "{:?}",
        a.notes
    );
    let b = &m.persons[1];
    assert_eq!(
        (b.role.as_str(), b.surname.as_str(), b.given_names.as_str()),
        ("DDU", "SMITH*JONES", "PETER")
    );
    assert!(
        b.notes.iter().any(|n| n == "address: 12 MAIN ST*"),
        "{:?}",
        b.notes
    );
    assert_eq!(b.birth_date.unwrap().to_string(), "1968-01-02");
    assert_eq!(
        (
            b.documents[0].doc_type.as_str(),
            b.documents[0].issuing_state.as_str()
        ),
        ("I", "GBR")
    );
    assert!(
        !m.warnings.iter().any(|w| w.contains("CNT")),
        "CNT+41 matches: {:?}",
        m.warnings
    );
}

#[test]
fn d05b_with_every_optional_part_missing() {
    let (_, m) = only_message("handwritten_D05B_minimal.edi");
    assert_eq!(
        m.legs[0].carrier, "XX",
        "carrier taken from the flight number"
    );
    assert_eq!(
        (
            m.legs[0].departure_airport.as_str(),
            m.legs[0].arrival_airport.as_str()
        ),
        ("AAA", "BBB")
    );
    assert!(m.legs[0].departure_time.is_none() && m.legs[0].arrival_time.is_none());
    assert_eq!(m.persons.len(), 2);
    assert!(m.persons[0].birth_date.is_none() && m.persons[0].gender.is_none());
    assert_eq!(m.persons[0].documents[0].number, "X0000001");
    assert!(m.persons[1].documents.is_empty());
    assert_eq!(m.reporting_party, "");
}

#[test]
fn latin1_under_unoc_behind_a_teletype_header() {
    let (ic, m) = only_message("handwritten_D03B_latin1_teletype_header.edi");
    assert!(
        ic.warnings
            .iter()
            .any(|w| w.contains("before the interchange")),
        "{:?}",
        ic.warnings
    );
    assert!(
        ic.warnings.iter().any(|w| w.contains("ISO 8859-1")),
        "{:?}",
        ic.warnings
    );
    assert_eq!(m.version, "D:03B");
    assert_eq!(
        (
            m.persons[0].surname.as_str(),
            m.persons[0].given_names.as_str()
        ),
        ("MÜLLER", "JÖRG")
    );
    assert_eq!(m.persons[0].documents[0].issuing_state, "DEU");
}

#[test]
fn an_unreadable_segment_rejects_its_message_only() {
    let ic = paxlst::parse(&fixture("handwritten_two_messages_one_unreadable.edi")).unwrap();
    assert_eq!(ic.messages.len(), 2);
    let e = ic.messages[0].as_ref().unwrap_err();
    assert_eq!(e.segment_index, 8, "UNB is 1, the N@D segment is the 8th");
    assert_eq!(e.position_in_message, Some(7));
    assert_eq!(e.tag, "N@D");
    assert_eq!(e.code, 22);
    assert!(e.to_string().contains("segment 8 (N@D)"), "{e}");
    let m = ic.messages[1].as_ref().unwrap();
    assert_eq!(m.persons[0].surname, "THREE");
    assert_eq!(m.persons[0].documents[0].number, "Z999");
}

#[test]
fn the_cli_json_has_the_documented_fields() {
    let out = paxlst::run_cli(&fixture("handwritten_D02B_transit_several_documents.edi")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let m = &v["messages"][0];
    assert_eq!(m["type"], "passengers");
    let leg = &m["legs"][0];
    for k in [
        "carrier",
        "flight_number",
        "departure_airport",
        "departure_time",
        "arrival_airport",
        "arrival_time",
    ] {
        assert!(leg.get(k).is_some(), "{k}");
    }
    assert_eq!(leg["departure_time"], "2026-03-01T12:00:00");
    let p = &m["persons"][0];
    for k in [
        "role",
        "surname",
        "given_names",
        "gender",
        "birth_date",
        "nationality",
        "documents",
    ] {
        assert!(p.get(k).is_some(), "{k}");
    }
    assert_eq!(p["birth_date"], "1985-04-12");
    let d = &p["documents"][1];
    assert_eq!(
        (
            d["type"].as_str(),
            d["number"].as_str(),
            d["issuing_state"].as_str(),
            d["expiry_date"].as_str()
        ),
        (
            Some("V"),
            Some("UTO998877"),
            Some("UTO"),
            Some("2026-06-01")
        )
    );
    assert!(m["warnings"].is_array());
}
