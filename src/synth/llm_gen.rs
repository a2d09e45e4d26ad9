//! The LLM generator of `masq synth --schema … --llm-url …`: rows written by a model in batches,
//! each answer constrained by a JSON Schema derived from the table schema (`response_format:
//! json_schema`, and checked again with `jsonschema` by the client, which re-asks with the
//! validation error). Rows that break a row constraint or repeat a unique value are dropped and
//! counted, and the next batch is told how many broke which constraint — by name and count,
//! never by value. Generation stops when enough rows are kept or the request budget is used
//! up; the caller's gate then refuses a short table.
//!
//! Prompts carry the table's description, instructions, column declarations and constraints,
//! a batch number and the key's fingerprint — so answers are cached per (key, batch) and a
//! re-run with the same key and cache gives the same rows. Nothing from real data is sent, except
//! with `--like`: then the schema is made from the real table's statistics (percentile ranges,
//! shares of categories of at least k rows, means, correlations), never from its rows.

use super::expr;
use super::generate::{GenCounts, Generated, parse_time, text_of};
use super::schema::{ColumnSpec, ColumnType, Constraint, PlainType, SynthSchema, Value};
use crate::error::{Error, Result};
use crate::keys::Key;
use crate::llm::{Llm, LlmError, LlmUsage, Prompt};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, HashSet};

/// Rows asked for per request.
pub const BATCH: usize = 20;

/// What the model was asked and what it cost.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LlmGenReport {
    /// Server URL (without credentials or query) and model.
    pub url: String,
    pub model: String,
    /// Batches asked for, and rows the model wrote in all.
    pub batches: usize,
    pub rows_written_by_model: usize,
    /// Why generation stopped early, if it did (`budget`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    pub usage: LlmUsage,
}

/// The JSON Schema of one row: the written columns, typed, ranged and nullable as declared.
pub fn row_schema(schema: &SynthSchema) -> Json {
    let mut props = Map::new();
    let mut required = Vec::new();
    for c in schema.columns.iter().filter(|c| !c.hidden) {
        let mut s = column_schema(c);
        if c.null_share > 0.0
            && let Some(t) = s.get("type").cloned()
        {
            s["type"] = json!([t, "null"]);
            if let Some(e) = s.get_mut("enum").and_then(Json::as_array_mut) {
                e.push(Json::Null);
            }
        }
        if !c.description.is_empty() {
            let range = s
                .get("description")
                .and_then(Json::as_str)
                .map(str::to_string);
            s["description"] = json!(match range {
                Some(r) => format!("{} ({r})", c.description),
                None => c.description.clone(),
            });
        }
        props.insert(c.name.clone(), s);
        required.push(json!(c.name));
    }
    json!({
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

fn column_schema(c: &ColumnSpec) -> Json {
    let num = |v: &Option<Value>| v.as_ref().and_then(Value::as_f64);
    let ranged = |mut s: Json| {
        if let Some(m) = num(&c.min) {
            s["minimum"] = json!(m);
        }
        if let Some(m) = num(&c.max) {
            s["maximum"] = json!(m);
        }
        s
    };
    let values = || -> Option<Vec<Json>> {
        (!c.values.is_empty() && !c.is_derived()).then(|| {
            c.values
                .iter()
                .map(|v| match v {
                    Value::Int(i) => json!(i),
                    Value::Float(f) => json!(f),
                    Value::Bool(b) => json!(b),
                    Value::Text(t) => json!(t),
                })
                .collect()
        })
    };
    match c.ty {
        ColumnType::Plain(PlainType::Int) => match values() {
            Some(v) => json!({"type": "integer", "enum": v}),
            None => ranged(json!({"type": "integer"})),
        },
        // A number's range is said in words, not as a schema bound: servers that enforce the
        // schema by grammar (llama.cpp) cannot bound a decimal, so one row out of range would
        // sink the whole batch. masq drops such rows itself (counted as `schema`).
        ColumnType::Plain(PlainType::Float | PlainType::Decimal) => match values() {
            Some(v) => json!({"type": "number", "enum": v}),
            None => {
                let mut s = json!({"type": "number"});
                if let (Some(a), Some(b)) = (num(&c.min), num(&c.max)) {
                    s["description"] = json!(format!("from {a} to {b}"));
                }
                s
            }
        },
        ColumnType::Plain(PlainType::Bool) => json!({"type": "boolean"}),
        ColumnType::Plain(PlainType::Enum) => {
            let v: Vec<String> = c.values.iter().map(Value::as_text).collect();
            json!({"type": "string", "enum": v})
        }
        ColumnType::Plain(PlainType::Date) => {
            json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})
        }
        ColumnType::Plain(PlainType::Datetime) => {
            json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}$"})
        }
        ColumnType::Plain(PlainType::String) | ColumnType::Kind(_) | ColumnType::Unset => {
            let mut s = match values() {
                Some(v) => json!({"type": "string", "enum": v}),
                None => json!({"type": "string"}),
            };
            if let Some(p) = &c.pattern {
                s["pattern"] = json!(format!("^(?:{p})$"));
            }
            if let Some(m) = c.min_length {
                s["minLength"] = json!(m);
            }
            if let Some(m) = c.max_length {
                s["maxLength"] = json!(m);
            }
            s
        }
    }
}

