//! Transformation strategies, applied per column according to the plan.
//!
//! `fake` computes one keyed surrogate per *distinct* value (in parallel), then gathers, so a
//! column with a million rows and ten thousand distinct values costs ten thousand generator
//! calls; in a run cut into batches, a value met again in a later batch takes the surrogate it
//! got before ([`Uniques`]), so a city repeated over the whole run is drawn once (while its
//! column's memo is kept and has room). Surrogates of
//! identifying kinds never equal any original value of that kind in the run
//! ([`Originals`]); surrogates of the other kinds never equal the value they replace. Both are
//! guaranteed by redrawing with the next `attempt` seed. Nulls stay null; row count and order are
//! unchanged; `keep` columns are not touched at all.
//!
//! What to replace is decided elsewhere (`detect`, `policy`); this module never looks at headers.

pub mod fakers;
pub mod generalize;
pub mod pool;
pub mod spans;

use crate::detect::CellScope;
use crate::detect::spans::SpanFinder;
use crate::error::{Error, Result};
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Strategy};
use crate::rules::RuleSet;
use crate::text::{normalize, normalized_hash};
use polars::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// How many redraws a surrogate gets before masq gives up on `fake` for that value.
const MAX_ATTEMPTS: u32 = 64;

/// Draws of a series ([`fake_from`]) that come from the kind's plain space ([`fakers::fake`])
/// before the others come from a wider one ([`fakers::fake_wider`]): a value whose plain
/// surrogates are all taken (its column's originals fill the plain space) or all turned away
/// (they keep a word that is another column's original) still gets a surrogate of its kind,
/// not a keyed hash, while nearly every value keeps the plain look (its first draw is free).
const PLAIN_DRAWS: u32 = 8;

/// The original values a surrogate must never equal. The run uses the leak gate's index
/// (`verify::LeakIndex`), which holds exactly these values already; [`Originals`] is a plain
/// implementation for library callers and tests.
pub trait OriginalSet: Sync {
    /// Whether `normalized` (see [`crate::text::normalize`]) is an original value of `kind`.
    fn contains(&self, kind: Kind, normalized: &str) -> bool;

    /// Whether an original of any kind appears inside `text` the way the leak gate looks for
    /// it (whole cell, whole-word run, digit run); a surrogate that would trip the gate is
    /// drawn again.
    fn appears_in(&self, _text: &str) -> bool {
        false
    }

    /// Starts loading what [`contains`](Self::contains) of `kind` and `normalized` and
    /// [`appears_in`](Self::appears_in) of `text` will read first, for a caller that knows its
    /// next surrogates ahead (the sets are large maps probed at random places). A hint: no
    /// answer depends on it.
    fn prefetch(&self, _kind: Kind, _normalized: &str, _text: &str) {}
}

/// Normalized original values of identifying kinds.
#[derive(Default)]
pub struct Originals {
    by_kind: HashMap<Kind, HashSet<String>>,
}

/// Counts per kind only: the values are personal data.
impl std::fmt::Debug for Originals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let counts = self.by_kind.iter().map(|(k, v)| (k, v.len()));
        crate::sensitive::debug_counts(f, "values", counts)
    }
}

impl OriginalSet for Originals {
    fn contains(&self, kind: Kind, normalized: &str) -> bool {
        self.by_kind
            .get(&kind)
            .is_some_and(|s| s.contains(normalized))
    }
}

impl Originals {
    /// Adds a column's distinct values as originals of `kind` (identifying kinds only).
    pub fn add_column(&mut self, kind: Kind, col: &Column) -> Result<()> {
        if !kind.is_identifying() {
            return Ok(());
        }
        let set = self.by_kind.entry(kind).or_default();
        let s = as_text(col)?;
        for v in s.str()?.iter().flatten() {
            let n = normalize(kind, v);
            if !n.is_empty() {
                set.insert(n);
            }
        }
        Ok(())
    }
}

/// Counts for the report.
#[derive(
    Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Counts {
    /// Non-null cells.
    pub values: usize,
    /// Distinct non-null values: exact up to 65,536, beyond that a HyperLogLog estimate within
    /// about 1% (`distinct_estimated`), so that counting stays in bounded memory.
    pub distinct: usize,
    /// Whether `distinct` is an estimate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub distinct_estimated: bool,
    pub nulls: usize,
    /// Cells whose value was replaced.
    pub replaced: usize,
    /// Values for which `fake` could not find a non-colliding surrogate and fell back to `hash`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub fallbacks: usize,
    /// Values drawn again because another original had drawn the same surrogate.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub redrawn: usize,
    /// Spans of personal data replaced inside free text (strategy `spans`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spans: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The column as text (a no-op for text columns).
pub fn as_text(col: &Column) -> Result<Series> {
    col.as_materialized_series()
        .cast(&DataType::String)
        .map_err(Error::from)
}

/// Tells which kind a single value is (of the plan's kind and its `also` kinds), for columns
/// replaced cell by cell; `None` when it matches none of their rules.
pub type Classify<'a> = &'a (dyn Fn(&str) -> Option<Kind> + Sync);

/// The candidate pools of `llm` columns, by column name; `None` where a pool could not be
/// filled (the column falls back to rules).
pub type Pools = std::collections::BTreeMap<String, Option<pool::Pool>>;

/// Everything a column's plan may need besides the column: the key, the originals no
/// surrogate may equal, the rules (cell-by-cell kinds, prose spans), and per input the entity
/// seeds of `noise`/`shift-date` and the LLM pools. It holds no global state: one batch of
/// rows can be transformed on its own with the same context.
pub struct Context<'a> {
    pub key: &'a Key,
    pub originals: &'a dyn OriginalSet,
    pub rules: &'a RuleSet,
    pub finder: &'a SpanFinder,
    /// Originals of replaced text columns, found again inside prose.
    pub known: &'a spans::KnownOriginals,
    /// Entity seeds for `noise` and `shift-date` (`None`: each row is its own entity).
    pub entities: Option<&'a generalize::Entities>,
    pub pools: Option<&'a Pools>,
    /// Row number (0-based, in the input) of the batch's first row.
    pub first_row: usize,
    /// Surrogates already given to originals in earlier batches and inputs, per column name
    /// or relation key (`None`: the column is transformed in one piece).
    pub uniques: Option<&'a Uniques>,
    /// Prose texts of this batch already scanned, per column (`run`'s first pass).
    pub scanned: Option<&'a HashMap<String, spans::Scanned>>,
    /// Whether `originals` is the leak index the leak search of this batch searches with: then
    /// [`Applied::cleared`] lists the surrogates it found free of originals when they were
    /// drawn, for that search not to repeat the same search on the same text.
    pub originals_are_the_leak_index: bool,
}

impl<'a> Context<'a> {
    /// A context for transforming frames on their own: no entity column, no LLM pools, no
    /// earlier batches or first-pass scans, and `originals` not known to be the leak index.
    pub fn new(
        key: &'a Key,
        originals: &'a dyn OriginalSet,
        rules: &'a RuleSet,
        finder: &'a SpanFinder,
        known: &'a spans::KnownOriginals,
    ) -> Context<'a> {
        Context {
            key,
            originals,
            rules,
            finder,
            known,
            entities: None,
            pools: None,
            first_row: 0,
            uniques: None,
            scanned: None,
            originals_are_the_leak_index: false,
        }
    }
}

