//! Advance passenger information on PostgreSQL beyond the shared story (`limes_testkit::story::api_story`):
//! a resend racing through two processes, a full-size manifest through the multi-row inserts, and a failing
//! intake undone whole. Each test on a fresh database (see `limes_testkit::postgres`).
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use limes_domain::AuditEvent;
use limes_store::*;
use limes_store_postgres::PgStore;
use limes_testkit::postgres::database_for_test;
use std::sync::Arc;

macro_rules! database {
    ($name:expr) => {
        match database_for_test($name).await.unwrap() {
            Some(db) => db,
            None => return,
        }
    };
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
}

fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

fn flight() -> ApiFlight {
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let (dep, arr) = (day.and_hms_opt(6, 0, 0), day.and_hms_opt(9, 30, 0));
    ApiFlight {
        key: flight_key("UT", "UT101", dep),
        carrier: "UT".into(),
        flight_number: "UT101".into(),
        departure_airport: "ATH".into(),
        departure_time: dep,
        arrival_airport: "UTO".into(),
        arrival_time: arr,
        arrival_bcp: Some("UTO-A1".into()),
        legs: vec![FlightLeg {
            carrier: "UT".into(),
            flight_number: "UT101".into(),
            departure_airport: "ATH".into(),
            departure_time: dep,
            arrival_airport: "UTO".into(),
            arrival_time: arr,
        }],
    }
}

fn traveller(manifest_id: &str, position: u32) -> ApiTraveller {
    let f = flight();
    let surname = format!("PERSON{position:04}");
    // Every other traveller without gender and birth date: NULLs inside the arrays.
    let birth_date = position
        .is_multiple_of(2)
        .then(|| NaiveDate::from_ymd_opt(1980, 1, 1 + position % 28))
        .flatten();
    let nationality = "UTO".to_string();
    ApiTraveller {
        id: new_id(),
        manifest_id: manifest_id.into(),
        flight_key: f.key,
        position,
        role: "passenger".into(),
        person_key: person_key(&surname, "ANNA", birth_date, &nationality),
        given_names: "ANNA".into(),
        gender: position.is_multiple_of(2).then(|| "F".into()),
        birth_date,
        nationality,
        booking_reference: format!("PNR{position}"),
        seat: format!("{}A", position + 1),
        // The same document twice: one document key.
        documents: vec![
            ApiDocument {
                doc_type: "P".into(),
                number: format!("P{position:07}"),
                issuing_state: "UTO".into(),
                expiry_date: NaiveDate::from_ymd_opt(2030, 1, 1),
            },
            ApiDocument {
                doc_type: "P".into(),
                number: format!("p{position:07}"),
                issuing_state: "uto".into(),
                expiry_date: None,
            },
        ],
        details: serde_json::json!({"residence": "UTO", "position": position, "note": "quote ' and \" kept"}),
        surname,
    }
}

fn hit(t: &ApiTraveller, kind: HitKind, source: &str, score: Option<f64>) -> ApiHit {
    ApiHit {
        id: new_id(),
        traveller_id: t.id.clone(),
        flight_key: t.flight_key.clone(),
        kind,
        source: source.into(),
        rule_version: (kind == HitKind::Rule).then_some(3),
        severity: Severity::High,
        score,
        summary: format!("{source} on {}", t.surname),
        explain: serde_json::json!({"why": source, "score": score}),
        status: HitStatus::Open,
        reviewed_by: None,
        reviewed_at: None,
        review_reason: None,
        created_at: t0(),
    }
}

