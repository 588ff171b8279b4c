//! The auditor's screen over HTTP: filters, paging past 200, the CSV export, the chain's anchoring shown, and
//! every read of the audit trail (page, API, export) audited with its purpose.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::{AuditEvent, Clock, Role};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_screen_filters_pages_exports_and_audits_its_readers() {
    let srv = TestServer::start().await;
    let now = srv.clock.now();
    for n in 0..250 {
        let mut event = AuditEvent::new(now, if n % 2 == 0 { "eve" } else { "bob" }, "probe.run");
        event.subject = Some(format!("probe:{n:03}"));
        srv.state.store.append_audit(event).await.unwrap();
    }
    // The server signed a checkpoint at start: the entries made since are named unanchored.
    let page = srv
        .get_as(Role::Auditor, "/audit?user=eve&event=probe.&purpose=case+7")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("match the latest signed checkpoint"),
        "{page}"
    );
    assert!(page.contains("id=\"chain-unanchored\""));
    assert_eq!(
        page.matches("probe:").count(),
        125,
        "every entry of eve, on one page"
    );
    assert!(!page.contains("id=\"audit-next\""));

    // Everything: 200 on the first page, the rest behind the next-page link.
    let first = srv
        .get_as(Role::Auditor, "/audit?event=probe.")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first.matches("probe:").count(), 200);
    let next = first
        .split("id=\"audit-next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|href| {
            href.trim_end_matches("\" ")
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .unwrap();
    let second = srv.get_as(Role::Auditor, &next).await.text().await.unwrap();
    assert_eq!(second.matches("probe:").count(), 50, "{next}");
    assert!(second.contains("probe:000") && !first.contains("probe:000"));

    // The subject filter, and the CSV export of what it finds.
    let csv = srv
        .get_as(
            Role::Auditor,
            "/audit/export.csv?subject=probe%3A24&purpose=court+order",
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 10,
        "header and probe:240..249: {csv}"
    );

    // The API read names its purpose too; an officer may not read the trail.
    let (status, _) = srv
        .get_json(Role::Auditor, "/api/v1/audit?limit=1&purpose=spot+check")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        srv.get_as(Role::FirstLineOfficer, "/audit/export.csv")
            .await
            .status(),
        403
    );

    let reads: Vec<(String, Option<String>)> = srv
        .state
        .store
        .search_audit(limes_store::AuditFilter {
            action: Some("audit.".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| (e.event.action, e.event.purpose))
        .collect();
    let purposes: Vec<(&str, Option<&str>)> = reads
        .iter()
        .map(|(a, p)| (a.as_str(), p.as_deref()))
        .collect();
    assert_eq!(
        purposes,
        [
            // Each page view verifies the chain and reads the entries: two reads.
            ("audit.read", Some("case 7")),
            ("audit.read", Some("case 7")),
            ("audit.read", Some("audit review")),
            ("audit.read", Some("audit review")),
            ("audit.read", Some("audit review")),
            ("audit.read", Some("audit review")),
            ("audit.export", Some("court order")),
            ("audit.read", Some("spot check")),
        ]
    );
}
