//! Goods declarations and cargo reports as Limes keeps them, whatever format they came in (WCO Data Model XML,
//! UN/EDIFACT CUSDEC or CUSCAR, the web form, JSON): the parsers fill these types, the single window, the
//! selectivity and the inspections read them. Field names follow the WCO Data Model in plain words.
use serde::{Deserialize, Serialize};

/// The format a declaration was lodged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DeclarationFormat {
    /// WCO Data Model goods declaration (DEC-DMS XML), as UK CDS publishes it.
    WcoDms,
    /// UN/EDIFACT CUSDEC, the customs declaration message.
    Cusdec,
    /// UN/EDIFACT CUSCAR, the carrier's cargo report.
    Cuscar,
    /// The web form for small traders at a land BCP.
    Form,
    /// The JSON API, in this very shape.
    Json,
}

impl DeclarationFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclarationFormat::WcoDms => "wco-dms",
            DeclarationFormat::Cusdec => "cusdec",
            DeclarationFormat::Cuscar => "cuscar",
            DeclarationFormat::Form => "form",
            DeclarationFormat::Json => "json",
        }
    }
}

/// What the message does to the declaration it names: lodge it, amend it, or ask to invalidate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclarationFunction {
    /// A new declaration or cargo report (WCO function code 9, EDIFACT BGM 1225 = 9).
    Original,
    /// Changes to a lodged declaration (WCO 13 with type COR; EDIFACT 4 or 5): only the changed data.
    Amendment,
    /// A request to invalidate a lodged declaration (WCO 13 with type INV; EDIFACT 1).
    Invalidation,
}

impl DeclarationFunction {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclarationFunction::Original => "original",
            DeclarationFunction::Amendment => "amendment",
            DeclarationFunction::Invalidation => "invalidation",
        }
    }
}

/// A party to the movement (declarant, exporter, importer, consignor, consignee, carrier): an identifier such
/// as an EORI where one was given, else a name; the country as an ISO 3166 alpha-2 code where known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Party {
    pub id: Option<String>,
    pub name: Option<String>,
    pub country: Option<String>,
}

/// The means of transport at the border: mode (UN/ECE Rec 19 in words: `sea`, `rail`, `road`, `air`, `post`,
/// `fixed`, `inland_waterway`, `unknown`), identity (vessel, flight, plate) and nationality (ISO 3166 alpha-2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TransportMeans {
    pub mode: Option<String>,
    pub identity: Option<String>,
    pub nationality: Option<String>,
}

/// A container (ISO 6346 number where it is one) and the seals on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Container {
    pub id: String,
    pub seals: Vec<String>,
}

/// A declared value: amount and ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Money {
    pub amount: f64,
    pub currency: String,
}

/// One goods item of a declaration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GoodsItem {
    /// The item's number in the declaration, from 1.
    pub sequence: u32,
    /// The commodity code as declared: an HS subheading (6 digits) or a national extension (8 or 10 digits)
    /// whose first six digits are a known HS subheading. Simplified declarations may have none.
    pub commodity_code: Option<String>,
    pub description: Option<String>,
    /// ISO 3166 alpha-2.
    pub origin_country: Option<String>,
    pub packages: Option<u32>,
    /// UN/ECE Recommendation 21 package type code.
    pub package_type: Option<String>,
    pub gross_mass_kg: Option<f64>,
    pub net_mass_kg: Option<f64>,
    /// The procedure: the 4-character customs procedure code (requested + previous), then any additional
    /// procedure codes, e.g. `4071 1CG`.
    pub procedure: Option<String>,
    /// The item's value for customs or statistics, where declared.
    pub value: Option<Money>,
    /// A consignee given for this item only.
    pub consignee: Option<Party>,
    /// Documents produced for this item (licences, certificates): type code and identifier.
    pub documents: Vec<ItemDocument>,
}

/// A document produced for an item: a licence, a certificate, a previous declaration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemDocument {
    pub type_code: String,
    pub id: Option<String>,
}

/// The declaration's own totals, as declared (they may disagree with the items: that is a warning).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Totals {
    pub items: u32,
    pub packages: Option<u32>,
    pub gross_mass_kg: Option<f64>,
}

/// One change carried by an amendment: the WCO pointer path (or EDIFACT segment) and what it says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AmendmentPointer {
    pub pointer: String,
    pub note: Option<String>,
}

