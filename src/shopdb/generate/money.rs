//! Money of the generated shop: the euro changeover (BGN before 2026-01-01, EUR from it, at
//! the fixed 1.95583), rates to the base currency, and item prices per flavour and currency.

use chrono::NaiveDate;

use super::Flavour;
use crate::shopdb::catalog::{Item, BGN, BGN_PER_EUR, EUR};

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

pub(super) fn round2(x: f64) -> f64 {
    // Half away from zero on the decimal value, like Firebird's ROUND on NUMERIC.
    let y = (x * 100.0 * (1.0 + f64::EPSILON * 8.0 * x.signum())).round();
    y / 100.0
}

/// An item's sell price in `cur` for this shop: EUR prices are the catalogue's (scaled by
/// flavour), BGN prices are converted at the fixed rate and rounded to stotinki.
pub(super) fn price(item: &Item, flavour: Flavour, cur: i64) -> f64 {
    let eur = round2(item.eur * flavour.price_factor());
    if cur == BGN {
        round2(eur * BGN_PER_EUR)
    } else {
        eur
    }
}

pub(super) fn buy_price_eur(item: &Item, flavour: Flavour) -> f64 {
    (item.eur * flavour.price_factor() * item.buy * 10000.0).round() / 10000.0
}
