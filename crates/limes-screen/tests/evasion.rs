//! The evasion evaluation on the real UN list: listed travellers and innocents written each way a name is
//! disguised (hidden characters, reversal, look-alikes, compatibility forms, stacked marks) keep the clean
//! names' recall within 0.02, and the innocents are not flagged more.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_screen::evasion::evaluate_evasion;
use limes_screen::{eval, import, Engine};
use std::sync::Arc;

const UN_XML: &[u8] = include_bytes!("../../../data/watchlists/un-consolidated-2026-02-27.xml");

#[test]
fn every_way_of_disguising_a_name_keeps_the_clean_recall() {
    let lists = vec![import::un_xml(UN_XML).unwrap()];
    let cases = eval::generate(&lists, 300, 600, 11);
    let engine = Engine::build(lists.into_iter().map(Arc::new).collect());
    let rows = evaluate_evasion(&engine, &cases, 11);
    for r in &rows {
        println!(
            "{:<40} recall {:.3} ({} listed)  false alerts {:.3} ({} innocent)",
            r.writing, r.recall, r.positives, r.false_alert_rate, r.negatives
        );
    }
    let clean = &rows[0];
    assert_eq!(clean.writing, "clean");
    assert!(
        clean.positives >= 250 && clean.negatives >= 500,
        "{clean:?}"
    );
    assert!(
        clean.recall > 0.5,
        "the baseline itself catches people: {clean:?}"
    );
    for r in &rows[1..] {
        assert!(
            (r.recall - clean.recall).abs() <= 0.02,
            "{}: recall {:.3} against {:.3} clean",
            r.writing,
            r.recall,
            clean.recall
        );
        assert!(
            r.false_alert_rate <= clean.false_alert_rate + 0.005,
            "{}: false alerts {:.3} against {:.3} clean",
            r.writing,
            r.false_alert_rate,
            clean.false_alert_rate
        );
    }
}
