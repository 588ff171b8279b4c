//! The `Idempotency-Key` header in HTTP terms: reading it, and turning a fresh or remembered answer into a
//! response (the rules are in `limes_app::idempotency`).
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use limes_app::idempotency::{once, Answer, HEADER, MAX_KEY_LEN};
use limes_app::UseCaseError;
use serde::Serialize;
use std::future::Future;

/// The response header that marks a remembered answer given again.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// The key sent with the request, if any; a value that is not text is refused naming the header.
pub fn key(headers: &HeaderMap) -> Result<Option<&str>, AppError> {
    match headers.get(HEADER) {
        None => Ok(None),
        Some(value) => value.to_str().map(Some).map_err(|_| {
            AppError::BadRequest(format!(
                "{HEADER}: a key is 1 to {MAX_KEY_LEN} visible ASCII characters"
            ))
        }),
    }
}

/// The answer as a JSON response; a remembered one with its first status and body.
pub fn respond<T: Serialize>(answer: Answer<T>) -> Response {
    match answer {
        Answer::Fresh(value) => Json(value).into_response(),
        Answer::Replayed(remembered) => {
            let status = StatusCode::from_u16(remembered.status).unwrap_or(StatusCode::OK);
            (
                status,
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    ),
                    (
                        header::HeaderName::from_static("idempotent-replayed"),
                        HeaderValue::from_static("true"),
                    ),
                ],
                remembered.body,
            )
                .into_response()
        }
    }
}

/// A file sent as the request body (a PAXLST interchange, a goods declaration) taken in once per
/// `Idempotency-Key`: an empty body is refused with `empty` saying what to send; a retry gets the first answer.
pub async fn once_for_file<T, E, Fut>(
    st: &AppState,
    who: &Principal,
    headers: &HeaderMap,
    route: &str,
    body: &Bytes,
    empty: &str,
    work: impl FnOnce() -> Fut,
) -> Result<Response, AppError>
where
    T: Serialize,
    E: UseCaseError,
    Fut: Future<Output = Result<T, E>>,
{
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest(empty.to_string()));
    }
    let key = key(headers)?;
    let actor = who.actor();
    let text = String::from_utf8_lossy(body);
    let answer = once(st, &actor, key, route, text, |_| work()).await?;
    Ok(respond(answer))
}
