//! Checksum and format validators that rules name with `validator = "…"`.
//!
//! Each takes a trimmed value and answers yes or no; none of them allocates more than a small
//! buffer, logs, or keeps state. The fakers use the check-digit helpers here to build valid
//! surrogates, so generation and validation cannot drift apart.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::net::Ipv6Addr;

/// The validators a rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    Email,
    Phone,
    Luhn,
    Iban,
    UsSsn,
    Ipv4,
    Ipv6,
    MacAddress,
    Url,
    BirthDate,
    Bic,
    UkNino,
    NlBsn,
    CaSin,
    EsDni,
    InAadhaar,
    BrCpf,
    Vin,
    Jwt,
    FrNir,
    DeTaxId,
    ItCodiceFiscale,
    BrCnpj,
    BtcAddress,
    Latitude,
    Longitude,
    /// Phone-shaped: 8 to 15 digits, not one digit repeated (no numbering plan consulted).
    PhoneShape,
    /// A full postal address in one of the layouts of `detect::address`.
    Address,
}

impl Validator {
    pub fn as_str(self) -> &'static str {
        match self {
            Validator::Email => "email",
            Validator::Phone => "phone",
            Validator::Luhn => "luhn",
            Validator::Iban => "iban",
            Validator::UsSsn => "us_ssn",
            Validator::Ipv4 => "ipv4",
            Validator::Ipv6 => "ipv6",
            Validator::MacAddress => "mac_address",
            Validator::Url => "url",
            Validator::BirthDate => "birth_date",
            Validator::Bic => "bic",
            Validator::UkNino => "uk_nino",
            Validator::NlBsn => "nl_bsn",
            Validator::CaSin => "ca_sin",
            Validator::EsDni => "es_dni",
            Validator::InAadhaar => "in_aadhaar",
            Validator::BrCpf => "br_cpf",
            Validator::Vin => "vin",
            Validator::Jwt => "jwt",
            Validator::FrNir => "fr_nir",
            Validator::DeTaxId => "de_tax_id",
            Validator::ItCodiceFiscale => "it_codice_fiscale",
            Validator::BrCnpj => "br_cnpj",
            Validator::BtcAddress => "btc_address",
            Validator::Latitude => "latitude",
            Validator::Longitude => "longitude",
            Validator::PhoneShape => "phone_shape",
            Validator::Address => "address",
        }
    }

    /// Validators that compute check digits (random digits rarely pass), as opposed to ones
    /// that check ranges or formats.
    pub fn is_checksum(self) -> bool {
        matches!(
            self,
            Validator::Luhn
                | Validator::Iban
                | Validator::NlBsn
                | Validator::CaSin
                | Validator::InAadhaar
                | Validator::BrCpf
                | Validator::DeTaxId
                | Validator::FrNir
                | Validator::ItCodiceFiscale
                | Validator::BrCnpj
                | Validator::Vin
                | Validator::EsDni
        )
    }

    /// Whether a trimmed value passes.
    pub fn check(self, v: &str) -> bool {
        match self {
            Validator::Email => email_valid(v),
            Validator::Phone => phone_valid(v),
            Validator::Luhn => luhn_valid(v),
            Validator::Iban => iban_valid(v),
            Validator::UsSsn => us_ssn_valid(v),
            Validator::Ipv4 => ipv4_valid(v),
            Validator::Ipv6 => ipv6_valid(v),
            Validator::MacAddress => mac_valid(v),
            Validator::Url => url_valid(v),
            Validator::BirthDate => birth_date_valid(v),
            Validator::Bic => bic_valid(v),
            Validator::UkNino => uk_nino_valid(v),
            Validator::NlBsn => nl_bsn_valid(v),
            Validator::CaSin => ca_sin_valid(v),
            Validator::EsDni => es_dni_valid(v),
            Validator::InAadhaar => in_aadhaar_valid(v),
            Validator::BrCpf => br_cpf_valid(v),
            Validator::Vin => vin_valid(v),
            Validator::Jwt => jwt_valid(v),
            Validator::FrNir => fr_nir_valid(v),
            Validator::DeTaxId => de_tax_id_valid(v),
            Validator::ItCodiceFiscale => it_codice_fiscale_valid(v),
            Validator::BrCnpj => br_cnpj_valid(v),
            Validator::BtcAddress => btc_address_valid(v),
            Validator::Latitude => coordinate_valid(v, 90.0),
            Validator::Longitude => coordinate_valid(v, 180.0),
            Validator::PhoneShape => phone_shape_valid(v),
            Validator::Address => super::address::parse_address(v).is_some(),
        }
    }
}

/// 8 to 15 digits (E.164's range), not all one digit: a number written like a phone even where
/// no numbering plan knows it (test data, dirty exports).
pub fn phone_shape_valid(s: &str) -> bool {
    let d: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    (8..=15).contains(&d.len()) && d.iter().any(|&c| c != d[0])
}

/// RFC 5321-ish address: one `@`, a sane local part, a dotted domain with an alphabetic TLD.
pub fn email_valid(s: &str) -> bool {
    if s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    if !local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    for l in &labels {
        if l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-') {
            return false;
        }
        if !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
    }
    let tld = labels[labels.len() - 1];
    tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// Regions tried for numbers written without a `+` country code.
