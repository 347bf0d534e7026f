//! The event writer: the one thread that drains the event channel into the database.
//!
//! * Database up and spool empty: the events waiting in the channel (up to [`BATCH`]) are
//!   written in one transaction, each behind its applied-events guard (see [`super::apply`]).
//! * A write fails (database down, schema too old): that event and every later one go to the
//!   [`Spool`], in order, until the spool has been replayed; reconnects back off from 1 s
//!   doubling to 30 s.
//! * On reconnect (and at start-up) the spool is replayed in order and emptied only after
//!   everything in it is committed. A replay that is interrupted resumes later; lines
//!   committed twice are skipped by the guard, so each event lands exactly once.
//!
//! The protocol threads only ever send to the unbounded channel: nothing here can block them.

use std::io;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, TryRecvError};
use mysql::prelude::Queryable;
use mysql::TxOpts;

use crate::config::DatabaseConfig;
use crate::events::Event;
use crate::shutdown::Shutdown;
use crate::status::{DbEventCounters, DbState, StatusBoard};

use super::spool::{Appended, Spool};
use super::{apply, schema, Database, DbError};

/// Events per transaction (live batches and spool replay chunks).
pub const BATCH: usize = 100;
/// First reconnect delay; doubles up to [`MAX_BACKOFF`].
pub const MIN_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How often `t_settings.log_level` is read again.
pub const LOG_LEVEL_REFRESH: Duration = Duration::from_secs(60);
/// `log_level` when `t_settings` has none (dreport's default too).
pub const DEFAULT_LOG_LEVEL: u8 = 1;
/// How often the writer compares its own view of the database with the status board.
const STATE_CHECK: Duration = Duration::from_secs(1);
/// At shutdown: how long to keep draining for the last sessions' disconnect events.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);
const SHUTDOWN_QUIET: Duration = Duration::from_millis(300);

/// What the writer needs of the rest of the server, and nothing more.
pub struct Links {
    /// Where it reports the database's state, the spool and its counters.
    pub status: StatusBoard,
    pub shutdown: Shutdown,
    /// How many client sessions are still open: at shutdown the writer keeps draining until
    /// they have all disconnected (their disconnect events are the last to write).
    pub live_sessions: Box<dyn Fn() -> u64 + Send>,
}

/// Starts the writer thread. The spool in `SpoolFolder` is opened (and an earlier run's
/// events replayed) by the thread itself, so start-up never waits for the database.
pub fn spawn(
    db: Arc<Database>,
    rx: Receiver<Event>,
    cfg: &DatabaseConfig,
    links: Links,
) -> io::Result<JoinHandle<()>> {
    let spool = match Spool::open(&cfg.spool_folder, cfg.spool_max_bytes) {
        Ok(s) => s,
        Err(e) => {
            log::error!(
                "{e}: events cannot be spooled; while the database is down they are lost (counted in /status)"
            );
            Spool::unavailable(&cfg.spool_folder, cfg.spool_max_bytes)
        }
    };
    let writer = Writer {
        db,
        links,
        rx,
        spool,
        up: false,
        backoff: MIN_BACKOFF,
        retry_at: Instant::now(),
        replay_offset: 0,
        replay_lines: 0,
        log_level: DEFAULT_LOG_LEVEL,
        log_level_at: Instant::now(),
        last_error: None,
        counters: DbEventCounters::default(),
    };
    writer.publish();
    std::thread::Builder::new()
        .name("db-writer".into())
        .spawn(move || writer.run())
}

struct Writer {
    db: Arc<Database>,
    links: Links,
    rx: Receiver<Event>,
    spool: Spool,
    up: bool,
    backoff: Duration,
    retry_at: Instant,
    /// How far the current replay got (bytes into the spool) ...
    replay_offset: u64,
    /// ... and in lines, for the spool depth shown while replaying.
    replay_lines: u64,
    log_level: u8,
    log_level_at: Instant,
    last_error: Option<String>,
    counters: DbEventCounters,
}

/// Counts of one committed transaction.
#[derive(Default)]
struct Done {
    applied: u64,
    already: u64,
}

