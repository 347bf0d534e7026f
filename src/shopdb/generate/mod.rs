//! The deterministic shop generator: from a seed, a flavour and the moment the data end
//! ("now"), every row of a plausible Bulgarian shop (docs/shop-database.md).
//!
//! Same seed, flavour and end moment → the same rows, byte for byte: all randomness comes
//! from [`Prng`], forked per day and per table so one part's draws never shift another's.
//! Rows go to a [`Sink`] (the Firebird inserter, or a counter in unit tests).
//!
//! This file holds the row values, the spec and the day loop; the tables come from
//! `reference.rs` (what everything points at), `sales.rs` (receipts, lines, payments),
//! `bills.rs` (POS bills), `documents.rs` (deliveries and wholesale), `extras.rs`
//! (promotions, tickets, events) and `money.rs` (the euro changeover and prices).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::shopdb::prng::Prng;

mod bills;
mod documents;
mod extras;
mod money;
mod reference;
mod sales;

use bills::open_bills;
use documents::documents;
use extras::extras;
pub use money::{base_on, course, euro_day};
pub use reference::ean13;
use reference::reference;
use sales::{hour_weights, receipt, receipts_on, sellable};

/// A value for one column. Numbers that are not integers travel as exact decimal text.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Int(i64),
    Text(String),
    Null,
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}

/// A number with `places` decimals, as text (exact for NUMERIC columns).
pub fn dec(v: f64, places: usize) -> Val {
    Val::Text(format!("{v:.places$}"))
}
pub fn date(d: NaiveDate) -> Val {
    Val::Text(d.format("%Y-%m-%d").to_string())
}
pub fn ts(t: NaiveDateTime) -> Val {
    Val::Text(t.format("%Y-%m-%d %H:%M:%S").to_string())
}
pub fn time(t: NaiveTime) -> Val {
    Val::Text(t.format("%H:%M:%S").to_string())
}

/// Where rows go. `cols` is the comma-separated column list of `table`.
pub trait Sink {
    type Error;
    fn row(
        &mut self,
        table: &'static str,
        cols: &'static str,
        vals: Vec<Val>,
    ) -> Result<(), Self::Error>;
    /// Raw statements (generator values) run after the rows.
    fn statement(&mut self, sql: &str) -> Result<(), Self::Error>;
}

/// Central (head office, NN_OFFICE_TYPE 1): a bigger restaurant-bar open until 02:00 with
/// wholesale sales. Branch (NN_OFFICE_TYPE 2): a smaller café closing after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Central,
    Branch,
}

