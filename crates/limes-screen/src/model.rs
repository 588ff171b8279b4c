//! Watchlists as Limes keeps them, whatever list they came from. Serialisable: the store keeps them as JSON.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchList {
    /// Short stable id: "un", "ofac", or the national list's id.
    pub id: String,
    pub name: String,
    pub source: String,
    pub published: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Person,
    Entity,
    Vessel,
    Aircraft,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The list's own identifier: the UN REFERENCE_NUMBER (e.g. "QDi.123"), OFAC's entity number…
    pub entry_id: String,
    pub kind: EntryKind,
    pub names: Vec<EntryName>,
    pub birth_dates: Vec<BirthDate>,
    pub birth_places: Vec<String>,
    /// Canonical ICAO/ISO alpha-3 codes where the list's text could be resolved.
    pub nationalities: Vec<String>,
    pub gender: Option<Gender>,
    pub documents: Vec<EntryDocument>,
    /// Why the subject is listed (the list's comments).
    pub reason: String,
    pub listed_on: Option<String>,
    pub program: Option<String>,
}

impl Entry {
    pub fn primary_name(&self) -> &str {
        self.names
            .iter()
            .find(|n| n.quality == NameQuality::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.full.as_str())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameQuality {
    Primary,
    /// A good-quality alias ("a.k.a.").
    Strong,
    /// A low-quality alias ("f.k.a.", nicknames): matches on it count less.
    Weak,
    /// The name in its original script.
    OriginalScript,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryName {
    pub full: String,
    pub quality: NameQuality,
}

/// A birth date as lists and travellers give it: exact, month, year, or a range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthDate {
    Exact(NaiveDate),
    YearMonth(i32, u32),
    Year(i32),
    YearRange(i32, i32),
}

impl BirthDate {
    pub fn year_range(self) -> (i32, i32) {
        match self {
            BirthDate::Exact(d) => (d.year(), d.year()),
            BirthDate::YearMonth(y, _) | BirthDate::Year(y) => (y, y),
            BirthDate::YearRange(a, b) => (a.min(b), a.max(b)),
        }
    }

    /// Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY..YYYY`.
    pub fn parse(s: &str) -> Option<BirthDate> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Some(BirthDate::YearRange(
                a.trim().parse().ok()?,
                b.trim().parse().ok()?,
            ));
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(BirthDate::Exact(d));
        }
        let parts: Vec<&str> = s.split('-').collect();
        match parts.as_slice() {
            [y] if y.len() == 4 => Some(BirthDate::Year(y.parse().ok()?)),
            [y, m] if y.len() == 4 => {
                let m: u32 = m.parse().ok()?;
                (1..=12)
                    .contains(&m)
                    .then_some(BirthDate::YearMonth(y.parse().ok()?, m))
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BirthDate::Exact(d) => write!(f, "{d}"),
            BirthDate::YearMonth(y, m) => write!(f, "{y}-{m:02}"),
            BirthDate::Year(y) => write!(f, "{y}"),
            BirthDate::YearRange(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
    Other,
}

impl Gender {
    /// Free text as travellers and lists write it: M, F, male, female, X…
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "man" | "masculine" => Some(Gender::Male),
            "f" | "female" | "woman" | "feminine" => Some(Gender::Female),
            "x" | "other" | "diverse" => Some(Gender::Other),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryDocument {
    pub kind: String,
    pub number: String,
    pub country: Option<String>,
    pub note: Option<String>,
}
