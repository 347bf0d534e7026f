//! Graceful shutdown: one flag every thread can check, plus a way to be woken.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Cloneable shutdown signal.
#[derive(Clone, Default)]
pub struct Shutdown {
    inner: Arc<(AtomicBool, Mutex<()>, Condvar)>,
}

impl Shutdown {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn trigger(&self) {
        self.inner.0.store(true, Ordering::SeqCst);
        let _guard = self.inner.1.lock().unwrap_or_else(|p| p.into_inner());
        self.inner.2.notify_all();
    }

    pub fn is_triggered(&self) -> bool {
        self.inner.0.load(Ordering::SeqCst)
    }

    /// Sleeps up to `d`, returning early (with `true`) when shutdown is triggered.
    pub fn wait_timeout(&self, d: Duration) -> bool {
        let guard = self.inner.1.lock().unwrap_or_else(|p| p.into_inner());
        if self.is_triggered() {
            return true;
        }
        let _ = self
            .inner
            .2
            .wait_timeout_while(guard, d, |_| !self.is_triggered());
        self.is_triggered()
    }

    /// Triggers on SIGTERM or SIGINT.
    pub fn install_signal_handlers(&self) -> std::io::Result<()> {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])?;
        let me = self.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    log::info!("signal {sig} received: shutting down");
                    me.trigger();
                }
            })?;
        Ok(())
    }
}
