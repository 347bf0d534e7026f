//! Counters for `/status` and `/metrics`, updated lock-free on the hot paths.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Upper bounds (ms) of the relay latency histogram buckets.
pub const LATENCY_BUCKETS_MS: &[f64] = &[
    1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0, 30000.0,
];

/// How many recent relay latencies are kept for percentiles.
const RECENT: usize = 4096;

/// The nearest-rank `p`-th percentile (0..=1) of `sorted` values; 0 when empty. Shared by
/// `/status`, the proxy report and the benchmarks so their numbers mean the same.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[derive(Default)]
pub struct Metrics {
    pub sessions_current: AtomicU64,
    pub sessions_total: AtomicU64,
    pub sessions_rejected: AtomicU64,
    pub handshakes: AtomicU64,
    pub identified: AtomicU64,
    pub info_failed: AtomicU64,
    pub pings: AtomicU64,
    pub protocol_errors: AtomicU64,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub auth_calls: AtomicU64,
    pub auth_failures: AtomicU64,
    pub auth_fallbacks: AtomicU64,
    pub http_requests: AtomicU64,
    /// Connections refused by `MaxSessionsPerIP` / `MaxUnidentifiedPerIP`.
    pub sessions_refused_per_ip: AtomicU64,
    /// INFO claims for an object ID that is live on another connection.
    pub duplicate_claims: AtomicU64,
    /// `INFO ID=-1` refused by `NewObjectsPerIPPerHour`.
    pub new_objects_refused: AtomicU64,
    /// ERRL reports over `ErrlPerMinute` (answered, not stored).
    pub errl_dropped: AtomicU64,
    /// Requests refused before INFO (a command that needs an identified session).
    pub unidentified_refused: AtomicU64,
    /// Command handlers that panicked (answered with an error; the session went on).
    pub handler_panics: AtomicU64,
    relays: Mutex<RelayStats>,
}

#[derive(Default)]
struct RelayStats {
    by_code: BTreeMap<i64, u64>,
    buckets: Vec<u64>,
    sum_ms: f64,
    count: u64,
    recent: Vec<f64>,
    next: usize,
}

/// A snapshot of the relay statistics.
#[derive(Debug, Clone, Default)]
pub struct RelaySnapshot {
    pub by_code: BTreeMap<i64, u64>,
    /// Cumulative counts per bucket of [`LATENCY_BUCKETS_MS`].
    pub buckets: Vec<u64>,
    pub sum_ms: f64,
    pub count: u64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
}

impl Metrics {
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// The TCP guard counters (issue 14) as (metric name, help, value), rendered by `/metrics`
    /// and `/status` in one loop each.
    pub fn guard_counters(&self) -> Vec<(&'static str, &'static str, u64)> {
        let g = Self::get;
        vec![
            ("sessions_refused_per_ip", "Client connections refused by MaxSessionsPerIP or MaxUnidentifiedPerIP.", g(&self.sessions_refused_per_ip)),
            ("duplicate_claims", "INFO claims for an object ID live on another connection (legacy rule applied, auth server not called).", g(&self.duplicate_claims)),
            ("new_objects_refused", "INFO ID=-1 registrations refused by NewObjectsPerIPPerHour.", g(&self.new_objects_refused)),
            ("errl_dropped", "ERRL reports over ErrlPerMinute (answered, not stored).", g(&self.errl_dropped)),
            ("unidentified_refused", "Requests refused because the session had not passed INFO.", g(&self.unidentified_refused)),
            ("handler_panics", "Protocol command handlers that panicked (error reply, session kept).", g(&self.handler_panics)),
        ]
    }

    /// Records one finished relay: its ResultCode and how long the caller waited.
    pub fn record_relay(&self, result_code: i64, latency_ms: f64) {
        let mut s = self.relays.lock().unwrap_or_else(|p| p.into_inner());
        *s.by_code.entry(result_code).or_default() += 1;
        if s.buckets.is_empty() {
            s.buckets = vec![0; LATENCY_BUCKETS_MS.len()];
        }
        for (i, b) in LATENCY_BUCKETS_MS.iter().enumerate() {
            if latency_ms <= *b {
                s.buckets[i] += 1;
            }
        }
        s.sum_ms += latency_ms;
        s.count += 1;
        if s.recent.len() < RECENT {
            s.recent.push(latency_ms);
        } else {
            let i = s.next;
            s.recent[i] = latency_ms;
        }
        s.next = (s.next + 1) % RECENT;
    }

    pub fn relay_snapshot(&self) -> RelaySnapshot {
        let s = self.relays.lock().unwrap_or_else(|p| p.into_inner());
        let mut sorted = s.recent.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| percentile(&sorted, p);
        RelaySnapshot {
            by_code: s.by_code.clone(),
            buckets: if s.buckets.is_empty() {
                vec![0; LATENCY_BUCKETS_MS.len()]
            } else {
                s.buckets.clone()
            },
            sum_ms: s.sum_ms,
            count: s.count,
            p50: pct(0.50),
            p90: pct(0.90),
            p99: pct(0.99),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_buckets() {
        let m = Metrics::default();
        for i in 1..=100 {
            m.record_relay(if i % 10 == 0 { 203 } else { 0 }, i as f64);
        }
        let s = m.relay_snapshot();
        assert_eq!(s.count, 100);
        assert_eq!(s.by_code[&0], 90);
        assert_eq!(s.by_code[&203], 10);
        assert_eq!(s.p50, 50.0);
        assert_eq!(s.p99, 99.0);
        assert_eq!(s.buckets[0], 1);
        assert_eq!(*s.buckets.last().unwrap(), 100);
    }
}
