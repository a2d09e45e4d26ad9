//! `run` and `subset` with PostgreSQL tables in and a PostgreSQL schema out.
//!
//! Each source table is copied (`COPY … TO STDOUT`, all of a database's tables in one
//! read-only snapshot) into a CSV file in a private temporary folder, named after the table so
//! relations name tables as they do for files; a plain run reads each file while a thread is
//! still copying into it ([`crate::io::growing`]). The usual pipeline runs on those files —
//! detection, keys that join, the leak gate, the residual scan. Only when its gate passed is
//! the target schema committed: a plain run streams its output into the new schema in one
//! open transaction as it transforms ([`crate::io::pg_load`]); a slice is loaded from its
//! checked files. A refused gate or any failure leaves no schema behind. Reports name the tables by their URL
//! without its password. Files may be mixed in as inputs when the output is files. Foreign
//! keys of one column between the input tables come from the catalog as relations (keys that
//! join, and what `--root` follows). `scan` samples tables instead of copying them whole.

use super::scan::ScanResult;
use super::{OutputTarget, RunOptions, RunResult, ScanOptions, SubsetOptions};
use crate::error::{Error, Result};
use crate::io::growing::Growth;
use crate::io::pg_load;
use crate::io::postgres::{self, PgUrl, TableDef};
use crate::io::{Format, Source, Table};
use crate::report::Verdict;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `opts` (or the slice `sub` of it) over `inputs` — PostgreSQL table URLs or files —
/// into `output`: a schema URL (`?schema=`), or what `-o` means for files. `opts.inputs` and
/// `opts.output` are replaced.
pub fn run_db(
    opts: &RunOptions,
    inputs: &[String],
    output: &str,
    sub: Option<&SubsetOptions>,
    mut progress: impl FnMut(&str),
) -> Result<RunResult> {
    let target = if postgres::is_url(output) {
        let t = PgUrl::parse(output)?;
        let Some(schema) = t.schema.clone() else {
            return Err(Error::config(format!(
                "{}: name the schema to write with ?schema=NAME",
                t.display()
            )));
        };
        Some((t, schema))
    } else {
        None
    };
    let mut ins = Inputs::parse(inputs)?;
    if let Some((t, _)) = &target
        && let Some(f) = ins.sources.iter().flatten().next()
    {
        return Err(Error::config(format!(
            "{}: writing to PostgreSQL ({}) takes PostgreSQL tables as inputs (their column types make the target's)",
            f.display(),
            t.display()
        )));
    }
    // Reports that cannot be written are refused before any table is copied.
    let files: Vec<Source> = ins.sources.iter().flatten().cloned().collect();
    super::check_report_destinations(
        Vec::new(),
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        &super::read_files(&files, &opts.key, &opts.policy),
        opts.force,
    )?;
    let mut clock = crate::timing::Stopwatch::default();
    // A plain run reads each table as it is copied out; a slice reads its tables whole first.
    let how = if sub.is_none() {
        CopyOut::Background
    } else {
        CopyOut::Whole
    };
    let copiers = ins.copy_out(how, &mut progress)?;
    clock.lap("postgres copy out");
    // Messages name a table by its URL, not by its copy's path.
    let names = ins.renames();
    let mut progress = |m: &str| progress(&crate::error::renamed(m.to_string(), &names));
    let Inputs {
        tmp,
        sources,
        shown,
        defs,
        growing,
        ..
    } = ins;
    // Declared after the folder it writes into, so it is stopped and joined before the folder
    // is removed.
    let copiers = copiers;
    let sources: Vec<Source> = sources.into_iter().map(|s| s.expect("filled")).collect();
    // Foreign keys of one column between the input tables, from the catalog.
    let mut relations = opts.relations.clone();
    relations.extend(catalog_relations(&defs).into_iter().map(|(r, _)| r));

    // A plain run streams its output into the new schema while it transforms (one open
    // transaction, committed only when the gate passed); a slice is read back and checked
    // first, so it is loaded from its files afterwards.
    let defs_all = || -> Vec<TableDef> { defs.iter().flatten().cloned().collect() };
    let loader = match (&target, sub) {
        (Some((t, schema)), None) => {
            progress(&format!("opening schema {schema} in one transaction"));
            Some(pg_load::Loader::start(t, schema, defs_all())?)
        }
        _ => None,
    };
    let out_dir = tmp.path().join("out");
    let csv = Format::from(Table::Csv);
    let inner = RunOptions {
        inputs: sources,
        output: match (&target, &loader) {
            (Some(_), Some(l)) => OutputTarget::Pipes(l.pipes()),
            (Some(_), None) => OutputTarget::Dir(out_dir.clone()),
            (None, _) => OutputTarget::from_arg(output, inputs.len()),
        },
        output_format: if target.is_some() {
            Some(csv)
        } else {
            opts.output_format
        },
        format: if target.is_some() || defs.iter().any(Option::is_some) {
            None
        } else {
            opts.format
        },
        report: None,
        report_html: None,
        input_names: shown.clone(),
        relations,
        growing,
        ..opts.clone()
    };
    let ran = match sub {
        Some(s) => super::subset(&inner, s, &mut progress),
        None => super::run(&inner, &mut progress),
    }
    .map_err(|e| e.renamed(&names));
    drop(inner);
    // Every table was read to its end: the copies are over (a failure of one is the run's).
    let ran = match ran {
        Ok(r) => copiers.finish().map(|_| r),
        Err(e) => Err(e),
    };
    let mut report = match (ran, loader) {
        (Ok(r), Some(l)) => {
            clock.restart();
            if r.report.verdict == Verdict::Written {
                progress("building keys and indexes, committing");
                l.commit(dropped_columns(&r.report))?;
            } else {
                l.abandon();
            }
            r.report
        }
        // A load that failed while rows were coming is the cause of the run's write error.
        (Err(e), Some(l)) => return Err(l.abandon().unwrap_or(e)),
        (ran, None) => {
            let report = ran?.report;
            clock.restart();
            if let Some((t, schema)) = &target
                && report.verdict == Verdict::Written
            {
                let dropped = dropped_columns(&report);
                let tables: Vec<(TableDef, std::path::PathBuf)> = defs_all()
                    .into_iter()
                    .zip(dropped)
                    .map(|(mut d, gone)| {
                        // Not created (a constraint on one then fails the load, rolled back).
                        d.columns.retain(|(n, _, _)| !gone.contains(n));
                        let file = out_dir.join(format!("{}.csv", d.name));
                        (d, file)
                    })
                    .collect();
                progress(&format!("loading schema {schema} in one transaction"));
                pg_load::load_schema(t, schema, &tables)?;
            }
            report
        }
    };
    for (i, s) in report.inputs.iter_mut().zip(&shown) {
        i.path = s.clone();
    }
    if let Some((t, schema)) = &target {
        clock.lap("postgres load");
        for (i, d) in report.inputs.iter_mut().zip(&defs) {
            i.output = Some(match d {
                Some(d) if report.verdict == Verdict::Written => {
                    format!("{} ({schema}.{})", t.display(), d.name)
                }
                _ => format!("{} (not written)", t.display()),
            });
        }
    }
    report.timings_ms.extend(clock.laps);
    opts.write_reports(&report)?;
    drop(tmp);
    Ok(RunResult { report })
}

