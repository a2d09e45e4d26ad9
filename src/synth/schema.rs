//! The schema file of `masq synth --schema table.toml`: a table description, its columns
//! (types, ranges, distributions, masq kinds, derived expressions), the constraints its rows
//! must meet and the gate thresholds. Parsed with serde (`deny_unknown_fields`, so a typo is an
//! error naming the file, line and column) and published as a JSON Schema
//! (`masq schema synth`, `docs/synth.schema.json`) so editors can autocomplete it.
//!
//! This module only describes and checks the file; generating rows is `generate`'s job and
//! evaluating expressions is `expr`'s.

use crate::error::{Error, Result};
use crate::kind::Kind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// A `masq synth` schema file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SynthSchema {
    /// Schema file format version; this masq reads 1.
    pub version: u32,
    pub table: Table,
    /// The columns, in output order.
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnSpec>,
    /// Constraints checked on the output (and enforced while generating where they can be).
    #[serde(default, rename = "constraint")]
    pub constraints: Vec<Constraint>,
    #[serde(default)]
    pub gate: SynthGate,
}

/// A schema file of several tables (`[[tables]]`, each with its own `[[tables.column]]`,
/// `[[tables.constraint]]` and `[tables.gate]`), related by `references` between columns.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MultiSchema {
    /// Schema file format version; this masq reads 1.
    pub version: u32,
    /// The tables; a referenced table is generated before the tables that reference it, and
    /// the written files follow this order.
    pub tables: Vec<TableSchema>,
}

/// One table of a several-table file: `[table]`'s fields and the table's own columns,
/// constraints and gate.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableSchema {
    /// Table name: names the output file (`DIR/<name>.csv`) and `references`.
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub instructions: Option<String>,
    /// Rows to generate (default: `--rows`, else 100).
    #[serde(default)]
    pub rows: Option<usize>,
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnSpec>,
    #[serde(default, rename = "constraint")]
    pub constraints: Vec<Constraint>,
    #[serde(default)]
    pub gate: SynthGate,
}

/// What `masq synth --schema` reads: one table, or several related ones.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum SchemaFile {
    /// `[table]` with `[[column]]`, `[[constraint]]` and `[gate]`.
    One(SynthSchema),
    /// `[[tables]]`, each with its own columns, constraints and gate.
    Many(MultiSchema),
}

/// A foreign key of a several-table file: `table.column` takes its values from
/// `parent.parent_column`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub table: String,
    pub column: String,
    pub parent: String,
    pub parent_column: String,
}

/// The tables of a schema file, in generation order (every referenced table before the
/// tables that reference it), with their foreign keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    pub tables: Vec<SynthSchema>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Written as several tables (a `[[tables]]` file), even if it holds one.
    pub several: bool,
}

