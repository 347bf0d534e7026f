//! The append-only spool: events that could not reach the database, one JSON object per
//! line, in the order they happened. It lives in `SpoolFolder/events.spool`, survives a
//! restart of the server, and is emptied only after every line in it is committed.
//!
//! Durability is batched: lines are written at once (a crash of the process loses nothing)
//! and fsync-ed every [`SYNC_EVERY`] lines or [`SYNC_AFTER`] (a crash of the machine loses at
//! most that much). A line torn by a crash is cut off when the spool is opened, and logged.
//! The spool is bounded by `SpoolMaxBytes`: when full, events are dropped, counted and
//! logged loudly instead of blocking anyone.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::events::Event;

use super::DbError;

/// The spool file's name inside `SpoolFolder`.
pub const FILE_NAME: &str = "events.spool";
/// fsync after this many unsynced lines ...
pub const SYNC_EVERY: usize = 100;
/// ... or when the oldest unsynced line is this old.
pub const SYNC_AFTER: Duration = Duration::from_millis(200);

/// What [`Spool::append`] did with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    Stored,
    /// The spool is full (or its folder unusable): the event is lost and counted.
    Dropped,
}

/// A batch read back from the spool.
pub struct Chunk {
    pub events: Vec<Event>,
    /// Where the next chunk starts.
    pub next_offset: u64,
    /// Lines that were not valid events (logged and skipped).
    pub corrupt: u64,
}

/// The open spool file and its counters. Owned by the writer thread alone, so no locking
/// inside the process (an `flock` keeps other processes out).
pub struct Spool {
    path: PathBuf,
    file: Option<File>,
    max_bytes: u64,
    bytes: u64,
    depth: u64,
    dropped: u64,
    unsynced: usize,
    first_unsynced: Option<Instant>,
}

fn err(path: &Path, source: std::io::Error) -> DbError {
    DbError::Spool {
        path: path.display().to_string(),
        source,
    }
}

