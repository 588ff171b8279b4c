//! Small arms as JSON: issuing authorities and their specimens, transfer authorisations, the verification of a
//! consignment at the border, impoundments with their inventory and custody hand-overs. Use cases in
//! `limes_app::salw`.
use crate::auth::Principal;
use crate::error::{AppResult, ErrorBody};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use limes_app::salw::{IssuerInput, VerificationReport};
use limes_domain::salw::*;
use limes_store::salw::{AuthorisationRecord, StoredImpoundment};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(
        list_issuers,
        put_issuer,
        add_specimen,
        list_authorisations,
        register_authorisation,
        get_authorisation,
        verify_consignment,
        list_impoundments,
        get_impoundment,
        take_inventory,
        start_handover,
        confirm_handover,
        link_seizure
    ),
    components(schemas(
        IssuerInput,
        Issuer,
        Specimen,
        SpecimenKind,
        Authorisation,
        AuthorisationRecord,
        AuthorisationProblem,
        TransferKind,
        Party,
        Route,
        WeaponLine,
        Consignment,
        PresentedWeapon,
        VerificationReport,
        Verification,
        VerificationOutcome,
        Ground,
        GroundCode,
        StoredImpoundment,
        Impoundment,
        InventoryItem,
        ImportMarking,
        CustodyRecord,
        CountDifference,
        StorageKind,
        InventoryRequest,
        HandoverRequest,
        CountRequest,
        SeizureLink
    ))
)]
pub struct ApiDoc;

/// The most records a list answers with.
const LIST_LIMIT: usize = 200;

/// Every issuing authority of transfer authorisations, with its specimens and public key.
#[utoipa::path(get, path = "/api/v1/salw/issuers",
    responses((status = 200, body = [Issuer])), security(("bearer" = []), ("session" = [])))]
pub async fn list_issuers(State(st): State<AppState>) -> AppResult<Json<Vec<Issuer>>> {
    Ok(Json(limes_app::salw::issuers(&st).await?))
}