pub const PHONE_REGIONS: &[&str] = &["US", "GB", "DE", "FR", "ES", "IT", "NL", "PT", "BR"];

/// A phone number that libphonenumber's metadata considers valid: with its `+CC` (or `00CC`),
/// or as a national number of one of [`PHONE_REGIONS`]. Dates are never phone numbers.
pub fn phone_valid(s: &str) -> bool {
    first_phone_plan(s).is_some()
}

/// How a valid phone number was recognised: with its own `+CC`, or as a national number of a
/// region. A surrogate must be valid the same way (a US-looking number that only some other
/// country's plan accepts is not a realistic US number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhonePlan {
    International(u16),
    National(&'static str),
}

/// The plan under which `s` is a valid phone number, if any. When several national plans accept
/// it, the one whose own national layout groups the digits as `s` does wins (`01 38 97 31 36`
/// is French, `01389 73136` British), else the first in [`PHONE_REGIONS`] order.
pub fn phone_plan(s: &str) -> Option<PhonePlan> {
    let s = strip_extension(s.trim());
    let first = first_phone_plan(s)?;
    let PhonePlan::National(first_region) = first else {
        return Some(first);
    };
    let groups = digit_groups(s);
    let laid_out_as = |region: &str| {
        region
            .parse::<phonenumber::country::Id>()
            .ok()
            .and_then(|id| phonenumber::parse(Some(id), s.trim()).ok())
            .is_some_and(|n| {
                phonenumber::is_valid(&n)
                    && digit_groups(
                        &phonenumber::format(&n)
                            .mode(phonenumber::Mode::National)
                            .to_string(),
                    ) == groups
            })
    };
    if laid_out_as(first_region) {
        return Some(first);
    }
    PHONE_REGIONS
        .iter()
        .skip_while(|r| **r != first_region)
        .skip(1)
        .find(|r| laid_out_as(r))
        .map(|r| PhonePlan::National(r))
        .or(Some(first))
}

/// Lengths of the digit groups: `(415) 692-3400` → `[3, 3, 4]`.
fn digit_groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect()
}

/// The number without a trailing extension (`x123`, `ext. 12`, `extension 7`, `#45`).
pub fn strip_extension(s: &str) -> &str {
    let t = s.trim_end();
    let n = t.bytes().rev().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 6 {
        return t;
    }
    let head = t[..t.len() - n].trim_end();
    let lower = head.to_ascii_lowercase();
    for marker in ["extension", "ext.", "ext", "x", "#"] {
        if let Some(before) = lower.strip_suffix(marker) {
            let before = &head[..before.len()];
            if before.ends_with(|c: char| c.is_ascii_digit() || c == ' ' || c == ')' || c == ',') {
                return before.trim_end().trim_end_matches(',');
            }
        }
    }
    t
}

fn first_phone_plan(s: &str) -> Option<PhonePlan> {
    let t = strip_extension(s.trim());
    let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
    let t = intl.as_deref().unwrap_or(t);
    // Counted without a `00` prefix: `00123456` is six digits after an international prefix.
    let nd = t.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&nd) {
        return None;
    }
    // No country code starts with 0: `CUST-00000001` is no call to country 0.
    if t.starts_with('+') && t[1..].trim_start_matches([' ', '(']).starts_with('0') {
        return None;
    }
    if parse_date(t).is_some() {
        return None;
    }
    if t.starts_with('+') {
        return phonenumber::parse(None, t)
            .ok()
            .filter(phonenumber::is_valid)
            .map(|n| PhonePlan::International(n.code().value()));
    }
    PHONE_REGIONS
        .iter()
        .copied()
        .find(|r| phone_valid_as(t, PhonePlan::National(r)))
        .map(PhonePlan::National)
}

/// Whether `s` is a valid number under `plan`.
pub fn phone_valid_as(s: &str, plan: PhonePlan) -> bool {
    let t = strip_extension(s.trim());
    match plan {
        PhonePlan::International(cc) => {
            let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
            phonenumber::parse(None, intl.as_deref().unwrap_or(t))
                .is_ok_and(|n| n.code().value() == cc && phonenumber::is_valid(&n))
        }
        PhonePlan::National(region) => region
            .parse::<phonenumber::country::Id>()
            .ok()
            .and_then(|id| phonenumber::parse(Some(id), t).ok())
            .is_some_and(|n| phonenumber::is_valid(&n)),
    }
}

/// Luhn over the digits (spaces and dashes allowed), 13–19 digits.
pub fn luhn_valid(s: &str) -> bool {
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return false;
    }
    let d: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if !(13..=19).contains(&d.len()) {
        return false;
    }
    luhn_sum(&d).is_multiple_of(10)
}

fn luhn_sum(d: &[u8]) -> u32 {
    d.iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum()
}

/// The digit to append to `payload` (digits 0–9) so the whole passes Luhn.
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut with = payload.to_vec();
    with.push(0);
    let s = luhn_sum(&with);
    ((10 - s % 10) % 10) as u8
}

