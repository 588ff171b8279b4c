//! The demo installation of Utopia (UTO): real UN-list data, synthetic everything else, made once and reused.
use crate::state_for;
use anyhow::Context;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use limes_domain::{
    Agency, AgencyKind, AlertStatus, AuditEvent, Bcp, BcpKind, Direction, DocumentAlert, Outcome,
    RecommendationLevel, Role,
};
use limes_server::config::Config;
use limes_store::{Decision, NewCrossing, TravelDocument};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::Path;

/// The real UN Security Council consolidated list, embedded so the demo works from the binary alone.
pub const UN_LIST_XML: &[u8] =
    include_bytes!("../../../data/watchlists/un-consolidated-2026-02-27.xml");
pub const DOCUMENT_ALERTS: usize = 1_000_000;
const CREDENTIALS_FILE: &str = "demo-logins.txt";

pub struct DemoUser {
    pub username: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub agency: &'static str,
    pub bcps: &'static [&'static str],
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "officer",
        name: "Ana First-Line",
        role: Role::FirstLineOfficer,
        agency: "UBP",
        bcps: &["UTO-AIR-1", "UTO-LND-N1"],
    },
    DemoUser {
        username: "second",
        name: "Sam Second-Line",
        role: Role::SecondLineOfficer,
        agency: "UBP",
        bcps: &["UTO-AIR-1", "UTO-LND-N1"],
    },
    DemoUser {
        username: "analyst",
        name: "Rita Risk-Analyst",
        role: Role::Analyst,
        agency: "UBP",
        bcps: &[],
    },
    DemoUser {
        username: "supervisor",
        name: "Omar Supervisor",
        role: Role::Supervisor,
        agency: "UBP",
        bcps: &[],
    },
    DemoUser {
        username: "liaison",
        name: "Lena Liaison",
        role: Role::LiaisonOfficer,
        agency: "UIS",
        bcps: &[],
    },
    DemoUser {
        username: "admin",
        name: "Ada Administrator",
        role: Role::Administrator,
        agency: "UBP",
        bcps: &[],
    },
    DemoUser {
        username: "auditor",
        name: "Aurel Auditor",
        role: Role::Auditor,
        agency: "UIS",
        bcps: &[],
    },
    DemoUser {
        username: "customs",
        name: "Carla Customs",
        role: Role::FirstLineOfficer,
        agency: "UCS",
        bcps: &["UTO-SEA-1"],
    },
];

pub fn demo_bcps() -> Vec<Bcp> {
    let b = |code: &str, name: &str, kind, section: &str, neighbour: Option<&str>, lat, lon| Bcp {
        code: code.into(),
        name: name.into(),
        kind,
        border_section: section.into(),
        neighbour: neighbour.map(str::to_string),
        agency: "UBP".into(),
        latitude: Some(lat),
        longitude: Some(lon),
        active: true,
    };
    vec![
        b(
            "UTO-LND-N1",
            "Northgate Road Crossing",
            BcpKind::Land,
            "Northern land border",
            Some("DEU"),
            51.2,
            12.1,
        ),
        b(
            "UTO-LND-N2",
            "Northgate Rail Station",
            BcpKind::Land,
            "Northern land border",
            Some("DEU"),
            51.3,
            12.4,
        ),
        b(
            "UTO-LND-E1",
            "Eastbridge Crossing",
            BcpKind::Land,
            "Eastern land border",
            Some("POL"),
            50.9,
            14.9,
        ),
        b(
            "UTO-LND-S1",
            "Southpass Mountain Post",
            BcpKind::Land,
            "Southern land border",
            Some("CZE"),
            50.1,
            13.2,
        ),
        b(
            "UTO-AIR-1",
            "Utopia City International Airport",
            BcpKind::Air,
            "Air border",
            None,
            50.7,
            12.9,
        ),
        b(
            "UTO-AIR-2",
            "Port Morrow Regional Airport",
            BcpKind::Air,
            "Air border",
            None,
            49.8,
            11.6,
        ),
        b(
            "UTO-SEA-1",
            "Port Morrow Harbour",
            BcpKind::Sea,
            "Blue border — Morrow coast",
            None,
            49.6,
            11.4,
        ),
        b(
            "UTO-SEA-2",
            "Southbay Ferry Terminal",
            BcpKind::Sea,
            "Blue border — Southbay",
            None,
            49.4,
            12.2,
        ),
    ]
}

