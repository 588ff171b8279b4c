//! The printable forms through the real server: the refusal of entry, the stamp data and the protection
//! hand-over record of decided crossings as PDF, their text read back; 404 and 409 where there is no such form;
//! each print audited as a view of the person with purpose `form`; the links on the crossing page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

/// A foreign traveller (refusal and protection are offered only to non-nationals).
fn foreign_mrz(surname: &str, number: &str) -> String {
    td3(
        "FRA", surname, "MARIE", number, "FRA", "850101", 'F', "320101",
    )
}

/// A decided crossing at UTO-AIR-1: the check, then the decision.
async fn decided(srv: &TestServer, mrz: &str, decision: serde_json::Value) -> String {
    let (status, check) = srv.check_at_air(mrz, "entry").await;
    assert_eq!(status, 200, "{check}");
    let id = check["crossing_id"].as_str().unwrap().to_string();
    let (status, body) = srv.decide(&id, Role::FirstLineOfficer, decision).await;
    assert_eq!(status, 200, "{body}");
    id
}

/// GET a form as `role`: the status, the content type and the PDF's text (empty when it is not a PDF).
async fn form(srv: &TestServer, role: Role, path: &str) -> (u16, String, String) {
    let res = srv.get_as(role, path).await;
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.bytes().await.unwrap();
    let text = if content_type == "application/pdf" {
        let doc = lopdf::Document::load_mem(&bytes).expect("a well-formed PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).expect("the PDF's text")
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    (status, content_type, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_crossing_prints_its_refusal_form_and_cancelled_stamp() {
    let srv = TestServer::start().await;
    let id = decided(
        &srv,
        &foreign_mrz("DUBOIS", "12AB34567"),
        json!({"outcome": "refused", "refusal_reason": "C"}),
    )
    .await;

    let (status, content_type, text) = form(
        &srv,
        Role::FirstLineOfficer,
        &format!("/crossings/{id}/refusal.pdf"),
    )
    .await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/pdf"),
        "{text}"
    );
    for expected in [
        "Refusal of entry at the border",
        "Annex V, Part B",
        "DUBOIS",
        "MARIE",
        "12AB34567",
        "FRA",
        "UTO-AIR-1",
        "(C) Has no valid visa or residence permit",
        "(A) Has no valid travel document(s)",
        "first-line-officer",
        &id,
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the refusal form: {text}"
        );
    }
    // The print is a view of the person's data, audited with its purpose.
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    let subject = format!("crossing:{id}");
    assert!(
        audit.iter().any(|e| e.event.action == "person.view"
            && e.event.subject.as_deref() == Some(subject.as_str())
            && e.event.purpose.as_deref() == Some("form")
            && e.event.detail.contains("refusal")),
        "no person.view with purpose form for {subject}"
    );

    // Whoever may read the crossing may print it: an analyst too.
    let (status, _, text) = form(&srv, Role::Analyst, &format!("/crossings/{id}/stamp.pdf")).await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("cancelled"),
        "the refused entry's stamp is cancelled: {text}"
    );
    assert!(text.contains("Air"), "the air border's pictogram: {text}");

    // A refusal is never a protection request.
    let (status, _, body) = form(
        &srv,
        Role::FirstLineOfficer,
        &format!("/crossings/{id}/protection.pdf"),
    )
    .await;
    assert_eq!(status, 409, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admission_has_a_stamp_but_no_refusal_form() {
    let srv = TestServer::start().await;
    let id = decided(&srv, &clear_mrz(), json!({"outcome": "admitted"})).await;
    let (status, _, text) = form(
        &srv,
        Role::FirstLineOfficer,
        &format!("/crossings/{id}/stamp.pdf"),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    for expected in [
        "Entry and exit stamp data",
        "ERIKSSON",
        "UTO-AIR-1",
        "Entry",
        "Air",
        "01.03.2026",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the stamp record: {text}"
        );
    }
    assert!(!text.contains("cancelled"), "{text}");

    let (status, content_type, body) = form(
        &srv,
        Role::FirstLineOfficer,
        &format!("/crossings/{id}/refusal.pdf"),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_ne!(content_type, "application/pdf");
    assert!(body.contains("not a refusal of entry"), "{body}");

    // A check not yet decided has no form; a crossing that does not exist is not found.
    let (status, pending) = srv
        .check_at_air(&foreign_mrz("MARTIN", "98ZY76543"), "entry")
        .await;
    assert_eq!(status, 200);
    let pending = pending["crossing_id"].as_str().unwrap();
    for kind in ["refusal", "stamp", "protection"] {
        let (status, _, body) = form(
            &srv,
            Role::FirstLineOfficer,
            &format!("/crossings/{pending}/{kind}.pdf"),
        )
        .await;
        assert_eq!(status, 409, "{kind} of a pending check: {body}");
    }
    let (status, _, body) = form(
        &srv,
        Role::FirstLineOfficer,
        "/crossings/no-such-id/refusal.pdf",
    )
    .await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_protection_request_prints_its_hand_over_record_never_a_refusal() {
    let srv = TestServer::start().await;
    let id = decided(
        &srv,
        &foreign_mrz("HADDAD", "55CD12345"),
        json!({"outcome": "international_protection"}),
    )
    .await;
    let (status, _, text) = form(
        &srv,
        Role::FirstLineOfficer,
        &format!("/crossings/{id}/protection.pdf?authority=Utopia%20Asylum%20Office"),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    for expected in [
        "Request for international protection",
        "not a refusal of entry",
        "HADDAD",
        "UTO-AIR-1",
        "Utopia Asylum Office",
        "first-line-officer",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} in the hand-over record: {text}"
        );
    }
    for kind in ["refusal", "stamp"] {
        let (status, _, body) = form(
            &srv,
            Role::FirstLineOfficer,
            &format!("/crossings/{id}/{kind}.pdf"),
        )
        .await;
        assert_eq!(status, 409, "{kind} of a protection request: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_crossing_page_links_the_forms_the_crossing_has() {
    let srv = TestServer::start().await;
    let refused = decided(
        &srv,
        &foreign_mrz("DUBOIS", "12AB34567"),
        json!({"outcome": "refused", "refusal_reason": "C"}),
    )
    .await;
    let admitted = decided(&srv, &clear_mrz(), json!({"outcome": "admitted"})).await;
    let officer = srv.login(Role::FirstLineOfficer, Some("UTO-AIR-1")).await;

    let page = srv
        .page(
            &officer,
            &format!("/crossings/{refused}?purpose=print+forms"),
        )
        .await;
    assert!(
        page.contains(&format!("href=\"/crossings/{refused}/refusal.pdf\"")),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"/crossings/{refused}/stamp.pdf\"")));
    assert!(!page.contains("protection.pdf"));

    let page = srv
        .page(
            &officer,
            &format!("/crossings/{admitted}?purpose=print+forms"),
        )
        .await;
    assert!(
        page.contains(&format!("href=\"/crossings/{admitted}/stamp.pdf\"")),
        "{page}"
    );
    assert!(
        !page.contains("refusal.pdf"),
        "no refusal form for an admission"
    );

    // The session's officer downloads the form through the link.
    let res = officer
        .get(srv.url(&format!("/crossings/{refused}/refusal.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"refusal-{refused}.pdf\"").as_str()
    );
}
