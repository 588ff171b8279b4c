//! Machine-readable zones for the demo's travellers: passports written with correct check digits, and the
//! three samples the demo invites its users to check.
use chrono::{Duration, NaiveDate};

/// The ICAO 9303 check digit of an MRZ field, as a character.
pub fn check_digit(s: &str) -> char {
    limes_mrz::check_digit(s)
        .map(|d| char::from(b'0' + d))
        .unwrap_or('0')
}

fn mrz_name(s: &str) -> String {
    s.to_ascii_uppercase()
        .chars()
        .map(|c| if c.is_ascii_uppercase() { c } else { '<' })
        .collect()
}

fn pad(s: &str, n: usize) -> String {
    let mut s: String = s.chars().take(n).collect();
    while s.len() < n {
        s.push('<');
    }
    s
}

/// A passport, to write its MRZ.
pub struct Passport<'a> {
    pub issuer: &'a str,
    pub surname: &'a str,
    pub given: &'a str,
    pub number: &'a str,
    pub nationality: &'a str,
    pub birth: NaiveDate,
    pub sex: char,
    pub expiry: NaiveDate,
}

/// A passport (TD3) MRZ with correct check digits.
pub fn td3(p: &Passport<'_>) -> String {
    let Passport {
        issuer,
        surname,
        given,
        number,
        nationality,
        birth,
        sex,
        expiry,
    } = *p;
    let line1 = pad(
        &format!(
            "P<{}{}<<{}",
            pad(issuer, 3),
            mrz_name(surname),
            mrz_name(given)
        ),
        44,
    );
    let num = pad(number, 9);
    let dob = birth.format("%y%m%d").to_string();
    let exp = expiry.format("%y%m%d").to_string();
    let personal = pad("", 14);
    let mut line2 = format!(
        "{num}{}{}{dob}{}{sex}{exp}{}{personal}{}",
        check_digit(&num),
        pad(nationality, 3),
        check_digit(&dob),
        check_digit(&exp),
        check_digit(&personal)
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(check_digit(&composite));
    format!("{line1}\n{line2}")
}

pub struct Samples {
    pub clear: String,
    pub stolen: String,
    pub un_hit: String,
}

/// Travellers the demo (and its tests) can check: a clean one, a stolen passport, a UN-listed person.
pub fn samples(today: NaiveDate) -> Samples {
    let expiry = today + Duration::days(3 * 365);
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
    Samples {
        clear: td3(&Passport {
            issuer: "UTO",
            surname: "Eriksson",
            given: "Anna Maria",
            number: "L898902C3",
            nationality: "UTO",
            birth: d(1974, 8, 12),
            sex: 'F',
            expiry,
        }),
        stolen: td3(&Passport {
            issuer: "UTO",
            surname: "Berg",
            given: "Jonas",
            number: "UX4471208",
            nationality: "UTO",
            birth: d(1988, 2, 3),
            sex: 'M',
            expiry,
        }),
        // CDi.006 on the UN list (Democratic Republic of the Congo list), with his listed birth date.
        un_hit: td3(&Passport {
            issuer: "COD",
            surname: "Katanga",
            given: "Germain",
            number: "OB0193544",
            nationality: "COD",
            birth: d(1978, 4, 28),
            sex: 'M',
            expiry,
        }),
    }
}
