//! The `Idempotency-Key` header in HTTP terms: reading it, and turning a fresh or remembered answer into a
//! response (the rules are in `limes_app::idempotency`).
use crate::error::AppError;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use limes_app::idempotency::{Answer, HEADER, MAX_KEY_LEN};
use serde::Serialize;

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
