//! Checksum and encoding algorithms: the arithmetic behind `detect::validators`.
//!
//! Every function here takes a value (trimmed by the caller) and answers yes or no, or computes
//! the check digits that make a payload valid. None of them allocates more than a small buffer,
//! logs, or keeps state. The rule validators ([`Validator`], the names rule files use) dispatch
//! to these (in `detect::validators`, which knows addresses too), and the fakers use the check-digit helpers to build valid surrogates, so generation
//! and validation cannot drift apart.
//!
//! One module per family:
//!
//! - [`cards`]: Luhn (payment cards; the Canadian SIN reuses its sum).
//! - [`iban`]: IBAN (ISO 13616 mod-97) and SWIFT BIC.
//! - [`national_id`]: national identity and tax numbers (US SSN, UK NINO, NL BSN, CA SIN, ES
//!   DNI/NIE, IN Aadhaar/Verhoeff, BR CPF/CNPJ, FR NIR, DE Steuer-ID, IT codice fiscale).
//! - [`vin`]: vehicle identification numbers.
//! - [`network`]: e-mail addresses, IPv4/IPv6, MAC addresses, http(s) URLs.
//! - [`phone`]: phone numbers (libphonenumber metadata) and phone-shaped digit runs;
//!   `phone_valid`: libphonenumber's validity test on patterns compiled once.
//! - [`encoding`]: base64url, JWTs, base58 and double SHA-256.
//! - [`bitcoin`]: Bitcoin addresses (base58check and bech32/bech32m).
//! - [`geo`]: decimal coordinates.
//!
//! Dates (formats, parsing, plausible birth dates) live in [`crate::dates`].
//!
//! Where a well-kept crate computes exactly what a check needs it is used (`bs58` for
//! base58/base58check, `bech32` for the bech32/bech32m checksums, `std::net` for IP addresses);
//! where the crates accept more or less than masq means, our own code stays, and the module says
//! why.

pub mod bitcoin;
pub mod cards;
pub mod encoding;
pub mod geo;
pub mod iban;
pub mod national_id;
pub mod network;
pub mod phone;
pub(crate) mod phone_valid;
pub mod vin;

names! {
/// The validators a rule can name.
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
}

impl Validator {
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
}

/// Digits of `s` if every other character is one of `seps`.
pub(crate) fn digits_with(s: &str, seps: &[char]) -> Option<Vec<u8>> {
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
