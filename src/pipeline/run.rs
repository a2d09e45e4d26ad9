//! `masq run`: load → detect (→ LLM vote) → plan → index originals → transform → audit →
//! write (only when the gate passed) → report.

use super::{
    OutputTarget, RunOptions, RunResult, Stopwatch, check_report_destinations, llm_stage,
    read_files, same_file,
};
use crate::detect::spans::SpanFinder;
use crate::detect::{self, ColumnFinding};
use crate::error::{Error, Result};
use crate::io::write::{self, Dest};
use crate::io::{self, Format, Source};
use crate::keys::KeySource;
use crate::policy::{self, ColumnPlan, Policy, Strategy};
use crate::report::{ColumnReport, InputReport, KeyInfo, Report, Verdict};
use crate::rules::RuleSet;
use crate::transform;
use crate::verify::{self, LeakIndex};
use polars::prelude::*;
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// One input on its way through the run: its head (the first rows, which detection and the
/// LLM see) and its plans; the rows themselves are read again, batch by batch, by each pass.
struct Planned {
    input: io::batches::Input,
    head: DataFrame,
    dest: Dest,
    out_format: Format,
    findings: Vec<ColumnFinding>,
    /// Detection's scans of the head's sampled prose texts, until pass 1 takes them.
    sampled: detect::SampleScans,
    plans: Vec<ColumnPlan>,
    rows: usize,
}

/// Gives the referencing column of each relation the referenced key's plan, both marked with
/// the key (`customers.customer_id`) so they share one surrogate per value and every join
/// still holds. Relations whose tables are not both inputs are skipped (a warning each); a
/// column that is not there, a key planned in a way that breaks joins, or a policy entry that
/// plans the referencing column differently is an error naming the policy.
fn join_relations(
    planned: &mut [Planned],
    relations: &[policy::RelationDecl],
    policy: &Policy,
    policy_name: &str,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let tables: Vec<String> = planned
        .iter()
        .map(|p| super::table_name(p.input.source()))
        .collect();
    let find = |table: &str, column: &str, planned: &[Planned]| -> Result<Option<(usize, usize)>> {
        let Some(t) = tables.iter().position(|t| t == table) else {
            return Ok(None);
        };
        match planned[t].plans.iter().position(|p| p.column == column) {
            Some(c) => Ok(Some((t, c))),
            None => Err(Error::config(format!(
                "{policy_name}: relation {table}.{column}: {} has no column '{}'",
                planned[t].input.source().display(),
                crate::text::one_line(column)
            ))),
        }
    };
    for r in relations {
        let ((ft, fc), (tt, tc)) = r
            .ends()
            .map_err(|e| Error::config(format!("{policy_name}: {e}")))?;
        let (child, parent) = (find(ft, fc, planned)?, find(tt, tc, planned)?);
        let (Some((ci, cj)), Some((pi, pj))) = (child, parent) else {
            warnings.push(format!(
                "relation {} → {} not applied: {} is not an input of this run",
                r.from,
                r.to,
                if child.is_none() { ft } else { tt }
            ));
            continue;
        };
        let key_plan = planned[pi].plans[pj].clone();
        if !matches!(
            key_plan.strategy,
            Strategy::Keep | Strategy::Fake | Strategy::Hash
        ) {
            return Err(Error::config(format!(
                "{policy_name}: relation {} → {}: the key is planned as \"{}\", which breaks joins; keys of relations must be kept, hashed or faked",
                r.from,
                r.to,
                key_plan.strategy.as_str()
            )));
        }
        if let Some(s) = policy.columns.get(fc).and_then(|c| c.strategy)
            && s != key_plan.strategy
        {
            return Err(Error::config(format!(
                "{policy_name}: column '{fc}' is planned as \"{}\" but references {} planned as \"{}\"; both ends of a relation need one strategy",
                s.as_str(),
                r.to,
                key_plan.strategy.as_str()
            )));
        }
        let join = planned[pi].plans[pj]
            .join
            .clone()
            .unwrap_or_else(|| r.to.clone());
        planned[pi].plans[pj].join = Some(join.clone());
        let child_plan = &mut planned[ci].plans[cj];
        *child_plan = policy::ColumnPlan {
            column: child_plan.column.clone(),
            decided_by: format!("relation to {}", r.to),
            join: Some(join),
            ..key_plan
        };
    }
    Ok(warnings)
}