impl Tables {
    /// Reads a schema file of one table or several.
    pub fn load(path: &Path) -> Result<Tables> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(&name, "read", e))?;
        Tables::parse(&name, &text)
    }

    /// Parses and checks schema text of one table or several; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Tables> {
        let several = text
            .parse::<toml::Table>()
            .map(|t| t.contains_key("tables"))
            .unwrap_or(false);
        if !several {
            return Ok(Tables {
                tables: vec![SynthSchema::parse(file, text)?],
                foreign_keys: vec![],
                several: false,
            });
        }
        let m: MultiSchema = toml::from_str(text).map_err(|e| {
            Error::config(format!(
                "invalid synth schema: {}",
                crate::error::toml_message(file, text, &e)
            ))
        })?;
        let fail = |column: Option<&str>, message: String| {
            let at = column
                .and_then(|c| line_of(text, c))
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            Error::config(format!("invalid synth schema: {file}{at}: {message}"))
        };
        if m.tables.is_empty() {
            return Err(fail(None, "[[tables]] is empty".into()));
        }
        let mut tables: Vec<SynthSchema> = Vec::new();
        for t in m.tables {
            if tables.iter().any(|o| o.table.name == t.name) {
                return Err(fail(None, format!("table {} is defined twice", t.name)));
            }
            tables.push(SynthSchema {
                version: m.version,
                table: Table {
                    name: t.name,
                    description: t.description,
                    instructions: t.instructions,
                    rows: t.rows,
                },
                columns: t.columns,
                constraints: t.constraints,
                gate: t.gate,
            });
        }
        // Foreign keys: the parent column exists, is unique, and lends the child its type.
        let mut foreign_keys = Vec::new();
        let snapshot = tables.clone();
        for t in &mut tables {
            for c in &mut t.columns {
                let Some(r) = c.references.clone() else {
                    continue;
                };
                let here = format!("table {}, column {}", t.table.name, c.name);
                let Some((pt, pc)) = r.split_once('.') else {
                    return Err(fail(
                        Some(&c.name),
                        format!("{here}: references `{r}` is not `table.column`"),
                    ));
                };
                let Some(parent) = snapshot.iter().find(|s| s.table.name == pt) else {
                    return Err(fail(
                        Some(&c.name),
                        format!("{here}: references a table {pt} the file does not define"),
                    ));
                };
                let Some(pcol) = parent.column(pc) else {
                    return Err(fail(
                        Some(&c.name),
                        format!("{here}: references {pt}.{pc}, which is not a column of {pt}"),
                    ));
                };
                if !pcol.unique || pcol.is_derived() || pcol.null_share > 0.0 || pcol.hidden {
                    return Err(fail(
                        Some(&c.name),
                        format!(
                            "{here}: references {pt}.{pc}, which must be unique, never null, written and not derived (set unique = true)"
                        ),
                    ));
                }
                if c.is_derived()
                    || c.min.is_some()
                    || c.max.is_some()
                    || !c.values.is_empty()
                    || c.pattern.is_some()
                    || c.mean.is_some()
                    || c.like.is_some()
                {
                    return Err(fail(
                        Some(&c.name),
                        format!(
                            "{here}: a column with references takes its values from {pt}.{pc}; it takes no expr, min, max, values, pattern, mean or like"
                        ),
                    ));
                }
                // Drawn like the parent column (so generated and checked alike), then
                // replaced by the parent's values.
                c.ty = pcol.ty;
                c.min = pcol.min.clone();
                c.max = pcol.max.clone();
                c.scale = pcol.scale;
                c.pattern = pcol.pattern.clone();
                c.min_length = pcol.min_length;
                c.max_length = pcol.max_length;
                c.values = pcol.values.clone();
                c.weights = pcol.weights.clone();
                c.distribution = pcol.distribution;
                c.std = pcol.std;
                c.mean = pcol.mean;
                c.like = pcol.like.clone();
                foreign_keys.push(ForeignKey {
                    table: t.table.name.clone(),
                    column: c.name.clone(),
                    parent: pt.to_string(),
                    parent_column: pc.to_string(),
                });
            }
        }
        for t in &tables {
            t.check().map_err(|e| {
                fail(
                    e.column.as_deref(),
                    format!("table {}: {}", t.table.name, e.message),
                )
            })?;
        }
        // Parents first; a cycle cannot be generated.
        let mut order: Vec<SynthSchema> = Vec::new();
        let mut left = tables;
        while !left.is_empty() {
            let ready = left.iter().position(|t| {
                foreign_keys
                    .iter()
                    .filter(|f| f.table == t.table.name && f.parent != t.table.name)
                    .all(|f| order.iter().any(|o| o.table.name == f.parent))
                    && !foreign_keys
                        .iter()
                        .any(|f| f.table == t.table.name && f.parent == t.table.name)
            });
            match ready {
                Some(i) => order.push(left.remove(i)),
                None => {
                    let names: Vec<&str> = left.iter().map(|t| t.table.name.as_str()).collect();
                    return Err(fail(
                        None,
                        format!(
                            "the references of tables {} form a cycle (or a table references itself), which cannot be generated",
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(Tables {
            tables: order,
            foreign_keys,
            several: true,
        })
    }
}

/// What the table holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name (used in the report and to seed the generator).
    pub name: String,
    /// What one row is, in words.
    #[serde(default)]
    pub description: String,
    /// Natural-language instructions for an LLM generator (kept and reported; the statistical
    /// generator does not read them).
    #[serde(default)]
    pub instructions: Option<String>,
    /// Rows to generate when `--rows` is not given.
    #[serde(default)]
    pub rows: Option<usize>,
}

/// A column's type: a plain type, or a masq kind (`email`, `person_name`, `iban`, …) whose
/// values come from masq's fakers.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlainType {
    Int,
    Float,
    /// A number with `scale` digits after the point.
    Decimal,
    String,
    /// One of `values`.
    Enum,
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM:SS`.
    Datetime,
}

/// `type = "int"` or a kind name such as `type = "email"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnType {
    Plain(PlainType),
    Kind(Kind),
    /// Not written: only a column with `references` may leave it out (it takes the referenced
    /// column's type); loading the file fails on any other.
    #[default]
    Unset,
}

impl Serialize for ColumnType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ColumnType::Plain(p) => p.serialize(s),
            ColumnType::Kind(k) => s.serialize_str(k.as_str()),
            ColumnType::Unset => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if let Ok(p) = PlainType::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new(&s))
        {
            return Ok(ColumnType::Plain(p));
        }
        Kind::parse(&s).map(ColumnType::Kind).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown type `{s}`: one of int, float, decimal, string, enum, bool, date, datetime, or a masq kind (email, person_name, iban, …)"
            ))
        })
    }
}

