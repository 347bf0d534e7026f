//! `proxy-report`: reads the recordings, summarises what the original server and its clients
//! really said, and compares it point by point with what this server implements.
//!
//! The expected side of every comparison is computed from the server's own code — the
//! layouts come from [`crate::assumed`] rendered with [`super::layout_of`], the error texts
//! from [`crate::cmd::ProtocolError::reply`], the implemented verbs from
//! [`crate::cmd::Command::parse`] — so the report
//! can never disagree with the server about what the server does. Changing an ASSUMED point
//! in `assumed.rs` changes the report's expectation with it.

mod compare;
mod summary;

pub use compare::{compare, implements, server_error_texts};
pub use summary::{recording_files, summarise, ErrorSeen, Seen, Summary};

use std::fmt::Write as _;

/// The outcome of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Contradicted,
    NotSeen,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Contradicted => "CONTRADICTED",
            Status::NotSeen => "NOT SEEN",
        }
    }
}

/// One point of protocol.md checked against the recordings.
#[derive(Debug, Clone)]
pub struct Point {
    pub name: &'static str,
    /// VERIFIED, HIGH or ASSUMED (protocol.md's evidence level).
    pub level: &'static str,
    pub expected: String,
    pub status: Status,
    /// What was observed (counts, layouts, examples with their recording file).
    pub evidence: Vec<String>,
    /// Where to change the server when contradicted.
    pub fix: &'static str,
    /// A contradiction here means clients would break: not safe to switch.
    pub blocking: bool,
    /// Must be seen at least once before the switch can be called safe.
    pub essential: bool,
}

/// The final word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Safe,
    NotSafe,
    NotProven,
}

/// A reply layout seen: how often and one recording that shows it.
/// The verdict and its one line.
pub fn verdict(points: &[Point]) -> (Verdict, String) {
    let blocking: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::Contradicted && p.blocking)
        .collect();
    let cosmetic: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::Contradicted && !p.blocking)
        .collect();
    let missing: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::NotSeen && p.essential)
        .collect();
    let unseen: Vec<&Point> = points
        .iter()
        .filter(|p| p.status == Status::NotSeen && !p.essential)
        .collect();
    let names = |v: &[&Point]| {
        v.iter()
            .map(|p| format!("{} ({})", p.name, p.fix))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let short = |v: &[&Point]| v.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
    if !blocking.is_empty() {
        let mut line = format!(
            "VERDICT: NOT SAFE TO SWITCH: fix first: {}",
            names(&blocking)
        );
        if !cosmetic.is_empty() {
            let _ = write!(line, "; also differs (cosmetic): {}", short(&cosmetic));
        }
        return (Verdict::NotSafe, line);
    }
    if !missing.is_empty() {
        let mut line = format!(
            "VERDICT: NOT PROVEN YET: nothing contradicts the server, but not seen: {}; keep recording (and run a report on the dreport site for a recorded shop so GREQ/SRSP pass through)",
            short(&missing)
        );
        if !cosmetic.is_empty() {
            let _ = write!(line, "; differs (cosmetic): {}", names(&cosmetic));
        }
        return (Verdict::NotProven, line);
    }
    let mut line = "VERDICT: SAFE TO SWITCH: every essential point confirmed".to_string();
    if !cosmetic.is_empty() {
        let _ = write!(
            line,
            "; differs but harmless, fix when convenient: {}",
            names(&cosmetic)
        );
    }
    if !unseen.is_empty() {
        let _ = write!(line, "; not seen (residual risk): {}", short(&unseen));
    }
    (Verdict::Safe, line)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    crate::metrics::percentile(&v, p)
}