/// IBAN registry lengths per country.
pub fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "AD" => 24,
        "AE" => 23,
        "AL" => 28,
        "AT" => 20,
        "AZ" => 28,
        "BA" => 20,
        "BE" => 16,
        "BG" => 22,
        "BH" => 22,
        "BI" => 27,
        "BR" => 29,
        "BY" => 28,
        "CH" => 21,
        "CR" => 22,
        "CY" => 28,
        "CZ" => 24,
        "DE" => 22,
        "DJ" => 27,
        "DK" => 18,
        "DO" => 28,
        "EE" => 20,
        "EG" => 29,
        "ES" => 24,
        "FI" => 18,
        "FK" => 18,
        "FO" => 18,
        "FR" => 27,
        "GB" => 22,
        "GE" => 22,
        "GI" => 23,
        "GL" => 18,
        "GR" => 27,
        "GT" => 28,
        "HN" => 28,
        "HR" => 21,
        "HU" => 28,
        "IE" => 22,
        "IL" => 23,
        "IQ" => 23,
        "IS" => 26,
        "IT" => 27,
        "JO" => 30,
        "KW" => 30,
        "KZ" => 20,
        "LB" => 28,
        "LC" => 32,
        "LI" => 21,
        "LT" => 20,
        "LU" => 20,
        "LV" => 21,
        "LY" => 25,
        "MC" => 27,
        "MD" => 24,
        "ME" => 22,
        "MK" => 19,
        "MN" => 20,
        "MR" => 27,
        "MT" => 31,
        "MU" => 30,
        "NI" => 28,
        "NL" => 18,
        "NO" => 15,
        "OM" => 23,
        "PK" => 24,
        "PL" => 28,
        "PS" => 29,
        "PT" => 25,
        "QA" => 29,
        "RO" => 24,
        "RS" => 22,
        "RU" => 33,
        "SA" => 24,
        "SC" => 31,
        "SD" => 18,
        "SE" => 24,
        "SI" => 19,
        "SK" => 24,
        "SM" => 27,
        "SO" => 23,
        "ST" => 25,
        "SV" => 28,
        "TL" => 23,
        "TN" => 24,
        "TR" => 26,
        "UA" => 29,
        "VA" => 22,
        "VG" => 24,
        "XK" => 20,
        "YE" => 30,
        _ => return None,
    })
}

fn mod97(s: impl Iterator<Item = char>) -> Option<u32> {
    let mut rem: u32 = 0;
    for c in s {
        let v = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else if c.is_ascii_uppercase() {
            c as u32 - 'A' as u32 + 10
        } else {
            return None;
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    Some(rem)
}

/// ISO 13616: registry length for the country and mod-97 == 1 (spaces allowed, any case).
pub fn iban_valid(s: &str) -> bool {
    let c: String = s
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if c.len() < 15 || !c.is_ascii() {
        return false;
    }
    let (country, rest) = c.split_at(2);
    if !country.chars().all(|x| x.is_ascii_uppercase())
        || !rest[..2].chars().all(|x| x.is_ascii_digit())
    {
        return false;
    }
    if iban_length(country) != Some(c.len()) {
        return false;
    }
    let rearranged = c[4..].chars().chain(c[..4].chars());
    mod97(rearranged) == Some(1)
}

/// The two check digits for `country` + `bban` (uppercase alphanumerics).
pub fn iban_check_digits(country: &str, bban: &str) -> String {
    let rem = mod97(bban.chars().chain(country.chars()).chain("00".chars())).unwrap_or(0);
    format!("{:02}", 98 - rem)
}

/// US SSN: `ddd-dd-dddd` or 9 digits; area not 000, 666 or 9xx; group not 00; serial not 0000.
pub fn us_ssn_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let digits: String = match b.len() {
        11 if b[3] == b'-' && b[6] == b'-' => s.chars().filter(|c| *c != '-').collect(),
        9 => s.to_string(),
        _ => return false,
    };
    if digits.len() != 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let area = &digits[0..3];
    area != "000"
        && area != "666"
        && !area.starts_with('9')
        && &digits[3..5] != "00"
        && &digits[5..9] != "0000"
}

/// Dotted-quad IPv4, octets 0–255, no leading zeros.
/// A dotted quad, optionally with a CIDR prefix length (`10.42.7.0/24`).
pub fn ipv4_valid(s: &str) -> bool {
    let s = match s.split_once('/') {
        Some((a, len)) if prefix_len(len, 32) => a,
        Some(_) => return false,
        None => s,
    };
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|v| v <= 255)
        })
}

/// An IPv6 address (IPv4-mapped too), optionally with a zone id (`%eth0`) or a CIDR prefix
/// length (`/64`).
pub fn ipv6_valid(s: &str) -> bool {
    let s = match s.split_once('/') {
        Some((a, len)) if prefix_len(len, 128) => a,
        Some(_) => return false,
        None => s,
    };
    let s = match s.split_once('%') {
        Some((a, zone))
            if !zone.is_empty()
                && zone.len() <= 16
                && zone.bytes().all(|c| c.is_ascii_alphanumeric()) =>
        {
            a
        }
        Some(_) => return false,
        None => s,
    };
    s.contains(':') && s.parse::<Ipv6Addr>().is_ok()
}

