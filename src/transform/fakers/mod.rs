//! Format-keeping fake values, one generator per kind.
//!
//! [`fake`] turns an original value and a seeded generator into a realistic surrogate of the
//! same kind *and layout*: a card keeps its length, grouping and brand digits and passes Luhn;
//! an IBAN keeps its country, length and spacing with correct check digits; a phone keeps its
//! country code, punctuation and digit count and is valid per libphonenumber where possible;
//! dates keep their format. The output depends only on the original and the generator state —
//! no global state, no hash-map iteration — so the caller's keyed seeding makes it reproducible.
//! Collision handling (never equal to an original) is the caller's job; this module never
//! inspects other values.

use super::super::detect::validators::{
    self as v, format_date, iban_check_digits, luhn_check_digit, parse_date,
};
use crate::kind::Kind;
use crate::text::fold;
use chrono::{Datelike, Duration};
use fake::locales::{DE_DE, Data, EN, FR_FR, IT_IT, NL_NL, PT_BR};
use rand::{Rng, RngExt};
use std::sync::LazyLock;

/// The entries of a data file (`data/*.txt`), in file order: one per line, trimmed; blank lines
/// and `#` comment lines are skipped. Generators pick from them by index, so order is part of
/// the output.
fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The sets of a data file, in file order: runs of entries separated by blank lines (comment
/// lines are skipped; a run of only comments is no set).
fn sets(text: &'static str) -> Vec<Vec<&'static str>> {
    let mut out = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if out.last().is_some_and(|s| !s.is_empty()) {
                out.push(Vec::new());
            }
        } else if !line.starts_with('#') {
            out.last_mut().expect("never empty").push(line);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A realistic surrogate of the same kind and format as `original`.
pub fn fake<R: Rng + ?Sized>(kind: Kind, original: &str, rng: &mut R) -> String {
    let o = original.trim();
    match kind {
        Kind::Email => email(o, rng),
        Kind::Phone => phone(o, rng),
        Kind::CreditCard => card(o, rng),
        Kind::Iban => iban(o, rng),
        Kind::UsSsn => ssn(o, rng),
        Kind::Ipv4 => ipv4(o, rng),
        Kind::Ipv6 => ipv6(o, rng),
        Kind::MacAddress => mac(o, rng),
        Kind::Url => url(o, rng),
        Kind::DateOfBirth => birth_date(o, rng),
        Kind::PersonName => person_name(o, rng),
        Kind::FirstName => {
            let loc = locale_for(o, rng);
            case_like(o, pick(rng, first_names(loc)))
        }
        Kind::LastName => {
            let loc = locale_for(o, rng);
            case_like(o, pick(rng, last_names(loc)))
        }
        Kind::StreetAddress => street(o, rng),
        Kind::City => {
            let country = &CITIES[rng.random_range(0..CITIES.len())];
            case_like(o, pick(rng, country))
        }
        Kind::Postcode => postcode(o, rng),
        Kind::Bic => bic(o, rng),
        Kind::UkNino => uk_nino(o, rng),
        Kind::NlBsn => check_digits(
            o,
            rng,
            |d| {
                // Draw until the 11-check leaves a single digit (it does 10 times in 11).
                let s: i64 = d[..8]
                    .iter()
                    .enumerate()
                    .map(|(i, &x)| i64::from(x) * (9 - i as i64))
                    .sum();
                let c = s % 11;
                (c < 10).then_some(vec![c as u8])
            },
            9,
            1,
        ),
        Kind::CaSin => check_digits(
            o,
            rng,
            |d| {
                let first = d[0];
                (first != 0 && first != 8).then(|| vec![luhn_check_digit(&d[..8])])
            },
            9,
            1,
        ),
        Kind::InAadhaar => check_digits(
            o,
            rng,
            |d| (d[0] >= 2).then(|| vec![v::verhoeff_check_digit(&d[..11])]),
            12,
            1,
        ),
        Kind::BrCpf => check_digits(
            o,
            rng,
            |d| Some(v::cpf_check_digits(&d[..9]).to_vec()),
            11,
            2,
        ),
        Kind::EsDni => es_dni(o, rng),
        Kind::Vin => vin(o, rng),
        Kind::AwsAccessKey | Kind::GithubToken => secret(o, rng),
        Kind::Jwt => jwt(o, rng),
        Kind::FrNir => fr_nir(o, rng),
        Kind::DeTaxId => de_tax_id(o, rng),
        Kind::ItCodiceFiscale => codice_fiscale(o, rng),
        Kind::BrCnpj => check_digits(
            o,
            rng,
            |d| Some(v::cnpj_check_digits(&d[..12]).to_vec()),
            14,
            2,
        ),
        Kind::BtcAddress => btc(o, rng),
        Kind::EthAddress => match o.strip_prefix("0x") {
            Some(hex) => format!("0x{}", shape_preserving_hex(hex, rng)),
            None => shape_preserving(o, rng),
        },
        Kind::PrivateKey => private_key(o, rng),
        Kind::Passport | Kind::DriversLicense | Kind::LicensePlate => keep_first(o, rng),
        Kind::IdNumber => shape_preserving(o, rng),
        Kind::Address => {
            let r = crate::detect::address::fake_address(o, rng);
            if crate::detect::address::parse_address(o).is_some() {
                r
            } else {
                scrub_survivors(o, &r, rng)
            }
        }
        Kind::Username => username(o, rng),
        Kind::Latitude => coordinate(o, 90.0, rng),
        Kind::Longitude => coordinate(o, 180.0, rng),
        Kind::Gender => pick_other(o, &GENDERS, rng),
        Kind::Ethnicity => pick_other(o, &ETHNICITIES, rng),
        Kind::JobTitle => case_like(o, &job_title(rng)),
        Kind::Organization => case_like(o, &organization(rng)),
        Kind::MedicalCondition => case_like(o, pick(rng, &CONDITIONS)),
    }
}

/// Moves a coordinate by 0.01–0.2 degrees (about 1–20 km), keeping its number of decimals.
fn coordinate<R: Rng + ?Sized>(o: &str, max: f64, rng: &mut R) -> String {
    let Ok(x) = o.parse::<f64>() else {
        return shape_preserving(o, rng);
    };
    let decimals = o.split_once('.').map_or(0, |(_, d)| d.len());
    let mut delta = rng.random_range(0.01..0.2);
    if rng.random_bool(0.5) {
        delta = -delta;
    }
    let mut y = x + delta;
    if y.abs() > max {
        y = x - delta;
    }
    format!("{y:.decimals$}")
}

static GENDERS: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| sets(include_str!("data/genders.txt")));
static ETHNICITIES: LazyLock<Vec<Vec<&str>>> =
    LazyLock::new(|| sets(include_str!("data/ethnicities.txt")));

/// Another value from the same closed set (same language and case), or one of the first set.
fn job_title<R: Rng + ?Sized>(rng: &mut R) -> String {
    format!(
        "{} {} {}",
        pick(rng, <EN as Data>::JOB_SENIORITY),
        pick(rng, <EN as Data>::JOB_FIELD),
        pick(rng, <EN as Data>::JOB_POSITION)
    )
}

fn organization<R: Rng + ?Sized>(rng: &mut R) -> String {
    let name = pick(rng, <EN as Data>::NAME_LAST_NAME);
    if rng.random_range(0..3) == 0 {
        let other = pick(rng, <EN as Data>::NAME_LAST_NAME);
        format!(
            "{name} and {other} {}",
            pick(rng, <EN as Data>::COMPANY_SUFFIX)
        )
    } else {
        format!("{name} {}", pick(rng, <EN as Data>::COMPANY_SUFFIX))
    }
}

/// Common conditions (ICD-10 chapter headings' everyday names): realistic stand-ins for a
/// diagnosis column when no LLM writes them.
static CONDITIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/conditions.txt")));

fn pick_other<R: Rng + ?Sized>(o: &str, sets: &[Vec<&'static str>], rng: &mut R) -> String {
    let set = sets
        .iter()
        .find(|s| s.contains(&o))
        .or_else(|| {
            sets.iter()
                .find(|s| s.iter().any(|v| v.eq_ignore_ascii_case(o)))
        })
        .unwrap_or(&sets[0]);
    let others: Vec<&str> = set
        .iter()
        .copied()
        .filter(|v| !v.eq_ignore_ascii_case(o))
        .collect();
    if others.is_empty() {
        return shape_preserving(o, rng);
    }
    others[rng.random_range(0..others.len())].to_string()
}

/// Hex digits stay hex (and keep their case); other characters stay.
fn shape_preserving_hex<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    o.chars()
        .map(|c| {
            if c.is_ascii_hexdigit() {
                let h = HEX[rng.random_range(0..16usize)] as char;
                if c.is_ascii_uppercase() {
                    h.to_ascii_uppercase()
                } else {
                    h
                }
            } else {
                c
            }
        })
        .collect()
}

/// The first character (a region or issuing-office letter) stays; the rest keeps its shape.
fn keep_first<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut cs = o.chars();
    let Some(first) = cs.next() else {
        return String::new();
    };
    let mut out = format!("{first}{}", shape_preserving(cs.as_str(), rng));
    if out == o {
        out = shape_preserving(o, rng);
    }
    out
}

fn fr_nir<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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
    let Some(key) = v::fr_nir_key(&body) else {
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

fn de_tax_id<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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
    d.push(v::de_tax_id_check(&d));
    let out: String = fill_digits(o, d);
    if out.chars().filter(char::is_ascii_digit).count() == 11 {
        out
    } else {
        shape_preserving(o, rng)
    }
}

fn codice_fiscale<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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
    let Some(check) = v::codice_fiscale_check(&b) else {
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

const BECH32_CHARS: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn btc<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let lower = o.to_ascii_lowercase();
    if lower.starts_with("bc1") {
        // Same witness version and length, new program, valid checksum.
        let data_len = o.len().saturating_sub(3 + 6);
        if data_len < 2 {
            return shape_preserving(o, rng);
        }
        let version = BECH32_CHARS
            .iter()
            .position(|&b| Some(&b) == lower.as_bytes().get(3))
            .unwrap_or(0) as u8;
        let mut data = vec![version];
        data.extend((1..data_len).map(|_| rng.random_range(0..32u8)));
        let body: String = data
            .iter()
            .map(|&d| BECH32_CHARS[d as usize] as char)
            .collect();
        let s = format!("bc1{body}{}", v::bech32_checksum("bc", &data, version > 0));
        return if o.chars().any(|c| c.is_ascii_uppercase()) {
            s.to_uppercase()
        } else {
            s
        };
    }
    let version = if o.starts_with('3') { 5u8 } else { 0u8 };
    let mut payload = vec![version];
    payload.extend((0..20).map(|_| rng.random_range(0..=255u8)));
    let check = v::sha256d(&payload);
    payload.extend_from_slice(&check[..4]);
    v::base58_encode(&payload)
}

fn private_key<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    // The BEGIN/END lines stay; every base64 line of the body is drawn anew.
    o.lines()
        .map(|l| {
            if l.starts_with("-----") {
                l.to_string()
            } else {
                shape_preserving(l, rng)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn username<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = ascii_word(pick(rng, first_names(loc)));
    let last = ascii_word(pick(rng, last_names(loc)));
    let n = rng.random_range(1..10_000u32);
    let base = match rng.random_range(0..3u8) {
        0 => format!("{first}.{last}{n}"),
        1 => format!("{first}_{n}"),
        _ => format!("{}{last}{n}", first.chars().next().unwrap_or('u')),
    };
    if o.starts_with('@') {
        format!("@{base}")
    } else {
        base
    }
}

/// Numbers with trailing check digits: keeps the layout (every non-digit in place) and the first
/// digit, draws the payload, and appends the check digits `check` computes from the full digit
/// vector (`None`: draw again). Falls back to the layout-keeping draw for odd inputs.
fn check_digits<R: Rng + ?Sized>(
    o: &str,
    rng: &mut R,
    check: impl Fn(&[u8]) -> Option<Vec<u8>>,
    len: usize,
    n_check: usize,
) -> String {
    let digits: Vec<u8> = o
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if digits.len() != len {
        return shape_preserving(o, rng);
    }
    for _ in 0..50 {
        let mut d = vec![digits[0]];
        while d.len() < len {
            d.push(digit(rng));
        }
        if let Some(c) = check(&d) {
            d.truncate(len - n_check);
            d.extend(c);
            return fill_digits(o, d);
        }
    }
    shape_preserving(o, rng)
}

fn bic<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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

fn uk_nino<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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

fn es_dni<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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
    let letter = v::DNI_LETTERS[((prefix + n) % 23) as usize] as char;
    let sep = if o.contains('-') { "-" } else { "" };
    format!(
        "{}{body}{sep}{letter}",
        lead.map(String::from).unwrap_or_default()
    )
}

fn vin<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    const ALLOWED: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let b = o.as_bytes();
    if b.len() != 17 || !o.is_ascii() {
        return shape_preserving(o, rng);
    }
    // The manufacturer (1-3), model year (10) and plant (11) stay; the rest is drawn.
    let mut out: Vec<u8> = b.iter().map(|c| c.to_ascii_uppercase()).collect();
    for i in (3..8).chain(11..17) {
        out[i] = ALLOWED[rng.random_range(0..ALLOWED.len())];
    }
    out[8] = b'0';
    match v::vin_check_char(&out) {
        Some(c) => {
            out[8] = c;
            String::from_utf8(out).unwrap_or_else(|_| shape_preserving(o, rng))
        }
        None => shape_preserving(o, rng),
    }
}

/// Tokens and keys: the known prefix (`AKIA`, `ghp_`, `github_pat_`) stays, the rest is drawn
/// in the same alphabet, so the surrogate looks like a key but opens nothing.
fn secret<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let keep = [
        "github_pat_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "AKIA",
        "ASIA",
    ]
    .iter()
    .find(|p| o.starts_with(**p))
    .map_or(0, |p| p.len());
    format!("{}{}", &o[..keep], shape_preserving(&o[keep..], rng))
}

