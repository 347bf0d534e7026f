//! POS bills: the closed bills behind recent receipts (with voided lines) and the bills still
//! open at the end of the data.

use chrono::{Duration, NaiveDateTime};

use super::money::*;
use super::{dec, ts, Flavour, Ids, Sink, Spec, Val};
use crate::shopdb::catalog::{self, Item, BGN, BGN_PER_EUR};
use crate::shopdb::prng::Prng;

/// One line of a receipt as the bill repeats it: item, quantity, price, discount, voided.
pub(super) type Line<'a> = (&'a Item, f64, f64, f64, bool);

#[allow(clippy::too_many_arguments)]
pub(super) fn bill<S: Sink>(
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
pub(super) fn open_bills<S: Sink>(
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
