//! Validation on save: one test per kind of error, each asserting the path in the rule JSON and the message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_rules::{parse_rule, parse_rule_value, validate, ValidationError};

fn errors_of(json: &str) -> Vec<ValidationError> {
    match parse_rule(json) {
        Ok(r) => panic!("expected errors, the rule validated: {r:?}"),
        Err(e) => e,
    }
}

fn errors(condition: &str) -> Vec<ValidationError> {
    errors_of(&rule_json("R1", condition))
}

/// Exactly one error, at `path`, whose message contains `needle`.
fn one(errors: &[ValidationError], path: &str, needle: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, path, "{errors:#?}");
    assert!(
        errors[0].message.contains(needle),
        "message {:?} lacks {needle:?}",
        errors[0].message
    );
}

#[test]
fn a_valid_rule_round_trips_through_json() {
    let r = rule(
        "R-RT",
        r#"{"all": [{"nationality": {"in": ["SYR"]}}, {"field": {"path": "person.seat", "prefix": "1"}}]}"#,
    );
    assert!(validate(&r).is_empty());
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(parse_rule(&json).unwrap(), r);
    assert_eq!(
        parse_rule_value(serde_json::to_value(&r).unwrap()).unwrap(),
        r
    );
}

#[test]
fn unknown_field_path() {
    one(
        &errors(
            r#"{"all": [{"gender": {"in": ["M"]}}, {"field": {"path": "person.residnce", "equals": "FRA"}}]}"#,
        ),
        "condition.all[1].field.path",
        "unknown field path 'person.residnce' (did you mean 'person.residence'?); known paths: message.reference",
    );
    one(
        &errors(r#"{"field": {"path": "person.references.TOOLONG", "exists": true}}"#),
        "condition.field.path",
        "unknown field path 'person.references.TOOLONG'",
    );
}

#[test]
fn wrong_operator_for_a_field() {
    one(
        &errors(r#"{"field": {"path": "person.birth_date", "prefix": "1990"}}"#),
        "condition.field.prefix",
        "operator 'prefix' does not apply to the date field 'person.birth_date'; use one of equals, in, not_in, between, exists",
    );
    one(
        &errors(r#"{"field": {"path": "person.seat", "between": {"from": 1, "to": 9}}}"#),
        "condition.field.between",
        "operator 'between' does not apply to the text field 'person.seat'",
    );
}

#[test]
fn field_needs_exactly_one_operator() {
    one(
        &errors(r#"{"field": {"path": "person.seat"}}"#),
        "condition.field",
        "give one operator for 'person.seat': equals, in, not_in, prefix, contains, exists",
    );
    one(
        &errors(r#"{"field": {"path": "person.seat", "prefix": "1", "contains": "A"}}"#),
        "condition.field",
        "give exactly one operator, found prefix and contains",
    );
}

#[test]
fn empty_lists() {
    one(
        &errors(
            r#"{"all": [{"gender": {"in": ["M"]}}, {"age": {"min": 18}}, {"nationality": {"in": []}}]}"#,
        ),
        "condition.all[2].nationality.in",
        "an empty list",
    );
    one(
        &errors(r#"{"any": []}"#),
        "condition.any",
        "an empty list: give at least one condition",
    );
    one(
        &errors(r#"{"field": {"path": "person.seat", "not_in": []}}"#),
        "condition.field.not_in",
        "an empty list",
    );
}

#[test]
fn valid_to_before_valid_from() {
    let json = r#"{"id": "R1", "version": 1, "name": "n", "owner": "o", "severity": "low",
        "valid_from": "2026-12-01T00:00:00Z", "valid_to": "2026-11-30T23:59:59Z",
        "condition": {"gender": {"in": ["M"]}}}"#;
    one(
        &errors_of(json),
        "valid_to",
        "valid_to 2026-11-30T23:59:59+00:00 is not after valid_from 2026-12-01T00:00:00+00:00",
    );
}

#[test]
fn min_age_above_max_age() {
    one(
        &errors(r#"{"not": {"age": {"min": 40, "max": 30}}}"#),
        "condition.not.age.min",
        "min age 40 is above max age 30",
    );
    one(
        &errors(r#"{"age": {}}"#),
        "condition.age",
        "give min, max or both for the age",
    );
    one(
        &errors(r#"{"age": {"max": 200}}"#),
        "condition.age.max",
        "age 200 is above the highest allowed, 130",
    );
    one(
        &errors(r#"{"group_size": {"min": 5, "max": 2}}"#),
        "condition.group_size.min",
        "min group size 5 is above max group size 2",
    );
}

#[test]
fn bad_airport_code_shape() {
    one(
        &errors(r#"{"transit": {"in": ["IST", "Dubai"]}}"#),
        "condition.transit.in[1]",
        "'Dubai' is not an airport code: three letters (IATA location code), e.g. DXB",
    );
    one(
        &errors(r#"{"field": {"path": "person.arrival_port", "equals": "LFPG"}}"#),
        "condition.field.equals",
        "'LFPG' is not an airport code",
    );
}

#[test]
fn unknown_country_code() {
    one(
        &errors(r#"{"nationality": {"not_in": ["FRA", "XQZ"]}}"#),
        "condition.nationality.not_in[1]",
        "unknown country code 'XQZ'",
    );
    one(
        &errors(r#"{"document": {"issuing_state": {"in": ["Atlantis"]}}}"#),
        "condition.document.issuing_state.in[0]",
        "unknown country code 'Atlantis'",
    );
    one(
        &errors(r#"{"field": {"path": "document.issuing_state", "in": ["SYR", "ZZ"]}}"#),
        "condition.field.in[1]",
        "unknown country code 'ZZ'",
    );
}

#[test]
fn unknown_keys_are_refused_with_their_path() {
    one(
        &errors(r#"{"all": [{"nationalty": {"in": ["SYR"]}}]}"#),
        "condition.all[0]",
        "unknown variant `nationalty`, expected one of `all`, `any`, `not`",
    );
    one(
        &errors(r#"{"document": {"type": {"in": ["P"]}, "expires_in": 30}}"#),
        "condition.document.expires_in",
        "unknown field `expires_in`, expected one of `type`, `issuing_state`, `expires_within_days`",
    );
    let json = r#"{"id": "R1", "version": 1, "name": "n", "owner": "o", "severity": "low",
        "valid_from": "2026-01-01T00:00:00Z", "priority": 3, "condition": {"gender": {"in": ["M"]}}}"#;
    one(&errors_of(json), "priority", "unknown field `priority`");
}

#[test]
fn serde_errors_carry_the_path() {
    let json = r#"{"id": "R1", "version": "two", "name": "n", "owner": "o", "severity": "low",
        "valid_from": "2026-01-01T00:00:00Z", "condition": {"gender": {"in": ["M"]}}}"#;
    one(
        &errors_of(json),
        "version",
        "invalid type: string \"two\", expected u32 (line 1, column",
    );
    let json = r#"{"id": "R1", "version": 1, "name": "n", "severity": "low",
        "valid_from": "2026-01-01T00:00:00Z", "condition": {"gender": {"in": ["M"]}}}"#;
    one(&errors_of(json), "owner", "missing field `owner`");
    let json = r#"{"id": "R1", "version": 1, "name": "n", "owner": "o", "severity": "urgent",
        "valid_from": "2026-01-01T00:00:00Z", "condition": {"gender": {"in": ["M"]}}}"#;
    one(
        &errors_of(json),
        "severity",
        "unknown variant `urgent`, expected one of `low`, `medium`, `high`, `critical`",
    );
    let json = r#"{"id": "R1", "version": 1, "name": "n", "owner": "o", "severity": "low",
        "valid_from": "1 Dec 2026", "condition": {"gender": {"in": ["M"]}}}"#;
    one(
        &errors_of(json),
        "valid_from",
        "not an RFC 3339 date-time such as 2026-12-01T00:00:00Z",
    );
    one(
        &errors(r#"{"age": {"min": -3}}"#),
        "condition.age.min",
        "invalid value: integer `-3`, expected u32",
    );
    one(
        &errors(r#"{"all": [{"gender": {"in": ["M"]}, "age": {"min": 18}}]}"#),
        "condition.all[0]",
        "a condition is an object with exactly one key",
    );
    one(
        &errors(r#"{"nationality": ["SYR"]}"#),
        "condition.nationality",
        r#"expected {"in": [...]} or {"not_in": [...]}"#,
    );
    one(&errors_of("{\"id\": "), "id", "EOF while parsing");
    // The same paths from a JSON value (as the HTTP layer may hand it over).
    let value = serde_json::json!({"id": "R1", "version": 1, "name": "n", "owner": "o", "severity": "low",
        "valid_from": "2026-01-01T00:00:00Z", "condition": {"any": [{"age": {"min": 1, "mx": 3}}]}});
    let e = parse_rule_value(value).unwrap_err();
    one(&e, "condition.any[0].age.mx", "unknown field `mx`");
}

#[test]
fn an_id_with_surrounding_spaces_is_refused() {
    one(
        &errors_of(&rule_json(" R1", r#"{"gender": {"in": ["M"]}}"#)),
        "id",
        "rule id ' R1' must be",
    );
}

#[test]
fn metadata_must_be_filled_in() {
    let json = r#"{"id": "bad id!", "version": 0, "name": " ", "owner": "", "severity": "low",
        "valid_from": "2026-01-01T00:00:00Z", "condition": {"gender": {"in": ["M"]}}}"#;
    let e = errors_of(json);
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["id", "version", "name", "owner"], "{e:#?}");
    assert!(e[0]
        .message
        .contains("rule id 'bad id!' must be 1 to 64 letters"));
    assert_eq!(e[1].message, "versions start at 1");
}

#[test]
fn every_error_of_a_rule_is_reported_at_once() {
    let e = errors(
        r#"{"all": [{"nationality": {"in": ["SYR", "QQQ"]}},
                    {"age": {"min": 50, "max": 20}},
                    {"booked_with": {"origin": {"in": ["ISTANBUL"]}}},
                    {"field": {"path": "nope", "equals": 1}}]}"#,
    );
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "condition.all[0].nationality.in[1]",
            "condition.all[1].age.min",
            "condition.all[2].booked_with.origin.in[0]",
            "condition.all[3].field.path"
        ]
    );
}

#[test]
fn bad_values_for_typed_fields() {
    one(
        &errors(r#"{"field": {"path": "person.birth_date", "equals": "01/02/1990"}}"#),
        "condition.field.equals",
        "expected a date YYYY-MM-DD, found '01/02/1990'",
    );
    one(
        &errors(r#"{"field": {"path": "person.age", "in": [20, 2.5]}}"#),
        "condition.field.in[1]",
        "expected a whole number, found a number",
    );
    one(
        &errors(r#"{"field": {"path": "leg.departure_time", "between": {"from": "noon"}}}"#),
        "condition.field.between.from",
        "expected a date-time YYYY-MM-DDTHH:MM[:SS] or a date YYYY-MM-DD, found 'noon'",
    );
    one(
        &errors(r#"{"field": {"path": "person.age", "between": {"from": 40, "to": 30}}}"#),
        "condition.field.between.from",
        "from is after to: the range is empty",
    );
    one(
        &errors(r#"{"field": {"path": "person.age", "between": {}}}"#),
        "condition.field.between",
        "give from, to or both",
    );
    one(
        &errors(r#"{"field": {"path": "person.seat", "equals": true}}"#),
        "condition.field.equals",
        "expected a text value, found a boolean",
    );
    one(
        &errors(r#"{"field": {"path": "person.seat", "prefix": "  "}}"#),
        "condition.field.prefix",
        "an empty value",
    );
}

#[test]
fn bad_codes_in_other_predicates() {
    one(
        &errors(r#"{"gender": {"in": ["male"]}}"#),
        "condition.gender.in[0]",
        "gender 'male' is not M, F, U or X",
    );
    one(
        &errors(r#"{"carrier": {"in": ["QATAR"]}}"#),
        "condition.carrier.in[0]",
        "'QATAR' is not a carrier designator",
    );
    one(
        &errors(r#"{"flight": {"in": ["QQ"]}}"#),
        "condition.flight.in[0]",
        "'QQ' is not a flight",
    );
    one(
        &errors(r#"{"document": {"type": {"in": ["PASSPORT"]}}}"#),
        "condition.document.type.in[0]",
        "'PASSPORT' is not a document type code",
    );
    one(
        &errors(r#"{"document": {}}"#),
        "condition.document",
        "give at least one of type, issuing_state, expires_within_days",
    );
    one(
        &errors(r#"{"document": {"expires_within_days": 99999}}"#),
        "condition.document.expires_within_days",
        "99999 days is more than the highest allowed, 3660",
    );
    one(
        &errors(r#"{"origin": {"in": [" "]}}"#),
        "condition.origin.in[0]",
        "an empty value",
    );
}

#[test]
fn error_display_joins_path_and_message() {
    let e = &errors(r#"{"gender": {"in": ["male"]}}"#)[0];
    assert_eq!(
        e.to_string(),
        "condition.gender.in[0]: gender 'male' is not M, F, U or X"
    );
    let json = serde_json::to_value(e).unwrap();
    assert_eq!(json["path"], "condition.gender.in[0]");
}
