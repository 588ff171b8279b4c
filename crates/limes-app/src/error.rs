//! What every use-case error says about itself, so that the HTTP layer maps all of them in one place (to a
//! status and a JSON body or an error page) and the command line prints them as they are.
use limes_store::StoreError;

/// The kind of a failure, as a caller must react to it.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorClass {
    /// The request is malformed (neither of two alternatives given, both given …).
    BadRequest,
    /// The input is well-formed but wrong; `field` names the field, line or segment.
    Invalid {
        field: String,
        details: Option<serde_json::Value>,
    },
    /// The caller may not do this (not their BCP, not their role for this step).
    Forbidden,
    NotFound,
    /// The state of the records does not allow it (already decided, a reference reused …).
    Conflict,
    /// A fault of ours or of the storage: logged, never shown in detail.
    Internal,
}

/// Implemented by the error type of every use case. `Display` is the message for the person who asked.
pub trait UseCaseError: std::error::Error + Send + Sync + 'static {
    fn class(&self) -> ErrorClass;
}

impl UseCaseError for StoreError {
    fn class(&self) -> ErrorClass {
        match self {
            StoreError::NotFound(_) => ErrorClass::NotFound,
            StoreError::Conflict(_) => ErrorClass::Conflict,
            StoreError::Invalid(_) => ErrorClass::BadRequest,
            StoreError::Backend(_) => ErrorClass::Internal,
        }
    }
}

/// The class of a store error carried inside a use-case error.
pub(crate) fn store_class(e: &StoreError) -> ErrorClass {
    e.class()
}

/// An invalid-input class naming its field.
pub(crate) fn invalid(field: &str) -> ErrorClass {
    ErrorClass::Invalid {
        field: field.to_string(),
        details: None,
    }
}
