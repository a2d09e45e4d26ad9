//! The audit report: one versioned, serde-serialisable [`Report`], rendered as JSON (`--report`)
//! and as a short terminal summary on stderr.
//!
//! A report holds file paths, column names, kinds, evidence in words, counts, rule versions and
//! keyed fingerprints. It never holds a cell value; `raw_values_included` says so explicitly.

pub mod html;

use crate::detect::ColumnFinding;
use crate::io::Format;
use crate::keys::KeySource;
use crate::kind::Kind;
use crate::policy::Strategy;
use crate::rules::FamilyInfo;
use crate::transform::Counts;
use serde::{Deserialize, Serialize};

// Stage results the report carries as they are (the report is assembled last; stages never
// import it).
pub use crate::detect::vote::{LlmSent, LlmVote, ShapeCount};
pub use crate::llm::LlmUsage;
pub use crate::verify::gate::{GateCheck, GateResult, Threshold};
pub use crate::verify::{LeakCheck, LeakColumn};

/// Bumped whenever a field changes meaning or disappears (3: `shift-date` is spelled
/// `shift_date` like every other name).
pub const REPORT_VERSION: u32 = 3;

names! {
/// The command that wrote the report.
pub enum Command {
    Run,
    Scan,
    Verify,
    Synth,
}
}

names! {
/// What came of the command.
pub enum Verdict {
    /// `run`: verified and placed at the destinations.
    Written,
    /// `run`: the gate failed; nothing was written.
    Refused,
    /// `scan`: detection only.
    Scanned,
    /// `verify`: the audited file passed the gate.
    Verified,
    /// `verify`: it did not.
    Failed,
}
}

