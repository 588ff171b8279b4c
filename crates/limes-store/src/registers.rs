//! Streamed register imports: rows staged in batches under an import id and swapped into the register in one
//! short transaction at the end (all or nothing), whole files or change files of additions and removals.
use crate::{StoreError, StoreResult};

/// What a staged row does to the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Add,
    Remove,
}

impl RowAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RowAction::Add => "add",
            RowAction::Remove => "remove",
        }
    }
    pub fn parse(s: &str) -> Option<RowAction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "add" => Some(RowAction::Add),
            "remove" => Some(RowAction::Remove),
            _ => None,
        }
    }
}

/// One staged row of an import, with the line of the file it came from (for errors by line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedRow<T> {
    pub line: u64,
    pub action: RowAction,
    pub record: T,
}

/// How the staged rows change the register when the import is committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// The rows are added; one the register holds already is not stored twice.
    Add,
    /// The rows become the whole register.
    Replace,
    /// A change file: removals then additions, applied only to the register version `base_version`.
    Changes { base_version: i64 },
}

/// What a committed import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCommit {
    pub added: u64,
    pub removed: u64,
    /// The register's own version after the import (see [`ImportMode::Changes`]).
    pub version: i64,
}

/// The refusal of a change file written for another version of the register.
pub fn wrong_base(register: &str, base_version: i64, held: i64) -> StoreError {
    StoreError::Conflict(format!(
        "the change file applies to version {base_version} of the {register} register, but it is at version \
         {held}; nothing was changed (apply the missing change files first, or import the whole register)"
    ))
}

/// How many downward messages a change of `removed` and `added` records takes at `per_part` records per
/// message (removals and additions in parts of their own, at least one part).
pub fn parts_for(removed: u64, added: u64, per_part: usize) -> StoreResult<u32> {
    let per = per_part.max(1) as u64;
    let parts = removed.div_ceil(per) + added.div_ceil(per);
    u32::try_from(parts.max(1))
        .map_err(|_| StoreError::Invalid("too many register changes in one import".into()))
}

/// A compact in-memory index of a register's look-up keys for a fast miss: the sorted 64-bit fingerprints of
/// every record's key (for document alerts the O/0-I/1 key, which exact hits share). A key whose fingerprint is
/// not here is in no record, and the look-up needs no database read; a fingerprint found is confirmed by the
/// database (two keys may share one). 8 bytes per distinct key: 80 MB at 10 million alerts, 800 MB at 100 million.
#[derive(Debug, Clone, Default)]
pub struct KeyFingerprints {
    sorted: Vec<u64>,
    /// The register version it was built from.
    pub version: i64,
}

impl KeyFingerprints {
    /// The index of the fingerprints given (in any order, repeats allowed) at register version `version`.
    pub fn build(version: i64, mut fingerprints: Vec<u64>) -> KeyFingerprints {
        fingerprints.sort_unstable();
        fingerprints.dedup();
        fingerprints.shrink_to_fit();
        KeyFingerprints {
            sorted: fingerprints,
            version,
        }
    }
    /// Whether a record may have the key: false means certainly not.
    pub fn may_hold(&self, key: &str) -> bool {
        self.sorted.binary_search(&fingerprint(key)).is_ok()
    }
    pub fn len(&self) -> usize {
        self.sorted.len()
    }
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
    /// The memory the index takes.
    pub fn bytes(&self) -> usize {
        self.sorted.len() * std::mem::size_of::<u64>()
    }
}

/// The 64-bit fingerprint of a look-up key (FNV-1a: short keys, fast, well spread; not a defence against chosen
/// keys, which only cost a database read).
pub fn fingerprint(key: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    key.bytes()
        .fold(OFFSET, |hash, b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_answer_misses_without_false_negatives() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("L{i:08}")).collect();
        let index = KeyFingerprints::build(3, keys.iter().map(|k| fingerprint(k)).collect());
        assert_eq!(
            (index.len(), index.bytes(), index.version),
            (10_000, 80_000, 3)
        );
        assert!(keys.iter().all(|k| index.may_hold(k)));
        let misses = (0..10_000)
            .filter(|i| index.may_hold(&format!("X{i:08}")))
            .count();
        assert_eq!(misses, 0, "no collision expected among 10,000 short keys");
        assert!(KeyFingerprints::default().is_empty());
    }

    #[test]
    fn parts_count_removals_and_additions_apart() {
        assert_eq!(parts_for(0, 0, 10).unwrap(), 1);
        assert_eq!(parts_for(1, 10, 10).unwrap(), 2);
        assert_eq!(parts_for(11, 21, 10).unwrap(), 5);
    }

    #[test]
    fn actions_read_in_any_case() {
        assert_eq!(RowAction::parse(" ADD "), Some(RowAction::Add));
        assert_eq!(RowAction::parse("remove"), Some(RowAction::Remove));
        assert_eq!(RowAction::parse("delete"), None);
    }
}
