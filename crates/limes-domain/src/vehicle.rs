//! Vehicles and means of transport at a land border: the vehicle, its VIN read per ISO 3779 (manufacturer,
//! region, the North American check digit), plates normalised for comparison, the stolen-vehicle register's
//! record (INTERPOL SMV-like) and a vehicle crossing. Pure: no I/O, time passed in.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::decision::Direction;

/// The kind of vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VehicleCategory {
    Car,
    Van,
    Truck,
    Trailer,
    Bus,
    Motorcycle,
}

impl VehicleCategory {
    pub const ALL: [VehicleCategory; 6] = [
        VehicleCategory::Car,
        VehicleCategory::Van,
        VehicleCategory::Truck,
        VehicleCategory::Trailer,
        VehicleCategory::Bus,
        VehicleCategory::Motorcycle,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            VehicleCategory::Car => "car",
            VehicleCategory::Van => "van",
            VehicleCategory::Truck => "truck",
            VehicleCategory::Trailer => "trailer",
            VehicleCategory::Bus => "bus",
            VehicleCategory::Motorcycle => "motorcycle",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        VehicleCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A vehicle as it presents at the border.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Vehicle {
    /// The plate as read (display form).
    pub plate: String,
    /// ISO 3166-1 alpha-2 or alpha-3 code of the registration country.
    pub registration_country: String,
    /// The VIN as read, if it was read.
    pub vin: Option<String>,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    pub category: VehicleCategory,
}

/// The region of the world a VIN's first character assigns (ISO 3780).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VinRegion {
    Africa,
    Asia,
    Europe,
    NorthAmerica,
    Oceania,
    SouthAmerica,
}

impl VinRegion {
    /// The region of a VIN's first character.
    pub fn of(first: char) -> Option<VinRegion> {
        match first {
            'A'..='H' => Some(VinRegion::Africa),
            'J'..='R' => Some(VinRegion::Asia),
            'S'..='Z' => Some(VinRegion::Europe),
            '1'..='5' => Some(VinRegion::NorthAmerica),
            '6' | '7' => Some(VinRegion::Oceania),
            '8' | '9' | '0' => Some(VinRegion::SouthAmerica),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            VinRegion::Africa => "africa",
            VinRegion::Asia => "asia",
            VinRegion::Europe => "europe",
            VinRegion::NorthAmerica => "north_america",
            VinRegion::Oceania => "oceania",
            VinRegion::SouthAmerica => "south_america",
        }
    }
    /// Whether the region makes position 9 a check digit (North America requires it; elsewhere it is a
    /// manufacturer's character and is not checked).
    pub fn uses_check_digit(self) -> bool {
        self == VinRegion::NorthAmerica
    }
}

/// What the check digit at position 9 says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CheckDigit {
    Valid,
    /// The VIN's check digit is not the one its other characters give: a misread or an altered VIN.
    Wrong {
        expected: char,
        found: char,
    },
    /// The region does not use a check digit: position 9 was not checked.
    NotChecked,
}

/// A VIN that passed the ISO 3779 form checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VinReport {
    /// The VIN, upper case, without spaces.
    pub vin: String,
    /// World manufacturer identifier: the first three characters.
    pub wmi: String,
    /// The manufacturer the WMI names, when it is one Limes knows.
    pub manufacturer: Option<String>,
    pub region: VinRegion,
    pub check_digit: CheckDigit,
}

impl VinReport {
    /// The VIN is well formed and its check digit, where checked, is right.
    pub fn is_valid(&self) -> bool {
        !matches!(self.check_digit, CheckDigit::Wrong { .. })
    }
}

/// Why a VIN is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VinError {
    #[error("a VIN has 17 characters, this one has {0}")]
    Length(usize),
    /// I, O and Q are never used (they look like 1 and 0).
    #[error("position {position}: {letter} is never used in a VIN (it looks like a digit)")]
    ForbiddenLetter { position: usize, letter: char },
    #[error("position {position}: {found:?} is not a letter or a digit")]
    Character { position: usize, found: char },
    #[error("position 1: {0} does not start a VIN of any region")]
    Region(char),
}

/// The value of a VIN character in the check-digit sum (ISO 3779 / 49 CFR 565 transliteration).
fn transliterate(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A' | 'J' => Some(1),
        'B' | 'K' | 'S' => Some(2),
        'C' | 'L' | 'T' => Some(3),
        'D' | 'M' | 'U' => Some(4),
        'E' | 'N' | 'V' => Some(5),
        'F' | 'W' => Some(6),
        'G' | 'P' | 'X' => Some(7),
        'H' | 'Y' => Some(8),
        'R' | 'Z' => Some(9),
        _ => None,
    }
}

