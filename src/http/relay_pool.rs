//! The relays' own bounded set of threads.
//!
//! A relay waits up to `RelayTimeoutSec` for its shop. If it waited on an HTTP worker, a
//! handful of slow shops would take every worker and `/health`, `/status` and every other
//! caller would queue behind them. So a worker only prepares a relay (login, body, task
//! handed to the session) and then moves the tiny_http request to one of these threads,
//! which waits for the answer and writes it. There are at most `HTTP_RelayThreads` of them,
//! started as needed and kept; a relay arriving when all are taken is refused with 503 before
//! its task reaches the shop ([`RelayPool::try_reserve`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{unbounded, Receiver, RecvTimeoutError, Sender};

/// Relay threads wait, convert and write answers: the same work and stack as a worker.
const STACK: usize = 512 * 1024;
/// How often an idle relay thread looks at the stop flag.
const TICK: Duration = Duration::from_millis(250);

type Job = Box<dyn FnOnce() + Send + 'static>;

struct Inner {
    name: String,
    cap: usize,
    /// Permits handed out: relays admitted and not yet finished.
    busy: AtomicUsize,
    threads: Mutex<Vec<JoinHandle<()>>>,
    tx: Sender<Job>,
    rx: Receiver<Job>,
    stop: Arc<AtomicBool>,
}

/// One instance's relay threads.
#[derive(Clone)]
pub struct RelayPool {
    inner: Arc<Inner>,
}

/// A place among the relay threads, held from admission until the relay's answer is written.
pub struct Permit {
    inner: Arc<Inner>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.inner.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

impl RelayPool {
    pub fn new(name: String, cap: usize) -> RelayPool {
        let (tx, rx) = unbounded();
        RelayPool {
            inner: Arc::new(Inner {
                name,
                cap: cap.max(1),
                busy: AtomicUsize::new(0),
                threads: Mutex::new(Vec::new()),
                tx,
                rx,
                stop: Arc::new(AtomicBool::new(false)),
            }),
        }
    }

    /// A place for one more relay, or `None` when `HTTP_RelayThreads` relays are running.
    pub fn try_reserve(&self) -> Option<Permit> {
        let i = &self.inner;
        let mut now = i.busy.load(Ordering::Acquire);
        loop {
            if now >= i.cap {
                return None;
            }
            match i
                .busy
                .compare_exchange_weak(now, now + 1, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => return Some(Permit { inner: i.clone() }),
                Err(seen) => now = seen,
            }
        }
    }

    /// Runs `job` on a relay thread; the permit is released when it has finished. Every
    /// permit has a thread: one is started whenever there are fewer threads than permits.
    pub fn run(&self, permit: Permit, job: impl FnOnce() + Send + 'static) {
        let i = &self.inner;
        {
            let mut threads = i.threads.lock().unwrap_or_else(|p| p.into_inner());
            if threads.len() < i.busy.load(Ordering::Acquire) {
                let (rx, stop) = (i.rx.clone(), i.stop.clone());
                match std::thread::Builder::new()
                    .name(format!("{}-{}", i.name, threads.len()))
                    .stack_size(STACK)
                    .spawn(move || relay_thread(&rx, &stop))
                {
                    Ok(t) => threads.push(t),
                    // The job still runs once a running relay thread is free.
                    Err(e) => log::error!("cannot start a relay thread: {e}"),
                }
            }
        }
        let job: Job = Box::new(move || {
            job();
            drop(permit);
        });
        if i.tx.send(job).is_err() {
            log::error!("relay threads are gone; a relay was dropped");
        }
    }

    /// Relays running now.
    pub fn busy(&self) -> usize {
        self.inner.busy.load(Ordering::Acquire)
    }

    pub fn cap(&self) -> usize {
        self.inner.cap
    }

    /// Threads started so far (they are kept for the next relays).
    pub fn threads(&self) -> usize {
        self.inner
            .threads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len()
    }

    /// Lets every relay thread finish its relay and end; waits for them.
    pub fn stop(&self) {
        self.inner.stop.store(true, Ordering::SeqCst);
        let threads =
            std::mem::take(&mut *self.inner.threads.lock().unwrap_or_else(|p| p.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }
}

fn relay_thread(rx: &Receiver<Job>, stop: &AtomicBool) {
    loop {
        match rx.recv_timeout(TICK) {
            Ok(job) => {
                // A bug in one relay must not cost the set a thread.
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
                    log::error!("a relay panicked (bug); its thread goes on");
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permits_bound_the_threads_and_are_released_after_the_job() {
        let pool = RelayPool::new("t".into(), 2);
        let (go_tx, go_rx) = crossbeam_channel::bounded::<()>(0);
        let a = pool.try_reserve().unwrap();
        let b = pool.try_reserve().unwrap();
        assert!(pool.try_reserve().is_none(), "the cap holds");
        let (done_tx, done_rx) = crossbeam_channel::unbounded();
        for p in [a, b] {
            let (go, done) = (go_rx.clone(), done_tx.clone());
            pool.run(p, move || {
                let _ = go.recv();
                let _ = done.send(());
            });
        }
        assert_eq!(pool.threads(), 2);
        assert_eq!(pool.busy(), 2);
        go_tx.send(()).unwrap();
        go_tx.send(()).unwrap();
        done_rx.recv().unwrap();
        done_rx.recv().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while pool.busy() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(pool.busy(), 0);
        let p = pool.try_reserve().unwrap();
        pool.run(p, || panic!("a bug"));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while pool.busy() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(pool.busy(), 0, "a panicking job releases its permit");
        assert_eq!(pool.threads(), 2, "and its thread lives on");
        pool.stop();
    }
}
