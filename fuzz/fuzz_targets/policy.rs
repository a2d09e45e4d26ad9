//! The policy loader takes any file: a policy or a one-line error naming the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(data).unwrap();
    if let Err(e) = masq::policy::Policy::load(f.path()) {
        let e = e.to_string();
        assert!(e.contains(".toml"), "the error does not name the file: {e:?}");
    }
});
