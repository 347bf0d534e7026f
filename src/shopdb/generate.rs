//! The deterministic shop generator: from a seed, a flavour and the moment the data end
//! ("now"), every row of a plausible Bulgarian shop (docs/shop-database.md).
//!
//! Same seed, flavour and end moment → the same rows, byte for byte: all randomness comes
//! from [`Prng`], forked per day and per table so one part's draws never shift another's.
//! Rows go to a [`Sink`] (the Firebird inserter, or a counter in unit tests).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::catalog::{self, ActiveTo, Item, Kind, BGN, BGN_PER_EUR, EUR};
use super::prng::Prng;

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

/// The euro changeover: from this day on the base currency is EUR.
pub fn euro_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// The base currency on `day`.
pub fn base_on(day: NaiveDate) -> i64 {
    if day >= euro_day() {
        EUR
    } else {
        BGN
    }
}

/// Rate from `cur` to the base currency of `day`.
pub fn course(cur: i64, day: NaiveDate) -> f64 {
    match (cur == base_on(day), cur) {
        (true, _) => 1.0,
        (false, BGN) => 1.0 / BGN_PER_EUR,
        (false, _) => BGN_PER_EUR,
    }
}

fn round2(x: f64) -> f64 {
    // Half away from zero on the decimal value, like Firebird's ROUND on NUMERIC.
    let y = (x * 100.0 * (1.0 + f64::EPSILON * 8.0 * x.signum())).round();
    y / 100.0
}

/// An item's sell price in `cur` for this shop: EUR prices are the catalogue's (scaled by
/// flavour), BGN prices are converted at the fixed rate and rounded to stotinki.
fn price(item: &Item, flavour: Flavour, cur: i64) -> f64 {
    let eur = round2(item.eur * flavour.price_factor());
    if cur == BGN {
        round2(eur * BGN_PER_EUR)
    } else {
        eur
    }
}

