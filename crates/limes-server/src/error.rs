//! One error type for every handler, mapped once to HTTP: JSON for the API, a readable page for the UI.
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use limes_app::{ErrorClass, UseCaseError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    /// Input that parsed but is wrong, with the field it concerns; `message` names the field too.
    #[error("{message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error("authentication required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than this route takes ({limit})")]
    TooLarge { limit: String },
    #[error("too many failed logins; try again in {minutes} minutes")]
    Throttled { minutes: i64 },
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine-readable kind: bad_request, invalid, unauthenticated, forbidden, not_found, conflict, too_large, throttled, internal.
    pub error: String,
    pub message: String,
    /// The field, line or element the error concerns, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: format!("{field}: {}", message.into()),
            details: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid { .. } => "invalid",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::TooLarge { .. } => "too_large",
            AppError::Throttled { .. } => "throttled",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (field, details) = match self {
            AppError::Invalid { field, details, .. } => (Some(field.clone()), details.clone()),
            _ => (None, None),
        };
        let message = match self {
            // Internal details go to the log, not to the client.
            AppError::Internal(_) => "internal error; the incident was logged".to_string(),
            other => other.to_string(),
        };
        ErrorBody {
            error: self.kind().into(),
            message,
            field,
            details,
        }
    }
}

/// The one mapping of every use case's error to HTTP: by its class, with its message.
impl<E: UseCaseError> From<E> for AppError {
    fn from(e: E) -> Self {
        let message = e.to_string();
        match e.class() {
            ErrorClass::BadRequest => AppError::BadRequest(message),
            ErrorClass::Invalid { field, details } => AppError::Invalid {
                field,
                message,
                details,
            },
            ErrorClass::Forbidden => AppError::Forbidden(message),
            ErrorClass::NotFound => {
                AppError::NotFound(message.trim_start_matches("not found: ").to_string())
            }
            ErrorClass::Conflict => AppError::Conflict(message),
            ErrorClass::Internal => {
                AppError::Internal(message.trim_start_matches("internal error: ").to_string())
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        (self.status(), axum::Json(self.body())).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;
