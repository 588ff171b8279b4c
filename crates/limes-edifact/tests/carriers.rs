//! PAXLST as carriers really send it (issue 11, point 4), each quirk on a message built from the WCO/IATA/ICAO
//! API guidelines: problems of one traveller are warnings on that traveller, land and sea conveyances are read
//! as such, one TDT whose LOC+92 entries name several places gives several legs, and the command line prints
//! every interchange of a file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_edifact::paxlst::{self, PaxlstMessage, TransportMode};

/// One interchange with one message whose body (after BGM) is `body`; the UNT count is computed.
fn interchange(body: &str) -> String {
    let segments = body.matches('\'').count() + 3;
    format!(
        "UNA:+.? 'UNB+UNOA:4+CARRIER+UTOAPI+260301:1200+IC1'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'{body}UNT+{segments}+M1'UNZ+1+IC1'"
    )
}

fn message(body: &str) -> PaxlstMessage {
    let ic = paxlst::parse(interchange(body).as_bytes()).unwrap();
    ic.messages
        .into_iter()
        .next()
        .unwrap()
        .unwrap_or_else(|e| panic!("rejected: {e}"))
}

const AIR_LEG: &str =
    "TDT+20+UT101+++UT'LOC+125+UTO'DTM+189:2603011200:201'LOC+87+ATL'DTM+232:2603011500:201'";