/// `scan` over PostgreSQL tables (files may be mixed in): each table is copied out up to
/// `--max-rows` rows — beyond the catalog's estimate a repeatable block sample
/// (`TABLESAMPLE SYSTEM`), so a big table scans as fast as a small one — and detected as a
/// file is. Foreign keys between the tables come from the catalog as relations, ahead of what
/// the sampled values suggest. Inputs are named by their URL without its password.
pub fn scan_db(opts: &ScanOptions, inputs: &[String]) -> Result<ScanResult> {
    let mut ins = Inputs::parse(inputs)?;
    ins.copy_out(CopyOut::Sample(opts.max_rows), &mut |_| {})?
        .finish()?;
    let sources: Vec<Source> = ins
        .sources
        .iter()
        .map(|s| s.clone().expect("filled"))
        .collect();
    let mut res = super::scan(&ScanOptions {
        inputs: sources,
        format: if ins.defs.iter().any(Option::is_some) {
            None
        } else {
            opts.format
        },
        declared: catalog_relations(&ins.defs),
        ..opts.clone()
    })
    .map_err(|e| e.renamed(&ins.renames()))?;
    for (k, shown) in ins.shown.iter().enumerate() {
        res.report.inputs[k].path = shown.clone();
        res.inputs[k].0 = shown.clone();
        if let Some(estimate) = ins.sampled[k] {
            res.report.warnings.push(format!(
                "{shown}: a sample of {} of about {estimate} rows was scanned (TABLESAMPLE SYSTEM; --max-rows sets its size)",
                res.report.inputs[k].rows
            ));
        }
    }
    Ok(res)
}

