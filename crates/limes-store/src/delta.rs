//! Downward list changes as deltas (issue 5): what changed between two versions of a watchlist or of the
//! document-alert register, and how a BCP node applies it to the version it holds. Pure functions shared by the
//! backends, so that the centre's diff and the node's apply cannot drift apart.
//!
//! A watchlist is kept as the screening crate's JSON, which the store does not otherwise interpret; a delta only
//! relies on its shape: an object whose `entries` are objects keyed by `entry_id`. Entries travel as the exact
//! JSON text the centre stored, so the node can check the list it built against the centre's digest: a node
//! never holds a list that differs from the centre's version of the same number.
use crate::{StoreError, StoreResult};
use limes_domain::DocumentAlert;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Document alerts per downward message: a register of a million alerts goes down in parts.
pub const DOCUMENTS_PER_DELTA: usize = 5000;

/// The largest watchlist delta sent as one message; a larger one goes in slices of this size. Kept well under
/// NATS's default `max_payload` (1 MB) even when JSON escaping doubles the slice.
pub const LIST_PART_BYTES: usize = 256 * 1024;

/// A change that touches more than this share of a list's entries goes down whole: it is no smaller as a delta.
const FULL_COPY_SHARE: f64 = 0.5;

/// How a new version of a watchlist goes down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListChange {
    /// The whole list: its first version, a change of most of it, a list not in the screening crate's shape,
    /// or a full copy sent to repair a node.
    Full {
        json: String,
        /// [`list_digest`] of `json`; empty when the list is not in the screening crate's shape.
        digest: String,
    },
    /// Only the entries that changed since `base_version`.
    Entries {
        base_version: i64,
        /// Every top-level field of the list but `entries` (name, source, publication date…), as JSON text.
        header: BTreeMap<String, String>,
        /// New or changed entries, as the JSON text the centre stored.
        upsert: Vec<String>,
        /// `entry_id`s of the entries removed.
        remove: Vec<String>,
        /// [`list_digest`] of the list after the change.
        digest: String,
    },
}

impl ListChange {
    /// A short description for the audit entry.
    pub fn describe(&self) -> String {
        match self {
            ListChange::Full { .. } => "whole list".to_string(),
            ListChange::Entries {
                base_version,
                upsert,
                remove,
                ..
            } => format!(
                "{} entries added or changed, {} removed since version {base_version}",
                upsert.len(),
                remove.len()
            ),
        }
    }
}

/// A list split into its header fields and its entries (as JSON text, keyed by `entry_id`).
struct ParsedList<'a> {
    header: BTreeMap<String, &'a str>,
    entries: Vec<(String, &'a str)>,
}

#[derive(Deserialize)]
struct EntryKey {
    entry_id: String,
}

/// `None` when the text is not an object with an `entries` array of objects that each have a unique
/// `entry_id`: such a list can only travel whole.
fn parse_list(json: &str) -> Option<ParsedList<'_>> {
    let mut top: BTreeMap<String, &RawValue> = serde_json::from_str(json).ok()?;
    let raw_entries = top.remove("entries")?;
    let entries: Vec<&RawValue> = serde_json::from_str(raw_entries.get()).ok()?;
    let mut seen = HashSet::with_capacity(entries.len());
    let mut keyed = Vec::with_capacity(entries.len());
    for e in entries {
        let key: EntryKey = serde_json::from_str(e.get()).ok()?;
        if !seen.insert(key.entry_id.clone()) {
            return None;
        }
        keyed.push((key.entry_id, e.get()));
    }
    Some(ParsedList {
        header: top.into_iter().map(|(k, v)| (k, v.get())).collect(),
        entries: keyed,
    })
}