fn prefix_len(s: &str, max: u8) -> bool {
    !s.is_empty() && s.len() <= 3 && s.parse::<u8>().is_ok_and(|n| n <= max)
}

/// `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` or `aabb.ccdd.eeff`.
pub fn mac_valid(s: &str) -> bool {
    let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|c| c.is_ascii_hexdigit());
    for sep in [':', '-'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 6 && parts.iter().all(|p| hex(p, 2)) {
            return true;
        }
    }
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| hex(p, 4))
}

/// http(s) URL with a dotted host, optional port, path and query; no spaces.
pub fn url_valid(s: &str) -> bool {
    let rest = if let Some(r) = s.strip_prefix("https://") {
        r
    } else if let Some(r) = s.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let hostport = &rest[..end];
    let host = match hostport.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|c| c.is_ascii_digit()) => h,
        Some(_) => return false,
        None => hostport,
    };
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Digits of `s` if every other character is one of `seps`.
fn digits_with(s: &str, seps: &[char]) -> Option<Vec<u8>> {
    let mut d = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_digit() {
            d.push(c as u8 - b'0');
        } else if !seps.contains(&c) {
            return None;
        }
    }
    Some(d)
}

/// ISO 3166 country codes that SWIFT uses in BICs (plus XK, Kosovo).
const BIC_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CD CF CG CH CI CK CL CM CN CO CR CU CV CW CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH TJ TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// SWIFT BIC: 4 letters (bank), a country code, 2 alphanumerics (location), optional 3 (branch).
pub fn bic_valid(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..4].iter().all(u8::is_ascii_uppercase)
        && b[4..6].iter().all(u8::is_ascii_uppercase)
        && BIC_COUNTRIES.split(' ').any(|c| c.as_bytes() == &b[4..6])
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; second not O; not
/// BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A–D; spaces allowed.
pub fn uk_nino_valid(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 {
        return false;
    }
    let (p1, p2) = (c[0], c[1]);
    let bad1 = b"DFIQUV";
    let bad2 = b"DFIOQUV";
    p1.is_ascii_uppercase()
        && p2.is_ascii_uppercase()
        && !bad1.contains(&p1)
        && !bad2.contains(&p2)
        && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
            .iter()
            .any(|x| x.as_bytes() == &c[..2])
        && c[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&c[8])
}

/// Dutch BSN: 9 digits, 11-check (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
pub fn nl_bsn_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', ' ', '-']) else {
        return false;
    };
    d.len() == 9 && d.iter().any(|x| *x != 0) && bsn_sum(&d) % 11 == 0
}

fn bsn_sum(d: &[u8]) -> i64 {
    d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| i64::from(x) * (9 - i as i64))
        .sum::<i64>()
        - i64::from(d[8])
}

/// Canadian SIN: 9 digits (spaces or dashes allowed), Luhn, first digit not 0 or 8.
pub fn ca_sin_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ', '-']) else {
        return false;
    };
    d.len() == 9 && d[0] != 0 && d[0] != 8 && luhn_sum(&d).is_multiple_of(10)
}

/// The Spanish DNI/NIE control letters, indexed by the number mod 23.
pub const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spanish DNI (8 digits + control letter) or NIE (X/Y/Z + 7 digits + control letter).
pub fn es_dni_valid(s: &str) -> bool {
    let c: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b'-' && *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if c.len() != 9 || !c[8].is_ascii_uppercase() {
        return false;
    }
    let lead = match c[0] {
        b'X' => Some(0),
        b'Y' => Some(1),
        b'Z' => Some(2),
        d if d.is_ascii_digit() => None,
        _ => return false,
    };
    let body = if lead.is_some() { &c[1..8] } else { &c[..8] };
    if !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut n: u64 = lead.unwrap_or(0);
    for &b in body {
        n = n * 10 + u64::from(b - b'0');
    }
    DNI_LETTERS[(n % 23) as usize] == c[8]
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit for `payload` (digits 0–9).
pub fn verhoeff_check_digit(payload: &[u8]) -> u8 {
    let mut c = 0u8;
    for (i, &x) in payload.iter().rev().enumerate() {
        c = VERHOEFF_D[c as usize][VERHOEFF_P[(i + 1) % 8][x as usize] as usize];
    }
    VERHOEFF_INV[c as usize]
}

/// Indian Aadhaar: 12 digits (grouped 4-4-4 or not), first digit 2–9, Verhoeff check digit.
pub fn in_aadhaar_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ', '-']) else {
        return false;
    };
    d.len() == 12 && d[0] >= 2 && verhoeff_check_digit(&d[..11]) == d[11]
}

/// The two CPF check digits for 9 payload digits.
pub fn cpf_check_digits(nine: &[u8]) -> [u8; 2] {
    let mut d = nine.to_vec();
    for k in [10u32, 11] {
        let sum: u32 = d
            .iter()
            .zip((2..=k).rev())
            .map(|(&x, w)| u32::from(x) * w)
            .sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r as u8 });
    }
    [d[9], d[10]]
}

