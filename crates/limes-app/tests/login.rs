//! Signing in behind the persisted progressive delay: per account and source, per source across accounts, the
//! owner elsewhere never held up, the delay surviving a restart and decaying, every attempt audited. The clock
//! is driven by the test; nothing sleeps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a panic is the assertion

use chrono::{Duration, TimeZone, Utc};
use limes_app::login::{sign_in, LoginError, LoginRequest};
use limes_app::{App, Config};
use limes_domain::{Agency, AgencyKind, AuditEvent, FixedClock, Role};
use limes_store::NewUser;
use std::sync::Arc;

const PASSWORD: &str = "duty-officer-passphrase";

async fn app_in(dir: &tempfile::TempDir, clock: Arc<FixedClock>) -> App {
    let db = dir.path().join("limes.db");
    let store = Arc::new(limes_store_sqlite::SqliteStore::open(&db).unwrap());
    let config = Config {
        database: db.to_string_lossy().to_string().into(),
        ..Config::default()
    };
    App::open(store, config, clock).await.unwrap()
}

async fn with_duty_officer(app: &App) {
    let at = app.clock.now();
    app.store
        .upsert_agency(
            &Agency {
                code: "UBP".into(),
                name: "Utopia Border Police".into(),
                kind: AgencyKind::BorderPolice,
            },
            AuditEvent::new(at, "tester", "agency.upsert"),
        )
        .await
        .unwrap();
    app.store
        .create_user(
            NewUser {
                username: "duty".into(),
                display_name: "Duty Officer".into(),
                role: Role::FirstLineOfficer,
                agency: "UBP".into(),
                bcps: vec![],
                password_hash: limes_app::users::hash_password(PASSWORD).await.unwrap(),
                created_at: at,
                language: None,
            },
            AuditEvent::new(at, "tester", "user.create"),
        )
        .await
        .unwrap();
}

fn attempt(username: &str, password: &str, source: &str) -> LoginRequest {
    LoginRequest {
        username: username.into(),
        password: password.into(),
        bcp: None,
        source: source.into(),
    }
}

