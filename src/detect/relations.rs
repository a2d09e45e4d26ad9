//! Relations between tables, suggested by `masq scan` over several inputs: a column whose
//! values are (almost) all found in another table's unique column is likely a foreign key to
//! it. Three signals, each stated in the evidence in words:
//!
//! - **containment**: at least [`MIN_CONTAINMENT`] of the child column's distinct non-empty
//!   values are values of the parent column;
//! - **a unique parent key**: the parent column has no empty cell and no repeated value;
//! - **names**: the same column name, the child named after the parent table (`customer_id`,
//!   `customer` for `customers`), or both named like keys (`…id`, `…ref`, `…key`, `…no`,
//!   `…code`). Without a name signal, containment alone is not enough: small numbers and codes
//!   are contained in every id column by chance.
//!
//! Suggestions only: nothing here changes a plan's strategies. Evidence names tables, columns
//! and counts — never values.

use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Least share of a child column's distinct values found in the parent column.
pub const MIN_CONTAINMENT: f64 = 0.95;

/// A suggested foreign key: `from_table.from_column` references `to_table.to_column`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Relation {
    pub from_table: String,
    pub from_column: String,
    pub to_table: String,
    pub to_column: String,
    /// Distinct non-empty values of the child column.
    pub distinct_values: usize,
    /// Share of them found in the parent column.
    pub containment: f64,
    /// Rows of the parent table (its key is unique over all of them).
    pub parent_rows: usize,
    /// Why, in words.
    pub evidence: String,
}

/// The distinct non-empty values of a column as text (None if it cannot be read as text).
fn distinct(df: &DataFrame, name: &str) -> Option<(HashSet<String>, usize, usize)> {
    let c = df.column(name).ok()?.cast(&DataType::String).ok()?;
    let s = c.str().ok()?;
    let mut set = HashSet::new();
    let (mut present, mut empty) = (0usize, 0usize);
    for v in s.iter() {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => {
                present += 1;
                set.insert(v.to_string());
            }
            None => empty += 1,
        }
    }
    Some((set, present, empty))
}

