//! The gate: nothing is written until this module says the output is clean.
//!
//! **Leaks.** Every original value of every transformed *identifying* column (an email, a phone,
//! a card, a full name, …), normalized (case, whitespace, digits-only for numeric identifiers,
//! compact for IBANs), is looked up in every cell of every output column — as the whole cell, as
//! a whole-token run inside longer text (`call +1 415-692-3400 today`), and for numeric
//! identifiers as any digit run. Lookups are hash-set probes, not a loop per pattern.
//! Low-cardinality parts (a given name, a city, a postcode, a birth date) cannot identify anyone
//! alone and would match everywhere, so they are checked row by row: the output cell must differ
//! from the original it replaced.
//!
//! Results carry counts and keyed fingerprints, never values.
//!
//! [`fidelity`] measures how well the output keeps the original's statistical shape and
//! [`risk`] how re-identifiable it still is; the gate's thresholds for both come from the
//! policy.

pub mod audit;
pub mod fidelity;
pub mod gate;
pub mod residual;
pub mod risk;
pub mod stream;

use crate::error::Result;
use crate::hashmap64::{Budget, HashMap64};
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::ColumnPlan;
use crate::text::{compact, is_wrapping_punct, norm_text, normalize};
use crate::transform::as_text;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Shortest digit run that counts as a numeric identifier in the leak search.
const MIN_DIGITS: usize = 7;
/// Shortest IBAN (Norway).
const MIN_IBAN: usize = 15;
/// Shortest single word searched for inside longer text.
const MIN_TEXT: usize = 4;
/// At most this many fingerprints are listed per leaking column.
const MAX_FINGERPRINTS: usize = 20;

/// Where an indexed original came from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    kind: Kind,
    source: u32,
}

/// Hash of a normalized value. The index keeps 64-bit hashes, not the values: a quarter of the
/// memory and no allocation per probe. A collision (about one in 10^12 for a million values)
/// could only make the gate stricter, never let a leak through.
fn h(bytes: &[u8]) -> u64 {
    crate::text::hash64(bytes)
}

/// The originals to search for, built from the transformed identifying columns of every input.
#[derive(Default)]
pub struct LeakIndex {
    text: HashMap64<u32>,
    /// Digits-only originals per numeric kind, each with the separators its values are written
    /// with (an SSN is never written with dots, so `123.45.67.89` is an IP, not an SSN).
    digits: Vec<(Kind, HashMap64<u32>)>,
    compact: HashMap64<u32>,
    /// First words of multi-word originals, each with the lengths of those originals
    /// ([`crate::text::length_bit`]s), so only promising windows are probed.
    first_words: HashMap64<u64>,
    /// What the maps' values stand for: distinct (kind, source) pairs, so that an entry takes
    /// 12 bytes (see [`crate::hashmap64`]).
    origins: Vec<Origin>,
    max_words: usize,
    sources: Vec<String>,
    /// What the maps count against (see [`crate::hashmap64::Budget`]).
    budget: Option<Budget>,
}

/// Sizes only: the index holds original identifiers.
impl std::fmt::Debug for LeakIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeakIndex")
            .field(
                "originals",
                &format_args!("{} values <redacted>", self.len()),
            )
            .field("sources", &self.sources)
            .finish()
    }
}

/// Of a text of several words: the key of its first word, its words, its length in bytes.
type FirstWord = (u64, usize, usize);

/// Values of one kind, normalized and hashed for [`LeakIndex::insert`]: per value its key and,
/// for a multi-word text, its `FirstWord`.
pub struct Prepared {
    kind: Kind,
    keys: Vec<(u64, Option<FirstWord>)>,
}

impl Prepared {
    /// `None` for a kind that is not identifying (nothing to index).
    pub fn of<'a>(kind: Kind, values: impl Iterator<Item = &'a str>) -> Option<Prepared> {
        if !kind.is_identifying() {
            return None;
        }
        let plain_text = !kind.is_numeric_identifier() && !kind.is_compact();
        let keys = values
            .filter_map(|v| {
                let n = normalize(kind, v);
                if n.is_empty() {
                    return None;
                }
                // The first word as the search reads a text's words: without the punctuation
                // around it (`smith, john` opens at `smith`).
                let first = plain_text
                    .then(|| n.split_once(' '))
                    .flatten()
                    .map(|(first, _)| {
                        let first = first.trim_matches(is_wrapping_punct);
                        (h(first.as_bytes()), n.split(' ').count(), n.len())
                    });
                Some((h(n.as_bytes()), first))
            })
            .collect();
        Some(Prepared { kind, keys })
    }
}

/// A hit: the normalized text that matched (for the fingerprint) and where it came from.
type Hit = (String, Origin);

impl LeakIndex {
    /// An empty index whose maps count against `budget` (and move to disk beyond it).
    pub fn with_budget(budget: Option<&Budget>) -> LeakIndex {
        LeakIndex {
            text: HashMap64::with_budget(budget.cloned()),
            compact: HashMap64::with_budget(budget.cloned()),
            first_words: HashMap64::with_budget(budget.cloned()),
            budget: budget.cloned(),
            ..LeakIndex::default()
        }
    }

    /// Indexes one original column of `kind` (named `source`, e.g. `a.csv:email`).
    pub fn add_column(&mut self, source: &str, kind: Kind, col: &Column) -> Result<()> {
        if !kind.is_identifying() {
            return Ok(());
        }
        let s = as_text(col)?;
        let ca = s.str()?;
        self.add_values(source, kind, ca.iter().flatten());
        Ok(())
    }

