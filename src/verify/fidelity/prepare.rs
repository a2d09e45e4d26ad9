//! Prepared columns: sorted distinct values with counts, and the column scores on them
//! (KSComplement, TVComplement) with their charts' inputs.

use super::*;

/// A numeric or datetime side: a code per row into the sorted distinct values.
pub(super) struct ContSide {
    pub(super) codes: Vec<u32>,
    /// Sorted distinct values (strictly increasing in their exact form).
    pub(super) values: Vec<f64>,
    pub(super) counts: Vec<u64>,
    pub(super) nulls: usize,
    /// Mean of the non-null values (the shift of the one-pass correlation sums).
    pub(super) mean: f64,
    /// Average rank of each distinct value among all non-null rows (for Spearman).
    pub(super) ranks: Vec<f64>,
    /// Contingency bin per row (see [`Binned`]); empty until [`ContSide::bin`].
    pub(super) bins: Vec<u8>,
}

impl ContSide {
    /// Puts every row in one of the contingency bins `edges` make (0–9; 10 for null).
    pub(super) fn bin(&mut self, edges: &[f64]) {
        let of_code: Vec<u8> = self
            .values
            .iter()
            .map(|v| edges.partition_point(|e| e <= v) as u8)
            .collect();
        self.bins = self
            .codes
            .iter()
            .map(|&c| {
                if c == NULL {
                    CONTINGENCY_BINS as u8
                } else {
                    of_code[c as usize]
                }
            })
            .collect();
    }
}

/// A categorical or boolean side: a category id per row (`NULL` for null).
pub(super) struct CatSide {
    pub(super) codes: Vec<u32>,
}

/// A compared column, ready for pairs.
pub(super) enum Prep {
    Cont {
        sides: Box<[ContSide; 2]>,
        numeric: bool,
    },
    Cat {
        sides: [CatSide; 2],
        n: u32,
    },
}

pub(super) fn average_ranks(counts: &[u64]) -> Vec<f64> {
    let mut cum = 0u64;
    counts
        .iter()
        .map(|&c| {
            let r = (2 * cum + c + 1) as f64 / 2.0;
            cum += c;
            r
        })
        .collect()
}

