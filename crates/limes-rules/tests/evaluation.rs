//! Every predicate matching and not matching, validity periods, applies_to, booked-together groups,
//! explanations, and a property-style run over messages with missing data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_rules::{evaluate, parse_rule, RuleSet, Severity, SkipReason};

fn three_legs() -> Vec<Leg> {
    vec![
        leg("QQ877", "BGW", "IST"),
        leg("QQ 0878", "IST", "ATH"),
        leg("ZZ12", "ATH", "CDG"),
    ]
}

#[test]
fn origin_matches_the_first_departure() {
    let msg = message(&three_legs(), &[pax("A")]);
    assert_eq!(hits(r#"{"origin": {"in": ["bgw "]}}"#, &msg), [0]);
    assert!(hits(r#"{"origin": {"in": ["IST"]}}"#, &msg).is_empty());
    assert_eq!(hits(r#"{"origin": {"not_in": ["IST", "ATH"]}}"#, &msg), [0]);
    assert!(hits(r#"{"origin": {"not_in": ["BGW"]}}"#, &msg).is_empty());
}

#[test]
fn transit_is_every_point_between_first_departure_and_last_arrival() {
    let msg = message(&three_legs(), &[pax("A")]);
    assert_eq!(hits(r#"{"transit": {"in": ["ATH"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"transit": {"in": ["ist"]}}"#, &msg), [0]);
    assert!(hits(r#"{"transit": {"in": ["BGW", "CDG"]}}"#, &msg).is_empty());
    assert_eq!(hits(r#"{"transit": {"not_in": ["DOH"]}}"#, &msg), [0]);
    assert!(hits(r#"{"transit": {"not_in": ["IST"]}}"#, &msg).is_empty());
    // A direct flight has no transit point: neither in nor not_in holds.
    let direct = simple(&[pax("A")]);
    assert!(hits(r#"{"transit": {"in": ["IST"]}}"#, &direct).is_empty());
    assert!(hits(r#"{"transit": {"not_in": ["IST"]}}"#, &direct).is_empty());
}

#[test]
fn destination_matches_the_last_arrival() {
    let msg = message(&three_legs(), &[pax("A")]);
    assert_eq!(hits(r#"{"destination": {"in": ["CDG"]}}"#, &msg), [0]);
    assert!(hits(r#"{"destination": {"in": ["ATH"]}}"#, &msg).is_empty());
}

#[test]
fn any_airport_covers_origin_transit_and_destination() {
    let msg = message(&three_legs(), &[pax("A")]);
    for code in ["BGW", "IST", "ATH", "CDG"] {
        assert_eq!(
            hits(&format!(r#"{{"any_airport": {{"in": ["{code}"]}}}}"#), &msg),
            [0],
            "{code}"
        );
    }
    assert!(hits(r#"{"any_airport": {"in": ["DXB"]}}"#, &msg).is_empty());
    assert!(hits(r#"{"any_airport": {"not_in": ["IST"]}}"#, &msg).is_empty());
}

#[test]
fn route_from_the_gtas_three_leg_fixture() {
    let msg = parse(include_str!("fixtures/gtas_multiple_flight_leg_D05B.txt"));
    assert_eq!(msg.persons.len(), 2);
    assert_eq!(hits(r#"{"origin": {"in": ["MIA"]}}"#, &msg), [0, 1]);
    assert_eq!(hits(r#"{"transit": {"in": ["JFK"]}}"#, &msg), [0, 1]);
    assert_eq!(hits(r#"{"transit": {"in": ["IAD"]}}"#, &msg), [0, 1]);
    assert_eq!(hits(r#"{"destination": {"in": ["CDG"]}}"#, &msg), [0, 1]);
    assert!(hits(r#"{"transit": {"in": ["MIA", "CDG"]}}"#, &msg).is_empty());
    // Both travel on booking GJIO3RT.
    assert_eq!(hits(r#"{"group_size": {"min": 2}}"#, &msg), [0, 1]);
    assert_eq!(
        hits(r#"{"booked_with": {"nationality": {"in": ["ES"]}}}"#, &msg),
        [0]
    );
}

#[test]
fn nationality_in_and_not_in_with_codes_normalised() {
    let mut a = pax("A");
    a.nationality = "SYR";
    let mut b = pax("B");
    b.nationality = "D";
    let mut c = pax("C");
    c.nationality = "";
    let msg = simple(&[a, b, c]);
    assert_eq!(hits(r#"{"nationality": {"in": ["sy", "IRQ"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"nationality": {"in": ["Syria"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"nationality": {"in": ["DEU"]}}"#, &msg), [1]);
    assert_eq!(hits(r#"{"nationality": {"in": ["de"]}}"#, &msg), [1]);
    // Missing nationality matches neither in nor not_in.
    assert_eq!(hits(r#"{"nationality": {"not_in": ["SYR"]}}"#, &msg), [1]);
    assert_eq!(
        hits(r#"{"not": {"nationality": {"in": ["SYR", "DEU"]}}}"#, &msg),
        [2]
    );
}

#[test]
fn document_type_and_issuing_state_look_at_every_document() {
    let mut a = pax("A");
    a.docs = vec![
        doc("P", "FR1", "20300101", "FRA"),
        doc("I", "SY2", "20300101", "SYR"),
    ];
    let b = pax("B");
    let msg = simple(&[a, b]);
    assert_eq!(
        hits(r#"{"document": {"issuing_state": {"in": ["SYR"]}}}"#, &msg),
        [0]
    );
    assert_eq!(hits(r#"{"document": {"type": {"in": ["i"]}}}"#, &msg), [0]);
    // Type and state must hold for the same document.
    assert!(hits(
        r#"{"document": {"type": {"in": ["P"]}, "issuing_state": {"in": ["SYR"]}}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"document": {"type": {"in": ["I"]}, "issuing_state": {"in": ["SY"]}}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"document": {"issuing_state": {"not_in": ["FRA"]}}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(r#"{"document": {"type": {"in": ["P"]}}}"#, &msg),
        [0, 1]
    );
}

#[test]
fn document_expiring_within_days_of_arrival_or_expired() {
    // Arrival 2026-12-01.
    let mut expired = pax("EXPIRED");
    expired.docs = vec![doc("P", "1", "20261130", "FRA")];
    let mut on_arrival = pax("ONARRIVAL");
    on_arrival.docs = vec![doc("P", "2", "20261201", "FRA")];
    let mut in_30 = pax("IN30");
    in_30.docs = vec![doc("P", "3", "20261231", "FRA")];
    let mut in_31 = pax("IN31");
    in_31.docs = vec![doc("P", "4", "20270101", "FRA")];
    let mut no_expiry = pax("NOEXPIRY");
    no_expiry.docs = vec![doc("P", "5", "", "FRA")];
    let mut two_docs = pax("TWODOCS");
    two_docs.docs = vec![
        doc("P", "6", "20350101", "FRA"),
        doc("V", "7", "20261205", "GBR"),
    ];
    let msg = simple(&[expired, on_arrival, in_30, in_31, no_expiry, two_docs]);
    assert_eq!(
        hits(r#"{"document": {"expires_within_days": 30}}"#, &msg),
        [0, 1, 2, 5]
    );
    assert_eq!(
        hits(r#"{"document": {"expires_within_days": 0}}"#, &msg),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"document": {"type": {"in": ["P"]}, "expires_within_days": 30}}"#,
            &msg
        ),
        [0, 1, 2]
    );
}

#[test]
fn age_band_on_the_arrival_date() {
    let mut turns_18 = pax("TURNS18");
    turns_18.birth = "20081201"; // 18 on the arrival day
    let mut still_17 = pax("STILL17");
    still_17.birth = "20081202";
    let mut aged_35 = pax("AGED35");
    aged_35.birth = "19911201";
    let mut aged_36 = pax("AGED36");
    aged_36.birth = "19901130";
    let mut no_birth = pax("NOBIRTH");
    no_birth.birth = "";
    let msg = simple(&[turns_18, still_17, aged_35, aged_36, no_birth]);
    assert_eq!(hits(r#"{"age": {"min": 18, "max": 35}}"#, &msg), [0, 2]);
    assert_eq!(hits(r#"{"age": {"max": 17}}"#, &msg), [1]);
    assert_eq!(hits(r#"{"age": {"min": 36}}"#, &msg), [3]);
    // Without a birth date a traveller is in no band, nor out of every band.
    assert!(!hits(r#"{"age": {"min": 0}}"#, &msg).contains(&4));
    assert!(hits(r#"{"not": {"age": {"min": 0}}}"#, &msg).contains(&4));
}

#[test]
fn gender() {
    let mut f = pax("F");
    f.gender = "F";
    let mut unknown = pax("U");
    unknown.gender = "";
    let msg = simple(&[pax("M"), f, unknown]);
    assert_eq!(hits(r#"{"gender": {"in": ["m"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"gender": {"in": ["F", "X"]}}"#, &msg), [1]);
    assert_eq!(hits(r#"{"gender": {"not_in": ["M"]}}"#, &msg), [1]);
}

fn booked(surname: &'static str, booking: &'static str, nationality: &'static str) -> P {
    let mut p = pax(surname);
    p.booking = booking;
    p.nationality = nationality;
    p
}

#[test]
fn group_size_counts_travellers_on_one_booking_reference() {
    let msg = simple(&[
        booked("A", "ABC123", "FRA"),
        booked("B", "abc123 ", "FRA"),
        booked("C", "ABC123", "FRA"),
        booked("D", "ABC123", "FRA"),
        booked("E", "XYZ999", "FRA"),
        booked("F", "", "FRA"),
    ]);
    assert_eq!(hits(r#"{"group_size": {"min": 4}}"#, &msg), [0, 1, 2, 3]);
    assert_eq!(hits(r#"{"group_size": {"max": 1}}"#, &msg), [4]);
    assert_eq!(
        hits(r#"{"group_size": {"min": 2, "max": 3}}"#, &msg),
        Vec::<usize>::new()
    );
    // No booking reference: the group size is unknown.
    assert!(!hits(r#"{"group_size": {"min": 0}}"#, &msg).contains(&5));
}

#[test]
fn booked_with_a_traveller_matching_a_sub_condition() {
    let msg = simple(&[
        booked("A", "ABC123", "FRA"),
        booked("B", "ABC123", "SYR"),
        booked("C", "ABC123", "FRA"),
        booked("D", "XYZ999", "FRA"),
        booked("E", "XYZ999", "SYR"),
        booked("F", "SOLO01", "SYR"),
        booked("G", "", "FRA"),
    ]);
    // The companion must be someone else: B (SYR) is booked with no other SYR traveller, F is alone.
    assert_eq!(
        hits(r#"{"booked_with": {"nationality": {"in": ["SYR"]}}}"#, &msg),
        [0, 2, 3]
    );
    assert_eq!(
        hits(r#"{"booked_with": {"nationality": {"in": ["FRA"]}}}"#, &msg),
        [0, 1, 2, 4]
    );
    // Nested: booked with someone who is booked with a Syrian national (B and E: their companions are
    // booked with them).
    assert_eq!(
        hits(
            r#"{"all": [{"nationality": {"in": ["SYR"]}},
                        {"booked_with": {"booked_with": {"nationality": {"in": ["SYR"]}}}}]}"#,
            &msg
        ),
        [1, 4]
    );
}

#[test]
fn carrier_and_flight_number() {
    let mut legs = three_legs();
    legs[2].carrier = "ZZ";
    let msg = message(&legs, &[pax("A")]);
    assert_eq!(hits(r#"{"carrier": {"in": ["qq"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"carrier": {"in": ["ZZ"]}}"#, &msg), [0]);
    assert!(hits(r#"{"carrier": {"in": ["LH", "BAW"]}}"#, &msg).is_empty());
    assert_eq!(hits(r#"{"flight": {"in": ["QQ878"]}}"#, &msg), [0]);
    assert_eq!(hits(r#"{"flight": {"in": ["qq 0877"]}}"#, &msg), [0]);
    assert!(hits(r#"{"flight": {"in": ["QQ879"]}}"#, &msg).is_empty());
    assert!(hits(r#"{"flight": {"not_in": ["QQ877"]}}"#, &msg).is_empty());
}

fn rich(surname: &'static str) -> P {
    let mut p = pax(surname);
    p.seat = "12A";
    p.abo = "UUI34T543";
    p.residence = "de";
    p.birth_place = "Saint-Denis";
    p.departure_port = "DXB";
    p.arrival_port = "CDG";
    p.booking = "PNR001";
    p
}

#[test]
fn field_equals_in_not_in() {
    let mut other = pax("OTHER");
    other.residence = "";
    let msg = simple(&[rich("A"), other]);
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.residence", "equals": "DEU"}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.residence", "in": ["Germany", "AT"]}}"#,
            &msg
        ),
        [0]
    );
    assert!(hits(
        r#"{"field": {"path": "person.residence", "not_in": ["DEU"]}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.references.ABO", "equals": " uui34t543 "}}"#,
            &msg
        ),
        [0]
    );
    assert!(hits(
        r#"{"field": {"path": "person.references.ABO", "equals": "UUI34T544"}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "document.number", "in": ["FR1234567"]}}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "leg.flight_number", "equals": "QQ 877"}}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "leg.carrier", "equals": "QQ"}}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "message.reporting_party", "equals": "ops centre"}}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.departure_port", "equals": "dxb"}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.document_count", "equals": 1}}"#,
            &msg
        ),
        [0, 1]
    );
    assert!(hits(
        r#"{"field": {"path": "person.document_count", "not_in": [1]}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "message.type", "equals": "passengers"}}"#,
            &msg
        ),
        [0, 1]
    );
}

#[test]
fn field_prefix_contains_exists() {
    let msg = simple(&[rich("A"), pax("B")]);
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.seat", "prefix": "12"}}"#,
            &msg
        ),
        [0]
    );
    assert!(hits(r#"{"field": {"path": "person.seat", "prefix": "2"}}"#, &msg).is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.birth_place", "contains": "denis"}}"#,
            &msg
        ),
        [0]
    );
    assert!(hits(
        r#"{"field": {"path": "person.birth_place", "contains": "paris"}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.seat", "exists": true}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.seat", "exists": false}}"#,
            &msg
        ),
        [1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.references.ABO", "exists": false}}"#,
            &msg
        ),
        [1]
    );
}

#[test]
fn field_between_numbers_dates_and_date_times() {
    let mut young = pax("YOUNG");
    young.birth = "20050301"; // 21 on arrival
    let msg = simple(&[pax("OLD"), young]); // OLD born 1990-06-15: 36
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.age", "between": {"from": 18, "to": 25}}}"#,
            &msg
        ),
        [1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.age", "between": {"from": "30"}}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.birth_date", "between": {"from": "1990-01-01", "to": "1990-12-31"}}}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "person.birth_date", "equals": "2005-03-01"}}"#,
            &msg
        ),
        [1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "document.expiry_date", "between": {"to": "2030-01-01"}}}"#,
            &msg
        ),
        [0, 1]
    );
    // The flight departs 2026-12-01 06:00 (local time as the message gives it).
    assert_eq!(
        hits(
            r#"{"field": {"path": "leg.departure_time", "between": {"from": "2026-12-01T05:00", "to": "2026-12-01T07:00"}}}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"field": {"path": "leg.departure_time", "between": {"from": "2026-12-01", "to": "2026-12-01"}}}"#,
            &msg
        ),
        [0, 1]
    );
    assert!(hits(
        r#"{"field": {"path": "leg.arrival_time", "between": {"from": "2026-12-02"}}}"#,
        &msg
    )
    .is_empty());
    assert_eq!(
        hits(
            r#"{"field": {"path": "message.person_count", "between": {"from": 2, "to": 2}}}"#,
            &msg
        ),
        [0, 1]
    );
}

#[test]
fn all_any_not() {
    let mut a = pax("A");
    a.nationality = "SYR";
    let mut b = pax("B");
    b.gender = "F";
    let msg = simple(&[a, b, pax("C")]);
    assert_eq!(
        hits(
            r#"{"all": [{"gender": {"in": ["M"]}}, {"nationality": {"in": ["SYR"]}}]}"#,
            &msg
        ),
        [0]
    );
    assert_eq!(
        hits(
            r#"{"any": [{"gender": {"in": ["F"]}}, {"nationality": {"in": ["SYR"]}}]}"#,
            &msg
        ),
        [0, 1]
    );
    assert_eq!(
        hits(
            r#"{"not": {"any": [{"gender": {"in": ["F"]}}, {"nationality": {"in": ["SYR"]}}]}}"#,
            &msg
        ),
        [2]
    );
}

#[test]
fn explanation_names_predicates_and_values() {
    let mut a = pax("A");
    a.nationality = "SYR";
    a.birth = "20000101";
    let msg = message(&three_legs(), &[a]);
    let r = rule(
        "R-EXPL",
        r#"{"all": [{"nationality": {"in": ["SY"]}},
                    {"age": {"min": 18, "max": 30}},
                    {"any": [{"transit": {"in": ["IST"]}}, {"transit": {"in": ["DOH"]}}]},
                    {"not": {"gender": {"in": ["F"]}}}]}"#,
    );
    let set = RuleSet::compile(&[r], now());
    let m = evaluate(&set, &msg, now());
    assert_eq!(m.len(), 1);
    let m = &m[0];
    assert_eq!(
        (
            m.rule_id.as_str(),
            m.rule_version,
            m.severity,
            m.person_index
        ),
        ("R-EXPL", 1, Severity::High, 0)
    );
    let e = &m.explanation;
    assert_eq!(e.len(), 4, "{e:#?}");
    assert_eq!(e[0].path, "condition.all[0]");
    assert_eq!(e[0].predicate, "nationality in [SYR]");
    assert_eq!(e[0].values, ["SYR"]);
    assert!(e[0].matched);
    assert_eq!(e[1].values, ["26 (born 2000-01-01, arrival 2026-12-01)"]);
    // Only the branch of the `any` that held.
    assert_eq!(e[2].path, "condition.all[2].any[0]");
    assert_eq!(e[2].values, ["IST", "ATH"]);
    assert_eq!(e[3].path, "condition.all[3].not");
    assert_eq!(e[3].predicate, "gender in [F]");
    assert!(!e[3].matched);
    assert_eq!(e[3].values, ["M"]);
    let json = serde_json::to_value(m).unwrap();
    assert_eq!(json["severity"], "high");
    assert_eq!(json["explanation"][0]["path"], "condition.all[0]");
}

#[test]
fn explanation_under_not_lists_what_failed() {
    let msg = simple(&[pax("A")]); // male, French, born 1990, DXB-CDG
    let r = rule(
        "R-NOT",
        r#"{"all": [{"not": {"any": [{"nationality": {"in": ["SYR"]}}, {"gender": {"in": ["F"]}}]}},
                    {"not": {"all": [{"gender": {"in": ["M"]}}, {"origin": {"in": ["IST"]}}]}}]}"#,
    );
    let m = evaluate(&RuleSet::compile(&[r], now()), &msg, now());
    assert_eq!(m.len(), 1);
    let got: Vec<(&str, bool, Vec<String>)> = m[0]
        .explanation
        .iter()
        .map(|e| (e.path.as_str(), e.matched, e.values.clone()))
        .collect();
    assert_eq!(
        got,
        [
            // Neither branch of the `any` held...
            (
                "condition.all[0].not.any[0]",
                false,
                vec!["FRA".to_string()]
            ),
            ("condition.all[0].not.any[1]", false, vec!["M".to_string()]),
            // ...and of the `all`, the failing part is what counts.
            (
                "condition.all[1].not.all[1]",
                false,
                vec!["DXB".to_string()]
            ),
        ]
    );
}

#[test]
fn booked_with_explanation_names_the_companion() {
    let msg = simple(&[booked("A", "ABC123", "FRA"), booked("B", "ABC123", "SYR")]);
    let set = RuleSet::compile(
        &[rule(
            "R",
            r#"{"booked_with": {"nationality": {"in": ["SYR"]}}}"#,
        )],
        now(),
    );
    let m = evaluate(&set, &msg, now());
    assert_eq!(m.len(), 1);
    assert_eq!(
        m[0].explanation[0].values,
        ["person 1: B ALEX (booking ABC123)"]
    );
}

fn with_meta(id: &str, extra: &str, condition: &str) -> limes_rules::Rule {
    let json = format!(
        r#"{{"id": "{id}", "version": 1, "name": "n", "owner": "o", "severity": "low",
            "valid_from": "2026-11-01T00:00:00Z", {extra} "condition": {condition}}}"#
    );
    parse_rule(&json).unwrap()
}

#[test]
fn validity_periods_and_enabled() {
    let any = r#"{"gender": {"in": ["M"]}}"#;
    let future = parse_rule(&format!(
        r#"{{"id": "FUTURE", "version": 1, "name": "n", "owner": "o", "severity": "low",
            "valid_from": "2026-12-01T12:00:00+02:00", "condition": {any}}}"#
    ))
    .unwrap();
    let rules = vec![
        with_meta("CURRENT", "", any),
        with_meta("ENDS-SOON", r#""valid_to": "2026-12-01T09:00:00Z","#, any),
        with_meta("ENDED", r#""valid_to": "2026-12-01T08:00:00Z","#, any),
        future,
        with_meta("OFF", r#""enabled": false,"#, any),
    ];
    let set = RuleSet::compile(&rules, now());
    let live: Vec<&str> = set.rules().map(|(id, _)| id).collect();
    assert_eq!(live, ["CURRENT", "ENDS-SOON"]);
    let skipped: Vec<(&str, &SkipReason)> = set
        .skipped()
        .iter()
        .map(|s| (s.id.as_str(), &s.reason))
        .collect();
    assert!(matches!(skipped[0], ("ENDED", SkipReason::Expired { .. })));
    assert!(matches!(
        skipped[1],
        ("FUTURE", SkipReason::NotYetValid { .. })
    ));
    assert!(matches!(skipped[2], ("OFF", SkipReason::Disabled)));
    // The earliest change: ENDS-SOON expires at 09:00 UTC (FUTURE starts at 10:00 UTC).
    assert_eq!(
        set.next_change(),
        Some("2026-12-01T09:00:00Z".parse().unwrap())
    );
    let msg = simple(&[pax("A")]);
    let ids = |t: &str| -> Vec<String> {
        evaluate(&set, &msg, t.parse().unwrap())
            .into_iter()
            .map(|m| m.rule_id)
            .collect()
    };
    assert_eq!(ids("2026-12-01T08:30:00Z"), ["CURRENT", "ENDS-SOON"]);
    // A set compiled earlier does not fire a rule that has expired since.
    assert_eq!(ids("2026-12-01T09:00:00Z"), ["CURRENT"]);
    // Compiled later, FUTURE is in force.
    let later = RuleSet::compile(&rules, "2026-12-01T10:00:00Z".parse().unwrap());
    let live: Vec<&str> = later.rules().map(|(id, _)| id).collect();
    assert_eq!(live, ["CURRENT", "FUTURE"]);
}

#[test]
fn the_highest_version_of_a_rule_wins_even_when_disabled() {
    let v1 = rule("R", r#"{"gender": {"in": ["M"]}}"#);
    let mut v2 = rule("R", r#"{"gender": {"in": ["F"]}}"#);
    v2.version = 2;
    let msg = simple(&[pax("A")]);
    let set = RuleSet::compile(&[v1.clone(), v2.clone()], now());
    assert_eq!(set.rules().collect::<Vec<_>>(), [("R", 2)]);
    assert!(evaluate(&set, &msg, now()).is_empty());
    assert!(matches!(
        set.skipped()[0].reason,
        SkipReason::Superseded { by_version: 2 }
    ));
    v2.enabled = false;
    let set = RuleSet::compile(&[v2, v1], now());
    assert!(
        set.is_empty(),
        "a disabled newest version switches the rule off"
    );
}

#[test]
fn an_invalid_saved_rule_is_skipped_with_its_errors() {
    let mut bad = rule("BAD", r#"{"gender": {"in": ["M"]}}"#);
    bad.condition = limes_rules::Condition::All(Vec::new());
    let good = rule("GOOD", r#"{"gender": {"in": ["M"]}}"#);
    let set = RuleSet::compile(&[bad, good], now());
    assert_eq!(set.len(), 1);
    match &set.skipped()[0].reason {
        SkipReason::Invalid { errors } => assert_eq!(errors[0].path, "condition.all"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn applies_to_passengers_crew_or_both() {
    let mut crew = pax("CREW");
    crew.role = "FM";
    let mut transit = pax("TRANSIT");
    transit.role = "DDT";
    let msg = simple(&[pax("PAX"), crew.clone(), transit]);
    let r = |applies: &str| {
        parse_rule(&format!(
            r#"{{"id": "R", "version": 1, "name": "n", "owner": "o", "severity": "low",
                "valid_from": "2026-01-01T00:00:00Z", "applies_to": "{applies}",
                "condition": {{"gender": {{"in": ["M"]}}}}}}"#
        ))
        .unwrap()
    };
    let who = |applies: &str, msg: &limes_edifact::paxlst::PaxlstMessage| -> Vec<usize> {
        evaluate(&RuleSet::compile(&[r(applies)], now()), msg, now())
            .into_iter()
            .map(|m| m.person_index)
            .collect()
    };
    assert_eq!(who("passengers", &msg), [0, 2]);
    assert_eq!(who("crew", &msg), [1]);
    assert_eq!(who("both", &msg), [0, 1, 2]);
    // A crew list (BGM 250): persons with a qualifier outside the guide count as crew there.
    let mut other = pax("OTHER");
    other.role = "ZZZ";
    let crew_list = parse(&edifact("250", &[leg("QQ1", "DXB", "CDG")], &[crew, other]));
    assert_eq!(crew_list.kind, "crew");
    assert_eq!(who("crew", &crew_list), [0, 1]);
    assert!(who("passengers", &crew_list).is_empty());
}

#[test]
fn matches_are_ordered_by_person_then_severity() {
    let mk = |id: &str, sev: &str| {
        parse_rule(&format!(
            r#"{{"id": "{id}", "version": 3, "name": "n", "owner": "o", "severity": "{sev}",
                "valid_from": "2026-01-01T00:00:00Z", "condition": {{"gender": {{"in": ["M"]}}}}}}"#
        ))
        .unwrap()
    };
    let set = RuleSet::compile(
        &[mk("A", "low"), mk("B", "critical"), mk("C", "medium")],
        now(),
    );
    let msg = simple(&[pax("X"), pax("Y")]);
    let got: Vec<(usize, String)> = evaluate(&set, &msg, now())
        .into_iter()
        .map(|m| (m.person_index, m.rule_id))
        .collect();
    let want: Vec<(usize, String)> = [(0, "B"), (0, "C"), (0, "A"), (1, "B"), (1, "C"), (1, "A")]
        .into_iter()
        .map(|(p, s)| (p, s.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_duplicate_version_is_reported() {
    let a = rule("R", r#"{"gender": {"in": ["M"]}}"#);
    let b = rule("R", r#"{"gender": {"in": ["F"]}}"#);
    let set = RuleSet::compile(&[a, b], now());
    assert_eq!(set.len(), 1);
    assert_eq!(set.skipped()[0].reason, SkipReason::DuplicateVersion);
    // The first one given is kept.
    assert_eq!(hits_in(&set, &simple(&[pax("A")])), [0]);
}

fn hits_in(set: &RuleSet, msg: &limes_edifact::paxlst::PaxlstMessage) -> Vec<usize> {
    evaluate(set, msg, now())
        .into_iter()
        .map(|m| m.person_index)
        .collect()
}
