use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a user may do. Every endpoint declares the roles it admits.
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
pub enum Role {
    FirstLineOfficer,
    SecondLineOfficer,
    Analyst,
    Supervisor,
    LiaisonOfficer,
    Administrator,
    Auditor,
    /// A machine account of a carrier or its service provider that hands in PAXLST messages with an API token;
    /// not a person: it cannot sign in to the pages.
    Sender,
    /// A machine account of an e-gate or a self-service kiosk at a BCP: it submits checks with an API token and
    /// the officers decide what it refers; not a person, it cannot sign in to the pages.
    Gate,
    /// A customs officer: the goods declarations, the selectivity lanes and the inspections at the BCP.
    CustomsOfficer,
    /// An officer of a partner agency at the single window (veterinary, phytosanitary, health, standards, the
    /// small-arms authority): sees only the declarations routed to their agency and records its decision.
    AgencyOfficer,
    /// A machine account of a customs broker or carrier that lodges goods declarations with an API token and
    /// reads their answers; not a person, it cannot sign in to the pages.
    Declarant,
    /// A border guard on patrol between the crossing points (green and blue border): records incidents and
    /// positions, often from the field unit's offline view.
    PatrolOfficer,
    /// A handler of the community hotline and the informants' reports: the only role whose key unseals a
    /// reporter's identity (each unsealing with a reason, audited).
    HotlineHandler,
    /// Internal affairs: receives the integrity channel's reports on staff misconduct, out of sight of the
    /// reported person's chain.
    InternalAffairs,
}

impl Role {
    pub const ALL: [Role; 15] = [
        Role::FirstLineOfficer,
        Role::SecondLineOfficer,
        Role::Analyst,
        Role::Supervisor,
        Role::LiaisonOfficer,
        Role::Administrator,
        Role::Auditor,
        Role::Sender,
        Role::Gate,
        Role::CustomsOfficer,
        Role::AgencyOfficer,
        Role::Declarant,
        Role::PatrolOfficer,
        Role::HotlineHandler,
        Role::InternalAffairs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::FirstLineOfficer => "first_line_officer",
            Role::SecondLineOfficer => "second_line_officer",
            Role::Analyst => "analyst",
            Role::Supervisor => "supervisor",
            Role::LiaisonOfficer => "liaison_officer",
            Role::Administrator => "administrator",
            Role::Auditor => "auditor",
            Role::Sender => "sender",
            Role::Gate => "gate",
            Role::CustomsOfficer => "customs_officer",
            Role::AgencyOfficer => "agency_officer",
            Role::Declarant => "declarant",
            Role::PatrolOfficer => "patrol_officer",
            Role::HotlineHandler => "hotline_handler",
            Role::InternalAffairs => "internal_affairs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::FirstLineOfficer => "First-line officer",
            Role::SecondLineOfficer => "Second-line officer",
            Role::Analyst => "Risk analyst",
            Role::Supervisor => "Supervisor",
            Role::LiaisonOfficer => "Liaison officer",
            Role::Administrator => "Administrator",
            Role::Auditor => "Auditor",
            Role::Sender => "PAXLST sender (machine)",
            Role::Gate => "E-gate or kiosk (machine)",
            Role::CustomsOfficer => "Customs officer",
            Role::AgencyOfficer => "Partner agency officer",
            Role::Declarant => "Goods declarant (machine)",
            Role::PatrolOfficer => "Patrol officer",
            Role::HotlineHandler => "Hotline handler",
            Role::InternalAffairs => "Internal affairs",
        }
    }

    /// Whether the role is a machine account's: it acts only through API tokens, and only it may hold one, so
    /// that no token ever acts in a person's name.
    pub fn is_machine(self) -> bool {
        matches!(self, Role::Sender | Role::Gate | Role::Declarant)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role '{0}' (expected one of: first_line_officer, second_line_officer, analyst, supervisor, liaison_officer, administrator, auditor, sender, gate, customs_officer, agency_officer, declarant, patrol_officer, hotline_handler, internal_affairs)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn roles_round_trip_through_text() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert_eq!(
            "Second-Line Officer".parse::<Role>().unwrap(),
            Role::SecondLineOfficer
        );
        assert!("root".parse::<Role>().is_err());
        assert!(
            Role::Sender.is_machine() && Role::Gate.is_machine() && Role::Declarant.is_machine()
        );
        assert!(Role::ALL
            .iter()
            .filter(|r| !matches!(r, Role::Sender | Role::Gate | Role::Declarant))
            .all(|r| !r.is_machine()));
    }
}
