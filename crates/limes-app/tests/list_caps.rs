//! Length caps at the list-import door: a watchlist whose name is past the bound, or a document-alert register
//! whose document number is, is refused whole with the line named, and nothing is imported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
use limes_app::limits::MAX_FIELD_CHARS;
use limes_app::lists::{parse_document_alerts_csv, parse_watchlist, WatchlistFormat};
use limes_screen::import::MAX_LIST_NAME_CHARS;

#[test]
fn a_watchlist_with_an_overlong_name_is_refused_naming_the_line() {
    let long = "Karimov ".repeat(MAX_LIST_NAME_CHARS / 8 + 1);
    let csv = format!("entry_id,name\nA,Ivan Sidorov\nB,{long}\n");
    let e = parse_watchlist(csv.as_bytes(), WatchlistFormat::LimesCsv, Some("national"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 3") && e.contains("longer than"), "{e}");
    assert!(e.len() < 400, "the name is not echoed: {e}");
    let good = "entry_id,name\nA,Ivan Sidorov\n";
    assert!(parse_watchlist(good.as_bytes(), WatchlistFormat::LimesCsv, Some("national")).is_ok());
}

#[test]
fn a_document_alert_with_an_overlong_number_is_refused_naming_the_line() {
    let long = "X".repeat(MAX_FIELD_CHARS + 1);
    let csv = format!(
        "issuing_state,document_number,document_type,status,reported_on\n\
         UTO,L898902C3,P,stolen,2025-01-02\nUTO,{long},P,stolen,2025-01-02\n"
    );
    let e = parse_document_alerts_csv(csv.as_bytes(), "n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!(
            "line 3: document_number is longer than {MAX_FIELD_CHARS}"
        )),
        "{e}"
    );
    assert!(!e.contains(&long), "the number is not echoed: {e}");
}
