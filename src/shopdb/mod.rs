//! The shop side made real: a Firebird database with the Detelina objects the report pages
//! use (etc/shopdb/schema.sql), a deterministic generator of a plausible shop to fill it,
//! and (for bos-client) the executor that answers tasks on it. See docs/shop-database.md.

pub mod catalog;
pub mod exec;
pub mod fb;
pub mod fill;
pub mod generate;
pub mod prng;

pub use exec::{Limits, ShopDb};
pub use generate::{Flavour, Spec};
