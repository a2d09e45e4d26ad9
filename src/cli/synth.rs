//! `masq synth --schema table.toml --rows N -o OUT` — a synthetic table from a schema file.
//!
//! Columns are drawn from their types, ranges and distributions (masq kinds through masq's
//! fakers), derived columns computed by expression, row constraints enforced by drawing again
//! and ratio constraints by rescaling — each counted. Then the output is checked as if a
//! stranger had made it: every row against the schema, every constraint's satisfaction rate,
//! duplicate rows and distinct shares. The schema's `[gate]` decides; a failed gate exits 1
//! and writes nothing but the report.
//!
//! Example:
//!   masq synth --schema examples/synth/tv.toml --rows 1000 -o tv.csv --seed 7 --report tv.json

use super::write_text;
use clap::Args;
use masq::error::{Error, Result, exit};
use masq::io::write::{self, Dest};
use masq::io::{Format, Source, Table};
use masq::synth::{SynthSchema, Tables};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  masq synth --schema examples/synth/tv.toml --rows 1000 -o tv.csv --seed 7
  masq synth --like prod.csv --rows 1e6 -o synthetic.parquet --min-fidelity 0.9
  masq synth --schema examples/synth/fashion.toml -o - --report fashion.json
  masq schema synth > docs/synth.schema.json      the JSON Schema of schema files

Exit codes: 0 written and checked; 1 a threshold of the schema's [gate] failed (nothing
written); 2 a bad schema file, expression or flag (nothing written).";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SynthArgs {
    /// Schema file (TOML): the table, its columns, constraints and [gate]
    /// (`masq schema synth` prints its JSON Schema).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "like",
        conflicts_with = "like"
    )]
    pub schema: Option<PathBuf>,

    /// A real table to resemble (any format masq reads): per-column marginals and a Gaussian
    /// copula; personal columns get masq's fakes; rows equal to a real row are drawn again.
    #[arg(long, value_name = "FILE")]
    pub like: Option<PathBuf>,

    /// --like: categories with fewer rows than this are not reproduced.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub min_category: usize,

    /// --like: share of the real rows (0..0.9) held out of fitting, to measure overfitting
    /// (SDMetrics' DCROverfittingProtection); 0 fits on every row. The metric compares with
    /// the whole of each side, so the larger side is closer more often: 0.5 reads fairly.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub holdout: f64,

    /// --like: rows on each side up to which distances to the closest record are measured
    /// exactly, every pair; beyond, evenly spaced samples of 10,000 (or N, if smaller) a side,
    /// stated in the report. The search costs about the square of the rows measured.
    #[arg(long, value_name = "N", default_value_t = masq::synth::like::DCR_EXACT_ROWS, value_parser = parse_rows)]
    pub dcr_rows: usize,

    /// --like: most synthetic rows equal to a real row.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_copies: usize,

    /// --like: least overall fidelity (KS/TV/correlation/contingency, 0..1) against the table.
    #[arg(long, value_name = "SCORE")]
    pub min_fidelity: Option<f64>,

    /// --like: most share of synthetic rows closer to a real row than real rows are to each
    /// other (their 5th percentile of nearest-neighbour Gower distances).
    #[arg(long, value_name = "SHARE")]
    pub max_close_rows: Option<f64>,

    /// --like: write the real rows, anonymized as `masq run` does (leak check and gate
    /// included), followed by the synthetic rows: a hybrid table.
    #[arg(long, requires = "like")]
    pub append: bool,

    /// --append: add a column of this name, true on synthetic rows and false on real ones.
    #[arg(long, value_name = "COLUMN", requires = "append")]
    pub mark: Option<String>,

    /// --append: the policy `masq run` anonymizes the real rows with (default: built-in).
    #[arg(long, value_name = "FILE", requires = "append")]
    pub policy: Option<PathBuf>,

    /// Rows to generate (default: the schema's `table.rows`, else 100). `1e6` works.
    #[arg(long, value_name = "N", value_parser = parse_rows)]
    pub rows: Option<usize>,

    /// Output file, or `-` for stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: String,

    /// Output format (csv, tsv, parquet, json, ndjson, text formats also .gz/.zst); default:
    /// the output file's extension (stdout: csv).
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_format)]
    pub format: Option<Format>,

    /// Seed: the same seed and schema give byte-identical output. Overrides --key-file.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Secret key file (≥ 16 bytes) seeding the generator (same key → same rows). Without it
    /// (and without --seed or MASQ_KEY), a random key is used and the report says so.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Replace existing output and report files.
    #[arg(long)]
    pub force: bool,

    /// Write the report (JSON) here — also when the gate fails.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Also write the report as a self-contained HTML page.
    #[arg(long, value_name = "FILE")]
    pub report_html: Option<PathBuf>,

    /// Print nothing on stderr unless there is an error.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub llm: super::LlmArgs,
}