/// The table described for the model: what a row is, the instructions, each column, each
/// constraint.
fn describe(schema: &SynthSchema) -> String {
    let t = &schema.table;
    let mut out = format!("Table `{}`: {}\n", t.name, t.description.trim());
    if let Some(i) = &t.instructions {
        out.push_str(&format!("Instructions: {}\n", i.trim()));
    }
    out.push_str("Columns:\n");
    for c in schema.columns.iter().filter(|c| !c.hidden) {
        let ty = match c.ty {
            ColumnType::Plain(p) => serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            ColumnType::Kind(k) => format!("{} (realistic, invented)", k.as_str()),
            ColumnType::Unset => "string".into(),
        };
        out.push_str(&format!("- {}: {ty}", c.name));
        if let Some(s) = c.scale {
            out.push_str(&format!(", {s} decimals"));
        }
        if let (Some(a), Some(b)) = (&c.min, &c.max) {
            out.push_str(&format!(", from {} to {}", a.as_text(), b.as_text()));
        }
        if c.unique {
            out.push_str(", unique across the whole table");
        }
        if c.null_share > 0.0 {
            out.push_str(&format!(
                ", empty (null) in about {:.0}% of rows",
                c.null_share * 100.0
            ));
        }
        if let Some(e) = &c.expr {
            out.push_str(&format!(", about {e}"));
        }
        if !c.description.is_empty() {
            out.push_str(&format!(" — {}", c.description.trim()));
        }
        out.push('\n');
    }
    if !schema.constraints.is_empty() {
        out.push_str("Constraints the rows must meet:\n");
        for k in &schema.constraints {
            match k {
                Constraint::Row { expr, .. } => out.push_str(&format!("- every row: {expr}\n")),
                other => out.push_str(&format!("- over all rows: {}\n", other.label())),
            }
        }
    }
    out
}