impl Writer {
    fn run(mut self) {
        log::info!(
            "database writer started for {} (spool {})",
            self.db.target(),
            self.spool.path().display()
        );
        self.recover();
        let mut shutdown_since: Option<Instant> = None;
        let mut last_event = Instant::now();
        let mut last_state_check = Instant::now();
        loop {
            let now = Instant::now();
            let mut wait = Duration::from_millis(200);
            if let Some(t) = self.spool.sync_due() {
                wait = wait.min(t.saturating_duration_since(now));
            }
            if !self.up {
                wait = wait.min(self.retry_at.saturating_duration_since(now));
            }
            match self.rx.recv_timeout(wait) {
                Ok(first) => {
                    let batch = self.batch(first);
                    self.handle(batch);
                    last_event = Instant::now();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if self.spool.sync_due().is_some_and(|t| Instant::now() >= t) {
                self.spool.sync();
            }
            if !self.up && Instant::now() >= self.retry_at {
                self.spool.reopen_if_unavailable();
                self.recover();
            } else if self.up && self.log_level_at.elapsed() >= LOG_LEVEL_REFRESH {
                if let Err(e) = self.refresh_log_level() {
                    self.go_down(e);
                }
            }
            if self.up && last_state_check.elapsed() >= STATE_CHECK {
                // The health check marks the database down when its ping fails; the writer
                // confirms (or corrects) that with a query of its own.
                last_state_check = Instant::now();
                if self.links.status.snapshot().db_state != DbState::Connected {
                    match self.refresh_log_level() {
                        Ok(()) => self.publish(),
                        Err(e) => self.go_down(e),
                    }
                }
            }
            if self.links.shutdown.is_triggered() {
                let since = *shutdown_since.get_or_insert_with(Instant::now);
                let sessions = (self.links.live_sessions)();
                let settled =
                    sessions == 0 && self.rx.is_empty() && last_event.elapsed() >= SHUTDOWN_QUIET;
                if settled || since.elapsed() >= SHUTDOWN_GRACE {
                    break;
                }
            }
        }
        // Whatever is still queued is written or spooled, never dropped on the floor.
        while let Ok(first) = self.rx.try_recv() {
            let batch = self.batch(first);
            self.handle(batch);
        }
        self.spool.sync();
        self.publish();
        let c = self.counters;
        log::info!(
            "database writer stopped: {} written, {} spooled, {} replayed, {} already applied, {} rejected, {} lost; {} events left in the spool",
            c.written,
            c.spooled,
            c.replayed,
            c.already_applied,
            c.rejected,
            self.spool.dropped(),
            self.spool.depth()
        );
    }

    fn batch(&self, first: Event) -> Vec<Event> {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match self.rx.try_recv() {
                Ok(e) => batch.push(e),
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => break,
            }
        }
        batch
    }

    /// Live events: straight to the database when it is up and nothing older waits in the
    /// spool; otherwise (or when the write fails) to the spool, keeping the order.
    fn handle(&mut self, mut batch: Vec<Event>) {
        if self.up && self.spool.is_empty() {
            match self.write(&batch) {
                Ok(done) => {
                    self.counters.written += done.applied;
                    self.counters.already_applied += done.already;
                    self.publish();
                    return;
                }
                Err((committed, done, e)) => {
                    self.counters.written += done.applied;
                    self.counters.already_applied += done.already;
                    batch.drain(..committed);
                    self.go_down(e);
                }
            }
        }
        for e in &batch {
            if self.spool.append(e) == Appended::Stored {
                self.counters.spooled += 1;
            }
        }
        self.publish();
    }

    /// Writes `events` in one transaction; when the database refuses a value, isolates the
    /// offending event(s) by writing one by one and logs them. On a retryable error returns
    /// how many leading events are committed.
    fn write(&mut self, events: &[Event]) -> Result<Done, (usize, Done, DbError)> {
        match self.transaction(events) {
            Ok(done) => Ok(done),
            Err(e) if e.is_retryable() => Err((0, Done::default(), e)),
            Err(first) => {
                log::warn!(
                    "database refused a batch of {} events ({first}); writing them one by one",
                    events.len()
                );
                let mut total = Done::default();
                for (i, ev) in events.iter().enumerate() {
                    match self.transaction(std::slice::from_ref(ev)) {
                        Ok(d) => {
                            total.applied += d.applied;
                            total.already += d.already;
                        }
                        Err(e) if e.is_retryable() => return Err((i, total, e)),
                        Err(e) => {
                            self.counters.rejected += 1;
                            log::error!(
                                "EVENT REJECTED by the database ({e}), not retried: {}",
                                serde_json::to_string(ev).unwrap_or_default()
                            );
                        }
                    }
                }
                Ok(total)
            }
        }
    }

    fn transaction(&self, events: &[Event]) -> Result<Done, DbError> {
        let mut conn = self.db.conn()?;
        let mut tx = conn.start_transaction(TxOpts::default())?;
        let mut done = Done::default();
        for e in events {
            if apply::apply(&mut tx, e, self.log_level)? {
                done.applied += 1;
            } else {
                done.already += 1;
            }
        }
        tx.commit()?;
        Ok(done)
    }

    /// Connects, checks the schema, reads `log_level`, then replays the spool. Leaves the
    /// writer up only when the spool is empty.
    fn recover(&mut self) {
        if let Err(e) = self.connect() {
            self.go_down(e);
            return;
        }
        self.spool.sync();
        let pending = self.spool.depth();
        let started = Instant::now();
        let mut replayed = 0u64;
        loop {
            let chunk = match self.spool.read_chunk(self.replay_offset, BATCH) {
                Ok(c) => c,
                Err(e) => {
                    self.go_down(e);
                    return;
                }
            };
            // End of the spool, or no progress (the file is shorter than counted: it was
            // changed behind our back): what could be read is done.
            if chunk.next_offset <= self.replay_offset
                || (chunk.events.is_empty() && chunk.next_offset >= self.spool.bytes())
            {
                break;
            }
            if self.links.shutdown.is_triggered() && started.elapsed() >= SHUTDOWN_GRACE {
                // A long replay does not hold up the shutdown: the rest stays in the spool
                // for the next start (what was committed is skipped then).
                log::warn!(
                    "shutdown: spool replay stopped after {replayed} of {pending} events; the rest is replayed at the next start"
                );
                return;
            }
            self.replay_lines += chunk.events.len() as u64 + chunk.corrupt;
            match self.write(&chunk.events) {
                Ok(done) => {
                    replayed += done.applied;
                    self.counters.replayed += done.applied;
                    self.counters.already_applied += done.already;
                    self.replay_offset = chunk.next_offset;
                    self.publish();
                }
                Err((_, done, e)) => {
                    self.replay_lines = self
                        .replay_lines
                        .saturating_sub(chunk.events.len() as u64 + chunk.corrupt);
                    // The committed part of this chunk is applied again next time and
                    // skipped by the guard: the offset stays at the chunk's start.
                    self.counters.replayed += done.applied;
                    self.counters.already_applied += done.already;
                    log::warn!(
                        "spool replay interrupted after {replayed} of {pending} events: {e}"
                    );
                    self.go_down(e);
                    return;
                }
            }
            if self.replay_offset >= self.spool.bytes() {
                break;
            }
        }
        if pending > 0 {
            if let Err(e) = self.spool.clear() {
                // Everything is committed; a spool that cannot be emptied is replayed again
                // later and skipped by the guard.
                log::error!("{e}");
                self.go_down(e);
                return;
            }
            log::info!(
                "spool replayed: {replayed} of {pending} events committed in {} ms (the rest were already in the database), spool emptied",
                started.elapsed().as_millis()
            );
        }
        self.replay_offset = 0;
        self.replay_lines = 0;
        if !self.up {
            log::info!(
                "database {} connected (log_level {})",
                self.db.target(),
                self.log_level
            );
        }
        self.up = true;
        self.backoff = MIN_BACKOFF;
        self.last_error = None;
        self.publish();
    }

    fn connect(&mut self) -> Result<(), DbError> {
        let mut conn = self.db.conn()?;
        schema::check(&mut conn)?;
        drop(conn);
        self.refresh_log_level()
    }

    fn refresh_log_level(&mut self) -> Result<(), DbError> {
        let mut conn = self.db.conn()?;
        let v: Option<Option<String>> = conn.exec_first(
            "SELECT s_value FROM t_settings WHERE s_name = ?",
            ("log_level",),
        )?;
        let level = v
            .flatten()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(|n| n.clamp(0, 3) as u8)
            .unwrap_or(DEFAULT_LOG_LEVEL);
        if level != self.log_level {
            log::info!("t_settings.log_level is {level}");
        }
        self.log_level = level;
        self.log_level_at = Instant::now();
        Ok(())
    }

    fn go_down(&mut self, e: DbError) {
        let text = e.to_string();
        if self.up {
            self.backoff = MIN_BACKOFF;
        } else if self.last_error.is_some() {
            self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        }
        if self.up || self.last_error.as_deref() != Some(text.as_str()) {
            let what = match e {
                DbError::SchemaTooOld { .. } => "not written to",
                _ => "unavailable",
            };
            log::error!(
                "database {} {what}: {text}; events go to the spool {} ({} waiting), retry in {} s",
                self.db.target(),
                self.spool.path().display(),
                self.spool.depth(),
                self.backoff.as_secs()
            );
        }
        self.up = false;
        self.retry_at = Instant::now() + self.backoff;
        self.last_error = Some(text);
        self.publish();
    }

    fn publish(&self) {
        let (up, err) = (self.up, self.last_error.clone());
        let (depth, bytes, dropped) = (
            self.spool.depth().saturating_sub(self.replay_lines),
            self.spool.bytes(),
            self.spool.dropped(),
        );
        let counters = self.counters;
        self.links.status.update(|h| {
            h.db_state = if up {
                DbState::Connected
            } else {
                DbState::Down
            };
            h.db_last_error = err;
            h.spool_depth = depth;
            h.spool_bytes = bytes;
            h.spool_dropped = dropped;
            h.db_events = counters;
        });
    }
}
