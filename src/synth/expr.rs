//! Expressions of schema files — derived columns and row constraints — in SQL: `price > 0`,
//! `discharged >= admitted`, `round(size * 1.2, 2)`, `CASE WHEN t = 'QLED' THEN 2 ELSE 1 END`.
//! `sqlparser` (the parser behind DataFusion and polars' own SQL) parses the text; this module
//! maps the parsed tree onto polars expressions, which evaluate whole columns at once — so no
//! home-made parser and no per-row interpreter.
//!
//! Why not `polars::sql::sql_expr`: with polars' `json` feature, its `sql` feature turns on
//! serde_json's `preserve_order` for the whole build, which reorders every JSON object masq
//! serialises — including the prompt schemas the LLM cache keys hash, so recorded replies would
//! stop matching.
//!
//! Supported: column names, numbers, 'text', TRUE/FALSE/NULL, DATE 'YYYY-MM-DD', + - * / %,
//! comparisons, AND/OR/NOT, `IS [NOT] NULL`, `[NOT] BETWEEN`, `[NOT] IN (…)`, CASE (both forms),
//! and the functions round, abs, sqrt, ln, exp, power, floor, ceil, least, greatest, coalesce.
//! Anything else is an error naming the construct. Errors never carry a cell value.

use super::schema::{Constraint, SynthSchema};
use crate::error::{Error, Result, scrub_polars};
use polars::prelude::*;
use sqlparser::ast::{self as sql, BinaryOperator as B, UnaryOperator as U};
use std::collections::HashMap;

/// The schema's expressions, parsed once.
pub struct Compiled {
    /// Row constraints: label and expression.
    pub rows: Vec<(String, Expr)>,
    /// Derived columns by name.
    pub derived: HashMap<String, Expr>,
}

impl Compiled {
    /// Parses every expression of `schema`; a syntax error is a configuration error naming the
    /// column or constraint.
    pub fn new(schema: &SynthSchema) -> Result<Compiled> {
        let mut derived = HashMap::new();
        for c in &schema.columns {
            if let Some(e) = &c.expr {
                let parsed =
                    parse(e).map_err(|m| Error::config(format!("column {}: expr: {m}", c.name)))?;
                derived.insert(c.name.clone(), parsed);
            }
        }
        let mut rows = Vec::new();
        for k in &schema.constraints {
            if let Constraint::Row { expr, .. } = k {
                let parsed = parse(expr)
                    .map_err(|m| Error::config(format!("row constraint `{}`: {m}", k.label())))?;
                rows.push((k.label(), parsed));
            }
        }
        Ok(Compiled { rows, derived })
    }
}

/// Parses one SQL expression into a polars expression.
pub fn parse(text: &str) -> std::result::Result<Expr, String> {
    let dialect = sqlparser::dialect::GenericDialect {};
    let mut p = sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(text)
        .map_err(|e| format!("cannot parse: {e}"))?;
    let tree = p.parse_expr().map_err(|e| format!("cannot parse: {e}"))?;
    if p.peek_token().token != sqlparser::tokenizer::Token::EOF {
        return Err("cannot parse: text after the end of the expression".into());
    }
    to_polars(&tree)
}