/// Rows of an input's head: what detection samples from (every row of a smaller input).
pub const HEAD_ROWS: usize = 100_000;

/// Runs the whole pipeline, streaming: pass 1 reads each input in batches to index its
/// identifying originals, pass 2 transforms and audits batch by batch into temporary files,
/// which are renamed into place only when the gate passed. Errors (exit 2/3) leave nothing
/// behind; a failed gate returns a report with verdict `refused` and exit code 1, also leaving
/// nothing at the destinations.
pub fn run(opts: &RunOptions, mut progress: impl FnMut(&str)) -> Result<RunResult> {
    crate::detect::warm_up();
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let key = opts.key.resolve()?;
    let dests = destinations(opts)?;
    let outs: Vec<(&str, &Path)> = dests
        .iter()
        .filter_map(|(d, _)| match d {
            Dest::Path(p) => Some(("-o", p.as_path())),
            Dest::Stdout | Dest::Pipe(_) => None,
        })
        .collect();
    check_report_destinations(
        outs,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        &read_files(&opts.inputs, &opts.key, &opts.policy),
        opts.force,
    )?;
    for (d, _) in &dests {
        write::check_destination(d, opts.force)?;
    }
    let mut stage = opts
        .llm
        .as_ref()
        .map(llm_stage::LlmStage::new)
        .transpose()?;
    let batch_bytes = opts.batch_bytes();

    let mut report = Report::new(crate::report::Command::Run);
    report.rules = rules.families.clone();
    report.policy = opts.policy.as_ref().map(|p| p.display().to_string());
    report.key = Some(KeyInfo {
        source: key.source,
        fingerprint: key.fingerprint_id(),
    });
    if key.source == KeySource::Random {
        report.warnings.push(
            "no key given: a random key was used for this run, so surrogates will differ next time (pass --key-file or set MASQ_KEY for reproducible, joinable output)".into(),
        );
    }

    // Open every input and detect on its head; then the LLM's vote on what the rules left
    // open; then plan.
    let mut clock = Stopwatch::default();
    let mut loaded = Vec::new();
    for (i, (src, (dest, out_fmt))) in opts.inputs.iter().zip(dests).enumerate() {
        let fmt = io::resolve_format(src, opts.format)?;
        progress(&format!("reading {}", src.display()));
        let mut input = io::batches::Input::open(src, fmt, opts.limits)?;
        if let Some(Some(g)) = opts.growing.get(i) {
            input.set_growing(g.clone());
        }
        input.prepare(batch_bytes)?;
        let head = head(&input, batch_bytes)?;
        clock.lap("read");
        progress(&format!("detecting in {}", src.display()));
        let (findings, sampled) = detect::detect_frame_scanned(&head, &rules, opts.sample_size);
        clock.lap("detect");
        loaded.push((input, head, dest, out_fmt.unwrap_or(fmt), findings, sampled));
    }
    if let Some(stage) = stage.as_mut() {
        progress("asking the LLM about unsettled columns");
        let mut views: Vec<(String, &DataFrame, &mut Vec<ColumnFinding>)> = loaded
            .iter_mut()
            .map(|(input, head, _, _, f, _)| (input.source().display(), &*head, f))
            .collect();
        stage.classify(&mut views, &rules, opts.sample_size)?;
        clock.lap("llm");
    }
    let mut planned = Vec::new();
    for (input, head, dest, out_format, findings, sampled) in loaded {
        let name = input.source().display();
        let plans = policy::resolve(&findings, &policy, &name, stage.is_some())?;
        planned.push(Planned {
            input,
            head,
            out_format,
            dest,
            findings,
            sampled,
            plans,
            rows: 0,
        });
    }
    policy.check_columns(
        &policy_name(opts.policy.as_deref()),
        planned
            .iter()
            .flat_map(|p| p.findings.iter().map(|f| f.column.as_str())),
    )?;
    let relations: Vec<policy::RelationDecl> = policy
        .relations
        .iter()
        .chain(&opts.relations)
        .cloned()
        .collect();
    report.warnings.extend(join_relations(
        &mut planned,
        &relations,
        &policy,
        &policy_name(opts.policy.as_deref()),
    )?);

    // Without an LLM nothing reads the heads' rows again: they go before pass 1 (up to
    // HEAD_ROWS rows of every column, a few hundred MB for a wide table).
    if stage.is_none() {
        shed_rows(&mut planned);
    }

    // Pass 1: originals of every transformed identifying column, across all inputs: the leak
    // gate searches for them, and surrogates are drawn again when they would equal one.
    let finder = SpanFinder::new(&rules);
    // The keyed hashes of originals and surrogates grow with the export's distinct values: an
    // eighth of the memory limit holds them, and beyond it the largest maps move to disk.
    let budget = crate::hashmap64::Budget::new(opts.maps_budget());
    let mut index = LeakIndex::with_budget(Some(&budget));
    // Identifying spans of prose columns, hashed as they come (a batch's spans are dropped
    // once inserted, so memory grows with distinct spans, not rows).
    let mut prose_known = transform::spans::KnownOriginals::with_budget(Some(&budget));
    let mut prose_values = Vec::new();
    // Each prose text is scanned once: pass 2 reads pass 1's scans back from disk.
    let mut scans = Vec::new();
    let mut spill = super::spill::SpillWriter::new(
        planned
            .iter()
            .any(|p| p.plans.iter().any(|c| c.strategy == Strategy::Spans)),
    );
    let mut known = KnownAcc::new(&planned, &budget);
    let mut batches = 0usize;
    for (i, p) in planned.iter_mut().enumerate() {
        progress(&format!("indexing {}", p.input.source().display()));
        let name = p.input.source().display();
        let it = p.input.batches(batch_bytes, &opts.read_counter)?;
        // Texts detection scanned are not scanned again (dropped after this input's pass 1).
        let sampled = std::mem::take(&mut p.sampled);
        let rows = std::thread::scope(|sc| -> Result<usize> {
            // The next batch is read and parsed while this one is indexed.
            let (batches, reader) = read_ahead(sc, it);
            // A batch's originals go into the index (one after another, each insert waiting
            // on memory) beside the next batch's columns being read and hashed on the other
            // core: `held` is the batch whose originals wait for the index.
            let mut held: Option<verify::audit::BatchOriginals> = None;
            let mut store = |b: Option<verify::audit::BatchOriginals>| {
                let Some(b) = b else { return };
                b.insert(&mut index, &mut prose_values, &mut scans);
                for (kind, v) in prose_values.drain(..) {
                    prose_known.insert_found(kind, &v);
                }
                for s in scans.drain(..) {
                    spill.write(&s);
                }
            };
            for batch in batches {
                let batch = batch?;
                let waiting = held.take();
                let ((), (computed, added)) = rayon::join(
                    || store(waiting),
                    || {
                        // The originals known to prose are maps of their own, filled at once.
                        rayon::join(
                            || {
                                verify::audit::batch_originals(
                                    &verify::audit::Planned {
                                        input: name.clone(),
                                        df: &batch,
                                        plans: &p.plans,
                                        sampled: Some(&sampled),
                                    },
                                    &rules,
                                    &finder,
                                )
                            },
                            || known.add(i, &batch, &p.plans),
                        )
                    },
                );
                added?;
                held = Some(computed?);
            }
            store(held.take());
            Ok(reader
                .join()
                .expect("the reader thread does not panic")
                .rows)
        })?;
        p.rows = rows;
    }
    // Originals of replaced identifying text columns, to be found again inside prose: made
    // into one map beside the index's last merges (each is mostly one core's work).
    let ((), known) = rayon::join(|| index.freeze(), || known.finish(prose_known));
    clock.lap("index originals");

    // Pools of LLM-written candidates, one per `llm` column name across inputs.
    let pools = llm_pools(
        &planned,
        &index,
        stage.as_mut(),
        opts.sample_size,
        &mut progress,
    )?;
    clock.lap("llm");
    shed_rows(&mut planned);

    // Pass 2: transform, audit and write, batch by batch.
    let mut audit = verify::stream::StreamAudit::new(&index, &rules, &policy, &key);
    let mut pending = Vec::new();
    let (mut t_transform, mut t_write) = (Duration::ZERO, Duration::ZERO);
    // Which surrogate each original owns, per column name (or relation key) across inputs: a
    // value gets one surrogate in every file, and both ends of a relation share it.
    let uniques =
        transform::Uniques::with_budget(Some(&budget)).within_memory_limit(opts.memory_limit);
    let mut spilled = spill.into_reader();
    for p in &planned {
        let name = p.input.source().display();
        progress(&format!("replacing values in {name}"));
        let columns: Vec<String> = p
            .head
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        audit.add_input(&name, &p.plans, columns, p.rows);
        let out = write::Streamed::create(&p.dest, p.out_format)?;
        let mut counts: Vec<Option<transform::Counts>> = vec![None; p.plans.len()];
        let mut strategies: Vec<Strategy> = p.plans.iter().map(|pl| pl.strategy).collect();
        let mut distinct: Vec<super::distinct::Distinct> =
            p.plans.iter().map(|_| Default::default()).collect();
        let mut first_row = 0usize;
        let batches_in = p.input.batches_again(batch_bytes, &opts.read_counter)?;
        // Three stages at once: the next batch is read and parsed, this one transformed and
        // audited, the previous one written (each hand-over holds at most one batch).
        let (out, written) = std::thread::scope(|sc| -> Result<(write::Streamed, Duration)> {
            let (batches_rx, reader) = read_ahead(sc, batches_in);
            let (frames, frames_rx) = std::sync::mpsc::sync_channel::<DataFrame>(1);
            let writer = sc.spawn(move || -> Result<(write::Streamed, Duration)> {
                let mut out = out;
                let mut spent = Duration::ZERO;
                for mut df in frames_rx {
                    let t = Instant::now();
                    out.write(&mut df)?;
                    spent += t.elapsed();
                }
                Ok((out, spent))
            });
            // A batch's audit runs beside the next batch's transform: each leaves one core
            // idle part of the time (the audit waits on its slowest column, the notes), the two
            // together do not. `held` is the transformed batch waiting for its audit.
            let mut held: Option<Transformed> = None;
            let mut audit_one = |h: Option<Transformed>| -> Result<Option<DataFrame>> {
                let Some(h) = h else { return Ok(None) };
                audit.add(&h.batch, &h.out, h.first_row, &h.cleared)?;
                Ok(Some(h.out))
            };
            let mut transform_one = |batch: DataFrame| -> Result<Transformed> {
                let t = Instant::now();
                let entities = transform::entities(
                    &batch,
                    &p.plans,
                    policy.entity.as_deref(),
                    &key,
                    first_row,
                )?;
                // Pass 1's scans of this batch's prose, in the order they were written.
                let scanned: std::collections::HashMap<String, transform::spans::Scanned> = p
                    .plans
                    .iter()
                    .filter(|pl| pl.strategy == Strategy::Spans)
                    .map(|pl| (pl.column.clone(), spilled.next_record()))
                    .collect();
                let ctx = transform::Context {
                    key: &key,
                    originals: &index,
                    rules: &rules,
                    finder: &finder,
                    known: &known,
                    entities: entities.as_ref(),
                    pools: Some(&pools),
                    first_row,
                    uniques: Some(&uniques),
                    scanned: Some(&scanned),
                    originals_are_the_leak_index: true,
                };
                let applied: Vec<Result<transform::Applied>> = p
                    .plans
                    .par_iter()
                    .map(|plan| transform::apply(batch.column(&plan.column)?, plan, &ctx))
                    .collect();
                let mut outs = Vec::with_capacity(applied.len());
                let mut cleared = verify::Cleared::new();
                for (j, a) in applied.into_iter().enumerate() {
                    let a = a?;
                    strategies[j] = a.strategy;
                    if !a.cleared.is_empty() {
                        cleared.insert(p.plans[j].column.clone(), a.cleared);
                    }
                    count_distinct(&mut distinct[j], batch.column(&p.plans[j].column)?)?;
                    merge_counts(&mut counts[j], a.counts);
                    outs.push(a.column);
                }
                // A row's own given and family names, found again in its prose.
                let names = transform::row_names(&batch, &p.plans, &mut outs, &ctx)?;
                for (j, n) in names.into_iter().enumerate() {
                    if let Some(c) = counts[j].as_mut() {
                        c.spans += n;
                    }
                }
                let cols: Vec<Column> = outs.into_iter().flatten().collect();
                let out = DataFrame::new(batch.height(), cols)?;
                let done = Transformed {
                    first_row,
                    out,
                    batch,
                    cleared,
                };
                first_row += done.batch.height();
                t_transform += t.elapsed();
                Ok(done)
            };
            for batch in batches_rx {
                let batch = batch?;
                batches += 1;
                let waiting = held.take();
                let (audited, transformed) =
                    rayon::join(|| audit_one(waiting), || transform_one(batch));
                let audited = audited?;
                held = Some(transformed?);
                if let Some(out_df) = audited
                    && frames.send(out_df).is_err()
                {
                    break; // the writer failed: its error is below
                }
            }
            if let Some(out_df) = audit_one(held.take())? {
                let _ = frames.send(out_df); // a writer that failed says why below
            }
            drop(frames);
            let written = writer.join().expect("the writer thread does not panic")?;
            reader.join().expect("the reader thread does not panic");
            Ok(written)
        })?;
        t_write += written;
        if first_row != p.rows {
            return Err(Error::input(format!(
                "{name}: changed while masq was reading it ({} rows, then {first_row}); nothing was written",
                p.rows
            )));
        }
        let mut col_reports = Vec::new();
        for (j, (f, plan)) in p.findings.iter().zip(&p.plans).enumerate() {
            let mut c = counts[j].take().unwrap_or_default();
            c.distinct = distinct[j].count();
            c.distinct_estimated = distinct[j].is_estimate();
            if c.fallbacks > 0 {
                report.warnings.push(format!(
                    "{name}:{}: {} values got a keyed hash instead of a fake (no non-colliding surrogate found)",
                    plan.column, c.fallbacks
                ));
            }
            let mut cr = ColumnReport::from_finding(f);
            cr.kind = plan.kind;
            cr.strategy = Some(strategies[j]);
            cr.decided_by = Some(plan.decided_by.clone());
            cr.counts = Some(c);
            col_reports.push(cr);
        }
        report.inputs.push(InputReport {
            path: name,
            format: p.input.format(),
            rows: first_row,
            output: Some(p.dest.display()),
            output_format: Some(p.out_format),
            columns: col_reports,
            fidelity: None,
            risk: None,
        });
        let t = Instant::now();
        pending.push(out.finish()?);
        t_write += t.elapsed();
    }
    clock
        .laps
        .insert("transform".into(), t_transform.as_millis() as u64);
    clock.restart();

    let maps_memory = index.heap_bytes() + known.heap_bytes() + uniques.heap_bytes();

    // The audit's verdict: leaks, residual identifiers, fidelity, risk, the gate's thresholds.
    let audit = audit.finish(&mut progress)?;
    clock.add(&audit.laps);
    let passed = audit.gate.passed;
    report.add_audit(audit);
    if let Some(stage) = stage {
        report.raw_values_included = stage.sends_values();
        let (r, w) = stage.finish();
        report.llm = Some(r);
        report.warnings.extend(w);
    }
    report.resources = Some(crate::report::Resources {
        batches,
        batch_bytes,
        memory_limit: opts.memory_limit,
        peak_rss_bytes: peak_rss(),
        spilled_bytes: budget.written(),
        maps_memory_bytes: maps_memory as u64,
    });

    // Commit (only when verified), then the report.
    if passed {
        progress("writing");
        let t = Instant::now();
        for pw in pending {
            pw.commit(opts.force)?;
        }
        report.verdict = Verdict::Written;
        t_write += t.elapsed();
        clock
            .laps
            .insert("write".into(), t_write.as_millis() as u64);
    } else {
        drop(pending);
        report.verdict = Verdict::Refused;
    }
    report.timings_ms = clock.laps;
    opts.write_reports(&report)?;
    Ok(RunResult { report })
}

