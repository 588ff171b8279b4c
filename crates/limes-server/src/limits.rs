//! How large a request body each route takes: small by default, larger only where the route needs it (list and
//! register uploads, manifests), each capped. A larger body is refused with 413 naming the limit, before the
//! caller is authenticated or anything is read.
use crate::error::AppError;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Every form and JSON body: a check, a decision, a user, a sign-in.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;
/// A watchlist or the document-alert register (the UN list is about 2 MB), unless the configuration's
/// `list_upload_max_mib` says otherwise.
pub const LIST_UPLOAD_LIMIT: usize = 32 * 1024 * 1024;
/// A PAXLST interchange (a full wide-body flight is a few hundred KB), a batch of goods declarations or a
/// carrier's cargo report.
pub const MANIFEST_LIMIT: usize = 8 * 1024 * 1024;

/// The body limit of the route with this path template.
pub fn body_limit(path: &str) -> usize {
    match path {
        "/api/v1/watchlists/{id}"
        | "/admin/import/watchlist"
        | "/api/v1/document-alerts"
        | "/admin/import/documents"
        | "/api/v1/stolen-vehicles" => LIST_UPLOAD_LIMIT,
        "/api/v1/api-messages" | "/pax/upload" | "/api/v1/declarations" => MANIFEST_LIMIT,
        // A consignment or inventory of thousands of weapons; a specimen image (the use case caps it lower).
        "/api/v1/salw/verifications"
        | "/api/v1/salw/impoundments/{id}/inventory"
        | "/api/v1/salw/issuers/{code}/specimens" => MANIFEST_LIMIT,
        _ => DEFAULT_BODY_LIMIT,
    }
}

/// The body limit of the route with this path template under this configuration: list uploads are capped by
/// `list_upload_max_mib`.
pub fn configured_body_limit(path: &str, config: &limes_app::Config) -> usize {
    if let Some(limit) = crate::features::seizures::photo_body_limit(path, config) {
        return limit;
    }
    match body_limit(path) {
        LIST_UPLOAD_LIMIT => usize::try_from(config.list_upload_max_mib)
            .unwrap_or(usize::MAX / (1024 * 1024))
            .saturating_mul(1024 * 1024),
        other => other,
    }
}

/// A limit as a person reads it: "64 KiB", "32 MiB".
pub fn readable(limit: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    // Whole units only (powers of two: a mask, which also keeps to the workspace's minimum Rust).
    if limit >= MIB && limit & (MIB - 1) == 0 {
        format!("{} MiB", limit / MIB)
    } else if limit >= KIB && limit & (KIB - 1) == 0 {
        format!("{} KiB", limit / KIB)
    } else {
        format!("{limit} bytes")
    }
}

/// Refuse a body whose declared length is over `limit` (413, naming it). A body without a length (chunked) is
/// held to the same limit by the extractors (`DefaultBodyLimit` on the route).
pub async fn enforce(limit: usize, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::TooLarge {
            limit: readable(limit),
        }
        .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_small_unless_they_take_files() {
        assert_eq!(body_limit("/login"), DEFAULT_BODY_LIMIT);
        assert_eq!(body_limit("/api/v1/checks"), DEFAULT_BODY_LIMIT);
        assert_eq!(body_limit("/api/v1/watchlists/{id}"), LIST_UPLOAD_LIMIT);
        assert_eq!(body_limit("/api/v1/api-messages"), MANIFEST_LIMIT);
        assert_eq!(readable(DEFAULT_BODY_LIMIT), "64 KiB");
        assert_eq!(readable(LIST_UPLOAD_LIMIT), "32 MiB");
        assert_eq!(readable(1000), "1000 bytes");
    }
}
