//! Strategies that keep a column's meaning but make it coarser or blurred, to lower
//! re-identification risk (see [`crate::verify::risk`]) while keeping distributions usable:
//!
//! - [`generalize`]: numbers into bins (`34` → `30-39`), dates truncated to the month or year
//!   (`17/03/1984` → `1984-03`), codes cut to a prefix (`75011` → `75***`).
//! - [`noise`]: numbers moved by a keyed relative factor, one per (entity, column).
//! - [`shift_date`]: dates moved by one keyed offset per entity, the same in every date column,
//!   so the intervals between one entity's dates stay exact.
//!
//! Every random draw is a pure function of the key: it is `key.hash_value(label, text)` (16 hex
//! digits of a keyed HMAC, under the domain labels `masq/entity`, `masq/entity-row`,
//! `masq/noise` and `masq/shift-date`, which no kind uses) read as a `u64`. The same entity
//! therefore gets the same factor or offset in every file and run with the same key, and nobody
//! without the key can undo it.
//!
//! Nulls stay null, blank text cells stay as they are, row count and order are unchanged. A cell
//! that cannot be handled (not a number, not a date) is an error naming the column and the
//! 1-based row, never the value: masq does not silently leave personal data in place. This
//! module never looks at headers and decides nothing about which columns to touch.
//!
//! One file per strategy (`coarsen`, `noise`, `shift`); this one holds the entity seeds and the
//! cell helpers they share. Dates are read and written by [`crate::dates`].

use super::as_text;
use crate::dates::day_first;
use crate::error::{Error, Result};
use crate::keys::Key;
use crate::policy::ColumnPolicy;
use crate::text::norm_text;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;

mod coarsen;
mod noise;
mod shift;
#[cfg(test)]
mod tests;

pub use self::coarsen::generalize;
pub use self::noise::noise;
pub use self::shift::shift_date;

/// Per-row entity seeds for [`noise`] and [`shift_date`].
///
/// A row's seed comes from its entity's normalized text (trimmed, lowercased, spaces collapsed),
/// so `P-001` and ` p-001 ` are one entity, in every file and run with the same key. Rows whose
/// entity is null or blank, and every row when there is no entity column, get a seed of their
/// own from their row number.
#[derive(Debug, Clone)]
pub struct Entities {
    seeds: Vec<u64>,
}

/// A keyed 64-bit draw.
fn draw(key: &Key, label: &str, value: &str) -> u64 {
    u64::from_str_radix(&key.hash_value(label, value), 16)
        .expect("Key::hash_value is 16 hex digits")
}

impl Entities {
    /// Seeds from the entity column `col`, whose first row is row `first_row` of the input (a
    /// row without an entity is its own entity).
    pub fn from_column(col: &Column, key: &Key, first_row: usize) -> Result<Entities> {
        let text = as_text(col)?;
        let ca = text.str()?;
        let mut cache: HashMap<String, u64> = HashMap::new();
        let seeds = ca
            .iter()
            .enumerate()
            .map(|(row, v)| {
                let norm = v.map(norm_text).filter(|n| !n.is_empty());
                match norm {
                    Some(n) => {
                        if let Some(&s) = cache.get(n.as_ref()) {
                            s
                        } else {
                            let s = draw(key, "masq/entity", &n);
                            cache.insert(n.into_owned(), s);
                            s
                        }
                    }
                    None => row_seed(first_row + row, key),
                }
            })
            .collect();
        Ok(Entities { seeds })
    }

    /// One entity per row (no entity column), for `rows` rows from row `first_row` on.
    pub fn by_row(first_row: usize, rows: usize, key: &Key) -> Entities {
        Entities {
            seeds: (first_row..first_row + rows)
                .map(|r| row_seed(r, key))
                .collect(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.seeds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seeds.is_empty()
    }

    fn check_len(&self, col: &Column) -> Result<()> {
        if self.seeds.len() == col.len() {
            Ok(())
        } else {
            Err(Error::config(format!(
                "column '{}': {} rows, but entities were given for {} rows",
                col.name(),
                col.len(),
                self.seeds.len()
            )))
        }
    }
}

fn row_seed(row: usize, key: &Key) -> u64 {
    draw(key, "masq/entity-row", &row.to_string())
}

/// An error for one cell: column and 1-based row, never the value.
fn cell_error(col: &Column, row: usize, what: &str) -> Error {
    Error::config(format!("column '{}', row {}: {what}", col.name(), row + 1))
}

/// A finite number written as text (`42`, `-3.5`, `1e3`), surrounding spaces allowed.
fn parse_num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Digits after the decimal point as written; `None` for exponent notation.
fn decimals(s: &str) -> Option<usize> {
    let t = s.trim();
    if t.contains(['e', 'E']) {
        return None;
    }
    Some(t.split_once('.').map_or(0, |(_, d)| d.len()))
}

/// Builds the output text column and counts the cells that changed.
fn text_column(col: &Column, orig: &StringChunked, out: Vec<Option<String>>) -> (Column, usize) {
    let changed = orig
        .iter()
        .zip(&out)
        .filter(|(a, b)| *a != b.as_deref())
        .count();
    let mut s = out.into_iter().collect::<StringChunked>().into_series();
    s.rename(col.name().clone());
    (s.into_column(), changed)
}
