//! Shop benchmark: `cargo bench --bench shop` (release). Prints numbers; not a test.
//!
//! The day-turnover report (dayturnover.php's three datasets: the last two days, the 7-day
//! window, today's payment types, business-day offset 3 h) relayed through the whole chain:
//! HTTP request as dreport sends it → in-process report server → a protocol client (real
//! TCP, real crypto) → the Firebird shop database (embedded engine, fresh attachment and
//! transaction per task) → back. Printed per request:
//! - end-to-end: the HTTP caller's view;
//! - shop-side execution: the executor's time on the database (attach, run, fetch, JSON);
//! - server-added: end-to-end minus the client's whole work (execution + cp1251, zlib, AES
//!   of the answer) — the server's HTTP, relay and protocol round trips. The client polls
//!   GREQ every 200 µs, which is included.
//!
//! Environment: `BENCH_SHOP_N` (40 requests). Skips loudly without Firebird.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/shop_support/mod.rs"]
mod shop_support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use crs::client::{md5_hex, BosClient, ObjectData};
use crs::crypto::cp1251;
use crs::metrics::percentile;

const SHOP: &str = "3769d93a";

fn main() {
    let n: usize = std::env::var("BENCH_SHOP_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let Some(fx) = shop_support::fixture() else {
        println!("shop bench: SKIPPED (Firebird not installed)");
        return;
    };
    let db = fx.copy("bench");
    let shop = shop_support::shop(&db, 25, 8 << 20);
    let t = TestServer::start();
    t.auth.objects.lock().unwrap().insert(
        SHOP.to_string(),
        ("Shop".into(), "2030-12-31".into(), "1".into()),
    );
    let mut c = BosClient::connect(t.addr, Duration::from_secs(5)).unwrap();
    c.init(4, b"BENCH-SHOP", "EBOCloudReportSvc.exe", "1.0.0.5")
        .unwrap();
    c.info(&ObjectData {
        object_id: SHOP.into(),
        ..Default::default()
    })
    .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let times: Arc<Mutex<Vec<(f64, f64)>>> = Arc::default();
    let (s2, t2) = (stop.clone(), times.clone());
    let pass = md5_hex(OBJECT_PASSWORD);
    let client = std::thread::spawn(move || {
        while !s2.load(Ordering::Relaxed) {
            match c.greq().unwrap() {
                Some((cmd, task)) => {
                    let started = Instant::now();
                    let a = shop.answer(&cp1251::to_utf8(&task), SHOP, Some(&pass));
                    let body = cp1251::from_utf8(&a.json);
                    let line = format!("SRSP CMD={cmd} DATA={}", c.encode(&body).unwrap());
                    let client_us = started.elapsed().as_secs_f64() * 1e6;
                    t2.lock()
                        .unwrap()
                        .push((a.db_time.as_secs_f64() * 1e6, client_us));
                    assert_eq!(c.request(line.as_bytes()).unwrap().code, 200);
                }
                None => std::thread::sleep(Duration::from_micros(200)),
            }
        }
    });
    let day = fx.isql_one(
        &db,
        "select cast(cast(dateadd(-3 hour to max(sell_datetime)) as date) as varchar(10)) from sales_bon;",
    );
    let shift = "cast(dateadd(-3 hour to S.SELL_DATETIME) as date)";
    let current = format!(
        "select {shift} as SELL_DATE, sum(S.SELL_SUM) as SELL_SUM, C.CURR_SIGN from SALES_BON S \
         join N_CURRENCY C on S.SELL_CURRTYPE = C.CURR_ID where S.SELL_REVOKED_ = 0 and \
         {shift} >= cast('{day}' as date) - 1 group by 1, 3 order by 1 desc"
    );
    let last = format!(
        "select {shift} as SELL_DATE, sum(S.SELL_SUM) as SELL_SUM, C.CURR_SIGN from SALES_BON S \
         join N_CURRENCY C on S.SELL_CURRTYPE = C.CURR_ID where S.SELL_REVOKED_ = 0 and \
         {shift} between cast('{day}' as date) - 6 and cast('{day}' as date) + 1 group by 1, 3 order by 1"
    );
    let pay = format!(
        "select P.PAY_TYPE, T.PAYTYPE_NAME, sum(P.PAY_SUM) as PAY_SUM from SALES_PAYMENT P \
         join SALES_BON S on P.PAY_SELL_ID = S.SELL_ID join N_PAYMENT_TYPES T on P.PAY_TYPE = T.PAYTYPE_NUMB \
         where S.SELL_REVOKED_ = 0 and {shift} = '{day}' group by 1, 2 order by 1"
    );
    let body = task(
        SHOP,
        &[
            ("CurrentTurnover", &current),
            ("LastTurnover", &last),
            ("CurrentPayType", &pay),
        ],
    );
    let mut e2e = Vec::with_capacity(n);
    for i in 0..n + 3 {
        let started = Instant::now();
        let r = php_report(t.http, "dayturnover", SHOP, &body);
        let us = started.elapsed().as_secs_f64() * 1e6;
        let j = r.json();
        assert_eq!(j["ResultCode"], 0, "{j}");
        assert!(!j["LastTurnover"].as_array().unwrap().is_empty());
        if i >= 3 {
            e2e.push(us); // the first requests warm the page cache
        }
    }
    stop.store(true, Ordering::Relaxed);
    client.join().unwrap();
    let times = times.lock().unwrap();
    let measured = &times[times.len() - n..];
    let mut db_us: Vec<f64> = measured.iter().map(|t| t.0).collect();
    let mut added: Vec<f64> = e2e
        .iter()
        .zip(measured)
        .map(|(e, t)| (e - t.1).max(0.0))
        .collect();
    e2e.sort_by(f64::total_cmp);
    db_us.sort_by(f64::total_cmp);
    added.sort_by(f64::total_cmp);
    let ms = |v: &[f64], p: f64| percentile(v, p) / 1000.0;
    println!(
        "shop relay (day turnover, 3 datasets, {n} requests, {} receipts in the shop):",
        fx.isql_one(&db, "select count(*) from sales_bon;")
    );
    println!(
        "  end-to-end       p50 {:8.2} ms   p95 {:8.2} ms",
        ms(&e2e, 0.5),
        ms(&e2e, 0.95)
    );
    println!(
        "  shop execution   p50 {:8.2} ms   p95 {:8.2} ms   (Firebird: attach, 3 queries, fetch, JSON)",
        ms(&db_us, 0.5),
        ms(&db_us, 0.95)
    );
    println!(
        "  server-added     p50 {:8.2} ms   p95 {:8.2} ms   (end-to-end minus the client's work)",
        ms(&added, 0.5),
        ms(&added, 0.95)
    );
    let _ = std::fs::remove_file(&db);
}
