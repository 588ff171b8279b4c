//! Where a page may send the browser next: same-site paths only, and header-safe values checked before anything
//! is written, so a crafted `next=` or hidden field can neither lead off-site nor fail after a change was saved.
use crate::error::AppError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether `s` holds a control character (CR, LF, tab, NUL, DEL …): never valid in a path or a hidden field.
pub fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// `next` if it is a path on this site, else `None`. Refused: anything not starting with one `/` (schemes, `//host`,
/// `/\host`, which browsers read as another host), any backslash and any control character (`/\t/host`: browsers
/// drop tabs and newlines from URLs, making it `//host`).
pub fn same_site_path(next: &str) -> Option<&str> {
    let rest = next.strip_prefix('/')?;
    if rest.starts_with('/') || next.contains('\\') || has_control(next) {
        return None;
    }
    Some(next)
}

/// The page to go to after signing in: `next` when it is a same-site path, else the home page.
pub fn after_login(next: Option<&str>) -> String {
    next.and_then(same_site_path).unwrap_or("/").to_string()
}

/// A hidden field or other value that ends up in a redirect: refused with 400, naming the field, when it holds a
/// control character. Call before the use case so nothing is changed.
pub fn header_safe(field: &str, value: &str) -> Result<(), AppError> {
    if has_control(value) {
        return Err(AppError::BadRequest(format!(
            "{field}: control characters (such as line breaks) are not allowed"
        )));
    }
    Ok(())
}

/// A 303 to `target` (a path built by the server); a target that is no valid header value gives 400 instead of
/// the panic of `axum::response::Redirect::to`.
pub fn see_other(target: &str) -> Response {
    match HeaderValue::from_str(target) {
        Ok(v) if same_site_path(target).is_some() => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response()
        }
        _ => AppError::BadRequest("the page to go to next is not a path on this site".into())
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_followed() {
        for good in ["/", "/check", "/pax?date=2026-03-01", "/crossings/abc#x"] {
            assert_eq!(same_site_path(good), Some(good), "{good}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%0d%0a".replace('%', "\r").as_str(),
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/ok\\..",
            "/a\u{7f}",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
        assert_eq!(after_login(Some("/\t/evil.example")), "/");
        assert_eq!(after_login(None), "/");
        assert_eq!(after_login(Some("/history")), "/history");
    }

    #[test]
    fn header_unsafe_values_are_refused_not_panicked_on() {
        assert!(header_safe("flight", "UT101-2026-03-01").is_ok());
        assert!(header_safe("flight", "UT101\r\nSet-Cookie: x=1").is_err());
        assert_eq!(see_other("/check").status(), StatusCode::SEE_OTHER);
        assert_eq!(see_other("/a\r\nb").status(), StatusCode::BAD_REQUEST);
        assert_eq!(see_other("//evil").status(), StatusCode::BAD_REQUEST);
    }
}
