//! Surveillance of the green and blue border between the crossing points (EUROSUR events and operational layers):
//! border sections, incidents with their follow-up, patrols with their tracks, the coverage of each section per
//! day, and the checks of bad input (a position outside the territory or at sea, a track with impossible speeds,
//! a device clock far from the node's). Pure: no I/O, time passed in.
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A position as GeoJSON writes it: `[longitude, latitude]` in degrees (WGS 84).
pub type LonLat = [f64; 2];

/// A GeoJSON geometry of an incident, a patrol area or a section: a point, a line or an area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type")]
pub enum Geometry {
    Point {
        #[schema(value_type = Vec<f64>)]
        coordinates: LonLat,
    },
    LineString {
        #[schema(value_type = Vec<Vec<f64>>)]
        coordinates: Vec<LonLat>,
    },
    /// The outer ring first, then any holes; each ring closed (first position = last).
    Polygon {
        #[schema(value_type = Vec<Vec<Vec<f64>>>)]
        coordinates: Vec<Vec<LonLat>>,
    },
}

/// Why a geometry is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeometryError {
    #[error("a coordinate is not a longitude in [-180, 180] and a latitude in [-90, 90]")]
    OutOfRange,
    #[error("a line needs at least two positions")]
    ShortLine,
    #[error("an area needs a closed ring of at least four positions")]
    OpenRing,
    #[error("at most {0} positions")]
    TooManyPositions(usize),
}

/// Most positions a geometry may hold.
pub const MAX_POSITIONS: usize = 10_000;

fn valid_position(p: &LonLat) -> bool {
    p[0].is_finite()
        && p[1].is_finite()
        && (-180.0..=180.0).contains(&p[0])
        && (-90.0..=90.0).contains(&p[1])
}

impl Geometry {
    pub fn point(lon: f64, lat: f64) -> Geometry {
        Geometry::Point {
            coordinates: [lon, lat],
        }
    }

    /// Every position of the geometry.
    pub fn positions(&self) -> Vec<LonLat> {
        match self {
            Geometry::Point { coordinates } => vec![*coordinates],
            Geometry::LineString { coordinates } => coordinates.clone(),
            Geometry::Polygon { coordinates } => coordinates.iter().flatten().copied().collect(),
        }
    }

    pub fn validate(&self) -> Result<(), GeometryError> {
        let positions = self.positions();
        if positions.len() > MAX_POSITIONS {
            return Err(GeometryError::TooManyPositions(MAX_POSITIONS));
        }
        if !positions.iter().all(valid_position) {
            return Err(GeometryError::OutOfRange);
        }
        match self {
            Geometry::Point { .. } => Ok(()),
            Geometry::LineString { coordinates } if coordinates.len() < 2 => {
                Err(GeometryError::ShortLine)
            }
            Geometry::LineString { .. } => Ok(()),
            Geometry::Polygon { coordinates } => {
                let closed = |r: &Vec<LonLat>| r.len() >= 4 && r.first() == r.last();
                if coordinates.is_empty() || !coordinates.iter().all(closed) {
                    Err(GeometryError::OpenRing)
                } else {
                    Ok(())
                }
            }
        }
    }

    /// The smallest box holding the geometry.
    pub fn bbox(&self) -> BBox {
        BBox::around(&self.positions())
    }

    /// The position that stands for the geometry on a map and in the checks: the point, the middle position
    /// of a line, the centre of an area's box.
    pub fn anchor(&self) -> LonLat {
        match self {
            Geometry::Point { coordinates } => *coordinates,
            Geometry::LineString { coordinates } => coordinates
                .get(coordinates.len() / 2)
                .copied()
                .unwrap_or([0.0, 0.0]),
            Geometry::Polygon { .. } => self.bbox().centre(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Geometry::Point { .. } => "point",
            Geometry::LineString { .. } => "line",
            Geometry::Polygon { .. } => "area",
        }
    }
}

/// A box of longitudes and latitudes (`?bbox=min_lon,min_lat,max_lon,max_lat`, as GeoJSON orders it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

/// Why a `bbox` parameter is not a box.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "bbox must be four numbers min_lon,min_lat,max_lon,max_lat with min ≤ max, within ±180/±90"
)]
pub struct BadBBox;

impl BBox {
    /// The whole world.
    pub const WORLD: BBox = BBox {
        min_lon: -180.0,
        min_lat: -90.0,
        max_lon: 180.0,
        max_lat: 90.0,
    };

    pub fn around(positions: &[LonLat]) -> BBox {
        let mut b = BBox {
            min_lon: f64::INFINITY,
            min_lat: f64::INFINITY,
            max_lon: f64::NEG_INFINITY,
            max_lat: f64::NEG_INFINITY,
        };
        for p in positions {
            b.min_lon = b.min_lon.min(p[0]);
            b.max_lon = b.max_lon.max(p[0]);
            b.min_lat = b.min_lat.min(p[1]);
            b.max_lat = b.max_lat.max(p[1]);
        }
        if positions.is_empty() {
            BBox {
                min_lon: 0.0,
                min_lat: 0.0,
                max_lon: 0.0,
                max_lat: 0.0,
            }
        } else {
            b
        }
    }

