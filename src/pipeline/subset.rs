//! Slices of related tables — `masq subset`, or `masq run` with `--root` — written as a fixture
//! pack that still joins.
//!
//! 1. The root table's rows are chosen by a predicate (`--where`), a keyed sample (`--rows N`,
//!    `--fraction F`: ranked by a keyed hash of each row, so the same key gives the same slice
//!    whatever the row order), or both.
//! 2. Relations (the policy's `[[relations]]`, else the ones `masq scan` would suggest) are
//!    followed: every parent a chosen row references, transitively; and, down from the root, the
//!    children of chosen rows (at most `--max-children` per parent and relation). A parent
//!    pulled in only because a row needs it does not pull its other children. Cycles and
//!    self-references end because each row is taken once.
//! 3. Rows whose reference dangles already in the input are left out (counted), with every row
//!    that needs them, so no reference of the slice dangles.
//! 4. The slice goes through `run` with keys that join (one keyed surrogate per key value across
//!    the tables), into a staging folder beside the destination.
//! 5. The output is read back and checked: every reference resolves, and every referencing row
//!    joins the same parent row it joined in the slice. Only then are `manifest.json` and
//!    `report.json` added and the folder renamed into place; otherwise nothing is written.
//!
//! The tables are read whole (a slice is for fixtures; the streaming engine is `run`'s).

use super::{OutputTarget, RunOptions, RunResult, table_name};
use crate::error::{Error, Result};
use crate::io::{self, Format, Source};
use crate::keys::Key;
use crate::policy::{Policy, RelationDecl};
use crate::report::{SubsetRelation, SubsetReport, SubsetTable, Verdict};
use polars::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How the root table's rows are chosen, and how far down the slice goes.
#[derive(Debug, Clone, Default)]
pub struct SubsetOptions {
    /// The table (input file name without extensions) the slice starts from.
    pub root: String,
    /// At most this many root rows, by keyed sample.
    pub rows: Option<usize>,
    /// This share of the root rows, by keyed sample.
    pub fraction: Option<f64>,
    /// Only root rows where this SQL predicate holds (`country = 'DE' AND joined >= DATE
    /// '2025-01-01'`).
    pub filter: Option<String>,
    /// At most this many children per parent row and relation (default: all).
    pub max_children: Option<usize>,
}

impl SubsetOptions {
    fn chosen_by(&self) -> String {
        let mut parts = Vec::new();
        if let Some(w) = &self.filter {
            parts.push(format!("where {}", crate::text::one_line(w)));
        }
        if let Some(f) = self.fraction {
            parts.push(format!("a keyed sample of {:.1}%", f * 100.0));
        }
        if let Some(n) = self.rows {
            parts.push(format!("at most {n} rows by keyed sample"));
        }
        if parts.is_empty() {
            parts.push("every row".into());
        }
        parts.join(", ")
    }
}

struct Table {
    name: String,
    source: Source,
    format: Format,
    df: DataFrame,
}

/// A relation resolved against the tables: the child's reference per row, and the parent's
/// key value → row.
struct Link {
    decl: RelationDecl,
    declared_by: &'static str,
    child: usize,
    child_column: String,
    fk: Vec<Option<String>>,
    parent: usize,
    parent_column: String,
    key: HashMap<String, usize>,
}