/// An interchange with one passenger manifest of `n` travellers: a rule hit on each, a scored watchlist hit on
/// every third.
fn intake(control_ref: &str, n: u32) -> (ApiInterchange, Vec<NewManifest>) {
    let f = flight();
    let manifest = ApiManifest {
        id: new_id(),
        flight_key: f.key.clone(),
        kind: "passengers".into(),
        sender: "UTAIR".into(),
        interchange_ref: control_ref.into(),
        message_ref: "1".into(),
        received_at: t0(),
        persons: n,
        warnings: vec![],
        superseded_by: None,
    };
    let travellers = (0..n)
        .map(|i| {
            let t = traveller(&manifest.id, i);
            let mut hits = vec![hit(&t, HitKind::Rule, "route-ath", None)];
            if i.is_multiple_of(3) {
                hits.push(hit(
                    &t,
                    HitKind::Watchlist,
                    "un:QDi.1",
                    Some(0.9 + f64::from(i) / 10_000.0),
                ));
            }
            (t, hits)
        })
        .collect();
    let ic = ApiInterchange {
        sender: "UTAIR".into(),
        control_ref: control_ref.into(),
        received_at: t0(),
        channel: "api".into(),
        raw: Some("UNA:+.? 'UNB+UNOA:4+UTAIR'".into()),
        report_json: "{\"ok\":true}".into(),
    };
    (
        ic,
        vec![NewManifest {
            flight: f,
            manifest,
            travellers,
        }],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_racing_through_two_processes_is_stored_once() {
    let db = database!("a_resend_racing_through_two_processes_is_stored_once");
    let a = Arc::new(PgStore::open(db.url()).await.unwrap());
    let b = Arc::new(PgStore::open(db.url()).await.unwrap());
    let (ic, m1) = intake("IC1", 20);
    let (_, m2) = intake("IC1", 20);
    let (ra, rb) = tokio::join!(
        a.record_api_intake(ic.clone(), m1, ev("api.intake")),
        b.record_api_intake(ic.clone(), m2, ev("api.intake")),
    );
    let conflicts = [&ra, &rb]
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict(_))))
        .count();
    assert!(ra.is_ok() != rb.is_ok(), "{ra:?} {rb:?}");
    assert_eq!(conflicts, 1, "{ra:?} {rb:?}");
    let detail = a.api_flight(&flight().key).await.unwrap().unwrap();
    assert_eq!((detail.manifests.len(), detail.travellers.len()), (1, 20));
    assert_eq!(a.api_interchange("UTAIR", "IC1").await.unwrap(), Some(ic));
    let stats = b.rule_stats().await.unwrap();
    assert_eq!((stats.len(), stats[0].fired, stats[0].open), (1, 20, 20));
    assert_eq!(
        verify_audit_chain(a.as_ref()).await.unwrap().unwrap(),
        1,
        "the refused resend leaves no audit entry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_manifest_round_trips_and_its_update_carries_the_reviews_over() {
    let db = database!("a_full_manifest_round_trips_and_its_update_carries_the_reviews_over");
    let store = PgStore::open(db.url()).await.unwrap();
    let (ic, manifests) = intake("IC1", 300);
    let sent: Vec<ApiTraveller> = manifests[0]
        .travellers
        .iter()
        .map(|(t, _)| t.clone())
        .collect();
    store
        .record_api_intake(ic, manifests, ev("api.intake"))
        .await
        .unwrap();
    let key = flight().key;
    let detail = store.api_flight(&key).await.unwrap().unwrap();
    assert_eq!(detail.flight, flight());
    assert_eq!(detail.travellers, sent, "every field, in manifest order");
    assert_eq!(detail.hits.len(), 400);
    // Equal severity: the scored hits first, best score first, the unscored (NULL) ones after them.
    assert!(detail.hits[..100].iter().all(|h| h.score.is_some()));
    assert!(detail.hits[..100]
        .windows(2)
        .all(|w| w[0].score >= w[1].score));
    assert!(detail.hits[100..].iter().all(|h| h.score.is_none()));
    assert_eq!(detail.hits[0].rule_version, None);
    assert_eq!(detail.hits[100].rule_version, Some(3));

    let stats = store.rule_stats().await.unwrap();
    assert_eq!(
        (stats[0].rule_id.as_str(), stats[0].fired, stats[0].open),
        ("route-ath", 300, 300),
        "one rule firing on many travellers of one manifest counts each"
    );
    let worklist = store.api_worklist(5).await.unwrap();
    assert_eq!(worklist.len(), 1);
    assert_eq!((worklist[0].passengers, worklist[0].open_hits), (300, 400));
    assert_eq!(worklist[0].top_open_severity, Some(Severity::High));

    // The analyst confirms the watchlist hit on the first traveller and dismisses the rule hit on the second.
    let first = &detail.travellers[0];
    let wl = detail
        .hits
        .iter()
        .find(|h| h.traveller_id == first.id && h.kind == HitKind::Watchlist)
        .unwrap();
    let rule = detail
        .hits
        .iter()
        .find(|h| h.traveller_id == detail.travellers[1].id && h.kind == HitKind::Rule)
        .unwrap();
    let at = t0() + chrono::Duration::minutes(3);
    let reviewed = store
        .review_api_hit(&wl.id, HitStatus::Confirmed, "photo", "piu1", at, ev("r"))
        .await
        .unwrap();
    assert_eq!(
        store.api_hit(&wl.id).await.unwrap().as_ref(),
        Some(&reviewed)
    );
    assert_eq!(reviewed.reviewed_at, Some(at));
    store
        .review_api_hit(
            &rule.id,
            HitStatus::Dismissed,
            "family",
            "piu1",
            at,
            ev("r"),
        )
        .await
        .unwrap();

    // The updated manifest: the same people, new ids; the reviews follow the people, the rule does not fire again.
    let (ic2, mut m2) = intake("IC2", 300);
    for (_, hits) in &mut m2[0].travellers {
        for h in hits {
            h.created_at = t0() + chrono::Duration::minutes(10);
        }
    }
    store
        .record_api_intake(ic2, m2, ev("api.intake"))
        .await
        .unwrap();
    let detail = store.api_flight(&key).await.unwrap().unwrap();
    assert_eq!(detail.manifests.len(), 2);
    assert_eq!(
        detail.manifests[1].superseded_by.as_deref(),
        Some(detail.manifests[0].id.as_str())
    );
    let statuses = |kind: HitKind, status: HitStatus| {
        detail
            .hits
            .iter()
            .filter(|h| h.kind == kind && h.status == status)
            .count()
    };
    assert_eq!(statuses(HitKind::Watchlist, HitStatus::Confirmed), 1);
    assert_eq!(statuses(HitKind::Rule, HitStatus::Dismissed), 1);
    assert_eq!(statuses(HitKind::Rule, HitStatus::Open), 299);
    // (The open count is over every stored hit of the rule, superseded manifests' too, as in SQLite.)
    let stats = store.rule_stats().await.unwrap();
    assert_eq!((stats[0].fired, stats[0].dismissed), (300, 1));
    // One alert for the first traveller, found by the document key (either spelling) or the person key.
    let alerts = store
        .confirmed_api_alerts(&[first.documents[1].document_key()], "nobody")
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1, "the carried-over hit is the same alert");
    assert_eq!(
        alerts[0].traveller.manifest_id, detail.manifests[0].id,
        "the newest"
    );
    assert_eq!(alerts[0].flight.arrival_bcp.as_deref(), Some("UTO-A1"));
    assert_eq!(
        store
            .confirmed_api_alerts(&[], &first.person_key)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(verify_audit_chain(&store).await.unwrap().unwrap(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_intake_leaves_nothing_behind_and_the_next_goes_through() {
    let db = database!("a_failing_intake_leaves_nothing_behind_and_the_next_goes_through");
    let store = PgStore::open(db.url()).await.unwrap();
    let (ic, mut manifests) = intake("IC1", 10);
    // Two hits with one id: the database refuses the last insert of the intake.
    let dup = manifests[0].travellers[0].1[0].id.clone();
    manifests[0].travellers[9].1[0].id = dup;
    let err = store
        .record_api_intake(ic.clone(), manifests, ev("api.intake"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");
    assert_eq!(store.api_interchange("UTAIR", "IC1").await.unwrap(), None);
    assert_eq!(store.api_flight(&flight().key).await.unwrap(), None);
    assert!(store.rule_stats().await.unwrap().is_empty());
    assert_eq!(verify_audit_chain(&store).await.unwrap().unwrap(), 0);
    // The same interchange, now well formed, is taken.
    let (_, manifests) = intake("IC1", 10);
    store
        .record_api_intake(ic, manifests, ev("api.intake"))
        .await
        .unwrap();
    let detail = store.api_flight(&flight().key).await.unwrap().unwrap();
    assert_eq!(detail.travellers.len(), 10);
    assert_eq!(verify_audit_chain(&store).await.unwrap().unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_postgresql_cannot_store_is_refused_as_bad_input_naming_the_message() {
    let db = database!("text_postgresql_cannot_store_is_refused_as_bad_input_naming_the_message");
    let store = PgStore::open(db.url()).await.unwrap();
    // A NUL byte in a name, and one escaped in the JSON details: neither text nor jsonb takes it.
    for poison in [0, 1] {
        let (ic, mut manifests) = intake(&format!("IC{poison}"), 3);
        let t = &mut manifests[0].travellers[1].0;
        if poison == 0 {
            t.surname = "BAD\0NAME".into();
        } else {
            t.details = serde_json::json!({"note": "bad\u{0}note"});
        }
        let err = store
            .record_api_intake(ic, manifests, ev("api.intake"))
            .await
            .unwrap_err();
        match err {
            StoreError::Invalid(m) => assert!(
                m.contains(&format!("interchange IC{poison} from UTAIR, message 1")),
                "{m}"
            ),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(verify_audit_chain(&store).await.unwrap().unwrap(), 0);
    assert_eq!(store.api_flight(&flight().key).await.unwrap(), None);
}
