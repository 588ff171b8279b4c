//! The seizure pages: the list, the recording form (prefilled from a goods inspection's find), one record with
//! its photographs and, on a stated purpose, the persons involved; the gallery; the statistics.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{read_upload, render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::{Extension, Form};
use limes_app::seizures::{self, GalleryItem, SeizureForm, SeizureQuery, StatsQuery};
use limes_domain::seizure::{
    CenHeading, ConcealmentMethod, DetectionMethod, NominalPart, OffenceRole, Party, PartyKind,
    Period, Quantity, QuantityUnit, Route, Seizure, StatsBy, StatsRow, Transport, TransportMode,
};
use limes_domain::Role;
use serde::Deserialize;

fn urlencoded(s: &str) -> String {
    serde_urlencoded::to_string([("p", s)])
        .map(|e| e.trim_start_matches("p=").to_string())
        .unwrap_or_default()
}

/// The codes the form's selects offer.
struct Choices {
    headings: Vec<&'static str>,
    units: Vec<&'static str>,
    concealments: Vec<&'static str>,
    detections: Vec<&'static str>,
    modes: Vec<&'static str>,
}

fn choices() -> Choices {
    Choices {
        headings: CenHeading::ALL.iter().map(|h| h.as_str()).collect(),
        units: QuantityUnit::ALL.iter().map(|u| u.as_str()).collect(),
        concealments: ConcealmentMethod::ALL.iter().map(|m| m.as_str()).collect(),
        detections: DetectionMethod::ALL.iter().map(|d| d.as_str()).collect(),
        modes: TransportMode::ALL.iter().map(|m| m.as_str()).collect(),
    }
}

fn is_recorder(role: Role) -> bool {
    matches!(
        role,
        Role::CustomsOfficer | Role::FirstLineOfficer | Role::SecondLineOfficer
    )
}

#[derive(Template)]
#[template(path = "seizures/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Seizure>,
    can_record: bool,
}

pub async fn list_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<SeizureQuery>,
) -> PageResult {
    let rows = seizures::list(&st, who.actor(), &q)
        .await
        .map_err(with(&who))?;
    Ok(render(&ListPage {
        layout: Layout::new(&st, Some(&who), "Seizures", "/seizures"),
        can_record: is_recorder(who.user.role),
        rows,
    }))
}

#[derive(Template)]
#[template(path = "seizures/new.html")]
struct NewPage {
    layout: Layout,
    form: SeizureForm,
    choices: Choices,
}

#[derive(Deserialize)]
pub struct NewQuery {
    inspection: Option<String>,
}

pub async fn new_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<NewQuery>,
) -> PageResult {
    let form = match q.inspection.as_deref().filter(|i| !i.trim().is_empty()) {
        Some(id) => seizures::prefill_from_inspection(&st, who.actor(), id)
            .await
            .map_err(with(&who))?,
        None => SeizureForm {
            bcp: who.actor().session_bcp().map(str::to_string),
            heading: CenHeading::Other,
            commodity: String::new(),
            hs_code: None,
            quantity: Quantity {
                amount: 1.0,
                unit: QuantityUnit::Pieces,
                currency: None,
            },
            concealment: ConcealmentMethod::NotConcealed,
            concealment_place: None,
            route: Route::default(),
            transport: Transport {
                mode: TransportMode::Road,
                identity: None,
            },
            modus_operandi: None,
            detection: DetectionMethod::PhysicalSearch,
            seized_at: None,
            inspection_id: None,
            nominal: None,
        },
    };
    Ok(render(&NewPage {
        layout: Layout::new(&st, Some(&who), "New seizure", "/seizures"),
        form,
        choices: choices(),
    }))
}

/// The recording form as the page posts it.
#[derive(Deserialize)]
pub struct NewFields {
    #[serde(default)]
    bcp: String,
    heading: String,
    commodity: String,
    #[serde(default)]
    hs_code: String,
    amount: String,
    unit: String,
    #[serde(default)]
    currency: String,
    concealment: String,
    #[serde(default)]
    concealment_place: String,
    #[serde(default)]
    origin: String,
    /// Transit countries, separated by spaces or commas.
    #[serde(default)]
    transit: String,
    #[serde(default)]
    destination: String,
    mode: String,
    #[serde(default)]
    identity: String,
    #[serde(default)]
    modus_operandi: String,
    detection: String,
    #[serde(default)]
    inspection_id: String,
    #[serde(default)]
    person_name: String,
    #[serde(default)]
    person_birth_date: String,
    #[serde(default)]
    person_nationality: String,
    #[serde(default)]
    person_document: String,
    #[serde(default)]
    person_role: String,
}

fn some(s: String) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn code<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, crate::error::AppError> {
    parse(value)
        .ok_or_else(|| crate::error::AppError::invalid(field, format!("unknown code '{value}'")))
}

fn offence_role(s: &str) -> Option<OffenceRole> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
}

