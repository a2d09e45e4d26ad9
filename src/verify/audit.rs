//! One audit for `run` and `verify`: the leak search, the residual scan, fidelity, risk and
//! the gate, over pairs of (original, output) frames.
//!
//! `run` audits its own, row-aligned output (it knows each column's plan); `verify` audits a
//! file someone else produced (rows need not line up). Both build their [`LeakIndex`] here too
//! ([`index_batch`], [`index_audited`]), so the two commands cannot drift apart: the only
//! difference between them is what they know about the output.

use super::fidelity::{ColumnSpec, Fidelity, Role};
use super::gate::{GateInput, GateResult, gate};
use super::residual::{ResidualCheck, ResidualScanner};
use super::risk::Risk;
use super::{LeakCheck, LeakIndex};
use crate::detect::spans::{Found, SpanFinder, text_key};
use crate::detect::{CellScope, ColumnFinding};
use crate::error::Result;
use crate::keys::Key;
use crate::kind::Kind;
use crate::policy::{ColumnPlan, Policy, Strategy};
use crate::rules::RuleSet;
use crate::transform::as_text;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

/// One original and the output made from it.
pub struct Pair<'a> {
    /// The original's name in reports (a path, or `<stdin>`).
    pub input: String,
    /// The name findings in the output are reported under.
    pub label: String,
    pub original: &'a DataFrame,
    pub output: &'a DataFrame,
    /// The plan of each column when the output is masq's own, row by row (`run`); `None` for a
    /// file audited after the fact (`verify`).
    pub plans: Option<&'a [ColumnPlan]>,
    /// What fidelity compares for each column.
    pub fidelity: Vec<ColumnSpec>,
}

/// What one input's audit measured besides leaks.
#[derive(Debug, Clone)]
pub struct InputAudit {
    pub fidelity: Fidelity,
    /// k-anonymity before and after (when the policy names quasi-identifiers this input has).
    pub risk: Option<Risk>,
}

/// Everything the audit measured and the gate's verdict over it.
#[derive(Debug, Clone)]
pub struct Audit {
    pub leak_check: LeakCheck,
    pub residual_check: ResidualCheck,
    /// One per pair, in order.
    pub inputs: Vec<InputAudit>,
    pub gate: GateResult,
    pub warnings: Vec<String>,
    /// Wall time of each step in milliseconds.
    pub laps: Vec<(&'static str, u64)>,
}

/// Audits every pair: leaks of `index` anywhere in the outputs (and, for aligned pairs, values
/// left in place row by row), identifiers the rules find in any output cell, fidelity, risk
/// over the policy's quasi-identifiers, and then the gate's thresholds.
pub fn audit(
    pairs: &[Pair],
    index: &LeakIndex,
    rules: &RuleSet,
    policy: &Policy,
    key: &Key,
    progress: &mut dyn FnMut(&str),
) -> Result<Audit> {
    let mut laps = Vec::new();
    let mut last = Instant::now();
    let mut lap = |name: &'static str| {
        let now = Instant::now();
        laps.push((name, (now - last).as_millis() as u64));
        last = now;
    };
    let mut warnings = Vec::new();

    progress("checking for leaks");
    let mut leaks = Vec::new();
    let mut cells = 0;
    for p in pairs {
        let (l, c) = super::search_frame(&p.label, p.output, index, key, 0, &Default::default())?;
        leaks.extend(l);
        cells += c;
        if let Some(plans) = p.plans {
            leaks.extend(super::check_rows(
                &p.label, p.original, p.output, plans, key, 0,
            )?);
        }
    }
    let leaked: usize = leaks.iter().map(|l| l.leaked_cells).sum();
    let leak_check = LeakCheck {
        passed: leaked as u64 <= policy.gate.max_leaks,
        max_leaks: policy.gate.max_leaks,
        originals_indexed: index.len(),
        cells_checked: cells,
        leaked_cells: leaked,
        columns: leaks,
    };
    lap("verify");