    /// Indexes values of `kind` from `source` (e.g. spans found in a free-text column).
    pub fn add_values<'a>(
        &mut self,
        source: &str,
        kind: Kind,
        values: impl Iterator<Item = &'a str>,
    ) {
        if let Some(p) = Prepared::of(kind, values) {
            self.insert(source, p);
        }
    }

    /// Adds values prepared (normalized and hashed) by [`Prepared::of`], which needs no access
    /// to the index and so runs on many columns at once.
    pub fn insert(&mut self, source: &str, p: Prepared) {
        let Prepared { kind, keys } = p;
        let source = match self.sources.iter().position(|s| s == source) {
            Some(i) => i as u32,
            None => {
                self.sources.push(source.to_string());
                self.sources.len() as u32 - 1
            }
        };
        let origin = Origin { kind, source };
        let origin = match self
            .origins
            .iter()
            .position(|o| o.kind == kind && o.source == source)
        {
            Some(i) => i as u32,
            None => {
                self.origins.push(origin);
                self.origins.len() as u32 - 1
            }
        };
        let slot = if kind.is_numeric_identifier() {
            Some(match self.digits.iter().position(|(k, _)| *k == kind) {
                Some(i) => i,
                None => {
                    self.digits
                        .push((kind, HashMap64::with_budget(self.budget.clone())));
                    self.digits.len() - 1
                }
            })
        } else {
            None
        };
        for (key, first) in keys {
            if let Some(i) = slot {
                self.digits[i].1.insert_first(key, origin);
            } else if kind.is_compact() {
                self.compact.insert_first(key, origin);
            } else {
                if let Some((first, words, len)) = first {
                    self.max_words = self.max_words.max(words);
                    self.first_words
                        .insert_or(first, crate::text::length_bit(len));
                }
                self.text.insert_first(key, origin);
            }
        }
    }

    #[inline]
    fn origin(&self, map: &HashMap64<u32>, key: u64) -> Option<Origin> {
        map.get(key).map(|i| self.origins[i as usize])
    }

    /// Ends the building: lookups from now on probe one compact array per map (inserts still
    /// work, at the old cost).
    pub fn freeze(&mut self) {
        self.text.freeze();
        self.compact.freeze();
        self.first_words.freeze();
        for (_, m) in &mut self.digits {
            m.freeze();
        }
    }

    /// Bytes the index holds in memory (on disk: its filters).
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.compact.heap_bytes()
            + self.first_words.heap_bytes()
            + self
                .digits
                .iter()
                .map(|(_, m)| m.heap_bytes())
                .sum::<usize>()
    }

    /// Distinct originals indexed.
    pub fn len(&self) -> usize {
        self.text.len()
            + self.digits.iter().map(|(_, m)| m.len()).sum::<usize>()
            + self.compact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any indexed original appears in `text` (as the whole text, a whole-token run
    /// or a digit run), e.g. to turn away an LLM-written candidate.
    pub fn contains_original(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// Finds the first original inside one cell, if any.
    fn find(&self, cell: &str) -> Option<Hit> {
        self.find_in(cell, None)
    }

    /// [`find`](Self::find), skipping the probes of words `absent` knows are in no map, and
    /// noting there the words found in none (most words of a column's texts recur).
    fn find_in(&self, cell: &str, absent: Option<&mut Absent>) -> Option<Hit> {
        let whole = norm_text(cell);
        let hw = h(whole.as_bytes());
        self.find_normed(cell, whole, hw, absent)
    }

    /// [`find_in`](Self::find_in) with the cell's [`norm_text`] and its hash already made.
    fn find_normed(
        &self,
        cell: &str,
        whole: std::borrow::Cow<'_, str>,
        hw: u64,
        mut absent: Option<&mut Absent>,
    ) -> Option<Hit> {
        if let Some(o) = self.origin(&self.text, hw) {
            return Some((whole.into_owned(), o));
        }
        // A one-word cell in punctuation (`Floris,`) is searched like a word of a longer text.
        let bare = whole.trim_matches(is_wrapping_punct);
        if bare.len() != whole.len()
            && bare.len() >= MIN_TEXT
            && !bare.contains(' ')
            && let Some(o) = self.origin(&self.text, h(bare.as_bytes()))
        {
            return Some((bare.to_string(), o));
        }
        if !self.compact.is_empty() && cell.len() >= MIN_IBAN && looks_like_iban_start(cell.trim())
        {
            let c = compact(cell);
            if let Some(o) = self.origin(&self.compact, h(c.as_bytes())) {
                return Some((c, o));
            }
        }
        if !self.digits.is_empty() && cell.bytes().filter(u8::is_ascii_digit).count() >= MIN_DIGITS
        {
            // One scan per separator class, probing every numeric kind of that class.
            for seps in [PHONE_SEPS, PLAIN_SEPS, DOTTED_SEPS] {
                let mut maps = self
                    .digits
                    .iter()
                    .filter(|(k, _)| separators(*k) == seps)
                    .peekable();
                if maps.peek().is_none() {
                    continue;
                }
                let mut hit = None;
                let bytes = cell.as_bytes();
                crate::text::digit_runs(cell, seps, MIN_DIGITS, |start, end, run| {
                    if hit.is_some() {
                        return;
                    }
                    // No numeric identifier is written glued to letters: the digits of
                    // `C821524926` or `C000049048` are a customer number's, whatever phone or
                    // SSN they happen to equal (a million 9-digit customer numbers meet a
                    // million SSNs a dozen times).
                    let glued = start > 0 && bytes[start - 1].is_ascii_alphabetic()
                        || bytes.get(end).is_some_and(u8::is_ascii_alphabetic);
                    if glued {
                        return;
                    }
                    let hr = h(run);
                    if let Some(o) = self
                        .digits
                        .iter()
                        .filter(|(k, _)| separators(*k) == seps)
                        .find_map(|(_, m)| self.origin(m, hr))
                    {
                        hit = Some((String::from_utf8_lossy(run).into_owned(), o));
                    }
                });
                if hit.is_some() {
                    return hit;
                }
            }
        }
        if whole.contains(' ') {
            // Tokens are the text's pieces between single spaces, so the words `i..=j` joined
            // by spaces are the text from the start of `i` to the end of `j`: windows are
            // slices, not strings built.
            let mut at = 0;
            for token in whole.split(' ') {
                let token_start = at;
                at += token.len() + 1;
                let first = token.trim_matches(is_wrapping_punct);
                if first.is_empty() {
                    continue;
                }
                let hf = h(first.as_bytes());
                let known_absent = absent.as_ref().is_some_and(|a| a.has(hf));
                if !known_absent
                    && first.len() >= MIN_TEXT
                    && let Some(o) = self.origin(&self.text, hf)
                {
                    return Some((first.to_string(), o));
                }
                // The lengths of the originals this word starts (none: 0).
                let lengths = if known_absent {
                    0
                } else {
                    self.first_words.get(hf).unwrap_or(0)
                };
                let multi = lengths != 0;
                if !known_absent
                    && !multi
                    && let Some(a) = absent.as_mut()
                {
                    a.put(hf);
                }
                let iban_start = !self.compact.is_empty() && looks_like_iban_start(first);
                if multi || iban_start {
                    let span = if iban_start {
                        self.max_words.max(9)
                    } else {
                        self.max_words
                    };
                    // The words after this one, at most `span - 1` of them.
                    let mut end = token_start + token.len();
                    for t in whole[end..].split(' ').skip(1).take(span.saturating_sub(1)) {
                        end += 1 + t.len();
                        let w = whole[token_start..end].trim_matches(is_wrapping_punct);
                        if multi
                            && lengths & crate::text::length_bit(w.len()) != 0
                            && let Some(o) = self.origin(&self.text, h(w.as_bytes()))
                        {
                            return Some((w.to_string(), o));
                        }
                        if iban_start {
                            let c = compact(w);
                            if let Some(o) = self.origin(&self.compact, h(c.as_bytes())) {
                                return Some((c, o));
                            }
                        }
                    }
                }
            }
        }
        None
    }
}

impl crate::transform::OriginalSet for LeakIndex {
    fn appears_in(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// The probe of `contains` (for an identifying kind) and the first probe of `appears_in`,
    /// the whole text's.
    fn prefetch(&self, kind: Kind, normalized: &str, text: &str) {
        if kind.is_identifying() {
            let key = h(normalized.as_bytes());
            if kind.is_numeric_identifier() {
                for (_, m) in self.digits.iter().filter(|(k, _)| *k == kind) {
                    m.prefetch(key);
                }
            } else if kind.is_compact() {
                self.compact.prefetch(key);
            } else {
                self.text.prefetch(key);
            }
        }
        self.text.prefetch(h(norm_text(text).as_bytes()));
    }

    /// Every value the index holds is an original of a replaced identifying column; a surrogate
    /// must equal none of them, whatever kind they were indexed under.
    fn contains(&self, kind: Kind, normalized: &str) -> bool {
        let key = h(normalized.as_bytes());
        if kind.is_numeric_identifier() {
            self.digits
                .iter()
                .any(|(k, m)| *k == kind && m.contains_key(key))
        } else if kind.is_compact() {
            self.compact.contains_key(key)
        } else {
            self.text.contains_key(key)
        }
    }
}

/// Whether a token could open a printed IBAN (`DE89`, `FR76…`).
fn looks_like_iban_start(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
}

/// The characters a numeric identifier of `kind` is written with between its digits.
fn separators(kind: Kind) -> &'static [u8] {
    match kind {
        Kind::Phone => PHONE_SEPS,
        Kind::BrCpf => DOTTED_SEPS,
        _ => PLAIN_SEPS,
    }
}

const DOTTED_SEPS: &[u8] = b" -./";

const PHONE_SEPS: &[u8] = b" -.()/+";
const PLAIN_SEPS: &[u8] = b" -";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LeakCheck {
    pub passed: bool,
    pub max_leaks: u64,
    /// Distinct original identifying values searched for.
    pub originals_indexed: usize,
    /// Output cells searched.
    pub cells_checked: usize,
    pub leaked_cells: usize,
    pub columns: Vec<LeakColumn>,
}

names! {
/// How a leak was found.
pub enum LeakSearch {
    /// An original identifier found anywhere in the output.
    Identifying,
    /// A value left in place in its own row: in the same column, or a replaced given or
    /// family name in the row's prose.
    Row,
}
}

/// Leaks found in one output column.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LeakColumn {
    pub input: String,
    pub column: String,
    /// Output cells that contain an original value.
    pub leaked_cells: usize,
    pub check: LeakSearch,
    /// The original columns the leaked values came from (`file:column`).
    pub from: Vec<String>,
    /// Keyed fingerprints of the leaked values (at most 20), never the values.
    pub fingerprints: Vec<String>,
    /// Data rows (1-based, the header not counted) of the first leaked cells (at most 20), to
    /// find them in the input.
    #[serde(default)]
    pub rows: Vec<usize>,
}

/// Texts of each output column (by name) that this index already searched in vain: hashes
/// ([`crate::text::hash64`]) that `run` collects while it draws surrogates
/// ([`crate::transform::Applied::cleared`]).
pub type Cleared = HashMap<String, foldhash::HashSet<u64>>;

/// Searches every output column of one dataset for indexed originals; `first_row` is the
/// 0-based row of `out`'s first row in the whole output (a batch's offset). A cell whose text
/// is in its column's `cleared` is counted as searched without a second, identical search.
pub fn search_frame(
    input: &str,
    out: &DataFrame,
    index: &LeakIndex,
    key: &Key,
    first_row: usize,
    cleared: &Cleared,
) -> Result<(Vec<LeakColumn>, usize)> {
    use rayon::prelude::*;
    if index.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let results: Vec<Result<(Option<LeakColumn>, usize)>> = out
        .columns()
        .par_iter()
        .map(|col| {
            let known = cleared.get(col.name().as_str());
            search_column(input, col, index, key, first_row, None, known)
        })
        .collect();
    let mut leaks = Vec::new();
    let mut cells = 0;
    for r in results {
        let (l, c) = r?;
        cells += c;
        leaks.extend(l);
    }
    Ok((leaks, cells))
}

/// Text of one column that [`search_frame`] searches as one task, with one [`Absent`] cache:
/// a batch of a prose column makes several tasks for the cores, a column of short values one.
const SEARCH_CHUNK_BYTES: usize = 1 << 20;

/// The fewest cells a task of [`search_frame`] takes.
const MIN_SEARCH_CHUNK: usize = 256;

/// [`search_frame`] of one column: its leak, if any, and how many cells were searched. The
/// cells are searched `per_chunk` at a time (by default as many as hold about
/// [`SEARCH_CHUNK_BYTES`] of text).
fn search_column(
    input: &str,
    col: &Column,
    index: &LeakIndex,
    key: &Key,
    first_row: usize,
    per_chunk: Option<usize>,
    cleared: Option<&foldhash::HashSet<u64>>,
) -> Result<(Option<LeakColumn>, usize)> {
    use rayon::prelude::*;
    let s = as_text(col)?;
    let ca = s.str()?;
    let cells: Vec<Option<&str>> = ca.iter().collect();
    // A column's cells are searched a chunk at a time on every core (a prose column would
    // otherwise keep one core busy while the other waits), each chunk with a cache of its
    // own; the hits are then counted in row order, as one search gives.
    let per_chunk = per_chunk.unwrap_or_else(|| {
        let bytes: usize = cells.iter().flatten().map(|c| c.len()).sum();
        (cells.len() * SEARCH_CHUNK_BYTES)
            .div_ceil(bytes.max(1))
            .max(MIN_SEARCH_CHUNK)
    });
    let chunks: Vec<(usize, Vec<(usize, Hit)>)> = cells
        .par_chunks(per_chunk)
        .enumerate()
        .map(|(c, chunk)| {
            let mut absent = Absent::new();
            let mut hits = Vec::new();
            let mut searched = 0usize;
            // Each cell's first probe (its whole text) is a read at a random place of a map of
            // tens of MB, which misses the CPU's caches: the probe of the cell `AHEAD` places
            // on is prefetched, so that the reads of several cells wait at once, not in turn.
            const AHEAD: usize = 8;
            let mut ahead: std::collections::VecDeque<_> = chunk
                .iter()
                .take(AHEAD)
                .map(|c| Ahead::of(index, cleared, &absent, *c))
                .collect();
            for (i, cell) in chunk.iter().enumerate() {
                let pre = ahead.pop_front().flatten();
                if let Some(next) = chunk.get(i + AHEAD) {
                    ahead.push_back(Ahead::of(index, cleared, &absent, *next));
                }
                let Some(cell) = cell else { continue };
                searched += 1;
                let Some(Ahead::Search { text, norm, hw }) = pre else {
                    continue;
                };
                // A cell equal to one already searched in vain is clean too (checked again:
                // the cells since this one was prefetched may have been that one).
                let whole = text ^ CELL_SALT;
                if absent.has(whole) {
                    continue;
                }
                match index.find_normed(cell, norm, hw, Some(&mut absent)) {
                    Some(hit) => hits.push((c * per_chunk + i, hit)),
                    None => absent.put(whole),
                }
            }
            (searched, hits)
        })
        .collect();
    let mut cells = 0usize;
    let mut leaked = 0usize;
    let mut from = BTreeSet::new();
    let mut fps = BTreeSet::new();
    let mut rows = Vec::new();
    for (searched, hits) in chunks {
        cells += searched;
        for (row, (norm, origin)) in hits {
            leaked += 1;
            from.insert(origin.source);
            if fps.len() < MAX_FINGERPRINTS {
                fps.insert(key.fingerprint(origin.kind.as_str(), &norm));
            }
            if rows.len() < MAX_FINGERPRINTS {
                rows.push(first_row + row + 1);
            }
        }
    }
    let leak = (leaked > 0).then(|| LeakColumn {
        input: input.to_string(),
        column: col.name().to_string(),
        leaked_cells: leaked,
        check: LeakSearch::Identifying,
        // Sorted by name, as the sources are listed everywhere else (the ids of distinct names).
        from: {
            let mut names: Vec<String> = from
                .into_iter()
                .map(|s| index.sources[s as usize].clone())
                .collect();
            names.sort();
            names
        },
        fingerprints: fps.into_iter().collect(),
        rows,
    });
    Ok((leak, cells))
}

/// What [`search_column`] does with a cell, worked out `AHEAD` cells before it gets there.
enum Ahead<'a> {
    /// Nothing: the transform cleared it, or an equal cell was searched in vain.
    Skip,
    /// Searched: the cell's hash, its [`norm_text`] and that text's hash, whose probe in the
    /// index is started ([`HashMap64::prefetch`]).
    Search {
        text: u64,
        norm: std::borrow::Cow<'a, str>,
        hw: u64,
    },
}

