//! The audit report as one self-contained HTML page (`--report-html`): header and verdict, the
//! gate and the leak check, per input the detection table, fidelity (distribution charts,
//! correlation heatmaps, identifier profiles) and re-identification risk, the LLM's part, and the
//! warnings.
//!
//! The page loads nothing: no network, no external CSS, JavaScript or fonts; charts are inline
//! SVG and styles one `<style>` block (`templates/report.css`, compiled in) with system fonts, so
//! it can be mailed, archived and printed as it is.
//!
//! The markup lives in askama templates under `templates/`; this module turns a [`Report`] into
//! the small view models they read (numbers formatted, rows chosen and ordered). Escaping is not
//! a habit here but the only path: every value reaches the page through a template expression,
//! which askama escapes (`escape::Entities`, bound in `askama.toml`); nothing is marked safe,
//! and the charts are geometry (`charts`) that the templates draw, not markup. Column names,
//! paths, messages and LLM answers are user data and need no care beyond being passed as is.
//!
//! This module only renders: it computes no figure and decides nothing, and like the report
//! itself it never sees a cell value (LLM samples appear only when the report holds them, i.e.
//! under `--llm-send values`).

mod charts;
mod escape;
mod format;
mod synth;

use super::{
    ColumnReport, GateResult, InputReport, LeakCheck, LlmColumn, LlmReport, LlmVote, Report,
    ShapeCount,
};
use crate::verify::LeakColumn;
use crate::verify::fidelity::{
    ColumnType, Fidelity, IdentifierProfile, PairFidelity, SkippedColumn,
};
use crate::verify::gate::Threshold;
use crate::verify::residual::{ResidualCheck, ResidualColumn};
use crate::verify::risk::{Risk, RiskFigures};
use askama::Template;
// `Shape` is named by the match arms of templates/charts.html.
use charts::{Shape, Sizes, Svg};
use format::{f1, f3, int, ms, num, pct};

/// The whole report as one self-contained HTML page: no network, no external CSS/JS/fonts,
/// charts as inline SVG.
pub fn render(report: &Report) -> String {
    Page::new(report)
        .render()
        .expect("the report page renders: its values are plain text and numbers")
}

// ---------------------------------------------------------------------------------------------
// The page

#[derive(Template)]
#[template(path = "report.html", escape = "html")]
struct Page<'a> {
    r: &'a Report,
    /// The verdict in words, `unknown` when the report has none.
    verdict: &'a str,
    tone: &'static str,
    /// The key's source (`key-file`, `env`, `random`) and fingerprint.
    key: Option<(String, &'a str)>,
    inputs_line: Vec<InputLine<'a>>,
    timings: Option<Timings<'a>>,
    gate: Option<GateView<'a>>,
    leaks: Option<Stats<LeakRow<'a>>>,
    residuals: Option<Stats<ResidualRow<'a>>>,
    inputs: Vec<InputView<'a>>,
    llm: Option<LlmView<'a>>,
    /// `synth`: generation, constraints (relations as charts), validity, diversity, gate.
    synth: Vec<synth::SynthView<'a>>,
}

impl<'a> Page<'a> {
    fn new(r: &'a Report) -> Page<'a> {
        let verdict = r.verdict.as_str();
        Page {
            r,
            verdict,
            tone: match r.verdict.as_str() {
                "written" | "verified" => "ok",
                "refused" | "failed" => "bad",
                _ => "neutral",
            },
            key: r.key.as_ref().map(|k| {
                let source = serde_json::to_value(k.source)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| format!("{:?}", k.source));
                (source, k.fingerprint.as_str())
            }),
            inputs_line: r
                .inputs
                .iter()
                .map(|i| InputLine {
                    i,
                    rows: int(i.rows as u64),
                })
                .collect(),
            timings: (!r.timings_ms.is_empty()).then(|| Timings::new(&r.timings_ms)),
            gate: r.gate.as_ref().map(|g| GateView::new(g, r)),
            leaks: r.leak_check.as_ref().map(leaks),
            residuals: r.residual_check.as_ref().map(residuals),
            inputs: r.inputs.iter().map(InputView::new).collect(),
            llm: r.llm.as_ref().map(LlmView::new),
            synth: r
                .synth
                .iter()
                .chain(&r.synth_tables)
                .map(synth::SynthView::new)
                .collect(),
        }
    }
}

