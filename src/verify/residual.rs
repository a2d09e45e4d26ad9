//! The residual scan: defence in depth against what detection missed.
//!
//! The leak search proves that the originals masq *replaced* do not come back. It cannot see an
//! identifier that detection never recognised — a column of URLs under a neutral header, a phone
//! number in a note that no rule caught. The residual scan closes that gap: every output cell of
//! every column (kept, replaced, prose) is scanned with the value rules of every strongly
//! validated kind (unanchored, validators on, independent of the plan), and an identifier found
//! there that masq did not write itself is a *residual*:
//!
//! - in `run` (rows aligned): a cell left as it was holds only what the input held, so anything
//!   found in it is a residual; a cell masq rewrote whole (`fake`, `hash`, `mask`, …) holds
//!   masq's surrogate; in a cell masq rewrote in part (`spans`) an identifier is a residual when
//!   the input cell of that row held it too;
//! - in `verify` (rows need not align): an identifier found in the anonymized file is a residual
//!   when the same identifier (normalized) was found anywhere in the original.
//!
//! Strongly validated kinds ([`Kind::is_strongly_validated`]: emails, phones, cards, IBANs,
//! national ids with check digits, IPs, MACs, URLs, crypto addresses, secrets) count against the
//! gate's `max_residual`; street addresses and postcodes found by value are reported only.
//! Results carry counts and keyed fingerprints, never values.

use crate::detect::spans::{Span, SpanFinder};
use crate::error::Result;
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Strategy};
use crate::rules::RuleSet;
use crate::text::{hash64, normalize};
use crate::transform::as_text;
use foldhash::{HashMap, HashSet};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most this many fingerprints are listed per residual column and kind.
const MAX_FINGERPRINTS: usize = 20;
/// Distinct clean cells remembered per column, so repeated values are scanned once.
const CLEAN_CACHE: usize = 1 << 16;

/// Weak kinds found by value alone: reported, never gating.
fn weak_kind(kind: Kind) -> bool {
    matches!(kind, Kind::StreetAddress | Kind::Postcode)
}

/// Scans cells for identifiers with every value rule of the strong kinds (and, reported only,
/// street addresses and postcodes).
pub struct ResidualScanner {
    strong: SpanFinder,
    weak: SpanFinder,
}

impl ResidualScanner {
    pub fn new(rules: &RuleSet) -> ResidualScanner {
        ResidualScanner {
            strong: SpanFinder::with_kinds(rules, Kind::is_strongly_validated),
            weak: SpanFinder::with_kinds(rules, weak_kind),
        }
    }

    /// Identifiers in one cell: byte spans with their kind, sorted, non-overlapping.
    pub fn scan(&self, cell: &str) -> Vec<Span> {
        self.scan_counting(cell, &mut |_| {})
    }

    /// [`scan`](Self::scan), calling `failed` for every match of a strong kind's pattern that
    /// its validator turned down.
    pub fn scan_counting(&self, cell: &str, failed: &mut dyn FnMut(Kind)) -> Vec<Span> {
        self.scan_as(cell, searched(cell), failed)
    }

    /// [`scan_counting`](Self::scan_counting) with the cell's [`searched`] already known.
    fn scan_as(
        &self,
        cell: &str,
        (strong, weak): (bool, bool),
        failed: &mut dyn FnMut(Kind),
    ) -> Vec<Span> {
        let mut found = if strong {
            self.strong.find_values_counting(cell, failed)
        } else {
            Vec::new()
        };
        if weak {
            add_weak(&mut found, self.weak.find_values(cell));
        }
        found
    }

    /// [`scan_as`](Self::scan_as) of each of `cells` (with its [`searched`]), in order, each
    /// finder's rules run over all the cells in turn (see
    /// [`SpanFinder::find_values_many`]); with the kinds of the matches each cell's checks
    /// turned down.
    fn scan_many_as(&self, cells: &[(&str, (bool, bool))]) -> Vec<Scanned> {
        let mut out: Vec<Scanned> = cells.iter().map(|_| Scanned::default()).collect();
        let strong: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].1.0).collect();
        let texts: Vec<&str> = strong.iter().map(|&i| cells[i].0).collect();
        let found = self
            .strong
            .find_values_many_counting(&texts, &mut |j, kind| out[strong[j]].failed.push(kind));
        for (&i, found) in strong.iter().zip(found) {
            out[i].found = found;
        }
        let weak: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].1.1).collect();
        let texts: Vec<&str> = weak.iter().map(|&i| cells[i].0).collect();
        for (&i, spans) in weak.iter().zip(self.weak.find_values_many(&texts)) {
            add_weak(&mut out[i].found, spans);
        }
        out
    }
}

/// Adds to a cell's strong identifiers `found` the weak ones that overlap none of them.
fn add_weak(found: &mut Vec<Span>, weak: Vec<Span>) {
    for s in weak {
        if !found.iter().any(|f| s.start < f.end && f.start < s.end) {
            found.push(s);
        }
    }
}