/// Per input, the columns the policy dropped.
fn dropped_columns(report: &crate::report::Report) -> Vec<Vec<String>> {
    report
        .inputs
        .iter()
        .map(|i| {
            i.columns
                .iter()
                .filter(|c| c.strategy == Some(crate::policy::Strategy::Drop))
                .map(|c| c.name.clone())
                .collect()
        })
        .collect()
}

/// The inputs of a command that takes PostgreSQL tables: table URLs copied out into a private
/// temporary folder (as `NAME.csv`, so relations name tables as they do for files), files as
/// they are.
struct Inputs {
    tmp: tempfile::TempDir,
    /// Per input: the file to read (a table's once copied out).
    sources: Vec<Option<Source>>,
    /// Per input: what reports call it (a URL without its password).
    shown: Vec<String>,
    /// Per input: a table's definition from the catalog, once copied out.
    defs: Vec<Option<TableDef>>,
    /// Per input: the catalog's row estimate of a table that was sampled.
    sampled: Vec<Option<u64>>,
    /// Per input: a table still being copied out (read as it grows).
    growing: Vec<Option<Arc<Growth>>>,
    urls: Vec<(PgUrl, usize)>,
}

/// How [`Inputs::copy_out`] copies the tables.
#[derive(Clone, Copy)]
enum CopyOut {
    /// Whole, before it returns.
    Whole,
    /// At most this many rows each, before it returns (`scan`).
    Sample(usize),
    /// Whole, on a thread per database while the run reads the files as they grow.
    Background,
}

/// The threads copying tables out in the background. Dropping it stops and joins them, so
/// none outlives the temporary folder it writes into.
#[derive(Default)]
struct Copiers {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<Result<()>>>,
}

impl Copiers {
    /// Waits for every copy to end; the first failure.
    fn finish(mut self) -> Result<()> {
        let mut first = Ok(());
        for t in self.threads.drain(..) {
            let r = t
                .join()
                .unwrap_or_else(|_| Err(Error::input("the PostgreSQL copy thread panicked")));
            if first.is_ok() {
                first = r;
            }
        }
        first
    }
}

impl Drop for Copiers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Inputs {
    fn parse(inputs: &[String]) -> Result<Inputs> {
        let tmp = tempfile::Builder::new()
            .prefix("masq-pg-")
            .tempdir()
            .map_err(|e| Error::write(std::env::temp_dir().display(), "create a folder in", e))?;
        let mut ins = Inputs {
            tmp,
            sources: Vec::new(),
            shown: Vec::new(),
            defs: vec![None; inputs.len()],
            sampled: vec![None; inputs.len()],
            growing: vec![None; inputs.len()],
            urls: Vec::new(),
        };
        for arg in inputs {
            if postgres::is_url(arg) {
                let u = PgUrl::parse(arg)?;
                if u.table.is_none() {
                    return Err(Error::config(format!(
                        "{}: name the table to read with ?table=schema.name",
                        u.display()
                    )));
                }
                ins.shown.push(u.display().to_string());
                ins.urls.push((u, ins.sources.len()));
                ins.sources.push(None);
            } else {
                ins.shown.push(arg.clone());
                ins.sources.push(Some(Source::from_arg(arg)));
            }
        }
        Ok(ins)
    }

    /// `(copy's path, URL)` of every table copied out, to name it in messages.
    fn renames(&self) -> Vec<(String, String)> {
        self.sources
            .iter()
            .zip(&self.defs)
            .zip(&self.shown)
            .filter(|((_, d), _)| d.is_some())
            .filter_map(|((s, _), shown)| Some((s.as_ref()?.display(), shown.clone())))
            .collect()
    }