/// Brazilian CPF: 11 digits (`123.456.789-09` or bare), two mod-11 check digits, not all equal.
pub fn br_cpf_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', '-', ' ']) else {
        return false;
    };
    d.len() == 11 && d.iter().any(|x| *x != d[0]) && cpf_check_digits(&d[..9]) == [d[9], d[10]]
}

fn vin_value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None, // I, O, Q are never used
    })
}

/// The VIN check character (position 9) for a 17-character VIN.
pub fn vin_check_char(vin: &[u8]) -> Option<u8> {
    const W: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    for (i, &c) in vin.iter().enumerate() {
        sum += vin_value(c)? * W[i];
    }
    let r = sum % 11;
    Some(if r == 10 { b'X' } else { b'0' + r as u8 })
}

/// Vehicle identification number: 17 characters without I, O, Q, check character in position 9.
pub fn vin_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 17
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && vin_check_char(b) == Some(b[8])
}

/// Decodes unpadded base64url; `None` on any other character.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        })
    };
    let b = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(b.len() * 3 / 4);
    for chunk in b.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        match chunk.len() {
            4 => out.extend_from_slice(&bytes),
            3 => out.extend_from_slice(&bytes[..2]),
            2 => out.push(bytes[0]),
            _ => return None,
        }
    }
    Some(out)
}

/// Encodes bytes as unpadded base64url.
pub fn base64url_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// JSON Web Token: three base64url segments, the first a JSON header naming an `alg`.
pub fn jwt_valid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts[..2].iter().all(|p| !p.is_empty())
        && base64url_decode(parts[0])
            .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
            .is_some_and(|h| h.get("alg").is_some())
        && base64url_decode(parts[1]).is_some()
        && base64url_decode(parts[2]).is_some()
}

/// The two-digit key of a French NIR for its 13-character body (Corsica `2A`/`2B` counted as
/// 19/18).
pub fn fr_nir_key(body: &str) -> Option<u8> {
    let b = body.replace("2A", "19").replace("2B", "18");
    if b.len() != 13 || !b.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u64 = b.parse().ok()?;
    Some((97 - n % 97) as u8)
}

/// French NIR (numéro de sécurité sociale): sex digit 1/2, 12 more characters, 2-digit key.
pub fn fr_nir_valid(s: &str) -> bool {
    let c: String = s.chars().filter(|c| *c != ' ').collect();
    c.len() == 15
        && matches!(c.as_bytes()[0], b'1' | b'2')
        && c[13..].bytes().all(|b| b.is_ascii_digit())
        && fr_nir_key(&c[..13]).is_some_and(|k| c[13..].parse::<u8>().ok() == Some(k))
}

/// ISO 7064 MOD 11,10 check digit of the German tax id's first ten digits.
pub fn de_tax_id_check(d10: &[u8]) -> u8 {
    let mut product = 10u32;
    for &d in d10 {
        let mut sum = (u32::from(d) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = 11 - product;
    if check == 10 { 0 } else { check as u8 }
}

/// German Steuer-IdNr: 11 digits, no leading 0, in the first ten exactly one digit occurs two
/// or three times and the others at most once, ISO 7064 check digit.
pub fn de_tax_id_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &[' ']) else {
        return false;
    };
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[x as usize] += 1;
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|c| *c > 1).collect();
    repeated.len() == 1 && matches!(repeated[0], 2 | 3) && de_tax_id_check(&d[..10]) == d[10]
}

/// The check character of an Italian codice fiscale for its first 15 characters.
pub fn codice_fiscale_check(first15: &[u8]) -> Option<u8> {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut total = 0;
    for (i, &c) in first15.iter().enumerate() {
        let idx = match c {
            b'0'..=b'9' => (c - b'0') as usize,
            b'A'..=b'Z' => (c - b'A') as usize,
            _ => return None,
        };
        total += if i % 2 == 0 { ODD[idx] } else { idx as u32 };
    }
    Some(b'A' + (total % 26) as u8)
}

/// Italian codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter + 3 digits,
/// check character.
pub fn it_codice_fiscale_valid(s: &str) -> bool {
    let b: Vec<u8> = s.bytes().map(|c| c.to_ascii_uppercase()).collect();
    b.len() == 16
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..8].iter().all(u8::is_ascii_digit)
        && b"ABCDEHLMPRST".contains(&b[8])
        && b[9..11].iter().all(u8::is_ascii_digit)
        && b[11].is_ascii_uppercase()
        && b[12..15].iter().all(u8::is_ascii_digit)
        && codice_fiscale_check(&b[..15]) == Some(b[15])
}

/// The two CNPJ check digits for 12 payload digits.
pub fn cnpj_check_digits(d12: &[u8]) -> [u8; 2] {
    const W: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let mut d = d12.to_vec();
    for start in [1usize, 0] {
        let sum: u32 = d
            .iter()
            .zip(&W[start..])
            .map(|(&x, w)| u32::from(x) * w)
            .sum();
        let r = sum % 11;
        d.push(if r < 2 { 0 } else { (11 - r) as u8 });
    }
    [d[12], d[13]]
}

