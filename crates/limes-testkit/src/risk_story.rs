//! The risk-indicator story every backend runs on a fresh store: the daily counts follow the records — a check,
//! its referral and second-line refusal, a check closed without a decision, a late crossing for an earlier day, a
//! crossing a BCP node sends to the centre and its corrected version — and the manual figures, audited.
//! (Test code: panics are the assertions.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::story::{check, decision, ev, organisation_story, t0};
use chrono::{Duration, NaiveDate};
use limes_domain::indicators::Breakdown;
use limes_domain::Outcome;
use limes_store::sync::{kind, SyncStore, UpRecord};
use limes_store::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

/// The count of an indicator's total (or one detail) for a group on a day, after a refresh.
async fn count(
    store: &dyn Store,
    by: Breakdown,
    on: NaiveDate,
    group: &str,
    indicator: &str,
    detail: &str,
) -> u64 {
    let counts = store
        .indicator_counts(&IndicatorQuery {
            from: on,
            to: on,
            by,
            bcps: None,
        })
        .await
        .unwrap();
    counts
        .iter()
        .filter(|c| c.group == group && c.indicator == indicator && c.detail == detail)
        .map(|c| c.count)
        .sum()
}

pub async fn risk_story(store: &dyn Store, centre: &dyn SyncStore) {
    organisation_story(store).await; // BCP UTO-N1, land, section "North"
    assert_eq!(
        store.refresh_indicators().await.unwrap(),
        0,
        "nothing recorded yet"
    );

    // A check on 1 March: counted as a crossing once refreshed, nothing else.
    let a = store
        .record_check(check("UTO-N1", "L898902C3", t0()), ev("check.run"))
        .await
        .unwrap();
    assert_eq!(store.refresh_indicators().await.unwrap(), 1);
    assert_eq!(
        count(store, Breakdown::Bcp, day(1), "UTO-N1", "crossings", "").await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Section, day(1), "North", "crossings", "").await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::BorderType,
            day(1),
            "land",
            "crossings",
            ""
        )
        .await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::Nationality,
            day(1),
            "UTO",
            "crossings",
            ""
        )
        .await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::Direction,
            day(1),
            "entry",
            "crossings",
            ""
        )
        .await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "refusals", "").await,
        0
    );

    // Referred, then refused by second line (reason H): the day is recounted, the refusal counted with its reason.
    store
        .record_decision(
            &a.id,
            decision(Outcome::ReferredSecondLine, false),
            ev("check.decide"),
        )
        .await
        .unwrap();
    store
        .record_decision(&a.id, decision(Outcome::Refused, true), ev("check.decide"))
        .await
        .unwrap();
    assert_eq!(store.refresh_indicators().await.unwrap(), 1);
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "crossings", "").await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "referrals", "").await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "refusals", "").await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "refusals", "H").await,
        1
    );

    // A check closed without a decision is not a crossing.
    let b = store
        .record_check(
            check("UTO-N1", "X0000001", t0() + Duration::hours(1)),
            ev("check.run"),
        )
        .await
        .unwrap();
    store.refresh_indicators().await.unwrap();
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "crossings", "").await,
        2
    );
    store
        .close_check(
            &b.id,
            CrossingStatus::Abandoned,
            "ana",
            t0() + Duration::hours(2),
            ev("check.abandon"),
        )
        .await
        .unwrap();
    store.refresh_indicators().await.unwrap();
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "crossings", "").await,
        1
    );

    // A late crossing for 25 February arrives after that day was counted (empty): its day is counted now.
    assert_eq!(
        count(
            store,
            Breakdown::Total,
            day(1) - Duration::days(4),
            "",
            "crossings",
            ""
        )
        .await,
        0
    );
    let mut late = check("UTO-N1", "L0000002", t0() - Duration::days(4));
    late.alert_count = 1;
    late.document.nationality = "ATL".into();
    store.record_check(late, ev("check.run")).await.unwrap();
    assert_eq!(store.refresh_indicators().await.unwrap(), 1);
    let feb25 = day(1) - Duration::days(4);
    assert_eq!(
        count(store, Breakdown::Total, feb25, "", "crossings", "").await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::Nationality,
            feb25,
            "ATL",
            "document_alert_hits",
            ""
        )
        .await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(1), "", "crossings", "").await,
        1,
        "1 March untouched"
    );

    // At the centre: a node's crossing of 3 March arrives pending, then its corrected (decided) version.
    let mut node_crossing = Crossing::pending(
        "node-crossing-1".into(),
        check("UTO-N1", "N0000003", t0() + Duration::days(2)),
    );
    let up = |seq: i64, c: &Crossing| UpRecord {
        node: "NODE-N1".into(),
        bcp: "UTO-N1".into(),
        seq,
        kind: kind::CROSSING.into(),
        payload: serde_json::to_string(c).unwrap(),
    };
    centre
        .ingest_up(vec![up(1, &node_crossing)], t0())
        .await
        .unwrap();
    store.refresh_indicators().await.unwrap();
    assert_eq!(
        count(store, Breakdown::Total, day(3), "", "crossings", "").await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::Total,
            day(3),
            "",
            "protection_requests",
            ""
        )
        .await,
        0
    );
    node_crossing.status = CrossingStatus::Decided;
    node_crossing.outcome = Some(Outcome::InternationalProtection);
    node_crossing.first_outcome = Some(Outcome::InternationalProtection);
    centre
        .ingest_up(vec![up(2, &node_crossing)], t0())
        .await
        .unwrap();
    assert_eq!(store.refresh_indicators().await.unwrap(), 1);
    assert_eq!(
        count(
            store,
            Breakdown::Total,
            day(3),
            "",
            "protection_requests",
            ""
        )
        .await,
        1
    );
    assert_eq!(
        count(store, Breakdown::Total, day(3), "", "crossings", "").await,
        1
    );

    // Coverage: the BCP reported on 25 February, 1 and 3 March, not on 2 March.
    let coverage = store
        .indicator_coverage(&IndicatorQuery {
            from: feb25,
            to: day(3),
            by: Breakdown::Bcp,
            bcps: None,
        })
        .await
        .unwrap();
    let days: Vec<NaiveDate> = coverage.iter().map(|(d, _)| *d).collect();
    assert_eq!(days, [feb25, day(1), day(3)]);
    // A scope of other BCPs sees nothing.
    let other = store
        .indicator_counts(&IndicatorQuery {
            from: feb25,
            to: day(3),
            by: Breakdown::Bcp,
            bcps: Some(vec!["UTO-S9".into()]),
        })
        .await
        .unwrap();
    assert!(other.is_empty(), "{other:?}");

    // A figure entered by hand: kept with who and the source, audited, counted on its day (national: no BCP).
    let figure = store
        .record_manual_figure(
            NewManualFigure {
                day: day(2),
                bcp: None,
                indicator: "return_decisions".into(),
                count: 7,
                source: "Ministry of Interior weekly return".into(),
            },
            "ana",
            t0(),
            ev("indicator.figure"),
        )
        .await
        .unwrap();
    assert_eq!(figure.entered_by, "ana");
    let listed = store.manual_figures(day(1), day(3)).await.unwrap();
    assert_eq!(listed, vec![figure.clone()]);
    store.refresh_indicators().await.unwrap();
    assert_eq!(
        count(store, Breakdown::Total, day(2), "", "return_decisions", "").await,
        7
    );
    assert_eq!(
        count(store, Breakdown::Bcp, day(2), "", "return_decisions", "").await,
        7
    );
    let audited = store
        .search_audit(AuditFilter {
            action: Some("indicator.figure".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(
        audited[0].event.subject.as_deref(),
        Some(format!("indicator_figure:{}", figure.id).as_str())
    );

    // A legacy system's history: staged crossings count only once the import commits; a discarded import never.
    let historical = |line: u64, outcome: Outcome, reason: Option<&str>| StagedHistoricalCrossing {
        line,
        record: HistoricalCrossing {
            at: t0() - Duration::days(365),
            bcp: "UTO-N1".into(),
            direction: limes_domain::Direction::Entry,
            outcome,
            refusal_reason: reason.map(Into::into),
            nationality: "ATL".into(),
            document_type: "P".into(),
            sex: Some("M".into()),
            birth_year: Some(1980),
        },
    };
    let year_before = day(1) - Duration::days(365);
    store
        .stage_historical_crossings(
            "import-1",
            vec![
                historical(2, Outcome::Admitted, None),
                historical(3, Outcome::Refused, Some("C")),
            ],
        )
        .await
        .unwrap();
    store
        .stage_historical_crossings("import-2", vec![historical(2, Outcome::Admitted, None)])
        .await
        .unwrap();
    store.refresh_indicators().await.unwrap();
    assert_eq!(
        count(store, Breakdown::Total, year_before, "", "crossings", "").await,
        0,
        "staged only"
    );
    assert_eq!(
        store
            .commit_historical_crossings("import-1", ev("crossings.import"))
            .await
            .unwrap(),
        2
    );
    store
        .discard_historical_crossings("import-2")
        .await
        .unwrap();
    assert_eq!(
        store
            .commit_historical_crossings("import-2", ev("crossings.import"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.refresh_indicators().await.unwrap(), 1);
    assert_eq!(
        count(
            store,
            Breakdown::Section,
            year_before,
            "North",
            "crossings",
            ""
        )
        .await,
        2
    );
    assert_eq!(
        count(store, Breakdown::Total, year_before, "", "refusals", "C").await,
        1
    );
    assert_eq!(
        count(
            store,
            Breakdown::Nationality,
            year_before,
            "ATL",
            "refusals",
            ""
        )
        .await,
        1
    );
    // Every source recounted over days with and without records (each source's count runs): nothing changes.
    let before = store
        .indicator_counts(&IndicatorQuery {
            from: year_before,
            to: day(3),
            by: Breakdown::Nationality,
            bcps: None,
        })
        .await
        .unwrap();
    store.mark_indicator_days(feb25, day(3)).await.unwrap();
    assert_eq!(
        store.refresh_indicators().await.unwrap(),
        5 * 7,
        "five sources, seven days"
    );
    let after = store
        .indicator_counts(&IndicatorQuery {
            from: year_before,
            to: day(3),
            by: Breakdown::Nationality,
            bcps: None,
        })
        .await
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(
        store.refresh_indicators().await.unwrap(),
        0,
        "nothing left to recount"
    );
}
