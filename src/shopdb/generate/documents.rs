//! Documents of a day: deliveries (SUPPLIES type 1, consumables in group 84) and wholesale
//! "BOS" sales (type 2) to counterparties.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::money::*;
use super::{dec, ts, Flavour, Ids, Sink, Spec, Summary, Val};
use crate::shopdb::catalog::{self, Item, Kind, BGN, BGN_PER_EUR};
use crate::shopdb::prng::Prng;

/// Deliveries (SUP_TYPE 1, twice a week, consumables in some) and wholesale "BOS" sales
/// (SUP_TYPE 2, most working days for the central shop, weekly for the branch).
pub(super) fn documents<S: Sink>(
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
