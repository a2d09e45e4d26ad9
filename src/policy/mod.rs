//! Policies: what to do with each column.
//!
//! A policy is a TOML file the user can review and edit (`masq scan --plan masq.toml` writes
//! one). Without a policy, every column detected as personal data gets that kind's default
//! strategy (`fake`) and every other column is kept. A policy entry overrides detection per
//! column name, in every input that has the column:
//!
//! ```toml
//! version = 1
//!
//! [gate]
//! max_leaks = 0          # the leak gate refuses output with more leaked cells than this
//!
//! [columns.email]
//! kind = "email"         # optional: overrides what detection said
//! strategy = "fake"      # fake | hash | mask | redact | keep | drop | spans
//!
//! [columns.card_number]
//! strategy = "mask"
//! keep_last = 4          # for mask: how many trailing letters/digits stay visible
//! ```
//!
//! This module reads, validates and resolves policies; it does not transform anything.

use crate::detect::ColumnFinding;
use crate::error::{Error, Result};
use crate::kind::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// How a column is transformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// A realistic, keyed surrogate of the same kind and format.
    Fake,
    /// A keyed HMAC digest (hex), consistent under the key.
    Hash,
    /// Letters and digits replaced by `*`, except the last `keep_last`.
    Mask,
    /// The text `REDACTED`.
    Redact,
    /// Left as it is.
    Keep,
    /// Removed from the output.
    Drop,
    /// Free text: each span of personal data inside it (an email, a phone, a name, …) is
    /// replaced by the keyed surrogate of its kind; the rest of the text stays.
    Spans,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Fake => "fake",
            Strategy::Hash => "hash",
            Strategy::Mask => "mask",
            Strategy::Redact => "redact",
            Strategy::Keep => "keep",
            Strategy::Drop => "drop",
            Strategy::Spans => "spans",
        }
    }

    /// Whether the column's values are replaced (and so must not survive anywhere).
    pub fn transforms(self) -> bool {
        !matches!(self, Strategy::Keep)
    }
}

/// The default strategy for a detected kind: `fake`, except sensitive quasi-identifiers
/// (gender, ethnicity), which are reported and kept.
pub fn default_strategy(kind: Kind) -> Strategy {
    if kind.is_quasi_identifier() {
        Strategy::Keep
    } else {
        Strategy::Fake
    }
}

/// Default number of trailing characters `mask` keeps.
pub const DEFAULT_KEEP_LAST: usize = 4;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default = "one")]
    pub version: u32,
    #[serde(default)]
    pub gate: Gate,
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnPolicy>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// Leaked cells tolerated before the gate refuses to write (default 0).
    #[serde(default)]
    pub max_leaks: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnPolicy {
    pub kind: Option<Kind>,
    pub strategy: Option<Strategy>,
    pub keep_last: Option<usize>,
}

impl Policy {
    /// The policy at `path`, or the defaults when there is none.
    pub fn load_or_default(path: Option<&Path>) -> Result<Policy> {
        path.map_or_else(|| Ok(Policy::default()), Policy::load)
    }

    /// Reads and validates a policy file; errors name the file and the offending key.
    pub fn load(path: &Path) -> Result<Policy> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::config(format!(
                "{}: cannot read policy: {}",
                path.display(),
                crate::io::io_reason(&e)
            ))
        })?;
        let p: Policy = toml::from_str(&text).map_err(|e| {
            Error::config(format!(
                "invalid policy: {}",
                crate::error::toml_message(&path.display().to_string(), &text, &e)
            ))
        })?;
        if p.version != 1 {
            return Err(Error::config(format!(
                "{}: policy version {} is not supported (this masq reads version 1)",
                path.display(),
                p.version
            )));
        }
        for (name, c) in &p.columns {
            if c.keep_last.is_some() && c.strategy != Some(Strategy::Mask) {
                return Err(Error::config(format!(
                    "{}: column '{name}': keep_last only applies to strategy \"mask\"",
                    path.display()
                )));
            }
        }
        Ok(p)
    }
}

/// The resolved decision for one column of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnPlan {
    pub column: String,
    pub kind: Option<Kind>,
    pub strategy: Strategy,
    pub keep_last: usize,
    /// `detected`, `policy` or `default`.
    pub decided_by: String,
}