    pub fn parse(s: &str) -> Result<BBox, BadBBox> {
        let n: Vec<f64> = s
            .split(',')
            .map(|t| t.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| BadBBox)?;
        let [min_lon, min_lat, max_lon, max_lat] = n[..] else {
            return Err(BadBBox);
        };
        let b = BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        };
        let ok = [[min_lon, min_lat], [max_lon, max_lat]]
            .iter()
            .all(valid_position)
            && min_lon <= max_lon
            && min_lat <= max_lat;
        if ok {
            Ok(b)
        } else {
            Err(BadBBox)
        }
    }

    pub fn contains(&self, p: LonLat) -> bool {
        (self.min_lon..=self.max_lon).contains(&p[0])
            && (self.min_lat..=self.max_lat).contains(&p[1])
    }

    pub fn intersects(&self, other: &BBox) -> bool {
        self.min_lon <= other.max_lon
            && other.min_lon <= self.max_lon
            && self.min_lat <= other.max_lat
            && other.min_lat <= self.max_lat
    }

    pub fn centre(&self) -> LonLat {
        [
            (self.min_lon + self.max_lon) / 2.0,
            (self.min_lat + self.max_lat) / 2.0,
        ]
    }
}

/// Whether `p` lies inside the ring (ray casting; a ring of `[lon, lat]`, closed or not).
pub fn ring_contains(ring: &[LonLat], p: LonLat) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Whether `p` lies inside a polygon (its outer ring, outside its holes).
pub fn polygon_contains(rings: &[Vec<LonLat>], p: LonLat) -> bool {
    match rings.split_first() {
        Some((outer, holes)) => {
            ring_contains(outer, p) && !holes.iter().any(|h| ring_contains(h, p))
        }
        None => false,
    }
}

/// The great-circle distance between two positions, in kilometres.
pub fn distance_km(a: LonLat, b: LonLat) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = la2 - la1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// The kind of border a section is: the green border on land, the blue border on water.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BorderType {
    Land,
    Sea,
    River,
    Lake,
}

impl BorderType {
    pub const ALL: [BorderType; 4] = [
        BorderType::Land,
        BorderType::Sea,
        BorderType::River,
        BorderType::Lake,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            BorderType::Land => "land",
            BorderType::Sea => "sea",
            BorderType::River => "river",
            BorderType::Lake => "lake",
        }
    }
    pub fn parse(s: &str) -> Option<BorderType> {
        let s = s.trim().to_ascii_lowercase();
        BorderType::ALL.into_iter().find(|t| t.as_str() == s)
    }
    /// The blue border: sea, river, lake.
    pub fn is_blue(self) -> bool {
        self != BorderType::Land
    }
}

/// A stretch of the state border watched as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BorderSection {
    /// Short code (`UTO-N-1`).
    pub code: String,
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the neighbour across it.
    pub neighbour: String,
    pub border_type: BorderType,
    /// The border line, `[lon, lat]` positions.
    #[schema(value_type = Vec<Vec<f64>>)]
    pub line: Vec<LonLat>,
    /// The BCP whose area the section is in (need-to-know); none for a section the centre watches itself.
    #[serde(default)]
    pub bcp: Option<String>,
}

/// Why a border section is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectionError {
    #[error("code: use 1–32 upper-case letters, digits, '-' or '_'")]
    Code,
    #[error("name: 1–200 characters")]
    Name,
    #[error("neighbour: an ISO 3166-1 alpha-3 code (three capital letters)")]
    Neighbour,
    #[error("line: {0}")]
    Line(GeometryError),
}

impl BorderSection {
    pub fn validate(&self) -> Result<(), SectionError> {
        if !crate::org::valid_code(&self.code) {
            return Err(SectionError::Code);
        }
        let name_len = self.name.trim().chars().count();
        if name_len == 0 || name_len > 200 {
            return Err(SectionError::Name);
        }
        if self.neighbour.len() != 3 || !self.neighbour.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(SectionError::Neighbour);
        }
        Geometry::LineString {
            coordinates: self.line.clone(),
        }
        .validate()
        .map_err(SectionError::Line)
    }

    /// The shortest distance from `p` to the section's line, in kilometres (to its nearest vertex or segment,
    /// on a local flat approximation — good to a few metres over a section's length).
    pub fn distance_km(&self, p: LonLat) -> f64 {
        let scale = p[1].to_radians().cos();
        let flat = |q: LonLat| [(q[0] - p[0]) * scale * 111.32, (q[1] - p[1]) * 110.57];
        let mut best = f64::INFINITY;
        for pair in self.line.windows(2) {
            let (a, b) = (flat(pair[0]), flat(pair[1]));
            let ab = [b[0] - a[0], b[1] - a[1]];
            let len2 = ab[0] * ab[0] + ab[1] * ab[1];
            let t = if len2 == 0.0 {
                0.0
            } else {
                (-(a[0] * ab[0] + a[1] * ab[1]) / len2).clamp(0.0, 1.0)
            };
            let c = [a[0] + t * ab[0], a[1] + t * ab[1]];
            best = best.min((c[0] * c[0] + c[1] * c[1]).sqrt());
        }
        if let [only] = self.line[..] {
            best = distance_km(only, p);
        }
        best
    }
}

