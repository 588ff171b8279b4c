//! Seizure and offence records after the WCO Customs Enforcement Network (CEN) and ISACS 06.30: the non-nominal
//! record (heading, commodity and quantity, concealment, route, transport, detection), its photographs' metadata,
//! the nominal part (persons and companies involved, kept apart, need-to-know), who may read what, and the
//! validation that names the field. Pure: no I/O, time passed in.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;

/// The 13 CEN seizure headings.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CenHeading {
    Drugs,
    Tobacco,
    Alcohol,
    Cites,
    Ipr,
    Precursors,
    TaxAndDutyEvasion,
    WeaponsAndExplosives,
    Currency,
    NuclearAndRadioactive,
    HazardousAndToxic,
    /// Child sexual abuse material: the record and its photographs are restricted (see [`may_read_record`]).
    Csam,
    Other,
}

impl CenHeading {
    pub const ALL: [CenHeading; 13] = [
        CenHeading::Drugs,
        CenHeading::Tobacco,
        CenHeading::Alcohol,
        CenHeading::Cites,
        CenHeading::Ipr,
        CenHeading::Precursors,
        CenHeading::TaxAndDutyEvasion,
        CenHeading::WeaponsAndExplosives,
        CenHeading::Currency,
        CenHeading::NuclearAndRadioactive,
        CenHeading::HazardousAndToxic,
        CenHeading::Csam,
        CenHeading::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CenHeading::Drugs => "drugs",
            CenHeading::Tobacco => "tobacco",
            CenHeading::Alcohol => "alcohol",
            CenHeading::Cites => "cites",
            CenHeading::Ipr => "ipr",
            CenHeading::Precursors => "precursors",
            CenHeading::TaxAndDutyEvasion => "tax_and_duty_evasion",
            CenHeading::WeaponsAndExplosives => "weapons_and_explosives",
            CenHeading::Currency => "currency",
            CenHeading::NuclearAndRadioactive => "nuclear_and_radioactive",
            CenHeading::HazardousAndToxic => "hazardous_and_toxic",
            CenHeading::Csam => "csam",
            CenHeading::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<CenHeading> {
        let s = s.trim().to_ascii_lowercase();
        CenHeading::ALL.into_iter().find(|h| h.as_str() == s)
    }

    /// Whether records under this heading are restricted (never in galleries or lists of others).
    pub fn is_restricted(self) -> bool {
        self == CenHeading::Csam
    }

    /// The units a quantity under this heading may be given in.
    pub fn units(self) -> &'static [QuantityUnit] {
        use QuantityUnit::*;
        match self {
            CenHeading::Drugs => &[Kg, G, L, Pieces],
            CenHeading::Tobacco => &[Cigarettes, Kg, G, Pieces],
            CenHeading::Alcohol => &[L, Pieces],
            CenHeading::Cites => &[Pieces, Kg, G],
            CenHeading::Ipr => &[Pieces, Kg],
            CenHeading::Precursors => &[Kg, G, L],
            CenHeading::TaxAndDutyEvasion => &[Kg, G, L, Pieces, Cigarettes],
            CenHeading::WeaponsAndExplosives => &[Pieces, Kg, G],
            CenHeading::Currency => &[Currency],
            CenHeading::NuclearAndRadioactive => &[Becquerel, Kg, G, Pieces],
            CenHeading::HazardousAndToxic => &[Kg, G, L, Pieces],
            CenHeading::Csam => &[Pieces],
            CenHeading::Other => &[Kg, G, L, Pieces, Cigarettes],
        }
    }
}

/// The unit of a seized quantity.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Kg,
    G,
    L,
    Pieces,
    Cigarettes,
    /// An amount of money; the quantity names its ISO 4217 currency.
    Currency,
    /// Activity of radioactive material.
    Becquerel,
}

