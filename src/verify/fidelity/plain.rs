//! The exact metrics on plain slices, for tests and cross-checks against SDMetrics.

use super::*;

/// KSComplement (`1 − D`) of two samples; NaN values are nulls and dropped. Values are rounded
/// to 14 decimals first, as SDMetrics does. NaN if a side has no values.
pub fn ks_complement(a: &[f64], b: &[f64]) -> f64 {
    let sorted = |xs: &[f64]| {
        let mut v: Vec<f64> = xs
            .iter()
            .filter(|x| !x.is_nan())
            .map(|&x| round_ks(x))
            .collect();
        v.sort_by(f64::total_cmp);
        v.into_iter().map(|x| (x, 1u64)).collect::<Vec<_>>()
    };
    ks_sorted(&sorted(a), &sorted(b))
}

/// TVComplement of two category samples; nulls are dropped (as SDMetrics does), and a category
/// only `b` has counts 1e-6 in `a` (SDMetrics' regularization). NaN if a side has no values.
pub fn tv_complement(a: &[Option<&str>], b: &[Option<&str>]) -> f64 {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut ca: Vec<u64> = Vec::new();
    let mut cb: Vec<u64> = Vec::new();
    for (side, xs) in [(0, a), (1, b)] {
        for x in xs.iter().flatten() {
            let id = *ids.entry(x).or_insert_with(|| {
                ca.push(0);
                cb.push(0);
                ca.len() - 1
            });
            if side == 0 { ca[id] += 1 } else { cb[id] += 1 }
        }
    }
    tv_counts(&ca, &cb)
}

fn plain_cont(xs: &[f64]) -> ContSide {
    let (codes, keys, counts, _) = count_iter(xs.len(), xs.iter().map(|&x| float_key(Some(x))));
    let keys: Vec<f64> = keys.into_iter().map(f64::from_bits).collect();
    cont_side(codes, &keys, &counts, |v| v).0
}

/// CorrelationSimilarity `1 − |ρ_a − ρ_b| / 2` of two frames' (x, y) columns, Pearson or
/// Spearman, each on its rows where both are non-NaN. `None` when a coefficient is undefined.
pub fn correlation_similarity(
    a: (&[f64], &[f64]),
    b: (&[f64], &[f64]),
    spearman: bool,
) -> Option<f64> {
    let pick = |(p, s): (Option<f64>, Option<f64>)| if spearman { s } else { p };
    let ra = pick(correlations(&plain_cont(a.0), &plain_cont(a.1)))?;
    let rb = pick(correlations(&plain_cont(b.0), &plain_cont(b.1)))?;
    Some(1.0 - (ra - rb).abs() / 2.0)
}

/// ContingencySimilarity of two frames' (x, y) category columns; nulls are a category of their
/// own, shares are over all rows. NaN if a frame has no rows.
pub fn contingency_similarity(
    a: (&[Option<&str>], &[Option<&str>]),
    b: (&[Option<&str>], &[Option<&str>]),
) -> f64 {
    let (mut ix, mut iy) = (HashMap::new(), HashMap::new());
    let (ax, bx) = (
        intern(&mut ix, a.0.iter().copied()),
        intern(&mut ix, b.0.iter().copied()),
    );
    let (ay, by) = (
        intern(&mut iy, a.1.iter().copied()),
        intern(&mut iy, b.1.iter().copied()),
    );
    let (nx, ny) = (ix.len() as u32, iy.len() as u32);
    let s = |codes, null| BinnedSide::Ids { codes, null };
    let (sax, say, sbx, sby) = (s(&ax, nx), s(&ay, ny), s(&bx, nx), s(&by, ny));
    contingency([(&sax, &say), (&sbx, &sby)], (nx + 1, ny + 1))
}
