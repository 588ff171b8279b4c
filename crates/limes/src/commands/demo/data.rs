//! The demo's fictional state of Utopia: its agencies' users, its BCPs, the names its travellers bear and the
//! synthetic document-alert register; the real UN list it screens against.
use chrono::{Duration, NaiveDate};
use limes_domain::{AlertStatus, Bcp, BcpKind, DocumentAlert, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The real UN Security Council consolidated list, embedded so the demo works from the binary alone.
pub const UN_LIST_XML: &[u8] =
    include_bytes!("../../../../../data/watchlists/un-consolidated-2026-02-27.xml");
pub const DOCUMENT_ALERTS: usize = 1_000_000;

pub struct DemoUser {
    pub username: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub agency: &'static str,
    pub bcps: &'static [&'static str],
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "customs",
        name: "Cora Customs",
        role: Role::CustomsOfficer,
        agency: "UCS",
        bcps: &["UTO-LND-N1"],
    },
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
        username: "seaport",
        name: "Carla Seaport",
        role: Role::FirstLineOfficer,
        agency: "UBP",
        bcps: &["UTO-SEA-1"],
    },
    DemoUser {
        username: "patrol",
        name: "Pavel Patrol",
        role: Role::PatrolOfficer,
        agency: "UBP",
        bcps: &["UTO-LND-N1", "UTO-LND-E1"],
    },
    DemoUser {
        username: "hotline",
        name: "Hana Hotline",
        role: Role::HotlineHandler,
        agency: "UBP",
        bcps: &[],
    },
    DemoUser {
        username: "integrity",
        name: "Ivo Integrity",
        role: Role::InternalAffairs,
        agency: "UIS",
        bcps: &[],
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

pub const GIVEN: &[&str] = &[
    "ANNA", "JONAS", "MARIA", "PEDRO", "FATIMA", "AHMED", "OLGA", "IVAN", "MEI", "WEI", "AMINA",
    "KOFI", "SOFIA", "LUCA", "NOOR", "HASSAN", "ELIF", "MEHMET", "PRIYA", "ARJUN", "YUKI",
    "HIROSHI", "CHIDI", "NGOZI", "LARS", "INGRID", "JOSE", "CARMEN", "DMITRI", "NATALIA", "SARA",
    "DAVID", "LEILA", "OMAR", "ZANELE", "THABO", "MINH", "LINH", "EMMA", "NOAH",
];
pub const SURNAMES: &[&str] = &[
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
pub const NATIONALITIES: &[&str] = &[
    "UTO", "UTO", "UTO", "UTO", "DEU", "POL", "CZE", "FRA", "ITA", "ESP", "GBR", "USA", "TUR",
    "IND", "CHN", "NGA", "BRA", "UKR", "EGY", "VNM", "ZAF", "JPN", "NLD", "SWE",
];

/// A random document number: two letters and seven digits.
pub fn doc_number(rng: &mut StdRng) -> String {
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
