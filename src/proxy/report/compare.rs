//! The comparison: each point of protocol.md, expected value computed from the server's own
//! code, judged against the [`Summary`].

use std::collections::{BTreeMap, BTreeSet};

use super::summary::{Seen, Summary};
use super::{Point, Status};
use crate::assumed::{self, info_keys};
use crate::cmd::{Command, ProtocolError};
use crate::crypto::cp1251;
use crate::proxy::layout_of;
use crate::wire::{Reply, Request};

fn fmt_seen(m: &BTreeMap<String, Seen>) -> Vec<String> {
    m.iter()
        .map(|(k, s)| {
            let k = if k.is_empty() { "(none)" } else { k };
            format!("{k}  x{}  (e.g. {})", s.count, s.example)
        })
        .collect()
}

/// Compares observed layouts with one expected layout.
fn layout_point(
    name: &'static str,
    level: &'static str,
    expected: &Reply,
    seen: &BTreeMap<String, Seen>,
    fix: &'static str,
    blocking: bool,
    essential: bool,
) -> Point {
    let want = layout_of(expected);
    let status = if seen.is_empty() {
        Status::NotSeen
    } else if seen.keys().all(|k| *k == want) {
        Status::Confirmed
    } else {
        Status::Contradicted
    };
    Point {
        name,
        level,
        expected: want,
        status,
        evidence: fmt_seen(seen),
        fix,
        blocking,
        essential,
    }
}

