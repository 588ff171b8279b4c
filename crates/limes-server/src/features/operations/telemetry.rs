//! What every HTTP request leaves for the operators: a tracing span with the method, the route template and the
//! status, and a sample in the per-route latency histogram (server errors counted too). Never the raw path or
//! the query: they can carry document numbers and names.
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use limes_app::metrics::Metrics;
use std::time::{Duration, Instant};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

/// The route label of requests no route matched (scanners would otherwise fill the label set with their paths).
const UNMATCHED: &str = "unmatched";

/// The route template the request matched (`/api/v1/crossings/{id}`), or [`UNMATCHED`].
fn route_of<B>(req: &axum::http::Request<B>) -> &str {
    req.extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
}

/// The method as a label; methods outside HTTP's own are one label.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Middleware: time the request and record it under its method, route template and status class.
pub async fn record_request(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let route = route_of(&req).to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status();
    if status.is_server_error() {
        Metrics::inc(&st.metrics.http_errors);
    }
    st.metrics
        .observe_request(method, &route, status.as_u16(), started.elapsed());
    res
}

/// The span of one request: method and route template now, the status once answered.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &axum::http::Request<B>) -> Span {
        tracing::info_span!(
            "http_request",
            method = method_label(req.method()),
            route = route_of(req),
            status = tracing::field::Empty,
        )
    }
}

/// Writes the status into the request's span, then logs the answer as tower-http does.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordStatus;

impl<B> OnResponse<B> for RecordStatus {
    fn on_response(self, res: &axum::http::Response<B>, latency: Duration, span: &Span) {
        span.record("status", res.status().as_u16());
        DefaultOnResponse::default().on_response(res, latency, span);
    }
}

/// The tracing layer of the router.
pub type HttpTrace = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    RequestSpan,
    DefaultOnRequest,
    RecordStatus,
>;

pub fn trace_layer() -> HttpTrace {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_response(RecordStatus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(
            method_label(&Method::from_bytes(b"PROPFIND").unwrap_or(Method::TRACE)),
            "other"
        );
    }

    /// A log sink for one test: what the fmt subscriber writes, kept.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<parking_lot::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_request_span_holds_the_route_template_and_the_status() {
        use tower::ServiceExt;
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish();
        let _default = tracing::subscriber::set_default(subscriber);
        let app = axum::Router::new()
            .route("/items/{id}", axum::routing::get(|| async { "item" }))
            .layer(trace_layer());
        let req = axum::http::Request::builder()
            .uri("/items/P1234567")
            .body(axum::body::Body::empty())
            .unwrap_or_default();
        let res = app.oneshot(req).await;
        assert_eq!(res.map(|r| r.status().as_u16()).ok(), Some(200));
        let log = String::from_utf8_lossy(&captured.0.lock()).into_owned();
        assert!(
            log.contains("http_request{method=\"GET\" route=\"/items/{id}\" status=200}"),
            "{log}"
        );
        assert!(!log.contains("P1234567"), "the raw path stays out: {log}");
    }

    #[test]
    fn a_request_no_route_matched_is_unmatched() {
        let req = axum::http::Request::builder()
            .uri("/P123456789/anything")
            .body(())
            .unwrap_or_default();
        assert_eq!(route_of(&req), UNMATCHED);
    }
}