/// A goods declaration or cargo report as read from any format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Declaration {
    pub format: DeclarationFormat,
    /// The declaration type as declared (WCO `TypeCode`, e.g. `IMA`, `EXD`, `COR`; EDIFACT BGM document name
    /// code or name, e.g. `929`, `T2`, `785`).
    #[serde(rename = "type")]
    pub declaration_type: String,
    pub function: DeclarationFunction,
    /// The trader's or customs' reference: the LRN/MRN (WCO `FunctionalReferenceID` or `ID`), EDIFACT BGM 1004.
    pub reference: String,
    pub declarant: Option<Party>,
    pub exporter: Option<Party>,
    pub importer: Option<Party>,
    pub consignor: Option<Party>,
    pub consignee: Option<Party>,
    pub carrier: Option<Party>,
    pub transport: TransportMeans,
    /// ISO 3166 alpha-2 codes: where the goods are dispatched from and go to, and the countries on the way.
    pub export_country: Option<String>,
    pub destination_country: Option<String>,
    pub routing_countries: Vec<String>,
    /// The customs office or place of entry/exit as declared (e.g. `GB000003`, a UN/LOCODE).
    pub office: Option<String>,
    pub containers: Vec<Container>,
    pub items: Vec<GoodsItem>,
    pub totals: Totals,
    /// For an amendment or invalidation: the reference of the declaration it acts on (when it differs from
    /// `reference`), and the changes it carries.
    pub amends: Option<String>,
    pub amendments: Vec<AmendmentPointer>,
    /// What the reader noticed without refusing the message (totals that disagree with the items, unknown code
    /// in a list that is not complete, a wrong segment count), each naming its place.
    pub warnings: Vec<String>,
}

impl Declaration {
    /// An empty declaration of `format`, for a reader to fill.
    pub fn new(
        format: DeclarationFormat,
        function: DeclarationFunction,
        reference: String,
    ) -> Self {
        Declaration {
            format,
            declaration_type: String::new(),
            function,
            reference,
            declarant: None,
            exporter: None,
            importer: None,
            consignor: None,
            consignee: None,
            carrier: None,
            transport: TransportMeans::default(),
            export_country: None,
            destination_country: None,
            routing_countries: Vec::new(),
            office: None,
            containers: Vec::new(),
            items: Vec::new(),
            totals: Totals::default(),
            amends: None,
            amendments: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Warnings where the declared totals disagree with the items (a warning for the officer, never a refusal).
    pub fn totals_warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let item_count = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        if self.totals.items != 0 && self.totals.items != item_count {
            warnings.push(format!(
                "the declaration says {} goods items but carries {}",
                self.totals.items, item_count
            ));
        }
        if let Some(declared) = self.totals.packages {
            // Saturating: absurd package counts from a trader must not overflow.
            let counted: Option<u32> = self
                .items
                .iter()
                .try_fold(0u32, |sum, i| i.packages.map(|p| sum.saturating_add(p)));
            if let Some(counted) = counted {
                if counted != declared {
                    warnings.push(format!(
                        "the declaration says {declared} packages in total but its items add up to {counted}"
                    ));
                }
            }
        }
        if let Some(declared) = self.totals.gross_mass_kg {
            let counted: Option<f64> = self.items.iter().map(|i| i.gross_mass_kg).sum();
            if let Some(counted) = counted {
                // Masses are rounded per item: tolerate half a kilogram per item.
                let tolerance = 0.5 * self.items.len().max(1) as f64;
                if (counted - declared).abs() > tolerance {
                    warnings.push(format!(
                        "the declaration says {declared} kg gross in total but its items add up to {counted} kg"
                    ));
                }
            }
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(sequence: u32, packages: u32, gross: f64) -> GoodsItem {
        GoodsItem {
            sequence,
            packages: Some(packages),
            gross_mass_kg: Some(gross),
            ..GoodsItem::default()
        }
    }

    #[test]
    fn totals_that_agree_give_no_warning() {
        let mut d = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "LRN1".into(),
        );
        d.items = vec![item(1, 10, 100.0), item(2, 5, 50.2)];
        d.totals = Totals {
            items: 2,
            packages: Some(15),
            gross_mass_kg: Some(150.0),
        };
        assert!(d.totals_warnings().is_empty(), "{:?}", d.totals_warnings());
    }

    #[test]
    fn totals_that_disagree_are_named() {
        let mut d = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "LRN1".into(),
        );
        d.items = vec![item(1, 10, 100.0)];
        d.totals = Totals {
            items: 3,
            packages: Some(53),
            gross_mass_kg: Some(900.0),
        };
        let warnings = d.totals_warnings();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].contains("3 goods items but carries 1"));
        assert!(warnings[1].contains("53 packages"));
        assert!(warnings[2].contains("900 kg"));
    }

    #[test]
    fn huge_package_counts_do_not_overflow() {
        let mut d = Declaration::new(
            DeclarationFormat::Json,
            DeclarationFunction::Original,
            "LRN1".into(),
        );
        d.items = vec![item(1, u32::MAX, 1.0), item(2, u32::MAX, 1.0)];
        d.totals = Totals {
            items: 2,
            packages: Some(1),
            gross_mass_kg: None,
        };
        let warnings = d.totals_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains(&u32::MAX.to_string()));
    }

    #[test]
    fn the_json_shape_is_the_published_one() {
        let d = Declaration::new(
            DeclarationFormat::WcoDms,
            DeclarationFunction::Amendment,
            "20GB7BKUHU20XX8PR5".into(),
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["format"], "wco-dms");
        assert_eq!(json["function"], "amendment");
        assert_eq!(json["type"], "");
        assert!(json["transport"]["mode"].is_null());
        assert!(json["totals"]["items"].is_number());
    }
}