fn jwt<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let parts: Vec<&str> = o.split('.').collect();
    if parts.len() != 3 {
        return shape_preserving(o, rng);
    }
    // The header says how the token is signed, not who it is about: it stays. The claims and
    // the signature are replaced.
    let sub: String = (0..12)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect();
    let claims = format!(
        "{{\"sub\":\"{sub}\",\"iat\":{}}}",
        rng.random_range(1_500_000_000..1_800_000_000u64)
    );
    let sig: Vec<u8> = (0..32).map(|_| rng.random_range(0..=255u8)).collect();
    format!(
        "{}.{}.{}",
        parts[0],
        v::base64url_encode(claims.as_bytes()),
        v::base64url_encode(&sig)
    )
}

/// `layout` with its digits replaced, in order, by `digits` (every other character stays).
fn fill_digits(layout: &str, digits: Vec<u8>) -> String {
    let mut it = digits.into_iter();
    layout
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from(b'0' + it.next().unwrap_or(0))
            } else {
                c
            }
        })
        .collect()
}

/// Where a generator could not read every part of the original (an address in an unusual
/// layout), the words it left as they were that could identify (numbers, capitalised names)
/// are replaced by look-alikes of the same shape.
fn scrub_survivors<R: Rng + ?Sized>(original: &str, surrogate: &str, rng: &mut R) -> String {
    let kept: std::collections::HashSet<&str> = original
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| {
            w.chars().count() > 1
                && (w.chars().any(|c| c.is_ascii_digit())
                    || w.chars().next().is_some_and(char::is_uppercase))
        })
        .collect();
    if kept.is_empty() {
        return surrogate.to_string();
    }
    let mut out = String::with_capacity(surrogate.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, rng: &mut R| {
        if kept.contains(word.as_str()) {
            out.push_str(&shape_preserving(word, rng));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in surrogate.chars() {
        if c.is_whitespace() || c == ',' {
            flush(&mut word, &mut out, rng);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out, rng);
    out
}

/// Letters become random letters (same case), digits random digits; everything else stays.
pub fn shape_preserving<R: Rng + ?Sized>(original: &str, rng: &mut R) -> String {
    original.chars().map(|c| shape_char(c, rng)).collect()
}

fn shape_char<R: Rng + ?Sized>(c: char, rng: &mut R) -> char {
    if c.is_ascii_digit() {
        char::from(b'0' + rng.random_range(0..10u8))
    } else if c.is_ascii_uppercase() {
        char::from(b'A' + rng.random_range(0..26u8))
    } else if c.is_alphabetic() {
        char::from(b'a' + rng.random_range(0..26u8))
    } else {
        c
    }
}

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn digit<R: Rng + ?Sized>(rng: &mut R) -> u8 {
    rng.random_range(0..10u8)
}

/// Applies the original's case style (ALL CAPS or all lower) to a generated value.
fn case_like(original: &str, s: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        s.to_uppercase()
    } else if !letters.is_empty() && letters.iter().all(|c| c.is_lowercase()) {
        s.to_lowercase()
    } else {
        s.to_string()
    }
}

#[derive(Clone, Copy)]
enum Loc {
    En,
    De,
    Fr,
    It,
    Pt,
    Nl,
}

/// A locale that fits the original's letters where they say something, else a random one.
fn locale_for<R: Rng + ?Sized>(o: &str, rng: &mut R) -> Loc {
    let draw = rng.random_range(0..6u8);
    if o.chars()
        .any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß' | 'Ä' | 'Ö' | 'Ü'))
    {
        return Loc::De;
    }
    if o.chars()
        .any(|c| matches!(c, 'é' | 'è' | 'ê' | 'ç' | 'ë' | 'É' | 'È'))
    {
        return Loc::Fr;
    }
    if o.chars().any(|c| matches!(c, 'ã' | 'õ' | 'Ã' | 'Õ')) {
        return Loc::Pt;
    }
    [Loc::En, Loc::De, Loc::Fr, Loc::It, Loc::Pt, Loc::Nl][draw as usize]
}

fn first_names(l: Loc) -> &'static [&'static str] {
    match l {
        Loc::En => <EN as Data>::NAME_FIRST_NAME,
        Loc::De => <DE_DE as Data>::NAME_FIRST_NAME,
        Loc::Fr => <FR_FR as Data>::NAME_FIRST_NAME,
        Loc::It => <IT_IT as Data>::NAME_FIRST_NAME,
        Loc::Pt => <PT_BR as Data>::NAME_FIRST_NAME,
        Loc::Nl => <NL_NL as Data>::NAME_FIRST_NAME,
    }
}

fn last_names(l: Loc) -> &'static [&'static str] {
    match l {
        Loc::En => <EN as Data>::NAME_LAST_NAME,
        Loc::De => <DE_DE as Data>::NAME_LAST_NAME,
        Loc::Fr => <FR_FR as Data>::NAME_LAST_NAME,
        Loc::It => <IT_IT as Data>::NAME_LAST_NAME,
        Loc::Pt => <PT_BR as Data>::NAME_LAST_NAME,
        Loc::Nl => <NL_NL as Data>::NAME_LAST_NAME,
    }
}

