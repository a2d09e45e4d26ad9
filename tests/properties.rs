//! Property tests for the invariants of keyed surrogates.

use masq::Kind;
use masq::keys::{Key, KeySource};
use masq::transform::{Originals, fake_one, mask};
use proptest::prelude::*;

fn key(b: u8) -> Key {
    Key::from_bytes(vec![b; 32], KeySource::Env).unwrap()
}

fn email() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,12}(\\.[a-z]{1,8})?",
        "[a-z]{2,10}",
        "(com|org|de|fr|io)",
    )
        .prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn same_key_same_surrogate_and_never_the_original(e in email(), k in 1u8..4) {
        let o = Originals::default();
        let a = fake_one(Kind::Email, &e, &key(k), &o).unwrap();
        let b = fake_one(Kind::Email, &e, &key(k), &o).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_ne!(a.to_lowercase(), e.to_lowercase());
        prop_assert!(masq::detect::validators::email_valid(&a));
        // Case and surrounding blanks do not change the mapping.
        let c = fake_one(Kind::Email, &format!("  {}  ", e.to_uppercase()), &key(k), &o).unwrap();
        prop_assert_eq!(a.to_lowercase(), c.to_lowercase());
    }

    #[test]
    fn surrogate_cards_pass_luhn_and_keep_layout(groups in proptest::collection::vec(0u32..10000, 4)) {
        // Build a Luhn-valid 16-digit card from random digits.
        let body: String = groups.iter().map(|g| format!("{g:04}")).collect::<String>()[..15].to_string();
        let body = format!("4{}", &body[1..]);
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        let check = masq::detect::validators::luhn_check_digit(&digits);
        let card = format!("{body}{check}");
        let grouped = format!("{} {} {} {}", &card[0..4], &card[4..8], &card[8..12], &card[12..16]);
        let s = fake_one(Kind::CreditCard, &grouped, &key(1), &Originals::default()).unwrap();
        prop_assert!(masq::detect::validators::luhn_valid(&s));
        prop_assert_eq!(s.len(), grouped.len());
        prop_assert_eq!(s.chars().filter(|c| *c == ' ').count(), 3);
        prop_assert_ne!(s, grouped);
    }

    #[test]
    fn every_faker_takes_any_text_without_panicking(v in "\\PC{0,40}", k in 0usize..64) {
        // A policy can force any kind onto any column, so fakers meet arbitrary text.
        let kinds: Vec<Kind> = Kind::all().collect();
        let kind = kinds[k % kinds.len()];
        let o = Originals::default();
        let a = fake_one(kind, &v, &key(1), &o);
        let b = fake_one(kind, &v, &key(1), &o);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn mask_keeps_length_and_tail(v in "[A-Za-z0-9 -]{0,30}", n in 0usize..6) {
        let m = mask(&v, n);
        prop_assert_eq!(m.chars().count(), v.chars().count());
        let alnum: Vec<char> = v.chars().filter(|c| c.is_alphanumeric()).collect();
        let kept: Vec<char> = m.chars().filter(|c| c.is_alphanumeric()).collect();
        prop_assert_eq!(kept.len(), n.min(alnum.len()));
        prop_assert_eq!(&alnum[alnum.len() - kept.len()..], kept.as_slice());
    }
}

#[test]
fn surrogates_avoid_every_original_of_the_kind() {
    // Make the originals contain the surrogate masq would draw first: it must redraw.
    let k = key(7);
    let o = Originals::default();
    let first = fake_one(Kind::Email, "someone@example.org", &k, &o).unwrap();
    let mut with = Originals::default();
    let col = polars::prelude::Column::new(
        "e".into(),
        [Some("someone@example.org"), Some(first.as_str())],
    );
    with.add_column(Kind::Email, &col).unwrap();
    let second = fake_one(Kind::Email, "someone@example.org", &k, &with).unwrap();
    assert_ne!(first, second);
    assert_ne!(second, "someone@example.org");
}
