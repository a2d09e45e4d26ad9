//! Pair scores: CorrelationSimilarity (Pearson and Spearman) and ContingencySimilarity, and
//! the correlation matrices, in one pass per frame over the row codes.

use super::*;

pub(super) fn pair_scores(x: &(String, Prep), y: &(String, Prep)) -> Vec<PairFidelity> {
    let columns = [x.0.clone(), y.0.clone()];
    match (&x.1, &y.1) {
        (Prep::Cont { sides: sx, .. }, Prep::Cont { sides: sy, .. }) => {
            let ro = correlations(&sx[0], &sy[0]);
            let ra = correlations(&sx[1], &sy[1]);
            [
                (ro.0, ra.0, Coefficient::Pearson),
                (ro.1, ra.1, Coefficient::Spearman),
            ]
            .into_iter()
            .filter_map(|(ro, ra, coefficient)| {
                let (ro, ra) = (ro?, ra?);
                Some(PairFidelity {
                    columns: columns.clone(),
                    metric: Metric::CorrelationSimilarity,
                    coefficient: Some(coefficient),
                    score: 1.0 - (ro - ra).abs() / 2.0,
                    original: Some(ro),
                    anonymized: Some(ra),
                })
            })
            .collect()
        }
        (px, py) => {
            let (bx, by) = (Binned::new(px), Binned::new(py));
            let score = contingency(
                [(&bx.sides[0], &by.sides[0]), (&bx.sides[1], &by.sides[1])],
                (bx.n, by.n),
            );
            vec![PairFidelity {
                columns,
                metric: Metric::ContingencySimilarity,
                coefficient: None,
                score,
                original: None,
                anonymized: None,
            }]
        }
    }
}

