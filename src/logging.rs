//! Logging: rotating files in the log folder (10 MB × 10) plus stderr, and the protocol trace
//! log in its own rotating file. A log folder that cannot be written never stops the server:
//! it logs to stderr and says so.

use std::path::Path;

use flexi_logger::writers::FileLogWriter;
use flexi_logger::{
    Cleanup, Criterion, Duplicate, FileSpec, Logger, LoggerHandle, Naming, WriteMode,
};

/// The writer the trace target `{trace}` goes to.
const TRACE_WRITER: &str = "trace";

/// Size at which a log file is rotated.
pub const ROTATE_BYTES: u64 = 10 * 1000 * 1000;
/// Rotated files kept.
pub const KEEP_FILES: usize = 10;

/// Keeps the logger alive; flushes on drop.
pub struct LogGuard {
    handle: Option<LoggerHandle>,
}

impl LogGuard {
    pub fn flush(&self) {
        if let Some(h) = &self.handle {
            h.flush();
        }
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.flush();
            h.shutdown();
        }
    }
}

/// `level` is a flexi_logger/`RUST_LOG` spec (`info`, `debug,mysql=warn`, ...); `RUST_LOG`
/// in the environment wins.
pub fn init(folder: &Path, level: &str) -> LogGuard {
    let spec = level.to_string();
    let to_files = std::fs::create_dir_all(folder).is_ok() && writable(folder);
    let result = if to_files {
        trace_writer(folder).and_then(|tw| {
            Logger::try_with_env_or_str(&spec)?
                .log_to_file(file_spec(folder, "cloud-report-server"))
                .rotate(ROTATE, Naming::Numbers, Cleanup::KeepLogFiles(KEEP_FILES))
                .append()
                .duplicate_to_stderr(Duplicate::All)
                .add_writer(TRACE_WRITER, Box::new(tw))
                .format(flexi_logger::detailed_format)
                .write_mode(WriteMode::BufferAndFlush)
                .start()
        })
    } else {
        Logger::try_with_env_or_str(&spec).and_then(|l| {
            l.log_to_stderr()
                .format(flexi_logger::detailed_format)
                .start()
        })
    };
    match result {
        Ok(handle) => {
            if !to_files {
                log::error!(
                    "log folder {} is not writable: logging to stderr only",
                    folder.display()
                );
            }
            LogGuard {
                handle: Some(handle),
            }
        }
        Err(e) => {
            eprintln!("cannot start logging ({e}); continuing without a log file");
            LogGuard { handle: None }
        }
    }
}

/// `<folder>/<basename>_rCURRENT.log`, rotated to numbered files.
fn file_spec(folder: &Path, basename: &str) -> FileSpec {
    FileSpec::default()
        .directory(folder)
        .basename(basename)
        .suppress_timestamp()
}

const ROTATE: Criterion = Criterion::Size(ROTATE_BYTES);

fn trace_writer(folder: &Path) -> Result<FileLogWriter, flexi_logger::FlexiLoggerError> {
    FileLogWriter::builder(file_spec(folder, "trace"))
        .rotate(ROTATE, Naming::Numbers, Cleanup::KeepLogFiles(KEEP_FILES))
        .append()
        .format(flexi_logger::default_format)
        .write_mode(WriteMode::BufferAndFlush)
        .try_build()
}

/// Text from the wire made safe for a log line: control characters (C0 with CR, LF and TAB,
/// DEL, C1) become `\xNN` / `\u{NNNN}`, so a client cannot forge log lines or send terminal
/// escapes (ESC) and NULs into the log files.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() {
            if (c as u32) < 0x100 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a file can be created in `folder`.
pub fn writable(folder: &Path) -> bool {
    let probe = folder.join(format!(".write-probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(super::escape("plain Кирилица"), "plain Кирилица");
        assert_eq!(
            super::escape("a\u{1b}[31mb\u{0}c\r\nd\u{7f}\u{98}"),
            "a\\x1b[31mb\\x00c\\x0d\\x0ad\\x7f\\x98"
        );
    }
}
