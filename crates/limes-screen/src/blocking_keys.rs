//! The 64-bit string hash of the engine's blocking keys, and the keys of a token with one letter deleted.

/// A well-mixed 64-bit hash of `tag` followed by the byte pieces (FNV-1a, then a splitmix finaliser).
#[inline]
pub fn key_hash(tag: u8, pieces: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    h ^= u64::from(tag);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for p in pieces {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The key of `s` itself and, when `with_deletions`, of every string made by deleting one byte of it.
pub fn deletion_keys(tag: u8, s: &[u8], with_deletions: bool, out: &mut Vec<u64>) {
    out.push(key_hash(tag, &[s]));
    if with_deletions {
        for i in 0..s.len() {
            let (a, b) = s.split_at(i);
            let b = b.get(1..).unwrap_or_default();
            let k = key_hash(tag, &[a, b]);
            // A doubled letter gives the same deletion twice: keep it once.
            if out.last() != Some(&k) {
                out.push(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_deletion_on_each_side_meets() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        deletion_keys(1, b"HABIBI", true, &mut a);
        deletion_keys(1, b"HABIPI", true, &mut b);
        assert!(a.iter().any(|k| b.contains(k)), "a substitution meets");
        let mut c = Vec::new();
        deletion_keys(1, b"HBAIBI", true, &mut c);
        assert!(a.iter().any(|k| c.contains(k)), "a transposition meets");
        let mut d = Vec::new();
        deletion_keys(1, b"KATANGA", true, &mut d);
        assert!(!a.iter().any(|k| d.contains(k)));
        assert_ne!(key_hash(1, &[b"AB"]), key_hash(2, &[b"AB"]));
        assert_eq!(key_hash(1, &[b"A", b"B"]), key_hash(1, &[b"AB"]));
    }
}
