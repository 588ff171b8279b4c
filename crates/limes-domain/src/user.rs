//! The people who use Limes: a user's role, agency and BCPs, and the rules for usernames.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    /// BCP codes the user may work at; empty means every BCP.
    pub bcps: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The language the user reads Limes in, a BCP 47 tag such as "fr", "ar" or "ru"; `None` means the
    /// installation's default.
    #[serde(default)]
    pub language: Option<String>,
}

impl User {
    pub fn may_use_bcp(&self, bcp: &str) -> bool {
        self.bcps.is_empty() || self.bcps.iter().any(|b| b == bcp)
    }
}

/// Usernames: 2-64 characters of lower-case letters, digits, dot, dash and underscore.
pub fn valid_username(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

/// A language setting: a BCP 47 tag of a 2-3 letter language and optional subtags of 1-8 letters or digits,
/// joined by dashes ("fr", "ar", "ru", "fr-CA", "uz-Cyrl"). The message catalogue decides which it has.
pub fn valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && tag.len() <= 35
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_short_lower_case_words() {
        for good in ["ana", "j.doe", "officer_7", "a-b"] {
            assert!(valid_username(good), "{good}");
        }
        for bad in ["a", "Ana", "ana doe", "ana@uto", "", &"x".repeat(65)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn language_tags_are_bcp47_shaped() {
        for good in ["fr", "ar", "ru", "fr-CA", "uz-Cyrl", "zh-Hant-TW", "en-GB"] {
            assert!(valid_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "f",
            "french",
            "fr_CA",
            "fr-",
            "-fr",
            "fr CA",
            "ar-toolongsubtag",
            "1a",
        ] {
            assert!(!valid_language_tag(bad), "{bad}");
        }
    }
}