/// The first [`HEAD_ROWS`] rows of an input (fewer if it is shorter), read in batches.
/// Runs `batches` on a thread of its own, one batch ahead of the receiver; the thread hands
/// the iterator back when it is done (for its row count).
fn read_ahead<'scope, I>(
    sc: &'scope std::thread::Scope<'scope, '_>,
    mut batches: I,
) -> (
    std::sync::mpsc::Receiver<I::Item>,
    std::thread::ScopedJoinHandle<'scope, I>,
)
where
    I: Iterator + Send + 'scope,
    I::Item: Send + 'scope,
{
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let handle = sc.spawn(move || {
        for b in batches.by_ref() {
            if tx.send(b).is_err() {
                break; // the receiver stopped on an error of its own
            }
        }
        batches
    });
    (rx, handle)
}

/// Empties the heads once detection, the plans and the LLM's pools are done with their rows;
/// their columns (names, in order) stay for pass 2.
fn shed_rows(planned: &mut [Planned]) {
    for p in planned {
        p.head = p.head.clear();
    }
}

fn head(input: &io::batches::Input, batch_bytes: usize) -> Result<DataFrame> {
    let mut head: Option<DataFrame> = None;
    for b in input.batches(batch_bytes, &Default::default())? {
        let b = b?;
        match head.as_mut() {
            None => head = Some(b),
            Some(h) => {
                h.vstack_mut(&b)?;
            }
        }
        if head.as_ref().is_some_and(|h| h.height() >= HEAD_ROWS) {
            break;
        }
    }
    let head = head.unwrap_or_default();
    Ok(if head.height() > HEAD_ROWS {
        head.slice(0, HEAD_ROWS)
    } else {
        head
    })
}

