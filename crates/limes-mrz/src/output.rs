//! The JSON object `limes mrz` prints for one MRZ.

use crate::{Format, Mrz};
use chrono::NaiveDate;

/// The JSON object `limes mrz` prints for one MRZ.
pub fn to_output_json(m: &Mrz) -> serde_json::Value {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let f = &m.fields;
    // The output has one optional-data field: a TD1's two (upper, then middle line) are joined by a space.
    let optional_data = match (f.optional_data.is_empty(), f.optional_data_2.is_empty()) {
        (_, true) => f.optional_data.clone(),
        (true, false) => f.optional_data_2.clone(),
        (false, false) => format!("{} {}", f.optional_data, f.optional_data_2),
    };
    serde_json::json!({
        "format": m.format.map(Format::as_str),
        "valid": m.valid,
        "errors": m.errors,
        "warnings": m.warnings,
        "fields": {
            "document_code": f.document_code,
            "issuing_state": f.issuing_state,
            "surname": f.surname,
            "given_names": f.given_names,
            "document_number": f.document_number,
            "nationality": f.nationality,
            "birth_date": date(f.birth_date),
            "sex": f.sex,
            "expiry_date": date(f.expiry_date),
            "optional_data": optional_data,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::{check_digit, parse};

    #[test]
    fn output_json_has_exactly_the_documented_shape() {
        let m = parse(
            &format!("  {}\r\n", TD1_LONG.replace('\n', "  \r\n")),
            today(),
        );
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(m.raw_lines.len(), 3);
        assert_eq!(m.raw_lines[0], "I<UTOD23145890<7349<<<<<<<<<<<");
        let json = to_output_json(&m);
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&json),
            ["errors", "fields", "format", "valid", "warnings"]
        );
        assert_eq!(
            keys(&json["fields"]),
            [
                "birth_date",
                "document_code",
                "document_number",
                "expiry_date",
                "given_names",
                "issuing_state",
                "nationality",
                "optional_data",
                "sex",
                "surname"
            ]
        );
        assert_eq!(json["format"], "TD1");
        assert_eq!(json["fields"]["expiry_date"], "1995-07-12");
        assert_eq!(json["fields"]["sex"], "M");
        let bad = to_output_json(&parse(
            &with_line2("L898902C36UTO7408121<1204159ZE184226B<<<<<10"),
            today(),
        ));
        let error = &bad["errors"][0];
        assert_eq!(
            keys(error),
            ["expected", "field", "found", "message", "position"]
        );
        assert_eq!(bad["fields"]["sex"], "X", "'<' is unspecified");
        assert_eq!(
            to_output_json(&parse("", today()))["format"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn td1_optional_data_of_both_lines_is_joined_in_the_output() {
        let line1 = "I<UTOD231458907ABC<<<<<<<<<<<<";
        let mut line2 = String::from("7408122F1204159UTOXY12<<<<<<<");
        let composite = format!(
            "{}{}{}{}",
            &line1[5..30],
            &line2[0..7],
            &line2[8..15],
            &line2[18..29]
        );
        line2.push(char::from(b'0' + check_digit(&composite).unwrap()));
        let m = parse(
            &format!("{line1}\n{line2}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"),
            today(),
        );
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(
            (
                m.fields.optional_data.as_str(),
                m.fields.optional_data_2.as_str()
            ),
            ("ABC", "XY12")
        );
        assert_eq!(to_output_json(&m)["fields"]["optional_data"], "ABC XY12");
    }
}