/// The ICAO 9303 check digit of an MRZ field, as a character.
pub fn check_digit(s: &str) -> char {
    limes_mrz::check_digit(s)
        .map(|d| char::from(b'0' + d))
        .unwrap_or('0')
}

fn mrz_name(s: &str) -> String {
    s.to_ascii_uppercase()
        .chars()
        .map(|c| if c.is_ascii_uppercase() { c } else { '<' })
        .collect()
}

fn pad(s: &str, n: usize) -> String {
    let mut s: String = s.chars().take(n).collect();
    while s.len() < n {
        s.push('<');
    }
    s
}

/// A passport, to write its MRZ.
pub struct Passport<'a> {
    pub issuer: &'a str,
    pub surname: &'a str,
    pub given: &'a str,
    pub number: &'a str,
    pub nationality: &'a str,
    pub birth: NaiveDate,
    pub sex: char,
    pub expiry: NaiveDate,
}

/// A passport (TD3) MRZ with correct check digits.
pub fn td3(p: &Passport<'_>) -> String {
    let Passport {
        issuer,
        surname,
        given,
        number,
        nationality,
        birth,
        sex,
        expiry,
    } = *p;
    let line1 = pad(
        &format!(
            "P<{}{}<<{}",
            pad(issuer, 3),
            mrz_name(surname),
            mrz_name(given)
        ),
        44,
    );
    let num = pad(number, 9);
    let dob = birth.format("%y%m%d").to_string();
    let exp = expiry.format("%y%m%d").to_string();
    let personal = pad("", 14);
    let mut line2 = format!(
        "{num}{}{}{dob}{}{sex}{exp}{}{personal}{}",
        check_digit(&num),
        pad(nationality, 3),
        check_digit(&dob),
        check_digit(&exp),
        check_digit(&personal)
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(check_digit(&composite));
    format!("{line1}\n{line2}")
}

pub struct Samples {
    pub clear: String,
    pub stolen: String,
    pub un_hit: String,
}

/// Travellers the demo (and its tests) can check: a clean one, a stolen passport, a UN-listed person.
pub fn samples(today: NaiveDate) -> Samples {
    let expiry = today + Duration::days(3 * 365);
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
    Samples {
        clear: td3(&Passport {
            issuer: "UTO",
            surname: "Eriksson",
            given: "Anna Maria",
            number: "L898902C3",
            nationality: "UTO",
            birth: d(1974, 8, 12),
            sex: 'F',
            expiry,
        }),
        stolen: td3(&Passport {
            issuer: "UTO",
            surname: "Berg",
            given: "Jonas",
            number: "UX4471208",
            nationality: "UTO",
            birth: d(1988, 2, 3),
            sex: 'M',
            expiry,
        }),
        // CDi.006 on the UN list (Democratic Republic of the Congo list), with his listed birth date.
        un_hit: td3(&Passport {
            issuer: "COD",
            surname: "Katanga",
            given: "Germain",
            number: "OB0193544",
            nationality: "COD",
            birth: d(1978, 4, 28),
            sex: 'M',
            expiry,
        }),
    }
}

pub(crate) const GIVEN: &[&str] = &[
    "ANNA", "JONAS", "MARIA", "PEDRO", "FATIMA", "AHMED", "OLGA", "IVAN", "MEI", "WEI", "AMINA",
    "KOFI", "SOFIA", "LUCA", "NOOR", "HASSAN", "ELIF", "MEHMET", "PRIYA", "ARJUN", "YUKI",
    "HIROSHI", "CHIDI", "NGOZI", "LARS", "INGRID", "JOSE", "CARMEN", "DMITRI", "NATALIA", "SARA",
    "DAVID", "LEILA", "OMAR", "ZANELE", "THABO", "MINH", "LINH", "EMMA", "NOAH",
];
pub(crate) const SURNAMES: &[&str] = &[
    "ERIKSSON",
    "NOVAK",
    "GARCIA",
    "SILVA",
    "RAHMAN",
    "HADDAD",
    "PETROVA",
    "IVANOV",
    "CHEN",
    "WANG",
    "OKAFOR",
    "MENSAH",
    "ROSSI",
    "BIANCHI",
    "KHAN",
    "YILMAZ",
    "DEMIR",
    "SHARMA",
    "PATEL",
    "TANAKA",
    "SATO",
    "ADEYEMI",
    "NILSEN",
    "HANSEN",
    "FERNANDEZ",
    "LOPEZ",
    "SOKOLOV",
    "KOWALSKA",
    "COHEN",
    "LEVI",
    "NAZARI",
    "MOKOENA",
    "DLAMINI",
    "NGUYEN",
    "TRAN",
    "MUELLER",
    "SCHMIDT",
    "DUBOIS",
    "MARTIN",
    "JANSEN",
];
pub(crate) const NATIONALITIES: &[&str] = &[
    "UTO", "UTO", "UTO", "UTO", "DEU", "POL", "CZE", "FRA", "ITA", "ESP", "GBR", "USA", "TUR",
    "IND", "CHN", "NGA", "BRA", "UKR", "EGY", "VNM", "ZAF", "JPN", "NLD", "SWE",
];

fn doc_number(rng: &mut StdRng) -> String {
    const CH: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    (0..9)
        .map(|i| {
            if i < 2 {
                CH[rng.gen_range(0..23)] as char
            } else {
                CH[rng.gen_range(23..CH.len())] as char
            }
        })
        .collect()
}

/// The synthetic document-alert register: deterministic, with the demo's stolen passport in it.
pub fn synthetic_alerts(n: usize) -> Vec<DocumentAlert> {
    let mut rng = StdRng::seed_from_u64(9303);
    let base = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    out.push(DocumentAlert {
        issuing_state: "UTO".into(),
        document_number: "UX4471208".into(),
        document_type: "P".into(),
        status: AlertStatus::Stolen,
        source: "UTO national register".into(),
        reason: "reported stolen with wallet, Utopia City police report 2025/1187".into(),
        reported_on: NaiveDate::from_ymd_opt(2025, 9, 14).unwrap_or_default(),
    });
    while out.len() < n {
        let status = match rng.gen_range(0..100) {
            0..=54 => AlertStatus::Lost,
            55..=84 => AlertStatus::Stolen,
            85..=91 => AlertStatus::Revoked,
            92..=97 => AlertStatus::Invalidated,
            _ => AlertStatus::StolenBlank,
        };
        let foreign = rng.gen_bool(0.45);
        out.push(DocumentAlert {
            issuing_state: if foreign {
                NATIONALITIES[rng.gen_range(4..NATIONALITIES.len())]
            } else {
                "UTO"
            }
            .into(),
            document_number: doc_number(&mut rng),
            document_type: if rng.gen_bool(0.7) { "P" } else { "I" }.into(),
            status,
            source: if foreign {
                "INTERPOL SLTD (copy)"
            } else {
                "UTO national register"
            }
            .into(),
            reason: String::new(),
            reported_on: base + Duration::days(rng.gen_range(0..3600)),
        });
    }
    out
}

/// The demo's database: the one given (e.g. `postgres://…`), else SQLite in the demo directory.
pub fn database_url(dir: &Path, database: Option<&str>) -> String {
    database
        .map(str::to_string)
        .unwrap_or_else(|| dir.join("limes.db").display().to_string())
}

pub async fn run(
    dir: &Path,
    database: Option<&str>,
    listen: &str,
    seed_only: bool,
    alerts: usize,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let cfg = Config {
        listen: listen.to_string(),
        database: database_url(dir, database),
        installation_name: "Limes demo — Utopia Border Police".into(),
        api_arrival_bcps: crate::demo_api::ARRIVAL_AIRPORTS
            .iter()
            .map(|(airport, bcp)| (airport.to_string(), bcp.to_string()))
            .collect(),
        api_inbox_dir: Some(dir.join("api-inbox").display().to_string()),
        ..Config::default()
    };
    let state = state_for(cfg).await?;
    let creds_path = dir.join(CREDENTIALS_FILE);
    let logins = if state.store.users().await?.is_empty() {
        seed(&state, &creds_path, alerts).await?
    } else {
        std::fs::read_to_string(&creds_path).unwrap_or_else(|_| "(logins file missing)".into())
    };
    let arrivals = crate::demo_api::ensure_todays_arrivals(&state).await?;
    let s = samples(state.clock.today());
    if arrivals > 0 {
        println!(
            "Advance passenger information: {arrivals} travellers on today's arrivals screened."
        );
    }
    println!("\nLimes demo — Utopia (UTO), data in {}\n", dir.display());
    println!("Open http://{listen}/ and sign in:\n{logins}");
    println!("MRZs to try at the check (paste, then Enter):\n-- clear --\n{}\n-- stolen passport --\n{}\n-- UN-listed person --\n{}\n", s.clear, s.stolen, s.un_hit);
    if seed_only {
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    limes_server::serve(state, listener).await
}

async fn seed(
    state: &limes_server::AppState,
    creds_path: &Path,
    alerts: usize,
) -> anyhow::Result<String> {
    let store = state.store.as_ref();
    let now = state.clock.now();
    let ev = |action: &str| AuditEvent::new(now, "demo-seed", action);
    println!("Creating the demo data (once)…");
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
                ev("agency.upsert"),
            )
            .await?;
    }
    for b in demo_bcps() {
        store.upsert_bcp(&b, ev("bcp.upsert")).await?;
    }

    let list =
        limes_screen::import::un_xml(UN_LIST_XML).map_err(|e| anyhow::anyhow!("UN list: {e}"))?;
    let n = limes_server::api::persist_watchlist(
        store,
        ev("watchlist.import"),
        &list,
        "un-consolidated-2026-02-27.xml",
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    state.screener.replace_list(list);
    println!("  UN consolidated list: {n} entries");

    let started = std::time::Instant::now();
    let alerts = synthetic_alerts(alerts);
    let n = store
        .import_document_alerts(alerts, true, ev("documents.import"))
        .await?;
    println!(
        "  document-alert register: {n} records ({:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let n = seed_crossings(state).await?;
    println!("  synthetic crossings: {n} over the last 21 days");

    // Users last: their existence marks a finished seed.
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
        let req = limes_server::api::NewUserRequest {
            username: u.username.into(),
            display_name: u.name.into(),
            role: u.role,
            agency: u.agency.into(),
            bcps: u.bcps.iter().map(|s| s.to_string()).collect(),
            password: password.clone(),
        };
        limes_server::api::add_user(state, "demo-seed", None, req)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
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
    let text = format!("{header}{lines}");
    write_private(creds_path, &text)?;
    Ok(text)
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

/// A few weeks of plausible traffic: travellers who come and go, some refused, some referred.
async fn seed_crossings(state: &limes_server::AppState) -> anyhow::Result<usize> {
    let mut rng = StdRng::seed_from_u64(2026);
    let today = state.clock.today();
    let travellers: Vec<TravelDocument> = (0..4000)
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
                document_number: doc_number(&mut rng),
                issuing_state: nat.into(),
                surname: SURNAMES[rng.gen_range(0..SURNAMES.len())].into(),
                given_names: GIVEN[rng.gen_range(0..GIVEN.len())].into(),
                nationality: nat.into(),
                birth_date: Some(birth),
                sex: Some(if rng.gen_bool(0.5) { "F" } else { "M" }.into()),
                expiry_date: Some(today + Duration::days(rng.gen_range(30..3600))),
            }
        })
        .collect();
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
                let t = travellers[rng.gen_range(0..travellers.len())].clone();
                let at = start
                    + Duration::days(day)
                    + Duration::seconds(rng.gen_range(5 * 3600..23 * 3600));
                let roll = rng.gen_range(0..1000);
                let (level, reasons, outcome, reason) = match roll {
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
                };
                let direction = if rng.gen_bool(0.5) {
                    Direction::Entry
                } else {
                    Direction::Exit
                };
                jobs.push((
                    bcp.code.clone(),
                    t,
                    at,
                    level,
                    reasons,
                    outcome,
                    reason,
                    direction,
                ));
            }
        }
    }
    jobs.sort_by_key(|j| j.2);
    let total = jobs.len();
    let officers = ["officer", "customs", "supervisor"];
    // Many writes in flight at once: the store commits them in groups.
    for chunk in jobs.chunks(512) {
        let futs = chunk
            .iter()
            .map(|(bcp, t, at, level, reasons, outcome, reason, direction)| {
                let store = state.store.clone();
                let officer = officers[t.document_number.len() % officers.len()];
                async move {
                    let mut e = AuditEvent::new(*at, officer, "check.run");
                    e.bcp = Some(bcp.clone());
                    e.purpose = Some("border check".into());
                    e.detail = "demo seed".into();
                    let c = store
                        .record_check(
                            NewCrossing {
                                bcp: bcp.clone(),
                                direction: *direction,
                                at: *at,
                                officer: officer.into(),
                                document: t.clone(),
                                input_method: "mrz".into(),
                                recommendation: *level,
                                reasons: reasons.clone(),
                                hit_count: 0,
                                alert_count: 0,
                                result_json: "{}".into(),
                            },
                            e.clone(),
                        )
                        .await?;
                    let decided = *at + Duration::seconds(40);
                    let mut d = AuditEvent::new(decided, officer, "check.decision");
                    d.subject = Some(format!("crossing:{}", c.id));
                    d.bcp = Some(bcp.clone());
                    store
                        .record_decision(
                            &c.id,
                            Decision {
                                outcome: *outcome,
                                refusal_reason: reason.map(str::to_string),
                                note: None,
                                officer: officer.into(),
                                second_line: false,
                                at: decided,
                            },
                            d,
                        )
                        .await?;
                    if *outcome == Outcome::ReferredSecondLine
                        && at.date_naive() < today - Duration::days(1)
                    {
                        let mut d2 = AuditEvent::new(
                            decided + Duration::minutes(25),
                            "second",
                            "check.second_line_decision",
                        );
                        d2.subject = Some(format!("crossing:{}", c.id));
                        let final_outcome = if t.document_number.ends_with('7') {
                            Outcome::Refused
                        } else {
                            Outcome::Admitted
                        };
                        store
                            .record_decision(
                                &c.id,
                                Decision {
                                    outcome: final_outcome,
                                    refusal_reason: (final_outcome == Outcome::Refused)
                                        .then(|| "E".to_string()),
                                    note: Some("demo: second-line interview".into()),
                                    officer: "second".into(),
                                    second_line: true,
                                    at: decided + Duration::minutes(25),
                                },
                                d2,
                            )
                            .await?;
                    }
                    Ok::<_, limes_store::StoreError>(())
                }
            });
        for r in futures::future::join_all(futs).await {
            r?;
        }
    }
    Ok(total)
}