/// The section nearest to `p`, with its distance in km.
pub fn nearest_section(sections: &[BorderSection], p: LonLat) -> Option<(&BorderSection, f64)> {
    sections
        .iter()
        .map(|s| (s, s.distance_km(p)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The state's territory as configured: its outline, and the waters inside it (lakes, bays) where a land
/// incident cannot be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Territory {
    /// ISO 3166-1 alpha-3 (or ICAO) code of the state.
    pub state: String,
    /// The outline: one or more polygons (each its rings).
    #[schema(value_type = Vec<Vec<Vec<Vec<f64>>>>)]
    pub outline: Vec<Vec<Vec<LonLat>>>,
    /// Waters within or along the territory.
    #[serde(default)]
    #[schema(value_type = Vec<Vec<Vec<Vec<f64>>>>)]
    pub waters: Vec<Vec<Vec<LonLat>>>,
}

impl Territory {
    pub fn contains(&self, p: LonLat) -> bool {
        self.outline.iter().any(|poly| polygon_contains(poly, p))
    }
    pub fn in_waters(&self, p: LonLat) -> bool {
        self.waters.iter().any(|poly| polygon_contains(poly, p))
    }
    pub fn bbox(&self) -> BBox {
        let all: Vec<LonLat> = self.outline.iter().flatten().flatten().copied().collect();
        BBox::around(&all)
    }
}

/// The EUROSUR event classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventClass {
    UnauthorisedBorderCrossing,
    CrossBorderCrime,
    CrisisSituation,
    Other,
}

impl EventClass {
    pub const ALL: [EventClass; 4] = [
        EventClass::UnauthorisedBorderCrossing,
        EventClass::CrossBorderCrime,
        EventClass::CrisisSituation,
        EventClass::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EventClass::UnauthorisedBorderCrossing => "unauthorised_border_crossing",
            EventClass::CrossBorderCrime => "cross_border_crime",
            EventClass::CrisisSituation => "crisis_situation",
            EventClass::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<EventClass> {
        let s = s.trim().to_ascii_lowercase();
        EventClass::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One incident type under an event class (the configurable list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IncidentType {
    pub code: String,
    pub class: EventClass,
}

/// The incident types a new installation starts with; an installation may configure its own.
pub fn default_incident_types() -> Vec<IncidentType> {
    use EventClass::*;
    [
        ("irregular_crossing_on_foot", UnauthorisedBorderCrossing),
        ("irregular_crossing_by_vehicle", UnauthorisedBorderCrossing),
        ("irregular_crossing_by_boat", UnauthorisedBorderCrossing),
        ("facilitation", UnauthorisedBorderCrossing),
        ("smuggling_goods", CrossBorderCrime),
        ("smuggling_drugs", CrossBorderCrime),
        ("smuggling_weapons", CrossBorderCrime),
        ("trafficking_in_human_beings", CrossBorderCrime),
        ("stolen_vehicle", CrossBorderCrime),
        ("persons_in_distress", CrisisSituation),
        ("natural_disaster", CrisisSituation),
        ("border_marker_damaged", Other),
        ("suspicious_activity", Other),
    ]
    .into_iter()
    .map(|(code, class)| IncidentType {
        code: code.into(),
        class,
    })
    .collect()
}

/// The persons of an incident, counted (no names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonCounts {
    #[serde(default)]
    pub male: u32,
    #[serde(default)]
    pub female: u32,
    #[serde(default)]
    pub unknown: u32,
    /// How many of them are minors.
    #[serde(default)]
    pub minors: u32,
}

impl PersonCounts {
    pub fn total(&self) -> u32 {
        self.male
            .saturating_add(self.female)
            .saturating_add(self.unknown)
    }
}

/// One person named, only where the follow-up needs it (a person handed over, a facilitator arrested).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NominalPerson {
    pub name: String,
    #[serde(default)]
    pub nationality: Option<String>,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// Why this person is named (required: no names without a need).
    pub reason: String,
}

/// How a follow-up ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpOutcome {
    Apprehended,
    TurnedBack,
    Rescued,
    HandedOver,
    LostTrack,
}

impl FollowUpOutcome {
    pub const ALL: [FollowUpOutcome; 5] = [
        FollowUpOutcome::Apprehended,
        FollowUpOutcome::TurnedBack,
        FollowUpOutcome::Rescued,
        FollowUpOutcome::HandedOver,
        FollowUpOutcome::LostTrack,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpOutcome::Apprehended => "apprehended",
            FollowUpOutcome::TurnedBack => "turned_back",
            FollowUpOutcome::Rescued => "rescued",
            FollowUpOutcome::HandedOver => "handed_over",
            FollowUpOutcome::LostTrack => "lost_track",
        }
    }
    pub fn parse(s: &str) -> Option<FollowUpOutcome> {
        let s = s.trim().to_ascii_lowercase();
        FollowUpOutcome::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What was done about an incident, by whom, with what outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub at: DateTime<Utc>,
    /// The officer or unit.
    pub by: String,
    pub action: String,
    pub outcome: FollowUpOutcome,
}

/// A problem with an incident's input, kept with it and shown (never silently fixed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IncidentWarning {
    /// The location is outside the state's territory.
    OutsideTerritory,
    /// A land incident located at sea or on water.
    AtSea,
    /// The location is far from any border section (km to the nearest).
    FarFromBorder { km: f64 },
    /// The device's clock differed from the node's by this many seconds; both times are kept.
    DeviceClock {
        device_time: DateTime<Utc>,
        seconds: i64,
    },
}

impl IncidentWarning {
    pub fn key(&self) -> &'static str {
        match self {
            IncidentWarning::OutsideTerritory => "outside_territory",
            IncidentWarning::AtSea => "at_sea",
            IncidentWarning::FarFromBorder { .. } => "far_from_border",
            IncidentWarning::DeviceClock { .. } => "device_clock",
        }
    }
}

