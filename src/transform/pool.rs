//! The `llm` strategy: surrogates written by a language model, validated, keyed.
//!
//! 1. **A pool of candidates.** The model is asked, in batches, for fictional values of the
//!    column from its name, what it holds (the policy's `description`, else the kind), the
//!    user's `instructions` and the *shapes* and lengths of the real values — never the values.
//! 2. **Validation.** Every candidate must satisfy the answer's JSON Schema (checked by the
//!    client), the column's format rule (the policy's `pattern` in full, and a length within the
//!    originals' range, widened by half), must not equal or contain any original value of the
//!    column (nor any original identifier of the run), must not be a shape echoed back
//!    (`AaAa Aaa`), and must be unique in the pool.
//! 3. **Keyed mapping.** The pool is sorted; each distinct original goes to the candidate at
//!    `HMAC(key, column label, normalized value) mod pool size`. For identifying kinds (and
//!    columns of no kind), collisions move to the next free candidate in seed order when the
//!    pool is large enough, so two people never share a surrogate; for the other kinds (job
//!    titles, employers, diagnoses: shared by many people) the plain keyed draw stands, so the
//!    mapping of a value never depends on which other values a file has.
//! 4. **One pool per column, across files and runs.** A finished pool is stored in the answer
//!    folder under [`pool_key`] — model, column name, kind, description, instructions and
//!    pattern, nothing drawn from the data — so the next file with that column (other rows,
//!    other shapes) maps through the same pool without a request, and the same original gets
//!    the same surrogate in every file under the same key.
//!
//! If the model cannot supply enough valid candidates (it is down, over budget, or its answers
//! fail validation), the caller falls back to a rule-based strategy and says so.

use crate::detect::vote::ShapeCount;
use crate::error::Result;
use crate::keys::Key;
use crate::kind::Kind;
use crate::llm::{Llm, LlmError, Prompt};
use crate::transform::{Counts, as_text};
use aho_corasick::AhoCorasick;
use polars::prelude::*;
use serde_json::json;

/// Values asked for per request.
pub const BATCH: usize = 10;
/// The largest pool built by default.
pub const MAX_POOL: usize = 200;
/// Rounds of requests before giving up on filling the pool.
const ROUNDS: usize = 3;

/// What the model is told about the column (no values).
#[derive(Debug, Clone)]
pub struct PoolSpec {
    pub column: String,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    pub instructions: Option<String>,
    pub pattern: Option<String>,
    pub shapes: Vec<ShapeCount>,
    /// Shortest and longest original value, in characters.
    pub lengths: (usize, usize),
    /// How many candidates to collect.
    pub target: usize,
}

/// The default pool size for `distinct` original values: twice as many (so keyed draws rarely
/// collide), at least 10, at most [`MAX_POOL`].
pub fn default_target(distinct: usize) -> usize {
    (distinct * 2).clamp(10, MAX_POOL)
}

/// Why candidates were turned away (for the report).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rejected {
    pub format: usize,
    pub original: usize,
    pub duplicate: usize,
}

/// A finished pool, or why there is none.
#[derive(Debug)]
pub struct Pool {
    pub values: Vec<String>,
    pub rejected: Rejected,
    pub requests: usize,
    /// The first error the model's client reported, if any prompt failed.
    pub error: Option<LlmError>,
}

impl Pool {
    /// Whether the pool is big enough to use: at least half of what `distinct` originals need.
    pub fn usable(&self, target: usize, distinct: usize) -> bool {
        let need = target.min(distinct).div_ceil(2).max(1);
        self.values.len() >= need
    }
}

const SYSTEM: &str = "You write realistic but entirely fictional values for one column of a test dataset. Never reproduce real people's data. Reply with JSON only, matching the schema.";

