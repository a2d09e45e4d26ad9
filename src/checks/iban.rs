//! Bank account identifiers: IBAN (ISO 13616, mod-97 check digits against the registry length
//! of each country) and SWIFT BIC (ISO 9362).
//!
//! Our own code: the IBAN crates also check each country's BBAN layout, which is stricter than
//! masq's question (is this an IBAN someone could have written?) and would need updating with
//! every registry release; mod-97 with the registry lengths is what the rules mean, and the
//! fakers need [`iban_check_digits`] to build valid surrogates.

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bics() {
        assert!(bic_valid("DEUTDEFF") && bic_valid("BNPAFRPPXXX") && bic_valid("NEDSZAJJ"));
        assert!(!bic_valid("DEUTXXFF"), "XX is no country");
        assert!(!bic_valid("DEUT1EFF") && !bic_valid("DEUTDEF"));
    }
}
