//! Failed-login slow-down per client address.
//!
//! Every address has a budget of `HTTP_LoginFailures` wrong logins that refills at
//! `HTTP_LoginFailuresPerMin` (a token bucket). Once it is spent, every request from that
//! address that carries credentials is answered 429 with `Retry-After` at once, without
//! checking them, so further guesses learn nothing and no worker waits; a correct login
//! while the budget lasts forgets the address's failures. IPv6 addresses count per /64 (one
//! host usually holds a whole /64). At most [`MAX_TRACKED`] addresses are remembered.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Addresses remembered at once; past it, addresses whose budget is full again are dropped
/// first, and a new address is not tracked while the table is still full.
pub const MAX_TRACKED: usize = 65_536;

struct Bucket {
    tokens: f64,
    at: Instant,
}

pub struct LoginThrottle {
    burst: f64,
    per_sec: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// The key an address counts under: IPv4 as is (also when mapped into IPv6), IPv6 per /64.
fn key(ip: IpAddr) -> IpAddr {
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

impl LoginThrottle {
    pub fn new(burst: u32, per_min: u32) -> LoginThrottle {
        LoginThrottle {
            burst: f64::from(burst.max(1)),
            per_sec: f64::from(per_min.max(1)) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let gained = now.saturating_duration_since(b.at).as_secs_f64() * self.per_sec;
        b.tokens = (b.tokens + gained).min(self.burst);
        b.at = now;
    }

    /// `Err(retry_after)` when `ip` has spent its budget of failures.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let Some(b) = map.get_mut(&key(ip)) else {
            return Ok(());
        };
        self.refill(b, now);
        if b.tokens >= 1.0 {
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.per_sec))
        }
    }

    /// Counts a wrong login from `ip`; true when this one spent the budget.
    pub fn failed(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let k = key(ip);
        if !map.contains_key(&k) && map.len() >= MAX_TRACKED {
            let burst = self.burst;
            let per_sec = self.per_sec;
            map.retain(|_, b| {
                let gained = now.saturating_duration_since(b.at).as_secs_f64() * per_sec;
                b.tokens + gained < burst
            });
            if map.len() >= MAX_TRACKED {
                return false;
            }
        }
        let b = map.entry(k).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        self.refill(b, now);
        let before = b.tokens;
        b.tokens = (b.tokens - 1.0).max(0.0);
        before >= 1.0 && b.tokens < 1.0
    }

    /// A correct login: the address's earlier failures are forgotten.
    pub fn succeeded(&self, ip: IpAddr) {
        self.buckets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key(ip));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_then_refusal_then_refill() {
        let t = LoginThrottle::new(3, 60);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(t.check(a).is_ok());
        assert!(!t.failed(a));
        assert!(!t.failed(a));
        assert!(t.failed(a), "the third failure spends the budget");
        let wait = t.check(a).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert!(t.check(b).is_ok(), "other addresses are not affected");
        std::thread::sleep(wait + Duration::from_millis(50));
        assert!(t.check(a).is_ok(), "one failure refilled");
        t.succeeded(a);
        assert!(t.check(a).is_ok());
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_v4_as_v4() {
        let x: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let y: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(key(x), key(y));
        let m: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(key(m), "10.1.2.3".parse::<IpAddr>().unwrap());
    }
}