/// An incident on the green or blue border.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Incident {
    pub id: String,
    pub class: EventClass,
    /// The incident type's code (under the class).
    pub incident_type: String,
    /// When it happened (as reported).
    pub occurred_at: DateTime<Utc>,
    /// When the node recorded it (the node's clock).
    pub recorded_at: DateTime<Utc>,
    pub location: Geometry,
    /// The border section it is on.
    pub section: Option<String>,
    /// The BCP whose area it is in (need-to-know).
    pub bcp: Option<String>,
    /// Land (green) or water (blue) incident.
    pub border_type: BorderType,
    #[serde(default)]
    pub persons: PersonCounts,
    #[serde(default)]
    pub nominal: Vec<NominalPerson>,
    #[serde(default)]
    pub goods: Vec<String>,
    #[serde(default)]
    pub vehicles: Vec<String>,
    #[serde(default)]
    pub vessels: Vec<String>,
    #[serde(default)]
    pub description: String,
    /// The unit that reported it.
    pub reporting_unit: String,
    /// The user who recorded it.
    pub recorded_by: String,
    /// The patrol it was reported from.
    #[serde(default)]
    pub patrol: Option<String>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// References of seizure records.
    #[serde(default)]
    pub seizures: Vec<String>,
    /// References of crossings.
    #[serde(default)]
    pub crossings: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<IncidentWarning>,
}

impl Incident {
    /// The latest outcome, if any follow-up was recorded.
    pub fn outcome(&self) -> Option<FollowUpOutcome> {
        self.follow_ups.last().map(|f| f.outcome)
    }
}

/// Why an incident is refused (a warning does not refuse it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncidentError {
    #[error("incident_type: '{0}' is not a type of this class")]
    Type(String),
    #[error("location: {0}")]
    Location(GeometryError),
    #[error("persons: minors ({minors}) cannot exceed the persons counted ({total})")]
    Minors { minors: u32, total: u32 },
    #[error("nominal: each named person needs a name and the reason for naming them")]
    Nominal,
    #[error("occurred_at: later than it was recorded")]
    Future,
}

/// How far a device clock may differ from the node's before both are recorded as a warning.
pub const CLOCK_TOLERANCE_SECONDS: i64 = 300;
/// How far from every border section a location may be before it is flagged.
pub const FAR_FROM_BORDER_KM: f64 = 30.0;

/// Check an incident's fields against the configured types; the time may not be ahead of the node's clock by
/// more than the clock tolerance.
pub fn validate_incident(i: &Incident, types: &[IncidentType]) -> Result<(), IncidentError> {
    if !types
        .iter()
        .any(|t| t.code == i.incident_type && t.class == i.class)
    {
        return Err(IncidentError::Type(i.incident_type.clone()));
    }
    i.location.validate().map_err(IncidentError::Location)?;
    if i.persons.minors > i.persons.total() {
        return Err(IncidentError::Minors {
            minors: i.persons.minors,
            total: i.persons.total(),
        });
    }
    if i.nominal
        .iter()
        .any(|n| n.name.trim().is_empty() || n.reason.trim().is_empty())
    {
        return Err(IncidentError::Nominal);
    }
    if i.occurred_at > i.recorded_at + Duration::seconds(CLOCK_TOLERANCE_SECONDS) {
        return Err(IncidentError::Future);
    }
    Ok(())
}

