//! The organisation as it comes down from the centre (issue 13): agencies, BCPs, users (with role, BCPs,
//! active flag and password hash, so an officer signs in at an offline node) and API tokens (hash, expiry,
//! revocation, so an e-gate's token works at its node). Administration is central: the centre's store sends
//! every change of these tables down in the transaction of the change ([`OrgSnapshot`] is what the tables hold,
//! compared with what was sent), and a BCP node writes what arrives into its own tables, where the existing
//! lookups find it. A BCP node changes none of them itself, except a user's own language.
use super::kinds::RecordKind;
use chrono::{DateTime, Utc};
use limes_domain::user::User;
use limes_domain::{Agency, Bcp};
use serde::{Deserialize, Serialize};

/// Agencies, by code.
pub struct Agencies;
impl RecordKind for Agencies {
    const KIND: &'static str = "agency";
    type Record = Agency;
    fn key(record: &Agency) -> String {
        record.code.clone()
    }
}

/// Border crossing points, by code.
pub struct Bcps;
impl RecordKind for Bcps {
    const KIND: &'static str = "bcp";
    type Record = Bcp;
    fn key(record: &Bcp) -> String {
        record.code.clone()
    }
}

/// A user with the password hash (an Argon2 hash: the node checks the password itself, offline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUser {
    #[serde(flatten)]
    pub user: User,
    pub password_hash: String,
}

/// Users, by id.
pub struct Users;
impl RecordKind for Users {
    const KIND: &'static str = "user";
    type Record = OrgUser;
    fn key(record: &OrgUser) -> String {
        record.user.id.clone()
    }
}

/// An API token as a node needs it to accept it: never the secret, only its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgToken {
    pub id: String,
    pub token_hash: String,
    pub user_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// API tokens, by public id.
pub struct ApiTokens;
impl RecordKind for ApiTokens {
    const KIND: &'static str = "api_token";
    type Record = OrgToken;
    fn key(record: &OrgToken) -> String {
        record.id.clone()
    }
}

/// The organisation's kinds in the order a node must apply them (a user names an agency and BCPs, a token a
/// user): the order of a full copy.
pub const ORG_KINDS: [&str; 4] = [Agencies::KIND, Bcps::KIND, Users::KIND, ApiTokens::KIND];

/// Whether a kind is part of the organisation (applied into the node's own tables).
pub fn is_org_kind(kind: &str) -> bool {
    ORG_KINDS.contains(&kind)
}

/// Everything the organisation's tables hold, read by a backend in the transaction of a change.
#[derive(Debug, Default)]
pub struct OrgSnapshot {
    pub agencies: Vec<Agency>,
    pub bcps: Vec<Bcp>,
    pub users: Vec<OrgUser>,
    pub tokens: Vec<OrgToken>,
}

impl OrgSnapshot {
    /// `(kind, key, JSON)` of every record, in [`ORG_KINDS`] order.
    pub fn records(&self) -> crate::StoreResult<Vec<(&'static str, String, String)>> {
        fn one<K: RecordKind>(
            out: &mut Vec<(&'static str, String, String)>,
            records: &[K::Record],
        ) -> crate::StoreResult<()> {
            for r in records {
                let json = serde_json::to_string(r)
                    .map_err(|e| crate::StoreError::Backend(format!("{} record: {e}", K::KIND)))?;
                out.push((K::KIND, K::key(r), json));
            }
            Ok(())
        }
        let mut out = Vec::new();
        one::<Agencies>(&mut out, &self.agencies)?;
        one::<Bcps>(&mut out, &self.bcps)?;
        one::<Users>(&mut out, &self.users)?;
        one::<ApiTokens>(&mut out, &self.tokens)?;
        Ok(out)
    }
}

/// What the centre must send down so that the nodes hold `now`: given what was sent last (`sent`: kind and key
/// to JSON, `None` for a removal), the records that are new or changed, then those removed, in apply order.
pub fn changes(
    now: &[(&'static str, String, String)],
    sent: &std::collections::HashMap<(String, String), Option<String>>,
) -> Vec<(&'static str, String, Option<String>)> {
    let mut out: Vec<(&'static str, String, Option<String>)> = Vec::new();
    let mut present = std::collections::HashSet::new();
    for (kind, key, json) in now {
        present.insert((kind.to_string(), key.clone()));
        let before = sent.get(&(kind.to_string(), key.clone()));
        if before.and_then(|b| b.as_deref()) != Some(json.as_str()) {
            out.push((kind, key.clone(), Some(json.clone())));
        }
    }
    // Removals go last, tokens before users before BCPs before agencies.
    for kind in ORG_KINDS.iter().rev() {
        let mut gone: Vec<&String> = sent
            .iter()
            .filter(|((k, key), json)| {
                k == kind && json.is_some() && !present.contains(&(k.clone(), (*key).clone()))
            })
            .map(|((_, key), _)| key)
            .collect();
        gone.sort();
        out.extend(gone.into_iter().map(|key| (*kind, key.clone(), None)));
    }
    out
}

/// The refusal of an organisation change at a BCP node.
pub fn central_only(what: &str) -> crate::StoreError {
    crate::StoreError::Invalid(format!(
        "{what} is administered at the national centre: this BCP node receives the organisation from it; make \
         the change there"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn only_what_changed_goes_down_and_removals_go_last() {
        let now = vec![
            ("agency", "UBP".to_string(), "{a}".to_string()),
            ("user", "u1".to_string(), "{u1-new}".to_string()),
            ("user", "u2".to_string(), "{u2}".to_string()),
        ];
        let mut sent = HashMap::new();
        sent.insert(("agency".into(), "UBP".into()), Some("{a}".to_string()));
        sent.insert(("user".into(), "u1".into()), Some("{u1-old}".to_string()));
        sent.insert(("api_token".into(), "t1".into()), Some("{t}".to_string()));
        sent.insert(("user".into(), "gone".into()), None);
        let out = changes(&now, &sent);
        assert_eq!(
            out,
            vec![
                ("user", "u1".to_string(), Some("{u1-new}".to_string())),
                ("user", "u2".to_string(), Some("{u2}".to_string())),
                ("api_token", "t1".to_string(), None),
            ]
        );
    }
}
