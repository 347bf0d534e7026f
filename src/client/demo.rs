//! Demo mode: a plausible shop's answers to the core report datasets (dreport.md §2), so the
//! whole chain can be shown without a real Firebird database.
//!
//! The data are synthetic and deterministic: a day's numbers depend only on the date, so the
//! same question always gets the same answer, and the datasets agree with each other (a day's
//! `DailyTurnover` equals its base-currency `DayTurnover`, the sum of its `PaymentTypes` and of
//! its `OperatorSales`). Dates are read from the task's SQL as `'YYYY-MM-DD'` literals: the
//! first is the period start, the second the end; none means today.

use chrono::{Datelike, Duration, Local, NaiveDate, Weekday};
use serde_json::{json, Map, Value};

/// Bulgarian names like a real shop's (they travel as cp1251 on the wire).
const ITEMS: &[(u32, &str, u32, f64, &str)] = &[
    (101, "Кафе еспресо", 11, 2.20, "бр."),
    (102, "Капучино", 11, 3.40, "бр."),
    (103, "Чай билков", 11, 1.80, "бр."),
    (104, "Фреш портокал", 12, 4.50, "бр."),
    (105, "Минерална вода 0.5", 12, 1.50, "бр."),
    (106, "Кока-Кола 0.33", 12, 2.60, "бр."),
    (107, "Бира Загорка 0.5", 13, 3.20, "бр."),
    (108, "Вино червено 150мл", 13, 4.80, "бр."),
    (109, "Ракия Бургас 63 50мл", 13, 3.90, "бр."),
    (201, "Шопска салата", 21, 7.90, "бр."),
    (202, "Таратор", 21, 4.60, "бр."),
    (203, "Пиле на скара", 22, 12.50, "бр."),
    (204, "Кюфтета 3 бр.", 22, 8.90, "бр."),
    (205, "Мусака", 22, 10.40, "бр."),
    (206, "Пържени картофи", 23, 4.20, "бр."),
    (207, "Баница със сирене", 23, 3.60, "бр."),
    (301, "Торта Гараш", 31, 6.80, "бр."),
    (302, "Палачинка с шоколад", 31, 5.20, "бр."),
    (303, "Сладолед", 31, 4.00, "бр."),
    (304, "Хляб пълнозърнест", 32, 2.10, "бр."),
];

/// (id, name, parent; 0 = top level).
const GROUPS: &[(u32, &str, u32)] = &[
    (1, "Напитки", 0),
    (2, "Кухня", 0),
    (3, "Сладкарница", 0),
    (11, "Топли напитки", 1),
    (12, "Безалкохолни", 1),
    (13, "Алкохол", 1),
    (21, "Салати и супи", 2),
    (22, "Основни ястия", 2),
    (23, "Гарнитури и тестени", 2),
    (31, "Десерти", 3),
    (32, "Хлебни изделия", 3),
];

const OPERATORS: &[(u32, &str, f64)] = &[
    (1, "Иван Петров", 0.35),
    (2, "Мария Георгиева", 0.30),
    (3, "Georgi Dimitrov", 0.20),
    (4, "Елена Николова", 0.15),
];

const PAYMENTS: &[(&str, f64)] = &[("В брой", 0.55), ("Карта", 0.40), ("Ваучер", 0.05)];

/// EUR share of the day's receipts and the fixed BGN rate.
const EUR_SHARE: f64 = 0.08;
const EUR_RATE: f64 = 1.95583;

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ceb9fe1a85ec53);
    x ^ (x >> 33)
}

