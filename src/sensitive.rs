//! A wrapper for values that may be personal data.
//!
//! `Sensitive<T>` prints `<redacted>` through both `Debug` and `Display`, so a value that ends up
//! in a panic message, a `{:?}` in a log line or an error chain cannot leak. Use it for any cell
//! value held outside the data path (e.g. in a struct that also carries diagnostics).

use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Sensitive<T>(pub T);

impl<T> Sensitive<T> {
    /// The wrapped value, for the data path only.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `Debug` of a map whose values are personal data: each key with how many `what` it holds.
pub fn debug_counts<K: fmt::Debug>(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    counts: impl IntoIterator<Item = (K, usize)>,
) -> fmt::Result {
    let mut m = f.debug_map();
    for (key, n) in counts {
        m.entry(&key, &format_args!("{n} {what} <redacted>"));
    }
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_of_personal_data_shows_its_keys_and_counts_only() {
        struct Texts(Vec<(&'static str, Vec<&'static str>)>);
        impl fmt::Debug for Texts {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                debug_counts(f, "texts", self.0.iter().map(|(k, v)| (k, v.len())))
            }
        }
        let t = Texts(vec![(
            "notes",
            vec!["call jane.doe@example.com", "Bob Smith"],
        )]);
        assert_eq!(format!("{t:?}"), r#"{"notes": 2 texts <redacted>}"#);
    }

    #[test]
    fn never_prints_the_value() {
        let s = Sensitive("jane.doe@example.com".to_string());
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "jane.doe@example.com");
    }
}