impl Verdict {
    /// The process exit code of a command that ended with this verdict: 1 when the gate
    /// refused, else 0 (errors have their own codes, see [`crate::error::exit`]).
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Refused | Verdict::Failed => crate::error::exit::VERIFY_FAILED,
            Verdict::Written | Verdict::Scanned | Verdict::Verified => crate::error::exit::OK,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Report {
    pub report_version: u32,
    pub masq_version: String,
    pub command: Command,
    pub verdict: Verdict,
    pub key: Option<KeyInfo>,
    pub rules: Vec<FamilyInfo>,
    pub policy: Option<String>,
    pub inputs: Vec<InputReport>,
    pub leak_check: Option<LeakCheck>,
    /// Every output cell scanned for identifiers, whatever detection decided: what the scan
    /// covered and the identifiers masq did not write (`run`, `verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_check: Option<crate::verify::residual::ResidualCheck>,
    /// Every threshold of the gate (leaks, k-anonymity, fidelity) and whether it held.
    #[serde(default)]
    pub gate: Option<GateResult>,
    /// What was asked of an LLM, what was sent, and what it cost (absent when no LLM was used).
    #[serde(default)]
    pub llm: Option<LlmReport>,
    /// Always false: masq reports never contain cell values.
    pub raw_values_included: bool,
    pub warnings: Vec<String>,
    /// Wall time per stage in milliseconds (read, detect, index originals, transform, verify, write).
    #[serde(default)]
    pub timings_ms: std::collections::BTreeMap<String, u64>,
    /// How `run` read its inputs: batches, their size, the memory ceiling and the peak memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// `synth`: what was generated, each constraint's satisfaction, validity, diversity and
    /// the synth gate (absent for other commands).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synth: Option<crate::synth::SynthReport>,
    /// `synth` of a schema file of several tables: one section per table, parents first; each
    /// foreign key is a `foreign_key` constraint of the table that holds it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synth_tables: Vec<crate::synth::SynthReport>,
    /// `scan` of several inputs: foreign keys the values and names suggest, with evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<crate::detect::relations::Relation>,
    /// `subset` (or `run --root`): the slice taken, the relations followed, and the joins
    /// checked on the anonymized output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subset: Option<SubsetReport>,
}

/// A slice of related tables and its referential check.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SubsetReport {
    /// The table the slice starts from.
    pub root: String,
    /// How its rows were chosen, in words (`50 rows by keyed sample`, `where …`).
    pub chosen_by: String,
    /// Most children taken per parent row and relation (absent: all).
    pub max_children: Option<usize>,
    /// Rows per table: in the input and in the slice.
    pub tables: Vec<SubsetTable>,
    /// The relations followed, and what the output's check found.
    pub relations: Vec<SubsetRelation>,
    /// Every reference of the output resolves and every join of the slice still joins.
    pub passed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SubsetTable {
    pub table: String,
    pub input_rows: usize,
    pub rows: usize,
    /// Rows left out because a row they reference is missing from the input (a reference
    /// that dangled there already).
    pub dropped_dangling: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SubsetRelation {
    /// `table.column` of the referencing column.
    pub from: String,
    /// `table.column` of the referenced key.
    pub to: String,
    /// `policy` or `suggested` (by the values and names, as `masq scan` does).
    pub declared_by: String,
    /// Referencing rows of the slice (non-empty references), each joining one parent row.
    pub joins_in_slice: usize,
    /// Of those, rows whose reference joins the same parent row in the output.
    pub joins_in_output: usize,
    /// Non-empty references of the output that find no parent row (must be 0).
    pub dangling_in_output: usize,
}

/// What a streamed run used.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Resources {
    /// Batches transformed (over all inputs).
    pub batches: usize,
    /// Input bytes per batch (sized from the memory limit).
    pub batch_bytes: usize,
    /// The ceiling `--memory-limit` set, in bytes.
    pub memory_limit: u64,
    /// The process's peak resident memory, in bytes (where the system tells it).
    pub peak_rss_bytes: Option<u64>,
    /// Bytes of keyed hashes (the leak index, the originals looked for in prose, the owners of
    /// surrogates) written to temporary files because they outgrew an eighth of the memory
    /// limit, merges included; 0 when all stayed in memory.
    #[serde(default)]
    pub spilled_bytes: u64,
    /// Bytes those keyed hashes held in memory at the end (on disk, about a byte per value).
    #[serde(default)]
    pub maps_memory_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct KeyInfo {
    pub source: KeySource,
    /// A keyed fingerprint that identifies the key without revealing it.
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct InputReport {
    pub path: String,
    pub format: Format,
    pub rows: usize,
    pub output: Option<String>,
    pub output_format: Option<Format>,
    pub columns: Vec<ColumnReport>,
    /// How well the output keeps the original's statistical shape (`run` and `verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<crate::verify::fidelity::Fidelity>,
    /// k-anonymity and uniqueness over the policy's quasi-identifiers, before and after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<crate::verify::risk::Risk>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ColumnReport {
    pub name: String,
    pub kind: Option<Kind>,
    pub confidence: f64,
    pub evidence: Vec<String>,
    pub rules: Vec<String>,
    pub sampled: usize,
    pub strategy: Option<Strategy>,
    pub decided_by: Option<String>,
    pub counts: Option<Counts>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_text: bool,
    /// Spans found in sampled values of a free-text column (row, character offsets, kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<crate::detect::spans::SpanReport>,
    /// Which cells were replaced: `all`, `matching` (an uncertain column: only cells that match
    /// a rule) or `mixed` (each cell by its own kind).
    #[serde(default, skip_serializing_if = "crate::detect::CellScope::is_all")]
    pub cells: crate::detect::CellScope,
    /// Other kinds whose values in this column got surrogates of their own kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<crate::Kind>,
}

impl ColumnReport {
    pub fn from_finding(f: &ColumnFinding) -> ColumnReport {
        ColumnReport {
            name: f.column.clone(),
            kind: f.kind,
            confidence: f.confidence,
            evidence: f.evidence.clone(),
            rules: f.rules.clone(),
            sampled: f.sampled,
            strategy: None,
            decided_by: None,
            counts: None,
            free_text: f.free_text,
            spans: f.spans.clone(),
            cells: f.cells,
            also: f.also.clone(),
        }
    }
}

/// The LLM's part in a run or scan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LlmReport {
    /// The server's base URL (without credentials).
    pub url: String,
    pub model: String,
    /// `optional` (failures fall back to rules) or `required` (failures exit 3).
    pub mode: crate::llm::LlmMode,
    /// `shapes` (the default: value shapes and statistics only) or `values` (raw samples,
    /// opted in with `--llm-send values`).
    pub send: crate::llm::LlmSend,
    pub usage: LlmUsage,
    /// Per column: what was sent, what came back, what masq made of it.
    pub columns: Vec<LlmColumn>,
    /// The model's answers on masq's own labelled test columns (shapes only), asked before
    /// any vote is trusted: votes of a model that fails are recorded, never adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<LlmQuiz>,
}

/// How a model did on masq's built-in test columns.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LlmQuiz {
    /// Test columns asked, and how many the model classified right.
    pub asked: usize,
    pub right: usize,
    /// Right answers needed to trust the model's votes.
    pub needed: usize,
    pub passed: bool,
}

names! {
/// What the LLM was asked about a column.
#[derive(Default)]
pub enum LlmTask {
    /// Which kind of personal data the column holds (a vote).
    #[default]
    Classify,
    /// Surrogate values for an `llm` column.
    Generate,
}
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LlmColumn {
    pub input: String,
    pub column: String,
    pub task: LlmTask,
    /// Exactly what was sent about the column's values: shapes with counts and lengths (and raw
    /// samples only under `--llm-send values`).
    pub sent: LlmSent,
    /// The user message of the prompt, as sent (for `generate`, the first batch's; later
    /// batches differ only in their number).
    #[serde(default)]
    pub prompt: String,
    /// The model's vote (classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<LlmVote>,
    /// What masq did with the answer, in words.
    pub outcome: String,
}

impl Report {
    /// An empty report of `command`, its verdict the cautious one until the command says
    /// otherwise (`refused`, `failed`; `scanned` for a scan).
    pub fn new(command: Command) -> Report {
        Report {
            report_version: REPORT_VERSION,
            masq_version: env!("CARGO_PKG_VERSION").to_string(),
            command,
            verdict: match command {
                Command::Run | Command::Synth => Verdict::Refused,
                Command::Scan => Verdict::Scanned,
                Command::Verify => Verdict::Failed,
            },
            key: None,
            rules: Vec::new(),
            policy: None,
            inputs: Vec::new(),
            leak_check: None,
            residual_check: None,
            gate: None,
            llm: None,
            raw_values_included: false,
            warnings: Vec::new(),
            timings_ms: Default::default(),
            resources: None,
            synth: None,
            synth_tables: vec![],
            relations: vec![],
            subset: None,
        }
    }

    /// Takes what the audit measured: leak check, residual scan, fidelity and risk per input
    /// (in the order of `inputs`), the gate, and the audit's warnings.
    pub fn add_audit(&mut self, audit: crate::verify::audit::Audit) {
        self.leak_check = Some(audit.leak_check);
        self.residual_check = Some(audit.residual_check);
        for (ir, a) in self.inputs.iter_mut().zip(audit.inputs) {
            ir.fidelity = Some(a.fidelity);
            ir.risk = a.risk;
        }
        self.gate = Some(audit.gate);
        self.warnings.extend(audit.warnings);
    }

    /// The JSON Schema of the report (`masq schema report`), pretty-printed with a trailing
    /// newline.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Report);
        serde_json::to_string_pretty(&schema).expect("a schema always serialises") + "\n"
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises") + "\n"
    }

    /// One line naming the gate's failures (for the error message).
    pub fn gate_summary(&self) -> String {
        match &self.gate {
            Some(g) if !g.failures.is_empty() => {
                let first = &g.failures[0].message;
                if g.failures.len() > 1 {
                    format!("{first}; +{} more in the report", g.failures.len() - 1)
                } else {
                    first.clone()
                }
            }
            _ => "personal data would have survived".into(),
        }
    }

    /// The terminal summary after `run` and `verify`: at most [`SUMMARY_LINES`] lines; the
    /// report has the rest.
    pub fn summary(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut inputs = self.inputs.iter();
        for i in inputs.by_ref().take(4) {
            // Replaced means measured on the output: a column planned for a strategy whose
            // cells all came out as they went in is not listed.
            let changed: Vec<String> = i
                .columns
                .iter()
                .filter(|c| c.strategy.is_some_and(|s| s != Strategy::Keep))
                .filter(|c| c.counts.as_ref().is_none_or(|n| n.replaced > 0))
                .map(|c| {
                    let s = c.strategy.map_or("", Strategy::as_str);
                    format!("{}→{s}", c.name)
                })
                .collect();
            if self.command == Command::Verify {
                let searched = i.columns.iter().filter(|c| c.decided_by.is_some()).count();
                lines.push(format!(
                    "{}: {} rows, {} identifying columns searched for in {}",
                    i.path,
                    i.rows,
                    searched,
                    i.output.as_deref().unwrap_or("?")
                ));
            } else {
                let dest = i.output.as_deref().unwrap_or("(not written)");
                lines.push(format!(
                    "{} → {}: {} rows, {} of {} columns replaced{}",
                    i.path,
                    if self.verdict == Verdict::Written {
                        dest
                    } else {
                        "(not written)"
                    },
                    i.rows,
                    changed.len(),
                    i.columns.len(),
                    if changed.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", shorten(&changed, 6))
                    }
                ));
            }
            let mut quality = Vec::new();
            if let Some(f) = &i.fidelity
                && let Some(o) = f.overall
            {
                quality.push(format!(
                    "fidelity {o:.3} ({} columns, {} pairs)",
                    f.columns.len(),
                    f.pairs.len()
                ));
            }
            if let Some(r) = &i.risk {
                quality.push(format!(
                    "k {} → {}, unique rows {:.1}% → {:.1}% over [{}]",
                    r.before.k,
                    r.after.k,
                    r.before.unique_share * 100.0,
                    r.after.unique_share * 100.0,
                    r.quasi_identifiers.join(", ")
                ));
            }
            if !quality.is_empty() {
                lines.push(format!("  {}", quality.join("; ")));
            }
        }
        let rest = inputs.count();
        if rest > 0 {
            lines.push(format!("… and {rest} more inputs (see the report)"));
        }
        if let Some(l) = &self.leak_check {
            if l.passed && l.originals_indexed == 0 {
                // A check that searched nothing says so, never "passed". (Its row checks may
                // still have failed: a given name left in its own row's note.)
                lines.push(
                    "leak check: nothing to search for — no identifying column was replaced".into(),
                );
            } else if l.passed {
                lines.push(format!(
                    "leak check: passed — {} original values searched in {} output cells, {} leaks",
                    l.originals_indexed, l.cells_checked, l.leaked_cells
                ));
            } else {
                lines.push(format!(
                    "leak check: FAILED — {} leaked cells (allowed {})",
                    l.leaked_cells, l.max_leaks,
                ));
                for c in l.columns.iter().take(4) {
                    lines.push(format!(
                        "  {}:{}: {} cells hold values from {}",
                        c.input,
                        c.column,
                        c.leaked_cells,
                        c.from.join(", ")
                    ));
                }
                if l.columns.len() > 4 {
                    lines.push(format!(
                        "  … {} more columns in the report",
                        l.columns.len() - 4
                    ));
                }
            }
        }
        if let Some(r) = &self.residual_check {
            residual_lines(r, &mut lines);
        }
        if let Some(g) = &self.gate {
            let other: Vec<&GateCheck> = g
                .failures
                .iter()
                .filter(|f| !matches!(f.threshold, Threshold::MaxLeaks | Threshold::MaxResidual))
                .collect();
            for f in other.iter().take(3) {
                let at = match (&f.input, &f.column) {
                    (Some(i), Some(c)) => format!("{i}:{c}: "),
                    (Some(i), None) => format!("{i}: "),
                    _ => String::new(),
                };
                lines.push(format!("gate: FAILED {} — {at}{}", f.threshold, f.message));
            }
            if other.len() > 3 {
                lines.push(format!(
                    "gate: … {} more failures in the report",
                    other.len() - 3
                ));
            }
            if !g.passed && self.command == Command::Run {
                lines.push("nothing was written".into());
            }
        }
        if let Some(sub) = &self.subset {
            let tables: Vec<String> = sub
                .tables
                .iter()
                .map(|t| format!("{} {} of {}", t.table, t.rows, t.input_rows))
                .collect();
            lines.push(format!(
                "slice from {} ({}): {} rows",
                sub.root,
                sub.chosen_by,
                tables.join(", ")
            ));
            let dropped: usize = sub.tables.iter().map(|t| t.dropped_dangling).sum();
            let joins: usize = sub.relations.iter().map(|r| r.joins_in_slice).sum();
            let kept: usize = sub.relations.iter().map(|r| r.joins_in_output).sum();
            let dangling: usize = sub.relations.iter().map(|r| r.dangling_in_output).sum();
            lines.push(format!(
                "joins: {kept} of {joins} references over {} relation{} join the same rows in the output, {dangling} dangling{}",
                sub.relations.len(),
                if sub.relations.len() == 1 { "" } else { "s" },
                if dropped > 0 {
                    format!(" ({dropped} rows left out: what they reference is missing from the input)")
                } else {
                    String::new()
                }
            ));
        }
        if let Some(l) = &self.llm {
            lines.push(format!(
                "llm: {} requests ({} from cache, {} retries, {} failed), {} + {} tokens",
                l.usage.requests,
                l.usage.cache_hits,
                l.usage.retries,
                l.usage.failures,
                l.usage.prompt_tokens,
                l.usage.completion_tokens
            ));
        }
        let room = SUMMARY_LINES.saturating_sub(lines.len());
        let shown = if self.warnings.len() > room {
            room.saturating_sub(1)
        } else {
            self.warnings.len()
        };
        for w in &self.warnings[..shown] {
            lines.push(format!("warning: {w}"));
        }
        if shown < self.warnings.len() {
            lines.push(format!(
                "warning: … {} more warnings in the report",
                self.warnings.len() - shown
            ));
        }
        lines.truncate(SUMMARY_LINES);
        let mut out = lines.join("\n");
        out.push('\n');
        out
    }
}

