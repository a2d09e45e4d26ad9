//! Checksum and format validators that rules name with `validator = "…"`.
//!
//! [`Validator`] is the name a rule gives; [`Validator::check`] dispatches to the algorithms in
//! [`crate::checks`] (and the dates in [`crate::dates`]). Each takes a trimmed value and answers
//! yes or no; none of them allocates more than a small buffer, logs, or keeps state. The fakers
//! use the check-digit helpers to build valid surrogates, so generation and validation cannot
//! drift apart. Every function that used to live here is re-exported under its old path.

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
pub use crate::dates::{
    DateFormat, birth_date_valid, birth_date_valid_on, format_date, parse_date,
};

pub use crate::checks::Validator;

impl Validator {
    /// Whether a check costs microseconds (a libphonenumber parse, an address parse) rather
    /// than a pass over the value's characters: where any of several rules settles a question,
    /// these are tried last.
    pub fn is_costly(self) -> bool {
        matches!(self, Validator::Phone | Validator::Address)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every validator dispatches to its own check: one value each that passes and one that
    /// does not (the algorithms' own tests are in `crate::checks` and `crate::dates`).
    #[test]
    fn each_validator_dispatches_to_its_check() {
        let cases: &[(Validator, &str, &str)] = &[
            (Validator::Email, "jane@example.com", "jane@localhost"),
            (Validator::Phone, "+44 20 7946 0958", "01.03.2024"),
            (
                Validator::Luhn,
                "4111 1111 1111 1111",
                "4111 1111 1111 1112",
            ),
            (
                Validator::Iban,
                "GB82WEST12345698765432",
                "GB83WEST12345698765432",
            ),
            (Validator::UsSsn, "123-45-6789", "666-45-6789"),
            (Validator::Ipv4, "192.168.1.20", "192.168.01.20"),
            (Validator::Ipv6, "2001:db8::1", "2001:db8::g"),
            (Validator::MacAddress, "00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d"),
            (Validator::Url, "https://example.org/a", "ftp://example.org"),
            (Validator::BirthDate, "1985-03-07", "1990-02-30"),
            (Validator::Bic, "DEUTDEFF", "DEUTXXFF"),
            (Validator::UkNino, "JG103759A", "QQ123456C"),
            (Validator::NlBsn, "945807302", "945807303"),
            (Validator::CaSin, "662 702 877", "662 702 878"),
            (Validator::EsDni, "16763867H", "16763867J"),
            (Validator::InAadhaar, "3335 5271 3684", "3335 5271 3685"),
            (Validator::BrCpf, "412.418.762-90", "412.418.762-91"),
            (Validator::Vin, "1HGCM82633A004352", "1HGCM82643A004352"),
            (
                Validator::Jwt,
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
                "a.b.c",
            ),
            (Validator::FrNir, "185057800608491", "185057800608492"),
            (Validator::DeTaxId, "86095742719", "86095742718"),
            (
                Validator::ItCodiceFiscale,
                "RSSMRA85T10A562S",
                "RSSMRA85T10A562T",
            ),
            (Validator::BrCnpj, "20361901000116", "20361901000117"),
            (
                Validator::BtcAddress,
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
            ),
            (Validator::Latitude, "48.8566", "91.5"),
            (Validator::Longitude, "-151.2093", "181.25"),
            (Validator::PhoneShape, "0612345678", "1111111111"),
        ];
        for &(v, yes, no) in cases {
            assert!(v.check(yes), "{} should pass {yes:?}", v.as_str());
            assert!(!v.check(no), "{} should refuse {no:?}", v.as_str());
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()), "serde name = as_str");
        }
    }
}
