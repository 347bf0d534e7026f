//! The report as text: what was recorded, grouped by command, then the comparison and the
//! verdict last (so `tail -1` tells the operator whether to switch).

use std::fmt::Write as _;

use super::points::Summary;
use super::{compare, verdict, Status, Verdict};

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
        .info
        .keys
        .iter()
        .map(|(k, v)| format!("{k} ({})", v.count))
        .collect();
    let _ = writeln!(o, "  request key names: {}", or_none(&keys.join(", ")));
    for (order, seen) in &s.info.key_orders {
        let _ = writeln!(o, "  request key order: {order}  x{}", seen.count);
    }
    for (order, seen) in &s.info.reply_key_orders {
        let _ = writeln!(o, "  reply key order:   {order}  x{}", seen.count);
    }
    let _ = writeln!(o, "\n== Tasks (GREQ -> SRSP)");
    let tasks: usize = s.greq.task_layouts.values().map(|v| v.count).sum();
    let empty: usize = s.greq.empty_layouts.values().map(|v| v.count).sum();
    let _ = writeln!(
        o,
        "  GREQ: {tasks} with a task, {empty} with nothing pending; SRSP: {}",
        s.request_count("SRSP")
    );
    let _ = writeln!(
        o,
        "  task keys: {}",
        or_none(
            &s.greq
                .task_keys
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
            &s.greq
                .task_types
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
            &s.srsp
                .result_codes
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
            &s.srsp
                .result_datasets
                .iter()
                .map(|(k, (n, rows))| format!("{k} ({n} results, {rows} rows)"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    let _ = writeln!(o, "\n== Updates (VERS / DWNL)");
    for (name, what) in &s.vers.files {
        let _ = writeln!(o, "  listed: {name}: {what}");
    }
    for d in &s.dwnl.downloads {
        let _ = writeln!(o, "  downloaded: {d}");
    }
    if s.vers.files.is_empty() && s.dwnl.downloads.is_empty() {
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
