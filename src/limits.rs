//! Rates and per-address bounds that keep hostile or broken clients cheap (issue 14): a token
//! bucket (ERRL per session, log lines per session, failed HTTP logins per address), the
//! sliding window of `INFO ID=-1` registrations per address, and the one rule for what "an
//! address" is ([`address_key`]).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The longest request line before INFO has identified the client. A real INIT is under 200
/// bytes and a real INFO under 2 KiB; a client that never identifies cannot make the server
/// hold more than this per connection.
pub const PRE_LOGIN_MAX_LINE: usize = 64 * 1024;

/// The largest INFO plaintext accepted (a 64 KiB line cannot inflate past this without being a
/// zlib bomb).
pub const INFO_MAX_PLAINTEXT: usize = 1024 * 1024;

/// INFO attempts an unidentified connection may fail before it is closed (each one costs an
/// auth REST call).
pub const MAX_FAILED_INFO: u32 = 5;

/// The key every per-address bound counts under: IPv4 as is (also when mapped into IPv6),
/// IPv6 per /64 (one host usually holds a whole /64, and could otherwise step round a cap by
/// changing addresses inside it).
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// A token bucket: `burst` events at once, refilled at `per_sec`.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    burst: f64,
    per_sec: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(burst: u32, per_sec: f64) -> Self {
        TokenBucket {
            burst: f64::from(burst.max(1)),
            per_sec,
            tokens: f64::from(burst.max(1)),
            last: Instant::now(),
        }
    }

    /// `n` per minute, with a burst of `n`.
    pub fn per_minute(n: u32) -> Self {
        Self::new(n, f64::from(n) / 60.0)
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.burst);
    }

    /// Takes one token if there is one.
    pub fn take(&mut self) -> bool {
        self.refill();
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until a token is there (zero when one is now).
    pub fn wait(&mut self) -> Duration {
        self.refill();
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - self.tokens) / self.per_sec)
        }
    }

    /// Whether the bucket has refilled completely (nothing left worth remembering).
    pub fn is_full(&self) -> bool {
        let elapsed = self.last.elapsed().as_secs_f64();
        self.tokens + elapsed * self.per_sec >= self.burst
    }
}

/// Log lines of one source (a session, the accept loop): a burst, then a trickle; what is
/// suppressed is counted and reported with the next line that gets through, so a flood of bad
/// requests cannot rotate the log files' history away.
#[derive(Debug, Clone)]
pub struct LogBudget {
    bucket: TokenBucket,
    suppressed: u64,
}

impl LogBudget {
    /// 20 lines at once, then one every 3 s.
    pub fn new() -> Self {
        LogBudget {
            bucket: TokenBucket::new(20, 1.0 / 3.0),
            suppressed: 0,
        }
    }

    /// `Some(n)` when a line may be written (`n` lines were suppressed before it).
    pub fn allow(&mut self) -> Option<u64> {
        if self.bucket.take() {
            Some(std::mem::take(&mut self.suppressed))
        } else {
            self.suppressed += 1;
            None
        }
    }

    /// Lines suppressed and not yet reported.
    pub fn pending(&mut self) -> u64 {
        std::mem::take(&mut self.suppressed)
    }
}

impl Default for LogBudget {
    fn default() -> Self {
        Self::new()
    }
}

/// ` (N similar lines suppressed)` or nothing.
pub fn suppressed_note(n: u64) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n} similar log lines suppressed)")
    }
}

/// `INFO ID=-1` registrations per address in the last hour: each one creates a trial
/// subscription on the auth server.
#[derive(Debug, Default)]
pub struct NewObjectWindow {
    by_ip: HashMap<IpAddr, VecDeque<Instant>>,
}

/// The window of [`NewObjectWindow`].
pub const NEW_OBJECT_WINDOW: Duration = Duration::from_secs(3600);

impl NewObjectWindow {
    /// Records one registration from `ip` unless `cap` happened within the window.
    pub fn try_record(&mut self, ip: IpAddr, cap: usize) -> bool {
        let now = Instant::now();
        if self.by_ip.len() > 10_000 {
            self.by_ip.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.duration_since(*t) < NEW_OBJECT_WINDOW)
            });
        }
        let q = self.by_ip.entry(address_key(ip)).or_default();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= NEW_OBJECT_WINDOW)
        {
            q.pop_front();
        }
        if q.len() >= cap {
            return false;
        }
        q.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One IPv6 host cannot step round the registration cap by changing addresses in its /64.
    #[test]
    fn new_objects_count_per_address_key() {
        let mut w = NewObjectWindow::default();
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(w.try_record(a, 2));
        assert!(w.try_record(b, 2));
        assert!(!w.try_record(a, 2), "the /64 spent its cap");
        assert!(w.try_record(other, 2), "another /64 has its own");
        let v4: IpAddr = "10.1.2.3".parse().unwrap();
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert!(w.try_record(v4, 1));
        assert!(
            !w.try_record(mapped, 1),
            "a v4-mapped address is the IPv4 one"
        );
    }

    #[test]
    fn bucket_allows_a_burst_then_refuses() {
        let mut b = TokenBucket::per_minute(3);
        assert!(b.take() && b.take() && b.take());
        assert!(!b.take());
    }

    #[test]
    fn log_budget_counts_what_it_suppresses() {
        let mut l = LogBudget::new();
        for _ in 0..20 {
            assert_eq!(l.allow(), Some(0));
        }
        assert_eq!(l.allow(), None);
        assert_eq!(l.allow(), None);
        assert_eq!(l.pending(), 2);
        assert_eq!(l.pending(), 0);
    }

    #[test]
    fn new_objects_are_capped_per_address() {
        let mut w = NewObjectWindow::default();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(w.try_record(a, 2) && w.try_record(a, 2));
        assert!(!w.try_record(a, 2));
        assert!(w.try_record(b, 2));
    }
}
