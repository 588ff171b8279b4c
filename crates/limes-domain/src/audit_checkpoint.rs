//! Signed checkpoints of the audit chain, and the verification of a chain against them. A checkpoint is the chain
//! head (entry count and head hash) signed with Ed25519 by a key kept outside the database: whoever can rewrite
//! the database cannot sign, so rows deleted at the end, a chain emptied or rewritten with every later hash
//! recomputed no longer match the latest checkpoint. Retention cuts the chain at a signed checkpoint, from which
//! the remaining chain is verified.
use crate::audit::{AuditEntry, ChainVerifier};
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The chain head signed at a moment by a node's audit key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditCheckpoint {
    /// The node (or installation) whose chain this is.
    pub node: String,
    /// The sequence number of the head entry: the number of entries the chain has had.
    pub seq: i64,
    /// The hash of the head entry.
    pub head_hash: String,
    pub at: DateTime<Utc>,
    /// Set at a retention cut: the entries up to `seq` were removed and the chain goes on from `head_hash`.
    #[serde(default)]
    pub cut: bool,
    /// The signer's Ed25519 public key, hex.
    pub public_key: String,
    /// The Ed25519 signature over [`signed_bytes`], hex.
    pub signature: String,
}

/// What a checkpoint signs: every field but the key and the signature, each length-prefixed, under a label so
/// that the signature cannot be taken for any other message.
pub fn signed_bytes(
    node: &str,
    seq: i64,
    head_hash: &str,
    at: &DateTime<Utc>,
    cut: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let seq = seq.to_string();
    for field in [
        "limes-audit-checkpoint-v1",
        node,
        &seq,
        head_hash,
        &at,
        if cut { "cut" } else { "head" },
    ] {
        out.extend_from_slice(&(field.len() as u64).to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

/// The hex form of a public key, as checkpoints and `limes audit key` show it.
pub fn public_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

impl AuditCheckpoint {
    /// Sign the head `(seq, head_hash)` of `node`'s chain at `at`.
    pub fn sign(
        key: &SigningKey,
        node: &str,
        seq: i64,
        head_hash: &str,
        at: DateTime<Utc>,
        cut: bool,
    ) -> Self {
        let signature = key.sign(&signed_bytes(node, seq, head_hash, &at, cut));
        AuditCheckpoint {
            node: node.to_string(),
            seq,
            head_hash: head_hash.to_string(),
            at,
            cut,
            public_key: public_key_hex(&key.verifying_key()),
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Signed by `trusted` over exactly these fields.
    pub fn is_signed_by(&self, trusted: &VerifyingKey) -> bool {
        if self.public_key != public_key_hex(trusted) {
            return false;
        }
        let Ok(bytes) = hex::decode(&self.signature) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        trusted
            .verify(
                &signed_bytes(&self.node, self.seq, &self.head_hash, &self.at, self.cut),
                &signature,
            )
            .is_ok()
    }
}

/// Read a public key from its hex form.
pub fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// The outcome of verifying a chain against its checkpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AnchoredReport {
    /// Entries whose links were verified.
    pub verified_entries: u64,
    /// The first and last sequence numbers present.
    pub first_seq: Option<i64>,
    pub last_seq: Option<i64>,
    /// The latest valid checkpoint: entries up to it are proven as signed.
    pub anchored_through: Option<i64>,
    pub anchored_at: Option<DateTime<Utc>>,
    /// Entries after the latest checkpoint, `(first, last)`: linked but not yet proven by a signature.
    pub unanchored: Option<(i64, i64)>,
    /// The chain starts after a signed retention cut at this sequence number.
    pub starts_after_cut: Option<i64>,
    /// Everything found wrong; empty when the chain is intact.
    pub problems: Vec<String>,
}

impl AnchoredReport {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies a chain, fed entry by entry in sequence order, against the checkpoints signed by one trusted key.
pub struct AnchoredVerifier {
    trusted: Vec<AuditCheckpoint>,
    chain: Option<ChainVerifier>,
    broken: bool,
    report: AnchoredReport,
}

impl AnchoredVerifier {
    /// Checkpoints not signed by `key` are reported and otherwise ignored.
    pub fn new(key: &VerifyingKey, checkpoints: Vec<AuditCheckpoint>) -> Self {
        let mut problems = Vec::new();
        let mut trusted = Vec::new();
        for cp in checkpoints {
            if cp.is_signed_by(key) {
                trusted.push(cp);
            } else {
                problems.push(format!(
                    "the checkpoint of entry {} at {} is not signed by this node's audit key (forged or altered)",
                    cp.seq,
                    cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
            }
        }
        AnchoredVerifier {
            trusted,
            chain: None,
            broken: false,
            report: AnchoredReport {
                verified_entries: 0,
                first_seq: None,
                last_seq: None,
                anchored_through: None,
                anchored_at: None,
                unanchored: None,
                starts_after_cut: None,
                problems,
            },
        }
    }

    /// Feed the next entry; after the first break the rest are only counted.
    pub fn feed(&mut self, entry: &AuditEntry) {
        if self.report.first_seq.is_none() {
            self.report.first_seq = Some(entry.seq);
        }
        self.report.last_seq = Some(entry.seq);
        if self.broken {
            return;
        }
        let chain = match self.chain.as_mut() {
            Some(chain) => chain,
            None => {
                let start = self.start_for(entry);
                match start {
                    Some(chain) => self.chain.insert(chain),
                    None => {
                        self.broken = true;
                        return;
                    }
                }
            }
        };
        if let Err(brk) = chain.feed(entry) {
            self.report.problems.push(brk.to_string());
            self.broken = true;
            return;
        }
        self.report.verified_entries = chain.verified;
        for cp in self.trusted.iter().filter(|cp| cp.seq == entry.seq) {
            if cp.head_hash != entry.hash {
                self.report.problems.push(format!(
                    "entry {} differs from the checkpoint signed at {} (the chain was rewritten)",
                    entry.seq,
                    cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
                self.broken = true;
                return;
            }
        }
    }

    /// Where the chain may start: at entry 1 from the genesis hash, or right after a signed cut.
    fn start_for(&mut self, first: &AuditEntry) -> Option<ChainVerifier> {
        if first.seq == 1 {
            return Some(ChainVerifier::default());
        }
        let cut = self
            .trusted
            .iter()
            .find(|cp| cp.cut && cp.seq == first.seq - 1 && cp.head_hash == first.prev_hash);
        match cut {
            Some(cp) => {
                self.report.starts_after_cut = Some(cp.seq);
                Some(ChainVerifier::starting_after(cp.seq, &cp.head_hash))
            }
            None => {
                self.report.problems.push(format!(
                    "the chain starts at entry {} with no signed retention cut before it (entries 1..{} deleted)",
                    first.seq,
                    first.seq - 1
                ));
                None
            }
        }
    }

    /// The report, once every entry was fed.
    pub fn finish(mut self) -> AnchoredReport {
        let latest = self
            .trusted
            .iter()
            .max_by_key(|cp| (cp.seq, cp.at))
            .cloned();
        let last = self.report.last_seq.unwrap_or(0);
        if let Some(cp) = &latest {
            if cp.cut && cp.seq >= last {
                // The cut is itself audited: at least that entry must follow it.
                self.report.problems.push(format!(
                    "the entries after the retention cut at entry {} are missing (deleted)",
                    cp.seq
                ));
            } else if cp.seq > last {
                self.report.problems.push(format!(
                    "entries {}..{} were signed at {} and are missing (deleted)",
                    last + 1,
                    cp.seq,
                    cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
            } else if !self.broken {
                self.report.anchored_through = Some(cp.seq);
                self.report.anchored_at = Some(cp.at);
            }
        }
        if !self.broken {
            let first_unanchored = match self.report.anchored_through {
                Some(seq) => seq + 1,
                None => self.report.first_seq.unwrap_or(1),
            };
            if self.report.last_seq.is_some() && first_unanchored <= last {
                self.report.unanchored = Some((first_unanchored, last));
            }
        }
        self.report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{entry_hash, AuditEvent, GENESIS_HASH};
    use chrono::TimeZone;

    fn key(byte: u8) -> SigningKey {
        SigningKey::from_bytes(&[byte; 32])
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, minute, 0).unwrap()
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut event = AuditEvent::new(at(0), "ana", "check.run");
                event.detail = format!("check {seq}");
                let hash = entry_hash(seq, &prev, &event);
                AuditEntry {
                    seq,
                    event,
                    prev_hash: std::mem::replace(&mut prev, hash.clone()),
                    hash,
                }
            })
            .collect()
    }

    fn checkpoint(k: &SigningKey, entries: &[AuditEntry], seq: i64, cut: bool) -> AuditCheckpoint {
        let hash = &entries[(seq - 1) as usize].hash;
        AuditCheckpoint::sign(k, "n1", seq, hash, at(seq as u32), cut)
    }

    fn verify(k: &SigningKey, cps: Vec<AuditCheckpoint>, entries: &[AuditEntry]) -> AnchoredReport {
        let mut v = AnchoredVerifier::new(&k.verifying_key(), cps);
        entries.iter().for_each(|e| v.feed(e));
        v.finish()
    }

    #[test]
    fn a_signature_covers_every_field() {
        let k = key(1);
        let cp = checkpoint(&k, &chain(3), 3, false);
        assert!(cp.is_signed_by(&k.verifying_key()));
        assert!(!cp.is_signed_by(&key(2).verifying_key()));
        for tampered in [
            AuditCheckpoint {
                seq: 4,
                ..cp.clone()
            },
            AuditCheckpoint {
                node: "n2".into(),
                ..cp.clone()
            },
            AuditCheckpoint {
                head_hash: GENESIS_HASH.into(),
                ..cp.clone()
            },
            AuditCheckpoint {
                at: at(59),
                ..cp.clone()
            },
            AuditCheckpoint {
                cut: true,
                ..cp.clone()
            },
        ] {
            assert!(!tampered.is_signed_by(&k.verifying_key()), "{tampered:?}");
        }
    }

    #[test]
    fn entries_after_the_checkpoint_are_named_unanchored() {
        let k = key(1);
        let entries = chain(5);
        let report = verify(&k, vec![checkpoint(&k, &entries, 3, false)], &entries);
        assert!(report.intact(), "{report:?}");
        assert_eq!(report.anchored_through, Some(3));
        assert_eq!(report.unanchored, Some((4, 5)));
        let none = verify(&k, vec![], &entries);
        assert!(none.intact());
        assert_eq!(
            (none.anchored_through, none.unanchored),
            (None, Some((1, 5)))
        );
    }

    #[test]
    fn deleted_last_rows_and_an_emptied_chain_are_reported() {
        let k = key(1);
        let entries = chain(5);
        let cps = vec![checkpoint(&k, &entries, 5, false)];
        let truncated = verify(&k, cps.clone(), &entries[..3]);
        assert!(!truncated.intact());
        assert!(
            truncated.problems[0].contains("entries 4..5"),
            "{truncated:?}"
        );
        let emptied = verify(&k, cps, &[]);
        assert!(emptied.problems[0].contains("entries 1..5"), "{emptied:?}");
    }

    #[test]
    fn a_rewritten_chain_with_recomputed_hashes_is_reported() {
        let k = key(1);
        let entries = chain(5);
        let cps = vec![checkpoint(&k, &entries, 5, false)];
        let mut rewritten = entries.clone();
        rewritten[1].event.actor = "mallory".into();
        let mut prev = GENESIS_HASH.to_string();
        for e in &mut rewritten {
            e.prev_hash = prev.clone();
            e.hash = entry_hash(e.seq, &prev, &e.event);
            prev = e.hash.clone();
        }
        let report = verify(&k, cps.clone(), &rewritten);
        assert!(report.problems[0].contains("rewritten"), "{report:?}");
        // A checkpoint forged with another key does not anchor the rewritten chain.
        let forged = AuditCheckpoint::sign(&key(9), "n1", 5, &rewritten[4].hash, at(9), false);
        let report = verify(&k, vec![forged], &rewritten);
        assert!(report.problems[0].contains("not signed"), "{report:?}");
    }

    #[test]
    fn a_chain_may_start_only_at_a_signed_cut() {
        let k = key(1);
        let entries = chain(6);
        let cut = checkpoint(&k, &entries, 3, true);
        let report = verify(&k, vec![cut.clone()], &entries[3..]);
        assert!(report.intact(), "{report:?}");
        assert_eq!(report.starts_after_cut, Some(3));
        // Starting one entry later than the cut, or after an ordinary checkpoint, is refused.
        let later = verify(&k, vec![cut.clone()], &entries[4..]);
        assert!(
            later.problems[0].contains("no signed retention cut"),
            "{later:?}"
        );
        let not_a_cut = verify(&k, vec![checkpoint(&k, &entries, 3, false)], &entries[3..]);
        assert!(!not_a_cut.intact());
        // Everything after the cut deleted.
        let emptied = verify(&k, vec![cut], &[]);
        assert!(
            emptied.problems[0].contains("after the retention cut"),
            "{emptied:?}"
        );
    }
}
