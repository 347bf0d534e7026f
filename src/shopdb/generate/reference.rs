//! The reference tables every other row points at: currencies, payment types, operators,
//! measure units, tax groups, the three-level group tree, print groups, items with barcodes,
//! storages, counterparties, the office type.

use chrono::Duration;

use super::money::*;
use super::{dec, ts, Sink, Spec, Val};
use crate::shopdb::catalog::{self, ActiveTo, Kind, BGN, BGN_PER_EUR};
use crate::shopdb::prng::Prng;

/// Reference tables, items, barcodes, operators, storages.
pub(super) fn reference<S: Sink>(
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
