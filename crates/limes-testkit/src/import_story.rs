//! The import story every backend runs: the same document alerts imported twice are stored once (identity:
//! issuing state, document number, document type), within one file and across imports. (Test code: panics are
//! the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::ev;
use chrono::NaiveDate;
use limes_domain::{AlertStatus, DocumentAlert};
use limes_store::*;

fn alert(number: &str, document_type: &str) -> DocumentAlert {
    DocumentAlert {
        issuing_state: "ATL".into(),
        document_number: number.into(),
        document_type: document_type.into(),
        status: AlertStatus::Stolen,
        source: "INTERPOL SLTD".into(),
        reason: "reported".into(),
        reported_on: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
    }
}

pub async fn document_alert_reimport_story(store: &dyn Store) {
    let before = store.document_alert_count().await.unwrap();
    let file = vec![
        alert("RE100001", "P"),
        alert("RE100002", "P"),
        // The same document again in the same file (spaced differently): one alert.
        alert("RE 100001", "P"),
        // Another type of document with the same number is another alert.
        alert("RE100001", "I"),
    ];
    let n = store
        .import_document_alerts(file.clone(), false, ev("documents.import"))
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(store.document_alert_count().await.unwrap(), before + 3);
    // The same file imported again stores nothing more.
    let n = store
        .import_document_alerts(file, false, ev("documents.import"))
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(store.document_alert_count().await.unwrap(), before + 3);
    assert_eq!(
        store
            .find_document_alerts(Some("ATL"), "RE100001")
            .await
            .unwrap()
            .len(),
        2,
        "one passport and one identity card, each once"
    );
    // Replacing with a file that repeats a document keeps it once.
    let n = store
        .import_document_alerts(
            vec![alert("RE200001", "P"), alert("RE200001", "P")],
            true,
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(store.document_alert_count().await.unwrap(), 1);
}