impl ColumnType {
    fn is_unset(&self) -> bool {
        *self == ColumnType::Unset
    }
}

impl JsonSchema for ColumnType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ColumnType".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut names: Vec<String> = [
            "int", "float", "decimal", "string", "enum", "bool", "date", "datetime",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        names.extend(Kind::all().map(|k| k.as_str().to_string()));
        schemars::json_schema!({
            "description": "A plain type, or a masq kind whose values come from masq's fakers.",
            "type": "string",
            "enum": names,
        })
    }
}

/// How values of a numeric (or date) column are spread between `min` and `max`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    #[default]
    Uniform,
    /// `mean` and `std`, redrawn until inside `min`..`max`.
    Normal,
    /// Positive and skewed; `mean` and `std` of the values themselves.
    Lognormal,
    /// One of `values`, with `weights` (equal without).
    Categorical,
}

/// A number or a text literal (enum values, date bounds).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

/// One column.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub name: String,
    /// Required, except on a column with `references` (which takes the referenced type).
    #[serde(rename = "type", default, skip_serializing_if = "ColumnType::is_unset")]
    pub ty: ColumnType,
    /// What the column holds, in words.
    #[serde(default)]
    pub description: String,
    /// Smallest value (numbers; dates and datetimes as text).
    pub min: Option<Value>,
    /// Largest value.
    pub max: Option<Value>,
    /// Digits after the point (`decimal`; also rounds `float`).
    pub scale: Option<u32>,
    #[serde(default)]
    pub distribution: Distribution,
    pub mean: Option<f64>,
    pub std: Option<f64>,
    /// The allowed values (`enum`, or `categorical` numbers and strings).
    #[serde(default)]
    pub values: Vec<Value>,
    /// Relative weights of `values` (same length).
    #[serde(default)]
    pub weights: Vec<f64>,
    /// A regular expression every (string) value must match in full; generated strings follow it.
    pub pattern: Option<String>,
    /// Shortest and longest generated string (without `pattern` or `values`).
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// Share of nulls, 0..1.
    #[serde(default)]
    pub null_share: f64,
    /// No value repeats.
    #[serde(default)]
    pub unique: bool,
    /// A template value for a kind column: fakes keep its layout (e.g. `"DE89 3704 0044 0532 0130 00"`
    /// for spaced German IBANs). Default: the kind's first rule example.
    pub like: Option<String>,
    /// Derived column: a SQL expression over earlier columns (polars SQL), e.g.
    /// `round(size * size * 1.2 * noise, 2)`.
    pub expr: Option<String>,
    /// Generated and usable in expressions, but not written.
    #[serde(default)]
    pub hidden: bool,
    /// A foreign key, `"table.column"` (several-table files only): every value is one of that
    /// unique column's generated values, drawn at random (each once with `unique`); the type
    /// comes from that column. Nulls only as `null_share` asks.
    pub references: Option<String>,
}