impl QuantityUnit {
    pub const ALL: [QuantityUnit; 7] = [
        QuantityUnit::Kg,
        QuantityUnit::G,
        QuantityUnit::L,
        QuantityUnit::Pieces,
        QuantityUnit::Cigarettes,
        QuantityUnit::Currency,
        QuantityUnit::Becquerel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuantityUnit::Kg => "kg",
            QuantityUnit::G => "g",
            QuantityUnit::L => "l",
            QuantityUnit::Pieces => "pieces",
            QuantityUnit::Cigarettes => "cigarettes",
            QuantityUnit::Currency => "currency",
            QuantityUnit::Becquerel => "becquerel",
        }
    }

    pub fn parse(s: &str) -> Option<QuantityUnit> {
        let s = s.trim().to_ascii_lowercase();
        QuantityUnit::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// How much was seized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Quantity {
    pub amount: f64,
    pub unit: QuantityUnit,
    /// ISO 4217 code, for the unit `currency` only.
    #[serde(default)]
    pub currency: Option<String>,
}

impl Quantity {
    /// The key under which quantities add up in statistics: the unit, or the currency for money.
    pub fn sum_key(&self) -> String {
        match (&self.unit, &self.currency) {
            (QuantityUnit::Currency, Some(c)) => c.clone(),
            (u, _) => u.as_str().to_string(),
        }
    }
}

/// How the goods were hidden.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConcealmentMethod {
    NaturalCavity,
    FalseCompartment,
    InGoods,
    OnBody,
    InBody,
    Luggage,
    Mail,
    Clothing,
    NotConcealed,
    Other,
}

