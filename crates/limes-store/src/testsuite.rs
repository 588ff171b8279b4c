//! The story test suite: every backend runs these against a fresh, empty database.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::*;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use limes_domain::document::AlertMatch;
use limes_domain::{
    AgencyKind, AlertStatus, BcpKind, Direction, Outcome, RecommendationLevel, Role,
};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

/// Run every story in order on one fresh store.
pub async fn run_all(store: &dyn Store) {
    organisation_story(store).await;
    user_story(store).await;
    document_alert_story(store).await;
    watchlist_story(store).await;
    crossing_story(store).await;
    audit_story(store).await;
}

pub async fn organisation_story(store: &dyn Store) {
    let agency = Agency {
        code: "UBP".into(),
        name: "Utopia Border Police".into(),
        kind: AgencyKind::BorderPolice,
    };
    store
        .upsert_agency(&agency, ev("agency.upsert"))
        .await
        .unwrap();
    assert_eq!(store.agencies().await.unwrap(), vec![agency.clone()]);
    let mut bcp = Bcp {
        code: "UTO-N1".into(),
        name: "North Gate".into(),
        kind: BcpKind::Land,
        border_section: "North".into(),
        neighbour: Some("ATL".into()),
        agency: "UBP".into(),
        latitude: Some(1.5),
        longitude: Some(2.5),
        active: true,
    };
    store.upsert_bcp(&bcp, ev("bcp.upsert")).await.unwrap();
    bcp.name = "North Gate Road".into();
    store.upsert_bcp(&bcp, ev("bcp.upsert")).await.unwrap();
    assert_eq!(store.bcp("UTO-N1").await.unwrap(), Some(bcp.clone()));
    assert_eq!(store.bcps().await.unwrap().len(), 1);
    assert_eq!(store.bcp("NOPE").await.unwrap(), None);
}

