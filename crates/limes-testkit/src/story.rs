//! The store story: every backend runs these against a fresh, empty database, so that both behave alike.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use limes_domain::document::AlertMatch;
use limes_domain::{Agency, AuditEvent, Bcp, DocumentAlert};
use limes_domain::{
    AgencyKind, AlertStatus, BcpKind, Direction, Outcome, RecommendationLevel, Role,
};
use limes_store::*;

/// The stories' fixed starting time.
pub fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
}

/// An audit event by the stories' tester at [`t0`].
pub fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

/// Run every story in order on one fresh store.
pub async fn run_all(store: &dyn Store) {
    organisation_story(store).await;
    user_story(store).await;
    language_story(store).await;
    document_alert_story(store).await;
    watchlist_story(store).await;
    crossing_story(store).await;
    crate::check_workflow_story::check_workflow_story(store).await;
    api_story(store).await;
    audit_story(store).await;
    crate::accounts_story::token_story(store).await;
    crate::idempotency_story::idempotency_story(store).await;
    crate::admin_story::user_admin_story(store).await;
    crate::admin_story::examination_story(store).await;
    crate::login_story::login_attempt_story(store).await;
    crate::import_story::document_alert_reimport_story(store).await;
    crate::vehicles_story::vehicles_story(store).await;
    crate::salw_story::salw_story(store).await;
    crate::firearms_story::firearms_story(store).await;
    crate::cooperation_story::cooperation_story(store).await;
    crate::registers_story::streamed_import_story(store).await;
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
        language: None,
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

/// A user's language: set at creation, changed and cleared later, read back wherever the user is read
/// (by id, at login, with a session, in the list); a malformed tag or an unknown user changes nothing.
pub async fn language_story(store: &dyn Store) {
    let new = NewUser {
        username: "lina".into(),
        display_name: "Lina Analyst".into(),
        role: Role::FirstLineOfficer,
        agency: "UBP".into(),
        bcps: vec![],
        password_hash: "$argon2id$fake".into(),
        created_at: t0(),
        language: Some("ar".into()),
    };
    let user = store
        .create_user(new.clone(), ev("user.create"))
        .await
        .unwrap();
    assert_eq!(user.language.as_deref(), Some("ar"));
    assert_eq!(store.user(&user.id).await.unwrap().unwrap(), user);

    store
        .set_user_language(&user.id, Some("fr"), ev("user.language"))
        .await
        .unwrap();
    let (u, _) = store.user_credentials("lina").await.unwrap().unwrap();
    assert_eq!(u.language.as_deref(), Some("fr"));
    let session = Session {
        token_hash: token_hash("lina-cookie"),
        user_id: user.id.clone(),
        bcp: None,
        created_at: t0(),
        expires_at: t0() + Duration::hours(8),
    };
    store.create_session(session.clone()).await.unwrap();
    let (_, su) = store.session(&session.token_hash).await.unwrap().unwrap();
    assert_eq!(su.language.as_deref(), Some("fr"));
    store
        .create_api_token(
            NewApiToken {
                token_hash: token_hash("lina-api"),
                user_id: user.id.clone(),
                name: "script".into(),
                created_at: t0(),
            },
            ev("token.create"),
        )
        .await
        .unwrap();
    let tu = store
        .api_token_user(&token_hash("lina-api"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tu.language.as_deref(), Some("fr"));

    // Back to the installation's default.
    store
        .set_user_language(&user.id, None, ev("user.language"))
        .await
        .unwrap();
    let listed = store.users().await.unwrap();
    let lina = listed.iter().find(|u| u.username == "lina").unwrap();
    assert_eq!(lina.language, None);

    let audited = verify_audit_chain(store).await.unwrap().unwrap();
    let bad = store
        .set_user_language(&user.id, Some("not a tag"), ev("user.language"))
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    let missing = store
        .set_user_language("nobody", Some("ru"), ev("user.language"))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let bad_new = store
        .create_user(
            NewUser {
                username: "lina2".into(),
                language: Some("french!".into()),
                ..new
            },
            ev("user.create"),
        )
        .await;
    assert!(
        matches!(bad_new, Err(StoreError::Invalid(_))),
        "{bad_new:?}"
    );
    assert_eq!(store.user(&user.id).await.unwrap().unwrap().language, None);
    assert_eq!(
        verify_audit_chain(store).await.unwrap().unwrap(),
        audited,
        "a refused change leaves no audit entry"
    );
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

pub fn check(bcp: &str, number: &str, at: chrono::DateTime<Utc>) -> NewCrossing {
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

pub fn decision(outcome: Outcome, second_line: bool) -> Decision {
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
        hits: HitGravity::None,
        override_reason: None,
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

fn api_flight(key_day: u32) -> ApiFlight {
    let dep = NaiveDate::from_ymd_opt(2026, 3, key_day)
        .unwrap()
        .and_hms_opt(6, 0, 0)
        .unwrap();
    ApiFlight {
        key: flight_key("UT", "101", Some(dep)),
        carrier: "UT".into(),
        flight_number: "101".into(),
        departure_airport: "ATH".into(),
        departure_time: Some(dep),
        arrival_airport: "UTA".into(),
        arrival_time: Some(dep + Duration::hours(3)),
        arrival_bcp: Some("UTO-N1".into()),
        legs: vec![],
    }
}

fn api_traveller(flight: &ApiFlight, manifest: &str, position: u32, surname: &str) -> ApiTraveller {
    let birth = NaiveDate::from_ymd_opt(1980, 5, 1);
    ApiTraveller {
        id: new_id(),
        manifest_id: manifest.into(),
        flight_key: flight.key.clone(),
        position,
        role: "passenger".into(),
        surname: surname.into(),
        given_names: "ANNA".into(),
        gender: Some("F".into()),
        birth_date: birth,
        nationality: "UTO".into(),
        booking_reference: "ABC123".into(),
        seat: "12A".into(),
        documents: vec![ApiDocument {
            doc_type: "P".into(),
            number: format!("{surname}1"),
            issuing_state: "UTO".into(),
            expiry_date: None,
        }],
        details: serde_json::json!({"residence": "UTO"}),
        person_key: person_key(surname, "ANNA", birth, "UTO"),
    }
}

fn api_hit(t: &ApiTraveller, kind: HitKind, source: &str, severity: Severity) -> ApiHit {
    ApiHit {
        id: new_id(),
        traveller_id: t.id.clone(),
        flight_key: t.flight_key.clone(),
        kind,
        source: source.into(),
        rule_version: (kind == HitKind::Rule).then_some(1),
        severity,
        score: None,
        summary: format!("{source} on {}", t.surname),
        explain: serde_json::json!({"why": source}),
        status: HitStatus::Open,
        reviewed_by: None,
        reviewed_at: None,
        review_reason: None,
        created_at: t0(),
    }
}

/// One manifest of `surnames` for the flight of day `day`, each traveller with the hits `hits(surname)` gives.
fn api_manifest(
    day: u32,
    control_ref: &str,
    surnames: &[&str],
    hits: impl Fn(&ApiTraveller) -> Vec<ApiHit>,
) -> (ApiInterchange, Vec<NewManifest>) {
    let flight = api_flight(day);
    let manifest = ApiManifest {
        id: new_id(),
        flight_key: flight.key.clone(),
        kind: "passengers".into(),
        sender: "UTAIR".into(),
        interchange_ref: control_ref.into(),
        message_ref: "1".into(),
        received_at: t0(),
        persons: surnames.len() as u32,
        warnings: vec!["UNT count 9, counted 10".into()],
        superseded_by: None,
    };
    let travellers = surnames
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t = api_traveller(&flight, &manifest.id, i as u32, s);
            let h = hits(&t);
            (t, h)
        })
        .collect();
    let ic = ApiInterchange {
        sender: "UTAIR".into(),
        control_ref: control_ref.into(),
        received_at: t0(),
        channel: "api".into(),
        raw: Some("UNA:+.? '".into()),
        report_json: "{\"ok\":true}".into(),
    };
    (
        ic,
        vec![NewManifest {
            flight,
            manifest,
            travellers,
        }],
    )
}

pub async fn api_story(store: &dyn Store) {
    let rule_hits = |t: &ApiTraveller| {
        if t.surname == "SMITH" {
            vec![
                api_hit(t, HitKind::Rule, "route-ath", Severity::Medium),
                api_hit(t, HitKind::Watchlist, "un:QDi.1", Severity::Critical),
            ]
        } else {
            vec![]
        }
    };
    let (ic, manifests) = api_manifest(2, "IC1", &["SMITH", "JONES"], rule_hits);
    let key = manifests[0].flight.key.clone();
    assert!(store
        .api_interchange("UTAIR", "IC1")
        .await
        .unwrap()
        .is_none());
    store
        .record_api_intake(ic.clone(), manifests, ev("api.intake"))
        .await
        .unwrap();
    assert_eq!(
        store.api_interchange("UTAIR", "IC1").await.unwrap(),
        Some(ic.clone())
    );
    let (again, m2) = api_manifest(2, "IC1", &["SMITH"], rule_hits);
    let dup = store.record_api_intake(again, m2, ev("api.intake")).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");

    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let board = store
        .api_flights(
            day.and_hms_opt(0, 0, 0).unwrap(),
            day.and_hms_opt(23, 59, 59).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(board.len(), 1, "{board:?}");
    assert_eq!((board[0].passengers, board[0].open_hits), (2, 2));
    assert_eq!(board[0].top_open_severity, Some(Severity::Critical));
    let next_day = store
        .api_flights(
            day.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap(),
            day.succ_opt().unwrap().and_hms_opt(23, 0, 0).unwrap(),
        )
        .await
        .unwrap();
    assert!(next_day.is_empty());
    assert_eq!(store.api_worklist(10).await.unwrap().len(), 1);

    let detail = store.api_flight(&key).await.unwrap().unwrap();
    assert_eq!(detail.travellers.len(), 2);
    assert_eq!(detail.hits.len(), 2);
    assert_eq!(
        detail.hits[0].severity,
        Severity::Critical,
        "most serious first"
    );
    assert_eq!(detail.travellers[0].documents[0].number, "SMITH1");
    assert_eq!(detail.travellers[0].details["residence"], "UTO");

    // Review: the watchlist hit is confirmed, the rule hit dismissed.
    let wl = detail.hits[0].clone();
    let rule = detail.hits[1].clone();
    let later = t0() + Duration::minutes(5);
    let confirmed = store
        .review_api_hit(
            &wl.id,
            HitStatus::Confirmed,
            "same person, photo",
            "piu1",
            later,
            ev("api.hit.review"),
        )
        .await
        .unwrap();
    assert_eq!(confirmed.status, HitStatus::Confirmed);
    assert_eq!(confirmed.reviewed_by.as_deref(), Some("piu1"));
    let again = store
        .review_api_hit(
            &wl.id,
            HitStatus::Dismissed,
            "x",
            "piu2",
            later,
            ev("api.hit.review"),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "reviewed once: {again:?}"
    );
    store
        .review_api_hit(
            &rule.id,
            HitStatus::Dismissed,
            "family travelling",
            "piu1",
            later,
            ev("api.hit.review"),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .review_api_hit(
                "nope",
                HitStatus::Confirmed,
                "x",
                "piu1",
                later,
                ev("api.hit.review")
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.api_worklist(10).await.unwrap().is_empty());

    // The first-line check finds the confirmed hit by document or by person.
    let smith = detail
        .travellers
        .iter()
        .find(|t| t.surname == "SMITH")
        .unwrap();
    let by_doc = store
        .confirmed_api_alerts(&[smith.documents[0].document_key()], "unknown-person")
        .await
        .unwrap();
    assert_eq!(by_doc.len(), 1);
    assert_eq!(by_doc[0].hit.id, wl.id);
    assert_eq!(by_doc[0].flight.arrival_bcp.as_deref(), Some("UTO-N1"));
    assert_eq!(
        store
            .confirmed_api_alerts(&[], &smith.person_key)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .confirmed_api_alerts(&["UTO:JONES1".into()], "x")
        .await
        .unwrap()
        .is_empty());

    // An updated manifest supersedes the first; reviews of the same hit on the same person carry over.
    let (ic2, m2) = api_manifest(2, "IC2", &["SMITH", "JONES", "BROWN"], rule_hits);
    store
        .record_api_intake(ic2, m2, ev("api.intake"))
        .await
        .unwrap();
    let detail = store.api_flight(&key).await.unwrap().unwrap();
    assert_eq!(detail.manifests.len(), 2);
    assert_eq!(
        detail
            .manifests
            .iter()
            .filter(|m| m.superseded_by.is_none())
            .count(),
        1
    );
    assert_eq!(
        detail.travellers.len(),
        3,
        "only the current manifest's travellers"
    );
    assert!(
        detail.hits.iter().all(|h| h.status != HitStatus::Open),
        "{:?}",
        detail.hits
    );
    let board = store
        .api_flights(
            day.and_hms_opt(0, 0, 0).unwrap(),
            day.and_hms_opt(23, 59, 59).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            board[0].passengers,
            board[0].manifests,
            board[0].confirmed_hits
        ),
        (3, 2, 1)
    );

    // Rules: versions in order, stats over the hits.
    let rule_v = |version: u32| StoredRule {
        id: "route-ath".into(),
        version,
        owner: "piu".into(),
        saved_by: "analyst1".into(),
        saved_at: t0(),
        rule: serde_json::json!({"id": "route-ath", "version": version}),
    };
    store.save_rule(rule_v(1), ev("rule.save")).await.unwrap();
    assert!(matches!(
        store.save_rule(rule_v(1), ev("rule.save")).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.save_rule(rule_v(3), ev("rule.save")).await,
        Err(StoreError::Conflict(_))
    ));
    store.save_rule(rule_v(2), ev("rule.save")).await.unwrap();
    let rules = store.rules().await.unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].version, 2);
    assert_eq!(store.rule_versions("route-ath").await.unwrap().len(), 2);
    let stats = store.rule_stats().await.unwrap();
    let s = stats.iter().find(|s| s.rule_id == "route-ath").unwrap();
    assert_eq!(
        (s.fired, s.confirmed, s.dismissed, s.open),
        (1, 0, 1, 0),
        "a carried-over hit fires once"
    );

    // Retention: a day after arrival everything goes but the traveller with a confirmed hit.
    let before = store
        .purge_api_data(
            NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
            ev("api.purge"),
        )
        .await
        .unwrap();
    assert_eq!(before.travellers, 0, "nothing has arrived before that");
    let report = store
        .purge_api_data(
            NaiveDate::from_ymd_opt(2026, 3, 3)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
            ev("api.purge"),
        )
        .await
        .unwrap();
    // SMITH is kept in both manifest versions: the confirmed review carried over to the new one.
    assert_eq!(report.travellers, 3, "{report:?}");
    assert_eq!(report.kept_for_confirmed_hits, 2);
    assert_eq!(report.manifests, 0, "each manifest still holds SMITH");
    let detail = store.api_flight(&key).await.unwrap().unwrap();
    assert_eq!(detail.travellers.len(), 1);
    assert_eq!(detail.travellers[0].surname, "SMITH");
    assert_eq!(
        store
            .confirmed_api_alerts(&[], &smith.person_key)
            .await
            .unwrap()
            .len(),
        1
    );
    let ic = store
        .api_interchange("UTAIR", "IC1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ic.raw, None, "the raw text goes with the travellers");
    let ic2 = store
        .api_interchange("UTAIR", "IC2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        ic2.raw, None,
        "the flight arrived: its raw text is purged too"
    );
}