/// `customers` → `customer`, `addresses` → `address`, `people` stays.
fn singular(table: &str) -> String {
    let t = table.to_lowercase();
    if let Some(s) = t.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = t.strip_suffix("sses") {
        format!("{s}ss")
    } else if let Some(s) = t
        .strip_suffix("es")
        .filter(|s| s.ends_with('s') || s.ends_with('x'))
    {
        s.to_string()
    } else if let Some(s) = t.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        s.to_string()
    } else {
        t
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

fn key_like(column: &str) -> bool {
    let c = squash(column);
    ["id", "ref", "key", "no", "nr", "code", "number"]
        .iter()
        .any(|k| c.ends_with(k))
}

/// Why the names suggest a relation, if they do.
fn name_signal(child_col: &str, parent_table: &str, parent_col: &str) -> Option<String> {
    let (c, p) = (squash(child_col), squash(parent_col));
    let stem = squash(&singular(parent_table));
    if c == p {
        Some("the same column name".into())
    } else if !stem.is_empty() && c.contains(&stem) {
        Some(format!(
            "`{child_col}` is named after the table {parent_table}"
        ))
    } else if key_like(child_col) && key_like(parent_col) {
        Some("both are named like keys".into())
    } else {
        None
    }
}

/// Suggests relations among `tables` (name, frame): for every unique, never-empty column of
/// one table and every column of another (or of the same table, for a self-reference) whose
/// distinct values it contains, with a name signal. Sorted by child table and column.
pub fn suggest(tables: &[(String, &DataFrame)]) -> Vec<Relation> {
    let mut keys = Vec::new();
    for (t, df) in tables {
        for c in df.columns() {
            if let Some((set, present, empty)) = distinct(df, c.name())
                && empty == 0
                && present >= 2
                && set.len() == present
            {
                keys.push((t.as_str(), c.name().to_string(), set, df.height()));
            }
        }
    }
    let mut out = Vec::new();
    for (t, df) in tables {
        for c in df.columns() {
            let Some((values, _, _)) = distinct(df, c.name()) else {
                continue;
            };
            if values.len() < 2 {
                continue;
            }
            for (pt, pc, pset, prows) in &keys {
                if *pt == t.as_str() && pc.as_str() == c.name().as_str() {
                    continue;
                }
                let Some(names) = name_signal(c.name(), pt, pc) else {
                    continue;
                };
                let found = values.iter().filter(|v| pset.contains(*v)).count();
                let containment = found as f64 / values.len() as f64;
                if containment < MIN_CONTAINMENT {
                    continue;
                }
                out.push(Relation {
                    from_table: t.clone(),
                    from_column: c.name().to_string(),
                    to_table: pt.to_string(),
                    to_column: pc.clone(),
                    distinct_values: values.len(),
                    containment,
                    parent_rows: *prows,
                    evidence: format!(
                        "{:.1}% of {} distinct values found in {pt}.{pc}, which is unique and never empty over {prows} rows; {names}",
                        containment * 100.0,
                        values.len(),
                    ),
                });
            }
        }
    }
    // One parent per child column: the best contained, then the better named.
    out.sort_by(|a, b| {
        (&a.from_table, &a.from_column)
            .cmp(&(&b.from_table, &b.from_column))
            .then(b.containment.total_cmp(&a.containment))
    });
    out.dedup_by(|b, a| a.from_table == b.from_table && a.from_column == b.from_column);
    out
}

/// A foreign key the database declares (constraint `name` in its catalog), `from` and `to` as
/// `(table, column)`, measured on the scanned rows of `tables`. The database enforces it, so it
/// is reported whatever share of the child's values the parent's rows hold — scans of big
/// tables are samples, and independent samples hold few of each other's keys; the evidence
/// gives the share. None when a table or column is not among `tables`.
pub fn declared(
    tables: &[(String, &DataFrame)],
    from: (&str, &str),
    to: (&str, &str),
    name: &str,
) -> Option<Relation> {
    let frame = |t: &str| tables.iter().find(|(n, _)| n == t).map(|(_, df)| *df);
    let (child, parent) = (frame(from.0)?, frame(to.0)?);
    let (values, _, _) = distinct(child, from.1)?;
    let (keys, _, _) = distinct(parent, to.1)?;
    let found = values.iter().filter(|v| keys.contains(*v)).count();
    let containment = if values.is_empty() {
        1.0
    } else {
        found as f64 / values.len() as f64
    };
    Some(Relation {
        from_table: from.0.to_string(),
        from_column: from.1.to_string(),
        to_table: to.0.to_string(),
        to_column: to.1.to_string(),
        distinct_values: values.len(),
        containment,
        parent_rows: parent.height(),
        evidence: format!(
            "foreign key {name} in the database's catalog (the database enforces it); {found} of {} distinct values of the scanned rows are among the {} scanned rows of {}",
            values.len(),
            parent.height(),
            to.0
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_key_is_kept_with_the_share_its_samples_show() {
        let customers = df!("id" => ["C1", "C2"]).unwrap();
        let orders = df!("cust" => ["C1", "C7", "C8", "C1"]).unwrap();
        let tables = [
            ("customers".to_string(), &customers),
            ("orders".to_string(), &orders),
        ];
        let r = declared(
            &tables,
            ("orders", "cust"),
            ("customers", "id"),
            "orders_cust_fkey",
        )
        .unwrap();
        assert_eq!((r.distinct_values, r.parent_rows), (3, 2));
        assert!((r.containment - 1.0 / 3.0).abs() < 1e-9);
        assert!(r.evidence.contains("orders_cust_fkey"), "{}", r.evidence);
        assert!(!r.evidence.contains("C1"), "no value: {}", r.evidence);
        assert!(declared(&tables, ("orders", "nope"), ("customers", "id"), "k").is_none());
    }

    #[test]
    fn table_names_become_singular_stems() {
        assert_eq!(singular("customers"), "customer");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("staff"), "staff");
    }

    #[test]
    fn a_contained_key_like_column_is_suggested_and_a_small_count_is_not() {
        let customers =
            df!("customer_id" => ["C1", "C2", "C3", "C4"], "n" => [1, 2, 3, 4]).unwrap();
        let orders = df!(
            "order_id" => ["O1", "O2", "O3", "O4", "O5"],
            "cust_ref" => ["C1", "C1", "C2", "C4", "C4"],
            "qty" => [1, 2, 3, 1, 2],
            "note" => ["C1", "C2", "x", "y", "z"]
        )
        .unwrap();
        let r = suggest(&[("customers".into(), &customers), ("orders".into(), &orders)]);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (
                r[0].from_column.as_str(),
                r[0].to_table.as_str(),
                r[0].to_column.as_str()
            ),
            ("cust_ref", "customers", "customer_id")
        );
        assert!(r[0].evidence.contains("100.0% of 3 distinct values"));
        // `qty` is contained in `n` (1..4) but neither is named like a key or a table.
        assert!(r.iter().all(|x| x.from_column != "qty"));
    }
}