const CHECK_WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The check digit the other 16 characters of a well-formed VIN give ('0'–'9' or 'X').
pub fn vin_check_digit(vin: &str) -> Option<char> {
    let mut sum = 0u32;
    for (i, c) in vin.chars().enumerate() {
        sum += transliterate(c)? * CHECK_WEIGHTS.get(i)?;
    }
    match sum % 11 {
        10 => Some('X'),
        d => char::from_digit(d, 10),
    }
}

/// A VIN written for comparison: upper case, spaces and hyphens dropped (nothing else changed: a VIN with an O
/// stays wrong).
pub fn normalize_vin(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A few world manufacturer identifiers, for the officer's eye (the register of WMIs is SAE's, not embedded).
const MANUFACTURERS: &[(&str, &str)] = &[
    ("1FA", "Ford"),
    ("1FT", "Ford"),
    ("1G1", "Chevrolet"),
    ("1HG", "Honda"),
    ("1M8", "Motor Coach Industries"),
    ("2T1", "Toyota"),
    ("3VW", "Volkswagen"),
    ("4T1", "Toyota"),
    ("5YJ", "Tesla"),
    ("JHM", "Honda"),
    ("JMZ", "Mazda"),
    ("JN1", "Nissan"),
    ("JTD", "Toyota"),
    ("KMH", "Hyundai"),
    ("KNA", "Kia"),
    ("LSV", "SAIC Volkswagen"),
    ("SAL", "Land Rover"),
    ("SJN", "Nissan"),
    ("TMB", "Škoda"),
    ("UU1", "Dacia"),
    ("VF1", "Renault"),
    ("VF3", "Peugeot"),
    ("VF7", "Citroën"),
    ("W0L", "Opel"),
    ("WAU", "Audi"),
    ("WBA", "BMW"),
    ("WDB", "Mercedes-Benz"),
    ("WDD", "Mercedes-Benz"),
    ("WMA", "MAN"),
    ("WVW", "Volkswagen"),
    ("WV1", "Volkswagen Commercial Vehicles"),
    ("XLR", "DAF"),
    ("YS2", "Scania"),
    ("YV2", "Volvo Trucks"),
    ("YV1", "Volvo"),
    ("ZFA", "Fiat"),
    ("ZAR", "Alfa Romeo"),
];

/// Read a VIN per ISO 3779: 17 letters and digits without I, O or Q, its WMI and region, and the check digit
/// where the region uses one.
pub fn validate_vin(raw: &str) -> Result<VinReport, VinError> {
    let vin = normalize_vin(raw);
    let count = vin.chars().count();
    if count != 17 {
        return Err(VinError::Length(count));
    }
    for (i, c) in vin.chars().enumerate() {
        let position = i + 1;
        if matches!(c, 'I' | 'O' | 'Q') {
            return Err(VinError::ForbiddenLetter {
                position,
                letter: c,
            });
        }
        if !c.is_ascii_alphanumeric() {
            return Err(VinError::Character { position, found: c });
        }
    }
    let first = vin.chars().next().unwrap_or(' ');
    let region = VinRegion::of(first).ok_or(VinError::Region(first))?;
    let wmi: String = vin.chars().take(3).collect();
    let manufacturer = MANUFACTURERS
        .iter()
        .find(|(w, _)| *w == wmi)
        .map(|(_, m)| (*m).to_string());
    let check_digit = if region.uses_check_digit() {
        let found = vin.chars().nth(8).unwrap_or(' ');
        match vin_check_digit(&vin) {
            Some(expected) if expected == found => CheckDigit::Valid,
            Some(expected) => CheckDigit::Wrong { expected, found },
            None => CheckDigit::NotChecked,
        }
    } else {
        CheckDigit::NotChecked
    };
    Ok(VinReport {
        vin,
        wmi,
        manufacturer,
        region,
        check_digit,
    })
}

/// A plate written for comparison, and what was changed to write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlateKey {
    /// Upper case letters and digits only (spaces, hyphens, dots dropped): two readings of the same plate
    /// compare equal.
    pub exact: String,
    /// `exact` with the look-alikes merged (O→0, I→1, Q→0): only for finding possible misreadings, which
    /// are reported as such, never for an exact match.
    pub lookalike: String,
    /// The plate has a letter that reads like a digit (O, I, Q): a match on `lookalike` alone is possible.
    pub has_lookalikes: bool,
}