/// A column's contingency categories on one side: category ids or bins per row; nulls are
/// their own id (as in `groupby(dropna=False)`).
#[derive(Clone, Copy)]
pub(super) enum BinnedSide<'a> {
    /// Category ids, `NULL` for null, which becomes `null`.
    Ids { codes: &'a [u32], null: u32 },
    /// Bins 0–10, 10 for null.
    Bins(&'a [u8]),
}

pub(super) struct Binned<'a> {
    pub(super) sides: [BinnedSide<'a>; 2],
    pub(super) n: u32,
}

impl<'a> Binned<'a> {
    /// Categorical columns as they are; numeric and datetime columns in SDMetrics'
    /// `discretize_column` bins: 10 equal-width bins over the original's range
    /// (`numpy.histogram_bin_edges`), outer edges open, nulls a bin of their own.
    pub(super) fn new(p: &'a Prep) -> Binned<'a> {
        match p {
            Prep::Cat { sides, n } => Binned {
                sides: [0, 1].map(|i| BinnedSide::Ids {
                    codes: &sides[i].codes,
                    null: *n,
                }),
                n: n + 1,
            },
            Prep::Cont { sides, .. } => Binned {
                sides: [0, 1].map(|i| BinnedSide::Bins(&sides[i].bins)),
                n: CONTINGENCY_BINS as u32 + 1,
            },
        }
    }
}

impl BinnedSide<'_> {
    pub(super) fn len(&self) -> usize {
        match self {
            BinnedSide::Ids { codes, .. } => codes.len(),
            BinnedSide::Bins(b) => b.len(),
        }
    }

    /// The category id of row `i`.
    #[inline]
    pub(super) fn id(&self, i: usize) -> u32 {
        match *self {
            BinnedSide::Ids { codes, null } => {
                let c = codes[i];
                if c == NULL { null } else { c }
            }
            BinnedSide::Bins(b) => u32::from(b[i]),
        }
    }
}

/// The inner edges of `numpy.histogram_bin_edges(values, 10)` (the outer two become ±∞ in
/// SDMetrics): `start + i · (stop − start) / 10`, with `start`, `stop` widened by ½ when equal.
pub(super) fn bin_edges(sorted: &[f64]) -> Vec<f64> {
    let (mut start, mut stop) = (sorted[0], sorted[sorted.len() - 1]);
    if start == stop {
        start -= 0.5;
        stop += 0.5;
    }
    let step = (stop - start) / CONTINGENCY_BINS as f64;
    (1..CONTINGENCY_BINS)
        .map(|i| i as f64 * step + start)
        .collect()
}

/// ContingencySimilarity of two frames' (x, y) category ids: `1 − ½ Σ |p_o − p_a|` over the
/// joint categories, shares taken over all rows (nulls included as categories).
pub(super) fn contingency(sides: [(&BinnedSide, &BinnedSide); 2], (nx, ny): (u32, u32)) -> f64 {
    let rows = [sides[0].0.len(), sides[1].0.len()];
    if rows[0] == 0 || rows[1] == 0 {
        return f64::NAN;
    }
    // The joint id of each row: x · ny + y.
    let joint = |(x, y): (&BinnedSide, &BinnedSide), i: usize| {
        u64::from(x.id(i)) * u64::from(ny) + u64::from(y.id(i))
    };
    let cells = nx as usize * ny as usize;
    let mut tv = 0.0;
    if cells <= MAX_DENSE_CELLS {
        let count = |side: (&BinnedSide, &BinnedSide)| {
            let mut t = vec![0u64; cells];
            for i in 0..side.0.len() {
                t[joint(side, i) as usize] += 1;
            }
            t
        };
        let (to, ta) = (count(sides[0]), count(sides[1]));
        for (&o, &a) in to.iter().zip(&ta) {
            if o > 0 || a > 0 {
                tv += (o as f64 / rows[0] as f64 - a as f64 / rows[1] as f64).abs();
            }
        }
    } else {
        let count = |side: (&BinnedSide, &BinnedSide)| {
            let mut t: HashMap<u64, u64> = HashMap::new();
            for i in 0..side.0.len() {
                *t.entry(joint(side, i)).or_insert(0) += 1;
            }
            t
        };
        let (to, ta) = (count(sides[0]), count(sides[1]));
        // Summed in the order of the cells, not of the maps (whose order changes from map to
        // map), so the same data gives the same score to the last bit in every run.
        let mut keys: Vec<u64> = to
            .keys()
            .chain(ta.keys().filter(|k| !to.contains_key(k)))
            .copied()
            .collect();
        keys.sort_unstable();
        for k in keys {
            let o = to.get(&k).copied().unwrap_or(0);
            let a = ta.get(&k).copied().unwrap_or(0);
            tv += (o as f64 / rows[0] as f64 - a as f64 / rows[1] as f64).abs();
        }
    }
    1.0 - tv / 2.0
}

/// Pearson and Spearman (Pearson of average ranks) of two continuous columns of one frame, on
/// the rows where both are non-null; `None` where undefined (fewer than 2 rows, or a constant).
///
/// One pass over the rows, with sums shifted by the columns' means (so the sums of squares do
/// not cancel); when either column has nulls, a first pass counts the rows both have, to rank
/// among them.
pub(super) fn correlations(x: &ContSide, y: &ContSide) -> (Option<f64>, Option<f64>) {
    let local;
    let (rx, ry, rank_mean) = if x.nulls == 0 && y.nulls == 0 {
        let n = x.codes.len() as f64;
        (&x.ranks, &y.ranks, (n + 1.0) / 2.0)
    } else {
        let mut cx = vec![0u64; x.values.len()];
        let mut cy = vec![0u64; y.values.len()];
        let mut n = 0u64;
        for (&a, &b) in x.codes.iter().zip(&y.codes) {
            if a != NULL && b != NULL {
                cx[a as usize] += 1;
                cy[b as usize] += 1;
                n += 1;
            }
        }
        local = (average_ranks(&cx), average_ranks(&cy));
        (&local.0, &local.1, (n as f64 + 1.0) / 2.0)
    };
    let mut v = Sums::default();
    let mut r = Sums::default();
    let (mut n, mut varied_x, mut varied_y) = (0u64, false, false);
    let (mut first_x, mut first_y) = (NULL, NULL);
    for (&a, &b) in x.codes.iter().zip(&y.codes) {
        if a == NULL || b == NULL {
            continue;
        }
        if n == 0 {
            (first_x, first_y) = (a, b);
        }
        n += 1;
        varied_x |= a != first_x;
        varied_y |= b != first_y;
        v.add(x.values[a as usize] - x.mean, y.values[b as usize] - y.mean);
        r.add(rx[a as usize] - rank_mean, ry[b as usize] - rank_mean);
    }
    // Codes are distinct values: a column with one code is a constant.
    if n < 2 || !varied_x || !varied_y {
        return (None, None);
    }
    (v.coefficient(n), r.coefficient(n))
}

/// Sums of shifted values for a correlation coefficient.
#[derive(Default)]
pub(super) struct Sums {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) xx: f64,
    pub(super) yy: f64,
    pub(super) xy: f64,
}

