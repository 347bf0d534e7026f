//! GREQ: the empty reply and the reply with a task (ASSUMED: `assumed::greq_empty_reply`,
//! `assumed::greq_task_reply`) and the task counter (ASSUMED: `assumed::FIRST_CMD`, +1 per
//! task).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{fmt_seen, Spec};
use crate::assumed;
use crate::proxy::record::{Decoded, Record};
use crate::proxy::report::seen::{count, line_value, SeenBy};
use crate::proxy::report::{Point, Summary};

#[derive(Debug, Default)]
pub struct Evidence {
    pub empty_layouts: SeenBy,
    pub task_layouts: SeenBy,
    /// First task counter of each session that got a task.
    pub first_cmds: SeenBy,
    pub sequence_breaks: Vec<String>,
    pub task_keys: BTreeMap<String, usize>,
    pub task_types: BTreeMap<String, usize>,
    pub tasks_not_json: Vec<String>,
}

/// The counters one session has been given so far.
#[derive(Debug, Default)]
pub struct SessionState {
    /// The CMD of the last task handed out (an SRSP should echo it).
    pub last_cmd: Option<u32>,
    seen_cmds: Vec<u32>,
}

impl Evidence {
    pub(in crate::proxy::report) fn on_accepted(
        &mut self,
        r: &Record,
        layout: &str,
        example: &str,
        st: &mut SessionState,
    ) {
        if line_value(r, assumed::DATA_PARAM).is_none() {
            count(&mut self.empty_layouts, layout, example);
            return;
        }
        count(&mut self.task_layouts, layout, example);
        let cmd = line_value(r, assumed::CMD_PARAM).and_then(|c| c.trim().parse::<u32>().ok());
        st.last_cmd = cmd;
        if let Some(c) = cmd {
            if st.seen_cmds.is_empty() {
                count(&mut self.first_cmds, &c.to_string(), example);
            } else if st.seen_cmds.last().map(|l| l + 1) != Some(c) {
                self.sequence_breaks.push(format!(
                    "{example}: {}={c} after {:?}",
                    assumed::CMD_PARAM,
                    st.seen_cmds
                ));
            }
            st.seen_cmds.push(c);
        }
    }

    pub(in crate::proxy::report) fn on_task(&mut self, d: &Decoded, example: &str) {
        match d {
            Decoded::Json {
                json: Value::Object(m),
                ..
            } => {
                for (k, v) in m {
                    *self.task_keys.entry(k.clone()).or_default() += 1;
                    if let Some(t) = v.get("Type").and_then(Value::as_str) {
                        *self.task_types.entry(t.to_string()).or_default() += 1;
                    }
                }
            }
            Decoded::Text { looks_like, .. } => {
                self.tasks_not_json.push(format!("{example}: {looks_like}"))
            }
            _ => {}
        }
    }
}

const EMPTY: Spec = Spec {
    name: "GREQ reply, nothing pending",
    level: "ASSUMED",
    fix: "src/assumed.rs greq_empty_reply",
    blocking: true,
    essential: true,
};

const TASK: Spec = Spec {
    name: "GREQ reply with a task",
    level: "ASSUMED",
    fix: "src/assumed.rs greq_task_reply (and CMD_PARAM)",
    blocking: true,
    essential: true,
};

const COUNTER: Spec = Spec {
    name: "Task counter CMD",
    level: "ASSUMED",
    fix: "src/assumed.rs FIRST_CMD, src/relay.rs take_for_client",
    blocking: false,
    essential: false,
};

pub fn empty_reply(s: &Summary) -> Point {
    EMPTY.layout(&assumed::greq_empty_reply(), &s.greq.empty_layouts)
}

pub fn task_reply(s: &Summary) -> Point {
    let e = &s.greq;
    let mut p = TASK.layout(
        &assumed::greq_task_reply(assumed::FIRST_CMD, "x".into()),
        &e.task_layouts,
    );
    p.expected = format!("{} (task JSON in DATA)", p.expected);
    p.evidence.extend(
        e.tasks_not_json
            .iter()
            .take(5)
            .map(|t| format!("task is not JSON: {t}")),
    );
    p.contradicted_if(!e.tasks_not_json.is_empty());
    p
}

pub fn counter(s: &Summary) -> Point {
    let e = &s.greq;
    let first_ok = e
        .first_cmds
        .keys()
        .all(|k| *k == assumed::FIRST_CMD.to_string());
    let mut evidence: Vec<String> = fmt_seen(&e.first_cmds)
        .into_iter()
        .map(|l| format!("first CMD of a session: {l}"))
        .collect();
    evidence.extend(e.sequence_breaks.iter().take(5).cloned());
    COUNTER.judged(
        format!("starts at {} and grows by 1 per task", assumed::FIRST_CMD),
        !e.first_cmds.is_empty(),
        !first_ok || !e.sequence_breaks.is_empty(),
        evidence,
    )
}