/// A constraint the output must meet, by `kind`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    /// A SQL boolean expression every row must make true (null counts as met, as in a SQL
    /// CHECK): `price > 0`, `discharged >= admitted`. Rows that break it are drawn again.
    Row {
        #[serde(default)]
        name: Option<String>,
        expr: String,
    },
    /// The mean of `y` rises (or falls) with `x`, within each group of `by`: for each group,
    /// the means of `y` per distinct `x`, in order of `x`, strictly increase (or decrease).
    Monotonic {
        #[serde(default)]
        name: Option<String>,
        y: String,
        x: String,
        #[serde(default)]
        by: Vec<String>,
        #[serde(default)]
        decreasing: bool,
    },
    /// For every key in `on` present in both groups, mean(`column`) where `group` =
    /// `numerator` divided by mean(`column`) where `group` = `denominator` is within
    /// `min`..`max`. The generator rescales the numerator's rows of a key that falls outside.
    Ratio {
        #[serde(default)]
        name: Option<String>,
        column: String,
        group: String,
        numerator: String,
        denominator: String,
        #[serde(default)]
        on: Vec<String>,
        min: f64,
        max: f64,
    },
    /// Pearson correlation of `x` and `y` within `min`..`max`.
    Correlation {
        #[serde(default)]
        name: Option<String>,
        x: String,
        y: String,
        min: f64,
        max: f64,
    },
    /// Share of rows whose `column` equals `value`, within `min`..`max` (0..1).
    Share {
        #[serde(default)]
        name: Option<String>,
        column: String,
        value: Value,
        min: f64,
        max: f64,
    },
    /// Mean of `column` within `min`..`max`.
    Mean {
        #[serde(default)]
        name: Option<String>,
        column: String,
        min: f64,
        max: f64,
    },
    /// Standard deviation (sample) of `column` within `min`..`max`.
    Std {
        #[serde(default)]
        name: Option<String>,
        column: String,
        min: f64,
        max: f64,
    },
}

impl Constraint {
    /// The kind as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Constraint::Row { .. } => "row",
            Constraint::Monotonic { .. } => "monotonic",
            Constraint::Ratio { .. } => "ratio",
            Constraint::Correlation { .. } => "correlation",
            Constraint::Share { .. } => "share",
            Constraint::Mean { .. } => "mean",
            Constraint::Std { .. } => "std",
        }
    }

    /// Its name, or one made from what it checks.
    pub fn label(&self) -> String {
        let (name, made) = match self {
            Constraint::Row { name, expr } => (name, expr.clone()),
            Constraint::Monotonic {
                name,
                y,
                x,
                by,
                decreasing,
            } => (
                name,
                format!(
                    "{y} {} with {x}{}",
                    if *decreasing { "falls" } else { "rises" },
                    if by.is_empty() {
                        String::new()
                    } else {
                        format!(" per {}", by.join(", "))
                    }
                ),
            ),
            Constraint::Ratio {
                name,
                column,
                group,
                numerator,
                denominator,
                on,
                min,
                max,
            } => (
                name,
                format!(
                    "{column} of {group}={numerator} / {group}={denominator}{} in {min}..{max}",
                    if on.is_empty() {
                        String::new()
                    } else {
                        format!(" at equal {}", on.join(", "))
                    }
                ),
            ),
            Constraint::Correlation {
                name,
                x,
                y,
                min,
                max,
            } => (name, format!("correlation({x}, {y}) in {min}..{max}")),
            Constraint::Share {
                name,
                column,
                min,
                max,
                ..
            } => (name, format!("share of a {column} value in {min}..{max}")),
            Constraint::Mean {
                name,
                column,
                min,
                max,
            } => (name, format!("mean({column}) in {min}..{max}")),
            Constraint::Std {
                name,
                column,
                min,
                max,
            } => (name, format!("std({column}) in {min}..{max}")),
        };
        name.clone().unwrap_or(made)
    }

    /// The columns it reads (row expressions are checked by the expression engine instead).
    fn columns(&self) -> Vec<&str> {
        match self {
            Constraint::Row { .. } => vec![],
            Constraint::Monotonic { y, x, by, .. } => {
                let mut v = vec![y.as_str(), x.as_str()];
                v.extend(by.iter().map(String::as_str));
                v
            }
            Constraint::Ratio {
                column, group, on, ..
            } => {
                let mut v = vec![column.as_str(), group.as_str()];
                v.extend(on.iter().map(String::as_str));
                v
            }
            Constraint::Correlation { x, y, .. } => vec![x, y],
            Constraint::Share { column, .. }
            | Constraint::Mean { column, .. }
            | Constraint::Std { column, .. } => vec![column],
        }
    }
}