/// Lowercase ASCII letters only (`José` → `jose`), for email local parts.
fn ascii_word(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

static EMAIL_DOMAINS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/email_domains.txt")));

fn email<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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

fn phone<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let keep = phone_kept_digits(o);
    let total = o.chars().filter(char::is_ascii_digit).count();
    if total <= keep {
        return shape_preserving(o, rng);
    }
    let plan = v::phone_plan(o);
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
        if attempt != o && plan.is_none_or(|p| v::phone_valid_as(&attempt, p)) {
            return attempt;
        }
    }
    attempt
}

fn card<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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

fn iban<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
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

fn ssn<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut area = rng.random_range(1..900u32);
    if area == 666 {
        area = 667;
    }
    let group = rng.random_range(1..100u32);
    let serial = rng.random_range(1..10000u32);
    if o.contains('-') {
        format!("{area:03}-{group:02}-{serial:04}")
    } else {
        format!("{area:03}{group:02}{serial:04}")
    }
}

/// A CIDR prefix length (`/24`) or an IPv6 zone id (`%eth0`) after an address: kept as it is.
fn ip_suffix(o: &str) -> (&str, &str) {
    match o.find(['/', '%']) {
        Some(i) => o.split_at(i),
        None => (o, ""),
    }
}

fn ipv4<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let (o, suffix) = ip_suffix(o);
    ipv4_address(o, rng) + suffix
}