fn prompt(spec: &PoolSpec, batch: usize, of: usize) -> Prompt {
    let what = spec
        .description
        .clone()
        .or_else(|| spec.kind.map(|k| k.describe().to_string()))
        .unwrap_or_else(|| "(not described; infer from the name and shapes)".into());
    let mut user = format!("Column name: {}\nWhat it holds: {what}\n", spec.column);
    if let Some(i) = &spec.instructions {
        user.push_str(&format!("Instructions: {i}\n"));
    }
    if !spec.shapes.is_empty() {
        user.push_str("Layout of the real values, as shapes (A = an uppercase letter, a = a lowercase letter, d = a digit, a{n} = n letters; write real-looking values in that layout, not the letters A, a and d):\n");
        for s in &spec.shapes {
            user.push_str(&format!("  {}\n", s.shape));
        }
    }
    if let Some(p) = &spec.pattern {
        user.push_str(&format!(
            "Every value must match the regular expression: {p}\n"
        ));
    }
    let (lo, hi) = bounds(spec.lengths);
    user.push_str(&format!(
        "Lengths: {lo} to {hi} characters.\nWrite {BATCH} different values. This is batch {batch} of {of}: make them different from other batches."
    ));
    // The column's pattern goes into the schema too: servers that enforce schemas with a
    // grammar (llama.cpp) then cannot produce an off-format value at all.
    let mut item = json!({"type": "string", "minLength": 1, "maxLength": hi});
    if let Some(p) = &spec.pattern {
        item["pattern"] = json!(format!("^(?:{p})$"));
    }
    Prompt {
        system: SYSTEM.into(),
        user,
        schema_name: "values".into(),
        schema: json!({
            "type": "object",
            "properties": {
                "values": {
                    "type": "array",
                    "items": item,
                    "minItems": 1,
                    "maxItems": BATCH
                }
            },
            "required": ["values"],
            "additionalProperties": false
        }),
        max_tokens: (hi as u32 / 2 + 8) * BATCH as u32 + 32,
        temperature: 0.8,
    }
}

/// The first prompt of a pool (for the report: later batches differ only in their number).
pub fn first_prompt(spec: &PoolSpec) -> Prompt {
    prompt(spec, 1, spec.target.div_ceil(BATCH) * ROUNDS)
}

/// Accepted lengths: the originals' range widened by half.
fn bounds((lo, hi): (usize, usize)) -> (usize, usize) {
    ((lo / 2).max(1), (hi + hi / 2).max(lo + 2).max(4))
}

/// Asks the model for candidates and keeps the valid ones. `is_original` says whether a
/// candidate equals or contains an original value (of this column or any identifying one).
pub fn build_pool(llm: &dyn Llm, spec: &PoolSpec, is_original: &dyn Fn(&str) -> bool) -> Pool {
    let rule = FormatRule::new(spec);
    let (lo, hi) = bounds(spec.lengths);
    let mut values: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rejected = Rejected::default();
    let mut requests = 0;
    let mut error = None;
    let per_round = spec.target.div_ceil(BATCH);
    let total = per_round * ROUNDS;
    let mut next = 1;
    for _ in 0..ROUNDS {
        if values.len() >= spec.target {
            break;
        }
        let need = (spec.target - values.len()).div_ceil(BATCH);
        let prompts: Vec<Prompt> = (next..next + need)
            .map(|b| prompt(spec, b, total))
            .collect();
        next += need;
        requests += prompts.len();
        for answer in llm.ask(&prompts) {
            let answer = match answer {
                Ok(a) => a,
                Err(e) => {
                    error.get_or_insert(e);
                    continue;
                }
            };
            let Some(items) = answer.value.get("values").and_then(|v| v.as_array()) else {
                continue;
            };
            for item in items {
                let Some(v) = item.as_str().map(str::trim) else {
                    continue;
                };
                let len = v.chars().count();
                if len < lo || len > hi || !rule.fits(v) {
                    rejected.format += 1;
                } else if is_original(v) {
                    rejected.original += 1;
                } else if !seen.insert(v.to_lowercase()) {
                    rejected.duplicate += 1;
                } else if values.len() < spec.target {
                    values.push(v.to_string());
                }
            }
        }
        if error.is_some() && values.is_empty() {
            break;
        }
    }
    values.sort();
    Pool {
        values,
        rejected,
        requests,
        error,
    }
}

/// A candidate written only with the shape alphabet (`AaAa Aaa`, `ddd-dd`): a model that
/// copied the layout instead of writing a value.
fn echoes_a_shape(v: &str) -> bool {
    v.chars().any(|c| matches!(c, 'A' | 'a' | 'd'))
        && v.chars().all(|c| {
            matches!(c, 'A' | 'a' | 'd' | '{' | '}') || c.is_ascii_digit() || !c.is_alphanumeric()
        })
}