impl NewFields {
    fn into_form(self) -> Result<SeizureForm, crate::error::AppError> {
        let amount = self
            .amount
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| {
                crate::error::AppError::invalid("quantity.amount", "a number, such as 12.5")
            })?;
        let nominal = match some(self.person_name) {
            None => None,
            Some(name) => Some(NominalPart {
                parties: vec![Party {
                    kind: PartyKind::Person,
                    name,
                    birth_date: match some(self.person_birth_date) {
                        Some(d) => Some(
                            chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                                crate::error::AppError::invalid(
                                    "nominal.parties[0].birth_date",
                                    "a date as YYYY-MM-DD",
                                )
                            })?,
                        ),
                        None => None,
                    },
                    nationality: some(self.person_nationality).map(|n| n.to_ascii_uppercase()),
                    document: some(self.person_document),
                    role: offence_role(&self.person_role).unwrap_or(OffenceRole::Other),
                }],
            }),
        };
        Ok(SeizureForm {
            bcp: some(self.bcp),
            heading: code("heading", &self.heading, CenHeading::parse)?,
            commodity: self.commodity,
            hs_code: some(self.hs_code),
            quantity: Quantity {
                amount,
                unit: code("quantity.unit", &self.unit, QuantityUnit::parse)?,
                currency: some(self.currency),
            },
            concealment: code("concealment", &self.concealment, ConcealmentMethod::parse)?,
            concealment_place: some(self.concealment_place),
            route: Route {
                origin: some(self.origin),
                transit: self
                    .transit
                    .split([',', ' '])
                    .filter_map(|t| some(t.to_string()))
                    .collect(),
                destination: some(self.destination),
            },
            transport: Transport {
                mode: code("transport.mode", &self.mode, TransportMode::parse)?,
                identity: some(self.identity),
            },
            modus_operandi: some(self.modus_operandi),
            detection: code("detection", &self.detection, DetectionMethod::parse)?,
            seized_at: None,
            inspection_id: some(self.inspection_id),
            nominal,
        })
    }
}

pub async fn new_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(f): Form<NewFields>,
) -> PageResult {
    let form = f.into_form().map_err(with(&who))?;
    let s = seizures::record(&st, who.actor(), form)
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "/seizures/{}",
        urlencoded(&s.id)
    )))
}

#[derive(Template)]
#[template(path = "seizures/seizure.html")]
struct SeizurePage {
    layout: Layout,
    s: Seizure,
    /// Whether the reader may ask for the persons involved.
    may_see_nominal: bool,
    /// The persons involved, when asked for with a purpose.
    nominal: Option<NominalPart>,
    can_add_photo: bool,
}

impl SeizurePage {
    /// The code of an offence role, for its catalogue name.
    fn role_code(&self, role: &OffenceRole) -> String {
        serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub struct PurposeQuery {
    purpose: Option<String>,
}

pub async fn seizure_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Query(q): Query<PurposeQuery>,
) -> PageResult {
    let s = seizures::seizure(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    let may_see_nominal = s.has_nominal && seizures::may_see_nominal(who.actor(), &s);
    let nominal = match q.purpose.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) if may_see_nominal => Some(
            seizures::nominal(&st, who.actor(), &id, Some(p))
                .await
                .map_err(with(&who))?,
        ),
        _ => None,
    };
    Ok(render(&SeizurePage {
        layout: Layout::new(&st, Some(&who), "Seizure", "/seizures"),
        can_add_photo: is_recorder(who.user.role)
            && (who.user.username == s.recorded_by || who.actor().may_use_bcp(&s.bcp)),
        may_see_nominal,
        nominal,
        s,
    }))
}

pub async fn photo_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    mp: Multipart,
) -> PageResult {
    let (bytes, fields) = read_upload(mp).await.map_err(with(&who))?;
    let x_ray = fields
        .get("x_ray")
        .is_some_and(|v| v == "on" || v == "true");
    seizures::add_photo(&st, who.actor(), &id, &bytes, x_ray)
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "/seizures/{}",
        urlencoded(&id)
    )))
}

#[derive(Template)]
#[template(path = "seizures/gallery.html")]
struct GalleryPage {
    layout: Layout,
    items: Vec<GalleryItem>,
    choices: Choices,
    concealment: String,
    heading: String,
}

#[derive(Deserialize)]
pub struct GalleryFilter {
    #[serde(default)]
    concealment: String,
    #[serde(default)]
    heading: String,
}

pub async fn gallery_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(f): Query<GalleryFilter>,
) -> PageResult {
    let items = seizures::gallery(
        &st,
        who.actor(),
        ConcealmentMethod::parse(&f.concealment),
        CenHeading::parse(&f.heading),
    )
    .await
    .map_err(with(&who))?;
    let mut choices = choices();
    choices
        .headings
        .retain(|h| !CenHeading::parse(h).is_some_and(CenHeading::is_restricted));
    Ok(render(&GalleryPage {
        layout: Layout::new(&st, Some(&who), "Seizure gallery", "/seizures/gallery"),
        items,
        choices,
        concealment: f.concealment,
        heading: f.heading,
    }))
}

#[derive(Template)]
#[template(path = "seizures/stats.html")]
struct StatsPage {
    layout: Layout,
    rows: Vec<StatsRow>,
    by: &'static str,
    period: &'static str,
}

#[derive(Deserialize)]
pub struct StatsFilter {
    #[serde(default)]
    by: String,
    #[serde(default)]
    period: String,
}

pub async fn stats_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(f): Query<StatsFilter>,
) -> PageResult {
    let by = StatsBy::parse(&f.by).unwrap_or(StatsBy::Heading);
    let period = Period::parse(&f.period).unwrap_or(Period::Month);
    let rows = seizures::stats(
        &st,
        who.actor(),
        &StatsQuery {
            by,
            period,
            from: None,
            to: None,
            bcp: None,
        },
    )
    .await
    .map_err(with(&who))?;
    Ok(render(&StatsPage {
        layout: Layout::new(&st, Some(&who), "Seizure statistics", "/seizures/stats"),
        rows,
        by: match by {
            StatsBy::Heading => "heading",
            StatsBy::Bcp => "bcp",
            StatsBy::Route => "route",
        },
        period: match period {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        },
    }))
}