/// Whether a cell is searched for strong kinds, and for weak ones: a cell searched for neither
/// holds nothing [`ResidualScanner::scan_counting`] could find or count.
fn searched(cell: &str) -> (bool, bool) {
    let shape = Shape::of(cell);
    (
        shape.might_hold_strong() && !plain_number(cell) && !iso_datetime(cell),
        shape.might_hold_weak(),
    )
}

/// A number of fewer than 13 digits, optionally signed, with one decimal mark: an amount, a
/// quantity, an id. No strong kind is written that way (bare SSNs, BSNs and SINs need a header,
/// phones need separators or `+`, cards and NIRs have 13 digits or more).
fn plain_number(cell: &str) -> bool {
    let t = cell.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let mut digits = 0;
    let mut marks = 0;
    for b in t.bytes() {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' | b',' => marks += 1,
            _ => return false,
        }
    }
    digits > 0 && digits < 13 && marks <= 1
}

/// An ISO 8601 date or date-time (`2024-03-01`, `2020-07-21T08:46:07Z`,
/// `2024-03-01 12:30:45.123+01:00`), and nothing else.
fn iso_datetime(cell: &str) -> bool {
    let b = cell.trim().as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    let mut rest = &b[10..];
    if rest.is_empty() {
        return true;
    }
    if !matches!(rest[0], b'T' | b' ') {
        return false;
    }
    rest = &rest[1..];
    // hh:mm[:ss[.fraction]]
    let time_len = rest
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b':' || **c == b'.')
        .count();
    if !(5..=18).contains(&time_len) || rest[2] != b':' {
        return false;
    }
    rest = &rest[time_len..];
    match rest {
        [] | [b'Z'] => true,
        [b'+' | b'-', tz @ ..] => {
            tz.len() <= 5 && tz.iter().all(|c| c.is_ascii_digit() || *c == b':')
        }
        _ => false,
    }
}

/// A cheap look at a cell's characters that rules out most cells before any regex runs.
#[derive(Default)]
struct Shape {
    digits: usize,
    letters: usize,
    at: bool,
    colons: usize,
    dots: usize,
    dashes: usize,
    spaces: usize,
    slash: bool,
    longest_word: usize,
}

impl Shape {
    fn of(cell: &str) -> Shape {
        let mut s = Shape::default();
        let mut word = 0usize;
        for b in cell.bytes() {
            match b {
                b'0'..=b'9' => s.digits += 1,
                b'a'..=b'z' | b'A'..=b'Z' => s.letters += 1,
                b'@' => s.at = true,
                b':' => s.colons += 1,
                b'.' => s.dots += 1,
                b'-' => s.dashes += 1,
                b'/' => s.slash = true,
                b' ' => s.spaces += 1,
                _ => {}
            }
            if b.is_ascii_alphanumeric() || b == b'_' {
                word += 1;
                s.longest_word = s.longest_word.max(word);
            } else {
                word = 0;
            }
        }
        s
    }

    /// Every strong kind needs one of these: an `@` (email), `:` pairs (IPv6, MAC, URLs),
    /// six digits (phones, cards, IBANs, national ids), a dotted quad (IPv4), dashed hex pairs
    /// (MAC) or one long token (crypto addresses, keys, tokens).
    fn might_hold_strong(&self) -> bool {
        self.at
            || self.colons >= 2
            || (self.colons >= 1 && self.slash)
            || self.digits >= 6
            || (self.dots >= 3 && self.digits >= 4)
            || self.dashes >= 5
            || self.longest_word >= 20
    }

    /// Street addresses and postcodes need a digit, letters and a space (`12 Main St`,
    /// `SW1A 2AA`, `1012 NX`).
    fn might_hold_weak(&self) -> bool {
        self.digits >= 1 && self.letters >= 2 && self.spaces >= 1
    }
}

/// Identifiers masq did not write, found in one output column, per kind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ResidualColumn {
    pub input: String,
    pub column: String,
    pub kind: Kind,
    /// Output cells holding at least one such identifier of this kind.
    pub cells: usize,
    /// Whether these cells count against `max_residual` (strongly validated kinds, in columns
    /// the policy did not explicitly keep).
    pub gating: bool,
    /// Why the column held them: `kept` (masq left the column as it was), `replaced in part`
    /// (prose whose spans masq replaced), `kept by the policy` (not gating), `audited file`, or
    /// `look-alike column: …` (most values of the shape fail the check; not gating).
    pub how: String,
    /// Keyed fingerprints of the identifiers (at most 20), never the values.
    pub fingerprints: Vec<String>,
}

/// What the residual scan covered and found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ResidualCheck {
    pub passed: bool,
    /// Residual cells of strongly validated kinds tolerated (the policy's `max_residual`).
    pub max_residual: u64,
    /// Output columns scanned, and how many of them masq had replaced (whole or in part) or kept.
    pub columns_scanned: usize,
    pub columns_replaced: usize,
    pub columns_kept: usize,
    /// Output cells scanned.
    pub cells_scanned: usize,
    /// Cells holding a strongly validated identifier masq did not write (these gate).
    pub residual_cells: usize,
    /// Cells reported but not gating: weak kinds (street address, postcode), look-alike columns
    /// (most values of the shape fail the check), columns the policy keeps on purpose.
    pub reported_cells: usize,
    pub columns: Vec<ResidualColumn>,
}