/// Asks `llm` for rows until `rows` are kept or the budget is used up.
pub fn generate_llm(
    schema: &SynthSchema,
    rows: usize,
    llm: &dyn Llm,
    key: &Key,
) -> Result<(Generated, LlmGenReport)> {
    let compiled = expr::Compiled::new(schema)?;
    let rules = crate::rules::RuleSet::builtin()?;
    // Declarations without `unique`: repeats are counted by the uniqueness check below, which
    // also sees earlier batches.
    let mut lax = schema.clone();
    for c in &mut lax.columns {
        c.unique = false;
    }
    let written: Vec<&ColumnSpec> = schema.columns.iter().filter(|c| !c.hidden).collect();
    let row = row_schema(schema);
    let table = describe(schema);
    let seed = key.fingerprint_id();
    let mut counts = GenCounts::default();
    let mut kept: Option<DataFrame> = None;
    let mut seen_unique: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut feedback = String::new();
    let mut batches = 0usize;
    let mut from_model = 0usize;
    let mut stopped = None;
    // However generous the budget, a model that never writes a usable row is not asked forever.
    let max_batches = rows.div_ceil(BATCH) * 5 + 5;
    while kept.as_ref().map_or(0, DataFrame::height) < rows && batches < max_batches {
        let have = kept.as_ref().map_or(0, DataFrame::height);
        let n = (rows - have).min(BATCH);
        batches += 1;
        let user = format!(
            "{table}\nWrite {n} new rows (batch {batches}, series {seed}). Vary them: no two rows \
             alike, values spread over their whole ranges.{feedback}\nAnswer with JSON: {{\"rows\": [...]}}."
        );
        let prompt = Prompt {
            system: "You write rows of a synthetic table as JSON. Every value is invented; none \
                     may describe a real person. Follow the column types, ranges and constraints \
                     exactly."
                .into(),
            user,
            schema_name: "synthetic_rows".into(),
            schema: json!({
                "type": "object",
                "properties": {"rows": {"type": "array", "minItems": 1, "maxItems": n, "items": row}},
                "required": ["rows"],
                "additionalProperties": false,
            }),
            max_tokens: 4096,
            temperature: 0.9,
        };
        let answer = match llm.ask(std::slice::from_ref(&prompt)).pop() {
            Some(Ok(a)) => a,
            Some(Err(LlmError::Budget)) => {
                stopped = Some("budget".to_string());
                break;
            }
            // An answer that kept breaking the schema through the client's re-asks: the batch
            // is lost (counted), the next one is asked.
            Some(Err(LlmError::Invalid(_))) => {
                *counts
                    .rejected
                    .entry("batch breaking the JSON schema".into())
                    .or_default() += 1;
                continue;
            }
            Some(Err(e)) => return Err(Error::External(e.to_string())),
            None => return Err(Error::External("the LLM gave no answer".into())),
        };
        let items = answer.value["rows"].as_array().cloned().unwrap_or_default();
        from_model += items.len();
        counts.rows_drawn += items.len();
        let (batch, unusable) = to_frame(&written, &items)?;
        if unusable > 0 {
            *counts.rejected.entry("schema".into()).or_default() += unusable;
        }
        // Cells the JSON Schema could not hold the model to (decimal ranges, patterns the
        // server ignored, kinds that fail their checksum): such rows are dropped and counted.
        let (_, mut pass) = super::check::validity_rows(&lax, &batch, &rules)?;
        let unfit = pass.iter().filter(|p| !**p).count();
        if unfit > 0 {
            *counts.rejected.entry("schema".into()).or_default() += unfit;
        }
        let mut broke: Vec<(String, usize)> = Vec::new();
        if unfit > 0 {
            broke.push((
                "the column declarations (type, range, values, pattern)".into(),
                unfit,
            ));
        }
        for (label, e) in &compiled.rows {
            let ok = expr::row_mask(&batch, e)
                .map_err(|m| Error::config(format!("row constraint `{label}`: {m}")))?;
            let mut c = 0;
            for (p, o) in pass.iter_mut().zip(ok) {
                if !o && *p {
                    *p = false;
                    c += 1;
                }
            }
            if c > 0 {
                *counts.rejected.entry(label.clone()).or_default() += c;
                broke.push((label.clone(), c));
            }
        }
        for c in schema.columns.iter().filter(|c| c.unique && !c.hidden) {
            let seen = seen_unique.entry(c.name.clone()).or_default();
            let mut dup = 0;
            for (p, v) in pass.iter_mut().zip(text_of(&batch, &c.name)?) {
                if let (true, Some(v)) = (*p, v)
                    && !seen.insert(v)
                {
                    *p = false;
                    dup += 1;
                }
            }
            if dup > 0 {
                let label = format!("unique {}", c.name);
                *counts.rejected.entry(label.clone()).or_default() += dup;
                broke.push((format!("{label} (repeated a value of an earlier row)"), dup));
            }
        }
        feedback = if broke.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = broke
                .iter()
                .map(|(l, c)| format!("{c} broke `{l}`"))
                .collect();
            format!(
                "\nIn the previous batch, rows were dropped: {}. Make sure every row meets every constraint.",
                list.join("; ")
            )
        };
        let good = batch.filter(&BooleanChunked::from_slice("pass".into(), &pass))?;
        let good = if good.height() > rows - have {
            good.slice(0, rows - have)
        } else {
            good
        };
        kept = Some(match kept {
            None => good,
            Some(mut k) => {
                k.vstack_mut(&good)?;
                k
            }
        });
    }
    counts.rounds = batches as u32;
    let frame = match kept {
        Some(mut f) => {
            f.rechunk_mut();
            f
        }
        None => to_frame(&written, &[])?.0,
    };
    let (url, model) = llm.describe();
    Ok((
        Generated { frame, counts },
        LlmGenReport {
            url,
            model,
            batches,
            rows_written_by_model: from_model,
            stopped,
            usage: llm.usage(),
        },
    ))
}