/// Checks candidates against the originals of a column: equal (ignoring case and surrounding
/// space), or containing an original of 4+ characters.
pub struct OriginalMatcher {
    exact: std::collections::HashSet<String>,
    inside: Option<AhoCorasick>,
}

impl OriginalMatcher {
    pub fn new<'a>(originals: impl Iterator<Item = &'a str>) -> OriginalMatcher {
        let mut exact = std::collections::HashSet::new();
        let mut long = Vec::new();
        for o in originals {
            let n = o.trim().to_lowercase();
            if n.chars().count() >= 4 {
                long.push(n.clone());
            }
            exact.insert(n);
        }
        let inside = (!long.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&long)
                .expect("literal patterns always build")
        });
        OriginalMatcher { exact, inside }
    }

    pub fn matches(&self, candidate: &str) -> bool {
        let n = candidate.trim().to_lowercase();
        self.exact.contains(&n) || self.inside.as_ref().is_some_and(|ac| ac.is_match(&n))
    }
}

/// The name under which a column's finished pool is stored: a SHA-256 of what defines the
/// column for the model (never of its values).
pub fn pool_key(model: &str, spec: &PoolSpec) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        "masq/llm-pool/v1",
        model,
        &spec.column,
        spec.kind.map_or("", Kind::as_str),
        spec.description.as_deref().unwrap_or(""),
        spec.instructions.as_deref().unwrap_or(""),
        spec.pattern.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    format!("pool-{}", hex::encode(h.finalize()))
}

/// The column's format rule for candidates, compiled once: the policy's `pattern` in full, and
/// not a shape echoed back. (Lengths are checked where the originals' range is known.)
pub struct FormatRule {
    full: Option<regex::Regex>,
}

impl FormatRule {
    pub fn new(spec: &PoolSpec) -> FormatRule {
        FormatRule {
            full: spec
                .pattern
                .as_ref()
                .and_then(|p| regex::Regex::new(&format!("^(?:{p})$")).ok()),
        }
    }

    pub fn fits(&self, v: &str) -> bool {
        self.full.as_ref().is_none_or(|re| re.is_match(v)) && !echoes_a_shape(v)
    }
}

/// The distinct values of `column` in every frame that has it (sorted), and the shortest and
/// longest of them in characters (`(1, 20)` when there are none): what a pool's candidates
/// must never equal, and the lengths they should keep to.
pub fn column_originals<'a>(
    frames: impl Iterator<Item = &'a DataFrame>,
    column: &str,
) -> Result<(Vec<String>, (usize, usize))> {
    let mut originals: Vec<String> = Vec::new();
    let mut lengths = (usize::MAX, 0);
    for df in frames {
        if let Ok(c) = df.column(column) {
            let t = as_text(c)?;
            let ca = t.str()?;
            let mut seen = foldhash::HashSet::default();
            for v in ca.iter().flatten().filter(|v| seen.insert(*v)) {
                let n = v.trim().chars().count();
                lengths = (lengths.0.min(n), lengths.1.max(n));
                originals.push(v.to_string());
            }
        }
    }
    originals.sort();
    originals.dedup();
    if lengths.0 == usize::MAX {
        lengths = (1, 20);
    }
    Ok((originals, lengths))
}

