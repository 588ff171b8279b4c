//! Who performs a use case: a signed-in user (or a machine client with an API token) at a BCP, or an operator
//! at the server's command line. Every audit entry is stamped from it.
use chrono::{DateTime, Utc};
use limes_domain::AuditEvent;
use limes_store::User;

#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A user of the web UI or the API; `bcp` is the BCP chosen for the session, if any; `token` the id of the
    /// API token a machine account called with.
    User {
        user: &'a User,
        bcp: Option<&'a str>,
        token: Option<&'a str>,
    },
    /// A process acting on the operator's authority: `cli:<login>` at the command line, `inbox` for files
    /// dropped in the PAXLST inbox, `retention` for the purge.
    Operator(&'a str),
}

impl<'a> Actor<'a> {
    pub fn user(user: &'a User, bcp: Option<&'a str>) -> Actor<'a> {
        Actor::User {
            user,
            bcp,
            token: None,
        }
    }

    /// A machine account calling with the API token `token_id`.
    pub fn token(user: &'a User, token_id: &'a str) -> Actor<'a> {
        Actor::User {
            user,
            bcp: None,
            token: Some(token_id),
        }
    }

    /// The name recorded as the actor: a username, or the operator's name.
    pub fn name(&self) -> &'a str {
        match self {
            Actor::User { user, .. } => &user.username,
            Actor::Operator(name) => name,
        }
    }

    pub fn as_user(&self) -> Option<&'a User> {
        match self {
            Actor::User { user, .. } => Some(user),
            Actor::Operator(_) => None,
        }
    }

    /// The BCP of the session.
    pub fn session_bcp(&self) -> Option<&'a str> {
        match self {
            Actor::User { bcp, .. } => *bcp,
            Actor::Operator(_) => None,
        }
    }

    /// Whether the actor may work at (and see the records of) a BCP. The operator of the server may.
    pub fn may_use_bcp(&self, code: &str) -> bool {
        match self {
            Actor::User { user, .. } => user.may_use_bcp(code),
            Actor::Operator(_) => true,
        }
    }

    /// An audit event stamped with who, in which role, agency and BCP. What a token causes names the token too:
    /// the actor is `<username>/token:<token id>` (a username holds no `/`).
    pub fn audit(&self, at: DateTime<Utc>, action: &str) -> AuditEvent {
        let mut e = AuditEvent::new(at, self.name(), action);
        if let Actor::User {
            token: Some(id), ..
        } = self
        {
            e.actor = format!("{}/token:{id}", self.name());
        }
        if let Actor::User { user, bcp, .. } = self {
            e.role = Some(user.role.as_str().into());
            e.agency = Some(user.agency.clone());
            e.bcp = bcp.map(str::to_string);
        }
        e
    }
}
