//! A real list through the downward delta: the UN list as the screening crate stores it, changed the way a new
//! publication changes it (entries amended, delisted, added), goes down as only those entries, and the list a
//! node rebuilds from its previous version reads back as exactly the centre's new list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_screen::WatchList;
use limes_store::delta::{apply_list_change, diff_list, list_digest, ListChange};
use std::collections::BTreeMap;

const UN_XML: &[u8] = include_bytes!("../../../data/watchlists/un-consolidated-2026-02-27.xml");

fn by_id(list: &WatchList) -> BTreeMap<String, limes_screen::Entry> {
    list.entries
        .iter()
        .map(|e| (e.entry_id.clone(), e.clone()))
        .collect()
}

#[test]
fn a_new_publication_of_the_un_list_goes_down_as_its_changed_entries() {
    let v1 = limes_screen::import::un_xml(UN_XML).unwrap();
    assert!(v1.entries.len() > 900, "{} entries", v1.entries.len());
    let mut v2 = v1.clone();
    v2.published = Some("2026-03-06".into());
    // Two entries amended (an alias and a reason), three delisted, one new.
    let quality = v2.entries[10].names[0].quality;
    v2.entries[10].names.push(limes_screen::EntryName {
        full: "ABU TEST AL-AMENDED".into(),
        quality,
    });
    v2.entries[20].reason.push_str(" Amended on 6 March 2026.");
    let delisted: Vec<String> = v2.entries.drain(30..33).map(|e| e.entry_id).collect();
    let mut new_entry = v2.entries[40].clone();
    new_entry.entry_id = "QDi.999".into();
    v2.entries.push(new_entry);

    let j1 = serde_json::to_string(&v1).unwrap();
    let j2 = serde_json::to_string(&v2).unwrap();
    let change = diff_list(Some((&j1, 7)), &j2);
    match &change {
        ListChange::Entries {
            base_version,
            upsert,
            remove,
            ..
        } => {
            assert_eq!(*base_version, 7);
            assert_eq!(upsert.len(), 3, "two amended, one new");
            assert_eq!(remove, &delisted);
        }
        other => panic!("not a change of entries: {other:?}"),
    }
    let delta_size = serde_json::to_string(&change).unwrap().len();
    assert!(
        delta_size * 50 < j2.len(),
        "{delta_size} bytes for a list of {}",
        j2.len()
    );

    let built = apply_list_change("un", Some((&j1, 7)), 8, &change)
        .unwrap()
        .unwrap();
    assert_eq!(list_digest(&built), list_digest(&j2));
    let read: WatchList = serde_json::from_str(&built).unwrap();
    assert_eq!(read.published.as_deref(), Some("2026-03-06"));
    assert_eq!(by_id(&read), by_id(&v2));
}