/// A big figure with its label; `tone` is `ok`, `bad` or empty.
struct Stat {
    label: &'static str,
    value: String,
    tone: &'static str,
}

fn stat(label: &'static str, value: String, tone: &'static str) -> Stat {
    Stat { label, value, tone }
}

/// A small horizontal bar for a share in 0..=1, with a text beside it.
struct Bar {
    /// Percent of the bar filled.
    width: u32,
    text: String,
}

impl Bar {
    fn new(share: f64, text: String) -> Bar {
        let width = if share.is_finite() {
            (share.clamp(0.0, 1.0) * 100.0).round() as u32
        } else {
            0
        };
        Bar { width, text }
    }
}

/// A row of figures and the table under it.
struct Stats<Row> {
    stats: Vec<Stat>,
    rows: Vec<Row>,
}

struct InputLine<'a> {
    i: &'a InputReport,
    rows: String,
}

// ---------------------------------------------------------------------------------------------
// Summary: timings

struct Timings<'a> {
    total: String,
    stages: Vec<(&'a str, String, Bar)>,
}

impl<'a> Timings<'a> {
    fn new(t: &'a std::collections::BTreeMap<String, u64>) -> Timings<'a> {
        const ORDER: [&str; 6] = [
            "read",
            "detect",
            "index originals",
            "transform",
            "verify",
            "write",
        ];
        let mut stages: Vec<(&str, u64)> = ORDER
            .iter()
            .filter_map(|s| t.get(*s).map(|v| (*s, *v)))
            .collect();
        for (k, v) in t {
            if !ORDER.contains(&k.as_str()) {
                stages.push((k, *v));
            }
        }
        let total: u64 = stages.iter().map(|s| s.1).sum();
        Timings {
            total: ms(total),
            stages: stages
                .into_iter()
                .map(|(stage, v)| {
                    let share = if total > 0 {
                        v as f64 / total as f64
                    } else {
                        0.0
                    };
                    (stage, int(v), Bar::new(share, String::new()))
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gate, leaks, residuals

struct GateView<'a> {
    passed: bool,
    failed: usize,
    rows: Vec<GateRow<'a>>,
}

struct GateRow<'a> {
    threshold: &'a str,
    input: Option<&'a str>,
    column: Option<&'a str>,
    required: String,
    actual: String,
    /// The failure's message; `None` for a threshold that held.
    failure: Option<&'a str>,
}

impl<'a> GateView<'a> {
    /// Rows: the thresholds the report lets us show (leaks, residuals, k per input) whether they
    /// held or not, then the fidelity thresholds that held, then every other failure as reported.
    fn new(g: &'a GateResult, r: &'a Report) -> GateView<'a> {
        let mut rows = Vec::new();
        let mut shown = vec![false; g.failures.len()];
        let mut find = |threshold: &str, input: Option<&str>| {
            let i = g.failures.iter().enumerate().position(|(i, f)| {
                !shown[i]
                    && <&str>::from(f.threshold) == threshold
                    && f.column.is_none()
                    && (input.is_none() || f.input.as_deref() == input)
            })?;
            shown[i] = true;
            Some(&g.failures[i])
        };
        // Counted limits: the report's own figures, or the failure's when it failed.
        let mut counted = |threshold: &'a str, op: &str, limit: u64, actual: u64, input| {
            let f = find(threshold, input);
            GateRow {
                threshold,
                input,
                column: None,
                required: match f {
                    Some(f) => format!("{op} {}", num(f.required)),
                    None => format!("{op} {}", int(limit)),
                },
                actual: int(actual),
                failure: f.map(|f| f.message.as_str()),
            }
        };
        if let Some(l) = &r.leak_check {
            rows.push(counted(
                "max_leaks",
                "≤",
                l.max_leaks,
                l.leaked_cells as u64,
                None,
            ));
        }
        if let Some(res) = &r.residual_check {
            rows.push(counted(
                "max_residual",
                "≤",
                res.max_residual,
                res.residual_cells as u64,
                None,
            ));
        }
        for i in &r.inputs {
            if let Some(risk) = &i.risk
                && let Some(k) = risk.required_k
            {
                rows.push(counted("min_k", "≥", k, risk.after.k, Some(&i.path)));
            }
        }
        let listed = |c: &'a super::GateCheck, failure: Option<&'a str>| GateRow {
            threshold: c.threshold.into(),
            input: c.input.as_deref(),
            column: c.column.as_deref(),
            required: format!(
                "{} {}",
                if matches!(c.threshold, Threshold::MaxLeaks | Threshold::MaxResidual) {
                    "≤"
                } else {
                    "≥"
                },
                num(c.required)
            ),
            actual: num(c.actual),
            failure,
        };
        for c in g
            .held
            .iter()
            .filter(|c| c.threshold == Threshold::MinFidelity)
        {
            rows.push(listed(c, None));
        }
        for (f, shown) in g.failures.iter().zip(shown) {
            if !shown {
                rows.push(listed(f, Some(&f.message)));
            }
        }
        GateView {
            passed: g.passed,
            failed: g.failures.len(),
            rows,
        }
    }
}

struct LeakRow<'a> {
    c: &'a LeakColumn,
    cells: String,
}

fn leaks(l: &LeakCheck) -> Stats<LeakRow<'_>> {
    Stats {
        stats: vec![
            stat("originals indexed", int(l.originals_indexed as u64), ""),
            stat("output cells checked", int(l.cells_checked as u64), ""),
            stat("leaked cells", int(l.leaked_cells as u64), ok_bad(l.passed)),
            stat("allowed", int(l.max_leaks), ""),
        ],
        rows: l
            .columns
            .iter()
            .map(|c| LeakRow {
                c,
                cells: int(c.leaked_cells as u64),
            })
            .collect(),
    }
}

