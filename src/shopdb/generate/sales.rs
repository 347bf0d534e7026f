//! Receipts: how many a day brings (weekday, season, noise), at which hours (the night venue
//! sells until 02:00), in which currency around the changeover, and each receipt with its
//! lines and payments.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};

use super::bills::bill;
use super::money::*;
use super::{dec, ts, Flavour, Ids, Sink, Spec, Summary, Val};
use crate::shopdb::catalog::{self, ActiveTo, Item, Kind, BGN, BGN_PER_EUR, EUR};
use crate::shopdb::prng::Prng;

/// Hour-of-day weights (index = hour). The night venue keeps selling until 02:00.
pub(super) fn hour_weights(flavour: Flavour) -> [f64; 24] {
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
pub(super) fn kind_weight(kind: Kind, hour: u32) -> f64 {
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

pub(super) fn receipts_on(flavour: Flavour, day: NaiveDate, rng: &mut Prng) -> usize {
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
pub(super) fn sellable<'a>(spec: &Spec, _root: &Prng) -> Vec<&'a Item> {
    catalog::ITEMS
        .iter()
        .filter(|i| i.kind != Kind::Consumable)
        .filter(|i| spec.flavour == Flavour::Central || !(221..=222).contains(&i.group))
        .filter(|i| spec.flavour == Flavour::Central || i.numb != 1053)
        .collect()
}

/// The receipt currency: the base, except around the changeover (tourists paying in EUR in
/// December 2025; customers still paying in leva during January 2026, fewer each day).
pub(super) fn receipt_currency(day: NaiveDate, rng: &mut Prng) -> i64 {
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
pub(super) fn receipt<S: Sink>(
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