async fn audit_actions(app: &App) -> Vec<(String, String, String)> {
    let mut entries = app.store.recent_audit(1000).await.unwrap();
    entries.sort_by_key(|e| e.seq);
    entries
        .into_iter()
        .map(|e| (e.event.action, e.event.actor, e.event.detail))
        .filter(|(action, _, _)| action.starts_with("session."))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_slow_the_guesser_down_but_never_the_owner_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(t0));
    let app = app_in(&dir, clock.clone()).await;
    with_duty_officer(&app).await;
    let guesser = "203.0.113.7";
    for _ in 0..3 {
        let e = sign_in(&app, attempt("duty", "wrong-guess", guesser))
            .await
            .unwrap_err();
        assert!(matches!(e, LoginError::WrongCredentials), "{e}");
    }
    // After the free failures the next attempt waits 1 s, even with the right password.
    let e = sign_in(&app, attempt("duty", PASSWORD, guesser))
        .await
        .unwrap_err();
    assert!(matches!(e, LoginError::Throttled { seconds: 1 }), "{e}");
    // The owner at the post, from another address, is not held up by the guesser's failures.
    let signed_in = sign_in(&app, attempt("duty", PASSWORD, "10.0.0.5"))
        .await
        .unwrap();
    assert_eq!(signed_in.user.username, "duty");
    // Refused attempts do not count: one second later the guesser may try once more, then waits 2 s.
    clock.advance(Duration::seconds(1));
    let e = sign_in(&app, attempt("duty", "wrong-again", guesser))
        .await
        .unwrap_err();
    assert!(matches!(e, LoginError::WrongCredentials), "{e}");
    let e = sign_in(&app, attempt("duty", "x", guesser))
        .await
        .unwrap_err();
    assert!(matches!(e, LoginError::Throttled { seconds: 2 }), "{e}");

    // The delay is in the store: a restarted server still holds the guesser back.
    drop(app);
    let app = app_in(&dir, clock.clone()).await;
    let e = sign_in(&app, attempt("duty", PASSWORD, guesser))
        .await
        .unwrap_err();
    assert!(matches!(e, LoginError::Throttled { .. }), "{e}");
    // It decays: after a quiet hour the right password from the same address goes through.
    clock.advance(Duration::hours(1));
    sign_in(&app, attempt("duty", PASSWORD, guesser))
        .await
        .unwrap();

    // Every attempt is audited, with the source address and never the password.
    let actions = audit_actions(&app).await;
    let kinds: Vec<&str> = actions.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "session.login_failed",
            "session.login_failed",
            "session.login_failed",
            "session.throttled",
            "session.login",
            "session.login_failed",
            "session.throttled",
            "session.throttled",
            "session.login",
        ]
    );
    assert!(actions[0].2.contains(guesser) && actions[0].2.contains("wrong password"));
    assert!(actions[4].2.contains("10.0.0.5"));
    for (_, _, detail) in &actions {
        assert!(
            !detail.contains("wrong-guess") && !detail.contains(PASSWORD),
            "{detail}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sprayer_is_slowed_down_across_accounts_and_long_names_are_cut_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let clock = Arc::new(FixedClock::new(t0));
    let app = app_in(&dir, clock.clone()).await;
    with_duty_officer(&app).await;
    let sprayer = "198.51.100.9";
    // One guess at each of many accounts: no account counter reaches its limit, the address's does (4 × 3).
    for n in 0..12 {
        let e = sign_in(
            &app,
            attempt(&format!("officer{n}"), "Summer2026!", sprayer),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(e, LoginError::WrongCredentials),
            "attempt {n}: {e}"
        );
    }
    let e = sign_in(&app, attempt("officer99", "Summer2026!", sprayer))
        .await
        .unwrap_err();
    assert!(matches!(e, LoginError::Throttled { .. }), "{e}");
    // A 50 000-character username is logged cut short, with its line breaks escaped.
    clock.advance(Duration::hours(4));
    let huge = format!("evil\n{}", "A".repeat(50_000));
    sign_in(&app, attempt(&huge, "x", "192.0.2.1"))
        .await
        .unwrap_err();
    let actions = audit_actions(&app).await;
    let (action, actor, _) = actions.last().unwrap();
    assert_eq!(action, "session.login_failed");
    assert!(actor.chars().count() <= 80, "{}", actor.len());
    assert!(
        actor.starts_with("evil\\u{a}aaa") && actor.ends_with('…'),
        "{actor}"
    );
}

#[test]
fn every_door_that_sets_a_password_refuses_a_common_one_naming_the_rule() {
    // `limes user add`, `limes init`, the administration form and password changes all pass this check.
    let e = limes_app::users::check_password_policy("Basketball2026!").unwrap_err();
    assert_eq!(
        e.to_string(),
        "password: is one of the most commonly used passwords (or one with digits or symbols added); choose another, e.g. a few unrelated words"
    );
    assert!(limes_app::users::check_password_policy("short")
        .unwrap_err()
        .to_string()
        .contains("at least 10 characters"));
    assert!(limes_app::users::check_password_policy(PASSWORD).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bcp_the_user_is_not_assigned_to_is_refused_and_audited_without_counting_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let app = app_in(&dir, Arc::new(FixedClock::new(t0))).await;
    with_duty_officer(&app).await;
    let bcp = |code: &str| limes_domain::Bcp {
        code: code.into(),
        name: code.into(),
        kind: limes_domain::BcpKind::Land,
        border_section: "North".into(),
        neighbour: None,
        agency: "UBP".into(),
        latitude: None,
        longitude: None,
        active: true,
    };
    for code in ["UTO-N1", "UTO-S1"] {
        app.store
            .upsert_bcp(&bcp(code), AuditEvent::new(t0, "tester", "bcp.upsert"))
            .await
            .unwrap();
    }
    app.store
        .create_user(
            NewUser {
                username: "north".into(),
                display_name: "North Officer".into(),
                role: Role::FirstLineOfficer,
                agency: "UBP".into(),
                bcps: vec!["UTO-N1".into()],
                password_hash: limes_app::users::hash_password(PASSWORD).await.unwrap(),
                created_at: t0,
                language: None,
            },
            AuditEvent::new(t0, "tester", "user.create"),
        )
        .await
        .unwrap();
    let mut request = attempt("north", PASSWORD, "10.0.0.9");
    request.bcp = Some("UTO-S1".into());
    for _ in 0..5 {
        let e = sign_in(&app, request.clone()).await.unwrap_err();
        assert!(
            matches!(&e, LoginError::NotAssigned(b) if b == "UTO-S1"),
            "{e}"
        );
    }
    // Not a guess at the password: no delay follows, and the assigned BCP (the only one) is chosen.
    let signed_in = sign_in(&app, attempt("north", PASSWORD, "10.0.0.9"))
        .await
        .unwrap();
    assert_eq!(signed_in.bcp.as_deref(), Some("UTO-N1"));
    let actions = audit_actions(&app).await;
    assert!(
        actions[0].2.contains("not assigned to BCP UTO-S1"),
        "{actions:?}"
    );
}