struct ResidualRow<'a> {
    c: &'a ResidualColumn,
    kind: &'static str,
    cells: String,
}

fn residuals(r: &ResidualCheck) -> Stats<ResidualRow<'_>> {
    Stats {
        stats: vec![
            stat("columns scanned", int(r.columns_scanned as u64), ""),
            stat("of them kept as they were", int(r.columns_kept as u64), ""),
            stat("output cells scanned", int(r.cells_scanned as u64), ""),
            stat(
                "residual cells",
                int(r.residual_cells as u64),
                ok_bad(r.passed),
            ),
            stat("allowed", int(r.max_residual), ""),
        ],
        rows: r
            .columns
            .iter()
            .map(|c| ResidualRow {
                c,
                kind: c.kind.as_str(),
                cells: int(c.cells as u64),
            })
            .collect(),
    }
}

fn ok_bad(passed: bool) -> &'static str {
    if passed { "ok" } else { "bad" }
}

// ---------------------------------------------------------------------------------------------
// One input: detection, fidelity, risk

struct InputView<'a> {
    i: &'a InputReport,
    rows: String,
    columns: Vec<DetectRow<'a>>,
    fidelity: Option<FidelityView<'a>>,
    risk: Option<RiskView<'a>>,
}

impl<'a> InputView<'a> {
    fn new(i: &'a InputReport) -> InputView<'a> {
        InputView {
            i,
            rows: int(i.rows as u64),
            columns: i.columns.iter().map(DetectRow::new).collect(),
            fidelity: i.fidelity.as_ref().map(FidelityView::new),
            risk: i.risk.as_ref().map(RiskView::new),
        }
    }
}

struct DetectRow<'a> {
    c: &'a ColumnReport,
    confidence: Bar,
    /// Replaced, distinct and null cells, when the column was transformed.
    counts: Option<[String; 3]>,
}