impl ConcealmentMethod {
    pub const ALL: [ConcealmentMethod; 10] = [
        ConcealmentMethod::NaturalCavity,
        ConcealmentMethod::FalseCompartment,
        ConcealmentMethod::InGoods,
        ConcealmentMethod::OnBody,
        ConcealmentMethod::InBody,
        ConcealmentMethod::Luggage,
        ConcealmentMethod::Mail,
        ConcealmentMethod::Clothing,
        ConcealmentMethod::NotConcealed,
        ConcealmentMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConcealmentMethod::NaturalCavity => "natural_cavity",
            ConcealmentMethod::FalseCompartment => "false_compartment",
            ConcealmentMethod::InGoods => "in_goods",
            ConcealmentMethod::OnBody => "on_body",
            ConcealmentMethod::InBody => "in_body",
            ConcealmentMethod::Luggage => "luggage",
            ConcealmentMethod::Mail => "mail",
            ConcealmentMethod::Clothing => "clothing",
            ConcealmentMethod::NotConcealed => "not_concealed",
            ConcealmentMethod::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ConcealmentMethod> {
        let s = s.trim().to_ascii_lowercase();
        ConcealmentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// How the seizure was detected.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DetectionMethod {
    RiskProfile,
    Random,
    XRay,
    DetectorDog,
    PhysicalSearch,
    Intelligence,
    DocumentCheck,
    Other,
}

impl DetectionMethod {
    pub const ALL: [DetectionMethod; 8] = [
        DetectionMethod::RiskProfile,
        DetectionMethod::Random,
        DetectionMethod::XRay,
        DetectionMethod::DetectorDog,
        DetectionMethod::PhysicalSearch,
        DetectionMethod::Intelligence,
        DetectionMethod::DocumentCheck,
        DetectionMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DetectionMethod::RiskProfile => "risk_profile",
            DetectionMethod::Random => "random",
            DetectionMethod::XRay => "x_ray",
            DetectionMethod::DetectorDog => "detector_dog",
            DetectionMethod::PhysicalSearch => "physical_search",
            DetectionMethod::Intelligence => "intelligence",
            DetectionMethod::DocumentCheck => "document_check",
            DetectionMethod::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DetectionMethod> {
        let s = s.trim().to_ascii_lowercase();
        DetectionMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The mode of the means of transport.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TransportMode {
    Road,
    Rail,
    Air,
    Sea,
    Postal,
    Pedestrian,
}

impl TransportMode {
    pub const ALL: [TransportMode; 6] = [
        TransportMode::Road,
        TransportMode::Rail,
        TransportMode::Air,
        TransportMode::Sea,
        TransportMode::Postal,
        TransportMode::Pedestrian,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransportMode::Road => "road",
            TransportMode::Rail => "rail",
            TransportMode::Air => "air",
            TransportMode::Sea => "sea",
            TransportMode::Postal => "postal",
            TransportMode::Pedestrian => "pedestrian",
        }
    }

    pub fn parse(s: &str) -> Option<TransportMode> {
        let s = s.trim().to_ascii_lowercase();
        TransportMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The means of transport: mode and identity (plate, flight, vessel, parcel number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Transport {
    pub mode: TransportMode,
    #[serde(default)]
    pub identity: Option<String>,
}

/// Where the goods came from, passed through and were going (ISO 3166-1 alpha-2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Route {
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    pub transit: Vec<String>,
    #[serde(default)]
    pub destination: Option<String>,
}

impl Route {
    /// The route as one key for statistics: `origin>transit>…>destination`, `?` for an unknown end.
    pub fn key(&self) -> String {
        let mut parts = vec![self.origin.clone().unwrap_or_else(|| "?".into())];
        parts.extend(self.transit.iter().cloned());
        parts.push(self.destination.clone().unwrap_or_else(|| "?".into()));
        parts.join(">")
    }
}

/// A photograph of a seizure as the record lists it (the bytes are kept apart, found by `id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PhotoRef {
    pub id: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub media_type: String,
    /// SHA-256 (hex) of the stored bytes, after the metadata was stripped.
    pub sha256: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// An X-ray image rather than a photograph.
    #[serde(default)]
    pub x_ray: bool,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// The non-nominal seizure record, as exchanged with the CEN and the regional intelligence liaison offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Seizure {
    /// The Limes id (UUID v7).
    pub id: String,
    /// The BCP that recorded it.
    pub bcp: String,
    pub heading: CenHeading,
    pub commodity: String,
    /// The Harmonized System code, where known (6 to 10 digits).
    #[serde(default)]
    pub hs_code: Option<String>,
    pub quantity: Quantity,
    pub concealment: ConcealmentMethod,
    /// Where in the vehicle, goods, luggage or body (free text: "false floor of the trailer").
    #[serde(default)]
    pub concealment_place: Option<String>,
    #[serde(default)]
    pub route: Route,
    pub transport: Transport,
    #[serde(default)]
    pub modus_operandi: Option<String>,
    pub detection: DetectionMethod,
    /// When the goods were seized.
    pub seized_at: DateTime<Utc>,
    /// The goods declaration and inspection it came from, when opened from a goods inspection.
    #[serde(default)]
    pub declaration_id: Option<String>,
    #[serde(default)]
    pub inspection_id: Option<String>,
    #[serde(default)]
    pub photos: Vec<PhotoRef>,
    /// Whether a nominal part (persons and companies involved) exists; its content is read apart.
    #[serde(default)]
    pub has_nominal: bool,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Person or company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Company,
}

/// The part a person or company played in the offence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OffenceRole {
    Courier,
    Driver,
    Owner,
    Consignor,
    Consignee,
    Organiser,
    Accomplice,
    Other,
}

/// One person or company involved (nominal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Party {
    pub kind: PartyKind,
    pub name: String,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// ISO 3166-1 alpha-2 (a company's: its country of registration).
    #[serde(default)]
    pub nationality: Option<String>,
    /// The travel document's or registration number.
    #[serde(default)]
    pub document: Option<String>,
    pub role: OffenceRole,
}

/// The nominal part of a seizure: kept apart from the record, read only with need-to-know, each read audited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NominalPart {
    pub parties: Vec<Party>,
}

/// Why a seizure record is refused; the message starts with the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SeizureRejected {
    pub field: String,
    pub message: String,
}

fn reject(field: impl Into<String>, message: impl Into<String>) -> SeizureRejected {
    SeizureRejected {
        field: field.into(),
        message: message.into(),
    }
}

fn check_country(field: &str, code: &str) -> Result<(), SeizureRejected> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(reject(
            field,
            format!("'{code}' is not an ISO 3166-1 alpha-2 code"),
        ))
    }
}

