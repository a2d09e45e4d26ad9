//! Finance (`rules/finance.toml`): cards keep their brand digits and grouping and pass Luhn;
//! IBANs keep their country, length and spacing with valid check digits; BICs keep their
//! country (and a head-office `XXX`).

use super::{digit, digits_of, fill_digits, shape_char, shape_preserving};
use crate::checks::cards::luhn_sum;
use crate::detect::validators::iban_check_digits;
use rand::{Rng, RngExt};

pub(super) fn card<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut buf = [0u8; 64];
    let Some(digits) = digits_of(o, &mut buf) else {
        return shape_preserving(o, rng);
    };
    let n = digits.len();
    if n < 2 {
        return shape_preserving(o, rng);
    }
    let keep = if matches!(digits[0], 3 | 5 | 6) { 2 } else { 1 };
    for d in &mut digits[keep.min(n - 1)..n - 1] {
        *d = digit(rng);
    }
    // `luhn_check_digit`, without its copy of the payload: the sum over payload ‖ 0.
    digits[n - 1] = 0;
    digits[n - 1] = ((10 - luhn_sum(digits) % 10) % 10) as u8;
    fill_digits(o, digits)
}

/// The longest IBAN-like value served without the fallback (IBANs have at most 34 characters).
const MAX_IBAN: usize = 64;

pub(super) fn iban<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut compact = [0u8; MAX_IBAN];
    let mut n = 0;
    for b in o.bytes().filter(u8::is_ascii_alphanumeric) {
        if n == MAX_IBAN {
            return shape_preserving(o, rng);
        }
        compact[n] = b.to_ascii_uppercase();
        n += 1;
    }
    if n < 5 || !compact[0].is_ascii_alphabetic() || !compact[1].is_ascii_alphabetic() {
        return shape_preserving(o, rng);
    }
    for c in &mut compact[4..n] {
        *c = shape_char(char::from(*c), rng) as u8; // ASCII in, ASCII out
    }
    let text = |b| std::str::from_utf8(b).expect("ASCII");
    let check = iban_check_digits(text(&compact[..2]), text(&compact[4..n]));
    compact[2..4].copy_from_slice(&check.as_bytes()[..2]);
    let mut full = compact[..n].iter();
    let mut out = o.as_bytes().to_vec();
    for b in out.iter_mut().filter(|b| b.is_ascii_alphanumeric()) {
        *b = *full.next().expect("one per alphanumeric");
    }
    let lower =
        o.bytes().any(|c| c.is_ascii_lowercase()) && !o.bytes().any(|c| c.is_ascii_uppercase());
    let out = String::from_utf8(out).expect("ASCII replaced by ASCII");
    if lower { out.to_lowercase() } else { out }
}

pub(super) fn bic<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let b = o.as_bytes();
    if (b.len() != 8 && b.len() != 11) || !o.is_ascii() {
        return shape_preserving(o, rng);
    }
    let mut out = String::with_capacity(b.len());
    for _ in 0..4 {
        out.push(char::from(b'A' + rng.random_range(0..26u8)));
    }
    out.push_str(&o[4..6]); // the country stays
    for &c in &b[6..8] {
        out.push(shape_char(c as char, rng));
    }
    if b.len() == 11 {
        if &o[8..] == "XXX" {
            out.push_str("XXX"); // head office stays head office
        } else {
            for &c in &b[8..] {
                out.push(shape_char(c as char, rng));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::{assert_stay_valid, many};

    #[test]
    fn cards_pass_luhn_and_keep_grouping_and_brand() {
        for o in [
            "4111 1111 1111 1111",
            "5500-0000-0000-0004",
            "378282246310005",
            "3714 496353 98431",
        ] {
            for c in many(Kind::CreditCard, o, 100) {
                assert!(v::luhn_valid(&c), "{o} -> {c}");
                assert_eq!(c.len(), o.len());
                assert_eq!(c.chars().next(), o.chars().next());
                assert_eq!(
                    c.chars()
                        .filter(|x| !x.is_ascii_digit())
                        .collect::<String>(),
                    o.chars()
                        .filter(|x| !x.is_ascii_digit())
                        .collect::<String>()
                );
            }
        }
    }

    #[test]
    fn ibans_keep_country_spacing_and_pass_mod97() {
        for o in [
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "FR1420041010050500013M02606",
        ] {
            for i in many(Kind::Iban, o, 100) {
                assert!(v::iban_valid(&i), "{o} -> {i}");
                assert_eq!(&i[..2], &o[..2]);
                assert_eq!(i.len(), o.len());
                assert_ne!(i, o);
            }
        }
    }

    #[test]
    fn bics_stay_valid_and_keep_country() {
        assert_stay_valid(&[(Kind::Bic, "DEUTDEFF500", v::bic_valid)]);
        for s in many(Kind::Bic, "BNPAFRPPXXX", 20) {
            assert!(
                s.ends_with("FRPPXXX") || &s[4..6] == "FR" && s.ends_with("XXX"),
                "{s}"
            );
        }
    }
}