impl ResidualCheck {
    /// Adds one output's tally.
    pub fn add(&mut self, t: ResidualTally) {
        self.columns_scanned += t.columns_scanned;
        self.columns_replaced += t.columns_replaced;
        self.columns_kept += t.columns_kept;
        self.cells_scanned += t.cells_scanned;
        for c in t.columns {
            if c.gating {
                self.residual_cells += c.cells;
            } else {
                self.reported_cells += c.cells;
            }
            self.columns.push(c);
        }
    }

    /// Sets `passed` against the threshold.
    pub fn finish(&mut self, max_residual: u64) {
        self.max_residual = max_residual;
        self.passed = self.residual_cells as u64 <= max_residual;
    }
}

/// One output's scan.
#[derive(Debug, Default)]
pub struct ResidualTally {
    pub columns_scanned: usize,
    pub columns_replaced: usize,
    pub columns_kept: usize,
    pub cells_scanned: usize,
    pub columns: Vec<ResidualColumn>,
}

/// Per kind in one column: cells and fingerprints.
#[derive(Default)]
struct KindTally {
    cells: usize,
    fingerprints: std::collections::BTreeSet<String>,
}

/// One cell's scan: the identifiers found, and the kind of every match its check turned down.
#[derive(Default)]
struct Scanned {
    found: Vec<Span>,
    failed: Vec<Kind>,
}

impl Scanned {
    /// A cell's scan, from nothing but the cell, the cell alone (the tests' reference for
    /// [`ResidualScanner::scan_many_as`], which scans cells many at a time).
    #[cfg(test)]
    fn of(scanner: &ResidualScanner, cell: &str) -> Scanned {
        let mut failed = Vec::new();
        let found = scanner.scan_as(cell, searched(cell), &mut |k| failed.push(k));
        Scanned { found, failed }
    }
}

/// Per column and kind: distinct values that passed the kind's check, and distinct values of
/// its shape that failed it. Where most fail, the column is a look-alike (version numbers
/// shaped like IPs, tracking numbers shaped like cards) and the few that pass are coincidence.
#[derive(Default)]
struct ShapeTally {
    passed: BTreeMap<Kind, usize>,
    failed: BTreeMap<Kind, usize>,
    seen: HashSet<u64>,
}

impl ShapeTally {
    /// Tallies one cell's scan (`h` the cell's hash): its passes and failures count the first
    /// time its value is seen (always, once the memory of seen values is full).
    fn tally(&mut self, h: u64, scanned: &Scanned) {
        if self.seen.len() < CLEAN_CACHE && !self.seen.insert(h) {
            return;
        }
        for &k in &scanned.failed {
            *self.failed.entry(k).or_default() += 1;
        }
        for f in &scanned.found {
            *self.passed.entry(f.kind).or_default() += 1;
        }
    }

    fn look_alike(&self, kind: Kind) -> Option<String> {
        let passed = self.passed.get(&kind).copied().unwrap_or(0);
        let failed = self.failed.get(&kind).copied().unwrap_or(0);
        (failed >= passed.max(1)).then(|| {
            format!(
                "look-alike column: {failed} of {} values shaped like {kind} fail its check",
                failed + passed
            )
        })
    }
}

/// The report rows of one column.
fn rows(
    input: &str,
    column: &str,
    tallies: BTreeMap<Kind, KindTally>,
    shapes: &ShapeTally,
    how: &str,
    may_gate: bool,
) -> Vec<ResidualColumn> {
    tallies
        .into_iter()
        .map(|(kind, t)| {
            let look_alike = shapes.look_alike(kind);
            ResidualColumn {
                input: input.to_string(),
                column: column.to_string(),
                kind,
                cells: t.cells,
                gating: may_gate && kind.is_strongly_validated() && look_alike.is_none(),
                how: look_alike.unwrap_or_else(|| how.to_string()),
                fingerprints: t.fingerprints.into_iter().collect(),
            }
        })
        .collect()
}

fn text_column(df: &DataFrame, name: &str) -> Result<Option<StringChunked>> {
    let Ok(col) = df.column(name) else {
        return Ok(None);
    };
    let s = as_text(col)?;
    Ok(Some(s.str()?.clone()))
}

/// How masq treated a column in `run`, for the scan.
#[derive(Clone, Copy, PartialEq)]
enum Treatment {
    /// Cells are what the input had.
    Kept { by_policy: bool },
    /// Cells were rewritten whole where they changed.
    Whole,
    /// Prose: spans replaced inside cells.
    Spans,
}