/// The warnings an incident's location and times earn: outside the territory, at sea for a land incident
/// (`on_land` says whether a position is on any country's land), far from every section, a device clock off.
pub fn assess_incident(
    location: &Geometry,
    border_type: BorderType,
    territory: Option<&Territory>,
    sections: &[BorderSection],
    on_land: &dyn Fn(LonLat) -> bool,
    device_time: Option<DateTime<Utc>>,
    node_time: DateTime<Utc>,
) -> Vec<IncidentWarning> {
    let mut warnings = Vec::new();
    let p = location.anchor();
    if let Some(t) = territory {
        if !t.contains(p) {
            warnings.push(IncidentWarning::OutsideTerritory);
        }
    }
    if border_type == BorderType::Land && (!on_land(p) || territory.is_some_and(|t| t.in_waters(p)))
    {
        warnings.push(IncidentWarning::AtSea);
    }
    if let Some((_, km)) = nearest_section(sections, p) {
        if km > FAR_FROM_BORDER_KM {
            warnings.push(IncidentWarning::FarFromBorder {
                km: (km * 10.0).round() / 10.0,
            });
        }
    }
    if let Some(w) = device_clock_warning(device_time, node_time) {
        warnings.push(w);
    }
    warnings
}

/// A warning when a device's clock is further from the node's than [`CLOCK_TOLERANCE_SECONDS`].
pub fn device_clock_warning(
    device_time: Option<DateTime<Utc>>,
    node_time: DateTime<Utc>,
) -> Option<IncidentWarning> {
    let device_time = device_time?;
    let seconds = (device_time - node_time).num_seconds();
    (seconds.abs() > CLOCK_TOLERANCE_SECONDS).then_some(IncidentWarning::DeviceClock {
        device_time,
        seconds,
    })
}

/// The kind of patrol (UNCCT-GCTF GP10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatrolType {
    /// Own officers only.
    National,
    /// With the neighbour's officers, under one command.
    Joint,
    /// Each side on its own side of the border, at the same time, in contact.
    Coordinated,
    /// Mixed crews of both states' officers.
    Mixed,
}

impl PatrolType {
    pub const ALL: [PatrolType; 4] = [
        PatrolType::National,
        PatrolType::Joint,
        PatrolType::Coordinated,
        PatrolType::Mixed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            PatrolType::National => "national",
            PatrolType::Joint => "joint",
            PatrolType::Coordinated => "coordinated",
            PatrolType::Mixed => "mixed",
        }
    }
    pub fn parse(s: &str) -> Option<PatrolType> {
        let s = s.trim().to_ascii_lowercase();
        PatrolType::ALL.into_iter().find(|c| c.as_str() == s)
    }
    /// Whether the neighbour takes part (terms of engagement required).
    pub fn is_cross_border(self) -> bool {
        self != PatrolType::National
    }
}

/// The terms of a cross-border engagement shown to the patrol (GP11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EngagementTerms {
    /// ISO 3166-1 alpha-3 of the neighbour.
    pub neighbour: String,
    /// The agreement the patrol runs under (its reference).
    pub agreement: String,
    /// How far into the other state the patrol may go, in km.
    pub permissible_distance_km: f64,
    /// Which authority leads.
    pub lead_authority: String,
    /// The neighbour's contact point.
    #[serde(default)]
    pub contact_point: String,
    /// The neighbour's officers on the patrol.
    #[serde(default)]
    pub neighbour_officers: Vec<String>,
}

/// One timed position of a patrol's track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TrackPoint {
    /// The time the device gave.
    pub at: DateTime<Utc>,
    #[schema(value_type = Vec<f64>)]
    pub position: LonLat,
}

/// Something the patrol saw that is not (yet) an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Observation {
    pub at: DateTime<Utc>,
    #[schema(value_type = Option<Vec<f64>>)]
    pub position: Option<LonLat>,
    pub text: String,
}

/// A leg of a track faster than a patrol can move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SpeedFlag {
    /// Index of the track point the leg ends at.
    pub index: usize,
    pub km_per_hour: f64,
}

/// Where a patrol is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatrolStatus {
    Planned,
    CarriedOut,
    Cancelled,
}

impl PatrolStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PatrolStatus::Planned => "planned",
            PatrolStatus::CarriedOut => "carried_out",
            PatrolStatus::Cancelled => "cancelled",
        }
    }
}

/// A patrol: planned, then carried out with its track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Patrol {
    pub id: String,
    pub patrol_type: PatrolType,
    pub unit: String,
    /// The BCP whose area it patrols (need-to-know).
    pub bcp: Option<String>,
    /// The border sections it covers.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Or the area it covers.
    #[serde(default)]
    pub area: Option<Geometry>,
    pub planned_start: DateTime<Utc>,
    pub planned_end: DateTime<Utc>,
    /// Required for every type but national.
    #[serde(default)]
    pub terms: Option<EngagementTerms>,
    pub status: PatrolStatus,
    #[serde(default)]
    pub track: Vec<TrackPoint>,
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// Incidents reported from it.
    #[serde(default)]
    pub incidents: Vec<String>,
    /// Legs of the track at impossible speeds.
    #[serde(default)]
    pub speed_flags: Vec<SpeedFlag>,
    pub planned_by: String,
}