/// A column's cells as trimmed text; empty cells are `None`.
fn texts(df: &DataFrame, column: &str) -> Result<Vec<Option<String>>> {
    let c = df.column(column)?.cast(&DataType::String)?;
    Ok(c.str()?
        .iter()
        .map(|v| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
        .collect())
}

/// Value → row of a key column; `Err` with the number of repeated values if it is not unique.
fn key_index(values: &[Option<String>]) -> std::result::Result<HashMap<String, usize>, usize> {
    let mut key = HashMap::with_capacity(values.len());
    let mut repeated = 0;
    for (r, v) in values.iter().enumerate() {
        if let Some(v) = v
            && key.insert(v.clone(), r).is_some()
        {
            repeated += 1;
        }
    }
    if repeated > 0 { Err(repeated) } else { Ok(key) }
}

/// Takes the slice described by `sub` of `opts.inputs`, anonymizes it with `run`, checks that
/// it still joins, and writes it as a fixture pack to `opts.output` (a folder). A refused gate
/// or a failed join check returns a report with verdict `refused` and writes nothing but the
/// reports asked for.
pub fn subset(
    opts: &RunOptions,
    sub: &SubsetOptions,
    mut progress: impl FnMut(&str),
) -> Result<RunResult> {
    let OutputTarget::Dir(dest) = &opts.output else {
        return Err(Error::config(
            "--root writes a fixture pack (the tables, manifest.json and report.json): -o must name a folder (end it with /)",
        ));
    };
    if std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Error::config(format!(
            "{}: exists and is not empty; a fixture pack goes to a new or empty folder",
            dest.display()
        )));
    }
    if dest.exists() && !dest.is_dir() {
        return Err(Error::output(format!(
            "{}: is not a folder",
            dest.display()
        )));
    }
    if let Some(f) = sub.fraction
        && !(f > 0.0 && f <= 1.0)
    {
        return Err(Error::config(format!(
            "--fraction {f}: give a share above 0 and at most 1"
        )));
    }
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let policy_name = opts
        .policy
        .as_ref()
        .map_or_else(|| "--root".to_string(), |p| p.display().to_string());
    let key = opts.key.resolve()?;

    // Read every table whole.
    let mut tables: Vec<Table> = Vec::new();
    for src in &opts.inputs {
        if src.file_name().is_none() {
            return Err(Error::config(
                "stdin input (-) cannot be sliced: give the tables as files",
            ));
        }
        let format = io::resolve_format(src, opts.format)?;
        progress(&format!("reading {}", src.display()));
        let df = io::read_with(src, format, &opts.limits)?.df;
        let name = table_name(src);
        if let Some(t) = tables.iter().find(|t| t.name == name) {
            return Err(Error::config(format!(
                "{} and {} are both table '{name}'; relations name tables by file name",
                t.source.display(),
                src.display()
            )));
        }
        tables.push(Table {
            name,
            source: src.clone(),
            format,
            df,
        });
    }
    let Some(root) = tables.iter().position(|t| t.name == sub.root) else {
        return Err(Error::config(format!(
            "--root {}: no input is that table (tables: {})",
            crate::text::one_line(&sub.root),
            tables
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };

    // The relations: the policy's and the run's, else the suggested ones.
    let mut declared: Vec<(RelationDecl, &'static str)> = policy
        .relations
        .iter()
        .chain(&opts.relations)
        .map(|r| (r.clone(), r.by.unwrap_or("policy")))
        .collect();
    let mut suggested = Vec::new();
    if declared.is_empty() {
        let frames: Vec<(String, &DataFrame)> =
            tables.iter().map(|t| (t.name.clone(), &t.df)).collect();
        for r in crate::detect::relations::suggest(&frames) {
            let decl = RelationDecl {
                from: format!("{}.{}", r.from_table, r.from_column),
                to: format!("{}.{}", r.to_table, r.to_column),
                by: Some("suggested"),
            };
            suggested.push(decl.clone());
            declared.push((decl, "suggested"));
        }
    }
    let mut warnings = Vec::new();
    let mut links = Vec::new();
    for (decl, declared_by) in declared {
        let ((ft, fc), (tt, tc)) = decl
            .ends()
            .map_err(|e| Error::config(format!("{policy_name}: {e}")))?;
        let find = |t: &str| tables.iter().position(|x| x.name == t);
        let (Some(child), Some(parent)) = (find(ft), find(tt)) else {
            warnings.push(format!(
                "relation {} → {} not followed: {} is not an input",
                decl.from,
                decl.to,
                if find(ft).is_none() { ft } else { tt }
            ));
            continue;
        };
        for (t, c) in [(child, fc), (parent, tc)] {
            if tables[t].df.column(c).is_err() {
                return Err(Error::config(format!(
                    "{policy_name}: relation {} → {}: {} has no column '{}'",
                    decl.from,
                    decl.to,
                    tables[t].source.display(),
                    crate::text::one_line(c)
                )));
            }
        }
        let fk = texts(&tables[child].df, fc)?;
        let key_map = key_index(&texts(&tables[parent].df, tc)?).map_err(|n| {
            Error::config(format!(
                "{policy_name}: relation {} → {}: {} is not unique ({n} repeated values), so rows cannot reference it",
                decl.from, decl.to, decl.to
            ))
        })?;
        links.push(Link {
            child_column: fc.to_string(),
            parent_column: tc.to_string(),
            decl,
            declared_by,
            child,
            fk,
            parent,
            key: key_map,
        });
    }

    progress("choosing the slice");
    let roots = root_rows(&tables[root], sub, &key)?;
    let (chosen, dropped) = slice(&tables, &links, root, &roots, sub.max_children, &key)?;

    // Write the slice into a staging folder beside the destination, in the inputs' formats.
    let beside = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&beside).map_err(|e| {
        Error::output(format!(
            "{}: cannot create output folder: {}",
            beside.display(),
            io::io_reason(&e)
        ))
    })?;
    let stage = tempfile::Builder::new()
        .prefix(".masq-subset-")
        .tempdir_in(&beside)
        .map_err(|e| Error::write(beside.display().to_string(), "create a folder in", e))?;
    let slice_dir = stage.path().join("slice");
    let out_dir = stage.path().join("pack");
    std::fs::create_dir(&slice_dir)
        .map_err(|e| Error::write(slice_dir.display().to_string(), "create", e))?;
    let mut sliced = Vec::new();
    let mut slice_inputs = Vec::new();
    for (t, keep) in tables.iter().zip(&chosen) {
        let mask = BooleanChunked::from_slice("keep".into(), keep);
        let mut df = t.df.filter(&mask)?;
        let name = t.source.file_name().expect("files only");
        let path = slice_dir.join(name);
        let file = std::fs::File::create(&path)
            .map_err(|e| Error::write(path.display().to_string(), "create", e))?;
        io::write::write_to(&mut df, t.format, std::io::BufWriter::new(file))
            .map_err(|e| Error::output(format!("{}: {e}", path.display())))?;
        slice_inputs.push(Source::Path(path));
        sliced.push(df);
    }

    // Anonymize the slice, keys joining.
    let inner = RunOptions {
        inputs: slice_inputs,
        format: opts.format,
        output: OutputTarget::Dir(out_dir.clone()),
        report: None,
        report_html: None,
        force: false,
        relations: suggested.clone(),
        growing: Vec::new(),
        ..opts.clone()
    };
    let ran = super::run(&inner, &mut progress)?;
    let mut report = ran.report;
    report.warnings.extend(warnings);

    // Check the output: every reference resolves and joins the parent it joined in the slice.
    progress("checking the joins of the output");
    let mut rels = Vec::new();
    let mut passed = report.verdict == Verdict::Written;
    if passed {
        let mut outs = Vec::new();
        for i in &report.inputs {
            let p = PathBuf::from(i.output.as_deref().unwrap_or_default());
            let fmt = Format::from_path(&p)
                .or(i.output_format)
                .unwrap_or(io::Table::Csv.into());
            outs.push(io::read(&Source::Path(p), fmt)?.df);
        }
        for l in &links {
            let (slice_fk, slice_key) = (
                texts(&sliced[l.child], &l.child_column)?,
                key_index(&texts(&sliced[l.parent], &l.parent_column)?).unwrap_or_default(),
            );
            let out_fk = match outs[l.child].column(&l.child_column) {
                Ok(_) => texts(&outs[l.child], &l.child_column)?,
                Err(_) => vec![None; outs[l.child].height()],
            };
            let out_key = match outs[l.parent].column(&l.parent_column) {
                Ok(_) => key_index(&texts(&outs[l.parent], &l.parent_column)?),
                Err(_) => Ok(HashMap::new()),
            };
            let (mut joins, mut kept, mut dangling) = (0, 0, 0);
            for (r, v) in slice_fk.iter().enumerate() {
                let was = v.as_ref().and_then(|v| slice_key.get(v));
                let now = out_fk.get(r).cloned().flatten();
                let now_row = match (&now, &out_key) {
                    (Some(v), Ok(k)) => k.get(v).copied(),
                    _ => None,
                };
                if now.is_some() && now_row.is_none() {
                    dangling += 1;
                }
                if let Some(was) = was {
                    joins += 1;
                    // A key whose surrogates collided no longer names one row.
                    if out_key.is_ok() && now_row == Some(*was) {
                        kept += 1;
                    }
                }
            }
            passed &= kept == joins && dangling == 0;
            rels.push(SubsetRelation {
                from: l.decl.from.clone(),
                to: l.decl.to.clone(),
                declared_by: l.declared_by.into(),
                joins_in_slice: joins,
                joins_in_output: kept,
                dangling_in_output: dangling,
            });
        }
    } else {
        rels = links
            .iter()
            .map(|l| SubsetRelation {
                from: l.decl.from.clone(),
                to: l.decl.to.clone(),
                declared_by: l.declared_by.into(),
                joins_in_slice: 0,
                joins_in_output: 0,
                dangling_in_output: 0,
            })
            .collect();
    }
    report.subset = Some(SubsetReport {
        root: sub.root.clone(),
        chosen_by: sub.chosen_by(),
        max_children: sub.max_children,
        tables: tables
            .iter()
            .zip(&sliced)
            .zip(&dropped)
            .map(|((t, s), d)| SubsetTable {
                table: t.name.clone(),
                input_rows: t.df.height(),
                rows: s.height(),
                dropped_dangling: *d,
            })
            .collect(),
        relations: rels,
        passed,
    });
    // The report names the real inputs and the pack's files, not the staging folder.
    for (n, (i, t)) in report.inputs.iter_mut().zip(&tables).enumerate() {
        i.path = opts
            .input_names
            .get(n)
            .cloned()
            .unwrap_or_else(|| t.source.display());
        i.output = i.output.as_ref().map(|o| {
            let file = Path::new(o).file_name().unwrap_or_default();
            dest.join(file).display().to_string()
        });
    }
    if !passed {
        report.verdict = Verdict::Refused;
        opts.write_reports(&report)?;
        return Ok(RunResult { report });
    }

    // The pack: the tables, a manifest and the report; then renamed into place whole.
    let manifest = serde_json::json!({
        "masq_version": env!("CARGO_PKG_VERSION"),
        "key_fingerprint": key.fingerprint_id(),
        "root": sub.root,
        "chosen_by": sub.chosen_by(),
        "tables": report.inputs.iter().zip(&tables).map(|(i, t)| serde_json::json!({
            "table": t.name,
            "file": i.output.as_deref().and_then(|o| Path::new(o).file_name()).map(|f| f.to_string_lossy().into_owned()),
            "format": i.output_format.map(|f| f.to_string()),
            "rows": i.rows,
        })).collect::<Vec<_>>(),
        "relations": links.iter().map(|l| serde_json::json!({
            "from": l.decl.from, "to": l.decl.to, "declared_by": l.declared_by,
        })).collect::<Vec<_>>(),
        "report": "report.json",
    });
    let write = |name: &str, text: String| -> Result<()> {
        let p = out_dir.join(name);
        std::fs::write(&p, text).map_err(|e| Error::write(p.display().to_string(), "write", e))
    };
    write(
        "manifest.json",
        serde_json::to_string_pretty(&manifest).expect("JSON") + "\n",
    )?;
    write("report.json", report.to_json())?;
    if dest.exists() {
        // Empty (checked first): the rename needs it gone.
        std::fs::remove_dir(dest)
            .map_err(|e| Error::write(dest.display().to_string(), "replace", e))?;
    }
    std::fs::rename(&out_dir, dest)
        .map_err(|e| Error::write(dest.display().to_string(), "move the pack to", e))?;
    opts.write_reports(&report)?;
    Ok(RunResult { report })
}

/// A row's identity for sampling: its cells, so the rank does not depend on row order.
fn row_ranks(df: &DataFrame, what: &str, key: &Key) -> Result<Vec<u64>> {
    let cols: Vec<Vec<Option<String>>> = df
        .get_column_names()
        .iter()
        .map(|c| texts(df, c))
        .collect::<Result<_>>()?;
    Ok((0..df.height())
        .map(|r| {
            let row: Vec<&str> = cols.iter().map(|c| c[r].as_deref().unwrap_or("")).collect();
            key.rank(what, &row.join("\u{1f}"))
        })
        .collect())
}

/// The root rows: those the predicate keeps, then the keyed sample.
fn root_rows(root: &Table, sub: &SubsetOptions, key: &Key) -> Result<Vec<usize>> {
    let mut rows: Vec<usize> = match &sub.filter {
        Some(w) => {
            let e =
                crate::synth::expr::parse(w).map_err(|m| Error::config(format!("--where: {m}")))?;
            let keep = crate::synth::expr::row_mask(&root.df, &e)
                .map_err(|m| Error::config(format!("--where on {}: {m}", root.name)))?;
            (0..root.df.height()).filter(|r| keep[*r]).collect()
        }
        None => (0..root.df.height()).collect(),
    };
    if sub.rows.is_some() || sub.fraction.is_some() {
        let ranks = row_ranks(&root.df, &format!("subset\u{0}{}", root.name), key)?;
        if let Some(f) = sub.fraction {
            rows.retain(|r| (ranks[*r] as f64) < f * u64::MAX as f64);
        }
        if let Some(n) = sub.rows {
            rows.sort_by_key(|r| (ranks[*r], *r));
            rows.truncate(n);
            rows.sort_unstable();
        }
    }
    Ok(rows)
}

/// Which rows of each table the slice holds, and how many rows each table lost to references
/// that dangle in the input.
fn slice(
    tables: &[Table],
    links: &[Link],
    root: usize,
    roots: &[usize],
    max_children: Option<usize>,
    key: &Key,
) -> Result<(Vec<Vec<bool>>, Vec<usize>)> {
    let mut chosen: Vec<Vec<bool>> = tables.iter().map(|t| vec![false; t.df.height()]).collect();
    let mut down = chosen.clone();
    let parent_of = |l: &Link, r: usize| l.fk[r].as_ref().and_then(|v| l.key.get(v)).copied();
    // Children of each parent row per relation, in keyed order when only some are taken.
    let mut children = Vec::new();
    for l in links {
        let mut by = vec![Vec::new(); tables[l.parent].df.height()];
        for r in 0..l.fk.len() {
            if let Some(p) = parent_of(l, r) {
                by[p].push(r);
            }
        }
        if max_children.is_some() {
            let t = &tables[l.child];
            let ranks = row_ranks(&t.df, &format!("subset\u{0}{}", t.name), key)?;
            for list in &mut by {
                list.sort_by_key(|r| (ranks[*r], *r));
            }
        }
        children.push(by);
    }
    let mut stack = Vec::new();
    for &r in roots {
        chosen[root][r] = true;
        down[root][r] = true;
        stack.push((root, r));
    }
    while let Some((t, r)) = stack.pop() {
        for (li, l) in links.iter().enumerate() {
            if l.child == t
                && let Some(p) = parent_of(l, r)
                && !chosen[l.parent][p]
            {
                chosen[l.parent][p] = true;
                stack.push((l.parent, p));
            }
            if l.parent == t && down[t][r] {
                let list = &children[li][r];
                let take = max_children.map_or(list.len(), |m| m.min(list.len()));
                for &c in &list[..take] {
                    if !down[l.child][c] {
                        down[l.child][c] = true;
                        chosen[l.child][c] = true;
                        stack.push((l.child, c));
                    }
                }
            }
        }
    }
    // Rows referencing a row that is not in the slice (missing from the input) go, and with
    // them the rows that reference those.
    let mut dropped = vec![0usize; tables.len()];
    loop {
        let mut changed = false;
        for l in links {
            for r in 0..l.fk.len() {
                if chosen[l.child][r]
                    && l.fk[r].is_some()
                    && !parent_of(l, r).is_some_and(|p| chosen[l.parent][p])
                {
                    chosen[l.child][r] = false;
                    dropped[l.child] += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok((chosen, dropped))
}

/// What `masq verify --pack` found in a fixture pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackCheck {
    /// Per table of the manifest: its name, the rows the manifest lists and the rows its file
    /// holds.
    pub tables: Vec<(String, usize, usize)>,
    /// Per relation of the manifest.
    pub relations: Vec<PackJoin>,
}

/// One relation of a pack, checked on its files.
#[derive(Debug, Clone, PartialEq)]
pub struct PackJoin {
    pub from: String,
    pub to: String,
    /// Non-empty references in the referencing column.
    pub references: usize,
    /// References that find no row of the referenced table.
    pub dangling: usize,
    /// Data rows (1-based, the header not counted) of the first dangling references.
    pub first_dangling: Vec<usize>,
    /// Repeated values of the referenced key (a join then names several rows).
    pub repeated_keys: usize,
}

impl PackCheck {
    /// Every table holds the rows the manifest lists and every reference finds one parent row.
    pub fn passed(&self) -> bool {
        self.tables.iter().all(|(_, want, got)| want == got)
            && self
                .relations
                .iter()
                .all(|r| r.dangling == 0 && r.repeated_keys == 0)
    }
}

/// Checks the referential integrity of the fixture pack in `dir` (written by `subset`): its
/// `manifest.json` names the tables, their files and rows, and the relations; every file must
/// hold its rows and every non-empty reference must find exactly one row of its parent. Errors
/// (exit 2) name a missing or unreadable manifest or file; what the check finds is in the
/// result.
pub fn verify_pack(dir: &Path, limits: &io::Limits) -> Result<PackCheck> {
    let mpath = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mpath).map_err(|e| {
        Error::input(format!(
            "{}: cannot read the pack's manifest: {} (a pack is a folder `masq subset` wrote)",
            mpath.display(),
            io::io_reason(&e)
        ))
    })?;
    #[derive(serde::Deserialize)]
    struct Manifest {
        tables: Vec<ManifestTable>,
        relations: Vec<ManifestRelation>,
    }
    #[derive(serde::Deserialize)]
    struct ManifestTable {
        table: String,
        file: String,
        format: Option<String>,
        rows: usize,
    }
    #[derive(serde::Deserialize)]
    struct ManifestRelation {
        from: String,
        to: String,
    }
    let m: Manifest = serde_json::from_str(&text).map_err(|e| {
        Error::input(format!(
            "{}:{}:{}: not a pack manifest: {}",
            mpath.display(),
            e.line(),
            e.column(),
            crate::text::one_line(&e.to_string())
        ))
    })?;
    let mut frames = HashMap::new();
    let mut tables = Vec::new();
    for t in &m.tables {
        let path = dir.join(&t.file);
        let fmt = match t.format.as_deref() {
            Some(f) => Format::parse(f).ok_or_else(|| {
                Error::input(format!(
                    "{}: table {}: unknown format '{}'",
                    mpath.display(),
                    t.table,
                    crate::text::one_line(f)
                ))
            })?,
            None => io::resolve_format(&Source::Path(path.clone()), None)?,
        };
        let df = io::read_with(&Source::Path(path), fmt, limits)?.df;
        tables.push((t.table.clone(), t.rows, df.height()));
        frames.insert(t.table.clone(), df);
    }
    let mut relations = Vec::new();
    for r in &m.relations {
        let decl = RelationDecl {
            from: r.from.clone(),
            to: r.to.clone(),
            by: None,
        };
        let (from, to) = decl
            .ends()
            .map_err(|e| Error::input(format!("{}: {e}", mpath.display())))?;
        let side = |(t, c): (&str, &str)| -> Result<(&DataFrame, String)> {
            let df = frames.get(t).ok_or_else(|| {
                Error::input(format!(
                    "{}: relation {} → {}: no table {t} in the pack",
                    mpath.display(),
                    r.from,
                    r.to
                ))
            })?;
            if df.column(c).is_err() {
                return Err(Error::input(format!(
                    "{}: relation {} → {}: table {t} has no column '{c}'",
                    mpath.display(),
                    r.from,
                    r.to
                )));
            }
            Ok((df, c.to_string()))
        };
        let (child, fc) = side(from)?;
        let (parent, pc) = side(to)?;
        let fk = texts(child, &fc)?;
        let keys = texts(parent, &pc)?;
        let (index, repeated_keys) = match key_index(&keys) {
            Ok(k) => (k, 0),
            Err(n) => (
                keys.iter()
                    .flatten()
                    .cloned()
                    .zip(0..)
                    .collect::<HashMap<_, _>>(),
                n,
            ),
        };
        let mut j = PackJoin {
            from: r.from.clone(),
            to: r.to.clone(),
            references: 0,
            dangling: 0,
            first_dangling: Vec::new(),
            repeated_keys,
        };
        for (row, v) in fk.iter().enumerate() {
            let Some(v) = v else { continue };
            j.references += 1;
            if !index.contains_key(v) {
                j.dangling += 1;
                if j.first_dangling.len() < 10 {
                    j.first_dangling.push(row + 1);
                }
            }
        }
        relations.push(j);
    }
    Ok(PackCheck { tables, relations })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, df: DataFrame) -> Table {
        Table {
            name: name.into(),
            source: Source::Path(format!("{name}.csv").into()),
            format: io::Table::Csv.into(),
            df,
        }
    }

    fn link(tables: &[Table], child: usize, fc: &str, parent: usize, pc: &str) -> Link {
        Link {
            decl: RelationDecl {
                from: format!("{}.{fc}", tables[child].name),
                to: format!("{}.{pc}", tables[parent].name),
                by: None,
            },
            declared_by: "policy",
            child,
            child_column: fc.into(),
            fk: texts(&tables[child].df, fc).unwrap(),
            parent,
            parent_column: pc.into(),
            key: key_index(&texts(&tables[parent].df, pc).unwrap()).unwrap(),
        }
    }

    fn key() -> Key {
        Key::from_bytes(vec![7; 32], crate::keys::KeySource::Env).unwrap()
    }

    #[test]
    fn a_slice_takes_the_parents_it_needs_and_the_children_of_its_roots_only() {
        let tables = vec![
            table("customers", df!("id" => ["c1", "c2", "c3"]).unwrap()),
            table(
                "orders",
                df!("id" => ["o1", "o2", "o3", "o4"], "cust" => ["c1", "c1", "c2", "c9"]).unwrap(),
            ),
            table(
                "items",
                df!("order" => ["o1", "o2", "o3", "o3", "o4"], "product" => ["p1", "p2", "p1", "p3", "p2"]).unwrap(),
            ),
            table("products", df!("sku" => ["p1", "p2", "p3"]).unwrap()),
        ];
        let links = vec![
            link(&tables, 1, "cust", 0, "id"),
            link(&tables, 2, "order", 1, "id"),
            link(&tables, 2, "product", 3, "sku"),
        ];
        let (chosen, dropped) = slice(&tables, &links, 0, &[0], None, &key()).unwrap();
        assert_eq!(chosen[0], [true, false, false]);
        assert_eq!(chosen[1], [true, true, false, false], "c1's orders");
        assert_eq!(chosen[2], [true, true, false, false, false], "their items");
        // p1 and p2 are needed; p3 is not, and p1's other items (of o3) are not pulled in.
        assert_eq!(chosen[3], [true, true, false]);
        assert_eq!(dropped, [0, 0, 0, 0]);

        // From orders: o4 references a missing customer and goes, with its item.
        let (chosen, dropped) = slice(&tables, &links, 1, &[2, 3], None, &key()).unwrap();
        assert_eq!(chosen[1], [false, false, true, false]);
        assert_eq!(chosen[0], [false, true, false], "o3's customer");
        assert_eq!(chosen[2], [false, false, true, true, false]);
        assert_eq!(dropped[1], 1);
        assert_eq!(dropped[2], 1);
    }

    #[test]
    fn self_references_and_cycles_end_and_children_can_be_limited() {
        let tables = vec![table(
            "staff",
            df!("id" => ["a", "b", "c", "d", "e"], "boss" => [None, Some("a"), Some("a"), Some("b"), Some("d")]).unwrap(),
        )];
        let links = vec![link(&tables, 0, "boss", 0, "id")];
        // From d: its boss chain up (b, a) and its reports down (e); not b's other reports.
        let (chosen, _) = slice(&tables, &links, 0, &[3], None, &key()).unwrap();
        assert_eq!(chosen[0], [true, true, false, true, true]);
        // From a with one child per parent: one of b and c, and so on down.
        let (chosen, _) = slice(&tables, &links, 0, &[0], Some(1), &key()).unwrap();
        assert!(chosen[0].iter().filter(|c| **c).count() >= 2);
        assert!(chosen[0][0]);
        assert!(!(chosen[0][1] && chosen[0][2]), "one child of a at most");
    }

    #[test]
    fn the_keyed_sample_does_not_depend_on_row_order() {
        let a = table(
            "t",
            df!("id" => ["1", "2", "3", "4", "5", "6", "7", "8"]).unwrap(),
        );
        let b = table(
            "t",
            df!("id" => ["8", "7", "6", "5", "4", "3", "2", "1"]).unwrap(),
        );
        let sub = SubsetOptions {
            root: "t".into(),
            rows: Some(3),
            ..Default::default()
        };
        let pick = |t: &Table| -> Vec<String> {
            let ids = texts(&t.df, "id").unwrap();
            let mut v: Vec<String> = root_rows(t, &sub, &key())
                .unwrap()
                .into_iter()
                .map(|r| ids[r].clone().unwrap())
                .collect();
            v.sort();
            v
        };
        assert_eq!(pick(&a).len(), 3);
        assert_eq!(pick(&a), pick(&b));
    }
}
