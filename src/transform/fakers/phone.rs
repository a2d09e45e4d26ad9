//! Phone numbers (`rules/phone.toml`): the country code and the start of the national number
//! stay, punctuation and digit count stay, and the number is valid in the original's numbering
//! plan (libphonenumber) where the original was.

use super::{digit, shape_preserving};
use crate::detect::validators::{phone_plan, phone_valid_as};
use rand::Rng;

/// How many leading digits of a phone number to keep: the country code (for `+`/`00` numbers)
/// and the start of the national number (area code or mobile prefix).
fn phone_kept_digits(o: &str) -> usize {
    let t = o.trim_start();
    let intl = t.starts_with('+') || t.starts_with("00");
    if intl {
        let norm = match t.strip_prefix("00") {
            Some(r) => format!("+{r}"),
            None => t.to_string(),
        };
        let cc = phonenumber::parse(None, &norm).map_or(0, |n| n.code().value());
        let cc_len = if cc == 0 { 2 } else { cc.to_string().len() };
        let zeros = if t.starts_with("00") { 2 } else { 0 };
        // `+44 (0)20 …`: keep the trunk 0 in brackets too.
        let trunk = usize::from(t.contains("(0)"));
        // The area code of North American numbers, else the first two national digits (mobile
        // prefixes like German 15x or French 6x stay mobile).
        let national = if cc == 1 { 3 } else { 2 };
        zeros + cc_len + trunk + national
    } else {
        3 // `0151 …` keeps `015`; `(415) …` keeps the area code
    }
}

pub(super) fn phone<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let keep = phone_kept_digits(o);
    let total = o.chars().filter(char::is_ascii_digit).count();
    if total <= keep {
        return shape_preserving(o, rng);
    }
    let plan = phone_plan(o);
    let mut attempt = String::new();
    for _ in 0..30 {
        let mut seen = 0;
        attempt = o
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    seen += 1;
                    if seen <= keep {
                        c
                    } else {
                        char::from(b'0' + digit(rng))
                    }
                } else {
                    c
                }
            })
            .collect();
        if attempt != o && plan.is_none_or(|p| phone_valid_as(&attempt, p)) {
            return attempt;
        }
    }
    attempt
}

#[cfg(test)]
mod tests {
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::many;

    #[test]
    fn phones_keep_layout_and_country_and_validate() {
        for o in [
            "+44 20 7946 0958",
            "+1 (415) 692-3400",
            "+49 30 901820",
            "(415) 692-3400",
            "+33 1 42 68 53 00",
            "+44 (0)20 7946 0958",
            "(415) 692-3400 x42",
        ] {
            let mut valid = 0;
            let plan = v::phone_plan(o).expect("valid original");
            for p in many(Kind::Phone, o, 100) {
                assert_eq!(p.len(), o.len(), "{o} -> {p}");
                let shape = |s: &str| {
                    s.chars()
                        .map(|c| if c.is_ascii_digit() { 'd' } else { c })
                        .collect::<String>()
                };
                assert_eq!(shape(&p), shape(o));
                if o.starts_with('+') {
                    assert_eq!(&p[..3], &o[..3], "country code kept");
                }
                valid += usize::from(v::phone_valid_as(&p, plan));
                assert_ne!(p, o);
            }
            assert_eq!(
                valid, 100,
                "{o}: only {valid}/100 valid in the original's plan"
            );
        }
    }
}
