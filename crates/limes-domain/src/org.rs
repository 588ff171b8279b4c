use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    BorderPolice,
    Customs,
    Immigration,
    Other,
}

impl AgencyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::BorderPolice => "border_police",
            AgencyKind::Customs => "customs",
            AgencyKind::Immigration => "immigration",
            AgencyKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "border_police" => Some(Self::BorderPolice),
            "customs" => Some(Self::Customs),
            "immigration" => Some(Self::Immigration),
            "other" => Some(Self::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BcpKind {
    Land,
    Air,
    Sea,
}

impl BcpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BcpKind::Land => "land",
            BcpKind::Air => "air",
            BcpKind::Sea => "sea",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "land" => Some(Self::Land),
            "air" => Some(Self::Air),
            "sea" => Some(Self::Sea),
            _ => None,
        }
    }
}

/// A border crossing point. `code` is the stable identifier used in the API and by users' BCP limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bcp {
    pub code: String,
    pub name: String,
    pub kind: BcpKind,
    /// Border section the BCP belongs to (e.g. "Northern land border").
    pub border_section: String,
    /// ICAO code of the neighbouring state across this border; None for air/sea ports with many.
    pub neighbour: Option<String>,
    /// Agency that runs the BCP.
    pub agency: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub active: bool,
}

/// Validate a BCP or agency code: short, upper-case ASCII letters, digits and dashes.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}
