//! The analysts' selectivity-rule editor (`/goods/rules`): every rule with its hit rate (checks against
//! detections; a rule inspected and never finding anything is marked so), the form to create or edit a rule on
//! any field (saved as its next version, live at once), the expected rate per lane over the last declarations
//! before it goes live, retiring a rule, and the selectivity policy in force. Use cases in
//! `limes_app::goods::rule_form` and `limes_app::goods::rules`.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::{Extension, Form};
use limes_app::goods::rule_form::{
    self, FormCondition, RuleForm, CONDITION_KINDS, FORM_CONDITIONS,
};
use limes_app::goods::rules::{self, GoodsRuleWithStats, RatePreview, PREVIEW_DECLARATIONS};
use limes_app::goods::GoodsError;
use limes_domain::goods_flow::Lane;
use limes_domain::Role;
use serde::Deserialize;

/// One rule as the list shows it.
struct RuleRow {
    id: String,
    version: u32,
    name: String,
    lane: String,
    weight: String,
    validity: String,
    in_force: bool,
    selected: u64,
    inspected: u64,
    found: u64,
    /// Finds per inspection as a percentage, when inspected at all.
    hit_rate: Option<String>,
    never_found: bool,
}

fn row_of(r: GoodsRuleWithStats) -> RuleRow {
    let rule = rule_form::read_stored(&r.rule);
    let day = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d").to_string();
    RuleRow {
        id: r.rule.id.clone(),
        version: r.rule.version,
        name: rule.as_ref().map(|x| x.name.clone()).unwrap_or_default(),
        lane: rule
            .as_ref()
            .map(|x| x.lane.as_str().to_string())
            .unwrap_or_default(),
        weight: rule
            .as_ref()
            .map(|x| x.weight.to_string())
            .unwrap_or_default(),
        validity: rule
            .as_ref()
            .map(|x| {
                format!(
                    "{} – {}",
                    day(x.valid_from),
                    x.valid_to.map(day).unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        in_force: r.in_force,
        selected: r.stats.selected,
        inspected: r.stats.inspected,
        found: r.stats.found,
        hit_rate: r.hit_rate.map(|h| format!("{:.0} %", h * 100.0)),
        never_found: r.never_found,
    }
}

/// One lane of the expected-rate preview: now, and with the draft rule live.
struct PreviewRow {
    lane: &'static str,
    now: u64,
    now_rate: String,
    with_rule: u64,
    with_rate: String,
}

fn preview_rows(p: &RatePreview) -> Vec<PreviewRow> {
    let count = |r: &limes_rules::goods::ExpectedRates, lane: Lane| match lane {
        Lane::Red => r.red,
        Lane::Yellow => r.yellow,
        Lane::Green => r.green,
        Lane::Blue => r.blue,
    };
    Lane::ALL
        .into_iter()
        .map(|lane| PreviewRow {
            lane: lane.as_str(),
            now: count(&p.now, lane),
            now_rate: format!("{:.1} %", p.now.rate(lane) * 100.0),
            with_rule: count(&p.with_candidate, lane),
            with_rate: format!("{:.1} %", p.with_candidate.rate(lane) * 100.0),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "goods/rules.html")]
struct RulesPage {
    layout: Layout,
    rows: Vec<RuleRow>,
    form: RuleForm,
    preview: Vec<PreviewRow>,
    /// How many declarations the preview ran over (shown only with a preview).
    previewed: Option<u64>,
    matched: Option<u64>,
    errors: Vec<String>,
    saved: Option<(String, u32)>,
    can_edit: bool,
    kinds: &'static [&'static str],
    lanes: [&'static str; 4],
    policy_random: Vec<(&'static str, String)>,
    every_nth: Vec<(String, u64)>,
    total_codes: String,
    total_parties: String,
    preview_size: usize,
}

struct Shown {
    form: RuleForm,
    preview: Option<RatePreview>,
    errors: Vec<String>,
    saved: Option<(String, u32)>,
}

async fn page(st: &AppState, who: &Principal, shown: Shown) -> PageResult {
    let rows = rules::rules_with_stats(st)
        .await
        .map_err(with(who))?
        .into_iter()
        .map(row_of)
        .collect();
    let policy = &st.config.goods.selectivity;
    let percent = |r: f64| format!("{:.1} %", r * 100.0);
    let matched = shown.preview.as_ref().map(|p| {
        p.with_candidate
            .per_rule
            .get(shown.form.id.trim())
            .copied()
            .unwrap_or(0)
    });
    Ok(render(&RulesPage {
        layout: Layout::new(st, Some(who), "Selectivity rules", "/goods/rules"),
        rows,
        preview: shown.preview.as_ref().map(preview_rows).unwrap_or_default(),
        previewed: shown
            .preview
            .as_ref()
            .map(|p| p.with_candidate.declarations),
        matched,
        form: shown.form,
        errors: shown.errors,
        saved: shown.saved,
        can_edit: who.user.role == Role::Analyst,
        kinds: CONDITION_KINDS,
        lanes: Lane::ALL.map(Lane::as_str),
        policy_random: vec![
            ("red", percent(policy.random_red)),
            ("yellow", percent(policy.random_yellow)),
            ("blue", percent(policy.random_blue)),
        ],
        every_nth: policy
            .every_nth
            .iter()
            .map(|(b, n)| (b.clone(), *n))
            .collect(),
        total_codes: policy.total_codes.join(", "),
        total_parties: policy.total_parties.join(", "),
        preview_size: PREVIEW_DECLARATIONS,
    }))
}

#[derive(Deserialize)]
pub struct RulesParams {
    /// A rule to edit: the form is filled with its latest version.
    edit: Option<String>,
    saved: Option<String>,
    version: Option<u32>,
}

pub async fn rules_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Query(q): Query<RulesParams>,
) -> PageResult {
    let today = st.clock.now().date_naive();
    let form = match q.edit.as_deref() {
        Some(id) => st
            .store
            .goods_rule_versions(id)
            .await
            .map_err(with(&who))?
            .first()
            .and_then(rule_form::read_stored)
            .map(|r| RuleForm::of(&r))
            .ok_or_else(|| with(&who)(crate::error::AppError::NotFound(format!("rule {id}"))))?,
        None => RuleForm::blank(today),
    };
    let saved = q.saved.zip(q.version);
    page(
        &st,
        &who,
        Shown {
            form,
            preview: None,
            errors: vec![],
            saved,
        },
    )
    .await
}

/// The editor's fields as posted (four condition rows).
#[derive(Deserialize)]
pub struct RuleFields {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    lane: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_to: String,
    #[serde(default)]
    enabled: Option<String>,
    #[serde(default)]
    kind_0: String,
    #[serde(default)]
    value_0: String,
    #[serde(default)]
    kind_1: String,
    #[serde(default)]
    value_1: String,
    #[serde(default)]
    kind_2: String,
    #[serde(default)]
    value_2: String,
    #[serde(default)]
    kind_3: String,
    #[serde(default)]
    value_3: String,
    /// `preview` (show the expected rates, save nothing) or `save`.
    #[serde(default)]
    action: String,
}

impl RuleFields {
    fn form(self) -> (RuleForm, bool) {
        let condition = |kind: String, value: String| FormCondition { kind, value };
        let conditions = vec![
            condition(self.kind_0, self.value_0),
            condition(self.kind_1, self.value_1),
            condition(self.kind_2, self.value_2),
            condition(self.kind_3, self.value_3),
        ];
        debug_assert_eq!(conditions.len(), FORM_CONDITIONS);
        (
            RuleForm {
                id: self.id,
                name: self.name,
                description: self.description,
                lane: self.lane,
                weight: self.weight,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
                enabled: self.enabled.is_some(),
                conditions,
            },
            self.action == "save",
        )
    }
}

/// The problems of a refused rule, each with its place, for the form.
fn problems(e: &GoodsError) -> Option<Vec<String>> {
    let GoodsError::Invalid {
        field,
        message,
        details,
    } = e
    else {
        return None;
    };
    let listed: Vec<String> = details
        .as_ref()
        .and_then(|d| d.as_array())
        .map(|a| {
            a.iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p["path"].as_str().unwrap_or(""),
                        p["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(if listed.is_empty() {
        vec![format!("{field}: {message}")]
    } else {
        listed
    })
}

pub async fn rule_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(fields): Form<RuleFields>,
) -> PageResult {
    let (form, save) = fields.form();
    let outcome = if save {
        rule_form::save_form(&st, who.actor(), &form)
            .await
            .map(|saved| (Some((saved.id, saved.version)), None))
    } else {
        rule_form::preview_form(&st, &form)
            .await
            .map(|p| (None, Some(p)))
    };
    match outcome {
        Ok((Some((id, version)), _)) => Ok(crate::redirect::see_other(&format!(
            "/goods/rules?{}",
            serde_urlencoded::to_string([("saved", id), ("version", version.to_string())])
                .unwrap_or_default()
        ))),
        Ok((None, preview)) => {
            page(
                &st,
                &who,
                Shown {
                    form,
                    preview,
                    errors: vec![],
                    saved: None,
                },
            )
            .await
        }
        Err(e) => match problems(&e) {
            Some(errors) => {
                page(
                    &st,
                    &who,
                    Shown {
                        form,
                        preview: None,
                        errors,
                        saved: None,
                    },
                )
                .await
            }
            None => Err(with(&who)(e)),
        },
    }
}

pub async fn retire_submit(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    let retired = rule_form::retire(&st, who.actor(), &id)
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "/goods/rules?{}",
        serde_urlencoded::to_string([
            ("saved", retired.id),
            ("version", retired.version.to_string())
        ])
        .unwrap_or_default()
    )))
}
