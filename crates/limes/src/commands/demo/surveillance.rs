//! The demo's green and blue border: Utopia's territory, its border in sections with Germany, Poland and the
//! Czech Republic (one a river, one a lake), and a month of incidents and patrols shaped like a real border: most
//! at night, clustered on a few sections and on a few routes across them, with a joint patrol with Poland each
//! week under a bilateral agreement.
use chrono::{Duration, Timelike};
use limes_app::surveillance::{self as uc, IncidentRequest, PatrolReport, PatrolRequest};
use limes_app::{Actor, App};
use limes_domain::surveillance::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEEDER: Actor<'static> = Actor::Operator("demo-seed");

/// Utopia's outline (fictional, around 49–51.6° N, 11–15° E).
const OUTLINE: &[LonLat] = &[
    [11.2, 49.3],
    [11.3, 50.4],
    [11.6, 51.1],
    [12.2, 51.6],
    [13.5, 51.55],
    [14.9, 51.3],
    [15.1, 50.8],
    [14.6, 50.2],
    [13.6, 50.0],
    [12.6, 49.2],
    [11.2, 49.3],
];

/// Southbay lake on the southern border.
const LAKE: &[LonLat] = &[
    [11.6, 49.27],
    [12.3, 49.23],
    [12.35, 49.33],
    [11.7, 49.37],
    [11.6, 49.27],
];

/// (code, name, neighbour, type, BCP, line, share of the incidents).
type SectionSpec = (
    &'static str,
    &'static str,
    &'static str,
    BorderType,
    &'static str,
    &'static [LonLat],
    u32,
);

const SECTIONS: &[SectionSpec] = &[
    (
        "UTO-W",
        "Western hills",
        "DEU",
        BorderType::Land,
        "UTO-LND-N1",
        &[[11.2, 49.3], [11.3, 50.4]],
        3,
    ),
    (
        "UTO-N-W",
        "Northgate west",
        "DEU",
        BorderType::Land,
        "UTO-LND-N1",
        &[[11.3, 50.4], [11.6, 51.1], [12.2, 51.6]],
        7,
    ),
    (
        "UTO-N-E",
        "Northgate east",
        "DEU",
        BorderType::Land,
        "UTO-LND-N2",
        &[[12.2, 51.6], [13.5, 51.55]],
        15,
    ),
    (
        "UTO-E-N",
        "Eastbridge river",
        "POL",
        BorderType::River,
        "UTO-LND-E1",
        &[[13.5, 51.55], [14.9, 51.3], [15.1, 50.8]],
        10,
    ),
    (
        "UTO-E-S",
        "Eastbridge forest",
        "POL",
        BorderType::Land,
        "UTO-LND-E1",
        &[[15.1, 50.8], [14.6, 50.2]],
        35,
    ),
    (
        "UTO-S",
        "Southpass mountains",
        "CZE",
        BorderType::Land,
        "UTO-LND-S1",
        &[[14.6, 50.2], [13.6, 50.0], [12.6, 49.2]],
        27,
    ),
    (
        "UTO-S-LAKE",
        "Southbay lake",
        "CZE",
        BorderType::Lake,
        "UTO-SEA-2",
        &[[12.6, 49.2], [11.2, 49.3]],
        3,
    ),
];

/// The middle of the territory: incidents sit a little inside the line, towards it.
const CENTRE: LonLat = [13.2, 50.5];

fn along(line: &[LonLat], t: f64) -> LonLat {
    let legs = (line.len() - 1) as f64;
    let pos = (t.clamp(0.0, 0.999) * legs).min(legs - 1e-9);
    let i = pos.floor() as usize;
    let f = pos - i as f64;
    let (a, b) = (line[i], line[(i + 1).min(line.len() - 1)]);
    [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]
}

fn inward(p: LonLat, by: f64) -> LonLat {
    [
        p[0] + (CENTRE[0] - p[0]) * by,
        p[1] + (CENTRE[1] - p[1]) * by,
    ]
}

/// A night-heavy hour: three in four between 20:00 and 05:00.
fn hour(rng: &mut StdRng) -> u32 {
    if rng.gen_bool(0.75) {
        (20 + rng.gen_range(0..10)) % 24
    } else {
        rng.gen_range(6..20)
    }
}