/// The server's own error texts per code, from [`ProtocolError::reply`].
pub fn server_error_texts() -> BTreeMap<u16, BTreeSet<String>> {
    let mut out: BTreeMap<u16, BTreeSet<String>> = BTreeMap::new();
    for e in [
        ProtocolError::BadKey(String::new()),
        ProtocolError::NoInit(String::new()),
        ProtocolError::BadPacket(String::new()),
        ProtocolError::LineTooLong,
        ProtocolError::UnknownCommand(String::new()),
        ProtocolError::Undecodable(String::new()),
        ProtocolError::ReplyEncoding(String::new()),
        ProtocolError::InitFailed(String::new()),
        ProtocolError::DuplicateId(String::new()),
        ProtocolError::NoTask(String::new()),
        ProtocolError::UpdateFailed(String::new()),
    ] {
        let r = e.reply();
        out.entry(r.code).or_default().insert(
            r.lines
                .iter()
                .map(|l| cp1251::to_utf8(l))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    out
}

/// Whether this server implements `verb` (anything but "unknown command").
pub fn implements(verb: &str) -> bool {
    let line = verb.as_bytes();
    let req = Request::parse(line);
    !matches!(Command::parse(&req), Err(ProtocolError::UnknownCommand(_)))
}

/// Every comparison, in protocol order.
pub fn compare(s: &Summary) -> Vec<Point> {
    vec![
        init_request(s),
        layout_point(
            "INIT reply",
            "VERIFIED",
            &Reply::lines(200, vec![b"KEY=30DF".to_vec(), b"LEN=5".to_vec()]),
            &s.init_ok_layouts,
            "src/cmd/init.rs (reply lines)",
            true,
            true,
        ),
        crypto(s),
        info_request(s),
        info_reply(s),
        layout_point(
            "PING reply",
            "VERIFIED",
            &Reply::ok(),
            s.layouts.get("PING").unwrap_or(&BTreeMap::new()),
            "src/cmd/ping.rs",
            true,
            true,
        ),
        layout_point(
            "ERRL reply",
            "ASSUMED",
            &assumed::errl_reply(),
            s.layouts.get("ERRL").unwrap_or(&BTreeMap::new()),
            "src/assumed.rs errl_reply",
            false,
            false,
        ),
        layout_point(
            "GREQ reply, nothing pending",
            "ASSUMED",
            &assumed::greq_empty_reply(),
            &s.greq_empty_layouts,
            "src/assumed.rs greq_empty_reply",
            true,
            true,
        ),
        greq_task(s),
        task_counter(s),
        srsp_request(s),
        layout_point(
            "SRSP reply",
            "ASSUMED",
            &Reply::ok(),
            &s.srsp_ok_layouts,
            "src/cmd/srsp.rs (reply)",
            true,
            true,
        ),
        vers_request(s),
        vers_reply(s),
        dwnl_request(s),
        dwnl_reply(s),
        error_form(s),
        error_texts(s),
        commands(s),
        framing(s),
    ]
}

/// INIT request (HIGH): the parameters the server reads.
fn init_request(s: &Summary) -> Point {
    const INIT_PARAMS: [&str; 6] = ["ID", "DT", "TM", "HST", "ATP", "AVR"];
    let seen = s.verbs.get("INIT").cloned().unwrap_or_default();
    let mut bad = Vec::new();
    for names in seen.keys() {
        let list: Vec<&str> = names.split(' ').filter(|n| !n.is_empty()).collect();
        if !list.contains(&"ID") || !list.contains(&"HST") {
            bad.push(format!("{names}: ID or HST missing"));
        }
        for n in &list {
            if !INIT_PARAMS.contains(n) {
                bad.push(format!("{names}: {n} is not read by the server"));
            }
        }
    }
    let mut evidence = fmt_seen(&seen);
    evidence.extend(bad.iter().cloned());
    Point {
        name: "INIT request parameters",
        level: "HIGH",
        expected: INIT_PARAMS.join(" "),
        status: if seen.is_empty() {
            Status::NotSeen
        } else if bad.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/cmd/init.rs (parameter names)",
        blocking: true,
        essential: true,
    }
}

/// Every payload decodes with the key derived from INIT (VERIFIED).
fn crypto(s: &Summary) -> Point {
    let ok: usize = s.decoded_ok.values().sum();
    let failed: usize = s.decode_failures.values().map(|f| f.count).sum();
    let mut evidence = vec![format!("{ok} payloads decoded, {failed} failed")];
    evidence.extend(
        s.decode_failures
            .iter()
            .map(|(k, v)| format!("{k}: {} failed, e.g. {}", v.count, v.example)),
    );
    evidence.extend(s.decode_refused.iter().map(|(k, v)| {
        format!(
            "{k}: {} not decodable and refused by the original too (client error), e.g. {}",
            v.count, v.example
        )
    }));
    Point {
        name: "Session key and DATA payload crypto",
        level: "VERIFIED",
        expected: "every DATA= payload inflates with the key derived from INIT".into(),
        status: if ok + failed == 0 {
            Status::NotSeen
        } else if failed == 0 {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/crypto/ (session_key, payload); check the INIT records of the failing sessions",
        blocking: true,
        essential: true,
    }
}

/// INFO request keys (ASSUMED): `assumed::info_keys`.
fn info_request(s: &Summary) -> Point {
    let known = |k: &str| {
        info_keys::ALL.iter().any(|a| a.eq_ignore_ascii_case(k))
            || cp1251::from_utf8(k) == info_keys::TEST_MARKER
    };
    let unknown: Vec<String> = s.info_keys.keys().filter(|k| !known(k)).cloned().collect();
    let never: Vec<&str> = info_keys::ALL
        .iter()
        .copied()
        .filter(|a| !s.info_keys.keys().any(|k| k.eq_ignore_ascii_case(a)))
        .collect();
    let has_id = s
        .info_keys
        .keys()
        .any(|k| k.eq_ignore_ascii_case(info_keys::OBJECT_ID));
    let mut evidence: Vec<String> = s
        .info_key_orders
        .iter()
        .map(|(k, v)| format!("keys in order: {k}  x{}  (e.g. {})", v.count, v.example))
        .collect();
    if !unknown.is_empty() {
        evidence.push(format!(
            "sent by the client but not read by the server: {}",
            unknown.join(", ")
        ));
    }
    if !never.is_empty() {
        evidence.push(format!(
            "read by the server but never sent: {}",
            never.join(", ")
        ));
    }
    Point {
        name: "INFO request keys",
        level: "ASSUMED",
        expected: format!("ТТ (marker, optional), {}", info_keys::ALL.join(", ")),
        status: if s.info_keys.is_empty() {
            Status::NotSeen
        } else if unknown.is_empty() && has_id {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/assumed.rs info_keys (map the observed names)",
        blocking: true,
        essential: true,
    }
}

/// INFO reply layout and plaintext keys (VERIFIED).
fn info_reply(s: &Summary) -> Point {
    let mut p = layout_point(
        "INFO reply",
        "VERIFIED",
        &Reply::text(200, format!("{}=x", assumed::DATA_PARAM).into_bytes()),
        &s.info_ok_layouts,
        "src/cmd/info.rs (reply)",
        true,
        true,
    );
    let want = "ID,EX,EN,CD,CT";
    p.expected = format!("{} with plaintext keys {want}", p.expected);
    for (order, seen) in &s.info_reply_key_orders {
        p.evidence.push(format!(
            "plaintext keys: {order}  x{}  (e.g. {})",
            seen.count, seen.example
        ));
        if order != want {
            p.status = Status::Contradicted;
        }
    }
    p
}

/// GREQ with a task (ASSUMED): `assumed::greq_task_reply`.
fn greq_task(s: &Summary) -> Point {
    let mut p = layout_point(
        "GREQ reply with a task",
        "ASSUMED",
        &assumed::greq_task_reply(assumed::FIRST_CMD, "x".into()),
        &s.greq_task_layouts,
        "src/assumed.rs greq_task_reply (and CMD_PARAM)",
        true,
        true,
    );
    p.expected = format!("{} (task JSON in DATA)", p.expected);
    if !s.tasks_not_json.is_empty() {
        p.status = Status::Contradicted;
        p.evidence.extend(
            s.tasks_not_json
                .iter()
                .take(5)
                .map(|t| format!("task is not JSON: {t}")),
        );
    }
    p
}

/// The task counter (ASSUMED): `assumed::FIRST_CMD`, +1 per task.
fn task_counter(s: &Summary) -> Point {
    let first_ok = s
        .first_cmds
        .keys()
        .all(|k| *k == assumed::FIRST_CMD.to_string());
    let mut evidence: Vec<String> = s
        .first_cmds
        .iter()
        .map(|(k, v)| {
            format!(
                "first CMD of a session: {k}  x{}  (e.g. {})",
                v.count, v.example
            )
        })
        .collect();
    evidence.extend(s.cmd_sequence_breaks.iter().take(5).cloned());
    Point {
        name: "Task counter CMD",
        level: "ASSUMED",
        expected: format!("starts at {} and grows by 1 per task", assumed::FIRST_CMD),
        status: if s.first_cmds.is_empty() {
            Status::NotSeen
        } else if first_ok && s.cmd_sequence_breaks.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/assumed.rs FIRST_CMD, src/relay.rs take_for_client",
        blocking: false,
        essential: false,
    }
}

/// SRSP parameters and the echoed counter (ASSUMED).
fn srsp_request(s: &Summary) -> Point {
    let want = format!("{} {}", assumed::CMD_PARAM, assumed::DATA_PARAM);
    let seen = s.verbs.get("SRSP").cloned().unwrap_or_default();
    let mut evidence = fmt_seen(&seen);
    evidence.push(format!(
        "accepted SRSPs whose CMD echoes the last GREQ's CMD: {} of {}",
        s.srsp_cmd_match,
        s.srsp_cmd_match + s.srsp_cmd_mismatch.len()
    ));
    evidence.extend(s.srsp_cmd_mismatch.iter().take(5).cloned());
    let names_ok = seen.keys().all(|k| {
        let mut a: Vec<&str> = k.split(' ').collect();
        let mut b: Vec<&str> = want.split(' ').collect();
        a.sort();
        b.sort();
        a == b
    });
    Point {
        name: "SRSP request",
        level: "ASSUMED",
        expected: format!(
            "SRSP {}=<n> {}=<enc(result JSON)>, n = the task's CMD",
            assumed::CMD_PARAM,
            assumed::DATA_PARAM
        ),
        status: if seen.is_empty() {
            Status::NotSeen
        } else if names_ok && s.srsp_cmd_mismatch.is_empty() && s.results_not_json.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence: {
            let mut e = evidence;
            e.extend(
                s.results_not_json
                    .iter()
                    .take(5)
                    .map(|r| format!("result is not JSON: {r}")),
            );
            e
        },
        fix: "src/assumed.rs CMD_PARAM/DATA_PARAM, src/cmd/srsp.rs",
        blocking: true,
        essential: true,
    }
}

/// VERS parameters (ASSUMED: ignored).
fn vers_request(s: &Summary) -> Point {
    let seen = s.verbs.get("VERS").cloned().unwrap_or_default();
    Point {
        name: "VERS request",
        level: "ASSUMED",
        expected: "parameters, if any, are logged and ignored".into(),
        status: if seen.is_empty() {
            Status::NotSeen
        } else {
            Status::Confirmed
        },
        evidence: fmt_seen(&seen)
            .into_iter()
            .map(|e| format!("parameters: {e}"))
            .collect(),
        fix: "src/cmd/vers.rs",
        blocking: false,
        essential: false,
    }
}

/// VERS reply and its lines (ASSUMED): `assumed::vers_line`.
fn vers_reply(s: &Summary) -> Point {
    let mut p = layout_point(
        "VERS reply",
        "ASSUMED",
        &Reply::text(200, format!("{}=x", assumed::DATA_PARAM).into_bytes()),
        &s.vers_ok_layouts,
        "src/assumed.rs vers_line / parse_vers_line, src/cmd/vers.rs",
        true,
        false,
    );
    p.expected = format!(
        "{} listing {}",
        p.expected,
        assumed::vers_line("NAME", 0, "YYYY-MM-DD HH:MM:SS", "MD5HEX").replace("=0;", "=SIZE;")
    );
    p.evidence.extend(
        s.vers_files
            .iter()
            .take(10)
            .map(|(k, v)| format!("file {k}: {v}")),
    );
    if !s.vers_bad_lines.is_empty() {
        p.status = Status::Contradicted;
        p.evidence.extend(
            s.vers_bad_lines
                .iter()
                .take(5)
                .map(|b| format!("line not in that form: {b}")),
        );
    }
    p
}

/// DWNL parameter (ASSUMED): `assumed::DWNL_FILE_PARAM`.
fn dwnl_request(s: &Summary) -> Point {
    let want = assumed::DWNL_FILE_PARAM.to_string();
    let seen = s.verbs.get("DWNL").cloned().unwrap_or_default();
    Point {
        name: "DWNL request",
        level: "ASSUMED",
        expected: format!("DWNL {}=<name>", assumed::DWNL_FILE_PARAM),
        status: if seen.is_empty() {
            Status::NotSeen
        } else if seen.keys().all(|k| *k == want) {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence: fmt_seen(&seen),
        fix: "src/assumed.rs DWNL_FILE_PARAM",
        blocking: true,
        essential: false,
    }
}

/// DWNL reply (ASSUMED): `assumed::dwnl_reply`, SIZE = decoded length.
fn dwnl_reply(s: &Summary) -> Point {
    let mut p = layout_point(
        "DWNL reply",
        "ASSUMED",
        &assumed::dwnl_reply(1, "x".into()),
        &s.dwnl_ok_layouts,
        "src/assumed.rs dwnl_reply",
        true,
        false,
    );
    p.expected = format!("{} with SIZE = decoded length", p.expected);
    p.evidence.extend(s.dwnl.iter().take(5).cloned());
    if !s.dwnl_size_mismatch.is_empty() {
        p.status = Status::Contradicted;
        p.evidence
            .extend(s.dwnl_size_mismatch.iter().take(5).cloned());
    }
    p
}

/// The wire form of error replies (ASSUMED): `assumed::error_reply`.
fn error_form(s: &Summary) -> Point {
    let mut form_bad = Vec::new();
    let mut evidence = Vec::new();
    for (code, e) in &s.errors {
        evidence.push(format!(
            "{code} x{} after {} : {}  (e.g. {})",
            e.count,
            e.verbs.iter().cloned().collect::<Vec<_>>().join(","),
            e.layouts.iter().cloned().collect::<Vec<_>>().join("  |  "),
            e.example
        ));
        for l in &e.layouts {
            if l.contains(" / ") || !l.contains(' ') {
                form_bad.push(format!("{code}: {l}"));
            }
        }
    }
    evidence.extend(
        form_bad
            .iter()
            .map(|f| format!("not one line with text: {f}")),
    );
    Point {
        name: "Error reply form",
        level: "ASSUMED",
        expected: layout_of(&assumed::error_reply(503, "<text>")).replace("503", "<code>"),
        status: if s.errors.is_empty() {
            Status::NotSeen
        } else if form_bad.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/assumed.rs error_reply",
        blocking: false,
        essential: false,
    }
}

/// Error codes (HIGH) and texts (ASSUMED), against `ProtocolError::reply`.
fn error_texts(s: &Summary) -> Point {
    let ours = server_error_texts();
    let mut diffs = Vec::new();
    let mut same = 0;
    for (code, e) in &s.errors {
        match ours.get(code) {
            None => diffs.push(format!(
                "{code}: not a code this server sends ({})",
                e.texts.iter().cloned().collect::<Vec<_>>().join(" / ")
            )),
            Some(texts) => {
                for t in &e.texts {
                    if texts.contains(t) {
                        same += 1;
                    } else {
                        diffs.push(format!(
                            "{code}: original says {t:?}, this server says {}",
                            texts
                                .iter()
                                .map(|t| format!("{t:?}"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ));
                    }
                }
            }
        }
    }
    let mut evidence = vec![format!("{same} code/text pairs identical")];
    evidence.extend(diffs.iter().cloned());
    Point {
        name: "Error codes and texts",
        level: "HIGH codes, ASSUMED texts",
        expected: ours
            .iter()
            .map(|(c, t)| format!("{c} {}", t.iter().cloned().collect::<Vec<_>>().join("/")))
            .collect::<Vec<_>>()
            .join("; "),
        status: if s.errors.is_empty() {
            Status::NotSeen
        } else if diffs.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/cmd/error.rs (texts), src/assumed.rs error_reply",
        blocking: false,
        essential: false,
    }
}

/// The command set (HIGH): a verb the original accepts that this server does not know.
fn commands(s: &Summary) -> Point {
    // A verb this server does not know is a gap only if the original accepted it (a 200
    // reply); one the original refuses as well is client noise.
    let mut missing = Vec::new();
    let mut refused = Vec::new();
    for (v, seen) in s.verbs.iter().filter(|(v, _)| !implements(v)) {
        let layouts = s.layouts.get(v);
        let line = format!(
            "{v:?} x{} (e.g. {}), answered {}",
            seen.values().map(|x| x.count).sum::<usize>(),
            seen.values()
                .next()
                .map(|x| x.example.as_str())
                .unwrap_or(""),
            layouts
                .map(|l| l.keys().cloned().collect::<Vec<_>>().join(" | "))
                .unwrap_or_else(|| "nothing".into())
        );
        if layouts.is_some_and(|l| l.keys().any(|k| k.starts_with("200"))) {
            missing.push(format!("implemented by the original, not here: {line}"));
        } else {
            refused.push(format!("refused by the original too: {line}"));
        }
    }
    let mut evidence = vec![format!(
        "seen: {}",
        s.verbs.keys().cloned().collect::<Vec<_>>().join(" ")
    )];
    evidence.extend(missing.iter().cloned());
    evidence.extend(refused);
    Point {
        name: "Commands",
        level: "HIGH",
        expected: "INIT INFO PING ERRL GREQ SRSP VERS DWNL (anything else: 503)".into(),
        status: if s.verbs.is_empty() {
            Status::NotSeen
        } else if missing.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/cmd/mod.rs (add the command)",
        blocking: true,
        essential: true,
    }
}

/// Framing and lock-step (VERIFIED): no unsolicited or malformed replies.
fn framing(s: &Summary) -> Point {
    let malformed: usize = s
        .notes
        .iter()
        .filter(|(k, _)| k.starts_with("s2c: not an Indy reply"))
        .map(|(_, v)| v.count)
        .sum();
    let mut evidence = vec![format!(
        "{} replies without a request, {malformed} reply lines not in Indy form, {} replies with code-less or mixed-code lines",
        s.unsolicited.len(),
        s.odd_replies.len()
    )];
    evidence.extend(s.unsolicited.iter().take(5).cloned());
    evidence.extend(s.odd_replies.iter().take(5).cloned());
    evidence.extend(
        s.notes
            .iter()
            .filter(|(k, _)| k.starts_with("s2c: not an Indy reply"))
            .map(|(_, v)| v.example.clone()),
    );
    Point {
        name: "Framing and strict lock-step",
        level: "VERIFIED",
        expected: "one Indy reply (NNN / NNN text / NNN-…) per request, nothing unsolicited".into(),
        status: if s.layouts.is_empty() {
            Status::NotSeen
        } else if s.unsolicited.is_empty() && malformed == 0 && s.odd_replies.is_empty() {
            Status::Confirmed
        } else {
            Status::Contradicted
        },
        evidence,
        fix: "src/wire/ and src/session.rs",
        blocking: true,
        essential: true,
    }
}
