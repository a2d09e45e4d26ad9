//! `masq subset` / `run --root`: slices of related tables that still join after anonymization,
//! written as fixture packs; relations declared in the policy keep joins in a plain `run`.

use crate::util::*;
use std::collections::{HashMap, HashSet};

fn shop(t: &str) -> std::path::PathBuf {
    fixture(&format!("shop/{t}.csv"))
}

/// The three shop tables, as text columns.
struct Shop {
    customers: polars::prelude::DataFrame,
    orders: polars::prelude::DataFrame,
    items: polars::prelude::DataFrame,
}

fn read_shop(dir: &std::path::Path) -> Shop {
    Shop {
        customers: read(&dir.join("customers.csv")),
        orders: read(&dir.join("orders.csv")),
        items: read(&dir.join("order_items.csv")),
    }
}

fn texts(df: &polars::prelude::DataFrame, c: &str) -> Vec<String> {
    col(df, c).into_iter().map(Option::unwrap).collect()
}

/// The policy the tests anonymize with: the customer key is replaced (hashed), so joins hold
/// only if both ends get one surrogate.
const POLICY: &str = r#"
[columns.customer_id]
strategy = "hash"
"#;

#[test]
fn a_slice_of_customers_keeps_every_join_and_the_same_key_gives_the_same_slice() {
    let w = Work::new();
    let policy = w.write("p.toml", POLICY);
    let k = w.key(3);
    let slice = |out: &str, key: &std::path::Path| {
        masq()
            .args(["subset"])
            .args([shop("customers"), shop("orders"), shop("order_items")])
            .args(["--root", "customers", "--rows", "50", "-o"])
            .arg(w.path(out))
            .arg("--policy")
            .arg(&policy)
            .arg("--key-file")
            .arg(key)
            .output()
            .unwrap()
    };
    let out = slice("pack/", &k);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pack: Vec<String> = std::fs::read_dir(w.path("pack"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pack.sort();
    assert_eq!(
        pack,
        [
            "customers.csv",
            "manifest.json",
            "order_items.csv",
            "orders.csv",
            "report.json"
        ]
    );
    // Nothing else beside it: no staging folder left.
    let mut top: Vec<String> = std::fs::read_dir(w.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["key3.bin", "p.toml", "pack"]);

    let input = read_shop(&fixture("shop"));
    let outp = read_shop(&w.path("pack"));
    assert_eq!(outp.customers.height(), 50);

    // The customer key was replaced, and the personal columns with it.
    let in_ids: HashSet<String> = texts(&input.customers, "customer_id").into_iter().collect();
    let out_ids = texts(&outp.customers, "customer_id");
    assert!(
        out_ids.iter().all(|id| !in_ids.contains(id)),
        "keys replaced"
    );
    let in_emails: HashSet<String> = texts(&input.customers, "email").into_iter().collect();
    assert!(
        texts(&outp.customers, "email")
            .iter()
            .all(|e| !in_emails.contains(e))
    );

    // Input joins: order → customer (by the customer's kept columns), order → item count.
    let in_cust: HashMap<String, (String, String)> = texts(&input.customers, "customer_id")
        .into_iter()
        .zip(
            texts(&input.customers, "country")
                .into_iter()
                .zip(texts(&input.customers, "joined")),
        )
        .collect();
    let in_order_cust: HashMap<String, String> = texts(&input.orders, "order_id")
        .into_iter()
        .zip(texts(&input.orders, "cust_ref"))
        .collect();
    let mut in_orders_per_cust: HashMap<String, usize> = HashMap::new();
    for c in in_order_cust.values() {
        *in_orders_per_cust.entry(c.clone()).or_default() += 1;
    }
    let mut in_items_per_order: HashMap<String, usize> = HashMap::new();
    for o in texts(&input.items, "order_id") {
        *in_items_per_order.entry(o).or_default() += 1;
    }

    // Output joins: every reference resolves, to the row the input joined.
    let out_cust: HashMap<String, (String, String)> = out_ids
        .iter()
        .cloned()
        .zip(
            texts(&outp.customers, "country")
                .into_iter()
                .zip(texts(&outp.customers, "joined")),
        )
        .collect();
    assert_eq!(out_cust.len(), 50, "the output key is still unique");
    let out_orders = texts(&outp.orders, "order_id");
    let mut reached = HashSet::new();
    for (o, c) in out_orders.iter().zip(texts(&outp.orders, "cust_ref")) {
        let joined = out_cust.get(&c).expect("no dangling customer reference");
        let original = &in_order_cust[o];
        assert_eq!(
            joined, &in_cust[original],
            "order {o} joins its own customer"
        );
        reached.insert(original.clone());
    }
    // Every order of every customer that has one in the slice is there (children complete).
    let want: usize = reached.iter().map(|c| in_orders_per_cust[c]).sum();
    assert_eq!(out_orders.len(), want);
    assert!(
        out_orders.len() > 50,
        "customers have orders: {}",
        out_orders.len()
    );
    let order_set: HashSet<&String> = out_orders.iter().collect();
    let mut out_items_per_order: HashMap<String, usize> = HashMap::new();
    for o in texts(&outp.items, "order_id") {
        assert!(order_set.contains(&o), "no dangling order reference");
        *out_items_per_order.entry(o).or_default() += 1;
    }
    for o in &out_orders {
        assert_eq!(
            out_items_per_order.get(o).copied().unwrap_or(0),
            in_items_per_order.get(o).copied().unwrap_or(0),
            "order {o} keeps all its items"
        );
    }

    // The report and the manifest say so.
    let r = read_report(&w.path("pack/report.json"));
    let s = &r["subset"];
    assert_eq!(s["passed"], true);
    assert_eq!(s["root"], "customers");
    for rel in s["relations"].as_array().unwrap() {
        assert_eq!(rel["dangling_in_output"], 0);
        assert_eq!(rel["joins_in_output"], rel["joins_in_slice"]);
        assert_eq!(rel["declared_by"], "suggested");
    }
    assert_eq!(s["relations"].as_array().unwrap().len(), 2);
    let rows: HashMap<&str, u64> = s["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["table"].as_str().unwrap(), t["rows"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows["customers"], 50);
    assert_eq!(rows["orders"], out_orders.len() as u64);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path("pack/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["key_fingerprint"], r["key"]["fingerprint"]);
    assert_eq!(m["tables"].as_array().unwrap().len(), 3);
    assert_eq!(m["tables"][0]["rows"], 50);
    assert_eq!(m["relations"].as_array().unwrap().len(), 2);

    // Same key → the same pack, byte for byte; another key → another slice.
    let again = slice("again/", &k);
    assert!(again.status.success(), "{}", stderr(&again));
    for t in ["customers.csv", "orders.csv", "order_items.csv"] {
        assert_eq!(
            std::fs::read(w.path("pack").join(t)).unwrap(),
            std::fs::read(w.path("again").join(t)).unwrap(),
            "{t}"
        );
    }
    let other = slice("other/", &w.key(4));
    assert!(other.status.success(), "{}", stderr(&other));
    let joined = |d: &str| texts(&read(&w.path(d).join("customers.csv")), "joined");
    assert_ne!(joined("pack"), joined("other"));
}

#[test]
fn a_declared_relation_makes_a_plain_run_join_and_slices_drop_rows_whose_parent_is_missing() {
    let w = Work::new();
    // Orders of a customer that is not in the table dangle already in the input.
    let customers = w.write(
        "in/customers.csv",
        "customer_id,name,country\nC1,Anna Schmidt,DE\nC2,Luca Rossi,IT\nC3,Marie Dubois,FR\n",
    );
    let orders = w.write(
        "in/orders.csv",
        "order_id,buyer,amount\nO1,C1,10\nO2,C1,20\nO3,C2,30\nO4,C9,40\nO5,C3,50\n",
    );
    let policy = w.write(
        "p.toml",
        "[columns.customer_id]\nstrategy = \"hash\"\n\n[[relations]]\nfrom = \"orders.buyer\"\nto = \"customers.customer_id\"\n",
    );
    // A plain run: the reference takes the key's strategy and surrogates.
    let out = masq()
        .arg("run")
        .args([&customers, &orders])
        .arg("-o")
        .arg(w.path("out/"))
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let c = read(&w.path("out/customers.csv"));
    let o = read(&w.path("out/orders.csv"));
    let ids = texts(&c, "customer_id");
    let buyers = texts(&o, "buyer");
    assert!(!ids.contains(&"C1".to_string()));
    assert_eq!(buyers[0], ids[0], "O1 still joins C1");
    assert_eq!(buyers[2], ids[1], "O3 still joins C2");
    assert!(
        !ids.contains(&buyers[3]),
        "C9 was no customer and still is none"
    );

    // A slice from the German customers: O4's missing customer is not needed; a slice of
    // orders drops O4 (its customer is missing) and says so.
    let out = masq()
        .arg("subset")
        .args([&customers, &orders])
        .args(["--root", "customers", "--where", "country = 'DE'", "-o"])
        .arg(w.path("de/"))
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(w.key(1))
        .arg("--report-html")
        .arg(w.path("de.html"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "slice from customers (where country = 'DE'): customers 1 of 3, orders 2 of 5 rows"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(
        "joins: 2 of 2 references over 1 relation join the same rows in the output, 0 dangling"
    ));
    // The page a reviewer reads shows the slice and its joins.
    let page = std::fs::read_to_string(w.path("de.html")).unwrap();
    assert!(page.contains("<h2>Slice</h2>"));
    assert!(page.contains("pill ok\">every join holds"));
    assert!(page.contains("<code>orders.buyer</code> → <code>customers.customer_id</code>"));
    assert!(!page.contains("Anna"), "no value on the page");
    assert_eq!(read(&w.path("de/customers.csv")).height(), 1);
    assert_eq!(
        texts(&read(&w.path("de/orders.csv")), "amount"),
        ["10", "20"]
    );
    let r = read_report(&w.path("de/report.json"));
    assert_eq!(r["subset"]["relations"][0]["declared_by"], "policy");
    assert_eq!(r["subset"]["chosen_by"], "where country = 'DE'");

    let out = masq()
        .arg("subset")
        .args([&customers, &orders])
        .args(["--root", "orders", "-o"])
        .arg(w.path("all/"))
        .arg("--policy")
        .arg(&policy)
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        texts(&read(&w.path("all/orders.csv")), "amount"),
        ["10", "20", "30", "50"]
    );
    let r = read_report(&w.path("all/report.json"));
    let orders_row = &r["subset"]["tables"][1];
    assert_eq!(orders_row["table"], "orders");
    assert_eq!(orders_row["dropped_dangling"], 1);
}

#[test]
fn slices_that_cannot_be_taken_exit_2_and_write_nothing() {
    let w = Work::new();
    let k = w.key(2);
    let files = [shop("customers"), shop("orders"), shop("order_items")];
    let bad_policy = |name: &str, text: &str| w.write(name, text);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--root".into(), "clients".into()],
            "--root clients: no input is that table (tables: customers, orders, order_items)",
        ),
        (
            vec![
                "--root".into(),
                "customers".into(),
                "--policy".into(),
                bad_policy(
                    "a.toml",
                    "[[relations]]\nfrom = \"orders.customer\"\nto = \"customers.customer_id\"\n",
                )
                .display()
                .to_string(),
            ],
            "has no column 'customer'",
        ),
        (
            vec![
                "--root".into(),
                "customers".into(),
                "--policy".into(),
                bad_policy(
                    "b.toml",
                    "[[relations]]\nfrom = \"orders.cust_ref\"\nto = \"customers.country\"\n",
                )
                .display()
                .to_string(),
            ],
            "customers.country is not unique",
        ),
        (
            vec![
                "--root".into(),
                "customers".into(),
                "--policy".into(),
                bad_policy(
                    "c.toml",
                    "[columns.customer_id]\nstrategy = \"redact\"\n\n[[relations]]\nfrom = \"orders.cust_ref\"\nto = \"customers.customer_id\"\n",
                )
                .display()
                .to_string(),
            ],
            "which breaks joins",
        ),
        (
            vec!["--root".into(), "customers".into(), "--fraction".into(), "1.5".into()],
            "--fraction 1.5",
        ),
        (
            vec!["--root".into(), "customers".into(), "--where".into(), "nope(".into()],
            "--where",
        ),
    ];
    for (args, want) in cases {
        let out = masq()
            .arg("subset")
            .args(&files)
            .args(&args)
            .arg("-o")
            .arg(w.path("pack/"))
            .arg("--key-file")
            .arg(&k)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
        assert!(!w.path("pack").exists(), "{args:?} wrote a pack");
    }
    // Without --root, and into a folder that holds something.
    let out = masq()
        .arg("subset")
        .args(&files)
        .arg("-o")
        .arg(w.path("pack/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs --root"), "{}", stderr(&out));
    w.write("full/keep.txt", "mine");
    let out = masq()
        .arg("subset")
        .args(&files)
        .args(["--root", "customers", "-o"])
        .arg(w.path("full/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_dir(w.path("full")).unwrap().count(),
        1,
        "the folder is untouched"
    );
    // Nothing left beside the destinations.
    assert!(
        w.files().iter().all(|f| !f.contains(".masq-subset")),
        "{:?}",
        w.files()
    );
}

#[test]
fn verify_pack_checks_rows_and_references_and_names_the_rows_that_dangle() {
    let w = Work::new();
    let out = masq()
        .args(["subset"])
        .args([shop("customers"), shop("orders"), shop("order_items")])
        .args(["--root", "customers", "--rows", "30", "-o"])
        .arg(w.path("pack/"))
        .arg("--key-file")
        .arg(w.key(4))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let check = |dir: &str| {
        masq()
            .args(["verify", "--pack"])
            .arg(w.path(dir))
            .output()
            .unwrap()
    };
    let ok = check("pack");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(
        stderr(&ok).contains("references over 2 relations find their row, 0 dangling"),
        "{}",
        stderr(&ok)
    );

    // The same pack with two orders pointing nowhere and one order line removed.
    std::fs::create_dir(w.path("bad")).unwrap();
    for f in [
        "customers.csv",
        "order_items.csv",
        "manifest.json",
        "report.json",
    ] {
        std::fs::copy(w.path(&format!("pack/{f}")), w.path(&format!("bad/{f}"))).unwrap();
    }
    let orders = std::fs::read_to_string(w.path("pack/orders.csv")).unwrap();
    let mut lines: Vec<String> = orders.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let at = header.iter().position(|h| *h == "cust_ref").unwrap();
    for r in [2, 5] {
        let mut cells: Vec<String> = lines[r].split(',').map(String::from).collect();
        cells[at] = "no-such-customer".into();
        lines[r] = cells.join(",");
    }
    lines.pop();
    std::fs::write(w.path("bad/orders.csv"), lines.join("\n") + "\n").unwrap();
    let bad = check("bad");
    let err = stderr(&bad);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert!(
        err.contains("orders.cust_ref → customers.customer_id: 2 of")
            && err.contains("find no row (rows 2, 5)"),
        "{err}"
    );
    assert!(err.contains("rows, but the manifest lists"), "{err}");
    assert!(
        !err.contains("no-such-customer"),
        "no value in the message: {err}"
    );

    // Not a pack.
    let none = check("nowhere");
    assert_eq!(none.status.code(), Some(2), "{}", stderr(&none));
}