/// Register an issuing authority (or change one under its code). `issued_in_limes`: its authorisations are
/// signed with this installation's key, whose public half the BCP nodes verify them with offline.
#[utoipa::path(post, path = "/api/v1/salw/issuers", request_body = IssuerInput,
    responses((status = 200, body = Issuer), (status = 422, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn put_issuer(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(input): ApiJson<IssuerInput>,
) -> AppResult<Json<Issuer>> {
    Ok(Json(
        limes_app::salw::put_issuer(&st, who.actor(), input).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SpecimenQuery {
    /// `signature` or `seal`.
    pub kind: SpecimenKind,
}

/// Add a specimen signature or seal of a foreign issuer: the image (PNG or JPEG, at most 256 KiB) as the body.
#[utoipa::path(post, path = "/api/v1/salw/issuers/{code}/specimens", params(("code" = String, Path), SpecimenQuery),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 200, body = Issuer), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn add_specimen(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(code): Path<String>,
    Query(q): Query<SpecimenQuery>,
    body: Bytes,
) -> AppResult<Json<Issuer>> {
    Ok(Json(
        limes_app::salw::add_specimen(&st, who.actor(), &code, q.kind, body.as_ref()).await?,
    ))
}

/// The latest registered transfer authorisations, newest first.
#[utoipa::path(get, path = "/api/v1/salw/authorisations",
    responses((status = 200, body = [AuthorisationRecord])), security(("bearer" = []), ("session" = [])))]
pub async fn list_authorisations(
    State(st): State<AppState>,
) -> AppResult<Json<Vec<AuthorisationRecord>>> {
    Ok(Json(
        limes_app::salw::authorisations(&st, LIST_LIMIT).await?,
    ))
}

/// Register a transfer authorisation (export, import, transit, brokering). Refused (422) with every reason:
/// unknown issuer, expired or inverted dates, overlapping serials, quantities that do not match the serials —
/// each naming its field or line.
#[utoipa::path(post, path = "/api/v1/salw/authorisations", request_body = Authorisation,
    responses((status = 200, body = AuthorisationRecord), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn register_authorisation(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(a): ApiJson<Authorisation>,
) -> AppResult<Json<AuthorisationRecord>> {
    Ok(Json(
        limes_app::salw::register_authorisation(&st, who.actor(), a).await?,
    ))
}

/// One authorisation by its key, `ISSUER:NUMBER`.
#[utoipa::path(get, path = "/api/v1/salw/authorisations/{key}", params(("key" = String, Path)),
    responses((status = 200, body = AuthorisationRecord), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_authorisation(
    State(st): State<AppState>,
    Path(key): Path<String>,
) -> AppResult<Json<AuthorisationRecord>> {
    Ok(Json(limes_app::salw::authorisation(&st, &key).await?))
}

/// Verify a consignment presented at a BCP against its authorisation: exists, authentic, valid today, covers
/// the route and the parties, the goods match line by line and are marked, no party sanctioned and no
/// embargoed destination. `release`, or `impound` with every ground — the impoundment made at once.
#[utoipa::path(post, path = "/api/v1/salw/verifications", request_body = Consignment,
    responses((status = 200, body = VerificationReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn verify_consignment(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    ApiJson(c): ApiJson<Consignment>,
) -> AppResult<Json<VerificationReport>> {
    Ok(Json(limes_app::salw::verify(&st, who.actor(), c).await?))
}

/// The latest impoundments at the caller's BCPs.
#[utoipa::path(get, path = "/api/v1/salw/impoundments",
    responses((status = 200, body = [StoredImpoundment])), security(("bearer" = []), ("session" = [])))]
pub async fn list_impoundments(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
) -> AppResult<Json<Vec<StoredImpoundment>>> {
    Ok(Json(
        limes_app::salw::impoundments(&st, who.actor(), LIST_LIMIT).await?,
    ))
}

/// One impoundment: grounds, inventory with its differences from the documents, custody hand-overs.
#[utoipa::path(get, path = "/api/v1/salw/impoundments/{id}", params(("id" = String, Path)),
    responses((status = 200, body = StoredImpoundment), (status = 404, body = ErrorBody)), security(("bearer" = []), ("session" = [])))]
pub async fn get_impoundment(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
) -> AppResult<Json<StoredImpoundment>> {
    Ok(Json(
        limes_app::salw::impoundment(&st, who.actor(), &id).await?,
    ))
}

/// The customs inventory, counted independently of the documents.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InventoryRequest {
    pub items: Vec<InventoryItem>,
}

/// Take the customs inventory of an impoundment (once); it is compared with the documents.
#[utoipa::path(post, path = "/api/v1/salw/impoundments/{id}/inventory", params(("id" = String, Path)), request_body = InventoryRequest,
    responses((status = 200, body = StoredImpoundment), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn take_inventory(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<InventoryRequest>,
) -> AppResult<Json<StoredImpoundment>> {
    Ok(Json(
        limes_app::salw::take_inventory(&st, who.actor(), &id, req.items).await?,
    ))
}

/// A hand-over: where to, and the serials the officer handing over counted.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HandoverRequest {
    pub to_kind: StorageKind,
    pub to_place: String,
    pub counted: Vec<String>,
}

/// Hand the weapons over (first to the most secure store, then to military or police storage); another officer
/// confirms. A count that differs from the inventory is recorded as an incident.
#[utoipa::path(post, path = "/api/v1/salw/impoundments/{id}/handovers", params(("id" = String, Path)), request_body = HandoverRequest,
    responses((status = 200, body = StoredImpoundment), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn start_handover(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<HandoverRequest>,
) -> AppResult<Json<StoredImpoundment>> {
    Ok(Json(
        limes_app::salw::start_handover(
            &st,
            who.actor(),
            &id,
            req.to_kind,
            &req.to_place,
            req.counted,
        )
        .await?,
    ))
}

/// The serials counted.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CountRequest {
    pub counted: Vec<String>,
}

/// The receiving officer (not the one handing over) confirms with their own count; any difference is recorded
/// and raised as an incident, never silently accepted.
#[utoipa::path(post, path = "/api/v1/salw/impoundments/{id}/handovers/{handover}/confirm",
    params(("id" = String, Path), ("handover" = String, Path)), request_body = CountRequest,
    responses((status = 200, body = StoredImpoundment), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn confirm_handover(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path((id, handover)): Path<(String, String)>,
    ApiJson(req): ApiJson<CountRequest>,
) -> AppResult<Json<StoredImpoundment>> {
    Ok(Json(
        limes_app::salw::confirm_handover(&st, who.actor(), &id, &handover, req.counted).await?,
    ))
}

/// The seizure record an impoundment belongs to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SeizureLink {
    pub seizure_reference: String,
}

/// Link an impoundment to its seizure record (an empty reference unlinks it).
#[utoipa::path(post, path = "/api/v1/salw/impoundments/{id}/seizure", params(("id" = String, Path)), request_body = SeizureLink,
    responses((status = 200, body = StoredImpoundment), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn link_seizure(
    State(st): State<AppState>,
    Extension(who): Extension<Principal>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SeizureLink>,
) -> AppResult<Json<StoredImpoundment>> {
    Ok(Json(
        limes_app::salw::set_seizure_reference(&st, who.actor(), &id, &req.seizure_reference)
            .await?,
    ))
}
