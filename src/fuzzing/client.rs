//! The simulator's task handling (demo and echo modes).

use chrono::NaiveDate;
use serde_json::Value;

use super::Input;
use crate::crypto::cp1251;

/// `client::demo::answer_on` and `client::answer_task`: any task text gets a JSON object with a
/// `ResultCode` (1001 not an object, 1004 wrong password, 0 with one array per `Query` or
/// `Command` entry); the demo answer is cp1251 JSON; the echo mode returns the task's bytes.
pub fn client_task(data: &[u8]) {
    use crate::client::{answer_task, demo, ClientOptions, Mode};
    let mut input = Input::new(data);
    let mode = input.byte();
    let task_bytes = input.rest();
    let task = String::from_utf8_lossy(task_bytes);
    let today = NaiveDate::from_ymd_opt(2025, 4, 14).expect("date");
    let expected = (mode & 1 == 1).then(|| crate::client::md5_hex("secret"));
    let answer = demo::answer_on(&task, expected.as_deref(), today);
    let obj = answer.as_object().expect("answer is an object");
    let code = obj
        .get("ResultCode")
        .and_then(Value::as_i64)
        .expect("ResultCode");
    match serde_json::from_str::<Value>(&task) {
        Ok(Value::Object(t)) => {
            let pass_ok = expected.as_deref().is_none_or(|e| {
                t.get("Pass")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .eq_ignore_ascii_case(e)
            });
            let reserved = t.iter().any(|(k, v)| {
                matches!(
                    v.get("Type").and_then(Value::as_str),
                    Some("Query" | "Command")
                ) && crate::shopdb::exec::reserved_dataset(k).is_some()
            });
            if !pass_ok {
                assert_eq!(code, 1004);
            } else if reserved {
                assert_eq!(code, 1001, "a dataset named like an answer key");
            } else {
                assert_eq!(code, 0);
                for (k, v) in obj {
                    if k == "ResultCode" || k == "ResultMessage" {
                        continue;
                    }
                    assert!(t.contains_key(k), "answer names {k}, the task does not");
                    assert!(v.is_array(), "{k} is not an array");
                }
            }
        }
        _ => assert_eq!(code, 1001),
    }

    let opts = ClientOptions {
        mode: if mode & 2 == 0 {
            Mode::Demo
        } else {
            Mode::Echo
        },
        password: (mode & 1 == 1).then(|| "secret".to_string()),
        ..ClientOptions::default()
    };
    let out = answer_task(&opts, task_bytes);
    match opts.mode {
        Mode::Demo => {
            let text = cp1251::to_utf8(&out);
            let v: Value = serde_json::from_str(&text).expect("demo answer is JSON");
            assert!(v.get("ResultCode").is_some());
        }
        Mode::Echo => {
            assert_eq!(out, task_bytes, "echo changed the task's bytes");
        }
        // Not chosen above: the Firebird mode needs a database (tests/shop_db.rs covers it).
        Mode::Shop => {}
    }
}