#[test]
fn a_document_without_a_number_is_a_warning_on_that_traveller_who_is_kept() {
    let m = message(&format!(
        "{AIR_LEG}NAD+FL+++DOE:JANE'DTM+329:800101'DOC++'DTM+36:300101'\
         NAD+FL+++ROE:RICHARD'DOC+P+'LOC+91+UTO'\
         NAD+FL+++POE:EDGAR'DOC+P:110:111+UTO123456'LOC+91+UTO'"
    ));
    assert_eq!(m.persons.len(), 3, "every traveller is kept");
    let [jane, richard, edgar] = [&m.persons[0], &m.persons[1], &m.persons[2]];
    // DOC++: no type, no number; the expiry date after it stays with that document.
    assert_eq!(jane.documents.len(), 1);
    assert_eq!(jane.documents[0].number, "");
    assert_eq!(
        jane.documents[0].expiry_date.unwrap().to_string(),
        "2030-01-01"
    );
    assert!(
        jane.warnings.iter().any(
            |w| w.starts_with("segment 11 (DOC), element 2, component 1")
                && w.contains("(expected the document number")
        ),
        "{:?}",
        jane.warnings
    );
    assert!(
        jane.warnings
            .iter()
            .any(|w| w.starts_with("segment 11 (DOC), element 1, component 1")),
        "{:?}",
        jane.warnings
    );
    // DOC+P+: a passport without a number; its issuing state still read.
    assert_eq!(richard.documents[0].doc_type, "P");
    assert_eq!(richard.documents[0].issuing_state, "UTO");
    assert_eq!(richard.warnings.len(), 1, "{:?}", richard.warnings);
    assert!(richard.warnings[0].starts_with("segment 14 (DOC), element 2, component 1"));
    assert!(edgar.warnings.is_empty(), "{:?}", edgar.warnings);
    // The message says which traveller each warning is about.
    assert!(
        m.warnings
            .iter()
            .any(|w| w.starts_with("traveller 2: segment 14 (DOC)")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn a_road_manifest_names_only_its_carrier() {
    // A truck at the border: TDT qualifier 11, no conveyance reference, the carrier coded (list 172).
    let m = message(
        "TDT+11++++CARRIER:172'LOC+92+UTBOR'DTM+189:2603010800:201'LOC+92+UTCAP'DTM+232:2603011000:201'\
         NAD+FL+++DRIVER:DAN'",
    );
    assert_eq!(m.legs.len(), 1);
    let leg = &m.legs[0];
    assert_eq!(leg.mode, TransportMode::Road);
    assert_eq!(
        (leg.carrier.as_str(), leg.flight_number.as_str()),
        ("CARRIER", "")
    );
    assert_eq!(
        (leg.departure_airport.as_str(), leg.arrival_airport.as_str()),
        ("UTBOR", "UTCAP")
    );
    assert_eq!(m.persons[0].surname, "DRIVER");
    // No mode code and no flight number: read as road, and said.
    assert!(
        m.warnings
            .iter()
            .any(|w| w.starts_with("segment 4 (TDT), element 3, component 1")
                && w.contains("read as road")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn a_coach_with_its_registration_and_mode() {
    let m = message(
        "TDT+20+TRIP42+3++UTBUS:172+++UT 123 AB::::UTO'LOC+92+UTBOR'LOC+92+UTCAP'NAD+FL+++RIDER:ROSA'",
    );
    let leg = &m.legs[0];
    assert_eq!(leg.mode, TransportMode::Road);
    assert_eq!(leg.flight_number, "TRIP42");
    assert_eq!(leg.registration, "UT 123 AB");
    assert_eq!(leg.conveyance_id(), "TRIP42");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn a_sea_manifest_with_vessel_name_and_imo_number() {
    // Mode 1 (maritime); C222: the IMO number (Lloyd's, code list 146, agency 11) and the vessel's name.
    let m = message(
        "TDT+20+V2603+1++UTFERRY:172+++9074729:146:11:MV UTOPIA STAR'LOC+125+UTPRT'DTM+189:2603010600:201'\
         LOC+87+UTHRB'DTM+232:2603011800:201'NAD+FL+++SAILOR:SAM'",
    );
    let leg = &m.legs[0];
    assert_eq!(leg.mode, TransportMode::Sea);
    assert_eq!(leg.flight_number, "V2603");
    assert_eq!(leg.carrier, "UTFERRY");
    assert_eq!(leg.imo_number, "9074729");
    assert_eq!(leg.vessel_name, "MV UTOPIA STAR");
    assert_eq!(leg.registration, "");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    // Without a mode code, the vessel says sea; an IMO number that does not check is kept with a warning.
    let m = message("TDT+20+V1+++UTFERRY+++9074728:146::SEA DOG'NAD+FL+++SAILOR:SAM'");
    assert_eq!(m.legs[0].mode, TransportMode::Sea);
    assert_eq!(m.legs[0].imo_number, "9074728");
    assert!(
        m.warnings
            .iter()
            .any(|w| w.starts_with("segment 4 (TDT), element 8, component 1") && w.contains("IMO")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn a_rail_manifest_and_an_unknown_mode_code() {
    let m = message("TDT+20+EC123+2++UTRAIL'LOC+92+UTBOR'LOC+92+UTCAP'NAD+FL+++RAIL:RAY'");
    assert_eq!(m.legs[0].mode, TransportMode::Rail);
    let m = message("TDT+20+UT101+Z++UT'NAD+FL+++AIR:ANN'");
    assert_eq!(
        m.legs[0].mode,
        TransportMode::Air,
        "a flight number says air"
    );
    assert!(
        m.warnings
            .iter()
            .any(|w| w.starts_with("segment 4 (TDT), element 3, component 1")
                && w.contains("found 'Z'")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn one_tdt_whose_loc92_entries_name_a_stop_is_two_legs() {
    // Origin (LOC+92), the stop (LOC+92 arriving, LOC+125 leaving), the destination (LOC+87).
    let m = message(
        "TDT+20+UT700+++UT'LOC+92+UTO'DTM+189:2603010800:201'LOC+92+ATL'DTM+232:2603011100:201'\
         LOC+125+ATL'DTM+189:2603011230:201'LOC+87+CDG'DTM+232:2603020600:201'NAD+FL+++TRAVELLER:TOM'",
    );
    assert_eq!(m.legs.len(), 2, "{:?}", m.legs);
    let places: Vec<(&str, &str)> = m
        .legs
        .iter()
        .map(|l| (l.departure_airport.as_str(), l.arrival_airport.as_str()))
        .collect();
    assert_eq!(places, [("UTO", "ATL"), ("ATL", "CDG")]);
    let times: Vec<(String, String)> = m
        .legs
        .iter()
        .map(|l| {
            (
                l.departure_time.unwrap().to_string(),
                l.arrival_time.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        times,
        [
            ("2026-03-01 08:00:00".into(), "2026-03-01 11:00:00".into()),
            ("2026-03-01 12:30:00".into(), "2026-03-02 06:00:00".into())
        ]
    );
    assert!(m
        .legs
        .iter()
        .all(|l| l.flight_number == "UT700" && l.carrier == "UT"));
    // Three LOC+92 places: two legs as well.
    let m = message("TDT+20+UT700+++UT'LOC+92+UTO'LOC+92+ATL'LOC+92+CDG'NAD+FL+++TRAVELLER:TOM'");
    assert_eq!(m.legs.len(), 2);
    assert_eq!(m.legs[1].arrival_airport, "CDG");
    // The usual pair (LOC+125, LOC+87) stays one leg.
    assert_eq!(message(&format!("{AIR_LEG}NAD+FL+++X'")).legs.len(), 1);
}

#[test]
fn an_unreadable_leg_time_is_a_warning_not_a_rejection() {
    let m = message("TDT+20+UT101+++UT'LOC+125+UTO'DTM+189:2603011299:201'LOC+87+ATL'NAD+FL+++X'");
    assert_eq!(m.legs[0].departure_time, None);
    assert_eq!(m.legs[0].departure_airport, "UTO");
    assert!(
        m.warnings
            .iter()
            .any(|w| w.starts_with("segment 6 (DTM), element 1, component 2")),
        "{:?}",
        m.warnings
    );
}

#[test]
fn the_command_line_prints_every_interchange_of_a_file() {
    let one = interchange(&format!("{AIR_LEG}NAD+FL+++ONE'"));
    let two = one.replace("IC1", "IC2").replace("ONE", "TWO");
    let three = one.replace("IC1", "IC3").replace("ONE", "THREE");
    let file = format!("{one}\r\n{two}\r\n{three}\r\n");
    let out = paxlst::run_cli(file.as_bytes()).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    let read: Vec<(&str, &str)> = lines
        .iter()
        .map(|ic| {
            (
                ic["control_reference"].as_str().unwrap(),
                ic["messages"][0]["persons"][0]["surname"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(read, [("IC1", "ONE"), ("IC2", "TWO"), ("IC3", "THREE")]);
    assert_eq!(lines[0]["messages"][0]["legs"][0]["mode"], "air");
}

#[test]
fn envelope_count_warnings_name_segment_element_and_what_was_expected() {
    let text = interchange(&format!("{AIR_LEG}NAD+FL+++X'"))
        .replace("UNT+9+M1", "UNT+99+M1")
        .replace("UNZ+1+IC1", "UNZ+7+IC9");
    let ic = paxlst::parse(text.as_bytes()).unwrap();
    let m = ic.messages[0].as_ref().unwrap();
    assert!(
        m.warnings.iter().any(|w| w
            .starts_with("segment 10 (UNT), element 1, component 1: UNT says 99")
            && w.contains("(expected 9, found '99')")),
        "{:?}",
        m.warnings
    );
    for (place, expected) in [
        (
            "segment 11 (UNZ), element 1, component 1",
            "(expected 1, found '7')",
        ),
        (
            "segment 11 (UNZ), element 2, component 1",
            "(expected UNB's control reference 'IC1', found 'IC9')",
        ),
    ] {
        assert!(
            ic.warnings
                .iter()
                .any(|w| w.starts_with(place) && w.contains(expected)),
            "{place}: {:?}",
            ic.warnings
        );
    }
}