impl<'a> Ahead<'a> {
    /// `None` for a null cell.
    fn of(
        index: &LeakIndex,
        cleared: Option<&foldhash::HashSet<u64>>,
        absent: &Absent,
        cell: Option<&'a str>,
    ) -> Option<Ahead<'a>> {
        let cell = cell?;
        let text = h(cell.as_bytes());
        if absent.has(text ^ CELL_SALT) || cleared.is_some_and(|c| c.contains(&text)) {
            return Some(Ahead::Skip);
        }
        let norm = norm_text(cell);
        let hw = h(norm.as_bytes());
        index.text.prefetch(hw);
        Some(Ahead::Search { text, norm, hw })
    }
}

/// Hashes of words and cells known to be in none of a [`LeakIndex`]'s maps, remembered for
/// one column's search: a direct-mapped table small enough to stay in the CPU's cache. A
/// repeated cell skips its whole search (normalizing, digit runs, windows), a repeated word
/// the probes of every map; the maps' own filters ([`crate::hashmap64`]) are several
/// megabytes at a million rows and answer each probe alone.
/// Exact: a slot holds a whole 64-bit hash, the very key the maps are probed with.
struct Absent {
    slots: Box<[u64]>,
}

/// Slots of an [`Absent`] table (128 KiB).
const ABSENT_SLOTS: usize = 1 << 14;

