//! How a flight is named in advance passenger information: its designator and the key that joins every
//! manifest sent for it.
use chrono::NaiveDateTime;

/// The flight designator: PAXLST's TDT usually carries it whole ("UT101"), sometimes the number alone.
pub fn flight_designator(carrier: &str, flight_number: &str) -> String {
    let carrier = carrier.trim().to_ascii_uppercase();
    let number = flight_number.trim().to_ascii_uppercase();
    if carrier.is_empty() || number.starts_with(&carrier) {
        number
    } else {
        format!("{carrier}{number}")
    }
}

/// The key of a flight: its designator and the scheduled departure date of its first leg.
pub fn flight_key(carrier: &str, flight_number: &str, departure: Option<NaiveDateTime>) -> String {
    let date = departure
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "undated".into());
    format!("{}-{date}", flight_designator(carrier, flight_number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_designator_is_carrier_and_number_once() {
        assert_eq!(flight_designator("ut", "ut101"), "UT101");
        assert_eq!(flight_designator("UT", "101"), "UT101");
        assert_eq!(flight_designator("", "101"), "101");
        let dep = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).and_then(|d| d.and_hms_opt(6, 0, 0));
        assert_eq!(flight_key("UT", "101", dep), "UT101-2026-03-02");
        assert_eq!(flight_key("UT", "101", None), "UT101-undated");
    }
}