impl Patrol {
    /// The time the patrol ran: its track's first to last time once carried out, else its planned window.
    pub fn window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        match (self.track.first(), self.track.last()) {
            (Some(a), Some(b)) if self.status == PatrolStatus::CarriedOut && b.at > a.at => {
                (a.at, b.at)
            }
            _ => (self.planned_start, self.planned_end),
        }
    }

    /// The box of its area, sections' lines and track (for the spatial index).
    pub fn bbox(&self, sections: &[BorderSection]) -> Option<BBox> {
        let mut all: Vec<LonLat> = self.track.iter().map(|t| t.position).collect();
        if let Some(a) = &self.area {
            all.extend(a.positions());
        }
        for s in sections.iter().filter(|s| self.sections.contains(&s.code)) {
            all.extend(s.line.iter().copied());
        }
        (!all.is_empty()).then(|| BBox::around(&all))
    }
}

/// Why a patrol is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatrolError {
    #[error("planned_end: must be after planned_start, at most 7 days later")]
    Window,
    #[error("sections: name a border section or an area")]
    NoArea,
    #[error("sections: '{0}' is not a border section")]
    UnknownSection(String),
    #[error("terms: a {0} patrol needs the agreement, the neighbour, the lead authority and the permissible distance")]
    Terms(&'static str),
    #[error("area: {0}")]
    Area(GeometryError),
    #[error("unit: 1–100 characters")]
    Unit,
}

/// Check a planned patrol against the sections it names.
pub fn validate_patrol(p: &Patrol, sections: &[BorderSection]) -> Result<(), PatrolError> {
    let unit_len = p.unit.trim().chars().count();
    if unit_len == 0 || unit_len > 100 {
        return Err(PatrolError::Unit);
    }
    if p.planned_end <= p.planned_start || p.planned_end - p.planned_start > Duration::days(7) {
        return Err(PatrolError::Window);
    }
    if p.sections.is_empty() && p.area.is_none() {
        return Err(PatrolError::NoArea);
    }
    if let Some(unknown) = p
        .sections
        .iter()
        .find(|c| !sections.iter().any(|s| &s.code == *c))
    {
        return Err(PatrolError::UnknownSection(unknown.clone()));
    }
    if let Some(a) = &p.area {
        a.validate().map_err(PatrolError::Area)?;
    }
    if p.patrol_type.is_cross_border() {
        let ok = p.terms.as_ref().is_some_and(|t| {
            !t.agreement.trim().is_empty()
                && t.neighbour.len() == 3
                && !t.lead_authority.trim().is_empty()
                && t.permissible_distance_km.is_finite()
                && t.permissible_distance_km >= 0.0
        });
        if !ok {
            return Err(PatrolError::Terms(p.patrol_type.as_str()));
        }
    }
    Ok(())
}

/// Fastest a patrol on the ground or water plausibly moves (a car on a border road); faster legs are flagged.
pub const MAX_PATROL_KM_PER_HOUR: f64 = 160.0;

/// The legs of a track faster than `max_kmh` (a leg with no time between two distinct positions counts as
/// infinitely fast). The track is taken in its order.
pub fn impossible_speeds(track: &[TrackPoint], max_kmh: f64) -> Vec<SpeedFlag> {
    track
        .windows(2)
        .enumerate()
        .filter_map(|(i, leg)| {
            let km = distance_km(leg[0].position, leg[1].position);
            let hours = (leg[1].at - leg[0].at).num_milliseconds() as f64 / 3_600_000.0;
            let kmh = if hours > 0.0 {
                km / hours
            } else if km > 0.01 {
                f64::INFINITY
            } else {
                0.0
            };
            (kmh > max_kmh).then(|| SpeedFlag {
                index: i + 1,
                km_per_hour: if kmh.is_finite() {
                    (kmh * 10.0).round() / 10.0
                } else {
                    f64::MAX
                },
            })
        })
        .collect()
}

/// How long a border section was patrolled on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectionCoverage {
    pub section: String,
    pub day: NaiveDate,
    /// Minutes of the day at least one patrol covered it (overlapping patrols counted once).
    pub minutes: i64,
    pub patrols: usize,
}

