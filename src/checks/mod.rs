//! Checksum and encoding algorithms: the arithmetic behind `detect::validators`.
//!
//! Every function here takes a value (trimmed by the caller) and answers yes or no, or computes
//! the check digits that make a payload valid. None of them allocates more than a small buffer,
//! logs, or keeps state. The rule validators ([`crate::detect::validators::Validator`]) dispatch
//! to these, and the fakers use the check-digit helpers to build valid surrogates, so generation
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
//! - [`phone`]: phone numbers (libphonenumber metadata) and phone-shaped digit runs.
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
pub mod vin;

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