/// A value's surrogate between [`replace_values`]' two steps.
enum Surrogate {
    /// Made whole.
    Made(String),
    /// A fake whose first draw is made, its checks still to come.
    Drawn(FirstDraw),
}

/// [`OriginalSet`] that notes the texts [`appears_in`](OriginalSet::appears_in) clears: their
/// hashes ([`crate::text::hash64`]).
struct Clearing<'a> {
    inner: &'a dyn OriginalSet,
    cleared: std::sync::Mutex<Vec<u64>>,
}

impl OriginalSet for Clearing<'_> {
    fn contains(&self, kind: Kind, normalized: &str) -> bool {
        self.inner.contains(kind, normalized)
    }

    fn prefetch(&self, kind: Kind, normalized: &str, text: &str) {
        self.inner.prefetch(kind, normalized, text);
    }

    fn appears_in(&self, text: &str) -> bool {
        let appears = self.inner.appears_in(text);
        if !appears {
            self.cleared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(crate::text::hash64(text.as_bytes()));
        }
        appears
    }
}

/// Who owns each surrogate drawn so far, per column name (or [`ColumnPlan::join`] key), so
/// that two people never share one across the batches and inputs of a run: keyed by the hash of the normalized surrogate, the hash of
/// the normalized original that owns it. Memory grows with distinct identifying values, not
/// rows.
///
/// It also remembers, per column plan, the surrogates given to values that recur from batch to
/// batch (`Memo`): a city, a street or a birth date seen in an earlier batch takes its
/// surrogate from there instead of being drawn and checked again.
#[derive(Default)]
pub struct Uniques {
    /// One lock per column: two columns settle their surrogates' owners at once.
    owners: std::sync::Mutex<HashMap<String, std::sync::Arc<std::sync::Mutex<Owners>>>>,
    /// What the maps count against (see [`crate::hashmap64::Budget`]).
    budget: Option<crate::hashmap64::Budget>,
    /// Per column plan (its `Debug` text, which holds every field that shapes a surrogate).
    memos: std::sync::Mutex<HashMap<String, std::sync::Arc<std::sync::Mutex<Memo>>>>,
    /// Bytes the memos hold, all columns together.
    memo_bytes: std::sync::atomic::AtomicUsize,
    /// Most bytes they may hold (`None`: [`MEMO_BYTES`]).
    memo_limit: Option<usize>,
}

impl Uniques {
    /// Bytes the owners hold in memory (on disk: their filters), and the memos.
    pub fn heap_bytes(&self) -> usize {
        let m = self.owners.lock().unwrap_or_else(|e| e.into_inner());
        m.values()
            .map(|o| o.lock().unwrap_or_else(|e| e.into_inner()).heap_bytes())
            .sum::<usize>()
            + self.memo_bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// No owners yet; their maps count against `budget` (and move to disk beyond it).
    pub fn with_budget(budget: Option<&crate::hashmap64::Budget>) -> Uniques {
        Uniques {
            budget: budget.cloned(),
            ..Default::default()
        }
    }

    /// The memos held within a 32nd of the run's memory ceiling of `bytes` (and at most
    /// `MEMO_BYTES`): 64 MB under the default 2 GB.
    pub fn within_memory_limit(mut self, bytes: u64) -> Uniques {
        self.memo_limit = Some((bytes / 32).min(MEMO_BYTES as u64) as usize);
        self
    }

    fn memo_limit(&self) -> usize {
        self.memo_limit.unwrap_or(MEMO_BYTES)
    }

    fn memo(&self, plan: &ColumnPlan) -> std::sync::Arc<std::sync::Mutex<Memo>> {
        let mut all = self.memos.lock().unwrap_or_else(|e| e.into_inner());
        std::sync::Arc::clone(all.entry(format!("{plan:?}")).or_insert_with(|| {
            std::sync::Arc::new(std::sync::Mutex::new(Memo {
                surrogates: Default::default(),
                bytes: 0,
                batches: 0,
                off: false,
            }))
        }))
    }
}

/// The final surrogates (after [`make_unique`]) of one column plan's values in earlier batches
/// ([`Recall`]). A value's final surrogate does not depend on the batch it comes in (see
/// [`make_unique`]), and a value already settled leaves the owners as they are, so taking it
/// from here gives the output and the owners the same as drawing it again, and the counts too
/// (a recalled keyed hash or redraw is counted again, as a draw in each batch counts it). One
/// exception, where the memo gives what one batch gives: a keyed-hash fallback in
/// [`make_unique`] is not checked against the owners, so it can take another value's
/// surrogate, and that value was then drawn anew in later batches.
///
/// A memo serves one run: one key, one set of originals, one rule set (`run` makes one
/// [`Uniques`] per run); it is keyed by the plan alone.
///
/// A column whose values seldom recur (emails, IBANs) gains nothing from it: its memo is
/// emptied and turned off after a batch (the second or later) in which under one in
/// [`MEMO_MIN_HITS`] of its distinct values were found in it.
struct Memo {
    surrogates: foldhash::HashMap<Box<str>, Recall>,
    bytes: usize,
    /// Batches looked up so far.
    batches: usize,
    off: bool,
}

/// A value's final surrogate, as [`Memo`] keeps it.
struct Recall {
    surrogate: Box<str>,
    /// The leak index was searched for it and held none of it.
    clear: bool,
    /// It is a keyed hash: no fake was free of originals.
    fell_back: bool,
    /// [`make_unique`] drew it again (its first draw was another value's).
    redrawn: bool,
}

/// Most bytes all memos hold together (about 170 bytes per short value, counted with
/// [`MEMO_ENTRY`]), past which values are no longer added (those held are still used); less
/// under a memory ceiling below 2 GB ([`Uniques::within_memory_limit`]).
const MEMO_BYTES: usize = 64 << 20;
/// Least share of a batch's distinct values a memo must hold, from its second batch on, to be
/// kept (1/32): a draw costs a few microseconds, a lookup a few dozen nanoseconds.
const MEMO_MIN_HITS: usize = 32;
/// Bytes a memo entry costs besides its two texts: a slot of 41 bytes, 82 right after the map
/// doubles, and two allocations of at least 32 bytes; between about 105 and 150 in all.
const MEMO_ENTRY: usize = 128;

/// Surrogate hash → original hash, for one column.
pub type Owners = crate::hashmap64::HashMap64<u64>;

/// Sizes only.
impl std::fmt::Debug for Uniques {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let m = self.owners.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "Uniques({m} columns)")
    }
}

/// What one column's plan did.
#[derive(Debug)]
pub struct Applied {
    /// The new column (`None` for `drop`).
    pub column: Option<Column>,
    pub counts: Counts,
    /// The strategy that ran: the plan's, or the rule-based fallback of an `llm` column
    /// without a pool.
    pub strategy: Strategy,
    /// Hashes ([`crate::text::hash64`]) of texts the leak index searched and found no original
    /// in while surrogates were drawn (only where [`Context::originals_are_the_leak_index`]):
    /// the same search of an output cell equal to one of them finds nothing either. Texts
    /// drawn and then turned away are among them too; that only means more cells are known.
    pub cleared: foldhash::HashSet<u64>,
}