fn ipv4_address<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let oct: Vec<u8> = o.split('.').filter_map(|p| p.parse().ok()).collect();
    let mut r = |lo: u8, hi: u8| rng.random_range(lo..=hi);
    match oct.as_slice() {
        [10, ..] => format!("10.{}.{}.{}", r(0, 255), r(0, 255), r(1, 254)),
        [172, b, ..] if (16..=31).contains(b) => {
            format!("172.{}.{}.{}", r(16, 31), r(0, 255), r(1, 254))
        }
        [192, 168, ..] => format!("192.168.{}.{}", r(0, 255), r(1, 254)),
        _ => loop {
            let a = r(1, 223);
            let b = r(0, 255);
            let private = matches!(a, 10 | 127)
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168)
                || (a == 169 && b == 254)
                || a == 0;
            if !private {
                break format!("{a}.{b}.{}.{}", r(0, 255), r(1, 254));
            }
        },
    }
}

fn ipv6<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let (o, suffix) = ip_suffix(o);
    ipv6_address(o, rng) + suffix
}

fn ipv6_address<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let parsed: Option<std::net::Ipv6Addr> = o.parse().ok();
    let first = parsed.map_or(0x2001, |a| a.segments()[0]);
    let mut seg = [0u16; 8];
    for s in seg.iter_mut() {
        *s = rng.random_range(0..=u16::MAX);
    }
    seg[0] = if first & 0xffc0 == 0xfe80 {
        0xfe80
    } else if first & 0xfe00 == 0xfc00 {
        0xfd00 | (seg[0] & 0x00ff)
    } else {
        0x2000 | (seg[0] & 0x1fff)
    };
    if seg[0] == 0xfe80 {
        seg[1] = 0;
        seg[2] = 0;
        seg[3] = 0;
    }
    std::net::Ipv6Addr::from(seg).to_string()
}

