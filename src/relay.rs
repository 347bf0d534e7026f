//! Report relaying between an HTTP caller and a client session.
//!
//! The HTTP worker puts its task into the target session's slot and waits on a channel; the
//! session hands the task out on GREQ and completes it on SRSP. One task per client at a time.
//! A client that goes away fails the waiting caller at once.
//!
//! The slot lives in the session's registry entry, but this module does not know the registry:
//! whatever holds a slot implements [`RelayHost`], so the dependency runs one way
//! (registry → relay).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crossbeam_channel::{bounded, Receiver, RecvTimeoutError, Sender};

/// How a relay ended, from the caller's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelayOutcome {
    /// The client's result (decrypted bytes, cp1251 or UTF-8 as the client sent them).
    Answer(Vec<u8>),
    /// The client disconnected before answering.
    Offline,
    /// The task could not be sent (empty, not encodable).
    SendFailed(String),
    /// No answer within the timeout.
    TimedOut,
}

/// Why a task was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
    Busy,
    Offline,
}

struct Pending {
    task: Vec<u8>,
    /// Set when GREQ handed the task out.
    cmd: Option<u32>,
    ticket: u64,
    reply: Sender<RelayOutcome>,
}

/// The per-session slot. Lives in the session's registry entry (`registry::SessionHandle`).
#[derive(Default)]
pub struct RelaySlot {
    pending: Option<Pending>,
    counter: u32,
    next_ticket: u64,
    /// Counters of tasks whose caller gave up; a late SRSP for one is logged as such.
    abandoned: Vec<u32>,
    closed: bool,
}

/// What SRSP found.
#[derive(Debug, PartialEq, Eq)]
pub enum Completion {
    Delivered,
    /// The caller timed out already; the answer is dropped.
    Late,
    Unknown,
}

/// What holds a session's relay slot (the registry's session handle).
pub trait RelayHost {
    fn relay_slot(&self) -> &Arc<Mutex<RelaySlot>>;
}

impl<T: RelayHost + ?Sized> RelayHost for Arc<T> {
    fn relay_slot(&self) -> &Arc<Mutex<RelaySlot>> {
        (**self).relay_slot()
    }
}

/// A caller's claim on a submitted task.
pub struct RelayTicket {
    slot: Arc<Mutex<RelaySlot>>,
    ticket: u64,
    rx: Receiver<RelayOutcome>,
}

fn lock(slot: &Mutex<RelaySlot>) -> MutexGuard<'_, RelaySlot> {
    slot.lock().unwrap_or_else(|p| p.into_inner())
}

fn slot(session: &(impl RelayHost + ?Sized)) -> MutexGuard<'_, RelaySlot> {
    lock(session.relay_slot())
}

/// Queues `task` on `session`.
pub fn submit(session: &impl RelayHost, task: Vec<u8>) -> Result<RelayTicket, SubmitError> {
    let mut s = slot(session);
    if s.closed {
        return Err(SubmitError::Offline);
    }
    if s.pending.is_some() {
        return Err(SubmitError::Busy);
    }
    let (tx, rx) = bounded(1);
    s.next_ticket += 1;
    let ticket = s.next_ticket;
    s.pending = Some(Pending {
        task,
        cmd: None,
        ticket,
        reply: tx,
    });
    Ok(RelayTicket {
        slot: session.relay_slot().clone(),
        ticket,
        rx,
    })
}

impl RelayTicket {
    /// Waits for the answer; on timeout the task is withdrawn so the client is free again.
    pub fn wait(self, timeout: Duration) -> RelayOutcome {
        match self.rx.recv_timeout(timeout) {
            Ok(outcome) => outcome,
            Err(RecvTimeoutError::Disconnected) => RelayOutcome::Offline,
            Err(RecvTimeoutError::Timeout) => {
                let mut s = lock(&self.slot);
                if s.pending.as_ref().map(|p| p.ticket) == Some(self.ticket) {
                    if let Some(p) = s.pending.take() {
                        if let Some(cmd) = p.cmd {
                            s.abandoned.push(cmd);
                            if s.abandoned.len() > 16 {
                                s.abandoned.remove(0);
                            }
                        }
                    }
                    return RelayOutcome::TimedOut;
                }
                drop(s);
                // Completed in the same instant: take what arrived.
                self.rx.try_recv().unwrap_or(RelayOutcome::TimedOut)
            }
        }
    }
}

/// GREQ: the pending task not yet handed out, with its new counter.
pub fn take_for_client(session: &impl RelayHost) -> Option<(u32, Vec<u8>)> {
    let mut s = slot(session);
    // The counter's start is an ASSUMED layout detail (assumed.rs).
    let cmd = if s.counter == 0 {
        crate::assumed::FIRST_CMD
    } else {
        s.counter + 1
    };
    let p = s.pending.as_mut()?;
    if p.cmd.is_some() {
        return None;
    }
    p.cmd = Some(cmd);
    let task = p.task.clone();
    s.counter = cmd;
    Some((cmd, task))
}

/// The task could not be sent to the client: fail its caller.
pub fn fail_pending(session: &impl RelayHost, cmd: u32, why: String) {
    let mut s = slot(session);
    if s.pending.as_ref().and_then(|p| p.cmd) == Some(cmd) {
        if let Some(p) = s.pending.take() {
            let _ = p.reply.send(RelayOutcome::SendFailed(why));
        }
    }
}

/// Whether a caller waits for the answer to task `cmd` (SRSP decodes its payload only then:
/// an answer nobody waits for is never inflated).
pub fn awaits(session: &impl RelayHost, cmd: u32) -> bool {
    slot(session).pending.as_ref().and_then(|p| p.cmd) == Some(cmd)
}

/// SRSP: hands `answer` to the caller waiting for task `cmd`.
pub fn complete(session: &impl RelayHost, cmd: u32, answer: Vec<u8>) -> Completion {
    let mut s = slot(session);
    if s.pending.as_ref().and_then(|p| p.cmd) == Some(cmd) {
        if let Some(p) = s.pending.take() {
            let _ = p.reply.send(RelayOutcome::Answer(answer));
            return Completion::Delivered;
        }
    }
    if s.abandoned.contains(&cmd) {
        s.abandoned.retain(|c| *c != cmd);
        Completion::Late
    } else {
        Completion::Unknown
    }
}

/// The session ended: a waiting caller learns it now, not after its timeout.
pub fn close(session: &impl RelayHost) {
    let mut s = slot(session);
    s.closed = true;
    if let Some(p) = s.pending.take() {
        let _ = p.reply.send(RelayOutcome::Offline);
    }
}

/// Whether a task is waiting or in flight (for `/server/clientlist/` and tests).
pub fn is_busy(session: &impl RelayHost) -> bool {
    slot(session).pending.is_some()
}
