//! bos-client on a real Firebird shop database, through the real report server over real
//! sockets: every §D value shape, upper-cased names, result codes 1003/1004/1007/1010, the
//! all-or-nothing transaction, the time and size bounds, the group procedures in joins,
//! RoundTo, and report numbers checked against independent isql-fb queries of the same file.

mod common;
mod shop_support;

use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use crs::client::Mode;
use serde_json::{json, Value};
use shop_support::*;

const SHOP: &str = "3769d93a";

struct Env {
    t: TestServer,
    _c: SimClient,
    db: std::path::PathBuf,
    fx: &'static Fixture,
}

/// A report server and a bos-client serving a private copy of the shop.
fn start(name: &str, timeout_secs: u64, max_bytes: usize) -> Option<Env> {
    let fx = fixture()?;
    let db = fx.copy(name);
    let t = TestServer::start_with(|c| {
        c.instances[0].relay_timeout = Duration::from_secs(30);
    });
    let shop = shop(&db, timeout_secs, max_bytes);
    let c = SimClient::start_with(&t, SHOP, Mode::Shop, |o| o.shop = Some(shop));
    Some(Env { t, _c: c, db, fx })
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.db);
    }
}

impl Env {
    fn ask(&self, datasets: &[(&str, &str)]) -> Value {
        let r = php_report(self.t.http, "test", SHOP, &task(SHOP, datasets));
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }
    fn ask_raw(&self, body: &str) -> Value {
        php_report(self.t.http, "test", SHOP, body).json()
    }
}

fn ok(j: &Value) {
    assert_eq!(j["ResultCode"], 0, "{j}");
}

#[test]
fn value_shapes_and_upper_cased_names() {
    let Some(e) = start("shapes", 25, 8 << 20) else {
        return;
    };
    let j = e.ask(&[(
        "V",
        r#"select 110 as int_col, cast(1536.21 as numeric(15,2)) as num_col,
                  cast(2.5 as double precision) as dbl, cast('2026-01-05' as date) as d,
                  cast('2017-09-13 15:49:11' as timestamp) as ts, cast('1899-12-30' as timestamp) as zero_ts,
                  cast('08:05:00' as time) as t, cast(null as integer) as n, 'лв' as "Знак",
                  1 as "Operator ID", 2 as "Група печат", count(*),
                  extract(month from cast('2026-03-04' as date)) as m
           from rdb$database ;"#,
    )]);
    ok(&j);
    let row = &j["V"][0];
    assert_eq!(row["INT_COL"], json!(110));
    assert_eq!(row["NUM_COL"], json!(1536.21));
    assert_eq!(row["DBL"], json!(2.5));
    assert_eq!(row["D"], "05.01.2026");
    assert_eq!(row["TS"], "13.09.2017 15:49:11");
    assert_eq!(row["ZERO_TS"], "30.12.1899 00:00:00");
    assert_eq!(row["T"], "08:05:00");
    assert_eq!(row["N"], Value::Null);
    assert_eq!(row["ЗНАК"], "лв");
    assert_eq!(row["OPERATOR ID"], json!(1));
    assert_eq!(row["ГРУПА ПЕЧАТ"], json!(2));
    assert_eq!(row["COUNT"], json!(1));
    assert_eq!(row["M"], json!(3));
    // Table-qualified columns arrive without the qualifier; real rows from the shop.
    let j = e.ask(&[(
        "S",
        "select first 2 S.SELL_SUM, s.sell_datetime, c.curr_sign from SALES_BON S join N_CURRENCY c on c.curr_id = s.sell_currtype order by s.sell_id",
    )]);
    ok(&j);
    let rows = j["S"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["SELL_SUM"].is_number(), "{j}");
    let ts = rows[0]["SELL_DATETIME"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(ts, "%d.%m.%Y %H:%M:%S").is_ok(),
        "{ts}"
    );
    assert_eq!(rows[0]["CURR_SIGN"], "лв");
    // An empty result is an empty array.
    let j = e.ask(&[("E", "select * from sales_bon where sell_id < 0")]);
    ok(&j);
    assert_eq!(j["E"], json!([]));
}

