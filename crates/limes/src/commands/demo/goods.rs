//! The demo's goods traffic: the single window's routing for Utopia (customs, the small-arms authority for HS
//! chapter 93, veterinary and phytosanitary services by chapter), three selectivity rules, a day of trucks at
//! the land BCPs lodged by a broker (declarations built from real HS codes), a few that the rules select, and
//! one inspection that found arms, waiting for its seizure record.
use chrono::{DateTime, Utc};
use limes_app::goods::GoodsConfig;
use limes_app::{Actor, App};
use limes_domain::goods::{
    Container, Declaration, DeclarationFormat, DeclarationFunction, GoodsItem, Money, Party,
    Totals, TransportMeans,
};
use limes_domain::goods_flow::{RoutingEntry, RoutingTable};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Real HS subheadings with a plain description, a usual value per kg (EUR) and a mass range per package (kg).
const GOODS: &[(&str, &str, f64, f64)] = &[
    ("847130", "Portable computers", 400.0, 12.0),
    ("851762", "Network switches and routers", 250.0, 8.0),
    ("870899", "Motor vehicle parts", 12.0, 40.0),
    ("620342", "Men's cotton trousers", 25.0, 15.0),
    ("640399", "Leather footwear", 35.0, 10.0),
    ("090111", "Coffee, not roasted", 4.0, 60.0),
    ("080390", "Bananas, fresh", 1.0, 18.0),
    ("020130", "Boneless beef, fresh", 9.0, 25.0),
    ("240220", "Cigarettes containing tobacco", 60.0, 10.0),
    ("300490", "Medicaments, packaged", 120.0, 5.0),
    ("940360", "Wooden furniture", 6.0, 30.0),
    ("392321", "Polyethylene bags", 3.0, 20.0),
];

const LAND_BCPS: &[&str] = &["UTO-LND-N1", "UTO-LND-N2", "UTO-LND-E1", "UTO-LND-S1"];
const COUNTRIES: &[&str] = &["TR", "DE", "CN", "PL", "RO", "BG", "GR", "IT"];

/// The demo installation's `[goods]`: Utopia Customs Service and its partner agencies.
pub fn demo_config() -> GoodsConfig {
    let entry = |agency: &str, prefixes: &[&str]| RoutingEntry {
        agency: agency.into(),
        hs_prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
        procedures: Vec::new(),
    };
    let mut config = GoodsConfig {
        routing: RoutingTable {
            customs: "UCS".into(),
            entries: vec![
                entry("SALW", &["93"]),
                entry("VET", &["01", "02", "03", "04", "05"]),
                entry("PHYTO", &["06", "07", "08", "09", "10", "12"]),
            ],
        },
        ..GoodsConfig::default()
    };
    config.value_norms = GOODS
        .iter()
        .map(|(code, _, per_kg, _)| (code.to_string(), *per_kg))
        .collect();
    config
}

fn rules() -> Vec<serde_json::Value> {
    vec![
        serde_json::json!({"id": "ARMS-1", "version": 1, "name": "Arms and ammunition", "lane": "red",
            "weight": 100, "valid_from": "2026-01-01T00:00:00Z", "when": [{"hs_prefix": ["93"]}]}),
        serde_json::json!({"id": "TOBACCO-VALUE", "version": 1, "name": "Cigarettes declared far below value",
            "lane": "yellow", "weight": 100, "valid_from": "2026-01-01T00:00:00Z",
            "when": [{"hs_prefix": ["2402"]}, {"value_below_norm": {"ratio": 0.5}}]}),
        serde_json::json!({"id": "SEALS-1", "version": 1, "name": "Container without seal or with a bad number",
            "lane": "red", "weight": 100, "valid_from": "2026-01-01T00:00:00Z", "when": ["container_anomaly"]}),
    ]
}

fn party(id: &str, name: &str, country: &str) -> Option<Party> {
    Some(Party {
        id: Some(id.into()),
        name: Some(name.into()),
        country: Some(country.into()),
    })
}

/// A truck's declaration of `items` goods items at `bcp`.
pub fn truck(rng: &mut StdRng, n: usize, bcp: &str, items: usize) -> Declaration {
    let mut d = Declaration::new(
        DeclarationFormat::Json,
        DeclarationFunction::Original,
        format!("UT-DEMO-{n:05}"),
    );
    let from = COUNTRIES[rng.gen_range(0..COUNTRIES.len())];
    d.declaration_type = "IMA".into();
    d.office = Some(bcp.into());
    d.declarant = party("UTBRK0001", "Utopia Border Brokers", "UT");
    d.importer = party(
        &format!("UT{:06}", rng.gen_range(1..400)),
        "Utopian importer",
        "UT",
    );
    d.exporter = party(
        &format!("{from}EXP{:04}", rng.gen_range(1..200)),
        "Exporter",
        from,
    );
    d.export_country = Some(from.into());
    d.destination_country = Some("UT".into());
    d.transport = TransportMeans {
        mode: Some("road".into()),
        identity: Some(format!(
            "{from}-{:03}-{}{}",
            rng.gen_range(100..999),
            char::from(b'A' + rng.gen_range(0..26u8)),
            char::from(b'A' + rng.gen_range(0..26u8))
        )),
        nationality: Some(from.into()),
    };
    d.containers = vec![Container {
        id: "CSQU3054383".into(),
        seals: vec![format!("S{:07}", rng.gen_range(0..9_999_999))],
    }];
    for sequence in 1..=items {
        let (code, description, per_kg, per_package) = GOODS[rng.gen_range(0..GOODS.len())];
        let packages: u32 = rng.gen_range(1..40);
        let net = f64::from(packages) * per_package;
        d.items.push(GoodsItem {
            sequence: sequence as u32,
            commodity_code: Some(code.into()),
            description: Some(description.into()),
            origin_country: Some(from.into()),
            packages: Some(packages),
            package_type: Some("CT".into()),
            gross_mass_kg: Some(net * 1.05),
            net_mass_kg: Some(net),
            procedure: Some("4000".into()),
            value: Some(Money {
                amount: (net * per_kg * rng.gen_range(0.8..1.3)).round(),
                currency: "EUR".into(),
            }),
            ..GoodsItem::default()
        });
    }
    d.totals = Totals {
        items: d.items.len() as u32,
        packages: d.items.iter().map(|i| i.packages).sum(),
        gross_mass_kg: d.items.iter().map(|i| i.gross_mass_kg).sum(),
    };
    d
}

