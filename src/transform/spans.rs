//! The `spans` strategy: personal data inside free text is replaced span by span with the keyed
//! surrogate of its kind — the same surrogate the value gets in a structured column, so an email
//! in a note and in the `email` column stay joined — and the rest of the text is kept.

use super::{Counts, OriginalSet, fake_one};
use crate::detect::spans::{Span, SpanFinder, bounded};
use crate::error::Result;
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Strategy};
use crate::rules::Dictionaries;
use polars::prelude::*;
use rayon::prelude::*;

/// Replaces every span in `text`. Returns the new text and how many spans were replaced.
/// Originals of the run's replaced identifying text columns (full names, street addresses,
/// emails, usernames, …), looked for again inside prose: a name a note repeats gets the very
/// surrogate its own column got, even where no rule would have found it in the text.
#[derive(Default)]
pub struct KnownOriginals {
    ac: Option<aho_corasick::AhoCorasick>,
    kinds: Vec<Kind>,
    /// Numeric identifiers (phones, national ids), digits only, hashed: found in the text as
    /// digit runs whatever their separators.
    digits: foldhash::HashMap<u64, Kind>,
}

impl std::fmt::Debug for KnownOriginals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KnownOriginals({} values, <redacted>)", self.kinds.len())
    }
}

/// Shorter originals are too likely to be ordinary words.
const MIN_KNOWN_CHARS: usize = 5;

impl KnownOriginals {
    /// The distinct values of every replaced identifying text column (names, addresses,
    /// emails, usernames, …) of `inputs`, plus the identifying spans already found in their
    /// prose (`prose`). Empty when no input has a prose column.
    pub fn from_plans(
        inputs: &[(&DataFrame, &[ColumnPlan])],
        prose: &[(Kind, String)],
    ) -> Result<KnownOriginals> {
        let has_prose = inputs
            .iter()
            .any(|(_, plans)| plans.iter().any(|c| c.strategy == Strategy::Spans));
        if !has_prose {
            return Ok(Default::default());
        }
        let mut texts: Vec<(Kind, Series)> = Vec::new();
        for (df, plans) in inputs {
            for plan in *plans {
                if let (Some(kind), true) = (plan.kind, plan.strategy.transforms())
                    && plan.strategy != Strategy::Spans
                    && kind.is_identifying()
                {
                    texts.push((kind, super::as_text(df.column(&plan.column)?)?));
                }
            }
        }
        // Distinct values only: the matcher lowercases each one it keeps.
        let mut values: Vec<(Kind, &str)> = Vec::new();
        for (kind, s) in &texts {
            let ca = s.str()?;
            let mut seen = foldhash::HashSet::default();
            values.extend(
                ca.iter()
                    .flatten()
                    .filter(|v| seen.insert(*v))
                    .map(|v| (*kind, v)),
            );
        }
        values.extend(prose.iter().map(|(k, v)| (*k, v.as_str())));
        Ok(KnownOriginals::new(values.into_iter()))
    }

    /// From `(kind, value)` pairs; numeric and compact identifiers (phones, IBANs) are left to
    /// the rules, which find them whatever their formatting.
    pub fn new<'a>(values: impl Iterator<Item = (Kind, &'a str)>) -> KnownOriginals {
        let mut seen = foldhash::HashSet::default();
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        let mut digits = foldhash::HashMap::default();
        for (kind, v) in values {
            let v = v.trim();
            if kind.is_numeric_identifier() {
                let d = crate::text::digits(v);
                if d.len() >= MIN_KNOWN_DIGITS {
                    digits.insert(crate::text::hash64(d.as_bytes()), kind);
                }
                continue;
            }
            if !kind.is_identifying()
                || kind.is_compact()
                || v.chars().count() < MIN_KNOWN_CHARS
                || !v.chars().any(char::is_alphabetic)
                || !seen.insert(v.to_lowercase())
            {
                continue;
            }
            patterns.push(v.to_string());
            kinds.push(kind);
        }
        let ac = (!patterns.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        KnownOriginals { ac, kinds, digits }
    }

    /// Whole-word occurrences in `text`, and digit runs that are a known number.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let mut out: Vec<Span> = match &self.ac {
            Some(ac) => ac
                .find_iter(text)
                .filter(|m| bounded(text, m.start(), m.end()))
                .map(|m| Span {
                    start: m.start(),
                    end: m.end(),
                    kind: self.kinds[m.pattern().as_usize()],
                })
                .collect(),
            None => Vec::new(),
        };
        if !self.digits.is_empty() {
            let b = text.as_bytes();
            crate::text::digit_runs(text, b" -.()/", MIN_KNOWN_DIGITS, |start, end, digits| {
                // Whole numbers only (not the tail of `x1234567`), with a leading `+` or `(`.
                let glued = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
                if glued(start.checked_sub(1).and_then(|i| b.get(i))) || glued(b.get(end)) {
                    return;
                }
                if let Some(kind) = self.digits.get(&crate::text::hash64(digits)) {
                    let start = if start > 0 && matches!(b[start - 1], b'+' | b'(') {
                        start - 1
                    } else {
                        start
                    };
                    out.push(Span {
                        start,
                        end,
                        kind: *kind,
                    });
                }
            });
        }
        out
    }
}

/// Shortest number looked for in prose by its digits (as in the leak gate's digit search).
const MIN_KNOWN_DIGITS: usize = 7;

pub fn replace_spans(
    text: &str,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
) -> (String, usize) {
    let spans = finder.find_with(text, dicts, known.spans(text));
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
    known: &KnownOriginals,
) -> Result<(Column, Counts)> {
    let (series, counts) = super::map_distinct(col, |distinct| {
        Ok(distinct
            .par_iter()
            .map(|v| replace_spans(v, finder, dicts, key, originals, known))
            .collect())
    })?;
    Ok((series.into_column(), counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeySource;
    use crate::rules::RuleSet;
    use crate::transform::Originals;

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
            &KnownOriginals::default(),
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

    #[test]
    fn a_name_of_a_replaced_column_is_found_again_in_prose() {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let o = Originals::default();
        // "Oluwaseun Adeyemi" is in no dictionary: only the column it came from knows it.
        let known =
            KnownOriginals::new([(crate::Kind::PersonName, "Oluwaseun Adeyemi")].into_iter());
        let text = "Spoke with oluwaseun adeyemi about the refund; Oluwaseun Adeyemis cat is fine.";
        let (out, n) = replace_spans(text, &finder, &rules.dicts, &key, &o, &known);
        assert_eq!(n, 1, "the glued word is not the name: {out}");
        let name = fake_one(crate::Kind::PersonName, "oluwaseun adeyemi", &key, &o).unwrap();
        assert!(
            out.starts_with(&format!("Spoke with {name} about")),
            "{out}"
        );
        assert!(!format!("{known:?}").contains("Adeyemi"));
    }
}
