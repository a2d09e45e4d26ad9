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

/// Replaces every span in `text`. Returns the new text and how many spans were replaced.
pub fn replace_spans(
    text: &str,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
) -> (String, usize) {
    let spans = finder.find_with(text, dicts, known.spans(text));
    let out = assemble(text, &spans, |s| {
        surrogate(s.kind, &text[s.start..s.end], key, originals)
    });
    (out, spans.len())
}

/// The surrogate of one span: the keyed fake of its kind, else its keyed hash.
fn surrogate(kind: Kind, original: &str, key: &Key, originals: &dyn OriginalSet) -> String {
    fake_one(kind, original, key, originals)
        .unwrap_or_else(|| key.hash_value(kind.as_str(), &crate::text::normalize(kind, original)))
}

/// `text` with each of `spans` (sorted, disjoint) replaced by what `replace` gives for it.
fn assemble<S: AsRef<str>>(
    text: &str,
    spans: &[Span],
    mut replace: impl FnMut(&Span) -> S,
) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push_str(replace(s).as_ref());
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Applies `spans` to a whole column: the spans of each distinct text (in parallel), then one
/// surrogate per distinct span value (a name many notes mention is faked once, in parallel),
/// then each text put together again — the same text [`replace_spans`] gives, since a
/// surrogate depends only on the span's kind and text.
pub fn apply(
    col: &Column,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
) -> Result<(Column, Counts)> {
    let (series, counts) = super::map_distinct(col, |distinct| {
        let found: Vec<Vec<Span>> = distinct
            .par_iter()
            .map(|v| finder.find_with(v, dicts, known.spans(v)))
            .collect();
        // Each distinct (kind, span text), numbered in order of first appearance.
        let mut index: foldhash::HashMap<(Kind, &str), usize> = Default::default();
        let mut order: Vec<(Kind, &str)> = Vec::new();
        for (text, spans) in distinct.iter().zip(&found) {
            for s in spans {
                let value = (s.kind, &text[s.start..s.end]);
                index.entry(value).or_insert_with(|| {
                    order.push(value);
                    order.len() - 1
                });
            }
        }
        let surrogates: Vec<String> = order
            .par_iter()
            .map(|&(kind, original)| surrogate(kind, original, key, originals))
            .collect();
        Ok(distinct
            .par_iter()
            .zip(&found)
            .map(|(text, spans)| {
                let out = assemble(text, spans, |s| {
                    surrogates[index[&(s.kind, &text[s.start..s.end])]].as_str()
                });
                (out, spans.len())
            })
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
    fn a_column_gets_what_each_text_gets_alone() {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let o = Originals::default();
        let known = KnownOriginals::default();
        let texts = [
            "Mail j.smith@mailbox.org or call +44 20 7946 0958.",
            "Dear Karl, j.smith@mailbox.org wrote again.",
            "Nothing personal here.",
            "Mail j.smith@mailbox.org or call +44 20 7946 0958.",
        ];
        let col = Column::new("notes".into(), texts);
        let (out, counts) = apply(&col, &finder, &rules.dicts, &key, &o, &known).unwrap();
        let out: Vec<&str> = out.str().unwrap().iter().flatten().collect();
        for (text, got) in texts.iter().zip(&out) {
            let (want, _) = replace_spans(text, &finder, &rules.dicts, &key, &o, &known);
            assert_eq!(*got, want);
        }
        assert_eq!(counts.replaced, 3);
        assert!(
            out[0]
                .contains(&fake_one(crate::Kind::Email, "j.smith@mailbox.org", &key, &o).unwrap())
        );
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
