//! One pass per column and side: each distinct value and its count, and a code per row.

use super::*;

/// The distinct non-null values of one column, by first appearance.
pub(super) enum Keys<'a> {
    Text(Vec<&'a str>),
    Num(Vec<f64>),
    Time(Vec<i64>),
    Bool(Vec<bool>),
}

/// One side of one column: a code per row (`NULL` for null) into its distinct values, and how
/// often each occurs. This is the whole state the column metrics need, and it is mergeable:
/// the counts of two partitions add up value by value.
pub(super) struct Counted<'a> {
    pub(super) codes: Vec<u32>,
    pub(super) keys: Keys<'a>,
    pub(super) counts: Vec<u64>,
    pub(super) nonnull: u64,
}

pub(super) fn count_iter<K: Hash + Eq + Copy>(
    len: usize,
    iter: impl Iterator<Item = Option<K>>,
) -> (Vec<u32>, Vec<K>, Vec<u64>, u64) {
    let mut map: HashMap<K, u32> = HashMap::new();
    let mut codes = Vec::with_capacity(len);
    let mut keys = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut nonnull = 0u64;
    for v in iter {
        match v {
            None => codes.push(NULL),
            Some(k) => {
                let code = *map.entry(k).or_insert_with(|| {
                    keys.push(k);
                    counts.push(0);
                    (keys.len() - 1) as u32
                });
                counts[code as usize] += 1;
                nonnull += 1;
                codes.push(code);
            }
        }
    }
    (codes, keys, counts, nonnull)
}

/// Bits of a float as a hash key: NaN is null (as in pandas) and −0 is 0.
pub(super) fn float_key(v: Option<f64>) -> Option<u64> {
    v.filter(|x| !x.is_nan())
        .map(|x| if x == 0.0 { 0u64 } else { x.to_bits() })
}

pub(super) fn count_series(s: &Series) -> Result<std::result::Result<Counted<'_>, String>> {
    let len = s.len();
    let dt = s.dtype().clone();
    let counted = match &dt {
        DataType::String => {
            let ca = s.str()?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter());
            Counted {
                codes,
                keys: Keys::Text(keys),
                counts,
                nonnull,
            }
        }
        DataType::Boolean => {
            let ca = s.bool()?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter());
            Counted {
                codes,
                keys: Keys::Bool(keys),
                counts,
                nonnull,
            }
        }
        DataType::Date | DataType::Datetime(_, _) => {
            let factor: i64 = match &dt {
                DataType::Date => 86_400_000_000_000,
                DataType::Datetime(TimeUnit::Milliseconds, _) => 1_000_000,
                DataType::Datetime(TimeUnit::Microseconds, _) => 1_000,
                _ => 1,
            };
            let phys = s.to_physical_repr().cast(&DataType::Int64)?;
            let ca = phys.i64()?;
            let (codes, keys, counts, nonnull) =
                count_iter(len, ca.iter().map(|v| v.map(|x| x.saturating_mul(factor))));
            Counted {
                codes,
                keys: Keys::Time(keys),
                counts,
                nonnull,
            }
        }
        d if d.is_primitive_numeric() => {
            let f = s.cast(&DataType::Float64)?;
            let ca = f.f64()?;
            let (codes, keys, counts, nonnull) = count_iter(len, ca.iter().map(float_key));
            Counted {
                codes,
                keys: Keys::Num(keys.into_iter().map(f64::from_bits).collect()),
                counts,
                nonnull,
            }
        }
        // A column JSON had only nulls for.
        DataType::Null => Counted {
            codes: vec![NULL; len],
            keys: Keys::Text(Vec::new()),
            counts: Vec::new(),
            nonnull: 0,
        },
        other => return Ok(Err(format!("unsupported type {other}"))),
    };
    Ok(Ok(counted))
}

/// Codes per value (`NULL` for null), numbering new values as they come.
pub(super) fn intern<'a>(
    ids: &mut HashMap<&'a str, u32>,
    xs: impl Iterator<Item = Option<&'a str>>,
) -> Vec<u32> {
    xs.map(|x| match x {
        None => NULL,
        Some(v) => {
            let n = ids.len() as u32;
            *ids.entry(v).or_insert(n)
        }
    })
    .collect()
}
