//! A declaration checked against the code lists: unknown commodity codes, countries and package types are
//! errors naming the item; customs-only country codes and totals that disagree with the items are warnings for
//! the officer, never a refusal.

use crate::codes::{self, CountryCode};
use crate::hs::Nomenclature;
use limes_domain::goods::{Declaration, DeclarationFunction, Party};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The declaration cannot be accepted as it is.
    Error,
    /// Shown to the officer; the declaration goes on.
    Warning,
}

/// One thing wrong with a declaration, naming the item (when it is about one) and the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// The goods item's sequence number, when the problem is about one item.
    pub item: Option<u32>,
    /// The field in the words of the JSON shape (`commodity_code`, `origin_country`, `exporter.country` …).
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.item {
            Some(item) => write!(f, "item {item}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn problem(severity: Severity, item: Option<u32>, field: &str, message: String) -> Problem {
    Problem {
        severity,
        item,
        field: field.to_string(),
        message,
    }
}

/// A country code checked: unknown is an error, customs-only a warning.
fn check_country(
    problems: &mut Vec<Problem>,
    item: Option<u32>,
    field: &str,
    what: &str,
    code: Option<&str>,
) {
    let Some(code) = code else { return };
    match codes::country(code) {
        CountryCode::Iso(_) => {}
        CountryCode::CustomsOnly(name) => problems.push(problem(
            Severity::Warning,
            item,
            field,
            format!("{what} {code} ({name}) is not an ISO 3166 country code"),
        )),
        CountryCode::Unknown => problems.push(problem(
            Severity::Error,
            item,
            field,
            format!("{what} '{code}' is not a country code"),
        )),
    }
}

fn check_party(problems: &mut Vec<Problem>, field: &str, party: &Option<Party>) {
    if let Some(p) = party {
        check_country(
            problems,
            None,
            &format!("{field}.country"),
            &format!("{field} country"),
            p.country.as_deref(),
        );
    }
}

/// Every problem of `declaration` against the nomenclature and the code lists, errors first in item order.
pub fn validate(declaration: &Declaration, nomenclature: &Nomenclature) -> Vec<Problem> {
    let mut problems = Vec::new();
    let d = declaration;
    for (field, party) in [
        ("declarant", &d.declarant),
        ("exporter", &d.exporter),
        ("importer", &d.importer),
        ("consignor", &d.consignor),
        ("consignee", &d.consignee),
        ("carrier", &d.carrier),
    ] {
        check_party(&mut problems, field, party);
    }
    check_country(
        &mut problems,
        None,
        "export_country",
        "export country",
        d.export_country.as_deref(),
    );
    check_country(
        &mut problems,
        None,
        "destination_country",
        "destination country",
        d.destination_country.as_deref(),
    );
    for code in &d.routing_countries {
        check_country(
            &mut problems,
            None,
            "routing_countries",
            "routing country",
            Some(code),
        );
    }
    check_country(
        &mut problems,
        None,
        "transport.nationality",
        "nationality of the means of transport",
        d.transport.nationality.as_deref(),
    );
    for item in &d.items {
        let n = Some(item.sequence);
        if let Some(code) = &item.commodity_code {
            if let Err(e) = nomenclature.check(code) {
                problems.push(problem(Severity::Error, n, "commodity_code", e.to_string()));
            }
        }
        check_country(
            &mut problems,
            n,
            "origin_country",
            "origin country",
            item.origin_country.as_deref(),
        );
        if let Some(package_type) = &item.package_type {
            if codes::package_type(package_type).is_none() {
                problems.push(problem(
                    Severity::Error,
                    n,
                    "package_type",
                    format!("package type '{package_type}' is not a UN/ECE Rec 21 code"),
                ));
            }
        }
        if let Some(consignee) = &item.consignee {
            check_country(
                &mut problems,
                n,
                "consignee.country",
                "consignee country",
                consignee.country.as_deref(),
            );
        }
    }
    if d.function == DeclarationFunction::Original {
        for warning in d.totals_warnings() {
            problems.push(problem(Severity::Warning, None, "totals", warning));
        }
    }
    problems.sort_by_key(|p| (p.severity == Severity::Warning, p.item.is_some(), p.item));
    problems
}
