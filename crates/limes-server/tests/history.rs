//! The crossing history as officers search it: names in any spelling or script, filters, CSV export (audited).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_are_found_in_any_spelling_and_the_export_is_audited() {
    let srv = TestServer::start().await;
    for mrz in [
        td3(
            "DEU",
            "MUELLER",
            "HANS",
            "C01X00T47",
            "DEU",
            "700101",
            'M',
            "320101",
        ),
        td3(
            "RUS",
            "IVANOV",
            "PETR",
            "751111111",
            "RUS",
            "800202",
            'M',
            "320101",
        ),
    ] {
        let (status, body) = srv.check_at_air(&mrz, "entry").await;
        assert_eq!(status, 200, "{body}");
    }
    let found = page(&srv, "search=M%C3%BCller").await;
    assert!(found.contains("MUELLER"), "Müller finds MUELLER: {found}");
    let found = page(&srv, "search=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2").await;
    assert!(
        found.contains("IVANOV") && !found.contains("MUELLER"),
        "Иванов finds IVANOV: {found}"
    );
    // Filters: a day without crossings finds nothing; a bad date is said in the form.
    let none = page(&srv, "search=IVANOV&from=2026-03-02").await;
    assert!(!none.contains("IVANOV, PETR"), "{none}");
    let bad = page(&srv, "search=IVANOV&from=yesterday").await;
    assert!(bad.contains("is not a date"), "{bad}");

    let res = srv
        .get_as(
            Role::FirstLineOfficer,
            "/history.csv?search=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2&purpose=border+check",
        )
        .await;
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("id,at,bcp"), "{csv}");
    assert!(csv.contains("IVANOV,PETR"), "{csv}");
    let audit = srv.state.store.audit_entries(0, 10_000).await.unwrap();
    assert!(
        audit.iter().any(|e| e.event.action == "person.export"
            && e.event.purpose.as_deref() == Some("border check")),
        "the export is audited with its purpose"
    );
}

async fn page(srv: &TestServer, q: &str) -> String {
    let path = format!("/history?{q}&purpose=border+check");
    srv.get_as(Role::FirstLineOfficer, &path)
        .await
        .text()
        .await
        .unwrap()
}