/// `1000`, `1e6`, `1_000_000`.
fn parse_rows(s: &str) -> std::result::Result<usize, String> {
    let t = s.replace('_', "");
    t.parse::<usize>()
        .ok()
        .or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite() && *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as usize)
        })
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("'{s}' is not a positive row count"))
}

pub fn run(a: SynthArgs) -> Result<u8> {
    let tables = a.schema.as_deref().map(Tables::load).transpose()?;
    if let Some(t) = tables.as_ref().filter(|t| t.several) {
        return run_tables(&a, t);
    }
    let schema: Option<SynthSchema> = tables.map(|mut t| t.tables.remove(0));
    let rows = a
        .rows
        .or(schema.as_ref().and_then(|s| s.table.rows))
        .unwrap_or(100);
    let dest = if a.output == "-" {
        Dest::Stdout
    } else {
        Dest::Path(PathBuf::from(&a.output))
    };
    let format = match &dest {
        Dest::Stdout | Dest::Pipe(_) => a.format.unwrap_or(Format::Csv),
        Dest::Path(p) => masq::io::resolve_format(&Source::Path(p.clone()), a.format)?,
    };
    write::check_destination(&dest, a.force)?;
    for r in [&a.report, &a.report_html].into_iter().flatten() {
        write::check_destination(&Dest::Path(r.clone()), a.force)?;
    }
    let (key, key_note) = resolve_key(&a)?;
    let (out, schema_name) = match (&schema, &a.like) {
        (Some(schema), _) => {
            let name = a
                .schema
                .as_ref()
                .expect("with a schema")
                .display()
                .to_string();
            let out = match llm_client(&a.llm)? {
                Some(llm) => masq::synth::synthesize_llm(schema, &name, rows, &key, llm.as_ref())?,
                None => masq::synth::synthesize(schema, &name, rows, &key)?,
            };
            (out, name)
        }
        (None, Some(like)) => {
            if a.append {
                return run_append(&a, like, rows, &key, key_note, &dest, format);
            }
            let src = Source::Path(like.clone());
            let fmt = masq::io::resolve_format(&src, None)?;
            let reference = masq::io::read(&src, fmt)?.df;
            let name = like.display().to_string();
            let out = like_from_args(&a, &reference, &name, rows, &key)?;
            (out, name)
        }
        (None, None) => unreachable!("clap requires --schema or --like"),
    };

    let mut report = base_report(&a, &key, key_note);
    report.timings_ms = out.timings_ms.clone();
    let passed = out.report.gate.passed;
    let summary = summary(&out.report);
    report.synth = Some(out.report);

    let pending = if passed {
        let text = matches!(format.table, Table::Csv | Table::Tsv);
        let mut frame = match &schema {
            Some(schema) => masq::synth::for_output(schema, &out.frame, text)?,
            None => out.frame.clone(),
        };
        Some(write::prepare(&mut frame, &dest, format)?)
    } else {
        None
    };
    if passed {
        report.verdict = masq::report::Verdict::Written;
    }
    emit(&a, &report, &summary, passed)?;
    match pending {
        Some(p) => {
            p.commit(a.force)?;
            Ok(exit::OK)
        }
        None => Err(Error::Verification(format!(
            "{}: the synth gate failed ({}); nothing was written",
            schema_name,
            failures(report.synth.as_ref().expect("set above"))
        ))),
    }
}