    progress("scanning every output cell for identifiers left behind");
    let scanner = ResidualScanner::new(rules);
    let mut residual_check = ResidualCheck::default();
    for p in pairs {
        residual_check.add(match p.plans {
            Some(plans) => {
                super::residual::scan_run(&scanner, &p.label, p.original, p.output, plans, key)?
            }
            None => {
                // Identifiers of the original that sit in the output, whether or not
                // detection recognised their columns.
                let held = super::residual::identifiers_in(&scanner, p.original)?;
                super::residual::scan_audited(&scanner, &p.label, p.output, &held, key)?
            }
        });
    }
    residual_check.finish(policy.gate.max_residual);
    lap("residual scan");

    progress("measuring fidelity and risk");
    let valid = |kind: Kind, v: &str| rules.validity(kind, v);
    let mut fidelity = Vec::new();
    for p in pairs {
        fidelity.push(super::fidelity::compute(
            p.original,
            p.output,
            &p.fidelity,
            &valid,
        )?);
    }
    lap("fidelity");
    let risk = assess_risk(policy, pairs, &mut warnings)?;
    lap("risk");

    let inputs: Vec<InputAudit> = fidelity
        .into_iter()
        .zip(risk)
        .map(|(fidelity, risk)| InputAudit { fidelity, risk })
        .collect();
    let gate_inputs: Vec<GateInput> = pairs
        .iter()
        .zip(&inputs)
        .map(|(p, a)| GateInput {
            path: &p.input,
            columns: p
                .original
                .get_column_names()
                .into_iter()
                .map(|c| c.as_str())
                .collect(),
            fidelity: Some(&a.fidelity),
            risk: a.risk.as_ref(),
        })
        .collect();
    let gate = gate(
        policy,
        Some(&leak_check),
        Some(&residual_check),
        &gate_inputs,
    );
    drop(gate_inputs);
    Ok(Audit {
        leak_check,
        residual_check,
        inputs,
        gate,
        warnings,
        laps,
    })
}

/// k-anonymity before and after, for every pair whose original has all the policy's
/// quasi-identifiers (a quasi-identifier no input has is refused earlier, by
/// [`Policy::check_columns`]).
pub(super) fn assess_risk(
    policy: &Policy,
    pairs: &[Pair],
    warnings: &mut Vec<String>,
) -> Result<Vec<Option<Risk>>> {
    let qis = &policy.risk.quasi_identifiers;
    if qis.is_empty() {
        return Ok(vec![None; pairs.len()]);
    }
    let mut out = Vec::new();
    for p in pairs {
        if !qis.iter().all(|q| p.original.column(q).is_ok()) {
            out.push(None);
            continue;
        }
        // A dropped quasi-identifier no longer identifies anyone: assess what is left.
        let kept: Vec<String> = qis
            .iter()
            .filter(|q| p.output.column(q).is_ok())
            .cloned()
            .collect();
        out.push(Some(Risk {
            quasi_identifiers: qis.clone(),
            required_k: policy.gate.min_k,
            before: super::risk::assess(p.original, qis, policy.gate.min_k)?,
            after: super::risk::assess(p.output, &kept, policy.gate.min_k)?,
        }));
    }
    warn_unassessed(policy, &out, warnings);
    Ok(out)
}

/// The warning when quasi-identifiers are named but no input has them all.
pub(super) fn warn_unassessed(policy: &Policy, risks: &[Option<Risk>], warnings: &mut Vec<String>) {
    let qis = &policy.risk.quasi_identifiers;
    if !qis.is_empty() && risks.iter().all(Option::is_none) {
        warnings.push(format!(
            "risk not assessed: no input has all of the quasi-identifiers [{}]{}",
            qis.join(", "),
            if policy.gate.min_k.is_some() {
                ", so min_k was not checked"
            } else {
                ""
            }
        ));
    }
}

