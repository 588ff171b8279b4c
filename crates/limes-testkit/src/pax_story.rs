//! The advance-passenger-information stories beyond [`crate::story::api_story`], each on a fresh store: a
//! full-size manifest and its update (reviews carried over), a failing intake undone whole, and a resend racing
//! itself. (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use limes_domain::AuditEvent;
use limes_store::*;
use std::sync::Arc;

/// When the passenger data arrives.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap()
}

/// An audit event by the tester at [`t0`].
pub fn ev(action: &str) -> AuditEvent {
    AuditEvent::new(t0(), "tester", action)
}

/// The flight of the stories: UT101 from Athens, arriving at UTO-A1.
pub fn flight() -> ApiFlight {
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
            ..FlightLeg::default()
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
pub fn intake(control_ref: &str, n: u32) -> (ApiInterchange, Vec<NewManifest>) {
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

/// A manifest of 300 travellers round-trips field for field and in order; its update supersedes it and the
/// analyst's reviews follow the people.
pub async fn full_manifest_story(store: &dyn Store) {
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
    assert_eq!(verify_audit_chain(store).await.unwrap().unwrap(), 4);
}

/// An intake the database refuses part-way leaves nothing behind; the same interchange, well formed, then goes
/// through.
pub async fn failing_intake_story(store: &dyn Store) {
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
    assert_eq!(verify_audit_chain(store).await.unwrap().unwrap(), 0);
    // The same interchange, now well formed, is taken.
    let (_, manifests) = intake("IC1", 10);
    store
        .record_api_intake(ic, manifests, ev("api.intake"))
        .await
        .unwrap();
    let detail = store.api_flight(&flight().key).await.unwrap().unwrap();
    assert_eq!(detail.travellers.len(), 10);
    assert_eq!(verify_audit_chain(store).await.unwrap().unwrap(), 1);
}

/// The same interchange sent twice at once is stored once: one intake succeeds, the other is a conflict.
pub async fn concurrent_resend_story(store: Arc<dyn Store>) {
    let (a, b) = (store.clone(), store);
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

/// A ferry's voyage with a stop: the conveyance of each leg (mode, vessel name, IMO number, registration)
/// round-trips, next to a flight whose legs carry none of it.
pub async fn sea_voyage_story(store: &dyn Store) {
    let (ic, mut manifests) = intake("IC-SEA", 2);
    let mut voyage = flight();
    voyage.key = conveyance_key(
        TransportMode::Sea,
        "UTFERRY",
        "V2603",
        voyage.departure_time,
    );
    voyage.carrier = "UTFERRY".into();
    voyage.flight_number = "V2603".into();
    let sea = |from: &str, to: &str| FlightLeg {
        carrier: "UTFERRY".into(),
        flight_number: "V2603".into(),
        mode: TransportMode::Sea,
        registration: "C6UT7".into(),
        vessel_name: "MV UTOPIA STAR".into(),
        imo_number: "9074729".into(),
        departure_airport: from.into(),
        departure_time: voyage.departure_time,
        arrival_airport: to.into(),
        arrival_time: voyage.arrival_time,
    };
    voyage.legs = vec![sea("UTPRT", "UTHRB"), sea("UTHRB", "GRPIR")];
    voyage.arrival_airport = "UTHRB".into();
    for m in &mut manifests {
        m.flight = voyage.clone();
        m.manifest.flight_key = voyage.key.clone();
        for (t, hits) in &mut m.travellers {
            t.flight_key = voyage.key.clone();
            for h in hits {
                h.flight_key = voyage.key.clone();
            }
        }
    }
    store
        .record_api_intake(ic, manifests, ev("api.intake"))
        .await
        .unwrap();
    let (ic, manifests) = intake("IC-AIR", 1);
    store
        .record_api_intake(ic, manifests, ev("api.intake"))
        .await
        .unwrap();
    let stored = store.api_flight(&voyage.key).await.unwrap().unwrap();
    assert_eq!(stored.flight, voyage, "every leg's conveyance kept");
    assert_eq!(stored.flight.mode(), TransportMode::Sea);
    assert_eq!(
        stored
            .flight
            .arriving_leg()
            .map(|l| l.arrival_airport.as_str()),
        Some("UTHRB")
    );
    assert_eq!(stored.travellers.len(), 2);
    let air = store.api_flight(&flight().key).await.unwrap().unwrap();
    assert_eq!(air.flight.mode(), TransportMode::Air);
    assert_eq!(air.flight.legs[0].vessel_name, "");
}