/// `--like --append`: the real rows anonymized by the `run` pipeline (into a temporary folder,
/// with its leak check and gate), then `rows` synthetic rows fitted on the real table, in one
/// output; `--mark` tells them apart. Written only when both gates passed; the report holds
/// the run's checks and the synth section.
fn run_append(
    a: &SynthArgs,
    like: &std::path::Path,
    rows: usize,
    key: &masq::keys::Key,
    key_note: Option<String>,
    dest: &Dest,
    format: Format,
) -> Result<u8> {
    use masq::pipeline::{KeySpec, OutputTarget, RunOptions};
    let name = like.display().to_string();
    let src = Source::Path(like.to_path_buf());
    let fmt = masq::io::resolve_format(&src, None)?;
    let reference = masq::io::read(&src, fmt)?.df;
    if let Some(m) = &a.mark
        && reference.column(m).is_ok()
    {
        return Err(Error::config(format!(
            "--mark {m}: {name} already has a column of that name"
        )));
    }
    // The anonymized real rows go to a temporary folder beside the output (Parquet keeps
    // their types), removed when this function returns.
    let beside = match dest {
        Dest::Path(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf),
        Dest::Stdout | Dest::Pipe(_) => std::env::temp_dir(),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".masq-append-")
        .tempdir_in(&beside)
        .map_err(|e| Error::write(beside.display().to_string(), "create a folder in", e))?;
    let anon_path = tmp.path().join("real.parquet");
    let key_spec = match a.seed {
        Some(seed) => KeySpec::Env(seed_bytes(seed)),
        None => KeySpec::from_flag_or_env(a.key_file.as_deref()),
    };
    let opts = RunOptions {
        inputs: vec![src.clone()],
        format: None,
        output: OutputTarget::File(anon_path.clone()),
        output_format: Some(Format::from_path(&anon_path).expect("parquet")),
        policy: a.policy.clone(),
        rules_dirs: vec![],
        key: key_spec,
        force: false,
        report: None,
        report_html: None,
        sample_size: masq::detect::DEFAULT_SAMPLE,
        llm: None,
        memory_limit: masq::pipeline::DEFAULT_MEMORY_LIMIT,
        batch_size: None,
        maps_budget: None,
        read_counter: Default::default(),
        relations: vec![],
        input_names: vec![],
        growing: vec![],
        limits: Default::default(),
    };
    let ran = masq::pipeline::run(&opts, |_| {})?;
    let mut report = ran.report;
    report.command = masq::report::Command::Synth;
    // The real rows' destination is the hybrid output, not the temporary folder.
    for i in &mut report.inputs {
        i.output = Some(dest.display());
        i.output_format = Some(format);
    }
    report.key = key_info(a, key);
    report.warnings.extend(key_note);
    let run_passed = report.verdict == masq::report::Verdict::Written;
    let out = like_from_args(a, &reference, &name, rows, key)?;
    for (stage, ms) in &out.timings_ms {
        *report
            .timings_ms
            .entry(format!("synth.{stage}"))
            .or_default() += ms;
    }
    let passed = run_passed && out.report.gate.passed;
    let mut summary_text = report.summary();
    summary_text.push_str(&summary(&out.report));
    report.synth = Some(out.report);
    report.verdict = if passed {
        masq::report::Verdict::Written
    } else {
        masq::report::Verdict::Refused
    };
    let pending = if passed {
        let anon = masq::io::read(
            &Source::Path(anon_path.clone()),
            Format::from_path(&anon_path).expect("parquet"),
        )?
        .df;
        let mut hybrid = masq::synth::hybrid(&anon, &out.frame, a.mark.as_deref())?;
        Some(write::prepare(&mut hybrid, dest, format)?)
    } else {
        None
    };
    emit(a, &report, &summary_text, passed)?;
    match pending {
        Some(p) => {
            p.commit(a.force)?;
            Ok(exit::OK)
        }
        None => Err(Error::Verification(format!(
            "{name}: {}; nothing was written",
            if run_passed {
                format!(
                    "the synth gate failed ({})",
                    failures(report.synth.as_ref().expect("set above"))
                )
            } else {
                format!(
                    "anonymizing the real rows failed verification ({})",
                    report.gate_summary()
                )
            }
        ))),
    }
}

