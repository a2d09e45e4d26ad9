//! `shift-date`: dates moved by one keyed offset per entity, the same in every date column.

use super::*;
use crate::dates::{format_date, parse_date_time};
use chrono::TimeDelta;

/// The keyed shift of one entity: in [-max_days, +max_days] days, never 0.
fn offset(seed: u64, max_days: u32, key: &Key) -> i64 {
    let max = i64::from(max_days);
    let u = draw(key, "masq/shift-date", &format!("{seed:016x}"));
    let idx = (u % (2 * u64::from(max_days))) as i64; // 0 .. 2·max
    if idx < max { idx - max } else { idx - max + 1 }
}

/// `shift-date`: every date moves by one keyed offset per entity, in [-max_days, +max_days]
/// days and never 0. The offset depends only on the key, the entity and `max_days`, so all date
/// columns of an entity (given the same `max_days`) move together and the intervals between
/// its dates, across columns and rows, stay exact. Text keeps its format (`17/03/1984` stays
/// day-first; a time part stays as written); typed Date and Datetime columns stay typed.
pub fn shift_date(
    col: &Column,
    max_days: u32,
    entities: &Entities,
    key: &Key,
) -> Result<(Column, usize)> {
    let name = col.name().to_string();
    if max_days == 0 {
        return Err(Error::config(format!(
            "column '{name}': max_days must be at least 1 for strategy \"shift-date\""
        )));
    }
    entities.check_len(col)?;
    let mut cache: HashMap<u64, i64> = HashMap::new();
    let mut days = |row: usize| -> i64 {
        let seed = entities.seeds[row];
        *cache
            .entry(seed)
            .or_insert_with(|| offset(seed, max_days, key))
    };
    if col.null_count() == col.len() {
        return Ok((col.clone(), 0));
    }
    let dt = col.dtype().clone();
    let series = col.as_materialized_series();
    let typed = |physical: DataType, per_day: i64, days: &mut dyn FnMut(usize) -> i64| {
        let p = series.cast(&physical)?;
        let p = p.cast(&DataType::Int64)?;
        let ca = p.i64()?;
        let out: Int64Chunked = ca
            .iter()
            .enumerate()
            .map(|(row, v)| v.map(|x| x + days(row) * per_day))
            .collect();
        let mut s = out.into_series();
        s.rename(col.name().clone());
        let s = s.cast(&physical).and_then(|s| s.cast(&dt))?;
        Ok::<_, Error>((s.into_column(), ca.len() - ca.null_count()))
    };
    match &dt {
        DataType::Date => typed(DataType::Int32, 1, &mut days),
        DataType::Datetime(unit, _) => {
            let per_day = match unit {
                TimeUnit::Nanoseconds => 86_400_000_000_000,
                TimeUnit::Microseconds => 86_400_000_000,
                TimeUnit::Milliseconds => 86_400_000,
            };
            typed(DataType::Int64, per_day, &mut days)
        }
        DataType::String => {
            let ca = col.str()?;
            let dmy = day_first(ca.iter().flatten());
            let mut out = Vec::with_capacity(ca.len());
            for (row, v) in ca.iter().enumerate() {
                out.push(match v {
                    None => None,
                    Some(t) if t.trim().is_empty() => Some(t.to_string()),
                    Some(t) => {
                        let (d, f, rest) = parse_date_time(t, dmy).ok_or_else(|| {
                            cell_error(col, row, "not a date (shift-date needs dates)")
                        })?;
                        let shifted = d
                            .checked_add_signed(TimeDelta::days(days(row)))
                            .ok_or_else(|| cell_error(col, row, "date out of range after shift"))?;
                        Some(format!("{}{rest}", format_date(shifted, f)))
                    }
                });
            }
            Ok(text_column(col, ca, out))
        }
        other => Err(Error::config(format!(
            "column '{name}': shift-date needs dates; the column holds {other}"
        ))),
    }
}