/// Scans every column of one `run` output against its (row-aligned) original.
pub fn scan_run(
    scanner: &ResidualScanner,
    input: &str,
    original: &DataFrame,
    out: &DataFrame,
    plans: &[ColumnPlan],
    key: &Key,
) -> Result<ResidualTally> {
    let mut scan = RunScan::new(input, plans);
    scan.add(scanner, original, out, key)?;
    Ok(scan.finish())
}

/// [`scan_run`] batch by batch: each column's tallies (cells, fingerprints, the shapes that
/// pass or fail their checks, values already seen clean) carry over from batch to batch, so
/// the result is the same as one scan of the whole table, however the rows were cut.
pub struct RunScan {
    input: String,
    plans: Vec<ColumnPlan>,
    columns: Vec<ColumnScan>,
    /// Cells scanned at a time ([`CHUNK`]; smaller in tests).
    chunk: usize,
}

#[derive(Default)]
struct ColumnScan {
    name: String,
    tallies: BTreeMap<Kind, KindTally>,
    shapes: ShapeTally,
    cells: usize,
    clean: HashSet<u64>,
}

/// A cell of a batch the scan looks at, in row order.
struct Row<'a> {
    before: Option<&'a str>,
    cell: &'a str,
    h: u64,
    unchanged: bool,
    /// Whether it is searched for strong and for weak kinds ([`searched`]; a cell searched
    /// for neither holds nothing to find).
    searched: (bool, bool),
}

impl ColumnScan {
    /// Scans one batch of a column: `original` (if the input has the column) and `out` rows
    /// in step.
    ///
    /// The cells are scanned on all cores, `chunk_len` at a time, and the results are then
    /// tallied in row order, so the tallies are those of a scan cell after cell (which values
    /// were seen first, which were clean) whatever the number of threads; a chunk bounds the
    /// memory the scans take whatever the batch.
    fn add(
        &mut self,
        scanner: &ResidualScanner,
        original: Option<&StringChunked>,
        out: &StringChunked,
        treatment: Treatment,
        chunk_len: usize,
        key: &Key,
    ) {
        // Walk both columns in step (indexing a many-chunked column per row is slow).
        let mut originals = original.map(|a| a.iter());
        let mut chunk: Vec<Row> = Vec::new();
        for cell in out.iter() {
            let before = originals.as_mut().and_then(|it| it.next()).flatten();
            let Some(cell) = cell else { continue };
            self.cells += 1;
            let unchanged = before == Some(cell);
            if !unchanged && treatment == Treatment::Whole {
                continue; // masq's own surrogate
            }
            let h = hash64(cell.as_bytes());
            if self.clean.contains(&h) {
                continue;
            }
            let (strong, weak) = searched(cell);
            if !(strong || weak) && chunk.is_empty() {
                // Nothing to find and nothing waiting before it: tallied at once, as cheap as
                // a scan cell after cell (most cells of most columns).
                self.tally_row(cell, h, &Scanned::default(), None, key);
                continue;
            }
            chunk.push(Row {
                before,
                cell,
                h,
                unchanged,
                searched: (strong, weak),
            });
            if chunk.len() == chunk_len {
                self.tally(scanner, std::mem::take(&mut chunk), key);
            }
        }
        self.tally(scanner, chunk, key);
    }

    /// Scans a chunk's cells (and the input cells that may hold a value found) on all cores,
    /// then tallies them in order.
    fn tally(&mut self, scanner: &ResidualScanner, rows: Vec<Row>, key: &Key) {
        use rayon::prelude::*;
        // Cells a few hundred at a time, each rule over all of them (its automaton warm).
        let scans: Vec<(Scanned, Option<HashSet<u64>>)> = rows
            .par_chunks(crate::detect::spans::scan_chunk(rows.len()))
            .flat_map_iter(|chunk| {
                let searched: Vec<(&str, (bool, bool))> = chunk
                    .iter()
                    .filter(|r| r.searched != (false, false))
                    .map(|r| (r.cell, r.searched))
                    .collect();
                let mut scanned = scanner.scan_many_as(&searched).into_iter();
                chunk.iter().map(move |r| {
                    if r.searched == (false, false) {
                        return (Scanned::default(), None);
                    }
                    let s = scanned.next().expect("a scan of each searched cell");
                    // In a partly rewritten cell, only what the input cell held is a residual;
                    // the input cell is scanned only if it may hold one of the values found.
                    let held = (!r.unchanged && !s.found.is_empty()).then(|| {
                        let b = r.before.unwrap_or("");
                        if !may_hold_any(b, r.cell, &s.found) {
                            return HashSet::default();
                        }
                        scanner
                            .scan(b)
                            .iter()
                            .map(|s| norm_hash(s.kind, &b[s.start..s.end]))
                            .collect()
                    });
                    (s, held)
                })
            })
            .collect();
        for (r, (s, held)) in rows.iter().zip(&scans) {
            self.tally_row(r.cell, r.h, s, held.as_ref(), key);
        }
    }

