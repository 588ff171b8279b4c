//! Cooperation pages: the public report form and status page (no sign-in, in the four catalogue languages,
//! CSRF-protected by a token bound to a cookie of their own, throttled per address), the hotline's and the
//! integrity channel's lists and reports (the reporter shown as "protected source" until a handler unseals it
//! with a reason), and the cooperation desk.
use crate::auth::{csrf_token, Principal};
use crate::error::AppError;
use crate::state::AppState;
use crate::ui::{render, with, Layout, PageResult};
use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use limes_app::cooperation::agreements::{self, ExchangeLogEntry};
use limes_app::cooperation::hotline::{
    self, HotlineError, ReportChange, ReportFeedback, ReportReceipt, ReportSubmission,
};
use limes_app::cooperation::{directory, requests};
use limes_domain::cooperation::{
    AssistanceRequest, CommunityReport, ExchangeAgreement, LiaisonContact, Notification,
    NotificationStatus, ReportCategory, ReportPriority, ReporterIdentity, SealedChannel, Triage,
};
use limes_i18n::Language;
use serde::Deserialize;
use std::net::SocketAddr;

/// The cookie the public form's CSRF token is bound to (there is no session to bind it to).
const REPORT_COOKIE: &str = "limes_report";

fn fresh_nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn public_token(st: &AppState, nonce: &str) -> String {
    csrf_token(&st.csrf_key, &format!("public-report:{nonce}"))
}

/// The public pages' layout in the language asked for (`?lang=`), else the browser's, else the installation's.
fn public_layout(
    st: &AppState,
    headers: &HeaderMap,
    lang: Option<&str>,
    title_key: &str,
) -> Layout {
    let mut layout = Layout::new(st, None, "", "/cooperation/report");
    layout.lang = lang
        .and_then(Language::from_tag)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Language::from_accept_language)
        })
        .unwrap_or(layout.lang);
    layout.title = layout.t(title_key);
    layout
}

/// The form's nonce: the one in the cookie, or a new one (then set as the cookie).
fn nonce_for(headers: &HeaderMap) -> (String, bool) {
    match cookie_value(headers, REPORT_COOKIE).filter(|v| v.len() == 32) {
        Some(n) => (n, false),
        None => (fresh_nonce(), true),
    }
}