/// Brazilian CNPJ: 14 digits (`12.345.678/0001-95` or bare), two mod-11 check digits.
pub fn br_cnpj_valid(s: &str) -> bool {
    let Some(d) = digits_with(s, &['.', '/', '-', ' ']) else {
        return false;
    };
    d.len() == 14 && d.iter().any(|x| *x != d[0]) && cnpj_check_digits(&d[..12]) == [d[12], d[13]]
}

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Decodes base58 (Bitcoin alphabet).
pub fn base58_decode(s: &str) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    for c in s.bytes() {
        let mut carry = BASE58.iter().position(|&a| a == c)? as u32;
        for b in out.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|&c| c == b'1').count();
    let mut v = vec![0u8; zeros];
    v.extend(out);
    Some(v)
}

/// Encodes bytes as base58 (Bitcoin alphabet).
pub fn base58_encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let mut digits: Vec<u8> = Vec::new();
    for &b in bytes {
        let mut carry = u32::from(b);
        for d in digits.iter_mut() {
            carry += u32::from(*d) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut s = "1".repeat(zeros);
    s.extend(digits.iter().rev().map(|&d| BASE58[d as usize] as char));
    s
}

/// Double SHA-256, the base58check checksum function.
pub fn sha256d(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(Sha256::digest(data)).into()
}

fn bech32_polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk = 1u32;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn hrp_expand(hrp: &str) -> Vec<u8> {
    let mut v: Vec<u8> = hrp.bytes().map(|c| c >> 5).collect();
    v.push(0);
    v.extend(hrp.bytes().map(|c| c & 31));
    v
}

/// The six bech32 (or bech32m, `m = true`) checksum characters for `hrp` and 5-bit `data`.
pub fn bech32_checksum(hrp: &str, data: &[u8], m: bool) -> String {
    let mut v = hrp_expand(hrp);
    v.extend_from_slice(data);
    v.extend_from_slice(&[0; 6]);
    let pm = bech32_polymod(&v) ^ if m { 0x2bc8_30a3 } else { 1 };
    (0..6)
        .map(|i| BECH32[((pm >> (5 * (5 - i))) & 31) as usize] as char)
        .collect()
}

/// Bitcoin address: base58check P2PKH (`1…`) / P2SH (`3…`), or bech32/bech32m (`bc1…`).
pub fn btc_address_valid(s: &str) -> bool {
    if let Some(rest) = s.to_ascii_lowercase().strip_prefix("bc1") {
        if s.chars().any(|c| c.is_ascii_lowercase()) && s.chars().any(|c| c.is_ascii_uppercase()) {
            return false;
        }
        let Some(data): Option<Vec<u8>> = rest
            .bytes()
            .map(|c| BECH32.iter().position(|&b| b == c).map(|p| p as u8))
            .collect()
        else {
            return false;
        };
        if !(14..=74).contains(&data.len()) {
            return false;
        }
        let mut v = hrp_expand("bc");
        v.extend_from_slice(&data);
        let pm = bech32_polymod(&v);
        return (data[0] == 0 && pm == 1) || (data[0] > 0 && pm == 0x2bc8_30a3);
    }
    if !(s.starts_with('1') || s.starts_with('3')) || !(25..=35).contains(&s.len()) {
        return false;
    }
    base58_decode(s).is_some_and(|d| d.len() == 25 && sha256d(&d[..21])[..4] == d[21..])
}

/// A decimal coordinate within ±`max` degrees with at least two decimals (whole degrees are
/// not a location anyone can be found at).
pub fn coordinate_valid(s: &str, max: f64) -> bool {
    let decimals = s.split_once('.').map_or(0, |(_, d)| d.len());
    decimals >= 2
        && s.parse::<f64>()
            .is_ok_and(|x| x.is_finite() && x.abs() <= max)
}

/// How a date was written, so a shifted date can be written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// 1985-03-07
    YmdDash,
    /// 1985/03/07
    YmdSlash,
    /// 07.03.1985
    DmyDot,
    /// 07/03/1985
    DmySlash,
    /// 03/07/1985
    MdySlash,
    /// 07-03-1985
    DmyDash,
}

/// Parses a date in one of the [`DateFormat`]s (no time part).
pub fn parse_date(s: &str) -> Option<(NaiveDate, DateFormat)> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let (sep1, sep2) = if b[4] == b[7] && (b[4] == b'-' || b[4] == b'/') {
        (b[4], true)
    } else if b[2] == b[5] && matches!(b[2], b'.' | b'/' | b'-') {
        (b[2], false)
    } else {
        return None;
    };
    if sep2 {
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let f = if sep1 == b'-' {
            DateFormat::YmdDash
        } else {
            DateFormat::YmdSlash
        };
        return NaiveDate::from_ymd_opt(y as i32, m, d).map(|x| (x, f));
    }
    let (a, m2, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
    match sep1 {
        b'.' => NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmyDot)),
        b'-' => NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmyDash)),
        _ => {
            if a > 12 {
                NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmySlash))
            } else {
                NaiveDate::from_ymd_opt(y as i32, a, m2)
                    .map(|x| (x, DateFormat::MdySlash))
                    .or_else(|| {
                        NaiveDate::from_ymd_opt(y as i32, m2, a).map(|x| (x, DateFormat::DmySlash))
                    })
            }
        }
    }
}