/// Combines detection and the policy into a plan for each column of one input.
pub fn resolve(
    findings: &[ColumnFinding],
    policy: &Policy,
    input: &str,
) -> Result<Vec<ColumnPlan>> {
    findings
        .iter()
        .map(|f| {
            let over = policy.columns.get(&f.column);
            let kind = over.and_then(|o| o.kind).or(f.kind);
            let strategy = match over.and_then(|o| o.strategy) {
                Some(s) => s,
                None => match kind {
                    Some(k) => default_strategy(k),
                    None if f.free_text => Strategy::Spans,
                    None => Strategy::Keep,
                },
            };
            if strategy == Strategy::Fake && kind.is_none() {
                return Err(Error::config(format!(
                    "{input}: column '{}': strategy \"fake\" needs a kind (none was detected; set `kind` in the policy)",
                    f.column
                )));
            }
            let decided_by = if over.is_some_and(|o| o.strategy.is_some() || o.kind.is_some()) {
                "policy"
            } else if f.kind.is_some() || f.free_text {
                "detected"
            } else {
                "default"
            };
            Ok(ColumnPlan {
                column: f.column.clone(),
                kind,
                strategy,
                keep_last: over.and_then(|o| o.keep_last).unwrap_or(DEFAULT_KEEP_LAST),
                decided_by: decided_by.into(),
            })
        })
        .collect()
}

/// Renders a reviewable policy from detection results: one `[columns.NAME]` table per column,
/// each with its evidence as comments. Columns left alone are written as `keep` so the user sees
/// every decision.
pub fn render_plan(inputs: &[(String, Vec<ColumnFinding>)]) -> String {
    let mut out = String::new();
    out.push_str("# masq policy — written by `masq scan --plan`. Review, edit, then run:\n");
    out.push_str("#   masq run INPUT... --policy THIS_FILE -o OUT\n");
    out.push_str("# strategies: fake | hash | mask (with keep_last) | redact | keep | drop | spans (free text)\n");
    out.push_str("version = 1\n\n[gate]\nmax_leaks = 0\n");
    let mut seen = std::collections::HashSet::new();
    for (input, findings) in inputs {
        out.push_str(&format!("\n# ── {input}\n"));
        for f in findings {
            if !seen.insert(f.column.clone()) {
                out.push_str(&format!("# column {} — see above\n", toml_key(&f.column)));
                continue;
            }
            out.push('\n');
            for e in &f.evidence {
                out.push_str(&format!("# {}\n", e.replace('\n', " ")));
            }
            out.push_str(&format!("[columns.{}]\n", toml_key(&f.column)));
            match f.kind {
                Some(k) => {
                    out.push_str(&format!(
                        "kind = \"{k}\"   # confidence {:.2}\n",
                        f.confidence
                    ));
                    out.push_str(&format!(
                        "strategy = \"{}\"\n",
                        default_strategy(k).as_str()
                    ));
                }
                None if f.free_text => out.push_str("strategy = \"spans\"\n"),
                None => out.push_str("strategy = \"keep\"\n"),
            }
        }
    }
    out
}

/// A TOML key for a column name: bare when possible, quoted otherwise.
fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        let mut s = String::from("\"");
        for c in name.chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
                c => s.push(c),
            }
        }
        s.push('"');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(col: &str, kind: Option<Kind>) -> ColumnFinding {
        ColumnFinding {
            column: col.into(),
            kind,
            confidence: if kind.is_some() { 0.9 } else { 0.0 },
            evidence: vec!["header 'x' matches hint 'y' (en)".into()],
            rules: vec![],
            sampled: 10,
            free_text: false,
            spans: vec![],
        }
    }

    #[test]
    fn rendered_plan_parses_back_and_keeps_decisions() {
        let text = render_plan(&[(
            "a.csv".into(),
            vec![
                finding("E-Mail Adresse", Some(Kind::Email)),
                finding("order \"id\"", None),
            ],
        )]);
        let p: Policy = toml::from_str(&text).expect("plan is valid TOML");
        assert_eq!(p.columns["E-Mail Adresse"].kind, Some(Kind::Email));
        assert_eq!(p.columns["E-Mail Adresse"].strategy, Some(Strategy::Fake));
        assert_eq!(p.columns["order \"id\""].strategy, Some(Strategy::Keep));
    }

    #[test]
    fn policy_overrides_detection() {
        let mut pol = Policy::default();
        pol.columns.insert(
            "notes".into(),
            ColumnPolicy {
                strategy: Some(Strategy::Redact),
                ..Default::default()
            },
        );
        pol.columns.insert(
            "email".into(),
            ColumnPolicy {
                strategy: Some(Strategy::Keep),
                ..Default::default()
            },
        );
        let plans = resolve(
            &[finding("email", Some(Kind::Email)), finding("notes", None)],
            &pol,
            "a.csv",
        )
        .unwrap();
        assert_eq!(plans[0].strategy, Strategy::Keep);
        assert_eq!(plans[1].strategy, Strategy::Redact);
        assert_eq!(plans[1].decided_by, "policy");
    }

    #[test]
    fn fake_without_kind_is_a_config_error() {
        let mut pol = Policy::default();
        pol.columns.insert(
            "notes".into(),
            ColumnPolicy {
                strategy: Some(Strategy::Fake),
                ..Default::default()
            },
        );
        let err = resolve(&[finding("notes", None)], &pol, "a.csv").unwrap_err();
        assert!(err.to_string().contains("column 'notes'"));
        assert_eq!(err.exit_code(), 2);
    }
}
