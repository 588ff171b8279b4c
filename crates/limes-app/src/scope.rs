//! Need-to-know by BCP, in one place: which BCPs' records an actor may read and act on. A user assigned to some
//! BCPs sees and acts only on their records (crossings, queues, statistics, flights, hits, manifests); a user
//! assigned to none (the national roles) and the server's operator see all. Every use case that reads or
//! writes BCP records asks its [`Scope`].
use crate::Actor;

/// The BCPs an actor may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every BCP, and records that belong to none (a flight to an airport without a BCP).
    National,
    /// Only these BCPs (never empty).
    Bcps(Vec<String>),
}

/// A BCP asked for that is outside the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not assigned to BCP {0}")]
pub struct OutOfScope(pub String);

impl Scope {
    pub fn of(who: Actor<'_>) -> Scope {
        match who.as_user() {
            Some(u) if !u.bcps.is_empty() => Scope::Bcps(u.bcps.clone()),
            _ => Scope::National,
        }
    }

    pub fn is_national(&self) -> bool {
        matches!(self, Scope::National)
    }

    /// Whether a record of this BCP is within the scope.
    pub fn allows(&self, bcp: &str) -> bool {
        match self {
            Scope::National => true,
            Scope::Bcps(bcps) => bcps.iter().any(|b| b == bcp),
        }
    }

    /// Whether a record that may belong to no BCP is within the scope: one without a BCP is national business.
    pub fn allows_record_of(&self, bcp: Option<&str>) -> bool {
        match bcp {
            Some(b) => self.allows(b),
            None => self.is_national(),
        }
    }

    /// The BCPs a listing reads: the one asked for (when in scope), else all of the scope. An empty list means
    /// every BCP (national scope, nothing asked for).
    pub fn narrow(&self, requested: Option<&str>) -> Result<Vec<String>, OutOfScope> {
        match requested.map(str::trim).filter(|s| !s.is_empty()) {
            Some(b) if !self.allows(b) => Err(OutOfScope(b.to_string())),
            Some(b) => Ok(vec![b.to_string()]),
            None => Ok(match self {
                Scope::National => Vec::new(),
                Scope::Bcps(bcps) => bcps.clone(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use limes_domain::Role;
    use limes_store::User;

    fn user(bcps: &[&str]) -> User {
        User {
            id: "u".into(),
            username: "u".into(),
            display_name: "U".into(),
            role: Role::Analyst,
            agency: "A".into(),
            bcps: bcps.iter().map(|b| b.to_string()).collect(),
            active: true,
            created_at: chrono::DateTime::UNIX_EPOCH,
            language: None,
        }
    }

    #[test]
    fn an_assigned_user_sees_only_their_bcps() {
        let u = user(&["A", "B"]);
        let s = Scope::of(Actor::user(&u, None));
        assert!(s.allows("A") && s.allows("B") && !s.allows("C"));
        assert!(!s.allows_record_of(None));
        assert_eq!(s.narrow(None), Ok(vec!["A".to_string(), "B".to_string()]));
        assert_eq!(s.narrow(Some(" B ")), Ok(vec!["B".to_string()]));
        assert_eq!(s.narrow(Some("C")), Err(OutOfScope("C".into())));
    }

    #[test]
    fn national_roles_and_the_operator_see_all() {
        let u = user(&[]);
        for s in [
            Scope::of(Actor::user(&u, None)),
            Scope::of(Actor::Operator("cli:root")),
        ] {
            assert!(s.is_national() && s.allows("C") && s.allows_record_of(None));
            assert_eq!(s.narrow(None), Ok(vec![]));
            assert_eq!(s.narrow(Some("C")), Ok(vec!["C".to_string()]));
        }
    }
}
