//! The printable forms of a crossing, rendered as one-page A4 PDFs: the refusal of entry (Schengen Borders Code,
//! Regulation (EU) 2016/399, Annex V Part B), the entry or exit stamp's data, and the hand-over record of a
//! request for international protection (never a refusal). Pure: a form model in, PDF bytes out, no I/O; the
//! text of each form comes from the catalogue in the officer's language with English beside it.
mod canvas;
mod font;
mod protection;
mod refusal;
mod sheet;
mod stamp;

use chrono::{DateTime, Utc};
pub use limes_i18n::Language;

pub use protection::render_protection;
pub use refusal::render_refusal;
pub use stamp::render_stamp;

/// Why a form could not be rendered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormError {
    #[error("the embedded font could not be read")]
    Font,
}

/// Where and by whom the form is issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The issuing state's code (ICAO), e.g. "UTO".
    pub state: String,
    /// The issuing authority or installation, e.g. "Utopia Border Police".
    pub authority: String,
    pub bcp_code: String,
    pub bcp_name: String,
}

/// The person the form is about, as the travel document gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    pub surname: String,
    pub given_names: String,
    /// ISO date, when known.
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub nationality: String,
    /// The document's type code (P, ID, …), number and issuing state.
    pub document_code: String,
    pub document_number: String,
    pub issuing_state: String,
}

/// The officer who signs: their name and their user id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub name: String,
    pub id: String,
}

/// One refusal reason as the form lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonLine {
    pub code: String,
    /// The configured text (English).
    pub text: String,
    /// Whether the configured text is the Regulation's standard one, whose translation the catalogue holds
    /// (`forms-reason-<code>`); a state's own reason is printed as configured.
    pub standard: bool,
    pub ticked: bool,
}

/// The refusal of entry (Annex V Part B).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalForm {
    pub post: Post,
    pub at: DateTime<Utc>,
    pub person: Person,
    /// Every reason of the list, the recorded ones ticked.
    pub reasons: Vec<ReasonLine>,
    pub officer: Officer,
    /// The crossing's id, printed in the footer to find the record again.
    pub reference: String,
}

/// How the traveller crossed: the stamp's pictogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportMode {
    Land,
    Air,
    Sea,
}

impl TransportMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportMode::Land => "land",
            TransportMode::Air => "air",
            TransportMode::Sea => "sea",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampDirection {
    Entry,
    Exit,
}

impl StampDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            StampDirection::Entry => "entry",
            StampDirection::Exit => "exit",
        }
    }
}

/// What the entry or exit stamp says. A refused entry's stamp is cancelled by a cross with the reason's letter
/// beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampForm {
    pub post: Post,
    pub at: DateTime<Utc>,
    pub direction: StampDirection,
    pub mode: TransportMode,
    pub person: Person,
    pub officer: Officer,
    /// The refusal reason codes when entry was refused (the stamp is cancelled).
    pub refused: Vec<String>,
    pub reference: String,
}

/// The hand-over record of a request for international protection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectionForm {
    pub post: Post,
    /// When the person asked (the decision's time).
    pub at: DateTime<Utc>,
    pub person: Person,
    pub officer: Officer,
    /// The authority the person is handed to, when known; else a line to fill in by hand.
    pub authority: Option<String>,
    pub reference: String,
}

/// A time as forms print it.
pub(crate) fn format_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Sample forms and reading a PDF's text back.
    use super::*;
    use chrono::TimeZone;

    pub fn post() -> Post {
        Post {
            state: "UTO".into(),
            authority: "Utopia Border Police".into(),
            bcp_code: "UTO-LAND-1".into(),
            bcp_name: "Northgate road crossing".into(),
        }
    }

    pub fn person(surname: &str, given: &str) -> Person {
        Person {
            surname: surname.into(),
            given_names: given.into(),
            birth_date: Some("1980-04-02".into()),
            sex: Some("M".into()),
            nationality: "RUS".into(),
            document_code: "P".into(),
            document_number: "751234567".into(),
            issuing_state: "RUS".into(),
        }
    }

    pub fn officer() -> Officer {
        Officer {
            name: "Ana Officer".into(),
            id: "officer".into(),
        }
    }

    pub fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 14, 5, 0).unwrap()
    }

    /// The text of every page, as a PDF reader extracts it (through the glyphs' map back to text).
    pub fn text_of(pdf: &[u8]) -> String {
        let doc = lopdf::Document::load_mem(pdf).expect("a well-formed PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        assert_eq!(pages.len(), 1, "one page");
        doc.extract_text(&pages).expect("text extracted")
    }
}