impl<'a> DetectRow<'a> {
    fn new(c: &'a ColumnReport) -> DetectRow<'a> {
        DetectRow {
            c,
            confidence: Bar::new(c.confidence, f3(c.confidence)),
            counts: c.counts.as_ref().map(|k| {
                [
                    int(k.replaced as u64),
                    int(k.distinct as u64),
                    int(k.nulls as u64),
                ]
            }),
        }
    }
}

struct FidelityView<'a> {
    stats: Vec<Stat>,
    charts: Vec<ChartCard<'a>>,
    pairs: Vec<PairRow<'a>>,
    /// Original and anonymized heatmaps.
    correlation: Option<[Svg; 2]>,
    identifiers: Vec<IdentifierRow<'a>>,
    skipped: &'a [SkippedColumn],
}

/// A distribution chart in its card.
struct ChartCard<'a> {
    column: &'a str,
    column_type: &'a str,
    metric: &'a str,
    score: String,
    tone: &'static str,
    svg: Svg,
}

struct PairRow<'a> {
    p: &'a PairFidelity,
    original: String,
    anonymized: String,
    score: Bar,
}

/// Original → anonymized, each figure formatted.
struct IdentifierRow<'a> {
    p: &'a IdentifierProfile,
    null_rate: [String; 2],
    distinct_ratio: [String; 2],
    mean_length: [String; 2],
    valid_share: String,
}

impl<'a> FidelityView<'a> {
    fn new(f: &'a Fidelity) -> FidelityView<'a> {
        let dash = || "—".to_string();
        FidelityView {
            stats: vec![
                stat(
                    "overall fidelity",
                    f.overall.map(f3).unwrap_or_else(dash),
                    match f.overall {
                        Some(s) if s >= 0.9 => "ok",
                        Some(s) if s < 0.7 => "bad",
                        _ => "",
                    },
                ),
                stat("columns compared", f.columns.len().to_string(), ""),
                stat("pairs compared", f.pairs.len().to_string(), ""),
            ],
            charts: f
                .columns
                .iter()
                .map(|c| ChartCard {
                    column: &c.column,
                    column_type: c.column_type.name(),
                    metric: c.metric.into(),
                    score: f3(c.score),
                    tone: score_tone(c.score),
                    svg: charts::distribution(
                        &c.chart.labels,
                        &c.chart.original,
                        &c.chart.anonymized,
                        matches!(c.column_type, ColumnType::Numeric | ColumnType::Datetime),
                        &c.column,
                    ),
                })
                .collect(),
            pairs: f
                .pairs
                .iter()
                .map(|p| PairRow {
                    p,
                    original: p.original.map(f3).unwrap_or_else(dash),
                    anonymized: p.anonymized.map(f3).unwrap_or_else(dash),
                    score: Bar::new(p.score, f3(p.score)),
                })
                .collect(),
            correlation: f
                .correlation
                .as_ref()
                .filter(|m| !m.columns.is_empty())
                .map(|m| {
                    [
                        charts::heatmap(&m.columns, &m.original, "original"),
                        charts::heatmap(&m.columns, &m.anonymized, "anonymized"),
                    ]
                }),
            identifiers: f
                .identifiers
                .iter()
                .map(|p| IdentifierRow {
                    p,
                    null_rate: p.null_rate.map(pct),
                    distinct_ratio: p.distinct_ratio.map(f3),
                    mean_length: p.mean_length.map(f1),
                    valid_share: p.valid_share.map(pct).unwrap_or_else(dash),
                })
                .collect(),
            skipped: &f.skipped,
        }
    }
}

fn score_tone(s: f64) -> &'static str {
    if s >= 0.9 {
        "ok"
    } else if s < 0.7 {
        "bad"
    } else {
        "mid"
    }
}