/// `--like` with the flags' thresholds and model.
fn like_from_args(
    a: &SynthArgs,
    reference: &polars::prelude::DataFrame,
    name: &str,
    rows: usize,
    key: &masq::keys::Key,
) -> Result<masq::synth::Synthesized> {
    let gate = masq::synth::LikeGate {
        max_copies: a.max_copies,
        min_fidelity: a.min_fidelity,
        max_close_rows: a.max_close_rows,
        dcr_rows: a.dcr_rows,
    };
    masq::synth::synthesize_like(
        reference,
        name,
        rows,
        a.min_category,
        a.holdout.clamp(0.0, 0.9),
        key,
        &gate,
        llm_client(&a.llm)?.as_deref(),
    )
}

/// Writes the report (JSON and HTML, when asked for) and prints the summary unless `--quiet`
/// (always when the gate failed).
fn emit(a: &SynthArgs, report: &masq::report::Report, summary: &str, passed: bool) -> Result<()> {
    if let Some(r) = &a.report {
        write_text(r, &report.to_json(), a.force)?;
    }
    if let Some(h) = &a.report_html {
        write_text(h, &masq::report::html::render(report), a.force)?;
    }
    if !a.quiet || !passed {
        eprint!("{}", masq::text::printable(summary));
    }
    Ok(())
}

/// The key of `--seed`, `--key-file` or `MASQ_KEY` (else a random one, with a warning).
fn resolve_key(a: &SynthArgs) -> Result<(masq::keys::Key, Option<String>)> {
    Ok(match a.seed {
        Some(seed) => (seed_key(seed)?, None),
        None => {
            let key = masq::pipeline::KeySpec::from_flag_or_env(a.key_file.as_deref()).resolve()?;
            let note = (key.source == masq::keys::KeySource::Random).then(|| {
                "no --seed, --key-file or MASQ_KEY: a random key was used, so this output cannot be reproduced".to_string()
            });
            (key, note)
        }
    })
}

/// The key's source and fingerprint for the report (none with `--seed`).
fn key_info(a: &SynthArgs, key: &masq::keys::Key) -> Option<masq::report::KeyInfo> {
    a.seed.is_none().then(|| masq::report::KeyInfo {
        source: key.source,
        fingerprint: key.fingerprint_id(),
    })
}

/// A synth report with the key (or seed) and its warning filled in.
fn base_report(
    a: &SynthArgs,
    key: &masq::keys::Key,
    key_note: Option<String>,
) -> masq::report::Report {
    let mut report = masq::report::Report::new(masq::report::Command::Synth);
    report.key = key_info(a, key);
    report.warnings.extend(key_note);
    if let Some(s) = a.seed {
        report.warnings.push(format!("seeded with --seed {s}"));
    }
    report
}