/// A stable pseudo-random number in [0, 1) for (day, salt).
fn unit(day: NaiveDate, salt: u64) -> f64 {
    // Days before 0001-01-01 (a task may ask for year 0) are negative: wrap, never overflow.
    let d = day.num_days_from_ce() as i64 as u64;
    (mix(d.wrapping_mul(1_000_003).wrapping_add(salt)) >> 11) as f64 / (1u64 << 53) as f64
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Quantity of item `i` sold on `day`.
fn qty(day: NaiveDate, item: usize) -> u32 {
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let base = 4.0 + 30.0 * unit(day, 100 + item as u64);
    (base * if weekend { 1.4 } else { 1.0 }).round() as u32
}

/// The day's base-currency turnover: the sum of its item lines.
fn day_total(day: NaiveDate) -> f64 {
    round2(
        ITEMS
            .iter()
            .enumerate()
            .map(|(i, it)| qty(day, i) as f64 * it.3)
            .sum(),
    )
}

fn receipts(day: NaiveDate) -> u32 {
    (day_total(day) / 14.5).round().max(1.0) as u32
}

/// Receipts paid in the base currency (the rest, `EUR_SHARE`, are in EUR).
fn base_receipts(day: NaiveDate) -> u32 {
    let n = receipts(day);
    n - (n as f64 * EUR_SHARE).round() as u32
}

/// Splits `total` by `weights` so the rounded parts add up exactly.
fn split(total: f64, weights: &[f64]) -> Vec<f64> {
    let mut parts: Vec<f64> = weights.iter().map(|w| round2(total * w)).collect();
    let diff = round2(total - parts.iter().sum::<f64>());
    if let Some(last) = parts.last_mut() {
        *last = round2(*last + diff);
    }
    parts
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let n = (to - from).num_days().min(366);
    (0..=n).map(move |i| from + Duration::days(i))
}

/// `'YYYY-MM-DD'` literals in the SQL.
fn dates_in(sql: &str) -> Vec<NaiveDate> {
    sql.split('\'')
        .skip(1)
        .step_by(2)
        .filter_map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .collect()
}

fn parent_in(sql: &str) -> Option<u32> {
    let start = sql.find("/*parent:")? + 9;
    let end = start + sql[start..].find("*/")?;
    sql[start..end].trim().parse().ok()
}

fn group_total(day: NaiveDate, group: u32) -> (f64, u32) {
    let mut total = 0.0;
    let mut q = 0;
    for (i, it) in ITEMS.iter().enumerate() {
        let leaf = it.2;
        let top = GROUPS
            .iter()
            .find(|g| g.0 == leaf)
            .map(|g| g.2)
            .unwrap_or(0);
        if leaf == group || top == group {
            total += qty(day, i) as f64 * it.3;
            q += qty(day, i);
        }
    }
    (total, q)
}

fn dataset(name: &str, sql: &str, today: NaiveDate) -> Value {
    let ds = dates_in(sql);
    let from = ds.first().copied().unwrap_or(today);
    let to = ds.get(1).copied().unwrap_or(from);
    match name {
        // The viewer asks for the day before under its own name in the same task.
        "DayTurnover" | "PrevDayTurnover" => {
            let total = day_total(from);
            let eur = round2(total * EUR_SHARE / EUR_RATE);
            let eur_n = receipts(from) - base_receipts(from);
            json!([
                {"CURR_SIGN": "лв.", "CURR_ISBASE": 1, "TOTAL": total, "RECEIPTS": base_receipts(from)},
                {"CURR_SIGN": "EUR", "CURR_ISBASE": 0, "TOTAL": eur, "RECEIPTS": eur_n},
            ])
        }
        // Base currency only, like the base-currency row of DayTurnover.
        "DailyTurnover" => Value::Array(
            days(from, to)
                .map(|d| json!({"DAY": dmy(d), "TOTAL": day_total(d), "RECEIPTS": base_receipts(d)}))
                .collect(),
        ),
        "PaymentTypes" => {
            let weights: Vec<f64> = PAYMENTS.iter().map(|p| p.1).collect();
            let total: f64 = days(from, to).map(day_total).sum();
            let parts = split(round2(total), &weights);
            Value::Array(
                PAYMENTS
                    .iter()
                    .zip(parts)
                    .map(|(p, t)| json!({"PAYTYPE_NAME": p.0, "TOTAL": t}))
                    .collect(),
            )
        }
        "OperatorSales" => {
            let weights: Vec<f64> = OPERATORS.iter().map(|o| o.2).collect();
            let total: f64 = days(from, to).map(day_total).sum();
            let n: u32 = days(from, to).map(receipts).sum();
            let parts = split(round2(total), &weights);
            Value::Array(
                OPERATORS
                    .iter()
                    .zip(parts)
                    .map(|(o, t)| {
                        json!({"OPERATOR_ID": o.0, "OPERATOR_NAME": o.1, "TOTAL": t,
                               "RECEIPTS": (n as f64 * o.2).round() as u32})
                    })
                    .collect(),
            )
        }
        "TopItems" => {
            let mut rows: Vec<(u32, &str, u32, f64)> = ITEMS
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let q: u32 = days(from, to).map(|d| qty(d, i)).sum();
                    (it.0, it.1, q, round2(q as f64 * it.3))
                })
                .collect();
            rows.sort_by(|a, b| b.3.total_cmp(&a.3));
            Value::Array(
                rows.into_iter()
                    .take(10)
                    .map(|(n, name, q, t)| json!({"PLU_NUMB": n, "NAME": name, "QTY": q, "TOTAL": t}))
                    .collect(),
            )
        }
        "GroupTurnover" => {
            let parent = parent_in(sql).unwrap_or(0);
            Value::Array(
                GROUPS
                    .iter()
                    .filter(|g| g.2 == parent)
                    .map(|g| {
                        let (t, q) = days(from, to)
                            .map(|d| group_total(d, g.0))
                            .fold((0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
                        let children = GROUPS.iter().any(|c| c.2 == g.0);
                        json!({"GRP_ID": g.0, "GRP_NAME": g.1, "TOTAL": round2(t), "QTY": q,
                               "HAS_CHILDREN": u8::from(children)})
                    })
                    .collect(),
            )
        }
        "OpenBills" => Value::Array(
            open_bills(from)
                .into_iter()
                .map(|(id, lines)| {
                    let sum: f64 = lines.iter().map(|(i, q)| ITEMS[*i].3 * *q as f64).sum();
                    json!({"BH_ID": id, "BH_BILLNUMB": id - 5000, "BH_STARTDATETIME":
                           format!("{} {:02}:{:02}", dmy(from), 9 + id % 10, (id * 7) % 60),
                           "BH_SUM": round2(sum), "BH_OPERNAME": OPERATORS[(id % 4) as usize].1,
                           "BH_OPENTERMINAL": 1 + id % 3, "BH_PLUCOUNT": lines.len()})
                })
                .collect(),
        ),
        "OpenBillLines" => Value::Array(
            open_bills(from)
                .into_iter()
                .flat_map(|(id, lines)| {
                    lines.into_iter().map(move |(i, q)| {
                        json!({"BP_HDRID": id, "BP_SHORTNAME": ITEMS[i].1, "BP_QUANTITY": q,
                               "BP_MSRUNITNAME": ITEMS[i].4, "BP_SELLPRICE": ITEMS[i].3,
                               "BP_DISCOUNT": 0})
                    })
                })
                .collect(),
        ),
        "VoidedItems" => Value::Array(
            days(from, to)
                .flat_map(|d| {
                    let n = (unit(d, 7) * 4.0) as usize;
                    (0..n).map(move |k| {
                        let i = (mix((d.num_days_from_ce() as i64 as u64).wrapping_add(k as u64)) % ITEMS.len() as u64) as usize;
                        json!({"BP_MARKDATETIME": format!("{} {:02}:{:02}", dmy(d), 10 + k * 3, (k * 17) % 60),
                               "BP_SHORTNAME": ITEMS[i].1, "BP_QUANTITY": 1 + k % 2,
                               "BP_SELLPRICE": ITEMS[i].3, "BP_OPERNAME": OPERATORS[k % 4].1})
                    })
                })
                .collect(),
        ),
        _ => json!([]),
    }
}

/// Open bills of a day: (bill id, [(item index, quantity)]).
fn open_bills(day: NaiveDate) -> Vec<(u32, Vec<(usize, u32)>)> {
    let n = 2 + (unit(day, 3) * 4.0) as u32;
    (0..n)
        .map(|b| {
            let id = 5001 + b + (day.ordinal() % 50) * 10;
            let lines = (0..(2 + b % 4) as usize)
                .map(|k| (((b as usize * 5 + k * 3) % ITEMS.len()), 1 + (k as u32 % 3)))
                .collect();
            (id, lines)
        })
        .collect()
}

/// Answers a task JSON. `expected_pass` is md5(password); `None` accepts any `Pass`.
pub fn answer(task: &str, expected_pass: Option<&str>) -> Value {
    answer_on(task, expected_pass, Local::now().date_naive())
}

/// [`answer`] with "today" given (tests).
pub fn answer_on(task: &str, expected_pass: Option<&str>, today: NaiveDate) -> Value {
    let Ok(Value::Object(task)) = serde_json::from_str::<Value>(task) else {
        return json!({"ResultCode": 1001, "ResultMessage": "Invalid task: not a JSON object"});
    };
    if let Some(expected) = expected_pass {
        let pass = task.get("Pass").and_then(Value::as_str).unwrap_or("");
        if !pass.eq_ignore_ascii_case(expected) {
            return json!({"ResultCode": 1004, "ResultMessage": "Wrong password"});
        }
    }
    let mut out = Map::new();
    out.insert("ResultCode".into(), json!(0));
    out.insert("ResultMessage".into(), json!("OK"));
    for (name, spec) in &task {
        if name == "Id" || name == "Pass" {
            continue;
        }
        let kind = spec.get("Type").and_then(Value::as_str);
        if matches!(kind, Some("Query" | "Command")) {
            if let Some(why) = crate::shopdb::exec::reserved_dataset(name) {
                return json!({"ResultCode": 1001, "ResultMessage": why});
            }
        }
        match kind {
            Some("Query") => {
                let sql = spec.get("SQL").and_then(Value::as_str).unwrap_or("");
                out.insert(name.clone(), dataset(name, sql, today));
            }
            Some("Command") => {
                out.insert(name.clone(), json!([]));
            }
            _ => {}
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    fn q(name: &str, sql: &str) -> String {
        json!({"Id":"3769d93a","Pass":"x", name: {"Type":"Query","SQL":sql}}).to_string()
    }

    fn sum(v: &Value, col: &str) -> f64 {
        round2(
            v.as_array()
                .unwrap()
                .iter()
                .map(|r| r[col].as_f64().unwrap())
                .sum(),
        )
    }

    /// Issue 14 (fuzzing): a year-0 date made the day number negative and the hash overflow.
    #[test]
    fn year_zero_dates_do_not_panic() {
        for name in [
            "DayTurnover",
            "DailyTurnover",
            "TopItems",
            "GroupTurnover",
            "OpenBills",
            "VoidedItems",
        ] {
            let v = answer_on(
                &q(name, "between '0000-01-01' and '0000-03-01'"),
                None,
                day(),
            );
            assert!(v.is_object(), "{name}");
        }
    }

    #[test]
    fn datasets_agree_with_each_other() {
        let sql = "select ... where d = '2026-11-20'";
        let t = day_total(day());
        let dt = answer_on(&q("DayTurnover", sql), None, day());
        assert_eq!(dt["DayTurnover"][0]["TOTAL"].as_f64().unwrap(), t);
        let prev = answer_on(
            &q("PrevDayTurnover", "select ... where d = '2026-11-19'"),
            None,
            day(),
        );
        assert_eq!(
            prev["PrevDayTurnover"][0]["TOTAL"].as_f64().unwrap(),
            day_total(day() - Duration::days(1))
        );
        let pt = answer_on(&q("PaymentTypes", sql), None, day());
        assert_eq!(sum(&pt["PaymentTypes"], "TOTAL"), t);
        let op = answer_on(&q("OperatorSales", sql), None, day());
        assert_eq!(sum(&op["OperatorSales"], "TOTAL"), t);
        let gr = answer_on(&q("GroupTurnover", sql), None, day());
        assert_eq!(sum(&gr["GroupTurnover"], "TOTAL"), t);
        let sub = answer_on(
            &q("GroupTurnover", &format!("{sql} /*parent:1*/")),
            None,
            day(),
        );
        assert_eq!(sub["GroupTurnover"].as_array().unwrap().len(), 3);
        let week = answer_on(
            &q("DailyTurnover", "between '2026-11-14' and '2026-11-20'"),
            None,
            day(),
        );
        let rows = week["DailyTurnover"].as_array().unwrap();
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[6]["DAY"], "20.11.2026");
        assert_eq!(rows[6]["TOTAL"].as_f64().unwrap(), t);
        assert_eq!(rows[6]["RECEIPTS"], dt["DayTurnover"][0]["RECEIPTS"]);
    }

    #[test]
    fn password_unknown_and_garbage() {
        let task = q("Nope", "select 1");
        let wrong = answer_on(&task, Some("abc"), day());
        assert_eq!(wrong["ResultCode"], 1004);
        let ok = answer_on(&task.replace("\"x\"", "\"ABC\""), Some("abc"), day());
        assert_eq!(ok["ResultCode"], 0);
        assert_eq!(ok["Nope"], json!([]));
        assert_eq!(answer_on("not json", None, day())["ResultCode"], 1001);
    }

    #[test]
    fn top_items_and_bills() {
        let top = answer_on(&q("TopItems", "'2026-11-01' '2026-11-20'"), None, day());
        let rows = top["TopItems"].as_array().unwrap();
        assert_eq!(rows.len(), 10);
        assert!(rows[0]["TOTAL"].as_f64() >= rows[9]["TOTAL"].as_f64());
        let bills = answer_on(&q("OpenBills", "'2026-11-20'"), None, day());
        let lines = answer_on(&q("OpenBillLines", "'2026-11-20'"), None, day());
        let n: u64 = bills["OpenBills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["BH_PLUCOUNT"].as_u64().unwrap())
            .sum();
        assert_eq!(n as usize, lines["OpenBillLines"].as_array().unwrap().len());
    }
}