    /// Copies every table out (see [`CopyOut`]). The tables of one database are read in one
    /// snapshot. With [`CopyOut::Background`] the copies go on after this returns, on the
    /// returned threads.
    fn copy_out(&mut self, how: CopyOut, progress: &mut dyn FnMut(&str)) -> Result<Copiers> {
        let in_dir = self.tmp.path().join("in");
        std::fs::create_dir(&in_dir)
            .map_err(|e| Error::write(in_dir.display().to_string(), "create", e))?;
        let mut by_db: Vec<(String, Vec<(PgUrl, usize)>)> = Vec::new();
        for (u, i) in std::mem::take(&mut self.urls) {
            let db = u
                .display()
                .split('?')
                .next()
                .unwrap_or_default()
                .to_string();
            match by_db.iter_mut().find(|(d, _)| *d == db) {
                Some((_, v)) => v.push((u, i)),
                None => by_db.push((db, vec![(u, i)])),
            }
        }
        let mut copiers = Copiers::default();
        for (_, tables) in by_db {
            let mut client = tables[0].0.connect()?;
            let first = tables[0].0.clone();
            let begun = |e: ::postgres::Error| {
                Error::input(format!("{}: {}", first.display(), first.reason(&e)))
            };
            client
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .map_err(begun)?;
            let mut jobs = Vec::new();
            for (u, i) in tables {
                let (schema, name) = u.table.clone().expect("checked by parse");
                progress(&format!("copying {schema}.{name} out of PostgreSQL"));
                let def = postgres::table_def(&mut client, &u, &schema, &name)?;
                let path = in_dir.join(format!("{name}.csv"));
                if path.exists() {
                    return Err(Error::config(format!(
                        "{}: a second table named {name}; relations and outputs name tables by name",
                        u.display()
                    )));
                }
                match how {
                    CopyOut::Whole => postgres::export_csv(&mut client, &u, &def, &path)?,
                    CopyOut::Sample(rows) => {
                        self.sampled[i] =
                            postgres::export_sample_csv(&mut client, &u, &def, &path, rows)?;
                    }
                    CopyOut::Background => {
                        let file = std::fs::File::create(&path)
                            .map_err(|e| Error::write(path.display().to_string(), "create", e))?;
                        let growth = Arc::new(Growth::default());
                        self.growing[i] = Some(growth.clone());
                        jobs.push((u.clone(), def.clone(), path.clone(), file, growth));
                    }
                }
                self.sources[i] = Some(Source::Path(path));
                self.defs[i] = Some(def);
            }
            let url = first.clone();
            let commit = move |client: &mut ::postgres::Client| {
                client
                    .batch_execute("COMMIT")
                    .map_err(|e| Error::input(format!("{}: {}", url.display(), url.reason(&e))))
            };
            if jobs.is_empty() {
                commit(&mut client)?;
                continue;
            }
            let stop = copiers.stop.clone();
            let thread = std::thread::Builder::new()
                .name("masq-pg-copy".into())
                .spawn(move || -> Result<()> {
                    let mut jobs = jobs.into_iter();
                    while let Some((u, def, path, file, growth)) = jobs.next() {
                        if let Err(e) = postgres::export_csv_growing(
                            &mut client,
                            &u,
                            &def,
                            &path,
                            file,
                            &growth,
                            &stop,
                        ) {
                            // The tables after it will not come either.
                            for (.., g) in jobs {
                                g.finish(Err(e.to_string()));
                            }
                            return Err(e);
                        }
                    }
                    commit(&mut client)
                })
                .map_err(|e| Error::input(format!("cannot start a copy thread: {e}")))?;
            copiers.threads.push(thread);
        }
        Ok(copiers)
    }
}

/// Foreign keys of one column between the given tables, from the catalog, with their
/// constraint names.
fn catalog_relations(defs: &[Option<TableDef>]) -> Vec<(crate::policy::RelationDecl, String)> {
    let mut out = Vec::new();
    for d in defs.iter().flatten() {
        for fk in &d.foreign_keys {
            if let ([c], [rc]) = (fk.columns.as_slice(), fk.ref_columns.as_slice())
                && defs
                    .iter()
                    .flatten()
                    .any(|p| p.schema == fk.ref_schema && p.name == fk.ref_table)
            {
                out.push((
                    crate::policy::RelationDecl {
                        from: format!("{}.{c}", d.name),
                        to: format!("{}.{rc}", fk.ref_table),
                        by: Some("catalog"),
                    },
                    fk.name.clone(),
                ));
            }
        }
    }
    out
}

/// Whether a run needs [`run_db`]: an input or the output is a PostgreSQL URL.
pub fn needs_db(inputs: &[String], output: &str) -> bool {
    postgres::is_url(output) || inputs.iter().any(|i| postgres::is_url(i))
}