/// A schema file of several tables: `-o DIR` gets `DIR/<table>.<ext>` for each, written only
/// when every table's gate passed (the folder is created then if it is missing).
fn run_tables(a: &SynthArgs, tables: &Tables) -> Result<u8> {
    let file = a
        .schema
        .as_ref()
        .expect("a schema file")
        .display()
        .to_string();
    if a.output == "-" {
        return Err(Error::config(format!(
            "{file}: a schema of several tables writes one file per table: give a folder (-o DIR), not -o -"
        )));
    }
    let dir = PathBuf::from(&a.output);
    if dir.exists() && !dir.is_dir() {
        return Err(Error::config(format!(
            "{}: a schema of several tables writes one file per table into a folder; this is a file",
            dir.display()
        )));
    }
    let format = a.format.unwrap_or(Format::Csv);
    let dests: Vec<Dest> = tables
        .tables
        .iter()
        .map(|t| Dest::Path(format.file_name_for(&dir.join(&t.table.name))))
        .collect();
    for d in &dests {
        let Dest::Path(p) = d else { continue };
        if p.exists() && (!a.force || p.is_dir()) {
            return Err(Error::output(format!(
                "{}: already exists{}",
                p.display(),
                if p.is_dir() {
                    ""
                } else {
                    " (use --force to replace it)"
                }
            )));
        }
    }
    for r in [&a.report, &a.report_html].into_iter().flatten() {
        write::check_destination(&Dest::Path(r.clone()), a.force)?;
    }
    let (key, key_note) = resolve_key(a)?;
    let llm = llm_client(&a.llm)?;
    let outs =
        masq::synth::synthesize_tables(tables, &file, a.rows.unwrap_or(100), &key, llm.as_deref())?;
    let mut report = base_report(a, &key, key_note);
    let passed = outs.iter().all(|o| o.report.gate.passed);
    let mut summaries = String::new();
    for o in &outs {
        for (stage, ms) in &o.timings_ms {
            *report
                .timings_ms
                .entry(format!("{}.{stage}", o.report.table))
                .or_default() += ms;
        }
        summaries.push_str(&summary(&o.report));
    }
    report.synth_tables = outs.iter().map(|o| o.report.clone()).collect();
    // Every table goes to a temporary file in the folder first; the folder is made only now,
    // and removed again if a table cannot be written.
    let made_dir = passed && !dir.exists();
    let pending = if passed {
        if made_dir {
            std::fs::create_dir_all(&dir).map_err(|e| {
                Error::output(format!(
                    "{}: cannot create the folder: {}",
                    dir.display(),
                    masq::io::io_reason(&e)
                ))
            })?;
        }
        let text = matches!(format.table, Table::Csv | Table::Tsv);
        let prepared: Result<Vec<write::Pending>> = outs
            .iter()
            .zip(&tables.tables)
            .zip(&dests)
            .map(|((o, schema), d)| {
                let mut frame = masq::synth::for_output(schema, &o.frame, text)?;
                write::prepare(&mut frame, d, format)
            })
            .collect();
        match prepared {
            Ok(p) => p,
            Err(e) => {
                if made_dir {
                    let _ = std::fs::remove_dir(&dir);
                }
                return Err(e);
            }
        }
    } else {
        vec![]
    };
    if passed {
        report.verdict = masq::report::Verdict::Written;
    }
    emit(a, &report, &summaries, passed)?;
    if !passed {
        let failed: Vec<String> = outs
            .iter()
            .filter(|o| !o.report.gate.passed)
            .map(|o| format!("{}: {}", o.report.table, failures(&o.report)))
            .collect();
        return Err(Error::Verification(format!(
            "{file}: the synth gate failed ({}); nothing was written",
            failed.join("; ")
        )));
    }
    for p in pending {
        p.commit(a.force)?;
    }
    Ok(exit::OK)
}

/// The model behind `--llm-url` (or `--llm-replay`), if one was named.
fn llm_client(a: &super::LlmArgs) -> Result<Option<Box<dyn masq::llm::Llm>>> {
    use masq::pipeline::llm_stage::LlmBackend;
    let Some(opts) = a.options() else {
        return Ok(None);
    };
    let llm: Box<dyn masq::llm::Llm> = match opts.backend {
        LlmBackend::Http(cfg) => {
            Box::new(masq::llm::HttpLlm::new(cfg).map_err(|e| Error::config(e.to_string()))?)
        }
        LlmBackend::Replay { dir, model } => Box::new(masq::llm::ReplayLlm::new(dir, model)),
    };
    Ok(Some(llm))
}