fn mac<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut b = [0u8; 6];
    for x in b.iter_mut() {
        *x = rng.random_range(0..=255u8);
    }
    b[0] = (b[0] & 0xfc) | 0x02; // locally administered, unicast
    let upper = o.chars().any(|c| c.is_ascii_uppercase());
    let hex: Vec<String> = b
        .iter()
        .map(|x| {
            if upper {
                format!("{x:02X}")
            } else {
                format!("{x:02x}")
            }
        })
        .collect();
    if o.contains('.') && !o.contains(':') && !o.contains('-') {
        format!(
            "{}{}.{}{}.{}{}",
            hex[0], hex[1], hex[2], hex[3], hex[4], hex[5]
        )
    } else {
        hex.join(if o.contains('-') { "-" } else { ":" })
    }
}

/// Sites whose name identifies no one: a profile on them is identified by its path.
static PLATFORMS: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/platforms.txt")));

fn url<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let Some((scheme, rest)) = o.split_once("://") else {
        return shape_preserving(o, rng);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    // A personal first label (`jane-doe.example.com`) is replaced, and so is the registrable
    // name (`www.pagliaro.it` is someone's own site) unless it is a well-known platform whose
    // profile paths carry the person (`linkedin.com/in/…`); `www` and the suffix stay.
    let mut labels: Vec<String> = host.split('.').map(str::to_string).collect();
    let n = labels.len();
    if n > 2 && labels[0] != "www" {
        labels[0] = shape_preserving(&labels[0], rng);
    }
    let second_level = ["co", "com", "org", "net", "ac", "gov", "edu"];
    let name_at = if n >= 3 && second_level.contains(&labels[n - 2].as_str()) {
        n.checked_sub(3)
    } else {
        n.checked_sub(2)
    };
    if let Some(i) = name_at
        && !PLATFORMS.contains(&labels[i].to_ascii_lowercase().as_str())
        && labels[i] != "example"
    {
        labels[i] = shape_preserving(&labels[i], rng);
    }
    let host = labels.join(".");
    let mut path = shape_preserving(path, rng);
    if path.is_empty() || path == "/" {
        path = format!("/{}", shape_preserving("aaaaaa", rng));
    }
    format!("{scheme}://{host}{path}")
}

