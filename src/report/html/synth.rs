//! The `synth` section of the HTML report: what was generated, schema validity, each
//! constraint's satisfaction (relations such as price against size drawn per group), diversity
//! and the synth gate. View models only: every figure comes from the report's `synth` section.

use super::charts::{self, Svg};
use super::format::{f3, int, pct};
use super::{Bar, Stat, stat};
use crate::synth::SynthReport;

pub(super) struct SynthView<'a> {
    pub s: &'a SynthReport,
    pub stats: Vec<Stat>,
    pub constraints: Vec<ConstraintRow<'a>>,
    pub charts: Vec<(String, Svg)>,
    pub rejected: Vec<(&'a str, String)>,
    pub repaired: Vec<(&'a str, String)>,
    pub invalid: Vec<(&'a str, String)>,
    pub columns: Vec<(&'a str, Bar, String)>,
    pub gate: Vec<GateLine<'a>>,
}

pub(super) struct ConstraintRow<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub rate: Bar,
    pub counted: String,
    pub observed: String,
    pub held: bool,
}

pub(super) struct GateLine<'a> {
    pub threshold: &'a str,
    pub subject: &'a str,
    pub required: String,
    pub actual: String,
    pub passed: bool,
}

impl<'a> SynthView<'a> {
    pub fn new(s: &'a SynthReport) -> SynthView<'a> {
        let g = &s.generation;
        let rejected: usize = g.rejected.values().sum();
        let repaired: usize = g.repaired.values().sum();
        let tone = |ok: bool| if ok { "ok" } else { "bad" };
        let stats = vec![
            stat(
                "rows written",
                int(s.rows_generated as u64),
                tone(s.rows_generated >= s.rows_requested),
            ),
            match &s.validity {
                Some(v) => stat(
                    "schema-valid rows",
                    pct(v.valid_share),
                    tone(v.valid_rows == v.rows),
                ),
                None => stat("schema-valid rows", "no schema".into(), ""),
            },
            stat(
                "constraints met",
                format!(
                    "{} of {}",
                    s.constraints.iter().filter(|c| c.rate >= 1.0).count(),
                    s.constraints.len()
                ),
                tone(s.constraints.iter().all(|c| c.rate >= 1.0)),
            ),
            stat("rows drawn", int(g.rows_drawn as u64), ""),
            stat("rows rejected", int(rejected as u64), ""),
            stat("cells repaired", int(repaired as u64), ""),
            stat(
                "duplicate rows",
                int(s.diversity.duplicate_rows as u64),
                tone(s.diversity.duplicate_rows == 0),
            ),
        ];
        let mut stats = stats;
        if let Some(l) = &s.like {
            stats.push(stat(
                "fidelity",
                l.fidelity.overall.map(f3).unwrap_or_else(|| "n/a".into()),
                "",
            ));
            stats.push(stat(
                "exact copies of real rows",
                int(l.exact_copies as u64),
                tone(l.exact_copies == 0),
            ));
            stats.push(stat(
                "closer than real 5th pct",
                pct(l.distance.close_share),
                "",
            ));
        }
        let constraints = s
            .constraints
            .iter()
            .map(|c| ConstraintRow {
                name: &c.name,
                kind: &c.kind,
                rate: Bar::new(c.rate, pct(c.rate)),
                counted: format!("{} of {}", int(c.held as u64), int(c.checked as u64)),
                observed: c.observed.map(f3).unwrap_or_default(),
                held: c.checked > 0 && c.rate >= 1.0,
            })
            .collect();
        let charts = s
            .constraints
            .iter()
            .filter(|c| !c.series.is_empty())
            .map(|c| {
                let first = &c.series[0];
                let series: Vec<(String, Vec<(f64, f64)>)> = c
                    .series
                    .iter()
                    .map(|s| (s.name.clone(), s.points.clone()))
                    .collect();
                (
                    c.name.clone(),
                    charts::relation(&series, &first.x_label, &first.y_label),
                )
            })
            .collect();
        let counted = |m: &'a std::collections::BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| (k.as_str(), int(*v as u64)))
                .collect::<Vec<_>>()
        };
        SynthView {
            s,
            stats,
            constraints,
            charts,
            rejected: counted(&g.rejected),
            repaired: counted(&g.repaired),
            invalid: s
                .validity
                .as_ref()
                .map(|v| counted(&v.invalid_cells))
                .unwrap_or_default(),
            columns: s
                .diversity
                .columns
                .iter()
                .map(|c| {
                    (
                        c.column.as_str(),
                        Bar::new(c.distinct_share, pct(c.distinct_share)),
                        pct(c.null_share),
                    )
                })
                .collect(),
            gate: s
                .gate
                .checks
                .iter()
                .map(|c| GateLine {
                    threshold: &c.threshold,
                    subject: c.subject.as_deref().unwrap_or(""),
                    required: f3(c.required),
                    actual: f3(c.actual),
                    passed: c.passed,
                })
                .collect(),
        }
    }
}