/// A batch transformed in pass 2, waiting for its audit.
struct Transformed {
    /// The 0-based row of its first row in the whole input.
    first_row: usize,
    batch: DataFrame,
    out: DataFrame,
    cleared: verify::Cleared,
}

/// Adds one batch's counts to the column's running counts (`distinct` is set at the end).
fn merge_counts(acc: &mut Option<transform::Counts>, c: transform::Counts) {
    match acc {
        None => *acc = Some(c),
        Some(a) => {
            a.values += c.values;
            a.nulls += c.nulls;
            a.replaced += c.replaced;
            a.fallbacks += c.fallbacks;
            a.redrawn += c.redrawn;
            a.spans += c.spans;
        }
    }
}

/// Distinct non-null values of a column across batches, by 64-bit hash.
fn count_distinct(
    set: &mut super::distinct::Distinct,
    col: &polars::prelude::Column,
) -> Result<()> {
    let s = transform::as_text(col)?;
    for v in s.str()?.iter().flatten() {
        set.insert(crate::text::hash64(v.as_bytes()));
    }
    Ok(())
}

/// One column's part of [`KnownAcc`]: its kind and its originals, hashed, or for a prose
/// column (no kind) what it tells of its words ([`insert_prose_texts`]).
///
/// [`insert_prose_texts`]: transform::spans::KnownOriginals::insert_prose_texts
type KnownSlot = (Option<crate::kind::Kind>, transform::spans::KnownOriginals);

