//! Finance (`rules/finance.toml`): cards keep their brand digits and grouping and pass Luhn;
//! IBANs keep their country, length and spacing with valid check digits; BICs keep their
//! country (and a head-office `XXX`).

use super::{digit, fill_digits, shape_char, shape_preserving};
use crate::detect::validators::{iban_check_digits, luhn_check_digit};
use rand::{Rng, RngExt};

pub(super) fn card<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let digits: Vec<u8> = o
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let n = digits.len();
    if n < 2 {
        return shape_preserving(o, rng);
    }
    let keep = if matches!(digits[0], 3 | 5 | 6) { 2 } else { 1 };
    let mut new: Vec<u8> = digits[..keep.min(n - 1)].to_vec();
    while new.len() < n - 1 {
        new.push(digit(rng));
    }
    let check = luhn_check_digit(&new);
    new.push(check);
    fill_digits(o, new)
}

pub(super) fn iban<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let compact: Vec<char> = o
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() < 5 || !compact[0].is_ascii_alphabetic() || !compact[1].is_ascii_alphabetic() {
        return shape_preserving(o, rng);
    }
    let country: String = compact[..2].iter().collect();
    let bban: String = compact[4..].iter().map(|&c| shape_char(c, rng)).collect();
    let check = iban_check_digits(&country, &bban);
    let full: Vec<char> = format!("{country}{check}{bban}").chars().collect();
    let lower =
        o.chars().any(|c| c.is_ascii_lowercase()) && !o.chars().any(|c| c.is_ascii_uppercase());
    let mut it = full.into_iter();
    let out: String = o
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                it.next().unwrap_or('0')
            } else {
                c
            }
        })
        .collect();
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