pub async fn user_story(store: &dyn Store) {
    let new = NewUser {
        username: "ana".into(),
        display_name: "Ana Officer".into(),
        role: Role::FirstLineOfficer,
        agency: "UBP".into(),
        bcps: vec!["UTO-N1".into()],
        password_hash: "$argon2id$fake".into(),
        created_at: t0(),
    };
    let user = store
        .create_user(new.clone(), ev("user.create"))
        .await
        .unwrap();
    assert_eq!(user.username, "ana");
    assert!(user.may_use_bcp("UTO-N1") && !user.may_use_bcp("UTO-S1"));
    let dup = store.create_user(new, ev("user.create")).await;
    assert!(
        matches!(dup, Err(StoreError::Conflict(_))),
        "duplicate username must conflict: {dup:?}"
    );

    let (u, hash) = store.user_credentials("ana").await.unwrap().unwrap();
    assert_eq!(
        (u.id.as_str(), hash.as_str()),
        (user.id.as_str(), "$argon2id$fake")
    );
    assert!(store.user_credentials("nobody").await.unwrap().is_none());

    let session = Session {
        token_hash: token_hash("cookie-secret"),
        user_id: user.id.clone(),
        bcp: Some("UTO-N1".into()),
        created_at: t0(),
        expires_at: t0() + Duration::hours(8),
    };
    store.create_session(session.clone()).await.unwrap();
    let (s, su) = store.session(&session.token_hash).await.unwrap().unwrap();
    assert_eq!((s, su.id), (session.clone(), user.id.clone()));
    store.delete_session(&session.token_hash).await.unwrap();
    assert!(store.session(&session.token_hash).await.unwrap().is_none());

    store
        .create_api_token(
            NewApiToken {
                token_hash: token_hash("api-secret"),
                user_id: user.id.clone(),
                name: "e-gate 1".into(),
                created_at: t0(),
            },
            ev("token.create"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .api_token_user(&token_hash("api-secret"))
            .await
            .unwrap()
            .unwrap()
            .id,
        user.id
    );
    assert!(store
        .api_token_user(&token_hash("wrong"))
        .await
        .unwrap()
        .is_none());

    store
        .set_user_active(&user.id, false, ev("user.deactivate"))
        .await
        .unwrap();
    assert!(!store.user(&user.id).await.unwrap().unwrap().active);
    assert!(
        store
            .api_token_user(&token_hash("api-secret"))
            .await
            .unwrap()
            .is_none(),
        "inactive user's token is dead"
    );
    store
        .set_user_active(&user.id, true, ev("user.activate"))
        .await
        .unwrap();
    store
        .set_password(&user.id, "$argon2id$new", ev("user.password"))
        .await
        .unwrap();
    assert_eq!(
        store.user_credentials("ana").await.unwrap().unwrap().1,
        "$argon2id$new"
    );
    assert!(store
        .users()
        .await
        .unwrap()
        .iter()
        .any(|u| u.username == "ana"));
}

fn alert(state: &str, number: &str, status: AlertStatus) -> DocumentAlert {
    DocumentAlert {
        issuing_state: state.into(),
        document_number: number.into(),
        document_type: "P".into(),
        status,
        source: "test".into(),
        reason: "reported".into(),
        reported_on: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
    }
}

pub async fn document_alert_story(store: &dyn Store) {
    let n = store
        .import_document_alerts(
            vec![
                alert("UTO", "L898902C3", AlertStatus::Stolen),
                alert("ATL", "AB 10 20", AlertStatus::Lost),
            ],
            true,
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(store.document_alert_count().await.unwrap(), 2);
    let hits = store
        .find_document_alerts(Some("UTO"), "l898902c3<")
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].1, AlertMatch::Exact);
    assert_eq!(hits[0].0.status, AlertStatus::Stolen);
    // Another issuing state is not the same document.
    assert!(store
        .find_document_alerts(Some("DEU"), "L898902C3")
        .await
        .unwrap()
        .is_empty());
    // O/0 and I/1 confusions give a weaker, labelled hit.
    let weak = store
        .find_document_alerts(Some("ATL"), "ABI020")
        .await
        .unwrap();
    assert_eq!(weak.len(), 1);
    assert_eq!(weak[0].1, AlertMatch::PossibleOcrConfusion);
    // Appending keeps what is there; replacing empties first.
    store
        .import_document_alerts(
            vec![alert("UTO", "X1", AlertStatus::Revoked)],
            false,
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!(store.document_alert_count().await.unwrap(), 3);
    store
        .import_document_alerts(
            vec![alert("UTO", "X2", AlertStatus::Invalidated)],
            true,
            ev("documents.import"),
        )
        .await
        .unwrap();
    assert_eq!(store.document_alert_count().await.unwrap(), 1);
}

pub async fn watchlist_story(store: &dyn Store) {
    let meta = WatchlistMeta {
        id: "un".into(),
        name: "UN SC consolidated".into(),
        source: "un.xml".into(),
        published: Some("2026-02-27".into()),
        entries: 2,
        imported_at: t0(),
        imported_by: "tester".into(),
        version: 0,
    };
    store
        .save_watchlist(meta.clone(), "{\"v\":1}".into(), ev("watchlist.import"))
        .await
        .unwrap();
    store
        .save_watchlist(meta.clone(), "{\"v\":2}".into(), ev("watchlist.import"))
        .await
        .unwrap();
    let lists = store.watchlists().await.unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].1, "{\"v\":2}");
    assert_eq!(lists[0].0.version, 2, "each import bumps the version");
    assert_eq!(store.watchlist_metas().await.unwrap()[0].id, "un");
}

fn check(bcp: &str, number: &str, at: chrono::DateTime<Utc>) -> NewCrossing {
    NewCrossing {
        bcp: bcp.into(),
        direction: Direction::Entry,
        at,
        officer: "ana".into(),
        document: TravelDocument {
            document_code: "P".into(),
            document_number: number.into(),
            issuing_state: "UTO".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            nationality: "UTO".into(),
            birth_date: NaiveDate::from_ymd_opt(1974, 8, 12),
            sex: Some("F".into()),
            expiry_date: NaiveDate::from_ymd_opt(2032, 4, 15),
        },
        input_method: "mrz".into(),
        recommendation: RecommendationLevel::Clear,
        reasons: vec![],
        hit_count: 0,
        alert_count: 0,
        result_json: "{}".into(),
    }
}

fn decision(outcome: Outcome, second_line: bool) -> Decision {
    Decision {
        outcome,
        refusal_reason: (outcome == Outcome::Refused).then(|| "H".to_string()),
        note: None,
        officer: if second_line {
            "sam".into()
        } else {
            "ana".into()
        },
        second_line,
        at: t0() + Duration::minutes(1),
    }
}