/// The whole report as text (summary, comparison, verdict last).
pub fn render(s: &Summary) -> (Verdict, String) {
    let mut o = String::new();
    let _ = writeln!(o, "CloudReportServer migration proxy report");
    let _ = writeln!(
        o,
        "recordings: {} files, {} sessions, {} records ({} unreadable lines), {} .. {}, {}",
        s.files,
        s.sessions,
        s.records,
        s.unreadable_lines,
        s.first_t.as_deref().unwrap_or("-"),
        s.last_t.as_deref().unwrap_or("-"),
        match (s.masked.contains(&true), s.masked.contains(&false)) {
            (true, false) => "masked",
            (false, true) => "UNMASKED",
            (true, true) => "partly unmasked",
            _ => "-",
        }
    );
    if !s.upstreams.is_empty() {
        let _ = writeln!(
            o,
            "upstream: {}",
            s.upstreams.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    for f in &s.unreadable_files {
        let _ = writeln!(o, "unreadable: {f}");
    }

    let _ = writeln!(o, "\n== Commands (client -> server): parameter names");
    for (verb, sets) in &s.verbs {
        for (names, seen) in sets {
            let _ = writeln!(
                o,
                "  {verb:<6} x{:<6} {}",
                seen.count,
                if names.is_empty() { "(none)" } else { names }
            );
        }
    }
    let _ = writeln!(o, "\n== Reply layouts per command (server -> client)");
    for (verb, layouts) in &s.layouts {
        let lat = s.latency_ms.get(verb).map(|v| v.as_slice()).unwrap_or(&[]);
        let _ = writeln!(
            o,
            "  {verb} (latency p50 {:.1} ms, max {:.1} ms)",
            percentile(lat, 0.5),
            percentile(lat, 1.0)
        );
        for (layout, seen) in layouts {
            let _ = writeln!(o, "    x{:<6} {layout}", seen.count);
        }
    }
    let _ = writeln!(o, "\n== INFO");
    let keys: Vec<String> = s
        .info_keys
        .iter()
        .map(|(k, v)| format!("{k} ({})", v.count))
        .collect();
    let _ = writeln!(o, "  request key names: {}", or_none(&keys.join(", ")));
    for (order, seen) in &s.info_key_orders {
        let _ = writeln!(o, "  request key order: {order}  x{}", seen.count);
    }
    for (order, seen) in &s.info_reply_key_orders {
        let _ = writeln!(o, "  reply key order:   {order}  x{}", seen.count);
    }
    let _ = writeln!(o, "\n== Tasks (GREQ -> SRSP)");
    let tasks: usize = s.greq_task_layouts.values().map(|v| v.count).sum();
    let empty: usize = s.greq_empty_layouts.values().map(|v| v.count).sum();
    let _ = writeln!(
        o,
        "  GREQ: {tasks} with a task, {empty} with nothing pending; SRSP: {}",
        s.request_count("SRSP")
    );
    let _ = writeln!(
        o,
        "  task keys: {}",
        or_none(
            &s.task_keys
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  task types: {}",
        or_none(
            &s.task_types
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  result codes: {}",
        or_none(
            &s.result_codes
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(
        o,
        "  result datasets: {}",
        or_none(
            &s.result_datasets
                .iter()
                .map(|(k, (n, rows))| format!("{k} ({n} results, {rows} rows)"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(o, "\n== Updates (VERS / DWNL)");
    for (name, what) in &s.vers_files {
        let _ = writeln!(o, "  listed: {name}: {what}");
    }
    for d in &s.dwnl {
        let _ = writeln!(o, "  downloaded: {d}");
    }
    if s.vers_files.is_empty() && s.dwnl.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    let _ = writeln!(o, "\n== Error replies");
    for (code, e) in &s.errors {
        let _ = writeln!(
            o,
            "  {code} x{} after {}: {}",
            e.count,
            e.verbs.iter().cloned().collect::<Vec<_>>().join(","),
            e.texts.iter().cloned().collect::<Vec<_>>().join(" / ")
        );
    }
    if s.errors.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    if !s.errl_texts.is_empty() {
        let _ = writeln!(o, "\n== ERRL texts");
        for (t, n) in s.errl_texts.iter().take(20) {
            let _ = writeln!(o, "  x{n} {t}");
        }
    }
    let _ = writeln!(o, "\n== Payloads decoded");
    for (what, n) in &s.decoded_ok {
        let _ = writeln!(o, "  {what}: {n}");
    }
    for (what, f) in &s.decode_failures {
        let _ = writeln!(o, "  {what}: {} FAILED, e.g. {}", f.count, f.example);
    }
    for (what, f) in &s.decode_refused {
        let _ = writeln!(
            o,
            "  {what}: {} undecodable, refused by the original too, e.g. {}",
            f.count, f.example
        );
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o, "\n== Parser notes (bytes were forwarded regardless)");
        for (kind, seen) in &s.notes {
            let _ = writeln!(o, "  x{} {kind}  (e.g. {})", seen.count, seen.example);
        }
    }
    let _ = writeln!(o, "\n== Connection ends (first side to close)");
    for (who, n) in &s.first_closer {
        let _ = writeln!(o, "  x{n} {who}");
    }
    if !s.server_closes.is_empty() {
        let idle: Vec<String> = s
            .server_closes
            .iter()
            .take(20)
            .map(|(secs, id, _)| {
                format!("{secs:.1} s{}", if *id { "" } else { " (not identified)" })
            })
            .collect();
        let _ = writeln!(
            o,
            "  server closes, time since the last exchange: {}",
            idle.join(", ")
        );
    }

    let points = compare(s);
    let _ = writeln!(
        o,
        "\n== Comparison with this server (src/assumed.rs and the command modules)"
    );
    for p in &points {
        let _ = writeln!(
            o,
            "[{}] {} ({}): expected {}",
            p.status.label(),
            p.name,
            p.level,
            p.expected
        );
        for e in p.evidence.iter().take(12) {
            let _ = writeln!(o, "      {e}");
        }
        if p.status == Status::Contradicted {
            let _ = writeln!(
                o,
                "      fix: {}{}",
                p.fix,
                if p.blocking { "" } else { " (not blocking)" }
            );
        }
    }
    let (v, line) = verdict(&points);
    let _ = writeln!(o, "\n{line}");
    (v, o)
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "(none)"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::summary::note_kind;
    use super::*;

    #[test]
    fn implemented_verbs() {
        for v in [
            "INIT", "INFO", "PING", "ERRL", "GREQ", "SRSP", "VERS", "DWNL",
        ] {
            assert!(implements(v), "{v}");
        }
        assert!(!implements("HELO"));
        assert!(!implements(""));
    }

    #[test]
    fn error_texts_come_from_the_server() {
        let t = server_error_texts();
        assert!(t[&503].contains("Unknown command"));
        assert_eq!(t[&502].len(), 2);
    }

    #[test]
    fn empty_summary_is_not_proven() {
        let (v, text) = render(&Summary::default());
        assert_eq!(v, Verdict::NotProven);
        assert!(text.contains("[NOT SEEN] GREQ reply with a task"), "{text}");
        assert!(text
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("VERDICT: NOT PROVEN"));
    }

    #[test]
    fn note_kinds_group_numbers() {
        assert_eq!(
            note_kind("line of 123 bytes exceeds the cap"),
            "line of N bytes exceeds the cap"
        );
    }
}
