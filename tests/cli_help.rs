//! `--help` texts are part of the interface: snapshot them.

use crate::util::*;

#[test]
fn top_level_help() {
    let out = masq().arg("--help").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn run_help() {
    let out = masq().args(["run", "--help"]).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn scan_help() {
    let out = masq().args(["scan", "--help"]).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn verify_help() {
    let out = masq().args(["verify", "--help"]).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}
