//! The store story of administration and the second line: editing a user (never losing the last active
//! administrator), one-time password reset codes, and the examination record of a referred traveller.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::{check, ev, t0};
use chrono::Duration;
use limes_domain::examination::{
    DocumentExamined, DocumentFinding, ExaminationDetails, ExaminationMethod, ExaminationOutcome,
};
use limes_domain::Role;
use limes_store::*;

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: username.to_uppercase(),
        role,
        agency: "UBP".into(),
        bcps: vec![],
        password_hash: "$argon2id$old".into(),
        created_at: t0(),
        language: None,
    }
}

fn update_of(u: &User) -> UserUpdate {
    UserUpdate {
        display_name: u.display_name.clone(),
        role: u.role,
        agency: u.agency.clone(),
        bcps: u.bcps.clone(),
        language: u.language.clone(),
        active: u.active,
    }
}

pub async fn user_admin_story(store: &dyn Store) {
    let root = store
        .create_user(new_user("adm-root", Role::Administrator), ev("user.create"))
        .await
        .unwrap();
    let other = store
        .create_user(
            new_user("adm-other", Role::Administrator),
            ev("user.create"),
        )
        .await
        .unwrap();
    let officer = store
        .create_user(
            new_user("edit-me", Role::FirstLineOfficer),
            ev("user.create"),
        )
        .await
        .unwrap();

    // Everything editable changes at once and reads back.
    let mut change = update_of(&officer);
    change.display_name = "Edith Officer".into();
    change.role = Role::SecondLineOfficer;
    change.bcps = vec!["UTO-N1".into()];
    change.language = Some("fr".into());
    let edited = store
        .update_user(&officer.id, change, ev("user.update"))
        .await
        .unwrap();
    assert_eq!(
        (
            edited.display_name.as_str(),
            edited.role,
            edited.bcps.clone(),
            edited.language.as_deref()
        ),
        (
            "Edith Officer",
            Role::SecondLineOfficer,
            vec!["UTO-N1".to_string()],
            Some("fr")
        )
    );
    assert_eq!(store.user(&officer.id).await.unwrap().unwrap(), edited);
    assert!(matches!(
        store
            .update_user("no-such-user", update_of(&officer), ev("user.update"))
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Deactivating ends the sessions.
    store
        .create_session(Session {
            token_hash: "edit-me-session".into(),
            user_id: officer.id.clone(),
            bcp: None,
            created_at: t0(),
            expires_at: t0() + Duration::hours(8),
        })
        .await
        .unwrap();
    let mut off = update_of(&edited);
    off.active = false;
    assert!(
        !store
            .update_user(&officer.id, off, ev("user.update"))
            .await
            .unwrap()
            .active
    );
    assert!(store.session("edit-me-session").await.unwrap().is_none());

    // One administrator may go; the last active one may neither be demoted nor deactivated.
    let mut demote = update_of(&other);
    demote.role = Role::Auditor;
    store
        .update_user(&other.id, demote, ev("user.update"))
        .await
        .unwrap();
    let mut demote_root = update_of(&root);
    demote_root.role = Role::Supervisor;
    assert!(matches!(
        store
            .update_user(&root.id, demote_root, ev("user.update"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let mut deactivate_root = update_of(&root);
    deactivate_root.active = false;
    assert!(matches!(
        store
            .update_user(&root.id, deactivate_root, ev("user.update"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store.user(&root.id).await.unwrap().unwrap(),
        root,
        "nothing changed"
    );

    // A reset code: works once, until it expires, and a newer code replaces it.
    let reset = |hash: &str, at: chrono::DateTime<chrono::Utc>| NewPasswordReset {
        code_hash: hash.into(),
        user_id: other.id.clone(),
        issued_by: "adm-root".into(),
        issued_at: at,
        expires_at: at + Duration::hours(24),
    };
    store
        .create_password_reset(reset("code-1", t0()), ev("user.password_reset_issue"))
        .await
        .unwrap();
    assert_eq!(
        store
            .password_reset_user("code-1", t0() + Duration::hours(1))
            .await
            .unwrap()
            .map(|u| u.id),
        Some(other.id.clone())
    );
    assert!(store
        .password_reset_user("code-1", t0() + Duration::hours(25))
        .await
        .unwrap()
        .is_none());
    store
        .create_password_reset(reset("code-2", t0()), ev("user.password_reset_issue"))
        .await
        .unwrap();
    assert!(
        store
            .password_reset_user("code-1", t0() + Duration::hours(1))
            .await
            .unwrap()
            .is_none(),
        "a newer code replaces the older"
    );
    assert!(matches!(
        store
            .use_password_reset(
                "code-2",
                "$argon2id$new",
                t0() + Duration::hours(25),
                ev("user.password_reset")
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    store
        .use_password_reset(
            "code-2",
            "$argon2id$new",
            t0() + Duration::hours(2),
            ev("user.password_reset"),
        )
        .await
        .unwrap();
    let (_, hash) = store.user_credentials("adm-other").await.unwrap().unwrap();
    assert_eq!(hash, "$argon2id$new");
    assert!(matches!(
        store
            .use_password_reset(
                "code-2",
                "$argon2id$again",
                t0() + Duration::hours(3),
                ev("user.password_reset")
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .create_password_reset(
                NewPasswordReset {
                    user_id: "no-such-user".into(),
                    ..reset("code-3", t0())
                },
                ev("user.password_reset_issue")
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn examination_story(store: &dyn Store) {
    let at = t0() + Duration::days(40);
    let mut c = check("UTO-N1", "X9000001", at);
    c.document.surname = "EXAMINE".into();
    let crossing = store.record_check(c, ev("check.run")).await.unwrap();
    assert!(store
        .examinations_of(&crossing.id)
        .await
        .unwrap()
        .is_empty());
    let details = ExaminationDetails {
        interview_notes: "Travel purpose unclear; hotel booking cancelled.".into(),
        documents: vec![DocumentExamined {
            document: "passport UTO X9000001".into(),
            methods: vec![ExaminationMethod::Uv, ExaminationMethod::Magnification],
            finding: DocumentFinding::Counterfeit,
        }],
        outcome: ExaminationOutcome::HandedToPolice,
        refusal_reasons: vec![],
        police_unit: Some("North district police".into()),
        police_officer: Some("Insp. Lund".into()),
        further_checks: None,
        minutes_spent: 35,
    };
    let first = store
        .record_examination(
            NewExamination {
                crossing_id: crossing.id.clone(),
                officer: "sam".into(),
                recorded_at: at + Duration::minutes(40),
                details: details.clone(),
            },
            ev("examination.record"),
        )
        .await
        .unwrap();
    assert_eq!(
        (first.bcp.as_str(), first.officer.as_str()),
        ("UTO-N1", "sam")
    );
    let second = store
        .record_examination(
            NewExamination {
                crossing_id: crossing.id.clone(),
                officer: "sam".into(),
                recorded_at: at + Duration::minutes(50),
                details: ExaminationDetails {
                    outcome: ExaminationOutcome::Refused,
                    refusal_reasons: vec!["C".into()],
                    police_unit: None,
                    police_officer: None,
                    ..details.clone()
                },
            },
            ev("examination.record"),
        )
        .await
        .unwrap();
    let kept = store.examinations_of(&crossing.id).await.unwrap();
    assert_eq!(
        kept.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        vec![first.id.as_str(), second.id.as_str()],
        "oldest first"
    );
    assert_eq!(kept[0].details, details);
    assert_eq!(kept[0].recorded_at, at + Duration::minutes(40));
    assert_eq!(kept[1].details.refusal_reasons, vec!["C"]);
    assert!(matches!(
        store
            .record_examination(
                NewExamination {
                    crossing_id: "no-such-crossing".into(),
                    officer: "sam".into(),
                    recorded_at: at,
                    details,
                },
                ev("examination.record"),
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
}