/// Mixed into a whole cell's hash, so a cell and a word of the same text are remembered apart.
const CELL_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

impl Absent {
    fn new() -> Absent {
        Absent {
            slots: vec![0; ABSENT_SLOTS].into_boxed_slice(),
        }
    }

    fn has(&self, h: u64) -> bool {
        h != 0 && self.slots[h as usize % ABSENT_SLOTS] == h
    }

    fn put(&mut self, h: u64) {
        if h != 0 {
            self.slots[h as usize % ABSENT_SLOTS] = h;
        }
    }
}

/// Row-by-row check of low-cardinality columns: the output must differ from the original, and
/// a replaced given or family name must not be left in the row's prose
/// (`row_names_in_prose`). `first_row` as in [`search_frame`].
pub fn check_rows(
    input: &str,
    original: &DataFrame,
    out: &DataFrame,
    plans: &[ColumnPlan],
    key: &Key,
    first_row: usize,
) -> Result<Vec<LeakColumn>> {
    let mut leaks = Vec::new();
    for p in plans {
        let Some(kind) = p.kind else { continue };
        if kind.is_identifying() || !p.strategy.transforms() {
            continue;
        }
        let (Ok(a), Ok(b)) = (original.column(&p.column), out.column(&p.column)) else {
            continue;
        };
        let (a, b) = (as_text(a)?, as_text(b)?);
        let (a, b) = (a.str()?, b.str()?);
        let mut tally = RowTally::default();
        for (row, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            if let (Some(x), Some(y)) = (x, y) {
                let nx = normalize(kind, x);
                if !nx.is_empty() && nx == normalize(kind, y) {
                    tally.add(first_row + row + 1, || key.fingerprint(kind.as_str(), &nx));
                }
            }
        }
        leaks.extend(tally.leak(input, &p.column, &p.column));
    }
    leaks.extend(row_names_in_prose(
        input, original, out, plans, key, first_row,
    )?);
    Ok(leaks)
}

