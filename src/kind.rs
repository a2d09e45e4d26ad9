//! The kinds of personal data masq knows about.
//!
//! A [`Kind`] names *what* a value is (an email, a given name, …), independent of how it was
//! found (`detect`) or how it is replaced (`transform`). This module holds no logic beyond the
//! properties every stage needs to agree on; it must not grow detection or faking code.

names! {
/// A kind of personal data. Serialised in `snake_case` (`credit_card`, `us_ssn`, …), the same
/// spelling used in rule files, policies and reports.
#[derive(PartialOrd, Ord, strum::EnumIter)]
pub enum Kind {
    Email,
    Phone,
    CreditCard,
    Iban,
    UsSsn,
    Ipv4,
    Ipv6,
    MacAddress,
    Url,
    DateOfBirth,
    PersonName,
    FirstName,
    LastName,
    StreetAddress,
    City,
    Postcode,
    /// SWIFT/BIC bank identifier.
    Bic,
    /// UK National Insurance number.
    UkNino,
    /// Dutch citizen service number (11-check).
    NlBsn,
    /// Canadian social insurance number (Luhn).
    CaSin,
    /// Spanish DNI or NIE (control letter).
    EsDni,
    /// Indian Aadhaar number (Verhoeff).
    InAadhaar,
    /// Brazilian CPF (two mod-11 check digits).
    BrCpf,
    /// Vehicle identification number (check digit).
    Vin,
    /// AWS access key id.
    AwsAccessKey,
    /// GitHub token.
    GithubToken,
    /// JSON Web Token.
    Jwt,
    /// French social security number (NIR, mod-97 key).
    FrNir,
    /// German tax id (Steuer-IdNr, ISO 7064 mod 11,10).
    DeTaxId,
    /// Italian codice fiscale (check character).
    ItCodiceFiscale,
    /// Brazilian company number CNPJ (two mod-11 digits).
    BrCnpj,
    /// Bitcoin address (base58check or bech32).
    BtcAddress,
    /// Ethereum address.
    EthAddress,
    /// PEM private key block.
    PrivateKey,
    /// Passport number (header-led).
    Passport,
    /// Driver's licence number (header-led).
    DriversLicense,
    /// Vehicle licence plate (header-led).
    LicensePlate,
    /// Username or handle (header-led).
    Username,
    /// Latitude in decimal degrees (header-led).
    Latitude,
    /// Longitude in decimal degrees (header-led).
    Longitude,
    /// Gender: a sensitive quasi-identifier (header + closed value set).
    Gender,
    /// Ethnicity: a sensitive quasi-identifier (header + closed value set).
    Ethnicity,
    /// Job title or occupation (header-led, or by the LLM).
    JobTitle,
    /// Employer or other organization a person belongs to (header-led, or by the LLM).
    Organization,
    /// Diagnosis or medical condition: health data (header-led, or by the LLM).
    MedicalCondition,
    /// An identity, tax, account or customer number of no known national layout: found under
    /// a header that names it, or after a cue word in prose ("my ID number is …").
    IdNumber,
    /// A full postal address: street, number, postcode and town, on one line or several.
    Address,
}
}

impl Kind {
    /// Every kind, in declaration order (stable: recorded LLM answers depend on it).
    pub fn all() -> impl Iterator<Item = Kind> {
        <Kind as strum::IntoEnumIterator>::iter()
    }

    /// The kinds an LLM is asked to choose from when classifying a column (the closed list of
    /// its answer schema). Kinds rules settle on their own (an id number after a cue word, a
    /// full postal address) are not offered; the list stays stable so recorded answers keep
    /// answering.
    pub fn votable() -> impl Iterator<Item = Kind> {
        Kind::all().filter(|k| !matches!(k, Kind::IdNumber))
    }

