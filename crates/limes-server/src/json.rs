//! The JSON body extractor of the API, whose rejections say what is wrong.
use crate::error::AppError;
use axum::extract::{FromRequest, Request};
use axum::Json;

/// JSON body extractor whose rejections are JSON errors that say what is wrong.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(AppError::BadRequest(format!(
                "request body: {}",
                rejection.body_text()
            ))),
        }
    }
}
