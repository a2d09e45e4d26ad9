//! `masq verify`: audit a pair of files that need not come from masq (rows need not be
//! aligned) with the same audit `run` uses on its own output.

use super::run::policy_name;
use super::{
    RunResult, Stopwatch, VerifyOptions, check_report_destinations, read_files, write_reports,
};
use crate::detect::{self, spans::SpanFinder};
use crate::error::Result;
use crate::io;
use crate::policy::Policy;
use crate::report::{ColumnReport, Command, InputReport, KeyInfo, Report, Verdict};
use crate::rules::RuleSet;
use crate::verify;

/// Every value of every identifying column of the original — detected, or named by the
/// policy — is searched for in every cell of the anonymized file, and every cell is scanned
/// for identifiers the original held. Returns exit code 1 when the gate fails.
pub fn verify(opts: &VerifyOptions) -> Result<RunResult> {
    crate::detect::warm_up();
    let rules = RuleSet::load(&opts.rules_dirs)?;
    let policy = Policy::load_or_default(opts.policy.as_deref())?;
    let key = opts.key.resolve()?;
    let sources = [opts.original.clone(), opts.anonymized.clone()];
    check_report_destinations(
        Vec::new(),
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        &read_files(&sources, &opts.key, &opts.policy),
        opts.force,
    )?;
    let mut clock = Stopwatch::default();
    let original = io::read_with(
        &opts.original,
        io::resolve_format(&opts.original, opts.format)?,
        &opts.limits,
    )?;
    let anonymized = io::read_with(
        &opts.anonymized,
        io::resolve_format(&opts.anonymized, opts.anonymized_format.or(opts.format))?,
        &opts.limits,
    )?;
    clock.lap("read");
    let findings = detect::detect_frame(&original.df, &rules, opts.sample_size);
    clock.lap("detect");
    policy.check_columns(
        &policy_name(opts.policy.as_deref()),
        findings.iter().map(|f| f.column.as_str()),
    )?;

    let mut report = Report::new(Command::Verify);
    report.rules = rules.families.clone();
    report.policy = opts.policy.as_ref().map(|p| p.display().to_string());
    report.key = Some(KeyInfo {
        source: key.source,
        fingerprint: key.fingerprint_id(),
    });
    let input = original.source.display();
    let finder = SpanFinder::new(&rules);
    let (index, audited) =
        verify::audit::index_audited(&input, &original.df, &findings, &policy, &rules, &finder)?;
    let columns = findings
        .iter()
        .zip(&audited)
        .map(|(f, a)| {
            let mut cr = ColumnReport::from_finding(f);
            cr.kind = a.kind;
            cr.decided_by = a.searched.map(String::from);
            cr
        })
        .collect();
    report.inputs.push(InputReport {
        path: input.clone(),
        format: original.format,
        rows: original.df.height(),
        output: Some(anonymized.source.display()),
        output_format: Some(anonymized.format),
        columns,
        fidelity: None,
        risk: None,
    });
    clock.lap("index originals");

    let pair = verify::audit::Pair {
        input: input.clone(),
        label: anonymized.source.display(),
        original: &original.df,
        output: &anonymized.df,
        plans: None,
        fidelity: audited.into_iter().map(|a| a.spec).collect(),
    };
    let audit = verify::audit::audit(&[pair], &index, &rules, &policy, &key, &mut |_| {})?;
    clock.add(&audit.laps);
    let passed = audit.gate.passed;
    report.add_audit(audit);
    if index.is_empty() {
        report.warnings.push(format!(
            "no identifying column was found in {input}: the leak search had no originals to look for (name columns with a policy); the residual scan still looked at every cell"
        ));
    }
    report.verdict = if passed {
        Verdict::Verified
    } else {
        Verdict::Failed
    };
    report.timings_ms = clock.laps;
    write_reports(
        &report,
        opts.report.as_deref(),
        opts.report_html.as_deref(),
        opts.force,
    )?;
    Ok(RunResult { report })
}