/// What the residual scan covered and, when it found identifiers masq did not write, where.
fn residual_lines(r: &crate::verify::residual::ResidualCheck, lines: &mut Vec<String>) {
    let covered = if r.columns_replaced + r.columns_kept == 0 {
        format!("{} cells in {} columns", r.cells_scanned, r.columns_scanned)
    } else {
        format!(
            "{} output cells in {} columns ({} replaced, {} kept and scanned)",
            r.cells_scanned, r.columns_scanned, r.columns_replaced, r.columns_kept
        )
    };
    if r.columns_scanned == 0 || r.cells_scanned == 0 {
        lines.push("residual scan: nothing to scan (no output cells)".into());
        return;
    }
    let gating: Vec<_> = r.columns.iter().filter(|c| c.gating).collect();
    if gating.is_empty() {
        let mut line = format!("residual scan: no identifier left in {covered}");
        if r.reported_cells > 0 {
            line.push_str(&format!(
                "; {} cells reported only (look-alike columns, street addresses, postcodes, or kept by the policy)",
                r.reported_cells
            ));
        }
        lines.push(line);
        return;
    }
    let verdict = if r.passed {
        format!("within the {} allowed", r.max_residual)
    } else {
        "FAILED".to_string()
    };
    lines.push(format!(
        "residual scan: {verdict} — {} cells still hold identifiers masq did not recognise, in {covered}",
        r.residual_cells
    ));
    for c in gating.iter().take(4) {
        lines.push(format!(
            "  {}:{}: {} cells hold {} values ({})",
            c.input, c.column, c.cells, c.kind, c.how
        ));
    }
    if gating.len() > 4 {
        lines.push(format!("  … {} more in the report", gating.len() - 4));
    }
}

