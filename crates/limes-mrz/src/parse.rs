//! Parsing one MRZ: the input lines, their structure, and each format's layout of fields.

use crate::fields::{issue, Parser, Span};
use crate::format::detect;
use crate::{Format, Mrz, MrzFields};
use chrono::NaiveDate;

/// Parse and validate one MRZ. Never panics, whatever the input.
pub fn parse(text: &str, today: NaiveDate) -> Mrz {
    let mut p = Parser {
        lines: Vec::new(),
        today,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut lowercase_seen = false;
    let raw_lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    for (li, line) in raw_lines.iter().enumerate() {
        let mut bytes = Vec::with_capacity(line.len());
        for (ci, ch) in line.chars().enumerate() {
            let b = if ch.is_ascii_lowercase() {
                lowercase_seen = true;
                ch.to_ascii_uppercase() as u8
            } else if ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '<' {
                ch as u8
            } else {
                p.errors.push(issue(
                    "structure",
                    format!("{}:{}", li + 1, ci + 1),
                    "A-Z, 0-9 or <",
                    &ch.to_string(),
                    format!(
                        "character '{ch}' at {}:{} is not allowed in an MRZ",
                        li + 1,
                        ci + 1
                    ),
                ));
                b'?'
            };
            bytes.push(b);
        }
        p.lines.push(bytes);
    }
    if lowercase_seen {
        p.errors.push(issue(
            "structure",
            "1:1".into(),
            "upper case",
            "lower case",
            "the MRZ has lower-case letters; it is written in upper case only".into(),
        ));
    }
    let Some(format) = detect(&p.lines) else {
        p.errors.push(issue(
            "structure",
            "1:1".into(),
            "3 lines of 30, or 2 lines of 36 or 44 characters",
            &format!("{} line(s) of {:?} characters", p.lines.len(), p.lines.iter().map(Vec::len).collect::<Vec<_>>()),
            "not a machine-readable zone of a known format (TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44)".into(),
        ));
        return Mrz {
            format: None,
            valid: false,
            fields_read: false,
            errors: p.errors,
            warnings: p.warnings,
            fields: MrzFields::default(),
            raw_lines,
        };
    };
    let (count, width) = format.shape();
    let mut shape_ok = p.lines.len() == count;
    for (i, l) in p.lines.iter().enumerate() {
        if l.len() != width {
            shape_ok = false;
            p.errors.push(issue(
                "structure",
                format!("{}:1", i + 1),
                &width.to_string(),
                &l.len().to_string(),
                format!(
                    "line {} has {} characters; a {} line has {width}",
                    i + 1,
                    l.len(),
                    format.as_str()
                ),
            ));
        }
    }
    if !shape_ok {
        return Mrz {
            format: Some(format),
            valid: false,
            fields_read: false,
            errors: p.errors,
            warnings: p.warnings,
            fields: MrzFields::default(),
            raw_lines,
        };
    }
    let mut f = MrzFields {
        document_code: p.document_code(format),
        ..Default::default()
    };
    f.issuing_state = p.code_field("issuing_state", Span(0, 2, 3), true);
    match format {
        Format::Td1 => {
            let (number, opt1) =
                p.document_number(Span(0, 5, 9), Span(0, 14, 1), Some(Span(0, 15, 15)));
            f.document_number = number;
            f.optional_data = opt1;
            read_dates_and_sex(&mut p, &mut f, 1, 0);
            f.nationality = p.code_field("nationality", Span(1, 15, 3), true);
            f.optional_data_2 = p.optional(Span(1, 18, 11));
            let (s, g) = p.name(Span(2, 0, 30));
            (f.surname, f.given_names) = (s, g);
            let mut composite = p.get(Span(0, 5, 25)).to_vec();
            composite.extend_from_slice(p.get(Span(1, 0, 7)));
            composite.extend_from_slice(p.get(Span(1, 8, 7)));
            composite.extend_from_slice(p.get(Span(1, 18, 11)));
            p.check("composite", &composite, Span(1, 29, 1));
        }
        Format::Td2 | Format::MrvB | Format::Td3 | Format::MrvA => {
            let name_len = width - 5;
            let (s, g) = p.name(Span(0, 5, name_len));
            (f.surname, f.given_names) = (s, g);
            let long_ok = format == Format::Td2;
            let opt_len = match format {
                Format::Td2 => 7,
                Format::Td3 => 14,
                Format::MrvA => 16,
                _ => 8,
            };
            let opt = Span(1, 28, opt_len);
            let (number, rest) =
                p.document_number(Span(1, 0, 9), Span(1, 9, 1), long_ok.then_some(opt));
            f.document_number = number;
            f.nationality = p.code_field("nationality", Span(1, 10, 3), true);
            read_dates_and_sex(&mut p, &mut f, 1, 13);
            f.optional_data = if long_ok { rest } else { p.optional(opt) };
            if format == Format::Td3 {
                // The personal number's check digit may be '<' (or 0) when the field is empty.
                let personal = p.get(opt).to_vec();
                let cd = Span(1, 42, 1);
                let cd_char = p.get(cd).first().copied();
                let empty = personal.iter().all(|&c| c == b'<');
                if !(empty && matches!(cd_char, Some(b'<') | Some(b'0'))) {
                    p.check("optional_data", &personal, cd);
                }
                let mut composite = p.get(Span(1, 0, 10)).to_vec();
                composite.extend_from_slice(p.get(Span(1, 13, 7)));
                composite.extend_from_slice(p.get(Span(1, 21, 22)));
                p.check("composite", &composite, Span(1, 43, 1));
            } else if format == Format::Td2 {
                let mut composite = p.get(Span(1, 0, 10)).to_vec();
                composite.extend_from_slice(p.get(Span(1, 13, 7)));
                composite.extend_from_slice(p.get(Span(1, 21, 14)));
                p.check("composite", &composite, Span(1, 35, 1));
            }
        }
    }
    let valid = p.errors.is_empty();
    Mrz {
        format: Some(format),
        valid,
        fields_read: true,
        errors: p.errors,
        warnings: p.warnings,
        fields: f,
        raw_lines,
    }
}

/// Birth date, sex and expiry with their check digits; `col` is where the birth date starts on `line`.
fn read_dates_and_sex(p: &mut Parser, f: &mut MrzFields, line: usize, col: usize) {
    let birth = Span(line, col, 6);
    f.birth_date_raw = p.text(birth);
    f.birth_date = p.date("birth_date", birth, false);
    let data = p.get(birth).to_vec();
    p.check("birth_date", &data, Span(line, col + 6, 1));
    f.sex = p.sex(Span(line, col + 7, 1));
    let expiry = Span(line, col + 8, 6);
    f.expiry_date_raw = p.text(expiry);
    f.expiry_date = p.date("expiry_date", expiry, true);
    let data = p.get(expiry).to_vec();
    p.check("expiry_date", &data, Span(line, col + 14, 1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::{check_digit, to_output_json};

    #[test]
    fn td3_fields() {
        let m = parse(TD3, today());
        assert!(m.valid, "{:?}", m.errors);
        let f = &m.fields;
        assert_eq!(
            (f.surname.as_str(), f.given_names.as_str()),
            ("ERIKSSON", "ANNA MARIA")
        );
        assert_eq!(f.document_number, "L898902C3");
        assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(1974, 8, 12));
        assert_eq!(f.expiry_date, NaiveDate::from_ymd_opt(2012, 4, 15));
        assert_eq!(f.sex.as_deref(), Some("F"));
        assert_eq!(f.optional_data, "ZE184226B");
        assert!(m.is_expired(today()));
        let json = to_output_json(&m);
        assert_eq!(json["format"], "TD3");
        assert_eq!(json["fields"]["birth_date"], "1974-08-12");
    }

    #[test]
    fn structure_errors_name_the_line() {
        let m = parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1", today());
        assert_eq!(m.format, Some(Format::Td3));
        assert!(!m.fields_read && !m.valid);
        assert_eq!(
            m.errors[0].message,
            "line 2 has 43 characters; a TD3 line has 44"
        );
        let m = parse("hello", today());
        assert_eq!(m.format, None);
        let m = parse(&TD3.replace("ANNA", "AN#A"), today());
        assert!(m
            .errors
            .iter()
            .any(|e| e.found == "#" && e.position == "1:18"));
        let m = parse(&TD3.to_lowercase(), today());
        assert!(!m.valid && m.errors.iter().any(|e| e.message.contains("lower-case")));
    }

    #[test]
    fn empty_personal_number_may_have_a_filler_check_digit() {
        let l2 = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<";
        let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
        let m = parse(
            &with_line2(&format!("{l2}{}", check_digit(&composite).unwrap())),
            today(),
        );
        assert!(m.valid, "{:?}", m.errors);
    }

    #[test]
    fn mrv_and_td2_formats_are_detected_by_code_and_length() {
        let mrvb = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<";
        let m = parse(mrvb, today());
        assert_eq!(m.format, Some(Format::MrvB));
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(m.fields.document_number, "L8988901C");
        let td2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";
        let m = parse(td2, today());
        assert_eq!(m.format, Some(Format::Td2));
        assert!(m.valid, "{:?}", m.errors);
        // A broken composite digit is named.
        let m = parse(&td2.replace("<6", "<5"), today());
        assert!(m
            .errors
            .iter()
            .any(|e| e.field == "composite" && e.position == "2:36"));
    }

    /// No input makes the parser panic: random bytes, truncations and single-character mutations of valid zones.
    #[test]
    fn never_panics() {
        let mut seed: u64 = 0x9303;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "ABCXYZ0189<< \n\r\téß€#".chars().collect();
        let bases = [
            TD3,
            TD1_LONG,
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
        ];
        for i in 0..120_000u32 {
            let base: Vec<char> = bases[(i % 3) as usize].chars().collect();
            let text: String = match i % 4 {
                0 => {
                    let mut v = base.clone();
                    let at = (next() as usize) % v.len();
                    v[at] = alphabet[(next() as usize) % alphabet.len()];
                    v.into_iter().collect()
                }
                1 => base[..(next() as usize) % base.len()].iter().collect(),
                2 => (0..(next() % 100))
                    .map(|_| alphabet[(next() as usize) % alphabet.len()])
                    .collect(),
                _ => {
                    let mut v = base.clone();
                    let at = (next() as usize) % v.len();
                    v.insert(at, alphabet[(next() as usize) % alphabet.len()]);
                    v.into_iter().collect()
                }
            };
            let m = parse(&text, today());
            assert!(m.valid == m.errors.is_empty());
        }
    }
}