impl Spool {
    /// Opens (or creates) the spool in `folder`, counting what an earlier run left in it.
    /// A torn last line (no newline: the process died in the middle of a write) is cut off
    /// and logged. On error the caller may still use [`Spool::unavailable`].
    pub fn open(folder: &Path, max_bytes: u64) -> Result<Spool, DbError> {
        let path = folder.join(FILE_NAME);
        std::fs::create_dir_all(folder).map_err(|e| err(folder, e))?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|e| err(&path, e))?;
        // One server process per spool: two appending to the same file would interleave.
        // SAFETY: flock on a file descriptor we own; released when the file is closed.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return Err(err(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    "locked by another server process: give each server its own SpoolFolder",
                ),
            ));
        }
        let mut content = Vec::new();
        file.read_to_end(&mut content).map_err(|e| err(&path, e))?;
        let good = match content.iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => 0,
        };
        if good < content.len() {
            log::warn!(
                "spool {}: skipped a torn last line of {} bytes (the server stopped in the middle of writing it): {}",
                path.display(),
                content.len() - good,
                String::from_utf8_lossy(&content[good..content.len().min(good + 200)])
            );
            file.set_len(good as u64).map_err(|e| err(&path, e))?;
            file.sync_all().map_err(|e| err(&path, e))?;
        }
        let depth = content[..good].iter().filter(|&&b| b == b'\n').count() as u64;
        if depth > 0 {
            log::warn!(
                "spool {}: {depth} events ({good} bytes) from an earlier run wait for the database",
                path.display()
            );
        }
        Ok(Spool {
            path,
            file: Some(file),
            max_bytes,
            bytes: good as u64,
            depth,
            dropped: 0,
            unsynced: 0,
            first_unsynced: None,
        })
    }

    /// A spool whose folder cannot be used: every append is dropped (and counted) until
    /// [`Spool::open`] works again.
    pub fn unavailable(folder: &Path, max_bytes: u64) -> Spool {
        Spool {
            path: folder.join(FILE_NAME),
            file: None,
            max_bytes,
            bytes: 0,
            depth: 0,
            dropped: 0,
            unsynced: 0,
            first_unsynced: None,
        }
    }

    /// `SpoolFolder/events.spool`, for log lines.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Events in the spool.
    pub fn depth(&self) -> u64 {
        self.depth
    }

    /// Size of the spool file (complete lines only).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Events lost because the spool was full or unusable, since start.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Nothing waits: live events may go straight to the database.
    pub fn is_empty(&self) -> bool {
        self.depth == 0
    }

    /// Appends one event as a line. Never blocks on anything but the local disk.
    pub fn append(&mut self, event: &Event) -> Appended {
        let mut line = match serde_json::to_vec(event) {
            Ok(l) => l,
            Err(e) => {
                // Cannot happen for our types; counted like any other loss.
                self.drop_event(event, &format!("cannot serialise: {e}"));
                return Appended::Dropped;
            }
        };
        line.push(b'\n');
        if self.bytes + line.len() as u64 > self.max_bytes {
            let why = format!(
                "spool is full ({} of SpoolMaxBytes={} bytes)",
                self.bytes, self.max_bytes
            );
            self.drop_event(event, &why);
            return Appended::Dropped;
        }
        let Some(file) = self.file.as_mut() else {
            self.drop_event(event, "spool folder is not usable");
            return Appended::Dropped;
        };
        if let Err(e) = file.write_all(&line) {
            // A partial line may be on disk: cut it off so the next line starts clean.
            let _ = file.set_len(self.bytes);
            let why = format!("write failed: {e}");
            self.drop_event(event, &why);
            return Appended::Dropped;
        }
        self.bytes += line.len() as u64;
        self.depth += 1;
        self.unsynced += 1;
        self.first_unsynced.get_or_insert_with(Instant::now);
        if self.unsynced >= SYNC_EVERY {
            self.sync();
        }
        Appended::Stored
    }

    fn drop_event(&mut self, event: &Event, why: &str) {
        self.dropped += 1;
        // Loud, but not one line per event when thousands are dropped.
        if self.dropped <= 10 || self.dropped.is_power_of_two() || self.dropped.is_multiple_of(1000)
        {
            log::error!(
                "EVENT LOST: database down and {why} ({}): {} events dropped so far; this one: {}",
                self.path.display(),
                self.dropped,
                serde_json::to_string(event).unwrap_or_default()
            );
        }
    }

    /// Whether unsynced lines have waited long enough for an fsync.
    pub fn sync_due(&self) -> Option<Instant> {
        self.first_unsynced.map(|t| t + SYNC_AFTER)
    }

    /// fsync-s what was appended.
    pub fn sync(&mut self) {
        if self.unsynced == 0 {
            return;
        }
        if let Some(f) = self.file.as_mut() {
            if let Err(e) = f.sync_data() {
                log::error!("spool {}: fsync failed: {e}", self.path.display());
            }
        }
        self.unsynced = 0;
        self.first_unsynced = None;
    }

    /// Up to `max` events starting at byte `offset`.
    pub fn read_chunk(&mut self, offset: u64, max: usize) -> Result<Chunk, DbError> {
        let path = self.path.clone();
        let Some(file) = self.file.as_mut() else {
            return Ok(Chunk {
                events: Vec::new(),
                next_offset: offset,
                corrupt: 0,
            });
        };
        let mut reader = BufReader::new(file.try_clone().map_err(|e| err(&path, e))?);
        reader
            .seek(SeekFrom::Start(offset))
            .map_err(|e| err(&path, e))?;
        let mut events = Vec::new();
        let mut corrupt = 0;
        let mut pos = offset;
        let mut line = Vec::new();
        while events.len() < max && pos < self.bytes {
            line.clear();
            let n = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| err(&path, e))?;
            if n == 0 {
                break;
            }
            pos += n as u64;
            match serde_json::from_slice::<Event>(&line) {
                Ok(e) => events.push(e),
                Err(e) => {
                    corrupt += 1;
                    log::error!(
                        "spool {}: skipped a line at byte {} that is not an event ({e}): {}",
                        path.display(),
                        pos - n as u64,
                        String::from_utf8_lossy(&line[..line.len().min(200)])
                    );
                }
            }
        }
        Ok(Chunk {
            events,
            next_offset: pos,
            corrupt,
        })
    }

    /// Empties the spool once everything in it is committed.
    pub fn clear(&mut self) -> Result<(), DbError> {
        if let Some(f) = self.file.as_mut() {
            f.set_len(0).map_err(|e| err(&self.path, e))?;
            f.sync_all().map_err(|e| err(&self.path, e))?;
        }
        self.bytes = 0;
        self.depth = 0;
        self.unsynced = 0;
        self.first_unsynced = None;
        Ok(())
    }

    /// Retries opening the file when it was unusable (folder created or fixed meanwhile).
    pub fn reopen_if_unavailable(&mut self) {
        if self.file.is_some() {
            return;
        }
        if let Some(folder) = self.path.parent() {
            if let Ok(s) = Spool::open(folder, self.max_bytes) {
                let dropped = self.dropped;
                *self = s;
                self.dropped = dropped;
                log::info!("spool {} is usable again", self.path.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Local;

    fn ev(i: u64) -> Event {
        Event::ClientError {
            uid: format!("u-{i}"),
            object_id: None,
            host: "HOST".into(),
            peer_ip: "127.0.0.1".into(),
            text: "Грешка".into(),
            at: Local::now(),
        }
    }

    #[test]
    fn append_read_clear_and_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Spool::open(dir.path(), 1 << 20).unwrap();
        for i in 0..5 {
            assert_eq!(s.append(&ev(i)), Appended::Stored);
        }
        s.sync();
        assert_eq!(s.depth(), 5);
        drop(s);
        // A crash in the middle of a line.
        let mut f = OpenOptions::new()
            .append(true)
            .open(dir.path().join(FILE_NAME))
            .unwrap();
        f.write_all(b"{\"ClientError\":{\"uid\":\"u-").unwrap();
        drop(f);
        let mut s = Spool::open(dir.path(), 1 << 20).unwrap();
        assert_eq!(s.depth(), 5);
        s.append(&ev(5));
        let c = s.read_chunk(0, 4).unwrap();
        assert_eq!(c.events.len(), 4);
        let c2 = s.read_chunk(c.next_offset, 100).unwrap();
        assert_eq!(c2.events.len(), 2);
        assert_eq!(c2.events[1].uid(), "u-5");
        assert_eq!(c2.corrupt, 0);
        s.clear().unwrap();
        assert!(s.is_empty());
        assert_eq!(
            std::fs::metadata(dir.path().join(FILE_NAME)).unwrap().len(),
            0
        );
    }

    #[test]
    fn one_process_per_spool() {
        let dir = tempfile::tempdir().unwrap();
        let first = Spool::open(dir.path(), 1 << 20).unwrap();
        let second = Spool::open(dir.path(), 1 << 20);
        assert!(second.is_err());
        drop(first);
        assert!(Spool::open(dir.path(), 1 << 20).is_ok());
    }

    #[test]
    fn bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Spool::open(dir.path(), 600).unwrap();
        let mut stored = 0;
        for i in 0..20 {
            if s.append(&ev(i)) == Appended::Stored {
                stored += 1;
            }
        }
        assert!(stored > 0 && stored < 20);
        assert_eq!(s.dropped(), 20 - stored);
        assert!(s.bytes() <= 600);
    }
}