fn digest_of(list: &ParsedList<'_>) -> String {
    let mut h = Sha256::new();
    for (k, v) in &list.header {
        h.update(k.as_bytes());
        h.update([0]);
        h.update(v.as_bytes());
        h.update([0]);
    }
    let mut entries: Vec<&(String, &str)> = list.entries.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, v) in entries {
        h.update(v.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// A digest of a list's content that does not depend on the order of its entries; `None` for a list not in
/// the screening crate's shape.
pub fn list_digest(json: &str) -> Option<String> {
    parse_list(json).map(|l| digest_of(&l))
}

/// The change from the version the centre held (`old`: its JSON and version) to `new`.
pub fn diff_list(old: Option<(&str, i64)>, new: &str) -> ListChange {
    let full = || ListChange::Full {
        json: new.to_string(),
        digest: list_digest(new).unwrap_or_default(),
    };
    let (Some((old_json, base_version)), Some(new_list)) = (old, parse_list(new)) else {
        return full();
    };
    let Some(old_list) = parse_list(old_json) else {
        return full();
    };
    let old_by_id: HashMap<&str, &str> = old_list
        .entries
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let new_ids: HashSet<&str> = new_list.entries.iter().map(|(k, _)| k.as_str()).collect();
    let upsert: Vec<String> = new_list
        .entries
        .iter()
        .filter(|(k, v)| old_by_id.get(k.as_str()) != Some(v))
        .map(|(_, v)| (*v).to_string())
        .collect();
    let remove: Vec<String> = old_list
        .entries
        .iter()
        .filter(|(k, _)| !new_ids.contains(k.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    let changed = (upsert.len() + remove.len()) as f64;
    if changed > FULL_COPY_SHARE * new_list.entries.len().max(1) as f64 && changed > 100.0 {
        return full();
    }
    ListChange::Entries {
        base_version,
        header: new_list
            .header
            .iter()
            .map(|(k, v)| (k.clone(), (*v).to_string()))
            .collect(),
        upsert,
        remove,
        digest: digest_of(&new_list),
    }
}

/// The list a node holds after applying `change` (which makes version `version`) to what it holds (`held`:
/// its JSON and version). `Ok(None)`: nothing to do, the node holds this version already. An error names why
/// the change cannot apply (another base version, a digest that does not match); the node keeps its list.
pub fn apply_list_change(
    list_id: &str,
    held: Option<(&str, i64)>,
    version: i64,
    change: &ListChange,
) -> StoreResult<Option<String>> {
    match change {
        ListChange::Full { json, digest } => {
            if let Some((held_json, held_version)) = held {
                // The same version again is applied only when the node's copy differs (a repair).
                let same = held_version == version
                    && (digest.is_empty() || list_digest(held_json).as_deref() == Some(digest));
                if held_version > version || same {
                    return Ok(None);
                }
            }
            if !digest.is_empty() && list_digest(json).as_deref() != Some(digest.as_str()) {
                return Err(StoreError::Invalid(format!(
                    "watchlist {list_id} version {version}: the list does not match its digest"
                )));
            }
            Ok(Some(json.clone()))
        }
        ListChange::Entries {
            base_version,
            header,
            upsert,
            remove,
            digest,
        } => {
            let held_version = held.map_or(0, |(_, v)| v);
            if held_version >= version {
                return Ok(None);
            }
            if held_version != *base_version {
                return Err(StoreError::Conflict(format!(
                    "watchlist {list_id} version {version} is a change from version {base_version}, but this \
                     node holds version {held_version}; the centre must send the whole list (limes sync resend)"
                )));
            }
            let held_list = held.and_then(|(json, _)| parse_list(json)).ok_or_else(|| {
                StoreError::Conflict(format!(
                    "watchlist {list_id}: the version this node holds cannot take a change of entries; the \
                     centre must send the whole list (limes sync resend)"
                ))
            })?;
            let mut upserts: HashMap<String, &str> = HashMap::with_capacity(upsert.len());
            let mut order: Vec<String> = Vec::new();
            for e in upsert {
                // Reading the key checks that the whole entry is well-formed JSON.
                let key: EntryKey = serde_json::from_str(e).map_err(|err| {
                    StoreError::Invalid(format!(
                        "watchlist {list_id} version {version}: an entry without entry_id: {err}"
                    ))
                })?;
                if upserts.insert(key.entry_id.clone(), e.as_str()).is_none() {
                    order.push(key.entry_id);
                }
            }
            let removed: HashSet<&str> = remove.iter().map(String::as_str).collect();
            let mut entries: Vec<(String, &str)> =
                Vec::with_capacity(held_list.entries.len() + upserts.len());
            for (k, v) in held_list.entries {
                if removed.contains(k.as_str()) {
                    continue;
                }
                match upserts.remove(&k) {
                    Some(new) => entries.push((k, new)),
                    None => entries.push((k, v)),
                }
            }
            for k in order {
                if let Some(v) = upserts.remove(&k) {
                    entries.push((k, v));
                }
            }
            let new_list = ParsedList {
                header: header
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str()))
                    .collect(),
                entries,
            };
            if digest_of(&new_list) != *digest {
                return Err(StoreError::Conflict(format!(
                    "watchlist {list_id} version {version}: the list built from this node's version \
                     {held_version} does not match the centre's; the centre must send the whole list \
                     (limes sync resend)"
                )));
            }
            Ok(Some(write_list(&new_list)?))
        }
    }
}

fn write_list(list: &ParsedList<'_>) -> StoreResult<String> {
    let size: usize = list.header.values().map(|v| v.len() + 16).sum::<usize>()
        + list.entries.iter().map(|(_, v)| v.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size + 16);
    out.push('{');
    for (k, v) in &list.header {
        out.push_str(&serde_json::to_string(k).map_err(|e| StoreError::Backend(e.to_string()))?);
        out.push(':');
        // A header value arrives as text: check it is JSON before it becomes part of the list.
        serde_json::from_str::<&RawValue>(v)
            .map_err(|e| StoreError::Invalid(format!("watchlist field {k}: {e}")))?;
        out.push_str(v);
        out.push(',');
    }
    out.push_str("\"entries\":[");
    for (i, (_, v)) in list.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(v);
    }
    out.push_str("]}");
    Ok(out)
}

/// The downward messages for a new version of a watchlist: one, or slices of at most [`LIST_PART_BYTES`] of it.
pub fn watchlist_messages(
    meta: crate::WatchlistMeta,
    change: ListChange,
) -> StoreResult<Vec<crate::sync::DownMessage>> {
    let (list, version) = (meta.id.clone(), meta.version);
    let whole = crate::sync::DownDelta::Watchlist { meta, change }.message()?;
    if whole.payload.len() <= LIST_PART_BYTES {
        return Ok(vec![whole]);
    }
    let mut slices = Vec::new();
    let mut rest = whole.payload.as_str();
    while !rest.is_empty() {
        let mut end = rest.len().min(LIST_PART_BYTES);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (slice, tail) = rest.split_at(end);
        slices.push(slice);
        rest = tail;
    }
    let parts = u32::try_from(slices.len())
        .map_err(|_| StoreError::Invalid(format!("watchlist {list}: too large to send")))?;
    let batch = hex::encode(&Sha256::digest(whole.payload.as_bytes())[..8]);
    (1..=parts)
        .zip(slices)
        .map(|(part, text)| {
            crate::sync::DownDelta::WatchlistPart {
                list: list.clone(),
                version,
                batch: batch.clone(),
                part,
                parts,
                text: text.to_string(),
            }
            .message()
        })
        .collect()
}

/// Join the slices of a watchlist delta (`staged` are parts 1..parts-1 in order, `last` the last one).
pub fn join_watchlist_parts(
    list: &str,
    version: i64,
    parts: u32,
    staged: Vec<(u32, String)>,
    last: &str,
) -> StoreResult<crate::sync::DownDelta> {
    let have: Vec<u32> = staged.iter().map(|(p, _)| *p).collect();
    let want: Vec<u32> = (1..parts).collect();
    if have != want {
        return Err(StoreError::Conflict(format!(
            "watchlist {list} version {version}: parts {want:?} expected before the last, found {have:?}; the \
             list is unchanged and the centre must send it again (limes sync resend)"
        )));
    }
    let mut text =
        String::with_capacity(staged.iter().map(|(_, t)| t.len()).sum::<usize>() + last.len());
    for (_, t) in &staged {
        text.push_str(t);
    }
    text.push_str(last);
    let delta: crate::sync::DownDelta = serde_json::from_str(&text).map_err(|e| {
        StoreError::Invalid(format!(
            "watchlist {list} version {version}: the joined parts are not a list change: {e}"
        ))
    })?;
    match &delta {
        crate::sync::DownDelta::Watchlist { meta, .. }
            if meta.id == list && meta.version == version =>
        {
            Ok(delta)
        }
        _ => Err(StoreError::Invalid(format!(
            "watchlist {list} version {version}: the joined parts are another change"
        ))),
    }
}

/// What changed between two states of the document-alert register, as multisets of alerts (a register may
/// hold the same alert twice): `(added, removed)`.
pub fn diff_register(
    old: Vec<DocumentAlert>,
    new: &[DocumentAlert],
) -> (Vec<DocumentAlert>, Vec<DocumentAlert>) {
    let mut remaining: HashMap<DocumentAlert, usize> = HashMap::with_capacity(old.len());
    for a in old {
        *remaining.entry(a).or_default() += 1;
    }
    let mut added = Vec::new();
    for a in new {
        match remaining.get_mut(a) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added.push(a.clone()),
        }
    }
    let mut removed: Vec<DocumentAlert> = remaining
        .into_iter()
        .flat_map(|(a, n)| std::iter::repeat_n(a, n))
        .collect();
    removed.sort_by(|a, b| {
        (&a.issuing_state, &a.document_number).cmp(&(&b.issuing_state, &b.document_number))
    });
    (added, removed)
}