#[test]
fn result_codes_and_the_client_stays_connected() {
    let Some(e) = start("codes", 25, 8 << 20) else {
        return;
    };
    // 1007 with Firebird's own message.
    let j = e.ask(&[("Q", "select * from NO_SUCH_TABLE")]);
    assert_eq!(j["ResultCode"], 1007, "{j}");
    let m = j["ResultMessage"].as_str().unwrap();
    assert!(
        m.contains("Table unknown") && m.contains("NO_SUCH_TABLE"),
        "{m}"
    );
    // Still connected: the next task is answered.
    let j = e.ask(&[("Q", "select 1 as one from rdb$database")]);
    ok(&j);
    assert_eq!(j["Q"][0]["ONE"], 1);
    // 1003: a task for another object ID reaching this client.
    let other = task(SHOP, &[("Q", "select 1 from rdb$database")])
        .replace(&format!("\"Id\":\"{SHOP}\""), "\"Id\":\"0badc0de\"");
    let j = e.ask_raw(&other);
    // The server routes by the URL's id; the client checks the task's own Id.
    assert_eq!(j["ResultCode"], 1003, "{j}");
    // 1004: wrong object password.
    let wrong = task(SHOP, &[("Q", "select 1 from rdb$database")]).replace(
        &crs::client::md5_hex(OBJECT_PASSWORD),
        &crs::client::md5_hex("nope"),
    );
    assert_eq!(e.ask_raw(&wrong)["ResultCode"], 1004);
    // 1010: a task with no dataset.
    let empty = task(SHOP, &[]);
    assert_eq!(e.ask_raw(&empty)["ResultCode"], 1010);
    // 1001: a dataset named like the answer's own key (found by the client_task fuzz target):
    // its array would have replaced ResultCode in the caller's eyes.
    for name in ["ResultCode", "resultmessage"] {
        let j = e.ask(&[
            ("Q", "select 1 from rdb$database"),
            (name, "select 2 from rdb$database"),
        ]);
        assert_eq!(j["ResultCode"], 1001, "{j}");
        assert!(j["ResultMessage"].as_str().unwrap().contains(name), "{j}");
    }
    ok(&e.ask(&[("Q", "select 1 from rdb$database")]));
}

#[test]
fn a_data_changing_task_is_all_or_nothing() {
    let Some(e) = start("tx", 25, 8 << 20) else {
        return;
    };
    let name = |e: &Env| {
        e.fx.isql_one(&e.db, "select plu_name from plues where plu_numb = 1001;")
    };
    let before = name(&e);
    let events = |e: &Env| e.fx.isql_one(&e.db, "select count(*) from events;");
    let ev_before: i64 = events(&e).parse().unwrap();
    // The second statement fails: the first one's change is rolled back.
    let j = e.ask(&[
        (
            "A1",
            "update PLUES set PLU_NAME = 'Сменено име' where PLU_NUMB = '1001'",
        ),
        ("A2", "insert into NO_SUCH_TABLE values (1)"),
    ]);
    assert_eq!(j["ResultCode"], 1007, "{j}");
    assert_eq!(name(&e), before);
    // Both succeed: committed together; a data-changing dataset answers [] (ASSUMED).
    let j = e.ask(&[
        ("A1", "update PLUES set PLU_NAME = 'Сменено име' where PLU_NUMB = '1001'"),
        (
            "A2",
            "insert into EVENTS (EV_ID, EV_TYPE, EV_MODULE, EV_OPERATOR, EV_DATETIME, EV_DESCRIPTION, EV_DATANUMB, EV_DATATEXT, EV_EXPORTED_, EV_OFFICE) values (NEXT VALUE FOR GEN_EVENTS_ID, 6, 24, 1, CURRENT_TIMESTAMP, '[МОБИЛНИ СПРАВКИ] [ПРОМЯНА ИМЕ] тест', 1001, 'Device ID - test', 0, 0);",
        ),
    ]);
    ok(&j);
    assert_eq!(j["A1"], json!([]));
    assert_eq!(j["A2"], json!([]));
    assert_eq!(name(&e), "Сменено име");
    assert_eq!(events(&e).parse::<i64>().unwrap(), ev_before + 1);
}