fn buy_price_eur(item: &Item, flavour: Flavour) -> f64 {
    (item.eur * flavour.price_factor() * item.buy * 10000.0).round() / 10000.0
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

struct Ids {
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

/// Hour-of-day weights (index = hour). The night venue keeps selling until 02:00.
fn hour_weights(flavour: Flavour) -> [f64; 24] {
    let mut w = [0.0; 24];
    let day: &[(usize, f64)] = &[
        (8, 3.0),
        (9, 4.0),
        (10, 4.0),
        (11, 5.0),
        (12, 9.0),
        (13, 9.0),
        (14, 6.0),
        (15, 4.0),
        (16, 4.0),
        (17, 5.0),
        (18, 7.0),
        (19, 10.0),
        (20, 10.0),
        (21, 9.0),
        (22, 7.0),
        (23, 5.0),
    ];
    for (h, x) in day {
        w[*h] = *x;
    }
    match flavour {
        Flavour::Central => {
            w[0] = 4.0;
            w[1] = 3.0;
            w[2] = 1.0;
        }
        Flavour::Branch => {
            w[0] = 2.0;
        }
    }
    w
}

/// How much each item kind sells at `hour`.
fn kind_weight(kind: Kind, hour: u32) -> f64 {
    let morning = (7..11).contains(&hour);
    let meal = (12..15).contains(&hour) || (18..23).contains(&hour);
    let night = !(3..21).contains(&hour);
    match kind {
        Kind::Coffee => {
            if morning {
                8.0
            } else if night {
                1.0
            } else {
                3.0
            }
        }
        Kind::Soft => 3.0,
        Kind::Alcohol => {
            if night {
                8.0
            } else if morning {
                0.3
            } else {
                3.0
            }
        }
        Kind::Food => {
            if meal {
                7.0
            } else if morning {
                1.0
            } else {
                2.0
            }
        }
        Kind::Sweet => {
            if morning {
                3.0
            } else {
                2.0
            }
        }
        Kind::Weighed => 0.4,
        Kind::Packaging => 0.5,
        Kind::Consumable => 0.0,
    }
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

fn receipts_on(flavour: Flavour, day: NaiveDate, rng: &mut Prng) -> usize {
    let week = match day.weekday() {
        Weekday::Mon => 0.8,
        Weekday::Tue => 0.85,
        Weekday::Wed => 0.9,
        Weekday::Thu => 1.0,
        Weekday::Fri => 1.35,
        Weekday::Sat => 1.45,
        Weekday::Sun => 1.15,
    };
    let summer = if (6..=8).contains(&day.month()) {
        1.2
    } else {
        1.0
    };
    let noise = 0.85 + 0.3 * rng.unit();
    (flavour.receipts_per_day() * week * summer * noise).round() as usize
}

/// The items a shop of this flavour sells (the branch has no grill and no wine bottles).
fn sellable<'a>(spec: &Spec, _root: &Prng) -> Vec<&'a Item> {
    catalog::ITEMS
        .iter()
        .filter(|i| i.kind != Kind::Consumable)
        .filter(|i| spec.flavour == Flavour::Central || !(221..=222).contains(&i.group))
        .filter(|i| spec.flavour == Flavour::Central || i.numb != 1053)
        .collect()
}

/// The receipt currency: the base, except around the changeover (tourists paying in EUR in
/// December 2025; customers still paying in leva during January 2026, fewer each day).
fn receipt_currency(day: NaiveDate, rng: &mut Prng) -> i64 {
    let euro = euro_day();
    let dec1 = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or(euro);
    let feb1 = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or(euro);
    if day >= dec1 && day < euro {
        if rng.chance(0.06) {
            return EUR;
        }
    } else if day >= euro && day < feb1 {
        let left = (feb1 - day).num_days() as f64 / 31.0;
        if rng.chance(0.35 * left) {
            return BGN;
        }
    }
    base_on(day)
}

#[allow(clippy::too_many_arguments)]
fn receipt<S: Sink>(
    spec: &Spec,
    items: &[&Item],
    t: NaiveDateTime,
    with_bill: bool,
    rng: &mut Prng,
    ids: &mut Ids,
    sink: &mut S,
    summary: &mut Summary,
) -> Result<(), S::Error> {
    let day = t.date();
    // Receipts after midnight were rung up by the evening shift.
    let cur = receipt_currency(day, rng);
    let base = base_on(day);
    let rate = course(cur, day);
    let ops: Vec<&catalog::Operator> = catalog::OPERATORS
        .iter()
        .filter(|o| match o.active_to {
            ActiveTo::Days(d) if d < 0 => day <= spec.until.date() + Duration::days(d),
            _ => true,
        })
        .filter(|o| o.user != "admin")
        .collect();
    let op = ops[rng.range(0, ops.len() as i64 - 1) as usize];
    let revoked = rng.chance(0.008);
    ids.sell += 1;
    ids.bon += 1;
    let sell_id = ids.sell;
    let hour = t.hour();
    let kw: Vec<f64> = items.iter().map(|i| kind_weight(i.kind, hour)).collect();
    let n_lines = 1 + rng.weighted(&[30.0, 30.0, 20.0, 12.0, 6.0, 2.0]);
    let mut total = 0.0;
    let mut lines = Vec::new();
    for _ in 0..n_lines {
        let item = items[rng.weighted(&kw)];
        let qty = if item.unit == 2 {
            rng.range(100, 600) as f64 / 1000.0
        } else {
            1.0 + rng.weighted(&[70.0, 20.0, 6.0, 3.0]) as f64
        };
        let p = price(item, spec.flavour, cur);
        let disc = if rng.chance(0.05) {
            -(*[5.0, 10.0, 15.0]
                .get(rng.range(0, 2) as usize)
                .unwrap_or(&10.0))
        } else {
            0.0
        };
        let void = !revoked && rng.chance(0.02);
        if !revoked && !void {
            total += round2(p * qty) + round2(p * qty * disc / 100.0);
        }
        let buy = buy_price_eur(item, spec.flavour) * if base == BGN { BGN_PER_EUR } else { 1.0 };
        ids.line += 1;
        sink.row(
            "SALES_PLUES",
            "SPLU_ID,SPLU_SELL_ID,SPLU_DATETIME,SPLU_BONNUMB,SPLU_PLUNUMB,SPLU_NAME,SPLU_SOLDQUANT,SPLU_SELLPRICE,SPLU_SELLDISCOUNT,SPLU_CURRCOURCE,SPLU_SELLCURRENCY,SPLU_BUYPRICE,SPLU_BUYCURRENCY,SPLU_REVOKED_",
            vec![
                ids.line.into(),
                sell_id.into(),
                ts(t),
                ids.bon.into(),
                item.numb.into(),
                item.name.into(),
                dec(qty, 3),
                dec(p, 2),
                dec(disc, 2),
                dec(rate, 10),
                cur.into(),
                dec(buy, 4),
                base.into(),
                Val::Int(i64::from(revoked || void)),
            ],
        )?;
        summary.lines += 1;
        lines.push((item, qty, p, disc, void));
    }
    let total = round2(total);
    sink.row(
        "SALES_BON",
        "SELL_ID,SELL_BONNUMB,SELL_DATETIME,SELL_SUM,SELL_CURRTYPE,SELL_REVOKED_,SELL_OPERATOR,SELL_OPERNAME,SELL_TERMINAL",
        vec![
            sell_id.into(),
            ids.bon.into(),
            ts(t),
            dec(total, 2),
            cur.into(),
            Val::Int(i64::from(revoked)),
            op.id.into(),
            op.name.into(),
            Val::Int(1 + rng.range(0, 1)),
        ],
    )?;
    summary.receipts += 1;
    summary.last_receipt = Some(t);
    // Payments: one type, or cash + card for a split bill.
    let weights: Vec<f64> = catalog::PAYMENT_TYPES.iter().map(|p| p.2).collect();
    let mut pays = Vec::new();
    if total > 10.0 && rng.chance(0.04) {
        let cash = round2((total * (0.2 + 0.5 * rng.unit())).floor());
        pays.push((catalog::CASH, cash));
        pays.push((catalog::CARD, round2(total - cash)));
    } else {
        pays.push((catalog::PAYMENT_TYPES[rng.weighted(&weights)].0, total));
    }
    for (ty, sum) in pays {
        ids.pay += 1;
        sink.row(
            "SALES_PAYMENT",
            "PAY_ID,PAY_SELL_ID,PAY_TYPE,PAY_SUM",
            vec![ids.pay.into(), sell_id.into(), ty.into(), dec(sum, 2)],
        )?;
        summary.payments += 1;
    }
    if with_bill && !revoked && (spec.flavour == Flavour::Central || rng.chance(0.4)) {
        let start = t - Duration::minutes(rng.range(8, 110));
        bill(
            spec,
            sink,
            ids,
            rng,
            op,
            start,
            Some(t),
            sell_id,
            total,
            cur,
            &lines,
        )?;
        summary.bills += 1;
    }
    Ok(())
}

type Line<'a> = (&'a Item, f64, f64, f64, bool);

#[allow(clippy::too_many_arguments)]
fn bill<S: Sink>(
    spec: &Spec,
    sink: &mut S,
    ids: &mut Ids,
    rng: &mut Prng,
    op: &catalog::Operator,
    start: NaiveDateTime,
    end: Option<NaiveDateTime>,
    sell_id: i64,
    total: f64,
    cur: i64,
    lines: &[Line],
) -> Result<(), S::Error> {
    ids.bill += 1;
    ids.bill_numb = ids.bill_numb % 999 + 1;
    let day = start.date();
    let base = base_on(day);
    let abr = |c: i64| {
        catalog::CURRENCIES
            .iter()
            .find(|x| x.0 == c)
            .map(|x| x.2)
            .unwrap_or("BGN")
    };
    let span = end.unwrap_or(start + Duration::minutes(30)) - start;
    let mut count = 0;
    for (k, (item, qty, p, disc, void)) in lines.iter().enumerate() {
        ids.bill_line += 1;
        count += i64::from(!void);
        let mark = start + span * (k as i32) / (lines.len() as i32 + 1);
        let unit = catalog::UNITS
            .iter()
            .find(|u| u.0 == item.unit)
            .map(|u| u.1)
            .unwrap_or("бр.");
        sink.row(
            "POSBILLS_PLU",
            "BP_ID,BP_HDRID,BP_NUMB,BP_SHORTNAME,BP_QUANTITY,BP_MSRUNITNAME,BP_SELLPRICE,BP_DISCOUNT,BP_SELLCURRID,BP_SELLCURRABR,BP_BUYPRICE,BP_BUYCURRABR,BP_TYPE,BP_REVOKED_,BP_MARKDATETIME,BP_OPERNUMB,BP_OPERNAME",
            vec![
                ids.bill_line.into(),
                ids.bill.into(),
                item.numb.into(),
                item.ecr.into(),
                dec(*qty, 3),
                unit.into(),
                dec(*p, 2),
                dec(*disc, 2),
                cur.into(),
                abr(cur).into(),
                dec(buy_price_eur(item, spec.flavour) * if base == BGN { BGN_PER_EUR } else { 1.0 }, 4),
                abr(base).into(),
                "P".into(),
                Val::Int(i64::from(*void)),
                ts(mark),
                op.id.into(),
                op.name.into(),
            ],
        )?;
    }
    if rng.chance(0.1) {
        ids.bill_line += 1;
        sink.row(
            "POSBILLS_PLU",
            "BP_ID,BP_HDRID,BP_NUMB,BP_SHORTNAME,BP_QUANTITY,BP_TYPE,BP_MARKDATETIME,BP_OPERNUMB,BP_OPERNAME",
            vec![
                ids.bill_line.into(),
                ids.bill.into(),
                Val::Int(0),
                "БЕЗ ЛУК".into(),
                dec(0.0, 3),
                "C".into(),
                ts(start),
                op.id.into(),
                op.name.into(),
            ],
        )?;
    }
    sink.row(
        "POSBILLS_HEADER",
        "BH_ID,BH_BILLNUMB,BH_STARTDATETIME,BH_ENDDATETIME,BH_SUM,BH_CURRENCYID,BH_OPENTERMINAL,BH_OPERNUMB,BH_OPERNAME,BH_SELLID,BH_REVOKED_,BH_PLUCOUNT",
        vec![
            ids.bill.into(),
            ids.bill_numb.into(),
            ts(start),
            end.map(ts).unwrap_or(Val::Null),
            dec(total, 2),
            cur.into(),
            Val::Int(1 + rng.range(0, 2)),
            op.id.into(),
            op.name.into(),
            sell_id.into(),
            Val::Int(0),
            count.into(),
        ],
    )
}

/// Bills still open at `until`: started in the last hours, some lines voided, plus the rows
/// the open-bills page must skip (revoked, number 0, no items).
fn open_bills<S: Sink>(
    spec: &Spec,
    items: &[&Item],
    root: &Prng,
    ids: &mut Ids,
    sink: &mut S,
) -> Result<(), S::Error> {
    let mut rng = root.fork(0x0B11);
    let cur = base_on(spec.until.date());
    let n = match spec.flavour {
        Flavour::Central => rng.range(5, 8),
        Flavour::Branch => rng.range(2, 4),
    };
    let op = &catalog::OPERATORS[0];
    for k in 0..n + 3 {
        let start = spec.until - Duration::minutes(rng.range(5, 180));
        let mut lines = Vec::new();
        let mut total = 0.0;
        let count = if k == n + 2 { 0 } else { rng.range(1, 6) };
        for _ in 0..count {
            let item = items[rng.range(0, items.len() as i64 - 1) as usize];
            let qty = if item.unit == 2 {
                0.25
            } else {
                rng.range(1, 3) as f64
            };
            let p = price(item, spec.flavour, cur);
            let void = rng.chance(0.2);
            if !void {
                total += round2(p * qty);
            }
            lines.push((item, qty, p, 0.0, void));
        }
        bill(
            spec,
            sink,
            ids,
            &mut rng,
            op,
            start,
            None,
            0,
            round2(total),
            cur,
            &lines,
        )?;
        // The last three are the ones the page must not list.
        if k == n {
            sink.statement(&format!(
                "UPDATE POSBILLS_HEADER SET BH_REVOKED_ = 1 WHERE BH_ID = {}",
                ids.bill
            ))?;
        } else if k == n + 1 {
            sink.statement(&format!(
                "UPDATE POSBILLS_HEADER SET BH_BILLNUMB = 0 WHERE BH_ID = {}",
                ids.bill
            ))?;
        }
    }
    Ok(())
}

/// Deliveries (SUP_TYPE 1, twice a week, consumables in some) and wholesale "BOS" sales
/// (SUP_TYPE 2, most working days for the central shop, weekly for the branch).
fn documents<S: Sink>(
    spec: &Spec,
    day: NaiveDate,
    rng: &mut Prng,
    ids: &mut Ids,
    sink: &mut S,
    summary: &mut Summary,
) -> Result<(), S::Error> {
    let base = base_on(day);
    let weekday = day.weekday().num_days_from_monday();
    let mut docs: Vec<(i64, NaiveDateTime)> = Vec::new();
    if weekday == 1 || weekday == 4 {
        docs.push((
            1,
            day.and_hms_opt(rng.range(8, 11) as u32, rng.range(0, 59) as u32, 0)
                .unwrap_or_default(),
        ));
    }
    let bos = match spec.flavour {
        Flavour::Central if weekday < 5 => rng.range(0, 3),
        Flavour::Branch if weekday == 2 => 1,
        _ => 0,
    };
    for _ in 0..bos {
        // Some wholesale documents are issued late in the evening, after the business day's end.
        let h = if rng.chance(0.15) {
            1
        } else {
            rng.range(9, 18)
        };
        let t = if h < 4 { day + Duration::days(1) } else { day }
            .and_hms_opt(h as u32, rng.range(0, 59) as u32, rng.range(0, 59) as u32)
            .unwrap_or_default();
        docs.push((2, t));
    }
    for (ty, t) in docs {
        if t > spec.until {
            continue;
        }
        ids.sup += 1;
        let doc = ids.sup;
        let (bulstat, doctype, picks): (String, i64, Vec<&Item>) = if ty == 1 {
            let supplier = catalog::CUSTOMERS[catalog::BUYERS
                + rng.range(0, (catalog::CUSTOMERS.len() - catalog::BUYERS) as i64 - 1) as usize];
            let mut picks: Vec<&Item> = Vec::new();
            let goods: Vec<&Item> = catalog::ITEMS
                .iter()
                .filter(|i| i.kind != Kind::Consumable)
                .collect();
            for _ in 0..rng.range(3, 9) {
                picks.push(goods[rng.range(0, goods.len() as i64 - 1) as usize]);
            }
            if rng.chance(0.45) {
                let cons: Vec<&Item> = catalog::ITEMS
                    .iter()
                    .filter(|i| i.group == catalog::CONSUMABLES_GROUP)
                    .collect();
                for _ in 0..rng.range(1, 3) {
                    picks.push(cons[rng.range(0, cons.len() as i64 - 1) as usize]);
                }
            }
            (supplier.0.to_string(), 1 + rng.range(0, 1), picks)
        } else {
            let buyer = if rng.chance(0.08) {
                catalog::UNKNOWN_BUYER.to_string()
            } else {
                catalog::CUSTOMERS[rng.range(0, catalog::BUYERS as i64 - 1) as usize]
                    .0
                    .to_string()
            };
            let goods: Vec<&Item> = catalog::ITEMS
                .iter()
                .filter(|i| {
                    matches!(
                        i.kind,
                        Kind::Soft | Kind::Alcohol | Kind::Weighed | Kind::Sweet
                    )
                })
                .collect();
            let picks = (0..rng.range(1, 5))
                .map(|_| goods[rng.range(0, goods.len() as i64 - 1) as usize])
                .collect();
            (
                buyer,
                *[1i64, 2, 4].get(rng.range(0, 2) as usize).unwrap_or(&1),
                picks,
            )
        };
        let revoked = rng.chance(0.03);
        let mut sum = 0.0;
        for item in picks {
            let qty = if item.unit == 2 {
                rng.range(2, 10) as f64
            } else {
                rng.range(6, 48) as f64
            };
            let eur = if ty == 1 {
                buy_price_eur(item, spec.flavour)
            } else {
                round2(item.eur * spec.flavour.price_factor() * 0.8)
            };
            let p = if base == BGN {
                (eur * BGN_PER_EUR * 10000.0).round() / 10000.0
            } else {
                eur
            };
            let line_void = !revoked && rng.chance(0.03);
            if !line_void {
                sum += qty * p;
            }
            ids.sup_line += 1;
            sink.row(
                "SUPPLIES_PLU",
                "SUPP_ID,SUPP_DOCID,SUPP_PLUNUMB,SUPP_PLUNAME,SUPP_SUPQUANT,SUPP_BUYPRICE,SUPP_DATETIME,SUPP_REVOKED_",
                vec![ids.sup_line.into(), doc.into(), item.numb.into(), item.name.into(), dec(qty, 3), dec(p, 4), ts(t), Val::Int(i64::from(line_void))],
            )?;
        }
        sink.row(
            "SUPPLIES",
            "SUP_ID,SUP_TYPE,SUP_NUMB,SUP_DATETIME,SUP_SUM,SUP_CURRENCY,SUP_DOCTYPE,SUP_SUPPLIERBULST,SUP_REVOKED_",
            vec![doc.into(), ty.into(), Val::Int(doc + 100), ts(t), dec(round2(sum), 2), base.into(), doctype.into(), bulstat.into(), Val::Int(i64::from(revoked))],
        )?;
        summary.documents += 1;
    }
    Ok(())
}

/// Reference tables, items, barcodes, operators, storages.
fn reference<S: Sink>(
    spec: &Spec,
    root: &Prng,
    base_now: i64,
    sink: &mut S,
) -> Result<(), S::Error> {
    let mut rng = root.fork(0xBA5E);
    for (id, sign, abr, name) in catalog::CURRENCIES {
        let c = if *id == 3 {
            0.92
        } else {
            course(*id, spec.until.date())
        };
        sink.row(
            "N_CURRENCY",
            "CURR_ID,CURR_SIGN,CURR_ABR,CURR_NAME,CURR_ISBASE_,CURR_COURSE",
            vec![
                (*id).into(),
                (*sign).into(),
                (*abr).into(),
                (*name).into(),
                Val::Int(i64::from(*id == base_now)),
                dec(c, 10),
            ],
        )?;
    }
    for (id, name, _) in catalog::PAYMENT_TYPES {
        sink.row(
            "N_PAYMENT_TYPES",
            "PAYTYPE_NUMB,PAYTYPE_NAME",
            vec![(*id).into(), (*name).into()],
        )?;
    }
    for (id, name, parent) in catalog::GROUPS {
        sink.row(
            "N_PLUGROUPS",
            "PGRP_ID,PGRP_NAME,PGRP_PARENT_ID",
            vec![(*id).into(), (*name).into(), (*parent).into()],
        )?;
    }
    for (id, name) in catalog::UNITS {
        sink.row(
            "N_PRIMARY_MEASUREUNITS",
            "PRIMARYMUNIT_ID,PRIMARYMUNIT_NAME",
            vec![(*id).into(), (*name).into()],
        )?;
    }
    for (id, name, descr, pct) in catalog::TAX_GROUPS {
        sink.row(
            "N_WAT",
            "TAXGRP_NUMB,TAXGRP_NAME,TAXGRP_DESCR,TAXGRP_PERCENT",
            vec![(*id).into(), (*name).into(), (*descr).into(), dec(*pct, 2)],
        )?;
    }
    for (id, name) in catalog::PRINT_GROUPS {
        sink.row(
            "N_PRINTERGROUPS",
            "PRN_ID,PRN_NAME",
            vec![(*id).into(), (*name).into()],
        )?;
    }
    for (id, name) in catalog::STORAGES {
        sink.row(
            "N_STORAGES",
            "STORAGE_NUMB,STORAGE_NAME",
            vec![(*id).into(), (*name).into()],
        )?;
    }
    for (id, name) in catalog::DOCUMENTS {
        sink.row(
            "N_DOCUMENTS",
            "DOCUMENT_ID,DOCUMENT_NAME",
            vec![(*id).into(), (*name).into()],
        )?;
    }
    for (k, (eik, name, town)) in catalog::CUSTOMERS.iter().enumerate() {
        sink.row(
            "CUSTOMERS_DATA",
            "CUST_ID,CUST_BULSTAT,CUST_FIRMNAME,CUST_TOWN,CUST_ADDRESS",
            vec![
                (k as i64 + 1).into(),
                (*eik).into(),
                (*name).into(),
                (*town).into(),
                format!("ул. Витоша {}", 10 + k).into(),
            ],
        )?;
    }
    let last = spec.until.date();
    for o in catalog::OPERATORS {
        let to = match o.active_to {
            ActiveTo::Null => Val::Null,
            ActiveTo::ZeroDate => Val::Text("1899-12-30 00:00:00".into()),
            ActiveTo::Days(d) => ts((last + Duration::days(d))
                .and_hms_opt(23, 59, 59)
                .unwrap_or_default()),
        };
        sink.row(
            "N_OPERATORS",
            "OPERATOR_ID,OPERATOR_FULLNAME,OPERATOR_USERNAME,OPERATOR_PASSWORD,OPERATOR_ACCESS,OPERATOR_ACTIVETODATE",
            vec![o.id.into(), o.name.into(), o.user.into(), o.hash.into(), o.access.into(), to],
        )?;
    }
    let mut bc = 0;
    for item in catalog::ITEMS {
        let local = i64::from(rng.chance(0.2));
        let disabled = i64::from(item.kind == Kind::Consumable || rng.chance(0.03));
        sink.row(
            "PLUES",
            "PLU_NUMB,PLU_NAME,PLU_ECR_NAME,PLU_GROUP_ID,PLU_MEASUREUNIT_ID,PLU_SELL_PRICE,PLU_BUY_PRICE,PLU_TAXGROUP_ID,PLU_PRINTDEVICE_ID,PLU_PROMOTION_,PLU_LOCAL_PRICE_,PLU_SELL_DISABLED_",
            vec![
                item.numb.into(),
                item.name.into(),
                item.ecr.into(),
                item.group.into(),
                item.unit.into(),
                dec(price(item, spec.flavour, base_now), 2),
                dec(buy_price_eur(item, spec.flavour) * if base_now == BGN { BGN_PER_EUR } else { 1.0 }, 4),
                item.tax.into(),
                item.printer.into(),
                Val::Int(0),
                local.into(),
                disabled.into(),
            ],
        )?;
        // One to three EAN-13 barcodes; the oldest of several may be retired.
        let n = 1 + rng.weighted(&[60.0, 30.0, 10.0]);
        for k in 0..n {
            bc += 1;
            let code = ean13(&format!(
                "380{:05}{:04}",
                item.numb * 7 + k as i64,
                rng.range(0, 9999)
            ));
            let used = i64::from(!(n > 1 && k == 0 && rng.chance(0.5)));
            sink.row(
                "BARCODES",
                "BC_ID,PLU_NUMB,PLU_BARCODE,PLU_ISUSED",
                vec![bc.into(), item.numb.into(), code.into(), used.into()],
            )?;
        }
        for (s, _) in catalog::STORAGES {
            if *s == 3 && item.kind != Kind::Food && item.kind != Kind::Weighed {
                continue;
            }
            let q = if item.unit == 2 {
                rng.range(500, 25000) as f64 / 1000.0
            } else {
                rng.range(0, 240) as f64
            };
            let q = if rng.chance(0.04) { -q.min(5.0) } else { q };
            sink.row(
                "STORAGEQUANT",
                "SQ_PLUNUMB,SQ_STORAGEID,SQ_QUANTITY",
                vec![item.numb.into(), (*s).into(), dec(q, 3)],
            )?;
        }
    }
    Ok(())
}

/// The EAN-13 of 12 digits: the digits and their check digit.
pub fn ean13(twelve: &str) -> String {
    let digits: Vec<u32> = twelve
        .chars()
        .filter_map(|c| c.to_digit(10))
        .take(12)
        .collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    let check = (10 - sum % 10) % 10;
    let mut s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    s.push(char::from(b'0' + check as u8));
    s
}

/// Promotions, tickets, audit events, generator values.
fn extras<S: Sink>(
    spec: &Spec,
    root: &Prng,
    today: NaiveDate,
    sink: &mut S,
) -> Result<(), S::Error> {
    let mut rng = root.fork(0xE77A);
    let base = base_on(today);
    let promo_items: Vec<&Item> = catalog::ITEMS
        .iter()
        .filter(|i| matches!(i.kind, Kind::Coffee | Kind::Alcohol | Kind::Sweet))
        .collect();
    let mut pr = 0;
    for k in 0..12 {
        pr += 1;
        let item = promo_items[rng.range(0, promo_items.len() as i64 - 1) as usize];
        let from = today - Duration::days(rng.range(-10, 90));
        let to = from + Duration::days(rng.range(3, 60));
        let percent = k % 3 == 0;
        let price = if percent {
            -(rng.range(1, 4) * 5) as f64
        } else {
            round2(price(item, spec.flavour, base) * 0.85)
        };
        let (ft, tt) = if rng.chance(0.5) {
            ((0, 0, 0), (23, 59, 59))
        } else {
            ((16, 0, 0), (19, 0, 0))
        };
        let active = i64::from(k % 5 != 4);
        sink.row(
            "PROMOTIONS",
            "PR_ID,PR_PLUNUMB,PR_FROMDATE,PR_TODATE,PR_FROMTIME,PR_TOTIME,PR_ISACTIVE_,PR_LIMIT_QUANT,PR_PRICE,PR_CURRENCY,PR_PACKET_TYPE,PR_PRIORITY,PR_DAYOFWEEK,PR_COMMENT",
            vec![
                pr.into(),
                item.numb.into(),
                date(from),
                date(to),
                time(NaiveTime::from_hms_opt(ft.0, ft.1, ft.2).unwrap_or_default()),
                time(NaiveTime::from_hms_opt(tt.0, tt.1, tt.2).unwrap_or_default()),
                active.into(),
                dec(-100.0, 3),
                dec(price, 2),
                base.into(),
                Val::Int(if percent { 4 } else { 1 }),
                Val::Int(rng.range(1, 10)),
                if rng.chance(0.7) { "1111111" } else { "0000011" }.into(),
                "промоция".into(),
            ],
        )?;
        if active == 1 && to >= today && from <= today {
            sink.statement(&format!(
                "UPDATE PLUES SET PLU_PROMOTION_ = 1 WHERE PLU_NUMB = {}",
                item.numb
            ))?;
        }
    }
    sink.statement(&format!("SET GENERATOR GEN_PROMOTIONS_ID TO {pr}"))?;
    // Tickets and cards: sold at the POS (owner '') or to organisations, most valid today.
    let owners = [
        "",
        "",
        "",
        "Фитнес Арена",
        "Хотел Родина",
        "Училище Христо Ботев",
    ];
    let n = match spec.flavour {
        Flavour::Central => 160,
        Flavour::Branch => 60,
    };
    for k in 0..n {
        let owner = owners[rng.range(0, owners.len() as i64 - 1) as usize];
        let state = rng.weighted(&[60.0, 12.0, 8.0, 6.0, 6.0, 8.0]);
        let (fd, td, ft, tt, disabled) = match state {
            // valid all day today
            0 => (
                date(today - Duration::days(rng.range(0, 20))),
                date(today + Duration::days(rng.range(0, 60))),
                Val::Null,
                Val::Null,
                0,
            ),
            // valid today, explicit whole-day times
            1 => (
                date(today - Duration::days(rng.range(0, 5))),
                date(today + Duration::days(rng.range(1, 30))),
                time(NaiveTime::MIN),
                time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()),
                0,
            ),
            // expired
            2 => (
                date(today - Duration::days(rng.range(40, 90))),
                date(today - Duration::days(rng.range(1, 30))),
                Val::Null,
                Val::Null,
                0,
            ),
            // not yet valid
            3 => (
                date(today + Duration::days(rng.range(1, 10))),
                date(today + Duration::days(rng.range(11, 40))),
                Val::Null,
                Val::Null,
                0,
            ),
            // disabled
            4 => (
                date(today - Duration::days(3)),
                date(today + Duration::days(30)),
                Val::Null,
                Val::Null,
                1,
            ),
            // Delphi zero date as "no start", daytime window
            _ => (
                Val::Text("1899-12-30".into()),
                date(today + Duration::days(rng.range(1, 90))),
                time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()),
                time(NaiveTime::from_hms_opt(22, 0, 0).unwrap_or_default()),
                0,
            ),
        };
        sink.row(
            "PAC_ACCESSLIST",
            "PAC_ID,PAC_CARDID,PAC_OWNER,PAC_VALIDFROMD,PAC_VALIDTOD,PAC_VALIDFROMT,PAC_VALIDTOT,PAC_DISABLED",
            vec![Val::Int(k + 1), format!("{:010}", 4_000_000_000u64 + rng.range(0, 99_999_999) as u64).into(), owner.into(), fd, td, ft, tt, Val::Int(disabled)],
        )?;
    }
    // A few audit rows like the mobile pages write.
    for k in 0..6 {
        let t = (today - Duration::days(rng.range(1, 60)))
            .and_hms_opt(rng.range(9, 20) as u32, rng.range(0, 59) as u32, 0)
            .unwrap_or_default();
        let item = &catalog::ITEMS[rng.range(0, catalog::ITEMS.len() as i64 - 1) as usize];
        sink.row(
            "EVENTS",
            "EV_ID,EV_TYPE,EV_MODULE,EV_OPERATOR,EV_DATETIME,EV_DESCRIPTION,EV_DATANUMB,EV_DATATEXT,EV_EXPORTED_,EV_OFFICE",
            vec![
                Val::Int(k + 1),
                Val::Int(6),
                Val::Int(24),
                Val::Int(1),
                ts(t),
                format!("[МОБИЛНИ СПРАВКИ] [ПРОМЯНА ЦЕНА] ОБЕКТ (demo) Оператор (admin) направи промяна на цена({:.2}) за артикул с артикулен номер({})", price(item, spec.flavour, base), item.numb).into(),
                item.numb.into(),
                "Device ID - demo".into(),
                Val::Int(1),
                Val::Int(0),
            ],
        )?;
    }
    sink.statement("SET GENERATOR GEN_EVENTS_ID TO 6")?;
    sink.statement(&format!(
        "SET GENERATOR NN_OFFICE_TYPE TO {}",
        spec.flavour.office_type()
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
#[cfg(test)]
mod timing {
    #[test]
    #[ignore]
    fn time_generator_alone() {
        struct Count(u64);
        impl super::Sink for Count {
            type Error = ();
            fn row(
                &mut self,
                _: &'static str,
                _: &'static str,
                v: Vec<super::Val>,
            ) -> Result<(), ()> {
                self.0 += v.len() as u64;
                Ok(())
            }
            fn statement(&mut self, _: &str) -> Result<(), ()> {
                Ok(())
            }
        }
        let t = std::time::Instant::now();
        let until = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(0, 10, 0)
            .unwrap();
        let mut c = Count(0);
        super::generate(
            &super::Spec {
                seed: 7,
                flavour: super::Flavour::Central,
                until,
                days: 430,
            },
            &mut c,
        )
        .unwrap();
        eprintln!("values={} ms={}", c.0, t.elapsed().as_millis());
    }
}
