//! `proxy-report`: reads the recordings, summarises what the original server and its clients
//! really said, and compares it point by point with what this server implements.
//!
//! * [`summary`]: reads the recordings in order and hands each record to the evidence of the
//!   points it concerns (plus the generic counts every point shares: verbs, layouts, errors,
//!   decoded payloads).
//! * [`points`]: one file per protocol point, each collecting its own evidence and judging it
//!   with the one rule of [`Status::judge`].
//! * [`render`]: the text report, verdict last.
//!
//! The expected side of every comparison is computed from the server's own code — the
//! layouts come from [`crate::assumed`] rendered with [`super::layout_of`], the error texts
//! from [`crate::cmd::ProtocolError::reply`], the implemented verbs from
//! [`crate::cmd::Command::parse`] — so the report can never disagree with the server about
//! what the server does. Changing an ASSUMED point in `assumed.rs` changes the report's
//! expectation with it.

mod points;
mod render;
mod seen;
mod summary;

pub use points::Summary;
pub use points::{compare, implements, server_error_texts};
pub use render::render;
pub use seen::{ErrorSeen, Seen};
pub use summary::{recording_files, summarise};

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

    /// The one rule every point is judged by: nothing seen proves nothing; otherwise a single
    /// contradiction outweighs any number of confirmations.
    pub fn judge(seen: bool, contradicted: bool) -> Status {
        if !seen {
            Status::NotSeen
        } else if contradicted {
            Status::Contradicted
        } else {
            Status::Confirmed
        }
    }
}

/// One point of the protocol checked against the recordings.
#[derive(Debug, Clone)]
pub struct Point {
    pub name: &'static str,
    /// VERIFIED, HIGH or ASSUMED (the protocol description's evidence level).
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

impl Point {
    /// Evidence beyond the point's main rule (a payload that is not JSON, a SIZE that does
    /// not match) contradicts it whatever the rule said.
    pub fn contradicted_if(&mut self, contradicted: bool) {
        if contradicted {
            self.status = Status::Contradicted;
        }
    }
}

/// The final word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Safe,
    NotSafe,
    NotProven,
}

/// The verdict and its one line.
pub fn verdict(points: &[Point]) -> (Verdict, String) {
    let select =
        |keep: &dyn Fn(&Point) -> bool| points.iter().filter(|p| keep(p)).collect::<Vec<_>>();
    let blocking = select(&|p| p.status == Status::Contradicted && p.blocking);
    let cosmetic = select(&|p| p.status == Status::Contradicted && !p.blocking);
    let missing = select(&|p| p.status == Status::NotSeen && p.essential);
    let unseen = select(&|p| p.status == Status::NotSeen && !p.essential);
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
            line.push_str(&format!("; also differs (cosmetic): {}", short(&cosmetic)));
        }
        return (Verdict::NotSafe, line);
    }
    if !missing.is_empty() {
        let mut line = format!(
            "VERDICT: NOT PROVEN YET: nothing contradicts the server, but not seen: {}; keep recording (and run a report on the dreport site for a recorded shop so GREQ/SRSP pass through)",
            short(&missing)
        );
        if !cosmetic.is_empty() {
            line.push_str(&format!("; differs (cosmetic): {}", names(&cosmetic)));
        }
        return (Verdict::NotProven, line);
    }
    let mut line = "VERDICT: SAFE TO SWITCH: every essential point confirmed".to_string();
    if !cosmetic.is_empty() {
        line.push_str(&format!(
            "; differs but harmless, fix when convenient: {}",
            names(&cosmetic)
        ));
    }
    if !unseen.is_empty() {
        line.push_str(&format!("; not seen (residual risk): {}", short(&unseen)));
    }
    (Verdict::Safe, line)
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

    /// The framing point counts the tap's flags: a reworded note text changes nothing, a
    /// flag without any text still contradicts.
    #[test]
    fn framing_is_judged_by_flags_not_texts() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.jsonl");
        let lines = [
            r#"{"t":"2026-01-01T00:00:00.000+00:00","seq":1,"dir":"c2s","event":"request","verb":"PING","params":[]}"#,
            r#"{"t":"2026-01-01T00:00:00.001+00:00","seq":2,"dir":"s2c","event":"reply","verb":"PING","code":200,"layout":"200","lines":[]}"#,
            r#"{"t":"2026-01-01T00:00:00.002+00:00","seq":3,"dir":"s2c","event":"reply","code":200,"layout":"200","lines":[],"text":"reworded","flags":["unsolicited"]}"#,
            r#"{"t":"2026-01-01T00:00:00.003+00:00","seq":4,"dir":"s2c","event":"note","flags":["malformed_reply_line"]}"#,
        ];
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
        let s = summarise(&[file]).unwrap();
        let framing = compare(&s)
            .into_iter()
            .find(|p| p.name == "Framing and strict lock-step")
            .unwrap();
        assert_eq!(framing.status, Status::Contradicted, "{framing:?}");
        assert_eq!(s.framing.unsolicited.len(), 1);
        assert_eq!(s.framing.malformed.count, 1);
    }

    #[test]
    fn one_rule_for_every_point() {
        assert_eq!(Status::judge(false, true), Status::NotSeen);
        assert_eq!(Status::judge(true, true), Status::Contradicted);
        assert_eq!(Status::judge(true, false), Status::Confirmed);
    }
}
