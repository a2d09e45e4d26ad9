//! The `spans` strategy: personal data inside free text is replaced span by span with the keyed
//! surrogate of its kind — the same surrogate the value gets in a structured column, so an email
//! in a note and in the `email` column stay joined — and the rest of the text is kept.

use super::{Counts, OriginalSet};
use crate::detect::spans::{Found, Span, SpanFinder, bounded, text_key};
use crate::error::Result;
use crate::hashmap64::HashMap64;
use crate::keys::Key;
use crate::kind::Kind;
use crate::rules::Dictionaries;
use crate::text::length_bit;
use polars::prelude::*;
use rayon::prelude::*;

/// Originals of the run's replaced identifying text columns (full names, street addresses,
/// emails, usernames, …), looked for again inside prose: a name a note repeats gets the very
/// surrogate its own column got, even where no rule would have found it in the text. Also the
/// words of its replaced name columns, found alone in prose where they stand as names do, and
/// what the prose tells of its own words to tell those names from words.
///
/// 64-bit hashes only (never the values), of each original lower-cased (ASCII), and of its first
/// `PREFIX` bytes with the lengths of the originals that start so: memory grows with
/// distinct originals at about 24 bytes each (and distinct prefixes at about 17: the hash and
/// the lengths, see [`crate::hashmap64`]), and building costs one hash per value (an
/// Aho-Corasick automaton over every original of a large export took a fifth of the run to
/// build, and gigabytes). A text is probed at each word start whose prefix is known, longest
/// candidate first, at the lengths of that prefix's originals only.
#[derive(Default)]
pub struct KnownOriginals {
    text: HashMap64<Kind>,
    /// Per prefix, the lengths of the originals that start with it: bit `n` for `n` bytes,
    /// bit 63 for 63 bytes or more.
    prefixes: HashMap64<u64>,
    /// The longest original, in bytes.
    max_len: usize,
    /// Numeric identifiers (phones, national ids), digits only, hashed: found in the text as
    /// digit runs whatever their separators.
    digits: HashMap64<Kind>,
    /// The words of replaced name columns and of the full names found in prose, as written
    /// (`Eriskhan`, `Marinović`), hashed: found again alone in prose by
    /// [`learned_names`](crate::detect::spans::learned_names).
    names: HashMap64<Kind>,
    /// The words the run's prose writes in lower case (`novo`, `new`, `please`), hashed: a
    /// learned name that is one of them is an everyday word there, not looked for.
    lower: HashMap64<()>,
    /// How often the name columns hold each word of `names`, and how often the run's prose
    /// writes each capitalised word, hashed: a learned name the prose writes far more often
    /// than the columns hold it (`Bruder`, `Novo` of a template's `Novo endereço:`) is a word
    /// of the prose.
    name_counts: HashMap64<u32>,
    capitals: HashMap64<u32>,
}

impl std::fmt::Debug for KnownOriginals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KnownOriginals({} values, {} name words, <redacted>)",
            self.text.len() + self.digits.len(),
            self.names.len()
        )
    }
}

/// Scans of a batch's prose texts by [`text_key`], made in `run`'s first pass.
pub type Scanned = foldhash::HashMap<u64, Found>;

/// A learned name is taken for a word of the run's prose when the prose writes it at least
/// this many times …
const PROSE_WORD_MIN: u64 = 10;
/// … and this many times as often as the name columns hold it (a name is written about as
/// often as its columns hold it: in the presidio-evaluator set, where notes and columns draw
/// from one set of people, less often).
const PROSE_WORD_RATIO: u64 = 5;

/// Shorter originals are too likely to be ordinary words.
const MIN_KNOWN_CHARS: usize = 5;
/// Bytes of an original's start kept as a filter (every original has at least this many).
const PREFIX: usize = 4;

/// A character that glues a match to its neighbour (`x1234`, `a@b`, `snake_case`).
fn glue(c: char) -> bool {
    c.is_alphanumeric() || c == '@' || c == '_'
}

impl KnownOriginals {
    /// An empty set whose maps count against `budget` (and move to disk beyond it).
    pub fn with_budget(budget: Option<&crate::hashmap64::Budget>) -> KnownOriginals {
        KnownOriginals {
            text: HashMap64::with_budget(budget.cloned()),
            prefixes: HashMap64::with_budget(budget.cloned()),
            digits: HashMap64::with_budget(budget.cloned()),
            names: HashMap64::with_budget(budget.cloned()),
            lower: HashMap64::with_budget(budget.cloned()),
            name_counts: HashMap64::with_budget(budget.cloned()),
            capitals: HashMap64::with_budget(budget.cloned()),
            max_len: 0,
        }
    }

