//! The rule for a new password, in one place for every door that sets one (`limes user add`, `limes init`, the
//! administration form, a password change or reset): long enough, not too long to hash, and not one of the
//! commonly used passwords (NIST SP 800-63B: length and a blocklist, no composition rules).
use std::collections::HashSet;
use std::sync::OnceLock;

/// Fewest characters of a password.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Most bytes of a password (argon2 would take longer ones, but nobody types them).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// The common passwords refused, most common first: see `data/README.md` for the source and its licence.
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Why a password is refused: each names its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum PasswordRule {
    TooShort,
    TooLong,
    Common,
}

impl PasswordRule {
    /// The rule as a person reads it, after "password: ".
    pub fn message(self) -> &'static str {
        match self {
            PasswordRule::TooShort => "must be at least 10 characters",
            PasswordRule::TooLong => "must be at most 1024 bytes",
            PasswordRule::Common => "is one of the most commonly used passwords (or one with digits or symbols added); choose another, e.g. a few unrelated words",
        }
    }
}

fn common_passwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .filter(|l| !l.starts_with("#!comment:"))
            .map(|l| l.trim().to_lowercase())
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Whether a password is a common one, ignoring case, digits or symbols added at its end, and repetition
/// ("Password2026!", "qwertyqwerty").
pub fn is_common(password: &str) -> bool {
    let set = common_passwords();
    let lower = password.trim().to_lowercase();
    let base = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    // The shortest piece the whole is a repetition of ("qwertyqwerty" → "qwerty").
    let repeated_unit = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        (1..=chars.len() / 2)
            .find(|&n| {
                let mut pieces = chars.chunks_exact(n);
                pieces.remainder().is_empty() && pieces.all(|piece| piece == &chars[..n])
            })
            .map(|n| chars[..n].iter().collect::<String>())
    };
    let listed = |s: &str| !s.is_empty() && set.contains(s);
    listed(&lower)
        || (base.chars().count() >= 4 && listed(base))
        || repeated_unit(&lower).is_some_and(|u| u.chars().count() < 3 || listed(&u))
        || repeated_unit(base).is_some_and(|u| base.chars().count() >= 4 && listed(&u))
}

/// Check a new password against the rule.
pub fn check(password: &str) -> Result<(), PasswordRule> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordRule::TooShort);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordRule::TooLong);
    }
    if is_common(password) {
        return Err(PasswordRule::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_embedded_whole() {
        assert!(common_passwords().len() > 3000);
        assert!(!common_passwords().iter().any(|p| p.starts_with("#!")));
    }

    #[test]
    fn common_passwords_are_refused_with_the_rule_named() {
        for weak in [
            "basketball",
            "Basketball",
            "qwertyuiop",
            "password2026!",
            "Sunshine123456",
            "monkeymonkey",
            "aaaaaaaaaaaa",
            "1234567890",
        ] {
            assert_eq!(check(weak), Err(PasswordRule::Common), "{weak}");
        }
        let message = PasswordRule::Common.to_string();
        assert!(message.contains("commonly used"), "{message}");
    }

    #[test]
    fn long_uncommon_passwords_pass_and_length_still_counts() {
        assert_eq!(check("correct horse battery"), Ok(()));
        assert_eq!(check("ten chars!"), Ok(()));
        assert_eq!(check("short"), Err(PasswordRule::TooShort));
        assert_eq!(check(&"x1".repeat(600)), Err(PasswordRule::TooLong));
    }
}