/// One input of `run` for [`index_batch`]: its name, frame and plans, and the scans of the
/// prose texts detection sampled from it ([`crate::detect::detect_frame_scanned`], with a
/// finder of the same rules), taken instead of scanning those texts again.
pub struct Planned<'a> {
    pub input: String,
    pub df: &'a DataFrame,
    pub plans: &'a [ColumnPlan],
    pub sampled: Option<&'a crate::detect::SampleScans>,
}

/// The originals of every transformed identifying column of one batch of rows of one input of
/// `run` (cell by cell where a column holds several kinds), added to `index`, and the
/// identifying spans of its prose columns, also added to `prose_values` (kind, text) to be found
/// again in prose.
/// The columns are read, classified, normalized and hashed on every core; only the insertion
/// into the index is sequential, in the plans' order.
///
/// Each prose column's scans of its texts are added to `scans` (one list per `spans` plan, in
/// the plans' order), for the second pass.
pub fn index_batch(
    index: &mut LeakIndex,
    prose_values: &mut Vec<(Kind, String)>,
    scans: &mut Vec<Vec<(u64, Found)>>,
    p: &Planned,
    rules: &RuleSet,
    finder: &SpanFinder,
) -> Result<()> {
    batch_originals(p, rules, finder)?.insert(index, prose_values, scans);
    Ok(())
}

/// The first half of [`index_batch`], on all cores: a batch's originals, ready for the index
/// (which takes them one after another, in [`BatchOriginals::insert`]). Apart, the insertion of
/// one batch can run beside the reading of the next.
pub fn batch_originals(
    p: &Planned,
    rules: &RuleSet,
    finder: &SpanFinder,
) -> Result<BatchOriginals> {
    use rayon::prelude::*;
    let parts: Vec<Result<ColumnOriginals>> = p
        .plans
        .par_iter()
        .map(|plan| {
            let sampled = p.sampled.and_then(|s| s.column(&plan.column));
            column_originals(p.df, plan, rules, finder, sampled)
        })
        .collect();
    let mut columns = Vec::with_capacity(parts.len());
    for (plan, part) in p.plans.iter().zip(parts) {
        columns.push((format!("{}:{}", p.input, plan.column), part?));
    }
    Ok(BatchOriginals(columns))
}

/// One batch's originals, per column (named `input:column`), ready for the index.
pub struct BatchOriginals(Vec<(String, ColumnOriginals)>);

impl BatchOriginals {
    /// The second half of [`index_batch`]: the originals go into the index, the identifying
    /// prose values and the prose scans are appended to `prose_values` and `scans`.
    pub fn insert(
        self,
        index: &mut LeakIndex,
        prose_values: &mut Vec<(Kind, String)>,
        scans: &mut Vec<Vec<(u64, Found)>>,
    ) {
        for (source, part) in self.0 {
            for prepared in part.prepared {
                index.insert(&source, prepared);
            }
            prose_values.extend(part.prose);
            scans.extend(part.scans);
        }
    }
}

/// One column's originals, ready for the index, and (for prose) its identifying spans.
#[derive(Default)]
struct ColumnOriginals {
    prepared: Vec<super::Prepared>,
    prose: Vec<(Kind, String)>,
    scans: Option<Vec<(u64, Found)>>,
}