fn check_text(field: &str, text: &Option<String>, max: usize) -> Result<(), SeizureRejected> {
    match text {
        Some(t) if t.chars().count() > max => {
            Err(reject(field, format!("at most {max} characters")))
        }
        _ => Ok(()),
    }
}

/// The rules of a record: a quantity greater than zero in a unit that fits the heading (money with its ISO 4217
/// code, nothing else with one), a commodity, a plausible HS code, ISO 3166 countries, bounded free texts, and a
/// seizure not in the future.
pub fn check_seizure(s: &Seizure, now: DateTime<Utc>) -> Result<(), SeizureRejected> {
    let commodity = s.commodity.trim();
    if commodity.is_empty() {
        return Err(reject("commodity", "say what was seized"));
    }
    if commodity.chars().count() > 200 {
        return Err(reject("commodity", "at most 200 characters"));
    }
    if let Some(hs) = &s.hs_code {
        if !(6..=10).contains(&hs.len()) || !hs.bytes().all(|b| b.is_ascii_digit()) {
            return Err(reject(
                "hs_code",
                format!("'{hs}' is not a Harmonized System code (6 to 10 digits)"),
            ));
        }
    }
    let q = &s.quantity;
    if !q.amount.is_finite() || q.amount <= 0.0 {
        return Err(reject("quantity.amount", "must be greater than zero"));
    }
    if !s.heading.units().contains(&q.unit) {
        let allowed: Vec<&str> = s.heading.units().iter().map(|u| u.as_str()).collect();
        return Err(reject(
            "quantity.unit",
            format!(
                "'{}' does not fit the heading {} (use {})",
                q.unit.as_str(),
                s.heading.as_str(),
                allowed.join(", ")
            ),
        ));
    }
    match (&q.unit, &q.currency) {
        (QuantityUnit::Currency, None) => {
            return Err(reject(
                "quantity.currency",
                "an amount of money needs its ISO 4217 code",
            ))
        }
        (QuantityUnit::Currency, Some(c))
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            return Err(reject(
                "quantity.currency",
                format!("'{c}' is not an ISO 4217 code"),
            ))
        }
        (QuantityUnit::Currency, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(reject(
                "quantity.currency",
                "only an amount of money has a currency",
            ))
        }
    }
    let counted = matches!(q.unit, QuantityUnit::Pieces | QuantityUnit::Cigarettes);
    if counted && q.amount.fract() != 0.0 {
        return Err(reject("quantity.amount", "a count is a whole number"));
    }
    if let Some(o) = &s.route.origin {
        check_country("route.origin", o)?;
    }
    for (i, t) in s.route.transit.iter().enumerate() {
        check_country(&format!("route.transit[{i}]"), t)?;
    }
    if let Some(d) = &s.route.destination {
        check_country("route.destination", d)?;
    }
    check_text("concealment_place", &s.concealment_place, 500)?;
    check_text("modus_operandi", &s.modus_operandi, 4000)?;
    check_text("transport.identity", &s.transport.identity, 100)?;
    if s.seized_at > now {
        return Err(reject("seized_at", "is in the future"));
    }
    Ok(())
}

