//! `noise`: numbers moved by a keyed relative factor, one per (entity, column).

use super::*;

/// Rounds `y` to `places` decimals, towards `v` when rounding to nearest would move it more than
/// `amount` (relative) away from `v`: the promised bound holds after rounding too.
fn round_within(v: f64, y: f64, places: Option<usize>, amount: f64) -> f64 {
    let Some(d) = places.filter(|d| *d <= 15) else {
        return y;
    };
    let p = 10f64.powi(d as i32);
    let r = (y * p).round() / p;
    let r = if (r - v).abs() <= amount * v.abs() * (1.0 + 1e-12) {
        r
    } else if y > v {
        (y * p).floor() / p
    } else {
        (y * p).ceil() / p
    };
    if r == 0.0 { 0.0 } else { r }
}

/// `noise`: each number moves by a keyed factor in [-amount, +amount] (relative): `v × (1 + f)`,
/// one `f` per (entity, column name). Integers stay integers and decimals keep their number of
/// decimal places (rounded towards the original if rounding would break the bound); zero stays
/// zero. Typed columns keep their type; text columns are written back as text.
pub fn noise(col: &Column, amount: f64, entities: &Entities, key: &Key) -> Result<(Column, usize)> {
    let name = col.name().to_string();
    if !(amount > 0.0 && amount <= 1.0) {
        return Err(Error::config(format!(
            "column '{name}': noise must be above 0 and at most 1 (a relative change)"
        )));
    }
    entities.check_len(col)?;
    let mut cache: HashMap<u64, f64> = HashMap::new();
    let mut factor = |row: usize| -> f64 {
        let seed = entities.seeds[row];
        *cache.entry(seed).or_insert_with(|| {
            let u = draw(key, "masq/noise", &format!("{seed:016x}\0{name}"));
            let unit = (u >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
            (2.0 * unit - 1.0) * amount
        })
    };
    let dt = col.dtype().clone();
    if col.null_count() == col.len() {
        return Ok((col.clone(), 0));
    }
    if dt.is_string() {
        let ca = col.str()?;
        let mut out = Vec::with_capacity(ca.len());
        for (row, v) in ca.iter().enumerate() {
            out.push(match v {
                None => None,
                Some(t) if t.trim().is_empty() => Some(t.to_string()),
                Some(t) => {
                    let x = parse_num(t).ok_or_else(|| {
                        cell_error(col, row, "not a number (noise needs numbers)")
                    })?;
                    let places = decimals(t);
                    let y = round_within(x, x * (1.0 + factor(row)), places, amount);
                    Some(match places {
                        Some(d) => format!("{y:.d$}"),
                        None => format!("{y}"),
                    })
                }
            });
        }
        return Ok(text_column(col, ca, out));
    }
    if !(dt.is_integer() || dt.is_float()) {
        return Err(Error::config(format!(
            "column '{name}': noise needs numbers; the column holds {dt}"
        )));
    }
    let f = col.as_materialized_series().cast(&DataType::Float64)?;
    let ca = f.f64()?;
    let mut changed = 0usize;
    let out: Float64Chunked = ca
        .iter()
        .enumerate()
        .map(|(row, v)| {
            v.map(|x| {
                let places = if dt.is_integer() {
                    Some(0)
                } else if dt == DataType::Float32 {
                    decimals(&format!("{}", x as f32))
                } else {
                    decimals(&format!("{x}"))
                };
                let y = round_within(x, x * (1.0 + factor(row)), places, amount);
                changed += usize::from(y != x);
                y
            })
        })
        .collect();
    let mut s = out.into_series();
    s.rename(col.name().clone());
    let s = s.strict_cast(&dt).map_err(|_| {
        Error::config(format!(
            "column '{name}': noise moved a value out of the range of the column's type ({dt})"
        ))
    })?;
    Ok((s.into_column(), changed))
}