/// The terminal summary never runs longer than this.
pub const SUMMARY_LINES: usize = 20;

fn shorten(items: &[String], n: usize) -> String {
    if items.len() <= n {
        items.join(", ")
    } else {
        format!("{}, +{} more", items[..n].join(", "), items.len() - n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With no identifying column replaced the leak search has nothing to look for, and says
    /// so; but the row checks still ran, and a leak they found is a failure, not "nothing".
    #[test]
    fn a_row_leak_fails_the_leak_line_even_with_nothing_indexed() {
        use crate::verify::{LeakCheck, LeakColumn, LeakSearch};
        let mut r = Report::new(Command::Run);
        let check = |leaked: usize| LeakCheck {
            passed: leaked == 0,
            max_leaks: 0,
            originals_indexed: 0,
            cells_checked: 0,
            leaked_cells: leaked,
            columns: (leaked > 0)
                .then(|| LeakColumn {
                    input: "crm.csv".into(),
                    column: "notes".into(),
                    leaked_cells: leaked,
                    check: LeakSearch::Row,
                    from: vec!["crm.csv:first_name".into()],
                    fingerprints: vec![],
                    rows: vec![1],
                })
                .into_iter()
                .collect(),
        };
        r.leak_check = Some(check(0));
        assert!(r.summary().contains("leak check: nothing to search for"));
        r.leak_check = Some(check(3));
        let s = r.summary();
        assert!(s.contains("leak check: FAILED — 3 leaked cells"), "{s}");
        assert!(
            s.contains("crm.csv:notes: 3 cells hold values from crm.csv:first_name"),
            "{s}"
        );
        assert!(!s.contains("nothing to search for"), "{s}");
    }

    #[test]
    fn the_summary_never_runs_past_twenty_lines() {
        let mut r = Report::new(Command::Run);
        r.verdict = Verdict::Refused;
        for i in 0..9 {
            r.inputs.push(InputReport {
                path: format!("in{i}.csv"),
                format: Format::Csv,
                rows: 10,
                output: Some(format!("out/in{i}.csv")),
                output_format: Some(Format::Csv),
                columns: vec![],
                fidelity: None,
                risk: None,
            });
        }
        r.gate = Some(GateResult {
            passed: false,
            failures: (0..7)
                .map(|i| GateCheck {
                    threshold: Threshold::MinFidelity,
                    input: Some("in0.csv".into()),
                    column: Some(format!("c{i}")),
                    required: 0.9,
                    actual: 0.5,
                    message: "short".into(),
                })
                .collect(),
            held: vec![],
        });
        r.warnings = (0..30).map(|i| format!("warning number {i}")).collect();
        let s = r.summary();
        assert!(s.lines().count() <= SUMMARY_LINES, "{s}");
        assert!(s.contains("more inputs"));
        assert!(s.contains("more failures in the report"));
        assert!(s.contains("more warnings in the report"));
        assert!(r.gate_summary().contains("+6 more"));
    }
}