    /// Parses the `snake_case` name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::all().find(|k| k.as_str() == s)
    }

    /// A person's name, whole or in part.
    pub fn is_name(self) -> bool {
        matches!(self, Kind::PersonName | Kind::FirstName | Kind::LastName)
    }

    /// Identifying kinds single a person out on their own. Their surrogates must never equal
    /// *any* original value of the kind, and the leak gate searches for their originals in every
    /// output cell. The others (a given name, a city, a birth date, …) are shared by many people:
    /// the gate checks them row by row instead.
    pub fn is_identifying(self) -> bool {
        !matches!(
            self,
            Kind::FirstName
                | Kind::LastName
                | Kind::City
                | Kind::Postcode
                | Kind::DateOfBirth
                | Kind::Gender
                | Kind::Ethnicity
                | Kind::JobTitle
                | Kind::Organization
                | Kind::MedicalCondition
        )
    }

    /// Kinds whose realistic values no rule-based generator makes well (titles, conditions,
    /// company names): with an LLM configured, their default strategy is `llm`.
    pub fn prefers_llm(self) -> bool {
        matches!(
            self,
            Kind::JobTitle | Kind::Organization | Kind::MedicalCondition
        )
    }

    /// A short description for LLM prompts (no values, just what the kind is).
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Email => "an email address",
            Kind::Phone => "a telephone number",
            Kind::CreditCard => "a payment card number",
            Kind::Iban => "an IBAN bank account number",
            Kind::UsSsn => "a US social security number",
            Kind::Ipv4 => "an IPv4 address",
            Kind::Ipv6 => "an IPv6 address",
            Kind::MacAddress => "a MAC address",
            Kind::Url => "a URL of a personal page or profile",
            Kind::DateOfBirth => "a person's date of birth",
            Kind::PersonName => "a person's full name",
            Kind::FirstName => "a person's given name",
            Kind::LastName => "a person's family name",
            Kind::StreetAddress => "a street address",
            Kind::City => "a city or town",
            Kind::Postcode => "a postal code",
            Kind::Bic => "a SWIFT/BIC bank code",
            Kind::UkNino => "a UK National Insurance number",
            Kind::NlBsn => "a Dutch citizen service number (BSN)",
            Kind::CaSin => "a Canadian social insurance number",
            Kind::EsDni => "a Spanish DNI/NIE",
            Kind::InAadhaar => "an Indian Aadhaar number",
            Kind::BrCpf => "a Brazilian CPF",
            Kind::Vin => "a vehicle identification number",
            Kind::AwsAccessKey => "an AWS access key id",
            Kind::GithubToken => "a GitHub token",
            Kind::Jwt => "a JSON Web Token",
            Kind::FrNir => "a French social security number (NIR)",
            Kind::DeTaxId => "a German tax id",
            Kind::ItCodiceFiscale => "an Italian codice fiscale",
            Kind::BrCnpj => "a Brazilian company number (CNPJ)",
            Kind::BtcAddress => "a Bitcoin address",
            Kind::EthAddress => "an Ethereum address",
            Kind::PrivateKey => "a PEM private key",
            Kind::Passport => "a passport number",
            Kind::DriversLicense => "a driver's licence number",
            Kind::LicensePlate => "a vehicle licence plate",
            Kind::Username => "a username or handle",
            Kind::Latitude => "a latitude",
            Kind::Longitude => "a longitude",
            Kind::Gender => "a person's gender",
            Kind::Ethnicity => "a person's ethnicity",
            Kind::JobTitle => "a job title or occupation",
            Kind::Organization => "an employer, company or organization name",
            Kind::MedicalCondition => "a diagnosis or medical condition",
            Kind::IdNumber => "an identity, tax, account or customer number",
            Kind::Address => "a full postal address",
        }
    }

    /// Kinds whose value rules settle a value on their own (a checksum, a registry format, a
    /// shape nothing else has): a match anywhere in the output is an identifier. The residual
    /// scan fails the gate on these; matches of the other kinds are reported only.
    pub fn is_strongly_validated(self) -> bool {
        matches!(
            self,
            Kind::Email
                | Kind::Phone
                | Kind::CreditCard
                | Kind::Iban
                | Kind::UsSsn
                | Kind::UkNino
                | Kind::NlBsn
                | Kind::CaSin
                | Kind::EsDni
                | Kind::InAadhaar
                | Kind::BrCpf
                | Kind::FrNir
                | Kind::DeTaxId
                | Kind::ItCodiceFiscale
                | Kind::BrCnpj
                | Kind::Ipv4
                | Kind::Ipv6
                | Kind::MacAddress
                | Kind::Url
                | Kind::Vin
                | Kind::BtcAddress
                | Kind::EthAddress
                | Kind::AwsAccessKey
                | Kind::GithubToken
                | Kind::Jwt
                | Kind::PrivateKey
        )
    }

    /// Kinds whose values are compared digits-only (`+1 (555) 010-0199` ≡ `15550100199`).
    pub fn is_numeric_identifier(self) -> bool {
        matches!(
            self,
            Kind::Phone
                | Kind::CreditCard
                | Kind::UsSsn
                | Kind::NlBsn
                | Kind::CaSin
                | Kind::InAadhaar
                | Kind::BrCpf
                | Kind::FrNir
                | Kind::DeTaxId
                | Kind::BrCnpj
        )
    }

    /// Sensitive quasi-identifiers: detected and reported, kept unless the policy says
    /// otherwise (they are generalized or checked for k-anonymity, not faked).
    pub fn is_quasi_identifier(self) -> bool {
        matches!(self, Kind::Gender | Kind::Ethnicity)
    }

    /// Kinds compared as compact alphanumerics (`DE89 3704 …` ≡ `de893704…`, `AB 12 34 56 C` ≡
    /// `ab123456c`).
    pub fn is_compact(self) -> bool {
        matches!(self, Kind::Iban | Kind::UkNino)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_files_reports_and_serde_are_one_spelling() {
        for k in Kind::all() {
            let serde = serde_json::to_string(&k).unwrap();
            assert_eq!(serde, format!("\"{}\"", k.as_str()));
            assert_eq!(k.to_string(), k.as_str());
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::all().count(), 47);
    }
}
