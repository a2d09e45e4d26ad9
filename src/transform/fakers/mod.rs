//! Format-keeping fake values, one generator per kind.
//!
//! [`fake`](fn@fake) turns an original value and a seeded generator into a realistic surrogate of the
//! same kind *and layout*: a card keeps its length, grouping and brand digits and passes Luhn;
//! an IBAN keeps its country, length and spacing with correct check digits; a phone keeps its
//! country code, punctuation and digit count and is valid per libphonenumber where possible;
//! dates keep their format. The output depends only on the original and the generator state —
//! no global state, no hash-map iteration — so the caller's keyed seeding makes it reproducible.
//! Collision handling (never equal to an original) is the caller's job; this module never
//! inspects other values.
//!
//! Layout: one file per rule family (`rules/<family>.toml` → `<family>.rs`) holds the generators
//! of that family's kinds; this file dispatches by [`Kind`] and keeps the helpers they share.
//! Word lists live in `data/*.txt` (one entry per line, sets separated by blank lines), read by
//! `entries` and `sets`. Check digits come from `crate::detect::validators`, the same code
//! that validates them. Adding a kind: a rule in `rules/<family>.toml`, a generator in
//! `<family>.rs` with its arm in [`fake`](fn@fake), and a validator.
//!
//! Every generator's draws (which `rng` calls, in which order, and the order of every data
//! file) are part of the output: changing them changes every surrogate masq writes.

mod dates;
mod demographics;
mod documents;
mod email;
mod finance;
mod health;
mod location;
mod national_id;
mod network;
mod person;
mod phone;
mod secrets;
mod vehicle;
mod work;

use crate::kind::Kind;
use crate::text::fold;
use rand::{Rng, RngExt};

/// A surrogate from a wider space than [`fake`](fn@fake)'s, for a value drawn again and again because
/// other originals of its column already own what [`fake`](fn@fake) gives it (see
/// `transform::make_unique`): a column's distinct values can outnumber a kind's plain draws
/// (a German full name comes from a few hundred given names times a few hundred family names;
/// a Spanish `Calle … 5` from 16 street names times 9 house numbers), and the value must still
/// get a surrogate of its kind, not a keyed hash. Full names gain a second given name, street
/// addresses a digit in the house number and a street type drawn among their language's, full
/// addresses that type; other kinds draw as [`fake`](fn@fake) does.
pub fn fake_wider<R: Rng + ?Sized>(kind: Kind, original: &str, rng: &mut R) -> String {
    let o = original.trim();
    match kind {
        Kind::PersonName => person::person_name_wider(o, rng),
        Kind::StreetAddress => location::street_wider(o, rng),
        Kind::Address => location::address_wider(o, rng),
        _ => fake(kind, original, rng),
    }
}

/// How many full names [`fake`](fn@fake) can draw for `original` (its locale's given times family
/// names; for tests of what happens when a column's people outnumber them).
#[cfg(test)]
pub fn plain_name_space(original: &str) -> usize {
    use rand::SeedableRng;
    let loc = person::locale_for(original, &mut rand_chacha::ChaCha8Rng::seed_from_u64(0));
    person::first_names(loc).len() * person::last_names(loc).len()
}

