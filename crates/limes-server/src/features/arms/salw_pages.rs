//! The small-arms pages: the verification screen for the customs officer with the consignment in front of them
//! (release or impound at a glance, with every ground), the impoundments with their inventory and custody chain
//! (count differences shown as incidents), and the register of transfer authorisations.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, State};
use axum::{Extension, Form};
use limes_app::salw::VerificationReport;
use limes_domain::salw::{Consignment, Ground};
use limes_i18n::Language;
use limes_store::salw::{AuthorisationRecord, StoredImpoundment};
use serde::Deserialize;

/// One ground as the page shows it: its name in the officer's language and where it was found.
pub struct GroundRow {
    pub label: String,
    pub line: String,
    pub weapon: String,
    pub subject: String,
    pub expected: String,
    pub found: String,
}

fn rows(lang: Language, grounds: &[Ground]) -> Vec<GroundRow> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    grounds
        .iter()
        .map(|g| GroundRow {
            label: limes_i18n::t(
                lang,
                &format!("salw-ground-{}", g.code.as_str().replace('_', "-")),
            ),
            line: number(g.line),
            weapon: number(g.weapon),
            subject: text(&g.subject),
            expected: text(&g.expected),
            found: text(&g.found),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "arms/salw_verify.html")]
struct VerifyPage {
    layout: Layout,
    report: Option<VerificationReport>,
    grounds: Vec<GroundRow>,
}

/// The verification form as the page posts it.
#[derive(Deserialize)]
pub struct VerifyForm {
    pub bcp: Option<String>,
    pub issuer: String,
    pub number: String,
    #[serde(default)]
    pub exporter: String,
    #[serde(default)]
    pub consignee: String,
    #[serde(default)]
    pub end_user: String,
    pub export_country: String,
    pub import_country: String,
    /// One weapon a line: `type; make; model; calibre; serial`.
    #[serde(default)]
    pub weapons: String,
}

fn title(who: &Principal, key: &str) -> String {
    limes_i18n::t(who.language, key)
}

pub async fn verify_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    Ok(render(&VerifyPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "salw-verify-heading"),
            "/arms/salw/verify",
        ),
        report: None,
        grounds: vec![],
    }))
}

pub async fn submit_verification(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<VerifyForm>,
) -> PageResult {
    let weapons = limes_app::salw::parse_weapon_lines(&f.weapons).map_err(with(&who))?;
    let consignment = Consignment {
        authorisation_issuer: f.issuer,
        authorisation_number: f.number,
        bcp: f
            .bcp
            .filter(|b| !b.trim().is_empty())
            .or_else(|| who.session_bcp().map(str::to_string))
            .unwrap_or_default(),
        exporter: f.exporter,
        consignee: f.consignee,
        end_user: f.end_user,
        export_country: f.export_country,
        import_country: f.import_country,
        weapons,
    };
    let report = limes_app::salw::verify(&st, who.actor(), consignment)
        .await
        .map_err(with(&who))?;
    Ok(render(&VerifyPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "salw-verify-heading"),
            "/arms/salw/verify",
        ),
        grounds: rows(who.language, &report.verification.grounds),
        report: Some(report),
    }))
}

#[derive(Template)]
#[template(path = "arms/salw_impoundments.html")]
struct ImpoundmentsPage {
    layout: Layout,
    impoundments: Vec<StoredImpoundment>,
}

pub async fn impoundments_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let impoundments = limes_app::salw::impoundments(&st, who.actor(), 200)
        .await
        .map_err(with(&who))?;
    Ok(render(&ImpoundmentsPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "salw-impoundments-heading"),
            "/arms/salw/impoundments",
        ),
        impoundments,
    }))
}

#[derive(Template)]
#[template(path = "arms/salw_impoundment.html")]
struct ImpoundmentPage {
    layout: Layout,
    stored: StoredImpoundment,
    grounds: Vec<GroundRow>,
    differences: Vec<GroundRow>,
}

pub async fn impoundment_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let stored = limes_app::salw::impoundment(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    Ok(render(&ImpoundmentPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "salw-impoundment-heading"),
            "/arms/salw/impoundments",
        ),
        grounds: rows(who.language, &stored.impoundment.grounds),
        differences: rows(who.language, &stored.impoundment.inventory_differences),
        stored,
    }))
}

#[derive(Template)]
#[template(path = "arms/salw_authorisations.html")]
struct AuthorisationsPage {
    layout: Layout,
    authorisations: Vec<AuthorisationRecord>,
}

pub async fn authorisations_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    let authorisations = limes_app::salw::authorisations(&st, 200)
        .await
        .map_err(with(&who))?;
    Ok(render(&AuthorisationsPage {
        layout: Layout::new(
            &st,
            Some(&who),
            &title(&who, "salw-authorisations-heading"),
            "/arms/salw/authorisations",
        ),
        authorisations,
    }))
}