/// The coverage of each section on `day` by the patrols (cancelled ones excluded), in section order.
pub fn coverage(
    sections: &[BorderSection],
    patrols: &[Patrol],
    day: NaiveDate,
) -> Vec<SectionCoverage> {
    let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
    let end = start + Duration::days(1);
    sections
        .iter()
        .map(|s| {
            let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = patrols
                .iter()
                .filter(|p| p.status != PatrolStatus::Cancelled && p.sections.contains(&s.code))
                .map(|p| p.window())
                .map(|(a, b)| (a.max(start), b.min(end)))
                .filter(|(a, b)| b > a)
                .collect();
            let count = spans.len();
            spans.sort();
            let mut minutes = 0;
            let mut current: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
            for (a, b) in spans {
                current = match current {
                    Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
                    Some((ca, cb)) => {
                        minutes += (cb - ca).num_minutes();
                        Some((a, b))
                    }
                    None => Some((a, b)),
                };
            }
            if let Some((ca, cb)) = current {
                minutes += (cb - ca).num_minutes();
            }
            SectionCoverage {
                section: s.code.clone(),
                day,
                minutes,
                patrols: count,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, h, m, 0).unwrap()
    }

    fn square(a: f64, b: f64, c: f64, d: f64) -> Vec<Vec<LonLat>> {
        vec![vec![[a, b], [c, b], [c, d], [a, d], [a, b]]]
    }

    fn territory() -> Territory {
        Territory {
            state: "UTO".into(),
            outline: vec![square(12.0, 50.0, 15.0, 51.5)],
            waters: vec![square(13.0, 50.2, 13.2, 50.3)],
        }
    }

    fn section(code: &str, line: Vec<LonLat>) -> BorderSection {
        BorderSection {
            code: code.into(),
            name: code.into(),
            neighbour: "DEU".into(),
            border_type: BorderType::Land,
            line,
            bcp: None,
        }
    }

    fn patrol(sections: &[&str], start: DateTime<Utc>, end: DateTime<Utc>) -> Patrol {
        Patrol {
            id: "p".into(),
            patrol_type: PatrolType::National,
            unit: "Unit 1".into(),
            bcp: None,
            sections: sections.iter().map(|s| s.to_string()).collect(),
            area: None,
            planned_start: start,
            planned_end: end,
            terms: None,
            status: PatrolStatus::Planned,
            track: vec![],
            observations: vec![],
            incidents: vec![],
            speed_flags: vec![],
            planned_by: "patrol".into(),
        }
    }

    #[test]
    fn geometries_read_as_geojson_and_are_checked() {
        let g: Geometry =
            serde_json::from_str(r#"{"type":"Point","coordinates":[12.5,50.7]}"#).unwrap();
        assert_eq!(g, Geometry::point(12.5, 50.7));
        assert_eq!(g.validate(), Ok(()));
        assert_eq!(
            Geometry::point(200.0, 0.0).validate(),
            Err(GeometryError::OutOfRange)
        );
        let open = Geometry::Polygon {
            coordinates: vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]],
        };
        assert_eq!(open.validate(), Err(GeometryError::OpenRing));
        let line = Geometry::LineString {
            coordinates: vec![[1.0, 1.0]],
        };
        assert_eq!(line.validate(), Err(GeometryError::ShortLine));
    }

    #[test]
    fn bbox_parses_and_intersects() {
        let b = BBox::parse("12,50,13.5,51").unwrap();
        assert!(b.contains([12.5, 50.5]) && !b.contains([14.0, 50.5]));
        assert_eq!(BBox::parse("13,50,12,51"), Err(BadBBox));
        assert_eq!(BBox::parse("1,2,3"), Err(BadBBox));
        assert_eq!(BBox::parse("a,2,3,4"), Err(BadBBox));
        assert!(b.intersects(&BBox::parse("13,50.9,14,52").unwrap()));
        assert!(!b.intersects(&BBox::parse("13.6,50,14,51").unwrap()));
    }

    #[test]
    fn a_land_incident_at_sea_or_outside_is_warned_not_moved() {
        let terr = territory();
        let sections = vec![section("N", vec![[12.0, 51.5], [15.0, 51.5]])];
        let land = |p: LonLat| p[1] < 54.0;
        let node = t(3, 0);
        let at = |lon, lat, kind| {
            assess_incident(
                &Geometry::point(lon, lat),
                kind,
                Some(&terr),
                &sections,
                &land,
                None,
                node,
            )
        };
        assert_eq!(at(13.0, 51.4, BorderType::Land), vec![]);
        // In the Baltic: outside, at sea, far from the border.
        let w = at(14.0, 54.5, BorderType::Land);
        assert_eq!(w[0], IncidentWarning::OutsideTerritory);
        assert_eq!(w[1], IncidentWarning::AtSea);
        assert_eq!(w[2].key(), "far_from_border");
        // A boat at sea is no warning of its kind.
        assert!(!at(14.0, 54.5, BorderType::Sea).contains(&IncidentWarning::AtSea));
        // On the territory's waters.
        assert!(at(13.1, 50.25, BorderType::Land).contains(&IncidentWarning::AtSea));
    }

    #[test]
    fn a_device_clock_far_off_keeps_both_times() {
        let node = t(3, 0);
        assert_eq!(device_clock_warning(Some(t(3, 2)), node), None);
        assert_eq!(
            device_clock_warning(Some(t(1, 0)), node),
            Some(IncidentWarning::DeviceClock {
                device_time: t(1, 0),
                seconds: -7200
            })
        );
    }

    #[test]
    fn incidents_are_checked_against_their_types() {
        let mut i = Incident {
            id: "i".into(),
            class: EventClass::UnauthorisedBorderCrossing,
            incident_type: "irregular_crossing_on_foot".into(),
            occurred_at: t(2, 0),
            recorded_at: t(3, 0),
            location: Geometry::point(13.0, 51.0),
            section: None,
            bcp: None,
            border_type: BorderType::Land,
            persons: PersonCounts {
                male: 3,
                female: 1,
                unknown: 0,
                minors: 2,
            },
            nominal: vec![],
            goods: vec![],
            vehicles: vec![],
            vessels: vec![],
            description: String::new(),
            reporting_unit: "U".into(),
            recorded_by: "patrol".into(),
            patrol: None,
            follow_ups: vec![],
            seizures: vec![],
            crossings: vec![],
            warnings: vec![],
        };
        let types = default_incident_types();
        assert_eq!(validate_incident(&i, &types), Ok(()));
        i.persons.minors = 5;
        assert!(matches!(
            validate_incident(&i, &types),
            Err(IncidentError::Minors { .. })
        ));
        i.persons.minors = 0;
        i.class = EventClass::CrisisSituation;
        assert!(matches!(
            validate_incident(&i, &types),
            Err(IncidentError::Type(_))
        ));
        i.class = EventClass::UnauthorisedBorderCrossing;
        i.nominal.push(NominalPerson {
            name: "X".into(),
            nationality: None,
            date_of_birth: None,
            reason: " ".into(),
        });
        assert_eq!(validate_incident(&i, &types), Err(IncidentError::Nominal));
        i.nominal.clear();
        i.occurred_at = t(5, 0);
        assert_eq!(validate_incident(&i, &types), Err(IncidentError::Future));
    }

    #[test]
    fn a_track_too_fast_is_flagged() {
        let track = vec![
            TrackPoint {
                at: t(1, 0),
                position: [13.0, 51.0],
            },
            // ~7 km in 30 minutes: on foot or by car, fine.
            TrackPoint {
                at: t(1, 30),
                position: [13.1, 51.0],
            },
            // ~70 km in 5 minutes: impossible.
            TrackPoint {
                at: t(1, 35),
                position: [14.1, 51.0],
            },
        ];
        let flags = impossible_speeds(&track, MAX_PATROL_KM_PER_HOUR);
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].index, 2);
        assert!(flags[0].km_per_hour > 800.0);
    }

    #[test]
    fn cross_border_patrols_need_their_terms() {
        let sections = vec![section("N", vec![[12.0, 51.5], [15.0, 51.5]])];
        let mut p = patrol(&["N"], t(1, 0), t(5, 0));
        assert_eq!(validate_patrol(&p, &sections), Ok(()));
        p.patrol_type = PatrolType::Joint;
        assert_eq!(
            validate_patrol(&p, &sections),
            Err(PatrolError::Terms("joint"))
        );
        p.terms = Some(EngagementTerms {
            neighbour: "DEU".into(),
            agreement: "UTO-DEU-2024/7".into(),
            permissible_distance_km: 10.0,
            lead_authority: "Utopia Border Police".into(),
            contact_point: String::new(),
            neighbour_officers: vec![],
        });
        assert_eq!(validate_patrol(&p, &sections), Ok(()));
        p.sections = vec!["X".into()];
        assert_eq!(
            validate_patrol(&p, &sections),
            Err(PatrolError::UnknownSection("X".into()))
        );
        p.sections = vec!["N".into()];
        p.planned_end = p.planned_start;
        assert_eq!(validate_patrol(&p, &sections), Err(PatrolError::Window));
    }

    #[test]
    fn coverage_counts_overlapping_patrols_once_and_cuts_at_midnight() {
        let sections = vec![
            section("N", vec![[12.0, 51.5], [15.0, 51.5]]),
            section("E", vec![[15.0, 50.0], [15.0, 51.5]]),
        ];
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        let mut late = patrol(&["N"], t(22, 0), t(23, 0) + Duration::hours(3));
        late.id = "late".into();
        let patrols = vec![
            patrol(&["N"], t(1, 0), t(3, 0)),
            patrol(&["N"], t(2, 0), t(4, 0)),
            late,
        ];
        let c = coverage(&sections, &patrols, day);
        assert_eq!(c[0].minutes, 180 + 120);
        assert_eq!(c[0].patrols, 3);
        assert_eq!(c[1].minutes, 0);
    }

    #[test]
    fn the_nearest_section_is_found() {
        let sections = vec![
            section("N", vec![[12.0, 51.5], [15.0, 51.5]]),
            section("E", vec![[15.0, 50.0], [15.0, 51.5]]),
        ];
        let (s, km) = nearest_section(&sections, [14.9, 50.5]).unwrap();
        assert_eq!(s.code, "E");
        assert!(km > 6.0 && km < 8.0, "{km}");
    }
}
