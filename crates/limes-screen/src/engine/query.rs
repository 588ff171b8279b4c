//! What the engine is asked and what it answers: the query, and hits that explain themselves.

use crate::model::{BirthDate, Gender, NameQuality};
use serde::Serialize;

/// What is screened: a traveller as a document or a passenger list gives them.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The full name in any order ("Given Surname", "SURNAME, Given", an MRZ name field).
    pub name: String,
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub birth_date: Option<BirthDate>,
    /// Canonical 3-letter code.
    pub nationality: Option<String>,
    pub gender: Option<Gender>,
    pub documents: Vec<QueryDocument>,
}

#[derive(Debug, Clone, Default)]
pub struct QueryDocument {
    pub number: String,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub list: String,
    pub entry_id: String,
    /// The entry's primary name.
    pub name: String,
    /// The list name or alias that matched.
    pub matched_name: String,
    pub score: f64,
    pub explain: Explanation,
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenMatch {
    pub query: String,
    pub list: String,
    pub similarity: f64,
    /// How much the token counts: rare tokens count more.
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub matched_name: String,
    pub name_quality: NameQuality,
    pub tokens: Vec<TokenMatch>,
    pub unmatched_query_tokens: Vec<String>,
    pub unmatched_list_tokens: Vec<String>,
    pub name_score: f64,
    /// The name-frequency prior: a full match of common name parts counts less.
    pub name_commonness: Component,
    pub birth_date: Component,
    pub nationality: Component,
    pub gender: Component,
    pub document: Component,
}

/// One qualifier's contribution to the score and why.
#[derive(Debug, Clone, Serialize)]
pub struct Component {
    pub adjustment: f64,
    pub detail: String,
}

impl Component {
    pub(super) fn none(detail: &str) -> Self {
        Component {
            adjustment: 0.0,
            detail: detail.to_string(),
        }
    }
}
