//! `limes bench salw`: the verification of a consignment of N weapons (500 by default) against its
//! authorisation, on one core — signature checked, every serial and description compared line by line; the
//! p50 and p99 latency against the target of 50 ms.
use super::measure::percentile;
use limes_domain::salw::{
    verify_consignment, Authorisation, Consignment, Issuer, Party, PresentedWeapon, Route,
    TransferKind, VerificationContext, VerificationOutcome, WeaponLine,
};
use std::time::Instant;

/// The target for a 500-weapon consignment (issue 15).
const TARGET_MS: f64 = 50.0;

fn party(name: &str, country: &str) -> Party {
    Party {
        name: name.into(),
        country: country.into(),
        address: String::new(),
    }
}

/// An authorisation of `weapons` weapons in lines of 50, signed, and the consignment that matches it as an
/// officer writes it (calibres and models with other separators).
fn sample(weapons: usize) -> (Authorisation, Issuer, Consignment) {
    let key = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    let lines: Vec<WeaponLine> = (0..weapons.div_ceil(50))
        .map(|l| {
            let n = (weapons - l * 50).min(50);
            WeaponLine {
                weapon_type: if l % 2 == 0 {
                    "assault rifle"
                } else {
                    "pistol"
                }
                .into(),
                make: format!("Maker {l}"),
                model: format!("M-{l}"),
                calibre: if l % 2 == 0 { "7.62x39" } else { "9x19" }.into(),
                quantity: n as u32,
                serials: (0..n).map(|i| format!("SN-{l:03}-{i:05}")).collect(),
            }
        })
        .collect();
    let mut a = Authorisation {
        kind: TransferKind::Export,
        issuer: "UTO-MOD".into(),
        number: "BENCH-1".into(),
        valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        valid_until: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
        exporter: party("Utopia Arms Works", "UTO"),
        consignee: party("Consignee GmbH", "DEU"),
        end_user: party("Polizei Sachsen", "DEU"),
        end_use_certificate: "EUC-1".into(),
        broker: None,
        route: Route {
            export_country: "UTO".into(),
            transit_countries: vec![],
            import_country: "DEU".into(),
            bcps: vec![],
        },
        lines,
        signature: None,
    };
    a.sign(&key);
    let issuer = Issuer {
        code: "UTO-MOD".into(),
        name: "Ministry of Defence".into(),
        country: "UTO".into(),
        public_key: Some(limes_domain::audit_checkpoint::public_key_hex(
            &key.verifying_key(),
        )),
        specimens: vec![],
        active: true,
    };
    let weapons = a
        .lines
        .iter()
        .flat_map(|l| {
            l.serials.iter().map(|s| PresentedWeapon {
                weapon_type: l.weapon_type.clone(),
                make: l.make.clone(),
                model: l.model.replace('-', " "),
                calibre: l.calibre.replace('.', ",").replace('x', " × ") + " mm",
                serial: s.clone(),
                marked: true,
            })
        })
        .collect();
    let c = Consignment {
        authorisation_issuer: a.issuer.clone(),
        authorisation_number: a.number.clone(),
        bcp: "UTO-LND-N1".into(),
        exporter: a.exporter.name.clone(),
        consignee: a.consignee.name.clone(),
        end_user: a.end_user.name.clone(),
        export_country: "UTO".into(),
        import_country: "DEU".into(),
        weapons,
    };
    (a, issuer, c)
}

pub fn run(weapons: usize, runs: usize) -> anyhow::Result<()> {
    let (a, issuer, c) = sample(weapons);
    let ctx = VerificationContext {
        today: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default(),
        state_country: "UTO",
        embargoed: &[],
        sanctions: &[],
    };
    let first = verify_consignment(&c, Some(&a), Some(&issuer), &ctx);
    if first.outcome != VerificationOutcome::Release {
        anyhow::bail!(
            "the benchmark consignment does not match: {:?}",
            first.grounds
        );
    }
    let mut latencies_ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let one = Instant::now();
        let v = verify_consignment(&c, Some(&a), Some(&issuer), &ctx);
        latencies_ms.push(one.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(v);
    }
    latencies_ms.sort_by(f64::total_cmp);
    let p50 = percentile(&latencies_ms, 0.5);
    let p99 = percentile(&latencies_ms, 0.99);
    println!(
        "{{\"bench\":\"salw\",\"weapons\":{weapons},\"runs\":{runs},\"p50_ms\":{p50:.3},\"p99_ms\":{p99:.3},\"target_ms\":{TARGET_MS},\"met\":{}}}",
        p99 <= TARGET_MS
    );
    Ok(())
}
