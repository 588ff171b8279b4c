//! Prometheus metrics of one application: the counters, gauges and latency histograms that `GET /metrics`
//! renders, kept by the `metrics` crate in a recorder of this application's own.
//!
//! The recorder is not installed process-wide: each [`crate::App`] has its own, so several servers in one
//! process (the tests start many) each count only their own work, and nothing needs a global to be set up first.
use metrics::{Counter, Gauge, Histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Bucket bounds of the latency histograms, in seconds (0.5 ms to 5 s).
const LATENCY_BUCKETS_SECONDS: [f64; 12] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Per-route latency of HTTP requests, by method, route template and status class.
const HTTP_REQUEST_DURATION: &str = "limes_http_request_duration_seconds";

/// How often histogram samples are folded into their buckets when nobody scrapes (so they do not pile up).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

pub struct Metrics {
    pub checks: Counter,
    pub checks_refer: Counter,
    pub decisions: Counter,
    pub logins_ok: Counter,
    pub logins_failed: Counter,
    pub http_errors: Counter,
    pub api_messages: Counter,
    pub api_travellers: Counter,
    pub document_alerts: Gauge,
    pub watchlist_entries: Gauge,
    pub alert_threshold: Gauge,
    check_latency: Histogram,
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// A fresh recorder with every metric registered and described (so each renders from the start, at zero).
    pub fn new() -> Metrics {
        // `set_buckets` fails only on an empty list; without buckets the histograms would render as summaries.
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY_BUCKETS_SECONDS)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let handle = recorder.handle();
        let counter = |name: &'static str, help: &'static str| {
            metrics::with_local_recorder(&recorder, || {
                metrics::describe_counter!(name, help);
                metrics::counter!(name)
            })
        };
        let gauge = |name: &'static str, help: &'static str| {
            metrics::with_local_recorder(&recorder, || {
                metrics::describe_gauge!(name, help);
                metrics::gauge!(name)
            })
        };
        let checks = counter("limes_checks_total", "Border checks run");
        let checks_refer = counter(
            "limes_checks_refer_total",
            "Checks that recommended referral to second line",
        );
        let decisions = counter("limes_decisions_total", "Decisions recorded");
        let logins_ok = counter("limes_logins_total", "Successful logins");
        let logins_failed = counter("limes_login_failures_total", "Failed logins");
        let http_errors = counter("limes_http_server_errors_total", "HTTP 5xx responses");
        let api_messages = counter("limes_api_messages_total", "PAXLST messages accepted");
        let api_travellers = counter(
            "limes_api_travellers_total",
            "Travellers screened before arrival",
        );
        let document_alerts = gauge(
            "limes_document_alerts",
            "Records in the document-alert register",
        );
        let watchlist_entries = gauge(
            "limes_watchlist_entries",
            "Watchlist entries loaded for screening",
        );
        let alert_threshold = gauge(
            "limes_alert_threshold",
            "Watchlist score that refers to second line",
        );
        let check_latency = metrics::with_local_recorder(&recorder, || {
            metrics::describe_histogram!(
                "limes_check_duration_seconds",
                metrics::Unit::Seconds,
                "Time to run a border check, storage included"
            );
            metrics::describe_histogram!(
                HTTP_REQUEST_DURATION,
                metrics::Unit::Seconds,
                "Time to answer an HTTP request, by method, route template and status class"
            );
            metrics::histogram!("limes_check_duration_seconds")
        });
        Metrics {
            checks,
            checks_refer,
            decisions,
            logins_ok,
            logins_failed,
            http_errors,
            api_messages,
            api_travellers,
            document_alerts,
            watchlist_entries,
            alert_threshold,
            check_latency,
            recorder,
            handle,
        }
    }

    /// A border check took `ms` milliseconds.
    pub fn observe_check(&self, ms: f64) {
        self.check_latency.record(ms / 1000.0);
    }

    /// An HTTP request was answered. `route` is the route template (`/api/v1/crossings/{id}`), never the raw
    /// path, so that ids do not multiply the series.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let labels = [
            ("method", method.to_string()),
            ("route", route.to_string()),
            ("status", format!("{}xx", status / 100)),
        ];
        metrics::with_local_recorder(&self.recorder, || {
            metrics::histogram!(HTTP_REQUEST_DURATION, &labels).record(elapsed.as_secs_f64());
        });
    }

    /// Accepted PAXLST messages and the travellers screened in them.
    pub fn api_messages(&self, messages: u64, travellers: u64) {
        self.api_messages.increment(messages);
        self.api_travellers.increment(travellers);
    }

    pub fn inc(counter: &Counter) {
        counter.increment(1);
    }

    /// Every metric in the Prometheus text format.
    pub fn render(&self) -> String {
        self.handle.render()
    }

    /// Fold histogram samples into their buckets every few seconds until `stop`: rendering does it too, but a
    /// server nobody scrapes would otherwise keep every sample.
    pub async fn upkeep(&self, stop: CancellationToken) {
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(UPKEEP_EVERY) => self.handle.run_upkeep(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_renders_from_the_start_under_its_name() {
        let m = Metrics::new();
        let text = m.render();
        for name in [
            "limes_checks_total 0",
            "limes_checks_refer_total 0",
            "limes_decisions_total 0",
            "limes_logins_total 0",
            "limes_login_failures_total 0",
            "limes_http_server_errors_total 0",
            "limes_api_messages_total 0",
            "limes_api_travellers_total 0",
            "limes_document_alerts 0",
            "limes_watchlist_entries 0",
            "limes_alert_threshold 0",
            "# TYPE limes_check_duration_seconds histogram",
            "limes_check_duration_seconds_count 0",
        ] {
            assert!(text.contains(name), "{name} missing in\n{text}");
        }
        assert!(text.contains("# HELP limes_checks_total Border checks run"));
    }

    #[test]
    fn two_applications_count_apart() {
        let a = Metrics::new();
        let b = Metrics::new();
        Metrics::inc(&a.checks);
        a.observe_check(3.0);
        assert!(a.render().contains("limes_checks_total 1"));
        assert!(a.render().contains("limes_check_duration_seconds_count 1"));
        assert!(b.render().contains("limes_checks_total 0"));
    }

    #[test]
    fn request_latency_is_labelled_by_route_template_and_status_class() {
        let m = Metrics::new();
        m.observe_request(
            "GET",
            "/api/v1/crossings/{id}",
            404,
            Duration::from_millis(3),
        );
        let text = m.render();
        assert!(
            text.contains(
                "limes_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/crossings/{id}\",status=\"4xx\",le=\"0.005\"} 1"
            ),
            "{text}"
        );
        assert!(text.contains("# TYPE limes_http_request_duration_seconds histogram"));
    }
}
