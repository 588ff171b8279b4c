//! The firearm look-up page: the officer types what is on the weapon and sees the ranked candidates with the
//! reasons at a glance, and raises a trace request from a hit.
use crate::auth::Principal;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::State;
use axum::{Extension, Form};
use limes_app::firearms::{
    search_firearms, FirearmSearchRequest, FirearmSearchResponse, ReasonView,
};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "arms/firearms.html")]
struct FirearmsPage {
    layout: Layout,
    form: FirearmForm,
    result: Option<FirearmSearchResponse>,
}

impl FirearmsPage {
    /// A reason in the page's language.
    fn reason(&self, r: &ReasonView) -> String {
        let key = format!("arms-reason-{}", r.code.replace('_', "-"));
        self.layout.t1(&key, "detail", r.detail.as_str())
    }

    /// The score as a percentage.
    fn percent(&self, score: &f32) -> String {
        format!("{:.0}", score * 100.0)
    }

    /// The row's colour: a red hit, an amber possible one.
    fn row_class(&self, score: &f32) -> &'static str {
        if *score >= 0.85 {
            "red"
        } else {
            "amber"
        }
    }
}

/// The search form as the page posts it.
#[derive(Deserialize, Default)]
pub struct FirearmForm {
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub make: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub calibre: String,
}

pub async fn firearms_page(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    Ok(render(&FirearmsPage {
        layout: Layout::new(&st, Some(&who), "Firearm look-up", "/arms/firearms"),
        form: FirearmForm::default(),
        result: None,
    }))
}

pub async fn submit_firearm_search(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Form(form): Form<FirearmForm>,
) -> PageResult {
    let req = FirearmSearchRequest {
        serial: form.serial.clone(),
        make: form.make.clone(),
        model: form.model.clone(),
        calibre: form.calibre.clone(),
        limit: None,
    };
    let result = search_firearms(&st, who.actor(), req)
        .await
        .map_err(with(&who))?;
    Ok(render(&FirearmsPage {
        layout: Layout::new(&st, Some(&who), "Firearm look-up", "/arms/firearms"),
        form,
        result: Some(result),
    }))
}