    /// From `(kind, value)` pairs; the first kind given for a value is its kind.
    pub fn new<'a>(values: impl Iterator<Item = (Kind, &'a str)>) -> KnownOriginals {
        let mut known = KnownOriginals::default();
        for (kind, v) in values {
            known.insert(kind, v);
        }
        known.freeze();
        known
    }

    /// Bytes held in memory (on disk: the maps' filters).
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.prefixes.heap_bytes()
            + self.digits.heap_bytes()
            + self.names.heap_bytes()
            + self.lower.heap_bytes()
            + self.name_counts.heap_bytes()
            + self.capitals.heap_bytes()
    }

    /// Ends the building: lookups from now on probe the compact arrays alone.
    pub fn freeze(&mut self) {
        self.text.freeze();
        self.prefixes.freeze();
        self.digits.freeze();
        self.names.freeze();
        self.lower.freeze();
        self.name_counts.freeze();
        self.capitals.freeze();
    }

    /// Adds one original, unless a text equal to it (ignoring ASCII case) came first. Numeric
    /// identifiers are kept by their digits; compact ones (IBANs) are left to the rules, which
    /// find them whatever their formatting.
    ///
    /// The words of a name are kept too, to be found alone in prose (see
    /// [`name_words`](crate::detect::spans::name_words)).
    pub fn insert(&mut self, kind: Kind, v: &str) {
        self.insert_column(kind, std::iter::once(v));
    }

    /// [`insert`](Self::insert) for a value the rules found in prose: a name's words are not
    /// kept alone, so that a capitalised word a rule took for part of a name in one text
    /// (`Alvir Please`) is not looked for in every other.
    pub fn insert_found(&mut self, kind: Kind, v: &str) {
        let v = v.trim();
        if kind.is_numeric_identifier() {
            let d = crate::text::digits(v);
            if d.len() >= MIN_KNOWN_DIGITS {
                // The last kind given wins here (a prose span's own reading of its number).
                self.digits
                    .insert_last(crate::text::hash64(d.as_bytes()), kind);
            }
            return;
        }
        // Too short a text is left to `insert_text`, which judges each written form too.
        if !kind.is_identifying() || kind.is_compact() || !v.chars().any(char::is_alphabetic) {
            return;
        }
        if kind == Kind::PersonName {
            // Prose writes a column's `dhr. Elin van het Heerenveen` or `DA MOTA, Liam` as
            // `Elin van het Heerenveen` and `Liam da Mota`.
            for form in crate::detect::spans::name_forms(v) {
                self.insert_text(kind, &form);
            }
        }
        self.insert_text(kind, v);
    }

    /// [`insert`](Self::insert) of each of `values` (a batch's column of `kind`). The words of
    /// names are gathered first, in the order they come, so that each distinct one costs one
    /// insertion into the maps (a name column repeats its names row after row).
    pub fn insert_column<'t>(&mut self, kind: Kind, values: impl Iterator<Item = &'t str>) {
        let words = kind.is_name() || kind == Kind::City;
        let mut order: Vec<(u64, Kind)> = Vec::new();
        let mut counts: foldhash::HashMap<u64, u32> = Default::default();
        for v in values {
            if words {
                for (w, kind) in crate::detect::spans::name_words(kind, v.trim()) {
                    let h = crate::text::hash64(w.as_bytes());
                    let n = counts.entry(h).or_insert_with(|| {
                        order.push((h, kind));
                        0
                    });
                    *n = n.saturating_add(1);
                }
            }
            self.insert_found(kind, v);
        }
        for (h, kind) in order {
            self.names.insert_first(h, kind);
            let had = self.name_counts.get(h).unwrap_or(0);
            self.name_counts
                .insert_last(h, had.saturating_add(counts[&h]));
        }
    }

    /// Adds what each of `texts` (a batch's prose column) tells of its words: those it writes
    /// in lower case (three letters or more), and how often it writes each capitalised one —
    /// outside addresses and links (`anna.smith@…`, `www.smith.com`). The batch's words are
    /// gathered first, so that each distinct one costs one insertion.
    pub fn insert_prose_texts<'t>(&mut self, texts: impl Iterator<Item = &'t str>) {
        let mut lower: foldhash::HashSet<u64> = Default::default();
        let mut capitals: foldhash::HashMap<u64, u32> = Default::default();
        for text in texts {
            for chunk in text.split_whitespace() {
                if chunk.contains(['@', '/']) || chunk.contains("www.") {
                    continue;
                }
                for w in
                    chunk.split(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
                {
                    let w = w.trim_matches(['-', '\'', '’']);
                    let w = w
                        .strip_suffix("'s")
                        .or_else(|| w.strip_suffix("’s"))
                        .unwrap_or(w);
                    // Names are three letters or more.
                    if w.len() < 3 {
                        continue;
                    }
                    let mut cs = w.chars();
                    match cs.next() {
                        Some(c) if c.is_uppercase() => {
                            let n = capitals
                                .entry(crate::text::hash64(w.as_bytes()))
                                .or_default();
                            *n = n.saturating_add(1);
                        }
                        Some(c) if c.is_lowercase() && cs.all(char::is_lowercase) => {
                            lower.insert(crate::text::hash64(w.as_bytes()));
                        }
                        _ => {}
                    }
                }
            }
        }
        for h in lower {
            self.lower.insert_first(h, ());
        }
        for (h, n) in capitals {
            let had = self.capitals.get(h).unwrap_or(0);
            self.capitals.insert_last(h, had.saturating_add(n));
        }
    }

    /// The kind of `w` when it is a name the run learned and not a word of its prose: one the
    /// prose also writes in lower case (`Novo` beside `novo`), or far more often than the name
    /// columns hold it.
    fn learned(&self, w: &str) -> Option<Kind> {
        let h = crate::text::hash64(w.as_bytes());
        let kind = self.names.get(h)?;
        if self
            .lower
            .contains_key(crate::text::hash64(w.to_lowercase().as_bytes()))
        {
            return None;
        }
        let in_prose = u64::from(self.capitals.get(h).unwrap_or(0));
        let in_columns = u64::from(self.name_counts.get(h).unwrap_or(0));
        if in_prose >= PROSE_WORD_MIN && in_prose >= PROSE_WORD_RATIO * in_columns {
            return None;
        }
        Some(kind)
    }

    /// Adds one written form of a text original ([`MIN_KNOWN_CHARS`] or longer).
    fn insert_text(&mut self, kind: Kind, v: &str) {
        if v.chars().count() < MIN_KNOWN_CHARS {
            return;
        }
        let lower = v.to_ascii_lowercase();
        self.text
            .insert_first(crate::text::hash64(lower.as_bytes()), kind);
        self.prefixes
            .insert_or(prefix_hash(lower.as_bytes()), length_bit(lower.len()));
        self.max_len = self.max_len.max(lower.len());
    }

    /// Adds `other`'s originals after this one's (a text both hold keeps this one's kind, a
    /// number takes `other`'s, as [`insert`](Self::insert) does).
    pub fn merge(&mut self, other: KnownOriginals) {
        // Five maps of their own, on all cores.
        let (text, digits, prefixes, names, lower, name_counts, capitals) = (
            &mut self.text,
            &mut self.digits,
            &mut self.prefixes,
            &mut self.names,
            &mut self.lower,
            &mut self.name_counts,
            &mut self.capitals,
        );
        rayon::join(
            || {
                rayon::join(
                    || text.absorb(other.text, |here, _| here),
                    || {
                        names.absorb(other.names, |here, _| here);
                        lower.absorb(other.lower, |here, _| here);
                        let add = |here: u32, theirs: u32| here.saturating_add(theirs);
                        name_counts.absorb(other.name_counts, add);
                        capitals.absorb(other.capitals, add);
                    },
                )
            },
            || {
                rayon::join(
                    || digits.absorb(other.digits, |_, theirs| theirs),
                    || prefixes.absorb(other.prefixes, |here, theirs| here | theirs),
                )
            },
        );
        self.max_len = self.max_len.max(other.max_len);
    }

    /// Whether an original could start at a word of `text` before byte `upto` (its first
    /// [`PREFIX`] bytes are those of a known original); true when no text original is known,
    /// since then nothing rules it out.
    fn may_start_before(&self, text: &str, upto: usize) -> bool {
        if self.text.is_empty() {
            return true;
        }
        let b = text.as_bytes();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if i >= upto {
                break;
            }
            if !prev.is_some_and(glue)
                && !c.is_whitespace()
                && i + PREFIX <= b.len()
                && self.prefixes.contains_key(prefix_hash(&b[i..i + PREFIX]))
            {
                return true;
            }
            prev = Some(c);
        }
        false
    }

    /// Whole-word occurrences in `text` (the longest at each place, not glued to a letter,
    /// digit, `@` or `_` on either side), digit runs that are a known number, and the learned
    /// names standing alone as names do.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        if !self.text.is_empty() {
            let b = text.as_bytes();
            let mut window: Vec<u8> = Vec::new();
            let mut prev: Option<char> = None;
            let mut i = 0;
            while i < b.len() {
                let c = match b[i] {
                    a if a.is_ascii() => char::from(a),
                    _ => text[i..].chars().next().unwrap_or(' '),
                };
                let starts = !prev.is_some_and(glue) && !c.is_whitespace() && i + PREFIX <= b.len();
                if starts
                    && let Some(lengths) = self.prefixes.get(prefix_hash(&b[i..i + PREFIX]))
                    && let Some((end, kind)) = self.longest_at(text, i, lengths, &mut window)
                {
                    out.push(Span {
                        start: i,
                        end,
                        kind,
                    });
                    prev = text[..end].chars().next_back();
                    i = end;
                    continue;
                }
                prev = Some(c);
                i += c.len_utf8();
            }
        }
        if !self.digits.is_empty() {
            let b = text.as_bytes();
            crate::text::digit_runs(text, b" -.()/", MIN_KNOWN_DIGITS, |start, end, digits| {
                // Whole numbers only (not the tail of `x1234567`), with a leading `+` or `(`.
                let glued = |c: Option<&u8>| c.is_some_and(u8::is_ascii_alphanumeric);
                if glued(start.checked_sub(1).and_then(|i| b.get(i))) || glued(b.get(end)) {
                    return;
                }
                if let Some(kind) = self.digits.get(crate::text::hash64(digits)) {
                    let start = if start > 0 && matches!(b[start - 1], b'+' | b'(') {
                        start - 1
                    } else {
                        start
                    };
                    out.push(Span { start, end, kind });
                }
            });
        }
        if !self.names.is_empty() {
            // Learned names where no original is, in the order of the text.
            let names = crate::detect::spans::learned_names(text, |w| self.learned(w));
            let free: Vec<Span> = names
                .into_iter()
                .filter(|n| !out.iter().any(|s| s.start < n.end && n.start < s.end))
                .collect();
            if !free.is_empty() {
                out.extend(free);
                out.sort_by_key(|s| s.start);
            }
        }
        out
    }

    /// The end and kind of the longest original that starts at `start` and ends where the
    /// text does not glue on, `lengths` being those of the originals with the text's prefix
    /// there ([`length_bit`]s); `window` is scratch space for the text from `start`, lower-cased.
    fn longest_at(
        &self,
        text: &str,
        start: usize,
        lengths: u64,
        window: &mut Vec<u8>,
    ) -> Option<(usize, Kind)> {
        let longest = match lengths.checked_ilog2()? {
            63 => self.max_len,
            n => n as usize,
        };
        let mut limit = (start + longest).min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        window.clear();
        window.extend(
            text.as_bytes()[start..limit]
                .iter()
                .map(u8::to_ascii_lowercase),
        );
        let at = |end: usize| {
            if !text.is_char_boundary(end) || !bounded(text, start, end) {
                return None;
            }
            let kind = self.text.get(crate::text::hash64(&window[..end - start]))?;
            Some((end, kind))
        };
        // The ends the lengths allow, longest first: every end from 63 bytes on (they share
        // bit 63), then one end per length bit below it.
        // (With no original of 63 bytes or more, the range is empty: it starts past `limit`.)
        let long_from = if lengths & length_bit(63) != 0 {
            start + 63
        } else {
            limit + 1
        };
        let long = long_from..=limit;
        let mut below = lengths & (length_bit(63) - 1) & !(length_bit(PREFIX) - 1);
        let short = std::iter::from_fn(move || {
            let n = below.checked_ilog2()? as usize;
            below &= !length_bit(n);
            Some(start + n)
        })
        .filter(|&end| end <= limit);
        long.rev().chain(short).find_map(at)
    }
}