    /// Tallies one cell (`h` its hash) with its scan and, in a partly rewritten cell, the
    /// identifiers its input cell `held`.
    fn tally_row(
        &mut self,
        cell: &str,
        h: u64,
        s: &Scanned,
        held: Option<&HashSet<u64>>,
        key: &Key,
    ) {
        if self.clean.contains(&h) {
            return;
        }
        // Shapes are tallied once per distinct value, so a pool of a hundred version numbers
        // repeated over a million rows is judged on its hundred values.
        self.shapes.tally(h, s);
        if s.found.is_empty() {
            if self.clean.len() < CLEAN_CACHE {
                self.clean.insert(h);
            }
            return;
        }
        tally_cell(&mut self.tallies, cell, &s.found, key, |kind, v| {
            held.is_none_or(|held| held.contains(&norm_hash(kind, v)))
        });
    }
}

impl RunScan {
    pub fn new(input: &str, plans: &[ColumnPlan]) -> RunScan {
        RunScan {
            input: input.to_string(),
            plans: plans.to_vec(),
            columns: Vec::new(),
            chunk: CHUNK,
        }
    }

    fn treatment(&self, name: &str) -> Treatment {
        let plan = self.plans.iter().find(|p| p.column == name);
        match plan.map(|p| p.strategy) {
            None | Some(Strategy::Keep) => Treatment::Kept {
                by_policy: plan.is_some_and(|p| p.decided_by == "policy"),
            },
            Some(Strategy::Spans) => Treatment::Spans,
            Some(_) => Treatment::Whole,
        }
    }

    /// Scans one batch of output rows against the original rows they were made from.
    pub fn add(
        &mut self,
        scanner: &ResidualScanner,
        original: &DataFrame,
        out: &DataFrame,
        key: &Key,
    ) -> Result<()> {
        use rayon::prelude::*;
        if self.columns.is_empty() {
            self.columns = out
                .columns()
                .iter()
                .map(|c| ColumnScan {
                    name: c.name().to_string(),
                    ..Default::default()
                })
                .collect();
        }
        let chunk_len = self.chunk;
        let treatments: Vec<Treatment> = self
            .columns
            .iter()
            .map(|c| self.treatment(&c.name))
            .collect();
        self.columns
            .par_iter_mut()
            .zip(treatments)
            .map(|(st, treatment)| -> Result<()> {
                let name = st.name.as_str();
                let o = as_text(out.column(name)?)?;
                let o = o.str()?;
                let a = text_column(original, name)?;
                st.add(scanner, a.as_ref(), o, treatment, chunk_len, key);
                Ok(())
            })
            .collect::<Result<Vec<()>>>()?;
        Ok(())
    }

    /// The tally of everything scanned.
    pub fn finish(mut self) -> ResidualTally {
        let mut tally = ResidualTally::default();
        let columns = std::mem::take(&mut self.columns);
        for st in columns {
            let treatment = self.treatment(&st.name);
            let how = match treatment {
                Treatment::Kept { by_policy: true } => "kept by the policy",
                Treatment::Kept { by_policy: false } => "kept",
                Treatment::Spans => "replaced in part",
                Treatment::Whole => "replaced",
            };
            let may_gate = treatment != (Treatment::Kept { by_policy: true });
            tally.columns_scanned += 1;
            match treatment {
                Treatment::Kept { .. } => tally.columns_kept += 1,
                _ => tally.columns_replaced += 1,
            }
            tally.cells_scanned += st.cells;
            tally.columns.extend(rows(
                &self.input,
                &st.name,
                st.tallies,
                &st.shapes,
                how,
                may_gate,
            ));
        }
        tally
    }
}

/// Counts one output cell's residuals: each kind once per cell, a keyed fingerprint per value
/// (at most [`MAX_FINGERPRINTS`] per kind); `residual` says which found values count.
fn tally_cell(
    tallies: &mut BTreeMap<Kind, KindTally>,
    cell: &str,
    found: &[Span],
    key: &Key,
    residual: impl Fn(Kind, &str) -> bool,
) {
    let mut kinds_here: Vec<Kind> = Vec::new();
    for s in found {
        let v = &cell[s.start..s.end];
        if !residual(s.kind, v) {
            continue;
        }
        let t = tallies.entry(s.kind).or_default();
        if !kinds_here.contains(&s.kind) {
            kinds_here.push(s.kind);
            t.cells += 1;
        }
        if t.fingerprints.len() < MAX_FINGERPRINTS {
            t.fingerprints
                .insert(key.fingerprint(s.kind.as_str(), &normalize(s.kind, v)));
        }
    }
}

/// Whether some identifier of `input` may normalize as one of the values `found` in `cell`
/// does (a cheap necessary condition, so a `false` spares scanning `input`).
///
/// Every normalization ([`normalize`]) keeps the order of what it keeps: digits only, or
/// characters lower-cased with some dropped. So an input identifier that normalizes as a
/// found value `n` leaves, in the input's digits, `n` itself (numeric kinds), and otherwise,
/// in the input's ASCII letters and digits lower-cased, those of `n`.
fn may_hold_any(input: &str, cell: &str, found: &[Span]) -> bool {
    let digits: Vec<u8> = input.bytes().filter(u8::is_ascii_digit).collect();
    let alnum: Vec<u8> = ascii_alnum(input);
    found.iter().any(|s| {
        let n = normalize(s.kind, &cell[s.start..s.end]);
        let all_digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        (all_digits && memchr::memmem::find(&digits, n.as_bytes()).is_some())
            || memchr::memmem::find(&alnum, &ascii_alnum(&n)).is_some()
    })
}