#[test]
fn time_and_size_bounds() {
    let Some(e) = start("bounds", 2, 50_000) else {
        return;
    };
    let started = Instant::now();
    let slow = "select count(*) from sales_plues a, sales_plues b, sales_plues c";
    let http = e.t.http;
    let body = task(SHOP, &[("Q", slow)]);
    let pending = std::thread::spawn(move || php_report(http, "test", SHOP, &body).json());
    // While bos-client runs it, an independent isql-fb reads the same file.
    std::thread::sleep(Duration::from_millis(500));
    let n: i64 =
        e.fx.isql_one(&e.db, "select count(*) from n_currency;")
            .parse()
            .unwrap();
    assert_eq!(n, 3);
    let j = pending.join().unwrap();
    assert_eq!(j["ResultCode"], 1030, "{j}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // The client answers the next task normally.
    ok(&e.ask(&[("Q", "select 1 from rdb$database")]));
    // Over the size bound: refused, not truncated.
    let j = e.ask(&[("Q", "select * from sales_plues")]);
    assert_eq!(j["ResultCode"], 1031, "{j}");
    assert!(j.get("Q").is_none());
    ok(&e.ask(&[("Q", "select first 10 * from sales_plues")]));
}

/// The last full business day (offset 3 h) of the data, as `YYYY-MM-DD`.
fn last_full_day(e: &Env) -> String {
    e.fx.isql_one(
        &e.db,
        "select cast(cast(dateadd(-3 hour to max(sell_datetime)) as date) - 1 as varchar(10)) from sales_bon;",
    )
}

#[test]
fn day_turnover_matches_an_independent_query() {
    let Some(e) = start("turnover", 25, 8 << 20) else {
        return;
    };
    let day = last_full_day(&e);
    // Night sales: the offset matters for this day (receipts after midnight belong to it).
    let night: i64 = e
        .fx
        .isql_one(
            &e.db,
            &format!(
                "select count(*) from sales_bon where sell_datetime >= dateadd(1 day to timestamp '{day} 00:00:00') \
                 and sell_datetime < dateadd(1 day to timestamp '{day} 03:00:00');"
            ),
        )
        .parse()
        .unwrap();
    assert!(night > 0, "no sales after midnight on {day}");
    // A Firebird trap for report SQL: in dialect 3 `3/24.0` is NUMERIC(.,1) = 0.1 day (2.4 h),
    // not 3 h. The business-day shift must be written DATEADD(-3 HOUR TO ts) (or 3e0/24).
    let j = e.ask(&[("T", "select 3/24.0 as A, 3e0/24 as B from rdb$database")]);
    assert_eq!(j["T"][0], json!({"A": 0.1, "B": 0.125}));
    // The report's form: shift by the offset, cast to date (dayturnover.php, offset 3).
    let sql = format!(
        "select cast(dateadd(-3 hour to S.SELL_DATETIME) as date) as SELL_DATE, sum(S.SELL_SUM) as SELL_SUM, C.CURR_SIGN \
         from SALES_BON S join N_CURRENCY C on S.SELL_CURRTYPE = C.CURR_ID \
         where S.SELL_REVOKED_ = 0 and cast(dateadd(-3 hour to S.SELL_DATETIME) as date) between '{day}' and '{day}' \
         group by 1, 3 order by 1 desc"
    );
    let j = e.ask(&[("LastTurnover", &sql)]);
    ok(&j);
    let rows = j["LastTurnover"].as_array().unwrap();
    assert!(!rows.is_empty(), "no sales on {day}");
    // Independent: the window [day 03:00, day+1 03:00) written out, per currency.
    let lines = e.fx.isql(
        &e.db,
        &format!(
            "select c.curr_sign || '|' || cast(sum(s.sell_sum) as varchar(30)) from sales_bon s \
             join n_currency c on c.curr_id = s.sell_currtype \
             where s.sell_revoked_ = 0 and s.sell_datetime >= timestamp '{day} 03:00:00' \
             and s.sell_datetime < dateadd(day, 1, timestamp '{day} 03:00:00') group by c.curr_sign;"
        ),
    );
    assert_eq!(lines.len(), rows.len(), "{lines:?} vs {rows:?}");
    for l in lines {
        let (sign, sum) = l.split_once('|').unwrap();
        let row = rows.iter().find(|r| r["CURR_SIGN"] == sign).expect(sign);
        let want: f64 = sum.parse().unwrap();
        assert!(
            (row["SELL_SUM"].as_f64().unwrap() - want).abs() < 0.005,
            "{sign}: {row} vs {want}"
        );
        let d = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap();
        assert_eq!(row["SELL_DATE"], d.format("%d.%m.%Y").to_string());
    }
    // Payments of that day add up to the receipts (CurrentPayType's join).
    let pay = format!(
        "select P.PAY_TYPE, T.PAYTYPE_NAME, sum(P.PAY_SUM) as PAY_SUM from SALES_PAYMENT P \
         join SALES_BON S on P.PAY_SELL_ID = S.SELL_ID join N_PAYMENT_TYPES T on P.PAY_TYPE = T.PAYTYPE_NUMB \
         where S.SELL_REVOKED_ = 0 and cast(dateadd(-3 hour to S.SELL_DATETIME) as date) = '{day}' group by 1, 2 order by 1"
    );
    let j = e.ask(&[("CurrentPayType", &pay)]);
    ok(&j);
    let paid: f64 = j["CurrentPayType"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["PAY_SUM"].as_f64().unwrap())
        .sum();
    let sold: f64 = rows.iter().map(|r| r["SELL_SUM"].as_f64().unwrap()).sum();
    assert!((paid - sold).abs() < 0.005, "paid {paid} vs sold {sold}");
    assert_eq!(j["CurrentPayType"][0]["PAYTYPE_NAME"], "В БРОЙ");
}

#[test]
fn group_procedures_in_joins_and_round_to() {
    let Some(e) = start("groups", 25, 8 << 20) else {
        return;
    };
    let day = last_full_day(&e);
    let turnover = "sum(RoundTo(SP.SPLU_SELLPRICE * SP.SPLU_SOLDQUANT * SP.SPLU_CURRCOURCE, 2) + \
                    RoundTo(SP.SPLU_SOLDQUANT * SP.SPLU_SELLPRICE * SP.SPLU_CURRCOURCE * SP.SPLU_SELLDISCOUNT / 100, 2))";
    // Top level (groupturnover.php): the procedure on the right of a LEFT JOIN, fed by P's column.
    let top = format!(
        "select G.O_GRP_NAME as O_GRP_NAME_TOP, G.O_GRP_ID as O_GRP_ID_TOP, -1 as O_GRP_PARENT_TOP, {turnover} as TURNOVER, C.CURR_SIGN \
         from SALES_PLUES SP left join PLUES P on SP.SPLU_PLUNUMB = P.PLU_NUMB \
         left join GET_TOPGROUPFORPLUGROUP(P.PLU_GROUP_ID, 0) G on G.O_GRP_ID > 0 \
         left join N_CURRENCY C on C.CURR_ISBASE_ = 1 \
         where cast(dateadd(-3 hour to SP.SPLU_DATETIME) as date) = '{day}' and SP.SPLU_REVOKED_ = 0 \
         group by 1, 2, 3, 5 order by 4 desc"
    );
    // Sub level: the procedure with constant input, inner-joined on the item's group.
    let sub = format!(
        "select SG.O_GRP_NAME_TOP, SG.O_GRP_ID_TOP, SG.O_GRP_PARENT_TOP, {turnover} as TURNOVER, C.CURR_SIGN \
         from SALES_PLUES SP left join PLUES P on SP.SPLU_PLUNUMB = P.PLU_NUMB \
         left join N_CURRENCY C on C.CURR_ISBASE_ = 1 \
         join GET_SUBGROUPSFORGROUP_RR(1, 0) SG on P.PLU_GROUP_ID = SG.O_GRP_ID \
         where cast(dateadd(-3 hour to SP.SPLU_DATETIME) as date) = '{day}' and SP.SPLU_REVOKED_ = 0 \
         group by 1, 2, 3, 5 order by 4 desc"
    );
    let j = e.ask(&[("GroupTurnover", &top), ("Sub", &sub)]);
    ok(&j);
    let top_rows = j["GroupTurnover"].as_array().unwrap();
    let drinks = top_rows
        .iter()
        .find(|r| r["O_GRP_ID_TOP"] == 1)
        .expect("drinks sold");
    assert_eq!(drinks["O_GRP_NAME_TOP"], "Напитки");
    assert_eq!(drinks["CURR_SIGN"], "€");
    // Independent: drinks = items whose group is 1, a child of 1 or a grandchild of 1.
    let want: f64 = e
        .fx
        .isql_one(
            &e.db,
            &format!(
                "select sum(round(sp.splu_sellprice * sp.splu_soldquant * sp.splu_currcource, 2) + \
                 round(sp.splu_soldquant * sp.splu_sellprice * sp.splu_currcource * sp.splu_selldiscount / 100, 2)) \
                 from sales_plues sp join plues p on p.plu_numb = sp.splu_plunumb \
                 where sp.splu_revoked_ = 0 and sp.splu_datetime >= timestamp '{day} 03:00:00' \
                 and sp.splu_datetime < dateadd(day, 1, timestamp '{day} 03:00:00') \
                 and p.plu_group_id in (select g.pgrp_id from n_plugroups g where g.pgrp_id = 1 or g.pgrp_parent_id = 1 \
                 or g.pgrp_parent_id in (select h.pgrp_id from n_plugroups h where h.pgrp_parent_id = 1));"
            ),
        )
        .parse()
        .unwrap();
    let got = drinks["TURNOVER"].as_f64().unwrap();
    assert!((got - want).abs() < 0.005, "drinks {got} vs isql {want}");
    // The sub level splits the same total over drinks' children, whose parent level is the top.
    let sub_rows = j["Sub"].as_array().unwrap();
    let sub_total: f64 = sub_rows
        .iter()
        .map(|r| r["TURNOVER"].as_f64().unwrap())
        .sum();
    assert!((sub_total - want).abs() < 0.01, "{sub_total} vs {want}");
    for r in sub_rows {
        assert!(
            [11, 12, 13].contains(&r["O_GRP_ID_TOP"].as_i64().unwrap()),
            "{r}"
        );
        assert_eq!(r["O_GRP_PARENT_TOP"], -1);
    }
    // RoundTo rounds half away from zero to the given digits.
    let j = e.ask(&[("R", "select RoundTo(2.345, 2) as A, RoundTo(-2.345, 2) as B, RoundTo(1234.5, 0) as C from rdb$database")]);
    ok(&j);
    assert_eq!(j["R"][0], json!({"A": 2.35, "B": -2.35, "C": 1235.0}));
    // Office type, consumables group, currencies (articles / expense pages).
    let j = e.ask(&[
        (
            "CheckCentralDb",
            "select GEN_ID(NN_OFFICE_TYPE, 0) as OFFICE_TYPE from RDB$DATABASE;",
        ),
        (
            "G84",
            "select PGRP_NAME from N_PLUGROUPS where PGRP_ID = 84",
        ),
        (
            "Base",
            "select CURR_ABR from N_CURRENCY where CURR_ISBASE_ = 1",
        ),
    ]);
    ok(&j);
    assert_eq!(j["CheckCentralDb"][0]["OFFICE_TYPE"], 1);
    assert_eq!(j["G84"][0]["PGRP_NAME"], "Консумативи");
    assert_eq!(j["Base"], json!([{"CURR_ABR": "EUR"}]));
}