/// Thresholds that decide whether the output is written (exit 1 and nothing written otherwise).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SynthGate {
    /// Least share of rows that fit the column specs (types, ranges, values, patterns).
    #[serde(default = "one")]
    pub min_valid_rows: f64,
    /// Least satisfaction rate of every constraint (row constraints: share of rows;
    /// aggregate ones: share of groups, keys or steps that hold).
    #[serde(default = "one")]
    pub min_constraint_rate: f64,
    /// Most share of rows that duplicate an earlier row (unset: reported, not gated).
    #[serde(default)]
    pub max_duplicate_rows: Option<f64>,
    /// Least distinct share per (non-enum, non-bool) column (unset: reported, not gated).
    #[serde(default)]
    pub min_distinct_share: Option<f64>,
}

fn one() -> f64 {
    1.0
}

impl Default for SynthGate {
    fn default() -> Self {
        SynthGate {
            min_valid_rows: 1.0,
            min_constraint_rate: 1.0,
            max_duplicate_rows: None,
            min_distinct_share: None,
        }
    }
}

impl SynthSchema {
    /// The JSON Schema of schema files (`masq schema synth`), pretty-printed with a trailing
    /// newline.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(SchemaFile);
        serde_json::to_string_pretty(&schema).expect("a schema always serialises") + "\n"
    }

    /// Reads and checks a schema file. Errors name the file, and for syntax and type errors the
    /// line and column (`FILE:LINE:COL: what`).
    pub fn load(path: &Path) -> Result<SynthSchema> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(&name, "read", e))?;
        SynthSchema::parse(&name, &text)
    }

    /// Parses and checks schema text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<SynthSchema> {
        let s: SynthSchema = toml::from_str(text).map_err(|e| {
            Error::config(format!(
                "invalid synth schema: {}",
                crate::error::toml_message(file, text, &e)
            ))
        })?;
        let refs = s
            .columns
            .iter()
            .find(|c| c.references.is_some())
            .map(|c| {
                CheckError::new(
                    Some(&c.name),
                    format!(
                        "column {}: references needs a file of several tables ([[tables]], each with [[tables.column]])",
                        c.name
                    ),
                )
            });
        refs.map_or_else(|| s.check(), Err).map_err(|e| {
            // Point at the line that names the offending column when there is one.
            let at = e
                .column
                .as_deref()
                .and_then(|c| line_of(text, c))
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            Error::config(format!("invalid synth schema: {file}{at}: {}", e.message))
        })?;
        Ok(s)
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Checks what serde cannot: known column names, values that fit their types, ranges in
    /// order, weights matching values, patterns that compile.
    fn check(&self) -> std::result::Result<(), CheckError> {
        if self.version != 1 {
            return Err(CheckError::new(
                None,
                format!(
                    "schema version {} is not supported (this masq reads version 1)",
                    self.version
                ),
            ));
        }
        if self.columns.is_empty() {
            return Err(CheckError::new(
                None,
                "no [[column]]: a table needs columns",
            ));
        }
        let mut seen = BTreeSet::new();
        for c in &self.columns {
            let err = |m: String| CheckError::new(Some(&c.name), format!("column {}: {m}", c.name));
            if !seen.insert(c.name.as_str()) {
                return Err(err("defined twice".into()));
            }
            c.check().map_err(err)?;
        }
        if self.columns.iter().all(|c| c.hidden) {
            return Err(CheckError::new(
                None,
                "every column is hidden: nothing to write",
            ));
        }
        for k in &self.constraints {
            for col in k.columns() {
                if !seen.contains(col) {
                    return Err(CheckError::new(
                        None,
                        format!(
                            "{} constraint `{}`: no column named {col}",
                            k.kind(),
                            k.label()
                        ),
                    ));
                }
            }
            match k {
                Constraint::Ratio { min, max, .. }
                | Constraint::Correlation { min, max, .. }
                | Constraint::Share { min, max, .. }
                | Constraint::Mean { min, max, .. }
                | Constraint::Std { min, max, .. }
                    if min > max =>
                {
                    return Err(CheckError::new(
                        None,
                        format!("{} constraint `{}`: min is above max", k.kind(), k.label()),
                    ));
                }
                _ => {}
            }
        }
        let g = &self.gate;
        for (name, v) in [
            ("min_valid_rows", Some(g.min_valid_rows)),
            ("min_constraint_rate", Some(g.min_constraint_rate)),
            ("max_duplicate_rows", g.max_duplicate_rows),
            ("min_distinct_share", g.min_distinct_share),
        ] {
            if let Some(v) = v
                && !(0.0..=1.0).contains(&v)
            {
                return Err(CheckError::new(
                    None,
                    format!("[gate] {name} must be between 0 and 1"),
                ));
            }
        }
        Ok(())
    }
}