/// The originals of replaced identifying text columns (and the words of replaced name
/// columns), collected over pass 1 in the order a
/// whole-table read sees them (input, column, first appearance), for the prose matcher.
struct KnownAcc {
    /// Per input and plan: what the column adds; none when the run has no prose.
    cols: Vec<Vec<Option<KnownSlot>>>,
    any: bool,
    budget: crate::hashmap64::Budget,
}

impl KnownAcc {
    fn new(planned: &[Planned], budget: &crate::hashmap64::Budget) -> KnownAcc {
        let any = planned
            .iter()
            .any(|p| p.plans.iter().any(|c| c.strategy == Strategy::Spans));
        let cols = planned
            .iter()
            .map(|p| {
                p.plans
                    .iter()
                    .map(|plan| {
                        let kind = match (plan.kind, plan.strategy) {
                            _ if !any => return None,
                            (_, Strategy::Spans) => None,
                            (Some(kind), s)
                                if s.transforms()
                                    && (kind.is_identifying()
                                        || kind.is_name()
                                        || kind == crate::kind::Kind::City) =>
                            {
                                Some(kind)
                            }
                            _ => return None,
                        };
                        Some((
                            kind,
                            transform::spans::KnownOriginals::with_budget(Some(budget)),
                        ))
                    })
                    .collect()
            })
            .collect();
        KnownAcc {
            cols,
            any,
            budget: budget.clone(),
        }
    }