impl Sums {
    #[inline]
    pub(super) fn add(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
        self.xx += dx * dx;
        self.yy += dy * dy;
        self.xy += dx * dy;
    }

    pub(super) fn coefficient(&self, n: u64) -> Option<f64> {
        let n = n as f64;
        let sxx = self.xx - self.x * self.x / n;
        let syy = self.yy - self.y * self.y / n;
        let sxy = self.xy - self.x * self.y / n;
        (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
    }
}

/// Pearson matrices of the numeric columns among those paired, from the pair scores.
pub(super) fn matrices(
    prepared: &[(String, Prep)],
    pairs: &[PairFidelity],
) -> Option<CorrelationMatrices> {
    let numeric: Vec<usize> = (0..prepared.len())
        .filter(|&i| matches!(prepared[i].1, Prep::Cont { numeric: true, .. }))
        .collect();
    if numeric.len() < 2 {
        return None;
    }
    let k = numeric.len();
    let mut original = vec![None; k * k];
    let mut anonymized = vec![None; k * k];
    for (p, &i) in numeric.iter().enumerate() {
        if let Prep::Cont { sides, .. } = &prepared[i].1 {
            // A column correlates with itself unless it is a constant.
            original[p * k + p] = (sides[0].values.len() > 1).then_some(1.0);
            anonymized[p * k + p] = (sides[1].values.len() > 1).then_some(1.0);
        }
        for (q, &j) in numeric.iter().enumerate().skip(p + 1) {
            let found = pairs.iter().find(|f| {
                f.coefficient == Some(Coefficient::Pearson)
                    && f.columns[0] == prepared[i].0
                    && f.columns[1] == prepared[j].0
            });
            if let Some(f) = found {
                for (m, v) in [(&mut original, f.original), (&mut anonymized, f.anonymized)] {
                    m[p * k + q] = v;
                    m[q * k + p] = v;
                }
            }
        }
    }
    Some(CorrelationMatrices {
        columns: numeric.iter().map(|&i| prepared[i].0.clone()).collect(),
        original,
        anonymized,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contingency_of_many_categories_scores_the_same_to_the_last_bit_every_time() {
        // 2,000 × 2,000 categories: past the dense table, the counts are kept in hash maps.
        let n = 2_000u32;
        let codes = |seed: u64| -> Vec<u32> {
            let mut x = seed;
            (0..20_000)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) % u64::from(n)) as u32
                })
                .collect()
        };
        let (ox, oy, ax, ay) = (codes(1), codes(2), codes(3), codes(4));
        let [sox, soy, sax, say] = [&ox, &oy, &ax, &ay].map(|c| BinnedSide::Ids {
            codes: c.as_slice(),
            null: n,
        });
        let score = || contingency([(&sox, &soy), (&sax, &say)], (n + 1, n + 1));
        let first = score();
        assert!(first > 0.0 && first < 1.0, "{first}");
        for _ in 0..20 {
            assert_eq!(score().to_bits(), first.to_bits());
        }
    }
}