struct CheckError {
    column: Option<String>,
    message: String,
}

impl CheckError {
    fn new(column: Option<&str>, message: impl Into<String>) -> CheckError {
        CheckError {
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

/// The 1-based line of `name = "<column>"`, if the text has one.
fn line_of(text: &str, column: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim();
            l.starts_with("name")
                && l.split_once('=').is_some_and(|(k, v)| {
                    k.trim() == "name" && v.trim().trim_matches(['"', '\'']) == column
                })
        })
        .map(|i| i + 1)
}

impl Value {
    /// As a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// As text (numbers and bools spelt as TOML would).
    pub fn as_text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

impl ColumnSpec {
    /// Whether this column is computed from others.
    pub fn is_derived(&self) -> bool {
        self.expr.is_some()
    }

    fn bounds_f64(&self) -> std::result::Result<(Option<f64>, Option<f64>), String> {
        let num = |v: &Option<Value>, which: &str| match v {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("{which} must be a number")),
        };
        Ok((num(&self.min, "min")?, num(&self.max, "max")?))
    }

    fn check(&self) -> std::result::Result<(), String> {
        if self.ty == ColumnType::Unset {
            return Err("missing field `type`".into());
        }
        if !(0.0..=1.0).contains(&self.null_share) {
            return Err("null_share must be between 0 and 1".into());
        }
        if !self.weights.is_empty() && self.weights.len() != self.values.len() {
            return Err(format!(
                "{} weights for {} values",
                self.weights.len(),
                self.values.len()
            ));
        }
        if self.weights.iter().any(|w| !w.is_finite() || *w < 0.0)
            || (!self.weights.is_empty() && self.weights.iter().sum::<f64>() <= 0.0)
        {
            return Err("weights must be non-negative with a positive sum".into());
        }
        if let Some(p) = &self.pattern {
            regex::Regex::new(p).map_err(|_| "pattern is not a valid regular expression")?;
            if !matches!(
                self.ty,
                ColumnType::Plain(PlainType::String) | ColumnType::Kind(_)
            ) {
                return Err("pattern applies to string columns".into());
            }
        }
        if self.is_derived() {
            if self.distribution != Distribution::Uniform
                || !self.values.is_empty()
                || self.mean.is_some()
                || self.unique
                || self.like.is_some()
            {
                return Err(
                    "a derived column (expr) takes no distribution, values, mean, unique or like"
                        .into(),
                );
            }
            return Ok(());
        }
        let categorical = self.distribution == Distribution::Categorical;
        match self.ty {
            ColumnType::Plain(PlainType::Enum) => {
                if self.values.is_empty() {
                    return Err("an enum needs values".into());
                }
            }
            ColumnType::Plain(PlainType::Int | PlainType::Float | PlainType::Decimal) => {
                if categorical || !self.values.is_empty() {
                    if self.values.is_empty() {
                        return Err("a categorical distribution needs values".into());
                    }
                    if self.values.iter().any(|v| v.as_f64().is_none()) {
                        return Err("values of a numeric column must be numbers".into());
                    }
                } else {
                    let (lo, hi) = self.bounds_f64()?;
                    match self.distribution {
                        Distribution::Uniform if lo.is_none() || hi.is_none() => {
                            return Err("a uniform number needs min and max".into());
                        }
                        Distribution::Normal | Distribution::Lognormal
                            if self.mean.is_none() || self.std.is_none() =>
                        {
                            return Err(format!(
                                "a {} distribution needs mean and std",
                                if self.distribution == Distribution::Normal {
                                    "normal"
                                } else {
                                    "lognormal"
                                }
                            ));
                        }
                        Distribution::Lognormal if self.mean.is_some_and(|m| m <= 0.0) => {
                            return Err("a lognormal mean must be positive".into());
                        }
                        _ => {}
                    }
                    if self.std.is_some_and(|s| s < 0.0) {
                        return Err("std must not be negative".into());
                    }
                    if let (Some(lo), Some(hi)) = (lo, hi)
                        && lo > hi
                    {
                        return Err("min is above max".into());
                    }
                }
                if matches!(self.ty, ColumnType::Plain(PlainType::Decimal)) && self.scale.is_none()
                {
                    return Err("a decimal needs a scale (digits after the point)".into());
                }
            }
            ColumnType::Plain(PlainType::Date | PlainType::Datetime) => {
                let dt = matches!(self.ty, ColumnType::Plain(PlainType::Datetime));
                let parse = |v: &Option<Value>, which: &str| -> std::result::Result<(), String> {
                    match v {
                        Some(Value::Text(t))
                            if crate::synth::generate::parse_time(t, dt).is_some() =>
                        {
                            Ok(())
                        }
                        _ => Err(format!(
                            "{which} must be a {} as text",
                            if dt {
                                "datetime (YYYY-MM-DDTHH:MM:SS)"
                            } else {
                                "date (YYYY-MM-DD)"
                            }
                        )),
                    }
                };
                parse(&self.min, "min")?;
                parse(&self.max, "max")?;
            }
            ColumnType::Plain(PlainType::String) => {
                if let (Some(a), Some(b)) = (self.min_length, self.max_length)
                    && a > b
                {
                    return Err("min_length is above max_length".into());
                }
            }
            ColumnType::Plain(PlainType::Bool) | ColumnType::Kind(_) | ColumnType::Unset => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = r#"
version = 1
[table]
name = "t"
[[column]]
name = "n"
type = "int"
min = 1
max = 9
"#;

    #[test]
    fn a_minimal_schema_parses_and_kinds_are_types() {
        let s = SynthSchema::parse("t.toml", MIN).unwrap();
        assert_eq!(s.columns[0].ty, ColumnType::Plain(PlainType::Int));
        let k = MIN.replace("type = \"int\"", "type = \"iban\"");
        let s = SynthSchema::parse("t.toml", &k).unwrap();
        assert_eq!(s.columns[0].ty, ColumnType::Kind(Kind::Iban));
    }

    #[test]
    fn a_typo_names_file_line_and_column() {
        let bad = MIN.replace("max = 9", "maxx = 9");
        let e = SynthSchema::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("t.toml:9:1"), "{e}");
        let bad = MIN.replace("type = \"int\"", "type = \"integer\"");
        let e = SynthSchema::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("t.toml:7:") && e.contains("unknown type"), "{e}");
    }

    #[test]
    fn semantic_errors_name_the_column_line() {
        let bad = MIN.replace("max = 9", "max = 0");
        let e = SynthSchema::parse("t.toml", &bad).unwrap_err().to_string();
        assert!(e.contains("t.toml:6: column n: min is above max"), "{e}");
    }
}
