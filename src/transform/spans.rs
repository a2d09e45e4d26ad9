//! The `spans` strategy: personal data inside free text is replaced span by span with the keyed
//! surrogate of its kind — the same surrogate the value gets in a structured column, so an email
//! in a note and in the `email` column stay joined — and the rest of the text is kept.

use super::{Counts, OriginalSet, as_text, fake_one, keyed::Key};
use crate::detect::spans::SpanFinder;
use crate::error::{Error, Result};
use crate::rules::Dictionaries;
use polars::prelude::*;
use rayon::prelude::*;

/// Replaces every span in `text`. Returns the new text and how many spans were replaced.
pub fn replace_spans(
    text: &str,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
) -> (String, usize) {
    let spans = finder.find(text, dicts);
    if spans.is_empty() {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for s in &spans {
        out.push_str(&text[at..s.start]);
        let original = &text[s.start..s.end];
        let surrogate = fake_one(s.kind, original, key, originals).unwrap_or_else(|| {
            key.hash_value(s.kind.as_str(), &crate::text::normalize(s.kind, original))
        });
        out.push_str(&surrogate);
        at = s.end;
    }
    out.push_str(&text[at..]);
    (out, spans.len())
}

/// Applies `spans` to a whole column: each distinct text once (in parallel), then gather.
pub fn apply(
    col: &Column,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
) -> Result<(Column, Counts)> {
    let err = |e: PolarsError| {
        Error::input(format!(
            "internal data error: {}",
            crate::error::scrub_polars(&e)
        ))
    };
    let nulls = col.null_count();
    let text = as_text(col)?;
    let ca = text.str().map_err(err)?;
    let distinct: Vec<&str> = {
        let mut seen = foldhash::HashSet::default();
        ca.iter().flatten().filter(|v| seen.insert(*v)).collect()
    };
    let replaced: Vec<(String, usize)> = distinct
        .par_iter()
        .map(|v| replace_spans(v, finder, dicts, key, originals))
        .collect();
    let map: foldhash::HashMap<&str, (&str, usize)> = distinct
        .iter()
        .copied()
        .zip(replaced.iter().map(|(s, n)| (s.as_str(), *n)))
        .collect();
    let mut changed = 0usize;
    let mut spans = 0usize;
    let out: StringChunked = ca
        .iter()
        .map(|o| {
            o.map(|v| {
                let (s, n) = map.get(v).copied().unwrap_or((v, 0));
                changed += usize::from(s != v);
                spans += n;
                s
            })
        })
        .collect();
    let mut series = out.into_series();
    series.rename(col.name().clone());
    let counts = Counts {
        values: col.len() - nulls,
        distinct: distinct.len(),
        nulls,
        replaced: changed,
        spans,
        ..Counts::default()
    };
    Ok((series.into_column(), counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::transform::Originals;
    use crate::transform::keyed::KeySource;

    #[test]
    fn spans_get_the_same_surrogate_as_structured_values() {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let o = Originals::default();
        let (text, n) = replace_spans(
            "Call John Smith on +44 20 7946 0958 or mail j.smith@mailbox.org today.",
            &finder,
            &rules.dicts,
            &key,
            &o,
        );
        assert_eq!(n, 3);
        let email = fake_one(crate::Kind::Email, "j.smith@mailbox.org", &key, &o).unwrap();
        let phone = fake_one(crate::Kind::Phone, "+44 20 7946 0958", &key, &o).unwrap();
        let name = fake_one(crate::Kind::PersonName, "John Smith", &key, &o).unwrap();
        assert_eq!(
            text,
            format!("Call {name} on {phone} or mail {email} today.")
        );
        assert!(!text.contains("Smith") || name.contains("Smith"));
    }
}
