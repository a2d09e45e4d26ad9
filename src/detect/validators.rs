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
        }
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
        }
    }
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

fn first_phone_plan(s: &str) -> Option<PhonePlan> {
    let t = s.trim();
    if parse_date(t).is_some() {
        return None;
    }
    let nd = t.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&nd) {
        return None;
    }
    let intl = t.strip_prefix("00").map(|rest| format!("+{rest}"));
    let t = intl.as_deref().unwrap_or(t);
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
    let t = s.trim();
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
        .filter(|c| *c != ' ')
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
pub fn ipv4_valid(s: &str) -> bool {
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

pub fn ipv6_valid(s: &str) -> bool {
    s.contains(':') && s.parse::<Ipv6Addr>().is_ok()
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
