//! The demo's small arms: Utopia's Ministry of Defence as an issuer of this installation, two export
//! authorisations of rifles and pistols to a German police end user, one consignment that matches its
//! authorisation (released) and one that does not (a serial missing, a calibre wrong: impounded), the impounded
//! weapons inventoried and handed over to the customs secure store, confirmed by a second officer.
use limes_app::salw::IssuerInput;
use limes_app::{Actor, App};
use limes_domain::salw::{
    Authorisation, Consignment, ImportMarking, InventoryItem, Party, PresentedWeapon, Route,
    StorageKind, TransferKind, WeaponLine,
};

const BCP: &str = "UTO-LND-N1";

fn party(name: &str, country: &str, address: &str) -> Party {
    Party {
        name: name.into(),
        country: country.into(),
        address: address.into(),
    }
}

fn authorisation(number: &str, today: chrono::NaiveDate) -> Authorisation {
    let serials = |prefix: &str, from: u32, n: u32| -> Vec<String> {
        (from..from + n)
            .map(|i| format!("{prefix}{i:06}"))
            .collect()
    };
    Authorisation {
        kind: TransferKind::Export,
        issuer: "UTO-MOD".into(),
        number: number.into(),
        valid_from: today - chrono::Duration::days(30),
        valid_until: today + chrono::Duration::days(150),
        exporter: party(
            "Utopia Arms Works Ltd",
            "UTO",
            "12 Foundry Road, Utopia City",
        ),
        consignee: party(
            "Polizei-Logistikzentrum Sachsen",
            "DEU",
            "Dresdner Str. 4, Leipzig",
        ),
        end_user: party("Polizei Sachsen", "DEU", "Dresden"),
        end_use_certificate: format!("DEU-EUC-2026-{}", &number[number.len() - 4..]),
        broker: None,
        route: Route {
            export_country: "UTO".into(),
            transit_countries: vec![],
            import_country: "DEU".into(),
            bcps: vec![BCP.into()],
        },
        lines: vec![
            WeaponLine {
                weapon_type: "rifle".into(),
                make: "Utopia Arms Works".into(),
                model: "UAW-7".into(),
                calibre: "7.62x51".into(),
                quantity: 12,
                serials: serials("UAW7-", 4100, 12),
            },
            WeaponLine {
                weapon_type: "pistol".into(),
                make: "Utopia Arms Works".into(),
                model: "UAW P9".into(),
                calibre: "9x19".into(),
                quantity: 8,
                serials: serials("P9-", 88010, 8),
            },
        ],
        signature: None,
    }
}

fn presented(a: &Authorisation) -> Vec<PresentedWeapon> {
    a.lines
        .iter()
        .flat_map(|l| {
            l.serials.iter().map(|s| PresentedWeapon {
                weapon_type: l.weapon_type.clone(),
                make: l.make.clone(),
                model: l.model.clone(),
                calibre: l.calibre.clone(),
                serial: s.clone(),
                marked: true,
            })
        })
        .collect()
}

fn consignment(a: &Authorisation, weapons: Vec<PresentedWeapon>) -> Consignment {
    Consignment {
        authorisation_issuer: a.issuer.clone(),
        authorisation_number: a.number.clone(),
        bcp: BCP.into(),
        exporter: a.exporter.name.clone(),
        consignee: a.consignee.name.clone(),
        end_user: a.end_user.name.clone(),
        export_country: "UTO".into(),
        import_country: "DEU".into(),
        weapons,
    }
}

/// Seed the small-arms demo; the number of authorisations and of impoundments.
pub async fn seed(app: &App) -> anyhow::Result<(usize, usize)> {
    let authority = Actor::Operator("demo-seed");
    let today = app.clock.now().date_naive();
    limes_app::salw::put_issuer(
        app,
        authority,
        IssuerInput {
            code: "UTO-MOD".into(),
            name: "Ministry of Defence of Utopia, Export Control Office".into(),
            country: "UTO".into(),
            issued_in_limes: true,
            public_key: None,
            active: true,
        },
    )
    .await?;
    let matching = authorisation("UTO-EX-2026-0042", today);
    let mismatching = authorisation("UTO-EX-2026-0057", today);
    for a in [&matching, &mismatching] {
        limes_app::salw::register_authorisation(app, authority, a.clone()).await?;
    }
    // The matching consignment is released.
    limes_app::salw::verify(app, authority, consignment(&matching, presented(&matching))).await?;
    // The other: one rifle's serial missing, a pistol of another calibre.
    let mut weapons = presented(&mismatching);
    weapons.remove(3);
    if let Some(p) = weapons.iter_mut().find(|w| w.weapon_type == "pistol") {
        p.calibre = "9x21".into();
    }
    let report =
        limes_app::salw::verify(app, authority, consignment(&mismatching, weapons.clone())).await?;
    let Some(id) = report.impoundment else {
        anyhow::bail!("the mismatching demo consignment was not impounded");
    };
    // The customs inventory, counted independently of the documents, with the import marking.
    let items: Vec<InventoryItem> = weapons
        .iter()
        .map(|w| InventoryItem {
            weapon_type: w.weapon_type.clone(),
            make: w.make.clone(),
            model: w.model.clone(),
            calibre: w.calibre.clone(),
            serial: w.serial.clone(),
            country_of_manufacture: "UTO".into(),
            country_of_last_import: String::new(),
            import_marking: None,
        })
        .collect();
    let marked: Vec<InventoryItem> = items
        .into_iter()
        .map(|mut i| {
            if i.weapon_type == "pistol" {
                i.import_marking = Some(ImportMarking {
                    country: "UTO".into(),
                    year: 2024,
                });
            }
            i
        })
        .collect();
    let serials: Vec<String> = marked.iter().map(|i| i.serial.clone()).collect();
    limes_app::salw::take_inventory(app, Actor::Operator("customs-demo"), &id, marked).await?;
    let handed = limes_app::salw::start_handover(
        app,
        Actor::Operator("customs-demo"),
        &id,
        StorageKind::SecureStore,
        "Customs secure store, Northgate",
        serials.clone(),
    )
    .await?;
    if let Some(h) = handed.impoundment.pending_handover() {
        let h = h.id.clone();
        limes_app::salw::confirm_handover(
            app,
            Actor::Operator("storekeeper-demo"),
            &id,
            &h,
            serials,
        )
        .await?;
    }
    limes_app::salw::set_seizure_reference(
        app,
        Actor::Operator("customs-demo"),
        &id,
        "UTO-SZ-2026-0113",
    )
    .await?;
    Ok((2, 1))
}