/// Replaces every value of `col` by its keyed candidate from `pool` (sorted, non-empty).
/// `label` names the mapping (the column's kind or name) so that two columns of one kind share
/// it; `unique`: different originals get different candidates while the pool lasts (see the
/// module docs). Nulls stay null.
pub fn apply(
    col: &Column,
    pool: &[String],
    label: &str,
    unique: bool,
    key: &Key,
) -> Result<(Column, Counts)> {
    assert!(!pool.is_empty(), "the caller checks Pool::usable first");
    let mut redrawn = 0;
    let (series, mut counts) = super::map_distinct(col, |distinct| {
        // One person, one surrogate: values equal up to case and spacing map together.
        let norm = |v: &str| v.trim().to_lowercase();
        let mut groups: Vec<(u64, String)> = distinct
            .iter()
            .map(|v| {
                let n = norm(v);
                (seed(key, label, &n), n)
            })
            .collect();
        groups.sort();
        groups.dedup();
        let mut choice: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        let mut taken = vec![false; pool.len()];
        let unique = unique && pool.len() >= groups.len();
        for (s, n) in &groups {
            let mut i = (*s % pool.len() as u64) as usize;
            if unique {
                if taken[i] {
                    redrawn += 1;
                }
                while taken[i] {
                    i = (i + 1) % pool.len();
                }
                taken[i] = true;
            }
            choice.insert(n.as_str(), i);
        }
        Ok(distinct
            .iter()
            .map(|v| (pool[choice[norm(v).as_str()]].clone(), 0))
            .collect())
    })?;
    counts.redrawn = redrawn;
    Ok((series.into_column(), counts))
}

fn seed(key: &Key, label: &str, normalized: &str) -> u64 {
    let h = key.hash_value(&format!("masq/llm/{label}"), normalized);
    u64::from_str_radix(&h, 16).expect("hash_value is 16 hex digits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeySource;

    #[test]
    fn mapping_is_keyed_consistent_and_one_to_one_when_the_pool_allows() {
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let pool: Vec<String> = (0..12).map(|i| format!("Title {i:02}")).collect();
        let col = Column::new(
            "job".into(),
            [
                Some("Nurse"),
                Some("nurse "),
                None,
                Some("Chef"),
                Some("Pilot"),
            ],
        );
        let (out, counts) = apply(&col, &pool, "job_title", true, &key).unwrap();
        let v: Vec<Option<&str>> = out.str().unwrap().iter().collect();
        assert_eq!(v[0], v[1], "case variants are one value");
        assert_eq!(v[2], None, "nulls stay null");
        let distinct: std::collections::HashSet<_> = [v[0], v[3], v[4]].into_iter().collect();
        assert_eq!(
            distinct.len(),
            3,
            "different originals, different surrogates"
        );
        assert!(v.iter().flatten().all(|s| pool.iter().any(|p| p == s)));
        assert_eq!(counts.nulls, 1);
        let (again, _) = apply(&col, &pool, "job_title", true, &key).unwrap();
        assert_eq!(out, again);
        let other = Key::from_bytes(vec![6; 32], KeySource::Env).unwrap();
        let (x, _) = apply(&col, &pool, "job_title", true, &other).unwrap();
        assert_ne!(out, x, "another key, another mapping");
    }

    #[test]
    fn without_uniqueness_a_value_maps_the_same_whatever_else_the_file_holds() {
        let key = Key::from_bytes(vec![5; 32], KeySource::Env).unwrap();
        let pool: Vec<String> = (0..4).map(|i| format!("Title {i}")).collect();
        let a = Column::new("job".into(), ["Nurse", "Chef", "Pilot", "Porter", "Clerk"]);
        let b = Column::new("job".into(), ["Nurse"]);
        let (oa, _) = apply(&a, &pool, "job_title", false, &key).unwrap();
        let (ob, _) = apply(&b, &pool, "job_title", false, &key).unwrap();
        assert_eq!(
            oa.str().unwrap().get(0),
            ob.str().unwrap().get(0),
            "Nurse maps alike in both files"
        );
    }

    #[test]
    fn shapes_echoed_back_are_not_values() {
        assert!(echoes_a_shape("AaAa Aaa"));
        assert!(echoes_a_shape("ddd-dd-dddd"));
        assert!(echoes_a_shape("Aa{7}"));
        assert!(!echoes_a_shape("Harbour Pilot"));
        assert!(!echoes_a_shape("42"));
    }

    #[test]
    fn originals_are_caught_whole_and_inside() {
        let m = OriginalMatcher::new(["Nurse", "Head Chef", "IT"].into_iter());
        assert!(m.matches("nurse"));
        assert!(m.matches(" NURSE "));
        assert!(m.matches("Senior Nurse"), "contains an original");
        assert!(m.matches("it"));
        assert!(
            !m.matches("Digital Strategist"),
            "short originals only match whole"
        );
        assert!(!m.matches("Pilot"));
    }
}
