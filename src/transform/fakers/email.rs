//! Email addresses (`rules/email.toml`): a name-like local part with a number, on a reserved
//! example domain (`data/email_domains.txt`), in the original's case.

use super::person::{first_names, last_names, locale_for};
use super::{ascii_word, entries, pick};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

static EMAIL_DOMAINS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/email_domains.txt")));

pub(super) fn email<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = ascii_word(pick(rng, first_names(loc)));
    let last = ascii_word(pick(rng, last_names(loc)));
    // Always a number: names alone give too few combinations, and two people must not end up
    // with one surrogate address (about 10^11 combinations, so a million addresses collide
    // once in several thousand runs; the caller removes the rest).
    let n = rng.random_range(1..100_000u32);
    let local = match rng.random_range(0..4u8) {
        0 => format!("{first}.{last}{n}"),
        1 => format!("{first}{n}"),
        2 => format!("{}{last}{n}", first.chars().next().unwrap_or('x')),
        _ => format!("{first}_{last}{n}"),
    };
    let local = if local.is_empty() {
        format!("user{n}")
    } else {
        local
    };
    let s = format!("{local}@{}", pick(rng, &EMAIL_DOMAINS));
    let letters: Vec<char> = o.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        s.to_uppercase()
    } else {
        s
    }
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