pub async fn crossing_story(store: &dyn Store) {
    let a = store
        .record_check(check("UTO-N1", "L898902C3", t0()), ev("check.run"))
        .await
        .unwrap();
    assert_eq!(a.status, CrossingStatus::Pending);
    let decided = store
        .record_decision(
            &a.id,
            decision(Outcome::Admitted, false),
            ev("check.decide"),
        )
        .await
        .unwrap();
    assert_eq!(
        (decided.status, decided.outcome),
        (CrossingStatus::Decided, Some(Outcome::Admitted))
    );
    let again = store
        .record_decision(&a.id, decision(Outcome::Refused, false), ev("check.decide"))
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))));

    // Referral goes to the second-line queue; only second line closes it.
    let b = store
        .record_check(
            check("UTO-N1", "L898902C3", t0() + Duration::days(3)),
            ev("check.run"),
        )
        .await
        .unwrap();
    let referred = store
        .record_decision(&b.id, decision(Outcome::ReferredSecondLine, false), ev("d"))
        .await
        .unwrap();
    assert_eq!(referred.status, CrossingStatus::Referred);
    let queue = store
        .crossings(&CrossingFilter {
            status: Some(CrossingStatus::Referred),
            bcp: Some("UTO-N1".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        queue.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec![b.id.as_str()]
    );
    assert!(matches!(
        store
            .record_decision(&b.id, decision(Outcome::Admitted, false), ev("d"))
            .await,
        Err(StoreError::Conflict(_))
    ));
    let closed = store
        .record_decision(&b.id, decision(Outcome::Refused, true), ev("d"))
        .await
        .unwrap();
    assert_eq!(closed.outcome, Some(Outcome::Refused));
    assert_eq!(closed.first_outcome, Some(Outcome::ReferredSecondLine));
    assert_eq!(closed.refusal_reason.as_deref(), Some("H"));

    // A protection request is recorded as such.
    let c = store
        .record_check(
            check("UTO-N1", "OTHER1", t0() + Duration::days(4)),
            ev("check.run"),
        )
        .await
        .unwrap();
    let ip = store
        .record_decision(
            &c.id,
            decision(Outcome::InternationalProtection, false),
            ev("d"),
        )
        .await
        .unwrap();
    assert_eq!(ip.outcome, Some(Outcome::InternationalProtection));
    assert_eq!(ip.refusal_reason, None);

    // History of one traveller: by document or by person (renewed passport, same person key).
    let doc = check("UTO-N1", "L898902C3", t0()).document;
    let history = store
        .crossings(&CrossingFilter {
            traveller: Some((doc.document_key(), doc.person_key())),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        history.len(),
        3,
        "two crossings with the document, one with a renewed one of the same person"
    );
    assert!(
        history.windows(2).all(|w| w[0].check.at >= w[1].check.at),
        "newest first"
    );
    let h = store
        .traveller_history(&doc.document_key(), &doc.person_key(), 2)
        .await
        .unwrap();
    assert_eq!(
        (h.total, h.entries, h.exits, h.refusals, h.referrals),
        (3, 3, 0, 1, 1)
    );
    assert_eq!(h.recent.len(), 2, "only the most recent are read");
    assert_eq!(h.recent[0].id, history[0].id);
    assert_eq!(h.recent[1].id, history[1].id);
    assert!(h.recent.iter().all(|c| c.check.result_json.is_empty()));
    let none = store
        .traveller_history("UTO:NOBODY", "nobody", 5)
        .await
        .unwrap();
    assert_eq!((none.total, none.recent.len()), (0, 0));
    let by_search = store
        .crossings(&CrossingFilter {
            search: Some("erikss".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_search.len(), 3);
    let stats = store
        .crossing_stats(Some("UTO-N1"), t0() - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(stats.total, 3);
    assert_eq!(stats.refused, 1);
    assert_eq!(stats.protection_requests, 1);
    assert_eq!(stats.admitted, 1);
    assert_eq!(
        store.crossing(&a.id).await.unwrap().unwrap().check.document,
        doc
    );
    assert!(store.crossing("missing").await.unwrap().is_none());
    assert!(matches!(
        store
            .record_decision("missing", decision(Outcome::Admitted, false), ev("d"))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

pub async fn audit_story(store: &dyn Store) {
    let mut view = ev("person.view");
    view.purpose = Some("second-line examination".into());
    store.append_audit(view).await.unwrap();
    // Every state change above wrote its entry in the same transaction, and the chain holds.
    let verified = verify_audit_chain(store).await.unwrap().unwrap();
    assert!(
        verified >= 20,
        "expected the changes above to be audited, got {verified}"
    );
    let entries = store.audit_entries(1, 10_000).await.unwrap();
    assert_eq!(entries.len() as u64, verified);
    assert!(entries.iter().any(|e| e.event.action == "check.run"));
    assert_eq!(
        entries.last().unwrap().event.purpose.as_deref(),
        Some("second-line examination")
    );
    let recent = store.recent_audit(3).await.unwrap();
    assert_eq!(recent.len(), 3);
    assert!(recent[0].seq > recent[1].seq);
}