fn birth_date<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let Some((d, f)) = parse_date(o) else {
        return shape_preserving(o, rng);
    };
    let today = chrono::Local::now().date_naive();
    let mut shift = rng.random_range(1..=400i64);
    if rng.random_bool(0.5) {
        shift = -shift;
    }
    let mut nd = d + Duration::days(shift);
    if nd > today || nd.year() < today.year() - 120 {
        nd = d - Duration::days(shift);
    }
    format_date(nd.min(today), f)
}

fn person_name<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let loc = locale_for(o, rng);
    let first = pick(rng, first_names(loc));
    let last = pick(rng, last_names(loc));
    let s = if o.contains(',') {
        format!("{last}, {first}")
    } else {
        format!("{first} {last}")
    };
    case_like(o, &s)
}

static NUMBER_FIRST_TYPES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_types_number_first.txt")));
static FRONT_TYPES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_types_front.txt")));
static GLUED_SUFFIXES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_suffixes_glued.txt")));
static ES_NAMES: LazyLock<Vec<&str>> =
    LazyLock::new(|| entries(include_str!("data/street_names_es.txt")));

fn street<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let tokens: Vec<&str> = o.split_whitespace().collect();
    let num_like = |t: &str| {
        t.trim_end_matches(',')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    };
    let new_num = |t: &str, rng: &mut R| -> String {
        let digits = t.chars().take_while(char::is_ascii_digit).count().max(1);
        let mut s = String::new();
        s.push(char::from(b'1' + rng.random_range(0..9u8)));
        for _ in 1..digits {
            s.push(char::from(b'0' + digit(rng)));
        }
        s
    };
    if tokens.len() >= 2 && num_like(tokens[0]) {
        let num = new_num(tokens[0], rng);
        let second = tokens[1].to_lowercase();
        if FRONT_TYPES.contains(&second.as_str()) {
            // `12 rue de la Paix`
            let name = pick(rng, last_names(Loc::Fr));
            return format!("{num} {} {name}", tokens[1]);
        }
        let last = tokens[tokens.len() - 1];
        let ty = if NUMBER_FIRST_TYPES.contains(&last.to_lowercase().as_str()) {
            last
        } else {
            "Street"
        };
        let name = pick(rng, last_names(Loc::En));
        return format!("{num} {name} {ty}");
    }
    if tokens.len() >= 2 && num_like(tokens[tokens.len() - 1]) {
        let num = new_num(tokens[tokens.len() - 1], rng);
        let comma = if tokens[tokens.len() - 2].ends_with(',') {
            ","
        } else {
            ""
        };
        let first = tokens[0].to_lowercase();
        if FRONT_TYPES.contains(&first.as_str()) {
            let list: &[&str] = match first.as_str() {
                "via" | "viale" | "piazza" | "corso" | "largo" => last_names(Loc::It),
                "rua" | "travessa" | "praça" | "alameda" | "avenida" => last_names(Loc::Pt),
                "calle" | "c/" | "paseo" | "plaza" | "av." => &ES_NAMES,
                _ => last_names(Loc::Fr),
            };
            return format!("{} {}{comma} {num}", tokens[0], pick(rng, list));
        }
        let body = tokens[..tokens.len() - 1].join(" ");
        let lower = body.to_lowercase();
        if let Some(sfx) = GLUED_SUFFIXES.iter().find(|s| lower.ends_with(*s)) {
            let keep = &body[body.len() - sfx.len()..];
            let loc = if [
                "straat", "laan", "plein", "gracht", "dijk", "kade", "singel",
            ]
            .contains(sfx)
            {
                Loc::Nl
            } else {
                Loc::De
            };
            let name = pick(rng, last_names(loc));
            let joiner = if lower.ends_with(&format!(" {sfx}")) {
                " "
            } else {
                ""
            };
            return format!("{name}{joiner}{keep}{comma} {num}");
        }
        return format!(
            "{} {}{comma} {num}",
            pick(rng, last_names(Loc::De)),
            "Straße"
        );
    }
    shape_preserving(o, rng)
}

