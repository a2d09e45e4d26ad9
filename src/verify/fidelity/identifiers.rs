//! Identifier profiles: null rate, distinct ratio, lengths and the share of surrogates that pass
//! the kind's own rule, for replaced identifier columns.

use super::*;

pub(super) struct TextProfile {
    pub(super) null_rate: f64,
    pub(super) distinct_ratio: f64,
    pub(super) mean_length: f64,
    pub(super) length_range: [usize; 2],
    pub(super) valid_share: Option<f64>,
}

pub(super) fn text_profile(
    s: &Series,
    kind: Option<Kind>,
    valid: &(dyn Fn(Kind, &str) -> Option<bool> + Sync),
) -> Result<TextProfile> {
    let text = crate::transform::as_text(&s.clone().into_column())?;
    let ca = text.str()?;
    let mut counts: HashMap<&str, u64> = HashMap::new();
    let mut nulls = 0u64;
    for v in ca.iter() {
        match v {
            Some(v) => *counts.entry(v).or_insert(0) += 1,
            None => nulls += 1,
        }
    }
    let rows = ca.len() as u64;
    let nonnull = rows - nulls;
    let (mut chars, mut min, mut max) = (0u64, usize::MAX, 0usize);
    let (mut checked, mut passed) = (false, 0u64);
    for (v, &c) in &counts {
        let len = v.chars().count();
        chars += len as u64 * c;
        min = min.min(len);
        max = max.max(len);
        if let Some(k) = kind
            && let Some(ok) = valid(k, v)
        {
            checked = true;
            passed += u64::from(ok) * c;
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok(TextProfile {
        null_rate: ratio(nulls, rows),
        distinct_ratio: ratio(counts.len() as u64, nonnull),
        mean_length: ratio(chars, nonnull),
        length_range: if nonnull == 0 { [0, 0] } else { [min, max] },
        valid_share: (checked && nonnull > 0).then(|| ratio(passed, nonnull)),
    })
}
