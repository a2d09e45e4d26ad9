//! `run` and `subset` with PostgreSQL tables in and a PostgreSQL schema out.
//!
//! Each source table is copied (`COPY … TO STDOUT`, all of a database's tables in one
//! read-only snapshot) into a CSV file in a private temporary folder, named after the table so
//! relations name tables as they do for files. The usual pipeline then runs on those files —
//! detection, keys that join, the leak gate, the residual scan. Only when its gate passed is
//! the target schema created and loaded, in one transaction ([`crate::io::postgres::load_schema`]):
//! a refused gate or any failure leaves no schema behind. Reports name the tables by their URL
//! without its password. Files may be mixed in as inputs when the output is files. Foreign
//! keys of one column between the input tables come from the catalog as relations (keys that
//! join, and what `--root` follows).

use super::{OutputTarget, RunOptions, RunResult, SubsetOptions};
use crate::error::{Error, Result};
use crate::io::postgres::{self, PgUrl, TableDef};
use crate::io::{Format, Source, Table};
use crate::report::Verdict;

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
    let tmp = tempfile::Builder::new()
        .prefix("masq-pg-")
        .tempdir()
        .map_err(|e| Error::write(std::env::temp_dir().display(), "create a folder in", e))?;
    let in_dir = tmp.path().join("in");
    std::fs::create_dir(&in_dir)
        .map_err(|e| Error::write(in_dir.display().to_string(), "create", e))?;

    // Inputs: tables copied out, files as they are. Tables of one database are read in one
    // snapshot.
    let mut sources = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    let mut defs: Vec<Option<TableDef>> = Vec::new();
    let mut urls: Vec<(PgUrl, usize)> = Vec::new();
    for arg in inputs {
        if postgres::is_url(arg) {
            let u = PgUrl::parse(arg)?;
            if u.table.is_none() {
                return Err(Error::config(format!(
                    "{}: name the table to read with ?table=schema.name",
                    u.display()
                )));
            }
            shown.push(u.display().to_string());
            urls.push((u, sources.len()));
            sources.push(None);
            defs.push(None);
        } else {
            shown.push(arg.clone());
            sources.push(Some(Source::from_arg(arg)));
            defs.push(None);
        }
    }
    let mut by_db: Vec<(String, Vec<(PgUrl, usize)>)> = Vec::new();
    for (u, i) in urls {
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
    for (_, tables) in &by_db {
        let mut client = tables[0].0.connect()?;
        let first = &tables[0].0;
        client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| Error::input(format!("{}: {}", first.display(), first.reason(&e))))?;
        for (u, i) in tables {
            let (schema, name) = u.table.clone().expect("checked above");
            progress(&format!("copying {schema}.{name} out of PostgreSQL"));
            let def = postgres::table_def(&mut client, u, &schema, &name)?;
            let path = in_dir.join(format!("{name}.csv"));
            if path.exists() {
                return Err(Error::config(format!(
                    "{}: a second table named {name}; relations and outputs name tables by name",
                    u.display()
                )));
            }
            postgres::export_csv(&mut client, u, &def, &path)?;
            sources[*i] = Some(Source::Path(path));
            defs[*i] = Some(def);
        }
        client
            .batch_execute("COMMIT")
            .map_err(|e| Error::input(format!("{}: {}", first.display(), first.reason(&e))))?;
    }
    let sources: Vec<Source> = sources.into_iter().map(|s| s.expect("filled")).collect();
    // Foreign keys of one column between the input tables, from the catalog.
    let mut relations = opts.relations.clone();
    for d in defs.iter().flatten() {
        for (cols, rs, rt, rcols) in &d.foreign_keys {
            if let ([c], [rc]) = (cols.as_slice(), rcols.as_slice())
                && defs
                    .iter()
                    .flatten()
                    .any(|p| p.schema == *rs && p.name == *rt)
            {
                relations.push(crate::policy::RelationDecl {
                    from: format!("{}.{c}", d.name),
                    to: format!("{rt}.{rc}"),
                    by: Some("catalog"),
                });
            }
        }
    }

    let out_dir = tmp.path().join("out");
    let csv = Format::from(Table::Csv);
    let inner = RunOptions {
        inputs: sources,
        output: match &target {
            Some(_) => OutputTarget::Dir(out_dir.clone()),
            None => OutputTarget::from_arg(output, inputs.len()),
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
        ..opts.clone()
    };
    let ran = match sub {
        Some(s) => super::subset(&inner, s, &mut progress)?,
        None => super::run(&inner, &mut progress)?,
    };
    let mut report = ran.report;
    for (i, s) in report.inputs.iter_mut().zip(&shown) {
        i.path = s.clone();
    }
    if let Some((t, schema)) = &target
        && report.verdict == Verdict::Written
    {
        let mut tables = Vec::new();
        for (i, d) in defs.iter().enumerate() {
            let Some(d) = d else {
                return Err(Error::config(format!(
                    "{}: writing to PostgreSQL takes PostgreSQL tables as inputs (their column types make the target's)",
                    shown[i]
                )));
            };
            // Columns the policy dropped are not created (a constraint on one then fails
            // the load, which is rolled back).
            let dropped: Vec<&str> = report.inputs[i]
                .columns
                .iter()
                .filter(|c| c.strategy == Some(crate::policy::Strategy::Drop))
                .map(|c| c.name.as_str())
                .collect();
            let mut d = d.clone();
            d.columns.retain(|(n, _, _)| !dropped.contains(&n.as_str()));
            let file = out_dir.join(format!("{}.csv", d.name));
            tables.push((d, file));
        }
        progress(&format!("loading schema {schema} in one transaction"));
        postgres::load_schema(t, schema, &tables)?;
        for (i, d) in report.inputs.iter_mut().zip(&defs) {
            if let Some(d) = d {
                i.output = Some(format!("{} ({schema}.{})", t.display(), d.name));
            }
        }
    }
    if let Some((t, _)) = &target
        && report.verdict != Verdict::Written
    {
        for i in &mut report.inputs {
            i.output = Some(format!("{} (not written)", t.display()));
        }
    }
    opts.write_reports(&report)?;
    drop(tmp);
    Ok(RunResult { report })
}

/// Whether a run needs [`run_db`]: an input or the output is a PostgreSQL URL.
pub fn needs_db(inputs: &[String], output: &str) -> bool {
    postgres::is_url(output) || inputs.iter().any(|i| postgres::is_url(i))
}