    /// One batch's originals, each column's into its own map, the columns on all cores.
    fn add(&mut self, input: usize, batch: &DataFrame, plans: &[ColumnPlan]) -> Result<()> {
        self.cols[input]
            .par_iter_mut()
            .zip(plans)
            .try_for_each(|(slot, plan)| -> Result<()> {
                let Some((kind, known)) = slot else {
                    return Ok(());
                };
                let s = transform::as_text(batch.column(&plan.column)?)?;
                let values = s.str()?.iter().flatten();
                match kind {
                    Some(kind) => known.insert_column(*kind, values),
                    None => known.insert_prose_texts(values),
                }
                Ok(())
            })
    }

    /// Every column's originals in the plans' order (a value two columns hold keeps the first
    /// column's kind), then the prose spans.
    fn finish(self, prose: transform::spans::KnownOriginals) -> transform::spans::KnownOriginals {
        let empty = || transform::spans::KnownOriginals::with_budget(Some(&self.budget));
        if !self.any {
            return empty();
        }
        // Merged in pairs, on all cores: each merge reads both maps, so merging each into the
        // one before read the first columns' originals again for every column after them.
        // Merges keep the order (the merge of neighbours is associative).
        let maps: Vec<_> = self
            .cols
            .into_iter()
            .flatten()
            .flatten()
            .map(|(_, known)| known)
            .chain(std::iter::once(prose))
            .collect();
        let mut all = maps.into_par_iter().reduce(empty, |mut a, b| {
            a.merge(b);
            a
        });
        all.freeze();
        all
    }
}

