//! The JSON Schemas committed under docs/ match the code, and `masq schema` prints them.

use crate::util::*;

#[test]
fn committed_schemas_match_the_code() {
    for (which, file) in [
        (masq::report::Report::json_schema(), "report.schema.json"),
        (masq::policy::Policy::json_schema(), "policy.schema.json"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(file);
        let committed = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            committed,
            which,
            "docs/{file} is out of date: run `cargo run -- schema {} > docs/{file}`",
            file.split('.').next().unwrap()
        );
    }
}

#[test]
fn schema_command_prints_the_policy_schema_with_every_strategy() {
    let out = masq().args(["schema", "policy"]).output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = schema.to_string();
    for s in ["fake", "hash", "mask", "redact", "keep", "drop", "spans"] {
        assert!(text.contains(&format!("\"{s}\"")), "strategy {s} missing");
    }
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown keys are errors"
    );
}

#[test]
fn every_report_field_is_in_the_report_schema() {
    let w = Work::new();
    let report = w.path("r.json");
    masq_run(fixture("customers_en.csv"), w.path("o.csv"))
        .arg("--report")
        .arg(&report)
        .arg("-q")
        .assert()
        .success();
    let rep = read_report(&report);
    let schema: serde_json::Value =
        serde_json::from_str(&masq::report::Report::json_schema()).unwrap();
    for key in rep.as_object().unwrap().keys() {
        assert!(
            schema["properties"].get(key).is_some(),
            "report field {key} is not in the schema"
        );
    }
}
