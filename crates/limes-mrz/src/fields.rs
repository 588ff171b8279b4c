//! Reading the fields of an MRZ: each field cut from its span, checked, and every problem named with its
//! position; OCR-like confusions are hinted at, never corrected.

use crate::check_digit::check_digit_bytes;
use crate::{Format, MrzIssue};
use chrono::{Datelike, NaiveDate};

/// The digit an OCR engine most likely misread as this letter.
fn ocr_digit_for(c: u8) -> Option<char> {
    match c {
        b'O' | b'Q' | b'D' => Some('0'),
        b'I' | b'L' => Some('1'),
        b'Z' => Some('2'),
        b'S' => Some('5'),
        b'G' => Some('6'),
        b'T' => Some('7'),
        b'B' => Some('8'),
        _ => None,
    }
}

/// The letter an OCR engine most likely misread as this digit (in a name).
fn ocr_letter_for(c: u8) -> Option<char> {
    match c {
        b'0' => Some('O'),
        b'1' => Some('I'),
        b'2' => Some('Z'),
        b'5' => Some('S'),
        b'6' => Some('G'),
        b'8' => Some('B'),
        _ => None,
    }
}

pub(crate) struct Parser {
    pub(crate) lines: Vec<Vec<u8>>,
    pub(crate) today: NaiveDate,
    pub(crate) errors: Vec<MrzIssue>,
    pub(crate) warnings: Vec<MrzIssue>,
}

/// A span of one line: (line index 0-based, column start 0-based, length).
#[derive(Clone, Copy)]
pub(crate) struct Span(pub(crate) usize, pub(crate) usize, pub(crate) usize);

impl Span {
    fn pos(self) -> String {
        format!("{}:{}", self.0 + 1, self.1 + 1)
    }
    fn at(self, offset: usize) -> String {
        format!("{}:{}", self.0 + 1, self.1 + offset + 1)
    }
}

pub(crate) fn issue(
    field: &str,
    position: String,
    expected: &str,
    found: &str,
    message: String,
) -> MrzIssue {
    MrzIssue {
        field: field.into(),
        position,
        expected: expected.into(),
        found: found.into(),
        message,
    }
}

impl Parser {
    pub(crate) fn get(&self, s: Span) -> &[u8] {
        self.lines
            .get(s.0)
            .and_then(|l| l.get(s.1..s.1 + s.2))
            .unwrap_or(&[])
    }
    pub(crate) fn text(&self, s: Span) -> String {
        String::from_utf8_lossy(self.get(s)).into_owned()
    }
    fn err(&mut self, field: &str, position: String, expected: &str, found: &str, message: String) {
        self.errors
            .push(issue(field, position, expected, found, message));
    }
    fn warn(
        &mut self,
        field: &str,
        position: String,
        expected: &str,
        found: &str,
        message: String,
    ) {
        self.warnings
            .push(issue(field, position, expected, found, message));
    }

    /// Check a check digit over `data` (bytes), written at `cd`.
    pub(crate) fn check(&mut self, field: &str, data: &[u8], cd: Span) -> bool {
        let found = self.get(cd).first().copied().unwrap_or(b'?');
        let Some(expected) = check_digit_bytes(data) else {
            // Invalid characters in the data were reported where they stand.
            return false;
        };
        let expected_c = char::from(b'0' + expected);
        match found {
            b'0'..=b'9' if found - b'0' == expected => true,
            b'0'..=b'9' => {
                self.err(
                    field,
                    cd.pos(),
                    &expected_c.to_string(),
                    &char::from(found).to_string(),
                    format!(
                        "{field} check digit at {} is {} but the data gives {expected_c}",
                        cd.pos(),
                        char::from(found)
                    ),
                );
                false
            }
            b'<' => {
                self.err(
                    field,
                    cd.pos(),
                    &expected_c.to_string(),
                    "<",
                    format!("a '<' stands where the {field} check digit is required (expected {expected_c})"),
                );
                false
            }
            other => {
                let hint = match ocr_digit_for(other) {
                    Some(d) => format!("; likely an OCR confusion of '{d}' (not corrected)"),
                    None => String::new(),
                };
                self.err(
                    field,
                    cd.pos(),
                    &expected_c.to_string(),
                    &char::from(other).to_string(),
                    format!(
                        "{field} check digit at {} is '{}', not a digit{hint}",
                        cd.pos(),
                        char::from(other)
                    ),
                );
                false
            }
        }
    }

