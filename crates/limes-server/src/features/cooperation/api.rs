//! Cooperation as JSON: community and integrity reports (the reporter sealed; unsealing with a reason),
//! agreements and the exchange gate, requests for assistance, notifications, the liaison directory.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use limes_app::cooperation::agreements::{
    self, ExchangeLogEntry, ExchangeOutcome, ExchangeRequest,
};
use limes_app::cooperation::alerts::{self, NewAlert};
use limes_app::cooperation::directory;
use limes_app::cooperation::hotline::{self, ReportChange, ReportReceipt, ReportSubmission};
use limes_app::cooperation::requests::{
    self, NewNotification, NewRequest, NotificationStep, RequestStep,
};
use limes_domain::cooperation::{
    Acknowledgement, AgreementScope, AssistanceRequest, Attachment, CommunityReport,
    CooperationAlert, ExchangeAgreement, ExchangeDirection, ExchangeItem, ExchangeRefusal,
    FollowUp, HandlingCodes, HistoryEntry, LiaisonContact, Notification, NotificationKind,
    NotificationStatus, Partner, PermittedItem, ReportCategory, ReportChannel, ReportPriority,
    ReportStatus, ReporterIdentity, RequestContents, RequestStatus, RequestType, SealedChannel,
    Triage,
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(
        create_community_report,
        list_community_reports,
        get_community_report,
        change_community_report,
        unseal_community_report,
        create_integrity_report,
        list_integrity_reports,
        get_integrity_report,
        change_integrity_report,
        unseal_integrity_report,
        list_agreements,
        save_agreement,
        exchange,
        exchange_log,
        list_requests,
        create_request,
        step_request,
        list_notifications,
        create_notification,
        get_notification,
        step_notification,
        list_contacts,
        save_contact,
        list_alerts,
        send_alert,
        acknowledge_alert
    ),
    components(schemas(
        ReportSubmission,
        ReportReceipt,
        ReporterIdentity,
        CommunityReport,
        ReportChange,
        Triage,
        FollowUp,
        ReportStatus,
        ReportChannel,
        ReportPriority,
        ReportCategory,
        SealedChannel,
        UnsealRequest,
        UnsealResponse,
        ExchangeAgreement,
        AgreementScope,
        HandlingCodes,
        Partner,
        ExchangeRequest,
        ExchangeItem,
        ExchangeDirection,
        ExchangeOutcome,
        PermittedItem,
        ExchangeLogEntry,
        ExchangeRefusal,
        NewRequest,
        RequestContents,
        RequestType,
        RequestStatus,
        AssistanceRequest,
        HistoryEntry,
        Attachment,
        RequestStep,
        RequestView,
        NewNotification,
        Notification,
        NotificationKind,
        NotificationStatus,
        NotificationStep,
        StepBody,
        LiaisonContact,
        CooperationAlert,
        Acknowledgement,
        NewAlert,
        AcknowledgeBody
    ))
)]
pub struct ApiDoc;

/// A reason to unseal a reporter (kept in the audit trail).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct UnsealRequest {
    pub reason: String,
}

/// The unsealed reporter; `reporter` is null when the report was anonymous.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnsealResponse {
    pub reporter: Option<ReporterIdentity>,
}

const LIST_LIMIT: usize = 500;

async fn submit(
    st: &AppState,
    who: &Principal,
    channel: SealedChannel,
    body: ReportSubmission,
) -> AppResult<Json<ReportReceipt>> {
    Ok(Json(
        hotline::submit_report(st, who.actor(), channel, body, None).await?,
    ))
}

/// Take in a community report (an operator on the hotline). The optional `reporter` is sealed before it is
/// stored; every role but the hotline handler sees "protected source". The answer holds the reporter's reference.
#[utoipa::path(post, path = "/api/v1/community-reports", request_body = ReportSubmission,
    responses((status = 200, body = ReportReceipt), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn create_community_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<ReportSubmission>,
) -> AppResult<Json<ReportReceipt>> {
    submit(&st, &who, SealedChannel::Hotline, body).await
}

