//! Numbers, masses and transport modes as declarations write them: decimals with a point or a comma, masses in
//! UN/ECE Rec 20 units (and the non-Rec-20 ones traders send), UN/ECE Rec 19 mode codes in words.

/// A decimal number as declared (`10062.5`, `.000`, `9,338`), `None` when it is not one or not finite.
pub(crate) fn decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let normalised = t.replace(',', ".");
    let value: f64 = normalised.parse().ok()?;
    value.is_finite().then_some(value)
}

/// A count (packages, items): a whole non-negative number; `None` when it is not one.
pub(crate) fn count(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    // "53.0" is still 53; "5.5" packages is not a count.
    let value = decimal(t)?;
    (value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX)).then_some(value as u32)
}

/// What a mass unit means in kilograms, and whether the code is the UN/ECE Rec 20 one.
pub(crate) struct MassUnit {
    pub kg_per_unit: f64,
    pub rec20: bool,
}

/// A mass unit code: Rec 20 (`KGM`, `GRM`, `TNE`, `LBR`) or what traders write instead (`KG`, `TON`, `KGS`).
/// The UK CDS variant `KGM#G` (gross) reads as kilograms.
pub(crate) fn mass_unit(code: &str) -> Option<MassUnit> {
    let upper = code.trim().to_ascii_uppercase();
    let base = upper.split('#').next().unwrap_or("");
    let (kg_per_unit, rec20) = match base {
        "" | "KGM" => (1.0, true),
        "GRM" => (0.001, true),
        "TNE" => (1000.0, true),
        "LBR" => (0.453_592_37, true),
        "KG" | "KGS" | "KILO" => (1.0, false),
        "TON" | "T" | "MT" => (1000.0, false),
        "G" | "GR" => (0.001, false),
        "LB" | "LBS" => (0.453_592_37, false),
        _ => return None,
    };
    Some(MassUnit { kg_per_unit, rec20 })
}

/// A mass in kilograms from a value and its unit code; a warning when the unit is not Rec 20 or unknown.
pub(crate) fn mass_kg(
    value: &str,
    unit: &str,
    place: &str,
    warnings: &mut Vec<String>,
) -> Option<f64> {
    let amount = decimal(value)?;
    match mass_unit(unit) {
        Some(u) => {
            if !u.rec20 {
                warnings.push(format!(
                    "{place}: mass unit '{unit}' is not a UN/ECE Rec 20 code; read as {} kg per unit",
                    u.kg_per_unit
                ));
            }
            let kg = amount * u.kg_per_unit;
            if kg.is_finite() {
                Some(kg)
            } else {
                warnings.push(format!(
                    "{place}: mass {value} {unit} is out of range; ignored"
                ));
                None
            }
        }
        None => {
            warnings.push(format!(
                "{place}: mass unit '{unit}' is not a unit of mass; the mass {value} is ignored"
            ));
            None
        }
    }
}

/// UN/ECE Rec 19 mode of transport code in the words of [`limes_domain::goods::TransportMeans::mode`].
pub(crate) fn transport_mode(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "1" | "10" | "11" | "12" => "sea",
        "2" | "20" | "21" | "22" | "23" => "rail",
        "3" | "30" | "31" | "32" => "road",
        "4" | "40" | "41" | "42" => "air",
        "5" | "50" => "post",
        "7" | "70" | "71" | "72" => "fixed",
        "8" | "80" | "81" => "inland_waterway",
        "9" | "0" => "unknown",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_with_point_or_comma_and_odd_forms() {
        assert_eq!(decimal("10062.5"), Some(10062.5));
        assert_eq!(decimal(".000"), Some(0.0));
        assert_eq!(decimal("9,5"), Some(9.5));
        assert_eq!(decimal("abc"), None);
        assert_eq!(decimal("NaN"), None);
        assert_eq!(count("53"), Some(53));
        assert_eq!(count("53.0"), Some(53));
        assert_eq!(count("5.5"), None);
        assert_eq!(count("-1"), None);
    }

    #[test]
    fn masses_convert_and_warn_on_units_outside_rec20() {
        let mut w = Vec::new();
        assert_eq!(mass_kg("2.000", "TON", "item 2", &mut w), Some(2000.0));
        assert_eq!(mass_kg("10", "KGM", "item 1", &mut w), Some(10.0));
        assert_eq!(mass_kg("10", "KGM#G", "item 1", &mut w), Some(10.0));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("TON"));
        assert_eq!(mass_kg("3", "MTQ", "item 3", &mut w), None);
        assert_eq!(w.len(), 2);
        assert_eq!(mass_kg("1e308", "TNE", "item 4", &mut w), None);
        assert!(w[2].contains("out of range"));
    }

    #[test]
    fn modes_in_words() {
        assert_eq!(transport_mode("1"), Some("sea"));
        assert_eq!(transport_mode("4"), Some("air"));
        assert_eq!(transport_mode("8"), Some("inland_waterway"));
        assert_eq!(transport_mode("X"), None);
    }
}