/// Peak resident memory of this process so far, in bytes (Linux; `None` elsewhere).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The policy file's name for messages.
pub(super) fn policy_name(p: Option<&Path>) -> String {
    p.map_or("policy".to_string(), |p| p.display().to_string())
}

/// Decides each input's destination and output format, refusing clashes before any work.
fn destinations(opts: &RunOptions) -> Result<Vec<(Dest, Option<Format>)>> {
    let mut out = Vec::new();
    match &opts.output {
        OutputTarget::Stdout => {
            if opts.inputs.len() != 1 {
                return Err(Error::config(
                    "-o - (stdout) takes exactly one input; use -o DIR for several",
                ));
            }
            out.push((Dest::Stdout, opts.output_format));
        }
        OutputTarget::File(p) => {
            if opts.inputs.len() != 1 {
                return Err(Error::config(format!(
                    "{}: several inputs need an output folder (-o DIR/)",
                    p.display()
                )));
            }
            out.push((
                Dest::Path(p.clone()),
                opts.output_format.or_else(|| Format::from_path(p)),
            ));
        }
        OutputTarget::Pipes(pipes) => {
            if pipes.len() != opts.inputs.len() {
                return Err(Error::config(format!(
                    "{} outputs for {} inputs",
                    pipes.len(),
                    opts.inputs.len()
                )));
            }
            for p in pipes {
                out.push((Dest::Pipe(p.clone()), opts.output_format));
            }
        }
        OutputTarget::Dir(dir) => {
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::output(format!(
                        "{}: cannot create output folder: {}",
                        dir.display(),
                        io::io_reason(&e)
                    ))
                })?;
            } else if !dir.is_dir() {
                return Err(Error::output(format!("{}: is not a folder", dir.display())));
            }
            let mut names = std::collections::HashSet::new();
            for src in &opts.inputs {
                let Some(name) = src.file_name() else {
                    return Err(Error::config(
                        "stdin input (-) needs -o FILE or -o -, not a folder",
                    ));
                };
                let mut p = dir.join(name);
                if let Some(f) = opts.output_format {
                    // `a.csv.gz` as csv is `a.csv`, as parquet `a.parquet`.
                    p = f.file_name_for(&p);
                }
                if !names.insert(p.clone()) {
                    return Err(Error::config(format!(
                        "{}: two inputs would be written to the same output file",
                        p.display()
                    )));
                }
                out.push((Dest::Path(p), opts.output_format));
            }
        }
    }
    // Never write over an input.
    for ((dest, _), src) in out.iter().zip(&opts.inputs) {
        if let (Dest::Path(d), Source::Path(s)) = (dest, src)
            && same_file(d, s)
        {
            return Err(Error::output(format!(
                "{}: is the input itself; masq never modifies an input file",
                d.display()
            )));
        }
    }
    Ok(out)
}