/// Sorts the distinct values of one side (given as exact keys per code) and recodes the rows.
pub(super) fn cont_side<K: PartialOrd + Copy>(
    mut codes: Vec<u32>,
    keys: &[K],
    counts: &[u64],
    to_f64: impl Fn(K) -> f64,
) -> (ContSide, Vec<(K, u64)>) {
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_by(|&x, &y| {
        keys[x as usize]
            .partial_cmp(&keys[y as usize])
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    // Several keys may be one value ("1" and "1.0"): merge them.
    let mut remap = vec![0u32; keys.len()];
    let mut sorted: Vec<(K, u64)> = Vec::with_capacity(keys.len());
    for &c in &order {
        let k = keys[c as usize];
        match sorted.last_mut() {
            Some((last, n)) if *last == k => *n += counts[c as usize],
            _ => sorted.push((k, counts[c as usize])),
        }
        remap[c as usize] = (sorted.len() - 1) as u32;
    }
    let mut nulls = 0;
    for c in codes.iter_mut() {
        if *c == NULL {
            nulls += 1;
        } else {
            *c = remap[*c as usize];
        }
    }
    let counts: Vec<u64> = sorted.iter().map(|p| p.1).collect();
    let values: Vec<f64> = sorted.iter().map(|p| to_f64(p.0)).collect();
    let n: u64 = counts.iter().sum();
    let sum: f64 = values.iter().zip(&counts).map(|(v, &c)| v * c as f64).sum();
    let side = ContSide {
        codes,
        mean: if n == 0 { 0.0 } else { sum / n as f64 },
        ranks: average_ranks(&counts),
        values,
        counts,
        nulls,
        bins: Vec::new(),
    };
    (side, sorted)
}

/// Rounds like `numpy.round(x, 14)` (multiply, round half to even, divide), as SDMetrics does
/// before the KS test.
pub(super) fn round_ks(x: f64) -> f64 {
    let f = 10f64.powi(KS_DECIMALS);
    let y = (x * f).round_ties_even() / f;
    if y.is_finite() { y } else { x }
}

/// Two-sample KS statistic `D` from sorted (value, count) lists, as `1 − D`; NaN if a side is
/// empty. Equal neighbours in a list are allowed (they are consumed together).
pub(super) fn ks_sorted<K: PartialOrd + Copy>(a: &[(K, u64)], b: &[(K, u64)]) -> f64 {
    let na: u64 = a.iter().map(|p| p.1).sum();
    let nb: u64 = b.iter().map(|p| p.1).sum();
    if na == 0 || nb == 0 {
        return f64::NAN;
    }
    let (mut i, mut j, mut ca, mut cb) = (0, 0, 0u64, 0u64);
    let mut d = 0f64;
    while i < a.len() || j < b.len() {
        let v = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => {
                if x.0 <= y.0 {
                    x.0
                } else {
                    y.0
                }
            }
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (None, None) => unreachable!(),
        };
        while i < a.len() && a[i].0 <= v {
            ca += a[i].1;
            i += 1;
        }
        while j < b.len() && b[j].0 <= v {
            cb += b[j].1;
            j += 1;
        }
        d = d.max((ca as f64 / na as f64 - cb as f64 / nb as f64).abs());
    }
    1.0 - d
}

/// TVComplement from per-category counts (same categories, by index), with SDMetrics'
/// regularization: a category only the anonymized side has counts 1e-6 in the original.
pub(super) fn tv_counts(orig: &[u64], anon: &[u64]) -> f64 {
    let no: u64 = orig.iter().sum();
    let na: u64 = anon.iter().sum();
    if no == 0 || na == 0 {
        return f64::NAN;
    }
    let extra = orig
        .iter()
        .zip(anon)
        .filter(|(o, a)| **o == 0 && **a > 0)
        .count();
    let total_o = no as f64 + 1e-6 * extra as f64;
    let mut tv = 0.0;
    for (&o, &a) in orig.iter().zip(anon) {
        if o == 0 && a == 0 {
            continue;
        }
        let po = if o == 0 { 1e-6 } else { o as f64 } / total_o;
        tv += (a as f64 / na as f64 - po).abs();
    }
    1.0 - 0.5 * tv
}

pub(super) fn compare(name: &str, o: &Series, a: &Series) -> Result<Outcome> {
    let co = match count_series(o)? {
        Ok(c) => c,
        Err(why) => return Ok(skipped(name, why)),
    };
    let ca = match count_series(a)? {
        Ok(c) => c,
        Err(why) => return Ok(skipped(name, why)),
    };
    if co.nonnull == 0 {
        return Ok(skipped(name, "no values in the original data"));
    }
    if ca.nonnull == 0 {
        return Ok(skipped(name, "no values in the anonymized data"));
    }
    let (ko, ka) = (caps(&co), caps(&ca));
    let ty = match decide(&ko, &ka) {
        Ok(t) => t,
        Err(why) => return Ok(skipped(name, why)),
    };
    let column = |ty: Ty, metric: Metric, score: f64, chart: Chart| ColumnFidelity {
        column: name.to_string(),
        column_type: ty,
        metric,
        score,
        chart,
    };
    match ty {
        Ty::Numeric => {
            let (mut so, ro) = num_side(co);
            let (mut sa, ra) = num_side(ca);
            bin_both(&mut so, &mut sa);
            let ro: Vec<(f64, u64)> = ro.into_iter().map(|(v, c)| (round_ks(v), c)).collect();
            let ra: Vec<(f64, u64)> = ra.into_iter().map(|(v, c)| (round_ks(v), c)).collect();
            let score = ks_sorted(&ro, &ra);
            let chart = bin_chart(&so, &sa, false);
            Ok(compared(
                column(ty, Metric::KSComplement, score, chart),
                Prep::Cont {
                    sides: Box::new([so, sa]),
                    numeric: true,
                },
            ))
        }
        Ty::Datetime => {
            let (mut so, eo) = time_side(co);
            let (mut sa, ea) = time_side(ca);
            bin_both(&mut so, &mut sa);
            let score = ks_sorted(&eo, &ea);
            let chart = bin_chart(&so, &sa, true);
            Ok(compared(
                column(ty, Metric::KSComplement, score, chart),
                Prep::Cont {
                    sides: Box::new([so, sa]),
                    numeric: false,
                },
            ))
        }
        Ty::Boolean => {
            let to_bool = |c: &Counted| -> Vec<u32> {
                match &c.keys {
                    Keys::Bool(k) => k.iter().map(|b| u32::from(*b)).collect(),
                    Keys::Text(k) => k
                        .iter()
                        .map(|s| u32::from(parse_bool(s).is_some_and(|p| p.0)))
                        .collect(),
                    _ => unreachable!("boolean sides have boolean keys"),
                }
            };
            let (mo, ma) = (to_bool(&co), to_bool(&ca));
            let (so, cnt_o) = cat_side(co.codes, &mo, &co.counts, 2);
            let (sa, cnt_a) = cat_side(ca.codes, &ma, &ca.counts, 2);
            let score = tv_counts(&cnt_o, &cnt_a);
            let chart = cat_chart(&["false", "true"], &cnt_o, &cnt_a, false);
            Ok(compared(
                column(ty, Metric::TVComplement, score, chart),
                Prep::Cat {
                    sides: [so, sa],
                    n: 2,
                },
            ))
        }
        Ty::Categorical | Ty::Text => {
            let (Keys::Text(ko_keys), Keys::Text(ka_keys)) = (&co.keys, &ca.keys) else {
                unreachable!("categorical sides are text")
            };
            let mut ids: HashMap<&str, u32> = HashMap::with_capacity(ko_keys.len());
            let mo = intern(&mut ids, ko_keys.iter().map(|k| Some(*k)));
            let ma = intern(&mut ids, ka_keys.iter().map(|k| Some(*k)));
            let n = ids.len();
            let mut labels: Vec<&str> = vec![""; n];
            for (k, &i) in &ids {
                labels[i as usize] = k;
            }
            if !is_categorical(n, co.nonnull.max(ca.nonnull)) {
                return Ok(skipped(name, format!("text with {n} distinct values")));
            }
            let (so, cnt_o) = cat_side(co.codes, &mo, &co.counts, n);
            let (sa, cnt_a) = cat_side(ca.codes, &ma, &ca.counts, n);
            let score = tv_counts(&cnt_o, &cnt_a);
            let chart = cat_chart(&labels, &cnt_o, &cnt_a, true);
            Ok(compared(
                column(Ty::Categorical, Metric::TVComplement, score, chart),
                Prep::Cat {
                    sides: [so, sa],
                    n: n as u32,
                },
            ))
        }
    }
}

/// Bins both sides on the original's contingency edges.
pub(super) fn bin_both(o: &mut ContSide, a: &mut ContSide) {
    let edges = bin_edges(&o.values);
    o.bin(&edges);
    a.bin(&edges);
}

pub(super) fn num_side(c: Counted) -> (ContSide, Vec<(f64, u64)>) {
    let keys: Vec<f64> = match &c.keys {
        Keys::Num(k) => k.clone(),
        Keys::Text(k) => k.iter().map(|s| parse_num(s).unwrap_or(f64::NAN)).collect(),
        _ => unreachable!("numeric sides have numeric keys"),
    };
    cont_side(c.codes, &keys, &c.counts, |v| v)
}

pub(super) fn time_side(c: Counted) -> (ContSide, Vec<(i64, u64)>) {
    let keys: Vec<i64> = match &c.keys {
        Keys::Time(k) => k.clone(),
        Keys::Text(k) => k.iter().map(|s| timestamp_nanos(s).unwrap_or(0)).collect(),
        _ => unreachable!("datetime sides have datetime keys"),
    };
    cont_side(c.codes, &keys, &c.counts, |v| v as f64)
}

/// Recodes a side to category ids (`map`: key code → id) and counts per id.
pub(super) fn cat_side(
    mut codes: Vec<u32>,
    map: &[u32],
    counts: &[u64],
    n: usize,
) -> (CatSide, Vec<u64>) {
    let mut per = vec![0u64; n];
    for (k, &c) in counts.iter().enumerate() {
        per[map[k] as usize] += c;
    }
    for c in codes.iter_mut() {
        if *c != NULL {
            *c = map[*c as usize];
        }
    }
    (CatSide { codes }, per)
}
