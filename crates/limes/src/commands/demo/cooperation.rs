//! The demo's cooperation: agreements with two neighbours of different scope (Germany: vehicles and document
//! alerts for border control and crime prevention; Poland: VINs only, for border control), a hot pursuit under
//! way towards Germany, an open request for assistance to Poland, a week of hotline reports (most with a sealed
//! reporter; one on the integrity channel) and the directory of Utopia's counterparts across the border.
use chrono::{Datelike, Duration, NaiveDate};
use limes_app::cooperation::hotline::{submit_report, ReportChange, ReportSubmission};
use limes_app::cooperation::{agreements, directory, hotline, requests};
use limes_app::{Actor, App};
use limes_domain::cooperation::{
    AgreementScope, ExchangeAgreement, HandlingCodes, LiaisonContact, NotificationKind, Partner,
    ReportCategory, ReportPriority, ReporterIdentity, RequestContents, RequestType, SealedChannel,
    Triage,
};
use limes_domain::FixedClock;
use std::sync::Arc;

const SEED: Actor<'static> = Actor::Operator("demo-seed");

fn scope(record_type: &str, fields: &[&str]) -> AgreementScope {
    AgreementScope {
        record_type: record_type.into(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
}

/// A demo report: days ago, hour, account, location, the reporter's name and telephone if given, its channel.
type DemoReport = (
    i64,
    u32,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
    SealedChannel,
);

const REPORTS: &[DemoReport] = &[
    (
        6,
        22,
        "Two vans without lights unloading boxes by the old quarry, north of the Northgate road.",
        "Old quarry, Northgate",
        Some(("Marta Lindqvist", "+999 555 0141")),
        SealedChannel::Hotline,
    ),
    (
        6,
        9,
        "A boat crosses the lake every night around 2 a.m. and lands at the reed beds.",
        "Lake shore, east",
        None,
        SealedChannel::Hotline,
    ),
    (
        5,
        17,
        "A man offers rides across the mountain for money at the Southpass bus stop.",
        "Southpass bus stop",
        Some(("Tomas Ferreira", "+999 555 0177")),
        SealedChannel::Hotline,
    ),
    (
        4,
        11,
        "Young women brought in a minibus to the motel on route 4, kept inside.",
        "Route 4 motel",
        Some(("Aisha Rahman", "+999 555 0102")),
        SealedChannel::Hotline,
    ),
    (
        3,
        20,
        "Shots heard near the eastern fence; a pickup drove off towards the forest road.",
        "Eastbridge forest road",
        None,
        SealedChannel::Hotline,
    ),
    (
        2,
        8,
        "The same vans again at the quarry, a trailer with foreign plates this time.",
        "Old quarry, Northgate",
        Some(("Marta Lindqvist", "+999 555 0141")),
        SealedChannel::Hotline,
    ),
    (
        1,
        15,
        "An officer at the truck lane asks drivers for cash to skip the queue.",
        "Northgate Road Crossing, truck lane",
        Some(("Piotr Zielinski", "+999 555 0190")),
        SealedChannel::Integrity,
    ),
    (
        0,
        7,
        "Cigarettes sold in cartons from a garage next to the rail station.",
        "Northgate Rail Station",
        Some(("Jonas Weber", "+999 555 0133")),
        SealedChannel::Hotline,
    ),
];

/// Seed it all; returns (agreements, hotline and integrity reports, directory entries).
pub async fn seed(state: &App) -> anyhow::Result<(usize, usize, usize)> {
    let now = state.clock.now();
    let today = now.date_naive();
    let year_end = NaiveDate::from_ymd_opt(today.year(), 12, 31);
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(today);
    let agreements = [
        ExchangeAgreement {
            id: "UTO-DEU-2025-01".into(),
            title: "Utopia–Germany border security exchange".into(),
            partner: Partner::State("DEU".into()),
            scopes: vec![
                scope(
                    "stolen_vehicle",
                    &["vin", "plate", "country", "make", "model", "colour"],
                ),
                scope(
                    "document_alert",
                    &[
                        "document_number",
                        "issuing_state",
                        "document_type",
                        "status",
                    ],
                ),
                scope("hotline_lead", &["category", "area", "summary"]),
            ],
            purposes: vec!["border_control".into(), "crime_prevention".into()],
            retention_days: 180,
            handling: HandlingCodes {
                classification: "restricted".into(),
                no_onward_sharing_without_consent: true,
            },
            valid_from: start,
            valid_until: None,
        },
        ExchangeAgreement {
            id: "UTO-POL-2026-01".into(),
            title: "Utopia–Poland stolen-vehicle exchange".into(),
            partner: Partner::State("POL".into()),
            scopes: vec![scope("stolen_vehicle", &["vin"])],
            purposes: vec!["border_control".into()],
            retention_days: 30,
            handling: HandlingCodes {
                classification: "unclassified".into(),
                no_onward_sharing_without_consent: true,
            },
            valid_from: start,
            valid_until: year_end,
        },
    ];
    for a in agreements.iter().cloned() {
        agreements::save_agreement(state, SEED, a).await?;
    }

    let mut reports = 0;
    let mut first_hotline: Option<String> = None;
    for (days, hour, account, location, reporter, channel) in REPORTS {
        let at = (now - Duration::days(*days))
            .date_naive()
            .and_hms_opt(*hour, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(now);
        let mut past = state.clone();
        past.clock = Arc::new(FixedClock::new(at.min(now)));
        let receipt = submit_report(
            &past,
            SEED,
            *channel,
            ReportSubmission {
                account: account.to_string(),
                location: location.to_string(),
                language: "en".into(),
                reporter: reporter.map(|(name, telephone)| ReporterIdentity {
                    name: name.into(),
                    telephone: telephone.into(),
                    ..Default::default()
                }),
            },
            None,
        )
        .await?;
        reports += 1;
        if *channel == SealedChannel::Hotline && *days >= 5 {
            hotline::change_report(
                &past,
                SEED,
                *channel,
                &receipt.id,
                ReportChange::Triage(Triage {
                    priority: ReportPriority::High,
                    category: ReportCategory::Smuggling,
                    area: location.to_string(),
                    actionable: true,
                }),
            )
            .await?;
            match &first_hotline {
                None => first_hotline = Some(receipt.id.clone()),
                Some(first) if *days == 6 => {
                    hotline::change_report(
                        &past,
                        SEED,
                        *channel,
                        &receipt.id,
                        ReportChange::Link {
                            other: first.clone(),
                        },
                    )
                    .await?;
                }
                _ => {}
            }
        }
    }

    requests::create_request(
        state,
        SEED,
        requests::NewRequest {
            request_type: RequestType::ControlledDelivery,
            partner: Partner::State("POL".into()),
            contents: RequestContents {
                requesting_authority: "Utopia Border Police, central contact unit".into(),
                measure_requested: "Controlled delivery of a container through Eastbridge".into(),
                object_and_reason:
                    "Container of machine parts suspected to hide firearm components".into(),
                legal_provisions: "Utopia–Poland police cooperation agreement, art. 12".into(),
                persons_or_objects: "Container MSKU 704512-3, truck WX 55120".into(),
                facts:
                    "Risk profile hit on the cargo manifest; the consignee is under investigation"
                        .into(),
            },
            deadline: now + Duration::days(3),
        },
    )
    .await?;
    requests::notify(
        state,
        SEED,
        requests::NewNotification {
            kind: NotificationKind::HotPursuit,
            partner: Partner::State("DEU".into()),
            unit: "Patrol N-3".into(),
            description: "Grey van that ran the Northgate check, heading north on the B95".into(),
            crossing_at: now + Duration::minutes(10),
            authorisation_reference: None,
        },
    )
    .await?;

    let contacts = [
        (
            "Kommissarin Anna Berg",
            "Bundespolizei",
            "DEU",
            "UTO-LND-N1",
            "Chief inspector",
            &["de", "en"][..],
            "24/7",
            "telephone: +49 351 000 100; radio: BOS channel 7",
        ),
        (
            "Polizeihauptmeister Jan Vogel",
            "Bundespolizei",
            "DEU",
            "UTO-LND-N2",
            "Senior officer",
            &["de"][..],
            "06:00–22:00",
            "telephone: +49 351 000 200",
        ),
        (
            "Komisarz Ewa Nowak",
            "Straż Graniczna",
            "POL",
            "UTO-LND-E1",
            "Commissioner",
            &["pl", "en", "de"][..],
            "24/7",
            "telephone: +48 75 000 300; e-mail: cooperation@example.pl",
        ),
        (
            "Npor. Petr Dvořák",
            "Policie ČR",
            "CZE",
            "UTO-LND-S1",
            "Lieutenant",
            &["cs", "en"][..],
            "07:00–19:00",
            "telephone: +420 475 000 400",
        ),
    ];
    for (name, agency, country, facing, rank, languages, hours, channels) in contacts {
        directory::save_contact(
            state,
            SEED,
            LiaisonContact {
                id: String::new(),
                name: name.into(),
                agency: agency.into(),
                country: country.into(),
                bcp: None,
                facing_bcp: Some(facing.into()),
                rank: rank.into(),
                languages: languages.iter().map(|l| l.to_string()).collect(),
                hours: hours.into(),
                channels: channels.split("; ").map(str::to_string).collect(),
                posting: String::new(),
            },
        )
        .await?;
    }
    directory::save_contact(
        state,
        SEED,
        LiaisonContact {
            id: String::new(),
            name: "Inspector Lena Okafor".into(),
            agency: "Utopia Border Police".into(),
            country: "DEU".into(),
            bcp: None,
            facing_bcp: None,
            rank: "Liaison officer".into(),
            languages: vec!["en".into(), "de".into()],
            hours: "08:00–17:00".into(),
            channels: vec!["telephone: +49 30 000 500".into()],
            posting: "Utopia's liaison officer posted to Berlin until 2027".into(),
        },
    )
    .await?;
    Ok((agreements.len(), reports, contacts.len() + 1))
}