/// Default largest relative change of `noise`.
pub const DEFAULT_NOISE: f64 = 0.1;
/// Default largest shift of `shift-date`, in days.
pub const DEFAULT_MAX_DAYS: u32 = 30;

/// Applies one column's plan: the one dispatch over every strategy.
pub fn apply(col: &Column, plan: &ColumnPlan, ctx: &Context) -> Result<Applied> {
    let done = |(column, counts): (Option<Column>, Counts)| Applied {
        column,
        counts,
        strategy: plan.strategy,
        cleared: Default::default(),
    };
    // Entity seeds are keyed per row: built only for the two strategies that use them.
    let mut by_row = None;
    Ok(match plan.strategy {
        Strategy::Keep | Strategy::Drop => done(keep_or_drop(col, plan.strategy)?),
        Strategy::Fake | Strategy::Hash | Strategy::Mask | Strategy::Redact => {
            let how = match plan.strategy {
                Strategy::Fake => PerValue::Fake,
                Strategy::Hash => PerValue::Hash,
                Strategy::Mask => PerValue::Mask,
                _ => PerValue::Redact,
            };
            let classify = plan.cell_classifier(ctx.rules);
            let (column, counts, cleared) =
                replace_values(col, plan, how, ctx, classify.as_deref())?;
            Applied {
                cleared,
                ..done((column, counts))
            }
        }
        Strategy::Spans => {
            let (c, n) = spans::apply(
                col,
                ctx.finder,
                &ctx.rules.dicts,
                ctx.key,
                ctx.originals,
                ctx.known,
                ctx.scanned.and_then(|s| s.get(&plan.column)),
            )?;
            done((Some(c), n))
        }
        Strategy::Generalize => {
            let (c, n) = generalize::generalize(col, &plan.options)?;
            done((Some(c), shaped_counts(col, n)))
        }
        Strategy::Noise => {
            let amount = plan.options.noise.unwrap_or(DEFAULT_NOISE);
            let entities =
                entities_or_rows(ctx.entities, ctx.first_row, col.len(), ctx.key, &mut by_row);
            let (c, n) = generalize::noise(col, amount, entities, ctx.key)?;
            done((Some(c), shaped_counts(col, n)))
        }
        Strategy::ShiftDate => {
            let days = plan.options.max_days.unwrap_or(DEFAULT_MAX_DAYS);
            let entities =
                entities_or_rows(ctx.entities, ctx.first_row, col.len(), ctx.key, &mut by_row);
            let (c, n) = generalize::shift_date(col, days, entities, ctx.key)?;
            done((Some(c), shaped_counts(col, n)))
        }
        Strategy::Llm => match ctx.pools.and_then(|p| p.get(&plan.column)) {
            Some(Some(pool)) => {
                let label = plan.kind.map_or(plan.column.as_str(), |k| k.as_str());
                // Values many people share map without a uniqueness pass, so the same value
                // maps alike in every file.
                let unique = plan.kind.is_none_or(|k| k.is_identifying());
                let (c, n) = pool::apply(col, &pool.values, label, unique, ctx.key)?;
                done((Some(c), n))
            }
            _ => {
                let how = if plan.kind.is_some() {
                    PerValue::Fake
                } else {
                    PerValue::Hash
                };
                // Not the cell-by-cell classifier: a fallback replaces the whole column.
                let (c, n, cleared) = replace_values(col, plan, how, ctx, None)?;
                Applied {
                    column: c,
                    counts: n,
                    strategy: llm_fallback(plan.kind),
                    cleared,
                }
            }
        },
    })
}

/// After a batch's columns were transformed (`outs`, by plan; `None` for a dropped column):
/// [`spans::row_names`] on each `spans` column, with the batch's replaced given- and
/// family-name columns. Returns, by plan, how many names each `spans` column had replaced.
pub fn row_names(
    batch: &DataFrame,
    plans: &[ColumnPlan],
    outs: &mut [Option<Column>],
    ctx: &Context,
) -> Result<Vec<usize>> {
    let mut replaced = vec![0; plans.len()];
    let names: Vec<spans::RowName<'_>> = plans
        .iter()
        .zip(outs.iter())
        .filter(|(p, _)| spans::is_row_name(p))
        .filter_map(|(p, out)| {
            Some(spans::RowName {
                kind: p.kind?,
                original: batch.column(&p.column).ok()?,
                output: out.as_ref(),
            })
        })
        .collect();
    if names.is_empty() {
        return Ok(replaced);
    }
    let mut fixed = Vec::new();
    for (j, p) in plans.iter().enumerate() {
        if p.strategy != Strategy::Spans {
            continue;
        }
        if let Some(col) = &outs[j] {
            let (col, n) = spans::row_names(col, &names, ctx.key, ctx.originals, ctx.known)?;
            replaced[j] = n;
            if n > 0 {
                fixed.push((j, col));
            }
        }
    }
    for (j, col) in fixed {
        outs[j] = Some(col);
    }
    Ok(replaced)
}

/// Entity seeds for one input's `noise` and `shift_date` columns: one per value of the
/// policy's `entity` column, else one per row; `None` when no column needs them.
pub fn entities(
    df: &DataFrame,
    plans: &[ColumnPlan],
    entity: Option<&str>,
    key: &Key,
    first_row: usize,
) -> Result<Option<generalize::Entities>> {
    if !plans
        .iter()
        .any(|p| matches!(p.strategy, Strategy::Noise | Strategy::ShiftDate))
    {
        return Ok(None);
    }
    Ok(Some(match entity.map(|e| df.column(e)) {
        Some(Ok(col)) => generalize::Entities::from_column(col, key, first_row)?,
        _ => generalize::Entities::by_row(first_row, df.height(), key),
    }))
}

/// The entity seeds given, else one per row (built into `owned`).
fn entities_or_rows<'b>(
    given: Option<&'b generalize::Entities>,
    first_row: usize,
    rows: usize,
    key: &Key,
    owned: &'b mut Option<generalize::Entities>,
) -> &'b generalize::Entities {
    match given {
        Some(e) => e,
        None => owned.insert(generalize::Entities::by_row(first_row, rows, key)),
    }
}

/// The rule-based strategy an `llm` column falls back to.
pub fn llm_fallback(kind: Option<Kind>) -> Strategy {
    if kind.is_some() {
        Strategy::Fake
    } else {
        Strategy::Hash
    }
}

/// Counts for strategies that rewrite values in place (generalize, noise, shift-date).
fn shaped_counts(col: &Column, replaced: usize) -> Counts {
    let nulls = col.null_count();
    Counts {
        values: col.len() - nulls,
        distinct: col
            .n_unique()
            .unwrap_or(0)
            .saturating_sub(usize::from(nulls > 0)),
        nulls,
        replaced,
        ..Default::default()
    }
}

fn keep_or_drop(col: &Column, strategy: Strategy) -> Result<(Option<Column>, Counts)> {
    let nulls = col.null_count();
    let values = col.len() - nulls;
    let distinct = col.n_unique()?.saturating_sub(usize::from(nulls > 0));
    let keep = strategy == Strategy::Keep;
    let counts = Counts {
        values,
        distinct,
        nulls,
        replaced: if keep { 0 } else { values },
        ..Counts::default()
    };
    Ok((keep.then(|| col.clone()), counts))
}

