//! Prometheus text metrics, kept by hand: a few counters and a latency histogram for checks.
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const BUCKETS_MS: [f64; 12] = [
    0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 5000.0,
];

#[derive(Default)]
pub struct Metrics {
    pub checks: AtomicU64,
    pub checks_refer: AtomicU64,
    pub decisions: AtomicU64,
    pub logins_ok: AtomicU64,
    pub logins_failed: AtomicU64,
    pub http_errors: AtomicU64,
    pub api_messages: AtomicU64,
    pub api_travellers: AtomicU64,
    check_latency: Mutex<Histogram>,
}

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS_MS.len()],
    sum_ms: f64,
    count: u64,
}

impl Metrics {
    pub fn observe_check(&self, ms: f64) {
        let mut h = self.check_latency.lock();
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if ms <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum_ms += ms;
        h.count += 1;
    }

    /// Accepted PAXLST messages and the travellers screened in them.
    pub fn api_messages(&self, messages: u64, travellers: u64) {
        self.api_messages.fetch_add(messages, Ordering::Relaxed);
        self.api_travellers.fetch_add(travellers, Ordering::Relaxed);
    }

    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn render(&self, gauges: &[(&str, &str, f64)]) -> String {
        let mut out = String::new();
        let counters = [
            ("limes_checks_total", "Border checks run", &self.checks),
            (
                "limes_checks_refer_total",
                "Checks that recommended referral to second line",
                &self.checks_refer,
            ),
            (
                "limes_decisions_total",
                "Decisions recorded",
                &self.decisions,
            ),
            ("limes_logins_total", "Successful logins", &self.logins_ok),
            (
                "limes_login_failures_total",
                "Failed logins",
                &self.logins_failed,
            ),
            (
                "limes_http_server_errors_total",
                "HTTP 5xx responses",
                &self.http_errors,
            ),
            (
                "limes_api_messages_total",
                "PAXLST messages accepted",
                &self.api_messages,
            ),
            (
                "limes_api_travellers_total",
                "Travellers screened before arrival",
                &self.api_travellers,
            ),
        ];
        for (name, help, c) in counters {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
                c.load(Ordering::Relaxed)
            ));
        }
        for (name, help, v) in gauges {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
            ));
        }
        let h = self.check_latency.lock();
        let name = "limes_check_duration_seconds";
        out.push_str(&format!(
            "# HELP {name} Time to run a border check, storage included\n# TYPE {name} histogram\n"
        ));
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            out.push_str(&format!(
                "{name}_bucket{{le=\"{}\"}} {}\n",
                b / 1000.0,
                h.counts[i]
            ));
        }
        out.push_str(&format!("{name}_bucket{{le=\"+Inf\"}} {}\n", h.count));
        out.push_str(&format!(
            "{name}_sum {}\n{name}_count {}\n",
            h.sum_ms / 1000.0,
            h.count
        ));
        out
    }
}