pub fn format_date(d: NaiveDate, f: DateFormat) -> String {
    let fmt = match f {
        DateFormat::YmdDash => "%Y-%m-%d",
        DateFormat::YmdSlash => "%Y/%m/%d",
        DateFormat::DmyDot => "%d.%m.%Y",
        DateFormat::DmySlash => "%d/%m/%Y",
        DateFormat::MdySlash => "%m/%d/%Y",
        DateFormat::DmyDash => "%d-%m-%Y",
    };
    d.format(fmt).to_string()
}

/// A plausible date of birth as of today.
pub fn birth_date_valid(s: &str) -> bool {
    birth_date_valid_on(s, chrono::Local::now().date_naive())
}

/// A real calendar date, no time part, not in the future, at most 120 years before `today`.
pub fn birth_date_valid_on(s: &str, today: NaiveDate) -> bool {
    parse_date(s).is_some_and(|(d, _)| d <= today && d.year() >= today.year() - 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email_valid("jane.doe+news@mail.example.co.uk"));
        assert!(!email_valid("jane..doe@example.com"));
        assert!(!email_valid("jane@localhost"));
        assert!(!email_valid("jane@example.c0m"));
        assert!(!email_valid("@example.com"));
    }

    #[test]
    fn phones_use_libphonenumber_metadata() {
        assert!(phone_valid("+44 20 7946 0958"));
        assert!(phone_valid("+49 30 901820"));
        assert!(phone_valid("(415) 692-3400"));
        assert!(phone_valid("0044 20 7946 0958"));
        assert!(!phone_valid("+1 555 0100"));
        assert!(!phone_valid("123"));
        assert!(!phone_valid("+44 00 0000 0000"));
        assert!(!phone_valid("01.03.2024"), "a date");
        assert!(phone_valid("+1 202-456-1111 ext. 123") && phone_valid("(415) 692-3400 x42"));
        assert_eq!(strip_extension("(415) 692-3400 x42"), "(415) 692-3400");
        assert_eq!(strip_extension("+49 30 901820"), "+49 30 901820");
        assert!(coordinate_valid("48.8566", 90.0) && coordinate_valid("-151.2093", 180.0));
        assert!(
            !coordinate_valid("91.5", 90.0)
                && !coordinate_valid("48", 90.0)
                && !coordinate_valid("abc", 90.0)
        );
        assert_eq!(
            phone_plan("(415) 692-3400"),
            Some(PhonePlan::National("US"))
        );
        assert_eq!(
            phone_plan("+33 1 42 68 53 00"),
            Some(PhonePlan::International(33))
        );
        assert!(
            !phone_valid_as("(415) 007-7291", PhonePlan::National("US")),
            "exchange 0xx"
        );
        assert_eq!(
            phone_plan("01 38 97 31 36"),
            Some(PhonePlan::National("FR"))
        );
    }

    #[test]
    fn luhn_and_wrong_check_digits() {
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4111 1111 1111 1112"), "one digit changed");
        assert!(!luhn_valid("4111"));
        assert_eq!(
            luhn_check_digit(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
            1
        );
    }

    #[test]
    fn ibans_and_wrong_check_digits() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(iban_valid("fr1420041010050500013m02606"));
        assert!(
            !iban_valid("DE88 3704 0044 0532 0130 00"),
            "wrong check digits"
        );
        assert!(!iban_valid("DE89 3704 0044 0532 0130 0"), "wrong length");
        assert!(
            !iban_valid("XX89 3704 0044 0532 0130 00"),
            "unknown country"
        );
        assert_eq!(iban_check_digits("DE", "370400440532013000"), "89");
    }

    #[test]
    fn ssns() {
        assert!(us_ssn_valid("123-45-6789"));
        assert!(us_ssn_valid("123456789"));
        assert!(!us_ssn_valid("666-45-6789"));
        assert!(!us_ssn_valid("000-45-6789"));
        assert!(!us_ssn_valid("912-45-6789"));
        assert!(!us_ssn_valid("123-00-6789"));
        assert!(!us_ssn_valid("123-45-0000"));
        assert!(!us_ssn_valid("123-456-789"));
    }

    #[test]
    fn network_addresses() {
        assert!(ipv4_valid("192.168.1.20"));
        assert!(!ipv4_valid("192.168.01.20"));
        assert!(!ipv4_valid("256.1.1.1"));
        assert!(!ipv4_valid("6.9.11.807"));
        assert!(ipv6_valid("2001:db8::8a2e:370:7334"));
        assert!(!ipv6_valid("2001:db8::g"));
        assert!(mac_valid("00:1a:2B:3c:4d:5e"));
        assert!(mac_valid("00-1A-2B-3C-4D-5E"));
        assert!(mac_valid("001a.2b3c.4d5e"));
        assert!(!mac_valid("00:1a-2b:3c:4d:5e"));
        assert!(url_valid("https://www.linkedin.com/in/jane-doe-1234"));
        assert!(url_valid("http://example.org:8080/a?b=c"));
        assert!(!url_valid("ftp://example.org"));
        assert!(!url_valid("https://localhost/x"));
    }

    #[test]
    fn national_ids_and_wrong_check_digits() {
        assert!(nl_bsn_valid("945807302") && nl_bsn_valid("2292.62.193"));
        assert!(!nl_bsn_valid("945807303"), "wrong 11-check");
        assert!(ca_sin_valid("662 702 877") && ca_sin_valid("601260300"));
        assert!(!ca_sin_valid("662 702 878"), "wrong Luhn digit");
        assert!(!ca_sin_valid("046 454 286"), "0 is not a SIN prefix");
        assert!(
            es_dni_valid("16763867H") && es_dni_valid("X4990250D") && es_dni_valid("12345678-Z")
        );
        assert!(!es_dni_valid("16763867J"), "wrong control letter");
        assert!(in_aadhaar_valid("3335 5271 3684") && in_aadhaar_valid("960195207651"));
        assert!(!in_aadhaar_valid("3335 5271 3685"), "wrong Verhoeff digit");
        assert!(!in_aadhaar_valid("1335 5271 3684"), "cannot start with 1");
        assert!(br_cpf_valid("412.418.762-90") && br_cpf_valid("86317521000"));
        assert!(!br_cpf_valid("412.418.762-91"), "wrong check digit");
        assert!(!br_cpf_valid("111.111.111-11"), "all equal");
        assert!(uk_nino_valid("AB 12 34 56 C") && uk_nino_valid("JG103759A"));
        assert!(
            !uk_nino_valid("QQ123456C")
                && !uk_nino_valid("GB123456A")
                && !uk_nino_valid("AB123456E")
        );
        assert!(vin_valid("1HGCM82633A004352") && vin_valid("1M8GDM9AXKP042788"));
        assert!(!vin_valid("1HGCM82643A004352"), "wrong check character");
        assert!(!vin_valid("1HGCM82633A00435I"), "I is not used");
        assert!(bic_valid("DEUTDEFF") && bic_valid("BNPAFRPPXXX") && bic_valid("NEDSZAJJ"));
        assert!(!bic_valid("DEUTXXFF"), "XX is no country");
        assert!(!bic_valid("DEUT1EFF") && !bic_valid("DEUTDEF"));
    }

    #[test]
    fn more_national_ids_and_wallets_with_wrong_check_digits() {
        assert!(fr_nir_valid("185057800608491") && fr_nir_valid("2 92 02 75 114 012 55"));
        assert!(!fr_nir_valid("185057800608492"), "wrong key");
        assert!(de_tax_id_valid("86095742719") && de_tax_id_valid("75416023841"));
        assert!(!de_tax_id_valid("86095742718"), "wrong check digit");
        assert!(!de_tax_id_valid("06095742719"), "leading zero");
        assert!(!de_tax_id_valid("12345678903"), "no repeated digit");
        assert!(
            it_codice_fiscale_valid("RSSMRA85T10A562S")
                && it_codice_fiscale_valid("bncgli90a41f205h")
        );
        assert!(
            !it_codice_fiscale_valid("RSSMRA85T10A562T"),
            "wrong check character"
        );
        assert!(br_cnpj_valid("50.306.067/0001-27") && br_cnpj_valid("20361901000116"));
        assert!(!br_cnpj_valid("50.306.067/0001-28"), "wrong check digit");
        assert!(btc_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(btc_address_valid("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(btc_address_valid(
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
        ));
        assert!(
            !btc_address_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
            "wrong checksum"
        );
        assert!(
            !btc_address_valid("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr"),
            "wrong bech32 checksum"
        );
        assert_eq!(
            base58_encode(&base58_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").unwrap()),
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
        );
    }

    #[test]
    fn jwts_and_base64url() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert!(jwt_valid(jwt));
        assert!(!jwt_valid("a.b.c"), "header is not JSON");
        assert!(!jwt_valid("6.9.11"));
        assert_eq!(
            base64url_decode(&base64url_encode(b"{\"alg\":\"none\"}")).unwrap(),
            b"{\"alg\":\"none\"}"
        );
        for n in 0..20 {
            let v: Vec<u8> = (0..n).map(|i| (i * 37) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&v)).unwrap(), v);
        }
    }

    #[test]
    fn birth_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(birth_date_valid_on("1985-03-07", today));
        assert!(birth_date_valid_on("07.03.1985", today));
        assert!(birth_date_valid_on("25/12/1990", today));
        assert!(birth_date_valid_on("12/25/1990", today));
        assert!(!birth_date_valid_on("2030-01-01", today), "future");
        assert!(!birth_date_valid_on("1899-01-01", today), "older than 120");
        assert!(!birth_date_valid_on("1990-02-30", today), "not a date");
        assert!(
            !birth_date_valid_on("1990-02-03T10:00:00Z", today),
            "has a time"
        );
        let (d, f) = parse_date("07.03.1985").unwrap();
        assert_eq!(format_date(d, f), "07.03.1985");
        let (d, f) = parse_date("12/25/1990").unwrap();
        assert_eq!(f, DateFormat::MdySlash);
        assert_eq!(format_date(d, f), "12/25/1990");
    }
}
