//! `masq rules check` and `masq rules list`.

use crate::util::*;

#[test]
fn builtin_rules_pass_their_examples() {
    let res = masq().args(["rules", "check"]).output().unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    assert!(stdout(&res).starts_with("ok: "), "{}", stdout(&res));
}

#[test]
fn a_failing_example_is_reported_with_its_rule_id() {
    let w = Work::new();
    w.write(
        "r/badges.toml",
        r#"family = "badges"
version = 1
[[rule]]
id = "badges.staff"
kind = "email"
pattern = '''B-\d{4}'''
confidence = 0.9
examples = ["B-1234", "B-12"]
negative_examples = ["B-9999"]
[rule.headers]
en = ["badge"]
"#,
    );
    let res = masq()
        .args(["rules", "check"])
        .arg(w.path("r"))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = stderr(&res);
    assert!(
        err.contains("badges.staff: example \"B-12\" does not match"),
        "{err}"
    );
    assert!(
        err.contains("badges.staff: negative example \"B-9999\" matches"),
        "{err}"
    );
    assert!(err.contains("no header hints for 'de'"), "{err}");
}

#[test]
fn user_rules_are_used_by_scan() {
    let w = Work::new();
    w.write(
        "r/badges.toml",
        r#"family = "badges"
version = 3
[[rule]]
id = "badges.staff_id"
kind = "us_ssn"
pattern = '''EMP-\d{6}'''
confidence = 0.95
examples = ["EMP-123456"]
negative_examples = ["EMP-12"]
[rule.headers]
en = ["badge mail"]
de = ["ausweis mail"]
fr = ["badge mail"]
es = ["correo credencial"]
it = ["badge mail"]
nl = ["badge mail"]
pt = ["badge mail"]
"#,
    );
    let data = w.write("d.csv", "c1\nEMP-000001\nEMP-000002\nEMP-000003\n");
    let res = masq()
        .args(["scan", "--json", "--rules"])
        .arg(w.path("r"))
        .arg(&data)
        .output()
        .unwrap();
    assert!(res.status.success(), "{}", stderr(&res));
    let rep = report_json(&stdout(&res));
    assert_eq!(rep["inputs"][0]["columns"][0]["kind"], "us_ssn");
    assert_eq!(
        rep["inputs"][0]["columns"][0]["rules"][0],
        "badges.staff_id"
    );
    assert!(
        rep["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["family"] == "badges" && f["version"] == 3)
    );
}