/// Normalise a plate for comparison (see [`PlateKey`]).
pub fn normalize_plate(raw: &str) -> PlateKey {
    let exact: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    let lookalike: String = exact
        .chars()
        .map(|c| match c {
            'O' | 'Q' => '0',
            'I' => '1',
            c => c,
        })
        .collect();
    let has_lookalikes = exact.chars().any(|c| matches!(c, 'O' | 'Q' | 'I'));
    PlateKey {
        exact,
        lookalike,
        has_lookalikes,
    }
}

/// One record of the stolen-vehicle register (the national equivalent of INTERPOL's SMV database). A record
/// names the vehicle by VIN, by plate and country, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StolenVehicle {
    /// The reporting authority's reference of the alert; unique in the register.
    pub alert_reference: String,
    pub vin: Option<String>,
    pub plate: Option<String>,
    /// Registration country of the plate (ISO 3166-1 alpha-2 or alpha-3).
    pub country: Option<String>,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub colour: String,
    pub stolen_on: NaiveDate,
    pub reporting_authority: String,
}

/// Why a stolen-vehicle record cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StolenVehicleError {
    #[error("alert_reference: empty")]
    NoReference,
    #[error("vin or plate: a record names the vehicle by VIN or by plate and country")]
    NoVehicle,
    #[error("country: a plate needs its registration country")]
    PlateWithoutCountry,
    #[error("reporting_authority: empty")]
    NoAuthority,
}

impl StolenVehicle {
    /// The record names a vehicle and its source.
    pub fn validate(&self) -> Result<(), StolenVehicleError> {
        let empty = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
        if self.alert_reference.trim().is_empty() {
            return Err(StolenVehicleError::NoReference);
        }
        if empty(&self.vin) && empty(&self.plate) {
            return Err(StolenVehicleError::NoVehicle);
        }
        if !empty(&self.plate) && empty(&self.country) {
            return Err(StolenVehicleError::PlateWithoutCountry);
        }
        if self.reporting_authority.trim().is_empty() {
            return Err(StolenVehicleError::NoAuthority);
        }
        Ok(())
    }
}

/// How a register record matched the vehicle at the border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StolenMatch {
    /// Same VIN.
    Vin,
    /// Same plate (after normalisation) and registration country.
    Plate,
    /// Same plate and country only when O/0 and I/1 are merged: a possible misreading for the officer to look at.
    PlateLookalike,
}

impl StolenMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            StolenMatch::Vin => "vin",
            StolenMatch::Plate => "plate",
            StolenMatch::PlateLookalike => "plate_lookalike",
        }
    }
}

/// A vehicle crossing as recorded at a land BCP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VehicleCrossing {
    pub id: String,
    pub bcp: String,
    pub officer: String,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub vehicle: Vehicle,
    /// The driver's traveller check or crossing id.
    pub driver: Option<String>,
    /// The passengers' traveller check or crossing ids.
    #[serde(default)]
    pub passengers: Vec<String>,
    /// The declarations a truck carries (their references).
    #[serde(default)]
    pub declarations: Vec<String>,
    /// The VIN as read, when it was read and is well formed.
    pub vin_report: Option<VinReport>,
    /// Why the VIN read is not one, when it is not.
    pub vin_problem: Option<String>,
    /// Register hits: alert references with how they matched.
    #[serde(default)]
    pub stolen_hits: Vec<(String, StolenMatch)>,
}