    pub(crate) fn code_field(&mut self, field: &str, s: Span, warn_unknown: bool) -> String {
        let raw = self.get(s).to_vec();
        let code = String::from_utf8_lossy(&raw)
            .trim_end_matches('<')
            .to_string();
        let shape_ok = !code.is_empty()
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && raw.iter().skip(code.len()).all(|&b| b == b'<');
        if !shape_ok {
            let found = String::from_utf8_lossy(&raw).into_owned();
            self.err(
                field,
                s.pos(),
                "a 3-letter ICAO code (letters, '<' fillers at the end)",
                &found,
                format!("{field} '{found}' at {} is not an ICAO code", s.pos()),
            );
        } else if warn_unknown && limes_countries::by_icao(&code).is_none() {
            self.warn(
                field,
                s.pos(),
                "a known ICAO code",
                &code,
                format!("{field} '{code}' is not a known ICAO state or organisation code"),
            );
        }
        code
    }

    /// A YYMMDD date. Fillers make it unknown (its check digit still decides validity).
    pub(crate) fn date(&mut self, field: &str, s: Span, expiry: bool) -> Option<NaiveDate> {
        let raw = self.get(s).to_vec();
        if raw.contains(&b'<') {
            for (i, &c) in raw.iter().enumerate() {
                if !(c.is_ascii_digit() || c == b'<') {
                    self.date_char_error(field, s, i, c);
                }
            }
            return None;
        }
        let mut bad = false;
        for (i, &c) in raw.iter().enumerate() {
            if !c.is_ascii_digit() {
                self.date_char_error(field, s, i, c);
                bad = true;
            }
        }
        if bad || raw.len() != 6 {
            return None;
        }
        // All six are digits (checked above), so the subtraction cannot underflow.
        let digit_at = |a: usize| raw.get(a).map_or(0, |&c| u32::from(c - b'0'));
        let num = |a: usize| digit_at(a) * 10 + digit_at(a + 1);
        let (yy, mm, dd) = (num(0) as i32, num(2), num(4));
        let plausible = |y: i32| NaiveDate::from_ymd_opt(y, mm, dd);
        // 2000 is a leap year: any real month and day exists in it.
        let Some(_) = plausible(2000) else {
            let found = String::from_utf8_lossy(&raw).into_owned();
            self.err(
                field,
                s.pos(),
                "a real date YYMMDD",
                &found,
                format!("{field} '{found}' is not a real date (month {mm:02}, day {dd:02})"),
            );
            return None;
        };
        let today_yy = self.today.year();
        let year = if expiry {
            match yy {
                0..=45 => 2000 + yy,
                70..=99 => 1900 + yy,
                _ => {
                    // Between the two rules: take the century nearer to today, and say so.
                    let (a, b) = (2000 + yy, 1900 + yy);
                    let y = if (a - today_yy).abs() <= (today_yy - b).abs() {
                        a
                    } else {
                        b
                    };
                    self.warn(
                        field,
                        s.pos(),
                        "",
                        &format!("{yy:02}"),
                        format!("expiry year '{yy:02}' is ambiguous; read as {y}"),
                    );
                    y
                }
            }
        } else {
            // Birth: the latest year that is not in the future.
            let candidate = 2000 + yy;
            match plausible(candidate) {
                Some(d) if d <= self.today => candidate,
                _ => 1900 + yy,
            }
        };
        match plausible(year) {
            Some(d) => Some(d),
            None => {
                let found = String::from_utf8_lossy(&raw).into_owned();
                self.err(
                    field,
                    s.pos(),
                    "a real date YYMMDD",
                    &found,
                    format!("{field} '{found}' is not a real date in {year}"),
                );
                None
            }
        }
    }

    fn date_char_error(&mut self, field: &str, s: Span, i: usize, c: u8) {
        let hint = match ocr_digit_for(c) {
            Some(d) => format!("; likely an OCR confusion of '{d}' (not corrected)"),
            None => String::new(),
        };
        self.err(
            field,
            s.at(i),
            "a digit or '<'",
            &char::from(c).to_string(),
            format!(
                "{field} has '{}' at {} where a digit is required{hint}",
                char::from(c),
                s.at(i)
            ),
        );
    }