/// A key made from `--seed`: the same seed gives the same key on every machine.
fn seed_key(seed: u64) -> Result<masq::keys::Key> {
    masq::keys::Key::from_bytes(seed_bytes(seed), masq::keys::KeySource::KeyFile)
}

fn seed_bytes(seed: u64) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"masq/synth/seed/v1\0");
    h.update(seed.to_le_bytes());
    h.finalize().to_vec()
}

fn failures(s: &masq::synth::SynthReport) -> String {
    let bad: Vec<String> = s
        .gate
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| match &c.subject {
            Some(sub) => format!(
                "{} `{sub}`: {:.4} against {:.4}",
                c.threshold, c.actual, c.required
            ),
            None => format!("{}: {:.4} against {:.4}", c.threshold, c.actual, c.required),
        })
        .collect();
    match bad.len() {
        0 => "no threshold failed".into(),
        1..=3 => bad.join("; "),
        n => format!("{}; +{} more in the report", bad[..3].join("; "), n - 3),
    }
}

/// A few lines for stderr: rows, validity, each constraint's rate, duplicates, the verdict.
fn summary(s: &masq::synth::SynthReport) -> String {
    let mut out = format!(
        "{}: {} of {} rows ({} drawn, {} rejected, {} cells repaired){}\n",
        s.table,
        s.rows_generated,
        s.rows_requested,
        s.generation.rows_drawn,
        s.generation.rejected.values().sum::<usize>(),
        s.generation.repaired.values().sum::<usize>(),
        s.validity
            .as_ref()
            .map(|v| format!("; {:.1}% schema-valid", v.valid_share * 100.0))
            .unwrap_or_default(),
    );
    if let Some(l) = &s.like {
        let f = &l.fidelity;
        let corr: Vec<f64> = f
            .pairs
            .iter()
            .filter(|p| p.metric.to_string() == "CorrelationSimilarity")
            .map(|p| p.score)
            .collect();
        out.push_str(&format!(
            "  fidelity {}{}; {} exact copies of real rows; distance to closest real row: median {:.3}, {:.1}% closer than the real 5th percentile ({:.3})\n",
            f.overall.map_or("n/a".into(), |o| format!("{o:.3}")),
            if corr.is_empty() {
                String::new()
            } else {
                format!(
                    ", correlation similarity {:.3}",
                    corr.iter().sum::<f64>() / corr.len() as f64
                )
            },
            l.exact_copies,
            l.distance.median,
            l.distance.close_share * 100.0,
            l.distance.real_p05,
        ));
        out.push_str(&format!(
            "  DCRBaselineProtection {}{}\n",
            l.distance
                .baseline_protection
                .map_or("n/a".into(), |b| format!("{b:.3}")),
            l.distance
                .overfitting
                .as_ref()
                .map(|o| format!("; DCROverfittingProtection {:.3}", o.score))
                .unwrap_or_default()
        ));
    }
    for c in s.constraints.iter().take(12) {
        out.push_str(&format!(
            "  {} {}: {:.1}% ({} of {}){}\n",
            c.kind,
            c.name,
            c.rate * 100.0,
            c.held,
            c.checked,
            c.observed
                .map(|o| format!(", observed {o:.4}"))
                .unwrap_or_default()
        ));
    }
    out.push_str(&format!(
        "  duplicate rows: {} ({:.2}%)\n  gate: {}\n",
        s.diversity.duplicate_rows,
        s.diversity.duplicate_share * 100.0,
        if s.gate.passed { "passed" } else { "FAILED" }
    ));
    out
}