fn column_originals(
    df: &DataFrame,
    plan: &ColumnPlan,
    rules: &RuleSet,
    finder: &SpanFinder,
    sampled: Option<&foldhash::HashMap<String, Found>>,
) -> Result<ColumnOriginals> {
    let col = df.column(&plan.column)?;
    let mut out = ColumnOriginals::default();
    if plan.strategy == Strategy::Spans {
        let scans = out.scans.insert(Vec::new());
        for (kind, values) in prose_spans(col, finder, rules, Some(scans), sampled)? {
            out.prepared
                .extend(super::Prepared::of(kind, values.iter().map(String::as_str)));
            if kind.is_identifying() {
                out.prose.extend(values.into_iter().map(|v| (kind, v)));
            }
        }
    } else if let (Some(kind), true) = (plan.kind, plan.strategy.transforms()) {
        let s = as_text(col)?;
        let ca = s.str()?;
        match plan.cell_classifier(rules) {
            // Cell by cell: each value under its own kind; in an uncertain column only the
            // values that are replaced.
            Some(classify) if plan.strategy == Strategy::Fake => {
                let mut by_kind: BTreeMap<Kind, Vec<&str>> = Default::default();
                for v in ca.iter().flatten() {
                    match (classify(v.trim()), plan.cells) {
                        (Some(k), _) => by_kind.entry(k).or_default().push(v),
                        (None, CellScope::Matching) => {}
                        (None, _) => by_kind.entry(kind).or_default().push(v),
                    }
                }
                for (k, values) in by_kind {
                    out.prepared
                        .extend(super::Prepared::of(k, values.into_iter()));
                }
            }
            _ => out
                .prepared
                .extend(super::Prepared::of(kind, ca.iter().flatten())),
        }
    }
    Ok(out)
}

/// How `verify` treats one column of the original.
#[derive(Debug, Clone)]
pub struct AuditedColumn {
    /// The kind the policy names, else the detected one.
    pub kind: Option<Kind>,
    /// What the audit searches for, in words (`None`: nothing from this column).
    pub searched: Option<&'static str>,
    pub spec: ColumnSpec,
}

/// The originals `verify` searches for in a file it did not make: every value of every
/// identifying column of `df` (detected, or named by the policy) and the identifying spans of
/// its free-text columns; and how fidelity compares each column.
pub fn index_audited(
    input: &str,
    df: &DataFrame,
    findings: &[ColumnFinding],
    policy: &Policy,
    rules: &RuleSet,
    finder: &SpanFinder,
) -> Result<(LeakIndex, Vec<AuditedColumn>)> {
    let mut index = LeakIndex::default();
    let mut columns = Vec::new();
    for f in findings {
        let kind = policy
            .columns
            .get(&f.column)
            .and_then(|c| c.kind)
            .or(f.kind);
        let source = format!("{input}:{}", f.column);
        let mut searched = None;
        if kind.is_none() && f.free_text {
            let col = df.column(&f.column)?;
            for (kind, values) in prose_spans(col, finder, rules, None, None)? {
                index.add_values(&source, kind, values.iter().map(String::as_str));
            }
            searched = Some("spans searched for in the anonymized file");
        }
        if let Some(k) = kind.filter(|k| k.is_identifying()) {
            index.add_column(&source, k, df.column(&f.column)?)?;
            searched = Some("searched for in the anonymized file");
        }
        // Identifiers are profiled (their values are meant to be new); everything else,
        // including generalized quasi-identifiers, has its distribution compared.
        let role = match kind {
            _ if f.free_text && kind.is_none() => {
                Role::Skip("free text: personal data searched for as spans".into())
            }
            Some(k) if k.is_identifying() => Role::Identifier {
                kind: Some(k),
                strategy: "unknown (audited file)".into(),
                aims_valid: true,
            },
            _ => Role::Compare,
        };
        columns.push(AuditedColumn {
            kind,
            searched,
            spec: ColumnSpec {
                name: f.column.clone(),
                role,
            },
        });
    }
    index.freeze();
    Ok((index, columns))
}

/// What fidelity compares for each planned column of `run`.
pub fn fidelity_specs(plans: &[ColumnPlan]) -> Vec<ColumnSpec> {
    plans
        .iter()
        .map(|p| ColumnSpec {
            name: p.column.clone(),
            role: match p.strategy {
                Strategy::Drop => Role::Skip("dropped".into()),
                Strategy::Spans => {
                    Role::Skip("free text: personal data replaced span by span".into())
                }
                s if s.keeps_distribution() => Role::Compare,
                s => Role::Identifier {
                    kind: p.kind,
                    strategy: s.as_str().into(),
                    aims_valid: matches!(s, Strategy::Fake | Strategy::Llm),
                },
            },
        })
        .collect()
}