struct RiskView<'a> {
    r: &'a Risk,
    k_before: String,
    k_after: String,
    /// How k after compares with the required k.
    tone: &'static str,
    required_k: String,
    /// Figure name, before, after.
    figures: Vec<(String, String, String)>,
    histogram: Option<Svg>,
}

impl<'a> RiskView<'a> {
    fn new(r: &'a Risk) -> RiskView<'a> {
        let (b, a) = (&r.before, &r.after);
        let both = |name: String, f: &dyn Fn(&RiskFigures) -> String| (name, f(b), f(a));
        RiskView {
            r,
            k_before: int(b.k),
            k_after: int(a.k),
            tone: match r.required_k {
                Some(k) if a.k >= k => "ok",
                Some(_) => "bad",
                None => "",
            },
            required_k: r.required_k.map(int).unwrap_or_else(|| "—".into()),
            figures: vec![
                both("rows".into(), &|f| int(f.rows as u64)),
                both("equivalence classes".into(), &|f| int(f.classes as u64)),
                both("unique rows".into(), &|f| pct(f.unique_share)),
                both(
                    format!("rows in classes below k = {}", r.required_k.unwrap_or(5)),
                    &|f| pct(f.below_k_share),
                ),
            ],
            histogram: (!b.histogram.is_empty() || !a.histogram.is_empty())
                .then(|| charts::class_sizes(&class_buckets(b, a))),
        }
    }
}

/// Every class-size bucket of before or after, with the rows and classes of each side.
fn class_buckets(before: &RiskFigures, after: &RiskFigures) -> Vec<(String, Sizes, Sizes)> {
    let mut labels: Vec<&str> = before.histogram.iter().map(|b| b.sizes.as_str()).collect();
    for b in &after.histogram {
        if !labels.contains(&b.sizes.as_str()) {
            labels.push(&b.sizes);
        }
    }
    let sizes = |f: &RiskFigures, l: &str| {
        f.histogram
            .iter()
            .find(|b| b.sizes == l)
            .map(|b| Sizes {
                rows: b.rows,
                classes: b.classes,
            })
            .unwrap_or_default()
    };
    labels
        .into_iter()
        .map(|l| (l.to_string(), sizes(before, l), sizes(after, l)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// LLM

struct LlmView<'a> {
    l: &'a LlmReport,
    stats: Vec<Stat>,
    columns: Vec<LlmColumnView<'a>>,
}

struct LlmColumnView<'a> {
    c: &'a LlmColumn,
    rows: String,
    non_null: String,
    distinct: String,
    shapes: Vec<(&'a ShapeCount, String, String)>,
    /// The vote and its confidence, formatted.
    vote: Option<(&'a LlmVote, String)>,
}

impl<'a> LlmView<'a> {
    fn new(l: &'a LlmReport) -> LlmView<'a> {
        let u = &l.usage;
        LlmView {
            l,
            stats: vec![
                stat("requests", int(u.requests), ""),
                stat("cache hits", int(u.cache_hits), ""),
                stat("retries", int(u.retries), ""),
                stat(
                    "failures",
                    int(u.failures),
                    if u.failures > 0 { "bad" } else { "" },
                ),
                stat(
                    "tokens (prompt + completion)",
                    format!("{} + {}", int(u.prompt_tokens), int(u.completion_tokens)),
                    "",
                ),
                stat("latency total", ms(u.latency_ms_total), ""),
                stat("latency max", ms(u.latency_ms_max), ""),
            ],
            columns: l
                .columns
                .iter()
                .map(|c| LlmColumnView {
                    c,
                    rows: int(c.sent.rows as u64),
                    non_null: int(c.sent.non_null as u64),
                    distinct: int(c.sent.distinct as u64),
                    shapes: c
                        .sent
                        .shapes
                        .iter()
                        .map(|s| {
                            let len = if s.min_len == s.max_len {
                                s.min_len.to_string()
                            } else {
                                format!("{}–{}", s.min_len, s.max_len)
                            };
                            (s, int(s.count as u64), len)
                        })
                        .collect(),
                    vote: c.vote.as_ref().map(|v| (v, f3(v.confidence))),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeySource;
    use crate::report::{GateCheck, KeyInfo, LlmQuiz, LlmSent};
    use crate::rules::FamilyInfo;

    const HOSTILE: &str = r#""><i x='1'>&amp;"#;
    const ESCAPED: &str = "&quot;&gt;&lt;i x=&#39;1&#39;&gt;&amp;amp;";

    /// Every string field the page shows, in text and in attributes, set to markup.
    fn hostile() -> Report {
        let h = || HOSTILE.to_string();
        // Enums (command, verdict, format, kind, strategy, threshold) cannot carry markup.
        let mut r = Report::new(crate::report::Command::Run);
        r.key = Some(KeyInfo {
            source: KeySource::Env,
            fingerprint: h(),
        });
        r.rules = vec![FamilyInfo {
            family: h(),
            version: 1,
            source: h(),
        }];
        r.policy = Some(h());
        r.timings_ms.insert(h(), 5);
        r.inputs = vec![InputReport {
            path: h(),
            format: crate::io::Format::Csv,
            rows: 1,
            output: Some(h()),
            output_format: Some(crate::io::Format::Csv),
            columns: vec![ColumnReport {
                name: h(),
                kind: Some(crate::Kind::Email),
                confidence: 0.5,
                evidence: vec![h()],
                rules: vec![h()],
                sampled: 1,
                strategy: Some(crate::policy::Strategy::Fake),
                decided_by: Some(h()),
                counts: None,
                free_text: false,
                spans: vec![],
                cells: Default::default(),
                also: vec![],
            }],
            fidelity: None,
            risk: None,
        }];
        r.gate = Some(GateResult {
            passed: false,
            failures: vec![GateCheck {
                threshold: Threshold::MinK,
                input: Some(h()),
                column: Some(h()),
                required: 1.0,
                actual: 0.5,
                message: h(),
            }],
            held: vec![],
        });
        r.llm = Some(LlmReport {
            url: h(),
            model: h(),
            mode: crate::llm::LlmMode::Required,
            send: crate::llm::LlmSend::Values,
            quiz: Some(LlmQuiz::default()),
            columns: vec![LlmColumn {
                input: h(),
                column: h(),
                task: crate::report::LlmTask::Generate,
                sent: LlmSent {
                    column_name: h(),
                    dtype: h(),
                    values: vec![h()],
                    ..Default::default()
                },
                prompt: h(),
                vote: Some(LlmVote {
                    kind: h(),
                    reason: h(),
                    ..Default::default()
                }),
                outcome: h(),
            }],
            ..Default::default()
        });
        r.warnings = vec![h()];
        r
    }

    #[test]
    fn every_user_string_is_escaped_in_text_and_attributes() {
        let page = render(&hostile());
        assert!(
            !page.to_lowercase().contains("<i"),
            "markup from the report reached the page"
        );
        assert!(!page.contains("'1'"));
        // Key, rule (text and title attribute), policy, timing, input line, input heading,
        // detection cells, gate, LLM, warnings: all there, all escaped. (Command, verdict,
        // format, kind, strategy, threshold and the LLM's mode, send and task are enums now
        // and cannot carry markup.)
        let n = page.matches(ESCAPED).count();
        assert!(n >= 27, "only {n} escaped strings on the page:\n{page}");
        assert!(page.contains(&format!("title=\"{ESCAPED}\"")));
    }
}