/// The hash of an original's first [`PREFIX`] bytes, lower-cased, without allocating (it runs
/// at every word start of every text).
fn prefix_hash(bytes: &[u8]) -> u64 {
    let mut p = [0u8; PREFIX];
    p.copy_from_slice(&bytes[..PREFIX]);
    p.make_ascii_lowercase();
    crate::text::hash64(&p)
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
        in_place(
            text,
            s,
            surrogate(s.kind, &text[s.start..s.end], key, originals),
            key,
            originals,
            known,
        )
    });
    (out, spans.len())
}

/// The surrogate of one span: the keyed fake of its kind, else its keyed hash.
fn surrogate(kind: Kind, original: &str, key: &Key, originals: &dyn OriginalSet) -> String {
    super::FirstDraw::of(kind, original, key).finish(original, key, originals, || {})
}

/// `surrogate` for `span` of `text`, unless it forms an original with a word beside it — as
/// `Thomas Stein` after `Customer` does where another note's `Customer Thomas …` was read as
/// a name (the leak gate would then find `Customer Thomas` in the output). Such a span is
/// drawn again, from later keyed draws, until it forms none: the one case where a span's
/// surrogate depends on the words around it.
fn in_place<'a>(
    text: &str,
    span: &Span,
    surrogate: impl Into<std::borrow::Cow<'a, str>>,
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
) -> std::borrow::Cow<'a, str> {
    let surrogate = surrogate.into();
    let before = text[..span.start]
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let after = text[span.end..]
        .trim_start()
        .split(char::is_whitespace)
        .next()
        .unwrap_or("");
    if before.is_empty() && after.is_empty() {
        return surrogate;
    }
    let forms = |s: &str| {
        let window = format!("{before} {s} {after}");
        // The full search only where a known original could start in `before` or `s`.
        known.may_start_before(&window, before.len() + 1 + s.len())
            && originals.appears_in(&window)
            && !originals.appears_in(s)
            && !originals.appears_in(before)
            && !originals.appears_in(after)
    };
    if !forms(&surrogate) {
        return surrogate;
    }
    let original = &text[span.start..span.end];
    for round in 1..=4 {
        if let Some(s) = super::fake_from(
            span.kind,
            original,
            key,
            originals,
            round * super::MAX_ATTEMPTS,
            &|_| false,
        ) && !forms(&s)
        {
            return s.into();
        }
    }
    key.hash_value(
        span.kind.as_str(),
        &crate::text::normalize(span.kind, original),
    )
    .into()
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
///
/// `scanned` holds texts already scanned (`run`'s first pass): those are only finished with
/// the known originals, not scanned again.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    col: &Column,
    finder: &SpanFinder,
    dicts: &Dictionaries,
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
    scanned: Option<&Scanned>,
) -> Result<(Column, Counts)> {
    let (series, counts) = super::map_distinct(col, |distinct| {
        // Pass 1's scans where there are some; the other texts scanned now, together.
        let scans = finder.scan_all_except(distinct, dicts, |v| {
            scanned
                .and_then(|s| s.get(&text_key(v)))
                .filter(|f| f.fits(v))
        });
        let found: Vec<Vec<Span>> = distinct
            .par_iter()
            .zip(&scans)
            .map(|(v, f)| f.finish(v, known.spans(v)))
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
        // All first draws of a few hundred spans, then their checks (see `finish_ahead`).
        let surrogates: Vec<String> = order
            .par_chunks(super::DRAW_CHUNK)
            .flat_map_iter(|chunk| {
                let started: Vec<super::FirstDraw> = chunk
                    .iter()
                    .map(|&(kind, original)| super::FirstDraw::of(kind, original, key))
                    .collect();
                super::finish_ahead(
                    started,
                    |d| d.prefetch(originals),
                    |i, d| d.finish(chunk[i].1, key, originals, || {}),
                )
            })
            .collect();
        Ok(distinct
            .par_iter()
            .zip(&found)
            .map(|(text, spans)| {
                let out = assemble(text, spans, |s| {
                    let sur = surrogates[index[&(s.kind, &text[s.start..s.end])]].as_str();
                    in_place(text, s, sur, key, originals, known)
                });
                (out, spans.len())
            })
            .collect())
    })?;
    Ok((series.into_column(), counts))
}