/// The ASCII letters and digits of `s` lower-cased, each character lower-cased first (the
/// Kelvin sign is a `k`). Only characters beyond ASCII go through Unicode lower-casing (an
/// input note is read this way in every partly rewritten row).
fn ascii_alnum(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase() as u8);
            }
        } else {
            out.extend(
                c.to_lowercase()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c as u8),
            );
        }
    }
    out
}

fn norm_hash(kind: Kind, v: &str) -> u64 {
    hash64(normalize(kind, v).as_bytes())
}

/// Cells scanned at a time: each distinct value of a chunk once, on all cores.
const CHUNK: usize = 1 << 16;

/// Scans `cells` `chunk` at a time, each distinct value of a chunk once and on all cores, and
/// hands every cell with its hash and its scan to `each`, in order.
fn scan_in_order<'a>(
    scanner: &ResidualScanner,
    cells: impl Iterator<Item = &'a str>,
    chunk: usize,
    mut each: impl FnMut(&'a str, u64, &Scanned),
) {
    use rayon::prelude::*;
    let mut cells = cells.peekable();
    while cells.peek().is_some() {
        let part: Vec<&str> = cells.by_ref().take(chunk).collect();
        let mut values: HashMap<&str, usize> = HashMap::default();
        let mut distinct: Vec<(&str, (bool, bool))> = Vec::new();
        // A cell searched for no kind holds nothing to find: it is not looked up or scanned.
        let at: Vec<Option<usize>> = part
            .iter()
            .map(|&cell| {
                let (strong, weak) = searched(cell);
                (strong || weak).then(|| {
                    *values.entry(cell).or_insert_with(|| {
                        distinct.push((cell, (strong, weak)));
                        distinct.len() - 1
                    })
                })
            })
            .collect();
        let scanned: Vec<Scanned> = distinct
            .par_chunks(crate::detect::spans::scan_chunk(distinct.len()))
            .flat_map_iter(|c| scanner.scan_many_as(c))
            .collect();
        let empty = Scanned::default();
        for (cell, i) in part.into_iter().zip(at) {
            each(
                cell,
                hash64(cell.as_bytes()),
                i.map_or(&empty, |i| &scanned[i]),
            );
        }
    }
}

/// The identifiers found anywhere in a dataset (normalized, hashed), for [`scan_audited`].
pub fn identifiers_in(scanner: &ResidualScanner, df: &DataFrame) -> Result<HashSet<u64>> {
    use rayon::prelude::*;
    let sets: Vec<Result<HashSet<u64>>> = df
        .columns()
        .par_iter()
        .map(|col| {
            let s = as_text(col)?;
            let ca = s.str()?;
            let mut set = HashSet::default();
            scan_in_order(scanner, ca.iter().flatten(), CHUNK, |cell, _, scanned| {
                for sp in &scanned.found {
                    set.insert(norm_hash(sp.kind, &cell[sp.start..sp.end]));
                }
            });
            Ok(set)
        })
        .collect();
    let mut all = HashSet::default();
    for s in sets {
        all.extend(s?);
    }
    Ok(all)
}

