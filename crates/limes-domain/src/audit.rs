//! The audit trail: an append-only log with a SHA-256 hash chain, so that an altered or deleted row is found.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What happened, before it is given its place in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    /// Username, or "system" for automatic jobs.
    pub actor: String,
    pub role: Option<String>,
    pub agency: Option<String>,
    pub bcp: Option<String>,
    /// Machine-readable action, e.g. `check.run`, `person.view`, `user.create`.
    pub action: String,
    /// What the action was about, e.g. a crossing id or a username.
    pub subject: Option<String>,
    /// Why personal data was accessed (required for views of a person's data).
    pub purpose: Option<String>,
    pub detail: String,
}

impl AuditEvent {
    pub fn new(at: DateTime<Utc>, actor: &str, action: &str) -> Self {
        Self {
            at,
            actor: actor.to_string(),
            role: None,
            agency: None,
            bcp: None,
            action: action.to_string(),
            subject: None,
            purpose: None,
            detail: String::new(),
        }
    }
}

/// A stored audit entry: the event, its sequence number and its link in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of the empty chain's predecessor.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Hash of one entry over its sequence number, its predecessor's hash and every field of the event, each
/// length-prefixed so that no two different entries serialise alike.
pub fn entry_hash(seq: i64, prev_hash: &str, e: &AuditEvent) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    field(&seq.to_string());
    field(prev_hash);
    field(&e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true));
    field(&e.actor);
    field(e.role.as_deref().unwrap_or("\u{0}"));
    field(e.agency.as_deref().unwrap_or("\u{0}"));
    field(e.bcp.as_deref().unwrap_or("\u{0}"));
    field(&e.action);
    field(e.subject.as_deref().unwrap_or("\u{0}"));
    field(e.purpose.as_deref().unwrap_or("\u{0}"));
    field(&e.detail);
    hex::encode(h.finalize())
}

/// Where the chain is broken, named for the auditor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "audit chain broken at entry {}: {}",
            self.seq, self.reason
        )
    }
}

/// Incremental verifier: feed entries in sequence order.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    pub verified: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
            verified: 0,
        }
    }
}

impl ChainVerifier {
    /// A verifier for a chain whose first entry follows `seq` with hash `hash` (a chain cut by retention at a
    /// signed checkpoint).
    pub fn starting_after(seq: i64, hash: &str) -> Self {
        Self {
            expected_seq: seq + 1,
            prev_hash: hash.to_string(),
            verified: 0,
        }
    }

    pub fn feed(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: if entry.seq > self.expected_seq {
                    format!(
                        "entries {}..{} are missing (deleted?)",
                        self.expected_seq,
                        entry.seq - 1
                    )
                } else {
                    format!("sequence number {} repeated or out of order", entry.seq)
                },
            });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: entry.seq,
                reason: "does not link to the previous entry (previous entry altered or deleted)"
                    .into(),
            });
        }
        let recomputed = entry_hash(entry.seq, &entry.prev_hash, &entry.event);
        if recomputed != entry.hash {
            return Err(ChainBreak {
                seq: entry.seq,
                reason: "content does not match its hash (entry altered)".into(),
            });
        }
        self.prev_hash = entry.hash.clone();
        self.expected_seq += 1;
        self.verified += 1;
        Ok(())
    }

    /// The chain head after the entries fed so far; compared with the stored head to detect truncation.
    pub fn head(&self) -> (i64, &str) {
        (self.expected_seq - 1, &self.prev_hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut event = AuditEvent::new(
                    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
                    "ana",
                    "check.run",
                );
                event.detail = format!("check {seq}");
                let hash = entry_hash(seq, &prev, &event);
                let e = AuditEntry {
                    seq,
                    event,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let mut v = ChainVerifier::default();
        for e in chain(5) {
            v.feed(&e).unwrap();
        }
        assert_eq!(v.verified, 5);
    }

    #[test]
    fn altered_entry_is_named() {
        let mut entries = chain(5);
        entries[2].event.actor = "mallory".into();
        let mut v = ChainVerifier::default();
        let err = entries.iter().try_for_each(|e| v.feed(e)).unwrap_err();
        assert_eq!(err.seq, 3);
        assert!(err.reason.contains("altered"));
    }

    #[test]
    fn deleted_entry_is_named() {
        let mut entries = chain(5);
        entries.remove(1);
        let mut v = ChainVerifier::default();
        let err = entries.iter().try_for_each(|e| v.feed(e)).unwrap_err();
        assert_eq!(err.seq, 2);
        assert!(err.reason.contains("missing"));
    }
}