/// The row check of prose: a row's replaced given or family name must not stand, as a whole
/// word, in what masq wrote into the row's `spans` columns (`Lorenzo asks us to call` beside a
/// `first_name` of `Lorenzo` replaced), whether a rule found it there or not, unless one of
/// the row's name cells was given that very name as its surrogate. A leak counts once per
/// prose cell and name column; it is reported under the prose column, from the name column.
fn row_names_in_prose(
    input: &str,
    original: &DataFrame,
    out: &DataFrame,
    plans: &[ColumnPlan],
    key: &Key,
    first_row: usize,
) -> Result<Vec<LeakColumn>> {
    let mut leaks = Vec::new();
    let names: Vec<&ColumnPlan> = plans
        .iter()
        .filter(|p| crate::transform::spans::is_row_name(p))
        .collect();
    if names.is_empty() {
        return Ok(leaks);
    }
    use crate::transform::spans::holds_row_name;
    let written: Vec<StringChunked> = names
        .iter()
        .filter_map(|p| out.column(&p.column).ok())
        .map(|c| Ok(as_text(c)?.str()?.clone()))
        .collect::<Result<_>>()?;
    for prose in plans
        .iter()
        .filter(|p| p.strategy == crate::policy::Strategy::Spans)
    {
        let Ok(text) = out.column(&prose.column) else {
            continue;
        };
        let text = as_text(text)?;
        let text = text.str()?;
        for name in &names {
            let (Some(kind), Ok(orig)) = (name.kind, original.column(&name.column)) else {
                continue;
            };
            let orig = as_text(orig)?;
            let orig = orig.str()?;
            let mut tally = RowTally::default();
            for (row, (n, t)) in orig.iter().zip(text.iter()).enumerate() {
                let (Some(n), Some(t)) = (n, t) else { continue };
                // A name the row's own name cells were given is masq's surrogate, even where
                // it happens to be another of the row's originals (`Jesús Andres` → `Andres
                // Janssen`).
                let surrogate = || {
                    written
                        .iter()
                        .any(|w| w.get(row).is_some_and(|w| holds_row_name(w, n)))
                };
                if holds_row_name(t, n) && !surrogate() {
                    tally.add(first_row + row + 1, || {
                        key.fingerprint(kind.as_str(), &normalize(kind, n))
                    });
                }
            }
            leaks.extend(tally.leak(input, &prose.column, &name.column));
        }
    }
    Ok(leaks)
}