/// Scans every column of an audited file (`verify`): an identifier is a residual when the
/// original held it anywhere (`held`, from [`identifiers_in`]).
pub fn scan_audited(
    scanner: &ResidualScanner,
    input: &str,
    out: &DataFrame,
    held: &HashSet<u64>,
    key: &Key,
) -> Result<ResidualTally> {
    use rayon::prelude::*;
    let results: Vec<Result<(usize, Vec<ResidualColumn>)>> = out
        .columns()
        .par_iter()
        .map(|col| {
            let s = as_text(col)?;
            let ca = s.str()?;
            let mut tallies: BTreeMap<Kind, KindTally> = BTreeMap::new();
            let mut shapes = ShapeTally::default();
            let mut cells = 0;
            scan_in_order(scanner, ca.iter().flatten(), CHUNK, |cell, h, scanned| {
                cells += 1;
                shapes.tally(h, scanned);
                tally_cell(&mut tallies, cell, &scanned.found, key, |kind, v| {
                    held.contains(&norm_hash(kind, v))
                });
            });
            let columns = rows(
                input,
                col.name().as_str(),
                tallies,
                &shapes,
                "audited file",
                true,
            );
            Ok((cells, columns))
        })
        .collect();
    let mut tally = ResidualTally::default();
    for r in results {
        let (cells, columns) = r?;
        tally.columns_scanned += 1;
        tally.cells_scanned += cells;
        tally.columns.extend(columns);
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let rules = RuleSet::builtin().unwrap();
        ResidualScanner::new(&rules)
            .scan(text)
            .into_iter()
            .map(|s| s.kind)
            .collect()
    }

    /// Cells scanned many at once give each cell's own scan: the same identifiers, and the
    /// same turned-down matches.
    #[test]
    fn cells_scanned_many_at_once_are_scanned_as_one_by_one() {
        let rules = RuleSet::builtin().unwrap();
        let scanner = ResidualScanner::new(&rules);
        let texts = crate::detect::spans::tests::fixture_texts();
        let cells: Vec<(&str, (bool, bool))> =
            texts.iter().map(|t| (t.as_str(), searched(t))).collect();
        let many = scanner.scan_many_as(&cells);
        assert_eq!(many.len(), cells.len());
        let mut with_found = 0;
        for ((cell, _), m) in cells.iter().zip(&many) {
            let one = Scanned::of(&scanner, cell);
            assert_eq!(m.found, one.found, "{} bytes", cell.len());
            assert_eq!(m.failed, one.failed, "{} bytes", cell.len());
            with_found += usize::from(!one.found.is_empty());
        }
        assert!(with_found > 1_000, "{with_found}");
    }

    #[test]
    fn finds_strong_identifiers_anywhere_in_a_cell() {
        assert_eq!(
            kinds("see https://intranet.example-corp.net/u/48213?ref=7"),
            [Kind::Url]
        );
        assert_eq!(kinds("2001:db8:4f2a::1c"), [Kind::Ipv6]);
        assert_eq!(kinds("mail anna.k@posteo.de now"), [Kind::Email]);
        assert_eq!(kinds("DE89 3704 0044 0532 0130 00"), [Kind::Iban]);
    }

    #[test]
    fn amounts_and_timestamps_are_ruled_out_before_any_rule_runs_but_cards_are_not() {
        assert!(plain_number("129.90") && plain_number("-4711") && plain_number("000123456"));
        assert!(
            !plain_number("4111111111111111"),
            "a bare card number is scanned"
        );
        assert!(
            !plain_number("1,234.50"),
            "two marks: scanned like any text"
        );
        assert!(iso_datetime("2024-03-01") && iso_datetime("2020-07-21T08:46:07Z"));
        assert!(iso_datetime("2024-03-01 12:30:45.123+01:00"));
        assert!(!iso_datetime("2024-03-01 call +1 415 692 3400"));
        assert!(!iso_datetime("2024-03-01T10:00:00Z anna@posteo.de"));
        assert_eq!(kinds("4111 1111 1111 1111 2024-03-01"), [Kind::CreditCard]);
    }

    #[test]
    fn an_input_cell_is_scanned_again_only_where_it_may_hold_a_value_found() {
        let cell = "Call +49 30 901820 or mail A.B@x.de";
        let span = |v: &str, kind| {
            let start = cell.find(v).unwrap();
            Span {
                start,
                end: start + v.len(),
                kind,
            }
        };
        let found = [
            span("+49 30 901820", Kind::Phone),
            span("A.B@x.de", Kind::Email),
        ];
        // The same number written otherwise, the same address in other case: maybe held.
        assert!(may_hold_any("Ruf 0049-30-901820 an", cell, &found[..1]));
        assert!(may_hold_any("mail a.b@X.DE bitte", cell, &found[1..]));
        // The input held other values (the found ones are masq's surrogates): not held.
        assert!(!may_hold_any(
            "Call +49 30 555123 or mail c.d@y.de",
            cell,
            &found
        ));
    }

    /// A column of thousands of cells, some searched and some not, tallies per kind the cells
    /// that scanned one by one hold that kind, however its rows are split into batches, chunks
    /// and threads: no cell is paired with another cell's scan.
    #[test]
    fn a_long_mixed_column_tallies_each_cell_with_its_own_scan() {
        let rules = RuleSet::builtin().unwrap();
        let scanner = ResidualScanner::new(&rules);
        let key = Key::from_bytes(vec![3; 32], crate::keys::KeySource::Env).unwrap();
        let texts = crate::detect::spans::tests::fixture_texts();
        let cells: Vec<&str> = texts.iter().map(String::as_str).take(3_000).collect();
        assert!(cells.iter().any(|c| searched(c) == (false, false)));
        let mut want: BTreeMap<Kind, usize> = BTreeMap::new();
        for cell in &cells {
            let mut kinds: Vec<Kind> = Scanned::of(&scanner, cell)
                .found
                .iter()
                .map(|s| s.kind)
                .collect();
            kinds.sort();
            kinds.dedup();
            for k in kinds {
                *want.entry(k).or_default() += 1;
            }
        }
        assert!(want.len() >= 3, "{want:?}");
        let df = df!("v" => &cells).unwrap();
        for (threads, rows_per_batch) in [(1, 3_000), (2, 700), (3, 1_100)] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let tally = pool.install(|| {
                let mut scan = RunScan::new("t.csv", &[]);
                for at in (0..df.height()).step_by(rows_per_batch) {
                    let batch = df.slice(at as i64, rows_per_batch);
                    scan.add(&scanner, &batch, &batch, &key).unwrap();
                }
                scan.finish()
            });
            let got: BTreeMap<Kind, usize> =
                tally.columns.iter().map(|c| (c.kind, c.cells)).collect();
            assert_eq!(
                got, want,
                "{threads} threads, {rows_per_batch} rows a batch"
            );
        }
    }

    #[test]
    fn a_scan_on_any_number_of_threads_and_batches_tallies_as_one_scan_cell_after_cell() {
        let rules = RuleSet::builtin().unwrap();
        let scanner = ResidualScanner::new(&rules);
        let key = Key::from_bytes(vec![3; 32], crate::keys::KeySource::Env).unwrap();
        // One valid address on six rows and one number of its shape that fails the check:
        // shapes are judged on distinct values (one of two fails: a look-alike column, not
        // gating), where counting rows would make six of seven pass.
        let mut cells = vec!["10.20.30.40"; 6];
        cells.insert(3, "999.1.2.3");
        cells.extend(["mail a.b@posteo.de", "no identifier", "mail a.b@posteo.de"]);
        let df = df!("v" => &cells).unwrap();
        let scan = |threads: usize, rows_per_batch: usize, chunk: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut scan = RunScan::new("t.csv", &[]);
                scan.chunk = chunk;
                for at in (0..df.height()).step_by(rows_per_batch) {
                    let batch = df.slice(at as i64, rows_per_batch);
                    scan.add(&scanner, &batch, &batch, &key).unwrap();
                }
                scan.finish()
            })
        };
        let whole = scan(1, cells.len(), CHUNK);
        assert_eq!(whole.cells_scanned, cells.len());
        let ip = whole.columns.iter().find(|c| c.kind == Kind::Ipv4).unwrap();
        assert_eq!(ip.cells, 6);
        assert!(!ip.gating, "{}", ip.how);
        assert!(
            ip.how.starts_with("look-alike column: 1 of 2"),
            "{}",
            ip.how
        );
        let email = whole
            .columns
            .iter()
            .find(|c| c.kind == Kind::Email)
            .unwrap();
        assert!(email.gating && email.cells == 2 && email.fingerprints.len() == 1);
        for (threads, rows, chunk) in [(2, 3, CHUNK), (4, 1, CHUNK), (3, 4, 2), (2, 10, 3)] {
            let cut = scan(threads, rows, chunk);
            assert_eq!(cut.cells_scanned, whole.cells_scanned);
            assert_eq!(
                cut.columns, whole.columns,
                "{threads} threads, {rows} rows a batch, {chunk} cells a chunk"
            );
        }
    }

    #[test]
    fn cells_scanned_by_chunks_on_all_cores_come_back_in_order_with_their_own_scan() {
        let rules = RuleSet::builtin().unwrap();
        let scanner = ResidualScanner::new(&rules);
        let cells = [
            "mail a.b@posteo.de",
            "999.1.2.3",
            "nothing",
            "mail a.b@posteo.de",
            "DE89 3704 0044 0532 0130 00",
            "999.1.2.3",
            "nothing",
        ];
        for chunk in [1, 2, 3, 100] {
            let mut back = Vec::new();
            scan_in_order(&scanner, cells.iter().copied(), chunk, |cell, h, s| {
                back.push((cell, h, s.found.clone(), s.failed.clone()));
            });
            let want: Vec<_> = cells
                .iter()
                .map(|&c| {
                    let s = Scanned::of(&scanner, c);
                    (c, hash64(c.as_bytes()), s.found, s.failed)
                })
                .collect();
            assert_eq!(back, want, "{chunk} cells a chunk");
        }
        assert_eq!(Scanned::of(&scanner, "999.1.2.3").failed, [Kind::Ipv4]);
    }

    proptest::proptest! {
        /// Reading ASCII as bytes gives what lower-casing every character does, whatever the
        /// text: letters with lower-case forms in ASCII (`K` the Kelvin sign, `İ`), accents,
        /// digits of other scripts, punctuation.
        #[test]
        fn ascii_alnum_reads_ascii_as_bytes_and_lower_cases_the_rest(
            s in "[a-zA-Z0-9 .,@+()\\-]{0,12}([\u{212A}\u{130}ÄäßẞéÉ٣²ǅ][a-zA-Z0-9 ]{0,6}){0,4}"
        ) {
            let reference: Vec<u8> = s
                .chars()
                .flat_map(char::to_lowercase)
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c as u8)
                .collect();
            proptest::prop_assert_eq!(ascii_alnum(&s), reference);
        }
    }

    #[test]
    fn look_alikes_hold_no_identifier() {
        for cell in [
            "ORD-2024-000123",
            "SKU-4821-XL",
            "129.90",
            "2024-03-01 12:30:45",
            "EUR",
            "shipped",
            "4111 1111 1111 1112",
        ] {
            assert!(
                kinds(cell).iter().all(|k| !k.is_strongly_validated()),
                "{cell}"
            );
        }
    }
}