fn pick_type(rng: &mut StdRng, border: BorderType) -> (EventClass, &'static str) {
    let roll = rng.gen_range(0..100);
    match roll {
        0..=69 => (
            EventClass::UnauthorisedBorderCrossing,
            match (border.is_blue(), rng.gen_range(0..10)) {
                (true, 0..=6) => "irregular_crossing_by_boat",
                (_, 0..=6) => "irregular_crossing_on_foot",
                (_, 7..=8) => "irregular_crossing_by_vehicle",
                _ => "facilitation",
            },
        ),
        70..=89 => (
            EventClass::CrossBorderCrime,
            [
                "smuggling_goods",
                "smuggling_goods",
                "smuggling_drugs",
                "smuggling_weapons",
                "stolen_vehicle",
            ][rng.gen_range(0..5)],
        ),
        90..=94 => (EventClass::CrisisSituation, "persons_in_distress"),
        _ => (
            EventClass::Other,
            ["border_marker_damaged", "suspicious_activity"][rng.gen_range(0..2)],
        ),
    }
}

fn fail(what: &str) -> impl Fn(uc::SurveillanceError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("demo {what}: {e}")
}

/// Configure Utopia's territory and sections and record a month of incidents and patrols. Returns (incidents,
/// patrols).
pub async fn seed(state: &App) -> anyhow::Result<(usize, usize)> {
    uc::configure_territory(
        state,
        SEEDER,
        Territory {
            state: "UTO".into(),
            outline: vec![vec![OUTLINE.to_vec()]],
            waters: vec![vec![LAKE.to_vec()]],
        },
    )
    .await
    .map_err(fail("territory"))?;
    for (code, name, neighbour, border_type, bcp, line, _) in SECTIONS {
        uc::configure_section(
            state,
            SEEDER,
            BorderSection {
                code: (*code).into(),
                name: (*name).into(),
                neighbour: (*neighbour).into(),
                border_type: *border_type,
                line: line.to_vec(),
                bcp: Some((*bcp).into()),
            },
        )
        .await
        .map_err(fail("border section"))?;
    }
    let now = state.clock.now();
    let today = now
        .with_hour(0)
        .and_then(|t| t.with_minute(0))
        .and_then(|t| t.with_second(0))
        .unwrap_or(now);
    let mut rng = StdRng::seed_from_u64(16);
    let weights: u32 = SECTIONS.iter().map(|s| s.6).sum();
    let mut incidents = 0;
    for day in (1..=30).rev() {
        for _ in 0..rng.gen_range(12..28) {
            let mut roll = rng.gen_range(0..weights);
            let Some(section) = SECTIONS.iter().find(|s| {
                if roll < s.6 {
                    true
                } else {
                    roll -= s.6;
                    false
                }
            }) else {
                continue;
            };
            // Three routes per section: where the paths cross it.
            let route = [0.2, 0.55, 0.8][rng.gen_range(0..3)] + rng.gen_range(-0.04..0.04);
            let on_line = along(section.5, route);
            let p = inward(on_line, rng.gen_range(0.005..0.04));
            let position = [
                p[0] + rng.gen_range(-0.01..0.01),
                p[1] + rng.gen_range(-0.01..0.01),
            ];
            let (class, incident_type) = pick_type(&mut rng, section.3);
            let at = today - Duration::days(day)
                + Duration::hours(i64::from(hour(&mut rng)))
                + Duration::minutes(rng.gen_range(0..60));
            let group = rng.gen_range(1..9u32);
            let female = rng.gen_range(0..=group / 2);
            let minors = rng.gen_range(0..=group / 3);
            let persons = if class == EventClass::UnauthorisedBorderCrossing
                || class == EventClass::CrisisSituation
            {
                PersonCounts {
                    male: group - female,
                    female,
                    unknown: 0,
                    minors,
                }
            } else {
                PersonCounts {
                    male: rng.gen_range(0..3),
                    ..PersonCounts::default()
                }
            };
            let req = IncidentRequest {
                id: None,
                class,
                incident_type: incident_type.into(),
                occurred_at: at,
                location: Geometry::point(position[0], position[1]),
                border_type: Some(section.3),
                section: Some(section.0.into()),
                bcp: Some(section.4.into()),
                persons,
                nominal: Vec::new(),
                goods: if incident_type == "smuggling_goods" {
                    vec!["cigarettes, 40 cartons".into()]
                } else {
                    Vec::new()
                },
                vehicles: if incident_type == "irregular_crossing_by_vehicle" {
                    vec!["van, foreign plates".into()]
                } else {
                    Vec::new()
                },
                vessels: if incident_type == "irregular_crossing_by_boat" {
                    vec!["inflatable boat".into()]
                } else {
                    Vec::new()
                },
                description: String::new(),
                reporting_unit: Some(format!("Patrol {}", section.0)),
                patrol: None,
                seizures: Vec::new(),
                crossings: Vec::new(),
                device_time: None,
            };
            let incident = uc::record_incident(state, SEEDER, req)
                .await
                .map_err(fail("incident"))?;
            incidents += 1;
            if rng.gen_bool(0.8) {
                let outcome = match class {
                    EventClass::CrisisSituation => FollowUpOutcome::Rescued,
                    _ => [
                        FollowUpOutcome::Apprehended,
                        FollowUpOutcome::Apprehended,
                        FollowUpOutcome::TurnedBack,
                        FollowUpOutcome::HandedOver,
                        FollowUpOutcome::LostTrack,
                    ][rng.gen_range(0..5)],
                };
                uc::follow_up(
                    state,
                    SEEDER,
                    &incident.id,
                    uc::FollowUpRequest {
                        by: Some(format!("Patrol {}", section.0)),
                        action: "group intercepted and escorted to the BCP".into(),
                        outcome,
                        seizures: Vec::new(),
                        crossings: Vec::new(),
                    },
                )
                .await
                .map_err(fail("follow-up"))?;
            }
        }
    }
    let mut patrols = 0;
    for day in (0..=30).rev() {
        // The night shift on the two busiest sections, a day patrol elsewhere, a joint patrol with Poland weekly.
        let mut plans: Vec<(&SectionSpec, PatrolType, i64, i64)> = vec![
            (&SECTIONS[4], PatrolType::National, 20, 8),
            (&SECTIONS[5], PatrolType::National, 21, 8),
            (
                &SECTIONS[rng.gen_range(0..SECTIONS.len())],
                PatrolType::National,
                9,
                6,
            ),
        ];
        if day % 7 == 3 {
            plans.push((&SECTIONS[4], PatrolType::Joint, 22, 6));
        }
        for (section, patrol_type, start_hour, hours) in plans {
            let start = today - Duration::days(day) + Duration::hours(start_hour);
            let terms = (patrol_type == PatrolType::Joint).then(|| EngagementTerms {
                neighbour: "POL".into(),
                agreement: "UTO-POL 2024/3 on joint patrols".into(),
                permissible_distance_km: 10.0,
                lead_authority: "Utopia Border Police".into(),
                contact_point: "Straż Graniczna, Placówka Zgorzelec".into(),
                neighbour_officers: vec!["SG-1142".into(), "SG-2087".into()],
            });
            let patrol = uc::plan_patrol(
                state,
                SEEDER,
                PatrolRequest {
                    patrol_type,
                    unit: format!(
                        "{} {}",
                        if patrol_type == PatrolType::Joint {
                            "Joint patrol"
                        } else {
                            "Patrol"
                        },
                        section.0
                    ),
                    bcp: Some(section.4.into()),
                    sections: vec![section.0.into()],
                    area: None,
                    planned_start: start,
                    planned_end: start + Duration::hours(hours),
                    terms,
                },
            )
            .await
            .map_err(fail("patrol"))?;
            patrols += 1;
            if start + Duration::hours(hours) > now {
                continue; // still planned
            }
            // Carried out: a position every 15 minutes walking the section's line and back.
            let steps = hours * 4;
            let track: Vec<TrackPoint> = (0..=steps)
                .map(|k| {
                    let t = k as f64 / steps as f64;
                    let there_and_back = if t < 0.5 { t * 2.0 } else { 2.0 - t * 2.0 };
                    let p = inward(along(section.5, there_and_back), 0.01);
                    TrackPoint {
                        at: start + Duration::minutes(15 * k),
                        position: [
                            p[0] + rng.gen_range(-0.002..0.002),
                            p[1] + rng.gen_range(-0.002..0.002),
                        ],
                    }
                })
                .collect();
            uc::report_patrol(
                state,
                SEEDER,
                &patrol.id,
                PatrolReport {
                    track,
                    observations: vec![Observation {
                        at: start + Duration::hours(2),
                        position: None,
                        text: "fresh footprints at the forest track".into(),
                    }],
                    incidents: Vec::new(),
                },
            )
            .await
            .map_err(fail("patrol report"))?;
        }
    }
    Ok((incidents, patrols))
}