/// The rules of the nominal part: each party named, nationality ISO 3166, birth date in the past.
pub fn check_nominal(n: &NominalPart, today: NaiveDate) -> Result<(), SeizureRejected> {
    for (i, p) in n.parties.iter().enumerate() {
        let field = |f: &str| format!("nominal.parties[{i}].{f}");
        let name = p.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(reject(field("name"), "a name of 1 to 200 characters"));
        }
        if let Some(c) = &p.nationality {
            check_country(&field("nationality"), c)?;
        }
        if p.birth_date.is_some_and(|d| d > today) {
            return Err(reject(field("birth_date"), "is in the future"));
        }
        if p.kind == PartyKind::Company && p.birth_date.is_some() {
            return Err(reject(field("birth_date"), "a company has no birth date"));
        }
        check_text(&field("document"), &p.document, 60)?;
    }
    Ok(())
}

/// Who reads: the reader's user name, role and whether the record's BCP is in their scope.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub username: &'a str,
    pub role: Role,
    pub bcp_in_scope: bool,
}

fn officer_at_bcp(r: &Reader<'_>) -> bool {
    matches!(
        r.role,
        Role::CustomsOfficer | Role::FirstLineOfficer | Role::SecondLineOfficer
    ) && r.bcp_in_scope
}

/// Whether a reader may see a seizure record: a restricted (CSAM) one only its recording officer, supervisors and
/// auditors; any other the officers of its BCP, supervisors, analysts, liaison officers and auditors.
pub fn may_read_record(s: &Seizure, r: &Reader<'_>) -> bool {
    if s.heading.is_restricted() {
        return s.recorded_by == r.username || matches!(r.role, Role::Supervisor | Role::Auditor);
    }
    officer_at_bcp(r)
        || matches!(
            r.role,
            Role::Supervisor | Role::Analyst | Role::LiaisonOfficer | Role::Auditor
        )
}

/// Whether a reader may see the nominal part: need-to-know, the recording BCP's officers, supervisors and
/// analysts (for a restricted record, only those who may read the record at all).
pub fn may_read_nominal(s: &Seizure, r: &Reader<'_>) -> bool {
    may_read_record(s, r)
        && (officer_at_bcp(r) || matches!(r.role, Role::Supervisor | Role::Analyst))
}

/// Whether a record's photographs may appear in galleries and lists: never a restricted heading's.
pub fn shown_in_gallery(s: &Seizure) -> bool {
    !s.heading.is_restricted()
}

/// The period a statistic groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
    Year,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    /// The label of the period a time falls in: `2026-W07` (ISO week), `2026-02`, `2026`.
    pub fn label(self, at: DateTime<Utc>) -> String {
        use chrono::Datelike;
        match self {
            Period::Week => {
                let w = at.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => at.format("%Y-%m").to_string(),
            Period::Year => at.format("%Y").to_string(),
        }
    }
}

/// What a statistic groups by, beside the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatsBy {
    Heading,
    Bcp,
    Route,
}

impl StatsBy {
    pub fn parse(s: &str) -> Option<StatsBy> {
        match s.trim().to_ascii_lowercase().as_str() {
            "heading" => Some(StatsBy::Heading),
            "bcp" => Some(StatsBy::Bcp),
            "route" => Some(StatsBy::Route),
            _ => None,
        }
    }

    fn key(self, s: &Seizure) -> String {
        match self {
            StatsBy::Heading => s.heading.as_str().to_string(),
            StatsBy::Bcp => s.bcp.clone(),
            StatsBy::Route => s.route.key(),
        }
    }
}

/// One row of a statistic: a period, a group, a quantity unit (or currency), how many seizures and how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatsRow {
    pub period: String,
    pub group: String,
    pub unit: String,
    pub seizures: u64,
    pub quantity: f64,
}

