//! The one error enum of the goods use cases.
use crate::error::{store_class, ErrorClass, UseCaseError};
use limes_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum GoodsError {
    /// The input is wrong; `field` names the field (`declarations[2].reference`, `reason`, `rule.when[0]`).
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        details: Option<serde_json::Value>,
    },
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl GoodsError {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> GoodsError {
        GoodsError::Invalid {
            field: field.into(),
            message: message.into(),
            details: None,
        }
    }
}

impl UseCaseError for GoodsError {
    fn class(&self) -> ErrorClass {
        match self {
            GoodsError::Invalid { field, details, .. } => ErrorClass::Invalid {
                field: field.clone(),
                details: details.clone(),
            },
            GoodsError::Forbidden(_) => ErrorClass::Forbidden,
            GoodsError::NotFound(_) => ErrorClass::NotFound,
            GoodsError::Conflict(_) => ErrorClass::Conflict,
            GoodsError::Store(e) => store_class(e),
        }
    }
}