/// Builds the candidate pool of every `llm` column (keyed by column name, shared by inputs).
/// `None` for a column means its pool could not be filled: it falls back to rules.
fn llm_pools(
    planned: &[Planned],
    index: &LeakIndex,
    mut stage: Option<&mut llm_stage::LlmStage>,
    sample_size: usize,
    progress: &mut impl FnMut(&str),
) -> Result<transform::Pools> {
    let mut pools = transform::Pools::new();
    for p in planned {
        for plan in p.plans.iter().filter(|pl| pl.strategy == Strategy::Llm) {
            if pools.contains_key(&plan.column) {
                continue;
            }
            let Some(stage) = stage.as_deref_mut() else {
                pools.insert(plan.column.clone(), None);
                continue;
            };
            progress(&format!("asking the LLM for '{}' values", plan.column));
            // Originals of this column in every input that has it.
            let (originals, lengths) =
                transform::pool::column_originals(planned.iter().map(|q| &q.head), &plan.column)?;
            let matcher =
                transform::pool::OriginalMatcher::new(originals.iter().map(String::as_str));
            let is_original = |c: &str| matcher.matches(c) || index.contains_original(c);
            let col = p.head.column(&plan.column)?;
            let sample = detect::sample(col, sample_size);
            let mut sent = detect::vote::describe_column(col, &sample, false);
            sent.values.clear();
            let spec = transform::pool::PoolSpec {
                column: plan.column.clone(),
                kind: plan.kind,
                description: plan.options.description.clone(),
                instructions: plan.options.instructions.clone(),
                pattern: plan.options.pattern.clone(),
                shapes: sent.shapes.clone(),
                lengths,
                target: plan
                    .options
                    .pool
                    .unwrap_or_else(|| transform::pool::default_target(originals.len())),
            };
            let fallback = transform::llm_fallback(plan.kind).as_str();
            let pool = stage.pool(
                &p.input.source().display(),
                &spec,
                originals.len(),
                sent,
                &is_original,
                fallback,
            )?;
            pools.insert(plan.column.clone(), pool);
        }
    }
    Ok(pools)
}
