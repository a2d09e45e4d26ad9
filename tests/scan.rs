//! `masq scan`: detection on the bundled fixtures against their labels, the table, JSON and
//! the policy it writes.

use crate::util::*;

const FIXTURES: &[&str] = &[
    "customers_en.csv",
    "kunden_de.csv",
    "clients_fr.tsv",
    "orders.ndjson",
    "profiles.json",
];

#[test]
fn detection_matches_the_fixture_labels() {
    let mut wrong = Vec::new();
    let mut total = 0;
    for name in FIXTURES {
        let res = masq()
            .args(["scan", "--json"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert!(res.status.success(), "{}", stderr(&res));
        let rep = report_json(&stdout(&res));
        let cols = rep["inputs"][0]["columns"].as_array().unwrap();
        for (column, kind) in labels_for(name) {
            total += 1;
            let c = cols
                .iter()
                .find(|c| c["name"] == column.as_str())
                .unwrap_or_else(|| panic!("{name}: no column {column}"));
            let got = c["kind"].as_str().unwrap_or("none");
            if got != kind {
                wrong.push(format!(
                    "{name}:{column}: labelled {kind}, detected {got} ({})",
                    c["evidence"]
                ));
            }
        }
    }
    assert!(total > 40, "labels cover the fixtures");
    assert!(
        wrong.is_empty(),
        "{} of {total} columns misclassified:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn table_names_kind_confidence_and_why() {
    let res = masq_scan(fixture("kunden_de.csv")).output().unwrap();
    assert!(res.status.success());
    let out = stdout(&res);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("E-Mail-Adresse"))
        .expect("a row per column");
    assert!(
        line.contains("email") && line.contains("header 'E-Mail-Adresse'"),
        "{line}"
    );
    let betrag = out
        .lines()
        .find(|l| l.trim_start().starts_with("Betrag"))
        .unwrap();
    assert!(
        betrag.contains(" - "),
        "non-PII columns are listed as left alone: {betrag}"
    );
}

#[test]
fn plan_writes_a_policy_that_run_accepts() {
    let w = Work::new();
    let plan = w.path("masq.toml");
    let res = masq_scan(fixture("customers_en.csv"))
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("[columns.email]") && text.contains("strategy = \"fake\""),
        "{text}"
    );
    assert!(text.contains("# header 'email'"), "evidence is in comments");
    // Edit a decision: hash the emails instead.
    let at = text.find("[columns.email]").unwrap();
    let rel = text[at..].find("strategy = \"fake\"").unwrap();
    let edited = format!(
        "{}strategy = \"hash\"{}",
        &text[..at + rel],
        &text[at + rel + "strategy = \"fake\"".len()..]
    );
    std::fs::write(&plan, edited).unwrap();
    let out = w.path("o.csv");
    let res = masq()
        .arg("run")
        .arg(fixture("customers_en.csv"))
        .arg("--policy")
        .arg(&plan)
        .arg("-o")
        .arg(&out)
        .arg("--key-file")
        .arg(w.key(1))
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let emails = col(&read(&out), "email");
    assert!(
        emails
            .iter()
            .flatten()
            .all(|e| e.len() == 16 && !e.contains('@')),
        "the edited policy was applied"
    );
    // A second --plan to the same file is refused without --force.
    let res = masq_scan(fixture("customers_en.csv"))
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
}

#[test]
fn policy_strategies_hash_mask_redact_drop() {
    let w = Work::new();
    let pol = w.write(
        "p.toml",
        "version = 1\n[columns.email]\nstrategy = \"hash\"\n[columns.card_number]\nstrategy = \"mask\"\nkeep_last = 4\n[columns.full_name]\nstrategy = \"redact\"\n[columns.c_07]\nstrategy = \"drop\"\n",
    );
    let out = w.path("o.csv");
    let res = masq()
        .arg("run")
        .arg(fixture("customers_en.csv"))
        .arg("--policy")
        .arg(&pol)
        .arg("-o")
        .arg(&out)
        .arg("--key-file")
        .arg(w.key(9))
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let orig = read(&fixture("customers_en.csv"));
    let df = read(&out);
    assert!(df.column("c_07").is_err(), "dropped column is gone");
    assert_eq!(df.width(), orig.width() - 1);
    let cards_in = col(&orig, "card_number");
    for (a, b) in cards_in.iter().zip(col(&df, "card_number")) {
        if let (Some(a), Some(b)) = (a, b) {
            assert_eq!(a.len(), b.len());
            assert_eq!(
                &a[a.len() - 4..],
                &b[b.len() - 4..],
                "mask keeps the last 4"
            );
            assert!(b.starts_with('*'));
        }
    }
    assert!(
        col(&df, "full_name")
            .iter()
            .flatten()
            .all(|v| v == "REDACTED")
    );
    let emails_in = col(&orig, "email");
    let emails = col(&df, "email");
    for (a, b) in emails_in.iter().zip(&emails) {
        if let (Some(a), Some(b)) = (a, b) {
            assert_eq!(b.len(), 16, "hash is 16 hex digits");
            assert!(b.chars().all(|c| c.is_ascii_hexdigit()));
            assert_ne!(a, b);
        }
    }
    // Hashing is keyed and consistent: equal inputs give equal digests.
    let mut seen = std::collections::HashMap::new();
    for (a, b) in emails_in.iter().zip(&emails) {
        if let (Some(a), Some(b)) = (a, b) {
            assert_eq!(seen.entry(a.to_lowercase()).or_insert_with(|| b.clone()), b);
        }
    }
}

#[test]
fn scan_json_lists_spans_in_free_text_with_character_offsets() {
    let w = Work::new();
    let input = w.write(
        "notes.csv",
        "id,comment\n1,\"Grüße an anna@example.org, danke\"\n2,\"Frau Müller ruft morgen an\"\n3,\"nothing personal in this note\"\n4,\"please call +44 20 7946 0958 later\"\n",
    );
    let res = masq_scan(&input).arg("--json").output().unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let rep = report_json(&stdout(&res));
    let c = &rep["inputs"][0]["columns"][1];
    assert_eq!(c["free_text"], true);
    let spans = c["spans"].as_array().unwrap();
    let as_tuple = |s: &serde_json::Value| {
        (
            s["row"].as_u64().unwrap(),
            s["start"].as_u64().unwrap(),
            s["end"].as_u64().unwrap(),
            s["kind"].as_str().unwrap().to_string(),
        )
    };
    let got: Vec<_> = spans.iter().map(as_tuple).collect();
    assert_eq!(
        got,
        vec![
            (0, 9, 25, "email".to_string()),
            (1, 5, 11, "last_name".to_string()),
            (3, 12, 28, "phone".to_string())
        ]
    );
    assert!(
        !stdout(&res).contains("anna@example.org"),
        "scan output carries offsets, not values"
    );
}

#[test]
fn scan_reads_a_bounded_head_of_big_files_and_says_so() {
    let w = Work::new();
    let mut text = String::from("id,email\n");
    for i in 0..50 {
        text.push_str(&format!("{i},user{i}@example.org\n"));
    }
    let input = w.write("big.csv", text);
    let res = masq_scan(&input)
        .args(["--json", "--max-rows", "10"])
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let rep = report_json(&stdout(&res));
    assert_eq!(rep["inputs"][0]["rows"], 10);
    assert_eq!(rep["inputs"][0]["columns"][1]["kind"], "email");
    assert!(
        rep["warnings"][0]
            .as_str()
            .unwrap()
            .contains("first 10 rows")
    );
    let res = masq_scan(&input)
        .args(["--json", "--max-rows", "0"])
        .output()
        .unwrap();
    let rep = report_json(&stdout(&res));
    assert_eq!(rep["inputs"][0]["rows"], 50);
    assert!(rep["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn values_overrule_misleading_headers_both_ways() {
    let w = Work::new();
    let mut text = String::from("phone,c_07,tracking_no,version\n");
    let ssns = [
        "536-22-1234",
        "078-05-1120",
        "123-45-6789",
        "401-12-7788",
        "219-09-9999",
        "345-67-8901",
    ];
    for (i, ssn) in ssns.iter().enumerate() {
        // SKUs under a phone header, valid SSNs under an opaque one, Luhn-failing tracking
        // numbers and version strings that look like IPs.
        text.push_str(&format!(
            "SKU-AB-{:04},{ssn},4111111111111{:03},6.9.11.{}\n",
            1000 + i,
            112 + i * 7,
            800 + i
        ));
    }
    let input = w.write("misleading.csv", text);
    let res = masq_scan(&input).arg("--json").output().unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let rep = report_json(&stdout(&res));
    let cols = rep["inputs"][0]["columns"].as_array().unwrap();
    let kind = |name: &str| cols.iter().find(|c| c["name"] == name).unwrap()["kind"].clone();
    assert!(
        kind("phone").is_null(),
        "a column named phone full of SKUs is not a phone column"
    );
    let why = cols.iter().find(|c| c["name"] == "phone").unwrap()["evidence"].to_string();
    assert!(why.contains("header suggests phone"), "{why}");
    assert_eq!(
        kind("c_07"),
        "us_ssn",
        "valid SSNs under an opaque name are SSNs"
    );
    assert!(
        kind("tracking_no").is_null(),
        "Luhn-failing numbers are not cards"
    );
    assert!(
        kind("version").is_null(),
        "version strings are not IP addresses"
    );
}

#[test]
fn scan_writes_its_findings_as_a_page_for_a_reviewer() {
    let w = Work::new();
    let page = w.path("scan.html");
    let res = masq_scan(fixture("kunden_de.csv"))
        .arg("--report-html")
        .arg(&page)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let html = std::fs::read_to_string(&page).unwrap();
    for column in ["Vorname", "E-Mail-Adresse", "IBAN"] {
        assert!(html.contains(column), "{column} is on the page");
    }
    assert!(html.contains("Raw values included: <strong>no</strong>"));
    // Not one value of the file is on the page.
    let orig = read(&fixture("kunden_de.csv"));
    for name in orig.get_column_names() {
        for v in col(&orig, name).into_iter().flatten() {
            if v.chars().count() >= 6 {
                assert!(!html.contains(&v), "a value of {name} is on the page");
            }
        }
    }
    // An existing page is not replaced without --force.
    let again = masq_scan(fixture("kunden_de.csv"))
        .arg("--report-html")
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

/// Family names of many countries, a few of them common enough to be in the dictionary.
const FAMILY_NAMES: &[&str] = &[
    "Smith",
    "Gumprich",
    "Okonkwo",
    "Zwolańska",
    "de la Cruz",
    "Nakamura-Weiß",
    "O'Brien",
    "Tshabalala",
    "Brzęczyszczykiewicz",
    "Haldórsdóttir",
    "Quispe",
    "Vukčević",
    "Ngata",
    "Lindqvist",
    "Papadopoulou",
    "Oyelaran",
    "Kowalczykówna",
    "Tjandra",
    "Rautenbach",
    "Müller",
];

fn scan_one_column(header: &str, values: &[&str]) -> serde_json::Value {
    let w = Work::new();
    let mut csv = format!("id,{header}\n");
    for (i, v) in values.iter().cycle().take(200).enumerate() {
        csv.push_str(&format!("{i},\"{v}\"\n"));
    }
    let path = w.write("names.csv", csv);
    let res = masq().args(["scan", "--json"]).arg(&path).output().unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    column_of(&report_json(&stdout(&res)), header)
}

/// The report's entry for column `name` of the first input.
fn column_of(rep: &serde_json::Value, name: &str) -> serde_json::Value {
    rep["inputs"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()
        .clone()
}

#[test]
fn a_last_name_column_of_many_countries_is_found_though_the_dictionary_knows_few() {
    let c = scan_one_column("last_name", FAMILY_NAMES);
    assert_eq!(c["kind"], "last_name", "{}", c["evidence"]);
    assert!(
        c["evidence"].to_string().contains("written like names"),
        "{}",
        c["evidence"]
    );
}

/// A column of full names under a header no hint knows, whose names the dictionaries mostly
/// do not know either, is found by its rows: each holds the row's given name of a column that
/// was found as such.
#[test]
fn a_full_name_column_is_found_by_the_given_names_of_its_rows() {
    // A third of them known to the dictionary: enough for the column of given names alone,
    // too few for the full names to pass as such by the dictionaries.
    let given = [
        "James",
        "Wilbur",
        "Cascata",
        "Annemarie",
        "Maria",
        "Blanche",
        "Ribca",
        "Rijk",
        "Anna",
        "Aminta",
        "Montego",
        "Proculeius",
    ];
    let w = Work::new();
    let mut csv = String::from("ticket,Vorname,apellido,requester,channel\n");
    for i in 0..300 {
        let (g, f) = (
            given[i % given.len()],
            FAMILY_NAMES[(i * 7) % FAMILY_NAMES.len()],
        );
        // Every tenth row has no given name; the requester is there all the same.
        let g_cell = if i % 10 == 0 { "" } else { g };
        csv.push_str(&format!("T-{i:05},{g_cell},\"{f}\",\"{g} {f}\",web\n"));
    }
    let path = w.write("tickets.csv", csv);
    let res = masq().args(["scan", "--json"]).arg(&path).output().unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let rep = report_json(&stdout(&res));
    let col = |name: &str| column_of(&rep, name);
    assert_eq!(col("Vorname")["kind"], "first_name");
    let c = col("requester");
    assert_eq!(c["kind"], "person_name", "{}", c["evidence"]);
    let evidence = c["evidence"].to_string();
    assert!(
        evidence.contains("the row's first_name (column 'Vorname') is a word of the value"),
        "{evidence}"
    );
    assert!(
        !evidence.contains("Wilbur"),
        "evidence names no value: {evidence}"
    );
    // The ticket and channel columns hold no names.
    assert!(col("channel")["kind"].is_null());
    assert!(col("ticket")["kind"].is_null());
}

#[test]
fn a_column_headed_last_name_holding_codes_is_left_alone() {
    // Words the dictionary might know, but written as codes: not names.
    let codes = [
        "smith-01", "x9", "miller_2", "n/a", "2024", "brown7", "tbd", "k-44",
    ];
    let c = scan_one_column("last_name", &codes);
    assert!(c["kind"].is_null(), "{c}");
}

#[test]
fn scan_of_related_files_suggests_their_foreign_keys_with_evidence() {
    let w = Work::new();
    let shop = |t: &str| fixture(&format!("shop/{t}.csv"));
    let plan = w.path("plan.toml");
    let out = masq()
        .arg("scan")
        .args([shop("customers"), shop("orders"), shop("order_items")])
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("relations suggested"), "{text}");
    // orders names its customer `cust_ref`: found by values, not by the same name.
    assert!(
        text.contains("orders.cust_ref → customers.customer_id: 100.0% of"),
        "{text}"
    );
    assert!(text.contains("order_items.order_id → orders.order_id: 100.0% of"));
    assert!(text.contains("unique and never empty over 200 rows"));
    // The same in the report, exactly two, and as reviewable lines of the plan.
    let json = masq()
        .arg("scan")
        .args([
            shop("customers"),
            shop("orders"),
            shop("order_items"),
            "--json".into(),
        ])
        .output()
        .unwrap();
    let r = report_json(&stdout(&json));
    let rel: Vec<(String, String)> = r["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                format!(
                    "{}.{}",
                    x["from_table"].as_str().unwrap(),
                    x["from_column"].as_str().unwrap()
                ),
                format!(
                    "{}.{}",
                    x["to_table"].as_str().unwrap(),
                    x["to_column"].as_str().unwrap()
                ),
            )
        })
        .collect();
    assert_eq!(
        rel,
        [
            (
                "order_items.order_id".to_string(),
                "orders.order_id".to_string()
            ),
            (
                "orders.cust_ref".to_string(),
                "customers.customer_id".to_string()
            ),
        ]
    );
    // The plan declares them as relations a policy acts on.
    let p = std::fs::read_to_string(&plan).unwrap();
    let policy: toml::Value = toml::from_str(&p).expect("the plan is TOML");
    let declared: Vec<(&str, &str)> = policy["relations"]
        .as_array()
        .expect("[[relations]] in the plan")
        .iter()
        .map(|r| (r["from"].as_str().unwrap(), r["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        declared,
        [
            ("order_items.order_id", "orders.order_id"),
            ("orders.cust_ref", "customers.customer_id")
        ]
    );
    // No values in the evidence, and unrelated files get no suggestion.
    let ids = col(&read(&shop("customers")), "customer_id");
    assert!(!text.contains(ids[0].as_deref().unwrap()));
    let unrelated = masq()
        .arg("scan")
        .args([
            fixture("customers_en.csv"),
            fixture("patients.csv"),
            fixture("staff.csv"),
        ])
        .output()
        .unwrap();
    assert!(!stdout(&unrelated).contains("relations suggested"));
}
