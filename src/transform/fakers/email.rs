//! Email addresses (`rules/email.toml`): a name-like local part with a number, on a reserved
//! example domain (`data/email_domains.txt`), in the original's case.

use super::person::{first_names, last_names, locale_for};
use super::{Case, case_of, entries, pick, push_ascii_word, push_number};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

static EMAIL_DOMAINS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/email_domains.txt")));

pub(super) fn email<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = pick(rng, first_names(loc));
    let last = pick(rng, last_names(loc));
    // Always a number: names alone give too few combinations, and two people must not end up
    // with one surrogate address (about 10^11 combinations, so a million addresses collide
    // once in several thousand runs; the caller removes the rest).
    let n = rng.random_range(1..100_000u32);
    let style = rng.random_range(0..4u8);
    let domain = pick(rng, &EMAIL_DOMAINS);
    let mut s = String::with_capacity(first.len() + last.len() + domain.len() + 8);
    push_ascii_word(&mut s, first);
    match style {
        0 => {
            s.push('.');
            push_ascii_word(&mut s, last);
        }
        1 => {}
        2 => {
            // The initial only (`x` for a name with no ASCII letter).
            s.truncate(1);
            if s.is_empty() {
                s.push('x');
            }
            push_ascii_word(&mut s, last);
        }
        _ => {
            s.push('_');
            push_ascii_word(&mut s, last);
        }
    }
    push_number(&mut s, n);
    s.push('@');
    s.push_str(domain);
    if matches!(case_of(o), Case::Upper) {
        s.make_ascii_uppercase(); // all ASCII
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn emails_are_valid_and_on_example_domains() {
        for e in many(Kind::Email, "Jane.Doe@Gmail.com", 200) {
            assert!(v::email_valid(&e), "{e}");
            assert!(EMAIL_DOMAINS.iter().any(|d| e.ends_with(d)), "{e}");
        }
    }

    #[test]
    fn data_file_parses_in_order() {
        assert_eq!(EMAIL_DOMAINS.len(), 5);
        assert_eq!(EMAIL_DOMAINS[0], "example.com");
        crate::transform::fakers::assert_distinct(&EMAIL_DOMAINS);
    }
}