/// The rules, a day of trucks (`trucks` declarations) and the one find; the number of declarations lodged.
pub async fn seed(state: &App, trucks: usize, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let analyst = Actor::Operator("demo-analyst");
    for rule in rules() {
        limes_app::goods::rules::save_rule(state, analyst, rule).await?;
    }
    let mut rng = StdRng::seed_from_u64(now.timestamp() as u64);
    let mut declarations: Vec<Declaration> = (0..trucks)
        .map(|n| {
            let bcp = LAND_BCPS[n % LAND_BCPS.len()];
            let items = rng.gen_range(1..6);
            truck(&mut rng, n, bcp, items)
        })
        .collect();
    // A few for the rules: cigarettes at a tenth of their value, a container without its seal, and arms
    // hidden among furniture (the find waiting for its seizure record).
    if let Some(d) = declarations.get_mut(7) {
        d.items[0].commodity_code = Some("240220".into());
        d.items[0].description = Some("Cigarettes containing tobacco".into());
        let mass = d.items[0].net_mass_kg;
        if let (Some(v), Some(m)) = (d.items[0].value.as_mut(), mass) {
            v.amount = (m * 6.0).round();
        }
    }
    if let Some(d) = declarations.get_mut(11) {
        d.containers[0].seals.clear();
    }
    let arms_reference = declarations.get_mut(3).map(|d| {
        d.office = Some("UTO-LND-N1".into());
        d.items.push(GoodsItem {
            sequence: d.items.len() as u32 + 1,
            commodity_code: Some("930200".into()),
            description: Some("Revolvers and pistols".into()),
            origin_country: d.export_country.clone(),
            packages: Some(1),
            package_type: Some("CT".into()),
            gross_mass_kg: Some(14.0),
            net_mass_kg: Some(12.0),
            procedure: Some("4000".into()),
            ..GoodsItem::default()
        });
        d.totals.items = d.items.len() as u32;
        d.totals.packages = d.items.iter().map(|i| i.packages).sum();
        d.totals.gross_mass_kg = d.items.iter().map(|i| i.gross_mass_kg).sum();
        d.reference.clone()
    });
    let broker = Actor::Operator("demo-broker");
    let mut lodged = 0;
    for chunk in declarations.chunks(50) {
        let report = limes_app::goods::intake::lodge(state, broker, "demo", chunk.to_vec()).await?;
        lodged += report.accepted();
    }
    if let Some(reference) = arms_reference {
        if let Some(d) = state
            .store
            .declaration_by_reference("demo-broker", &reference)
            .await?
        {
            let inspection = state.store.inspections_of(&d.id).await?.into_iter().next();
            if let Some(i) = inspection {
                limes_app::goods::inspections::record_result(
                    state,
                    Actor::Operator("demo-customs"),
                    &i.id,
                    limes_app::goods::inspections::ResultForm {
                        found: true,
                        what: Some("6 revolvers, 2 pistols, not on the licence".into()),
                        location: Some(
                            "inside two furniture cartons, rear of the container".into(),
                        ),
                        note: Some("Seal intact; driver cooperative.".into()),
                        seals_intact: Some(true),
                    },
                )
                .await?;
            }
        }
    }
    Ok(lodged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_rules_read_and_the_trucks_are_consistent() {
        for rule in rules() {
            assert!(limes_rules::goods::parse_goods_rule(rule).is_ok());
        }
        let mut rng = StdRng::seed_from_u64(1);
        let d = truck(&mut rng, 1, "UTO-LND-N1", 4);
        assert_eq!(d.items.len(), 4);
        assert!(d.totals_warnings().is_empty(), "{:?}", d.totals_warnings());
        let routed = demo_config().routing.route(&d);
        assert_eq!(routed[0].agency, "UCS");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_demo_day_selects_a_few_and_leaves_one_find_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = limes_app::Config {
            database: dir.path().join("limes.db").display().to_string().into(),
            goods: demo_config(),
            ..limes_app::Config::default()
        };
        let state = crate::common::app_for(cfg).await.unwrap();
        let now = state.clock.now();
        assert_eq!(seed(&state, 20, now).await.unwrap(), 20);
        let stats = state.store.goods_rule_stats().await.unwrap();
        let of = |id: &str| {
            stats
                .iter()
                .find(|s| s.rule_id == id)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(
            (of("ARMS-1").selected, of("ARMS-1").found),
            (1, 1),
            "{stats:?}"
        );
        assert!(of("TOBACCO-VALUE").selected >= 1, "{stats:?}");
        assert_eq!(of("SEALS-1").selected, 1, "{stats:?}");
    }
}
