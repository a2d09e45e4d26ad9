//! National ID numbers (`rules/national_id.toml`): each keeps its layout and gets valid check
//! digits or letters, computed by the validators' own functions (`crate::detect::validators`)
//! wherever they expose one, so a surrogate passes the same checks as the original.

use super::{digit, digits_of, fill_digits, shape_preserving};
use crate::checks::cards::luhn_sum;
use crate::detect::validators::{
    DNI_LETTERS, cnpj_check_digits, codice_fiscale_check, cpf_check_digits, de_tax_id_check,
    fr_nir_key, verhoeff_check_digit,
};
use rand::{Rng, RngExt};

pub(super) fn ssn<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut area = rng.random_range(1..900u32);
    if area == 666 {
        area = 667;
    }
    let group = rng.random_range(1..100u32);
    let serial = rng.random_range(1..10000u32);
    let dash = o.contains('-');
    let mut out = String::with_capacity(11);
    push_padded(&mut out, area, 3);
    if dash {
        out.push('-');
    }
    push_padded(&mut out, group, 2);
    if dash {
        out.push('-');
    }
    push_padded(&mut out, serial, 4);
    out
}

/// `n` in `width` digits, zero-padded (`n` < 10^width).
fn push_padded(out: &mut String, n: u32, width: u32) {
    for p in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
    }
}

/// Dutch BSN: draws until the 11-check leaves a single digit (it does 10 times in 11). The
/// weighted sum is the one `validators::nl_bsn_valid` checks, written out here because the
/// validators expose no BSN check-digit function.
pub(super) fn nl_bsn<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    check_digits(o, rng, 9, 1, |d| {
        let s: i64 = d[..8]
            .iter()
            .enumerate()
            .map(|(i, &x)| i64::from(x) * (9 - i as i64))
            .sum();
        let c = s % 11;
        d[8] = c as u8;
        c < 10
    })
}

/// Canadian SIN: Luhn, first digit not 0 or 8.
pub(super) fn ca_sin<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    check_digits(o, rng, 9, 1, |d| {
        // `luhn_check_digit(&d[..8])`, without its copy: the sum over the payload ‖ 0.
        d[8] = 0;
        d[8] = ((10 - luhn_sum(d) % 10) % 10) as u8;
        d[0] != 0 && d[0] != 8
    })
}

/// Indian Aadhaar: Verhoeff, first digit 2 or more.
pub(super) fn in_aadhaar<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    check_digits(o, rng, 12, 1, |d| {
        d[11] = verhoeff_check_digit(&d[..11]);
        d[0] >= 2
    })
}

pub(super) fn br_cpf<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    check_digits(o, rng, 11, 2, |d| {
        let c = cpf_check_digits(&d[..9]);
        d[9..].copy_from_slice(&c);
        true
    })
}

pub(super) fn br_cnpj<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    check_digits(o, rng, 14, 2, |d| {
        let c = cnpj_check_digits(&d[..12]);
        d[12..].copy_from_slice(&c);
        true
    })
}

/// Numbers of `len` digits with trailing check digits: keeps the layout (every non-digit in
/// place) and the first digit, draws the other digits, and lets `check` overwrite the last ones
/// with the check digits of the rest (`false`: draw again). Falls back to the layout-keeping
/// draw for odd inputs.
fn check_digits<R: Rng + ?Sized>(
    o: &str,
    rng: &mut R,
    len: usize,
    n_check: usize,
    check: impl Fn(&mut [u8]) -> bool,
) -> String {
    debug_assert!(n_check < len && len <= 16);
    let mut buf = [0u8; 16];
    let first = match digits_of(o, &mut buf) {
        Some(d) if d.len() == len => d[0],
        _ => return shape_preserving(o, rng),
    };
    let d = &mut buf[..len];
    for _ in 0..50 {
        d[0] = first;
        for x in &mut d[1..] {
            *x = digit(rng);
        }
        if check(d) {
            return fill_digits(o, d);
        }
    }
    shape_preserving(o, rng)
}

pub(super) fn uk_nino<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    const FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
    const SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
    let (p1, p2) = loop {
        let p = (
            FIRST[rng.random_range(0..FIRST.len())],
            SECOND[rng.random_range(0..SECOND.len())],
        );
        if !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
            .iter()
            .any(|x| x.as_bytes() == [p.0, p.1])
        {
            break p;
        }
    };
    let mut compact = vec![p1, p2];
    for _ in 0..6 {
        compact.push(b'0' + digit(rng));
    }
    compact.push(b"ABCD"[rng.random_range(0..4usize)]);
    let mut it = compact.into_iter();
    let out: String = o
        .chars()
        .map(|c| {
            if c == ' ' {
                c
            } else {
                char::from(it.next().unwrap_or(b'A'))
            }
        })
        .collect();
    if o.chars().any(|c| c.is_ascii_lowercase()) {
        out.to_lowercase()
    } else {
        out
    }
}