/// The leaks a row check found in one column: how many, and the first rows (1-based, in the
/// whole input) and keyed fingerprints, at most [`MAX_FINGERPRINTS`] of each.
#[derive(Default)]
struct RowTally {
    leaked: usize,
    fingerprints: BTreeSet<String>,
    rows: Vec<usize>,
}

impl RowTally {
    fn add(&mut self, row: usize, fingerprint: impl FnOnce() -> String) {
        self.leaked += 1;
        if self.fingerprints.len() < MAX_FINGERPRINTS {
            self.fingerprints.insert(fingerprint());
        }
        if self.rows.len() < MAX_FINGERPRINTS {
            self.rows.push(row);
        }
    }

    /// The leak of output `column` of `input`, from its original column `from`; none without
    /// a leaked cell.
    fn leak(self, input: &str, column: &str, from: &str) -> Option<LeakColumn> {
        (self.leaked > 0).then(|| LeakColumn {
            input: input.to_string(),
            column: column.to_string(),
            leaked_cells: self.leaked,
            check: LeakSearch::Row,
            from: vec![format!("{input}:{from}")],
            fingerprints: self.fingerprints.into_iter().collect(),
            rows: self.rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeySource;

    fn index(kind: Kind, values: &[&str]) -> LeakIndex {
        let mut idx = LeakIndex::default();
        let col = Column::new(
            "orig".into(),
            values.iter().map(|s| Some(*s)).collect::<Vec<_>>(),
        );
        idx.add_column("a.csv:orig", kind, &col).unwrap();
        idx
    }

    #[test]
    fn finds_whole_cells_and_tokens_in_text() {
        let idx = index(Kind::Email, &["Jane.Doe@Example.com"]);
        assert!(idx.find("jane.doe@example.com").is_some());
        assert!(idx.find("  JANE.DOE@EXAMPLE.COM ").is_some());
        assert!(idx.find("write to jane.doe@example.com, thanks").is_some());
        assert!(idx.find("xjane.doe@example.comx").is_none());
        assert!(idx.find("jane.doe@example.co").is_none());
    }

    #[test]
    fn finds_numbers_whatever_their_formatting() {
        let idx = index(Kind::Phone, &["+1 (415) 692-3400"]);
        assert!(idx.find("14156923400").is_some());
        assert!(idx.find("call +1 415 692 3400 after 5").is_some());
        assert!(idx.find("order 4156923499").is_none());
        // Glued to letters, the digits are another identifier's.
        assert!(idx.find("C14156923400").is_none());
        assert!(idx.find("14156923400x").is_none());
        assert!(idx.find("tel:14156923400").is_some());
    }

    #[test]
    fn words_and_cells_searched_in_vain_are_not_searched_again_but_leaks_still_count() {
        let idx = index(Kind::PersonName, &["Floris Jansen", "Bartholomew"]);
        let key = Key::from_bytes(vec![3; 32], KeySource::Env).unwrap();
        let notes = [
            "Called Floris back",
            "Called Floris Jansen back",
            "Called Floris Jansen back",
            "no answer",
            "no answer",
            "Bartholomew said no answer",
        ];
        let df = DataFrame::new(
            notes.len(),
            vec![Column::new("notes".into(), notes.as_slice())],
        )
        .unwrap();
        let (leaks, cells) =
            search_frame("a.csv", &df, &idx, &key, 10, &Default::default()).unwrap();
        assert_eq!(cells, 6);
        assert_eq!(leaks.len(), 1);
        // `Floris` alone is no original; the full name twice, and the name after words
        // already known to be in no map, are.
        assert_eq!(leaks[0].leaked_cells, 3);
        assert_eq!(leaks[0].rows, [12, 13, 16]);
    }

    /// A column of several chunks is searched on all cores; what the report says of it is what
    /// a search row after row says: every leaked cell counted, the first rows and the first
    /// fingerprints in row order, nulls not counted as cells.
    #[test]
    fn a_column_searched_in_chunks_reports_its_leaks_in_row_order() {
        let names: Vec<String> = (0..40).map(|i| format!("Floris Jansen{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let idx = index(Kind::PersonName, &refs);
        let key = Key::from_bytes(vec![3; 32], KeySource::Env).unwrap();
        const CHUNK: usize = 2_048;
        let n = 3 * CHUNK + 77;
        // Leaks on both sides of every chunk boundary and inside the chunks, in an order in
        // which each chunk's names differ; every seventh cell is null.
        let leak_rows: Vec<usize> = (0..40)
            .map(|i| match i % 4 {
                0 => (i / 4 % 3 + 1) * CHUNK - 1 - i / 4,
                1 => (i / 4 % 3 + 1) * CHUNK + i / 4 * 3,
                2 => i * 37 + 1,
                _ => n - 1 - i,
            })
            .filter(|r| r % 7 != 3)
            .collect();
        let mut cells: Vec<Option<String>> = (0..n)
            .map(|r| (r % 7 != 3).then(|| format!("Note {r}: no answer, call again")))
            .collect();
        for (i, &r) in leak_rows.iter().enumerate() {
            cells[r] = Some(format!("Called {} back", names[i]));
        }
        let col = Column::new("notes".into(), cells.clone());
        let (leak, searched) =
            search_column("a.csv", &col, &idx, &key, 100, Some(CHUNK), None).unwrap();
        let leaks: Vec<LeakColumn> = leak.into_iter().collect();
        // The whole frame, chunked by the text's size, says the same.
        let df = DataFrame::new(n, vec![col]).unwrap();
        assert_eq!(
            search_frame("a.csv", &df, &idx, &key, 100, &Default::default()).unwrap(),
            (leaks.clone(), searched)
        );

        let mut in_order: Vec<(usize, usize)> = leak_rows.iter().copied().zip(0..).collect();
        in_order.sort();
        assert_eq!(searched, cells.iter().flatten().count());
        assert_eq!(leaks.len(), 1);
        assert_eq!(leaks[0].leaked_cells, leak_rows.len());
        let rows: Vec<usize> = in_order.iter().take(20).map(|(r, _)| 100 + r + 1).collect();
        assert_eq!(leaks[0].rows, rows);
        let fps: BTreeSet<String> = in_order
            .iter()
            .take(20)
            .map(|&(_, i)| key.fingerprint("person_name", &names[i].to_lowercase()))
            .collect();
        assert_eq!(leaks[0].fingerprints, fps.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn a_one_word_cell_in_punctuation_is_searched_like_a_word() {
        let idx = index(Kind::Username, &["floris"]);
        assert!(idx.find("Floris,").is_some());
        assert!(idx.find("(Floris)").is_some());
        assert!(idx.find("Floris, asked us").is_some());
        assert!(idx.find("Florist").is_none());
    }

    #[test]
    fn numbers_are_matched_only_in_their_own_layouts() {
        let idx = index(Kind::UsSsn, &["123-45-6789"]);
        assert!(idx.find("123456789").is_some());
        assert!(idx.find("ssn 123 45 6789 on file").is_some());
        assert!(idx.find("ssn:123-45-6789").is_some());
        assert!(
            idx.find("C123456789").is_none(),
            "a customer number is not an SSN"
        );
        assert!(
            idx.find("123.45.67.89").is_none(),
            "an IP address is not an SSN"
        );
    }

    #[test]
    fn finds_multi_word_values_and_spaced_ibans() {
        let idx = index(Kind::PersonName, &["Anna van der Berg"]);
        assert!(idx.find("Dear Anna van der Berg, your order").is_some());
        assert!(idx.find("Anna van Berg").is_none());
        let idx = index(Kind::Iban, &["DE89370400440532013000"]);
        assert!(
            idx.find("pay to DE89 3704 0044 0532 0130 00 today")
                .is_some()
        );
    }

    #[test]
    fn originals_sharing_a_first_word_are_found_at_each_length_whatever_batch_brought_them() {
        // `anna` opens three originals of three lengths, indexed by three inserts (batches).
        let mut idx = LeakIndex::default();
        idx.add_values("a.csv:name", Kind::PersonName, ["Anna Berg"].into_iter());
        let long = "Anna Karenina Arkadyevna Oblonskaya-Vronskaya of Saint Petersburg";
        assert!(long.len() > 63);
        idx.add_values("b.csv:name", Kind::PersonName, [long].into_iter());
        idx.add_values(
            "a.csv:name",
            Kind::PersonName,
            ["Anna van der Berg"].into_iter(),
        );
        idx.freeze();
        assert!(idx.find("Dear Anna van der Berg, your order").is_some());
        assert!(idx.find("Dear Anna Berg, your order").is_some());
        let text = format!("to {}, today", long.to_uppercase());
        assert_eq!(idx.find(&text).map(|(_, o)| o.source), Some(1));
        assert!(idx.find("Anna van Berg and Anna Bergman").is_none());
        // An original whose first word ends in a comma is found after that word too, whether
        // or not the bare word opens another original.
        let idx = index(Kind::PersonName, &["Smith, John"]);
        assert!(idx.find("Dear Smith, John: your order").is_some());
        let idx = index(Kind::PersonName, &["Smith, John", "Smith Johnson"]);
        assert!(idx.find("Dear Smith, John: your order").is_some());
        assert!(idx.find("Dear Smith Johnson, your order").is_some());
    }

    /// The plan `fake` of a detected column.
    fn fake_plan(column: &str, kind: Kind) -> ColumnPlan {
        ColumnPlan::detected_fake(column, kind)
    }

    #[test]
    fn row_check_flags_unchanged_cells_only() {
        let key = Key::from_bytes(vec![7; 32], KeySource::Env).unwrap();
        let a = df!("city" => ["Paris", "Lyon", "Nice"]).unwrap();
        let b = df!("city" => ["Rouen", "LYON", "Metz"]).unwrap();
        let plan = fake_plan("city", Kind::City);
        let leaks = check_rows("a.csv", &a, &b, &[plan], &key, 0).unwrap();
        assert_eq!(leaks.len(), 1);
        assert_eq!(leaks[0].leaked_cells, 1);
        assert!(!format!("{leaks:?}").to_lowercase().contains("lyon"));
    }

    #[test]
    fn a_rows_replaced_name_left_in_its_prose_is_a_leak_unless_masq_wrote_it() {
        let key = Key::from_bytes(vec![7; 32], KeySource::Env).unwrap();
        let a = df!(
            "first_name" => ["Lorenzo", "Jesús", "Will", "Claire"],
            "last_name" => ["Azevedo", "Andres", "Page", "Martin"],
            "notes" => ["", "", "", ""],
        )
        .unwrap();
        let b = df!(
            "first_name" => ["Viola", "Andres", "Karl", "Ines"],
            "last_name" => ["Spencer", "Janssen", "Brook", "Roux"],
            "notes" => [
                // Missed by every rule: the row's original given name, alone.
                "Lorenzo pide que le llamemos.",
                // `Andres` is the surrogate of the row's given name, not its family name.
                "Andres llamó.",
                // A word, not the name as written.
                "She will call; page 2.",
                // Another row's name is no leak of this one.
                "Spoke with Lorenzo.",
            ],
        )
        .unwrap();
        let notes = ColumnPlan {
            strategy: crate::policy::Strategy::Spans,
            kind: None,
            ..fake_plan("notes", Kind::PersonName)
        };
        let plans = [
            fake_plan("first_name", Kind::FirstName),
            fake_plan("last_name", Kind::LastName),
            notes,
        ];
        let leaks = check_rows("a.csv", &a, &b, &plans, &key, 10).unwrap();
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        let l = &leaks[0];
        assert_eq!(
            (
                l.column.as_str(),
                l.leaked_cells,
                l.rows.as_slice(),
                l.from.as_slice()
            ),
            ("notes", 1, &[11][..], &["a.csv:first_name".to_string()][..])
        );
        assert!(!format!("{leaks:?}").contains("Lorenzo"));
        // A kept name column is not replaced: its name in the prose is no leak. (Nor is the
        // given name kept beside it masq's surrogate any more: `Andres` is the family name.)
        let kept = ColumnPlan {
            strategy: crate::policy::Strategy::Keep,
            ..plans[0].clone()
        };
        let plans = [kept, plans[1].clone(), plans[2].clone()];
        let mut b = b;
        b.replace("first_name", a.column("first_name").unwrap().clone())
            .unwrap();
        let leaks = check_rows("a.csv", &a, &b, &plans, &key, 0).unwrap();
        assert_eq!(leaks.len(), 1, "{leaks:?}");
        assert_eq!(
            (leaks[0].rows.as_slice(), leaks[0].from.as_slice()),
            (&[2][..], &["a.csv:last_name".to_string()][..])
        );
    }

    /// `run` searches the index for each surrogate it draws; the leak search then knows those
    /// texts. Whatever it skips that way holds no original, and it finds what a search of
    /// every cell finds: the leaks of a kept column, the cells counted, rows and fingerprints.
    #[test]
    fn cells_the_transform_cleared_are_not_searched_again_and_leaks_are_found_alike() {
        use crate::transform::{self, Context};
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let emails: Vec<String> = (0..300)
            .map(|i| format!("person{i}.name@example.org"))
            .collect();
        let mut idx = LeakIndex::default();
        let col = Column::new("email".into(), emails.clone());
        idx.add_column("a.csv:email", Kind::Email, &col).unwrap();
        idx.freeze();
        let finder = crate::detect::spans::SpanFinder::new(&rules);
        let known = transform::spans::KnownOriginals::default();
        let ctx = |told: bool| Context {
            originals_are_the_leak_index: told,
            ..Context::new(&key, &idx, &rules, &finder, &known)
        };
        let plan = fake_plan("email", Kind::Email);
        let applied = transform::apply(&col, &plan, &ctx(true)).unwrap();
        let untold = transform::apply(&col, &plan, &ctx(false)).unwrap();
        assert!(untold.cleared.is_empty());
        let out = applied.column.unwrap();
        assert_eq!(Some(&out), untold.column.as_ref(), "the same surrogates");
        let cleared = applied.cleared;
        let texts = as_text(&out).unwrap();
        let texts: Vec<&str> = texts.str().unwrap().iter().flatten().collect();
        let known_clean = texts
            .iter()
            .filter(|t| cleared.contains(&crate::text::hash64(t.as_bytes())))
            .inspect(|t| assert!(idx.find(t).is_none(), "a cleared text holds an original"))
            .count();
        assert_eq!(
            known_clean,
            texts.len(),
            "every surrogate was searched once"
        );

        // Beside it, a kept copy of the originals: every cell of it leaks.
        let kept = Column::new("contact".into(), emails);
        let df = DataFrame::new(300, vec![out, kept]).unwrap();
        let told = Cleared::from([("email".to_string(), cleared)]);
        let with = search_frame("a.csv", &df, &idx, &key, 0, &told).unwrap();
        let without = search_frame("a.csv", &df, &idx, &key, 0, &Default::default()).unwrap();
        assert_eq!(with, without);
        assert_eq!(with.1, 600);
        assert_eq!(with.0.len(), 1);
        assert_eq!(
            (with.0[0].column.as_str(), with.0[0].leaked_cells),
            ("contact", 300)
        );
    }
}