fn to_polars(e: &sql::Expr) -> std::result::Result<Expr, String> {
    Ok(match e {
        sql::Expr::Identifier(id) => col(id.value.as_str()),
        sql::Expr::CompoundIdentifier(ids) => {
            col(ids.last().map(|i| i.value.as_str()).unwrap_or_default())
        }
        sql::Expr::Value(v) => value(&v.value)?,
        sql::Expr::TypedString(ts) => {
            let text = match &ts.value.value {
                sql::Value::SingleQuotedString(t) => t.as_str(),
                _ => return Err("a typed literal needs a 'quoted' value".into()),
            };
            match ts.data_type {
                sql::DataType::Date => {
                    let days = super::generate::parse_time(text, false)
                        .ok_or("DATE '…' must be YYYY-MM-DD")?;
                    lit(days).cast(DataType::Int32).cast(DataType::Date)
                }
                sql::DataType::Timestamp(..) | sql::DataType::Datetime(_) => {
                    let ms = super::generate::parse_time(text, true)
                        .ok_or("TIMESTAMP '…' must be YYYY-MM-DD HH:MM:SS")?;
                    lit(ms).cast(DataType::Datetime(TimeUnit::Milliseconds, None))
                }
                _ => return Err(format!("typed literal {} is not supported", ts.data_type)),
            }
        }
        sql::Expr::Nested(inner) => to_polars(inner)?,
        sql::Expr::UnaryOp { op, expr } => {
            let x = to_polars(expr)?;
            match op {
                U::Not => x.not(),
                U::Minus => lit(0) - x,
                U::Plus => x,
                other => return Err(format!("operator {other} is not supported")),
            }
        }
        sql::Expr::BinaryOp { left, op, right } => {
            let (l, r) = (to_polars(left)?, to_polars(right)?);
            match op {
                B::Plus => l + r,
                B::Minus => l - r,
                B::Multiply => l * r,
                B::Divide => l.true_div(r),
                B::Modulo => l % r,
                B::Gt => l.gt(r),
                B::GtEq => l.gt_eq(r),
                B::Lt => l.lt(r),
                B::LtEq => l.lt_eq(r),
                B::Eq => l.eq(r),
                B::NotEq => l.neq(r),
                B::And => l.and(r),
                B::Or => l.or(r),
                other => return Err(format!("operator {other} is not supported")),
            }
        }
        sql::Expr::IsNull(x) => to_polars(x)?.is_null(),
        sql::Expr::IsNotNull(x) => to_polars(x)?.is_not_null(),
        sql::Expr::IsTrue(x) => to_polars(x)?.eq(lit(true)),
        sql::Expr::IsFalse(x) => to_polars(x)?.eq(lit(false)),
        sql::Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let x = to_polars(expr)?;
            let b = x
                .clone()
                .gt_eq(to_polars(low)?)
                .and(x.lt_eq(to_polars(high)?));
            if *negated { b.not() } else { b }
        }
        sql::Expr::InList {
            expr,
            list,
            negated,
        } => {
            let x = to_polars(expr)?;
            let mut any: Option<Expr> = None;
            for item in list {
                let eq = x.clone().eq(to_polars(item)?);
                any = Some(match any {
                    None => eq,
                    Some(a) => a.or(eq),
                });
            }
            let any = any.ok_or("IN needs at least one value")?;
            if *negated { any.not() } else { any }
        }
        sql::Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            let operand = operand.as_deref().map(to_polars).transpose()?;
            let cond = |c: &sql::Expr| -> std::result::Result<Expr, String> {
                let c = to_polars(c)?;
                Ok(match &operand {
                    Some(o) => o.clone().eq(c),
                    None => c,
                })
            };
            let otherwise = match else_result {
                Some(e) => to_polars(e)?,
                None => lit(NULL),
            };
            let mut whens = conditions.iter().rev();
            let last = whens.next().ok_or("CASE needs a WHEN")?;
            let mut out = when(cond(&last.condition)?)
                .then(to_polars(&last.result)?)
                .otherwise(otherwise);
            for w in whens {
                out = when(cond(&w.condition)?)
                    .then(to_polars(&w.result)?)
                    .otherwise(out);
            }
            out
        }
        sql::Expr::Function(f) => function(f)?,
        other => {
            let text = other.to_string();
            let what = text.split_whitespace().next().unwrap_or("this construct");
            return Err(format!("`{what}…` is not supported in expressions"));
        }
    })
}

fn value(v: &sql::Value) -> std::result::Result<Expr, String> {
    Ok(match v {
        sql::Value::Number(n, _) => match n.parse::<i64>() {
            Ok(i) => lit(i),
            Err(_) => lit(n
                .parse::<f64>()
                .map_err(|_| "a number literal does not parse".to_string())?),
        },
        sql::Value::SingleQuotedString(s) | sql::Value::DoubleQuotedString(s) => lit(s.as_str()),
        sql::Value::Boolean(b) => lit(*b),
        sql::Value::Null => lit(NULL),
        _ => return Err("this kind of literal is not supported".into()),
    })
}

fn function(f: &sql::Function) -> std::result::Result<Expr, String> {
    let name = f.name.to_string().to_ascii_lowercase();
    let sql::FunctionArguments::List(list) = &f.args else {
        return Err(format!("{name}: arguments in parentheses expected"));
    };
    let mut args = Vec::new();
    for a in &list.args {
        match a {
            sql::FunctionArg::Unnamed(sql::FunctionArgExpr::Expr(e)) => args.push(to_polars(e)?),
            _ => return Err(format!("{name}: only plain arguments are supported")),
        }
    }
    let n = args.len();
    let arity = |want: &str| format!("{name} takes {want} argument(s), got {n}");
    let mut it = args.into_iter();
    let mut one = || it.next().expect("arity checked");
    Ok(match (name.as_str(), n) {
        ("round", 1) => one().round(0, RoundMode::HalfAwayFromZero),
        ("round", 2) => {
            let x = one();
            let d = match &list.args[1] {
                sql::FunctionArg::Unnamed(sql::FunctionArgExpr::Expr(sql::Expr::Value(v))) => {
                    match &v.value {
                        sql::Value::Number(d, _) => d.parse::<u32>().ok(),
                        _ => None,
                    }
                }
                _ => None,
            }
            .ok_or("round: the digits must be a whole number literal")?;
            x.round(d, RoundMode::HalfAwayFromZero)
        }
        ("round", _) => return Err(arity("1 or 2")),
        ("abs", 1) => one().abs(),
        ("sqrt", 1) => one().cast(DataType::Float64).sqrt(),
        ("ln", 1) => one().cast(DataType::Float64).log(lit(std::f64::consts::E)),
        ("exp", 1) => one().cast(DataType::Float64).exp(),
        ("floor", 1) => one().floor(),
        ("ceil" | "ceiling", 1) => one().ceil(),
        ("power" | "pow", 2) => {
            let x = one().cast(DataType::Float64);
            x.pow(one())
        }
        ("abs" | "sqrt" | "ln" | "exp" | "floor" | "ceil" | "ceiling", _) => {
            return Err(arity("1"));
        }
        ("power" | "pow", _) => return Err(arity("2")),
        ("least", n) if n > 0 => polars::lazy::dsl::min_horizontal(it.collect::<Vec<_>>())
            .map_err(|e| scrub_polars(&e))?,
        ("greatest", n) if n > 0 => polars::lazy::dsl::max_horizontal(it.collect::<Vec<_>>())
            .map_err(|e| scrub_polars(&e))?,
        ("coalesce", n) if n > 0 => coalesce(&it.collect::<Vec<_>>()),
        _ => return Err(format!("function {name} is not supported")),
    })
}