    pub(crate) fn sex(&mut self, s: Span) -> Option<String> {
        match self.get(s).first().copied() {
            Some(b'M') => Some("M".into()),
            Some(b'F') => Some("F".into()),
            Some(b'<') | Some(b'X') => Some("X".into()),
            Some(c) => {
                self.err(
                    "sex",
                    s.pos(),
                    "M, F, X or <",
                    &char::from(c).to_string(),
                    format!("sex '{}' at {} is not M, F, X or <", char::from(c), s.pos()),
                );
                None
            }
            None => None,
        }
    }

    pub(crate) fn name(&mut self, s: Span) -> (String, String) {
        let raw = self.get(s).to_vec();
        for (i, &c) in raw.iter().enumerate() {
            if c.is_ascii_digit() {
                let hint = match ocr_letter_for(c) {
                    Some(l) => format!("; likely an OCR confusion of '{l}' (not corrected)"),
                    None => String::new(),
                };
                self.err(
                    "name",
                    s.at(i),
                    "a letter or '<'",
                    &char::from(c).to_string(),
                    format!(
                        "name has the digit '{}' at {}{hint}",
                        char::from(c),
                        s.at(i)
                    ),
                );
            }
        }
        let text = String::from_utf8_lossy(&raw).into_owned();
        let trimmed = text.trim_end_matches('<');
        let (surname, given) = match trimmed.find("<<") {
            Some(i) => (&trimmed[..i], &trimmed[i + 2..]),
            None => (trimmed, ""),
        };
        // Doc 9303 separates the components of a name by one filler; a double filler inside the secondary
        // identifier (STEVENSON<<PETER<<JOHN) is not how a document is printed: a finding in itself.
        if let Some(start) = trimmed.find("<<").map(|i| i + 2) {
            if let Some(j) = trimmed.get(start..).and_then(|g| g.find("<<")) {
                let offset = start + j;
                self.err(
                    "name",
                    s.at(offset),
                    "one '<' between given names",
                    "<<",
                    format!(
                        "the given names are separated by '<<' at {}: Doc 9303 separates name components by one filler",
                        s.at(offset)
                    ),
                );
            }
        }
        let words = |p: &str| {
            p.split('<')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if trimmed.starts_with('<') {
            self.warn(
                "name",
                s.pos(),
                "the primary identifier",
                "<",
                "the name field starts with a filler: no primary identifier (surname)".into(),
            );
        }
        (words(surname), words(given))
    }

    pub(crate) fn document_code(&mut self, format: Format) -> String {
        let s = Span(0, 0, 2);
        let raw = self.get(s).to_vec();
        let first = raw.first().copied().unwrap_or(b'<');
        let second = raw.get(1).copied().unwrap_or(b'<');
        let allowed: &[u8] = match format {
            Format::Td3 => b"P",
            Format::Td1 | Format::Td2 => b"ACI",
            Format::MrvA | Format::MrvB => b"V",
        };
        if !first.is_ascii_uppercase() || !(second.is_ascii_uppercase() || second == b'<') {
            let found = String::from_utf8_lossy(&raw).into_owned();
            self.err(
                "document_code",
                s.pos(),
                "a letter and a letter or '<'",
                &found,
                format!("document code '{found}' is not one or two letters"),
            );
        } else if !allowed.contains(&first) {
            self.warn(
                "document_code",
                s.pos(),
                &String::from_utf8_lossy(allowed),
                &char::from(first).to_string(),
                format!(
                    "document code '{}' is unusual for a {} document",
                    char::from(first),
                    format.as_str()
                ),
            );
        }
        String::from_utf8_lossy(&raw)
            .trim_end_matches('<')
            .to_string()
    }

    pub(crate) fn optional(&self, s: Span) -> String {
        self.text(s).trim_end_matches('<').replace('<', " ")
    }

    /// Document number with its check digit, handling the TD1/TD2 long-number continuation in `opt`.
    /// Returns (number, rest of the optional field after the continuation).
    pub(crate) fn document_number(
        &mut self,
        num: Span,
        cd: Span,
        opt: Option<Span>,
    ) -> (String, String) {
        let field9 = self.get(num).to_vec();
        let cd_char = self.get(cd).first().copied().unwrap_or(b'?');
        let number9 = String::from_utf8_lossy(&field9)
            .trim_end_matches('<')
            .to_string();
        if let (b'<', Some(opt)) = (cd_char, opt) {
            let opt_bytes = self.get(opt).to_vec();
            let run: Vec<u8> = opt_bytes
                .iter()
                .copied()
                .take_while(|&c| c != b'<')
                .collect();
            if run.len() >= 2 {
                let (cont, digit) = run.split_at(run.len() - 1);
                let full: Vec<u8> = field9.iter().chain(cont.iter()).copied().collect();
                let with_filler: Vec<u8> = field9
                    .iter()
                    .chain(std::iter::once(&b'<'))
                    .chain(cont.iter())
                    .copied()
                    .collect();
                let digit_span = Span(opt.0, opt.1 + run.len() - 1, 1);
                let found = digit.first().copied().unwrap_or(b'<');
                let ok = [&full, &with_filler]
                    .iter()
                    .any(|d| check_digit_bytes(d).is_some_and(|e| found == b'0' + e));
                if !ok {
                    // Report against the convention without the filler (the one Doc 9303 shows).
                    self.check("document_number", &full, digit_span);
                }
                let rest = String::from_utf8_lossy(opt_bytes.get(run.len()..).unwrap_or(&[]))
                    .trim_matches('<')
                    .replace('<', " ");
                return (String::from_utf8_lossy(&full).into_owned(), rest);
            }
            self.err(
                "document_number",
                cd.pos(),
                "a check digit, or '<' followed by a long number's continuation in the optional data",
                "<",
                "a '<' stands where the document number check digit is required, and no continuation follows".into(),
            );
            return (number9, self.optional(opt));
        }
        self.check("document_number", &field9, cd);
        (number9, opt.map(|o| self.optional(o)).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;
    use crate::{check_digit, parse};

    #[test]
    fn wrong_check_digit_is_named_with_expected_and_found() {
        let m = parse(
            &with_line2("L898902C36UTO7408121F1204159ZE184226B<<<<<10"),
            today(),
        );
        assert!(!m.valid);
        let e = m.errors.iter().find(|e| e.field == "birth_date").unwrap();
        assert_eq!(
            (e.position.as_str(), e.expected.as_str(), e.found.as_str()),
            ("2:20", "2", "1")
        );
    }

    #[test]
    fn filler_in_a_check_digit_is_an_error() {
        let m = parse(
            &with_line2("L898902C3<UTO7408122F1204159ZE184226B<<<<<10"),
            today(),
        );
        assert!(!m.valid);
        assert!(
            m.errors
                .iter()
                .any(|e| e.field == "document_number" && e.found == "<"),
            "{:?}",
            m.errors
        );
    }

    #[test]
    fn ocr_confusions_are_reported_not_corrected() {
        // O for 0 in the birth date, I for 1 in the expiry check digit.
        let m = parse(
            &with_line2("L898902C36UTO74O8122F120415IZE184226B<<<<<10"),
            today(),
        );
        assert!(!m.valid);
        let birth = m
            .errors
            .iter()
            .find(|e| e.field == "birth_date" && e.found == "O")
            .unwrap();
        assert!(
            birth.message.contains("OCR confusion of '0'"),
            "{}",
            birth.message
        );
        assert_eq!(birth.position, "2:16");
        assert_eq!(m.fields.birth_date, None, "never silently corrected");
        let exp = m
            .errors
            .iter()
            .find(|e| e.field == "expiry_date" && e.found == "I")
            .unwrap();
        assert!(exp.message.contains("OCR confusion of '1'"));
        // A digit in a name.
        let m = parse("P<UTOERIK5SON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", today());
        assert!(m
            .errors
            .iter()
            .any(|e| e.field == "name" && e.message.contains("'S'")));
    }

    #[test]
    fn a_double_filler_between_given_names_is_an_error_with_its_position() {
        let line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let m = parse(
            &format!("P<UTOSTEVENSON<<PETER<<JOHN<<<<<<<<<<<<<<<<<\n{line2}"),
            today(),
        );
        assert!(!m.valid);
        let e = m.errors.iter().find(|e| e.field == "name").unwrap();
        // Name field from column 6; PETER ends at column 21, the second '<<' starts at 22.
        assert_eq!(e.position, "1:22");
        assert_eq!(e.found, "<<");
        // Still read, for screening.
        assert_eq!(m.fields.surname, "STEVENSON");
        assert_eq!(m.fields.given_names, "PETER JOHN");
        // One filler between given names, and trailing fillers, are right.
        let ok = parse(
            &format!("P<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<<<<<<<<<\n{line2}"),
            today(),
        );
        assert!(
            !ok.errors.iter().any(|e| e.field == "name"),
            "{:?}",
            ok.errors
        );
    }

    #[test]
    fn long_document_number_accepts_both_check_digit_conventions() {
        let m = parse(TD1_LONG, today());
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(m.fields.document_number, "D23145890734");
        // X1234567812: the issuer may compute the check digit with or without the filler; both are accepted.
        let with_filler = check_digit("X12345678<12").unwrap();
        let without = check_digit("X1234567812").unwrap();
        assert_ne!(
            with_filler, without,
            "the two conventions differ for this number"
        );
        for digit in [with_filler, without] {
            let line1 = format!("I<UTOX12345678<12{digit}<<<<<<<<<<<<");
            let mut line2 = String::from("3407127M9507122UTO<<<<<<<<<<<");
            let composite = format!(
                "{}{}{}{}",
                &line1[5..30],
                &line2[0..7],
                &line2[8..15],
                &line2[18..29]
            );
            line2.push(char::from(b'0' + check_digit(&composite).unwrap()));
            let m = parse(
                &format!("{line1}\n{line2}\nSTEVENSON<<PETER<JOHN<<<<<<<<<"),
                today(),
            );
            assert!(m.valid, "{:?}", m.errors);
            assert_eq!(m.fields.document_number, "X1234567812");
        }
        // A wrong continuation digit fails.
        let m = parse(&TD1_LONG.replacen("7349", "7348", 1), today());
        assert!(m.errors.iter().any(|e| e.field == "document_number"));
    }

    #[test]
    fn two_digit_years() {
        // Birth: the latest year not in the future. 250101 → 2025; 270101 → 1927 (2027 is ahead of today).
        let mk = |dob: &str, exp: &str| {
            let cd = |s: &str| char::from(b'0' + check_digit(s).unwrap());
            let l2 = format!(
                "L898902C36UTO{dob}{}F{exp}{}ZE184226B<<<<<1",
                cd(dob),
                cd(exp)
            );
            let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
            parse(&with_line2(&format!("{l2}{}", cd(&composite))), today())
        };
        let m = mk("250101", "300101");
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(m.fields.birth_date, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(m.fields.expiry_date, NaiveDate::from_ymd_opt(2030, 1, 1));
        assert_eq!(
            mk("270101", "450101").fields.birth_date,
            NaiveDate::from_ymd_opt(1927, 1, 1)
        );
        assert_eq!(
            mk("270101", "450101").fields.expiry_date,
            NaiveDate::from_ymd_opt(2045, 1, 1)
        );
        assert_eq!(
            mk("800101", "700101").fields.expiry_date,
            NaiveDate::from_ymd_opt(1970, 1, 1)
        );
        let ambiguous = mk("800101", "500101");
        assert_eq!(
            ambiguous.fields.expiry_date,
            NaiveDate::from_ymd_opt(2050, 1, 1)
        );
        assert!(ambiguous.warnings.iter().any(|w| w.field == "expiry_date"));
        // Partly unknown birth date: null, and its check digit decides.
        let m = mk("7408<<", "300101");
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(m.fields.birth_date, None);
        assert_eq!(m.fields.birth_date_raw, "7408<<");
        // Impossible dates are named.
        let m = mk("741332", "300101");
        assert!(m
            .errors
            .iter()
            .any(|e| e.field == "birth_date" && e.message.contains("not a real date")));
    }

    #[test]
    fn unknown_state_is_a_warning_and_d_is_germany() {
        let m = parse(&TD3.replace("UTO", "ZZZ"), today());
        // The composite does not cover the issuing state; the nationality is covered only by no check digit.
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(
            m.warnings
                .iter()
                .filter(|w| w.message.contains("not a known ICAO"))
                .count(),
            2
        );
        let cd = |s: &str| char::from(b'0' + check_digit(s).unwrap());
        let l2 = format!(
            "C01X00T47{}D<<6408125M2702283<<<<<<<<<<<<<<<",
            cd("C01X00T47")
        );
        let l2 = format!("{}{}", &l2[..43], {
            let c = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
            cd(&c)
        });
        let m = parse(
            &format!("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\n{l2}"),
            today(),
        );
        assert!(m.valid, "{:?}", m.errors);
        assert_eq!(
            (
                m.fields.issuing_state.as_str(),
                m.fields.nationality.as_str()
            ),
            ("D", "D")
        );
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }
}
