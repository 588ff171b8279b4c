//! How a flight (or a voyage, a coach, a train) is named in advance passenger information: its mode of
//! transport, its designator and the key that joins every manifest sent for it.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How the travellers are carried. Air is the default: manifests stored before the mode was kept were flights.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TransportMode {
    #[default]
    Air,
    Sea,
    Road,
    Rail,
}

impl TransportMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportMode::Air => "air",
            TransportMode::Sea => "sea",
            TransportMode::Road => "road",
            TransportMode::Rail => "rail",
        }
    }
    pub fn parse(s: &str) -> Option<TransportMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "air" => Some(TransportMode::Air),
            "sea" => Some(TransportMode::Sea),
            "road" => Some(TransportMode::Road),
            "rail" => Some(TransportMode::Rail),
            _ => None,
        }
    }
}

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

/// The key of a conveyance: a flight's key as [`flight_key`]; a voyage, coach or train by its mode, carrier,
/// conveyance id (voyage or trip number, registration, IMO number) and departure date, so a ferry's voyage
/// never joins a flight of the same number.
pub fn conveyance_key(
    mode: TransportMode,
    carrier: &str,
    conveyance_id: &str,
    departure: Option<NaiveDateTime>,
) -> String {
    if mode == TransportMode::Air {
        return flight_key(carrier, conveyance_id, departure);
    }
    let date = departure
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "undated".into());
    let part = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join("")
            .to_ascii_uppercase()
    };
    format!(
        "{}-{}-{}-{date}",
        mode.as_str().to_ascii_uppercase(),
        part(carrier),
        part(conveyance_id)
    )
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

    #[test]
    fn a_flight_keeps_its_key_and_other_conveyances_carry_their_mode() {
        let dep = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).and_then(|d| d.and_hms_opt(6, 0, 0));
        assert_eq!(
            conveyance_key(TransportMode::Air, "UT", "101", dep),
            flight_key("UT", "101", dep)
        );
        assert_eq!(
            conveyance_key(TransportMode::Sea, "utferry", "V 2603", dep),
            "SEA-UTFERRY-V2603-2026-03-02"
        );
        assert_eq!(
            conveyance_key(TransportMode::Road, "CARRIER", "", None),
            "ROAD-CARRIER--undated"
        );
        assert_eq!(TransportMode::parse("Sea"), Some(TransportMode::Sea));
        assert_eq!(TransportMode::default(), TransportMode::Air);
    }
}