/// One register change in downward messages of at most [`DOCUMENTS_PER_DELTA`] alerts each (removals first).
/// `base_version` `None` is the whole register, which the node takes in place of its own.
pub fn register_parts(
    version: i64,
    base_version: Option<i64>,
    added: Vec<DocumentAlert>,
    removed: Vec<DocumentAlert>,
) -> StoreResult<Vec<crate::sync::DownDelta>> {
    let mut chunks: Vec<(Vec<DocumentAlert>, Vec<DocumentAlert>)> = Vec::new();
    for c in removed.chunks(DOCUMENTS_PER_DELTA) {
        chunks.push((Vec::new(), c.to_vec()));
    }
    for c in added.chunks(DOCUMENTS_PER_DELTA) {
        chunks.push((c.to_vec(), Vec::new()));
    }
    if chunks.is_empty() {
        chunks.push((Vec::new(), Vec::new()));
    }
    let parts = u32::try_from(chunks.len())
        .map_err(|_| StoreError::Invalid("too many document alerts in one import".into()))?;
    Ok((1..=parts)
        .zip(chunks)
        .map(|(part, (add, remove))| crate::sync::DownDelta::Documents {
            version,
            base_version,
            part,
            parts,
            add,
            remove,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use limes_domain::AlertStatus;

    fn list(entries: &[(&str, &str)]) -> String {
        let entries: Vec<serde_json::Value> = entries
            .iter()
            .map(|(id, name)| serde_json::json!({"entry_id": id, "kind": "person", "names": [{"full": name}]}))
            .collect();
        serde_json::json!({"id": "un", "name": "UN", "source": "test", "published": null, "entries": entries})
            .to_string()
    }

    fn apply(held: &str, held_version: i64, change: &ListChange) -> String {
        apply_list_change("un", Some((held, held_version)), held_version + 1, change)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn a_change_of_a_few_entries_goes_down_as_those_entries() {
        let v1 = list(&[("A.1", "ONE"), ("A.2", "TWO"), ("A.3", "THREE")]);
        let v2 = list(&[("A.1", "ONE"), ("A.2", "TWO CHANGED"), ("A.4", "FOUR")]);
        let change = diff_list(Some((&v1, 1)), &v2);
        let ListChange::Entries {
            base_version,
            upsert,
            remove,
            ..
        } = &change
        else {
            panic!("expected a change of entries, got {change:?}");
        };
        assert_eq!(*base_version, 1);
        assert_eq!(upsert.len(), 2, "A.2 changed and A.4 added");
        assert_eq!(remove, &vec!["A.3".to_string()]);
        let built = apply(&v1, 1, &change);
        assert_eq!(list_digest(&built), list_digest(&v2));
        assert!(built.contains("TWO CHANGED") && !built.contains("THREE"));
        // The serialised delta reads back to the same change.
        let text = serde_json::to_string(&change).unwrap();
        let back: ListChange = serde_json::from_str(&text).unwrap();
        assert_eq!(back, change);
    }

    #[test]
    fn the_first_version_and_a_list_of_another_shape_go_down_whole() {
        let v1 = list(&[("A.1", "ONE")]);
        assert!(matches!(diff_list(None, &v1), ListChange::Full { .. }));
        assert!(matches!(
            diff_list(Some(("{\"v\":1}", 1)), "{\"v\":2}"),
            ListChange::Full { digest, .. } if digest.is_empty()
        ));
        let dup = list(&[("A.1", "ONE"), ("A.1", "AGAIN")]);
        assert!(matches!(
            diff_list(Some((&v1, 1)), &dup),
            ListChange::Full { .. }
        ));
    }

    #[test]
    fn a_change_of_most_of_a_large_list_goes_down_whole() {
        let old: Vec<(String, String)> = (0..300)
            .map(|i| (format!("X.{i}"), format!("N{i}")))
            .collect();
        let new: Vec<(String, String)> = (0..300)
            .map(|i| (format!("X.{i}"), format!("M{i}")))
            .collect();
        let as_refs = |v: &Vec<(String, String)>| -> String {
            list(
                &v.iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect::<Vec<_>>(),
            )
        };
        let change = diff_list(Some((&as_refs(&old), 3)), &as_refs(&new));
        assert!(matches!(change, ListChange::Full { .. }));
    }

    #[test]
    fn a_node_on_another_version_refuses_the_change_and_keeps_its_list() {
        let v1 = list(&[("A.1", "ONE")]);
        let v2 = list(&[("A.1", "ONE"), ("A.2", "TWO")]);
        let change = diff_list(Some((&v1, 1)), &v2);
        let err = apply_list_change("un", Some((&v1, 0)), 2, &change).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.contains("holds version 0") && m.contains("sync resend")),
            "{err}"
        );
        // A node whose copy of version 1 differs from the centre's gets a digest mismatch, not a wrong list.
        let other_v1 = list(&[("A.1", "ONE TAMPERED")]);
        let err = apply_list_change("un", Some((&other_v1, 1)), 2, &change).unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.contains("does not match")),
            "{err}"
        );
        // A node that holds the version already does nothing.
        assert_eq!(
            apply_list_change("un", Some((&v2, 2)), 2, &change).unwrap(),
            None
        );
    }

    #[test]
    fn a_full_copy_repairs_a_node_that_holds_a_different_list_of_the_same_version() {
        let good = list(&[("A.1", "ONE")]);
        let bad = list(&[("A.1", "WRONG")]);
        let full = diff_list(None, &good);
        assert_eq!(
            apply_list_change("un", Some((&bad, 4)), 4, &full).unwrap(),
            Some(good.clone())
        );
        assert_eq!(
            apply_list_change("un", Some((&good, 4)), 4, &full).unwrap(),
            None
        );
        assert_eq!(
            apply_list_change("un", Some((&good, 5)), 4, &full).unwrap(),
            None
        );
    }

    #[test]
    fn entry_order_does_not_change_the_digest() {
        let a = list(&[("A.1", "ONE"), ("A.2", "TWO")]);
        let b = list(&[("A.2", "TWO"), ("A.1", "ONE")]);
        assert_eq!(list_digest(&a), list_digest(&b));
        assert_ne!(list_digest(&a), list_digest(&list(&[("A.1", "ONE")])));
    }

    fn meta_template() -> crate::WatchlistMeta {
        crate::WatchlistMeta {
            id: "un".into(),
            name: "UN".into(),
            source: "test".into(),
            published: None,
            entries: 0,
            imported_at: chrono::DateTime::UNIX_EPOCH,
            imported_by: "t".into(),
            version: 0,
        }
    }

    #[test]
    fn a_large_list_goes_in_slices_that_join_back() {
        let names: Vec<(String, String)> = (0..8000)
            .map(|i| (format!("L.{i}"), format!("NAME ÄÖÜ ПЕТРОВ {i} \"QUOTED\"")))
            .collect();
        let refs: Vec<(&str, &str)> = names
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let json = list(&refs);
        assert!(json.len() > 2 * LIST_PART_BYTES);
        let meta = crate::WatchlistMeta {
            entries: 4000,
            version: 3,
            ..meta_template()
        };
        let change = diff_list(None, &json);
        let messages = watchlist_messages(meta.clone(), change.clone()).unwrap();
        assert!(messages.len() >= 3);
        assert!(messages
            .iter()
            .all(|m| m.payload.len() <= 2 * LIST_PART_BYTES + 200 && m.key == "un@3"));
        let mut parts: Vec<(u32, String)> = Vec::new();
        let mut last = None;
        for m in &messages {
            match serde_json::from_str(&m.payload).unwrap() {
                crate::sync::DownDelta::WatchlistPart {
                    part,
                    parts: n,
                    text,
                    ..
                } => {
                    if part < n {
                        parts.push((part, text));
                    } else {
                        last = Some((n, text));
                    }
                }
                other => panic!("not a slice: {other:?}"),
            }
        }
        let (n, last) = last.unwrap();
        let joined = join_watchlist_parts("un", 3, n, parts.clone(), &last).unwrap();
        assert_eq!(joined, crate::sync::DownDelta::Watchlist { meta, change });
        // A missing slice is named, and nothing is applied.
        parts.remove(1);
        let e = join_watchlist_parts("un", 3, n, parts, &last).unwrap_err();
        assert!(e.to_string().contains("expected before the last"), "{e}");
        // A small change is one message.
        let small = watchlist_messages(
            crate::WatchlistMeta {
                version: 4,
                entries: 1,
                ..meta_template()
            },
            diff_list(None, &list(&[("A.1", "ONE")])),
        )
        .unwrap();
        assert_eq!(small.len(), 1);
    }

    fn alert(n: &str) -> DocumentAlert {
        DocumentAlert {
            issuing_state: "UTO".into(),
            document_number: n.into(),
            document_type: "P".into(),
            status: AlertStatus::Stolen,
            source: "test".into(),
            reason: String::new(),
            reported_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        }
    }

    #[test]
    fn the_register_diff_is_a_multiset_diff() {
        let old = vec![alert("A1"), alert("A2"), alert("A2"), alert("A3")];
        let new = vec![alert("A1"), alert("A2"), alert("A4")];
        let (added, removed) = diff_register(old, &new);
        assert_eq!(added, vec![alert("A4")]);
        assert_eq!(removed, vec![alert("A2"), alert("A3")]);
    }

    #[test]
    fn register_changes_go_down_in_parts_removals_first() {
        let added: Vec<DocumentAlert> = (0..DOCUMENTS_PER_DELTA + 1)
            .map(|i| alert(&format!("N{i}")))
            .collect();
        let parts = register_parts(7, Some(6), added, vec![alert("OLD")]).unwrap();
        assert_eq!(parts.len(), 3);
        let shape: Vec<(u32, u32, usize, usize)> = parts
            .iter()
            .map(|d| match d {
                crate::sync::DownDelta::Documents {
                    part,
                    parts,
                    add,
                    remove,
                    ..
                } => (*part, *parts, add.len(), remove.len()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            shape,
            vec![(1, 3, 0, 1), (2, 3, DOCUMENTS_PER_DELTA, 0), (3, 3, 1, 0)]
        );
        assert_eq!(register_parts(8, Some(7), vec![], vec![]).unwrap().len(), 1);
    }
}