/// The spans of a prose column, by kind: each distinct text searched once, on every core; the
/// spans are gathered in the texts' order, so the index does not depend on the split.
///
/// With `scans`, each text's [`Found`] is also kept there, by [`text_key`], for `run`'s second
/// pass not to scan it again. A text `sampled` holds is not scanned: its scan is taken from
/// there (detection's, by a finder of the same rules).
fn prose_spans(
    col: &Column,
    finder: &SpanFinder,
    rules: &RuleSet,
    scans: Option<&mut Vec<(u64, Found)>>,
    sampled: Option<&foldhash::HashMap<String, Found>>,
) -> Result<BTreeMap<Kind, Vec<String>>> {
    let text = as_text(col)?;
    let ca = text.str()?;
    let mut seen = foldhash::HashSet::default();
    let distinct: Vec<&str> = ca.iter().flatten().filter(|v| seen.insert(*v)).collect();
    // Detection's scans are borrowed, and copied only if kept for pass 2.
    let found = finder.scan_all_except(&distinct, &rules.dicts, |v| sampled.and_then(|s| s.get(v)));
    let mut by_kind: BTreeMap<Kind, Vec<String>> = Default::default();
    for (v, found) in distinct.iter().zip(&found) {
        for s in found.finish(v, Vec::new()) {
            by_kind
                .entry(s.kind)
                .or_default()
                .push(v[s.start..s.end].to_string());
        }
    }
    if let Some(scans) = scans {
        scans.extend(
            distinct
                .iter()
                .map(|v| text_key(v))
                .zip(found.into_iter().map(std::borrow::Cow::into_owned)),
        );
    }
    Ok(by_kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect;

    /// Pass 1 does not scan the prose texts detection sampled again: it takes detection's
    /// scans, which are the ones it would have made, so what it indexes and keeps for pass 2 is
    /// the same.
    #[test]
    fn pass_one_takes_the_scans_detection_made_of_its_sample() {
        let rules = RuleSet::builtin().unwrap();
        let notes: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "Called Maria Schmidt about order {i}; she asks to be reached at \
                     +49 30 9018{i:02} or maria.schmidt{i}@example.com after Monday."
                )
            })
            .collect();
        let df = df!("notes" => &notes).unwrap();
        let (findings, sampled) = detect::detect_frame_scanned(&df, &rules, 1_000);
        assert!(findings[0].free_text, "{findings:?}");
        assert_eq!(findings, detect::detect_frame(&df, &rules, 1_000));
        // The scans hold the notes; what `Debug` shows of them is a count.
        assert_eq!(format!("{sampled:?}"), r#"{"notes": 40 texts <redacted>}"#);
        let texts = sampled.column("notes").expect("the prose column's sample");
        assert_eq!(texts.len(), notes.len());
        let finder = SpanFinder::new(&rules);
        for (text, found) in texts {
            assert!(notes.contains(text));
            assert_eq!(found, &finder.scan(text, &rules.dicts));
        }

        let plans =
            crate::policy::resolve(&findings, &Policy::default(), "crm.csv", false).unwrap();
        assert_eq!(plans[0].strategy, Strategy::Spans);
        let pass_one = |sampled: Option<&detect::SampleScans>| {
            let (mut index, mut values, mut scans) = (LeakIndex::default(), vec![], vec![]);
            let p = Planned {
                input: "crm.csv".into(),
                df: &df,
                plans: &plans,
                sampled,
            };
            index_batch(&mut index, &mut values, &mut scans, &p, &rules, &finder).unwrap();
            (index.len(), values, scans)
        };
        let taken = pass_one(Some(&sampled));
        assert_eq!(taken, pass_one(None));
        assert!(taken.0 >= 2 * notes.len(), "{} originals indexed", taken.0);
        // What pass 1 takes is what it is given: scans that found nothing index nothing.
        let (indexed, values, scans) = pass_one(Some(&sampled.found_nothing()));
        assert_eq!((indexed, values.len()), (0, 0));
        assert_eq!(scans[0].len(), notes.len());
    }
}
