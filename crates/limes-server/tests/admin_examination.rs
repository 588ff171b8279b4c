//! Administration (editing a user, the self-deactivation and last-administrator refusals, errors shown in the
//! form with what was typed, password reset codes) and the second line's examination record, through the server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion
mod common;
use common::*;
use limes_domain::Role;
use serde_json::json;

async fn user_id(srv: &TestServer, role: Role) -> String {
    srv.state
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == username(role))
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_edits_a_user_but_never_deactivates_or_demotes_themselves() {
    let srv = TestServer::start().await;
    let officer = user_id(&srv, Role::FirstLineOfficer).await;
    let admin = user_id(&srv, Role::Administrator).await;
    let (status, u) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{officer}"),
            &json!({"display_name": "Fiona First", "role": "second_line_officer", "agency": "UBP",
                    "bcps": ["UTO-AIR-1"], "language": "fr", "active": true}),
        )
        .await;
    assert_eq!(status, 200, "{u}");
    assert_eq!(
        (&u["display_name"], &u["role"], &u["bcps"], &u["language"]),
        (
            &json!("Fiona First"),
            &json!("second_line_officer"),
            &json!(["UTO-AIR-1"]),
            &json!("fr")
        )
    );
    let audit = srv.state.store.recent_audit(5).await.unwrap();
    assert!(audit.iter().any(|e| e.event.action == "user.update"));

    for (body, what) in [
        (
            json!({"display_name": "Admin", "role": "administrator", "agency": "UBP", "active": false}),
            "deactivate",
        ),
        (
            json!({"display_name": "Admin", "role": "supervisor", "agency": "UBP", "active": true}),
            "demote",
        ),
    ] {
        let (status, e) = srv
            .post_json(
                Role::Administrator,
                &format!("/api/v1/users/{admin}"),
                &body,
            )
            .await;
        assert_eq!(status, 409, "{what} oneself: {e}");
    }
    let (status, _) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{admin}/active"),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(status, 409);
    assert!(srv.state.store.user(&admin).await.unwrap().unwrap().active);

    // A person's account does not become a machine's (tokens act only for machines).
    let (status, e) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{officer}"),
            &json!({"display_name": "F", "role": "gate", "agency": "UBP", "active": true}),
        )
        .await;
    assert_eq!((status, e["field"].as_str()), (422, Some("role")), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_errors_come_back_in_the_form_with_what_was_typed() {
    let srv = TestServer::start().await;
    let browser = srv.login(Role::Administrator, None).await;
    let page = srv.page(&browser, "/admin").await;
    let csrf = csrf_from(&page);
    assert!(
        !page.contains("pattern=\"[a-z0-9._-]"),
        "v-flag-safe patterns"
    );
    assert!(
        page.contains("Utopia Border Police (UBP)"),
        "agency names listed"
    );
    let res = srv
        .submit(
            &browser,
            "/admin/users",
            &[
                ("csrf", csrf.as_str()),
                ("username", "Bad Name"),
                ("display_name", "Typed Display Name"),
                ("role", "analyst"),
                ("agency", "UBP"),
                ("bcps", "UTO-SEA-1"),
                ("password", "long enough password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"user-error\""), "{html}");
    assert!(html.contains("value=\"Typed Display Name\""));
    assert!(html.contains("value=\"Bad Name\""));
    assert!(html.contains("value=\"UTO-SEA-1\""));
    assert!(!html.contains("long enough password"), "never the password");

    // Editing oneself: deactivation refused in the form.
    let admin = user_id(&srv, Role::Administrator).await;
    let page = srv.page(&browser, &format!("/admin/users/{admin}")).await;
    assert!(page.contains("id=\"user-edit-form\""));
    let res = srv
        .submit(
            &browser,
            &format!("/admin/users/{admin}"),
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Renamed Admin"),
                ("role", "administrator"),
                ("agency", "UBP"),
                ("language", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("You cannot deactivate your own account."),
        "{html}"
    );
    assert!(html.contains("value=\"Renamed Admin\""));
    let stored = srv.state.store.user(&admin).await.unwrap().unwrap();
    assert!(
        stored.active && stored.display_name != "Renamed Admin",
        "nothing saved"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_code_sets_a_new_password_once() {
    let srv = TestServer::start().await;
    let analyst = user_id(&srv, Role::Analyst).await;
    let (status, issued) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{analyst}/password-reset"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{issued}");
    let code = issued["code"].as_str().unwrap().to_string();
    let audit = srv.state.store.recent_audit(3).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.event.action == "user.password_reset_issue")
        .unwrap();
    assert!(
        !entry.event.detail.contains(&code),
        "the code is not audited"
    );

    let anon = srv.browser();
    let form = |code: &str, pw: &str, confirm: &str| {
        vec![
            ("code", code.to_string()),
            ("password", pw.to_string()),
            ("confirm", confirm.to_string()),
        ]
    };
    let res = srv
        .submit(
            &anon,
            "/password-reset",
            &form("wrong-code", "a new long password", "a new long password"),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = srv
        .submit(
            &anon,
            "/password-reset",
            &form(&code, "a new long password", "another one entirely"),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = srv
        .submit(
            &anon,
            "/password-reset",
            &form(&code, "a new long password", "a new long password"),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("id=\"reset-done\""));
    let (_, hash) = srv
        .state
        .store
        .user_credentials(&username(Role::Analyst))
        .await
        .unwrap()
        .unwrap();
    assert!(limes_app::users::verify_password("a new long password", Some(&hash)).await);
    let res = srv
        .submit(
            &anon,
            "/password-reset",
            &form(&code, "yet another password", "yet another password"),
        )
        .await;
    assert_eq!(res.status(), 422, "a code works once");

    // Machine accounts have no password to reset.
    let gate = user_id(&srv, Role::Gate).await;
    let (status, _) = srv
        .post_json(
            Role::Administrator,
            &format!("/api/v1/users/{gate}/password-reset"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_line_records_an_examination_shown_on_the_crossing_and_in_the_queue() {
    let srv = TestServer::start().await;
    let (status, c) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    assert_eq!(status, 200, "{c}");
    let id = c["crossing_id"].as_str().unwrap().to_string();
    let (status, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line", "note": "Nervous; story about the trip changes"}),
        )
        .await;
    assert_eq!(status, 200);
    let path = format!("/api/v1/crossings/{id}/examinations");
    let exam = json!({
        "interview_notes": "Could not name the hotel; ticket bought in cash yesterday.",
        "documents": [{"document": "passport", "methods": ["uv", "magnification"], "finding": "counterfeit"}],
        "outcome": "handed_to_police",
        "police_unit": "Airport police station",
        "police_officer": "Sgt. Okafor",
        "minutes_spent": 45
    });
    // The first line does not record it; a police hand-over needs the unit and officer.
    let (status, _) = srv.post_json(Role::FirstLineOfficer, &path, &exam).await;
    assert_eq!(status, 403);
    let mut missing = exam.clone();
    missing["police_officer"] = json!(null);
    let (status, e) = srv
        .post_json(Role::SecondLineOfficer, &path, &missing)
        .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (422, Some("police_unit")),
        "{e}"
    );
    let (status, recorded) = srv.post_json(Role::SecondLineOfficer, &path, &exam).await;
    assert_eq!(status, 200, "{recorded}");
    assert_eq!(recorded["bcp"], "UTO-AIR-1");
    let audit = srv.state.store.recent_audit(3).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.event.action == "examination.record")
        .unwrap();
    assert_eq!(
        entry.event.subject.as_deref(),
        Some(format!("crossing:{id}").as_str())
    );
    assert!(
        !entry.event.detail.contains("hotel"),
        "no interview notes in the audit"
    );

    let (status, list) = srv
        .get_json(Role::Supervisor, &format!("{path}?purpose=review"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["police_officer"], "Sgt. Okafor");
    let (status, _) = srv.get_json(Role::Supervisor, &path).await;
    assert_eq!(status, 422, "a purpose is needed");

    // The crossing page and the queue show it, with the first line's note.
    let browser = srv.login(Role::SecondLineOfficer, None).await;
    let page = srv
        .page(
            &browser,
            &format!("/crossings/{id}?purpose=second-line+examination"),
        )
        .await;
    assert!(page.contains("Airport police station"), "{page}");
    assert!(page.contains("id=\"record-examination\""));
    let queue = srv.page(&browser, "/second-line").await;
    assert!(
        queue.contains("Examined: Handed over to the police"),
        "{queue}"
    );
    assert!(queue.contains("Nervous; story about the trip changes"));

    // The form: an error comes back in the form with what was typed; a complete one is recorded.
    let form_page = srv
        .page(
            &browser,
            &format!("/crossings/{id}/examination?purpose=second-line+examination"),
        )
        .await;
    assert!(form_page.contains("id=\"first-line-note\""));
    let csrf = csrf_from(&form_page);
    let res = srv
        .submit(
            &browser,
            &format!("/crossings/{id}/examination"),
            &[
                ("csrf", csrf.as_str()),
                ("purpose", "second-line examination"),
                ("interview_notes", "Typed notes kept"),
                ("outcome", "refused"),
                ("minutes_spent", "20"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("id=\"exam-error\"") && html.contains("Typed notes kept"),
        "{html}"
    );
    let res = srv
        .submit(
            &browser,
            &format!("/crossings/{id}/examination"),
            &[
                ("csrf", csrf.as_str()),
                ("purpose", "second-line examination"),
                (
                    "interview_notes",
                    "Second interview: admits the trip is for work.",
                ),
                ("doc0_document", "work contract"),
                ("doc0_method", "database"),
                ("doc0_finding", "fraudulently_obtained"),
                ("outcome", "refused"),
                ("refusal_reasons", "E"),
                ("minutes_spent", "20"),
            ],
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let kept = srv.state.store.examinations_of(&id).await.unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[1].details.refusal_reasons, vec!["E"]);

    // A crossing never referred takes no examination.
    let (_, clear) = srv.check_at_air(&clear_mrz(), "entry").await;
    let clear_id = clear["crossing_id"].as_str().unwrap();
    let (status, _) = srv
        .post_json(
            Role::SecondLineOfficer,
            &format!("/api/v1/crossings/{clear_id}/examinations"),
            &exam,
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_line_of_another_bcp_neither_records_nor_reads_an_examination() {
    let srv = TestServer::start().await;
    let (_, c) = srv.check_at_air(&un_listed_mrz(), "entry").await;
    let id = c["crossing_id"].as_str().unwrap().to_string();
    let (status, _) = srv
        .decide(
            &id,
            Role::FirstLineOfficer,
            json!({"outcome": "referred_second_line"}),
        )
        .await;
    assert_eq!(status, 200);
    let mut tokens = Vec::new();
    for role in [Role::SecondLineOfficer, Role::Supervisor] {
        let name = format!("{}-sea", username(role));
        let user = limes_app::users::add_user(
            &srv.state,
            limes_app::Actor::Operator("setup"),
            limes_app::users::NewUserRequest {
                username: name.clone(),
                display_name: name.clone(),
                role,
                agency: "UBP".into(),
                bcps: vec!["UTO-SEA-1".into()],
                password: PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        let token = format!("token-{name}");
        srv.state
            .store
            .create_api_token(
                limes_store::NewApiToken {
                    token_hash: limes_store::token_hash(&token),
                    user_id: user.id,
                    name: "scope test".into(),
                    created_at: srv.state.clock.now(),
                },
                limes_domain::AuditEvent::new(srv.state.clock.now(), "setup", "api_token.create"),
            )
            .await
            .unwrap();
        tokens.push(token);
    }
    let exam = json!({"interview_notes": "Asked from another BCP", "outcome": "admitted", "minutes_spent": 5});
    let path = format!("/api/v1/crossings/{id}/examinations");
    for token in &tokens {
        let res = srv
            .api()
            .post(srv.url(&path))
            .bearer_auth(token)
            .json(&exam)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = srv
            .api()
            .get(srv.url(&format!("{path}?purpose=scope+test")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
    assert!(srv
        .state
        .store
        .examinations_of(&id)
        .await
        .unwrap()
        .is_empty());
    // The same request by second line of the crossing's BCP (national scope here) is recorded.
    let (status, _) = srv.post_json(Role::SecondLineOfficer, &path, &exam).await;
    assert_eq!(status, 200);
}
