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
}
