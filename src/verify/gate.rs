//! The gate: every threshold of the policy (`max_leaks`, `max_residual`, `min_k`,
//! `min_fidelity` overall and per column) checked against what the audit measured, each with
//! what was required, what was measured, and by how much it failed or held.

use super::LeakCheck;
use super::fidelity::Fidelity;
use super::residual::ResidualCheck;
use super::risk::Risk;
use crate::policy::Policy;
use serde::{Deserialize, Serialize};

names! {
/// A threshold of the policy's `[gate]` (and `min_fidelity` of a column).
pub enum Threshold {
    MaxLeaks,
    MaxResidual,
    MinK,
    MinFidelity,
}
}

/// One input as the gate sees it.
pub struct GateInput<'a> {
    pub path: &'a str,
    /// The input's column names (a `min_fidelity` on a column it lacks is not checked here).
    pub columns: Vec<&'a str>,
    pub fidelity: Option<&'a Fidelity>,
    pub risk: Option<&'a Risk>,
}

/// The gate's verdict: every threshold checked, and those that failed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct GateResult {
    pub passed: bool,
    /// The thresholds that did not hold.
    pub failures: Vec<GateCheck>,
    /// The thresholds that held (so a reader sees everything that was checked).
    #[serde(default)]
    pub held: Vec<GateCheck>,
}

/// One threshold checked against what was measured.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct GateCheck {
    /// `min_fidelity` with a column is the column's own threshold; without, the overall one.
    pub threshold: Threshold,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The policy's limit.
    pub required: f64,
    /// What was measured.
    pub actual: f64,
    /// In words, e.g. `k is 3, the policy requires at least 5 (short by 2)`, or by how much
    /// it held.
    pub message: String,
}

/// Checks every threshold of the policy's gate against what was measured: `max_leaks`, `min_k` (per input with risk figures), `min_fidelity`
/// overall (per input) and per column. Each check says which threshold, what was required,
/// what was measured and by how much it failed or held.
pub fn gate(
    policy: &Policy,
    leaks: Option<&LeakCheck>,
    residual: Option<&ResidualCheck>,
    inputs: &[GateInput],
) -> GateResult {
    let mut checks: Vec<(bool, GateCheck)> = Vec::new();
    let mut check = |ok: bool,
                     threshold: Threshold,
                     at: (Option<&str>, Option<&str>),
                     required: f64,
                     actual: f64,
                     message: String| {
        checks.push((
            ok,
            GateCheck {
                threshold,
                input: at.0.map(String::from),
                column: at.1.map(String::from),
                required,
                actual,
                message,
            },
        ))
    };
    if let Some(l) = leaks {
        let over = l.leaked_cells as u64 > l.max_leaks;
        let message = if over {
            format!(
                "{} cells hold original identifiers, the policy allows {} (over by {})",
                l.leaked_cells,
                l.max_leaks,
                l.leaked_cells as u64 - l.max_leaks
            )
        } else {
            format!("{} leaked cells, {} allowed", l.leaked_cells, l.max_leaks)
        };
        let (req, act) = (l.max_leaks as f64, l.leaked_cells as f64);
        check(!over, Threshold::MaxLeaks, (None, None), req, act, message);
    }
    if let Some(r) = residual {
        let over = r.residual_cells as u64 > r.max_residual;
        let message = if over {
            format!(
                "{} cells hold identifiers masq did not recognise or replace, the policy allows {} (over by {})",
                r.residual_cells,
                r.max_residual,
                r.residual_cells as u64 - r.max_residual
            )
        } else {
            format!(
                "{} residual identifiers in {} scanned cells, {} allowed",
                r.residual_cells, r.cells_scanned, r.max_residual
            )
        };
        let (req, act) = (r.max_residual as f64, r.residual_cells as f64);
        check(
            !over,
            Threshold::MaxResidual,
            (None, None),
            req,
            act,
            message,
        );
    }
    for ir in inputs {
        let input = Some(ir.path);
        if let (Some(min_k), Some(risk)) = (policy.gate.min_k, ir.risk) {
            let k = risk.after.k;
            let qis = risk.quasi_identifiers.join(", ");
            let message = if k < min_k {
                format!(
                    "k is {k} over [{qis}], the policy requires at least {min_k} (short by {})",
                    min_k - k
                )
            } else {
                format!("k is {k} over [{qis}], at least {min_k} required")
            };
            check(
                k >= min_k,
                Threshold::MinK,
                (input, None),
                min_k as f64,
                k as f64,
                message,
            );
        }
        let Some(fid) = ir.fidelity else { continue };
        let fidelity_message = |what: &str, score: f64, min: f64| {
            if score < min {
                format!(
                    "{what} is {score:.3}, the policy requires at least {min:.3} (short by {:.3})",
                    min - score
                )
            } else {
                format!("{what} is {score:.3}, at least {min:.3} required")
            }
        };
        if let (Some(min), Some(overall)) = (policy.gate.min_fidelity, fid.overall) {
            let message = fidelity_message("overall fidelity", overall, min);
            check(
                overall >= min,
                Threshold::MinFidelity,
                (input, None),
                min,
                overall,
                message,
            );
        }
        for (name, cp) in &policy.columns {
            let Some(min) = cp.min_fidelity else { continue };
            let at = (input, Some(name.as_str()));
            let scores: Vec<f64> = fid
                .columns
                .iter()
                .filter(|c| &c.column == name)
                .map(|c| c.score)
                .collect();
            if scores.is_empty() && ir.columns.iter().any(|c| c == name) {
                let message = format!(
                    "column '{name}' has a min_fidelity but could not be compared (see fidelity.skipped)"
                );
                check(false, Threshold::MinFidelity, at, min, 0.0, message);
            }
            for score in scores {
                let message = fidelity_message(&format!("column '{name}' fidelity"), score, min);
                check(
                    score >= min,
                    Threshold::MinFidelity,
                    at,
                    min,
                    score,
                    message,
                );
            }
        }
    }
    let (held, failures): (Vec<_>, Vec<_>) = checks.into_iter().partition(|(ok, _)| *ok);
    GateResult {
        passed: failures.is_empty(),
        failures: failures.into_iter().map(|(_, c)| c).collect(),
        held: held.into_iter().map(|(_, c)| c).collect(),
    }
}