/// A realistic surrogate of the same kind and format as `original`.
pub fn fake<R: Rng + ?Sized>(kind: Kind, original: &str, rng: &mut R) -> String {
    let o = original.trim();
    match kind {
        // person
        Kind::PersonName => person::person_name(o, rng),
        Kind::FirstName => person::first_name(o, rng),
        Kind::LastName => person::last_name(o, rng),
        // email, phone
        Kind::Email => email::email(o, rng),
        Kind::Phone => phone::phone(o, rng),
        // finance
        Kind::CreditCard => finance::card(o, rng),
        Kind::Iban => finance::iban(o, rng),
        Kind::Bic => finance::bic(o, rng),
        // national_id
        Kind::UsSsn => national_id::ssn(o, rng),
        Kind::UkNino => national_id::uk_nino(o, rng),
        Kind::NlBsn => national_id::nl_bsn(o, rng),
        Kind::CaSin => national_id::ca_sin(o, rng),
        Kind::InAadhaar => national_id::in_aadhaar(o, rng),
        Kind::BrCpf => national_id::br_cpf(o, rng),
        Kind::EsDni => national_id::es_dni(o, rng),
        Kind::FrNir => national_id::fr_nir(o, rng),
        Kind::DeTaxId => national_id::de_tax_id(o, rng),
        Kind::ItCodiceFiscale => national_id::codice_fiscale(o, rng),
        Kind::BrCnpj => national_id::br_cnpj(o, rng),
        // network
        Kind::Ipv4 => network::ipv4(o, rng),
        Kind::Ipv6 => network::ipv6(o, rng),
        Kind::MacAddress => network::mac(o, rng),
        Kind::Url => network::url(o, rng),
        Kind::Username => network::username(o, rng),
        // dates
        Kind::DateOfBirth => dates::birth_date(o, rng),
        // location
        Kind::StreetAddress => location::street(o, rng),
        Kind::City => location::city(o, rng),
        Kind::Postcode => location::postcode(o, rng),
        Kind::Address => location::address(o, rng),
        Kind::Latitude => location::coordinate(o, 90.0, rng),
        Kind::Longitude => location::coordinate(o, 180.0, rng),
        // vehicle
        Kind::Vin => vehicle::vin(o, rng),
        Kind::LicensePlate => vehicle::license_plate(o, rng),
        // secrets
        Kind::AwsAccessKey | Kind::GithubToken => secrets::secret(o, rng),
        Kind::Jwt => secrets::jwt(o, rng),
        Kind::BtcAddress => secrets::btc(o, rng),
        Kind::EthAddress => secrets::eth(o, rng),
        Kind::PrivateKey => secrets::private_key(o, rng),
        // documents
        Kind::Passport | Kind::DriversLicense => documents::document_number(o, rng),
        Kind::IdNumber => documents::id_number(o, rng),
        // demographics, work, health
        Kind::Gender => demographics::gender(o, rng),
        Kind::Ethnicity => demographics::ethnicity(o, rng),
        Kind::JobTitle => work::job_title(o, rng),
        Kind::Organization => work::organization(o, rng),
        Kind::MedicalCondition => health::condition(o, rng),
    }
}

/// Letters become random letters (same case), digits random digits; everything else stays.
pub fn shape_preserving<R: Rng + ?Sized>(original: &str, rng: &mut R) -> String {
    original.chars().map(|c| shape_char(c, rng)).collect()
}

/// [`shape_preserving`], appended to `out`.
fn push_shape<R: Rng + ?Sized>(out: &mut String, original: &str, rng: &mut R) {
    for c in original.chars() {
        out.push(shape_char(c, rng));
    }
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

/// The first character (a region or issuing-office letter) stays; the rest keeps its shape.
fn keep_first<R: Rng + ?Sized>(o: &str, rng: &mut R) -> String {
    let mut cs = o.chars();
    let Some(first) = cs.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(o.len());
    out.push(first);
    push_shape(&mut out, cs.as_str(), rng);
    if out == o {
        out = shape_preserving(o, rng);
    }
    out
}

/// `layout` with its digits replaced, in order, by `digits` (every other character stays).
fn fill_digits(layout: &str, digits: &[u8]) -> String {
    let mut it = digits.iter();
    let mut out = layout.as_bytes().to_vec();
    for b in out.iter_mut().filter(|b| b.is_ascii_digit()) {
        *b = b'0' + it.next().copied().unwrap_or(0);
    }
    String::from_utf8(out).expect("ASCII digits replaced by ASCII digits")
}

/// `n` in decimal, appended to `out` (no formatting machinery).
fn push_number(out: &mut String, n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

/// The digits of `s` as values 0-9 in `buf`; `None` when there are more than `buf` holds.
fn digits_of<'a>(s: &str, buf: &'a mut [u8]) -> Option<&'a mut [u8]> {
    let mut n = 0;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        *buf.get_mut(n)? = b - b'0';
        n += 1;
    }
    Some(&mut buf[..n])
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