static CITIES: LazyLock<Vec<Vec<&str>>> = LazyLock::new(|| sets(include_str!("data/cities.txt")));

fn postcode<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut chars = o.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.map(|c| shape_char(c, rng)).collect();
    let mut out = format!("{first}{rest}");
    if out == o {
        // Change the last digit or letter so the result always differs.
        if let Some((i, c)) = out
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_ascii_alphanumeric())
        {
            let repl = if c.is_ascii_digit() {
                char::from(b'0' + ((c as u8 - b'0' + 1) % 10))
            } else if c.is_ascii_uppercase() {
                char::from(b'A' + ((c as u8 - b'A' + 1) % 26))
            } else {
                char::from(b'a' + ((c.to_ascii_lowercase() as u8 - b'a' + 1) % 26))
            };
            out.replace_range(i..i + c.len_utf8(), &repl.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::validators::DateFormat;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn many(kind: Kind, o: &str, n: u64) -> Vec<String> {
        (0..n)
            .map(|s| fake(kind, o, &mut ChaCha8Rng::seed_from_u64(s)))
            .collect()
    }

    #[test]
    fn data_files_parse_to_their_sets_in_order() {
        assert_eq!(CITIES.len(), 9);
        assert!(CITIES.iter().all(|c| c.len() == 16));
        assert_eq!(CITIES[0][0], "Springfield");
        assert_eq!(CITIES[8][15], "Cuiabá");
        assert_eq!(GENDERS.len(), 10);
        assert!(GENDERS.iter().all(|g| g.len() == 3));
        assert_eq!(GENDERS[4], ["männlich", "weiblich", "divers"]);
        assert_eq!(ETHNICITIES.len(), 1);
        assert_eq!(ETHNICITIES[0].len(), 8);
        assert_eq!(CONDITIONS.len(), 24);
        assert_eq!(EMAIL_DOMAINS[0], "example.com");
        assert_eq!(PLATFORMS.len(), 33);
        assert_eq!(
            (
                NUMBER_FIRST_TYPES.len(),
                FRONT_TYPES.len(),
                GLUED_SUFFIXES.len(),
                ES_NAMES.len()
            ),
            (24, 22, 16, 16)
        );
        for list in [&*CONDITIONS, &*EMAIL_DOMAINS, &*PLATFORMS, &*ES_NAMES] {
            let mut seen = std::collections::HashSet::new();
            assert!(list.iter().all(|e| seen.insert(e)), "duplicate in {list:?}");
        }
    }

    #[test]
    fn deterministic_for_the_same_seed() {
        for k in Kind::ALL {
            let a = fake(*k, "Sample 12 Value", &mut ChaCha8Rng::seed_from_u64(9));
            let b = fake(*k, "Sample 12 Value", &mut ChaCha8Rng::seed_from_u64(9));
            assert_eq!(a, b, "{k}");
        }
    }

    #[test]
    fn emails_are_valid_and_on_example_domains() {
        for e in many(Kind::Email, "Jane.Doe@Gmail.com", 200) {
            assert!(v::email_valid(&e), "{e}");
            assert!(EMAIL_DOMAINS.iter().any(|d| e.ends_with(d)), "{e}");
        }
    }

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
    fn other_identifiers_validate() {
        for s in many(Kind::UsSsn, "123-45-6789", 200) {
            assert!(v::us_ssn_valid(&s), "{s}");
            assert_eq!(s.len(), 11);
        }
        for s in many(Kind::Ipv4, "192.168.1.20", 100) {
            assert!(v::ipv4_valid(&s) && s.starts_with("192.168."), "{s}");
        }
        for s in many(Kind::Ipv4, "8.8.4.4", 100) {
            assert!(v::ipv4_valid(&s), "{s}");
        }
        for s in many(Kind::Ipv6, "2001:db8::8a2e:370:7334", 100) {
            assert!(v::ipv6_valid(&s), "{s}");
        }
        for s in many(Kind::MacAddress, "00-1A-2B-3C-4D-5E", 100) {
            assert!(
                v::mac_valid(&s) && s.contains('-') && !s.chars().any(|c| c.is_ascii_lowercase()),
                "{s}"
            );
        }
        for s in many(Kind::Url, "https://www.linkedin.com/in/jane-doe-1234", 100) {
            assert!(
                v::url_valid(&s) && s.starts_with("https://www.linkedin.com/"),
                "{s}"
            );
            assert_ne!(s, "https://www.linkedin.com/in/jane-doe-1234");
        }
    }

    #[test]
    fn national_ids_vins_and_secrets_stay_valid() {
        type Case = (Kind, &'static str, fn(&str) -> bool);
        let cases: &[Case] = &[
            (Kind::NlBsn, "945807302", v::nl_bsn_valid),
            (Kind::CaSin, "662 702 877", v::ca_sin_valid),
            (Kind::InAadhaar, "3335 5271 3684", v::in_aadhaar_valid),
            (Kind::BrCpf, "412.418.762-90", v::br_cpf_valid),
            (Kind::EsDni, "16763867H", v::es_dni_valid),
            (Kind::EsDni, "X4990250D", v::es_dni_valid),
            (Kind::UkNino, "AB 12 34 56 C", v::uk_nino_valid),
            (Kind::Vin, "1HGCM82633A004352", v::vin_valid),
            (Kind::Bic, "DEUTDEFF500", v::bic_valid),
            (
                Kind::Jwt,
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                v::jwt_valid,
            ),
            (Kind::FrNir, "1 85 05 78 006 084 91", v::fr_nir_valid),
            (Kind::DeTaxId, "86095742719", v::de_tax_id_valid),
            (
                Kind::ItCodiceFiscale,
                "RSSMRA85T10A562S",
                v::it_codice_fiscale_valid,
            ),
            (Kind::BrCnpj, "50.306.067/0001-27", v::br_cnpj_valid),
            (
                Kind::BtcAddress,
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                v::btc_address_valid,
            ),
            (
                Kind::BtcAddress,
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                v::btc_address_valid,
            ),
            (
                Kind::BtcAddress,
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                v::btc_address_valid,
            ),
        ];
        for (kind, o, valid) in cases {
            for s in many(*kind, o, 100) {
                assert!(valid(&s), "{kind}: {o} -> {s}");
                assert_ne!(&s, o);
                if !matches!(kind, Kind::Jwt | Kind::BtcAddress) {
                    assert_eq!(s.len(), o.len(), "{kind}: layout kept: {o} -> {s}");
                }
            }
        }
        for s in many(Kind::Bic, "BNPAFRPPXXX", 20) {
            assert!(
                s.ends_with("FRPPXXX") || &s[4..6] == "FR" && s.ends_with("XXX"),
                "{s}"
            );
        }
        for s in many(Kind::AwsAccessKey, "AKIAIOSFODNN7EXAMPLE", 20) {
            assert!(s.starts_with("AKIA") && s.len() == 20 && s != "AKIAIOSFODNN7EXAMPLE");
        }
        for s in many(
            Kind::GithubToken,
            "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
            20,
        ) {
            assert!(s.starts_with("ghp_") && s.len() == 42);
        }
    }

    #[test]
    fn birth_dates_keep_format_and_plausibility() {
        for (o, f) in [
            ("1985-03-07", DateFormat::YmdDash),
            ("07.03.1985", DateFormat::DmyDot),
            ("25/12/1990", DateFormat::DmySlash),
        ] {
            for d in many(Kind::DateOfBirth, o, 100) {
                assert!(v::birth_date_valid(&d), "{o} -> {d}");
                assert_ne!(d, o);
                let (_, f2) = parse_date(&d).unwrap();
                if f != DateFormat::DmySlash {
                    assert_eq!(f2, f, "{o} -> {d}");
                }
            }
        }
    }

    #[test]
    fn names_addresses_cities_postcodes_keep_style() {
        for n in many(Kind::PersonName, "DOE, JANE", 50) {
            assert!(n.contains(", ") && n == n.to_uppercase(), "{n}");
        }
        for s in many(Kind::StreetAddress, "742 Evergreen Terrace", 50) {
            assert!(
                s.ends_with(" Terrace") && s.chars().next().unwrap().is_ascii_digit(),
                "{s}"
            );
        }
        for s in many(Kind::StreetAddress, "Hauptstraße 12", 50) {
            assert!(
                s.contains("straße ") && s.split(' ').next_back().unwrap().len() == 2,
                "{s}"
            );
        }
        for s in many(Kind::StreetAddress, "Via Roma 10", 50) {
            assert!(
                s.starts_with("Via ") && s.ends_with(|c: char| c.is_ascii_digit()),
                "{s}"
            );
        }
        for s in many(Kind::Postcode, "SW1A 1AA", 100) {
            assert!(s.starts_with('S') && s.len() == 8 && s != "SW1A 1AA", "{s}");
        }
        for s in many(Kind::Postcode, "10115", 100) {
            assert!(s.starts_with('1') && s.len() == 5 && s != "10115", "{s}");
        }
        assert!(
            !many(Kind::City, "PARIS", 20)
                .iter()
                .any(|c| c.chars().any(|x| x.is_lowercase()))
        );
    }
}