/// Count and add up seizures by period and group, one row per unit; ordered by period, group, unit.
pub fn statistics(seizures: &[Seizure], by: StatsBy, period: Period) -> Vec<StatsRow> {
    let mut rows: std::collections::BTreeMap<(String, String, String), (u64, f64)> =
        Default::default();
    for s in seizures {
        let e = rows
            .entry((period.label(s.seized_at), by.key(s), s.quantity.sum_key()))
            .or_default();
        e.0 += 1;
        e.1 += s.quantity.amount;
    }
    rows.into_iter()
        .map(|((period, group, unit), (seizures, quantity))| StatsRow {
            period,
            group,
            unit,
            seizures,
            quantity,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0).unwrap()
    }

    fn cigarettes() -> Seizure {
        Seizure {
            id: "s1".into(),
            bcp: "LAND1".into(),
            heading: CenHeading::Tobacco,
            commodity: "Cigarettes, counterfeit brand".into(),
            hs_code: Some("240220".into()),
            quantity: Quantity {
                amount: 480_000.0,
                unit: QuantityUnit::Cigarettes,
                currency: None,
            },
            concealment: ConcealmentMethod::FalseCompartment,
            concealment_place: Some("false floor of the trailer".into()),
            route: Route {
                origin: Some("AE".into()),
                transit: vec!["TR".into()],
                destination: Some("DE".into()),
            },
            transport: Transport {
                mode: TransportMode::Road,
                identity: Some("UT-1234".into()),
            },
            modus_operandi: None,
            detection: DetectionMethod::XRay,
            seized_at: now(),
            declaration_id: None,
            inspection_id: None,
            photos: vec![],
            has_nominal: false,
            recorded_by: "customs".into(),
            recorded_at: now(),
        }
    }

    #[test]
    fn a_good_record_passes() {
        assert_eq!(check_seizure(&cigarettes(), now()), Ok(()));
    }

    #[test]
    fn a_unit_that_does_not_fit_the_heading_names_the_field() {
        let mut s = cigarettes();
        s.quantity.unit = QuantityUnit::L;
        let e = check_seizure(&s, now()).unwrap_err();
        assert_eq!(e.field, "quantity.unit");
        assert!(e.message.contains("tobacco"), "{e}");
    }

    #[test]
    fn money_needs_its_currency_code_and_nothing_else_has_one() {
        let mut s = cigarettes();
        s.heading = CenHeading::Currency;
        s.quantity = Quantity {
            amount: 25_000.0,
            unit: QuantityUnit::Currency,
            currency: None,
        };
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "quantity.currency"
        );
        s.quantity.currency = Some("eur".into());
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "quantity.currency"
        );
        s.quantity.currency = Some("EUR".into());
        assert_eq!(check_seizure(&s, now()), Ok(()));
        let mut t = cigarettes();
        t.quantity.currency = Some("EUR".into());
        assert_eq!(
            check_seizure(&t, now()).unwrap_err().field,
            "quantity.currency"
        );
    }

    #[test]
    fn counts_are_whole_and_amounts_positive() {
        let mut s = cigarettes();
        s.quantity.amount = 10.5;
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "quantity.amount"
        );
        s.quantity.amount = 0.0;
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "quantity.amount"
        );
        s.quantity.amount = f64::NAN;
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "quantity.amount"
        );
    }

    #[test]
    fn countries_hs_codes_and_time_are_checked_by_field() {
        let mut s = cigarettes();
        s.route.transit = vec!["TR".into(), "Turkey".into()];
        assert_eq!(
            check_seizure(&s, now()).unwrap_err().field,
            "route.transit[1]"
        );
        let mut s = cigarettes();
        s.hs_code = Some("24.02".into());
        assert_eq!(check_seizure(&s, now()).unwrap_err().field, "hs_code");
        let mut s = cigarettes();
        s.seized_at = now() + chrono::Duration::hours(1);
        assert_eq!(check_seizure(&s, now()).unwrap_err().field, "seized_at");
        let mut s = cigarettes();
        s.commodity = "  ".into();
        assert_eq!(check_seizure(&s, now()).unwrap_err().field, "commodity");
    }

    #[test]
    fn the_nominal_part_is_checked_by_party() {
        let today = now().date_naive();
        let mut n = NominalPart {
            parties: vec![Party {
                kind: PartyKind::Person,
                name: "Ivan Petrov".into(),
                birth_date: NaiveDate::from_ymd_opt(1980, 5, 1),
                nationality: Some("UT".into()),
                document: Some("P1234567".into()),
                role: OffenceRole::Driver,
            }],
        };
        assert_eq!(check_nominal(&n, today), Ok(()));
        n.parties.push(Party {
            kind: PartyKind::Company,
            name: "Trans Ltd".into(),
            birth_date: NaiveDate::from_ymd_opt(2000, 1, 1),
            nationality: Some("UT".into()),
            document: None,
            role: OffenceRole::Owner,
        });
        assert_eq!(
            check_nominal(&n, today).unwrap_err().field,
            "nominal.parties[1].birth_date"
        );
    }

    fn reader(username: &str, role: Role, bcp_in_scope: bool) -> Reader<'_> {
        Reader {
            username,
            role,
            bcp_in_scope,
        }
    }

    #[test]
    fn need_to_know_for_the_record_and_its_nominal_part() {
        let s = cigarettes();
        let own_officer = reader("c2", Role::CustomsOfficer, true);
        let other_bcp = reader("c3", Role::CustomsOfficer, false);
        let liaison = reader("l", Role::LiaisonOfficer, true);
        let analyst = reader("a", Role::Analyst, false);
        assert!(may_read_record(&s, &own_officer) && may_read_nominal(&s, &own_officer));
        assert!(!may_read_record(&s, &other_bcp) && !may_read_nominal(&s, &other_bcp));
        assert!(may_read_record(&s, &liaison) && !may_read_nominal(&s, &liaison));
        assert!(may_read_record(&s, &analyst) && may_read_nominal(&s, &analyst));
        assert!(!may_read_record(
            &s,
            &reader("x", Role::Administrator, true)
        ));
    }

    #[test]
    fn a_csam_record_is_for_its_recorder_supervisors_and_auditors_only() {
        let mut s = cigarettes();
        s.heading = CenHeading::Csam;
        s.quantity = Quantity {
            amount: 3.0,
            unit: QuantityUnit::Pieces,
            currency: None,
        };
        assert!(may_read_record(
            &s,
            &reader("customs", Role::CustomsOfficer, true)
        ));
        assert!(!may_read_record(
            &s,
            &reader("c2", Role::CustomsOfficer, true)
        ));
        assert!(!may_read_record(&s, &reader("a", Role::Analyst, false)));
        assert!(may_read_record(&s, &reader("s", Role::Supervisor, false)));
        assert!(may_read_record(&s, &reader("au", Role::Auditor, false)));
        assert!(!may_read_nominal(&s, &reader("au", Role::Auditor, false)));
        assert!(!shown_in_gallery(&s) && shown_in_gallery(&cigarettes()));
    }

    #[test]
    fn statistics_count_and_add_up_per_period_group_and_unit() {
        let a = cigarettes();
        let mut b = cigarettes();
        b.id = "s2".into();
        b.quantity.amount = 20_000.0;
        let mut c = cigarettes();
        c.id = "s3".into();
        c.heading = CenHeading::Currency;
        c.quantity = Quantity {
            amount: 50_000.0,
            unit: QuantityUnit::Currency,
            currency: Some("USD".into()),
        };
        c.seized_at = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        let rows = statistics(&[a, b, c], StatsBy::Heading, Period::Month);
        assert_eq!(
            rows,
            vec![
                StatsRow {
                    period: "2026-02".into(),
                    group: "tobacco".into(),
                    unit: "cigarettes".into(),
                    seizures: 2,
                    quantity: 500_000.0
                },
                StatsRow {
                    period: "2026-03".into(),
                    group: "currency".into(),
                    unit: "USD".into(),
                    seizures: 1,
                    quantity: 50_000.0
                },
            ]
        );
        assert_eq!(Period::Week.label(now()), "2026-W07");
        assert_eq!(
            statistics(&[cigarettes()], StatsBy::Route, Period::Year)[0].group,
            "AE>TR>DE"
        );
    }
}
