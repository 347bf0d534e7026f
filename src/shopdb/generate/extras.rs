//! What is not a sale: promotions, tickets (PAC_ACCESSLIST), audit events and the
//! generators' final values.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::money::*;
use super::{date, dec, time, ts, Flavour, Sink, Spec, Val};
use crate::shopdb::catalog::{self, Item, Kind};
use crate::shopdb::prng::Prng;

/// Promotions, tickets, audit events, generator values.
pub(super) fn extras<S: Sink>(
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