impl Flavour {
    pub fn office_type(self) -> i64 {
        match self {
            Flavour::Central => 1,
            Flavour::Branch => 2,
        }
    }
    fn receipts_per_day(self) -> f64 {
        match self {
            Flavour::Central => 75.0,
            Flavour::Branch => 38.0,
        }
    }
    fn price_factor(self) -> f64 {
        match self {
            Flavour::Central => 1.0,
            Flavour::Branch => 0.9,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub flavour: Flavour,
    /// The data end here: no row is dated later (the shop's "now").
    pub until: NaiveDateTime,
    /// Days of receipts, ending with `until`'s day.
    pub days: i64,
}

/// Counts of what was generated (printed by `bos-client shopdb fill`).
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub receipts: u64,
    pub lines: u64,
    pub payments: u64,
    pub bills: u64,
    pub documents: u64,
    pub first_day: Option<NaiveDate>,
    pub last_receipt: Option<NaiveDateTime>,
}

pub(super) struct Ids {
    sell: i64,
    bon: i64,
    line: i64,
    pay: i64,
    bill: i64,
    bill_line: i64,
    bill_numb: i64,
    sup: i64,
    sup_line: i64,
}

/// Generates the whole shop into `sink`.
pub fn generate<S: Sink>(spec: &Spec, sink: &mut S) -> Result<Summary, S::Error> {
    let root = Prng::new(spec.seed ^ (spec.flavour.office_type() as u64) << 56);
    let today = spec.until.date();
    let first = today - Duration::days(spec.days.max(1) - 1);
    let base_now = base_on(today);
    let mut summary = Summary {
        first_day: Some(first),
        ..Summary::default()
    };
    reference(spec, &root, base_now, sink)?;
    let items = sellable(spec, &root);

    let mut ids = Ids {
        sell: 0,
        bon: 1000 + root.fork(1).range(0, 5000),
        line: 0,
        pay: 0,
        bill: 0,
        bill_line: 0,
        bill_numb: 0,
        sup: 0,
        sup_line: 0,
    };
    let weights = hour_weights(spec.flavour);
    let bills_from = today - Duration::days(45);
    let mut day = first;
    while day <= today {
        let mut rng = root.fork(0x1000_0000 + day.num_days_from_ce() as u64);
        let n = receipts_on(spec.flavour, day, &mut rng);
        let mut times: Vec<NaiveDateTime> = (0..n)
            .map(|_| {
                let h = rng.weighted(&weights) as u32;
                let t =
                    NaiveTime::from_hms_opt(h, rng.range(0, 59) as u32, rng.range(0, 59) as u32)
                        .unwrap_or_default();
                // Hours 0..3 belong to the night after `day`.
                if h < 4 {
                    (day + Duration::days(1)).and_time(t)
                } else {
                    day.and_time(t)
                }
            })
            .filter(|t| *t <= spec.until)
            .collect();
        times.sort();
        for t in times {
            receipt(
                spec,
                &items,
                t,
                t.date() >= bills_from,
                &mut rng,
                &mut ids,
                sink,
                &mut summary,
            )?;
        }
        documents(spec, day, &mut rng, &mut ids, sink, &mut summary)?;
        day += Duration::days(1);
    }
    open_bills(spec, &items, &root, &mut ids, sink)?;
    extras(spec, &root, today, sink)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shopdb::catalog::{BGN, BGN_PER_EUR, EUR};

    #[derive(Default)]
    struct Collect(Vec<String>);
    impl Sink for Collect {
        type Error = ();
        fn row(&mut self, table: &'static str, _: &'static str, vals: Vec<Val>) -> Result<(), ()> {
            self.0.push(format!("{table}{vals:?}"));
            Ok(())
        }
        fn statement(&mut self, sql: &str) -> Result<(), ()> {
            self.0.push(sql.to_string());
            Ok(())
        }
    }

    fn spec(seed: u64, flavour: Flavour) -> Spec {
        let until = NaiveDate::from_ymd_opt(2026, 3, 10)
            .unwrap()
            .and_hms_opt(15, 30, 0)
            .unwrap();
        Spec {
            seed,
            flavour,
            until,
            days: 420,
        }
    }

    #[test]
    fn deterministic_and_flavours_differ() {
        let run = |s: &Spec| {
            let mut c = Collect::default();
            generate(s, &mut c).unwrap();
            c.0
        };
        let a = run(&spec(1, Flavour::Central));
        assert_eq!(a, run(&spec(1, Flavour::Central)));
        assert_ne!(a, run(&spec(2, Flavour::Central)));
        assert_ne!(a, run(&spec(1, Flavour::Branch)));
    }

    #[test]
    fn nothing_after_until_and_courses() {
        let s = spec(3, Flavour::Central);
        let mut c = Collect::default();
        let sum = generate(&s, &mut c).unwrap();
        assert!(sum.last_receipt.unwrap() <= s.until);
        assert!(sum.receipts > 400 * 30, "{}", sum.receipts);
        assert_eq!(
            course(BGN, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()),
            1.0
        );
        assert_eq!(
            course(EUR, NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()),
            BGN_PER_EUR
        );
        assert_eq!(course(EUR, euro_day()), 1.0);
        assert!((course(BGN, euro_day()) - 1.0 / BGN_PER_EUR).abs() < 1e-12);
        assert_eq!(ean13("400638133393"), "4006381333931");
    }
}