/// The model's rows as a typed frame; rows with a cell that cannot be read as its column's
/// type are left out and counted.
fn to_frame(columns: &[&ColumnSpec], items: &[Json]) -> Result<(DataFrame, usize)> {
    let mut usable = vec![true; items.len()];
    let cell = |item: &Json, c: &ColumnSpec| -> std::result::Result<Option<Json>, ()> {
        match item.get(&c.name) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => Ok(Some(v.clone())),
        }
    };
    // First pass: which rows can be read.
    for (i, item) in items.iter().enumerate() {
        for c in columns {
            let ok = match cell(item, c) {
                Ok(None) => true,
                Ok(Some(v)) => readable(c, &v),
                Err(()) => false,
            };
            usable[i] &= ok;
        }
    }
    let rows: Vec<&Json> = items
        .iter()
        .zip(&usable)
        .filter(|(_, u)| **u)
        .map(|(i, _)| i)
        .collect();
    let mut cols = Vec::new();
    for c in columns {
        let name: PlSmallStr = c.name.as_str().into();
        let get = |r: &Json| r.get(&c.name).filter(|v| !v.is_null()).cloned();
        let s = match c.ty {
            ColumnType::Plain(PlainType::Int) => Series::new(
                name,
                rows.iter()
                    .map(|r| get(r).and_then(|v| v.as_f64()).map(|f| f as i64))
                    .collect::<Vec<_>>(),
            ),
            ColumnType::Plain(PlainType::Float | PlainType::Decimal) => Series::new(
                name,
                rows.iter()
                    .map(|r| get(r).and_then(|v| v.as_f64()))
                    .collect::<Vec<_>>(),
            ),
            ColumnType::Plain(PlainType::Bool) => Series::new(
                name,
                rows.iter()
                    .map(|r| get(r).and_then(|v| v.as_bool()))
                    .collect::<Vec<_>>(),
            ),
            ColumnType::Plain(t @ (PlainType::Date | PlainType::Datetime)) => {
                let dt = t == PlainType::Datetime;
                let v: Vec<Option<i64>> = rows
                    .iter()
                    .map(|r| get(r).and_then(|v| v.as_str().and_then(|s| parse_time(s, dt))))
                    .collect();
                let s = Series::new(name, v);
                if dt {
                    s.cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
                } else {
                    s.cast(&DataType::Int32)?.cast(&DataType::Date)?
                }
            }
            ColumnType::Plain(PlainType::String | PlainType::Enum)
            | ColumnType::Kind(_)
            | ColumnType::Unset => Series::new(
                name,
                rows.iter()
                    .map(|r| {
                        get(r).map(|v| match v {
                            Json::String(s) => s,
                            other => other.to_string(),
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        cols.push(s.into_column());
    }
    let n = rows.len();
    Ok((
        DataFrame::new(n, cols)?,
        usable.iter().filter(|u| !**u).count(),
    ))
}

fn readable(c: &ColumnSpec, v: &Json) -> bool {
    match c.ty {
        ColumnType::Plain(PlainType::Int) => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        ColumnType::Plain(PlainType::Float | PlainType::Decimal) => v.as_f64().is_some(),
        ColumnType::Plain(PlainType::Bool) => v.is_boolean(),
        ColumnType::Plain(t @ (PlainType::Date | PlainType::Datetime)) => v
            .as_str()
            .is_some_and(|s| parse_time(s, t == PlainType::Datetime).is_some()),
        _ => v.is_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_schema_follows_the_declarations() {
        let s = SynthSchema::parse(
            "t.toml",
            r#"
version = 1
[table]
name = "t"
[[column]]
name = "n"
type = "int"
min = 1
max = 9
null_share = 0.1
[[column]]
name = "k"
type = "enum"
values = ["a", "b"]
[[column]]
name = "h"
type = "float"
min = 0
max = 1
hidden = true
"#,
        )
        .unwrap();
        let r = row_schema(&s);
        assert_eq!(r["properties"]["n"]["type"], json!(["integer", "null"]));
        assert_eq!(r["properties"]["n"]["maximum"], json!(9.0));
        assert_eq!(r["properties"]["k"]["enum"], json!(["a", "b"]));
        assert!(
            r["properties"].get("h").is_none(),
            "hidden columns are not asked for"
        );
        assert!(jsonschema::validator_for(&r).is_ok());
    }
}