/// Evaluates `e` over `df`: one value per row (a constant is repeated).
pub fn eval(df: &DataFrame, e: &Expr) -> std::result::Result<Series, String> {
    let out = df
        .clone()
        .lazy()
        .select([e.clone().alias("__masq_value")])
        .collect()
        .map_err(|e| scrub_polars(&e))?;
    let s = out
        .column("__masq_value")
        .map_err(|e| scrub_polars(&e))?
        .as_materialized_series()
        .clone();
    if s.len() == df.height() {
        Ok(s)
    } else if s.len() == 1 {
        Ok(s.new_from_index(0, df.height()))
    } else {
        Err(format!(
            "gives {} values for {} rows (an aggregate?)",
            s.len(),
            df.height()
        ))
    }
}

/// Which rows meet a boolean expression. Null is met, as in a SQL CHECK.
pub fn row_mask(df: &DataFrame, e: &Expr) -> std::result::Result<Vec<bool>, String> {
    let s = eval(df, e)?;
    if s.dtype() != &DataType::Boolean {
        return Err(format!("is {}, not a condition (true/false)", s.dtype()));
    }
    Ok(s.bool()
        .map_err(|e| scrub_polars(&e))?
        .iter()
        .map(|v| v != Some(false))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_conditions_and_derived_values_over_columns() {
        let df = df!("a" => [1i64, 5, 10], "b" => [Some(2.0), None, Some(1.0)]).unwrap();
        let m = row_mask(&df, &parse("a * b < 5").unwrap()).unwrap();
        assert_eq!(m, vec![true, true, false], "null meets the check");
        let v = eval(
            &df,
            &parse("CASE WHEN a > 4 THEN a * 2 ELSE 0 END").unwrap(),
        )
        .unwrap();
        let v: Vec<_> = v
            .cast(&DataType::Int64)
            .unwrap()
            .i64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(v, vec![Some(0), Some(10), Some(20)]);
        let v = eval(&df, &parse("round(a / 3, 2) + greatest(a, 6)").unwrap()).unwrap();
        let v: Vec<_> = v.f64().unwrap().iter().collect();
        assert_eq!(v, vec![Some(6.33), Some(7.67), Some(13.33)]);
        let m = row_mask(&df, &parse("a BETWEEN 2 AND 9 OR a IN (1, 3)").unwrap()).unwrap();
        assert_eq!(m, vec![true, true, false]);
        let m = row_mask(
            &df,
            &parse("CASE a WHEN 5 THEN TRUE ELSE b IS NULL END").unwrap(),
        )
        .unwrap();
        assert_eq!(m, vec![false, true, false]);
    }

    #[test]
    fn dates_compare_with_date_literals() {
        let df = df!("d" => [18_000i32, 20_000]).unwrap();
        let df = df
            .lazy()
            .select([col("d").cast(DataType::Date)])
            .collect()
            .unwrap();
        let m = row_mask(&df, &parse("d >= DATE '2020-01-01'").unwrap()).unwrap();
        assert_eq!(m, vec![false, true]);
    }

    #[test]
    fn errors_name_the_problem_not_values() {
        let df = df!("a" => [1i64]).unwrap();
        assert!(parse("a >").is_err());
        assert!(parse("a > 1 b").is_err(), "trailing text");
        assert!(parse("upper(a)").unwrap_err().contains("upper"));
        let e = row_mask(&df, &parse("a + 1").unwrap()).unwrap_err();
        assert!(e.contains("not a condition"), "{e}");
        assert!(eval(&df, &parse("nope > 1").unwrap()).is_err());
    }
}