impl VehicleCrossing {
    /// A stolen-vehicle hit on the VIN or the plate: critical, the officer decides (like a document hit).
    pub fn has_critical_hit(&self) -> bool {
        self.stolen_hits
            .iter()
            .any(|(_, m)| matches!(m, StolenMatch::Vin | StolenMatch::Plate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_american_vins_have_their_check_digit_checked() {
        // The example VIN of 49 CFR 565 teaching material (check digit X) and a 2003 Honda Accord.
        for vin in ["1M8GDM9AXKP042788", "1HGCM82633A004352"] {
            let r = validate_vin(vin).unwrap();
            assert_eq!(r.region, VinRegion::NorthAmerica, "{vin}");
            assert_eq!(r.check_digit, CheckDigit::Valid, "{vin}");
            assert!(r.is_valid());
        }
        assert_eq!(
            validate_vin("1M8GDM9AXKP042788")
                .unwrap()
                .manufacturer
                .as_deref(),
            Some("Motor Coach Industries")
        );
        // One character of the serial changed: the check digit no longer fits.
        let r = validate_vin("1HGCM82633A004353").unwrap();
        assert_eq!(
            r.check_digit,
            CheckDigit::Wrong {
                expected: vin_check_digit("1HGCM82633A004353").unwrap(),
                found: '3'
            }
        );
        assert!(!r.is_valid());
        let r = validate_vin("1M8GDM9A1KP042788").unwrap();
        assert_eq!(
            r.check_digit,
            CheckDigit::Wrong {
                expected: 'X',
                found: '1'
            }
        );
    }

    #[test]
    fn european_and_asian_vins_are_not_check_digit_checked() {
        let r = validate_vin("WVWZZZ1JZXW000001").unwrap();
        assert_eq!(r.region, VinRegion::Europe);
        assert_eq!(r.wmi, "WVW");
        assert_eq!(r.manufacturer.as_deref(), Some("Volkswagen"));
        assert_eq!(r.check_digit, CheckDigit::NotChecked);
        assert!(r.is_valid());
        let r = validate_vin("JTDKB20U093123456").unwrap();
        assert_eq!(r.region, VinRegion::Asia);
        assert_eq!(r.manufacturer.as_deref(), Some("Toyota"));
        assert_eq!(r.check_digit, CheckDigit::NotChecked);
        assert_eq!(
            validate_vin("9BWZZZ377VT004251").unwrap().region,
            VinRegion::SouthAmerica
        );
        assert_eq!(
            validate_vin("6T1BE42K24X123456").unwrap().region,
            VinRegion::Oceania
        );
        assert_eq!(
            validate_vin("AAVZZZ6RZDU012345").unwrap().region,
            VinRegion::Africa
        );
    }

    #[test]
    fn malformed_vins_say_what_is_wrong() {
        assert_eq!(validate_vin("WVWZZZ1JZXW00001"), Err(VinError::Length(16)));
        assert_eq!(
            validate_vin("WVWZZZ1JZXWOOOOO1"),
            Err(VinError::ForbiddenLetter {
                position: 12,
                letter: 'O'
            })
        );
        assert_eq!(
            validate_vin("1HGCM82633A00435I"),
            Err(VinError::ForbiddenLetter {
                position: 17,
                letter: 'I'
            })
        );
        assert_eq!(
            validate_vin("WVWZZZ1JZXW00000*"),
            Err(VinError::Character {
                position: 17,
                found: '*'
            })
        );
        // Spaces, hyphens and lower case are a reading's, not the VIN's.
        assert_eq!(
            validate_vin(" 1hgcm826-33a004352 ").unwrap().vin,
            "1HGCM82633A004352"
        );
    }

    #[test]
    fn plates_compare_without_spaces_and_report_lookalikes() {
        let a = normalize_plate("b-ab 1234");
        let b = normalize_plate("BAB1234");
        assert_eq!(a.exact, b.exact);
        assert!(!a.has_lookalikes);
        let o = normalize_plate("UT O 123");
        let zero = normalize_plate("UT-0-123");
        // Not folded: O and 0 differ for an exact match, the look-alike key brings them together.
        assert_ne!(o.exact, zero.exact);
        assert_eq!(o.lookalike, zero.lookalike);
        assert!(o.has_lookalikes);
        assert!(!zero.has_lookalikes);
    }

    #[test]
    fn a_stolen_vehicle_names_the_vehicle_and_its_source() {
        let base = StolenVehicle {
            alert_reference: "UTO-SMV-1".into(),
            vin: Some("WVWZZZ1JZXW000001".into()),
            plate: None,
            country: None,
            make: "Volkswagen".into(),
            model: "Golf".into(),
            colour: "black".into(),
            stolen_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            reporting_authority: "UTO police".into(),
        };
        assert_eq!(base.validate(), Ok(()));
        let no_vehicle = StolenVehicle {
            vin: None,
            ..base.clone()
        };
        assert_eq!(no_vehicle.validate(), Err(StolenVehicleError::NoVehicle));
        let plate_only = StolenVehicle {
            vin: None,
            plate: Some("UT 123".into()),
            ..base.clone()
        };
        assert_eq!(
            plate_only.validate(),
            Err(StolenVehicleError::PlateWithoutCountry)
        );
        assert_eq!(
            StolenVehicle {
                alert_reference: " ".into(),
                ..base
            }
            .validate(),
            Err(StolenVehicleError::NoReference)
        );
    }
}
