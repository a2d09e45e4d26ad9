//! Checksum and format validators that rules name with `validator = "…"`.
//!
//! [`Validator`] is the name a rule gives; [`Validator::check`] dispatches to the algorithms in
//! [`crate::checks`] (and the dates in [`crate::dates`]). Each takes a trimmed value and answers
//! yes or no; none of them allocates more than a small buffer, logs, or keeps state. The fakers
//! use the check-digit helpers to build valid surrogates, so generation and validation cannot
//! drift apart. Every function that used to live here is re-exported under its old path.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::checks::bitcoin::{bech32_checksum, btc_address_valid};
pub use crate::checks::cards::{luhn_check_digit, luhn_valid};
pub use crate::checks::encoding::{
    base58_decode, base58_encode, base64url_decode, base64url_encode, jwt_valid, sha256d,
};
pub use crate::checks::geo::coordinate_valid;
pub use crate::checks::iban::{bic_valid, iban_check_digits, iban_length, iban_valid};
pub use crate::checks::national_id::{
    DNI_LETTERS, br_cnpj_valid, br_cpf_valid, ca_sin_valid, cnpj_check_digits,
    codice_fiscale_check, cpf_check_digits, de_tax_id_check, de_tax_id_valid, es_dni_valid,
    fr_nir_key, fr_nir_valid, in_aadhaar_valid, it_codice_fiscale_valid, nl_bsn_valid,
    uk_nino_valid, us_ssn_valid, verhoeff_check_digit,
};
pub use crate::checks::network::{email_valid, ipv4_valid, ipv6_valid, mac_valid, url_valid};
pub use crate::checks::phone::{
    PHONE_REGIONS, PhonePlan, phone_plan, phone_shape_valid, phone_valid, phone_valid_as,
    strip_extension,
};
pub use crate::checks::vin::{vin_check_char, vin_valid};

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