fn with_cookie(mut res: Response, nonce: &str, st: &AppState) -> Response {
    let cookie = format!(
        "{REPORT_COOKIE}={nonce}; Path=/cooperation/report; HttpOnly; SameSite=Strict{}",
        if st.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[derive(Template)]
#[template(path = "cooperation/report.html")]
struct PublicReportPage {
    layout: Layout,
    token: String,
    lang: &'static str,
    error: Option<String>,
    receipt: Option<ReportReceipt>,
    form: PublicReportForm,
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// The public form as posted.
#[derive(Deserialize, Default, Clone)]
pub struct PublicReportForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    /// "community" (the hotline) or "integrity" (the conduct of border staff).
    #[serde(default)]
    about: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    telephone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
}

pub async fn public_form(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let (nonce, new) = nonce_for(&headers);
    let layout = public_layout(&st, &headers, q.lang.as_deref(), "report-title");
    let lang = layout.lang.code();
    let res = render(&PublicReportPage {
        layout,
        token: public_token(&st, &nonce),
        lang,
        error: None,
        receipt: None,
        form: PublicReportForm::default(),
    });
    if new {
        with_cookie(res, &nonce, &st)
    } else {
        res
    }
}

/// Take in a report from the public. Refused without the cookie-bound token (400); refused with 429 when the
/// address sent too many this hour — the page comes back with what was typed, so nothing is lost, and every
/// report stored before stays stored.
pub async fn public_submit(
    State(st): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<PublicReportForm>,
) -> Response {
    let layout = public_layout(&st, &headers, Some(&f.lang), "report-title");
    let lang = layout.lang.code();
    let Some(nonce) = cookie_value(&headers, REPORT_COOKIE) else {
        return forbidden(layout);
    };
    if !crate::auth::csrf_ok(&st.csrf_key, &format!("public-report:{nonce}"), &f.csrf) {
        return forbidden(layout);
    }
    let channel = if f.about == "integrity" {
        SealedChannel::Integrity
    } else {
        SealedChannel::Hotline
    };
    let submission = ReportSubmission {
        account: f.account.clone(),
        location: f.location.clone(),
        language: lang.to_string(),
        reporter: Some(ReporterIdentity {
            name: f.name.clone(),
            telephone: f.telephone.clone(),
            email: f.email.clone(),
            address: f.address.clone(),
        }),
    };
    let source = addr.ip().to_string();
    let actor = limes_app::Actor::Operator("public-form");
    let page = |layout: Layout, error: Option<String>, receipt: Option<ReportReceipt>, form| {
        render(&PublicReportPage {
            layout,
            token: public_token(&st, &nonce),
            lang,
            error,
            receipt,
            form,
        })
    };
    match hotline::submit_report(&st, actor, channel, submission, Some(&source)).await {
        Ok(receipt) => page(layout, None, Some(receipt), PublicReportForm::default()),
        Err(HotlineError::Throttled { minutes }) => {
            let msg = layout.t1("report-throttled", "minutes", minutes);
            let mut res = page(layout, Some(msg), None, f);
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            if let Ok(v) = header::HeaderValue::from_str(&(minutes * 60).to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(HotlineError::Invalid { field, .. }) => {
            let msg = layout.t1("report-invalid", "field", field);
            let mut res = page(layout, Some(msg), None, f);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => crate::ui::error_page(AppError::from(e), None),
    }
}

/// A form without its cookie-bound token (forged, or from a page opened too long ago): refused, 400.
fn forbidden(layout: Layout) -> Response {
    let msg = layout.t("report-form-expired");
    crate::ui::error_page(AppError::BadRequest(msg), None)
}

#[derive(Template)]
#[template(path = "cooperation/status.html")]
struct StatusPage {
    layout: Layout,
    token: String,
    lang: &'static str,
    searched: bool,
    feedback: Option<ReportFeedback>,
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    reference: String,
}

pub async fn status_form(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    let (nonce, new) = nonce_for(&headers);
    let layout = public_layout(&st, &headers, q.lang.as_deref(), "report-status-title");
    let lang = layout.lang.code();
    let res = render(&StatusPage {
        layout,
        token: public_token(&st, &nonce),
        lang,
        searched: false,
        feedback: None,
    });
    if new {
        with_cookie(res, &nonce, &st)
    } else {
        res
    }
}

/// The feedback on a report, by the reference its reporter holds (posted, so it stays out of addresses and
/// logs).
pub async fn status_submit(
    State(st): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<StatusForm>,
) -> Response {
    let layout = public_layout(&st, &headers, Some(&f.lang), "report-status-title");
    let lang = layout.lang.code();
    let Some(nonce) = cookie_value(&headers, REPORT_COOKIE) else {
        return forbidden(layout);
    };
    if !crate::auth::csrf_ok(&st.csrf_key, &format!("public-report:{nonce}"), &f.csrf) {
        return forbidden(layout);
    }
    match hotline::feedback_by_reference(&st, &f.reference).await {
        Ok(feedback) => render(&StatusPage {
            layout,
            token: public_token(&st, &nonce),
            lang,
            searched: true,
            feedback,
        }),
        Err(e) => crate::ui::error_page(AppError::from(e), None),
    }
}

// --- the hotline and the integrity channel -------------------------------------------------------------

fn base(channel: SealedChannel) -> &'static str {
    match channel {
        SealedChannel::Hotline => "/cooperation/hotline",
        SealedChannel::Integrity => "/cooperation/integrity",
    }
}

#[derive(Template)]
#[template(path = "cooperation/reports.html")]
struct ReportsPage {
    layout: Layout,
    base: &'static str,
    integrity: bool,
    reports: Vec<CommunityReport>,
}

async fn list(st: AppState, who: Principal, channel: SealedChannel) -> PageResult {
    let reports = hotline::list_reports(&st, who.actor(), channel, 500)
        .await
        .map_err(with(&who))?;
    let integrity = channel == SealedChannel::Integrity;
    let title = limes_i18n::t(
        who.language,
        if integrity {
            "integrity-title"
        } else {
            "hotline-title"
        },
    );
    Ok(render(&ReportsPage {
        layout: Layout::new(&st, Some(&who), &title, base(channel)),
        base: base(channel),
        integrity,
        reports,
    }))
}

pub async fn hotline_list(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    list(st, who, SealedChannel::Hotline).await
}

pub async fn integrity_list(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> PageResult {
    list(st, who, SealedChannel::Integrity).await
}

#[derive(Template)]
#[template(path = "cooperation/report_detail.html")]
struct ReportDetailPage {
    layout: Layout,
    base: &'static str,
    report: CommunityReport,
    may_work: bool,
    /// Set only in the answer to an unsealing: Some(None) when the report was anonymous.
    unsealed: Option<Option<ReporterIdentity>>,
    priorities: Vec<&'static str>,
    categories: Vec<&'static str>,
    agencies: Vec<limes_domain::Agency>,
}

async fn detail(
    st: &AppState,
    who: &Principal,
    channel: SealedChannel,
    id: &str,
    unsealed: Option<Option<ReporterIdentity>>,
) -> PageResult {
    let report = hotline::get_report(st, who.actor(), channel, id)
        .await
        .map_err(with(who))?;
    let agencies = st.store.agencies().await.map_err(with(who))?;
    let title = limes_i18n::t(who.language, "report-detail-title");
    Ok(render(&ReportDetailPage {
        layout: Layout::new(st, Some(who), &title, base(channel)),
        base: base(channel),
        report,
        may_work: hotline::may_work(who.user.role, channel),
        unsealed,
        priorities: ReportPriority::ALL.iter().map(|p| p.as_str()).collect(),
        categories: ReportCategory::ALL.iter().map(|c| c.as_str()).collect(),
        agencies,
    }))
}

pub async fn hotline_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    detail(&st, &who, SealedChannel::Hotline, &id, None).await
}

pub async fn integrity_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> PageResult {
    detail(&st, &who, SealedChannel::Integrity, &id, None).await
}

/// A handler's step as the report page posts it.
#[derive(Deserialize)]
pub struct ChangeForm {
    action: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    actionable: Option<String>,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    feedback: Option<String>,
    #[serde(default)]
    other: String,
}

async fn change(
    st: AppState,
    who: Principal,
    channel: SealedChannel,
    id: String,
    f: ChangeForm,
) -> PageResult {
    let change = match f.action.as_str() {
        "triage" => ReportChange::Triage(Triage {
            priority: ReportPriority::parse(&f.priority)
                .ok_or_else(|| with(&who)(AppError::invalid("priority", "unknown priority")))?,
            category: ReportCategory::parse(&f.category)
                .ok_or_else(|| with(&who)(AppError::invalid("category", "unknown category")))?,
            area: f.area,
            actionable: f.actionable.is_some(),
        }),
        "route" => ReportChange::Route { agency: f.agency },
        "follow_up" => ReportChange::FollowUp {
            note: f.note,
            feedback: f.feedback.is_some(),
        },
        "link" => ReportChange::Link {
            other: f.other.trim().to_string(),
        },
        "close" => ReportChange::Close,
        _ => return Err(with(&who)(AppError::invalid("action", "unknown step"))),
    };
    hotline::change_report(&st, who.actor(), channel, &id, change)
        .await
        .map_err(with(&who))?;
    Ok(crate::redirect::see_other(&format!(
        "{}/{}",
        base(channel),
        id
    )))
}

pub async fn hotline_change(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<ChangeForm>,
) -> PageResult {
    change(st, who, SealedChannel::Hotline, id, f).await
}

pub async fn integrity_change(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<ChangeForm>,
) -> PageResult {
    change(st, who, SealedChannel::Integrity, id, f).await
}

#[derive(Deserialize)]
pub struct UnsealForm {
    #[serde(default)]
    reason: String,
}

async fn unseal(
    st: AppState,
    who: Principal,
    channel: SealedChannel,
    id: String,
    reason: String,
) -> PageResult {
    let who_reported = hotline::unseal_reporter(&st, who.actor(), channel, &id, &reason)
        .await
        .map_err(with(&who))?;
    // Shown in this answer only: never cached, never in an address.
    let mut res = detail(&st, &who, channel, &id, Some(who_reported)).await?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res.into_response())
}

pub async fn hotline_unseal(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<UnsealForm>,
) -> PageResult {
    unseal(st, who, SealedChannel::Hotline, id, f.reason).await
}

pub async fn integrity_unseal(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    Form(f): Form<UnsealForm>,
) -> PageResult {
    unseal(st, who, SealedChannel::Integrity, id, f.reason).await
}

// --- the cooperation desk ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "cooperation/desk.html")]
struct DeskPage {
    layout: Layout,
    agreements: Vec<ExchangeAgreement>,
    requests: Vec<(AssistanceRequest, bool)>,
    notifications: Vec<Notification>,
    log: Vec<ExchangeLogEntry>,
    contacts: Vec<LiaisonContact>,
}

impl DeskPage {
    fn notification_status(&self, status: &NotificationStatus) -> &'static str {
        match status {
            NotificationStatus::Sent => "sent",
            NotificationStatus::Acknowledged => "acknowledged",
            NotificationStatus::StopRequested => "stop_requested",
            NotificationStatus::Ended => "ended",
        }
    }

    fn stop_requested(&self) -> bool {
        self.notifications
            .iter()
            .any(|n| n.status == NotificationStatus::StopRequested)
    }
}

/// The central contact unit's desk: agreements, open requests (overdue marked), notifications (a "stop" on top),
/// the exchange log and the directory.
pub async fn desk(State(st): State<AppState>, Extension(who): Extension<Principal>) -> PageResult {
    let now = st.clock.now();
    let agreements = agreements::list_agreements(&st).await.map_err(with(&who))?;
    let requests = requests::list_requests(&st)
        .await
        .map_err(with(&who))?
        .into_iter()
        .map(|r| {
            let overdue = r.overdue(now);
            (r, overdue)
        })
        .collect();
    let notifications = requests::list_notifications(&st)
        .await
        .map_err(with(&who))?;
    let log = agreements::exchange_log(&st, 50)
        .await
        .map_err(with(&who))?;
    let contacts = directory::contacts(&st, None).await.map_err(with(&who))?;
    let title = limes_i18n::t(who.language, "desk-title");
    Ok(render(&DeskPage {
        layout: Layout::new(&st, Some(&who), &title, "/cooperation"),
        agreements,
        requests,
        notifications,
        log,
        contacts,
    }))
}