/// A column as text, its distinct values, and the gather back: the one place a column is
/// rewritten value by value. `surrogates` gets the distinct non-null values (in first-seen
/// order) and returns one replacement per value with a count of spans replaced inside it; the
/// gather is then one lookup per cell. The counts say how many cells changed.
pub fn map_distinct(
    col: &Column,
    surrogates: impl FnOnce(&[&str]) -> Result<Vec<(String, usize)>>,
) -> Result<(Series, Counts)> {
    let nulls = col.null_count();
    let text = as_text(col)?;
    let ca = text.str()?;
    // Each value hashed once: its place among the distinct values, row by row (a column's
    // length, so its places, fit polars' `IdxSize`).
    let mut place: foldhash::HashMap<&str, IdxSize> = foldhash::HashMap::default();
    let mut distinct: Vec<&str> = Vec::new();
    let places: Vec<Option<IdxSize>> = ca
        .iter()
        .map(|o| {
            o.map(|v| {
                *place.entry(v).or_insert_with(|| {
                    distinct.push(v);
                    (distinct.len() - 1) as IdxSize
                })
            })
        })
        .collect();
    drop(place);
    let new = surrogates(&distinct)?;
    let (mut replaced, mut spans) = (0usize, 0usize);
    let out: StringChunked = places
        .iter()
        .map(|p| {
            p.map(|i| {
                let i = i as usize;
                let v = distinct[i];
                let (s, n) = new.get(i).map_or((v, 0), |(s, n)| (s.as_str(), *n));
                replaced += usize::from(s != v);
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
        replaced,
        spans,
        ..Counts::default()
    };
    Ok((series, counts))
}

/// The strategies that compute one surrogate per distinct value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PerValue {
    Fake,
    Hash,
    Mask,
    Redact,
}

/// `fake`, `hash`, `mask` and `redact`, one surrogate per distinct value; `fake` decides per
/// value which kind it is when `classify` is given: a value of another kind gets a surrogate
/// of its own kind; in an uncertain column (`cells = matching`) a value of no kind is kept; in
/// a mixed column it gets a keyed surrogate of the same shape.
fn replace_values(
    col: &Column,
    plan: &ColumnPlan,
    how: PerValue,
    ctx: &Context,
    classify: Option<Classify>,
) -> Result<(Option<Column>, Counts, foldhash::HashSet<u64>)> {
    let clearing = Clearing {
        inner: ctx.originals,
        cleared: Default::default(),
    };
    let key = ctx.key;
    let originals: &dyn OriginalSet = if ctx.originals_are_the_leak_index {
        &clearing
    } else {
        ctx.originals
    };
    let kind_label = plan.kind.map_or("value", Kind::as_str);
    // A value's surrogate in two steps: what can be made before its checks (a fake's first
    // draw), then the rest.
    let start = |v: &str| -> Surrogate {
        match how {
            PerValue::Fake => {
                let base = plan
                    .kind
                    .expect("policy::resolve refuses fake without a kind");
                let kind = match (classify.and_then(|c| c(v.trim())), plan.cells) {
                    (Some(k), _) => k,
                    (None, CellScope::Matching) => return Surrogate::Made(v.to_string()),
                    (None, CellScope::Mixed) => {
                        return Surrogate::Made(shape_keeping(base, v, key));
                    }
                    (None, CellScope::All) => base,
                };
                Surrogate::Drawn(FirstDraw::of(kind, v, key))
            }
            PerValue::Hash => {
                let n = plan
                    .kind
                    .map_or_else(|| v.trim().to_string(), |k| normalize(k, v));
                Surrogate::Made(key.hash_value(kind_label, &n))
            }
            PerValue::Mask => Surrogate::Made(mask(v, plan.keep_last)),
            PerValue::Redact => Surrogate::Made("REDACTED".to_string()),
        }
    };
    // The surrogate, and whether it fell back to a keyed hash.
    let finish = |v: &str, s: Surrogate| -> (String, bool) {
        match s {
            Surrogate::Made(s) => (s, false),
            Surrogate::Drawn(d) => {
                let mut fell = false;
                let s = d.finish(v, key, originals, || fell = true);
                (s, fell)
            }
        }
    };
    // Values a few hundred at a time: all first draws, then each value's checks.
    let run = |chunk: &[&str]| -> Vec<(String, bool)> {
        let started: Vec<Surrogate> = chunk.iter().map(|v| start(v)).collect();
        finish_ahead(
            started,
            |s| {
                if let Surrogate::Drawn(d) = s {
                    d.prefetch(originals);
                }
            },
            |i, s| finish(chunk[i], s),
        )
    };
    let (mut redrawn, mut fallbacks) = (0, 0);
    // Fakes of values seen in earlier batches, and what this batch adds to them.
    let memo = ctx
        .uniques
        .filter(|_| how == PerValue::Fake)
        .map(|u| (u, u.memo(plan)));
    let mut memo_guard = memo
        .as_ref()
        .map(|(_, m)| m.lock().unwrap_or_else(|e| e.into_inner()))
        .filter(|m| !m.off);
    // How many values were recalled, and the hashes of those cleared when drawn.
    let mut recalled: (usize, Vec<u64>) = (0, Vec::new());
    let mut drawn_now: Vec<(Box<str>, Recall)> = Vec::new();
    let (mut series, mut counts) = map_distinct(col, |all| {
        // The values this batch draws, in order (the others are recalled).
        let mut known: Vec<Option<String>> = Vec::new();
        let fresh: Vec<&str>;
        let distinct: &[&str] = match memo_guard.as_deref() {
            Some(m) if !m.surrogates.is_empty() => {
                known = all
                    .iter()
                    .map(|v| {
                        m.surrogates.get(*v).map(|r| {
                            recalled.0 += 1;
                            if r.clear && ctx.originals_are_the_leak_index {
                                recalled.1.push(crate::text::hash64(r.surrogate.as_bytes()));
                            }
                            // Counted again, as a draw in this batch would count them.
                            fallbacks += usize::from(r.fell_back);
                            redrawn += usize::from(r.redrawn);
                            r.surrogate.to_string()
                        })
                    })
                    .collect();
                fresh = all
                    .iter()
                    .zip(&known)
                    .filter(|(_, k)| k.is_none())
                    .map(|(v, _)| *v)
                    .collect();
                &fresh
            }
            _ => all,
        };
        let (mut surrogates, fell): (Vec<String>, Vec<bool>) = if distinct.len() > DRAW_CHUNK {
            distinct.par_chunks(DRAW_CHUNK).flat_map_iter(run).unzip()
        } else {
            run(distinct).into_iter().unzip()
        };
        fallbacks += fell.iter().filter(|&&f| f).count();
        let mut again = Vec::new();
        if how == PerValue::Fake
            && let Some(kind) = plan.kind.filter(|k| k.is_identifying())
        {
            let hashes = unique_hashes(kind, distinct, &surrogates);
            // This column's owners across batches and inputs (or, without `uniques`, this
            // batch's alone).
            let shared = ctx.uniques.map(|u| {
                let mut all = u.owners.lock().expect("uniques");
                std::sync::Arc::clone(
                    all.entry(plan.join.clone().unwrap_or_else(|| plan.column.clone()))
                        .or_insert_with(|| {
                            std::sync::Arc::new(std::sync::Mutex::new(Owners::with_budget(
                                u.budget.clone(),
                            )))
                        }),
                )
            });
            let mut alone = Owners::default();
            let mut guard = shared.as_ref().map(|o| o.lock().expect("uniques"));
            let owners = match guard.as_mut() {
                Some(g) => &mut **g,
                None => &mut alone,
            };
            again = make_unique(
                kind,
                distinct,
                &hashes,
                &mut surrogates,
                key,
                originals,
                owners,
            );
            redrawn += again.len();
        }
        if let Some((u, _)) = memo.as_ref().filter(|_| memo_guard.is_some())
            && u.memo_bytes.load(std::sync::atomic::Ordering::Relaxed) < u.memo_limit()
        {
            let mut again = again.into_iter().peekable();
            drawn_now = distinct
                .iter()
                .zip(&surrogates)
                .zip(fell)
                .enumerate()
                .map(|(i, ((v, s), fell_back))| {
                    let redrawn = again.next_if_eq(&i).is_some();
                    let recall = Recall {
                        surrogate: Box::from(s.as_str()),
                        clear: false,
                        fell_back,
                        redrawn,
                    };
                    (Box::from(*v), recall)
                })
                .collect();
        }
        if known.is_empty() {
            return Ok(surrogates.into_iter().map(|s| (s, 0)).collect());
        }
        let mut drawn = surrogates.into_iter();
        Ok(known
            .into_iter()
            .map(|k| {
                let s = k.unwrap_or_else(|| drawn.next().expect("a draw per fresh value"));
                (s, 0)
            })
            .collect())
    })?;
    counts.redrawn = redrawn;
    counts.fallbacks = fallbacks;
    // Give typed columns (an integer phone, a Date birth date) their type back when the
    // surrogates allow it; otherwise they stay text.
    let orig_dt = col.dtype();
    if !orig_dt.is_string()
        && let Ok(back) = series.strict_cast(orig_dt)
    {
        series = back;
    }
    // As a set here, on the column's own core, not on the thread that gathers the columns.
    let mut cleared: foldhash::HashSet<u64> = clearing
        .cleared
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    if let (Some(m), Some((u, _))) = (memo_guard.as_mut(), &memo) {
        remember(m, u, &mut cleared, recalled, drawn_now, counts.distinct);
    }
    Ok((Some(series.into_column()), counts, cleared))
}

/// Settles a batch with a column's [`Memo`]: the hashes of the recalled surrogates that were
/// cleared when drawn go to `cleared` again, the surrogates `drawn` now are added while the
/// memos have room, and a memo that held too few of the batch's `distinct` values (`recalled`
/// of them) is emptied and turned off.
fn remember(
    m: &mut Memo,
    u: &Uniques,
    cleared: &mut foldhash::HashSet<u64>,
    (recalled, recalled_clear): (usize, Vec<u64>),
    drawn: Vec<(Box<str>, Recall)>,
    distinct: usize,
) {
    use std::sync::atomic::Ordering::Relaxed;
    m.batches += 1;
    if m.batches > 1 && recalled * MEMO_MIN_HITS < distinct {
        m.off = true;
        m.surrogates = Default::default();
        u.memo_bytes.fetch_sub(m.bytes, Relaxed);
        m.bytes = 0;
    }
    cleared.extend(recalled_clear);
    if m.off {
        return;
    }
    for (v, mut r) in drawn {
        let bytes = v.len() + r.surrogate.len() + MEMO_ENTRY;
        if u.memo_bytes.load(Relaxed) + bytes > u.memo_limit() {
            break;
        }
        r.clear = cleared.contains(&crate::text::hash64(r.surrogate.as_bytes()));
        u.memo_bytes.fetch_add(bytes, Relaxed);
        m.bytes += bytes;
        m.surrogates.insert(v, r);
    }
}

/// Each value's and its surrogate's normalized hash, for [`make_unique`]: on all cores, before
/// the owners are taken (they are settled one value after another).
fn unique_hashes(kind: Kind, distinct: &[&str], surrogates: &[String]) -> Vec<(u64, u64)> {
    let pair = |(v, s): (&&str, &String)| (normalized_hash(kind, v), normalized_hash(kind, s));
    if distinct.len() > 256 {
        distinct.par_iter().zip(surrogates).map(pair).collect()
    } else {
        distinct.iter().zip(surrogates).map(pair).collect()
    }
}

/// Two different people must not share a surrogate (joins would merge them). Where keyed draws
/// for different originals coincide, the original seen first (in row order, across batches:
/// `owners` holds the surrogates given so far) keeps the surrogate and the later one is drawn
/// again, past the first [`MAX_ATTEMPTS`] draws, skipping surrogates other originals own.
/// Returns the places of those drawn again. Such redraws are rare (about one in 2,000 for a million
/// SSNs, whose space is small) and are the one case where a surrogate depends on which other
/// values share the run. Values that normalize alike (`A@x.io`, `a@x.io`) are one person and
/// draw the same surrogate. The result does not depend on how rows are cut into batches.
fn make_unique(
    kind: Kind,
    distinct: &[&str],
    hashes: &[(u64, u64)],
    surrogates: &mut [String],
    key: &Key,
    originals: &dyn OriginalSet,
    owners: &mut Owners,
) -> Vec<usize> {
    /// How many values ahead the owners' probe is started (each probe reads a random place
    /// of a large map: started ahead, the reads of several values overlap).
    const AHEAD: usize = 8;
    let mut redrawn = Vec::new();
    for &(_, s) in hashes.iter().take(AHEAD) {
        owners.prefetch(s);
    }
    for (i, v) in distinct.iter().enumerate() {
        if let Some(&(_, s)) = hashes.get(i + AHEAD) {
            owners.prefetch(s);
        }
        // `me`: the value's normalized hash; the surrogate is claimed, or found taken by
        // another original.
        let (me, s) = hashes[i];
        if owners.insert_first(s, me) == me {
            continue;
        }
        let taken = |n: &str| {
            owners
                .get(crate::text::hash64(n.as_bytes()))
                .is_some_and(|o| o != me)
        };
        let s = fake_from(kind, v, key, originals, MAX_ATTEMPTS, &taken)
            .unwrap_or_else(|| hashed(kind, v, key));
        owners.insert_last(normalized_hash(kind, &s), me);
        surrogates[i] = s;
        redrawn.push(i);
    }
    redrawn
}

/// A keyed surrogate for `v` that collides with no original (identifying kinds) or differs from
/// `v` (the others); `None` after `MAX_ATTEMPTS` draws.
pub fn fake_one(kind: Kind, v: &str, key: &Key, originals: &dyn OriginalSet) -> Option<String> {
    fake_from(kind, v, key, originals, 0, &|_| false)
}

/// [`fake_one`] starting at draw `first`, also skipping surrogates for which `taken` holds.
fn fake_from(
    kind: Kind,
    v: &str,
    key: &Key,
    originals: &dyn OriginalSet,
    first: u32,
    taken: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let norm = normalize(kind, v.trim());
    fake_drawn(kind, v, &norm, key, originals, first, taken, None)
}

/// A surrogate drawn for `v` (`norm` its normalized form) at `attempt`, and the surrogate
/// normalized.
fn draw(kind: Kind, v: &str, norm: &str, key: &Key, attempt: u32, first: u32) -> (String, String) {
    let trimmed = v.trim();
    let mut rng = ChaCha8Rng::from_seed(key.seed(kind, norm, attempt));
    let s = if attempt >= first + PLAIN_DRAWS {
        fakers::fake_wider(kind, trimmed, &mut rng)
    } else {
        fakers::fake(kind, trimmed, &mut rng)
    };
    let n2 = normalize(kind, &s);
    (s, n2)
}

/// The first surrogate [`fake_one`] draws for a value, made before the value's checks so that
/// the probes those checks make can be started ahead ([`OriginalSet::prefetch`]).
struct FirstDraw {
    kind: Kind,
    norm: String,
    drawn: (String, String),
}

impl FirstDraw {
    fn of(kind: Kind, v: &str, key: &Key) -> FirstDraw {
        let norm = normalize(kind, v.trim());
        let drawn = draw(kind, v, &norm, key, 0, 0);
        FirstDraw { kind, norm, drawn }
    }

    fn prefetch(&self, originals: &dyn OriginalSet) {
        originals.prefetch(self.kind, &self.drawn.1, &self.drawn.0);
    }

    /// The surrogate of `v`, the value this was drawn for: [`fake_one`] of it, else its keyed
    /// hash ([`hashed`]), after calling `fell_back`.
    fn finish(
        self,
        v: &str,
        key: &Key,
        originals: &dyn OriginalSet,
        fell_back: impl FnOnce(),
    ) -> String {
        let FirstDraw { kind, norm, drawn } = self;
        fake_drawn(kind, v, &norm, key, originals, 0, &|_| false, Some(drawn)).unwrap_or_else(
            || {
                fell_back();
                hashed(kind, v, key)
            },
        )
    }
}

/// Finishes each of `started` in order, calling `hint` (which starts the probes its finish
/// will make) on the one [`AHEAD`] places on first: the reads of several values overlap.
fn finish_ahead<T, R>(
    started: Vec<T>,
    hint: impl Fn(&T),
    mut finish: impl FnMut(usize, T) -> R,
) -> Vec<R> {
    let mut started: Vec<Option<T>> = started.into_iter().map(Some).collect();
    for s in started.iter().take(AHEAD).flatten() {
        hint(s);
    }
    (0..started.len())
        .map(|i| {
            if let Some(Some(s)) = started.get(i + AHEAD) {
                hint(s);
            }
            let s = started[i].take().expect("each value finished once");
            finish(i, s)
        })
        .collect()
}

/// Values whose first draws are made together before their checks ([`finish_ahead`]), and
/// each core's share of a column's distinct values.
const DRAW_CHUNK: usize = 256;

/// A value's surrogate when no fake is free of originals: its keyed hash.
fn hashed(kind: Kind, v: &str, key: &Key) -> String {
    key.hash_value(kind.as_str(), &normalize(kind, v))
}

/// How many values ahead [`finish_ahead`] starts the probes of a value.
const AHEAD: usize = 8;

/// [`fake_from`] with `v`'s normalized form, and the draw of attempt `first` if made already.
#[allow(clippy::too_many_arguments)]
fn fake_drawn(
    kind: Kind,
    v: &str,
    norm: &str,
    key: &Key,
    originals: &dyn OriginalSet,
    first: u32,
    taken: &dyn Fn(&str) -> bool,
    mut drawn: Option<(String, String)>,
) -> Option<String> {
    for attempt in first..first + MAX_ATTEMPTS {
        let (s, n2) = match drawn.take() {
            Some(d) => d,
            None => draw(kind, v, norm, key, attempt, first),
        };
        if n2.is_empty() || n2 == norm {
            continue;
        }
        if kind.is_identifying() && (originals.contains(kind, &n2) || taken(&n2)) {
            continue;
        }
        if originals.appears_in(&s) {
            continue;
        }
        return Some(s);
    }
    None
}

/// A keyed look-alike of `v`: digits for digits, letters for letters (same case), every other
/// character kept, never equal to `v`. For values of a mixed column that match no rule.
pub fn shape_keeping(kind: Kind, v: &str, key: &Key) -> String {
    let norm = format!("shape\u{0}{}", v.trim());
    for attempt in 0..MAX_ATTEMPTS {
        let mut rng = ChaCha8Rng::from_seed(key.seed(kind, &norm, attempt));
        let s = fakers::shape_preserving(v, &mut rng);
        if s != v {
            return s;
        }
    }
    key.hash_value(kind.as_str(), &norm)
}

/// Replaces letters and digits with `*`, keeping the last `keep_last` of them and every
/// separator: `4111 1111 1111 1234` → `**** **** **** 1234`.
pub fn mask(v: &str, keep_last: usize) -> String {
    let total = v.chars().filter(|c| c.is_alphanumeric()).count();
    let hide = total.saturating_sub(keep_last);
    let mut seen = 0;
    v.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen <= hide { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering::Relaxed;

    /// Originals that are one word: a text holds one where it has the word (between spaces,
    /// trailing commas aside), in any case.
    struct Word(&'static str);

    impl OriginalSet for Word {
        fn contains(&self, _: Kind, normalized: &str) -> bool {
            normalized == self.0
        }
        fn appears_in(&self, text: &str) -> bool {
            text.split(' ')
                .any(|w| w.trim_matches(',').eq_ignore_ascii_case(self.0))
        }
    }

    #[test]
    fn two_people_never_share_a_surrogate_but_case_variants_do() {
        let key = crate::keys::Key::from_bytes(vec![3; 32], crate::keys::KeySource::Env).unwrap();
        let distinct = ["ann@x.io", "bob@x.io", "ANN@X.IO", "cy@x.io"];
        // ann, bob and ANN drew the same surrogate; cy drew its own.
        let run = || {
            let mut s: Vec<String> = [
                "s@example.com",
                "S@EXAMPLE.COM",
                "s@example.com",
                "t@example.com",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            let redrawn = make_unique(
                Kind::Email,
                &distinct,
                &unique_hashes(Kind::Email, &distinct, &s),
                &mut s,
                &key,
                &Originals::default(),
                &mut Owners::default(),
            )
            .len();
            (redrawn, s)
        };
        let (redrawn, surrogates) = run();
        assert_eq!(redrawn, 1, "one of ann/bob is drawn again");
        assert_eq!(surrogates[0], surrogates[2], "ann and ANN are one person");
        assert_ne!(surrogates[0].to_lowercase(), surrogates[1].to_lowercase());
        assert_eq!(surrogates[3], "t@example.com", "untouched when unique");
        assert_eq!(run().1, surrogates, "deterministic");
    }

    /// A column of more people than the plain full names of their locale (umlauts draw German
    /// names only) still gets a name for each of them, and no two share one: the draws made
    /// again come from a wider space, where they used to run out and fall back to a keyed hash.
    #[test]
    fn more_people_than_plain_names_still_get_distinct_names() {
        let key = crate::keys::Key::from_bytes(vec![5; 32], crate::keys::KeySource::Env).unwrap();
        let plain = fakers::plain_name_space("Jörg Müller");
        let people: Vec<String> = (0..plain + plain / 4)
            .map(|i| format!("Jörg Müller{i}"))
            .collect();
        let distinct: Vec<&str> = people.iter().map(String::as_str).collect();
        let none = Originals::default();
        let mut surrogates: Vec<String> = distinct
            .iter()
            .map(|v| fake_one(Kind::PersonName, v, &key, &none).unwrap())
            .collect();
        let redrawn = make_unique(
            Kind::PersonName,
            &distinct,
            &unique_hashes(Kind::PersonName, &distinct, &surrogates),
            &mut surrogates,
            &key,
            &none,
            &mut Owners::default(),
        )
        .len();
        assert!(redrawn > plain / 4, "the plain names ran out: {redrawn}");
        let names: HashSet<String> = surrogates.iter().map(|s| s.to_lowercase()).collect();
        assert_eq!(names.len(), surrogates.len(), "no two people share a name");
        let not_names: Vec<&String> = surrogates
            .iter()
            .filter(|s| !s.chars().all(|c| c.is_alphabetic() || " -'.".contains(c)))
            .collect();
        assert!(not_names.is_empty(), "{} are not names", not_names.len());
        let two_given = surrogates
            .iter()
            .filter(|s| s.split(' ').count() > 2)
            .count();
        assert!(
            two_given < surrogates.len() / 2,
            "most keep the plain look: {two_given} of {} have two given names",
            surrogates.len()
        );
    }

    /// A street type that is another column's original (a user named `calle` or `place`) turns
    /// away every plain `Calle …` or `… Place` surrogate; the wider draws change the type
    /// within its language.
    #[test]
    fn a_street_type_that_is_an_original_gives_way_to_another_of_its_language() {
        let key = crate::keys::Key::from_bytes(vec![6; 32], crate::keys::KeySource::Env).unwrap();
        let cases: [(&str, &[&str], &[&str]); 2] = [
            (
                "calle",
                &[
                    "Calle de Rosario Mena 24",
                    "Calle Mayor 5",
                    "Calle de Silvia Nicolás 22 Piso 5",
                ],
                &["Avenida", "Paseo", "Plaza"],
            ),
            (
                "place",
                &["377 Lee Place", "48 Charles Place"],
                &[
                    "Street", "Avenue", "Road", "Lane", "Drive", "Way", "Court", "Terrace",
                ],
            ),
        ];
        for (word, addresses, types) in cases {
            for (i, v) in addresses.iter().enumerate() {
                let s = fake_one(Kind::StreetAddress, v, &key, &Word(word))
                    .unwrap_or_else(|| panic!("{word} address {i} got no surrogate"));
                let words: Vec<&str> = s.split(' ').collect();
                let (ty, number) = if word == "place" {
                    (words[words.len() - 1], words[0])
                } else {
                    (words[0], words[words.len() - 1])
                };
                assert!(
                    types.contains(&ty),
                    "{word} address {i}: a street type of its language, not {ty:?}"
                );
                assert!(
                    number.parse::<u32>().is_ok(),
                    "{word} address {i} keeps a house number"
                );
            }
        }
        // Full addresses: the street type is drawn again the same way, the layout stays; a
        // ship of a military address named after an original gets another name.
        let ship = fake_one(
            Kind::Address,
            "USS Acosta, FPO AE 24195",
            &key,
            &Word("acosta"),
        )
        .expect("a ship named after an original is renamed");
        assert!(
            ship.starts_with("USS ") && ship.contains(", FPO AE ") && !ship.contains("Acosta"),
            "a military address stays one"
        );
        for (word, v) in [
            ("calle", "Calle Yésica Muñoz 16, Jaén, 26758"),
            (
                "place",
                "449 Hoffman Place Suite 919, West Aaronshire, KS 61634",
            ),
        ] {
            let s = fake_one(Kind::Address, v, &key, &Word(word))
                .unwrap_or_else(|| panic!("the {word} address got no surrogate"));
            assert_eq!(s.matches(", ").count(), 2, "{word}: the layout stays");
            let postcode = s.rsplit(' ').next().unwrap();
            assert!(
                postcode.len() == 5 && postcode.parse::<u32>().is_ok(),
                "{word}: a postcode ends it"
            );
        }
    }

    #[test]
    fn mask_keeps_separators_and_the_tail() {
        assert_eq!(mask("4111 1111 1111 1234", 4), "**** **** **** 1234");
        assert_eq!(mask("ab", 4), "ab");
        assert_eq!(mask("jane@x.io", 0), "****@*.**");
    }

    /// A column of many values (drawn in chunks, each value's first draw made ahead of its
    /// checks) gets, value by value, the surrogate `fake_one` gives it alone, also where a
    /// first draw is an original and a later one is taken.
    #[test]
    fn a_column_drawn_ahead_gets_each_value_its_own_surrogate() {
        let key = crate::keys::Key::from_bytes(vec![5; 32], crate::keys::KeySource::Env).unwrap();
        let emails: Vec<String> = (0..700).map(|i| format!("person{i}@example.org")).collect();
        // The first draw of value 300 is made an original: it must be drawn again.
        let first = fake_one(Kind::Email, &emails[300], &key, &Word("")).unwrap();
        let word: &'static str = Box::leak(first.clone().into_boxed_str());
        let originals = Word(word);
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let known = spans::KnownOriginals::default();
        let ctx = Context::new(&key, &originals, &rules, &finder, &known);
        let plan = ColumnPlan::detected_fake("email", Kind::Email);
        let col = Column::new("email".into(), &emails);
        let out = apply(&col, &plan, &ctx).unwrap().column.unwrap();
        let out: Vec<&str> = out.str().unwrap().iter().map(|s| s.unwrap()).collect();
        for (v, s) in emails.iter().zip(&out) {
            let alone = fake_one(Kind::Email, v, &key, &originals).unwrap();
            assert_eq!(*s, alone, "value {v}");
        }
        assert_ne!(out[300], first, "an original is never a surrogate");
    }

    /// [`Word`], counting the texts it is asked about.
    struct Counted {
        word: Word,
        asked: std::sync::atomic::AtomicUsize,
    }

    impl OriginalSet for Counted {
        fn contains(&self, kind: Kind, normalized: &str) -> bool {
            self.word.contains(kind, normalized)
        }
        fn appears_in(&self, text: &str) -> bool {
            self.asked.fetch_add(1, Relaxed);
            self.word.appears_in(text)
        }
    }

    /// `col` transformed by `plan` in batches of `rows`, sharing `uniques` as `run` does: each
    /// batch's output cells and what it cleared, and how many texts each batch asked about.
    fn in_batches(
        col: &Column,
        plan: &ColumnPlan,
        rows: usize,
        key: &Key,
        originals: &Counted,
        uniques: &Uniques,
    ) -> Vec<(Vec<String>, foldhash::HashSet<u64>, usize)> {
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let known = spans::KnownOriginals::default();
        (0..col.len())
            .step_by(rows)
            .map(|at| {
                let mut ctx = Context::new(key, originals, &rules, &finder, &known);
                ctx.uniques = Some(uniques);
                ctx.originals_are_the_leak_index = true;
                let before = originals.asked.load(Relaxed);
                let a = apply(&col.slice(at as i64, rows), plan, &ctx).unwrap();
                let out = a.column.unwrap();
                let cells = out.str().unwrap().iter().map(|s| s.unwrap().to_string());
                let asked = originals.asked.load(Relaxed) - before;
                (cells.collect(), a.cleared, asked)
            })
            .collect()
    }

    /// A value met again in a later batch gets the surrogate it got before without being drawn
    /// and checked again, and the leak search is told its text was searched already; the
    /// output is the one a single batch gives, also for a value whose first draw was an
    /// original and so was drawn again.
    #[test]
    fn values_met_again_in_later_batches_are_recalled_not_drawn() {
        let key = crate::keys::Key::from_bytes(vec![9; 32], crate::keys::KeySource::Env).unwrap();
        let pool: Vec<String> = (0..40).map(|i| format!("person{i}@example.org")).collect();
        let emails: Vec<String> = (0..400).map(|i| pool[(i * 7) % 40].clone()).collect();
        let first = fake_one(Kind::Email, &pool[7], &key, &Word("")).unwrap();
        let counted = || Counted {
            word: Word(Box::leak(first.clone().into_boxed_str())),
            asked: Default::default(),
        };
        let plan = ColumnPlan::detected_fake("email", Kind::Email);
        let col = Column::new("email".into(), &emails);
        let whole = in_batches(&col, &plan, 400, &key, &counted(), &Uniques::default());
        let originals = counted();
        let batches = in_batches(&col, &plan, 100, &key, &originals, &Uniques::default());
        let cells: Vec<String> = batches.iter().flat_map(|b| b.0.clone()).collect();
        assert_eq!(cells, whole[0].0);
        assert!(!cells.contains(&first), "an original is never a surrogate");
        assert!(
            batches[0].2 >= 40,
            "the first batch draws and checks each value"
        );
        for (i, (cells, cleared, asked)) in batches.iter().enumerate().skip(1) {
            assert_eq!(*asked, 0, "batch {i} checked texts again");
            for c in cells {
                let h = crate::text::hash64(c.as_bytes());
                assert!(
                    cleared.contains(&h),
                    "batch {i}: {c} not passed on as cleared"
                );
            }
        }
    }

    /// Originals that are in every text: no fake is ever free of them.
    struct Everywhere;

    impl OriginalSet for Everywhere {
        fn contains(&self, _: Kind, _: &str) -> bool {
            true
        }
        fn appears_in(&self, _: &str) -> bool {
            true
        }
    }

    /// A recalled value is counted as it was when drawn: each batch's count of keyed-hash
    /// fallbacks is the number of its distinct values that fell back, recalled or not, so the
    /// report's warning is the same with or without the memo.
    #[test]
    fn recalled_fallbacks_are_counted_in_every_batch_as_draws_were() {
        let key = crate::keys::Key::from_bytes(vec![9; 32], crate::keys::KeySource::Env).unwrap();
        let emails: Vec<String> = (0..300)
            .map(|i| format!("p{}@example.org", i % 30))
            .collect();
        let rules = RuleSet::builtin().unwrap();
        let finder = SpanFinder::new(&rules);
        let known = spans::KnownOriginals::default();
        let plan = ColumnPlan::detected_fake("email", Kind::Email);
        let col = Column::new("email".into(), &emails);
        let uniques = Uniques::default();
        for at in (0..300).step_by(100) {
            let mut ctx = Context::new(&key, &Everywhere, &rules, &finder, &known);
            ctx.uniques = Some(&uniques);
            let a = apply(&col.slice(at, 100), &plan, &ctx).unwrap();
            assert_eq!(a.counts.fallbacks, 30, "batch at row {at}");
        }
        assert!(
            uniques.memo_bytes.load(Relaxed) > 0,
            "the values were remembered"
        );
    }

    /// A column whose values do not come again (an email per person) is not remembered past
    /// the batch that shows it: its memory is given back, and its values are drawn as before.
    #[test]
    fn a_column_whose_values_do_not_recur_is_not_remembered() {
        let key = crate::keys::Key::from_bytes(vec![9; 32], crate::keys::KeySource::Env).unwrap();
        let emails: Vec<String> = (0..300).map(|i| format!("p{i}@example.org")).collect();
        let originals = Counted {
            word: Word(""),
            asked: Default::default(),
        };
        let plan = ColumnPlan::detected_fake("email", Kind::Email);
        let col = Column::new("email".into(), &emails);
        let uniques = Uniques::default();
        let batches = in_batches(&col, &plan, 100, &key, &originals, &uniques);
        assert_eq!(uniques.memo_bytes.load(Relaxed), 0);
        assert!(
            batches.iter().all(|b| b.2 >= 100),
            "each value drawn and checked"
        );
        let whole = in_batches(&col, &plan, 300, &key, &originals, &Uniques::default());
        let cells: Vec<String> = batches.iter().flat_map(|b| b.0.clone()).collect();
        assert_eq!(cells, whole[0].0);
        // Values that recur are remembered, and the bytes counted.
        let again = Column::new("email".into(), &[&emails[..100], &emails[..100]].concat());
        let uniques = Uniques::default();
        in_batches(&again, &plan, 100, &key, &originals, &uniques);
        assert!(uniques.memo_bytes.load(Relaxed) > 100 * MEMO_ENTRY);
        assert!(uniques.heap_bytes() >= uniques.memo_bytes.load(Relaxed));
        // Under a small memory ceiling (a 32nd of it for the memos), only what fits is kept,
        // and the output is the same.
        let room = 40 * (MEMO_ENTRY + 40);
        let uniques = Uniques::default().within_memory_limit(32 * room as u64);
        let small = in_batches(&again, &plan, 100, &key, &originals, &uniques);
        let held = uniques.memo_bytes.load(Relaxed);
        assert!(
            held > 0 && held <= room,
            "{held} bytes held, {room} allowed"
        );
        assert!(small[1].2 > 0, "values past the ceiling are drawn again");
        let twice = in_batches(&again, &plan, 200, &key, &originals, &Uniques::default());
        let cells: Vec<String> = small.iter().flat_map(|b| b.0.clone()).collect();
        assert_eq!(cells, twice[0].0);
    }

    /// Only texts the index finds nothing in are noted as cleared: a text holding an original
    /// is not, whatever the order of the questions.
    #[test]
    fn only_texts_free_of_originals_are_cleared() {
        let index = Word("jane@x.io");
        let clearing = Clearing {
            inner: &index,
            cleared: Default::default(),
        };
        assert!(!clearing.appears_in("ann@y.io"));
        assert!(clearing.appears_in("write to jane@x.io"));
        assert!(!clearing.appears_in("bob@z.io"));
        assert!(clearing.contains(Kind::Email, "jane@x.io"));
        let cleared = clearing.cleared.into_inner().unwrap();
        let h = |t: &str| crate::text::hash64(t.as_bytes());
        assert_eq!(cleared, [h("ann@y.io"), h("bob@z.io")]);
    }
}