/// The community reports, newest first, without reporters.
#[utoipa::path(get, path = "/api/v1/community-reports",
    responses((status = 200, body = [CommunityReport]), (status = 403, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn list_community_reports(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> AppResult<Json<Vec<CommunityReport>>> {
    Ok(Json(
        hotline::list_reports(&st, who.actor(), SealedChannel::Hotline, LIST_LIMIT).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/community-reports/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CommunityReport), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_community_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<CommunityReport>> {
    Ok(Json(
        hotline::get_report(&st, who.actor(), SealedChannel::Hotline, &id).await?,
    ))
}

/// Triage, route, follow up (with feedback to the reporter), link or close a community report.
#[utoipa::path(post, path = "/api/v1/community-reports/{id}/changes", params(("id" = String, Path)), request_body = ReportChange,
    responses((status = 200, body = CommunityReport), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn change_community_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<ReportChange>,
) -> AppResult<Json<CommunityReport>> {
    Ok(Json(
        hotline::change_report(&st, who.actor(), SealedChannel::Hotline, &id, change).await?,
    ))
}

/// Unseal the reporter of a community report: hotline handlers only, with a reason; audited.
#[utoipa::path(post, path = "/api/v1/community-reports/{id}/unseal", params(("id" = String, Path)), request_body = UnsealRequest,
    responses((status = 200, body = UnsealResponse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn unseal_community_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UnsealRequest>,
) -> AppResult<Json<UnsealResponse>> {
    let reporter =
        hotline::unseal_reporter(&st, who.actor(), SealedChannel::Hotline, &id, &body.reason)
            .await?;
    Ok(Json(UnsealResponse { reporter }))
}

/// Report misconduct or corruption by staff (any signed-in user): sealed like the hotline, seen by internal
/// affairs only.
#[utoipa::path(post, path = "/api/v1/integrity-reports", request_body = ReportSubmission,
    responses((status = 200, body = ReportReceipt), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn create_integrity_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<ReportSubmission>,
) -> AppResult<Json<ReportReceipt>> {
    submit(&st, &who, SealedChannel::Integrity, body).await
}

#[utoipa::path(get, path = "/api/v1/integrity-reports",
    responses((status = 200, body = [CommunityReport]), (status = 403, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn list_integrity_reports(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> AppResult<Json<Vec<CommunityReport>>> {
    Ok(Json(
        hotline::list_reports(&st, who.actor(), SealedChannel::Integrity, LIST_LIMIT).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/integrity-reports/{id}", params(("id" = String, Path)),
    responses((status = 200, body = CommunityReport), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_integrity_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<CommunityReport>> {
    Ok(Json(
        hotline::get_report(&st, who.actor(), SealedChannel::Integrity, &id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/integrity-reports/{id}/changes", params(("id" = String, Path)), request_body = ReportChange,
    responses((status = 200, body = CommunityReport), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn change_integrity_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<ReportChange>,
) -> AppResult<Json<CommunityReport>> {
    Ok(Json(
        hotline::change_report(&st, who.actor(), SealedChannel::Integrity, &id, change).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/integrity-reports/{id}/unseal", params(("id" = String, Path)), request_body = UnsealRequest,
    responses((status = 200, body = UnsealResponse), (status = 403, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn unseal_integrity_report(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UnsealRequest>,
) -> AppResult<Json<UnsealResponse>> {
    let reporter = hotline::unseal_reporter(
        &st,
        who.actor(),
        SealedChannel::Integrity,
        &id,
        &body.reason,
    )
    .await?;
    Ok(Json(UnsealResponse { reporter }))
}

/// The exchange agreements.
#[utoipa::path(get, path = "/api/v1/agreements",
    responses((status = 200, body = [ExchangeAgreement])), security(("bearer" = []), ("session" = [])))]
pub async fn list_agreements(
    State(st): State<AppState>,
) -> AppResult<Json<Vec<ExchangeAgreement>>> {
    Ok(Json(agreements::list_agreements(&st).await?))
}

/// Keep an agreement (a new one, or a new version of the one with the same id): it takes effect at once.
#[utoipa::path(post, path = "/api/v1/agreements", request_body = ExchangeAgreement,
    responses((status = 200, body = ExchangeAgreement), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn save_agreement(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<ExchangeAgreement>,
) -> AppResult<Json<ExchangeAgreement>> {
    Ok(Json(
        agreements::save_agreement(&st, who.actor(), body).await?,
    ))
}

/// Pass an item to or from a partner through its agreement: fields outside it removed; an item no agreement
/// covers (record type, purpose, validity) refused with 422 — logged either way.
#[utoipa::path(post, path = "/api/v1/exchanges", request_body = ExchangeRequest,
    responses((status = 200, body = ExchangeOutcome), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn exchange(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<ExchangeRequest>,
) -> AppResult<Json<ExchangeOutcome>> {
    Ok(Json(
        agreements::exchange_item(&st, who.actor(), body).await?,
    ))
}

/// The exchange log, newest first (what passed and what was refused; never the values).
#[utoipa::path(get, path = "/api/v1/exchanges",
    responses((status = 200, body = [ExchangeLogEntry])), security(("bearer" = []), ("session" = [])))]
pub async fn exchange_log(State(st): State<AppState>) -> AppResult<Json<Vec<ExchangeLogEntry>>> {
    Ok(Json(agreements::exchange_log(&st, LIST_LIMIT).await?))
}

/// A request with whether it is overdue.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RequestView {
    #[serde(flatten)]
    pub request: AssistanceRequest,
    pub overdue: bool,
}

/// The requests for assistance, newest first, the overdue marked.
#[utoipa::path(get, path = "/api/v1/assistance-requests",
    responses((status = 200, body = [RequestView])), security(("bearer" = []), ("session" = [])))]
pub async fn list_requests(State(st): State<AppState>) -> AppResult<Json<Vec<RequestView>>> {
    let now = st.clock.now();
    Ok(Json(
        requests::list_requests(&st)
            .await?
            .into_iter()
            .map(|r| RequestView {
                overdue: r.overdue(now),
                request: r,
            })
            .collect(),
    ))
}

/// Register a request for assistance (ISACS 05.60 10.5.5): one lacking a mandatory content is refused with 422,
/// the missing items in `details.missing`.
#[utoipa::path(post, path = "/api/v1/assistance-requests", request_body = NewRequest,
    responses((status = 200, body = AssistanceRequest), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn create_request(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<NewRequest>,
) -> AppResult<Json<AssistanceRequest>> {
    Ok(Json(
        requests::create_request(&st, who.actor(), body).await?,
    ))
}

/// Answer, remind, escalate or close a request.
#[utoipa::path(post, path = "/api/v1/assistance-requests/{id}/steps", params(("id" = String, Path)), request_body = RequestStep,
    responses((status = 200, body = AssistanceRequest), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn step_request(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RequestStep>,
) -> AppResult<Json<AssistanceRequest>> {
    Ok(Json(
        requests::step_request(&st, who.actor(), &id, body).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, body = [Notification])), security(("bearer" = []), ("session" = [])))]
pub async fn list_notifications(State(st): State<AppState>) -> AppResult<Json<Vec<Notification>>> {
    Ok(Json(requests::list_notifications(&st).await?))
}

/// Notify a hot pursuit (no later than the crossing) or a cross-border observation (with its prior
/// authorisation reference).
#[utoipa::path(post, path = "/api/v1/notifications", request_body = NewNotification,
    responses((status = 200, body = Notification), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn create_notification(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<NewNotification>,
) -> AppResult<Json<Notification>> {
    Ok(Json(requests::notify(&st, who.actor(), body).await?))
}

/// One notification: the pursuing unit polls it and sees a `stop_requested` status at once.
#[utoipa::path(get, path = "/api/v1/notifications/{id}", params(("id" = String, Path)),
    responses((status = 200, body = Notification), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_notification(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Notification>> {
    Ok(Json(requests::get_notification(&st, &id).await?))
}

/// A step on a notification as the partner's answer comes in.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct StepBody {
    pub step: NotificationStep,
}

/// Record the partner's acknowledgement, "stop" request or the end of the pursuit or observation.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/steps", params(("id" = String, Path)), request_body = StepBody,
    responses((status = 200, body = Notification), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn step_notification(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StepBody>,
) -> AppResult<Json<Notification>> {
    Ok(Json(
        requests::step_notification(&st, who.actor(), &id, body.step).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DirectoryQuery {
    /// Only the counterparts facing this BCP across the border.
    pub facing_bcp: Option<String>,
}

/// The liaison directory.
#[utoipa::path(get, path = "/api/v1/liaison-contacts", params(DirectoryQuery),
    responses((status = 200, body = [LiaisonContact])), security(("bearer" = []), ("session" = [])))]
pub async fn list_contacts(
    State(st): State<AppState>,
    Query(q): Query<DirectoryQuery>,
) -> AppResult<Json<Vec<LiaisonContact>>> {
    Ok(Json(
        directory::contacts(&st, q.facing_bcp.as_deref()).await?,
    ))
}

/// Add or replace a counterpart.
#[utoipa::path(post, path = "/api/v1/liaison-contacts", request_body = LiaisonContact,
    responses((status = 200, body = LiaisonContact), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn save_contact(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<LiaisonContact>,
) -> AppResult<Json<LiaisonContact>> {
    Ok(Json(directory::save_contact(&st, who.actor(), body).await?))
}

/// The alerts, newest first, with their acknowledgements and escalation.
#[utoipa::path(get, path = "/api/v1/cooperation-alerts",
    responses((status = 200, body = [CooperationAlert])), security(("bearer" = []), ("session" = [])))]
pub async fn list_alerts(State(st): State<AppState>) -> AppResult<Json<Vec<CooperationAlert>>> {
    Ok(Json(alerts::list_alerts(&st).await?))
}

/// Send an early warning or alert to BCPs and neighbours by area and topic.
#[utoipa::path(post, path = "/api/v1/cooperation-alerts", request_body = NewAlert,
    responses((status = 200, body = CooperationAlert), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn send_alert(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(body): ApiJson<NewAlert>,
) -> AppResult<Json<CooperationAlert>> {
    Ok(Json(alerts::send_alert(&st, who.actor(), body).await?))
}

/// Which receiver acknowledges.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AcknowledgeBody {
    pub receiver: String,
}

/// Acknowledge an alert for a receiver (a BCP by its own officers).
#[utoipa::path(post, path = "/api/v1/cooperation-alerts/{id}/acknowledgements", params(("id" = String, Path)), request_body = AcknowledgeBody,
    responses((status = 200, body = CooperationAlert), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn acknowledge_alert(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AcknowledgeBody>,
) -> AppResult<Json<CooperationAlert>> {
    Ok(Json(
        alerts::acknowledge(&st, who.actor(), &id, &body.receiver).await?,
    ))
}