fn pick<'a, R: Rng + ?Sized>(rng: &mut R, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn digit<R: Rng + ?Sized>(rng: &mut R) -> u8 {
    rng.random_range(0..10u8)
}

/// Applies the original's case style (ALL CAPS or all lower) to a generated value.
fn case_like(original: &str, s: &str) -> String {
    match case_of(original) {
        Case::Upper => s.to_uppercase(),
        Case::Lower => s.to_lowercase(),
        Case::Mixed => s.to_string(),
    }
}

enum Case {
    /// More than one letter, all upper case.
    Upper,
    /// At least one letter, all lower case.
    Lower,
    Mixed,
}

fn case_of(original: &str) -> Case {
    let (mut letters, mut upper, mut lower) = (0, 0, 0);
    for c in original.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
        lower += usize::from(c.is_lowercase());
    }
    if letters > 1 && upper == letters {
        Case::Upper
    } else if letters > 0 && lower == letters {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// Lowercase ASCII letters only (`José` → `jose`), for email local parts.
fn ascii_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_ascii_word(&mut out, s);
    out
}

/// [`ascii_word`], appended to `out`.
fn push_ascii_word(out: &mut String, s: &str) {
    if s.is_ascii() {
        // `fold` of ASCII is lowercasing.
        out.extend(
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
    } else {
        out.extend(fold(s).chars().filter(char::is_ascii_alphanumeric));
    }
}

/// The entries of a data file (`data/*.txt`), in file order: one per line, trimmed; blank lines
/// and `#` comment lines are skipped. Generators pick from them by index, so order is part of
/// the output.
fn entries(text: &'static str) -> Vec<&'static str> {
    crate::text::list_entries(text).collect()
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

/// `n` surrogates of `o`, one per seed `0..n`.
#[cfg(test)]
fn many(kind: Kind, o: &str, n: u64) -> Vec<String> {
    use rand::SeedableRng;
    (0..n)
        .map(|s| fake(kind, o, &mut rand_chacha::ChaCha8Rng::seed_from_u64(s)))
        .collect()
}

/// A data file lists no entry twice (a repeat would be drawn twice as often).
#[cfg(test)]
fn assert_distinct(list: &[&str]) {
    let mut seen = std::collections::HashSet::new();
    assert!(
        list.iter().all(|e| seen.insert(e)),
        "repeated entry in {list:?}"
    );
}

/// A kind, an original of it and the validator its surrogates must pass.
#[cfg(test)]
type ValidityCase = (Kind, &'static str, fn(&str) -> bool);

/// For each `(kind, original, validator)`: 100 surrogates pass the validator, differ from the
/// original and keep its length (but JWTs and Bitcoin addresses, whose length varies).
#[cfg(test)]
fn assert_stay_valid(cases: &[ValidityCase]) {
    for (kind, o, valid) in cases {
        for s in many(*kind, o, 100) {
            assert!(valid(&s), "{kind}: {o} -> {s}");
            assert_ne!(&s, o);
            if !matches!(kind, Kind::Jwt | Kind::BtcAddress) {
                assert_eq!(s.len(), o.len(), "{kind}: layout kept: {o} -> {s}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn deterministic_for_the_same_seed() {
        for k in &Kind::all().collect::<Vec<_>>() {
            let a = fake(*k, "Sample 12 Value", &mut ChaCha8Rng::seed_from_u64(9));
            let b = fake(*k, "Sample 12 Value", &mut ChaCha8Rng::seed_from_u64(9));
            assert_eq!(a, b, "{k}");
        }
    }

    #[test]
    fn data_files_read_entries_and_sets_in_order() {
        let text = "# header\n\n# first\n b \na\n\n\n# comment only\n\n# second\nc\n# inside\nd\n";
        assert_eq!(entries(text), ["b", "a", "c", "d"]);
        assert_eq!(sets(text), [vec!["b", "a"], vec!["c", "d"]]);
    }
}