/// One replaced name column of a batch, for [`row_names`]: its kind (a given or family name),
/// its original cells and what the run wrote in its place (`None` when it was dropped).
pub struct RowName<'a> {
    pub kind: Kind,
    pub original: &'a Column,
    pub output: Option<&'a Column>,
}

/// Whether a column's names are looked for in its row's prose, by [`row_names`] and by the
/// leak gate's row check alike: a given or family name the plan replaces.
pub fn is_row_name(plan: &crate::policy::ColumnPlan) -> bool {
    matches!(plan.kind, Some(Kind::FirstName | Kind::LastName)) && plan.strategy.transforms()
}

/// Whether a row's name is looked for in its prose: at least two characters, one a letter.
fn row_name_sought(name: &str) -> bool {
    name.chars().nth(1).is_some() && name.chars().any(char::is_alphabetic)
}

/// Whether the output text `out` of a row still holds `name`, the original of one of the
/// row's replaced name cells, as a whole word (see [`row_names`]): the leak gate's row check.
pub fn holds_row_name(out: &str, name: &str) -> bool {
    let name = name.trim();
    row_name_sought(name) && crate::text::whole_words(out, name).next().is_some()
}

/// A row's own names, found again in its prose after the spans were replaced: the given name
/// of the `first_name` cell alone at the start of a sentence (`Lorenzo asks us to call`),
/// where no rule can tell it from an ordinary capitalised word, is still that row's customer.
/// Each whole-word, case-sensitive occurrence of the original of a replaced given- or
/// family-name cell of the row in its `prose` output becomes what the row's name cell became
/// (the row stays consistent: `Viola asks us to call` beside `first_name` = `Viola`), or the
/// keyed fake of the name where that cell was dropped, emptied or kept the name.
///
/// Every occurrence is replaced, inside a span's surrogate too (a surrogate that happens to be
/// the row's original name would otherwise be read as one left in place), so the output holds
/// none of them: what [`holds_row_name`] checks. A replacement that would form an original
/// identifier with the words beside it is drawn again, as a span's surrogate is. Returns the
/// column and how many occurrences were replaced.
pub fn row_names(
    prose: &Column,
    names: &[RowName<'_>],
    key: &Key,
    originals: &dyn OriginalSet,
    known: &KnownOriginals,
) -> Result<(Column, usize)> {
    if names.is_empty() {
        return Ok((prose.clone(), 0));
    }
    let text = super::as_text(prose)?;
    let ca = text.str()?;
    let cols: Vec<(Kind, StringChunked, Option<StringChunked>)> = names
        .iter()
        .map(|n| -> Result<_> {
            let out = match n.output {
                Some(o) => Some(super::as_text(o)?.str()?.clone()),
                None => None,
            };
            Ok((n.kind, super::as_text(n.original)?.str()?.clone(), out))
        })
        .collect::<Result<_>>()?;
    let rows: Vec<(Option<String>, usize)> = (0..ca.len())
        .into_par_iter()
        .map(|i| {
            let Some(t) = ca.get(i) else {
                return (None, 0);
            };
            // This row's names the text holds, each with what replaces it.
            let mut words: Vec<(&str, std::borrow::Cow<'_, str>, Kind)> = Vec::new();
            for (kind, orig, out) in &cols {
                let Some(o) = orig.get(i).map(str::trim) else {
                    continue;
                };
                if !holds_row_name(t, o) || words.iter().any(|(w, ..)| *w == o) {
                    continue;
                }
                let written = out
                    .as_ref()
                    .and_then(|c| c.get(i))
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && !holds_row_name(s, o));
                let with = match written {
                    Some(s) => std::borrow::Cow::Borrowed(s),
                    None => std::borrow::Cow::Owned(surrogate(*kind, o, key, originals)),
                };
                words.push((o, with, *kind));
            }
            if words.is_empty() {
                return (None, 0);
            }
            // Longest first: a family name `van Dijk` before a given name `Dijk`.
            words.sort_by_key(|(w, ..)| std::cmp::Reverse(w.len()));
            let mut hits: Vec<(usize, usize, usize)> = Vec::new();
            for (k, (w, ..)) in words.iter().enumerate() {
                for at in crate::text::whole_words(t, w) {
                    let end = at + w.len();
                    if !hits.iter().any(|&(s, e, _)| at < e && s < end) {
                        hits.push((at, end, k));
                    }
                }
            }
            hits.sort_unstable();
            let mut s = String::with_capacity(t.len() + 8);
            let mut at = 0;
            for &(start, end, k) in &hits {
                s.push_str(&t[at..start]);
                // Checked as a span's surrogate is, between the words now before it and after
                // it: `Rodriguez` in `Brenda Rodriguez` (the row's billing name's surrogate)
                // must not become `Brenda Pereira`, another customer's billing name.
                // `in_place` reads one word on either side: only those are copied.
                let (o, with, kind) = &words[k];
                let left = s.trim_end();
                let left =
                    &s[left.len() - left.rsplit(char::is_whitespace).next().unwrap_or("").len()..];
                let after = &t[end..];
                let next = after.trim_start();
                let right = end
                    + (after.len() - next.len())
                    + next.find(char::is_whitespace).unwrap_or(next.len());
                let here = format!("{left}{}", &t[start..right]);
                let span = Span {
                    start: left.len(),
                    end: left.len() + (end - start),
                    kind: *kind,
                };
                debug_assert!(
                    &here[span.start..span.end] == *o,
                    "a row's name is replaced where it stands"
                );
                let put = in_place(&here, &span, with.as_ref(), key, originals, known);
                s.push_str(&put);
                at = end;
            }
            s.push_str(&t[at..]);
            (Some(s), hits.len())
        })
        .collect();
    let replaced = rows.iter().map(|r| r.1).sum();
    if replaced == 0 {
        return Ok((prose.clone(), 0));
    }
    let out: StringChunked = rows
        .iter()
        .zip(ca.iter())
        .map(|((new, _), old)| new.as_deref().or(old))
        .collect();
    Ok((out.with_name(prose.name().clone()).into_column(), replaced))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeySource;
    use crate::rules::RuleSet;
    use crate::transform::{Originals, fake_one};

    /// Finds one lowercased phrase anywhere in a text, as the leak gate finds originals.
    struct Phrase(String);

    impl OriginalSet for Phrase {
        fn contains(&self, _kind: Kind, _normalized: &str) -> bool {
            false
        }
        fn appears_in(&self, text: &str) -> bool {
            text.to_lowercase().contains(&self.0)
        }
    }

    #[test]
    fn a_surrogate_that_forms_an_original_with_the_word_before_it_is_drawn_again() {
        let key = Key::from_bytes(vec![9u8; 32], KeySource::Env).unwrap();
        let text = "Customer James Warren called from home";
        let span = Span {
            start: 9,
            end: 21,
            kind: Kind::PersonName,
        };
        let first = surrogate(
            Kind::PersonName,
            "James Warren",
            &key,
            &Phrase("\u{0}".into()),
        );
        // Elsewhere `Customer <its first name>` was read as a name: the first draw would form it.
        let word = first.split_whitespace().next().unwrap().to_lowercase();
        let gate = Phrase(format!("customer {word}"));
        let none_known = KnownOriginals::default();
        let placed = in_place(text, &span, first.clone(), &key, &gate, &none_known);
        assert_ne!(placed, first);
        assert!(
            !gate.appears_in(&format!("Customer {placed} called")),
            "{placed}"
        );
        // The same span in the same words gets the same surrogate again.
        assert_eq!(
            in_place(text, &span, first.clone(), &key, &gate, &none_known),
            placed
        );
        // Where it forms nothing, the surrogate is the span's usual one.
        let none = Phrase("\u{0}".into());
        assert_eq!(
            in_place(text, &span, first.clone(), &key, &none, &none_known),
            first
        );
        // Known originals that could not start there skip the search: `customer …` is not one.
        let known = KnownOriginals::new([(Kind::PersonName, "Zebedee Quark")].into_iter());
        assert_eq!(
            in_place(text, &span, first.clone(), &key, &gate, &known),
            first
        );
        let known = KnownOriginals::new(
            [(Kind::PersonName, format!("Customer {word}").as_str())].into_iter(),
        );
        assert_eq!(
            in_place(text, &span, first.clone(), &key, &gate, &known),
            placed
        );
    }

    /// The built-in rules, their span finder, a fixed key, no originals.
    fn setup() -> (RuleSet, SpanFinder, Key, Originals) {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        (rules, finder, key, Originals::default())
    }

    #[test]
    fn spans_get_the_same_surrogate_as_structured_values() {
        let (rules, finder, key, o) = setup();
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
        let (rules, finder, key, o) = setup();
        let known = KnownOriginals::default();
        let texts = [
            "Mail j.smith@mailbox.org or call +44 20 7946 0958.",
            "Dear Karl, j.smith@mailbox.org wrote again.",
            "Nothing personal here.",
            "Mail j.smith@mailbox.org or call +44 20 7946 0958.",
        ];
        let col = Column::new("notes".into(), texts);
        let (out, counts) = apply(&col, &finder, &rules.dicts, &key, &o, &known, None).unwrap();
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
    fn known_originals_take_the_longest_at_each_place_and_stop_at_punctuation() {
        use crate::Kind::{Email, PersonName, StreetAddress};
        let known = KnownOriginals::new(
            [
                (PersonName, "Maria Clara"),
                (PersonName, "Maria Clara Jesus"),
                (Email, "mc.jesus@uol.com.br"),
                (StreetAddress, "Rua das Flores 12"),
            ]
            .into_iter(),
        );
        let text = "MARIA CLARA JESUS (mc.jesus@uol.com.br.) lives at Rua das Flores 123; Maria Clara too.";
        let found: Vec<(&str, crate::Kind)> = known
            .spans(text)
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("MARIA CLARA JESUS", PersonName),
                ("mc.jesus@uol.com.br", Email),
                ("Maria Clara", PersonName)
            ],
            "Rua das Flores 123 is another house, glued to the original's number"
        );
    }

    #[test]
    fn known_originals_sharing_a_prefix_are_found_at_each_of_their_lengths() {
        use crate::Kind::{Email, PersonName, StreetAddress};
        // Four originals under the prefix `rose`, one past 63 bytes, two learned by merging.
        let long = "Rosenthaler Strasse 1234, Hinterhaus, Aufgang B, 3. Obergeschoss links";
        assert!(long.len() > 63);
        let mut known =
            KnownOriginals::new([(PersonName, "Rose Tyler"), (StreetAddress, long)].into_iter());
        known.merge(KnownOriginals::new(
            [
                (Email, "rose.t@torchwood.uk"),
                (PersonName, "Rosemary Tyler"),
            ]
            .into_iter(),
        ));
        let text = format!(
            "Rosemary Tyler wrote from rose.t@torchwood.uk: deliver to {} for Rose Tyler. \
             Rose Tylers dog and Rosenthaler Strasse 1234 are no originals.",
            long.to_uppercase()
        );
        let found: Vec<(&str, crate::Kind)> = known
            .spans(&text)
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("Rosemary Tyler", PersonName),
                ("rose.t@torchwood.uk", Email),
                (&*long.to_uppercase(), StreetAddress),
                ("Rose Tyler", PersonName),
            ]
        );
    }

    #[test]
    fn a_name_of_a_replaced_column_is_found_again_in_prose() {
        let (rules, finder, key, o) = setup();
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

    #[test]
    fn words_of_name_columns_are_found_alone_in_prose_unless_the_prose_uses_them_as_words() {
        use crate::Kind::{FirstName, LastName, PersonName};
        let spans = |known: &KnownOriginals, text: &str| -> Vec<String> {
            known
                .spans(text)
                .iter()
                .map(|s| text[s.start..s.end].to_string())
                .collect()
        };
        let mut known = KnownOriginals::default();
        for (kind, v) in [
            (FirstName, "Eriskhan"),
            (LastName, "Ojima"),
            (PersonName, "Kaikou M Shimoda"),
            (LastName, "Novo"),
            (LastName, "Rich"),
        ] {
            known.insert(kind, v);
        }
        // What the run's prose writes, over pass 1: a template's opening word (far more often
        // than the column holds it), and `rich` in lower case.
        for _ in 0..12 {
            known.insert_prose_texts(std::iter::once("Novo pedido registrado."));
        }
        known.insert_prose_texts(std::iter::once("a rich customer"));
        known.freeze();
        assert_eq!(
            spans(&known, "Eriskhan, call Shimoda today (says Ojima)."),
            ["Eriskhan", "Shimoda", "Ojima"]
        );
        // The middle initial is no word of a name; `Kaikou` is a given name.
        assert_eq!(spans(&known, "Tell Kaikou now"), Vec::<String>::new());
        assert_eq!(spans(&known, "told Kaikou now"), ["Kaikou"]);
        assert_eq!(
            spans(&known, "Novo pedido registrado."),
            Vec::<String>::new()
        );
        assert_eq!(spans(&known, "Rich clients pay late"), Vec::<String>::new());
        // Names are kept as keyed hashes: Debug shows none.
        assert!(!format!("{known:?}").contains("Ojima"));
        // A town of one word, in capitals too; a longer one as a whole, not word by word.
        let mut towns = KnownOriginals::default();
        for t in ["Hella", "DOLE", "Pleasant Grove"] {
            towns.insert(crate::Kind::City, t);
        }
        towns.freeze();
        let text =
            "Hella office called; ship to 12 Main St\n DOLE\n Pleasant view. Pleasant Grove too";
        let found = towns.spans(text);
        assert_eq!(
            found
                .iter()
                .map(|s| (&text[s.start..s.end], s.kind))
                .collect::<Vec<_>>(),
            [
                ("Hella", crate::Kind::City),
                ("DOLE", crate::Kind::City),
                ("Pleasant Grove", crate::Kind::City)
            ]
        );
        // A name a rule found in prose is not looked for alone in other texts.
        let mut found = KnownOriginals::default();
        found.insert_found(PersonName, "Alvir Please");
        found.freeze();
        assert_eq!(
            spans(&found, "Please return it. Alvir called."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_street_of_a_replaced_column_takes_its_postcode_and_town_along() {
        use crate::Kind::StreetAddress;
        let (rules, finder, key, o) = setup();
        // Street originals of a `street_address` column; notes write them with the postcode
        // and the town of other columns after them, in layouts the street's country does not
        // use (the scan alone reads `Michael Manors` as a name, `Antony Shoal, S0G 8HJ
        // Owenberg` as an address that starts after the column's street does).
        let known = KnownOriginals::new(
            [
                (StreetAddress, "Flat 3, Antony Shoal"),
                (StreetAddress, "2557 Michael Manors Apt. 433"),
            ]
            .into_iter(),
        );
        for (text, gone) in [
            (
                "Ship the replacement to Flat 3, Antony Shoal, S0G 8HJ Owenberg instead.",
                ["Antony", "S0G 8HJ", "Owenberg"],
            ),
            (
                "Ship the replacement to 2557 Michael Manors Apt. 433, 57409 Herreraborough instead.",
                ["Manors", "57409", "Herreraborough"],
            ),
        ] {
            let (out, n) = replace_spans(text, &finder, &rules.dicts, &key, &o, &known);
            assert_eq!(n, 1, "{out}");
            assert!(out.starts_with("Ship the replacement to "), "{out}");
            assert!(out.ends_with(" instead."), "{out}");
            for word in gone {
                assert!(!out.contains(word), "{word} left in {out}");
            }
        }
        // Without a postcode and a town after it, the street keeps its column's surrogate.
        let text = "Parcel left at Flat 3, Antony Shoal yesterday.";
        let (out, _) = replace_spans(text, &finder, &rules.dicts, &key, &o, &known);
        let street = fake_one(StreetAddress, "Flat 3, Antony Shoal", &key, &o).unwrap();
        assert_eq!(out, format!("Parcel left at {street} yesterday."));
    }

    #[test]
    fn a_rows_own_names_in_its_prose_become_what_its_name_cells_became() {
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let o = Originals::default();
        let col = |name: &str, v: &[Option<&str>]| Column::new(name.into(), v.to_vec());
        let first = col(
            "first_name",
            &[Some("Lorenzo"), Some("Will"), Some("Jesús"), None],
        );
        let first_out = col(
            "first_name",
            &[Some("Viola"), Some("Karl"), Some("Andres"), None],
        );
        let last = col(
            "last_name",
            &[Some("Azevedo"), Some("Page"), Some("Andres"), Some("Dijk")],
        );
        let notes = col(
            "notes",
            &[
                Some(
                    "Lorenzo pide que le llamemos. Lorenzo's order, not Lorenzos or lorenzo@x.io.",
                ),
                Some("Will will call; see page 2. Page confirmed."),
                Some("Jesús Andres llamó."),
                Some("Spoke with Dijk."),
            ],
        );
        let names = [
            RowName {
                kind: Kind::FirstName,
                original: &first,
                output: Some(&first_out),
            },
            // The family names were dropped: their keyed fakes stand in for them.
            RowName {
                kind: Kind::LastName,
                original: &last,
                output: None,
            },
        ];
        let none_known = KnownOriginals::default();
        let (out, n) = row_names(&notes, &names, &key, &o, &none_known).unwrap();
        let out: Vec<&str> = out.str().unwrap().iter().map(Option::unwrap).collect();
        let fake = |v: &str| fake_one(Kind::LastName, v, &key, &o).unwrap();
        assert_eq!(
            out[0],
            "Viola pide que le llamemos. Viola's order, not Lorenzos or lorenzo@x.io."
        );
        // Case counts: `will` and `page` are words, `Will` and `Page` the row's names.
        assert_eq!(
            out[1],
            format!("Karl will call; see page 2. {} confirmed.", fake("Page"))
        );
        // The given name's surrogate is the family name's original: each word replaced once.
        assert_eq!(out[2], format!("Andres {} llamó.", fake("Andres")));
        assert_eq!(out[3], format!("Spoke with {}.", fake("Dijk")));
        assert_eq!(n, 7);
        for (i, t) in out.iter().enumerate() {
            for c in [&first, &last] {
                if let Some(name) = c.str().unwrap().get(i)
                    && !(i == 2 && name == "Andres")
                {
                    assert!(!holds_row_name(t, name), "row {i}: {t}");
                }
            }
        }
        // Prose without the row's names is left as it was, the same column.
        let other = col("notes", &[Some("No names here."), None, None, None]);
        let (same, n) = row_names(&other, &names, &key, &o, &none_known).unwrap();
        assert_eq!(n, 0);
        assert!(
            same.as_materialized_series()
                .equals_missing(other.as_materialized_series())
        );
        // `Brenda Rodriguez` is the surrogate of the row's billing name; its family name
        // `Rodriguez` is the row's own and goes, but `Pereira`, what the row's last_name
        // became, would form `Brenda Pereira`, another customer's billing name: drawn again.
        let last = col("last_name", &[Some("Rodriguez")]);
        let last_out = col("last_name", &[Some("Pereira")]);
        let note = col("notes", &[Some("Brenda Rodriguez a appelé.")]);
        let names = [RowName {
            kind: Kind::LastName,
            original: &last,
            output: Some(&last_out),
        }];
        let gate = Phrase("brenda pereira".into());
        let (out, n) = row_names(&note, &names, &key, &gate, &none_known).unwrap();
        let out = out.str().unwrap().get(0).unwrap().to_string();
        assert_eq!(n, 1);
        assert!(
            out.starts_with("Brenda ") && out.ends_with(" a appelé."),
            "{out}"
        );
        assert!(
            !gate.appears_in(&out) && !holds_row_name(&out, "Rodriguez"),
            "{out}"
        );
        // Where it forms nothing, it is the row's last_name surrogate.
        let (out, _) = row_names(&note, &names, &key, &o, &none_known).unwrap();
        assert_eq!(out.str().unwrap().get(0), Some("Brenda Pereira a appelé."));
    }

    #[test]
    fn a_column_name_with_a_title_or_turned_round_is_found_in_prose() {
        let known = KnownOriginals::new(
            [
                (crate::Kind::PersonName, "dhr. Elin van het Heerenveen"),
                (crate::Kind::PersonName, "VAN HASPENGOUW, Sara"),
            ]
            .into_iter(),
        );
        let text = "Customer Elin van het Heerenveen called; so did Sara van Haspengouw.";
        let found: Vec<&str> = known
            .spans(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(found, ["Elin van het Heerenveen", "Sara van Haspengouw"]);
    }
}
