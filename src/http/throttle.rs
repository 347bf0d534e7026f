//! Failed-login slow-down per client address.
//!
//! Every address has a budget of `HTTP_LoginFailures` wrong logins that refills at
//! `HTTP_LoginFailuresPerMin` (a token bucket). Once it is spent, every request from that
//! address that carries credentials is answered 429 with `Retry-After` at once, without
//! checking them, so further guesses learn nothing and no worker waits; a correct login
//! while the budget lasts forgets the address's failures. Addresses count by
//! [`address_key`] (IPv6 per /64), like every per-address bound. At most [`MAX_TRACKED`]
//! addresses are remembered.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use crate::limits::{address_key, TokenBucket};

/// Addresses remembered at once; past it, addresses whose budget is full again are dropped
/// first, and a new address is not tracked while the table is still full.
pub const MAX_TRACKED: usize = 65_536;

pub struct LoginThrottle {
    burst: u32,
    per_sec: f64,
    buckets: Mutex<HashMap<IpAddr, TokenBucket>>,
}

impl LoginThrottle {
    pub fn new(burst: u32, per_min: u32) -> LoginThrottle {
        LoginThrottle {
            burst: burst.max(1),
            per_sec: f64::from(per_min.max(1)) / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(retry_after)` when `ip` has spent its budget of failures.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        match map.get_mut(&address_key(ip)).map(TokenBucket::wait) {
            Some(wait) if !wait.is_zero() => Err(wait),
            _ => Ok(()),
        }
    }

    /// Counts a wrong login from `ip`; true when this one spent the budget.
    pub fn failed(&self, ip: IpAddr) -> bool {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let k = address_key(ip);
        if !map.contains_key(&k) && map.len() >= MAX_TRACKED {
            map.retain(|_, b| !b.is_full());
            if map.len() >= MAX_TRACKED {
                return false;
            }
        }
        let b = map
            .entry(k)
            .or_insert_with(|| TokenBucket::new(self.burst, self.per_sec));
        b.take() && !b.wait().is_zero()
    }

    /// A correct login: the address's earlier failures are forgotten.
    pub fn succeeded(&self, ip: IpAddr) {
        self.buckets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&address_key(ip));
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
        assert_eq!(address_key(x), address_key(y));
        let m: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(address_key(m), "10.1.2.3".parse::<IpAddr>().unwrap());
    }
}
