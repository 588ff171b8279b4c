//! The demo data, made once on first start: Utopia's agencies and BCPs, the UN list, the document-alert
//! register, three weeks of crossings and, last, the users (whose existence marks a finished seed).
use super::data::{
    demo_bcps, doc_number, synthetic_alerts, DEMO_USERS, GIVEN, NATIONALITIES, SURNAMES,
    UN_LIST_XML,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use limes_app::Actor;
use limes_app::App;
use limes_domain::{
    Agency, AgencyKind, AuditEvent, BcpKind, Direction, Outcome, RecommendationLevel,
};
use limes_store::{Decision, NewCrossing, Store, TravelDocument};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;
use std::sync::Arc;

/// Make the demo data; the sign-in table it returns is also written (readable by the owner only) to `creds_path`.
pub async fn seed(state: &App, creds_path: &Path, alerts: usize) -> anyhow::Result<String> {
    let now = state.clock.now();
    println!("Creating the demo data (once)…");
    seed_organisation(state.store.as_ref(), now).await?;
    let n = seed_un_list(state, now).await?;
    println!("  UN consolidated list: {n} entries");

    let started = std::time::Instant::now();
    let firearms = alerts.min(super::firearms::REGISTER_SIZE);
    let alerts = synthetic_alerts(alerts);
    let n = state
        .store
        .import_document_alerts(alerts, true, seed_event(now, "documents.import"))
        .await?;
    println!(
        "  document-alert register: {n} records ({:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let n = seed_crossings(state).await?;
    println!("  synthetic crossings: {n} over the last 21 days");
    let n = super::goods::seed(state, 300, now).await?;
    println!("  goods declarations: {n} trucks at the land BCPs, one inspection with a find");
    let (stolen, vehicles) = super::vehicles::seed_vehicles(state).await?;
    println!("  stolen-vehicle register: {stolen} records; vehicle crossings at the land BCPs: {vehicles}");
    let (authorisations, impounded) = super::salw::seed(state).await?;
    println!(
        "  arms transfer authorisations: {authorisations}; impounded consignments: {impounded}"
    );
    let (incidents, patrols) = super::surveillance::seed(state).await?;
    println!(
        "  border surveillance: {incidents} incidents and {patrols} patrols over the last month"
    );
    let n = super::seizures::seed(state, now).await?;
    println!("  seizure records: {n} over the last week, one with photographs");
    let n = super::risk::seed_history(state, now).await?;
    println!("  crossing history for the risk indicators: {n} crossings over two years");
    let n = super::firearms::seed(state, firearms).await?;
    println!("  firearm register: {n} records; two open trace requests");
    let (agreements, reports, contacts) = super::cooperation::seed(state).await?;
    println!("  cooperation: {agreements} agreements, {reports} hotline and integrity reports, {contacts} counterparts");

    // Users last: their existence marks a finished seed.
    let text = seed_users(state).await?;
    write_private(creds_path, &text)?;
    Ok(text)
}

fn seed_event(now: DateTime<Utc>, action: &str) -> AuditEvent {
    AuditEvent::new(now, "demo-seed", action)
}

/// Utopia's three agencies and its eight BCPs.
async fn seed_organisation(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (code, name, kind) in [
        ("UBP", "Utopia Border Police", AgencyKind::BorderPolice),
        ("UCS", "Utopia Customs Service", AgencyKind::Customs),
        ("UIS", "Utopia Immigration Service", AgencyKind::Immigration),
    ] {
        store
            .upsert_agency(
                &Agency {
                    code: code.into(),
                    name: name.into(),
                    kind,
                },
                seed_event(now, "agency.upsert"),
            )
            .await?;
    }
    for b in demo_bcps() {
        store.upsert_bcp(&b, seed_event(now, "bcp.upsert")).await?;
    }
    Ok(())
}

/// The embedded UN list, stored and handed to the running screener; its number of entries.
async fn seed_un_list(state: &App, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let list =
        limes_screen::import::un_xml(UN_LIST_XML).map_err(|e| anyhow::anyhow!("UN list: {e}"))?;
    let store = state.store.as_ref();
    let audit = seed_event(now, "watchlist.import");
    let source = "un-consolidated-2026-02-27.xml";
    let n = limes_app::lists::save_watchlist(store, audit, &list, source).await?;
    state.screener.replace_list(list);
    Ok(n)
}

/// Every demo user with a fresh four-word password; the sign-in table for the console and the logins file.
async fn seed_users(state: &App) -> anyhow::Result<String> {
    let mut rng = StdRng::from_entropy();
    let mut lines = String::new();
    for u in DEMO_USERS {
        let password: String = (0..4)
            .map(|_| {
                let w = [
                    "amber", "border", "river", "harbour", "north", "pass", "gate", "light",
                    "stone", "delta", "cedar", "falcon",
                ];
                w[rng.gen_range(0..w.len())]
            })
            .collect::<Vec<_>>()
            .join("-");
        let req = limes_app::users::NewUserRequest {
            username: u.username.into(),
            display_name: u.name.into(),
            role: u.role,
            agency: u.agency.into(),
            bcps: u.bcps.iter().map(|s| s.to_string()).collect(),
            password: password.clone(),
        };
        limes_app::users::add_user(state, Actor::Operator("demo-seed"), req).await?;
        lines.push_str(&format!(
            "  {:<11} {:<34} {:<20} {}\n",
            u.username,
            password,
            u.role.label(),
            if u.bcps.is_empty() {
                "all BCPs".to_string()
            } else {
                u.bcps.join(", ")
            }
        ));
    }
    let header = format!(
        "  {:<11} {:<34} {:<20} {}\n",
        "username", "password", "role", "BCPs"
    );
    Ok(format!("{header}{lines}"))
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// One synthetic crossing to record: the check, the officer's decision and, for some referrals, the
/// second line's.
struct PlannedCrossing {
    bcp: String,
    traveller: TravelDocument,
    at: DateTime<Utc>,
    level: RecommendationLevel,
    reasons: Vec<String>,
    outcome: Outcome,
    refusal_reason: Option<&'static str>,
    direction: Direction,
}

/// A few weeks of plausible traffic: travellers who come and go, some refused, some referred.
async fn seed_crossings(state: &App) -> anyhow::Result<usize> {
    let mut rng = StdRng::seed_from_u64(2026);
    let today = state.clock.today();
    let travellers = demo_travellers(&mut rng, today);
    let mut jobs = plan_crossings(&mut rng, &travellers, today);
    jobs.push(overstayer(today));
    jobs.sort_by_key(|j| j.at);
    // Many writes in flight at once: the store commits them in groups.
    for chunk in jobs.chunks(512) {
        let futs = chunk
            .iter()
            .map(|job| record_crossing(state.store.clone(), job, today));
        for r in futures::future::join_all(futs).await {
            r?;
        }
    }
    Ok(jobs.len())
}

/// The demo's overstayer: PETROV, Ivan (Russian Federation) entered at UTO-AIR-1 100 days ago and has not left,
/// ten days beyond the 90 in any 180; the supervisor's overstayers page lists him and his exit check flags it.
fn overstayer(today: NaiveDate) -> PlannedCrossing {
    let entered = today - Duration::days(99);
    PlannedCrossing {
        bcp: "UTO-AIR-1".into(),
        traveller: TravelDocument {
            document_code: "P".into(),
            document_number: "751234567".into(),
            issuing_state: "RUS".into(),
            surname: "PETROV".into(),
            given_names: "IVAN".into(),
            nationality: "RUS".into(),
            birth_date: NaiveDate::from_ymd_opt(1979, 11, 3),
            sex: Some("M".into()),
            expiry_date: NaiveDate::from_ymd_opt(2031, 6, 30),
        },
        at: Utc.from_utc_datetime(&entered.and_hms_opt(14, 20, 0).unwrap_or_default()),
        level: RecommendationLevel::Clear,
        reasons: vec![],
        outcome: Outcome::Admitted,
        refusal_reason: None,
        direction: Direction::Entry,
    }
}

/// The 4,000 travellers the synthetic crossings are made of.
fn demo_travellers(rng: &mut StdRng, today: NaiveDate) -> Vec<TravelDocument> {
    (0..4000)
        .map(|_| {
            let nat = NATIONALITIES[rng.gen_range(0..NATIONALITIES.len())];
            let birth = NaiveDate::from_ymd_opt(
                rng.gen_range(1945..2008),
                rng.gen_range(1..13),
                rng.gen_range(1..29),
            )
            .unwrap_or_default();
            TravelDocument {
                document_code: "P".into(),
                document_number: doc_number(rng),
                issuing_state: nat.into(),
                surname: SURNAMES[rng.gen_range(0..SURNAMES.len())].into(),
                given_names: GIVEN[rng.gen_range(0..GIVEN.len())].into(),
                nationality: nat.into(),
                birth_date: Some(birth),
                sex: Some(if rng.gen_bool(0.5) { "F" } else { "M" }.into()),
                expiry_date: Some(today + Duration::days(rng.gen_range(30..3600))),
            }
        })
        .collect()
}

/// Each BCP's crossings of each of the last 21 days, in the order the generator makes them.
fn plan_crossings(
    rng: &mut StdRng,
    travellers: &[TravelDocument],
    today: NaiveDate,
) -> Vec<PlannedCrossing> {
    let bcps = demo_bcps();
    let start = Utc.from_utc_datetime(
        &(today - Duration::days(21))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    );
    let mut jobs = Vec::new();
    for day in 0..21 {
        for bcp in &bcps {
            let per_day = match bcp.kind {
                BcpKind::Air => 160,
                BcpKind::Land => 90,
                BcpKind::Sea => 50,
            };
            for _ in 0..per_day {
                let traveller = travellers[rng.gen_range(0..travellers.len())].clone();
                let at = start
                    + Duration::days(day)
                    + Duration::seconds(rng.gen_range(5 * 3600..23 * 3600));
                let (level, reasons, outcome, refusal_reason) =
                    checked_outcome(rng.gen_range(0..1000));
                let direction = if rng.gen_bool(0.5) {
                    Direction::Entry
                } else {
                    Direction::Exit
                };
                jobs.push(PlannedCrossing {
                    bcp: bcp.code.clone(),
                    traveller,
                    at,
                    level,
                    reasons,
                    outcome,
                    refusal_reason,
                    direction,
                });
            }
        }
    }
    jobs
}

/// The recommendation, its reasons, the officer's decision and any refusal reason, by a roll out of 1,000:
/// six in a thousand refused on an expired document, three on an unclear purpose, two ask for protection,
/// ten referred to the second line, the rest admitted.
fn checked_outcome(
    roll: i32,
) -> (
    RecommendationLevel,
    Vec<String>,
    Outcome,
    Option<&'static str>,
) {
    match roll {
        0..=5 => (
            RecommendationLevel::Refer,
            vec!["Document expired".to_string()],
            Outcome::Refused,
            Some("A"),
        ),
        6..=8 => (
            RecommendationLevel::Caution,
            vec!["Purpose of stay unclear (officer)".to_string()],
            Outcome::Refused,
            Some("E"),
        ),
        9..=10 => (
            RecommendationLevel::Clear,
            vec![],
            Outcome::InternationalProtection,
            None,
        ),
        11..=20 => (
            RecommendationLevel::Caution,
            vec!["Possible watchlist match 64%".to_string()],
            Outcome::ReferredSecondLine,
            None,
        ),
        _ => (RecommendationLevel::Clear, vec![], Outcome::Admitted, None),
    }
}

/// Record one planned crossing: its check and decision and, for a referral older than yesterday, the second
/// line's decision 25 minutes later.
async fn record_crossing(
    store: Arc<dyn Store>,
    job: &PlannedCrossing,
    today: NaiveDate,
) -> Result<(), limes_store::StoreError> {
    const OFFICERS: [&str; 3] = ["officer", "seaport", "supervisor"];
    let t = &job.traveller;
    let officer = OFFICERS[t.document_number.len() % OFFICERS.len()];
    let mut e = AuditEvent::new(job.at, officer, "check.run");
    e.bcp = Some(job.bcp.clone());
    e.purpose = Some("border check".into());
    e.detail = "demo seed".into();
    let c = store
        .record_check(
            NewCrossing {
                bcp: job.bcp.clone(),
                direction: job.direction,
                at: job.at,
                officer: officer.into(),
                document: t.clone(),
                input_method: "mrz".into(),
                recommendation: job.level,
                reasons: job.reasons.clone(),
                hit_count: 0,
                alert_count: 0,
                result_json: "{}".into(),
            },
            e.clone(),
        )
        .await?;
    let decided = job.at + Duration::seconds(40);
    let mut d = AuditEvent::new(decided, officer, "check.decision");
    d.subject = Some(format!("crossing:{}", c.id));
    d.bcp = Some(job.bcp.clone());
    store
        .record_decision(
            &c.id,
            Decision {
                outcome: job.outcome,
                refusal_reason: job.refusal_reason.map(str::to_string),
                note: None,
                officer: officer.into(),
                second_line: false,
                at: decided,
                hits: limes_domain::HitGravity::None,
                override_reason: None,
            },
            d,
        )
        .await?;
    if job.outcome == Outcome::ReferredSecondLine && job.at.date_naive() < today - Duration::days(1)
    {
        record_second_line(store.as_ref(), &c.id, t, decided + Duration::minutes(25)).await?;
    }
    Ok(())
}

/// The second line's decision on a referral: refused when the document number ends in 7, else admitted.
async fn record_second_line(
    store: &dyn Store,
    crossing: &str,
    traveller: &TravelDocument,
    at: DateTime<Utc>,
) -> Result<(), limes_store::StoreError> {
    let mut d2 = AuditEvent::new(at, "second", "check.second_line_decision");
    d2.subject = Some(format!("crossing:{crossing}"));
    let final_outcome = if traveller.document_number.ends_with('7') {
        Outcome::Refused
    } else {
        Outcome::Admitted
    };
    store
        .record_decision(
            crossing,
            Decision {
                outcome: final_outcome,
                refusal_reason: (final_outcome == Outcome::Refused).then(|| "E".to_string()),
                note: Some("demo: second-line interview".into()),
                officer: "second".into(),
                second_line: true,
                at,
                hits: limes_domain::HitGravity::None,
                override_reason: None,
            },
            d2,
        )
        .await?;
    Ok(())
}