pub(super) fn es_dni<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let upper = o.to_ascii_uppercase();
    let lead = upper
        .chars()
        .next()
        .filter(|c| matches!(c, 'X' | 'Y' | 'Z'));
    let n_digits = if lead.is_some() { 7 } else { 8 };
    let mut n: u64 = 0;
    let mut body = String::new();
    for i in 0..n_digits {
        let d = if i == 0 && lead.is_none() {
            rng.random_range(1..10u8)
        } else {
            digit(rng)
        };
        body.push(char::from(b'0' + d));
        n = n * 10 + u64::from(d);
    }
    let prefix = lead
        .map(|c| (c as u64 - 'X' as u64) * 10u64.pow(7))
        .unwrap_or(0);
    // The control letter as `validators::es_dni_valid` checks it (no letter function there).
    let letter = DNI_LETTERS[((prefix + n) % 23) as usize] as char;
    let sep = if o.contains('-') { "-" } else { "" };
    format!(
        "{}{body}{sep}{letter}",
        lead.map(String::from).unwrap_or_default()
    )
}

pub(super) fn fr_nir<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let compact: String = o.chars().filter(|c| *c != ' ').collect();
    if compact.len() != 15 || !compact.is_ascii() {
        return shape_preserving(o, rng);
    }
    // Sex, birth year and month (the first 5 digits) stay; birth place and order are drawn.
    let mut body: Vec<u8> = compact.as_bytes()[..5].to_vec();
    let dept = rng.random_range(1..96u32);
    body.extend(
        format!(
            "{dept:02}{:03}{:03}",
            rng.random_range(1..990u32),
            rng.random_range(1..999u32)
        )
        .bytes(),
    );
    let body = String::from_utf8(body).unwrap_or_default();
    let Some(key) = fr_nir_key(&body) else {
        return shape_preserving(o, rng);
    };
    let full = format!("{body}{key:02}");
    let mut it = full.chars();
    o.chars()
        .map(|c| {
            if c == ' ' {
                c
            } else {
                it.next().unwrap_or('0')
            }
        })
        .collect()
}

pub(super) fn de_tax_id<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    // Nine distinct digits and one of them again, first not 0, then the check digit.
    let mut pool: Vec<u8> = (0..10).collect();
    for i in (1..pool.len()).rev() {
        pool.swap(i, rng.random_range(0..=i));
    }
    let mut d: Vec<u8> = pool[..9].to_vec();
    d.push(d[rng.random_range(1..9usize)]);
    if d[0] == 0 {
        d.swap(0, 1);
    }
    d.push(de_tax_id_check(&d));
    let out: String = fill_digits(o, &d);
    if out.chars().filter(char::is_ascii_digit).count() == 11 {
        out
    } else {
        shape_preserving(o, rng)
    }
}

pub(super) fn codice_fiscale<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    if o.len() != 16 || !o.is_ascii() {
        return shape_preserving(o, rng);
    }
    let letter = |rng: &mut R| b'A' + rng.random_range(0..26u8);
    let mut b: Vec<u8> = (0..6).map(|_| letter(rng)).collect();
    b.extend(format!("{:02}", rng.random_range(0..100u32)).bytes());
    b.push(b"ABCDEHLMPRST"[rng.random_range(0..12usize)]);
    let day = rng.random_range(1..29u32) + if rng.random_bool(0.5) { 40 } else { 0 };
    b.extend(format!("{day:02}").bytes());
    b.push(letter(rng));
    b.extend(format!("{:03}", rng.random_range(1..1000u32)).bytes());
    let Some(check) = codice_fiscale_check(&b) else {
        return shape_preserving(o, rng);
    };
    b.push(check);
    let s = String::from_utf8(b).unwrap_or_default();
    if o.chars().any(|c| c.is_ascii_lowercase()) {
        s.to_lowercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::validators as v;
    use crate::kind::Kind;
    use crate::transform::fakers::{assert_stay_valid, many};

    #[test]
    fn us_ssns_validate() {
        for s in many(Kind::UsSsn, "123-45-6789", 200) {
            assert!(v::us_ssn_valid(&s), "{s}");
            assert_eq!(s.len(), 11);
        }
    }

    #[test]
    fn national_ids_stay_valid() {
        assert_stay_valid(&[
            (Kind::NlBsn, "945807302", v::nl_bsn_valid),
            (Kind::CaSin, "662 702 877", v::ca_sin_valid),
            (Kind::InAadhaar, "3335 5271 3684", v::in_aadhaar_valid),
            (Kind::BrCpf, "412.418.762-90", v::br_cpf_valid),
            (Kind::EsDni, "16763867H", v::es_dni_valid),
            (Kind::EsDni, "X4990250D", v::es_dni_valid),
            (Kind::UkNino, "AB 12 34 56 C", v::uk_nino_valid),
            (Kind::FrNir, "1 85 05 78 006 084 91", v::fr_nir_valid),
            (Kind::DeTaxId, "86095742719", v::de_tax_id_valid),
            (
                Kind::ItCodiceFiscale,
                "RSSMRA85T10A562S",
                v::it_codice_fiscale_valid,
            ),
            (Kind::BrCnpj, "50.306.067/0001-27", v::br_cnpj_valid),
        ]);
    }
}
